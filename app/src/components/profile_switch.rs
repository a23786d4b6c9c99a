//! Domain / Standard profile switch.

use fwpolicy_core::ProfileKind;
use leptos::prelude::*;

/// A two-button radio group choosing the profile shown.
#[component]
pub fn ProfileSwitch(
    /// The profile shown (read and written).
    profile: RwSignal<ProfileKind>,
) -> impl IntoView {
    view! {
        <fieldset class="profile-switch">
            <legend>"Profile"</legend>
            {ProfileKind::ALL
                .into_iter()
                .map(|k| {
                    view! {
                        <label class="seg" class:on=move || profile.get() == k>
                            <input
                                type="radio"
                                name="profile"
                                prop:checked=move || profile.get() == k
                                on:change:target=move |_| profile.set(k)
                            />
                            {k.label()}
                        </label>
                    }
                })
                .collect_view()}
            <p class="help">
                {move || match profile.get() {
                    ProfileKind::Domain => "Used while the computer is connected to a network where its domain controller is reachable.",
                    ProfileKind::Standard => "Used everywhere else, e.g. a laptop at home or in a hotel.",
                }}
            </p>
        </fieldset>
    }
}
