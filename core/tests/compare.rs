//! The forms of a diff (issue 15): text, Markdown for a change ticket, JSON, and the
//! side-by-side comparison with its "only differences" filter.
mod common;

use common::*;
use fwpolicy_core::analysis::compare::{self, Comparison, DiffFormat, ItemRow, Sides};
use fwpolicy_core::analysis::diff::{diff, ChangeKind, Group};
use fwpolicy_core::*;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

fn port(line: &str) -> PortException {
    PortException::parse(line, ParseOptions::TYPED)
        .value
        .unwrap()
}

fn sides() -> Sides {
    Sides {
        before: "old.fwpolicy.json".into(),
        after: "Registry.pol".into(),
    }
}

/// Before: RDP and a web port; after: the web port's scope changed, RDP removed, a port whose
/// name holds Markdown table syntax added, logging enabled with a bigger file, ICMP on.
fn pair_of_policies() -> (Policy, Policy) {
    let mut a = Policy::default();
    a.domain.ports = Setting::enabled(vec![
        port("3389:TCP:*:enabled:Remote Desktop"),
        port("80:TCP:*:enabled:Web"),
        port("443:TCP:*:enabled:TLS"),
    ]);
    let mut b = a.clone();
    b.domain.ports.options.remove(0);
    b.domain.ports.options[0] = port("80:TCP:localsubnet:enabled:Web");
    b.domain
        .ports
        .options
        .push(port("8080:TCP:*:enabled:Proxy | *cache* <b>"));
    b.standard.logging = Setting::enabled(LoggingOptions {
        size_kb: 8192,
        ..LoggingOptions::default()
    });
    (a, b)
}

#[test]
fn text_is_one_line_per_change_or_no_differences() {
    let (a, b) = pair_of_policies();
    let text = compare::render(&a, &b, &sides(), DiffFormat::Text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        vec![
            "Domain Profile › Define port exceptions › 3389:TCP: removed 3389:TCP:*:enabled:Remote Desktop",
            "Domain Profile › Define port exceptions › 80:TCP: 80:TCP:*:enabled:Web → 80:TCP:localsubnet:enabled:Web",
            "Domain Profile › Define port exceptions › 8080:TCP: added 8080:TCP:*:enabled:Proxy | *cache* <b>",
            "Standard Profile › Allow logging: Not configured → Enabled",
            "Standard Profile › Allow logging › Log file size: 4096 KB → 8192 KB",
        ]
    );
    assert_eq!(
        compare::render(&a, &a, &sides(), DiffFormat::Text),
        "no differences\n"
    );
}

/// Every table of `md` as rows of cell texts (header first), read back by a CommonMark parser.
fn tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut out = Vec::new();
    let mut table = Vec::new();
    let mut row = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => table = Vec::new(),
            Event::End(TagEnd::Table) => out.push(std::mem::take(&mut table)),
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Vec::new(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row))
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.extend(cell.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

fn headings(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => current = Some(format!("{level} ")),
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

// See: issue 15
#[test]
fn markdown_has_a_table_per_setting_grouped_by_profile() {
    let (a, b) = pair_of_policies();
    let md = compare::render(&a, &b, &sides(), DiffFormat::Markdown);
    assert_eq!(
        headings(&md),
        vec![
            "h1 Firewall policy changes",
            "h2 Domain Profile",
            "h3 Define port exceptions",
            "h2 Standard Profile",
            "h3 Allow logging",
        ]
    );
    assert!(
        md.contains("- Before: old.fwpolicy.json\n- After: Registry.pol\n- 5 changes\n"),
        "{md}"
    );
    let found = tables(&md);
    assert_eq!(found.len(), 2, "{md}");
    let header = vec!["What", "Change", "Before", "After"];
    assert_eq!(found[0][0], header);
    // The value with | * < > reads back as typed, in its own cell.
    assert_eq!(
        &found[0][1..],
        &[
            vec![
                "3389:TCP",
                "removed",
                "3389:TCP:*:enabled:Remote Desktop",
                ""
            ],
            vec![
                "80:TCP",
                "changed",
                "80:TCP:*:enabled:Web",
                "80:TCP:localsubnet:enabled:Web"
            ],
            vec![
                "8080:TCP",
                "added",
                "",
                "8080:TCP:*:enabled:Proxy | *cache* <b>"
            ],
        ]
    );
    assert_eq!(
        &found[1][1..],
        &[
            vec!["State", "changed", "Not configured", "Enabled"],
            vec!["Log file size", "changed", "4096 KB", "8192 KB"],
        ]
    );
    let same = compare::render(&a, &a, &sides(), DiffFormat::Markdown);
    assert!(same.ends_with("- No differences\n"), "{same}");
    assert!(tables(&same).is_empty());
}

#[test]
fn json_lists_the_same_changes_with_their_parts() {
    let (a, b) = pair_of_policies();
    let json = compare::render(&a, &b, &sides(), DiffFormat::Json);
    assert!(json.ends_with("}\n"));
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], "fwpolicy-diff");
    assert_eq!(v["version"], 1);
    assert_eq!(v["before"], "old.fwpolicy.json");
    let changes = v["changes"].as_array().unwrap();
    let paths: Vec<&str> = changes
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = diff(&a, &b).into_iter().map(|c| c.path).collect();
    assert_eq!(paths, expected);
    assert_eq!(changes[0]["group"], "domain");
    assert_eq!(changes[0]["setting"], "Define port exceptions");
    assert_eq!(changes[0]["item"], "3389:TCP");
    assert_eq!(changes[0]["kind"], "removed");
    assert_eq!(changes[0]["after"], Value::Null);
    assert_eq!(changes[4]["group"], "standard");
    assert_eq!(changes[4]["option"], "Log file size");
    assert_eq!(changes[4].get("item"), None);
    assert_eq!(changes[4]["before"], "4096 KB");
    let same: Value =
        serde_json::from_str(&compare::render(&a, &a, &sides(), DiffFormat::Json)).unwrap();
    assert_eq!(same["changes"], Value::Array(Vec::new()));
}

#[test]
fn diff_formats_parse() {
    assert_eq!(DiffFormat::parse("md"), Some(DiffFormat::Markdown));
    assert_eq!(DiffFormat::parse("Markdown"), Some(DiffFormat::Markdown));
    assert_eq!(DiffFormat::parse("json"), Some(DiffFormat::Json));
    assert_eq!(DiffFormat::parse("text"), Some(DiffFormat::Text));
    assert_eq!(DiffFormat::parse("html"), None);
}

// See: issue 15
#[test]
fn side_by_side_lists_every_setting_and_filters_to_differences() {
    let (a, b) = pair_of_policies();
    let all = Comparison::of(&a, &b);
    assert_eq!(all.changes, 5);
    let groups: Vec<Group> = all.groups.iter().map(|g| g.group).collect();
    assert_eq!(
        groups,
        vec![
            Group::Profile(ProfileKind::Domain),
            Group::Profile(ProfileKind::Standard),
            Group::Global
        ]
    );
    // 14 settings and the interface exclusions per profile, changed or not.
    assert_eq!(all.groups[0].settings.len(), SettingId::ALL.len() + 1);
    let ports = &all.groups[0].settings[SettingId::ALL
        .iter()
        .position(|id| *id == SettingId::DefinePortExceptions)
        .unwrap()];
    assert_eq!(ports.setting, "Define port exceptions");
    assert_eq!(
        (ports.left.as_str(), ports.right.as_str()),
        ("Enabled", "Enabled")
    );
    assert!(ports.changed);
    let summary: Vec<(&str, Option<ChangeKind>)> = ports
        .items
        .iter()
        .map(|i| (i.label.as_str(), i.change))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("3389:TCP", Some(ChangeKind::Removed)),
            ("80:TCP", Some(ChangeKind::Changed)),
            ("443:TCP", None),
            ("8080:TCP", Some(ChangeKind::Added)),
        ]
    );
    assert_eq!(
        ports.items[2],
        ItemRow {
            label: "443:TCP".into(),
            left: Some("443:TCP:*:enabled:TLS".into()),
            right: Some("443:TCP:*:enabled:TLS".into()),
            change: None,
        }
    );
    let logging = all.groups[1]
        .settings
        .iter()
        .find(|s| s.setting == "Allow logging")
        .unwrap();
    assert_eq!(
        (logging.left.as_str(), logging.right.as_str()),
        ("Not configured", "Enabled")
    );
    assert_eq!(logging.options.len(), 1);
    assert_eq!(logging.options[0].name, "Log file size");
    assert_eq!(logging.options[0].right, "8192 KB");
    // Only differences: the two changed settings, without the unchanged item.
    let only = all.only_differences();
    let names: Vec<(&str, &str)> = only
        .groups
        .iter()
        .flat_map(|g| {
            g.settings
                .iter()
                .map(move |s| (g.group.label(), s.setting.as_str()))
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("Domain Profile", "Define port exceptions"),
            ("Standard Profile", "Allow logging")
        ]
    );
    assert_eq!(only.groups[0].settings[0].items.len(), 3);
    assert!(Comparison::of(&a, &a).only_differences().groups.is_empty());
}

#[test]
fn side_by_side_shows_interfaces_globals_and_verbatim_values() {
    let mut a = Policy::default();
    a.domain.excluded_interfaces = vec!["LAN 2".into()];
    a.unowned = vec![Record::dword(r"Software\Policies\X", "A", 1)];
    let mut b = a.clone();
    b.domain.excluded_interfaces.push("Wi-Fi".into());
    b.refresh = Setting::enabled(RefreshInterval {
        minutes: 60,
        offset: 30,
    });
    b.unowned
        .push(Record::sz(r"Software\Policies\X", "C", "hi"));
    let only = Comparison::of(&a, &b).only_differences();
    let interfaces = &only.groups[0].settings[0];
    assert_eq!(interfaces.setting, "Interface exclusions");
    assert_eq!(
        (interfaces.left.as_str(), interfaces.right.as_str()),
        ("1 interface", "2 interfaces")
    );
    assert_eq!(interfaces.items.len(), 1);
    assert_eq!(interfaces.items[0].change, Some(ChangeKind::Added));
    let refresh = &only.groups[1].settings[0];
    assert_eq!(
        refresh.setting,
        "Set Group Policy refresh interval for computers"
    );
    assert_eq!(refresh.options[0].name, "Interval");
    let verbatim = &only.groups[2];
    assert_eq!(verbatim.group, Group::Verbatim);
    assert_eq!(verbatim.settings.len(), 1);
    assert_eq!(verbatim.settings[0].setting, r"Software\Policies\X!C");
    assert_eq!(verbatim.settings[0].right, "REG_SZ “hi”");
}

proptest! {
    /// The side-by-side view and the Markdown both carry every change the diff finds.
    #[test]
    fn every_form_carries_every_change(a in arb_project_policy().boxed(), b in arb_project_policy().boxed()) {
        let changes = diff(&a, &b);
        let cmp = Comparison::of(&a, &b);
        prop_assert_eq!(cmp.changes, changes.len());
        let changed_rows = cmp.groups.iter().flat_map(|g| &g.settings).filter(|s| s.changed).count();
        prop_assert_eq!(changed_rows == 0, changes.is_empty());
        let md = compare::markdown(&changes, &sides());
        let rows: usize = tables(&md).iter().map(|t| t.len() - 1).sum();
        prop_assert_eq!(rows, changes.len());
        for t in tables(&md) {
            for row in t {
                prop_assert_eq!(row.len(), 4);
            }
        }
        let json: Value = serde_json::from_str(&compare::json(&changes, &sides())).unwrap();
        prop_assert_eq!(json["changes"].as_array().map(Vec::len), Some(changes.len()));
    }
}
