//! A diff for people and programs: the text, Markdown and JSON forms of `fwpolicy diff
//! --format text|md|json`, and the side-by-side [`Comparison`] a Compare view draws.
//!
//! Every form shows the same [`Change`]s of [`diff`], in the same order. The Markdown form is
//! what an admin pastes into a change ticket: one section per profile (then the global
//! settings and the verbatim values), one table per setting with each change as
//! `before → after`, list items marked added, removed or changed; every value is escaped
//! ([`escape_markdown`]) so it renders as typed. The JSON form is printed by `serde_json` from
//! dedicated file types (`DiffFileV1`), never from the model.
//!
//! [`Comparison::of`] lists every setting of both policies side by side, changed or not
//! (its state left and right, the options that differ, and every list item with what happened
//! to it), so a view can show all of it or, with [`Comparison::only_differences`], only what
//! differs.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::diff::{diff, pair, record_value, Change, ChangeKind, Group};
use crate::formats::report::escape_markdown;
use crate::model::names::name_key;
use crate::model::policy::{GlobalId, Policy};
use crate::model::profile::{ProfileKind, SettingId};
use crate::registry::Record;

/// The forms `fwpolicy diff --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    /// One line per change (`path: before → after`), or `no differences`.
    Text,
    /// Markdown for a change ticket.
    Markdown,
    /// JSON (`{"format": "fwpolicy-diff", "version": 1, …}`).
    Json,
}

impl DiffFormat {
    /// Parses `text`, `md` (or `markdown`), `json`.
    pub fn parse(text: &str) -> Option<DiffFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(DiffFormat::Text),
            "md" | "markdown" => Some(DiffFormat::Markdown),
            "json" => Some(DiffFormat::Json),
            _ => None,
        }
    }
}

/// What the two sides are called (file names, `current policy`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    /// The old policy.
    pub before: String,
    /// The new policy.
    pub after: String,
}

/// The differences between two policies in the given form.
pub fn render(before: &Policy, after: &Policy, sides: &Sides, format: DiffFormat) -> String {
    let changes = diff(before, after);
    match format {
        DiffFormat::Text => text(&changes),
        DiffFormat::Markdown => markdown(&changes, sides),
        DiffFormat::Json => json(&changes, sides),
    }
}

/// One line per change ([`Change::describe`]), or `no differences`.
pub fn text(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        out.push_str(&c.describe());
        out.push('\n');
    }
    if changes.is_empty() {
        out.push_str("no differences\n");
    }
    out
}

/// A setting's name and its changes.
type SettingChanges<'a> = (&'a str, Vec<&'a Change>);

/// The changes grouped by group and setting, in diff order.
fn grouped(changes: &[Change]) -> Vec<(Group, Vec<SettingChanges<'_>>)> {
    let mut out: Vec<(Group, Vec<SettingChanges<'_>>)> = Vec::new();
    for c in changes {
        let group = c.place.group;
        if out.last().is_none_or(|(g, _)| *g != group) {
            out.push((group, Vec::new()));
        }
        if let Some((_, settings)) = out.last_mut() {
            let setting = c.place.setting.as_str();
            match settings.last_mut() {
                Some((s, list)) if *s == setting => list.push(c),
                _ => settings.push((setting, vec![c])),
            }
        }
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Markdown for a change ticket (see the module documentation).
pub fn markdown(changes: &[Change], sides: &Sides) -> String {
    let mut out = String::from("# Firewall policy changes\n\n");
    out.push_str(&format!(
        "- Before: {}\n- After: {}\n- {}\n",
        escape_markdown(&sides.before),
        escape_markdown(&sides.after),
        if changes.is_empty() {
            "No differences".to_string()
        } else {
            plural(changes.len(), "change", "changes")
        }
    ));
    for (group, settings) in grouped(changes) {
        out.push_str(&format!("\n## {}\n", escape_markdown(group.label())));
        for (setting, list) in settings {
            out.push_str(&format!(
                "\n### {}\n\n| What | Change | Before | After |\n| --- | --- | --- | --- |\n",
                escape_markdown(setting)
            ));
            for c in list {
                let what = match (&c.place.detail, c.place.group) {
                    (Some(d), _) => escape_markdown(d),
                    (None, Group::Verbatim) => "Value".to_string(),
                    (None, _) => "State".to_string(),
                };
                let cell =
                    |v: &Option<String>| v.as_deref().map(escape_markdown).unwrap_or_default();
                out.push_str(&format!(
                    "| {what} | {} | {} | {} |\n",
                    c.kind,
                    cell(&c.before),
                    cell(&c.after)
                ));
            }
        }
    }
    out
}

#[derive(Serialize)]
struct DiffFileV1<'a> {
    format: &'static str,
    version: u32,
    before: &'a str,
    after: &'a str,
    changes: Vec<ChangeV1<'a>>,
}

#[derive(Serialize)]
struct ChangeV1<'a> {
    /// `domain`, `standard`, `global`, `verbatim`.
    group: &'static str,
    setting: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<&'a str>,
    path: &'a str,
    kind: &'static str,
    before: Option<&'a str>,
    after: Option<&'a str>,
}

/// `domain`, `standard`, `global`, `verbatim`.
fn group_id(group: Group) -> &'static str {
    match group {
        Group::Profile(ProfileKind::Domain) => "domain",
        Group::Profile(ProfileKind::Standard) => "standard",
        Group::Global => "global",
        Group::Verbatim => "verbatim",
    }
}

/// The changes as a JSON document: `format` `"fwpolicy-diff"`, `version` 1, the two sides'
/// names and one object per change (group, setting, option or item, path, kind, before,
/// after; a value that is absent is `null`), 2-space indented with a trailing newline.
pub fn json(changes: &[Change], sides: &Sides) -> String {
    let file = DiffFileV1 {
        format: "fwpolicy-diff",
        version: 1,
        before: &sides.before,
        after: &sides.after,
        changes: changes
            .iter()
            .map(|c| {
                let detail = c.place.detail.as_deref();
                ChangeV1 {
                    group: group_id(c.place.group),
                    setting: &c.place.setting,
                    option: detail.filter(|_| !c.place.item),
                    item: detail.filter(|_| c.place.item),
                    path: &c.path,
                    kind: c.kind.as_str(),
                    before: c.before.as_deref(),
                    after: c.after.as_deref(),
                }
            })
            .collect(),
    };
    // Serializing these types cannot fail: every key is a string and there are no floats.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

// ---------------------------------------------------------------------------------------------
// Side by side
// ---------------------------------------------------------------------------------------------

/// Two policies side by side, every setting listed (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// Domain Profile, Standard Profile, global settings, verbatim values (the last only when
    /// either policy has some).
    pub groups: Vec<GroupRows>,
    /// How many changes [`diff`] found.
    pub changes: usize,
}

/// One group's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRows {
    /// Which group.
    pub group: Group,
    /// Its settings in the editor's order.
    pub settings: Vec<SettingRow>,
}

/// One setting (or interface exclusions, or one verbatim value) left and right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingRow {
    /// The setting's short name, `Interface exclusions`, a global's label or `key!value`.
    pub setting: String,
    /// The old state (`Enabled`, …), a count of interfaces, or the verbatim value (empty
    /// when absent).
    pub left: String,
    /// The new one.
    pub right: String,
    /// True when anything in the row differs (state, an option or an item).
    pub changed: bool,
    /// The options that differ (scope, ICMP boxes, logging fields, SDDL, interval…).
    pub options: Vec<OptionRow>,
    /// Every item of a list setting, in both lists.
    pub items: Vec<ItemRow>,
}

/// An option that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionRow {
    /// `Log file size`, `Scope`, …
    pub name: String,
    /// The old value.
    pub left: String,
    /// The new value.
    pub right: String,
}

/// One list item, left and right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRow {
    /// `80:TCP`, a program path, an interface name.
    pub label: String,
    /// The item in the old list (`None` when added).
    pub left: Option<String>,
    /// The item in the new list (`None` when removed).
    pub right: Option<String>,
    /// What happened to it; `None` when it is the same on both sides.
    pub change: Option<ChangeKind>,
}

impl Comparison {
    /// `before` and `after` side by side.
    pub fn of(before: &Policy, after: &Policy) -> Comparison {
        let changes = diff(before, after);
        let mut by_setting: HashMap<(Group, &str), Vec<&Change>> = HashMap::new();
        for c in &changes {
            by_setting
                .entry((c.place.group, c.place.setting.as_str()))
                .or_default()
                .push(c);
        }
        let row = |group: Group, setting: &str, left: String, right: String| {
            let found = by_setting.get(&(group, setting));
            let options = found
                .into_iter()
                .flatten()
                .filter(|c| !c.place.item)
                .filter_map(|c| {
                    Some(OptionRow {
                        name: c.place.detail.clone()?,
                        left: c.before.clone().unwrap_or_default(),
                        right: c.after.clone().unwrap_or_default(),
                    })
                })
                .collect();
            SettingRow {
                setting: setting.to_string(),
                left,
                right,
                changed: found.is_some_and(|f| !f.is_empty()),
                options,
                items: Vec::new(),
            }
        };
        let mut groups = Vec::new();
        for kind in ProfileKind::ALL {
            let group = Group::Profile(kind);
            let (a, b) = (before.profile(kind), after.profile(kind));
            let mut settings = Vec::new();
            for id in SettingId::ALL {
                let mut r = row(
                    group,
                    id.short_name(),
                    a.state(id).label().to_string(),
                    b.state(id).label().to_string(),
                );
                r.items = match id {
                    SettingId::DefineProgramExceptions => items(
                        &a.programs.options,
                        &b.programs.options,
                        |e| name_key(&e.path),
                        |e| e.path.clone(),
                    ),
                    SettingId::DefinePortExceptions => items(
                        &a.ports.options,
                        &b.ports.options,
                        |e| (e.port, e.transport),
                        |e| format!("{}:{}", e.port, e.transport),
                    ),
                    _ => Vec::new(),
                };
                settings.push(r);
            }
            let count = |n: usize| plural(n, "interface", "interfaces");
            let mut r = row(
                group,
                "Interface exclusions",
                count(a.excluded_interfaces.len()),
                count(b.excluded_interfaces.len()),
            );
            r.items = items(
                &a.excluded_interfaces,
                &b.excluded_interfaces,
                |s| name_key(s),
                Clone::clone,
            );
            settings.push(r);
            groups.push(GroupRows { group, settings });
        }
        let global = |id: GlobalId, a: &str, b: &str| {
            row(Group::Global, id.label(), a.to_string(), b.to_string())
        };
        groups.push(GroupRows {
            group: Group::Global,
            settings: vec![
                global(
                    GlobalId::IpsecBypass,
                    before.ipsec_bypass.state.label(),
                    after.ipsec_bypass.state.label(),
                ),
                global(
                    GlobalId::RefreshInterval,
                    before.refresh.state.label(),
                    after.refresh.state.label(),
                ),
            ],
        });
        if !before.unowned.is_empty() || !after.unowned.is_empty() {
            let identity = |r: &Record| (r.key.to_ascii_lowercase(), r.value.to_ascii_lowercase());
            let value = |r: Option<&Record>| r.map(record_value).unwrap_or_default();
            let (a, b) = (&before.unowned, &after.unowned);
            let partner = pair(a, b, identity);
            let mut matched = vec![false; b.len()];
            let mut settings = Vec::new();
            for (x, p) in a.iter().zip(&partner) {
                let y = p.and_then(|j| b.get(j));
                if let Some(m) = p.and_then(|j| matched.get_mut(j)) {
                    *m = true;
                }
                settings.push(SettingRow {
                    changed: y != Some(x),
                    ..row(Group::Verbatim, &verbatim_name(x), value(Some(x)), value(y))
                });
            }
            for (y, m) in b.iter().zip(&matched) {
                if !m {
                    settings.push(SettingRow {
                        changed: true,
                        ..row(
                            Group::Verbatim,
                            &verbatim_name(y),
                            String::new(),
                            value(Some(y)),
                        )
                    });
                }
            }
            groups.push(GroupRows {
                group: Group::Verbatim,
                settings,
            });
        }
        Comparison {
            groups,
            changes: changes.len(),
        }
    }

    /// The same comparison with only what differs: changed settings, and in them only the
    /// changed items; groups with no change are left out.
    pub fn only_differences(&self) -> Comparison {
        let groups = self
            .groups
            .iter()
            .filter_map(|g| {
                let settings: Vec<SettingRow> = g
                    .settings
                    .iter()
                    .filter(|s| s.changed)
                    .map(|s| SettingRow {
                        items: s
                            .items
                            .iter()
                            .filter(|i| i.change.is_some())
                            .cloned()
                            .collect(),
                        ..s.clone()
                    })
                    .collect();
                (!settings.is_empty()).then_some(GroupRows {
                    group: g.group,
                    settings,
                })
            })
            .collect();
        Comparison {
            groups,
            changes: self.changes,
        }
    }
}

/// `key!value` as the diff names a verbatim value.
fn verbatim_name(record: &Record) -> String {
    use crate::model::diagnostic::excerpt;
    format!("{}!{}", excerpt(&record.key), excerpt(&record.value))
}

/// Every item of both lists, paired as [`diff`] pairs them: the old list's order (removed,
/// changed and unchanged), then the added items in the new list's order.
fn items<T: std::hash::Hash + Eq + std::fmt::Display, K: std::hash::Hash + Eq>(
    a: &[T],
    b: &[T],
    identity: impl Fn(&T) -> K,
    label: impl Fn(&T) -> String,
) -> Vec<ItemRow> {
    let partner = pair(a, b, &identity);
    let mut matched = vec![false; b.len()];
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for (x, p) in a.iter().zip(&partner) {
        let y = p.and_then(|j| b.get(j));
        if let Some(m) = p.and_then(|j| matched.get_mut(j)) {
            *m = true;
        }
        out.push(ItemRow {
            label: label(x),
            left: Some(x.to_string()),
            right: y.map(ToString::to_string),
            change: match y {
                None => Some(ChangeKind::Removed),
                Some(y) if y != x => Some(ChangeKind::Changed),
                Some(_) => None,
            },
        });
    }
    for (y, m) in b.iter().zip(&matched) {
        if !m {
            out.push(ItemRow {
                label: label(y),
                left: None,
                right: Some(y.to_string()),
                change: Some(ChangeKind::Added),
            });
        }
    }
    out
}
