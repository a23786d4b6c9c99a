//! Domain / Standard profile switch.

use fwpolicy_core::ProfileKind;
use leptos::prelude::*;

/// What a profile is for (shown under the switch).
pub fn profile_help(kind: ProfileKind) -> &'static str {
    match kind {
        ProfileKind::Domain => {
            "Used while the computer is connected to a network where its domain controller is reachable."
        }
        ProfileKind::Standard => "Used everywhere else, e.g. a laptop at home or in a hotel.",
    }
}

/// A two-button radio group choosing the profile shown.
#[component]
pub fn ProfileSwitch(
    /// The profile shown (read and written).
    profile: RwSignal<ProfileKind>,
) -> impl IntoView {
    let radios = ProfileKind::ALL
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            view! {
                <label class="seg" class:on=move || profile.get() == k>
                    <input
                        type="radio"
                        name="profile"
                        id=format!("profile-{i}")
                        prop:checked=move || profile.get() == k
                        on:change=move |_| profile.set(k)
                    />
                    {k.label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="profile-switch">
            <legend>"Profile"</legend>
            {radios}
            <p class="help">{move || profile_help(profile.get())}</p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_profile_says_when_it_applies() {
        assert!(profile_help(ProfileKind::Domain).contains("domain controller"));
        assert!(profile_help(ProfileKind::Standard).contains("everywhere else"));
    }
}
