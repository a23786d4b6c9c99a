//! Scope editor: Any computer / Local subnet / a custom list of addresses and subnets,
//! validated as you type with `core`'s scope parser.

use fwpolicy_core::Scope;
use leptos::prelude::*;

use crate::components::field_messages::{has_error, FieldMessages};
use crate::forms;
use crate::state::use_app;

/// The three ways of giving a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `*`.
    Any,
    /// `localsubnet`.
    Local,
    /// Addresses and subnets typed by the admin.
    Custom,
}

impl Mode {
    /// The modes with their labels, in order.
    pub const ALL: [(Mode, &'static str); 3] = [
        (Mode::Any, "Any computer (*)"),
        (Mode::Local, "Local subnet only"),
        (Mode::Custom, "Custom list"),
    ];

    /// The mode a scope is shown in.
    pub fn of(scope: &Scope) -> Mode {
        if scope.is_any() {
            Mode::Any
        } else if scope.is_local_subnet_only() {
            Mode::Local
        } else {
            Mode::Custom
        }
    }

    /// The text the custom field starts with when this mode is left for Custom.
    pub fn custom_text(scope: &Scope) -> String {
        if scope.is_any() {
            String::new()
        } else {
            scope.to_string()
        }
    }
}

/// Edits a scope. Invalid custom text is explained and never reported as a scope.
#[component]
pub fn ScopeEditor(
    /// Unique id prefix for the inputs (`<id>-text`, `<id>-msg`).
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
    // The custom text being typed (None: the committed value is shown). In settings, text that
    // is not a valid scope yet is kept in the app's drafts (by this editor's id) when the page
    // is left, and comes back with its error (see: issue 13).
    let drafts = (!live).then(|| use_app().ui.drafts);
    let kept = drafts.and_then(|d| d.with_untracked(|m| m.get(&id).cloned()));
    let draft: RwSignal<Option<String>> = RwSignal::new(kept);
    if let Some(drafts) = drafts {
        let key = id.clone();
        Effect::new(move |_| {
            let text = draft.get();
            drafts.update(|m| match text {
                Some(t) if forms::scope(&t).value.is_none() => {
                    m.insert(key.clone(), t);
                }
                _ => {
                    m.remove(&key);
                }
            });
        });
    }
    // In a form (`live`) the editor owns its choice; in settings the committed value is the
    // truth (it also follows undo and redo).
    let chosen: RwSignal<Option<Scope>> = RwSignal::new(None);
    let mode = Memo::new(move |_| {
        if draft.with(Option::is_some) {
            Mode::Custom
        } else if let Some(m) = chosen.with(|c| c.as_ref().map(Mode::of)) {
            m
        } else {
            value.with(Mode::of)
        }
    });
    let messages = Signal::derive(move || {
        draft.with(|d| {
            d.as_deref()
                .map(|t| forms::scope(t).messages)
                .unwrap_or_default()
        })
    });
    let text = Signal::derive(move || draft.get().unwrap_or_else(|| value.get().to_string()));
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
            let text = Mode::custom_text(&current);
            let checked = forms::scope(&text);
            draft.set(Some(text));
            if live || checked.value.is_some() {
                on_change.run(checked.value);
            }
        }
    };
    let on_input = move |text: String| {
        let checked = forms::scope(&text);
        draft.set(Some(text));
        if live {
            on_change.run(checked.value);
        }
    };
    let on_commit = move || {
        if let Some(text) = draft.get_untracked() {
            if let Some(scope) = forms::scope(&text).value {
                on_change.run(Some(scope));
                if !live {
                    draft.set(None);
                }
            }
        }
    };
    let name = format!("{id}-mode");
    let radios = Mode::ALL
        .into_iter()
        .enumerate()
        .map(|(i, (m, label))| {
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name=name.clone()
                        id=format!("{name}-{i}")
                        prop:checked=move || mode.get() == m
                        on:change=move |_| pick(m)
                    />
                    {label}
                </label>
            }
        })
        .collect_view();
    let text_id = format!("{id}-text");
    let help_id = format!("{id}-help");
    let msg_id = format!("{id}-msg");
    let described = format!("{help_id} {msg_id}");
    view! {
        <fieldset class="scope-editor">
            <legend>{legend}</legend>
            <div class="scope-modes">{radios}</div>
            <Show when=move || mode.get() == Mode::Custom>
                <label for=text_id.clone() class="field-label">"Addresses and subnets"</label>
                <input
                    id=text_id.clone()
                    type="text"
                    class="scope-text"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby=described.clone()
                    aria-invalid=move || if messages.with(|m| has_error(m)) { "true" } else { "false" }
                    prop:value=move || text.get()
                    on:input=move |ev| on_input(event_target_value(&ev))
                    on:change=move |_| on_commit()
                />
                <p class="help" id=help_id.clone()>
                    "Comma-separated IPv4 addresses (10.0.0.1), subnets (10.2.3.0/24 or 10.2.3.0/255.255.255.0) and localsubnet. No IPv6, no ranges."
                </p>
                <FieldMessages id=msg_id.clone() messages=messages />
            </Show>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_is_shown_in_its_mode_and_custom_text_starts_from_it() {
        assert_eq!(Mode::of(&Scope::Any), Mode::Any);
        assert_eq!(Mode::of(&Scope::local_subnet()), Mode::Local);
        let custom = forms::scope("10.0.0.1").value.unwrap_or_default();
        assert_eq!(Mode::of(&custom), Mode::Custom);
        assert_eq!(Mode::custom_text(&Scope::Any), "");
        assert_eq!(Mode::custom_text(&Scope::local_subnet()), "localsubnet");
    }
}
