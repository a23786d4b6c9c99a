//! Rollout preview (placeholder until `core::rollout` lands).

use leptos::prelude::*;

/// The rollout page.
#[component]
pub fn RolloutPage() -> impl IntoView {
    view! {
        <h1>"Rollout"</h1>
        <p>"The rollout preview (when computers pick up the policy, given the refresh interval and profile detection) is not built yet."</p>
    }
}
