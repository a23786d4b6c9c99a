//! Format-preserving export: what the admin did not edit is written back record for record.
//!
//! A policy read from registry values ([`super::from_records`]) carries a [`Source`]: the
//! records exactly as read, the part of the policy each record carries (its *unit*: one profile
//! setting, one exception-list item, one global policy, or one verbatim value) and the policy
//! as it was read. [`write`] compares the current policy with that baseline unit by unit:
//!
//! * a unit that did not change keeps its records, bytes and positions (an imported
//!   `LocalSubnet` stays `LocalSubnet`, a partial ICMP set stays partial, a value written
//!   twice stays written twice, in the same order);
//! * a changed setting is regenerated (the canonical records of [`super::to_records`]) where
//!   its first record was, and all its old records (duplicates included) go;
//! * list items are matched by value: kept items keep their records, a removed item's record
//!   goes, an added or changed item gets one canonical record right after the record of the
//!   item before it in the list (before the first kept item when it is first);
//! * records of a unit that had none are placed next to their key's other records: after the
//!   last record with the same key, else after the last record whose key shares the most path
//!   components, else at the end.
//!
//! Invariants: writing an unedited policy gives its source records unchanged; writing is
//! deterministic and idempotent (reading the output and writing it again gives the same
//! records).

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::sync::Arc;

use super::{canonical_records, Record, DELVALS};
use crate::model::edit::ListKind;
use crate::model::policy::{GlobalId, Policy, IPSEC_BYPASS_KEY, REFRESH_KEY};
use crate::model::profile::{Profile, ProfileKind, SettingId};

/// The part of a policy one source record carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A profile setting (for the two lists: the `Enabled` value only).
    Setting(ProfileKind, SettingId),
    /// Item `n` of an exception list, as read.
    Item(ProfileKind, ListKind, usize),
    /// A global policy.
    Global(GlobalId),
    /// Verbatim value `n` of [`Policy::unowned`], as read.
    Unowned(usize),
    /// Read but claimed by no unit (the reader gives every record a unit; kept verbatim should
    /// one ever be missed, rather than dropped).
    Kept,
}

/// What a policy was read from: its registry records in file order, which part of the policy
/// each carries, and the policy as read. Empty for a policy built in the editor or from a
/// preset (such a policy is written in canonical form).
///
/// A source does not take part in comparisons: two policies are equal when they configure the
/// same thing, whatever file they came from (`==` on [`Source`] is always true and it hashes to
/// nothing). It only decides how the unchanged parts are spelled on export.
#[derive(Clone, Default)]
pub struct Source(Option<Arc<Baseline>>);

pub(crate) struct Baseline {
    pub(crate) records: Vec<Record>,
    pub(crate) owners: Vec<Unit>,
    /// The policy as read, normalized, without source.
    pub(crate) policy: Policy,
}

impl Source {
    pub(crate) fn new(records: Vec<Record>, owners: Vec<Unit>, read: &Policy) -> Source {
        let mut policy = read.normalized_for_registry();
        policy.source = Source::default();
        Source(Some(Arc::new(Baseline {
            records,
            owners,
            policy,
        })))
    }

    /// The source of a policy read from these records (what the project file stores).
    pub fn from_records(records: Vec<Record>) -> Source {
        super::from_records(records, &|_, d| d).policy.source
    }

    /// The records as read, in file order (empty when there is no source).
    pub fn records(&self) -> &[Record] {
        self.0.as_ref().map(|b| b.records.as_slice()).unwrap_or(&[])
    }

    /// True when the policy was not read from registry values.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub(crate) fn baseline(&self) -> Option<&Baseline> {
        self.0.as_deref()
    }

    /// The imported spellings `policy` still carries that differ from the canonical form: one
    /// per exception-list item and service scope read from the source, not edited since, whose
    /// record is not written as fwpolicy would write it. Each is (profile, setting, as
    /// written, canonical), in source order. Empty without a source.
    pub fn non_canonical(&self, policy: &Policy) -> Vec<(ProfileKind, SettingId, String, String)> {
        let Some(base) = self.baseline() else {
            return Vec::new();
        };
        let now = policy.normalized_for_registry();
        let mut out = Vec::new();
        for (record, unit) in base.records.iter().zip(&base.owners) {
            let (kind, id, canonical) = match *unit {
                Unit::Item(kind, ListKind::Programs, j) => {
                    let (was, is) = (
                        &base.policy.profile(kind).programs,
                        &now.profile(kind).programs,
                    );
                    match was.options.get(j) {
                        Some(item) if is.options.contains(item) => {
                            (kind, SettingId::DefineProgramExceptions, item.to_string())
                        }
                        _ => continue,
                    }
                }
                Unit::Item(kind, ListKind::Ports, j) => {
                    let (was, is) = (&base.policy.profile(kind).ports, &now.profile(kind).ports);
                    match was.options.get(j) {
                        Some(item) if is.options.contains(item) => {
                            (kind, SettingId::DefinePortExceptions, item.to_string())
                        }
                        _ => continue,
                    }
                }
                Unit::Setting(kind, id) if record.value.eq_ignore_ascii_case("RemoteAddresses") => {
                    match (
                        base.policy.profile(kind).service(id),
                        now.profile(kind).service(id),
                    ) {
                        (Some(was), Some(is)) if was == is && was.is_enabled() => {
                            (kind, id, was.options.to_string())
                        }
                        _ => continue,
                    }
                }
                _ => continue,
            };
            let written = match unit {
                Unit::Item(..) => record.value.clone(),
                _ => record.as_string().unwrap_or_default(),
            };
            if written != canonical {
                out.push((kind, id, written, canonical));
            }
        }
        out
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Source({} records)", self.records().len())
    }
}

impl PartialEq for Source {
    fn eq(&self, _: &Source) -> bool {
        true
    }
}

impl Eq for Source {}

impl Hash for Source {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// Where new records go, relative to the source records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Before(usize),
    After(usize),
    End,
}

struct Out<'a> {
    base: &'a Baseline,
    keep: Vec<bool>,
    before: Vec<Vec<Record>>,
    after: Vec<Vec<Record>>,
    end: Vec<Record>,
    units: Units,
    /// The source records of each key, by lower-case key (the first one spells the key).
    by_key: HashMap<String, Vec<usize>>,
}

impl Out<'_> {
    fn place(&mut self, anchor: Anchor, records: impl IntoIterator<Item = Record>) {
        // A key the source already has keeps the source's spelling (keys are
        // case-insensitive; the file stays consistent and a `.reg` keeps one block per key).
        let records: Vec<Record> = records
            .into_iter()
            .map(|mut r| {
                let first = self.by_key.get(&r.key.to_ascii_lowercase());
                if let Some(k) = first
                    .and_then(|v| v.first())
                    .and_then(|&i| self.base.records.get(i))
                {
                    r.key.clone_from(&k.key);
                }
                r
            })
            .collect();
        let slot = match anchor {
            Anchor::Before(i) => self.before.get_mut(i),
            Anchor::After(i) => self.after.get_mut(i),
            Anchor::End => None,
        };
        // Anchors are positions of source records; one out of range (never made) goes last.
        slot.unwrap_or(&mut self.end).extend(records);
    }

    fn first_of(&self, unit: Unit) -> Option<usize> {
        self.units.first(unit)
    }

    fn keep_unit(&mut self, unit: Unit) {
        for &(u, i) in &self.units.settings {
            if u == unit {
                mark_kept(&mut self.keep, i);
            }
        }
    }

    /// Next to the key's other records (see the module documentation).
    fn key_anchor(&self, key: &str) -> Anchor {
        if let Some(&last) = self
            .by_key
            .get(&key.to_ascii_lowercase())
            .and_then(|v| v.last())
        {
            return Anchor::After(last);
        }
        let parts: Vec<&str> = key.split('\\').collect();
        let mut best = (0usize, None);
        for (i, r) in self.base.records.iter().enumerate() {
            let common = r
                .key
                .split('\\')
                .zip(&parts)
                .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
                .count();
            let exact = common == parts.len() && r.key.split('\\').count() == parts.len();
            let score = if exact { usize::MAX } else { common };
            if score > 0 && score >= best.0 {
                best = (score, Some(i));
            }
        }
        best.1.map(Anchor::After).unwrap_or(Anchor::End)
    }

    /// A regenerated unit: where its first record was, or next to its key.
    fn replace_unit(&mut self, unit: Unit, records: Vec<Record>) {
        let anchor = match self.first_of(unit) {
            Some(i) => Anchor::Before(i),
            None => match records.first() {
                Some(r) => self.key_anchor(&r.key),
                None => return,
            },
        };
        self.place(anchor, records);
    }

    /// Matches the current items against the items read, in order; unmatched current items
    /// get `make(item)` placed after their predecessor in the list.
    fn list<T: fmt::Display>(
        &mut self,
        read: &[T],
        now: &[T],
        unit: impl Fn(usize) -> Unit,
        key: &str,
        make: impl Fn(&T) -> Record,
    ) {
        // Items are equal exactly when their canonical definitions are (`parse(x.to_string())
        // == x`), so they are matched by that string.
        let mut pool = Pool::new(read.iter().map(T::to_string));
        let matched: Vec<Option<usize>> = now
            .iter()
            .map(|item| {
                pool.take(&item.to_string())
                    .and_then(|j| self.first_of(unit(j)))
            })
            .collect();
        for &r in matched.iter().flatten() {
            mark_kept(&mut self.keep, r);
        }
        let first_kept = matched.iter().flatten().next().copied();
        let mut prev: Option<Anchor> = None;
        for (item, m) in now.iter().zip(&matched) {
            match m {
                Some(r) => prev = Some(Anchor::After(*r)),
                None => {
                    let anchor = match (prev, first_kept) {
                        (Some(a), _) => a,
                        (None, Some(r)) => Anchor::Before(r),
                        (None, None) => self.key_anchor(key),
                    };
                    self.place(anchor, [make(item)]);
                    prev = Some(anchor);
                }
            }
        }
    }
}

/// Which source records carry which unit.
struct Units {
    /// Records of settings and globals, in file order (a few dozen at most).
    settings: Vec<(Unit, usize)>,
    /// The record of each item, by profile and list (`slot`), by item position.
    items: [Vec<Option<usize>>; 4],
    /// The record of each verbatim value, by its position in `unowned`.
    unowned: Vec<Option<usize>>,
}

fn slot(kind: ProfileKind, list: ListKind) -> usize {
    let k = match kind {
        ProfileKind::Domain => 0,
        ProfileKind::Standard => 2,
    };
    k + usize::from(list == ListKind::Ports)
}

fn put(v: &mut Vec<Option<usize>>, at: usize, record: usize) {
    if v.len() <= at {
        v.resize(at + 1, None);
    }
    if let Some(cell) = v.get_mut(at) {
        *cell = Some(record);
    }
}

impl Units {
    fn new(owners: &[Unit]) -> Units {
        let mut units = Units {
            settings: Vec::new(),
            items: Default::default(),
            unowned: Vec::new(),
        };
        for (i, u) in owners.iter().enumerate() {
            match *u {
                Unit::Setting(..) | Unit::Global(_) => units.settings.push((*u, i)),
                Unit::Item(kind, list, j) => {
                    if let Some(v) = units.items.get_mut(slot(kind, list)) {
                        put(v, j, i);
                    }
                }
                Unit::Unowned(j) => put(&mut units.unowned, j, i),
                Unit::Kept => {}
            }
        }
        units
    }

    /// The first record carrying `unit`.
    fn first(&self, unit: Unit) -> Option<usize> {
        match unit {
            Unit::Setting(..) | Unit::Global(_) => self
                .settings
                .iter()
                .find(|(u, _)| *u == unit)
                .map(|(_, i)| *i),
            Unit::Item(kind, list, j) => self.items.get(slot(kind, list))?.get(j).copied()?,
            Unit::Unowned(j) => self.unowned.get(j).copied()?,
            Unit::Kept => None,
        }
    }
}

/// Positions by identity string, handed out in the order they were added.
struct Pool(HashMap<String, Vec<usize>>);

impl Pool {
    /// `ids` in order; each list is kept last-first so that taking is a pop.
    fn new(ids: impl Iterator<Item = String>) -> Pool {
        let mut map: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, id) in ids.enumerate() {
            map.entry(id).or_default().push(at);
        }
        for list in map.values_mut() {
            list.reverse();
        }
        Pool(map)
    }

    /// The earliest position not yet taken.
    fn take(&mut self, id: &str) -> Option<usize> {
        self.0.get_mut(id)?.pop()
    }
}

/// A string equal for two records exactly when the records are.
fn record_id(r: &Record) -> String {
    format!(
        "{}\0{}\0{}\0{}",
        r.key,
        r.value,
        r.kind.0,
        super::hex(&r.data)
    )
}

/// Marks source record `i` as written back unchanged.
fn mark_kept(flags: &mut [bool], i: usize) {
    if let Some(flag) = flags.get_mut(i) {
        *flag = true;
    }
}

/// The policy with only one profile setting of `from` set (for the lists: only the state).
fn only_setting(kind: ProfileKind, id: SettingId, from: &Profile) -> Policy {
    let mut q = Policy::default();
    let to = q.profile_mut(kind);
    match id {
        SettingId::DefineProgramExceptions | SettingId::DefinePortExceptions => {
            *to.state_mut(id) = from.state(id);
        }
        SettingId::IcmpExceptions => to.icmp = from.icmp.clone(),
        SettingId::Logging => to.logging = from.logging.clone(),
        _ => {
            if let (Some(slot), Some(s)) = (to.service_mut(id), from.service(id)) {
                *slot = s.clone();
            } else {
                *to.state_mut(id) = from.state(id);
            }
        }
    }
    q
}

fn only_global(id: GlobalId, from: &Policy) -> Policy {
    let mut q = Policy::default();
    match id {
        GlobalId::IpsecBypass => q.ipsec_bypass = from.ipsec_bypass.clone(),
        GlobalId::RefreshInterval => q.refresh = from.refresh.clone(),
    }
    q
}

fn list_key(kind: ProfileKind, id: SettingId) -> String {
    format!(r"{}\List", id.key(kind))
}

fn item_record<T: fmt::Display>(key: &str, item: &T) -> Record {
    let def = item.to_string();
    Record::sz(key, &def, &def)
}

/// The records of `policy`, keeping the source's records for every unit the admin did not
/// change (see the module documentation).
pub(crate) fn write(policy: &Policy, base: &Baseline) -> Vec<Record> {
    let now = policy.normalized_for_registry();
    let read = &base.policy;
    let n = base.records.len();
    let mut keep = vec![false; n];
    let units = Units::new(&base.owners);
    for (kept, u) in keep.iter_mut().zip(&base.owners) {
        if *u == Unit::Kept {
            *kept = true;
        }
    }
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in base.records.iter().enumerate() {
        by_key
            .entry(r.key.to_ascii_lowercase())
            .or_default()
            .push(i);
    }
    let mut out = Out {
        by_key,
        base,
        keep,
        before: vec![Vec::new(); n],
        after: vec![Vec::new(); n],
        end: Vec::new(),
        units,
    };
    for kind in ProfileKind::ALL {
        let (was, is) = (read.profile(kind), now.profile(kind));
        for id in SettingId::ALL {
            let unit = Unit::Setting(kind, id);
            let mine = only_setting(kind, id, is);
            if only_setting(kind, id, was) == mine {
                out.keep_unit(unit);
            } else {
                out.replace_unit(unit, canonical_records(&mine).records);
            }
            match id {
                SettingId::DefineProgramExceptions => {
                    let key = list_key(kind, id);
                    out.list(
                        &was.programs.options,
                        &is.programs.options,
                        |j| Unit::Item(kind, ListKind::Programs, j),
                        &key,
                        |e| item_record(&key, e),
                    );
                }
                SettingId::DefinePortExceptions => {
                    let key = list_key(kind, id);
                    out.list(
                        &was.ports.options,
                        &is.ports.options,
                        |j| Unit::Item(kind, ListKind::Ports, j),
                        &key,
                        |e| item_record(&key, e),
                    );
                }
                _ => {}
            }
        }
    }
    for id in GlobalId::ALL {
        let unit = Unit::Global(id);
        let mine = only_global(id, &now);
        if only_global(id, read) == mine {
            out.keep_unit(unit);
        } else {
            let key = match id {
                GlobalId::IpsecBypass => IPSEC_BYPASS_KEY,
                GlobalId::RefreshInterval => REFRESH_KEY,
            };
            let records = canonical_records(&mine).records;
            match out.first_of(unit) {
                Some(i) => out.place(Anchor::Before(i), records),
                None => {
                    let anchor = out.key_anchor(key);
                    out.place(anchor, records);
                }
            }
        }
    }
    // Verbatim values: matched in order; a new `**delvals.` clears its key before the key's
    // first record (as the canonical writer places it), other new ones follow their
    // predecessor in the list.
    let mut pool = Pool::new(read.unowned.iter().map(record_id));
    let mut prev: Option<Anchor> = None;
    for record in &now.unowned {
        let hit = pool
            .take(&record_id(record))
            .and_then(|u| out.first_of(Unit::Unowned(u)));
        match hit {
            Some(i) => {
                mark_kept(&mut out.keep, i);
                prev = Some(Anchor::After(i));
            }
            None => {
                let first_of_key = out
                    .by_key
                    .get(&record.key.to_ascii_lowercase())
                    .and_then(|v| v.first())
                    .copied();
                let anchor = match (record.value.eq_ignore_ascii_case(DELVALS), first_of_key) {
                    (true, Some(i)) => Anchor::Before(i),
                    _ => prev.unwrap_or_else(|| out.key_anchor(&record.key)),
                };
                out.place(anchor, [record.clone()]);
                prev = Some(anchor);
            }
        }
    }
    let Out {
        keep,
        before,
        after,
        end,
        ..
    } = out;
    let mut records = Vec::with_capacity(n + end.len());
    for ((record, kept), (pre, post)) in base
        .records
        .iter()
        .zip(keep)
        .zip(before.into_iter().zip(after))
    {
        records.extend(pre);
        if kept {
            records.push(record.clone());
        }
        records.extend(post);
    }
    records.extend(end);
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::setting::{IcmpOption, IcmpOptions, Setting};
    use crate::registry::from_records;

    fn owners(records: Vec<Record>) -> Vec<Unit> {
        from_records(records, &|_, d| d)
            .policy
            .source
            .baseline()
            .map(|b| b.owners.clone())
            .unwrap_or_default()
    }

    #[test]
    fn every_record_read_has_a_unit() {
        let mut p = Policy::default();
        p.domain.protect_all = Setting::enabled(());
        p.domain.icmp = Setting::enabled(IcmpOptions::default().with(IcmpOption::Redirect, true));
        p.standard.logging = Setting::disabled();
        p.standard.remote_desktop = Setting::disabled();
        p.refresh = Setting::disabled();
        p.ipsec_bypass = Setting::enabled("O:DAG:DAD:".into());
        let mut records = canonical_records(&p).records;
        // A value written twice, a malformed one and another policy's value.
        records.push(Record::dword(
            &SettingId::ProtectAllConnections.key(ProfileKind::Domain),
            "EnableFirewall",
            0,
        ));
        records.push(Record::sz(
            &SettingId::ProtectAllConnections.key(ProfileKind::Standard),
            "EnableFirewall",
            "1",
        ));
        records.push(Record::dword(r"Software\Policies\Other", "X", 1));
        let n = records.len();
        let found = owners(records);
        assert_eq!(found.len(), n);
        assert!(!found.contains(&Unit::Kept), "{found:?}");
        assert!(found.contains(&Unit::Unowned(1)));
        let first = found[0];
        assert_eq!(
            first,
            Unit::Setting(ProfileKind::Domain, SettingId::ProtectAllConnections)
        );
        assert_eq!(
            found[n - 3],
            first,
            "the later duplicate belongs to the same setting"
        );
    }

    #[test]
    fn sources_never_change_equality() {
        let read = from_records(vec![Record::dword(r"Software\X", "Y", 1)], &|_, d| d).policy;
        assert!(!read.source.is_empty());
        assert_eq!(read, read.without_source());
    }
}
