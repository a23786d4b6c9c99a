//! One of the fourteen per-profile policies: names, explanation, tri-state and options.

use fwpolicy_core::model::edit::{Edit, ListKind};
use fwpolicy_core::model::setting::Direction;
use fwpolicy_core::{
    IcmpOption, IcmpOptions, LoggingOptions, ProfileKind, Scope, SettingId, SettingKind, State,
};
use leptos::prelude::*;

use crate::components::check_box::CheckBox;
use crate::components::findings::Findings;
use crate::components::scope_editor::ScopeEditor;
use crate::components::text_field::TextField;
use crate::components::tri_state::TriState;
use crate::forms;
use crate::state::{use_app, Dispatch};

/// "1 port exception defined. " / "3 program exceptions defined. ".
pub fn list_count_text(list: ListKind, n: usize) -> String {
    let noun = list.noun();
    let plural = if n == 1 { "" } else { "s" };
    format!("{n} {noun}{plural} defined. ")
}

/// What an ICMP box says besides its label: ` (type 8, inbound)`.
pub fn icmp_meta(o: IcmpOption) -> String {
    let dir = match o.direction() {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    };
    format!(" (type {}, {dir})", o.icmp_type())
}

/// A policy of a profile as GPMC shows it, bound to the root state.
#[component]
pub fn SettingRow(
    /// Which profile.
    profile: ProfileKind,
    /// Which of the fourteen policies.
    setting: SettingId,
    /// Whether the card is expanded (its explanation, findings and options shown).
    open: RwSignal<bool>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let problems = app.problems;
    let dispatch = store.dispatcher(app.ui);
    let base = format!("{}-{}", profile.as_str(), setting.json_key());
    let heading = format!("{base}-h");
    let labelled = heading.clone();
    let state = Memo::new(move |_| store.profile(profile, |p| p.state(setting)));
    let on_state = Callback::new(move |s: State| {
        let _ = dispatch.run(Edit::set_state(profile, setting, s));
    });
    let findings = Signal::derive(move || {
        problems.with(|p| {
            p.for_setting(profile, setting)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let list_link = ListKind::of_setting(setting).map(|list| {
        let count = move || store.list_len(profile, list);
        view! {
            <p class="list-link">
                {move || list_count_text(list, count())}
                <a href="#exceptions">{format!("Manage {}s", list.noun())}</a>
            </p>
        }
    });
    let options = match setting.kind() {
        SettingKind::Plain | SettingKind::ProgramList | SettingKind::PortList => None,
        SettingKind::Service => Some(
            view! { <ServiceScope profile=profile setting=setting id=format!("{base}-scope") dispatch=dispatch /> }
                .into_any(),
        ),
        SettingKind::Icmp => Some(
            view! { <IcmpEditor profile=profile id=format!("{base}-icmp") dispatch=dispatch /> }
                .into_any(),
        ),
        SettingKind::Logging => Some(
            view! { <LoggingEditor profile=profile id=format!("{base}-log") dispatch=dispatch /> }
                .into_any(),
        ),
    };
    let options = options.map(|inside| {
        view! {
            <div class="options" class:inactive=move || state.get() != State::Enabled>
                <p class="help" class:hidden=move || state.get() == State::Enabled>
                    "These options are written only while the policy is Enabled; they are kept meanwhile."
                </p>
                {inside}
            </div>
        }
    });
    let body_id = format!("{base}-body");
    let controls = body_id.clone();
    let note_open = RwSignal::new(false);
    let note_id = format!("{base}-unconfirmed");
    let unconfirmed = setting.unconfirmed().map(|note| {
        let note_controls = note_id.clone();
        view! {
            <button
                type="button"
                class="info-toggle"
                aria-expanded=move || if note_open.get() { "true" } else { "false" }
                aria-controls=note_controls
                on:click=move |_| note_open.update(|o| *o = !*o)
            >
                "ⓘ Unconfirmed facts"
            </button>
            <p class="unconfirmed" id=note_id hidden=move || !note_open.get()>{note}</p>
        }
    });
    view! {
        <section
            class="setting"
            class:configured=move || state.get() != State::NotConfigured
            class:collapsed=move || !open.get()
            aria-labelledby=labelled
        >
            <div class="setting-head">
                <h3 id=heading tabindex="-1">
                    <button
                        type="button"
                        class="disclosure"
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        aria-controls=controls
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        <span class="disclosure-mark" aria-hidden="true">
                            {move || if open.get() { "▾" } else { "▸" }}
                        </span>
                        {setting.xp_name()}
                    </button>
                </h3>
            </div>
            <TriState legend=setting.xp_name() name=format!("{base}-state") state=state on_change=on_state />
            <div class="setting-body" id=body_id hidden=move || !open.get()>
                <p class="secondary">
                    <span class="visually-hidden">"Current name: "</span>
                    {setting.current_name().trim_end().to_string()}
                </p>
                <p class="summary">{setting.summary()}</p>
                {unconfirmed}
                <Findings items=findings />
                {list_link}
                {options}
            </div>
        </section>
    }
}

/// The scope of a service policy (file and print, remote admin, Remote Desktop, UPnP).
#[component]
fn ServiceScope(
    /// Which profile.
    profile: ProfileKind,
    /// Which service policy.
    setting: SettingId,
    /// Id prefix of the editor.
    id: String,
    /// Applies the scope edit.
    dispatch: Dispatch,
) -> impl IntoView {
    let store = use_app().store;
    let value = Signal::derive(move || {
        store.profile(profile, |p| {
            p.service(setting)
                .map(|s| s.options.clone())
                .unwrap_or_default()
        })
    });
    let on_change = Callback::new(move |scope: Option<Scope>| {
        let Some(scope) = scope else { return };
        if value.get_untracked() != scope {
            let _ = dispatch.run(Edit::SetServiceScope {
                profile,
                service: setting,
                scope,
            });
        }
    });
    view! {
        <p class="ports">"Opens " {setting.service_ports()}</p>
        <ScopeEditor id=id legend=format!("Scope of {}", setting.short_name()) value=value on_change=on_change />
    }
}

/// The ten ICMP check boxes, each with its ICMP type and direction.
#[component]
fn IcmpEditor(
    /// Which profile.
    profile: ProfileKind,
    /// Id prefix of the boxes.
    id: String,
    /// Applies the ICMP edit.
    dispatch: Dispatch,
) -> impl IntoView {
    let store = use_app().store;
    let options: Memo<IcmpOptions> = Memo::new(move |_| store.profile(profile, |p| p.icmp.options));
    let boxes = IcmpOption::ALL
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        id=format!("{id}-{i}")
                        prop:checked=move || options.get().get(o)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let _ = dispatch.run(Edit::SetIcmp {
                                profile,
                                options: options.get_untracked().with(o, on),
                            });
                        }
                    />
                    {o.label()}
                    <span class="meta">{icmp_meta(o)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="icmp">
            <legend>"ICMP messages allowed"</legend>
            <div class="checks">{boxes}</div>
        </fieldset>
    }
}

/// The logging options: two boxes and the file's path and size, checked as typed and applied
/// when the field is left.
#[component]
fn LoggingEditor(
    /// Which profile.
    profile: ProfileKind,
    /// Id prefix of the fields.
    id: String,
    /// Applies the logging edit.
    dispatch: Dispatch,
) -> impl IntoView {
    let store = use_app().store;
    let options: Memo<LoggingOptions> =
        Memo::new(move |_| store.profile(profile, |p| p.logging.options.clone()));
    let set = move |f: &dyn Fn(&mut LoggingOptions)| {
        let mut o = options.get_untracked();
        f(&mut o);
        let _ = dispatch.run(Edit::SetLogging {
            profile,
            options: o,
        });
    };
    let path_draft: RwSignal<Option<String>> = RwSignal::new(None);
    let size_draft: RwSignal<Option<String>> = RwSignal::new(None);
    let path_value = Signal::derive(move || {
        path_draft
            .get()
            .unwrap_or_else(|| options.with(|o| o.path.clone()))
    });
    let size_value = Signal::derive(move || {
        size_draft
            .get()
            .unwrap_or_else(|| options.with(|o| o.size_kb.to_string()))
    });
    let path_msgs = Signal::derive(move || {
        path_draft.with(|d| {
            d.as_deref()
                .map(|t| forms::log_path(t).messages)
                .unwrap_or_default()
        })
    });
    let size_msgs = Signal::derive(move || {
        size_draft.with(|d| {
            d.as_deref()
                .map(|t| forms::log_size(t).messages)
                .unwrap_or_default()
        })
    });
    let commit_path = Callback::new(move |()| {
        let Some(v) = path_draft
            .get_untracked()
            .and_then(|t| forms::log_path(&t).value)
        else {
            return;
        };
        set(&|o| o.path = v.clone());
        path_draft.set(None);
    });
    let commit_size = Callback::new(move |()| {
        let Some(v) = size_draft
            .get_untracked()
            .and_then(|t| forms::log_size(&t).value)
        else {
            return;
        };
        set(&|o| o.size_kb = v);
        size_draft.set(None);
    });
    view! {
        <fieldset class="logging">
            <legend>"Logging options"</legend>
            <CheckBox
                label="Log dropped packets"
                id=format!("{id}-0")
                checked=Signal::derive(move || options.with(|o| o.log_dropped))
                on_toggle=Callback::new(move |on| set(&|o| o.log_dropped = on))
            />
            <CheckBox
                label="Log successful connections"
                id=format!("{id}-1")
                checked=Signal::derive(move || options.with(|o| o.log_successful))
                on_toggle=Callback::new(move |on| set(&|o| o.log_successful = on))
            />
            <TextField
                id=format!("{id}-path")
                label="Log file path and name"
                input_class="wide"
                value=path_value
                messages=path_msgs
                on_input=Callback::new(move |t| path_draft.set(Some(t)))
                on_commit=commit_path
            />
            <TextField
                id=format!("{id}-size")
                label="Size limit (KB, 128–32767)"
                kind="number"
                value=size_value
                messages=size_msgs
                on_input=Callback::new(move |t| size_draft.set(Some(t)))
                on_commit=commit_size
            />
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_counts_and_icmp_boxes_are_worded() {
        assert_eq!(
            list_count_text(ListKind::Ports, 1),
            "1 port exception defined. "
        );
        assert_eq!(
            list_count_text(ListKind::Programs, 3),
            "3 program exceptions defined. "
        );
        let meta = icmp_meta(IcmpOption::ALL[0]);
        assert!(meta.starts_with(&format!(" (type {}, ", IcmpOption::ALL[0].icmp_type())));
    }
}
