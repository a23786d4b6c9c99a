//! Per-profile interface exclusions ("firewall off on this connection").

use fwpolicy_core::edit::Edit;
use fwpolicy_core::ProfileKind;
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
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
            <ul class="chips">
                {move || {
                    names
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, name)| {
                            let label = format!("Remove {name}");
                            view! {
                                <li>
                                    {name.clone()}
                                    <button
                                        type="button"
                                        class="icon"
                                        aria-label=label
                                        on:click:target=move |_| {
                                            let mut list = names.get_untracked();
                                            if i < list.len() {
                                                list.remove(i);
                                                let _ = dispatch.run(Edit::SetExcludedInterfaces { profile, interfaces: list });
                                            }
                                        }
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
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
