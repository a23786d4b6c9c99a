//! One of the fourteen per-profile policies: names, explanation, tri-state and options.
//!
//! The read-only parts and the radio buttons and check boxes are markup
//! ([`setting_markup`], [`icmp_markup`], [`logging_boxes_markup`]) in live regions, read by
//! one delegated `change` listener on the row; only the text fields are Leptos views.

use fwpolicy_core::model::edit::Edit;
use fwpolicy_core::model::setting::Direction;
use fwpolicy_core::{
    Diagnostic, IcmpOption, IcmpOptions, LoggingOptions, ProfileKind, SettingId, SettingKind, State,
};
use leptos::prelude::*;

use std::rc::Rc;

use crate::components::field_messages::messages_markup;
use crate::components::findings::findings_markup;
use crate::components::scope_editor::scope_widget;
use crate::components::tri_state::tristate_markup;
use crate::dom::{self, Bind};
use crate::forms;
use crate::html::{action_of, text_field, Choices, Markup};
use crate::state::use_app;
use crate::ui::{block, Handler};

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
        .leaf("p", &[("class", "summary")], setting.summary());
    if let Some(note) = setting.unconfirmed() {
        m.leaf("p", &[("class", "unconfirmed")], note);
    }
    m.close("div");
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

/// A text field of the logging options (`data-act` `log-path` / `log-size`): checked as you
/// type, applied when left (or Enter). Returns its markup; the draft and the checks live in
/// `draft` and the bindings registered here.
fn log_field(
    profile: ProfileKind,
    id: String,
    size: bool,
    draft: RwSignal<Option<String>>,
) -> String {
    let store = use_app().store;
    let check = move |t: &str| {
        if size {
            forms::log_size(t).messages
        } else {
            forms::log_path(t).messages
        }
    };
    let msgs = move || draft.with(|d| d.as_deref().map(check).unwrap_or_default());
    let current = move || {
        draft.get().unwrap_or_else(|| {
            store.profile(profile, |p| {
                let o = &p.logging.options;
                if size {
                    o.size_kb.to_string()
                } else {
                    o.path.clone()
                }
            })
        })
    };
    let messages = dom::live_markup(
        format!("{id}-msg"),
        Box::new(move || messages_markup(&msgs())),
    );
    dom::bind(id.clone(), Bind::Value, Box::new(current));
    dom::bind(
        id.clone(),
        Bind::Attr("aria-invalid"),
        Box::new(move || (!msgs().is_empty()).to_string()),
    );
    let value = untrack(current);
    let mut m = Markup::new();
    if size {
        text_field(
            &mut m,
            "field",
            &id,
            "Size limit (KB, 128–32767)",
            &value,
            &[
                ("type", "number"),
                ("min", "128"),
                ("max", "32767"),
                ("step", "128"),
                ("data-act", "log-size"),
            ],
            &messages,
        );
    } else {
        text_field(
            &mut m,
            "field",
            &id,
            "Log file path and name",
            &value,
            &[
                ("type", "text"),
                ("class", "wide"),
                ("spellcheck", "false"),
                ("data-act", "log-path"),
            ],
            &messages,
        );
    }
    m.finish()
}

/// A policy of a profile as GPMC shows it, bound to the root state.
pub fn setting_row(profile: ProfileKind, setting: SettingId) -> AnyView {
    let app = use_app();
    let store = app.store;
    let problems = app.problems;
    let dispatch = store.dispatcher(app.ui);
    let base = format!("{}-{}", profile.as_str(), setting.json_key());
    let kind = setting.kind();
    let state = move || store.profile(profile, |p| p.state(setting));
    let top = {
        let base = base.clone();
        dom::live_markup(
            format!("{base}-top"),
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
    let st = untrack(state);
    let mut m = Markup::new();
    let configured = if st == State::NotConfigured {
        "setting"
    } else {
        "setting configured"
    };
    m.open(
        "section",
        &[
            ("class", configured),
            ("id", &format!("{base}-sec")),
            ("aria-labelledby", &format!("{base}-h")),
        ],
    )
    .open("div", &[("id", &format!("{base}-top"))])
    .markup(&top)
    .close("div");
    dom::bind(
        format!("{base}-sec"),
        Bind::Class("configured"),
        Box::new(move || (state() != State::NotConfigured).to_string()),
    );
    let log_path: RwSignal<Option<String>> = RwSignal::new(None);
    let log_size: RwSignal<Option<String>> = RwSignal::new(None);
    let mut scope_on = None;
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
            let legend = format!("Scope of {}", setting.short_name());
            let (widget, on) =
                scope_widget(&format!("{base}-scope"), &legend, value, false, on_change);
            scope_on = Some(on);
            let mut o = Markup::new();
            o.open("p", &[("class", "ports")])
                .text("Opens ")
                .text(setting.service_ports())
                .close("p")
                .markup(&widget);
            Some(o.finish())
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
            let mut o = Markup::new();
            o.open("div", &[("id", &id)]).markup(&icmp).close("div");
            Some(o.finish())
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
            let mut o = Markup::new();
            o.open("fieldset", &[("class", "logging")])
                .leaf("legend", &[], "Logging options")
                .open("div", &[("id", &format!("{id}-boxes"))])
                .markup(&boxes)
                .close("div")
                .markup(&log_field(profile, format!("{id}-path"), false, log_path))
                .markup(&log_field(profile, format!("{id}-size"), true, log_size))
                .close("fieldset");
            Some(o.finish())
        }
    };
    if let Some(options) = options {
        let enabled = st == State::Enabled;
        m.open(
            "div",
            &[
                (
                    "class",
                    if enabled {
                        "options"
                    } else {
                        "options inactive"
                    },
                ),
                ("id", &format!("{base}-opts")),
            ],
        )
        .leaf(
            "p",
            &[
                ("class", if enabled { "help hidden" } else { "help" }),
                ("id", &format!("{base}-help")),
            ],
            "These options are written only while the policy is Enabled; they are kept meanwhile.",
        )
        .markup(&options)
        .close("div");
        dom::bind(
            format!("{base}-opts"),
            Bind::Class("inactive"),
            Box::new(move || (state() != State::Enabled).to_string()),
        );
        dom::bind(
            format!("{base}-help"),
            Bind::Class("hidden"),
            Box::new(move || (state() == State::Enabled).to_string()),
        );
    }
    m.close("section");
    let commit = move |size: bool| {
        let draft = if size { log_size } else { log_path };
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
    let on: Handler = Rc::new(move |ev| {
        if let Some(scope) = &scope_on {
            scope(ev);
        }
        let Some((act, i)) = action_of(ev) else {
            return;
        };
        let kind = ev.type_();
        let edit = match (act.as_str(), kind.as_str()) {
            ("state", "change") => State::ALL
                .get(i)
                .map(|s| Edit::set_state(profile, setting, *s)),
            ("icmp", "change") => IcmpOption::ALL.get(i).map(|o| Edit::SetIcmp {
                profile,
                options: store
                    .peek(|p| p.profile(profile).icmp.options)
                    .with(*o, dom::field_value(ev) == "true"),
            }),
            ("log", "change") => {
                let on = dom::field_value(ev) == "true";
                let mut options = store.peek(|p| p.profile(profile).logging.options.clone());
                if i == 0 {
                    options.log_dropped = on;
                } else {
                    options.log_successful = on;
                }
                Some(Edit::SetLogging { profile, options })
            }
            ("log-path", "input") => {
                log_path.set(Some(dom::field_value(ev)));
                None
            }
            ("log-size", "input") => {
                log_size.set(Some(dom::field_value(ev)));
                None
            }
            ("log-path", "change") => {
                commit(false);
                None
            }
            ("log-size", "change") => {
                commit(true);
                None
            }
            _ => None,
        };
        if let Some(edit) = edit {
            let _ = dispatch.run(edit);
        }
    });
    block("", format!("{base}-row"), m.finish(), on)
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
    fn unconfirmed_facts_are_stated_next_to_the_setting() {
        let rd = setting_markup("d-rd", SettingId::RemoteDesktop, State::Enabled, &[], 0);
        assert!(rd.contains("<p class=\"unconfirmed\">Unconfirmed: the exact XP SP2 display name"));
        let logging = setting_markup("d-log", SettingId::Logging, State::Enabled, &[], 0);
        assert!(!logging.contains("unconfirmed"));
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
