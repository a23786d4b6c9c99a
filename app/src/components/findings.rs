//! Lint findings shown where they apply (under a setting, on the export page).

use fwpolicy_core::{Diagnostic, Severity};
use leptos::prelude::*;

/// The words before a finding ("Warning: ").
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error: ",
        Severity::Warning => "Warning: ",
        Severity::Info => "Note: ",
    }
}

/// The text of a finding; with `with_path`, where it applies (its policy path) first, for
/// lists not placed next to what they are about.
pub fn finding_text(d: &Diagnostic, with_path: bool) -> String {
    match (&d.path, with_path) {
        (Some(p), true) => format!("{p}: {}", d.sentence()),
        _ => d.sentence(),
    }
}

/// A list of findings (nothing when empty), each with its severity in words.
#[component]
pub fn Findings(
    /// The findings.
    #[prop(into)]
    items: Signal<Vec<Diagnostic>>,
    /// Prefix each finding with the policy path it names.
    #[prop(optional)]
    with_path: bool,
) -> impl IntoView {
    move || {
        items.with(|items| {
            (!items.is_empty()).then(|| {
                let rows = items
                    .iter()
                    .map(|d| {
                        let class = format!("sev-{}", d.severity.as_str());
                        let label = severity_label(d.severity);
                        let text = finding_text(d, with_path);
                        view! {
                            <li class=class>
                                <span class="sev">{label}</span>
                                {text}
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="findings">{rows}</ul> }
            })
        })
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
        assert_eq!(severity_label(d.severity), "Warning: ");
        assert_eq!(
            finding_text(&d, true),
            "Domain Profile › Define port exceptions: Port 80 is listed twice."
        );
        // A plain sentence (issue 13 item 5).
        assert_eq!(finding_text(&d, false), "Port 80 is listed twice.");
    }
}
