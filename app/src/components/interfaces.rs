//! Per-profile interface exclusions ("firewall off on this connection").

use fwpolicy_core::model::edit::Edit;
use fwpolicy_core::ProfileKind;
use leptos::prelude::*;

use crate::components::text_field::TextField;
use crate::forms;
use crate::state::{use_app, Region};

/// The list of excluded connections of a profile, with add and remove.
#[component]
pub fn InterfaceExclusions(
    /// Which profile.
    profile: ProfileKind,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let names = Memo::new(move |_| {
        store.read(&[Region::Interfaces(profile)], |p| {
            p.profile(profile).excluded_interfaces.clone()
        })
    });
    let draft = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let checked = Memo::new(move |_| names.with(|n| forms::interface(&draft.get(), n)));
    let messages = Signal::derive(move || {
        if touched.get() {
            checked.with(|c| c.messages.clone())
        } else {
            Vec::new()
        }
    });
    let set = move |interfaces: Vec<String>| {
        dispatch
            .run(Edit::SetExcludedInterfaces {
                profile,
                interfaces,
            })
            .is_ok()
    };
    let add = move || {
        touched.set(true);
        if let Some(name) = checked.get_untracked().value {
            let mut list = names.get_untracked();
            list.push(name);
            if set(list) {
                draft.set(String::new());
                touched.set(false);
            }
        }
    };
    let id = format!("{}-iface", profile.as_str());
    let h = format!("{id}-h");
    let labelled = h.clone();
    view! {
        <section class="interfaces" aria-labelledby=labelled>
            <h2 id=h>{format!("Connections without firewall ({})", profile.label())}</h2>
            <p class="note" role="note">
                "XP-era Group Policy cannot express interface exclusions: Registry.pol, LGPO text and .reg leave them out (with a warning). \
                 The netsh script (set opmode … interface=) and PowerShell (-DisabledInterfaceAliases) carry them."
            </p>
            <ul class="chips">
                <For
                    each=move || names.get().into_iter().enumerate()
                    key=|(i, name)| (*i, name.clone())
                    let((i, name))
                >
                    <li>
                        {name.clone()}
                        <button
                            type="button"
                            class="icon"
                            aria-label=format!("Remove {name}")
                            on:click=move |_| {
                                let mut list = names.get_untracked();
                                if i < list.len() {
                                    list.remove(i);
                                    set(list);
                                }
                            }
                        >
                            "×"
                        </button>
                    </li>
                </For>
            </ul>
            <form
                class="inline-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    add();
                }
            >
                <TextField
                    id=id
                    label="Connection name"
                    placeholder="e.g. Local Area Connection 2"
                    value=draft
                    messages=messages
                    on_input=Callback::new(move |t| {
                        draft.set(t);
                        touched.set(true);
                    })
                />
                <button type="submit">"Add connection"</button>
            </form>
        </section>
    }
}
