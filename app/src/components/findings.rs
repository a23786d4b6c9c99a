//! Lint findings shown where they apply (under a setting, in a table row's name cell).

use fwpolicy_core::{Diagnostic, Severity};
use leptos::prelude::*;

/// A list of findings; renders nothing when empty.
#[component]
pub fn Findings(
    /// The findings to show.
    #[prop(into)]
    items: Signal<Vec<Diagnostic>>,
    /// Show where each finding applies (its policy path), for lists not placed next to it.
    #[prop(optional)]
    with_path: bool,
) -> impl IntoView {
    move || {
        let items = items.get();
        (!items.is_empty()).then(|| {
            view! {
                <ul class="findings">
                    {items
                        .into_iter()
                        .map(|d| {
                            let label = match d.severity {
                                Severity::Error => "Error",
                                Severity::Warning => "Warning",
                                Severity::Info => "Note",
                            };
                            view! {
                                <li class=format!("sev-{}", d.severity.as_str())>
                                    <span class="sev">{label} ": "</span>
                                    {with_path.then(|| d.path.clone().map(|p| format!("{p}: "))).flatten()}
                                    {d.message}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    }
}
