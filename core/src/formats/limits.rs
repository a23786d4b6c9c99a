//! What fwpolicy refuses to read or write, whatever the format (issue 11).
//!
//! * **Input size.** Files and pasted text above [`MAX_INPUT_BYTES`] are refused before they
//!   are read whole, by the CLI and the editor alike, with [`InputTooLarge`]'s message.
//! * **Names Windows cannot carry.** A registry key or value name ends at its first NUL
//!   (reference §3.1: names are NUL-terminated UTF-16), so a name holding one cannot be written
//!   and read back. [`refuse_unstorable`] takes such exceptions and verbatim values out of a
//!   policy that was read, with an error each (and likewise REG_SZ text the model writes, the
//!   log file path and the IPsec bypass SDDL, which a NUL would cut short), and the
//!   Registry.pol writer leaves out any that reach it ([`storable`], [`unstorable_record`]).
//!   A program path starting with `**` is refused the same way: its definition would be a
//!   Registry.pol control code (`**del.x` deletes x). Names longer than the 259 characters of
//!   MS-GPREG's grammar are kept with a warning (reference §2.2: whether Windows enforces the
//!   limit is UNCONFIRMED, and dropping them would lose data).

use std::fmt;

use crate::analysis::lint::{item_path, setting_path, unowned_path};
use crate::model::diagnostic::{excerpt, Code, Diagnostic, Field};
use crate::model::exception::ProgramException;
use crate::model::policy::Policy;
use crate::model::profile::{ProfileKind, SettingId};
use crate::model::setting::Setting;
use crate::registry::Record;

/// The largest input fwpolicy reads: 64 MiB (a Registry.pol of 100,000 exceptions is about
/// 20 MiB).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// An input larger than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputTooLarge {
    /// The input's size (or as much as was seen before stopping), in bytes.
    pub len: u64,
    /// The limit it exceeds, in bytes.
    pub limit: u64,
}

impl fmt::Display for InputTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limit = if self.limit > 0 && self.limit.is_multiple_of(MIB) {
            format!("{} MiB", self.limit / MIB)
        } else {
            size(self.limit)
        };
        write!(
            f,
            "the input is {}, more than the {limit} fwpolicy reads; nothing was read",
            size(self.len)
        )
    }
}

impl std::error::Error for InputTooLarge {}

const MIB: u64 = 1024 * 1024;

/// `64.0 MiB (67108865 bytes)`, or `1001 bytes` below a mebibyte (a small `--max-input`).
fn size(bytes: u64) -> String {
    if bytes < MIB {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MiB ({bytes} bytes)", bytes as f64 / MIB as f64)
    }
}

/// `Ok` when an input of `len` bytes may be read ([`MAX_INPUT_BYTES`]).
pub fn check_input_size(len: u64) -> Result<(), InputTooLarge> {
    check_input_size_with(len, MAX_INPUT_BYTES)
}

/// `Ok` when an input of `len` bytes is within `limit` (the CLI's `--max-input`).
pub fn check_input_size_with(len: u64, limit: u64) -> Result<(), InputTooLarge> {
    if len > limit {
        Err(InputTooLarge { len, limit })
    } else {
        Ok(())
    }
}

/// Why a registry record cannot be written to a file that reads back, if it cannot.
pub fn unstorable_record(record: &Record) -> Option<Diagnostic> {
    let what = if record.key.contains('\0') {
        "key"
    } else if record.value.contains('\0') {
        "value name"
    } else {
        return None;
    };
    let field = if what == "key" {
        Field::Key
    } else {
        Field::ValueName
    };
    Some(
        Diagnostic::error(
            Code::UnsafeCharacter,
            format!(
                "the {what} contains a NUL character (U+0000); a registry name ends at a NUL, so this value cannot be written and read back and is left out"
            ),
        )
        .with_field(field)
        .with_path(excerpt(&unowned_path(record).replace('\0', "\\0"))),
    )
}

/// True when nothing in `policy` would be taken out by [`refuse_unstorable`] (a quick scan,
/// so writers clone the policy only when they must).
pub fn storable(policy: &Policy) -> bool {
    let profiles_ok = ProfileKind::ALL.iter().all(|&kind| {
        let p = policy.profile(kind);
        p.programs.options.iter().all(program_storable)
            && p.ports.options.iter().all(|e| !e.name.contains('\0'))
            && !p.logging.options.path.contains('\0')
    });
    profiles_ok
        && !policy.ipsec_bypass.options.contains('\0')
        && policy
            .unowned
            .iter()
            .all(|r| unstorable_record(r).is_none())
}

/// Takes out of `policy` every exception and verbatim value whose registry name would hold
/// a NUL, with an error for each (readers call it on what they read, so `check` fails and no
/// export writes a file that does not read back). See: issue 11.
pub fn refuse_unstorable(policy: &mut Policy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for kind in ProfileKind::ALL {
        let profile = policy.profile_mut(kind);
        profile.programs.options.retain(|p| {
            let keep = program_storable(p);
            if !keep {
                out.push(nul_exception(
                    kind,
                    SettingId::DefineProgramExceptions,
                    &p.to_string(),
                ));
            }
            keep
        });
        profile.ports.options.retain(|p| {
            let keep = !p.name.contains('\0');
            if !keep {
                out.push(nul_exception(
                    kind,
                    SettingId::DefinePortExceptions,
                    &p.to_string(),
                ));
            }
            keep
        });
    }
    // A REG_SZ value ends at its first NUL too: such text would be read back cut short.
    for kind in ProfileKind::ALL {
        let logging = &mut policy.profile_mut(kind).logging;
        if logging.options.path.contains('\0') {
            out.push(nul_text(
                setting_path(kind, SettingId::Logging),
                Field::LogFilePath,
                "log file path",
            ));
            *logging = Setting::not_configured();
        }
    }
    if policy.ipsec_bypass.options.contains('\0') {
        out.push(nul_text(
            "Allow authenticated IPsec bypass".to_string(),
            Field::Sddl,
            "SDDL",
        ));
        policy.ipsec_bypass = Setting::not_configured();
    }
    policy.unowned.retain(|r| match unstorable_record(r) {
        Some(d) => {
            out.push(d);
            false
        }
        None => true,
    });
    out
}

/// A program definition Registry.pol can carry as a value name: no NUL, and not starting
/// with `**` (a control code such as `**del.x`, which would delete a value on the client).
fn program_storable(e: &ProgramException) -> bool {
    !e.path.contains('\0') && !e.name.contains('\0') && !e.path.starts_with("**")
}

fn nul_text(path: String, field: Field, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::UnsafeCharacter,
        format!(
            "the {what} contains a NUL character (U+0000); a registry string ends at a NUL, so Windows (and fwpolicy) would read it cut short; the setting is left Not configured"
        ),
    )
    .with_field(field)
    .with_path(path)
}

fn nul_exception(kind: ProfileKind, list: SettingId, definition: &str) -> Diagnostic {
    let why = if definition.starts_with("**") {
        "the definition starts with **; Registry.pol stores the definition as a value name, and a value name starting with ** is a control code (**del. deletes a value), so this exception cannot be written and is left out"
    } else {
        "the definition contains a NUL character (U+0000); Registry.pol stores the definition as a value name, which ends at a NUL, so this exception cannot be written and is left out"
    };
    Diagnostic::error(Code::UnsafeCharacter, why)
        .with_field(Field::Name)
        .with_path(item_path(
            kind,
            list,
            &excerpt(&definition.replace('\0', "\\0")),
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exception::{Port, PortException};

    // See: issue 11
    #[test]
    fn inputs_above_the_limit_are_refused_with_their_size() {
        assert!(check_input_size(MAX_INPUT_BYTES).is_ok());
        let err = check_input_size(MAX_INPUT_BYTES + 1).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("the input is 64.0 MiB (67108865 bytes), more than the 64 MiB fwpolicy reads; nothing was read")
        );
        let small = check_input_size_with(2048, 1024).err();
        assert_eq!(
            small.map(|e| e.to_string()).as_deref(),
            Some("the input is 2048 bytes, more than the 1024 bytes fwpolicy reads; nothing was read")
        );
    }

    // See: issue 11
    #[test]
    fn nul_in_a_name_is_refused_and_the_rest_kept() {
        let mut p = Policy::default();
        let mut ports = Vec::new();
        for name in ["Web", "We\0b"] {
            if let Some(port) = Port::new(80) {
                ports.push(PortException::new(port, name));
            }
        }
        p.profile_mut(ProfileKind::Domain).ports = Setting::enabled(ports);
        p.unowned.push(Record::dword("Software\\X", "A\0B", 1));
        p.unowned.push(Record::dword("Software\\X", "AB", 1));
        let diags = refuse_unstorable(&mut p);
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(Diagnostic::is_error));
        assert_eq!(p.profile(ProfileKind::Domain).ports.options.len(), 1);
        assert_eq!(p.unowned.len(), 1);
        assert!(!diags[0].to_string().contains('\0'), "{}", diags[0]);
    }
}
