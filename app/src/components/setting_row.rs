//! One of the fourteen per-profile policies: names, explanation, tri-state and options.

use fwpolicy_core::edit::Edit;
use fwpolicy_core::{ProfileKind, SettingId, SettingKind, State};
use leptos::prelude::*;

use crate::components::findings::Findings;
use crate::components::icmp_editor::IcmpEditor;
use crate::components::logging_editor::LoggingEditor;
use crate::components::scope_editor::ScopeEditor;
use crate::components::tri_state::TriState;
use crate::state::{use_app, Page};

/// A policy as GPMC shows it, bound to the root state.
#[component]
pub fn SettingRow(
    /// Which profile.
    profile: ProfileKind,
    /// Which of the fourteen policies.
    setting: SettingId,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let base = format!("{}-{}", profile.as_str(), setting.json_key());
    let heading_id = format!("{base}-h");
    let labelled = heading_id.clone();
    let state = Signal::derive(move || store.profile(profile, |p| p.state(setting)));
    let on_state = Callback::new(move |s: State| {
        let _ = dispatch.run(Edit::set_state(profile, setting, s));
    });
    let options = match setting.kind() {
        SettingKind::Plain => None,
        SettingKind::Service => {
            let value = Signal::derive(move || {
                store.profile(profile, |p| {
                    p.service(setting)
                        .map(|s| s.options.clone())
                        .unwrap_or_default()
                })
            });
            let on_change = Callback::new(move |scope: Option<fwpolicy_core::Scope>| {
                let Some(scope) = scope else { return };
                if value.get_untracked() != scope {
                    let _ = dispatch.run(Edit::SetServiceScope {
                        profile,
                        service: setting,
                        scope,
                    });
                }
            });
            Some(
                view! {
                    <p class="ports">"Opens " {setting.service_ports()}</p>
                    <ScopeEditor
                        id=format!("{base}-scope")
                        legend=format!("Scope of {}", setting.short_name())
                        value=value
                        on_change=on_change
                    />
                }
                .into_any(),
            )
        }
        SettingKind::Icmp => {
            let value = Signal::derive(move || store.profile(profile, |p| p.icmp.options));
            let on_change = Callback::new(move |options| {
                let _ = dispatch.run(Edit::SetIcmp { profile, options });
            });
            Some(view! { <IcmpEditor id=format!("{base}-icmp") options=value on_change=on_change /> }.into_any())
        }
        SettingKind::Logging => {
            let value =
                Signal::derive(move || store.profile(profile, |p| p.logging.options.clone()));
            let on_change = Callback::new(move |options| {
                let _ = dispatch.run(Edit::SetLogging { profile, options });
            });
            Some(view! { <LoggingEditor id=format!("{base}-log") options=value on_change=on_change /> }.into_any())
        }
        SettingKind::ProgramList | SettingKind::PortList => {
            let programs = setting.kind() == SettingKind::ProgramList;
            let count = move || {
                if programs {
                    store.programs(profile, |l| l.len())
                } else {
                    store.ports(profile, |l| l.len())
                }
            };
            let ui = app.ui;
            Some(
                view! {
                    <p class="list-link">
                        {move || {
                            let n = count();
                            format!(
                                "{n} {} exception{} defined. ",
                                if programs { "program" } else { "port" },
                                if n == 1 { "" } else { "s" },
                            )
                        }}
                        <a href="#exceptions" on:click:target=move |_| ui.page.set(Page::Exceptions)>
                            {if programs { "Manage program exceptions" } else { "Manage port exceptions" }}
                        </a>
                    </p>
                }
                .into_any(),
            )
        }
    };
    let problems = app.problems;
    let findings = Signal::derive(move || {
        problems.with(|p| {
            p.for_setting(profile, setting)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let is_list = matches!(
        setting.kind(),
        SettingKind::ProgramList | SettingKind::PortList
    );
    let (list_view, option_view) = if is_list {
        (options, None)
    } else {
        (None, options)
    };
    view! {
        <section class="setting" aria-labelledby=labelled class:configured=move || state.get() != State::NotConfigured>
            <div class="setting-head">
                <h3 id=heading_id>{setting.xp_name()}</h3>
                <p class="secondary">
                    <span class="visually-hidden">"Current name: "</span>
                    {setting.current_name().trim_end().to_string()}
                </p>
                <p class="summary">{setting.summary()}</p>
            </div>
            <TriState
                legend=setting.xp_name()
                name=format!("{base}-state")
                state=state
                on_change=on_state
            />
            <Findings items=findings />
            {list_view}
            {option_view.map(|options| view! {
                <div class="options" class:inactive=move || state.get() != State::Enabled>
                    <p class="help" class:hidden=move || state.get() == State::Enabled>
                        "These options are written only while the policy is Enabled; they are kept meanwhile."
                    </p>
                    {options}
                </div>
            })}
        </section>
    }
}
