//! Diff between two policies: what changed, setting by setting and item by item.
//!
//! [`diff`] compares everything the model holds: the tri-state and the options of all fourteen
//! settings of both profiles (options are compared whatever the state, because the editor keeps
//! them), the program and port exception lists, interface exclusions, the two global settings
//! and the verbatim (unowned) registry values. [`diff_exported`] compares only what the
//! registry-based exports would carry.
//!
//! Invariants:
//! * `diff(p, p)` is empty; `diff(a, b)` is empty exactly when `a == b`, except for the order
//!   of items inside an exception list or the verbatim values, which Windows does not care
//!   about and which is not reported.
//! * Exception list items are matched by identity: a program by its path (ignoring case), a
//!   port by number and transport. Identical items are paired first, then the remaining ones
//!   by identity in list order, so editing the scope, status or name of an item shows as one
//!   [`ChangeKind::Changed`], not as Removed + Added. Interface names match ignoring case;
//!   verbatim values match by key and value name (ignoring case).
//! * Output order is deterministic: Domain profile, Standard profile (settings in
//!   [`SettingId::ALL`] order, each state before its options, then interface exclusions),
//!   the global settings, then the verbatim values. Within a list: removed and changed items
//!   in the old list's order, then added items in the new list's order.

use crate::model::names::name_key;
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

use crate::model::diagnostic::{excerpt, quoted};
use crate::model::exception::{PortException, ProgramException};
use crate::model::policy::{GlobalId, Policy};
use crate::model::profile::{Profile, ProfileKind, SettingId};
use crate::model::setting::{IcmpOption, Setting};
use crate::registry::{hex, Record};

/// What happened to a setting, option or item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ChangeKind {
    /// Present only in the new policy (`before` is `None`).
    Added,
    /// Present only in the old policy (`after` is `None`).
    Removed,
    /// Present in both with a different value.
    Changed,
}

impl ChangeKind {
    /// `added` / `removed` / `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of a policy a [`Place`] is in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Group {
    /// One profile's settings and interface exclusions.
    Profile(ProfileKind),
    /// The settings outside the profiles ([`GlobalId`]).
    Global,
    /// The registry values the model does not own.
    Verbatim,
}

impl Group {
    /// `Domain Profile`, `Standard Profile`, `Global settings`, `Verbatim values`.
    pub fn label(self) -> &'static str {
        match self {
            Group::Profile(kind) => kind.label(),
            Group::Global => "Global settings",
            Group::Verbatim => "Verbatim values",
        }
    }
}

/// Where a change is, as parts: the group, the setting, and what inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Place {
    /// The profile, the global settings or the verbatim values.
    pub group: Group,
    /// The setting's short name (`Allow logging`), a global's label, `Interface exclusions`,
    /// or a verbatim value's `key!value`.
    pub setting: String,
    /// What inside the setting changed: `None` for its state (or a verbatim value itself), an
    /// option (`Log file size`) or a list item (`80:TCP`, `C:\app.exe`, an interface name).
    pub detail: Option<String>,
    /// True when `detail` names a list item (an exception or an interface exclusion).
    pub item: bool,
}

impl Place {
    fn setting(kind: ProfileKind, id: SettingId) -> Place {
        Place {
            group: Group::Profile(kind),
            setting: id.short_name().to_string(),
            detail: None,
            item: false,
        }
    }

    fn global(id: GlobalId) -> Place {
        Place {
            group: Group::Global,
            setting: id.label().to_string(),
            detail: None,
            item: false,
        }
    }

    fn option(&self, name: impl Into<String>) -> Place {
        Place {
            detail: Some(name.into()),
            ..self.clone()
        }
    }

    fn item(&self, label: impl Into<String>) -> Place {
        Place {
            detail: Some(label.into()),
            item: true,
            ..self.clone()
        }
    }

    /// The path [`Change::path`] shows.
    pub fn path(&self) -> String {
        let head = match self.group {
            Group::Profile(kind) => format!("{} › {}", kind.label(), self.setting),
            Group::Global => self.setting.clone(),
            Group::Verbatim => format!("Verbatim values › {}", self.setting),
        };
        match &self.detail {
            Some(d) => format!("{head} › {d}"),
            None => head,
        }
    }
}

/// One difference between two policies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Change {
    /// Where: `Domain Profile › Define port exceptions › 80:TCP`,
    /// `Standard Profile › Allow logging › Log file size`, ...
    pub path: String,
    /// The same place as parts (for grouping by profile and setting).
    pub place: Place,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The old value as text (`None` when added).
    pub before: Option<String>,
    /// The new value as text (`None` when removed).
    pub after: Option<String>,
}

impl Change {
    fn changed(place: Place, before: String, after: String) -> Change {
        Change {
            path: place.path(),
            place,
            kind: ChangeKind::Changed,
            before: Some(before),
            after: Some(after),
        }
    }

    fn added(place: Place, after: String) -> Change {
        Change {
            path: place.path(),
            place,
            kind: ChangeKind::Added,
            before: None,
            after: Some(after),
        }
    }

    fn removed(place: Place, before: String) -> Change {
        Change {
            path: place.path(),
            place,
            kind: ChangeKind::Removed,
            before: Some(before),
            after: None,
        }
    }

    /// One line for the pending-changes list, e.g.
    /// `Domain Profile › Allow logging › Log file size: 4096 KB → 8192 KB`.
    pub fn describe(&self) -> String {
        match (self.kind, &self.before, &self.after) {
            (ChangeKind::Added, _, Some(after)) => format!("{}: added {after}", self.path),
            (ChangeKind::Removed, Some(before), _) => format!("{}: removed {before}", self.path),
            (_, Some(before), Some(after)) => format!("{}: {before} → {after}", self.path),
            _ => format!("{}: {}", self.path, self.kind),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Every difference between `before` and `after` (see the module invariants).
pub fn diff(before: &Policy, after: &Policy) -> Vec<Change> {
    let mut out = Vec::new();
    for kind in ProfileKind::ALL {
        diff_profile(kind, before.profile(kind), after.profile(kind), &mut out);
    }
    diff_globals(before, after, &mut out);
    diff_unowned(&before.unowned, &after.unowned, &mut out);
    out
}

/// The differences the registry-based exports would show: options of settings that are not
/// Enabled and interface exclusions are ignored ([`Policy::normalized_for_registry`]).
pub fn diff_exported(before: &Policy, after: &Policy) -> Vec<Change> {
    diff(
        &before.normalized_for_registry(),
        &after.normalized_for_registry(),
    )
}

fn push_if(out: &mut Vec<Change>, place: Place, before: String, after: String) {
    if before != after {
        out.push(Change::changed(place, before, after));
    }
}

fn state<T>(out: &mut Vec<Change>, place: &Place, a: &Setting<T>, b: &Setting<T>) {
    push_if(
        out,
        place.clone(),
        a.state.label().to_string(),
        b.state.label().to_string(),
    );
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn diff_profile(kind: ProfileKind, a: &Profile, b: &Profile, out: &mut Vec<Change>) {
    for id in SettingId::ALL {
        let path = Place::setting(kind, id);
        push_if(
            out,
            path.clone(),
            a.state(id).label().to_string(),
            b.state(id).label().to_string(),
        );
        match id {
            SettingId::RemoteAdministration
            | SettingId::FileAndPrinterSharing
            | SettingId::RemoteDesktop
            | SettingId::UpnpFramework => {
                if let (Some(x), Some(y)) = (a.service(id), b.service(id)) {
                    push_if(
                        out,
                        path.option("Scope"),
                        x.options.to_string(),
                        y.options.to_string(),
                    );
                }
            }
            SettingId::IcmpExceptions => {
                for o in IcmpOption::ALL {
                    let allowed = |v: bool| if v { "allowed" } else { "not allowed" }.to_string();
                    push_if(
                        out,
                        path.option(format!("{} (type {})", o.label(), o.icmp_type())),
                        allowed(a.icmp.options.get(o)),
                        allowed(b.icmp.options.get(o)),
                    );
                }
            }
            SettingId::Logging => {
                let (x, y) = (&a.logging.options, &b.logging.options);
                push_if(
                    out,
                    path.option("Log dropped packets"),
                    yes_no(x.log_dropped),
                    yes_no(y.log_dropped),
                );
                push_if(
                    out,
                    path.option("Log successful connections"),
                    yes_no(x.log_successful),
                    yes_no(y.log_successful),
                );
                push_if(
                    out,
                    path.option("Log file path"),
                    x.path.clone(),
                    y.path.clone(),
                );
                push_if(
                    out,
                    path.option("Log file size"),
                    format!("{} KB", x.size_kb),
                    format!("{} KB", y.size_kb),
                );
            }
            SettingId::DefineProgramExceptions => diff_list(
                &path,
                &a.programs.options,
                &b.programs.options,
                |e: &ProgramException| name_key(&e.path),
                |e| e.path.clone(),
                out,
            ),
            SettingId::DefinePortExceptions => diff_list(
                &path,
                &a.ports.options,
                &b.ports.options,
                |e: &PortException| (e.port, e.transport),
                |e| format!("{}:{}", e.port, e.transport),
                out,
            ),
            _ => {}
        }
    }
    diff_interfaces(kind, &a.excluded_interfaces, &b.excluded_interfaces, out);
}

/// Pairs items of `a` and `b`: identical items first, then by identity in list order.
/// Returns, for each item of `a`, the index of its partner in `b` (if any).
pub(crate) fn pair<T: Hash + Eq, K: Hash + Eq>(
    a: &[T],
    b: &[T],
    identity: impl Fn(&T) -> K,
) -> Vec<Option<usize>> {
    // Linear (issue 11): the free items of `b` are chained by value, then by identity, in list
    // order (a map to the first index plus a `next` link per item, no allocation per item),
    // so each item of `a` takes the first free partner, as a scan of `b` would.
    const END: usize = usize::MAX;
    let mut partner = vec![None; a.len()];
    let mut next = vec![END; b.len()];
    let mut head: HashMap<&T, usize> = HashMap::with_capacity(b.len());
    for (j, y) in b.iter().enumerate().rev() {
        if let (Some(n), Some(old)) = (next.get_mut(j), head.insert(y, j)) {
            *n = old;
        }
    }
    let mut used = vec![false; b.len()];
    for (x, p) in a.iter().zip(partner.iter_mut()) {
        if let Some(first) = head.get_mut(x).filter(|j| **j != END) {
            let j = *first;
            *first = next.get(j).copied().unwrap_or(END);
            if let Some(u) = used.get_mut(j) {
                *u = true;
            }
            *p = Some(j);
        }
    }
    let mut next = vec![END; b.len()];
    let mut head: HashMap<K, usize> = HashMap::new();
    for (j, y) in b.iter().enumerate().rev() {
        if used.get(j) == Some(&false) {
            if let (Some(n), Some(old)) = (next.get_mut(j), head.insert(identity(y), j)) {
                *n = old;
            }
        }
    }
    for (x, p) in a.iter().zip(partner.iter_mut()) {
        if p.is_none() {
            if let Some(first) = head.get_mut(&identity(x)).filter(|j| **j != END) {
                let j = *first;
                *first = next.get(j).copied().unwrap_or(END);
                *p = Some(j);
            }
        }
    }
    partner
}

fn diff_list<T: Hash + Eq + fmt::Display, K: Hash + Eq>(
    list_path: &Place,
    a: &[T],
    b: &[T],
    identity: impl Fn(&T) -> K,
    label: impl Fn(&T) -> String,
    out: &mut Vec<Change>,
) {
    let partner = pair(a, b, &identity);
    let mut matched = vec![false; b.len()];
    for (x, p) in a.iter().zip(&partner) {
        // Paths and texts only for items that changed: most items of a large list are equal.
        let path = || list_path.item(label(x));
        match p {
            Some(j) => {
                if let (Some(m), Some(y)) = (matched.get_mut(*j), b.get(*j)) {
                    *m = true;
                    if x != y {
                        push_if(out, path(), x.to_string(), y.to_string());
                    }
                }
            }
            None => out.push(Change::removed(path(), x.to_string())),
        }
    }
    for (y, m) in b.iter().zip(&matched) {
        if !m {
            out.push(Change::added(list_path.item(label(y)), y.to_string()));
        }
    }
}

fn diff_interfaces(kind: ProfileKind, a: &[String], b: &[String], out: &mut Vec<Change>) {
    let list = Place {
        group: Group::Profile(kind),
        setting: "Interface exclusions".to_string(),
        detail: None,
        item: false,
    };
    let interface_path = |_: ProfileKind, name: &str| list.item(name);
    let partner = pair(a, b, |s: &String| name_key(s));
    let mut matched = vec![false; b.len()];
    for (x, p) in a.iter().zip(&partner) {
        match p {
            Some(j) => {
                if let (Some(m), Some(y)) = (matched.get_mut(*j), b.get(*j)) {
                    *m = true;
                    push_if(out, interface_path(kind, x), x.clone(), y.clone());
                }
            }
            None => out.push(Change::removed(interface_path(kind, x), x.clone())),
        }
    }
    for (y, m) in b.iter().zip(&matched) {
        if !m {
            out.push(Change::added(interface_path(kind, y), y.clone()));
        }
    }
}

fn diff_globals(a: &Policy, b: &Policy, out: &mut Vec<Change>) {
    let bypass = Place::global(GlobalId::IpsecBypass);
    state(out, &bypass, &a.ipsec_bypass, &b.ipsec_bypass);
    push_if(
        out,
        bypass.option("SDDL"),
        a.ipsec_bypass.options.clone(),
        b.ipsec_bypass.options.clone(),
    );
    let refresh = Place::global(GlobalId::RefreshInterval);
    state(out, &refresh, &a.refresh, &b.refresh);
    push_if(
        out,
        refresh.option("Interval"),
        format!("{} minutes", a.refresh.options.minutes),
        format!("{} minutes", b.refresh.options.minutes),
    );
    push_if(
        out,
        refresh.option("Random offset"),
        format!("{} minutes", a.refresh.options.offset),
        format!("{} minutes", b.refresh.options.offset),
    );
}

/// `REG_DWORD 1`, `REG_SZ “text”` (as typed, [`quoted`]) or `REG_BINARY 01 02`: the type and
/// data of a value.
pub fn record_value(record: &Record) -> String {
    match (record.as_dword(), record.as_string()) {
        (Some(d), _) => format!("{} {d}", record.kind),
        (_, Some(s)) => format!("{} {}", record.kind, quoted(&s)),
        _ => format!("{} {}", record.kind, hex(&record.data)),
    }
}

/// The place of a verbatim value: `key!value`, each cut to an excerpt.
fn unowned_path(record: &Record) -> Place {
    Place {
        group: Group::Verbatim,
        setting: format!("{}!{}", excerpt(&record.key), excerpt(&record.value)),
        detail: None,
        item: false,
    }
}

fn diff_unowned(a: &[Record], b: &[Record], out: &mut Vec<Change>) {
    let identity = |r: &Record| (r.key.to_ascii_lowercase(), r.value.to_ascii_lowercase());
    let partner = pair(a, b, identity);
    let mut matched = vec![false; b.len()];
    for (x, p) in a.iter().zip(&partner) {
        match p {
            Some(j) => {
                let (Some(m), Some(y)) = (matched.get_mut(*j), b.get(*j)) else {
                    continue;
                };
                *m = true;
                if x != y {
                    let (before, after) = if x.key == y.key && x.value == y.value {
                        (record_value(x), record_value(y))
                    } else {
                        (x.describe(), y.describe())
                    };
                    out.push(Change::changed(unowned_path(x), before, after));
                }
            }
            None => out.push(Change::removed(unowned_path(x), record_value(x))),
        }
    }
    for (y, m) in b.iter().zip(&matched) {
        if !m {
            out.push(Change::added(unowned_path(y), record_value(y)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::lint::setting_path;
    use crate::model::exception::{ParseOptions, Status};
    use crate::model::scope::Scope;
    use crate::model::setting::{IcmpOptions, LoggingOptions, RefreshInterval, State};

    fn port(line: &str) -> PortException {
        PortException::parse(line, ParseOptions::TYPED)
            .value
            .expect("test line parses")
    }

    fn program(line: &str) -> ProgramException {
        ProgramException::parse(line, ParseOptions::TYPED)
            .value
            .expect("test line parses")
    }

    /// The pairing as a scan of `b` for each item of `a` (what [`pair`] did before it was
    /// made linear).
    fn pair_by_scan(a: &[u8], b: &[u8]) -> Vec<Option<usize>> {
        let mut used = vec![false; b.len()];
        let mut partner = vec![None; a.len()];
        for (i, x) in a.iter().enumerate() {
            if let Some(j) = (0..b.len()).find(|&j| !used[j] && b[j] == *x) {
                used[j] = true;
                partner[i] = Some(j);
            }
        }
        for (i, x) in a.iter().enumerate() {
            if partner[i].is_none() {
                if let Some(j) = (0..b.len()).find(|&j| !used[j] && b[j] / 4 == x / 4) {
                    used[j] = true;
                    partner[i] = Some(j);
                }
            }
        }
        partner
    }

    // See: issue 11 — the linear pairing pairs exactly as the quadratic scan did.
    #[test]
    fn linear_pairing_matches_the_scan() {
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8 % 12
        };
        for _ in 0..500 {
            let a: Vec<u8> = (0..(next() % 9)).map(|_| next()).collect();
            let b: Vec<u8> = (0..(next() % 9)).map(|_| next()).collect();
            assert_eq!(
                pair(&a, &b, |x| *x / 4),
                pair_by_scan(&a, &b),
                "{a:?} {b:?}"
            );
        }
    }

    fn described(a: &Policy, b: &Policy) -> Vec<String> {
        diff(a, b).iter().map(Change::describe).collect()
    }

    #[test]
    fn identical_policies_have_no_changes() {
        let mut p = Policy::default();
        p.domain.ports = Setting::enabled(vec![port("80:TCP:*:enabled:Web")]);
        assert_eq!(diff(&p, &p.clone()), vec![]);
    }

    #[test]
    fn state_change_is_one_changed_entry() {
        let a = Policy::default();
        let mut b = a.clone();
        b.standard.protect_all = Setting::enabled(());
        assert_eq!(
            diff(&a, &b),
            vec![Change {
                path: "Standard Profile › Protect all network connections".into(),
                place: Place::setting(ProfileKind::Standard, SettingId::ProtectAllConnections),
                kind: ChangeKind::Changed,
                before: Some("Not configured".into()),
                after: Some("Enabled".into()),
            }]
        );
    }

    #[test]
    fn editing_an_exception_is_changed_not_removed_and_added() {
        let mut a = Policy::default();
        a.domain.ports = Setting::enabled(vec![
            port("80:TCP:*:enabled:Web"),
            port("443:TCP:*:enabled:TLS"),
        ]);
        let mut b = a.clone();
        b.domain.ports.options[0] = port("80:TCP:localsubnet:disabled:Web server");
        assert_eq!(
            described(&a, &b),
            vec!["Domain Profile › Define port exceptions › 80:TCP: 80:TCP:*:enabled:Web → 80:TCP:localsubnet:disabled:Web server"]
        );
        let c = &diff(&a, &b)[0];
        assert_eq!(c.kind, ChangeKind::Changed);
    }

    #[test]
    fn added_removed_and_reordered_items() {
        let mut a = Policy::default();
        a.domain.programs = Setting::enabled(vec![
            program(r"C:\a.exe:*:enabled:A"),
            program(r"C:\b.exe:*:enabled:B"),
        ]);
        let mut b = a.clone();
        // Reordering alone is not a change.
        b.domain.programs.options.reverse();
        assert_eq!(diff(&a, &b), vec![]);
        b.domain.programs.options.remove(0); // removes b.exe
        b.domain
            .programs
            .options
            .push(program(r"C:\c.exe:localsubnet:enabled:C"));
        assert_eq!(
            described(&a, &b),
            vec![
                r"Domain Profile › Define program exceptions › C:\b.exe: removed C:\b.exe:*:enabled:B",
                r"Domain Profile › Define program exceptions › C:\c.exe: added C:\c.exe:localsubnet:enabled:C",
            ]
        );
    }

    #[test]
    fn program_identity_ignores_path_case() {
        let mut a = Policy::default();
        a.domain.programs = Setting::enabled(vec![program(r"C:\App\app.exe:*:enabled:A")]);
        let mut b = a.clone();
        b.domain.programs.options[0] = program(r"c:\app\app.exe:*:enabled:A");
        let d = diff(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, ChangeKind::Changed);
    }

    #[test]
    fn duplicates_pair_exact_matches_first() {
        let mut a = Policy::default();
        a.domain.ports = Setting::enabled(vec![
            port("80:TCP:*:enabled:Web"),
            port("80:TCP:localsubnet:disabled:Off"),
        ]);
        let mut b = a.clone();
        b.domain.ports.options.remove(0);
        assert_eq!(
            described(&a, &b),
            vec!["Domain Profile › Define port exceptions › 80:TCP: removed 80:TCP:*:enabled:Web"]
        );
    }

    #[test]
    fn options_scope_icmp_logging() {
        let mut a = Policy::default();
        a.domain.logging = Setting::enabled(LoggingOptions::default());
        let mut b = a.clone();
        b.domain.remote_desktop.options = Scope::Any;
        b.domain.icmp.options = IcmpOptions::default().with(IcmpOption::InboundEchoRequest, true);
        b.domain.logging.options.size_kb = 8192;
        b.domain.logging.options.log_dropped = true;
        assert_eq!(
            described(&a, &b),
            vec![
                "Domain Profile › Allow ICMP exceptions › Allow inbound echo request (type 8): not allowed → allowed",
                "Domain Profile › Allow Remote Desktop exception › Scope: localsubnet → *",
                "Domain Profile › Allow logging › Log dropped packets: no → yes",
                "Domain Profile › Allow logging › Log file size: 4096 KB → 8192 KB",
            ]
        );
        // Options of a setting that is not Enabled do not reach Registry.pol.
        assert_eq!(
            diff_exported(&a, &b)
                .iter()
                .map(Change::describe)
                .collect::<Vec<_>>(),
            vec![
                "Domain Profile › Allow logging › Log dropped packets: no → yes",
                "Domain Profile › Allow logging › Log file size: 4096 KB → 8192 KB",
            ]
        );
    }

    #[test]
    fn interfaces_globals_and_unowned() {
        let mut a = Policy::default();
        a.domain.excluded_interfaces = vec!["LAN 2".into(), "Old".into()];
        a.unowned = vec![
            Record::dword(r"Software\Policies\X", "A", 1),
            Record::dword(r"Software\Policies\X", "B", 1),
        ];
        let mut b = a.clone();
        b.domain.excluded_interfaces = vec!["lan 2".into(), "New".into()];
        b.ipsec_bypass = Setting::enabled("O:DAG:DAD:(A;;RCCC;;;WD)".into());
        b.refresh = Setting::enabled(RefreshInterval {
            minutes: 60,
            offset: 30,
        });
        b.unowned = vec![
            Record::dword(r"Software\Policies\X", "A", 0),
            Record::sz(r"Software\Policies\X", "C", "hi"),
        ];
        assert_eq!(
            described(&a, &b),
            vec![
                "Domain Profile › Interface exclusions › LAN 2: LAN 2 → lan 2",
                "Domain Profile › Interface exclusions › Old: removed Old",
                "Domain Profile › Interface exclusions › New: added New",
                "Windows Firewall: Allow authenticated IPsec bypass: Not configured → Enabled",
                "Windows Firewall: Allow authenticated IPsec bypass › SDDL:  → O:DAG:DAD:(A;;RCCC;;;WD)",
                "Set Group Policy refresh interval for computers: Not configured → Enabled",
                "Set Group Policy refresh interval for computers › Interval: 90 minutes → 60 minutes",
                r"Verbatim values › Software\Policies\X!A: REG_DWORD 1 → REG_DWORD 0",
                r"Verbatim values › Software\Policies\X!B: removed REG_DWORD 1",
                r#"Verbatim values › Software\Policies\X!C: added REG_SZ “hi”"#,
            ]
        );
    }

    #[test]
    fn every_setting_state_is_covered() {
        for kind in ProfileKind::ALL {
            for id in SettingId::ALL {
                let a = Policy::default();
                let mut b = a.clone();
                *b.profile_mut(kind).state_mut(id) = State::Disabled;
                let d = diff(&a, &b);
                assert_eq!(d.len(), 1, "{kind} {id}");
                assert_eq!(d[0].path, setting_path(kind, id));
                assert_eq!(d[0].after.as_deref(), Some("Disabled"));
            }
        }
    }

    #[test]
    fn status_only_change() {
        let mut a = Policy::default();
        a.standard.ports = Setting::enabled(vec![port("3389:TCP:*:enabled:RDP")]);
        let mut b = a.clone();
        b.standard.ports.options[0].status = Status::Disabled;
        let d = diff(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].path,
            "Standard Profile › Define port exceptions › 3389:TCP"
        );
        assert_eq!(d[0].before.as_deref(), Some("3389:TCP:*:enabled:RDP"));
        assert_eq!(d[0].after.as_deref(), Some("3389:TCP:*:disabled:RDP"));
    }
}
