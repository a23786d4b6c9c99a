//! Resultant policy (issue 14): several GPOs merged in order, who wins each setting and item,
//! combination lint, the GPO inputs (GPMC backup zip and folder, SYSVOL folder) and the
//! property that merging one file gives that file's policy.
mod common;

use std::io::{Cursor, Write};

use common::golden::check_text;
use common::*;
use fwpolicy_core::formats::{self, pol, project::Project, Format, WriteOptions};
use fwpolicy_core::model::edit::ListKind;
use fwpolicy_core::registry::{Record, RegType};
use fwpolicy_core::resultant::{
    self, explain, from_folder, from_zip, inputs, lint, merge, Action, Deletion, Gpo, Resultant,
    Subject,
};
use fwpolicy_core::*;
use proptest::prelude::*;

fn fw(rest: &str) -> String {
    format!(r"SOFTWARE\Policies\Microsoft\WindowsFirewall\{rest}")
}

fn ports_key(profile: &str) -> String {
    fw(&format!(r"{profile}\GloballyOpenPorts"))
}

fn ports_list(profile: &str) -> String {
    fw(&format!(r"{profile}\GloballyOpenPorts\List"))
}

fn item(profile: &str, definition: &str) -> Record {
    Record::sz(&ports_list(profile), definition, definition)
}

fn delvals(key: &str) -> Record {
    Record::sz(key, "**delvals.", " ")
}

fn gpo(name: &str, guid: &str, records: &[Record]) -> Gpo {
    Gpo {
        origin: format!("{name}.pol"),
        guid: Some(guid.to_string()),
        name: Some(name.to_string()),
        registry_pol: pol::encode(records),
    }
}

fn merged(gpos: &[Gpo]) -> Resultant {
    merge(gpos).unwrap_or_else(|e| panic!("{e}"))
}

fn findings(r: &Resultant) -> String {
    let mut out = String::new();
    for d in r.diagnostics.iter().chain(lint::check(r).iter()) {
        out.push_str(&format!("{d}\n"));
    }
    out
}

fn project_json(r: &Resultant) -> String {
    let written = formats::write(
        Format::Json,
        &Project::new(r.policy.clone()),
        &WriteOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(written.bytes).unwrap_or_default()
}

fn golden(case: &str, r: &Resultant) {
    check_text(case, "explain.txt", &explain(r));
    check_text(case, "findings.txt", &findings(r));
    check_text(case, "policy.json", &project_json(r));
}

fn provenance<'a>(r: &'a Resultant, subject: &Subject) -> &'a resultant::Provenance {
    r.provenance
        .iter()
        .find(|p| &p.subject == subject)
        .unwrap_or_else(|| panic!("no provenance for {subject:?}"))
}

fn item_subject(definition: &str, present: bool) -> Subject {
    Subject::Item {
        profile: ProfileKind::Domain,
        list: ListKind::Ports,
        definition: definition.to_string(),
        present,
    }
}

fn port_names(r: &Resultant, kind: ProfileKind) -> Vec<String> {
    r.policy
        .profile(kind)
        .ports
        .options
        .iter()
        .map(|p| p.to_string())
        .collect()
}

const GUID_A: &str = "{6AC1786C-016F-11D2-945F-00C04FB984F9}";
const GUID_B: &str = "{31B2F340-016D-11D2-945F-00C04FB984F9}";
const GUID_C: &str = "{0E2C4A6B-7C1D-4B8E-9F10-2A3B4C5D6E7F}";

/// Two GPOs: the port lists add up, a later value overwrites, an unrelated value is counted
/// but kept out of the firewall view.
fn two_gpos() -> Vec<Gpo> {
    vec![
        gpo(
            "Domain Baseline",
            GUID_A,
            &[
                Record::dword(&fw("DomainProfile"), "EnableFirewall", 1),
                Record::dword(&ports_key("DomainProfile"), "Enabled", 1),
                item("DomainProfile", "80:TCP:*:enabled:Web"),
                item("DomainProfile", "443:TCP:*:enabled:Web TLS"),
                Record::dword(
                    r"Software\Policies\Microsoft\Windows\WindowsUpdate\AU",
                    "NoAutoUpdate",
                    0,
                ),
            ],
        ),
        gpo(
            "Servers OU",
            GUID_B,
            &[
                // Same key in another case: the registry does not care.
                Record::dword(
                    r"software\policies\microsoft\windowsfirewall\domainprofile",
                    "EnableFirewall",
                    0,
                ),
                Record::dword(&ports_key("DomainProfile"), "Enabled", 1),
                item("DomainProfile", "3389:TCP:10.0.0.0/8:enabled:RDP"),
                Record::dword(
                    r"Software\Policies\Microsoft\Windows\WindowsUpdate\AU",
                    "NoAutoUpdate",
                    1,
                ),
                Record::dword(r"Software\Policies\Contoso", "Level", 3),
            ],
        ),
    ]
}

#[test]
fn two_gpos_lists_add_up_and_the_later_value_wins() {
    let r = merged(&two_gpos());
    golden("resultant-two-gpos", &r);
    assert_eq!(
        port_names(&r, ProfileKind::Domain),
        [
            "80:TCP:*:enabled:Web",
            "443:TCP:*:enabled:Web TLS",
            "3389:TCP:10.0.0.0/8:enabled:RDP"
        ]
    );
    assert_eq!(r.policy.domain.protect_all.state, State::Disabled);
    let p = provenance(
        &r,
        &Subject::Setting(ProfileKind::Domain, SettingId::ProtectAllConnections),
    );
    assert_eq!((p.winner, p.overridden.clone()), (1, vec![0]));
    assert_eq!(p.trail.len(), 2);
    let web = provenance(&r, &item_subject("80:TCP:*:enabled:Web", true));
    assert_eq!((web.winner, web.overridden.clone()), (0, vec![]));
    // Values outside the firewall keys: counted, not in the view.
    assert_eq!(r.other_values, 2);
    assert_eq!(r.other_by_gpo, vec![0, 2]);
    assert!(r.policy.unowned.is_empty(), "{:?}", r.policy.unowned);
}

#[test]
fn reversing_the_order_changes_the_winner() {
    let mut gpos = two_gpos();
    gpos.reverse();
    let r = merged(&gpos);
    assert_eq!(r.policy.domain.protect_all.state, State::Enabled);
    let p = provenance(
        &r,
        &Subject::Setting(ProfileKind::Domain, SettingId::ProtectAllConnections),
    );
    assert_eq!((p.winner, p.overridden.clone()), (1, vec![0]));
    assert_eq!(
        r.gpo_label(p.winner),
        format!("2. Domain Baseline {GUID_A}")
    );
}

/// Three GPOs: a `**del.` of one item, a later `**delvals.` wiping the list, a service
/// disabled by the last GPO.
fn three_gpos_deleting() -> Vec<Gpo> {
    let rd = fw(r"DomainProfile\Services\RemoteDesktop");
    vec![
        gpo(
            "Domain Baseline",
            GUID_A,
            &[
                Record::dword(&ports_key("DomainProfile"), "Enabled", 1),
                item("DomainProfile", "80:TCP:*:enabled:Web"),
                item("DomainProfile", "135:TCP:*:enabled:RPC"),
                Record::dword(&rd, "Enabled", 1),
                Record::sz(&rd, "RemoteAddresses", "*"),
            ],
        ),
        gpo(
            "Site Policy",
            GUID_B,
            &[
                Record::delete(&ports_list("DomainProfile"), "135:TCP:*:enabled:RPC"),
                item("DomainProfile", "8080:TCP:localsubnet:enabled:Proxy"),
            ],
        ),
        gpo(
            "Lockdown OU",
            GUID_C,
            &[
                Record::dword(&ports_key("DomainProfile"), "Enabled", 1),
                delvals(&ports_list("DomainProfile")),
                item("DomainProfile", "443:TCP:*:enabled:Web TLS"),
                Record::dword(&rd, "Enabled", 0),
                Record::delete(&rd, "RemoteAddresses"),
            ],
        ),
    ]
}

#[test]
fn delvals_and_del_across_three_gpos() {
    let r = merged(&three_gpos_deleting());
    golden("resultant-three-gpos-deleting", &r);
    assert_eq!(
        port_names(&r, ProfileKind::Domain),
        ["443:TCP:*:enabled:Web TLS"]
    );
    let rpc = provenance(&r, &item_subject("135:TCP:*:enabled:RPC", false));
    assert_eq!((rpc.winner, rpc.overridden.clone()), (2, vec![0, 1]));
    assert_eq!(
        rpc.trail
            .iter()
            .map(|e| (e.gpo, e.action))
            .collect::<Vec<_>>(),
        [
            (0, Action::Set),
            (1, Action::Deleted(Deletion::Marker)),
            // The tombstone the site GPO left is wiped by the OU's **delvals. too.
            (2, Action::Deleted(Deletion::DelVals)),
        ]
    );
    let proxy = provenance(
        &r,
        &item_subject("8080:TCP:localsubnet:enabled:Proxy", false),
    );
    assert_eq!(proxy.winner, 2);
    assert_eq!(proxy.overridden, [1]);
    // Disabled by the last GPO: reads as Disabled, as that GPO alone would.
    assert_eq!(r.policy.domain.remote_desktop.state, State::Disabled);
    let p = provenance(
        &r,
        &Subject::Setting(ProfileKind::Domain, SettingId::RemoteDesktop),
    );
    assert_eq!((p.winner, p.overridden.clone()), (2, vec![0]));
    let wiped: Vec<_> = lint::check(&r)
        .into_iter()
        .filter(|d| d.code == Code::ResultantListWiped)
        .collect();
    assert_eq!(wiped.len(), 2, "{wiped:?}");
    assert!(
        wiped[0].message.starts_with(&format!(
            "2. Site Policy {GUID_B}'s **del. removes 1 port exception(s) that 1. Domain Baseline"
        )),
        "{}",
        wiped[0].message
    );
    assert!(
        wiped[1].message.starts_with(&format!(
            "3. Lockdown OU {GUID_C}'s **delvals. removes 2 port exception(s)"
        )),
        "{}",
        wiped[1].message
    );
}

/// Three GPOs: settings disabled by a later GPO, Do not allow exceptions from another GPO,
/// the same port with two scopes.
fn three_gpos_conflicting() -> Vec<Gpo> {
    let icmp = fw(r"StandardProfile\IcmpSettings");
    let log = fw(r"StandardProfile\Logging");
    vec![
        gpo(
            "Default Domain Policy",
            GUID_A,
            &[
                Record::dword(&icmp, "AllowInboundEchoRequest", 1),
                Record::dword(&log, "LogDroppedPackets", 1),
                Record::dword(&log, "LogSuccessfulConnections", 0),
                Record::sz(&log, "LogFilePath", r"%windir%\pfirewall.log"),
                Record::dword(&log, "LogFileSize", 4096),
                Record::dword(&ports_key("StandardProfile"), "Enabled", 1),
                Record::sz(
                    &ports_list("StandardProfile"),
                    "80:TCP:*:enabled:Web",
                    "80:TCP:*:enabled:Web",
                ),
            ],
        ),
        gpo(
            "Laptops",
            GUID_B,
            &[
                Record::dword(&fw("StandardProfile"), "DoNotAllowExceptions", 1),
                Record::dword(&ports_key("StandardProfile"), "Enabled", 1),
                Record::sz(
                    &ports_list("StandardProfile"),
                    "80:TCP:LocalSubnet:enabled:Web (LAN)",
                    "80:TCP:LocalSubnet:enabled:Web (LAN)",
                ),
            ],
        ),
        gpo(
            "Kiosk OU",
            GUID_C,
            &[
                Record::delete(&icmp, "AllowInboundEchoRequest"),
                Record::sz(&log, "LogDroppedPackets", "0"),
                Record::sz(&log, "LogSuccessfulConnections", "0"),
                Record::delete(&log, "LogFilePath"),
                Record::delete(&log, "LogFileSize"),
            ],
        ),
    ]
}

#[test]
fn disabled_in_a_later_gpo_and_combination_findings() {
    let r = merged(&three_gpos_conflicting());
    golden("resultant-three-gpos-conflicting", &r);
    assert_eq!(r.policy.standard.icmp.state, State::Disabled);
    assert_eq!(r.policy.standard.logging.state, State::Disabled);
    let log = provenance(
        &r,
        &Subject::Setting(ProfileKind::Standard, SettingId::Logging),
    );
    assert_eq!((log.winner, log.overridden.clone()), (2, vec![0]));
    let codes: Vec<Code> = lint::check(&r).iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            Code::ResultantExceptionsIgnored,
            Code::ResultantScopeConflict
        ]
    );
    let ignored = &lint::check(&r)[0];
    assert!(
        ignored.message.starts_with("1. Default Domain Policy"),
        "{}",
        ignored.message
    );
    assert!(
        ignored.message.contains("2. Laptops"),
        "{}",
        ignored.message
    );
}

#[test]
fn a_disabled_list_in_a_later_gpo_keeps_earlier_items_visible_but_ignored() {
    let r = merged(&[
        gpo(
            "A",
            GUID_A,
            &[
                Record::dword(&ports_key("DomainProfile"), "Enabled", 1),
                item("DomainProfile", "80:TCP:*:enabled:Web"),
            ],
        ),
        gpo(
            "B",
            GUID_B,
            &[Record::dword(&ports_key("DomainProfile"), "Enabled", 0)],
        ),
    ]);
    assert_eq!(r.policy.domain.ports.state, State::Disabled);
    assert!(r.policy.domain.ports.options.is_empty());
    // The item is still in the registry: kept verbatim, shown as ignored, not dropped.
    assert_eq!(r.policy.unowned.len(), 1);
    let rows = resultant::explain_rows(&r);
    let row = rows
        .iter()
        .find(|row| row.path.ends_with("80:TCP:*:enabled:Web"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(
        row.result,
        "present, ignored: Define port exceptions is Disabled"
    );
}

#[test]
fn delete_values_delete_keys_secure_key_and_soft() {
    let rd = fw(r"DomainProfile\Services\RemoteDesktop");
    let a = gpo(
        "A",
        GUID_A,
        &[
            Record::dword(&fw("DomainProfile"), "EnableFirewall", 1),
            Record::dword(&fw("DomainProfile"), "DoNotAllowExceptions", 1),
            Record::dword(&rd, "Enabled", 1),
            Record::sz(&rd, "RemoteAddresses", "*"),
            Record::dword(&fw("StandardProfile"), "EnableFirewall", 1),
        ],
    );
    let b = gpo(
        "B",
        GUID_B,
        &[
            Record::sz(
                &fw("DomainProfile"),
                "**DeleteValues",
                "EnableFirewall; DoNotAllowExceptions",
            ),
            Record::sz(&fw("DomainProfile"), "**DeleteKeys", "Services"),
            Record::dword(&fw("StandardProfile"), "**SecureKey", 1),
            Record::dword(&fw("StandardProfile"), "**soft.EnableFirewall", 0),
            Record::dword(&fw("StandardProfile"), "**soft.DoNotAllowExceptions", 0),
            Record::dword(&fw("StandardProfile"), "**Unknown.Code", 0),
        ],
    );
    let r = merged(&[a, b]);
    assert_eq!(r.policy.domain.protect_all.state, State::NotConfigured);
    assert_eq!(
        r.policy.domain.do_not_allow_exceptions.state,
        State::NotConfigured
    );
    assert_eq!(r.policy.domain.remote_desktop.state, State::NotConfigured);
    // **soft. does not overwrite an existing value, but writes a missing one.
    assert_eq!(r.policy.standard.protect_all.state, State::Enabled);
    assert_eq!(
        r.policy.standard.do_not_allow_exceptions.state,
        State::Disabled
    );
    let p = provenance(
        &r,
        &Subject::Setting(ProfileKind::Domain, SettingId::RemoteDesktop),
    );
    assert_eq!(p.winner, 1);
    assert_eq!(
        p.trail.last().map(|e| e.action),
        Some(Action::Deleted(Deletion::DeleteKeys))
    );
    let p = provenance(
        &r,
        &Subject::Setting(ProfileKind::Domain, SettingId::ProtectAllConnections),
    );
    assert_eq!(
        p.trail.last().map(|e| e.action),
        Some(Action::Deleted(Deletion::DeleteValues))
    );
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == Code::ResultantControlCode && d.message.contains("**Unknown.Code")),
        "{:?}",
        r.diagnostics
    );
    // **SecureKey is no value.
    assert!(r.policy.unowned.is_empty(), "{:?}", r.policy.unowned);
}

#[test]
fn delvals_is_processed_first_for_its_key() {
    let r = merged(&[
        gpo(
            "A",
            GUID_A,
            &[
                Record::dword(&ports_key("DomainProfile"), "Enabled", 1),
                item("DomainProfile", "80:TCP:*:enabled:Web"),
            ],
        ),
        gpo(
            "B",
            GUID_B,
            &[
                item("DomainProfile", "443:TCP:*:enabled:TLS"),
                delvals(&ports_list("DomainProfile")),
            ],
        ),
    ]);
    assert_eq!(
        port_names(&r, ProfileKind::Domain),
        ["443:TCP:*:enabled:TLS"]
    );
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == Code::Unconfirmed && d.message.contains("UNCONFIRMED")),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn value_types_are_kept() {
    let key = r"Software\Policies\Contoso";
    let r = merged(&[gpo(
        "A",
        GUID_A,
        &[
            Record::dword(&fw("DomainProfile"), "Odd", 7),
            Record {
                key: fw("DomainProfile"),
                value: "Odd".into(),
                kind: RegType::QWORD,
                data: 9u64.to_le_bytes().to_vec(),
            },
            Record::sz(key, "x", "y"),
        ],
    )]);
    assert_eq!(r.policy.unowned.len(), 1);
    assert_eq!(r.policy.unowned[0].kind, RegType::QWORD);
    assert_eq!(r.other_values, 1);
}

#[test]
fn a_malformed_gpo_is_named() {
    let mut bad = gpo("Broken", GUID_B, &[]);
    bad.registry_pol = b"PReg\x01\x00\x00\x00[".to_vec();
    let err = merge(&[gpo("A", GUID_A, &[]), bad])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with(&format!("GPO 2 (Broken {GUID_B}): byte "))
            && err.contains("ends inside a record"),
        "{err}"
    );
}

// ---- inputs: GPMC backup (zip and folder) and SYSVOL folder made from the fixtures ----

fn bkup_info(guid: &str, name: &str) -> Vec<u8> {
    format!(
        "<BackupInst xmlns=\"http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest\"><GPOGuid><![CDATA[{guid}]]></GPOGuid><GPODomain><![CDATA[contoso.local]]></GPODomain><ID><![CDATA[{{B0000000-0000-0000-0000-00000000000{}}}]]></ID><GPODisplayName><![CDATA[{name}]]></GPODisplayName></BackupInst>",
        name.len() % 10
    )
    .into_bytes()
}

/// Backup.xml as GPMC writes it: UTF-16LE with a byte-order mark.
fn backup_xml(guid: &str, name: &str) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-16\"?><GroupPolicyBackupScheme bkp:version=\"2.0\" xmlns:bkp=\"http://www.microsoft.com/GroupPolicy/GPOOperations\" xmlns=\"http://www.microsoft.com/GroupPolicy/GPOOperations\"><GroupPolicyObject><GroupPolicyCoreSettings><ID><![CDATA[{guid}]]></ID><Domain><![CDATA[contoso.local]]></Domain><DisplayName><![CDATA[{name}]]></DisplayName></GroupPolicyCoreSettings></GroupPolicyObject></GroupPolicyBackupScheme>"
    );
    let mut out = vec![0xFF, 0xFE];
    for unit in xml.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// A "Back Up All" folder of the three deleting GPOs: `{backup id}\...` entries, in the
/// order given; the second has only Backup.xml, the third only bkupInfo.xml.
fn backup_entries(top: &str) -> Vec<(String, Vec<u8>)> {
    let mut entries = vec![(format!("{top}manifest.xml"), b"<Backups/>".to_vec())];
    for (i, g) in three_gpos_deleting().into_iter().enumerate() {
        let id = format!("{{B000000{i}-0000-0000-0000-000000000000}}");
        let guid = g.guid.clone().unwrap_or_default();
        let name = g.name.clone().unwrap_or_default();
        if i != 1 {
            entries.push((format!(r"{top}{id}\bkupInfo.xml"), bkup_info(&guid, &name)));
        }
        if i != 2 {
            entries.push((format!(r"{top}{id}\Backup.xml"), backup_xml(&guid, &name)));
        }
        entries.push((
            format!(r"{top}{id}\DomainSysvol\GPO\Machine\registry.pol"),
            g.registry_pol,
        ));
        entries.push((format!(r"{top}{id}\gpreport.xml"), b"<GPO/>".to_vec()));
    }
    entries
}

fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in entries {
        // GPMC-made zips from Explorer use '/', some tools '\': both are read.
        writer
            .start_file(path.replace('\\', "/"), options)
            .unwrap_or_else(|e| panic!("{e}"));
        writer.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    writer
        .finish()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_inner()
}

fn labels(found: &inputs::Found) -> Vec<String> {
    found.gpos.iter().map(Gpo::label).collect()
}

#[test]
fn a_backup_zip_gives_the_gpos_in_archive_order_with_their_names() {
    let zip = zip_of(&backup_entries("GPO Backups/"));
    assert_eq!(inputs::kind_of(&zip), inputs::InputKind::Zip);
    let found = from_zip("backups.zip", &zip).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        labels(&found),
        [
            format!("Domain Baseline {GUID_A}"),
            format!("Site Policy {GUID_B}"),
            format!("Lockdown OU {GUID_C}"),
        ]
    );
    assert_eq!(
        found.gpos[0].origin,
        "GPO Backups/{B0000000-0000-0000-0000-000000000000}"
    );
    assert!(found.diagnostics.is_empty(), "{:?}", found.diagnostics);
    // The zip's GPOs merge exactly as the files do.
    let r = merged(&found.gpos);
    assert_eq!(r.policy, merged(&three_gpos_deleting()).policy);
}

#[test]
fn a_backup_folder_any_case_either_slash() {
    let entries: Vec<(String, Vec<u8>)> = backup_entries("")
        .into_iter()
        .map(|(p, b)| (p.to_uppercase().replace('\\', "/"), b))
        .collect();
    let found = from_folder("Backups", entries);
    assert_eq!(found.gpos.len(), 3);
    assert_eq!(found.gpos[1].name.as_deref(), Some("Site Policy"));
    assert_eq!(found.gpos[2].guid.as_deref(), Some(GUID_C));
}

#[test]
fn a_sysvol_folder_with_gpt_ini() {
    let gpos = two_gpos();
    let mut entries = Vec::new();
    for g in &gpos {
        let guid = g.guid.clone().unwrap_or_default();
        entries.push((
            format!(r"{guid}\GPT.INI"),
            format!(
                "[General]\r\nVersion=65537\r\ndisplayName={}\r\n",
                g.name.clone().unwrap_or_default()
            )
            .into_bytes(),
        ));
        entries.push((
            format!(r"{guid}\Machine\Registry.pol"),
            g.registry_pol.clone(),
        ));
        entries.push((format!(r"{guid}\User\Registry.pol"), pol::encode(&[])));
    }
    // A GPO without computer settings.
    entries.push((
        r"{11111111-2222-3333-4444-555555555555}\GPT.INI".to_string(),
        b"[General]\r\nVersion=0\r\n".to_vec(),
    ));
    let found = from_folder("Policies", entries);
    assert_eq!(
        labels(&found),
        [
            format!("Domain Baseline {GUID_A}"),
            format!("Servers OU {GUID_B}")
        ]
    );
    let notes: Vec<&str> = found
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[2]
        .contains("{11111111-2222-3333-4444-555555555555}: GPO without a computer Registry.pol"));
    let r = merged(&found.gpos);
    assert_eq!(r.policy, merged(&gpos).policy);
    // The GPO folder itself: the GUID comes from the folder's name.
    let single = from_folder(
        GUID_B,
        vec![(
            "MACHINE/registry.pol".to_string(),
            gpos[1].registry_pol.clone(),
        )],
    );
    assert_eq!(labels(&single), [GUID_B.to_string()]);
}

#[test]
fn inputs_without_a_gpo_say_what_was_expected() {
    let found = from_folder("Empty", vec![("readme.txt".into(), b"x".to_vec())]);
    assert!(found.gpos.is_empty());
    assert_eq!(found.diagnostics.len(), 1);
    assert!(found.diagnostics[0].is_error());
    assert!(found.diagnostics[0]
        .message
        .contains(r"DomainSysvol\GPO\Machine\registry.pol"));
    let err = from_zip("x.zip", b"PK\x03\x04 not really")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with("x.zip: not a readable zip archive"),
        "{err}"
    );
}

#[test]
fn bad_metadata_xml_is_a_diagnostic_not_a_failure() {
    let entries = vec![
        (
            "{X}/bkupInfo.xml".to_string(),
            b"<BackupInst><GPOGuid>".to_vec(),
        ),
        (
            "{X}/DomainSysvol/GPO/Machine/registry.pol".to_string(),
            pol::encode(&[]),
        ),
    ];
    let found = from_folder("b", entries);
    assert_eq!(found.gpos.len(), 1);
    assert_eq!(found.gpos[0].label(), "{X}");
    assert!(found.diagnostics[0]
        .message
        .contains("bkupInfo.xml is not readable XML"));
}

// ---- merging one file gives that file's policy ----

/// The firewall view of a single file read alone: its policy without the values outside the
/// firewall keys, and how many of those there are.
fn read_alone(bytes: &[u8]) -> (Policy, usize) {
    let imported =
        formats::read(Some(Format::RegistryPol), bytes).unwrap_or_else(|e| panic!("{e}"));
    let mut policy = imported.project.policy;
    let before = policy.unowned.len();
    policy.unowned.retain(|r| {
        r.key
            .to_ascii_lowercase()
            .starts_with(r"software\policies\microsoft\windowsfirewall")
    });
    let other = before - policy.unowned.len();
    (policy, other)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn merging_one_file_gives_that_files_policy(policy in arb_policy()) {
        let bytes = pol::write(&policy).bytes;
        let r = merged(&[Gpo::from_pol("one.pol", bytes.clone())]);
        let (alone, other) = read_alone(&bytes);
        prop_assert_eq!(&r.policy, &alone);
        prop_assert_eq!(r.other_values, other);
        // Every setting and item comes from the one GPO, overriding nobody.
        for p in &r.provenance {
            prop_assert_eq!(p.winner, 0);
            prop_assert!(p.overridden.is_empty());
        }
        // And exporting the merged policy gives the same file.
        prop_assert_eq!(pol::write(&r.policy).bytes, pol::write(&alone).bytes);
    }

    #[test]
    fn merging_a_file_twice_changes_nothing(policy in arb_policy()) {
        let bytes = pol::write(&policy).bytes;
        let once = merged(&[Gpo::from_pol("a.pol", bytes.clone())]);
        let twice = merged(&[Gpo::from_pol("a.pol", bytes.clone()), Gpo::from_pol("b.pol", bytes)]);
        prop_assert_eq!(&once.policy, &twice.policy);
    }
}
