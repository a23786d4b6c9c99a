//! The settings overview of one profile as GPMC lists it: Setting | State | a short summary of
//! the options that take effect. The editor's overview table renders these rows as they are.

use crate::analysis::lint::scope_in_words;
use crate::model::profile::{Profile, SettingId, SettingKind};
use crate::model::setting::{IcmpOption, State};

/// One row of the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewRow {
    /// Which policy.
    pub id: SettingId,
    /// Its tri-state.
    pub state: State,
    /// What its options do, in a few words; empty when nothing more than the state is to say.
    pub summary: String,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn icmp_short(o: IcmpOption) -> String {
    format!(
        "{} ({})",
        o.label().trim_start_matches("Allow "),
        o.icmp_type()
    )
}

/// The short summary of one policy's options in a profile (what the report's settings table
/// says under the state, on one line).
pub fn options_summary(p: &Profile, id: SettingId) -> String {
    let state = p.state(id);
    let enabled = state == State::Enabled;
    match id.kind() {
        SettingKind::Plain => String::new(),
        SettingKind::Service => match (enabled, p.service(id)) {
            (true, Some(s)) => format!("Scope: {}", scope_in_words(&s.options)),
            _ => String::new(),
        },
        SettingKind::Icmp if enabled => {
            let allowed: Vec<String> = p.icmp.options.checked().map(icmp_short).collect();
            if allowed.is_empty() {
                "Allows no ICMP type".to_string()
            } else {
                format!("Allows {}", allowed.join(", "))
            }
        }
        SettingKind::Icmp => String::new(),
        SettingKind::Logging => match p.logging.enabled_options() {
            Some(l) => {
                let what = match (l.log_dropped, l.log_successful) {
                    (true, true) => "Logs dropped packets and successful connections",
                    (true, false) => "Logs dropped packets",
                    (false, true) => "Logs successful connections",
                    (false, false) => "Logs nothing",
                };
                format!("{what} to {}, {} KB", l.path, l.size_kb)
            }
            None => String::new(),
        },
        SettingKind::ProgramList | SettingKind::PortList => {
            let (len, one, many) = if id.kind() == SettingKind::ProgramList {
                (p.programs.options.len(), "program", "programs")
            } else {
                (p.ports.options.len(), "port", "ports")
            };
            match state {
                State::Enabled => format!("{} listed", plural(len, one, many)),
                State::Disabled if len > 0 => format!(
                    "The Group Policy list is ignored by the firewall; {} listed but not exported",
                    plural(len, one, many)
                ),
                State::Disabled => "The Group Policy list is ignored by the firewall".to_string(),
                State::NotConfigured if len > 0 => {
                    format!("{} listed but not exported", plural(len, one, many))
                }
                State::NotConfigured => String::new(),
            }
        }
    }
}

/// The overview of a profile: every policy in GPMC's order, or only the configured ones.
pub fn overview(p: &Profile, configured_only: bool) -> Vec<OverviewRow> {
    SettingId::ALL
        .into_iter()
        .map(|id| OverviewRow {
            id,
            state: p.state(id),
            summary: options_summary(p, id),
        })
        .filter(|r| !configured_only || r.state != State::NotConfigured)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::{apply_in_place, Edit};
    use crate::model::policy::Policy;
    use crate::model::profile::ProfileKind;

    fn with(edits: &[Edit]) -> Policy {
        let mut policy = Policy::default();
        for e in edits {
            assert!(apply_in_place(&mut policy, e).is_ok());
        }
        policy
    }

    #[test]
    fn an_empty_profile_lists_all_fourteen_and_none_configured() {
        let p = Policy::default();
        let prof = p.profile(ProfileKind::Domain);
        assert_eq!(overview(prof, false).len(), SettingId::ALL.len());
        assert!(overview(prof, true).is_empty());
        assert!(overview(prof, false).iter().all(|r| r.summary.is_empty()));
    }

    #[test]
    fn configured_only_keeps_enabled_and_disabled_in_order() {
        let p = with(&[
            Edit::set_state(ProfileKind::Domain, SettingId::ALL[3], State::Disabled),
            Edit::set_state(ProfileKind::Domain, SettingId::ALL[0], State::Enabled),
        ]);
        let rows = overview(p.profile(ProfileKind::Domain), true);
        let ids: Vec<SettingId> = rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![SettingId::ALL[0], SettingId::ALL[3]]);
        assert_eq!(rows[1].state, State::Disabled);
        assert!(overview(p.profile(ProfileKind::Standard), true).is_empty());
    }

    #[test]
    fn enabled_services_and_icmp_say_what_they_open() {
        let svc = SettingId::ALL
            .into_iter()
            .find(|id| id.kind() == SettingKind::Service);
        let icmp = SettingId::ALL
            .into_iter()
            .find(|id| id.kind() == SettingKind::Icmp);
        let (Some(svc), Some(icmp)) = (svc, icmp) else {
            panic!("a service and the ICMP policy exist");
        };
        let p = with(&[
            Edit::set_state(ProfileKind::Domain, svc, State::Enabled),
            Edit::set_state(ProfileKind::Domain, icmp, State::Enabled),
        ]);
        let prof = p.profile(ProfileKind::Domain);
        assert!(options_summary(prof, svc).starts_with("Scope: "));
        assert!(options_summary(prof, icmp).starts_with("Allow"));
    }
}
