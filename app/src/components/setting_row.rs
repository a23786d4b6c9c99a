//! One of the fourteen per-profile policies: names, explanation, tri-state and options.
//!
//! The read-only parts and the radio buttons and check boxes are markup
//! ([`setting_markup`], [`icmp_markup`], [`logging_boxes_markup`]) in live regions, read by
//! one delegated `change` listener on the row; only the text fields are Leptos views.

use fwpolicy_core::edit::Edit;
use fwpolicy_core::setting::Direction;
use fwpolicy_core::{
    Diagnostic, IcmpOption, IcmpOptions, LoggingOptions, ProfileKind, SettingId, SettingKind, State,
};
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::components::findings::findings_markup;
use crate::components::scope_editor::ScopeEditor;
use crate::components::tri_state::tristate_markup;
use crate::dom;
use crate::forms;
use crate::html::{action_of, Choices, Markup};
use crate::state::{use_app, Dispatch};

/// The head of a setting (its XP and current names and what it does), its tri-state group,
/// the lint findings about it and, for the two lists, how many exceptions they hold with a
/// link to them. `base` is the row's id prefix (`domain-logging`).
pub fn setting_markup(
    base: &str,
    setting: SettingId,
    state: State,
    findings: &[&Diagnostic],
    list_len: usize,
) -> String {
    let mut m = Markup::new();
    let h = format!("{base}-h");
    m.open("div", &[("class", "setting-head")])
        .leaf("h3", &[("id", &h)], &setting.xp_name())
        .open("p", &[("class", "secondary")])
        .leaf("span", &[("class", "visually-hidden")], "Current name: ")
        .text(setting.current_name().trim_end())
        .close("p")
        .leaf("p", &[("class", "summary")], setting.summary())
        .close("div");
    m.open("fieldset", &[("class", "tristate")]);
    let inside = tristate_markup(&setting.xp_name(), &format!("{base}-state"), state);
    m.markup(&inside);
    m.close("fieldset");
    findings_markup(&mut m, findings.iter().copied(), false);
    let list = match setting.kind() {
        SettingKind::ProgramList => Some("program"),
        SettingKind::PortList => Some("port"),
        _ => None,
    };
    if let Some(what) = list {
        let plural = if list_len == 1 { "" } else { "s" };
        m.open("p", &[("class", "list-link")])
            .text(&format!("{list_len} {what} exception{plural} defined. "))
            .leaf(
                "a",
                &[("href", "#exceptions")],
                &format!("Manage {what} exceptions"),
            )
            .close("p");
    }
    m.finish()
}

/// The ten ICMP check boxes (`data-act="icmp"`, `data-i` = position in [`IcmpOption::ALL`]),
/// each with its ICMP type and direction.
pub fn icmp_markup(id: &str, options: &IcmpOptions) -> String {
    let mut m = Markup::new();
    m.open("fieldset", &[("class", "icmp")])
        .leaf("legend", &[], "ICMP messages allowed")
        .open("div", &[("class", "checks")]);
    let items: Vec<(&str, bool, String)> = IcmpOption::ALL
        .iter()
        .map(|o| {
            let dir = match o.direction() {
                Direction::Inbound => "inbound",
                Direction::Outbound => "outbound",
            };
            (
                o.label(),
                options.get(*o),
                format!(" (type {}, {dir})", o.icmp_type()),
            )
        })
        .collect();
    Choices {
        kind: "checkbox",
        name: "",
        id,
        act: "icmp",
        class: "check",
        mark_on: false,
    }
    .write(&mut m, &items);
    m.close("div").close("fieldset");
    m.finish()
}

/// The two logging check boxes (`data-act="log"`, `data-i` 0 = dropped, 1 = successful).
pub fn logging_boxes_markup(id: &str, options: &LoggingOptions) -> String {
    let mut m = Markup::new();
    Choices {
        kind: "checkbox",
        name: "",
        id,
        act: "log",
        class: "check",
        mark_on: false,
    }
    .write(
        &mut m,
        &[
            ("Log dropped packets", options.log_dropped, String::new()),
            (
                "Log successful connections",
                options.log_successful,
                String::new(),
            ),
        ],
    );
    m.finish()
}

/// A text field of the logging options: checked as you type, applied when left (or Enter).
fn log_field(profile: ProfileKind, dispatch: Dispatch, id: String, size: bool) -> impl IntoView {
    let store = use_app().store;
    let draft: RwSignal<Option<String>> = RwSignal::new(None);
    let msgs = Signal::derive(move || {
        draft.with(|d| match (d, size) {
            (Some(t), false) => forms::log_path(t).messages,
            (Some(t), true) => forms::log_size(t).messages,
            (None, _) => Vec::new(),
        })
    });
    let msg_id = format!("{id}-msg");
    let current = move || {
        store.profile(profile, |p| {
            let o = &p.logging.options;
            if size {
                o.size_kb.to_string()
            } else {
                o.path.clone()
            }
        })
    };
    let commit = move || {
        let Some(text) = draft.get_untracked() else {
            return;
        };
        let mut o = store.peek(|p| p.profile(profile).logging.options.clone());
        if size {
            let Some(v) = forms::log_size(&text).value else {
                return;
            };
            o.size_kb = v;
        } else {
            let Some(v) = forms::log_path(&text).value else {
                return;
            };
            o.path = v;
        }
        let _ = dispatch.run(Edit::SetLogging {
            profile,
            options: o,
        });
        draft.set(None);
    };
    view! {
        <div class="field">
            <label for=id.clone() class="field-label">
                {if size { "Size limit (KB, 128–32767)" } else { "Log file path and name" }}
            </label>
            <input
                id=id
                type=if size { "number" } else { "text" }
                class=(!size).then_some("wide")
                spellcheck=(!size).then_some("false")
                min=size.then_some("128")
                max=size.then_some("32767")
                step=size.then_some("128")
                aria-describedby=msg_id.clone()
                aria-invalid=move || if msgs.with(Vec::is_empty) { "false" } else { "true" }
                prop:value=move || draft.get().unwrap_or_else(current)
                on:input:target=move |ev| draft.set(Some(event_target_value(&*ev)))
                on:change:target=move |_| commit()
            />
            <FieldMessages id=msg_id messages=msgs />
        </div>
    }
}

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
    let problems = app.problems;
    let dispatch = store.dispatcher(app.ui);
    let base = format!("{}-{}", profile.as_str(), setting.json_key());
    let kind = setting.kind();
    let state = move || store.profile(profile, |p| p.state(setting));
    let top_id = format!("{base}-top");
    let top = {
        let base = base.clone();
        dom::live_markup(
            top_id.clone(),
            Box::new(move || {
                let list_len = match kind {
                    SettingKind::ProgramList => store.programs(profile, |l| l.len()),
                    SettingKind::PortList => store.ports(profile, |l| l.len()),
                    _ => 0,
                };
                let st = state();
                problems.with(|p| {
                    setting_markup(
                        &base,
                        setting,
                        st,
                        &p.for_setting(profile, setting),
                        list_len,
                    )
                })
            }),
        )
    };
    let options = match kind {
        SettingKind::Plain | SettingKind::ProgramList | SettingKind::PortList => None,
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
            let id = format!("{base}-icmp");
            let icmp = {
                let id = id.clone();
                dom::live_markup(
                    id.clone(),
                    Box::new(move || store.profile(profile, |p| icmp_markup(&id, &p.icmp.options))),
                )
            };
            Some(view! { <div id=id inner_html=icmp></div> }.into_any())
        }
        SettingKind::Logging => {
            let id = format!("{base}-log");
            let boxes = {
                let id = id.clone();
                dom::live_markup(
                    format!("{id}-boxes"),
                    Box::new(move || {
                        store.profile(profile, |p| logging_boxes_markup(&id, &p.logging.options))
                    }),
                )
            };
            Some(
                view! {
                    <fieldset class="logging">
                        <legend>"Logging options"</legend>
                        <div id=format!("{id}-boxes") inner_html=boxes></div>
                        {log_field(profile, dispatch, format!("{id}-path"), false)}
                        {log_field(profile, dispatch, format!("{id}-size"), true)}
                    </fieldset>
                }
                .into_any(),
            )
        }
    };
    let on_change = move |act: &str, i: usize, on: bool| {
        let edit = match act {
            "state" => State::ALL
                .get(i)
                .map(|s| Edit::set_state(profile, setting, *s)),
            "icmp" => IcmpOption::ALL.get(i).map(|o| Edit::SetIcmp {
                profile,
                options: store.peek(|p| p.profile(profile).icmp.options).with(*o, on),
            }),
            "log" => {
                let mut options = store.peek(|p| p.profile(profile).logging.options.clone());
                if i == 0 {
                    options.log_dropped = on;
                } else {
                    options.log_successful = on;
                }
                Some(Edit::SetLogging { profile, options })
            }
            _ => None,
        };
        if let Some(edit) = edit {
            let _ = dispatch.run(edit);
        }
    };
    view! {
        <section
            class="setting"
            aria-labelledby=format!("{base}-h")
            class:configured=move || state() != State::NotConfigured
            on:change:target=move |ev| {
                if let Some((act, i)) = action_of(&ev) {
                    on_change(&act, i, event_target_checked(&ev));
                }
            }
        >
            <div id=top_id inner_html=top></div>
            {options.map(|options| view! {
                <div class="options" class:inactive=move || state() != State::Enabled>
                    <p class="help" class:hidden=move || state() == State::Enabled>
                        "These options are written only while the policy is Enabled; they are kept meanwhile."
                    </p>
                    {options}
                </div>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_shows_both_names_its_state_and_its_list() {
        let m = setting_markup(
            "domain-port-exceptions",
            SettingId::DefinePortExceptions,
            State::Enabled,
            &[],
            1,
        );
        assert!(m.starts_with(
            "<div class=\"setting-head\"><h3 id=\"domain-port-exceptions-h\">Windows Firewall: Define port exceptions</h3>"
        ));
        assert!(m.contains("<span class=\"visually-hidden\">Current name: </span>"));
        assert!(m.contains("<fieldset class=\"tristate\"><legend class=\"visually-hidden\">Windows Firewall: Define port exceptions</legend>"));
        assert!(m.contains("id=\"domain-port-exceptions-state-1\" data-act=\"state\" data-i=\"1\" checked=\"\">Enabled</label>"));
        assert!(m.ends_with(
            "<p class=\"list-link\">1 port exception defined. <a href=\"#exceptions\">Manage port exceptions</a></p>"
        ));
    }

    #[test]
    fn icmp_and_logging_boxes_follow_the_options() {
        let on = IcmpOptions::default().with(IcmpOption::ALL[0], true);
        let m = icmp_markup("d-icmp", &on);
        assert_eq!(m.matches("type=\"checkbox\"").count(), 10);
        assert_eq!(m.matches("checked").count(), 1);
        assert!(m.contains(&format!(
            "data-i=\"0\" checked=\"\">{}<span class=\"meta\"> (type {}, ",
            IcmpOption::ALL[0].label(),
            IcmpOption::ALL[0].icmp_type()
        )));
        let log = LoggingOptions {
            log_dropped: true,
            ..LoggingOptions::default()
        };
        let m = logging_boxes_markup("d-log", &log);
        assert!(m.contains(
            "id=\"d-log-0\" data-act=\"log\" data-i=\"0\" checked=\"\">Log dropped packets</label>"
        ));
        assert!(m.contains(
            "id=\"d-log-1\" data-act=\"log\" data-i=\"1\">Log successful connections</label>"
        ));
    }
}
