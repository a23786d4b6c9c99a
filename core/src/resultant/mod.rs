//! Resultant policy: what a client ends up with when several GPOs carry firewall settings, and
//! which GPO decided each setting and each list item.
//!
//! [`merge`] applies an ordered list of GPOs' Registry.pol records to an empty virtual registry
//! the way the registry client-side extension does, then reads the firewall policy from the
//! result with the same reader as every registry format ([`crate::registry::from_records`]).
//!
//! ## Precedence
//! **The first GPO given is applied first and has the lowest precedence; the last one given
//! wins** where two set the same value. Give them in the order Windows applies them: the local
//! GPO, then the site's GPOs, then the domain's, then each OU's from the one farthest from the
//! computer to the one holding it; within one container the GPO with link order 1 is applied
//! last, so give a container's GPOs from the highest link order down to 1 (reference §3.4
//! \[C:S36\]). Enforced links, Block Inheritance, security and WMI filtering change *which* GPOs
//! apply, not this order; an offline tool cannot evaluate them, so the admin gives the list of
//! GPOs that apply (§3.4).
//!
//! ## How records are applied (confirmed)
//! * Each GPO's records in file order over the result of the GPOs before it; a later value
//!   overwrites an earlier one of the same key and name; value types are kept (§3.4 \[C:S3\]).
//! * Keys and value names are compared without regard to case (§3.3).
//! * `**del.<name>` deletes that value; `**delvals.` (also spelled `**DelVals`) deletes every
//!   value, not subkeys, of its key, and is processed first for its key, before the file's
//!   values for it (§2.4, §3.2 \[C:S6\]\[C:S3\]); `**DeleteValues` deletes the `;`-separated
//!   values of its key and `**DeleteKeys` the `;`-separated subkeys (§3.2 \[C:S3\]\[C:S5\]);
//!   `**SecureKey` changes the key's permissions only, never a value, and is ignored here;
//!   `**soft.<name>` writes the value only if it does not exist; unknown `**` codes are skipped
//!   (§3.2 \[C:S6\]); an empty value name with no type only creates the key.
//! * The exception lists add up across GPOs, each item being its own value (§2.4 \[C:S8\],
//!   §3.4 \[C:S1\]).
//!
//! ## What is UNCONFIRMED, and the choice made
//! * The exact ordering of a later GPO's `**delvals.` inside the client's merge (§3.4 \[U\]):
//!   fwpolicy deletes what earlier GPOs wrote under that key and keeps the values the same
//!   GPO writes for it, wherever they stand in the file (the "processed first" rule); a file
//!   with values *before* its `**delvals.` gets an `unconfirmed` note.
//! * `**DeleteKeys` names subkeys of the record's key and deletes them with everything under
//!   them (recursive; not stated by the reference).
//! * Whether a list policy Disabled by a winning GPO makes the firewall ignore the items
//!   earlier GPOs added (§7 pitfall 7 \[U\]): the items stay in the registry, so they are shown
//!   as present but ignored (kept verbatim, as the reader does for any list whose policy is
//!   not Enabled), never silently dropped.
//!
//! ## What comes out
//! * A value deleted by a `**del.` marker keeps the marker in the merged records (except list
//!   items, which are simply gone), so a setting the winning GPO disabled reads as Disabled,
//!   as it does when that GPO is read alone; merging one file gives that file's policy.
//! * Values outside the firewall policy keys (the `WindowsFirewall` key, the IPsec bypass
//!   value, the two refresh interval values) are kept out of the firewall view and counted
//!   ([`Resultant::other_values`]).
//! * [`Resultant::provenance`]: for every setting, list item and verbatim firewall value any
//!   GPO touched, the GPO that decided its final state, the GPOs whose values it overrode or
//!   deleted, and the whole trail of actions.
//!
//! Cost: O(n log n) in the number of records of all GPOs (see `hive.rs`); the `resultant`
//! benchmark merges 50 GPOs of 1,000 records each.

mod explain;
mod hive;
pub mod inputs;
pub mod lint;

use std::collections::HashMap;

use crate::formats::{limits, pol};
use crate::model::diagnostic::{bound, Diagnostic};
use crate::model::edit::ListKind;
use crate::model::policy::{
    GlobalId, Policy, IPSEC_BYPASS_KEY, IPSEC_BYPASS_VALUE, REFRESH_KEY, REFRESH_OFFSET_VALUE,
    REFRESH_TIME_VALUE,
};
use crate::model::profile::{ProfileKind, SettingId, FIREWALL_KEY};
use crate::model::setting::State;
use crate::registry::{self, Record};

pub use explain::{explain, explain_rows, ExplainRow};
use hive::{Content, Hive};
pub use inputs::{from_folder, from_zip, kind_of, wanted, Found, Gpo, InputKind, ZipError};

/// The precedence rule in one paragraph (for help texts and reports).
pub const PRECEDENCE: &str = "The first GPO given is applied first and has the lowest precedence; the last one wins where two set the same value. Give them as Windows applies them: local, site, domain, then each OU from the farthest to the one holding the computer; within one container from the highest link order down to link order 1, which is applied last.";

/// How a value was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Deletion {
    /// A `**del.<name>` marker.
    Marker,
    /// A `**delvals.` record for the key.
    DelVals,
    /// A `**DeleteValues` record naming the value.
    DeleteValues,
    /// A `**DeleteKeys` record naming the key or one above it.
    DeleteKeys,
}

impl Deletion {
    /// The control code, as an admin searches for it.
    pub fn code(self) -> &'static str {
        match self {
            Deletion::Marker => "**del.",
            Deletion::DelVals => "**delvals.",
            Deletion::DeleteValues => "**DeleteValues",
            Deletion::DeleteKeys => "**DeleteKeys",
        }
    }
}

/// What one record of a GPO did to a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Wrote the value.
    Set,
    /// Deleted it.
    Deleted(Deletion),
}

/// One action on one value, by one GPO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Index of the GPO in the merge order (0 = applied first).
    pub gpo: usize,
    /// The value acted on (name without control code).
    pub value: String,
    /// What was done.
    pub action: Action,
    /// The record that did it, as written in the GPO's Registry.pol (shared by every action
    /// it took).
    pub record: std::sync::Arc<Record>,
    /// Byte offset of that record in the GPO's Registry.pol.
    pub offset: usize,
}

/// What a provenance entry is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A profile setting (for the two lists: the `Enabled` value).
    Setting(ProfileKind, SettingId),
    /// A global policy.
    Global(GlobalId),
    /// An exception-list item, by its definition (the value name).
    Item {
        /// The profile.
        profile: ProfileKind,
        /// Which list.
        list: ListKind,
        /// The definition string as last written.
        definition: String,
        /// True when the item is in the merged registry (false: a later GPO deleted it).
        present: bool,
    },
    /// A value under the firewall keys that is no policy fwpolicy knows (kept verbatim).
    Value {
        /// Key.
        key: String,
        /// Value name.
        name: String,
        /// True when the value (or its deletion marker) is in the merged registry.
        present: bool,
    },
}

/// Who decided one setting, item or value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// What it is about.
    pub subject: Subject,
    /// The GPO whose action came last (its value or deletion is what the client has).
    pub winner: usize,
    /// Other GPOs whose values of this subject are still part of the result (a setting
    /// whose values came from several GPOs).
    pub contributors: Vec<usize>,
    /// GPOs whose values of this subject a later GPO overwrote or deleted, in application
    /// order.
    pub overridden: Vec<usize>,
    /// Every action on the subject's values, in application order.
    pub trail: Vec<Event>,
}

/// One GPO as merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpoSummary {
    /// [`Gpo::label`].
    pub label: String,
    /// Where it was found.
    pub origin: String,
    /// Number of records in its Registry.pol.
    pub records: usize,
}

/// The merged policy and who decided what.
#[derive(Debug, Clone, PartialEq)]
pub struct Resultant {
    /// The GPOs in application order.
    pub gpos: Vec<GpoSummary>,
    /// The firewall policy the client ends up with (its source is the merged firewall
    /// records, so a registry export writes them as merged).
    pub policy: Policy,
    /// Settings, then items, then verbatim values (Domain, Standard, globals), each with its
    /// deciding GPO.
    pub provenance: Vec<Provenance>,
    /// Values in the merged registry outside the firewall policy keys (not in the view).
    pub other_values: usize,
    /// Of those, how many each GPO set (by the GPO that wrote the value last).
    pub other_by_gpo: Vec<usize>,
    /// What applying and reading said (positions are byte offsets in the named GPO's file).
    pub diagnostics: Vec<Diagnostic>,
}

impl Resultant {
    /// `2. Firewall Base {…}`: a GPO's number in the order of application and its label.
    pub fn gpo_label(&self, gpo: usize) -> String {
        match self.gpos.get(gpo) {
            Some(g) => format!("{}. {}", gpo + 1, g.label),
            None => format!("{}", gpo + 1),
        }
    }
}

/// A GPO whose Registry.pol is not well formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("GPO {number} ({label}): {error}")]
pub struct MergeError {
    /// 1-based position in the merge order.
    pub number: usize,
    /// [`Gpo::label`].
    pub label: String,
    /// Why the file cannot be read.
    pub error: pol::PolError,
}

/// Which part of the firewall view a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Setting(ProfileKind, SettingId),
    Item(ProfileKind, ListKind),
    Global(GlobalId),
    /// Under the firewall key but no known policy value.
    FirewallValue,
    /// Outside the firewall view.
    Other,
}

/// The map from (key, value name) to the part of the policy it carries.
struct Classes {
    by_key: HashMap<String, Vec<(Option<&'static str>, Class)>>,
    firewall: String,
}

impl Classes {
    fn new() -> Classes {
        let mut by_key: HashMap<String, Vec<(Option<&'static str>, Class)>> = HashMap::new();
        let mut add = |key: &str, value: Option<&'static str>, class: Class| {
            by_key
                .entry(key.to_lowercase())
                .or_default()
                .push((value, class));
        };
        for kind in ProfileKind::ALL {
            for id in SettingId::ALL {
                let key = id.key(kind);
                let class = Class::Setting(kind, id);
                match id {
                    SettingId::DefineProgramExceptions | SettingId::DefinePortExceptions => {
                        add(&key, id.value_name(), class);
                        let list = if id == SettingId::DefinePortExceptions {
                            ListKind::Ports
                        } else {
                            ListKind::Programs
                        };
                        add(&format!(r"{key}\List"), None, Class::Item(kind, list));
                    }
                    SettingId::RemoteAdministration
                    | SettingId::FileAndPrinterSharing
                    | SettingId::RemoteDesktop
                    | SettingId::UpnpFramework
                    | SettingId::IcmpExceptions
                    | SettingId::Logging => add(&key, None, class),
                    _ => add(&key, id.value_name(), class),
                }
            }
        }
        let bypass = Class::Global(GlobalId::IpsecBypass);
        add(IPSEC_BYPASS_KEY, Some(IPSEC_BYPASS_VALUE), bypass);
        let refresh = Class::Global(GlobalId::RefreshInterval);
        add(REFRESH_KEY, Some(REFRESH_TIME_VALUE), refresh);
        add(REFRESH_KEY, Some(REFRESH_OFFSET_VALUE), refresh);
        Classes {
            by_key,
            firewall: FIREWALL_KEY.to_lowercase(),
        }
    }

    /// The class of value `name` under the key whose comparison form (lowercase, no trailing
    /// backslash: [`Hive::key_id_of`]) is `lower`.
    fn of_id(&self, lower: &str, name: &str) -> Class {
        if let Some(entries) = self.by_key.get(lower) {
            for (value, class) in entries {
                match value {
                    None => return *class,
                    Some(v) if v.eq_ignore_ascii_case(name) => return *class,
                    _ => {}
                }
            }
        }
        let under = lower
            .strip_prefix(&self.firewall)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('\\'));
        if under {
            Class::FirewallValue
        } else {
            Class::Other
        }
    }
}

/// Applies `gpos` in order (first = lowest precedence) and reads the firewall policy of the
/// result. Fails only when a Registry.pol is not well formed (naming the GPO); everything
/// else is a diagnostic.
pub fn merge(gpos: &[Gpo]) -> Result<Resultant, MergeError> {
    let mut decoded = Vec::with_capacity(gpos.len());
    let mut summaries = Vec::with_capacity(gpos.len());
    for (i, gpo) in gpos.iter().enumerate() {
        let label = gpo.label();
        let records = pol::decode(&gpo.registry_pol).map_err(|error| MergeError {
            number: i + 1,
            label: label.clone(),
            error,
        })?;
        summaries.push(GpoSummary {
            label,
            origin: gpo.origin.clone(),
            records: records.len(),
        });
        decoded.push(hive::Applied::all(records));
    }
    let mut hive = Hive::with_capacity(decoded.iter().map(Vec::len).sum());
    let mut diagnostics = Vec::new();
    for (i, (records, summary)) in decoded.iter().zip(&summaries).enumerate() {
        let named = format!("GPO {} ({})", i + 1, summary.label);
        diagnostics.extend(hive.apply(i, &named, records));
    }
    let classes = Classes::new();
    let mut records = Vec::with_capacity(hive.slots.len());
    let mut from: Vec<(usize, usize)> = Vec::with_capacity(hive.slots.len());
    let mut other_values = 0;
    let mut other_by_gpo = vec![0; gpos.len()];
    let mut groups: Vec<(Class, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<ClassKey, usize> = HashMap::new();
    for (i, slot) in hive.slots.iter().enumerate() {
        let Some(last) = hive.last(slot) else {
            continue;
        };
        let class = classes.of_id(hive.key_id_of(slot), slot.name);
        let record = match (&slot.content, class) {
            (Content::Value(r), _) => Some(r.as_ref()),
            (Content::Tombstone(_), Class::Item(..) | Class::Other) => None,
            (Content::Tombstone(r), _) => Some(*r),
            (Content::Absent, _) => None,
        };
        if class == Class::Other {
            if matches!(slot.content, Content::Value(_)) {
                other_values += 1;
                if let Some(n) = other_by_gpo.get_mut(last.gpo) {
                    *n += 1;
                }
            }
            continue;
        }
        if let Some(r) = record {
            records.push(r.clone());
            from.push((last.gpo, last.at.offset));
        }
        let key = ClassKey::of(class, i);
        let at = *group_of.entry(key).or_insert_with(|| {
            groups.push((class, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, slots)) = groups.get_mut(at) {
            slots.push(i);
        }
    }
    let names: Vec<String> = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| format!("GPO {} ({})", i + 1, s.label))
        .collect();
    let locate = |i: usize, mut d: Diagnostic| match from.get(i) {
        Some(&(gpo, offset)) => {
            if let Some(name) = names.get(gpo) {
                d.message = format!("{name}: {}", d.message);
            }
            d.with_offset(offset)
        }
        None => d,
    };
    let read = registry::from_records(records, &locate);
    let mut policy = read.policy;
    diagnostics.extend(read.diagnostics);
    diagnostics.extend(limits::refuse_unstorable(&mut policy));
    let provenance = provenance(&hive, groups);
    Ok(Resultant {
        gpos: summaries,
        policy,
        provenance,
        other_values,
        other_by_gpo,
        diagnostics: bound(diagnostics),
    })
}

/// Groups slots: one group per setting, global and list; one per verbatim value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ClassKey {
    Setting(ProfileKind, SettingId),
    Item(ProfileKind, ListKind),
    Global(GlobalId),
    Value(usize),
}

impl ClassKey {
    fn of(class: Class, slot: usize) -> ClassKey {
        match class {
            Class::Setting(k, id) => ClassKey::Setting(k, id),
            Class::Item(k, l) => ClassKey::Item(k, l),
            Class::Global(g) => ClassKey::Global(g),
            Class::FirewallValue | Class::Other => ClassKey::Value(slot),
        }
    }
}

/// Winner, contributors, overridden and trail of a set of slots; `None` when no GPO acted
/// on them.
fn decide(hive: &Hive, subject: Subject, slots: &[usize]) -> Option<Provenance> {
    if let [slot] = slots {
        return decide_one(hive, hive.slots.get(*slot)?, subject);
    }
    let mut events: Vec<(usize, &hive::Hit)> = slots
        .iter()
        .filter_map(|&s| hive.slots.get(s))
        .flat_map(|s| hive.history(s))
        .collect();
    events.sort_by_key(|(seq, _)| *seq);
    let winner = events.last().map(|(_, e)| e.gpo)?;
    let mut decisive: Vec<usize> = slots
        .iter()
        .filter_map(|&s| hive.slots.get(s))
        .filter_map(|s| hive.last(s).map(|e| e.gpo))
        .collect();
    decisive.sort_unstable();
    decisive.dedup();
    let contributors = decisive.iter().copied().filter(|&g| g != winner).collect();
    let mut overridden: Vec<usize> = events
        .iter()
        .map(|(_, e)| e.gpo)
        .filter(|g| decisive.binary_search(g).is_err())
        .collect();
    overridden.sort_unstable();
    overridden.dedup();
    let trail = events.into_iter().map(|(_, e)| e.event()).collect();
    Some(Provenance {
        subject,
        winner,
        contributors,
        overridden,
        trail,
    })
}

/// [`decide`] for one value (a list item, a verbatim value): its history is already in
/// application order and its last action decides.
fn decide_one(hive: &Hive, slot: &hive::Slot, subject: Subject) -> Option<Provenance> {
    let winner = hive.last(slot).map(|e| e.gpo)?;
    let mut overridden: Vec<usize> = hive
        .history(slot)
        .map(|(_, e)| e.gpo)
        .filter(|&g| g != winner)
        .collect();
    overridden.sort_unstable();
    overridden.dedup();
    Some(Provenance {
        subject,
        winner,
        contributors: Vec::new(),
        overridden,
        trail: hive.history(slot).map(|(_, e)| e.event()).collect(),
    })
}

fn provenance(hive: &Hive, groups: Vec<(Class, Vec<usize>)>) -> Vec<Provenance> {
    let mut settings: HashMap<ClassKey, Vec<usize>> = HashMap::new();
    let mut values: Vec<usize> = Vec::new();
    for (class, slots) in groups {
        match class {
            Class::FirewallValue => values.extend(slots),
            Class::Other => {}
            other => {
                if let Some(&first) = slots.first() {
                    settings.insert(ClassKey::of(other, first), slots);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(hive.slots.len());
    let mut push = |subject: Subject, slots: &[usize]| {
        if let Some(p) = decide(hive, subject, slots) {
            out.push(p);
        }
    };
    for kind in ProfileKind::ALL {
        for id in SettingId::ALL {
            if let Some(slots) = settings.get(&ClassKey::Setting(kind, id)) {
                push(Subject::Setting(kind, id), slots);
            }
            let list = match id {
                SettingId::DefineProgramExceptions => ListKind::Programs,
                SettingId::DefinePortExceptions => ListKind::Ports,
                _ => continue,
            };
            for &slot in settings
                .get(&ClassKey::Item(kind, list))
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                let Some(s) = hive.slots.get(slot) else {
                    continue;
                };
                push(
                    Subject::Item {
                        profile: kind,
                        list,
                        definition: s.name.to_string(),
                        present: matches!(s.content, Content::Value(_)),
                    },
                    &[slot],
                );
            }
        }
    }
    for id in GlobalId::ALL {
        if let Some(slots) = settings.get(&ClassKey::Global(id)) {
            push(Subject::Global(id), slots);
        }
    }
    for slot in values {
        let Some(s) = hive.slots.get(slot) else {
            continue;
        };
        push(
            Subject::Value {
                key: s.key.to_string(),
                name: s.name.to_string(),
                present: !matches!(s.content, Content::Absent),
            },
            &[slot],
        );
    }
    out
}

/// The state of a setting or global in the merged policy (for tables and lint).
pub fn state_of(policy: &Policy, subject: &Subject) -> Option<State> {
    match subject {
        Subject::Setting(kind, id) => Some(policy.profile(*kind).state(*id)),
        Subject::Global(id) => Some(policy.global_state(*id)),
        _ => None,
    }
}
