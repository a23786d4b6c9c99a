//! Add / edit forms for port and program exceptions. Every field is checked as you type with
//! `core`'s parsers; the policy changes only when the whole definition is valid.

use fwpolicy_core::edit::Edit;
use fwpolicy_core::{Field, ProfileKind, Scope, Severity, Status, Transport};
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::components::scope_editor::ScopeEditor;
use crate::dom;
use crate::forms::{Checked, FieldMessage, PortDraft, ProgramDraft};
use crate::state::use_app;

fn shown<T>(c: &Checked<T>, field: Field, touched: bool) -> Vec<FieldMessage> {
    if !touched {
        return Vec::new();
    }
    c.for_field(field).into_iter().cloned().collect()
}

fn invalid(m: &[FieldMessage]) -> &'static str {
    if m.iter().any(|m| m.severity == Severity::Error) {
        "true"
    } else {
        "false"
    }
}

/// What the exceptions page asks a form to show: a fresh add form or an edit of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSeed<D> {
    /// Index of the exception being edited; `None` when adding.
    pub editing: Option<usize>,
    /// Initial field values.
    pub draft: D,
}

/// The port exception form.
#[component]
pub fn PortForm(
    /// Profile the exception belongs to.
    profile: ProfileKind,
    /// Initial values and whether this edits an existing row.
    seed: FormSeed<PortDraft>,
    /// Called after the exception was added or changed, or when editing is cancelled.
    on_done: Callback<Option<usize>>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let editing = seed.editing;
    let p = profile.as_str();
    let port = RwSignal::new(seed.draft.port.clone());
    let transport = RwSignal::new(seed.draft.transport);
    let scope = RwSignal::new(seed.draft.scope.clone());
    let enabled = RwSignal::new(seed.draft.status.is_enabled());
    let name = RwSignal::new(seed.draft.name.clone());
    let touched = RwSignal::new(editing.is_some());
    let checked = Memo::new(move |_| {
        PortDraft {
            port: port.get(),
            transport: transport.get(),
            scope: scope.get(),
            status: if enabled.get() {
                Status::Enabled
            } else {
                Status::Disabled
            },
            name: name.get(),
        }
        .check()
    });
    let port_msgs = Signal::derive(move || {
        checked.with(|c| {
            shown(
                c,
                Field::Port,
                touched.get() || !port.with(String::is_empty),
            )
        })
    });
    let name_msgs = Signal::derive(move || {
        checked.with(|c| {
            shown(
                c,
                Field::Name,
                touched.get() || !name.with(String::is_empty),
            )
        })
    });
    let line_msgs = Signal::derive(move || checked.with(|c| shown(c, Field::Line, true)));
    let id = format!("{p}-portform");
    let submit = move || {
        touched.set(true);
        let Some(exception) = checked.get_untracked().value else {
            ui.say("The port exception is not valid yet; see the messages next to the fields.");
            return;
        };
        let line = exception.to_string();
        let edit = match editing {
            Some(index) => Edit::ReplacePort {
                profile,
                index,
                exception,
            },
            None => store.peek(|pol| Edit::add_port(pol, profile, exception)),
        };
        if store.apply(edit).is_ok() {
            ui.say(match editing {
                Some(_) => format!("Changed port exception to {line}"),
                None => format!("Added port exception {line}"),
            });
            on_done.run(editing);
        } else {
            ui.say("The port exception could not be applied.");
        }
    };
    let scope_value = Signal::stored(seed.draft.scope.clone().unwrap_or_default());
    let heading = match editing {
        Some(i) => format!("Edit port exception {}", i + 1),
        None => "Add a port exception".to_string(),
    };
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
                <div class="field">
                    <label for=format!("{id}-port") class="field-label">"Port"</label>
                    <input
                        id=format!("{id}-port")
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        class="narrow"
                        aria-describedby=format!("{id}-port-msg")
                        aria-invalid=move || port_msgs.with(|m| invalid(m))
                        prop:value=move || port.get()
                        on:input:target=move |ev| port.set(event_target_value(&*ev))
                    />
                    <FieldMessages id=format!("{id}-port-msg") messages=port_msgs />
                </div>
                <div class="field">
                    <label for=format!("{id}-proto") class="field-label">"Protocol"</label>
                    <select
                        id=format!("{id}-proto")
                        on:change:target=move |ev| {
                            transport.set(if event_target_value(&*ev) == "UDP" { Transport::Udp } else { Transport::Tcp })
                        }
                    >
                        <option value="TCP" selected=move || transport.get() == Transport::Tcp>"TCP"</option>
                        <option value="UDP" selected=move || transport.get() == Transport::Udp>"UDP"</option>
                    </select>
                </div>
                <div class="field">
                    <label for=format!("{id}-name") class="field-label">"Name"</label>
                    <input
                        id=format!("{id}-name")
                        type="text"
                        autocomplete="off"
                        class="wide"
                        aria-describedby=format!("{id}-name-msg")
                        aria-invalid=move || name_msgs.with(|m| invalid(m))
                        prop:value=move || name.get()
                        on:input:target=move |ev| name.set(event_target_value(&*ev))
                    />
                    <FieldMessages id=format!("{id}-name-msg") messages=name_msgs />
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || enabled.get() on:change:target=move |ev| enabled.set(event_target_checked(&*ev)) />
                    "Enabled"
                </label>
            </div>
            <ScopeEditor
                id=format!("{id}-scope")
                legend="Scope"
                value=scope_value
                live=true
                on_change=Callback::new(move |s: Option<Scope>| scope.set(s))
            />
            <FieldMessages id=format!("{id}-line-msg") messages=line_msgs />
            <div class="actions">
                <button type="submit" class="primary">
                    {if editing.is_some() { "Save changes" } else { "Add port exception" }}
                </button>
                {editing.map(|_| view! {
                    <button type="button" on:click:target=move |_| on_done.run(editing)>"Cancel"</button>
                })}
            </div>
        </form>
    }
}

/// The program exception form.
#[component]
pub fn ProgramForm(
    /// Profile the exception belongs to.
    profile: ProfileKind,
    /// Initial values and whether this edits an existing row.
    seed: FormSeed<ProgramDraft>,
    /// Called after the exception was added or changed, or when editing is cancelled.
    on_done: Callback<Option<usize>>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let editing = seed.editing;
    let p = profile.as_str();
    let path = RwSignal::new(seed.draft.path.clone());
    let scope = RwSignal::new(seed.draft.scope.clone());
    let enabled = RwSignal::new(seed.draft.status.is_enabled());
    let name = RwSignal::new(seed.draft.name.clone());
    let touched = RwSignal::new(editing.is_some());
    let checked = Memo::new(move |_| {
        ProgramDraft {
            path: path.get(),
            scope: scope.get(),
            status: if enabled.get() {
                Status::Enabled
            } else {
                Status::Disabled
            },
            name: name.get(),
        }
        .check()
    });
    let path_msgs = Signal::derive(move || {
        checked.with(|c| {
            shown(
                c,
                Field::Path,
                touched.get() || !path.with(String::is_empty),
            )
        })
    });
    let name_msgs = Signal::derive(move || {
        checked.with(|c| {
            shown(
                c,
                Field::Name,
                touched.get() || !name.with(String::is_empty),
            )
        })
    });
    let line_msgs = Signal::derive(move || checked.with(|c| shown(c, Field::Line, true)));
    let id = format!("{p}-progform");
    let submit = move || {
        touched.set(true);
        let Some(exception) = checked.get_untracked().value else {
            ui.say("The program exception is not valid yet; see the messages next to the fields.");
            return;
        };
        let line = exception.to_string();
        let edit = match editing {
            Some(index) => Edit::ReplaceProgram {
                profile,
                index,
                exception,
            },
            None => store.peek(|pol| Edit::add_program(pol, profile, exception)),
        };
        if store.apply(edit).is_ok() {
            ui.say(match editing {
                Some(_) => format!("Changed program exception to {line}"),
                None => format!("Added program exception {line}"),
            });
            on_done.run(editing);
        }
    };
    let scope_value = Signal::stored(seed.draft.scope.clone().unwrap_or_default());
    let heading = match editing {
        Some(i) => format!("Edit program exception {}", i + 1),
        None => "Add a program exception".to_string(),
    };
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
                <div class="field grow">
                    <label for=format!("{id}-path") class="field-label">"Program path"</label>
                    <input
                        id=format!("{id}-path")
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        class="wide"
                        placeholder="%ProgramFiles%\\App\\app.exe"
                        aria-describedby=format!("{id}-path-msg")
                        aria-invalid=move || path_msgs.with(|m| invalid(m))
                        prop:value=move || path.get()
                        on:input:target=move |ev| path.set(event_target_value(&*ev))
                    />
                    <FieldMessages id=format!("{id}-path-msg") messages=path_msgs />
                </div>
                <div class="field">
                    <label for=format!("{id}-name") class="field-label">"Name"</label>
                    <input
                        id=format!("{id}-name")
                        type="text"
                        autocomplete="off"
                        class="wide"
                        aria-describedby=format!("{id}-name-msg")
                        aria-invalid=move || name_msgs.with(|m| invalid(m))
                        prop:value=move || name.get()
                        on:input:target=move |ev| name.set(event_target_value(&*ev))
                    />
                    <FieldMessages id=format!("{id}-name-msg") messages=name_msgs />
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || enabled.get() on:change:target=move |ev| enabled.set(event_target_checked(&*ev)) />
                    "Enabled"
                </label>
            </div>
            <ScopeEditor
                id=format!("{id}-scope")
                legend="Scope"
                value=scope_value
                live=true
                on_change=Callback::new(move |s: Option<Scope>| scope.set(s))
            />
            <FieldMessages id=format!("{id}-line-msg") messages=line_msgs />
            <div class="actions">
                <button type="submit" class="primary">
                    {if editing.is_some() { "Save changes" } else { "Add program exception" }}
                </button>
                {editing.map(|_| view! {
                    <button type="button" on:click:target=move |_| on_done.run(editing)>"Cancel"</button>
                })}
            </div>
        </form>
    }
}

/// Focuses the first field of a form after it was (re)mounted.
pub fn focus_first_field(form_id: &str) {
    let id = form_id.to_string();
    request_animation_frame(move || dom::focus_id(&id));
}
