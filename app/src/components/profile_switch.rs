//! Domain / Standard profile switch.

use fwpolicy_core::ProfileKind;
use leptos::prelude::*;

use crate::dom;
use crate::html::{action_of, Choices, Markup};
use crate::ui::{block, Handler};
use std::rc::Rc;

/// The inside of the switch: legend, the two radios (the shown one marked `on`) and what the
/// shown profile is for.
pub fn switch_markup(shown: ProfileKind) -> String {
    let mut m = Markup::new();
    m.leaf("legend", &[], "Profile");
    let items: Vec<(&str, bool, String)> = ProfileKind::ALL
        .iter()
        .map(|k| (k.label(), *k == shown, String::new()))
        .collect();
    Choices {
        kind: "radio",
        name: "profile",
        id: "profile",
        act: "profile",
        class: "seg",
        mark_on: true,
    }
    .write(&mut m, &items);
    m.leaf(
        "p",
        &[("class", "help")],
        match shown {
            ProfileKind::Domain => "Used while the computer is connected to a network where its domain controller is reachable.",
            ProfileKind::Standard => "Used everywhere else, e.g. a laptop at home or in a hotel.",
        },
    );
    m.finish()
}

/// The switch as markup to put in a block, and the block's handler for it.
pub fn profile_widget(profile: RwSignal<ProfileKind>) -> (String, Handler) {
    let inside = dom::live_markup(
        "profile-switch".into(),
        Box::new(move || switch_markup(profile.get())),
    );
    let mut m = Markup::new();
    m.open(
        "fieldset",
        &[("class", "profile-switch"), ("id", "profile-switch")],
    )
    .markup(&inside)
    .close("fieldset");
    let on: Handler = Rc::new(move |ev| {
        if ev.type_() != "change" {
            return;
        }
        if let Some((act, i)) = action_of(ev) {
            if let (true, Some(k)) = (act == "profile", ProfileKind::ALL.get(i)) {
                profile.set(*k);
            }
        }
    });
    (m.finish(), on)
}

/// A two-button radio group choosing the profile shown (read and written).
pub fn profile_switch(profile: RwSignal<ProfileKind>) -> AnyView {
    let (markup, on) = profile_widget(profile);
    block("", "profile-box".into(), markup, on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_profile_is_checked_and_explained() {
        let m = switch_markup(ProfileKind::Standard);
        assert!(m.starts_with("<legend>Profile</legend>"));
        assert!(m.contains("<label class=\"seg on\"><input type=\"radio\" name=\"profile\" id=\"profile-1\" data-act=\"profile\" data-i=\"1\" checked=\"\">Standard Profile</label>"));
        assert!(m.ends_with(
            "<p class=\"help\">Used everywhere else, e.g. a laptop at home or in a hotel.</p>"
        ));
    }
}
