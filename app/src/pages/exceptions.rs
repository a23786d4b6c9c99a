//! Exceptions page: program and port exception lists of the selected profile, and its
//! interface exclusions.

use fwpolicy_core::edit::{Edit, ListKind};
use fwpolicy_core::{ProfileKind, SettingId, State};
use leptos::prelude::*;

use crate::components::exception_form::{focus_first_field, ExceptionForm, FormSeed};
use crate::components::exception_table::{edit_button_id, ExceptionTable};
use crate::components::interfaces::InterfaceExclusions;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::tri_state::TriState;
use crate::dom;
use crate::forms::{Exception, ExceptionDraft};
use crate::state::use_app;

fn fresh(list: ListKind) -> FormSeed {
    FormSeed {
        editing: None,
        draft: ExceptionDraft::fresh(list),
    }
}

/// One exception list: its policy state, the add/edit form and the table.
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
    let setting = match list {
        ListKind::Ports => SettingId::DefinePortExceptions,
        ListKind::Programs => SettingId::DefineProgramExceptions,
    };
    let state = Signal::derive(move || store.profile(profile, |p| p.state(setting)));
    let on_state = Callback::new(move |s: State| {
        let _ = dispatch.run(Edit::set_state(profile, setting, s));
    });
    // Setting the seed (re)mounts the form.
    let seed = RwSignal::new(fresh(list));
    let on_done = Callback::new(move |editing: Option<usize>| {
        seed.set(fresh(list));
        if let Some(i) = editing {
            let id = edit_button_id(profile, list, i);
            request_animation_frame(move || dom::focus_id(&id));
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
    let h = format!("{}-{}-h", profile.as_str(), setting.json_key());
    let labelled = h.clone();
    view! {
        <section class="list-section" aria-labelledby=labelled>
            <h2 id=h>{setting.xp_name()}</h2>
            <p class="summary">{setting.summary()}</p>
            <TriState legend=setting.xp_name() name=format!("{}-{}-state", profile.as_str(), setting.json_key()) state=state on_change=on_state />
            {move || (state.get() != State::Enabled).then(|| view! {
                <p class="note" role="note">"The list is written to the policy only while this policy is Enabled (adding an exception to a Not configured list enables it)."</p>
            })}
            {move || view! { <ExceptionForm profile=profile seed=seed.get() on_done=on_done /> }}
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
