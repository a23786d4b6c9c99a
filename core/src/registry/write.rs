//! Policy → records: the exact registry values GPMC writes for a policy.

use std::collections::HashMap;

use crate::model::diagnostic::{Code, Diagnostic, Field};
use crate::model::policy::{
    Policy, IPSEC_BYPASS_KEY, IPSEC_BYPASS_VALUE, REFRESH_KEY, REFRESH_OFFSET_VALUE,
    REFRESH_TIME_VALUE,
};
use crate::model::profile::{Profile, ProfileKind, SettingId};
use crate::model::setting::{IcmpOption, State};

use super::*;

/// What an export could not carry, reported alongside the records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Written {
    /// The records, in file order.
    pub records: Vec<Record>,
    /// Warnings about parts of the policy the registry cannot carry (interface exclusions).
    pub diagnostics: Vec<Diagnostic>,
}

/// The registry values of this policy: for a policy read from registry values, its source
/// records with only what was edited since regenerated (see [`Source`]); otherwise what GPMC
/// would write for it (see the module invariants).
pub fn to_records(policy: &Policy) -> Written {
    match policy.source.baseline() {
        Some(base) => Written {
            records: super::preserve::write(policy, base),
            diagnostics: not_exportable(policy),
        },
        None => canonical_records(policy),
    }
}

/// Warnings about what the registry cannot carry (interface exclusions).
fn not_exportable(policy: &Policy) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for kind in ProfileKind::ALL {
        let profile = policy.profile(kind);
        if !profile.excluded_interfaces.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::NotExportable,
                    format!(
                        "interface exclusions ({}) cannot be expressed in XP-era Group Policy and are left out; the netsh and PowerShell scripts carry them",
                        profile.excluded_interfaces.join(", ")
                    ),
                )
                .with_field(Field::Interface)
                .with_path(kind.label()),
            );
        }
    }
    diagnostics
}

/// The registry values GPMC would write for this policy, ignoring its source.
pub fn canonical_records(policy: &Policy) -> Written {
    let mut out = Vec::new();
    let diagnostics = not_exportable(policy);
    for kind in ProfileKind::ALL {
        write_profile(kind, policy.profile(kind), &mut out);
    }
    match policy.ipsec_bypass.state {
        State::NotConfigured => {}
        State::Enabled => out.push(Record::sz(
            IPSEC_BYPASS_KEY,
            IPSEC_BYPASS_VALUE,
            &policy.ipsec_bypass.options,
        )),
        State::Disabled => out.push(Record::delete(IPSEC_BYPASS_KEY, IPSEC_BYPASS_VALUE)),
    }
    match policy.refresh.state {
        State::NotConfigured => {}
        State::Enabled => {
            let r = policy.refresh.options;
            out.push(Record::dword(REFRESH_KEY, REFRESH_TIME_VALUE, r.minutes));
            out.push(Record::dword(REFRESH_KEY, REFRESH_OFFSET_VALUE, r.offset));
        }
        State::Disabled => {
            out.push(Record::delete(REFRESH_KEY, REFRESH_TIME_VALUE));
            out.push(Record::delete(REFRESH_KEY, REFRESH_OFFSET_VALUE));
        }
    }
    // A `**delvals.` kept verbatim clears its key before that key's values: the client-side
    // extension processes it first anyway, and a reader that applies records in file order
    // must not see it delete the values written here. It goes before the first record of
    // its key. A verbatim value with the same key and name as one written here (an earlier
    // duplicate the reader did not take) goes just before it, so the model's value stays the
    // last one, the one the client applies and the reader takes: writing what was read gives
    // the same bytes (issue 11, found by the fuzzer). Every other verbatim record keeps its
    // order after the owned ones. Linear: one map lookup per record.
    if policy.unowned.is_empty() {
        return Written {
            records: out,
            diagnostics,
        };
    }
    let mut first_of_key: HashMap<String, usize> = HashMap::new();
    let mut position: HashMap<(String, String), usize> = HashMap::new();
    for (i, r) in out.iter().enumerate() {
        let key = r.key.to_ascii_lowercase();
        position.insert((key.clone(), r.value.to_ascii_lowercase()), i);
        first_of_key.entry(key).or_insert(i);
    }
    let mut before: Vec<Vec<Record>> = vec![Vec::new(); out.len()];
    let mut rest = Vec::with_capacity(policy.unowned.len());
    for record in &policy.unowned {
        let key = record.key.to_ascii_lowercase();
        let at = if record.value.eq_ignore_ascii_case(DELVALS) {
            first_of_key.get(&key).copied()
        } else {
            position
                .get(&(key, record.value.to_ascii_lowercase()))
                .copied()
        };
        match at.and_then(|at| before.get_mut(at)) {
            Some(slot) => slot.push(record.clone()),
            None => rest.push(record.clone()),
        }
    }
    let mut records = Vec::with_capacity(out.len() + policy.unowned.len());
    for (owned, verbatim) in out.into_iter().zip(before) {
        records.extend(verbatim);
        records.push(owned);
    }
    records.extend(rest);
    let out = records;
    Written {
        records: out,
        diagnostics,
    }
}

fn on_off(out: &mut Vec<Record>, key: &str, value: &str, state: State) {
    match state {
        State::NotConfigured => {}
        State::Enabled => out.push(Record::dword(key, value, 1)),
        State::Disabled => out.push(Record::dword(key, value, 0)),
    }
}

fn write_profile(kind: ProfileKind, p: &Profile, out: &mut Vec<Record>) {
    for id in SettingId::ALL {
        let key = id.key(kind);
        match id {
            SettingId::DefineProgramExceptions => {
                on_off(out, &key, "Enabled", p.programs.state);
                if p.programs.is_enabled() {
                    let list = format!(r"{key}\List");
                    for e in &p.programs.options {
                        let def = e.to_string();
                        out.push(Record::sz(&list, &def, &def));
                    }
                }
            }
            SettingId::DefinePortExceptions => {
                on_off(out, &key, "Enabled", p.ports.state);
                if p.ports.is_enabled() {
                    let list = format!(r"{key}\List");
                    for e in &p.ports.options {
                        let def = e.to_string();
                        out.push(Record::sz(&list, &def, &def));
                    }
                }
            }
            SettingId::RemoteAdministration
            | SettingId::FileAndPrinterSharing
            | SettingId::RemoteDesktop
            | SettingId::UpnpFramework => {
                let Some(s) = p.service(id) else { continue };
                match s.state {
                    State::NotConfigured => {}
                    State::Enabled => {
                        out.push(Record::dword(&key, "Enabled", 1));
                        out.push(Record::sz(&key, "RemoteAddresses", &s.options.to_string()));
                    }
                    State::Disabled => {
                        out.push(Record::dword(&key, "Enabled", 0));
                        out.push(Record::delete(&key, "RemoteAddresses"));
                    }
                }
            }
            SettingId::IcmpExceptions => match p.icmp.state {
                State::NotConfigured => {}
                State::Enabled => {
                    for o in IcmpOption::ALL {
                        out.push(Record::dword(
                            &key,
                            o.value_name(),
                            u32::from(p.icmp.options.get(o)),
                        ));
                    }
                }
                State::Disabled => {
                    for o in IcmpOption::ALL {
                        out.push(Record::delete(&key, o.value_name()));
                    }
                }
            },
            SettingId::Logging => match p.logging.state {
                State::NotConfigured => {}
                State::Enabled => {
                    let l = &p.logging.options;
                    out.push(Record::dword(
                        &key,
                        "LogDroppedPackets",
                        u32::from(l.log_dropped),
                    ));
                    out.push(Record::dword(
                        &key,
                        "LogSuccessfulConnections",
                        u32::from(l.log_successful),
                    ));
                    out.push(Record::sz(&key, "LogFilePath", &l.path));
                    out.push(Record::dword(&key, "LogFileSize", l.size_kb));
                }
                State::Disabled => {
                    out.push(Record::sz(&key, "LogDroppedPackets", "0"));
                    out.push(Record::sz(&key, "LogSuccessfulConnections", "0"));
                    out.push(Record::delete(&key, "LogFilePath"));
                    out.push(Record::delete(&key, "LogFileSize"));
                }
            },
            _ => {
                if let Some(value) = id.value_name() {
                    on_off(out, &key, value, p.state(id));
                }
            }
        }
    }
}
