//! The add / edit form of an exception, one component for both lists (ports have a port
//! number and a protocol, programs a path). Every field is checked as you type with `core`'s
//! parsers ([`ExceptionDraft::check`]); the policy changes only when the whole definition is
//! valid.
//!
//! Size trick: the fields are markup ([`fields_markup`], written once per form) read by one
//! delegated `input`/`change` listener (`data-act`); the messages and `aria-invalid` follow
//! the check through [`dom::live_markup`] and [`dom::bind`].

use fwpolicy_core::model::edit::ListKind;
use fwpolicy_core::{Field, ProfileKind, Scope, Severity, Status, Transport};
use leptos::prelude::*;

use std::rc::Rc;

use crate::components::field_messages::messages_markup;
use crate::components::scope_editor::scope_widget;
use crate::dom::{self, Bind};
use crate::forms::{Exception, ExceptionDraft, FieldMessage};
use crate::html::{action_of, text_field, Markup};
use crate::state::use_app;
use crate::ui::{block, Handler};

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

/// The heading and the fields of a form (`id` is its prefix, `<profile>-portform`): the
/// port number or program path (`data-act="target"`), the protocol for ports (`proto`),
/// the name (`name`) and the Enabled box (`on`), filled from the draft.
pub fn fields_markup(id: &str, seed: &FormSeed) -> String {
    let d = &seed.draft;
    let w = words(d.list);
    let ports = d.list == ListKind::Ports;
    let mut m = Markup::new();
    let heading = match seed.editing {
        Some(i) => format!("Edit {} {}", w.noun, i + 1),
        None => format!("Add a {}", w.noun),
    };
    m.leaf("h3", &[("id", &format!("{id}-h"))], &heading);
    m.open("div", &[("class", "form-grid")]);
    let target_id = format!("{id}-{}", w.target.0);
    let target_attrs: &[(&str, &str)] = if ports {
        &[
            ("type", "text"),
            ("inputmode", "numeric"),
            ("autocomplete", "off"),
            ("class", "narrow"),
            ("data-act", "target"),
        ]
    } else {
        &[
            ("type", "text"),
            ("autocomplete", "off"),
            ("spellcheck", "false"),
            ("class", "wide"),
            ("placeholder", "%ProgramFiles%\\App\\app.exe"),
            ("data-act", "target"),
        ]
    };
    text_field(
        &mut m,
        if ports { "field" } else { "field grow" },
        &target_id,
        w.target.1,
        &d.target,
        target_attrs,
        "",
    );
    if ports {
        let proto = format!("{id}-proto");
        m.open("div", &[("class", "field")])
            .leaf(
                "label",
                &[("for", &proto), ("class", "field-label")],
                "Protocol",
            )
            .open("select", &[("id", &proto), ("data-act", "proto")]);
        for (t, name) in [(Transport::Tcp, "TCP"), (Transport::Udp, "UDP")] {
            if d.transport == t {
                m.leaf("option", &[("value", name), ("selected", "")], name);
            } else {
                m.leaf("option", &[("value", name)], name);
            }
        }
        m.close("select").close("div");
    }
    text_field(
        &mut m,
        "field",
        &format!("{id}-name"),
        "Name",
        &d.name,
        &[
            ("type", "text"),
            ("autocomplete", "off"),
            ("class", "wide"),
            ("data-act", "name"),
        ],
        "",
    );
    let mut boxed = vec![("type", "checkbox"), ("data-act", "on")];
    if d.status == Status::Enabled {
        boxed.push(("checked", ""));
    }
    m.open("label", &[("class", "check")])
        .open("input", &boxed)
        .text("Enabled")
        .close("label");
    m.close("div");
    m.finish()
}

/// The form's buttons: submit, and Cancel (`data-act="cancel"`) when editing.
pub fn actions_markup(seed: &FormSeed) -> String {
    let mut m = Markup::new();
    let submit = match (seed.editing, seed.draft.list) {
        (Some(_), _) => "Save changes",
        (None, ListKind::Ports) => "Add port exception",
        (None, ListKind::Programs) => "Add program exception",
    };
    m.leaf(
        "button",
        &[("type", "submit"), ("class", "primary")],
        submit,
    );
    if seed.editing.is_some() {
        m.leaf(
            "button",
            &[("type", "button"), ("data-act", "cancel")],
            "Cancel",
        );
    }
    m.finish()
}

fn invalid(m: &[FieldMessage]) -> bool {
    m.iter().any(|m| m.severity == Severity::Error)
}

/// The exception form of one list of `profile`, filled from `seed`; `on_done` runs after
/// the exception was added or changed, or when editing is cancelled.
pub fn exception_form(
    profile: ProfileKind,
    seed: FormSeed,
    on_done: Callback<Option<usize>>,
) -> AnyView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let editing = seed.editing;
    let list = seed.draft.list;
    let w = words(list);
    let noun = w.noun;
    let id = format!("{}-{}", profile.as_str(), w.form);
    let scope_value = Signal::stored(seed.draft.scope.clone().unwrap_or_default());
    let fields = fields_markup(&id, &seed);
    let actions = actions_markup(&seed);
    let target_field = seed.draft.target_field();
    let draft = RwSignal::new(seed.draft);
    let touched = RwSignal::new(editing.is_some());
    let checked = Memo::new(move |_| draft.with(ExceptionDraft::check));
    // A field's messages show once it holds text or the form was submitted.
    let shown = move |field: Field| {
        let shown = match field {
            Field::Line => true,
            Field::Name => touched.get() || draft.with(|d| !d.name.is_empty()),
            _ => touched.get() || draft.with(|d| !d.target.is_empty()),
        };
        if !shown {
            return Vec::new();
        }
        checked.with(|c| c.for_field(field).into_iter().cloned().collect::<Vec<_>>())
    };
    for (field, input) in [
        (target_field, format!("{id}-{}", w.target.0)),
        (Field::Name, format!("{id}-name")),
        (Field::Line, String::new()),
    ] {
        let msg_id = if input.is_empty() {
            format!("{id}-line-msg")
        } else {
            format!("{input}-msg")
        };
        let _ = dom::live_markup(msg_id, Box::new(move || messages_markup(&shown(field))));
        if !input.is_empty() {
            dom::bind(
                input,
                Bind::Attr("aria-invalid"),
                Box::new(move || invalid(&shown(field)).to_string()),
            );
        }
    }
    let (scope, scope_on) = scope_widget(
        &format!("{id}-scope"),
        "Scope",
        scope_value,
        true,
        Callback::new(move |s: Option<Scope>| draft.update(|d| d.scope = s)),
    );
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
    let on: Handler = Rc::new(move |ev| {
        scope_on(ev);
        let kind = ev.type_();
        if kind == "submit" {
            ev.prevent_default();
            submit();
            return;
        }
        let Some((act, _)) = action_of(ev) else {
            return;
        };
        let v = dom::field_value(ev);
        match (act.as_str(), kind.as_str()) {
            ("target", "input") => draft.update(|d| d.target = v),
            ("name", "input") => draft.update(|d| d.name = v),
            ("proto", "change") => draft.update(|d| {
                d.transport = if v == "UDP" {
                    Transport::Udp
                } else {
                    Transport::Tcp
                }
            }),
            ("on", "change") => draft.update(|d| {
                d.status = if v == "true" {
                    Status::Enabled
                } else {
                    Status::Disabled
                }
            }),
            ("cancel", "click") => on_done.run(editing),
            _ => {}
        }
    });
    let mut m = Markup::new();
    m.open(
        "form",
        &[
            ("class", "exception-form"),
            ("aria-labelledby", &format!("{id}-h")),
        ],
    )
    .markup(&fields)
    .markup(&scope)
    .open(
        "ul",
        &[
            ("class", "field-messages"),
            ("id", &format!("{id}-line-msg")),
        ],
    )
    .close("ul")
    .open("div", &[("class", "actions")])
    .markup(&actions)
    .close("div")
    .close("form");
    block("", format!("{id}-box"), m.finish(), on)
}

/// Focuses the first field of a form after it was (re)mounted.
pub fn focus_first_field(profile: ProfileKind, list: ListKind) {
    let id = first_field_id(profile, list);
    request_animation_frame(move || dom::focus_id(&id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_form_has_its_fields_filled_from_the_draft() {
        let mut draft = ExceptionDraft::fresh(ListKind::Ports);
        draft.target = "8443".into();
        draft.transport = Transport::Udp;
        let seed = FormSeed {
            editing: Some(0),
            draft,
        };
        let m = fields_markup("domain-portform", &seed);
        assert!(m.starts_with(
            "<h3 id=\"domain-portform-h\">Edit port exception 1</h3><div class=\"form-grid\">"
        ));
        assert!(m.contains("<input id=\"domain-portform-port\" value=\"8443\" aria-describedby=\"domain-portform-port-msg\" type=\"text\" inputmode=\"numeric\""));
        assert!(m.contains("<option value=\"UDP\" selected=\"\">UDP</option>"));
        assert!(
            m.contains("<label for=\"domain-portform-name\" class=\"field-label\">Name</label>")
        );
        assert!(m.contains("<input type=\"checkbox\" data-act=\"on\" checked=\"\">Enabled</label>"));
        assert_eq!(
            actions_markup(&seed),
            "<button type=\"submit\" class=\"primary\">Save changes</button>\
             <button type=\"button\" data-act=\"cancel\">Cancel</button>"
        );
        let program = fields_markup(
            "standard-progform",
            &FormSeed {
                editing: None,
                draft: ExceptionDraft::fresh(ListKind::Programs),
            },
        );
        assert!(program.starts_with("<h3 id=\"standard-progform-h\">Add a program exception</h3>"));
        assert!(program.contains(
            "<label for=\"standard-progform-path\" class=\"field-label\">Program path</label>"
        ));
        assert!(!program.contains("<select"));
    }
}
