//! The policies outside the two profiles: authenticated IPsec bypass and the Group Policy
//! refresh interval.

use fwpolicy_core::model::edit::Edit;
use fwpolicy_core::{GlobalId, Policy, State};
use leptos::prelude::*;

use crate::components::text_field::TextField;
use crate::components::tri_state::TriState;
use crate::forms::{self, Checked};
use crate::state::{use_app, Region};

/// One text field of a global policy.
#[derive(Clone, Copy)]
pub struct Draft {
    /// Element id.
    pub id: &'static str,
    /// Label.
    pub label: &'static str,
    /// `number` or `text`.
    pub kind: &'static str,
    /// The committed text.
    pub value: fn(&Policy) -> String,
    /// Checks a text; `Some` when it can be applied.
    pub check: fn(&str) -> Checked<String>,
    /// The edit that applies a checked text.
    pub edit: fn(&Policy, String) -> Option<Edit>,
}

fn as_text(c: Checked<u32>) -> Checked<String> {
    Checked {
        value: c.value.map(|v| v.to_string()),
        messages: c.messages,
    }
}

/// The refresh-interval edit changing the minutes (or the offset) to a typed number.
pub fn refresh_edit(p: &Policy, text: String, minutes: bool) -> Option<Edit> {
    let n = text.parse::<u32>().ok()?;
    let mut interval = p.refresh.options;
    if minutes {
        interval.minutes = n;
    } else {
        interval.offset = n;
    }
    Some(Edit::SetRefreshInterval { interval })
}

/// The fields of a global policy.
pub fn drafts(id: GlobalId) -> &'static [Draft] {
    const SDDL: Draft = Draft {
        id: "global-sddl",
        label: "SDDL of the computers allowed to bypass (e.g. O:DAG:DAD:(A;;RCCC;;;S-1-5-21-…))",
        kind: "text",
        value: |p| p.ipsec_bypass.options.clone(),
        check: forms::sddl,
        edit: |_, sddl| Some(Edit::SetIpsecBypassSddl { sddl }),
    };
    const REFRESH: [Draft; 2] = [
        Draft {
            id: "global-refresh",
            label: "Refresh interval (minutes, 0–44640; 0 means every 7 seconds)",
            kind: "number",
            value: |p| p.refresh.options.minutes.to_string(),
            check: |t| as_text(forms::refresh_minutes(t)),
            edit: |p, t| refresh_edit(p, t, true),
        },
        Draft {
            id: "global-offset",
            label: "Random offset (minutes, 0–1440)",
            kind: "number",
            value: |p| p.refresh.options.offset.to_string(),
            check: |t| as_text(forms::refresh_offset(t)),
            edit: |p, t| refresh_edit(p, t, false),
        },
    ];
    match id {
        GlobalId::IpsecBypass => std::slice::from_ref(&SDDL),
        GlobalId::RefreshInterval => &REFRESH,
    }
}

/// A text field of a global policy: checked as you type, applied when left or on Enter.
#[component]
fn DraftField(
    /// The field.
    draft: Draft,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let text: RwSignal<Option<String>> = RwSignal::new(None);
    let value = Signal::derive(move || {
        text.get()
            .unwrap_or_else(|| store.read(&[Region::Global], draft.value))
    });
    let messages = Signal::derive(move || {
        text.with(|t| {
            t.as_deref()
                .map(|t| (draft.check)(t).messages)
                .unwrap_or_default()
        })
    });
    let commit = Callback::new(move |()| {
        let Some(checked) = text.get_untracked().and_then(|t| (draft.check)(&t).value) else {
            return;
        };
        if let Some(edit) = store.peek(|p| (draft.edit)(p, checked)) {
            let _ = dispatch.run(edit);
        }
        text.set(None);
    });
    view! {
        <TextField
            id=draft.id
            label=draft.label
            kind=draft.kind
            input_class="wide"
            value=value
            messages=messages
            on_input=Callback::new(move |t| text.set(Some(t)))
            on_commit=commit
        />
    }
}

/// One global policy: name, explanation, tri-state and its fields.
#[component]
fn GlobalRow(
    /// Which policy.
    id: GlobalId,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let key = id.json_key();
    let heading = format!("global-{key}-h");
    let labelled = heading.clone();
    let state = Memo::new(move |_| store.read(&[Region::Global], |p| p.global_state(id)));
    let on_state = Callback::new(move |state: State| {
        let _ = dispatch.run(Edit::SetGlobalState { setting: id, state });
    });
    let fields = drafts(id)
        .iter()
        .map(|d| view! { <DraftField draft=*d /> })
        .collect_view();
    view! {
        <section
            class="setting"
            class:configured=move || state.get() != State::NotConfigured
            aria-labelledby=labelled
        >
            <div class="setting-head">
                <h3 id=heading>{id.label()}</h3>
                <p class="summary">{id.summary()}</p>
                {id.unconfirmed().map(|note| view! { <p class="unconfirmed">{note}</p> })}
            </div>
            <TriState legend=id.label() name=format!("global-{key}") state=state on_change=on_state />
            <div class="options" class:inactive=move || state.get() != State::Enabled>
                {fields}
            </div>
        </section>
    }
}

/// The two global policies.
#[component]
pub fn GlobalSettings() -> impl IntoView {
    view! {
        <section class="global" aria-labelledby="global-h">
            <h2 id="global-h">"Global settings"</h2>
            {GlobalId::ALL.into_iter().map(|id| view! { <GlobalRow id=id /> }).collect_view()}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(drafts(GlobalId::IpsecBypass).len(), 1);
        assert_eq!(drafts(GlobalId::RefreshInterval)[1].id, "global-offset");
    }
}
