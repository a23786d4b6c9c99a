//! Per-profile interface exclusions ("firewall off on this connection").

use fwpolicy_core::edit::Edit;
use fwpolicy_core::ProfileKind;
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::dom;
use crate::forms;
use crate::html::{action_of, Markup};
use crate::state::{use_app, Region};

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
#[component]
pub fn InterfaceExclusions(
    /// Which profile.
    profile: ProfileKind,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let names = Signal::derive(move || {
        store.read(&[Region::Interfaces(profile)], |p| {
            p.profile(profile).excluded_interfaces.clone()
        })
    });
    let draft = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let checked = Memo::new(move |_| names.with(|n| forms::interface(&draft.get(), n)));
    let msgs = Signal::derive(move || {
        if touched.get() {
            checked.with(|c| c.messages.clone())
        } else {
            Vec::new()
        }
    });
    let id = format!("{}-iface", profile.as_str());
    let msg_id = format!("{id}-msg");
    let chips = {
        let id = id.clone();
        dom::live_markup(
            format!("{id}-chips"),
            Box::new(move || names.with(|n| chips_markup(&id, n))),
        )
    };
    let add = move || {
        touched.set(true);
        if let Some(name) = checked.get_untracked().value {
            let mut list = names.get_untracked();
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
    view! {
        <section class="interfaces" aria-labelledby=format!("{id}-h")>
            <h2 id=format!("{id}-h")>"Connections without firewall (" {profile.label()} ")"</h2>
            <p class="note" role="note">
                "XP-era Group Policy cannot express interface exclusions: Registry.pol, LGPO text and .reg leave them out (with a warning). "
                "The netsh script (set opmode … interface=) and PowerShell (-DisabledInterfaceAliases) carry them."
            </p>
            <ul
                class="chips"
                id=format!("{id}-chips")
                inner_html=chips
                on:click:target=move |ev| {
                    if let Some((act, i)) = action_of(&ev) {
                        let mut list = names.get_untracked();
                        if act == "rm" && i < list.len() {
                            list.remove(i);
                            let _ = dispatch.run(Edit::SetExcludedInterfaces { profile, interfaces: list });
                        }
                    }
                }
            ></ul>
            <form class="inline-form" on:submit:target=move |ev| { ev.prevent_default(); add(); }>
                <label for=id.clone() class="field-label">"Connection name"</label>
                <input
                    id=id.clone()
                    type="text"
                    placeholder="e.g. Local Area Connection 2"
                    aria-describedby=msg_id.clone()
                    aria-invalid=move || if msgs.with(|m| !m.is_empty()) { "true" } else { "false" }
                    prop:value=move || draft.get()
                    on:input:target=move |ev| { draft.set(event_target_value(&*ev)); touched.set(true); }
                />
                <button type="submit">"Add connection"</button>
                <FieldMessages id=msg_id messages=msgs />
            </form>
        </section>
    }
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
