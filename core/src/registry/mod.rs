//! Registry values: the common ground of Registry.pol, LGPO text and .reg.
//!
//! [`to_records`] turns a [`Policy`] into the exact list of registry values (with delete
//! markers) that GPMC would write for it (reference §1.3–1.4, §2.4); [`from_records`] maps a
//! list of values read from any of those files back onto the model. The byte-level formats
//! (`pol`, `lgpo`, `reg`) only serialize [`Record`]s.
//!
//! Invariants:
//! * Not configured writes nothing. Enabled writes the policy value and every option value.
//!   Disabled writes the disabled value and a `**del.` marker for each option value
//!   (Logging also writes its REG_SZ "0" pair, the ADMX `disabledList` quirk).
//! * The exception lists are additive: items are written under `...\List` with the whole
//!   definition string as both value name and data, and no `**delvals.` is written.
//! * Output order is deterministic: Domain, Standard (each in [`SettingId::ALL`] order), the
//!   global settings, then the unowned values in their original order.
//! * [`from_records`] never fails and never drops a value: anything it cannot map exactly is
//!   kept in [`Policy::unowned`] with a diagnostic saying why.

use crate::text::join;
use std::collections::HashMap;
use std::fmt;

use crate::model::diagnostic::{excerpt, Code, Diagnostic, Field, Severity};
use crate::model::exception::{ParseOptions, PortException, ProgramException};
use crate::model::policy::{
    Policy, IPSEC_BYPASS_KEY, IPSEC_BYPASS_VALUE, REFRESH_KEY, REFRESH_OFFSET_VALUE,
    REFRESH_TIME_VALUE,
};
use crate::model::profile::{Profile, ProfileKind, SettingId};
use crate::model::scope::Scope;
use crate::model::setting::{
    IcmpOption, IcmpOptions, LoggingOptions, RefreshInterval, Setting, State,
};
use crate::sort::Index;

/// A registry value type (the raw DWORD of MS-GPREG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegType(pub u32);

impl RegType {
    /// REG_NONE (0).
    pub const NONE: RegType = RegType(0);
    /// REG_SZ (1).
    pub const SZ: RegType = RegType(1);
    /// REG_EXPAND_SZ (2).
    pub const EXPAND_SZ: RegType = RegType(2);
    /// REG_BINARY (3).
    pub const BINARY: RegType = RegType(3);
    /// REG_DWORD (4).
    pub const DWORD: RegType = RegType(4);
    /// REG_DWORD_BIG_ENDIAN (5).
    pub const DWORD_BIG_ENDIAN: RegType = RegType(5);
    /// REG_MULTI_SZ (7).
    pub const MULTI_SZ: RegType = RegType(7);
    /// REG_QWORD (11).
    pub const QWORD: RegType = RegType(11);

    /// `REG_SZ`, `REG_DWORD`, ... or `type N` for others.
    pub fn name(self) -> String {
        match self.0 {
            0 => "REG_NONE".into(),
            1 => "REG_SZ".into(),
            2 => "REG_EXPAND_SZ".into(),
            3 => "REG_BINARY".into(),
            4 => "REG_DWORD".into(),
            5 => "REG_DWORD_BIG_ENDIAN".into(),
            6 => "REG_LINK".into(),
            7 => "REG_MULTI_SZ".into(),
            11 => "REG_QWORD".into(),
            n => format!("type {n}"),
        }
    }

    /// Parses a [`RegType::name`] (or a plain number).
    pub fn parse(text: &str) -> Option<RegType> {
        let t = text.trim().to_ascii_uppercase();
        let n = match t.as_str() {
            "REG_NONE" => 0,
            "REG_SZ" => 1,
            "REG_EXPAND_SZ" => 2,
            "REG_BINARY" => 3,
            "REG_DWORD" => 4,
            "REG_DWORD_BIG_ENDIAN" => 5,
            "REG_LINK" => 6,
            "REG_MULTI_SZ" => 7,
            "REG_QWORD" => 11,
            other => other.strip_prefix("TYPE ").unwrap_or(other).parse().ok()?,
        };
        Some(RegType(n))
    }
}

impl fmt::Display for RegType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// One registry value as stored in a Registry.pol record: key (no hive), value name, type and
/// raw data bytes. Special value names (`**del.x`, `**delvals.`, ...) are kept as names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// Key path without hive, `\`-separated.
    pub key: String,
    /// Value name (may be empty, or a `**` control code).
    pub value: String,
    /// Value type.
    pub kind: RegType,
    /// Raw data (for strings: UTF-16LE including the terminating NUL).
    pub data: Vec<u8>,
}

/// Prefix of a delete-value marker.
pub const DEL_PREFIX: &str = "**del.";
/// Delete-all-values marker.
pub const DELVALS: &str = "**delvals.";

/// UTF-16LE bytes of `text` followed by a NUL code unit.
pub fn utf16z(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2 + 2);
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

impl Record {
    /// A REG_DWORD value.
    pub fn dword(key: &str, value: &str, data: u32) -> Record {
        Record {
            key: key.to_string(),
            value: value.to_string(),
            kind: RegType::DWORD,
            data: data.to_le_bytes().to_vec(),
        }
    }

    /// A REG_SZ value (data stored with its terminating NUL).
    pub fn sz(key: &str, value: &str, text: &str) -> Record {
        Record {
            key: key.to_string(),
            value: value.to_string(),
            kind: RegType::SZ,
            data: utf16z(text),
        }
    }

    /// A `**del.<value>` marker as GPMC writes it: REG_SZ, data one space + NUL.
    pub fn delete(key: &str, value: &str) -> Record {
        Record::sz(key, &format!("{DEL_PREFIX}{value}"), " ")
    }

    /// The DWORD, when this is a 4-byte REG_DWORD.
    pub fn as_dword(&self) -> Option<u32> {
        if self.kind == RegType::DWORD && self.data.len() == 4 {
            let mut b = [0u8; 4];
            b.copy_from_slice(&self.data);
            Some(u32::from_le_bytes(b))
        } else {
            None
        }
    }

    /// The text of a REG_SZ / REG_EXPAND_SZ whose data is well-formed UTF-16LE with exactly one
    /// terminating NUL (what our writers produce). Anything else gives `None`.
    pub fn as_string(&self) -> Option<String> {
        if self.kind != RegType::SZ && self.kind != RegType::EXPAND_SZ {
            return None;
        }
        decode_utf16z(&self.data)
    }

    /// The value this marker deletes, when the name is `**del.<name>` (any case).
    pub fn deleted_value(&self) -> Option<&str> {
        let v = self.value.as_str();
        // `get` rather than indexing: byte 6 may fall inside a multi-byte character.
        match (v.get(..DEL_PREFIX.len()), v.get(DEL_PREFIX.len()..)) {
            (Some(prefix), Some(rest)) if prefix.eq_ignore_ascii_case(DEL_PREFIX) => Some(rest),
            _ => None,
        }
    }

    /// A one-line human description: `key ! value = REG_DWORD 1`.
    pub fn describe(&self) -> String {
        let data = match (self.as_dword(), self.as_string()) {
            (Some(d), _) => format!("{d}"),
            (_, Some(s)) => format!("{s:?}"),
            _ => hex(&self.data),
        };
        format!(
            r"{}!{} = {} {}",
            excerpt(&self.key),
            excerpt(&self.value),
            self.kind,
            excerpt(&data)
        )
    }
}

/// Lowercase hex bytes separated by spaces.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Decodes UTF-16LE text that ends with exactly one NUL code unit.
pub fn decode_utf16z(data: &[u8]) -> Option<String> {
    if data.len() < 2 || !data.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let (last, body) = units.split_last()?;
    if *last != 0 || body.contains(&0) {
        return None;
    }
    String::from_utf16(body).ok()
}

// ---------------------------------------------------------------------------------------------
// Policy -> records
// ---------------------------------------------------------------------------------------------

/// What an export could not carry, reported alongside the records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Written {
    /// The records, in file order.
    pub records: Vec<Record>,
    /// Warnings about parts of the policy the registry cannot carry (interface exclusions).
    pub diagnostics: Vec<Diagnostic>,
}

/// The registry values GPMC would write for this policy (see the module invariants).
pub fn to_records(policy: &Policy) -> Written {
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    for kind in ProfileKind::ALL {
        let profile = policy.profile(kind);
        write_profile(kind, profile, &mut out);
        if !profile.excluded_interfaces.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::NotExportable,
                    format!(
                        "interface exclusions ({}) cannot be expressed in XP-era Group Policy and are left out; the netsh and PowerShell scripts carry them",
                        join(&profile.excluded_interfaces, ", ")
                    ),
                )
                .with_field(Field::Interface)
                .with_path(kind.label()),
            );
        }
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
        match at {
            Some(at) => before[at].push(record.clone()),
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

// ---------------------------------------------------------------------------------------------
// Records -> policy
// ---------------------------------------------------------------------------------------------

/// The policy read from registry values, and everything said about them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Read {
    /// The policy (always built; unknown values are in `policy.unowned`).
    pub policy: Policy,
    /// Notes, warnings and errors; errors mean a firewall value was malformed (and kept
    /// verbatim).
    pub diagnostics: Vec<Diagnostic>,
}

/// Maps registry values onto the model. `locate(i)` gives a diagnostic its position in the
/// source (a line number, a byte offset) for record `i`.
pub fn from_records(
    records: Vec<Record>,
    locate: &dyn Fn(usize, Diagnostic) -> Diagnostic,
) -> Read {
    let by_key = Index::new(
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key.to_ascii_lowercase(), i))
            .collect(),
    );
    let mut reader = Reader {
        records,
        by_key,
        used: Vec::new(),
        warned: Vec::new(),
        diags: Vec::new(),
        locate,
    };
    reader.used = vec![false; reader.records.len()];
    reader.warned = vec![false; reader.records.len()];
    let mut policy = Policy::default();
    for kind in ProfileKind::ALL {
        let profile = reader.read_profile(kind);
        *policy.profile_mut(kind) = profile;
    }
    policy.ipsec_bypass = reader.read_bypass();
    policy.refresh = reader.read_refresh();
    // Everything not consumed stays verbatim, in order.
    let firewall_prefix = crate::model::profile::FIREWALL_KEY.to_ascii_lowercase();
    let mut unowned = Vec::new();
    let mut notes: Vec<Diagnostic> = Vec::new();
    for (i, (record, used)) in reader.records.iter().zip(&reader.used).enumerate() {
        if *used {
            continue;
        }
        let lower = record.key.to_ascii_lowercase();
        let ours = lower.starts_with(&firewall_prefix)
            || lower == IPSEC_BYPASS_KEY.to_ascii_lowercase()
            || lower == REFRESH_KEY.to_ascii_lowercase();
        if ours && !reader.explained(i) {
            notes.push((reader.locate)(
                i,
                Diagnostic::warning(
                    Code::Unowned,
                    format!(
                        "{} is not part of the XP-era Windows Firewall policies; kept verbatim",
                        record.describe()
                    ),
                )
                .with_field(Field::ValueName),
            ));
        } else if !ours && reader.by_key.get(&lower).iter().find(|&&j| !reader.used[j]) == Some(&i)
        {
            // The first value left under another policy's key.
            notes.push((reader.locate)(
                i,
                Diagnostic::info(
                    Code::Unowned,
                    format!(
                        "values under {} belong to another policy; kept verbatim and written back unchanged",
                        record.key
                    ),
                )
                .with_field(Field::Key),
            ));
        }
        unowned.push(record.clone());
    }
    policy.unowned = unowned;
    let mut diagnostics = reader.diags;
    diagnostics.extend(notes);
    Read {
        policy,
        diagnostics,
    }
}

struct Reader<'a> {
    records: Vec<Record>,
    /// Record indices by lowercase key, in file order (keeps the reader linear in the number
    /// of records: 10,000-item lists are common).
    by_key: Index,
    used: Vec<bool>,
    warned: Vec<bool>,
    diags: Vec<Diagnostic>,
    locate: &'a dyn Fn(usize, Diagnostic) -> Diagnostic,
}

impl Reader<'_> {
    /// Indices of unused records with this key and value name (case-insensitive).
    fn find(&self, key: &str, value: &str) -> Vec<usize> {
        self.key_indices(key)
            .iter()
            .copied()
            .filter(|&i| !self.used[i] && self.records[i].value.eq_ignore_ascii_case(value))
            .collect()
    }

    /// Indices of all records (used or not) under this key, in file order.
    fn key_indices(&self, key: &str) -> &[usize] {
        self.by_key.get(&key.to_ascii_lowercase())
    }

    /// The single unused record for key/value; with duplicates the last one wins (as when the
    /// client applies the file), and earlier ones are noted.
    fn one(&mut self, key: &str, value: &str) -> Option<usize> {
        let found = self.find(key, value);
        found.last().copied()
    }

    fn explained(&self, i: usize) -> bool {
        self.warned.get(i).copied().unwrap_or(false)
    }

    fn warn(&mut self, i: usize, path: &str, d: Diagnostic) {
        if let Some(w) = self.warned.get_mut(i) {
            *w = true;
        }
        let d = (self.locate)(i, d.with_path(path));
        self.diags.push(d);
    }

    /// Reads an on/off DWORD policy value; `None` if absent or not 0/1 (then left unused).
    fn on_off(&mut self, key: &str, value: &str, path: &str) -> State {
        let Some(i) = self.one(key, value) else {
            return State::NotConfigured;
        };
        match self.records[i].as_dword() {
            Some(1) => {
                self.used[i] = true;
                State::Enabled
            }
            Some(0) => {
                self.used[i] = true;
                State::Disabled
            }
            _ => {
                let desc = self.records[i].describe();
                self.warn(
                    i,
                    path,
                    Diagnostic::warning(
                        Code::Unowned,
                        format!("{desc}: expected REG_DWORD 1 (Enabled) or 0 (Disabled); kept verbatim, the setting shows as Not configured"),
                    )
                    .with_field(Field::ValueData),
                );
                State::NotConfigured
            }
        }
    }

    fn read_profile(&mut self, kind: ProfileKind) -> Profile {
        let mut p = Profile::default();
        for id in SettingId::ALL {
            let key = id.key(kind);
            let path = format!("{} › {}", kind.label(), id.short_name());
            match id {
                SettingId::DefineProgramExceptions => {
                    let state = self.on_off(&key, "Enabled", &path);
                    let items = self.read_list(&key, state, &path, |t| {
                        ProgramException::parse(t, ParseOptions::IMPORTED)
                    });
                    p.programs = Setting::new(state, items);
                }
                SettingId::DefinePortExceptions => {
                    let state = self.on_off(&key, "Enabled", &path);
                    let items = self.read_list(&key, state, &path, |t| {
                        PortException::parse(t, ParseOptions::IMPORTED)
                    });
                    p.ports = Setting::new(state, items);
                }
                SettingId::RemoteAdministration
                | SettingId::FileAndPrinterSharing
                | SettingId::RemoteDesktop
                | SettingId::UpnpFramework => {
                    let s = self.read_service(&key, &path);
                    if let Some(slot) = p.service_mut(id) {
                        *slot = s;
                    }
                }
                SettingId::IcmpExceptions => p.icmp = self.read_icmp(&key, &path),
                SettingId::Logging => p.logging = self.read_logging(&key, &path),
                _ => {
                    if let Some(value) = id.value_name() {
                        let state = self.on_off(&key, value, &path);
                        *p.state_mut(id) = state;
                    }
                }
            }
        }
        p
    }

    fn read_list<T: std::fmt::Display>(
        &mut self,
        key: &str,
        state: State,
        path: &str,
        parse: impl Fn(&str) -> crate::model::diagnostic::Parsed<T>,
    ) -> Vec<T> {
        let list_key = format!(r"{key}\List");
        let mut items = Vec::new();
        let indices: Vec<usize> = self
            .key_indices(&list_key)
            .iter()
            .copied()
            .filter(|&i| !self.used[i])
            .collect();
        for i in indices {
            let record = self.records[i].clone();
            if record.value.starts_with("**") {
                // Control codes (**delvals., **del.x) on the list key are kept verbatim.
                continue;
            }
            if state != State::Enabled {
                self.warn(
                    i,
                    path,
                    Diagnostic::warning(
                        Code::Unowned,
                        format!(
                            "list item {:?} is present but the policy is not Enabled; kept verbatim",
                            excerpt(&record.value)
                        ),
                    )
                    .with_field(Field::ValueName),
                );
                continue;
            }
            let Some(data) = record.as_string().filter(|_| record.kind == RegType::SZ) else {
                self.warn(
                    i,
                    path,
                    Diagnostic::warning(
                        Code::Unowned,
                        format!(
                            "list item {:?} is not a REG_SZ string; kept verbatim",
                            excerpt(&record.value)
                        ),
                    )
                    .with_field(Field::ValueType),
                );
                continue;
            };
            if data != record.value {
                self.warn(
                    i,
                    path,
                    Diagnostic::warning(
                        Code::Unowned,
                        format!(
                            "list item named {:?} holds {:?}; GPMC stores the definition as both name and data, so this item is kept verbatim",
                            excerpt(&record.value),
                            excerpt(&data)
                        ),
                    )
                    .with_field(Field::ValueName),
                );
                continue;
            }
            let parsed = parse(&data);
            match parsed.value {
                Some(item) => {
                    self.used[i] = true;
                    for d in parsed.diagnostics {
                        self.warn(i, path, d);
                    }
                    let canonical = item.to_string();
                    if canonical != data {
                        self.warn(
                            i,
                            path,
                            Diagnostic::info(
                                Code::Canonicalized,
                                format!(
                                    "{:?} will be written as {:?}",
                                    excerpt(&data),
                                    excerpt(&canonical)
                                ),
                            )
                            .with_field(Field::Line),
                        );
                    }
                    items.push(item);
                }
                None => {
                    let mut first = true;
                    for d in parsed.diagnostics {
                        let mut d = d;
                        if d.severity == Severity::Error {
                            d.message = format!(
                                "{:?}: {}; the item is kept verbatim",
                                excerpt(&data),
                                d.message
                            );
                            d.severity = Severity::Warning;
                        }
                        if first || d.severity != Severity::Info {
                            self.warn(i, path, d);
                        }
                        first = false;
                    }
                }
            }
        }
        items
    }

    fn read_service(&mut self, key: &str, path: &str) -> Setting<Scope> {
        let enabled = self.one(key, "Enabled");
        let addresses = self.one(key, "RemoteAddresses");
        let del = self.one(key, "**del.RemoteAddresses");
        let Some(ei) = enabled else {
            return Setting::not_configured();
        };
        match self.records[ei].as_dword() {
            Some(1) => {
                let Some(ai) = addresses else {
                    self.warn(
                        ei,
                        path,
                        Diagnostic::warning(
                            Code::Unowned,
                            "Enabled without RemoteAddresses; kept verbatim, the setting shows as Not configured",
                        )
                        .with_field(Field::Scope),
                    );
                    return Setting::not_configured();
                };
                let text = self.records[ai]
                    .as_string()
                    .filter(|_| self.records[ai].kind == RegType::SZ);
                let parsed = text.as_deref().map(Scope::parse);
                match parsed.and_then(|p| p.value.map(|v| (v, p.diagnostics))) {
                    Some((scope, diags)) => {
                        self.used[ei] = true;
                        self.used[ai] = true;
                        for d in diags {
                            self.warn(ai, path, d);
                        }
                        let canonical = scope.to_string();
                        if Some(canonical.as_str()) != text.as_deref() {
                            self.warn(
                                ai,
                                path,
                                Diagnostic::info(
                                    Code::Canonicalized,
                                    format!(
                                        "scope {:?} will be written as {:?}",
                                        excerpt(&text.unwrap_or_default()),
                                        excerpt(&canonical)
                                    ),
                                )
                                .with_field(Field::Scope),
                            );
                        }
                        Setting::enabled(scope)
                    }
                    None => {
                        self.warn(
                            ai,
                            path,
                            Diagnostic::warning(
                                Code::Unowned,
                                format!(
                                    "RemoteAddresses {} is not a valid scope (an empty scope's effect is unconfirmed); the setting is kept verbatim and shows as Not configured",
                                    self.records[ai].describe()
                                ),
                            )
                            .with_field(Field::Scope),
                        );
                        Setting::not_configured()
                    }
                }
            }
            Some(0) => {
                self.used[ei] = true;
                if let Some(di) = del {
                    self.used[di] = true;
                }
                Setting::disabled()
            }
            _ => {
                let state = self.on_off(key, "Enabled", path);
                Setting::new(state, Scope::default())
            }
        }
    }

    fn read_icmp(&mut self, key: &str, path: &str) -> Setting<IcmpOptions> {
        let mut set = Vec::new();
        let mut dels = Vec::new();
        let mut bad = Vec::new();
        for o in IcmpOption::ALL {
            if let Some(i) = self.one(key, o.value_name()) {
                match self.records[i].as_dword() {
                    Some(v @ (0 | 1)) => set.push((o, i, v == 1)),
                    _ => bad.push(i),
                }
            }
            if let Some(i) = self.one(key, &format!("{DEL_PREFIX}{}", o.value_name())) {
                dels.push(i);
            }
        }
        if set.is_empty() && dels.is_empty() {
            return Setting::not_configured();
        }
        if !bad.is_empty() || (!set.is_empty() && !dels.is_empty()) {
            let at = bad
                .first()
                .or(set.first().map(|s| &s.1))
                .copied()
                .unwrap_or(0);
            self.warn(
                at,
                path,
                Diagnostic::warning(
                    Code::Unowned,
                    "ICMP values mix set values, delete markers or non-DWORD data; kept verbatim, the setting shows as Not configured",
                ),
            );
            return Setting::not_configured();
        }
        if !set.is_empty() {
            let mut options = IcmpOptions::default();
            for (o, i, v) in &set {
                self.used[*i] = true;
                options = options.with(*o, *v);
            }
            if set.len() < IcmpOption::ALL.len() {
                let at = set[0].1;
                self.warn(
                    at,
                    path,
                    Diagnostic::info(
                        Code::Canonicalized,
                        format!(
                            "{} of 10 ICMP values present; the missing ones are read as unchecked and will be written as 0",
                            set.len()
                        ),
                    ),
                );
            }
            return Setting::enabled(options);
        }
        for i in dels {
            self.used[i] = true;
        }
        Setting::disabled()
    }

    fn read_logging(&mut self, key: &str, path: &str) -> Setting<LoggingOptions> {
        let dropped = self.one(key, "LogDroppedPackets");
        let success = self.one(key, "LogSuccessfulConnections");
        let file = self.one(key, "LogFilePath");
        let size = self.one(key, "LogFileSize");
        let del_file = self.one(key, "**del.LogFilePath");
        let del_size = self.one(key, "**del.LogFileSize");
        if [dropped, success, file, size, del_file, del_size]
            .iter()
            .all(Option::is_none)
        {
            return Setting::not_configured();
        }
        let sz0 = |i: Option<usize>, r: &Self| {
            i.map(|i| {
                r.records[i].kind == RegType::SZ && r.records[i].as_string().as_deref() == Some("0")
            })
            .unwrap_or(false)
        };
        // Disabled: the REG_SZ "0" pair (ADMX disabledList), no file/size values.
        if sz0(dropped, self) && sz0(success, self) && file.is_none() && size.is_none() {
            for i in [dropped, success, del_file, del_size].into_iter().flatten() {
                self.used[i] = true;
            }
            return Setting::disabled();
        }
        let flag = |i: Option<usize>, r: &Self| -> Option<bool> {
            match i {
                None => Some(false),
                Some(i) => match r.records[i].as_dword() {
                    Some(0) => Some(false),
                    Some(1) => Some(true),
                    _ => None,
                },
            }
        };
        let path_text = file.and_then(|i| {
            (self.records[i].kind == RegType::SZ)
                .then(|| self.records[i].as_string())
                .flatten()
        });
        let size_value = size.and_then(|i| self.records[i].as_dword());
        match (
            flag(dropped, self),
            flag(success, self),
            path_text,
            size_value,
            del_file.or(del_size),
        ) {
            (Some(d), Some(s), Some(p), Some(kb), None) => {
                for i in [dropped, success, file, size].into_iter().flatten() {
                    self.used[i] = true;
                }
                if !(crate::model::setting::MIN_LOG_SIZE_KB
                    ..=crate::model::setting::MAX_LOG_SIZE_KB)
                    .contains(&kb)
                {
                    if let Some(i) = size {
                        self.warn(
                            i,
                            path,
                            Diagnostic::warning(
                                Code::LogSizeRange,
                                format!("log size {kb} KB is outside 128–32767 KB, which GPMC would not accept"),
                            )
                            .with_field(Field::LogFileSize),
                        );
                    }
                }
                Setting::enabled(LoggingOptions {
                    log_dropped: d,
                    log_successful: s,
                    path: p,
                    size_kb: kb,
                })
            }
            _ => {
                let at = [dropped, success, file, size, del_file, del_size]
                    .into_iter()
                    .flatten()
                    .next()
                    .unwrap_or(0);
                self.warn(
                    at,
                    path,
                    Diagnostic::warning(
                        Code::Unowned,
                        "logging values are incomplete or of unexpected types (Enabled needs LogFilePath REG_SZ and LogFileSize REG_DWORD); kept verbatim, the setting shows as Not configured",
                    ),
                );
                Setting::not_configured()
            }
        }
    }

    fn read_bypass(&mut self) -> Setting<String> {
        let path = "Allow authenticated IPsec bypass";
        if let Some(i) = self.one(IPSEC_BYPASS_KEY, IPSEC_BYPASS_VALUE) {
            if self.records[i].kind == RegType::SZ {
                if let Some(text) = self.records[i].as_string() {
                    self.used[i] = true;
                    return Setting::enabled(text);
                }
            }
            self.warn(
                i,
                path,
                Diagnostic::warning(
                    Code::Unowned,
                    "BypassFirewall is not a REG_SZ string; kept verbatim",
                ),
            );
            return Setting::not_configured();
        }
        if let Some(i) = self.one(
            IPSEC_BYPASS_KEY,
            &format!("{DEL_PREFIX}{IPSEC_BYPASS_VALUE}"),
        ) {
            self.used[i] = true;
            return Setting::disabled();
        }
        Setting::not_configured()
    }

    fn read_refresh(&mut self) -> Setting<RefreshInterval> {
        let path = "Set Group Policy refresh interval for computers";
        let time = self.one(REFRESH_KEY, REFRESH_TIME_VALUE);
        let offset = self.one(REFRESH_KEY, REFRESH_OFFSET_VALUE);
        let del_time = self.one(REFRESH_KEY, &format!("{DEL_PREFIX}{REFRESH_TIME_VALUE}"));
        let del_offset = self.one(REFRESH_KEY, &format!("{DEL_PREFIX}{REFRESH_OFFSET_VALUE}"));
        match (time, offset) {
            (Some(t), Some(o)) => match (self.records[t].as_dword(), self.records[o].as_dword()) {
                (Some(minutes), Some(off)) => {
                    self.used[t] = true;
                    self.used[o] = true;
                    Setting::enabled(RefreshInterval {
                        minutes,
                        offset: off,
                    })
                }
                _ => {
                    self.warn(
                        t,
                        path,
                        Diagnostic::warning(
                            Code::Unowned,
                            "refresh interval values are not REG_DWORD; kept verbatim",
                        ),
                    );
                    Setting::not_configured()
                }
            },
            (None, None) => {
                if let (Some(a), Some(b)) = (del_time, del_offset) {
                    self.used[a] = true;
                    self.used[b] = true;
                    Setting::disabled()
                } else {
                    Setting::not_configured()
                }
            }
            (Some(i), None) | (None, Some(i)) => {
                self.warn(
                    i,
                    path,
                    Diagnostic::warning(
                        Code::Unowned,
                        "only one of GroupPolicyRefreshTime and GroupPolicyRefreshTimeOffset is set (the policy writes both); kept verbatim",
                    ),
                );
                Setting::not_configured()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exception::{Port, Status, Transport};

    fn no_loc(_: usize, d: Diagnostic) -> Diagnostic {
        d
    }

    fn sample() -> Policy {
        let mut p = Policy::default();
        p.domain.protect_all = Setting::enabled(());
        p.domain.programs = Setting::enabled(vec![ProgramException {
            path: r"%windir%\system32\sessmgr.exe".into(),
            scope: Scope::Any,
            status: Status::Enabled,
            name: "Remote Assistance".into(),
        }]);
        p.domain.ports = Setting::enabled(vec![PortException {
            port: Port::new(135).unwrap_or_else(|| {
                Port::new(1).unwrap_or(Port::new(2).unwrap_or_else(|| unreachable!()))
            }),
            transport: Transport::Tcp,
            scope: Scope::Any,
            status: Status::Enabled,
            name: "Remote Assistance".into(),
        }]);
        p.domain.file_and_print = Setting::enabled(Scope::local_subnet());
        p.domain.remote_desktop = Setting::disabled();
        p.domain.logging = Setting::disabled();
        p.standard.icmp =
            Setting::enabled(IcmpOptions::default().with(IcmpOption::InboundEchoRequest, true));
        p.standard.allow_local_programs = Setting::enabled(());
        p.ipsec_bypass = Setting::disabled();
        p.refresh = Setting::enabled(RefreshInterval {
            minutes: 60,
            offset: 15,
        });
        p.unowned.push(Record::dword(
            r"Software\Policies\Microsoft\Windows\WindowsUpdate\AU",
            "NoAutoUpdate",
            0,
        ));
        p
    }

    #[test]
    fn list_items_have_definition_as_name_and_data() {
        let w = to_records(&sample());
        let item = w
            .records
            .iter()
            .find(|r| r.key.ends_with(r"GloballyOpenPorts\List"))
            .cloned()
            .unwrap_or_else(|| Record::dword("", "", 0));
        assert_eq!(
            item.key,
            r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile\GloballyOpenPorts\List"
        );
        assert_eq!(item.value, "135:TCP:*:enabled:Remote Assistance");
        assert_eq!(
            item.as_string().as_deref(),
            Some("135:TCP:*:enabled:Remote Assistance")
        );
        assert!(!w
            .records
            .iter()
            .any(|r| r.value.eq_ignore_ascii_case(DELVALS)));
    }

    #[test]
    fn disabled_writes_disabled_value_and_delete_markers() {
        let w = to_records(&sample());
        let rd: Vec<_> = w
            .records
            .iter()
            .filter(|r| r.key.ends_with(r"Services\RemoteDesktop"))
            .collect();
        assert_eq!(rd.len(), 2);
        assert_eq!(rd[0].as_dword(), Some(0));
        assert_eq!(rd[1].value, "**del.RemoteAddresses");
        assert_eq!(rd[1].data, vec![0x20, 0, 0, 0]);
        let log: Vec<_> = w
            .records
            .iter()
            .filter(|r| r.key.ends_with(r"DomainProfile\Logging"))
            .collect();
        assert_eq!(log[0].kind, RegType::SZ);
        assert_eq!(log[0].value, "LogDroppedPackets");
        assert_eq!(log[0].as_string().as_deref(), Some("0"));
        assert_eq!(log[1].value, "LogSuccessfulConnections");
        assert_eq!(log[1].kind, RegType::SZ);
    }

    // See: issue 3 (registry formats). A value name with a multi-byte character across byte 6
    // (e.g. "**de✓", read from a Registry.pol) made `deleted_value` slice inside the character
    // and panic.
    #[test]
    fn deleted_value_does_not_panic_on_multibyte_names() {
        assert_eq!(Record::sz("K", "**de✓x", "1").deleted_value(), None);
        assert_eq!(Record::sz("K", "✓", "1").deleted_value(), None);
        assert_eq!(Record::delete("K", "✓").deleted_value(), Some("✓"));
        assert_eq!(Record::sz("K", "**DEL.x", " ").deleted_value(), Some("x"));
    }

    #[test]
    fn not_configured_writes_nothing() {
        assert!(to_records(&Policy::default()).records.is_empty());
    }

    #[test]
    fn round_trip_through_records() {
        let p = sample();
        let back = from_records(to_records(&p).records, &no_loc);
        assert_eq!(back.policy, p.normalized_for_registry());
        assert!(
            !back.diagnostics.iter().any(|d| d.is_error()),
            "{:?}",
            back.diagnostics
        );
    }

    #[test]
    fn unknown_values_are_kept_in_order() {
        let extra = vec![
            Record::sz(r"Software\Policies\Microsoft\Windows\Foo", "Bar", "x"),
            Record::dword(
                r"SOFTWARE\Policies\Microsoft\WindowsFirewall\PrivateProfile",
                "EnableFirewall",
                1,
            ),
            Record::dword(
                r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile",
                "EnableFirewall",
                7,
            ),
        ];
        let back = from_records(extra.clone(), &no_loc);
        assert_eq!(back.policy.unowned, extra);
        assert_eq!(back.policy.domain.protect_all.state, State::NotConfigured);
        let again = to_records(&back.policy).records;
        assert_eq!(again, extra);
    }

    #[test]
    fn bad_list_item_is_kept_verbatim_with_warning() {
        let key = r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile\GloballyOpenPorts";
        let recs = vec![
            Record::dword(key, "Enabled", 1),
            Record::sz(
                &format!(r"{key}\List"),
                "70000:TCP:*:enabled:x",
                "70000:TCP:*:enabled:x",
            ),
            Record::sz(
                &format!(r"{key}\List"),
                "80:tcp:*:Enabled:Web",
                "80:tcp:*:Enabled:Web",
            ),
        ];
        let back = from_records(recs, &no_loc);
        assert_eq!(back.policy.domain.ports.options.len(), 1);
        assert_eq!(back.policy.unowned.len(), 1);
        assert!(back
            .diagnostics
            .iter()
            .any(|d| d.message.contains("out of range")));
        assert!(back
            .diagnostics
            .iter()
            .any(|d| d.code == Code::Canonicalized));
    }
}
