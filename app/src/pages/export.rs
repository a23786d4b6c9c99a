//! Export panel.

use leptos::prelude::*;

/// The export page.
#[component]
pub fn ExportPage() -> impl IntoView {
    view! { <h1>"Export"</h1> }
}
