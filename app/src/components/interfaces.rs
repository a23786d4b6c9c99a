//! Per-profile interface exclusions ("firewall off on this connection").

use fwpolicy_core::model::edit::Edit;
use fwpolicy_core::ProfileKind;
use leptos::prelude::*;

use std::rc::Rc;

use crate::components::field_messages::messages_markup;
use crate::dom::{self, Bind};
use crate::forms;
use crate::html::{action_of, Markup};
use crate::state::{use_app, Region};
use crate::ui::{block, Handler};

/// The excluded connections, each with its Remove button (`data-act="rm"`, `data-i` =
/// position).
pub fn chips_markup(id: &str, names: &[String]) -> String {
    let mut m = Markup::new();
    for (i, name) in names.iter().enumerate() {
        let button = format!("{id}-rm-{i}");
        let label = format!("Remove {name}");
        let index = i.to_string();
        m.open("li", &[]).text(name).leaf(
            "button",
            &[
                ("type", "button"),
                ("class", "icon"),
                ("id", &button),
                ("aria-label", &label),
                ("data-act", "rm"),
                ("data-i", &index),
            ],
            "×",
        );
        m.close("li");
    }
    m.finish()
}

/// The list of excluded connections of a profile, with add and remove.
pub fn interface_exclusions(profile: ProfileKind) -> AnyView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let names = move || {
        store.read(&[Region::Interfaces(profile)], |p| {
            p.profile(profile).excluded_interfaces.clone()
        })
    };
    let draft = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let checked = Memo::new(move |_| forms::interface(&draft.get(), &names()));
    let msgs = move || {
        if touched.get() {
            checked.with(|c| c.messages.clone())
        } else {
            Vec::new()
        }
    };
    let id = format!("{}-iface", profile.as_str());
    let chips = {
        let id = id.clone();
        dom::live_markup(
            format!("{id}-chips"),
            Box::new(move || chips_markup(&id, &names())),
        )
    };
    let messages = dom::live_markup(
        format!("{id}-msg"),
        Box::new(move || messages_markup(&msgs())),
    );
    dom::bind(id.clone(), Bind::Value, Box::new(move || draft.get()));
    dom::bind(
        id.clone(),
        Bind::Attr("aria-invalid"),
        Box::new(move || (!msgs().is_empty()).to_string()),
    );
    let add = move || {
        touched.set(true);
        if let Some(name) = checked.get_untracked().value {
            let mut list = untrack(names);
            list.push(name);
            if dispatch
                .run(Edit::SetExcludedInterfaces {
                    profile,
                    interfaces: list,
                })
                .is_ok()
            {
                draft.set(String::new());
                touched.set(false);
            }
        }
    };
    let mut m = Markup::new();
    let h = format!("{id}-h");
    m.open("section", &[("class", "interfaces"), ("aria-labelledby", &h)])
        .leaf(
            "h2",
            &[("id", &h)],
            &format!("Connections without firewall ({})", profile.label()),
        )
        .leaf(
            "p",
            &[("class", "note"), ("role", "note")],
            "XP-era Group Policy cannot express interface exclusions: Registry.pol, LGPO text and .reg leave them out (with a warning). \
             The netsh script (set opmode … interface=) and PowerShell (-DisabledInterfaceAliases) carry them.",
        )
        .open("ul", &[("class", "chips"), ("id", &format!("{id}-chips"))])
        .markup(&chips)
        .close("ul")
        .open("form", &[("class", "inline-form")])
        .leaf("label", &[("for", &id), ("class", "field-label")], "Connection name")
        .open(
            "input",
            &[
                ("id", &id),
                ("type", "text"),
                ("placeholder", "e.g. Local Area Connection 2"),
                ("aria-describedby", &format!("{id}-msg")),
                ("data-act", "iface"),
            ],
        )
        .leaf("button", &[("type", "submit")], "Add connection")
        .open("ul", &[("class", "field-messages"), ("id", &format!("{id}-msg"))])
        .markup(&messages)
        .close("ul")
        .close("form")
        .close("section");
    let on: Handler = Rc::new(move |ev| match ev.type_().as_str() {
        "submit" => {
            ev.prevent_default();
            add();
        }
        "input" => {
            if matches!(action_of(ev), Some((act, _)) if act == "iface") {
                draft.set(dom::field_value(ev));
                touched.set(true);
            }
        }
        "click" => {
            if let Some((act, i)) = action_of(ev) {
                let mut list = untrack(names);
                if act == "rm" && i < list.len() {
                    list.remove(i);
                    let _ = dispatch.run(Edit::SetExcludedInterfaces {
                        profile,
                        interfaces: list,
                    });
                }
            }
        }
        _ => {}
    });
    block("", format!("{id}-box"), m.finish(), on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_connection_has_a_named_remove_button() {
        let m = chips_markup("domain-iface", &["LAN <2>".to_string()]);
        assert_eq!(
            m,
            "<li>LAN &lt;2&gt;<button type=\"button\" class=\"icon\" id=\"domain-iface-rm-0\" \
             aria-label=\"Remove LAN &lt;2&gt;\" data-act=\"rm\" data-i=\"0\">×</button></li>"
        );
    }
}
