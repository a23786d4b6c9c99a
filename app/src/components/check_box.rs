//! A check box inside its label, the one way the editor draws a yes/no option.

use leptos::prelude::*;

/// A check box inside its label (`<label class="check">`).
#[component]
pub fn CheckBox(
    /// The label (its accessible name).
    label: &'static str,
    /// The input's id, where a test or a jump names it.
    #[prop(optional, into)]
    id: Option<String>,
    /// Checked or not.
    #[prop(into)]
    checked: Signal<bool>,
    /// Called with the new state.
    on_toggle: Callback<bool>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                id=id
                prop:checked=move || checked.get()
                on:change=move |ev| on_toggle.run(event_target_checked(&ev))
            />
            {label}
        </label>
    }
}
