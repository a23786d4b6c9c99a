//! Exceptions page: program and port exception lists of the selected profile, and its
//! interface exclusions.

use fwpolicy_core::model::edit::{Edit, ListKind};
use fwpolicy_core::{Exception, ProfileKind, State};
use leptos::prelude::*;

use crate::components::exception_form::{focus_first_field, ExceptionForm, FormSeed};
use crate::components::exception_table::{edit_button_id, ExceptionTable};
use crate::components::interfaces::InterfaceExclusions;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::tri_state::TriState;
use crate::dom;
use crate::forms::ExceptionDraft;
use crate::state::use_app;

/// One exception list of a profile: its policy state, the add/edit form and the table.
#[component]
fn ListSection(
    /// Which profile.
    profile: ProfileKind,
    /// Which list.
    list: ListKind,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let setting = list.setting();
    // Setting the seed (re)mounts the form.
    let seed = RwSignal::new(FormSeed::fresh(list));
    let on_done = Callback::new(move |editing: Option<usize>| {
        seed.set(FormSeed::fresh(list));
        match editing {
            Some(i) => dom::focus_id_soon(edit_button_id(profile, list, i)),
            // Added: the new row is the last one (when the table shows it).
            None => {
                if let Some(last) = store.list_len(profile, list).checked_sub(1) {
                    dom::focus_id_soon(edit_button_id(profile, list, last));
                }
            }
        }
    });
    let on_edit = Callback::new(move |index: usize| {
        if let Some(e) = store.peek(|p| Exception::at(p, profile, list, index)) {
            seed.set(FormSeed {
                editing: Some(index),
                draft: ExceptionDraft::of(&e),
            });
            focus_first_field(profile, list);
        }
    });
    let state = Memo::new(move |_| store.profile(profile, |p| p.state(setting)));
    let base = format!("{}-{}", profile.as_str(), setting.json_key());
    let h = format!("{base}-h");
    let labelled = h.clone();
    view! {
        <section class="list-section" aria-labelledby=labelled>
            <h2 id=h>{setting.xp_name()}</h2>
            <p class="summary">{setting.summary()}</p>
            <TriState
                legend=setting.xp_name()
                name=format!("{base}-state")
                state=state
                on_change=Callback::new(move |s| {
                    let _ = dispatch.run(Edit::set_state(profile, setting, s));
                })
            />
            <Show when=move || state.get() != State::Enabled>
                <p class="note" role="note">
                    "The list is written to the policy only while this policy is Enabled (adding an exception to a Not configured list enables it)."
                </p>
            </Show>
            {move || view! { <ExceptionForm profile=profile seed=seed.get() on_done=on_done on_edit=on_edit /> }}
            <ExceptionTable profile=profile list=list on_edit=on_edit />
        </section>
    }
}

/// The exceptions page.
#[component]
pub fn ExceptionsPage() -> impl IntoView {
    let ui = use_app().ui;
    view! {
        <h1>"Exceptions"</h1>
        <ProfileSwitch profile=ui.profile />
        {move || {
            let kind = ui.profile.get();
            view! {
                <ListSection profile=kind list=ListKind::Ports />
                <ListSection profile=kind list=ListKind::Programs />
                <InterfaceExclusions profile=kind />
            }
        }}
    }
}
