//! Records → policy: maps registry values read from any file back onto the model.

use crate::model::diagnostic::quoted;
use crate::model::diagnostic::{Code, Diagnostic, Field, Severity};
use crate::model::edit::ListKind;
use crate::model::exception::{ParseOptions, PortException, ProgramException};
use crate::model::policy::{
    GlobalId, Policy, IPSEC_BYPASS_KEY, IPSEC_BYPASS_VALUE, REFRESH_KEY, REFRESH_OFFSET_VALUE,
    REFRESH_TIME_VALUE,
};
use crate::model::profile::{Profile, ProfileKind, SettingId};
use crate::model::scope::Scope;
use crate::model::setting::{
    IcmpOption, IcmpOptions, LoggingOptions, RefreshInterval, Setting, State,
};
use std::collections::HashMap;

use super::preserve::{Source, Unit};
use super::*;

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
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        by_key
            .entry(r.key.to_ascii_lowercase())
            .or_default()
            .push(i);
    }
    let n = records.len();
    let mut reader = Reader {
        records,
        by_key,
        used: vec![false; n],
        warned: vec![false; n],
        diags: Vec::new(),
        locate,
        owner: vec![None; n],
        item_of: vec![None; n],
        duplicates: Vec::new(),
    };
    let mut policy = Policy::default();
    for kind in ProfileKind::ALL {
        let profile = reader.read_profile(kind);
        *policy.profile_mut(kind) = profile;
    }
    policy.ipsec_bypass = reader.read_bypass();
    reader.claim(Unit::Global(GlobalId::IpsecBypass), &[IPSEC_BYPASS_KEY]);
    policy.refresh = reader.read_refresh();
    reader.claim(Unit::Global(GlobalId::RefreshInterval), &[REFRESH_KEY]);
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
        } else if !ours
            && reader
                .key_indices(&lower)
                .iter()
                .find(|&&j| !reader.is_used(j))
                == Some(&i)
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
        if let Some(owner) = reader.owner.get_mut(i) {
            *owner = Some(Unit::Unowned(unowned.len()));
        }
        unowned.push(record.clone());
    }
    policy.unowned = unowned;
    let owners = reader
        .owner
        .iter()
        .map(|o| o.unwrap_or(Unit::Kept))
        .collect();
    policy.source = Source::new(reader.records, owners, &policy);
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
    by_key: HashMap<String, Vec<usize>>,
    used: Vec<bool>,
    warned: Vec<bool>,
    diags: Vec<Diagnostic>,
    locate: &'a dyn Fn(usize, Diagnostic) -> Diagnostic,
    /// The part of the policy each record carries, once read.
    owner: Vec<Option<Unit>>,
    /// For a list record read as an item: its position in the list.
    item_of: Vec<Option<usize>>,
    /// Values found more than once since the last claim (record indices, file order).
    duplicates: Vec<Vec<usize>>,
}

/// What [`Reader::rec`] gives for an index it does not hold (never reached: every index
/// comes from [`Reader::key_indices`]; the fallback keeps the reader free of indexing that
/// could panic).
static NO_RECORD: Record = Record {
    key: String::new(),
    value: String::new(),
    kind: RegType(0),
    data: Vec::new(),
};

impl Reader<'_> {
    /// Record `i`.
    fn rec(&self, i: usize) -> &Record {
        self.records.get(i).unwrap_or(&NO_RECORD)
    }

    /// Whether record `i` has been mapped onto the model.
    fn is_used(&self, i: usize) -> bool {
        self.used.get(i).copied().unwrap_or(false)
    }

    /// Marks record `i` as mapped onto the model.
    fn mark_used(&mut self, i: usize) {
        if let Some(used) = self.used.get_mut(i) {
            *used = true;
        }
    }

    /// Indices of unused records with this key and value name (case-insensitive).
    fn find(&self, key: &str, value: &str) -> Vec<usize> {
        self.key_indices(key)
            .iter()
            .copied()
            .filter(|&i| !self.is_used(i) && self.rec(i).value.eq_ignore_ascii_case(value))
            .collect()
    }

    /// Indices of all records (used or not) under this key, in file order.
    fn key_indices(&self, key: &str) -> &[usize] {
        self.by_key
            .get(&key.to_ascii_lowercase())
            .map_or(&[], Vec::as_slice)
    }

    /// The single unused record for key/value; with duplicates the last one wins (as when the
    /// client applies the file), and earlier ones are noted.
    fn one(&mut self, key: &str, value: &str) -> Option<usize> {
        let found = self.find(key, value);
        let last = found.last().copied();
        if found.len() > 1 && !self.duplicates.contains(&found) {
            self.duplicates.push(found);
        }
        last
    }

    /// Where record `i` is, in the words of its format (`line 12`, `byte 344`).
    fn position(&self, i: usize) -> String {
        let d = (self.locate)(i, Diagnostic::info(Code::Duplicate, ""));
        match (d.line, d.offset) {
            (Some(line), _) => format!("line {line}"),
            (_, Some(offset)) => format!("byte {offset}"),
            _ => format!("record {}", i + 1),
        }
    }

    /// Gives the records just read under `keys` to `unit` (list items to their item). The
    /// earlier records of a value written twice belong to the same unit when the last one was
    /// read: they are written back as they are until that setting is edited.
    fn claim(&mut self, unit: Unit, keys: &[&str]) {
        for found in std::mem::take(&mut self.duplicates) {
            let Some((&last, earlier)) = found.split_last() else {
                continue;
            };
            let Some(winner) = self.records.get(last).filter(|_| self.is_used(last)) else {
                continue;
            };
            let (name, described) = (winner.value.clone(), winner.describe());
            for &e in earlier {
                if self.is_used(e) {
                    continue;
                }
                self.mark_used(e);
                let message = format!(
                    "{name} is written twice ({} and {}); Windows applies the records in order, so the last one ({described}) wins. Both are written back as they are until this setting is edited, which writes it once",
                    self.position(e),
                    self.position(last),
                );
                let path = match unit {
                    Unit::Setting(kind, id) => format!("{} › {}", kind.label(), id.short_name()),
                    Unit::Global(id) => id.label().to_string(),
                    _ => String::new(),
                };
                self.warn(
                    last,
                    &path,
                    Diagnostic::warning(Code::Duplicate, message).with_field(Field::ValueName),
                );
            }
        }
        for key in keys {
            let indices = self.key_indices(key).to_vec();
            for i in indices {
                let item = self.item_of.get(i).copied().flatten();
                let used = self.is_used(i);
                if let Some(owner) = self.owner.get_mut(i).filter(|o| used && o.is_none()) {
                    *owner = Some(match (unit, item) {
                        (Unit::Setting(kind, SettingId::DefineProgramExceptions), Some(j)) => {
                            Unit::Item(kind, ListKind::Programs, j)
                        }
                        (Unit::Setting(kind, SettingId::DefinePortExceptions), Some(j)) => {
                            Unit::Item(kind, ListKind::Ports, j)
                        }
                        _ => unit,
                    });
                }
            }
        }
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
        match self.rec(i).as_dword() {
            Some(1) => {
                self.mark_used(i);
                State::Enabled
            }
            Some(0) => {
                self.mark_used(i);
                State::Disabled
            }
            _ => {
                let desc = self.rec(i).describe();
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
            let list = format!(r"{key}\List");
            self.claim(Unit::Setting(kind, id), &[&key, &list]);
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
            .filter(|&i| !self.is_used(i))
            .collect();
        for i in indices {
            let record = self.rec(i).clone();
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
                            "list item {} is present but the policy is not Enabled; kept verbatim",
                            quoted(&record.value)
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
                            "list item {} is not a REG_SZ string; kept verbatim",
                            quoted(&record.value)
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
                            "list item named {} holds {}; GPMC stores the definition as both name and data, so this item is kept verbatim",
                            quoted(&record.value),
                            quoted(&data)
                        ),
                    )
                    .with_field(Field::ValueName),
                );
                continue;
            }
            let parsed = parse(&data);
            match parsed.value {
                Some(item) => {
                    self.mark_used(i);
                    if let Some(slot) = self.item_of.get_mut(i) {
                        *slot = Some(items.len());
                    }
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
                                    "the item {} is kept exactly as written; if you edit it, it is written as {}",
                                    quoted(&data),
                                    quoted(&canonical)
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
                                "{}: {}; the item is kept verbatim",
                                quoted(&data),
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
        match self.rec(ei).as_dword() {
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
                let text = self
                    .rec(ai)
                    .as_string()
                    .filter(|_| self.rec(ai).kind == RegType::SZ);
                let parsed = text.as_deref().map(Scope::parse);
                match parsed.and_then(|p| p.value.map(|v| (v, p.diagnostics))) {
                    Some((scope, diags)) => {
                        self.mark_used(ei);
                        self.mark_used(ai);
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
                                        "the scope {} is kept exactly as written; if you edit this setting, it is written as {}",
                                        quoted(&text.unwrap_or_default()),
                                        quoted(&canonical)
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
                                    self.rec(ai).describe()
                                ),
                            )
                            .with_field(Field::Scope),
                        );
                        Setting::not_configured()
                    }
                }
            }
            Some(0) => {
                self.mark_used(ei);
                if let Some(di) = del {
                    self.mark_used(di);
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
                match self.rec(i).as_dword() {
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
                self.mark_used(*i);
                options = options.with(*o, *v);
            }
            if let (true, Some(&(_, at, _))) = (set.len() < IcmpOption::ALL.len(), set.first()) {
                self.warn(
                    at,
                    path,
                    Diagnostic::info(
                        Code::Canonicalized,
                        format!(
                            "{} of 10 ICMP values present; the missing ones are read as unchecked (kept as written; editing this setting writes all 10)",
                            set.len()
                        ),
                    ),
                );
            }
            return Setting::enabled(options);
        }
        for i in dels {
            self.mark_used(i);
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
            i.map(|i| r.rec(i).kind == RegType::SZ && r.rec(i).as_string().as_deref() == Some("0"))
                .unwrap_or(false)
        };
        // Disabled: the REG_SZ "0" pair (ADMX disabledList), no file/size values.
        if sz0(dropped, self) && sz0(success, self) && file.is_none() && size.is_none() {
            for i in [dropped, success, del_file, del_size].into_iter().flatten() {
                self.mark_used(i);
            }
            return Setting::disabled();
        }
        let flag = |i: Option<usize>, r: &Self| -> Option<bool> {
            match i {
                None => Some(false),
                Some(i) => match r.rec(i).as_dword() {
                    Some(0) => Some(false),
                    Some(1) => Some(true),
                    _ => None,
                },
            }
        };
        let path_text = file.and_then(|i| {
            (self.rec(i).kind == RegType::SZ)
                .then(|| self.rec(i).as_string())
                .flatten()
        });
        let size_value = size.and_then(|i| self.rec(i).as_dword());
        match (
            flag(dropped, self),
            flag(success, self),
            path_text,
            size_value,
            del_file.or(del_size),
        ) {
            (Some(d), Some(s), Some(p), Some(kb), None) => {
                for i in [dropped, success, file, size].into_iter().flatten() {
                    self.mark_used(i);
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
            if self.rec(i).kind == RegType::SZ {
                if let Some(text) = self.rec(i).as_string() {
                    self.mark_used(i);
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
            self.mark_used(i);
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
            (Some(t), Some(o)) => match (self.rec(t).as_dword(), self.rec(o).as_dword()) {
                (Some(minutes), Some(off)) => {
                    self.mark_used(t);
                    self.mark_used(o);
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
                    self.mark_used(a);
                    self.mark_used(b);
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
