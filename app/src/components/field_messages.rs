//! Validation messages shown next to a form field.

use fwpolicy_core::Severity;
use leptos::prelude::*;

use crate::forms::FieldMessage;

/// The words screen readers hear before a message, and its class.
pub fn severity_words(severity: Severity) -> (&'static str, &'static str) {
    if severity == Severity::Error {
        ("error", "Error: ")
    } else {
        ("warning", "Warning: ")
    }
}

/// True when one of the messages is an error (the field is `aria-invalid`).
pub fn has_error(messages: &[FieldMessage]) -> bool {
    messages.iter().any(|m| m.severity == Severity::Error)
}

/// The list of a field's messages (`<ul class="field-messages" id=…>`, the id the field's
/// `aria-describedby` names): each with a visually hidden "Error: " / "Warning: ".
#[component]
pub fn FieldMessages(
    /// Element id of the list.
    #[prop(into)]
    id: String,
    /// The messages shown (none: an empty list).
    #[prop(into)]
    messages: Signal<Vec<FieldMessage>>,
) -> impl IntoView {
    view! {
        <ul class="field-messages" id=id>
            {move || {
                messages
                    .get()
                    .into_iter()
                    .map(|msg| {
                        let (class, word) = severity_words(msg.severity);
                        view! {
                            <li class=class>
                                <span class="visually-hidden">{word}</span>
                                {msg.text}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::Field;

    #[test]
    fn errors_and_warnings_are_named_for_screen_readers() {
        assert_eq!(severity_words(Severity::Error), ("error", "Error: "));
        assert_eq!(severity_words(Severity::Warning), ("warning", "Warning: "));
        let warn = FieldMessage {
            field: Field::Path,
            severity: Severity::Warning,
            text: "a relative path".into(),
        };
        assert!(!has_error(std::slice::from_ref(&warn)));
        let err = FieldMessage {
            severity: Severity::Error,
            ..warn.clone()
        };
        assert!(has_error(&[warn, err]));
    }
}
