//! Import page (file picker, drag-and-drop, paste).

use leptos::prelude::*;

/// The import page.
#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <h1>"Import"</h1> }
}
