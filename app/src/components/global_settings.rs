//! The policies outside the two profiles: authenticated IPsec bypass and the Group Policy
//! refresh interval.

use fwpolicy_core::model::edit::Edit;
use fwpolicy_core::{GlobalId, Policy, Severity, State};
use leptos::prelude::*;

use std::rc::Rc;

use crate::components::field_messages::messages_markup;
use crate::components::tri_state::{picked_state, tristate_markup};
use crate::dom::{self, Bind};
use crate::forms::{self, Checked};
use crate::html::{action_of, text_field, Markup};
use crate::state::{use_app, Region};
use crate::ui::{block, Handler};

/// The head of a global policy (name and what it does) and its tri-state group.
pub fn global_markup(id: GlobalId, state: State) -> String {
    let key = id.json_key();
    let mut m = Markup::new();
    m.open("div", &[("class", "setting-head")])
        .leaf("h3", &[("id", &format!("global-{key}-h"))], id.label())
        .leaf("p", &[("class", "summary")], id.summary());
    if let Some(note) = id.unconfirmed() {
        m.leaf("p", &[("class", "unconfirmed")], note);
    }
    m.close("div")
        .open("fieldset", &[("class", "tristate")])
        .markup(&tristate_markup(
            id.label(),
            &format!("global-{key}"),
            state,
        ))
        .close("fieldset");
    m.finish()
}

/// One text field of a global policy.
struct Draft {
    id: &'static str,
    label: &'static str,
    /// `number` or `text`.
    kind: &'static str,
    /// The committed text.
    value: fn(&Policy) -> String,
    /// Checks a text; `Some` when it can be applied.
    check: fn(&str) -> Checked<String>,
    /// The edit that applies a checked text.
    edit: fn(&Policy, String) -> Option<Edit>,
}

fn as_text(c: Checked<u32>) -> Checked<String> {
    Checked {
        value: c.value.map(|v| v.to_string()),
        messages: c.messages,
    }
}

fn refresh_edit(p: &Policy, text: String, minutes: bool) -> Option<Edit> {
    let n = text.parse::<u32>().ok()?;
    let mut interval = p.refresh.options;
    if minutes {
        interval.minutes = n;
    } else {
        interval.offset = n;
    }
    Some(Edit::SetRefreshInterval { interval })
}

static SDDL: Draft = Draft {
    id: "global-sddl",
    label: "SDDL of the computers allowed to bypass (e.g. O:DAG:DAD:(A;;RCCC;;;S-1-5-21-…))",
    kind: "text",
    value: |p| p.ipsec_bypass.options.clone(),
    check: forms::sddl,
    edit: |_, sddl| Some(Edit::SetIpsecBypassSddl { sddl }),
};

static MINUTES: Draft = Draft {
    id: "global-refresh",
    label: "Refresh interval (minutes, 0–44640; 0 means every 7 seconds)",
    kind: "number",
    value: |p| p.refresh.options.minutes.to_string(),
    check: |t| as_text(forms::refresh_minutes(t)),
    edit: |p, t| refresh_edit(p, t, true),
};

static OFFSET: Draft = Draft {
    id: "global-offset",
    label: "Random offset (minutes, 0–1440)",
    kind: "number",
    value: |p| p.refresh.options.offset.to_string(),
    check: |t| as_text(forms::refresh_offset(t)),
    edit: |p, t| refresh_edit(p, t, false),
};

static DRAFTS: [&Draft; 3] = [&SDDL, &MINUTES, &OFFSET];

/// A text field with a draft (`data-act` = its position in [`DRAFTS`]): checked as you type,
/// applied when left or on Enter. Returns its markup; keeps its value, `aria-invalid` and
/// messages in step.
fn draft_field(d: &'static Draft, draft: RwSignal<Option<String>>) -> String {
    let store = use_app().store;
    let msgs = move || {
        draft.with(|t| {
            t.as_deref()
                .map(|t| (d.check)(t).messages)
                .unwrap_or_default()
        })
    };
    let current = move || {
        draft
            .get()
            .unwrap_or_else(|| store.read(&[Region::Global], d.value))
    };
    let messages = dom::live_markup(
        format!("{}-msg", d.id),
        Box::new(move || messages_markup(&msgs())),
    );
    dom::bind(d.id.to_string(), Bind::Value, Box::new(current));
    dom::bind(
        d.id.to_string(),
        Bind::Attr("aria-invalid"),
        Box::new(move || {
            msgs()
                .iter()
                .any(|m| m.severity == Severity::Error)
                .to_string()
        }),
    );
    let mut m = Markup::new();
    text_field(
        &mut m,
        "field",
        d.id,
        d.label,
        &untrack(current),
        &[
            ("type", d.kind),
            ("class", "wide"),
            ("spellcheck", "false"),
            ("data-act", d.id),
        ],
        &messages,
    );
    m.finish()
}

/// The two global policies.
pub fn global_settings() -> AnyView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let drafts: [RwSignal<Option<String>>; 3] = std::array::from_fn(|_| RwSignal::new(None));
    let mut m = Markup::new();
    m.open(
        "section",
        &[("class", "global"), ("aria-labelledby", "global-h")],
    )
    .leaf("h2", &[("id", "global-h")], "Global settings");
    for id in GlobalId::ALL {
        let key = id.json_key();
        let state = move || store.read(&[Region::Global], |p| p.global_state(id));
        let st = untrack(state);
        let top = dom::live_markup(
            format!("global-{key}-top"),
            Box::new(move || global_markup(id, state())),
        );
        m.open(
            "section",
            &[
                (
                    "class",
                    if st == State::NotConfigured {
                        "setting"
                    } else {
                        "setting configured"
                    },
                ),
                ("id", &format!("global-{key}-sec")),
                ("aria-labelledby", &format!("global-{key}-h")),
            ],
        )
        .open("div", &[("id", &format!("global-{key}-top"))])
        .markup(&top)
        .close("div")
        .open(
            "div",
            &[
                (
                    "class",
                    if st == State::Enabled {
                        "options"
                    } else {
                        "options inactive"
                    },
                ),
                ("id", &format!("global-{key}-opts")),
            ],
        );
        for (k, d) in DRAFTS.iter().enumerate() {
            let ours = match id {
                GlobalId::IpsecBypass => k == 0,
                GlobalId::RefreshInterval => k > 0,
            };
            if ours {
                m.markup(&draft_field(d, drafts[k]));
            }
        }
        m.close("div").close("section");
        dom::bind(
            format!("global-{key}-sec"),
            Bind::Class("configured"),
            Box::new(move || (state() != State::NotConfigured).to_string()),
        );
        dom::bind(
            format!("global-{key}-opts"),
            Bind::Class("inactive"),
            Box::new(move || (state() != State::Enabled).to_string()),
        );
    }
    m.close("section");
    let on: Handler = Rc::new(move |ev| {
        if let Some(s) = picked_state(ev) {
            // The radios' name says which policy: `global-<json key>`.
            let name = dom::target_attr(ev, "name").unwrap_or_default();
            if let Some(setting) = GlobalId::ALL
                .into_iter()
                .find(|g| name == format!("global-{}", g.json_key()))
            {
                let _ = dispatch.run(Edit::SetGlobalState { setting, state: s });
            }
            return;
        }
        let Some((act, _)) = action_of(ev) else {
            return;
        };
        let Some(k) = DRAFTS.iter().position(|d| d.id == act) else {
            return;
        };
        let (d, draft) = (DRAFTS[k], drafts[k]);
        match ev.type_().as_str() {
            "input" => draft.set(Some(dom::field_value(ev))),
            "change" => {
                let Some(text) = draft.get_untracked().and_then(|t| (d.check)(&t).value) else {
                    return;
                };
                if let Some(edit) = store.peek(|p| (d.edit)(p, text)) {
                    let _ = dispatch.run(edit);
                }
                draft.set(None);
            }
            _ => {}
        }
    });
    block("", "global-settings".into(), m.finish(), on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_global_policy_has_its_name_and_state() {
        let m = global_markup(GlobalId::RefreshInterval, State::Enabled);
        assert!(m.starts_with(&format!(
            "<div class=\"setting-head\"><h3 id=\"global-{}-h\">{}</h3>",
            GlobalId::RefreshInterval.json_key(),
            GlobalId::RefreshInterval.label()
        )));
        assert!(m.contains("data-i=\"1\" checked=\"\">Enabled</label>"));
        assert!(m.ends_with("</fieldset>"));
    }

    #[test]
    fn typed_refresh_values_edit_only_their_part() {
        let mut p = Policy::default();
        p.refresh.options.offset = 30;
        match refresh_edit(&p, "45".into(), true) {
            Some(Edit::SetRefreshInterval { interval }) => {
                assert_eq!((interval.minutes, interval.offset), (45, 30));
            }
            other => panic!("{other:?}"),
        }
        assert!(refresh_edit(&p, "x".into(), false).is_none());
    }
}
