//! The Not configured / Enabled / Disabled radio group of a policy.

use fwpolicy_core::State;
use leptos::prelude::*;

/// A tri-state radio group with a legend (GPMC's three radio buttons).
#[component]
pub fn TriState(
    /// Accessible name of the group (the policy's display name).
    #[prop(into)]
    legend: String,
    /// Unique `name` (and id prefix) of the radio inputs.
    #[prop(into)]
    name: String,
    /// The current state.
    #[prop(into)]
    state: Signal<State>,
    /// Called with the state the admin picked.
    on_change: Callback<State>,
) -> impl IntoView {
    let radios = State::ALL
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <label class="radio" class:on=move || state.get() == s>
                    <input
                        type="radio"
                        name=name.clone()
                        id=format!("{name}-{i}")
                        value=s.as_str()
                        prop:checked=move || state.get() == s
                        on:change=move |_| on_change.run(s)
                    />
                    {s.label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="tristate">
            <legend class="visually-hidden">{legend}</legend>
            {radios}
        </fieldset>
    }
}
