//! The add / edit form of an exception, one component for both lists (ports have a port
//! number and a protocol, programs a path). Every field is checked as you type with `core`'s
//! parsers ([`ExceptionDraft::check`]); the policy changes only when the whole definition is
//! valid.

use fwpolicy_core::model::edit::ListKind;
use fwpolicy_core::model::list::find_duplicate;
use fwpolicy_core::{Field, ProfileKind, Scope, Status, Transport};
use leptos::prelude::*;

use crate::components::check_box::CheckBox;
use crate::components::field_messages::FieldMessages;
use crate::components::scope_editor::ScopeEditor;
use crate::components::text_field::TextField;
use crate::dom;
use crate::forms::ExceptionDraft;
use crate::state::{use_app, Region};

/// What the exceptions page asks a form to show: a fresh add form or an edit of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSeed {
    /// Index of the exception being edited; `None` when adding.
    pub editing: Option<usize>,
    /// Initial field values (and which list).
    pub draft: ExceptionDraft,
}

impl FormSeed {
    /// A fresh add form for a list.
    pub fn fresh(list: ListKind) -> FormSeed {
        FormSeed {
            editing: None,
            draft: ExceptionDraft::fresh(list),
        }
    }

    /// The form's heading ("Add a port exception", "Edit port exception 2").
    pub fn heading(&self) -> String {
        let noun = self.draft.list.noun();
        match self.editing {
            Some(i) => format!("Edit {noun} {}", i + 1),
            None => format!("Add a {noun}"),
        }
    }

    /// The submit button's text.
    pub fn submit_label(&self) -> String {
        match self.editing {
            Some(_) => "Save changes".into(),
            None => format!("Add {}", self.draft.list.noun()),
        }
    }
}

/// Id prefix of a form's fields (`domain-portform`).
pub fn form_id(profile: ProfileKind, list: ListKind) -> String {
    let form = match list {
        ListKind::Ports => "portform",
        ListKind::Programs => "progform",
    };
    format!("{}-{form}", profile.as_str())
}

/// The id of a form's first field (focused when the form opens for editing).
pub fn first_field_id(profile: ProfileKind, list: ListKind) -> String {
    let what = match list {
        ListKind::Ports => "port",
        ListKind::Programs => "path",
    };
    format!("{}-{what}", form_id(profile, list))
}

/// The exception form of one list of `profile`, filled from `seed`.
#[component]
pub fn ExceptionForm(
    /// Which profile.
    profile: ProfileKind,
    /// Initial values, and the row being edited if any.
    seed: FormSeed,
    /// Runs after the exception was added or changed, or when editing is cancelled, with the
    /// index that was being edited.
    on_done: Callback<Option<usize>>,
    /// Opens a row of the same list for editing (offered when the form's exception duplicates
    /// it).
    on_edit: Callback<usize>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let editing = seed.editing;
    let list = seed.draft.list;
    let noun = list.noun();
    let id = form_id(profile, list);
    let heading = seed.heading();
    let submit_label = seed.submit_label();
    let scope_value = Signal::stored(seed.draft.scope.clone().unwrap_or_default());
    let target_field = seed.draft.target_field();
    let draft = RwSignal::new(seed.draft);
    let touched = RwSignal::new(editing.is_some());
    let checked = Memo::new(move |_| draft.with(ExceptionDraft::check));
    // The row this port or program already has in the profile, said while typing (the name
    // does not matter for a duplicate, so a draft without one is checked as if named).
    let duplicate = Memo::new(move |_| {
        // The form's own check when it is complete; only a draft still without a name is
        // checked again, named.
        let candidate = checked.with(|c| c.value.clone()).or_else(|| {
            draft.with(|d| {
                if !d.name.trim().is_empty() {
                    return None;
                }
                let mut d = d.clone();
                d.name = "(unnamed)".into();
                d.check().value
            })
        })?;
        store.read(&[Region::list(profile, list)], |p| {
            find_duplicate(p, profile, &candidate, editing)
        })
    });
    // A field's messages show once it holds text or the form was submitted.
    let shown = move |field: Field| {
        Signal::derive(move || {
            let shown = match field {
                Field::Line => true,
                Field::Name => touched.get() || draft.with(|d| !d.name.is_empty()),
                _ => touched.get() || draft.with(|d| !d.target.is_empty()),
            };
            if !shown {
                return Vec::new();
            }
            checked.with(|c| c.for_field(field).into_iter().cloned().collect::<Vec<_>>())
        })
    };
    let submit = move || {
        touched.set(true);
        let Some(exception) = checked.get_untracked().value else {
            ui.say(format!(
                "The {noun} is not valid yet; see the messages next to the fields."
            ));
            return;
        };
        let line = exception.to_string();
        let edit = match editing {
            Some(index) => exception.replace(profile, index),
            None => store.peek(|pol| exception.add(pol, profile)),
        };
        if store.apply(edit).is_ok() {
            ui.say(match editing {
                Some(_) => format!("Changed {noun} to {line}"),
                None => format!("Added {noun} {line}"),
            });
            on_done.run(editing);
        } else {
            ui.say(format!("The {noun} could not be applied."));
        }
    };
    let target = match list {
        ListKind::Ports => view! {
            <TextField
                id=format!("{id}-port")
                label="Port"
                input_class="narrow"
                inputmode="numeric"
                value=Signal::derive(move || draft.with(|d| d.target.clone()))
                messages=shown(target_field)
                on_input=Callback::new(move |t| draft.update(|d| d.target = t))
            />
            <div class="field">
                <label for=format!("{id}-proto") class="field-label">"Protocol"</label>
                <select
                    id=format!("{id}-proto")
                    prop:value=move || draft.with(|d| d.transport.as_str().to_string())
                    on:change=move |ev| {
                        let t = Transport::parse(&event_target_value(&ev)).unwrap_or_default();
                        draft.update(|d| d.transport = t);
                    }
                >
                    <option value="TCP">"TCP"</option>
                    <option value="UDP">"UDP"</option>
                </select>
            </div>
        }
        .into_any(),
        ListKind::Programs => view! {
            <TextField
                id=format!("{id}-path")
                label="Program path"
                class="field grow"
                input_class="wide"
                placeholder="%ProgramFiles%\\App\\app.exe"
                value=Signal::derive(move || draft.with(|d| d.target.clone()))
                messages=shown(target_field)
                on_input=Callback::new(move |t| draft.update(|d| d.target = t))
            />
        }
        .into_any(),
    };
    view! {
        <form
            class="exception-form"
            aria-labelledby=format!("{id}-h")
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                // Esc cancels an edit (the add form has nothing to cancel).
                if ev.key() == "Escape" && editing.is_some() {
                    ev.prevent_default();
                    on_done.run(editing);
                }
            }
        >
            <h3 id=format!("{id}-h")>{heading}</h3>
            <div class="form-grid">
                {target}
                <TextField
                    id=format!("{id}-name")
                    label="Name"
                    input_class="wide"
                    value=Signal::derive(move || draft.with(|d| d.name.clone()))
                    messages=shown(Field::Name)
                    on_input=Callback::new(move |t| draft.update(|d| d.name = t))
                />
                <CheckBox
                    label="Enabled"
                    checked=Signal::derive(move || draft.with(|d| d.status == Status::Enabled))
                    on_toggle=Callback::new(move |on| {
                        draft.update(|d| d.status = if on { Status::Enabled } else { Status::Disabled });
                    })
                />
            </div>
            <ScopeEditor
                id=format!("{id}-scope")
                legend="Scope"
                value=scope_value
                live=true
                on_change=Callback::new(move |s: Option<Scope>| draft.update(|d| d.scope = s))
            />
            <FieldMessages id=format!("{id}-line-msg") messages=shown(Field::Line) />
            <div class="duplicate-note" id=format!("{id}-dup") role="status">
                {move || {
                    duplicate
                        .get()
                        .map(|row| {
                            let index = row.index;
                            let same_list = row.list == list;
                            view! {
                                <p class="field-msg sev-warning">
                                    <span class="sev">"Already there: "</span>
                                    {row.message}
                                </p>
                                {same_list
                                    .then(|| {
                                        view! {
                                            <button type="button" on:click=move |_| on_edit.run(index)>
                                                {format!("Edit row {}", index + 1)}
                                            </button>
                                        }
                                    })}
                            }
                        })
                }}
            </div>
            <div class="actions">
                <button type="submit" class="primary">{submit_label}</button>
                {editing
                    .map(|_| {
                        view! {
                            <button type="button" on:click=move |_| on_done.run(editing)>
                                "Cancel"
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}

/// Focuses the first field of a form after it was (re)mounted.
pub fn focus_first_field(profile: ProfileKind, list: ListKind) {
    dom::focus_id_soon(first_field_id(profile, list));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_worded_for_its_list_and_purpose() {
        let add = FormSeed::fresh(ListKind::Ports);
        assert_eq!(add.heading(), "Add a port exception");
        assert_eq!(add.submit_label(), "Add port exception");
        let edit = FormSeed {
            editing: Some(0),
            draft: ExceptionDraft::fresh(ListKind::Programs),
        };
        assert_eq!(edit.heading(), "Edit program exception 1");
        assert_eq!(edit.submit_label(), "Save changes");
        assert_eq!(
            first_field_id(ProfileKind::Standard, ListKind::Programs),
            "standard-progform-path"
        );
    }
}
