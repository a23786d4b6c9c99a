//! Lint on a resultant policy: findings that only appear when GPOs combine, each naming the
//! GPOs involved. The single-policy rules ([`crate::analysis::lint::check`]) still apply to
//! the merged policy; these add what one GPO alone cannot show.
//!
//! Invariants: deterministic order (Domain profile, then Standard; within a profile the rules
//! in the order of [`RULES`]); every finding has a `resultant-*` code, the policy path it is
//! about and the GPOs by their number in the merge order and label.

use std::collections::{BTreeMap, HashMap};

use crate::analysis::lint::{item_path, scope_in_words, setting_path};
use crate::model::diagnostic::{excerpt, Code, Diagnostic};
use crate::model::edit::ListKind;
use crate::model::exception::{ParseOptions, PortException, ProgramException, Status};
use crate::model::names::name_key;
use crate::model::profile::{ProfileKind, SettingId};
use crate::model::scope::Scope;

use super::explain::list_setting;
use super::{Action, Deletion, Provenance, Resultant, Subject};

/// Every resultant rule's code with a one-line description, in the order findings come.
pub const RULES: &[(Code, &str)] = &[
    (
        Code::ResultantExceptionsIgnored,
        "Exceptions one GPO defines are ignored: another, winning GPO enables Do not allow exceptions",
    ),
    (
        Code::ResultantScopeConflict,
        "The same port or program defined by two GPOs with different scopes or statuses (they combine)",
    ),
    (
        Code::ResultantListWiped,
        "A later GPO deletes list items an earlier GPO added (**delvals., **del., **DeleteValues, **DeleteKeys)",
    ),
];

/// How many definitions a message quotes before "and N more".
const QUOTED: usize = 3;

fn quote(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(QUOTED).map(|d| excerpt(d)).collect();
    let mut text = shown.join(", ");
    if items.len() > QUOTED {
        text.push_str(&format!(" and {} more", items.len() - QUOTED));
    }
    text
}

/// All combination findings about `r`.
pub fn check(r: &Resultant) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for kind in ProfileKind::ALL {
        exceptions_ignored(r, kind, &mut out);
        for list in [ListKind::Programs, ListKind::Ports] {
            scope_conflicts(r, kind, list, &mut out);
        }
        for list in [ListKind::Programs, ListKind::Ports] {
            list_wiped(r, kind, list, &mut out);
        }
    }
    out
}

fn items(
    r: &Resultant,
    kind: ProfileKind,
    list: ListKind,
) -> impl Iterator<Item = (&Provenance, &str, bool)> {
    r.provenance.iter().filter_map(move |p| match &p.subject {
        Subject::Item {
            profile,
            list: l,
            definition,
            present,
        } if *profile == kind && *l == list => Some((p, definition.as_str(), *present)),
        _ => None,
    })
}

fn exceptions_ignored(r: &Resultant, kind: ProfileKind, out: &mut Vec<Diagnostic>) {
    let profile = r.policy.profile(kind);
    if !profile.do_not_allow_exceptions.is_enabled() {
        return;
    }
    let Some(shield) = r
        .provenance
        .iter()
        .find(|p| p.subject == Subject::Setting(kind, SettingId::DoNotAllowExceptions))
    else {
        return;
    };
    // What each other GPO opens in this profile.
    let mut opened: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for list in [ListKind::Programs, ListKind::Ports] {
        if !profile
            .state(list_setting(list))
            .eq(&crate::model::setting::State::Enabled)
        {
            continue;
        }
        for (p, definition, present) in items(r, kind, list) {
            if present && p.winner != shield.winner {
                opened
                    .entry(p.winner)
                    .or_default()
                    .push(definition.to_string());
            }
        }
    }
    for id in [
        SettingId::RemoteAdministration,
        SettingId::FileAndPrinterSharing,
        SettingId::RemoteDesktop,
        SettingId::UpnpFramework,
    ] {
        if !profile.service(id).is_some_and(|s| s.is_enabled()) {
            continue;
        }
        if let Some(p) = r
            .provenance
            .iter()
            .find(|p| p.subject == Subject::Setting(kind, id))
            .filter(|p| p.winner != shield.winner)
        {
            opened
                .entry(p.winner)
                .or_default()
                .push(id.short_name().to_string());
        }
    }
    for (gpo, what) in opened {
        out.push(
            Diagnostic::warning(
                Code::ResultantExceptionsIgnored,
                format!(
                    "{} opens {} exception(s) in the {} ({}), but {}, which wins for this setting, enables Do not allow exceptions: the client ignores them (reference §7 pitfall 2). Remove them or leave Do not allow exceptions Not configured in the winning GPO",
                    r.gpo_label(gpo),
                    what.len(),
                    kind.label(),
                    quote(&what),
                    r.gpo_label(shield.winner),
                ),
            )
            .with_path(setting_path(kind, SettingId::DoNotAllowExceptions)),
        );
    }
}

/// A port (number and transport) or a program (path, compared as Windows does).
fn identity(list: ListKind, definition: &str) -> Option<(String, Scope, Status)> {
    match list {
        ListKind::Ports => PortException::parse(definition, ParseOptions::IMPORTED)
            .value
            .map(|p| {
                (
                    format!("{}/{}", p.port.get(), p.transport),
                    p.scope,
                    p.status,
                )
            }),
        ListKind::Programs => ProgramException::parse(definition, ParseOptions::IMPORTED)
            .value
            .map(|p| (name_key(&p.path), p.scope, p.status)),
    }
}

/// One definition of a port or program: (winning GPO, definition, scope, status).
type Member = (usize, String, Scope, Status);

fn scope_conflicts(r: &Resultant, kind: ProfileKind, list: ListKind, out: &mut Vec<Diagnostic>) {
    let setting = list_setting(list);
    if !r
        .policy
        .profile(kind)
        .state(setting)
        .eq(&crate::model::setting::State::Enabled)
    {
        return;
    }
    let mut groups: Vec<(String, Vec<Member>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (p, definition, present) in items(r, kind, list) {
        if !present {
            continue;
        }
        let Some((key, scope, status)) = identity(list, definition) else {
            continue;
        };
        let at = *index.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, members)) = groups.get_mut(at) {
            members.push((p.winner, definition.to_string(), scope, status));
        }
    }
    for (_, members) in groups {
        let Some(first) = members.first() else {
            continue;
        };
        let several_gpos = members.iter().any(|m| m.0 != first.0);
        let differ = members.iter().any(|m| m.2 != first.2 || m.3 != first.3);
        if !several_gpos || !differ {
            continue;
        }
        let described: Vec<String> = members
            .iter()
            .map(|(gpo, _, scope, status)| {
                format!(
                    "{} ({}, {})",
                    r.gpo_label(*gpo),
                    scope_in_words(scope),
                    status
                )
            })
            .collect();
        let what = match list {
            ListKind::Ports => "port",
            ListKind::Programs => "program",
        };
        out.push(
            Diagnostic::warning(
                Code::ResultantScopeConflict,
                format!(
                    "the same {what} is defined by several GPOs with different scopes or statuses: {}. The client combines the definitions: the scopes add up and a disabled one wins (reference §7 pitfall 8). Define it in one GPO",
                    described.join("; ")
                ),
            )
            .with_path(item_path(kind, setting, &first.1)),
        );
    }
}

/// How items were deleted, the GPOs that had added them, and their definitions.
type Wiped = (Deletion, Vec<usize>, Vec<String>);

fn list_wiped(r: &Resultant, kind: ProfileKind, list: ListKind, out: &mut Vec<Diagnostic>) {
    let setting = list_setting(list);
    // (deleting GPO, how) → (GPOs that had added them, definitions)
    let mut groups: BTreeMap<(usize, u8), Wiped> = BTreeMap::new();
    for (p, definition, present) in items(r, kind, list) {
        if present {
            continue;
        }
        // Each deletion of an item another GPO had written just before.
        for pair in p.trail.windows(2) {
            let [before, deletion] = pair else {
                continue;
            };
            let Action::Deleted(how) = deletion.action else {
                continue;
            };
            if before.action != Action::Set || before.gpo == deletion.gpo {
                continue;
            }
            let order = match how {
                Deletion::DelVals => 0,
                Deletion::Marker => 1,
                Deletion::DeleteValues => 2,
                Deletion::DeleteKeys => 3,
            };
            let entry = groups
                .entry((deletion.gpo, order))
                .or_insert_with(|| (how, Vec::new(), Vec::new()));
            entry.1.push(before.gpo);
            entry.2.push(definition.to_string());
        }
    }
    let what = match list {
        ListKind::Ports => "port",
        ListKind::Programs => "program",
    };
    for ((gpo, _), (how, mut added, definitions)) in groups {
        added.sort_unstable();
        added.dedup();
        let by: Vec<String> = added.iter().map(|&g| r.gpo_label(g)).collect();
        out.push(
            Diagnostic::warning(
                Code::ResultantListWiped,
                format!(
                    "{}'s {} removes {} {what} exception(s) that {} added ({}); the client does not get them",
                    r.gpo_label(gpo),
                    how.code(),
                    definitions.len(),
                    by.join(" and "),
                    quote(&definitions),
                ),
            )
            .with_path(setting_path(kind, setting)),
        );
    }
}
