//! The `--explain` table: each setting, list item and verbatim value of the merged policy with
//! the GPO that decided it and the GPOs it overrode, as data ([`explain_rows`]) and as text
//! ([`explain`]).

use crate::analysis::lint::{item_path, setting_path};
use crate::model::diagnostic::excerpt;
use crate::model::edit::ListKind;
use crate::model::profile::SettingId;
use crate::model::setting::State;

use super::{Action, Resultant, Subject};

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExplainRow {
    /// `Domain Profile › Define port exceptions › 80:TCP:*:enabled:Web`.
    pub path: String,
    /// The final state in words (`Enabled`, `present`, `removed by **delvals.`, …).
    pub result: String,
    /// The GPO whose action decided it (index in the merge order).
    pub winner: usize,
    /// Other GPOs whose values are still part of it.
    pub contributors: Vec<usize>,
    /// GPOs whose values were overwritten or deleted.
    pub overridden: Vec<usize>,
}

/// The list setting of a list.
pub(crate) fn list_setting(list: ListKind) -> SettingId {
    match list {
        ListKind::Programs => SettingId::DefineProgramExceptions,
        ListKind::Ports => SettingId::DefinePortExceptions,
    }
}

/// The table as data, in the order of [`Resultant::provenance`].
pub fn explain_rows(r: &Resultant) -> Vec<ExplainRow> {
    r.provenance
        .iter()
        .map(|p| {
            let last_deletion = p.trail.last().and_then(|e| match e.action {
                Action::Deleted(d) => Some(d.code()),
                Action::Set => None,
            });
            let (path, result) = match &p.subject {
                Subject::Setting(kind, id) => {
                    let state = r.policy.profile(*kind).state(*id);
                    let count = match id {
                        SettingId::DefinePortExceptions => {
                            r.policy.profile(*kind).ports.options.len()
                        }
                        SettingId::DefineProgramExceptions => {
                            r.policy.profile(*kind).programs.options.len()
                        }
                        _ => 0,
                    };
                    let result = if count > 0 && state == State::Enabled {
                        let noun = if count == 1 { "item" } else { "items" };
                        format!("{} ({count} {noun})", state.label())
                    } else {
                        state.label().to_string()
                    };
                    (setting_path(*kind, *id), result)
                }
                Subject::Global(id) => (
                    id.label().to_string(),
                    r.policy.global_state(*id).label().to_string(),
                ),
                Subject::Item {
                    profile,
                    list,
                    definition,
                    present,
                } => {
                    let setting = list_setting(*list);
                    let state = r.policy.profile(*profile).state(setting);
                    let result = match (present, last_deletion) {
                        (true, _) if state == State::Enabled => "present".to_string(),
                        (true, _) => format!(
                            "present, ignored: {} is {}",
                            setting.short_name(),
                            state.label()
                        ),
                        (false, Some(code)) => format!("removed by {code}"),
                        (false, None) => "removed".to_string(),
                    };
                    (item_path(*profile, setting, definition), result)
                }
                Subject::Value { key, name, present } => (
                    format!("Verbatim values › {}!{}", excerpt(key), excerpt(name)),
                    match (present, last_deletion) {
                        (true, Some(code)) => format!("deleted by {code} (marker kept)"),
                        (true, None) => "kept verbatim".to_string(),
                        (false, Some(code)) => format!("deleted by {code}"),
                        (false, None) => "deleted".to_string(),
                    },
                ),
            };
            ExplainRow {
                path,
                result,
                winner: p.winner,
                contributors: p.contributors.clone(),
                overridden: p.overridden.clone(),
            }
        })
        .collect()
}

/// The table as text: the order of application, one line per row
/// (`path | result | winning GPO | overridden GPOs`), then the count of values outside the
/// firewall view.
pub fn explain(r: &Resultant) -> String {
    let mut out = String::from(
        "Order of application (first = applied first, lowest precedence; last wins):\n",
    );
    for (i, g) in r.gpos.iter().enumerate() {
        out.push_str(&format!(
            "  {}  ({}, {} records)\n",
            r.gpo_label(i),
            g.origin,
            g.records
        ));
    }
    out.push('\n');
    out.push_str("Setting or item | Result | Winning GPO | Overridden GPOs\n");
    let names = |gpos: &[usize]| {
        gpos.iter()
            .map(|&g| r.gpo_label(g))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let rows = explain_rows(r);
    for row in &rows {
        let mut winner = r.gpo_label(row.winner);
        if !row.contributors.is_empty() {
            winner.push_str(&format!(" (with values of {})", names(&row.contributors)));
        }
        let overridden = if row.overridden.is_empty() {
            "-".to_string()
        } else {
            names(&row.overridden)
        };
        out.push_str(&format!(
            "{} | {} | {winner} | {overridden}\n",
            row.path, row.result
        ));
    }
    if rows.is_empty() {
        out.push_str("(no GPO sets a firewall policy)\n");
    }
    out.push_str(&format!(
        "\nValues outside the firewall policy (not in this view): {}",
        r.other_values
    ));
    let per: Vec<String> = r
        .other_by_gpo
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| format!("{n} from {}", r.gpo_label(i)))
        .collect();
    if !per.is_empty() {
        out.push_str(&format!(" ({})", per.join(", ")));
    }
    out.push('\n');
    out
}
