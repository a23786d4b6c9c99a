//! Scope editor: Any computer / Local subnet / a custom list of addresses and subnets,
//! validated as you type with `core`'s scope parser.

use fwpolicy_core::Scope;
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::dom;
use crate::forms;
use crate::html::{action_of, Choices, Markup};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Any,
    Local,
    Custom,
}

const MODES: [(Mode, &str); 3] = [
    (Mode::Any, "Any computer (*)"),
    (Mode::Local, "Local subnet only"),
    (Mode::Custom, "Custom list"),
];

/// The three mode radios (`data-act="mode"`, `data-i` = position).
fn modes_markup(id: &str, mode: Mode) -> String {
    let mut m = Markup::new();
    let name = format!("{id}-mode");
    let items: Vec<(&str, bool, String)> = MODES
        .iter()
        .map(|(md, label)| (*label, *md == mode, String::new()))
        .collect();
    Choices {
        kind: "radio",
        name: &name,
        id: &name,
        act: "mode",
        class: "radio",
        mark_on: false,
    }
    .write(&mut m, &items);
    m.finish()
}

fn mode_of(scope: &Scope) -> Mode {
    if scope.is_any() {
        Mode::Any
    } else if scope.is_local_subnet_only() {
        Mode::Local
    } else {
        Mode::Custom
    }
}

/// Edits a scope. Invalid custom text is explained and never reported as a scope.
#[component]
pub fn ScopeEditor(
    /// Unique id prefix for the inputs.
    #[prop(into)]
    id: String,
    /// Legend of the group, e.g. "Scope of Remote Desktop".
    #[prop(into)]
    legend: String,
    /// The committed scope.
    #[prop(into)]
    value: Signal<Scope>,
    /// Called with `Some(scope)` when the editor holds a valid scope, `None` while the custom
    /// text is invalid.
    on_change: Callback<Option<Scope>>,
    /// Report every valid keystroke (forms) instead of only when the field is left or Enter is
    /// pressed (settings, where each report is an undoable edit).
    #[prop(optional)]
    live: bool,
) -> impl IntoView {
    let draft: RwSignal<Option<String>> = RwSignal::new(None);
    // In a form (`live`) the editor owns its choice; in settings the committed value is the
    // truth (it also follows undo and redo).
    let chosen: RwSignal<Option<Scope>> = RwSignal::new(None);
    let mode = move || {
        if draft.with(Option::is_some) {
            Mode::Custom
        } else if let Some(m) = chosen.with(|c| c.as_ref().map(mode_of)) {
            m
        } else {
            value.with(mode_of)
        }
    };
    let messages = Signal::derive(move || {
        draft
            .get()
            .map(|t| forms::scope(&t).messages)
            .unwrap_or_default()
    });
    let invalid = move || {
        messages.with(|m| {
            m.iter()
                .any(|m| m.severity == fwpolicy_core::Severity::Error)
        })
    };
    let pick = move |m: Mode| match m {
        Mode::Any => {
            draft.set(None);
            if live {
                chosen.set(Some(Scope::Any));
            }
            on_change.run(Some(Scope::Any));
        }
        Mode::Local => {
            draft.set(None);
            if live {
                chosen.set(Some(Scope::local_subnet()));
            }
            on_change.run(Some(Scope::local_subnet()));
        }
        Mode::Custom => {
            let current = chosen
                .get_untracked()
                .unwrap_or_else(|| value.get_untracked());
            let text = if current.is_any() {
                String::new()
            } else {
                current.to_string()
            };
            let checked = forms::scope(&text);
            draft.set(Some(text));
            if live || checked.value.is_some() {
                on_change.run(checked.value);
            }
        }
    };
    let text_id = format!("{id}-text");
    let msg_id = format!("{id}-msg");
    let help_id = format!("{id}-help");
    let described = format!("{help_id} {msg_id}");
    let modes_id = format!("{id}-modes");
    let initial = {
        let id = id.clone();
        dom::live_markup(
            modes_id.clone(),
            Box::new(move || modes_markup(&id, mode())),
        )
    };
    view! {
        <fieldset
            class="scope-editor"
            on:change:target=move |ev| {
                if let Some((act, i)) = action_of(&ev) {
                    if act == "mode" {
                        if let Some((m, _)) = MODES.get(i) {
                            pick(*m);
                        }
                    }
                }
            }
        >
            <legend>{legend}</legend>
            <div class="scope-modes" id=modes_id inner_html=initial></div>
            {
                let text_id = text_id.clone();
                let msg_id = msg_id.clone();
                let help_id = help_id.clone();
                let described = described.clone();
                move || {
                    (mode() == Mode::Custom)
                        .then(|| {
                            view! {
                                <label for=text_id.clone() class="field-label">
                                    "Addresses and subnets"
                                </label>
                                <input
                                    id=text_id.clone()
                                    type="text"
                                    class="scope-text"
                                    spellcheck="false"
                                    autocomplete="off"
                                    aria-describedby=described.clone()
                                    aria-invalid=move || if invalid() { "true" } else { "false" }
                                    prop:value=move || {
                                        draft.get().unwrap_or_else(|| value.get().to_string())
                                    }
                                    on:input:target=move |ev| {
                                        let text = event_target_value(&*ev);
                                        let checked = forms::scope(&text);
                                        draft.set(Some(text));
                                        if live {
                                            on_change.run(checked.value);
                                        }
                                    }
                                    on:change:target=move |_| {
                                        if let Some(text) = draft.get_untracked() {
                                            let checked = forms::scope(&text);
                                            if let Some(scope) = checked.value {
                                                on_change.run(Some(scope));
                                                if !live {
                                                    draft.set(None);
                                                }
                                            }
                                        }
                                    }
                                />
                                <p class="help" id=help_id.clone()>
                                    "Comma-separated IPv4 addresses (10.0.0.1), subnets (10.2.3.0/24 or 10.2.3.0/255.255.255.0) and localsubnet. No IPv6, no ranges."
                                </p>
                                <FieldMessages id=msg_id.clone() messages=messages />
                            }
                        })
                }
            }
        </fieldset>
    }
}
