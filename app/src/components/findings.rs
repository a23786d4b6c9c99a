//! Lint findings shown where they apply (under a setting, on the export page).

use fwpolicy_core::{Diagnostic, Severity};

use crate::html::Markup;

/// A list of findings (nothing when empty): each with its severity in words and, when
/// `with_path`, where it applies (its policy path) for lists not placed next to it.
pub fn findings_markup<'a>(
    m: &mut Markup,
    items: impl IntoIterator<Item = &'a Diagnostic>,
    with_path: bool,
) {
    let mut open = false;
    for d in items {
        if !open {
            m.open("ul", &[("class", "findings")]);
            open = true;
        }
        let label = match d.severity {
            Severity::Error => "Error: ",
            Severity::Warning => "Warning: ",
            Severity::Info => "Note: ",
        };
        let class = format!("sev-{}", d.severity.as_str());
        m.open("li", &[("class", &class)])
            .leaf("span", &[("class", "sev")], label);
        if let (true, Some(p)) = (with_path, &d.path) {
            m.text(&format!("{p}: "));
        }
        m.text(&d.message).close("li");
    }
    if open {
        m.close("ul");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::Code;

    #[test]
    fn findings_say_their_severity_and_where_they_apply() {
        let mut d = Diagnostic::warning(Code::PortRange, "port 80 is listed twice");
        d.path = Some("Domain Profile › Define port exceptions".into());
        let mut m = Markup::new();
        findings_markup(&mut m, [&d], true);
        assert_eq!(
            m.finish(),
            "<ul class=\"findings\"><li class=\"sev-warning\"><span class=\"sev\">Warning: </span>\
             Domain Profile › Define port exceptions: port 80 is listed twice</li></ul>"
        );
        let mut empty = Markup::new();
        findings_markup(&mut empty, [], false);
        assert_eq!(empty.finish(), "");
    }
}
