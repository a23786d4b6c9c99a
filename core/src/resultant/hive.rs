//! The virtual registry the records of several GPOs are applied to, as the registry
//! client-side extension applies them (see the module documentation of [`super`] for the rules
//! and the reference sections behind them).
//!
//! Every value is a *slot* identified by its key and name, compared without regard to case
//! ([`name_key`]). A slot holds the value as last written, a *tombstone* (the `**del.` marker
//! that deleted it, kept so that a policy the winning GPO disabled reads as Disabled) or
//! nothing, plus every action taken on it, in order. Cost: one hash look-up per record; a
//! deletion by `**delvals.` or `**DeleteKeys` visits only the values present in the keys it
//! deletes, and each value can be deleted once per time it was written, so applying n records
//! is O(n log n) whatever they contain.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::formats::pol::DecodedRecord;
use crate::model::diagnostic::{excerpt, Code, Diagnostic, Field};
use crate::model::names::name_key;
use crate::registry::{Record, RegType};

use super::{Action, Deletion, Event};

/// What a slot holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content {
    /// Nothing (never written, or deleted without a marker).
    Absent,
    /// The value as last written.
    Value(Record),
    /// The `**del.<name>` marker that deleted the value last.
    Tombstone(Record),
}

/// One registry value and everything done to it.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// The key as first written (its case as the first GPO spelled it).
    pub(crate) key: String,
    /// The value name as last written.
    pub(crate) name: String,
    pub(crate) content: Content,
    /// Every action on this value, with its global sequence number, in application order.
    pub(crate) history: Vec<(usize, Event)>,
}

impl Slot {
    /// True when the slot holds a value or a tombstone.
    fn is_live(&self) -> bool {
        !matches!(self.content, Content::Absent)
    }
}

#[derive(Debug, Default)]
struct KeyState {
    /// Slot index by lowercase value name.
    by_name: HashMap<String, usize>,
    /// Slots holding a value or a tombstone.
    live: BTreeSet<usize>,
}

/// The virtual registry.
#[derive(Debug, Default)]
pub(crate) struct Hive {
    pub(crate) slots: Vec<Slot>,
    keys: HashMap<String, KeyState>,
    /// Lowercase keys with at least one live slot, sorted (for `**DeleteKeys` subtrees).
    live_keys: BTreeMap<String, ()>,
    seq: usize,
}

/// A control code of a value name (reference §3.2), compared without regard to case.
enum Control<'a> {
    DelVals,
    Del(&'a str),
    DeleteValues,
    DeleteKeys,
    SecureKey,
    Soft(&'a str),
    Unknown,
    None,
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    match (text.get(..prefix.len()), text.get(prefix.len()..)) {
        (Some(head), Some(rest)) if head.eq_ignore_ascii_case(prefix) => Some(rest),
        _ => None,
    }
}

fn control(name: &str) -> Control<'_> {
    if !name.starts_with("**") {
        return Control::None;
    }
    if name.eq_ignore_ascii_case("**delvals.") || name.eq_ignore_ascii_case("**delvals") {
        Control::DelVals
    } else if let Some(rest) = strip_prefix_ci(name, "**del.") {
        Control::Del(rest)
    } else if name.eq_ignore_ascii_case("**deletevalues") {
        Control::DeleteValues
    } else if name.eq_ignore_ascii_case("**deletekeys") {
        Control::DeleteKeys
    } else if name.eq_ignore_ascii_case("**securekey") {
        Control::SecureKey
    } else if let Some(rest) = strip_prefix_ci(name, "**soft.") {
        Control::Soft(rest)
    } else {
        Control::Unknown
    }
}

/// The `;`-separated names of a `**DeleteValues` / `**DeleteKeys` record (REG_SZ text; other
/// types hold no names).
fn listed_names(record: &Record) -> Vec<String> {
    let text = match record.kind {
        RegType::SZ | RegType::EXPAND_SZ => crate::registry::decode_utf16z(&record.data)
            .or_else(|| {
                // Tolerate data without its terminating NUL.
                let mut data = record.data.clone();
                data.extend_from_slice(&[0, 0]);
                crate::registry::decode_utf16z(&data)
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    text.split(';')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Key comparison form: case folded, no trailing backslash.
fn key_id(key: &str) -> String {
    name_key(key.trim_end_matches('\\'))
}

impl Hive {
    fn next_seq(&mut self) -> usize {
        self.seq += 1;
        self.seq
    }

    fn slot_for(&mut self, key: &str, name: &str) -> usize {
        let kid = key_id(key);
        let state = self.keys.entry(kid).or_default();
        let nid = name_key(name);
        if let Some(&i) = state.by_name.get(&nid) {
            return i;
        }
        let i = self.slots.len();
        state.by_name.insert(nid, i);
        self.slots.push(Slot {
            key: key.to_string(),
            name: name.to_string(),
            content: Content::Absent,
            history: Vec::new(),
        });
        i
    }

    fn set_live(&mut self, slot: usize, live: bool) {
        let Some(kid) = self.slots.get(slot).map(|s| key_id(&s.key)) else {
            return;
        };
        let Some(state) = self.keys.get_mut(&kid) else {
            return;
        };
        if live {
            state.live.insert(slot);
            self.live_keys.insert(kid, ());
        } else {
            state.live.remove(&slot);
            if state.live.is_empty() {
                self.live_keys.remove(&kid);
            }
        }
    }

    fn record_event(&mut self, slot: usize, event: Event) {
        let seq = self.next_seq();
        if let Some(s) = self.slots.get_mut(slot) {
            s.history.push((seq, event));
        }
    }

    fn write(&mut self, gpo: usize, at: &DecodedRecord, name: &str, content: Content) {
        let slot = self.slot_for(&at.record.key, name);
        let action = match &content {
            Content::Tombstone(_) => Action::Deleted(Deletion::Marker),
            _ => Action::Set,
        };
        let live = !matches!(content, Content::Absent);
        if let Some(s) = self.slots.get_mut(slot) {
            s.content = content;
            s.name = name.to_string();
        }
        self.set_live(slot, live);
        self.record_event(
            slot,
            Event {
                gpo,
                value: name.to_string(),
                action,
                record: at.record.clone(),
                offset: at.offset,
            },
        );
    }

    /// Deletes slot `slot` (no tombstone) if it holds anything.
    fn erase(&mut self, gpo: usize, at: &DecodedRecord, slot: usize, how: Deletion) {
        let Some(s) = self.slots.get_mut(slot).filter(|s| s.is_live()) else {
            return;
        };
        s.content = Content::Absent;
        let value = s.name.clone();
        self.set_live(slot, false);
        self.record_event(
            slot,
            Event {
                gpo,
                value,
                action: Action::Deleted(how),
                record: at.record.clone(),
                offset: at.offset,
            },
        );
    }

    fn erase_key(&mut self, gpo: usize, at: &DecodedRecord, kid: &str, how: Deletion) {
        let live: Vec<usize> = self
            .keys
            .get(kid)
            .map(|k| k.live.iter().copied().collect())
            .unwrap_or_default();
        for slot in live {
            self.erase(gpo, at, slot, how);
        }
    }

    /// Applies one GPO's records (reference §3.2, §3.4): `**delvals.` first for each key it
    /// names, then every record in file order. Returns what is worth telling the admin.
    pub(crate) fn apply(
        &mut self,
        gpo: usize,
        label: &str,
        records: &[DecodedRecord],
    ) -> Vec<Diagnostic> {
        let mut notes = Vec::new();
        // `**delvals.` is processed first for its key (reference §2.4, §3.2 [C:S6][C:S3]).
        let mut first_seen: HashMap<String, usize> = HashMap::new();
        let mut wiped: Vec<String> = Vec::new();
        for (i, at) in records.iter().enumerate() {
            let kid = key_id(&at.record.key);
            let first = *first_seen.entry(kid.clone()).or_insert(i);
            if !matches!(control(&at.record.value), Control::DelVals) || wiped.contains(&kid) {
                continue;
            }
            if first < i {
                notes.push(
                    Diagnostic::info(
                        Code::Unconfirmed,
                        format!(
                            "{label}: {} has values before its **delvals. record; they are kept, because the client processes **delvals. first for a key (reference §3.2). Whether it does so exactly this way is UNCONFIRMED",
                            excerpt(&at.record.key)
                        ),
                    )
                    .with_offset(at.offset)
                    .with_field(Field::Key),
                );
            }
            self.erase_key(gpo, at, &kid, Deletion::DelVals);
            wiped.push(kid);
        }
        let mut unknown: Vec<String> = Vec::new();
        for at in records {
            let r = &at.record;
            match control(&r.value) {
                Control::DelVals | Control::SecureKey => {}
                Control::Del(name) => {
                    self.write(gpo, at, name, Content::Tombstone(r.clone()));
                }
                Control::DeleteValues => {
                    for name in listed_names(r) {
                        let slot = self.slot_for(&r.key, &name);
                        self.erase(gpo, at, slot, Deletion::DeleteValues);
                    }
                }
                Control::DeleteKeys => {
                    for sub in listed_names(r) {
                        let base = key_id(&format!(r"{}\{}", r.key, sub.trim_matches('\\')));
                        let below = format!("{base}\\");
                        let mut doomed: Vec<String> = vec![base.clone()];
                        doomed.extend(
                            self.live_keys
                                .range(below.clone()..)
                                .take_while(|(k, _)| k.starts_with(&below))
                                .map(|(k, _)| k.clone()),
                        );
                        for kid in doomed {
                            self.erase_key(gpo, at, &kid, Deletion::DeleteKeys);
                        }
                    }
                }
                Control::Soft(name) => {
                    let slot = self.slot_for(&r.key, name);
                    let exists = self
                        .slots
                        .get(slot)
                        .is_some_and(|s| matches!(s.content, Content::Value(_)));
                    if !exists {
                        let mut value = r.clone();
                        value.value = name.to_string();
                        self.write(gpo, at, name, Content::Value(value));
                    }
                }
                Control::Unknown => {
                    let code = r.value.to_ascii_lowercase();
                    if !unknown.contains(&code) {
                        notes.push(
                            Diagnostic::info(
                                Code::ResultantControlCode,
                                format!(
                                    "{label}: unknown control code {} under {} skipped, not applied (reference §3.2)",
                                    excerpt(&r.value),
                                    excerpt(&r.key)
                                ),
                            )
                            .with_offset(at.offset)
                            .with_field(Field::ValueName),
                        );
                        unknown.push(code);
                    }
                }
                Control::None => {
                    if r.value.is_empty() && r.kind == RegType::NONE && r.data.is_empty() {
                        // Only creates the key (reference §3.2).
                        continue;
                    }
                    self.write(gpo, at, &r.value, Content::Value(r.clone()));
                }
            }
        }
        notes
    }
}
