//! The virtual registry the records of several GPOs are applied to, as the registry
//! client-side extension applies them (see the module documentation of [`super`] for the rules
//! and the reference sections behind them).
//!
//! Every value is a *slot* identified by its key and name, compared without regard to case
//! ([`name_key`]). A slot holds the value as last written, a *tombstone* (the `**del.` marker
//! that deleted it, kept so that a policy the winning GPO disabled reads as Disabled) or
//! nothing, plus every action taken on it, in order. The hive borrows the GPOs' decoded
//! records: a value, a marker and an action are references into them, so applying a record
//! allocates nothing but its slot. Cost: one hash look-up per record; a
//! deletion by `**delvals.` or `**DeleteKeys` visits only the values present in the keys it
//! deletes, and each value can be deleted once per time it was written, so applying n records
//! is O(n log n) whatever they contain.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use std::sync::Arc;

use crate::formats::pol::DecodedRecord;
use crate::model::diagnostic::{excerpt, Code, Diagnostic, Field};
use crate::model::names::name_key;
use crate::registry::{Record, RegType};

use super::{Action, Deletion, Event};

/// What a slot holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content<'a> {
    /// Nothing (never written, or deleted without a marker).
    Absent,
    /// The value as last written (owned only for a `**soft.` value, renamed).
    Value(Cow<'a, Record>),
    /// The `**del.<name>` marker that deleted the value last.
    Tombstone(&'a Record),
}

/// A record of a GPO as applied: shared, so that every action it took refers to it without
/// copying it.
#[derive(Debug, Clone)]
pub(crate) struct Applied {
    /// Byte offset of the record in its Registry.pol.
    pub(crate) offset: usize,
    pub(crate) record: Arc<Record>,
}

impl Applied {
    /// A GPO's decoded records, shared.
    pub(crate) fn all(records: Vec<DecodedRecord>) -> Vec<Applied> {
        records
            .into_iter()
            .map(|d| Applied {
                offset: d.offset,
                record: Arc::new(d.record),
            })
            .collect()
    }
}

/// One action on a value, by reference into the GPO's records ([`Hit::event`] gives the
/// public [`Event`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'a> {
    /// Index of the GPO in the merge order.
    pub(crate) gpo: usize,
    /// The value acted on (name without control code).
    pub(crate) value: &'a str,
    pub(crate) action: Action,
    /// The record that did it.
    pub(crate) at: &'a Applied,
}

impl Hit<'_> {
    /// The action as an owned [`Event`].
    pub(crate) fn event(&self) -> Event {
        Event {
            gpo: self.gpo,
            value: self.value.to_string(),
            action: self.action,
            record: self.at.record.clone(),
            offset: self.at.offset,
        }
    }
}

/// One registry value and everything done to it.
#[derive(Debug, Clone)]
pub(crate) struct Slot<'a> {
    /// The key as first written (its case as the first GPO spelled it).
    pub(crate) key: &'a str,
    /// The value name as last written.
    pub(crate) name: &'a str,
    pub(crate) content: Content<'a>,
    /// Its first and last action in [`Hive::events`] ([`NONE`] when none): the actions on
    /// a value are a list through the arena, in application order ([`Hive::history`]).
    first: usize,
    last: usize,
    /// Index of its key in [`Hive::key_states`].
    key_at: usize,
}

/// No event.
const NONE: usize = usize::MAX;

/// The actions on one value, in application order, with their sequence numbers.
pub(crate) struct History<'h, 'a> {
    events: &'h [(Hit<'a>, usize)],
    next: usize,
}

impl<'h, 'a> Iterator for History<'h, 'a> {
    type Item = (usize, &'h Hit<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let at = self.next;
        let (hit, next) = self.events.get(at)?;
        self.next = *next;
        Some((at, hit))
    }
}

impl Slot<'_> {
    /// True when the slot holds a value or a tombstone.
    fn is_live(&self) -> bool {
        !matches!(self.content, Content::Absent)
    }
}

#[derive(Debug, Default)]
struct KeyState {
    /// The key's comparison form ([`key_id`]).
    id: String,
    /// Slot index by lowercase value name.
    by_name: HashMap<String, usize>,
    /// Slots holding a value or a tombstone.
    live: BTreeSet<usize>,
}

/// The virtual registry.
#[derive(Debug, Default)]
pub(crate) struct Hive<'a> {
    pub(crate) slots: Vec<Slot<'a>>,
    /// Every key seen; slots and [`Hive::keys`] refer to them by index.
    key_states: Vec<KeyState>,
    /// Index in `key_states` by the key's comparison form.
    keys: HashMap<String, usize>,
    /// The last key looked up as spelled and its index: a GPO writes a key's values together,
    /// so most records skip case folding and hashing their key.
    last_key: Option<(&'a str, usize)>,
    /// Lowercase keys with at least one live slot, sorted (for `**DeleteKeys` subtrees).
    live_keys: BTreeMap<String, ()>,
    /// Every action, in application order (the index is its sequence number), each with the
    /// index of the next action on the same value.
    events: Vec<(Hit<'a>, usize)>,
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

impl<'a> Hive<'a> {
    /// An empty hive with room for `records` records' values and actions.
    pub(crate) fn with_capacity(records: usize) -> Hive<'a> {
        Hive {
            slots: Vec::with_capacity(records),
            events: Vec::with_capacity(records),
            ..Hive::default()
        }
    }

    /// The actions on a slot's value, in application order.
    pub(crate) fn history<'h>(&'h self, slot: &Slot) -> History<'h, 'a> {
        History {
            events: &self.events,
            next: slot.first,
        }
    }

    /// The last action on a slot's value.
    pub(crate) fn last(&self, slot: &Slot) -> Option<&Hit<'a>> {
        self.events.get(slot.last).map(|(hit, _)| hit)
    }

    /// The comparison form of a slot's key (case folded, no trailing backslash).
    pub(crate) fn key_id_of(&self, slot: &Slot) -> &str {
        self.key_states
            .get(slot.key_at)
            .map_or("", |k| k.id.as_str())
    }

    /// The index of `key` in `key_states`, added when new.
    fn key_index(&mut self, key: &'a str) -> usize {
        if let Some((last, at)) = &self.last_key {
            if *last == key {
                return *at;
            }
        }
        let kid = key_id(key);
        let at = match self.keys.get(&kid) {
            Some(&at) => at,
            None => {
                let at = self.key_states.len();
                self.keys.insert(kid.clone(), at);
                self.key_states.push(KeyState {
                    id: kid,
                    ..KeyState::default()
                });
                at
            }
        };
        self.last_key = Some((key, at));
        at
    }

    /// The slot of an existing value, if any (looked up without adding anything).
    fn find_slot(&self, key: &str, name: &str) -> Option<usize> {
        let at = *self.keys.get(&key_id(key))?;
        let state = self.key_states.get(at)?;
        state.by_name.get(&name_key(name)).copied()
    }

    fn slot_for(&mut self, key: &'a str, name: &'a str) -> usize {
        let key_at = self.key_index(key);
        let nid = name_key(name);
        let next = self.slots.len();
        let Some(state) = self.key_states.get_mut(key_at) else {
            return next;
        };
        if let Some(&i) = state.by_name.get(&nid) {
            return i;
        }
        state.by_name.insert(nid, next);
        self.slots.push(Slot {
            key,
            name,
            content: Content::Absent,
            first: NONE,
            last: NONE,
            key_at,
        });
        next
    }

    fn set_live(&mut self, slot: usize, live: bool) {
        let Some(key_at) = self.slots.get(slot).map(|s| s.key_at) else {
            return;
        };
        let Some(state) = self.key_states.get_mut(key_at) else {
            return;
        };
        if live {
            if state.live.insert(slot) && state.live.len() == 1 {
                self.live_keys.insert(state.id.clone(), ());
            }
        } else if state.live.remove(&slot) && state.live.is_empty() {
            self.live_keys.remove(&state.id);
        }
    }

    fn record_event(&mut self, slot: usize, event: Hit<'a>) {
        let Some(s) = self.slots.get_mut(slot) else {
            return;
        };
        let at = self.events.len();
        self.events.push((event, NONE));
        match self.events.get_mut(s.last) {
            Some((_, next)) => *next = at,
            None => s.first = at,
        }
        s.last = at;
    }

    fn write(&mut self, gpo: usize, at: &'a Applied, name: &'a str, content: Content<'a>) {
        let slot = self.slot_for(&at.record.key, name);
        let action = match &content {
            Content::Tombstone(_) => Action::Deleted(Deletion::Marker),
            _ => Action::Set,
        };
        let live = !matches!(content, Content::Absent);
        if let Some(s) = self.slots.get_mut(slot) {
            s.content = content;
            s.name = name;
        }
        self.set_live(slot, live);
        self.record_event(
            slot,
            Hit {
                gpo,
                value: name,
                action,
                at,
            },
        );
    }

    /// Deletes slot `slot` (no tombstone) if it holds anything.
    fn erase(&mut self, gpo: usize, at: &'a Applied, slot: usize, how: Deletion) {
        let Some(s) = self.slots.get_mut(slot).filter(|s| s.is_live()) else {
            return;
        };
        s.content = Content::Absent;
        let value = s.name;
        self.set_live(slot, false);
        self.record_event(
            slot,
            Hit {
                gpo,
                value,
                action: Action::Deleted(how),
                at,
            },
        );
    }

    fn erase_key(&mut self, gpo: usize, at: &'a Applied, kid: &str, how: Deletion) {
        let live: Vec<usize> = self
            .keys
            .get(kid)
            .and_then(|&at| self.key_states.get(at))
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
        records: &'a [Applied],
    ) -> Vec<Diagnostic> {
        let mut notes = Vec::new();
        // `**delvals.` is processed first for its key (reference §2.4, §3.2 [C:S6][C:S3]).
        let mut first_seen: HashMap<String, usize> = HashMap::new();
        let mut wiped: Vec<String> = Vec::new();
        let any_delvals = records
            .iter()
            .any(|at| matches!(control(&at.record.value), Control::DelVals));
        for (i, at) in records.iter().enumerate().filter(|_| any_delvals) {
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
            let r: &'a Record = &at.record;
            match control(&r.value) {
                Control::DelVals | Control::SecureKey => {}
                Control::Del(name) => {
                    self.write(gpo, at, name, Content::Tombstone(r));
                }
                Control::DeleteValues => {
                    for name in listed_names(r) {
                        if let Some(slot) = self.find_slot(&r.key, &name) {
                            self.erase(gpo, at, slot, Deletion::DeleteValues);
                        }
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
                        let mut value = Record::clone(r);
                        value.value = name.to_string();
                        self.write(gpo, at, name, Content::Value(Cow::Owned(value)));
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
                    self.write(gpo, at, &r.value, Content::Value(Cow::Borrowed(r)));
                }
            }
        }
        notes
    }
}
