//! The problems listed in the header: every diagnostic `core` reports about the policy.
//!
//! INTERIM: until `core::lint::check` lands this re-validates each exception as imported text
//! (unsafe characters, lengths, non-ASCII) and adds the export warnings of the registry
//! mapping (interface exclusions that Registry.pol cannot carry).

use fwpolicy_core::edit::ListKind;
use fwpolicy_core::registry::to_records;
use fwpolicy_core::{Diagnostic, Origin, Policy, ProfileKind, SettingId, Severity};

/// A diagnostic and where it belongs in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What core said.
    pub diagnostic: Diagnostic,
    /// The profile and list it is about, if it is about an exception.
    pub at: Option<(ProfileKind, ListKind, usize)>,
}

/// All problems of a policy, errors first.
pub fn collect(policy: &Policy) -> Vec<Problem> {
    let mut out = Vec::new();
    for kind in ProfileKind::ALL {
        let p = policy.profile(kind);
        let list_path = |id: SettingId, i: usize| {
            format!("{} › {} › item {}", kind.label(), id.short_name(), i + 1)
        };
        for (i, e) in p.ports.options.iter().enumerate() {
            for d in e.validate(Origin::Imported) {
                out.push(Problem {
                    diagnostic: d.with_path(list_path(SettingId::DefinePortExceptions, i)),
                    at: Some((kind, ListKind::Ports, i)),
                });
            }
        }
        for (i, e) in p.programs.options.iter().enumerate() {
            for d in e.validate(Origin::Imported) {
                out.push(Problem {
                    diagnostic: d.with_path(list_path(SettingId::DefineProgramExceptions, i)),
                    at: Some((kind, ListKind::Programs, i)),
                });
            }
        }
    }
    for d in to_records(policy).diagnostics {
        out.push(Problem {
            diagnostic: d,
            at: None,
        });
    }
    out.retain(|p| p.diagnostic.severity != Severity::Info);
    out.sort_by_key(|p| p.diagnostic.severity);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::{ParseOptions, PortException, Setting};

    #[test]
    fn imported_unsafe_name_and_interfaces_are_problems() {
        let mut p = Policy::default();
        let e = PortException::parse("80:TCP:*:enabled:Web \"x\"", ParseOptions::IMPORTED)
            .value
            .unwrap_or_else(|| panic!("imported lines keep unsafe names"));
        p.standard.ports = Setting::enabled(vec![e]);
        p.domain.excluded_interfaces = vec!["PTP".into()];
        let found = collect(&p);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0].at,
            Some((ProfileKind::Standard, ListKind::Ports, 0))
        );
        assert!(
            found[0].diagnostic.to_string().starts_with(
                "Standard Profile › Define port exceptions › item 1: warning[unsafe-character]"
            ),
            "{}",
            found[0].diagnostic
        );
        assert!(found[1]
            .diagnostic
            .message
            .contains("interface exclusions (PTP)"));
        assert!(collect(&Policy::default()).is_empty());
    }
}
