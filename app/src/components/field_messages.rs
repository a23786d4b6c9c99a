//! Validation messages shown next to a form field.

use fwpolicy_core::Severity;
use leptos::prelude::*;

use crate::forms::FieldMessage;

/// The messages for one field; its `id` is what the field's `aria-describedby` points at.
#[component]
pub fn FieldMessages(
    /// Element id (referenced by the field's `aria-describedby`).
    #[prop(into)]
    id: String,
    /// The messages to show (empty: nothing is shown).
    #[prop(into)]
    messages: Signal<Vec<FieldMessage>>,
) -> impl IntoView {
    view! {
        <ul class="field-messages" id=id>
            {move || {
                messages
                    .get()
                    .into_iter()
                    .map(|m| {
                        let error = m.severity == Severity::Error;
                        view! {
                            <li class:error=error class:warning=!error>
                                <span class="visually-hidden">
                                    {if error { "Error: " } else { "Warning: " }}
                                </span>
                                {m.text}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
