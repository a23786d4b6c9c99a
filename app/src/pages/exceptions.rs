//! Exceptions page: program and port exception lists of the selected profile, and its
//! interface exclusions.

use fwpolicy_core::edit::{Edit, ListKind};
use fwpolicy_core::{ProfileKind, SettingId, State};
use leptos::prelude::*;

use crate::components::exception_form::{focus_first_field, ExceptionForm, FormSeed};
use crate::components::exception_table::{edit_button_id, ExceptionTable};
use crate::components::interfaces::InterfaceExclusions;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::tri_state::{picked_state, tristate_markup};
use crate::dom;
use crate::forms::{Exception, ExceptionDraft};
use crate::html::Markup;
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
    view! {
        <section
            class="list-section"
            aria-labelledby=format!("{}-{}-h", profile.as_str(), setting.json_key())
            on:change:target=move |ev| {
                if let Some(s) = picked_state(&ev) {
                    let _ = dispatch.run(Edit::set_state(profile, setting, s));
                }
            }
        >
            <div id=top_id inner_html=top></div>
            {move || view! { <ExceptionForm profile=profile seed=seed.get() on_done=on_done /> }}
            <ExceptionTable profile=profile list=list on_edit=on_edit />
        </section>
    }
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
