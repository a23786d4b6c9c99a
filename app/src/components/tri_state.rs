//! The Not configured / Enabled / Disabled radio group of a policy.

use fwpolicy_core::State;
use leptos::prelude::*;

use crate::dom;
use crate::html::{action_of, Choices, Markup};
use crate::ui::block;
use std::rc::Rc;

/// The inside of a tri-state group: a visually hidden legend and the three radios (the
/// checked one's label marked `on`), `data-act="state"` with the index in [`State::ALL`].
pub fn tristate_markup(legend: &str, name: &str, state: State) -> String {
    let mut m = Markup::new();
    m.leaf("legend", &[("class", "visually-hidden")], legend);
    let items: Vec<(&str, bool, String)> = State::ALL
        .iter()
        .map(|s| (s.label(), *s == state, String::new()))
        .collect();
    Choices {
        kind: "radio",
        name,
        id: name,
        act: "state",
        class: "radio",
        mark_on: true,
    }
    .write(&mut m, &items);
    m.finish()
}

/// The state a delegated `change` event in a tri-state group picked.
pub fn picked_state(ev: &web_sys::Event) -> Option<State> {
    if ev.type_() != "change" {
        return None;
    }
    match action_of(ev) {
        Some((act, i)) if act == "state" => State::ALL.get(i).copied(),
        _ => None,
    }
}

/// A tri-state radio group with a legend (GPMC's three radio buttons).
#[component]
pub fn TriState(
    /// Accessible name of the group (the policy's display name).
    #[prop(into)]
    legend: String,
    /// Unique `name` for the radio inputs.
    #[prop(into)]
    name: String,
    /// The current state.
    #[prop(into)]
    state: Signal<State>,
    /// Called with the state the admin picked.
    on_change: Callback<State>,
) -> impl IntoView {
    let id = format!("{name}-group");
    let initial = dom::live_markup(
        id.clone(),
        Box::new(move || {
            let mut m = Markup::new();
            m.open("fieldset", &[("class", "tristate")])
                .markup(&tristate_markup(&legend, &name, state.get()))
                .close("fieldset");
            m.finish()
        }),
    );
    block(
        "",
        id,
        initial,
        Rc::new(move |ev| {
            if let Some(s) = picked_state(ev) {
                on_change.run(s);
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_is_the_checked_radio() {
        let m = tristate_markup("Windows Firewall: Allow logging", "d-log", State::Enabled);
        assert!(m.starts_with(
            "<legend class=\"visually-hidden\">Windows Firewall: Allow logging</legend>"
        ));
        assert!(m.contains(
            "<label class=\"radio on\"><input type=\"radio\" name=\"d-log\" id=\"d-log-1\" data-act=\"state\" data-i=\"1\" checked=\"\">Enabled</label>"
        ));
        assert_eq!(m.matches("checked").count(), 1);
    }
}
