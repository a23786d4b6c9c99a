//! Lint findings shown where they apply (under a setting, in a table row's name cell).

use fwpolicy_core::{Diagnostic, Severity};
use leptos::prelude::*;

/// A list of findings; renders nothing when empty.
#[component]
pub fn Findings(
    /// The findings to show.
    #[prop(into)]
    items: Signal<Vec<Diagnostic>>,
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
