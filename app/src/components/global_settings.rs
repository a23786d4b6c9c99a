//! The policies outside the two profiles: authenticated IPsec bypass and the Group Policy
//! refresh interval.

use fwpolicy_core::edit::Edit;
use fwpolicy_core::{GlobalId, Policy, Severity, State};
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::components::tri_state::{picked_state, tristate_markup};
use crate::dom;
use crate::forms::{self, Checked};
use crate::html::Markup;
use crate::state::{use_app, Region};

/// The head of a global policy (name and what it does) and its tri-state group.
pub fn global_markup(id: GlobalId, state: State) -> String {
    let key = id.json_key();
    let mut m = Markup::new();
    m.open("div", &[("class", "setting-head")])
        .leaf("h3", &[("id", &format!("global-{key}-h"))], id.label())
        .leaf("p", &[("class", "summary")], id.summary())
        .close("div")
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

/// A text field with a draft: checked as you type, applied when left or on Enter.
fn draft_field(d: &'static Draft) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let draft: RwSignal<Option<String>> = RwSignal::new(None);
    let msgs = Signal::derive(move || {
        draft
            .get()
            .map(|t| (d.check)(&t).messages)
            .unwrap_or_default()
    });
    let msg_id = format!("{}-msg", d.id);
    view! {
        <div class="field">
            <label for=d.id class="field-label">{d.label}</label>
            <input
                id=d.id
                type=d.kind
                class="wide"
                spellcheck="false"
                aria-describedby=msg_id.clone()
                aria-invalid=move || if msgs.with(|m| m.iter().any(|m| m.severity == Severity::Error)) { "true" } else { "false" }
                prop:value=move || draft.get().unwrap_or_else(|| store.read(&[Region::Global], d.value))
                on:input:target=move |ev| draft.set(Some(event_target_value(&*ev)))
                on:change:target=move |_| {
                    let Some(text) = draft.get_untracked().and_then(|t| (d.check)(&t).value) else {
                        return;
                    };
                    if let Some(edit) = store.peek(|p| (d.edit)(p, text)) {
                        let _ = dispatch.run(edit);
                    }
                    draft.set(None);
                }
            />
            <FieldMessages id=msg_id messages=msgs />
        </div>
    }
}

/// The two global policies.
#[component]
pub fn GlobalSettings() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let section = move |id: GlobalId, body: AnyView| {
        let state = move || store.read(&[Region::Global], |p| p.global_state(id));
        let top_id = format!("global-{}-top", id.json_key());
        let top = dom::live_markup(top_id.clone(), Box::new(move || global_markup(id, state())));
        view! {
            <section
                class="setting"
                aria-labelledby=format!("global-{}-h", id.json_key())
                class:configured=move || state() != State::NotConfigured
                on:change:target=move |ev| {
                    if let Some(s) = picked_state(&ev) {
                        let _ = dispatch.run(Edit::SetGlobalState { setting: id, state: s });
                    }
                }
            >
                <div id=top_id inner_html=top></div>
                <div class="options" class:inactive=move || state() != State::Enabled>{body}</div>
            </section>
        }
    };
    view! {
        <section class="global" aria-labelledby="global-h">
            <h2 id="global-h">"Global settings"</h2>
            {section(GlobalId::IpsecBypass, draft_field(&SDDL).into_any())}
            {section(GlobalId::RefreshInterval, view! { {draft_field(&MINUTES)} {draft_field(&OFFSET)} }.into_any())}
        </section>
    }
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
