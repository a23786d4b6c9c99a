//! Exceptions page: program and port exception lists of the selected profile, and its
//! interface exclusions.

use fwpolicy_core::model::edit::{Edit, ListKind};
use fwpolicy_core::{ProfileKind, SettingId, State};
use leptos::prelude::*;

use crate::components::exception_form::{exception_form, focus_first_field, FormSeed};
use crate::components::exception_table::{edit_button_id, exception_table};
use crate::components::interfaces::interface_exclusions;
use crate::components::profile_switch::profile_switch;
use crate::components::tri_state::{picked_state, tristate_markup};
use crate::dom;
use crate::forms::{Exception, ExceptionDraft};
use crate::html::Markup;
use crate::state::use_app;
use crate::ui::{block, dynamic, no_events, section, Handler};
use std::rc::Rc;

fn fresh(list: ListKind) -> FormSeed {
    FormSeed {
        editing: None,
        draft: ExceptionDraft::fresh(list),
    }
}

/// One exception list of a profile: its policy state, the add/edit form and the table.
fn list_section(profile: ProfileKind, list: ListKind) -> AnyView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let setting = match list {
        ListKind::Ports => SettingId::DefinePortExceptions,
        ListKind::Programs => SettingId::DefineProgramExceptions,
    };
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
    let base = format!("{}-{}", profile.as_str(), setting.json_key());
    let top_id = format!("{base}-top");
    let top = dom::live_markup(
        top_id.clone(),
        Box::new(move || list_markup(&base, setting, store.profile(profile, |p| p.state(setting)))),
    );
    let on_top: Handler = Rc::new(move |ev| {
        if let Some(s) = picked_state(ev) {
            let _ = dispatch.run(Edit::set_state(profile, setting, s));
        }
    });
    section(
        "list-section",
        format!("{}-{}-h", profile.as_str(), setting.json_key()),
        vec![
            block("", top_id, top, on_top),
            dynamic(Box::new(move || {
                exception_form(profile, seed.get(), on_done)
            })),
            exception_table(profile, list, on_edit),
        ],
    )
}

/// The head of a list section: its policy's name and summary, its tri-state group and,
/// unless Enabled, a note that the list is written only while the policy is Enabled.
pub fn list_markup(base: &str, setting: SettingId, state: State) -> String {
    let mut m = Markup::new();
    m.leaf("h2", &[("id", &format!("{base}-h"))], &setting.xp_name())
        .leaf("p", &[("class", "summary")], setting.summary())
        .open("fieldset", &[("class", "tristate")])
        .markup(&tristate_markup(
            &setting.xp_name(),
            &format!("{base}-state"),
            state,
        ))
        .close("fieldset");
    if state != State::Enabled {
        m.leaf(
            "p",
            &[("class", "note"), ("role", "note")],
            "The list is written to the policy only while this policy is Enabled (adding an exception to a Not configured list enables it).",
        );
    }
    m.finish()
}

/// The exceptions page.
#[component]
pub fn ExceptionsPage() -> impl IntoView {
    let ui = use_app().ui;
    let mut m = Markup::new();
    m.leaf("h1", &[], "Exceptions");
    vec![
        block("", "exceptions-head".into(), m.finish(), no_events()),
        profile_switch(ui.profile),
        dynamic(Box::new(move || {
            let kind = ui.profile.get();
            vec![
                list_section(kind, ListKind::Ports),
                list_section(kind, ListKind::Programs),
                interface_exclusions(kind),
            ]
            .into_any()
        })),
    ]
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_not_enabled_says_it_is_not_written() {
        let m = list_markup(
            "domain-port-exceptions",
            SettingId::DefinePortExceptions,
            State::NotConfigured,
        );
        assert!(m.starts_with(
            "<h2 id=\"domain-port-exceptions-h\">Windows Firewall: Define port exceptions</h2>"
        ));
        assert!(m.contains("data-i=\"0\" checked=\"\">Not configured</label>"));
        assert!(m.ends_with("enables it).</p>"));
        let on = list_markup("d", SettingId::DefineProgramExceptions, State::Enabled);
        assert!(!on.contains("role=\"note\""));
    }
}
