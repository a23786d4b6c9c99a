//! The problems shown in the header and next to settings and rows: exactly what
//! `core::lint::check` reports, indexed by the policy path each finding names
//! (`Domain Profile › Define port exceptions › 80:TCP:*:enabled:Web`).

use fwpolicy_core::analysis::lint;
use std::collections::BTreeMap;

use fwpolicy_core::model::edit::ListKind;
use fwpolicy_core::{Diagnostic, Exception, Policy, ProfileKind, SettingId, Severity};

/// Where a finding takes the admin when its entry in the Problems list is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A policy card of a profile on the Settings page.
    Setting(ProfileKind, SettingId),
    /// A row of an exception list on the Exceptions page.
    Row(ProfileKind, ListKind, usize),
}

/// The profile setting a finding's policy path names, and whether it names an item of that
/// setting's list (`… › Define port exceptions › 80:TCP:*:enabled:Web`). No policy scan:
/// cheap enough to decide, for every listed finding, whether it can be jumped to.
pub fn setting_of(path: &str) -> Option<(ProfileKind, SettingId, bool)> {
    ProfileKind::ALL.into_iter().find_map(|kind| {
        SettingId::ALL.into_iter().find_map(|id| {
            let rest = path.strip_prefix(lint::setting_path(kind, id).as_str())?;
            if rest.is_empty() {
                Some((kind, id, false))
            } else {
                rest.starts_with(" › ").then_some((kind, id, true))
            }
        })
    })
}

/// The setting or row a finding's policy path names, if any (global settings and findings
/// without a path have none). Finding the row scans its list: call it when the admin chooses
/// the finding, not for every finding listed.
pub fn target_of(policy: &Policy, d: &Diagnostic) -> Option<Target> {
    let path = d.path.as_deref()?;
    let (kind, id, item) = setting_of(path)?;
    let list = [ListKind::Ports, ListKind::Programs]
        .into_iter()
        .find(|l| l.setting() == id)
        .filter(|_| item);
    let Some(list) = list else {
        return Some(Target::Setting(kind, id));
    };
    let len = list.len(policy, kind);
    let index = (0..len).find(|&i| {
        Exception::at(policy, kind, list, i)
            .is_some_and(|e| lint::item_path(kind, id, &e.to_string()) == path)
    });
    Some(match index {
        Some(i) => Target::Row(kind, list, i),
        None => Target::Setting(kind, id),
    })
}

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

    /// Everything the list shows (errors, warnings and notes): what the badge counts.
    pub fn listed(&self) -> usize {
        self.all.len().min(crate::import::MAX_LISTED)
    }

    /// Errors and warnings.
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

    // See: issue 13 item 5: each Problems entry jumps to its setting or row.
    #[test]
    fn a_finding_names_the_setting_or_the_row_it_jumps_to() {
        let mut p = Policy::default();
        let web = PortException::parse("80:TCP:*:enabled:Web", ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| panic!("valid"));
        let rdp = PortException::parse("3389:TCP:*:enabled:RDP", ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| panic!("valid"));
        p.standard.ports = Setting::enabled(vec![web, rdp.clone()]);
        let mut d = fwpolicy_core::Diagnostic::warning(Code::LintUnsafeText, "x");
        d.path = Some(lint::item_path(
            ProfileKind::Standard,
            SettingId::DefinePortExceptions,
            &rdp.to_string(),
        ));
        assert_eq!(
            target_of(&p, &d),
            Some(Target::Row(ProfileKind::Standard, ListKind::Ports, 1))
        );
        d.path = Some(lint::setting_path(
            ProfileKind::Domain,
            SettingId::ProtectAllConnections,
        ));
        assert_eq!(
            target_of(&p, &d),
            Some(Target::Setting(
                ProfileKind::Domain,
                SettingId::ProtectAllConnections
            ))
        );
        d.path = None;
        assert_eq!(target_of(&p, &d), None);
    }
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
