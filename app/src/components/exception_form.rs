//! The add / edit form of an exception, one component for both lists (ports have a port
//! number and a protocol, programs a path). Every field is checked as you type with `core`'s
//! parsers ([`ExceptionDraft::check`]); the policy changes only when the whole definition is
//! valid.

use fwpolicy_core::edit::ListKind;
use fwpolicy_core::{Field, ProfileKind, Scope, Severity, Status, Transport};
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::components::scope_editor::ScopeEditor;
use crate::dom;
use crate::forms::{Exception, ExceptionDraft, FieldMessage};
use crate::state::use_app;

fn invalid(m: &[FieldMessage]) -> &'static str {
    if m.iter().any(|m| m.severity == Severity::Error) {
        "true"
    } else {
        "false"
    }
}

/// What the exceptions page asks a form to show: a fresh add form or an edit of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSeed {
    /// Index of the exception being edited; `None` when adding.
    pub editing: Option<usize>,
    /// Initial field values (and which list).
    pub draft: ExceptionDraft,
}

/// The words of a form that depend on its list.
struct Words {
    /// `port exception` / `program exception`.
    noun: &'static str,
    /// Id infix (`portform` / `progform`).
    form: &'static str,
    /// Id suffix and label of the first field.
    target: (&'static str, &'static str),
}

fn words(list: ListKind) -> Words {
    match list {
        ListKind::Ports => Words {
            noun: "port exception",
            form: "portform",
            target: ("port", "Port"),
        },
        ListKind::Programs => Words {
            noun: "program exception",
            form: "progform",
            target: ("path", "Program path"),
        },
    }
}

/// The id of a form's first field (focused when the form opens).
pub fn first_field_id(profile: ProfileKind, list: ListKind) -> String {
    let w = words(list);
    format!("{}-{}-{}", profile.as_str(), w.form, w.target.0)
}

/// The exception form of one list.
#[component]
pub fn ExceptionForm(
    /// Profile the exception belongs to.
    profile: ProfileKind,
    /// Initial values, which list, and whether this edits an existing row.
    seed: FormSeed,
    /// Called after the exception was added or changed, or when editing is cancelled.
    on_done: Callback<Option<usize>>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let editing = seed.editing;
    let list = seed.draft.list;
    let w = words(list);
    let noun = w.noun;
    let scope_value = Signal::stored(seed.draft.scope.clone().unwrap_or_default());
    let target_field = seed.draft.target_field();
    let draft = RwSignal::new(seed.draft);
    let touched = RwSignal::new(editing.is_some());
    let checked = Memo::new(move |_| draft.with(ExceptionDraft::check));
    // A field's messages show once it holds text or the form was submitted.
    let msgs = move |field: Field| {
        Signal::derive(move || {
            let shown = match field {
                Field::Line => true,
                Field::Name => touched.get() || draft.with(|d| !d.name.is_empty()),
                _ => touched.get() || draft.with(|d| !d.target.is_empty()),
            };
            if !shown {
                return Vec::new();
            }
            checked.with(|c| c.for_field(field).into_iter().cloned().collect())
        })
    };
    let target_msgs = msgs(target_field);
    let name_msgs = msgs(Field::Name);
    let id = format!("{}-{}", profile.as_str(), w.form);
    let submit = move || {
        touched.set(true);
        let Some(exception) = checked.get_untracked().value else {
            ui.say(format!(
                "The {noun} is not valid yet; see the messages next to the fields."
            ));
            return;
        };
        let line = exception.definition();
        let edit = match editing {
            Some(index) => exception.replace(profile, index),
            None => store.peek(|pol| Exception::add(exception, pol, profile)),
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
    let heading = match editing {
        Some(i) => format!("Edit {noun} {}", i + 1),
        None => format!("Add a {noun}"),
    };
    let ports = list == ListKind::Ports;
    let target_id = format!("{id}-{}", w.target.0);
    let name_id = format!("{id}-name");
    view! {
        <form
            class="exception-form"
            aria-labelledby=format!("{id}-h")
            on:submit:target=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <h3 id=format!("{id}-h")>{heading}</h3>
            <div class="form-grid">
                <div class=if ports { "field" } else { "field grow" }>
                    <label for=target_id.clone() class="field-label">{w.target.1}</label>
                    <input
                        id=target_id.clone()
                        type="text"
                        inputmode=ports.then_some("numeric")
                        autocomplete="off"
                        spellcheck=(!ports).then_some("false")
                        class=if ports { "narrow" } else { "wide" }
                        placeholder=(!ports).then_some("%ProgramFiles%\\App\\app.exe")
                        aria-describedby=format!("{target_id}-msg")
                        aria-invalid=move || target_msgs.with(|m| invalid(m))
                        prop:value=move || draft.with(|d| d.target.clone())
                        on:input:target=move |ev| draft.update(|d| d.target = event_target_value(&*ev))
                    />
                    <FieldMessages id=format!("{target_id}-msg") messages=target_msgs />
                </div>
                {ports.then(|| view! {
                    <div class="field">
                        <label for=format!("{id}-proto") class="field-label">"Protocol"</label>
                        <select
                            id=format!("{id}-proto")
                            on:change:target=move |ev| {
                                let t = if event_target_value(&*ev) == "UDP" { Transport::Udp } else { Transport::Tcp };
                                draft.update(|d| d.transport = t);
                            }
                        >
                            <option value="TCP" selected=move || draft.with(|d| d.transport == Transport::Tcp)>"TCP"</option>
                            <option value="UDP" selected=move || draft.with(|d| d.transport == Transport::Udp)>"UDP"</option>
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for=name_id.clone() class="field-label">"Name"</label>
                    <input
                        id=name_id.clone()
                        type="text"
                        autocomplete="off"
                        class="wide"
                        aria-describedby=format!("{name_id}-msg")
                        aria-invalid=move || name_msgs.with(|m| invalid(m))
                        prop:value=move || draft.with(|d| d.name.clone())
                        on:input:target=move |ev| draft.update(|d| d.name = event_target_value(&*ev))
                    />
                    <FieldMessages id=format!("{name_id}-msg") messages=name_msgs />
                </div>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || draft.with(|d| d.status == Status::Enabled)
                        on:change:target=move |ev| {
                            let s = if event_target_checked(&ev) { Status::Enabled } else { Status::Disabled };
                            draft.update(|d| d.status = s);
                        }
                    />
                    "Enabled"
                </label>
            </div>
            <ScopeEditor
                id=format!("{id}-scope")
                legend="Scope"
                value=scope_value
                live=true
                on_change=Callback::new(move |s: Option<Scope>| draft.update(|d| d.scope = s))
            />
            <FieldMessages id=format!("{id}-line-msg") messages=msgs(Field::Line) />
            <div class="actions">
                <button type="submit" class="primary">
                    {match (editing, ports) {
                        (Some(_), _) => "Save changes",
                        (None, true) => "Add port exception",
                        (None, false) => "Add program exception",
                    }}
                </button>
                {editing.map(|_| view! {
                    <button type="button" on:click:target=move |_| on_done.run(editing)>"Cancel"</button>
                })}
            </div>
        </form>
    }
}

/// Focuses the first field of a form after it was (re)mounted.
pub fn focus_first_field(profile: ProfileKind, list: ListKind) {
    let id = first_field_id(profile, list);
    request_animation_frame(move || dom::focus_id(&id));
}
