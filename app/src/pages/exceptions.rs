//! Exceptions page: program and port exception lists of the selected profile, and its
//! interface exclusions.

use fwpolicy_core::edit::{Edit, ListKind};
use fwpolicy_core::{ProfileKind, Scope, SettingId, State};
use leptos::prelude::*;

use crate::components::exception_form::{focus_first_field, FormSeed, PortForm, ProgramForm};
use crate::components::exception_table::{edit_button_id, ExceptionTable};
use crate::components::interfaces::InterfaceExclusions;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::tri_state::TriState;
use crate::dom;
use crate::forms::{PortDraft, ProgramDraft};
use crate::state::use_app;

fn fresh_port() -> PortDraft {
    PortDraft {
        scope: Some(Scope::local_subnet()),
        ..PortDraft::default()
    }
}

fn fresh_program() -> ProgramDraft {
    ProgramDraft {
        scope: Some(Scope::local_subnet()),
        ..ProgramDraft::default()
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
    let generation = RwSignal::new(0u32);
    let port_seed = RwSignal::new(FormSeed {
        editing: None,
        draft: fresh_port(),
    });
    let program_seed = RwSignal::new(FormSeed {
        editing: None,
        draft: fresh_program(),
    });
    let form_id = match list {
        ListKind::Ports => format!("{}-portform-port", profile.as_str()),
        ListKind::Programs => format!("{}-progform-path", profile.as_str()),
    };
    let on_done = Callback::new(move |editing: Option<usize>| {
        port_seed.set(FormSeed {
            editing: None,
            draft: fresh_port(),
        });
        program_seed.set(FormSeed {
            editing: None,
            draft: fresh_program(),
        });
        generation.update(|g| *g += 1);
        if let Some(i) = editing {
            let id = edit_button_id(profile, list, i);
            request_animation_frame(move || dom::focus_id(&id));
        }
    });
    let on_edit = {
        let form_id = form_id.clone();
        Callback::new(move |index: usize| {
            match list {
                ListKind::Ports => {
                    if let Some(d) = store.peek(|p| {
                        p.profile(profile)
                            .ports
                            .options
                            .get(index)
                            .map(PortDraft::from_exception)
                    }) {
                        port_seed.set(FormSeed {
                            editing: Some(index),
                            draft: d,
                        });
                    }
                }
                ListKind::Programs => {
                    if let Some(d) = store.peek(|p| {
                        p.profile(profile)
                            .programs
                            .options
                            .get(index)
                            .map(ProgramDraft::from_exception)
                    }) {
                        program_seed.set(FormSeed {
                            editing: Some(index),
                            draft: d,
                        });
                    }
                }
            }
            generation.update(|g| *g += 1);
            focus_first_field(&form_id);
        })
    };
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
            {move || {
                generation.get();
                match list {
                    ListKind::Ports => view! { <PortForm profile=profile seed=port_seed.get_untracked() on_done=on_done /> }.into_any(),
                    ListKind::Programs => view! { <ProgramForm profile=profile seed=program_seed.get_untracked() on_done=on_done /> }.into_any(),
                }
            }}
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
