//! The problems shown in the header and next to settings and rows: exactly what
//! `core::lint::check` reports, indexed by the policy path each finding names
//! (`Domain Profile › Define port exceptions › 80:TCP:*:enabled:Web`).

use fwpolicy_core::analysis::lint;
use std::collections::BTreeMap;

use fwpolicy_core::{Diagnostic, Policy, ProfileKind, SettingId, Severity};

/// Lint findings of one policy, with an index by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    all: Vec<Diagnostic>,
    /// Positions in `all` of the findings naming each path.
    by_path: BTreeMap<String, Vec<usize>>,
}

impl Problems {
    /// Lints a policy.
    pub fn of(policy: &Policy) -> Problems {
        let all = lint::check(policy);
        let mut by_path: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, d) in all.iter().enumerate() {
            if let Some(path) = &d.path {
                by_path.entry(path.clone()).or_default().push(i);
            }
        }
        Problems { all, by_path }
    }

    /// Every finding, in lint order.
    pub fn all(&self) -> &[Diagnostic] {
        &self.all
    }

    /// Errors and warnings (notes are listed but not counted).
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .all
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = self
            .all
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        (errors, warnings)
    }

    /// Findings about one path.
    pub fn at(&self, path: &str) -> Vec<&Diagnostic> {
        self.by_path
            .get(path)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.all.get(i))
            .collect()
    }

    /// Findings about a setting of a profile.
    pub fn for_setting(&self, kind: ProfileKind, id: SettingId) -> Vec<&Diagnostic> {
        self.at(&lint::setting_path(kind, id))
    }

    /// Findings about one exception (by its definition string).
    pub fn for_item(
        &self,
        kind: ProfileKind,
        list: SettingId,
        definition: &str,
    ) -> Vec<&Diagnostic> {
        self.at(&lint::item_path(kind, list, definition))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::{Code, ParseOptions, PortException, Setting, State};

    #[test]
    fn findings_are_found_by_setting_and_item() {
        let mut p = Policy::default();
        let e = PortException::parse("80:TCP:*:enabled:Web \"x\"", ParseOptions::IMPORTED)
            .value
            .unwrap_or_else(|| panic!("imported lines keep unsafe names"));
        p.standard.ports = Setting::enabled(vec![e.clone()]);
        p.domain.excluded_interfaces = vec!["PTP".into()];
        let found = Problems::of(&p);
        assert_eq!(found.all(), lint::check(&p).as_slice());
        let item = found.for_item(
            ProfileKind::Standard,
            SettingId::DefinePortExceptions,
            &e.to_string(),
        );
        assert!(
            item.iter().any(|d| d.code == Code::LintUnsafeText),
            "{item:?}"
        );
        let (errors, warnings) = found.counts();
        assert!(errors + warnings >= 2, "{:?}", found.all());
        let not_protected =
            found.for_setting(ProfileKind::Domain, SettingId::ProtectAllConnections);
        assert!(not_protected
            .iter()
            .any(|d| d.code == Code::LintFirewallNotProtected));
        let mut q = p.clone();
        q.domain.protect_all.state = State::Enabled;
        assert!(Problems::of(&q)
            .for_setting(ProfileKind::Domain, SettingId::ProtectAllConnections)
            .is_empty());
    }
}
