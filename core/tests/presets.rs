//! Presets: golden JSON per preset, and the facts each preset must carry (hand-derived from the
//! seed documents, not generated from the code under test).
//!
//! Regenerate the golden files with `UPDATE_GOLDENS=1 cargo test -p fwpolicy-core --test presets`.

mod common;

use common::golden;

use fwpolicy_core::formats::project::{from_json, to_json, Project};
use fwpolicy_core::import::SkipReason;
use fwpolicy_core::model::edit::check_interfaces;
use fwpolicy_core::presets::{self, PresetInfo};
use fwpolicy_core::registry::{to_records, Record};
use fwpolicy_core::*;

fn preset(id: &str) -> Project {
    presets::get(id).unwrap_or_else(|| panic!("preset {id} does not build"))
}

fn enabled_settings(p: &Profile) -> Vec<SettingId> {
    SettingId::ALL
        .into_iter()
        .filter(|id| p.state(*id) != State::NotConfigured)
        .collect()
}

fn record<'a>(records: &'a [Record], key_tail: &str, value: &str) -> Option<&'a Record> {
    records
        .iter()
        .find(|r| r.key.ends_with(key_tail) && r.value.eq_ignore_ascii_case(value))
}

#[test]
fn every_preset_builds_with_unique_ids() {
    let all: &[PresetInfo] = presets::all();
    assert_eq!(
        all.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![
            "sbs-2003-xp-sp2",
            "ibm-i-integrated-server",
            "ibm-systems-director",
            "remote-desktop-admins",
            "file-and-printer-sharing-local",
            "locked-down-laptop",
        ]
    );
    for info in all {
        let p = preset(info.id);
        assert_eq!(p.title, info.title);
        assert_eq!(p.source, info.source);
        assert!(!info.summary.is_empty() && !p.description.is_empty());
    }
    assert_eq!(presets::get("no-such-preset"), None);
}

#[test]
fn presets_match_golden_json_and_read_back() {
    for info in presets::all() {
        let project = preset(info.id);
        let json = to_json(&project);
        golden::check_text(info.id, "policy.json", &json);
        let (back, diagnostics) = from_json(&json).unwrap();
        assert_eq!(back, project, "{}", info.id);
        assert!(diagnostics.is_empty(), "{}: {diagnostics:?}", info.id);
    }
}

#[test]
fn every_preset_is_valid_as_typed() {
    for info in presets::all() {
        let p = preset(info.id).policy;
        for kind in ProfileKind::ALL {
            let profile = p.profile(kind);
            for e in &profile.programs.options {
                assert_eq!(e.validate(Origin::Typed), vec![], "{}: {e}", info.id);
            }
            for e in &profile.ports.options {
                assert_eq!(e.validate(Origin::Typed), vec![], "{}: {e}", info.id);
            }
            assert_eq!(check_interfaces(&profile.excluded_interfaces), Ok(()));
            for id in SettingId::SERVICES {
                let scope = &profile.service(id).unwrap().options;
                assert!(Scope::parse(&scope.to_string()).is_ok(), "{scope}");
            }
        }
    }
}

#[test]
fn sbs_domain_has_exactly_the_six_table_2_programs() {
    let p = preset("sbs-2003-xp-sp2").policy;
    assert_eq!(p.domain.programs.state, State::Enabled);
    let programs: Vec<String> = p
        .domain
        .programs
        .options
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(
        programs,
        vec![
            r"%ProgramFiles%\Microsoft ActiveSync\CeAppMgr.exe:localsubnet:enabled:ActiveSync (CeAppMgr.exe)",
            r"%ProgramFiles%\Microsoft ActiveSync\WCESMgr.exe:localsubnet:enabled:ActiveSync (WCESMgr.exe)",
            r"%ProgramFiles%\Microsoft ActiveSync\WCESComm.exe:localsubnet:enabled:ActiveSync (WCESComm.exe)",
            r"%windir%\system32\sessmgr.exe:*:enabled:Help and Support Center (Sessmgr.exe)",
            r"%windir%\PCHealth\HelpCtr\Binaries\helpsvc.exe:*:enabled:Help and Support Center (Helpsvc.exe)",
            r"%windir%\PCHealth\HelpCtr\Binaries\helpctr.exe:*:enabled:Help and Support Center (Helpctr.exe)",
        ]
    );
}

#[test]
fn sbs_domain_opens_port_135_tcp_and_the_two_services_on_the_local_subnet() {
    let p = preset("sbs-2003-xp-sp2").policy;
    let ports: Vec<String> = p
        .domain
        .ports
        .options
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(
        ports,
        vec!["135:TCP:localsubnet:enabled:Remote Assistance (TCP 135)"]
    );
    assert_eq!(
        enabled_settings(&p.domain),
        vec![
            SettingId::ProtectAllConnections,
            SettingId::DefineProgramExceptions,
            SettingId::AllowLocalProgramExceptions,
            SettingId::FileAndPrinterSharing,
            SettingId::RemoteDesktop,
            SettingId::DefinePortExceptions,
            SettingId::AllowLocalPortExceptions,
        ]
    );
    for id in enabled_settings(&p.domain) {
        assert_eq!(p.domain.state(id), State::Enabled, "{id}");
    }
    assert_eq!(p.domain.file_and_print.options.to_string(), "localsubnet");
    assert_eq!(p.domain.remote_desktop.options.to_string(), "localsubnet");
}

#[test]
fn sbs_standard_allows_local_exceptions_and_defines_none() {
    let p = preset("sbs-2003-xp-sp2").policy;
    assert_eq!(
        enabled_settings(&p.standard),
        vec![
            SettingId::ProtectAllConnections,
            SettingId::AllowLocalProgramExceptions,
            SettingId::AllowLocalPortExceptions,
        ]
    );
    assert!(p.standard.programs.options.is_empty());
    assert!(p.standard.ports.options.is_empty());
    assert_eq!(p.standard.programs.state, State::NotConfigured);
    assert_eq!(p.standard.ports.state, State::NotConfigured);
}

#[test]
fn sbs_registry_values_are_the_ones_gpmc_writes() {
    let records = to_records(&preset("sbs-2003-xp-sp2").policy).records;
    let dword = |tail: &str, value: &str| record(&records, tail, value).and_then(Record::as_dword);
    assert_eq!(dword(r"\DomainProfile", "EnableFirewall"), Some(1));
    assert_eq!(dword(r"\StandardProfile", "EnableFirewall"), Some(1));
    assert_eq!(
        dword(
            r"\StandardProfile\AuthorizedApplications",
            "AllowUserPrefMerge"
        ),
        Some(1)
    );
    assert_eq!(
        dword(r"\StandardProfile\GloballyOpenPorts", "AllowUserPrefMerge"),
        Some(1)
    );
    assert_eq!(
        dword(r"\DomainProfile\Services\FileAndPrint", "Enabled"),
        Some(1)
    );
    assert_eq!(
        record(
            &records,
            r"\DomainProfile\Services\RemoteDesktop",
            "RemoteAddresses"
        )
        .and_then(Record::as_string)
        .as_deref(),
        Some("localsubnet")
    );
    let def = "135:TCP:localsubnet:enabled:Remote Assistance (TCP 135)";
    assert_eq!(
        record(&records, r"\DomainProfile\GloballyOpenPorts\List", def)
            .and_then(Record::as_string)
            .as_deref(),
        Some(def)
    );
    let lists = records.iter().filter(|r| r.key.ends_with(r"\List")).count();
    assert_eq!(lists, 7, "six programs and one port, nothing on Standard");
}

#[test]
fn ibm_i_turns_the_firewall_off_only_for_the_ptp_connection() {
    let p = preset("ibm-i-integrated-server").policy;
    for kind in ProfileKind::ALL {
        let profile = p.profile(kind);
        assert_eq!(
            enabled_settings(profile),
            vec![SettingId::ProtectAllConnections]
        );
        assert_eq!(profile.protect_all.state, State::Enabled);
        assert_eq!(
            profile.excluded_interfaces,
            vec!["Virtual Ethernet PTP".to_string()]
        );
    }
    // XP-era Group Policy cannot carry the exclusion: the registry export says so.
    let written = to_records(&p);
    assert_eq!(written.records.len(), 2, "EnableFirewall for each profile");
    assert_eq!(
        written
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::NotExportable)
            .count(),
        2
    );
    let description = preset("ibm-i-integrated-server").description;
    assert!(
        description.contains("CHECK THE CONNECTION NAME"),
        "{description}"
    );
}

/// Hand-derived from seed 003 §2.1.2.1: every row whose direction includes inbound, one
/// exception per port and transport.
const DIRECTOR_OPENS: &[(u16, &str)] = &[
    (20, "TCP"),
    (21, "TCP"),
    (69, "TCP"),
    (162, "TCP"), // "Outbound (TCP,UDP) Inbound (TCP)": TCP only
    (427, "TCP"), // "TCP, UDP" + "Outbound and Inbound"
    (427, "UDP"),
    (1433, "TCP"),
    (1521, "TCP"),
    (1527, "TCP"),
    (2033, "TCP"),
    (2044, "TCP"),
    (3389, "TCP"),
    (4066, "TCP"),
    (5901, "TCP"),
    (5988, "TCP"),
    (5989, "TCP"),
    (6641, "TCP"),
    (6988, "TCP"),
    (6989, "TCP"),
    (8421, "TCP"),
    (8422, "TCP"),
    (9510, "TCP"),
    (9511, "TCP"), // 9511-9513: three exceptions
    (9512, "TCP"),
    (9513, "TCP"),
    (13991, "UDP"),
    (14247, "UDP"),
    (14251, "UDP"),
    (15988, "TCP"),
    (15989, "TCP"),
    (20000, "TCP"),
    (50000, "TCP"),
    (61616, "TCP"),
    (61617, "TCP"),
];

#[test]
fn director_opens_exactly_the_inbound_ports_of_the_table() {
    let p = preset("ibm-systems-director").policy;
    let opened: Vec<(u16, &str)> = p
        .domain
        .ports
        .options
        .iter()
        .map(|e| (e.port.get(), e.transport.as_str()))
        .collect();
    assert_eq!(opened, DIRECTOR_OPENS);
    assert_eq!(p.domain.ports.state, State::Enabled);
    for e in &p.domain.ports.options {
        assert!(e.scope.is_local_subnet_only(), "{e}");
        assert_eq!(e.status, Status::Enabled);
        assert!(e.name.starts_with("IBM Systems Director - "), "{e}");
        let suffix = format!("({} {})", e.transport, e.port);
        assert!(e.name.ends_with(&suffix), "{e}");
        assert!(e.name.len() <= 100, "name too long: {}", e.name);
        assert!(!e.name.contains('<') && !e.name.contains('•'), "{}", e.name);
    }
    let names: Vec<&str> = p
        .domain
        .ports
        .options
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert!(names.contains(&"IBM Systems Director - CIM listener (TCP 6988)"));
    assert!(names
        .contains(&"IBM Systems Director - CAS Events / Communication with VMWARE (TCP 20000)"));
    assert!(names.contains(&"IBM Systems Director - Smcli command-line interface (TCP 2044)"));
    assert_eq!(
        enabled_settings(&p.standard),
        vec![SettingId::ProtectAllConnections]
    );
    assert!(p.standard.ports.options.is_empty());
}

#[test]
fn director_reports_every_row_it_does_not_open() {
    let outbound = || SkipReason::OutboundOnly {
        unknown_protocol: None,
    };
    let mut expected: Vec<(&str, SkipReason)> = [
        "22", "23", "80", "81", "135", "137", "138", "139", "161", "443", "445", "446", "448",
        "449", "623", "664",
    ]
    .into_iter()
    .map(|p| (p, outbound()))
    .collect();
    expected.push((
        "Random port in the 1024-65535 range",
        SkipReason::NotAFixedPort,
    ));
    expected.push(("6090", outbound()));
    for p in ["8470", "8471", "8472", "8473", "8474", "8475", "8476"] {
        expected.push((p, outbound()));
    }
    expected.push((
        "9000-9100",
        SkipReason::Missing {
            protocol: false,
            direction: true,
        },
    ));
    for p in ["9470", "9471", "9472", "9473", "9474", "9475", "9476"] {
        expected.push((p, outbound()));
    }
    expected.push(("9514-9515", SkipReason::NotFirewallAccessible));
    expected.push((
        "10000",
        SkipReason::Missing {
            protocol: true,
            direction: true,
        },
    ));
    expected.push((
        "14248",
        SkipReason::OutboundOnly {
            unknown_protocol: Some("UDB".into()),
        },
    ));

    let table = presets::ibm_systems_director_table();
    let skipped: Vec<(String, SkipReason)> = table
        .skipped
        .iter()
        .map(|s| (s.first_cell(), s.reason.clone()))
        .collect();
    let expected: Vec<(String, SkipReason)> = expected
        .into_iter()
        .map(|(p, r)| (p.to_string(), r))
        .collect();
    assert_eq!(skipped, expected);
    // Every skipped row is also a diagnostic with its line number.
    let skipped_diags = table
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SkippedRow)
        .count();
    assert_eq!(skipped_diags, 36);
    assert!(table
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SkippedRow)
        .all(|d| d.line.is_some()));
    // 31 opened rows + 36 skipped rows + 4 header rows + 3 blank lines = the 74 lines.
    let opened_rows: std::collections::BTreeSet<usize> =
        table.ports.iter().map(|(line, _)| *line).collect();
    assert_eq!(opened_rows.len(), 31);
    assert_eq!(presets::IBM_SYSTEMS_DIRECTOR_PORTS.lines().count(), 74);
}

#[test]
fn director_data_file_is_the_seed_table_verbatim() {
    let data = presets::IBM_SYSTEMS_DIRECTOR_PORTS;
    let headers = data
        .lines()
        .filter(|l| *l == "Port\tProtocol\tDirection\tCommunication description")
        .count();
    assert_eq!(
        headers, 4,
        "the header repeats where the table breaks across pages"
    );
    assert!(data.contains("14248\tUDB\tOutbound\t"));
    assert!(data.contains("162\tTCP,UDP\tOutbound (TCP,UDP) Inbound (TCP)\t"));
    assert!(data.contains("427\tTCP, UDP\tOutbound and Inbound\t"));
    assert!(data.contains("<ul style=\"list-style-type: none\"> <li>CAS Events</li>"));
}

#[test]
fn remote_desktop_preset_uses_the_placeholder_subnet_on_domain_only() {
    let project = preset("remote-desktop-admins");
    let p = project.policy;
    assert_eq!(p.domain.remote_desktop.state, State::Enabled);
    assert_eq!(
        p.domain.remote_desktop.options.to_string(),
        "192.168.10.0/24"
    );
    assert_eq!(p.standard.remote_desktop.state, State::NotConfigured);
    assert!(project.description.contains("REPLACE THE PLACEHOLDER"));
    let records = to_records(&p).records;
    assert_eq!(
        record(
            &records,
            r"\DomainProfile\Services\RemoteDesktop",
            "RemoteAddresses"
        )
        .and_then(Record::as_string)
        .as_deref(),
        Some("192.168.10.0/24")
    );
}

#[test]
fn file_and_printer_sharing_preset_is_local_subnet_on_domain_only() {
    let p = preset("file-and-printer-sharing-local").policy;
    assert_eq!(p.domain.file_and_print.state, State::Enabled);
    assert!(p.domain.file_and_print.options.is_local_subnet_only());
    assert_eq!(p.standard.file_and_print.state, State::NotConfigured);
    assert_eq!(
        enabled_settings(&p.domain),
        vec![
            SettingId::ProtectAllConnections,
            SettingId::FileAndPrinterSharing
        ]
    );
}

#[test]
fn locked_down_laptop_blocks_every_exception_on_standard() {
    let p = preset("locked-down-laptop").policy;
    assert_eq!(p.standard.do_not_allow_exceptions.state, State::Enabled);
    assert_eq!(p.standard.allow_local_programs.state, State::Disabled);
    assert_eq!(p.standard.allow_local_ports.state, State::Disabled);
    assert_eq!(
        enabled_settings(&p.domain),
        vec![SettingId::ProtectAllConnections]
    );
    let records = to_records(&p).records;
    assert_eq!(
        record(&records, r"\StandardProfile", "DoNotAllowExceptions").and_then(Record::as_dword),
        Some(1)
    );
    assert_eq!(
        record(
            &records,
            r"\StandardProfile\GloballyOpenPorts",
            "AllowUserPrefMerge"
        )
        .and_then(Record::as_dword),
        Some(0)
    );
}

// See: issue 13 item 3
#[test]
fn preset_texts_name_their_source_documents_not_internal_seed_numbers() {
    for info in presets::all() {
        let project = preset(info.id);
        for (what, text) in [
            ("title", info.title),
            ("summary", info.summary),
            ("source", info.source),
            ("description", project.description.as_str()),
        ] {
            assert!(
                !text.to_lowercase().contains("seed"),
                "{}: the {what} speaks of a seed, which admins do not know: {text}",
                info.id
            );
        }
    }
    let source = |id: &str| presets::info(id).map(|i| i.source).unwrap_or_default();
    assert!(source("sbs-2003-xp-sp2").starts_with(
        "Microsoft, \"Windows XP Service Pack 2 in a Windows Small Business Server 2003 network\""
    ));
    assert!(source("ibm-i-integrated-server")
        .starts_with("IBM, \"Windows Server 2003 Service Pack 1\""));
    assert!(source("ibm-systems-director").starts_with(
        "IBM, \"IBM Systems Director Service and Support Manager Security Considerations\""
    ));
    assert!(source("locked-down-laptop").contains("Small Business Server 2003"));
}
