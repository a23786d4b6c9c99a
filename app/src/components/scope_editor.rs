//! Scope editor: Any computer / Local subnet / a custom list of addresses and subnets,
//! validated as you type with `core`'s scope parser.
//!
//! A widget ([`scope_widget`]): markup to put inside a block, and a handler for the block's
//! events (see [`crate::ui`]); [`ScopeEditor`] is the widget on its own.

use std::rc::Rc;

use fwpolicy_core::{Scope, Severity};
use leptos::prelude::*;

use crate::components::field_messages::messages_markup;
use crate::dom::{self, Bind};
use crate::forms;
use crate::html::{action_of, Choices, Markup};
use crate::ui::{block, Handler};

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

fn mode_of(scope: &Scope) -> Mode {
    if scope.is_any() {
        Mode::Any
    } else if scope.is_local_subnet_only() {
        Mode::Local
    } else {
        Mode::Custom
    }
}

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

/// The custom list's field (`data-act="scope-text"`), its help and its messages; nothing
/// unless the mode is Custom.
pub fn custom_markup(id: &str, shown: bool, text: &str, invalid: bool, messages: &str) -> String {
    let mut m = Markup::new();
    if !shown {
        return m.finish();
    }
    let text_id = format!("{id}-text");
    let help_id = format!("{id}-help");
    let msg_id = format!("{id}-msg");
    let described = format!("{help_id} {msg_id}");
    m.leaf(
        "label",
        &[("for", &text_id), ("class", "field-label")],
        "Addresses and subnets",
    )
    .open(
        "input",
        &[
            ("id", &text_id),
            ("type", "text"),
            ("class", "scope-text"),
            ("spellcheck", "false"),
            ("autocomplete", "off"),
            ("aria-describedby", &described),
            ("aria-invalid", if invalid { "true" } else { "false" }),
            ("value", text),
            ("data-act", "scope-text"),
        ],
    )
    .leaf(
        "p",
        &[("class", "help"), ("id", &help_id)],
        "Comma-separated IPv4 addresses (10.0.0.1), subnets (10.2.3.0/24 or 10.2.3.0/255.255.255.0) and localsubnet. No IPv6, no ranges.",
    )
    .open("ul", &[("class", "field-messages"), ("id", &msg_id)])
    .markup(messages)
    .close("ul");
    m.finish()
}

/// A scope editor as markup plus its event handler. `value` is the committed scope;
/// `on_change` gets `Some(scope)` when the editor holds a valid scope and `None` while the
/// custom text is invalid. `live` reports every valid keystroke (forms) instead of only when
/// the field is left or Enter is pressed (settings, where each report is an undoable edit).
pub fn scope_widget(
    id: &str,
    legend: &str,
    value: Signal<Scope>,
    live: bool,
    on_change: Callback<Option<Scope>>,
) -> (String, Handler) {
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
    let custom = Memo::new(move |_| mode() == Mode::Custom);
    let messages = move || {
        draft.with(|d| {
            d.as_deref()
                .map(|t| forms::scope(t).messages)
                .unwrap_or_default()
        })
    };
    let text = move || draft.get().unwrap_or_else(|| value.get().to_string());
    let invalid = move || messages().iter().any(|m| m.severity == Severity::Error);
    let modes = {
        let id = id.to_string();
        dom::live_markup(
            format!("{id}-modes"),
            Box::new(move || modes_markup(&id, mode())),
        )
    };
    let custom_block = {
        let id = id.to_string();
        dom::live_markup(
            format!("{id}-custom"),
            Box::new(move || {
                let shown = custom.get();
                untrack(|| {
                    custom_markup(
                        &id,
                        shown,
                        &text(),
                        invalid(),
                        &messages_markup(&messages()),
                    )
                })
            }),
        )
    };
    let _ = dom::live_markup(
        format!("{id}-msg"),
        Box::new(move || messages_markup(&messages())),
    );
    dom::bind(format!("{id}-text"), Bind::Value, Box::new(text));
    dom::bind(
        format!("{id}-text"),
        Bind::Attr("aria-invalid"),
        Box::new(move || invalid().to_string()),
    );
    let pick = move |m: Mode| match m {
        Mode::Any | Mode::Local => {
            let scope = if m == Mode::Any {
                Scope::Any
            } else {
                Scope::local_subnet()
            };
            draft.set(None);
            if live {
                chosen.set(Some(scope.clone()));
            }
            on_change.run(Some(scope));
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
    let on: Handler = Rc::new(move |ev| {
        let Some((act, i)) = action_of(ev) else {
            return;
        };
        match (act.as_str(), ev.type_().as_str()) {
            ("mode", "change") => {
                if let Some((m, _)) = MODES.get(i) {
                    pick(*m);
                }
            }
            ("scope-text", "input") => {
                let text = dom::field_value(ev);
                let checked = forms::scope(&text);
                draft.set(Some(text));
                if live {
                    on_change.run(checked.value);
                }
            }
            ("scope-text", "change") => {
                if let Some(text) = draft.get_untracked() {
                    if let Some(scope) = forms::scope(&text).value {
                        on_change.run(Some(scope));
                        if !live {
                            draft.set(None);
                        }
                    }
                }
            }
            _ => {}
        }
    });
    let mut m = Markup::new();
    m.open("fieldset", &[("class", "scope-editor")])
        .leaf("legend", &[], legend)
        .open(
            "div",
            &[("class", "scope-modes"), ("id", &format!("{id}-modes"))],
        )
        .markup(&modes)
        .close("div")
        .open("div", &[("id", &format!("{id}-custom"))])
        .markup(&custom_block)
        .close("div")
        .close("fieldset");
    (m.finish(), on)
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
    let (markup, on) = scope_widget(&id, &legend, value, live, on_change);
    block("", format!("{id}-box"), markup, on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_custom_field_is_described_by_its_help_and_messages() {
        assert_eq!(custom_markup("s", false, "", false, ""), "");
        let m = custom_markup("s", true, "10.0.0.1", true, "<li>x</li>");
        assert!(m.contains("<input id=\"s-text\" type=\"text\" class=\"scope-text\" spellcheck=\"false\" autocomplete=\"off\" aria-describedby=\"s-help s-msg\" aria-invalid=\"true\" value=\"10.0.0.1\" data-act=\"scope-text\">"));
        assert!(m.ends_with("<ul class=\"field-messages\" id=\"s-msg\"><li>x</li></ul>"));
        let radios = modes_markup("s", Mode::Local);
        assert!(radios.contains(
            "id=\"s-mode-1\" data-act=\"mode\" data-i=\"1\" checked=\"\">Local subnet only"
        ));
    }
}
