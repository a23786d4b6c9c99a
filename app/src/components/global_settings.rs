//! The policies outside the two profiles: authenticated IPsec bypass and the Group Policy
//! refresh interval.

use fwpolicy_core::edit::Edit;
use fwpolicy_core::{GlobalId, RefreshInterval, State};
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::components::tri_state::TriState;
use crate::forms::{self, Checked};
use crate::state::{use_app, Region};

/// A text field with a draft: checked as you type, applied when left or on Enter.
#[component]
fn DraftField(
    /// Input id.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// The committed text.
    #[prop(into)]
    value: Signal<String>,
    /// Checks a text; `Some` when it can be applied.
    check: fn(&str) -> Checked<String>,
    /// Applies a checked text.
    on_commit: Callback<String>,
    /// `number` or `text`.
    #[prop(default = "text")]
    kind: &'static str,
) -> impl IntoView {
    let draft: RwSignal<Option<String>> = RwSignal::new(None);
    let msgs = Signal::derive(move || draft.get().map(|t| check(&t).messages).unwrap_or_default());
    let msg_id = format!("{id}-msg");
    view! {
        <div class="field">
            <label for=id.clone() class="field-label">{label}</label>
            <input
                id=id
                type=kind
                class="wide"
                spellcheck="false"
                aria-describedby=msg_id.clone()
                aria-invalid=move || if msgs.with(|m| m.iter().any(|m| m.severity == fwpolicy_core::Severity::Error)) { "true" } else { "false" }
                prop:value=move || draft.get().unwrap_or_else(|| value.get())
                on:input:target=move |ev| draft.set(Some(event_target_value(&*ev)))
                on:change:target=move |_| {
                    if let Some(v) = draft.get_untracked().and_then(|t| check(&t).value) {
                        on_commit.run(v);
                        draft.set(None);
                    }
                }
            />
            <FieldMessages id=msg_id messages=msgs />
        </div>
    }
}

fn as_text(c: Checked<u32>) -> Checked<String> {
    Checked {
        value: c.value.map(|v| v.to_string()),
        messages: c.messages,
    }
}

/// The two global policies.
#[component]
pub fn GlobalSettings() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let state = move |id: GlobalId| {
        Signal::derive(move || store.read(&[Region::Global], |p| p.global_state(id)))
    };
    let on_state = move |id: GlobalId| {
        Callback::new(move |s: State| {
            let _ = dispatch.run(Edit::SetGlobalState {
                setting: id,
                state: s,
            });
        })
    };
    let sddl =
        Signal::derive(move || store.read(&[Region::Global], |p| p.ipsec_bypass.options.clone()));
    let refresh = Signal::derive(move || store.read(&[Region::Global], |p| p.refresh.options));
    let set_refresh = move |f: fn(&mut RefreshInterval, u32)| {
        Callback::new(move |text: String| {
            let Ok(n) = text.parse::<u32>() else { return };
            let mut interval = refresh.get_untracked();
            f(&mut interval, n);
            let _ = dispatch.run(Edit::SetRefreshInterval { interval });
        })
    };
    let section = move |id: GlobalId, body: AnyView| {
        let h = format!("global-{}-h", id.json_key());
        let labelled = h.clone();
        view! {
            <section class="setting" aria-labelledby=labelled class:configured=move || state(id).get() != State::NotConfigured>
                <div class="setting-head">
                    <h3 id=h>{id.label()}</h3>
                    <p class="summary">{id.summary()}</p>
                </div>
                <TriState legend=id.label() name=format!("global-{}", id.json_key()) state=state(id) on_change=on_state(id) />
                <div class="options" class:inactive=move || state(id).get() != State::Enabled>{body}</div>
            </section>
        }
    };
    view! {
        <section class="global" aria-labelledby="global-h">
            <h2 id="global-h">"Global settings"</h2>
            {section(
                GlobalId::IpsecBypass,
                view! {
                    <DraftField
                        id="global-sddl"
                        label="SDDL of the computers allowed to bypass (e.g. O:DAG:DAD:(A;;RCCC;;;S-1-5-21-…))"
                        value=sddl
                        check=forms::sddl
                        on_commit=Callback::new(move |sddl: String| {
                            let _ = dispatch.run(Edit::SetIpsecBypassSddl { sddl });
                        })
                    />
                }
                .into_any(),
            )}
            {section(
                GlobalId::RefreshInterval,
                view! {
                    <DraftField
                        id="global-refresh"
                        label="Refresh interval (minutes, 0–44640; 0 means every 7 seconds)"
                        kind="number"
                        value=Signal::derive(move || refresh.get().minutes.to_string())
                        check=|t| as_text(forms::refresh_minutes(t))
                        on_commit=set_refresh(|r, n| r.minutes = n)
                    />
                    <DraftField
                        id="global-offset"
                        label="Random offset (minutes, 0–1440)"
                        kind="number"
                        value=Signal::derive(move || refresh.get().offset.to_string())
                        check=|t| as_text(forms::refresh_offset(t))
                        on_commit=set_refresh(|r, n| r.offset = n)
                    />
                }
                .into_any(),
            )}
        </section>
    }
}
