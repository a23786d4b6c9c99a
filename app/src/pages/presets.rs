//! Preset gallery.

use leptos::prelude::*;

/// The presets page.
#[component]
pub fn PresetsPage() -> impl IntoView {
    view! { <h1>"Presets"</h1> }
}
