//! Forgiving paste of vendor port tables (issue 13, item 4).
// See: issue 13

use std::collections::BTreeSet;

use fwpolicy_core::import::paste::{
    paste, Duplicate, Layout, PasteColumn, PasteImport, PasteOutcome,
};
use fwpolicy_core::import::{port_table, SkipReason, TableOptions};
use fwpolicy_core::*;

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/paste/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ports_of(p: &PasteImport) -> Vec<(u16, Transport)> {
    p.new_exceptions()
        .into_iter()
        .filter_map(|e| match e {
            Exception::Port(p) => Some((p.port.get(), p.transport)),
            Exception::Program(_) => None,
        })
        .collect()
}

fn port_exception(line: &str) -> PortException {
    PortException::parse(line, ParseOptions::TYPED)
        .value
        .unwrap_or_else(|| panic!("{line}"))
}

#[test]
fn issue_examples_read_as_port_protocol_and_name_in_any_order() {
    let text =
        "Port 9514 TCP Agent\n9515 UDP Agent events\n1024-65535 TCP random\nUDP 9516 Agent relay\n";
    let p = paste(
        text,
        &Policy::default(),
        ProfileKind::Domain,
        &TableOptions::default(),
    );
    assert_eq!(p.rows.len(), 4, "one row per line");
    let first = &p.rows[0];
    assert_eq!(first.layout, Layout::FreeText);
    assert_eq!(first.cells.port, "9514");
    assert_eq!(first.cells.protocol, "TCP");
    assert_eq!(first.cells.name, "Agent");
    let PasteOutcome::Exceptions(list) = &first.outcome else {
        panic!("{first:?}")
    };
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].to_string(),
        "9514:TCP:localsubnet:enabled:Agent (TCP 9514)"
    );
    assert_eq!(p.rows[1].cells.name, "Agent events");
    assert_eq!(p.rows[3].cells.protocol, "UDP");
    assert_eq!(p.rows[3].cells.port, "9516");
    // The range: not an exception, with the advice.
    let range = &p.rows[2];
    assert!(matches!(
        range.outcome,
        PasteOutcome::Skipped(SkipReason::RangeTooLarge {
            first: 1024,
            last: 65535,
            ..
        })
    ));
    let note = range.note.as_deref().unwrap_or_default();
    assert!(note.contains("XP policy cannot open a range"), "{note}");
    assert!(note.contains("program exception"), "{note}");
    assert!(note.contains("netsh advfirewall or PowerShell"), "{note}");
    assert_eq!(
        ports_of(&p),
        vec![
            (9514, Transport::Tcp),
            (9515, Transport::Udp),
            (9516, Transport::Udp)
        ]
    );
}

#[test]
fn ibm_director_tables_copied_with_spaces_give_what_the_tab_table_gives() {
    let spaces = data("ibm-director-ports-spaces.txt");
    let tabs = data("ibm-director-ports.tsv");
    let options = TableOptions::default();
    let pasted = paste(&spaces, &Policy::default(), ProfileKind::Domain, &options);
    assert_eq!(
        pasted.rows.len(),
        spaces.lines().count(),
        "one row per line"
    );
    assert!(pasted
        .rows
        .iter()
        .all(|r| matches!(r.layout, Layout::FreeText | Layout::Blank)));
    let from_paste: BTreeSet<(u16, Transport)> = ports_of(&pasted).into_iter().collect();
    let table = port_table(&tabs, &options);
    let from_table: BTreeSet<(u16, Transport)> = table
        .ports
        .iter()
        .map(|(_, e)| (e.port.get(), e.transport))
        .collect();
    assert_eq!(from_paste, from_table);
    // A few rows an admin would check by eye.
    assert!(from_paste.contains(&(162, Transport::Tcp)));
    assert!(
        !from_paste.contains(&(162, Transport::Udp)),
        "162/UDP is outbound only"
    );
    assert!(from_paste.contains(&(427, Transport::Udp)));
    assert!(
        from_paste.contains(&(9512, Transport::Tcp)),
        "9511-9513 expands"
    );
    assert!(
        !from_paste.contains(&(9514, Transport::Tcp)),
        "not firewall accessible"
    );
    assert!(!from_paste.contains(&(22, Transport::Tcp)), "outbound only");
    let range_row = pasted
        .rows
        .iter()
        .find(|r| r.text.starts_with("9511-9513"))
        .unwrap_or_else(|| panic!("no 9511-9513 row"));
    assert!(range_row
        .note
        .as_deref()
        .is_some_and(|n| n.contains("gives 3 port exceptions")));
    let random = pasted
        .rows
        .iter()
        .find(|r| r.text.starts_with("Random port"))
        .unwrap_or_else(|| panic!("no random row"));
    assert!(matches!(random.outcome, PasteOutcome::Skipped(_)));
    assert!(random.note.is_some());
    let header = pasted
        .rows
        .iter()
        .find(|r| r.text.starts_with("Port Protocol"))
        .unwrap_or_else(|| panic!("no header"));
    assert_eq!(header.outcome, PasteOutcome::Skipped(SkipReason::Note));
}

#[test]
fn columns_separated_by_several_spaces_are_columns() {
    let text = "9514    TCP    Inbound    Agent listener\n8080  UDP  Outbound  Only out\n";
    let p = paste(
        text,
        &Policy::default(),
        ProfileKind::Domain,
        &TableOptions::default(),
    );
    assert_eq!(p.rows[0].layout, Layout::Columns);
    assert_eq!(p.rows[0].cells.direction, "Inbound");
    assert_eq!(p.rows[0].cells.name, "Agent listener");
    assert!(matches!(
        p.rows[1].outcome,
        PasteOutcome::Skipped(SkipReason::OutboundOnly { .. })
    ));
}

#[test]
fn rows_already_in_the_profile_or_earlier_lines_are_flagged() {
    let mut policy = Policy::default();
    policy.domain.ports =
        Setting::enabled(vec![port_exception("9514:TCP:*:enabled:Existing agent")]);
    policy.domain.programs = Setting::enabled(vec![ProgramException::new(
        r"%ProgramFiles%\Agent\agent.exe",
        "Agent",
    )]);
    let text = "9514 TCP Agent\n9515 TCP Events\n9515 TCP Events again\n\
                %programfiles%\\AGENT\\agent.exe:*:enabled:Agent too\n";
    let p = paste(text, &policy, ProfileKind::Domain, &TableOptions::default());
    match &p.rows[0].duplicates[..] {
        [Some(Duplicate::Existing(row))] => {
            assert_eq!(row.index, 0);
            assert!(row.message.contains("Existing agent"), "{}", row.message);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(p.rows[1].duplicates, vec![None]);
    assert_eq!(p.rows[2].duplicates, vec![Some(Duplicate::EarlierLine(2))]);
    assert_eq!(p.rows[3].layout, Layout::Definition);
    assert!(matches!(
        &p.rows[3].duplicates[..],
        [Some(Duplicate::Existing(row))] if row.list == model::edit::ListKind::Programs
    ));
    assert_eq!(ports_of(&p), vec![(9515, Transport::Tcp)]);
    // The Standard profile has none of them: only the repeat within the paste is flagged.
    let s = paste(
        text,
        &policy,
        ProfileKind::Standard,
        &TableOptions::default(),
    );
    assert_eq!(s.new_exceptions().len(), 3);
}

#[test]
fn editing_a_cell_rechecks_the_row_and_the_duplicates() {
    let policy = Policy::default();
    let options = TableOptions::default();
    let mut p = paste(
        "9515 TCP Events\n9515 TCP Events again\n10000 Storage events\n",
        &policy,
        ProfileKind::Domain,
        &options,
    );
    assert!(matches!(
        p.rows[2].outcome,
        PasteOutcome::Skipped(SkipReason::Missing { protocol: true, .. })
    ));
    // The admin fills in the missing protocol ...
    p.set_cell(
        2,
        PasteColumn::Protocol,
        "UDP",
        &policy,
        ProfileKind::Domain,
        &options,
    );
    let PasteOutcome::Exceptions(list) = &p.rows[2].outcome else {
        panic!("{:?}", p.rows[2])
    };
    assert_eq!(
        list[0].to_string(),
        "10000:UDP:localsubnet:enabled:Storage events (UDP 10000)"
    );
    // ... and changes the repeated port, which is then no longer a duplicate.
    p.set_cell(
        1,
        PasteColumn::Port,
        "9516",
        &policy,
        ProfileKind::Domain,
        &options,
    );
    assert_eq!(p.rows[1].duplicates, vec![None]);
    assert_eq!(
        ports_of(&p),
        vec![
            (9515, Transport::Tcp),
            (9516, Transport::Tcp),
            (10000, Transport::Udp)
        ]
    );
    // A bad edit says why.
    p.set_cell(
        0,
        PasteColumn::Port,
        "70000",
        &policy,
        ProfileKind::Domain,
        &options,
    );
    assert!(matches!(
        p.rows[0].outcome,
        PasteOutcome::Skipped(SkipReason::BadPort(_))
    ));
}

#[test]
fn a_broken_definition_line_says_what_is_wrong() {
    let p = paste(
        "8443:TCP:*:enbld:Portal\n",
        &Policy::default(),
        ProfileKind::Domain,
        &TableOptions::default(),
    );
    assert_eq!(p.rows[0].layout, Layout::Definition);
    assert!(matches!(&p.rows[0].outcome, PasteOutcome::Invalid(m) if m.contains("enbld")));
}

proptest::proptest! {
    /// Whatever is pasted: no panic, one row per line, and re-checking a row after an edit
    /// gives what pasting the edited cells gives.
    #[test]
    fn any_paste_gives_one_row_per_line(text in "[ -~\t\n:,()/\\-0-9TCPUDtcpudInOutbo]{0,200}") {
        let policy = Policy::default();
        let options = TableOptions::default();
        let mut p = paste(&text, &policy, ProfileKind::Domain, &options);
        proptest::prop_assert_eq!(p.rows.len(), text.lines().count());
        if !p.rows.is_empty() {
            let port = p.rows[0].cells.port.clone();
            let before = p.rows[0].outcome.clone();
            p.set_cell(0, PasteColumn::Port, &port, &policy, ProfileKind::Domain, &options);
            if p.rows[0].layout != Layout::Blank {
                proptest::prop_assert_eq!(&p.rows[0].outcome, &before);
            }
        }
    }
}
