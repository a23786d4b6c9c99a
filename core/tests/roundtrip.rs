//! Format-preserving round trips (issue 10): what the admin did not edit is written back byte
//! for byte, an edit changes only its own records.
//!
//! Fixtures in `tests/data/roundtrip/` (written by `make.py` there, independently of core's
//! writers): Registry.pol files in the styles of GPMC, LGPO.exe and PolicyPlus, an LGPO text
//! and a `.reg` file. Each mixes unrelated policies, list keys with `**delvals.`, partial ICMP
//! sets, mixed-case scopes (`LocalSubnet`), values written twice and REG_EXPAND_SZ,
//! REG_MULTI_SZ, REG_QWORD and REG_BINARY values.
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::golden::case_dir;
use fwpolicy_core::formats::{self, lgpo, pol, project, reg, Format, WriteOptions};
use fwpolicy_core::model::edit_args::{apply_all, EditArg};
use fwpolicy_core::registry::{Record, RegType};
use fwpolicy_core::*;
use proptest::prelude::*;

const POLS: [&str; 3] = ["gpmc.pol", "lgpo.pol", "policyplus.pol"];

fn fixture(name: &str) -> Vec<u8> {
    let path = case_dir("roundtrip").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn records(bytes: &[u8]) -> Vec<Record> {
    pol::decode(bytes)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|d| d.record)
        .collect()
}

fn read(bytes: &[u8]) -> Policy {
    pol::read(bytes).unwrap_or_else(|e| panic!("{e}")).policy
}

fn edited(policy: &Policy, edits: &[(&str, &[&str])]) -> Policy {
    let args: Vec<EditArg> = edits
        .iter()
        .map(|(flag, values)| EditArg {
            flag: flag.to_string(),
            values: values.iter().map(|v| v.to_string()).collect(),
        })
        .collect();
    apply_all(policy, &args).unwrap_or_else(|e| panic!("{e}"))
}

/// Asserts byte identity, naming the first differing byte.
fn same_bytes(what: &str, expected: &[u8], actual: &[u8]) {
    if expected != actual {
        let at = expected
            .iter()
            .zip(actual)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(actual.len()));
        panic!(
            "{what}: not byte-identical (first difference at byte {at}; {} vs {} bytes)",
            expected.len(),
            actual.len()
        );
    }
}

fn fw(rest: &str) -> String {
    format!(r"SOFTWARE\Policies\Microsoft\WindowsFirewall\{rest}")
}

/// `key` as the records spell it (new records adopt the file's spelling of their key).
fn spelt(records: &[Record], key: &str) -> String {
    records
        .iter()
        .find(|r| r.key.eq_ignore_ascii_case(key))
        .map(|r| r.key.clone())
        .unwrap_or_else(|| key.to_string())
}

fn key_is(r: &Record, key: &str) -> bool {
    r.key.eq_ignore_ascii_case(key)
}

/// The records an edit may touch are those `touched` selects; everything else must be the
/// same records in the same order, and the touched records after the edit must be exactly
/// `added`, at the position of the first touched record before (or right after `anchor`).
fn only_changed(
    before: &[Record],
    after: &[Record],
    touched: impl Fn(&Record) -> bool,
    added: &[Record],
) {
    let keep =
        |rs: &[Record]| -> Vec<Record> { rs.iter().filter(|r| !touched(r)).cloned().collect() };
    assert_eq!(keep(before), keep(after), "untouched records changed");
    let now: Vec<Record> = after.iter().filter(|r| touched(r)).cloned().collect();
    assert_eq!(now, added, "the edit's records");
    // In place: the records before the first touched one are the same before and after.
    if let (Some(a), Some(b)) = (
        before.iter().position(&touched),
        after.iter().position(&touched),
    ) {
        assert_eq!(before[..a], after[..b], "the edit's records moved");
    }
}

#[test]
fn unedited_registry_pol_is_byte_identical_through_convert_and_project() {
    for name in POLS {
        let bytes = fixture(name);
        let imported = formats::read(None, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let out = formats::write(
            Format::RegistryPol,
            &imported.project,
            &WriteOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        same_bytes(&format!("{name} → registry-pol"), &bytes, &out.bytes);
        // Again (idempotent).
        let again = formats::read(None, &out.bytes).unwrap_or_else(|e| panic!("{e}"));
        let out2 = formats::write(
            Format::RegistryPol,
            &again.project,
            &WriteOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        same_bytes(
            &format!("{name} → registry-pol → registry-pol"),
            &bytes,
            &out2.bytes,
        );
        // Through the project file: import, save, reopen, export.
        let json = project::to_json(&imported.project);
        assert!(
            json.contains("\"version\": 2"),
            "{name}: a project with source records is version 2"
        );
        let (reopened, _) = project::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            project::to_json(&reopened),
            json,
            "{name}: project file is canonical"
        );
        let out3 = formats::write(Format::RegistryPol, &reopened, &WriteOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        same_bytes(
            &format!("{name} → project → registry-pol"),
            &bytes,
            &out3.bytes,
        );
    }
}

#[test]
fn registry_pol_through_lgpo_text_keeps_every_record_in_order() {
    for name in POLS {
        let bytes = fixture(name);
        let policy = read(&bytes);
        // A Registry.pol exported as LGPO text and compiled back (LGPO /r … /w) has the same
        // records in the same order; only the data of delete markers, which LGPO text does not
        // carry (`DELETE`, `DELETEALLVALUES`), is GPMC's.
        let text = match lgpo::write(&policy) {
            Ok(out) => out.text,
            // PolicyPlus's string without a terminating NUL cannot be LGPO text: refused, not
            // altered.
            Err(e) if name == "policyplus.pol" => {
                assert!(e.to_string().contains("Proxy"), "{e}");
                continue;
            }
            Err(e) => panic!("{name}: {e}"),
        };
        let back = lgpo::read(&text)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .policy;
        let shape = |rs: &[Record]| -> Vec<Record> {
            rs.iter()
                .map(|r| {
                    let mut r = r.clone();
                    if r.value.starts_with("**del") {
                        r.data.clear();
                    }
                    r
                })
                .collect()
        };
        assert_eq!(
            shape(&records(&pol::write(&back).bytes)),
            shape(&records(&bytes)),
            "{name}"
        );
    }
}

#[test]
fn lgpo_text_and_reg_inputs_export_the_same_records_in_the_same_order() {
    let text = String::from_utf8(fixture("lgpo.txt")).unwrap_or_default();
    let first = lgpo::read(&text).unwrap_or_else(|e| panic!("{e}")).policy;
    let written = lgpo::write(&first).unwrap_or_else(|e| panic!("{e}")).text;
    let second = lgpo::read(&written)
        .unwrap_or_else(|e| panic!("{e}"))
        .policy;
    assert_eq!(second.source.records(), first.source.records());
    assert_eq!(first.source.records().len(), 17);
    let key = fw(r"DomainProfile\GloballyOpenPorts\List");
    assert!(written.contains(&format!(
        "{key}\r\n445:TCP:LocalSubnet:enabled:SMB\r\nSZ:445:TCP:LocalSubnet:enabled:SMB"
    )));
    // Written once more: the same text (idempotent).
    same_bytes(
        "lgpo.txt → lgpo → lgpo",
        written.as_bytes(),
        lgpo::write(&second)
            .unwrap_or_else(|e| panic!("{e}"))
            .text
            .as_bytes(),
    );

    let text = reg::decode_reg_bytes(&fixture("policy.reg")).unwrap_or_else(|e| panic!("{e}"));
    let first = reg::read(&text).unwrap_or_else(|e| panic!("{e}")).policy;
    let written = reg::write(&first).text;
    let second = reg::read(&written).unwrap_or_else(|e| panic!("{e}")).policy;
    assert_eq!(second.source.records(), first.source.records());
    assert_eq!(first.source.records().len(), 14);
    // The StandardProfile key appears in two blocks, as in the input.
    assert_eq!(
        written.matches(r"WindowsFirewall\StandardProfile]").count(),
        2
    );
    same_bytes(
        "policy.reg → reg → reg",
        written.as_bytes(),
        reg::write(&second).text.as_bytes(),
    );
}

#[test]
fn imported_spelling_partial_icmp_and_duplicates_are_read_as_windows_applies_them() {
    let p = read(&fixture("gpmc.pol"));
    // The last EnableFirewall record (0) wins.
    assert_eq!(p.domain.protect_all.state, State::Disabled);
    assert_eq!(p.domain.icmp.state, State::Enabled);
    assert!(p.domain.icmp.options.get(IcmpOption::InboundEchoRequest));
    let read = pol::read(&fixture("gpmc.pol")).unwrap_or_else(|e| panic!("{e}"));
    let dup = read
        .diagnostics
        .iter()
        .find(|d| d.code == Code::Duplicate)
        .unwrap_or_else(|| panic!("no duplicate finding: {:?}", read.diagnostics));
    assert!(
        dup.message
            .starts_with("EnableFirewall is written twice (byte "),
        "{}",
        dup.message
    );
    assert!(dup.message.contains("the last one"), "{}", dup.message);
    assert_eq!(
        dup.path.as_deref(),
        Some("Domain Profile › Protect all network connections")
    );
    // No duplicate record is left as a verbatim value of its own.
    assert!(!p.unowned.iter().any(|r| r.value == "EnableFirewall"));
}

#[test]
fn a_setting_edit_rewrites_only_that_settings_records() {
    for name in POLS {
        let bytes = fixture(name);
        let before = records(&bytes);
        let p = edited(
            &read(&bytes),
            &[("set", &["domain.protectAllConnections=enabled"])],
        );
        let after = records(&pol::write(&p).bytes);
        let key = spelt(&before, &fw("DomainProfile"));
        only_changed(
            &before,
            &after,
            |r| key_is(r, &key) && r.value.eq_ignore_ascii_case("EnableFirewall"),
            &[Record::dword(&key, "EnableFirewall", 1)],
        );
        let again = read(&pol::write(&p).bytes);
        assert_eq!(again.domain.protect_all.state, State::Enabled, "{name}");
        same_bytes(
            &format!("{name} edited → again"),
            &pol::write(&p).bytes,
            &pol::write(&again).bytes,
        );
    }
}

#[test]
fn the_gpmc_duplicate_becomes_one_record_where_the_first_was() {
    let bytes = fixture("gpmc.pol");
    let before = records(&bytes);
    let p = edited(
        &read(&bytes),
        &[("set", &["domain.protectAllConnections=enabled"])],
    );
    let after = records(&pol::write(&p).bytes);
    assert_eq!(after.len(), before.len() - 1);
    assert_eq!(
        after[3],
        Record::dword(&fw("DomainProfile"), "EnableFirewall", 1)
    );
}

#[test]
fn a_new_setting_goes_next_to_its_keys_other_records() {
    let bytes = fixture("gpmc.pol");
    let before = records(&bytes);
    let p = edited(
        &read(&bytes),
        &[("set", &["domain.prohibitUnicastResponse=enabled"])],
    );
    let after = records(&pol::write(&p).bytes);
    let key = fw("DomainProfile");
    let new = Record::dword(&key, "DisableUnicastResponsesToMulticastBroadcast", 1);
    let at = after.iter().position(|r| *r == new).unwrap_or(usize::MAX);
    // After the last record with the same key (the second EnableFirewall).
    let last_of_key = before
        .iter()
        .rposition(|r| key_is(r, &key))
        .unwrap_or(usize::MAX);
    assert_eq!(at, last_of_key + 1);
    only_changed(&before, &after, |r| *r == new, std::slice::from_ref(&new));
}

#[test]
fn list_add_remove_and_change_touch_only_their_items() {
    // (fixture, profile, list key, existing item as stored, its port or path)
    let cases = [
        (
            "gpmc.pol",
            "domain",
            r"DomainProfile\GloballyOpenPorts\List",
            "445:TCP:LocalSubnet:enabled:SMB",
            "445/TCP",
        ),
        (
            "lgpo.pol",
            "standard",
            r"StandardProfile\GloballyOpenPorts\List",
            "3389:TCP:LocalSubnet:enabled:Remote Desktop",
            "3389/TCP",
        ),
        (
            "policyplus.pol",
            "domain",
            r"domainprofile\globallyopenports\list",
            "135:TCP:LocalSubnet:enabled:RPC",
            "135/TCP",
        ),
    ];
    for (name, profile, list, existing, port) in cases {
        let bytes = fixture(name);
        let before = records(&bytes);
        let p = read(&bytes);
        let list_key = spelt(&before, &fw(list));
        let canonical_key = list_key.clone();

        // Add: one new record, right after the list's last item.
        let def = "8443:TCP:localsubnet:enabled:Admin";
        let added = edited(
            &p,
            &[("add-port", &[profile, "8443:TCP:LocalSubnet:enabled:Admin"])],
        );
        let after = records(&pol::write(&added).bytes);
        let new = Record::sz(&canonical_key, def, def);
        only_changed(&before, &after, |r| *r == new, std::slice::from_ref(&new));
        let last_item = before
            .iter()
            .rposition(|r| key_is(r, &list_key) && !r.value.starts_with("**"))
            .unwrap_or(usize::MAX);
        assert_eq!(
            after.iter().position(|r| *r == new),
            Some(last_item + 1),
            "{name}: add position"
        );

        // Remove: only that item's record goes.
        let removed = edited(&p, &[("remove-port", &[profile, port])]);
        let after = records(&pol::write(&removed).bytes);
        only_changed(
            &before,
            &after,
            |r| key_is(r, &list_key) && r.value == existing,
            &[],
        );

        // Change (status): the item's record is replaced in place, in canonical spelling.
        let changed = edited(&p, &[("disable-port", &[profile, port])]);
        let after = records(&pol::write(&changed).bytes);
        let def = existing
            .replace("LocalSubnet", "localsubnet")
            .replace(":enabled:", ":disabled:");
        let new = Record::sz(&canonical_key, &def, &def);
        let at = before
            .iter()
            .position(|r| r.value == existing)
            .unwrap_or(usize::MAX);
        assert_eq!(after[at], new, "{name}: changed in place");
        only_changed(
            &before,
            &after,
            |r| (key_is(r, &list_key) && r.value == existing) || *r == new,
            std::slice::from_ref(&new),
        );
        for q in [&added, &removed, &changed] {
            let out = pol::write(q).bytes;
            same_bytes(
                &format!("{name} list edit → again"),
                &out,
                &pol::write(&read(&out)).bytes,
            );
        }
    }
}

#[test]
fn interface_and_global_edits_touch_only_their_records() {
    for name in POLS {
        let bytes = fixture(name);
        let before = records(&bytes);
        let p = read(&bytes);
        // Interface exclusions are not carried by Registry.pol: nothing changes.
        let q = edited(
            &p,
            &[("add-interface", &["domain", "Local Area Connection 2"])],
        );
        let out = pol::write(&q);
        same_bytes(&format!("{name} + interface exclusion"), &bytes, &out.bytes);
        assert!(out
            .diagnostics
            .iter()
            .any(|d| d.code == Code::NotExportable));

        // Global: the refresh interval's two values are rewritten in place.
        let q = edited(&p, &[("set-refresh", &["120,15"])]);
        let after = records(&pol::write(&q).bytes);
        let key = &spelt(&before, r"Software\Policies\Microsoft\Windows\System");
        only_changed(
            &before,
            &after,
            |r| key_is(r, key),
            &[
                Record::dword(key, "GroupPolicyRefreshTime", 120),
                Record::dword(key, "GroupPolicyRefreshTimeOffset", 15),
            ],
        );
    }
}

#[test]
fn untouched_items_keep_their_spelling_after_other_edits() {
    let bytes = fixture("gpmc.pol");
    let p = edited(
        &read(&bytes),
        &[
            ("set", &["standard.protectAllConnections=disabled"]),
            ("add-program", &["domain", r"C:\New\new.exe:*:enabled:New"]),
        ],
    );
    let after = records(&pol::write(&p).bytes);
    assert!(after
        .iter()
        .any(|r| r.value == r"%ProgramFiles%\Contoso\agent.exe:LocalSubnet:Enabled:Contoso Agent"));
    assert!(after
        .iter()
        .any(|r| r.value == "161:udp:10.0.0.0/255.0.0.0:enabled:SNMP"));
    assert!(after
        .iter()
        .any(|r| r.key == fw(r"DomainProfile\Services\RemoteDesktop")
            && r.as_string().as_deref() == Some("LocalSubnet")));
    // The partial ICMP set stays partial.
    assert_eq!(
        after
            .iter()
            .filter(|r| r.key.ends_with("IcmpSettings"))
            .count(),
        2
    );
    // Other policies' values keep their types and bytes.
    for kind in [
        RegType::EXPAND_SZ,
        RegType::MULTI_SZ,
        RegType::QWORD,
        RegType::BINARY,
    ] {
        let b: Vec<_> = records(&bytes)
            .into_iter()
            .filter(|r| r.kind == kind)
            .collect();
        let a: Vec<_> = after.iter().filter(|r| r.kind == kind).cloned().collect();
        assert!(!b.is_empty());
        assert_eq!(a, b);
    }
}

#[test]
fn other_exports_show_the_effective_policy() {
    // The duplicate's last record wins in the scripts too.
    let p = read(&fixture("gpmc.pol"));
    let project = formats::project::Project::new(p);
    let ps = formats::write(Format::NetshAdvfirewall, &project, &WriteOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(ps.bytes).unwrap_or_default();
    assert!(text.contains("domainprofile state off"), "{text}");
}

/// A record list whose firewall values core reads (and some it keeps verbatim).
fn arb_records() -> impl Strategy<Value = Vec<Record>> {
    let key = prop_oneof![
        Just(fw("DomainProfile")),
        Just(fw("StandardProfile")),
        Just(fw(r"DomainProfile\GloballyOpenPorts")),
        Just(fw(r"DomainProfile\GloballyOpenPorts\List")),
        Just(fw(r"StandardProfile\AuthorizedApplications")),
        Just(fw(r"StandardProfile\AuthorizedApplications\List")),
        Just(fw(r"DomainProfile\IcmpSettings")),
        Just(fw(r"DomainProfile\Services\RemoteDesktop")),
        Just(fw(r"StandardProfile\Logging")),
        Just(r"Software\Policies\Microsoft\Windows\System".to_string()),
        Just(r"Software\Policies\Contoso".to_string()),
    ];
    let value = prop_oneof![
        Just("EnableFirewall".to_string()),
        Just("DoNotAllowExceptions".to_string()),
        Just("Enabled".to_string()),
        Just("RemoteAddresses".to_string()),
        Just("**del.RemoteAddresses".to_string()),
        Just("**delvals.".to_string()),
        Just("AllowInboundEchoRequest".to_string()),
        Just("LogFileSize".to_string()),
        Just("GroupPolicyRefreshTime".to_string()),
        Just("80:TCP:*:enabled:Web".to_string()),
        Just("445:tcp:LocalSubnet:Enabled:SMB".to_string()),
        Just(r"C:\a.exe:LocalSubnet:enabled:A".to_string()),
        "[A-Za-z]{1,8}",
    ];
    let data = prop_oneof![
        (0u32..3).prop_map(|n| (RegType::DWORD, n.to_le_bytes().to_vec())),
        Just((RegType::SZ, Vec::new())),
        prop_oneof![Just("LocalSubnet"), Just("*"), Just("0"), Just(" ")]
            .prop_map(|t| (RegType::SZ, registry::utf16z(t))),
        proptest::collection::vec(any::<u8>(), 0..6).prop_map(|b| (RegType::BINARY, b)),
    ];
    proptest::collection::vec((key, value, data), 0..40).prop_map(|v| {
        v.into_iter()
            .map(|(key, value, (kind, data))| {
                // List items hold their definition as data.
                if key.ends_with("List") && !value.starts_with("**") {
                    return Record::sz(&key, &value, &value);
                }
                Record {
                    key,
                    value,
                    kind,
                    data,
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_record_lists_are_written_back_byte_identical(recs in arb_records()) {
        let bytes = pol::encode(&recs);
        let out = pol::write(&read(&bytes)).bytes;
        prop_assert_eq!(&out, &bytes);
    }

    #[test]
    fn edited_random_lists_are_idempotent(recs in arb_records(), on in any::<bool>()) {
        let state = if on { "enabled" } else { "disabled" };
        let p = edited(&read(&pol::encode(&recs)), &[("set", &[&format!("domain.protectAllConnections={state}")])]);
        let out = pol::write(&p).bytes;
        let again = read(&out);
        // (A malformed EnableFirewall kept verbatim is now shadowed by the edit's record, which
        // comes after it: the policy read back may have one verbatim value fewer.)
        prop_assert_eq!(again.domain.protect_all.state, p.domain.protect_all.state);
        prop_assert_eq!(pol::write(&again).bytes, out);
    }
}

/// Every fixture unedited through every registry format, and a deterministic run of the
/// property above; prints the figure `cargo xtask test` shows (also written to
/// `tests/test-results/round-trip.txt`).
#[test]
fn summary() {
    let mut n = 0;
    for name in POLS {
        let bytes = fixture(name);
        let p = read(&bytes);
        same_bytes(name, &bytes, &pol::write(&p).bytes);
        let json = project::to_json(&project::Project::new(p));
        let (q, _) = project::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
        same_bytes(
            &format!("{name} via project"),
            &bytes,
            &pol::write(&q.policy).bytes,
        );
        n += 2;
    }
    for name in ["lgpo.txt", "policy.reg"] {
        let bytes = fixture(name);
        let imported = formats::read(None, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let format = formats::detect(&bytes).unwrap_or(Format::Json);
        let out = formats::write(format, &imported.project, &WriteOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let again = formats::read(None, &out.bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            again.project.policy.source.records(),
            imported.project.policy.source.records(),
            "{name}: same records in the same order"
        );
        n += 1;
    }
    let props = AtomicUsize::new(0);
    let mut runner = proptest::test_runner::TestRunner::new_with_rng(
        ProptestConfig::with_cases(256),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    runner
        .run(&arb_records(), |recs| {
            let bytes = pol::encode(&recs);
            prop_assert_eq!(pol::write(&read(&bytes)).bytes, bytes);
            props.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let total = n + props.load(Ordering::Relaxed);
    let line = format!("round-trip: {total} cases, all byte-identical");
    println!("{line}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/test-results");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("round-trip.txt"), format!("{line}\n"));
    }
}

// See: issue 10
#[test]
fn lint_suggests_the_canonical_form_of_imported_spellings_without_rewriting_them() {
    let p = read(&fixture("gpmc.pol"));
    let found = |p: &Policy| -> Vec<String> {
        fwpolicy_core::analysis::lint::check(p)
            .into_iter()
            .filter(|d| d.code == Code::LintNotCanonical)
            .map(|d| format!("{} | {}", d.path.unwrap_or_default(), d.message))
            .collect()
    };
    let before = found(&p);
    assert_eq!(before.len(), 4, "{before:#?}");
    assert!(before[0].starts_with(
        r"Domain Profile › Define program exceptions › %ProgramFiles%\Contoso\agent.exe:localsubnet:enabled:Contoso Agent | This item is written "
    ), "{}", before[0]);
    assert!(
        before.iter().any(|f| f.starts_with(
            "Domain Profile › Allow Remote Desktop exception | The scope is written “LocalSubnet”"
        )),
        "{before:#?}"
    );
    // Once the admin edits the item, it is written canonically and the suggestion goes.
    let q = edited(&p, &[("disable-port", &["domain", "445/TCP"])]);
    let after = found(&q);
    assert_eq!(after.len(), 3, "{after:#?}");
    assert!(!after.iter().any(|f| f.contains("445")));
    // A policy without a source has nothing to suggest.
    assert!(found(&p.without_source()).is_empty());
}
