//! Validation messages shown next to a form field.

use fwpolicy_core::Severity;

use crate::forms::FieldMessage;
use crate::html::Markup;

/// The messages as list items: `<li class="error|warning">` with a visually hidden
/// "Error: " / "Warning: " before the text.
pub fn messages_markup(messages: &[FieldMessage]) -> String {
    let mut m = Markup::new();
    for msg in messages {
        let (class, word) = if msg.severity == Severity::Error {
            ("error", "Error: ")
        } else {
            ("warning", "Warning: ")
        };
        m.open("li", &[("class", class)])
            .leaf("span", &[("class", "visually-hidden")], word)
            .text(&msg.text)
            .close("li");
    }
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::Field;

    #[test]
    fn errors_and_warnings_are_named_for_screen_readers() {
        let m = messages_markup(&[
            FieldMessage {
                field: Field::Port,
                severity: Severity::Error,
                text: "port 70000 is out of range 1–65535".into(),
            },
            FieldMessage {
                field: Field::Path,
                severity: Severity::Warning,
                text: "a <relative> path".into(),
            },
        ]);
        assert_eq!(
            m,
            "<li class=\"error\"><span class=\"visually-hidden\">Error: </span>port 70000 is out of range 1–65535</li>\
             <li class=\"warning\"><span class=\"visually-hidden\">Warning: </span>a &lt;relative&gt; path</li>"
        );
        assert_eq!(messages_markup(&[]), "");
    }
}
