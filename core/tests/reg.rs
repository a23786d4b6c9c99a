//! .reg export: golden files (UTF-16LE bytes), value syntax, control codes, the tattooing
//! notice, reading regedit exports back, and `read(write(p)) == p` (values grouped by key).
mod common;

use common::golden::check;
use common::regcases::*;
use common::*;
use fwpolicy_core::formats::reg::{self, RegError};
use fwpolicy_core::registry::{Record, RegType};
use fwpolicy_core::*;
use proptest::prelude::*;

fn read(text: &str) -> fwpolicy_core::registry::Read {
    reg::read(text).unwrap_or_else(|e| panic!("{e}"))
}

fn read_err(text: &str) -> String {
    match reg::read(text) {
        Ok(r) => panic!("expected an error, read {:?}", r.policy),
        Err(e) => e.to_string(),
    }
}

/// Unowned values regrouped by key (exact spelling, first appearance), as a .reg file stores
/// them.
fn grouped(records: &[Record]) -> Vec<Record> {
    let mut keys: Vec<&str> = Vec::new();
    for r in records {
        if !keys.contains(&r.key.as_str()) {
            keys.push(&r.key);
        }
    }
    keys.iter()
        .flat_map(|k| records.iter().filter(move |r| r.key == *k))
        .cloned()
        .collect()
}

fn gpmc_import() -> Policy {
    cases()
        .into_iter()
        .find(|(c, _)| *c == "gpmc-import")
        .map(|(_, p)| p)
        .expect("the gpmc-import case")
}

#[test]
fn golden_files() {
    for (case, policy) in cases() {
        check(
            case,
            "policy.reg",
            &reg::encode_utf16le(&reg::write(&policy).text),
        );
    }
}

#[test]
fn file_is_utf16le_with_bom_and_crlf() {
    let bytes = reg::encode_utf16le(&reg::write(&single_port()).text);
    let header: Vec<u8> = "Windows Registry Editor Version 5.00\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(&bytes[..2], &[0xFF, 0xFE]);
    assert_eq!(&bytes[2..2 + header.len()], &header[..]);
    let text = reg::decode_reg_bytes(&bytes).unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'));
    assert!(text.ends_with("\r\n\r\n"));
}

#[test]
fn notice_warns_about_tattooing_and_points_to_registry_pol() {
    let text = reg::write(&Policy::default()).text;
    assert!(text.starts_with("Windows Registry Editor Version 5.00\r\n\r\n; "));
    assert!(text.contains("Group Policy keys (SOFTWARE\\Policies)"));
    assert!(text.contains("tattooing"));
    assert!(text.contains("Prefer a GPO"));
    assert!(text.contains("(Registry.pol) or LGPO.exe text"));
    assert!(!text.contains('['), "no keys for an empty policy");
}

#[test]
fn kitchen_sink_values() {
    let out = reg::write(&kitchen_sink());
    let t = &out.text;
    let domain =
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile]\r\n";
    assert_eq!(t.matches(domain).count(), 1, "one block per key");
    // EnableFirewall, DoNotAllowExceptions and DisableNotifications share the block.
    assert!(t.contains(&format!(
        "{domain}\"EnableFirewall\"=dword:00000001\r\n\"DoNotAllowExceptions\"=dword:00000000\r\n\"DisableNotifications\"=dword:00000001\r\n\r\n"
    )));
    assert!(t.contains(
        "\"C:\\\\Program Files\\\\Contoso\\\\Agent 100% & More\\\\agent.exe:10.0.0.1,10.0.0.2,localsubnet,10.3.4.0/24:disabled:Contoso Agent (100% & <more>)\"=\"C:\\\\Program Files\\\\Contoso"
    ));
    assert!(t.contains(
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile\\Services\\UPnPFramework]\r\n\"Enabled\"=dword:00000000\r\n\"RemoteAddresses\"=-\r\n"
    ));
    assert!(t.contains("\"LogFileSize\"=dword:00001000\r\n"));
    assert!(t.contains(
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile\\Logging]\r\n\"LogDroppedPackets\"=\"0\"\r\n\"LogSuccessfulConnections\"=\"0\"\r\n\"LogFilePath\"=-\r\n\"LogFileSize\"=-\r\n"
    ));
    assert!(t.contains("\"WUServer\"=\"http://wsus.contoso.local:8530\"\r\n"));
    let not_exportable: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NotExportable)
        .collect();
    assert_eq!(not_exportable.len(), 1, "{:?}", out.diagnostics);
    assert!(not_exportable[0].message.contains("interface exclusions"));
}

#[test]
fn other_types_are_hex_and_control_codes_are_comments() {
    let out = reg::write(&gpmc_import());
    let t = &out.text;
    assert!(t.contains(&format!("[HKEY_LOCAL_MACHINE\\{WU}]\r\n\"WUServer\"=\"http://wsus.contoso.local:8530\"\r\n\"TargetGroup\"=-\r\n")));
    assert!(t.contains(&format!(
        "[HKEY_LOCAL_MACHINE\\{DENY}]\r\n; **delvals. (REG_SZ) not written: deleting every value of a key has no .reg equivalent"
    )));
    assert!(t.contains("\"1\"=\"USB\\\\VID_0781&PID_5567\"\r\n"));
    assert!(t.contains("\"File\"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\\\r\n  00,25,00,5c,00,"));
    assert!(t.contains(
        "\"Servers\"=hex(7):77,00,73,00,75,00,73,00,31,00,2e,00,63,00,6f,00,6e,00,74,00,\\\r\n"
    ));
    assert!(t.contains("\"Blob\"=hex:00,25,4a,6f,"));
    assert!(t.contains("\"Quota\"=hex(b):00,f2,05,2a,01,00,00,00\r\n"));
    assert!(t.contains("; **SecureKey (REG_DWORD) not written: this Registry.pol control code has no .reg equivalent\r\n"));
    assert!(
        !t.lines().any(|l| l.starts_with("[-")),
        "never deletes a key"
    );
    let warnings: Vec<&str> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NotExportable)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("“**delvals.” is not written"));
    assert!(warnings[1].starts_with("“**SecureKey” is not written"));
}

#[test]
fn strings_that_cannot_be_quoted_are_hex1() {
    let p = Policy {
        unowned: vec![
            Record::sz(r"Software\Policies\X", "Motd", "a\r\nb"),
            Record {
                key: r"Software\Policies\X".into(),
                value: "Raw".into(),
                kind: RegType::SZ,
                data: vec![0x41, 0x00],
            },
            Record::sz(r"Software\Policies\X", "", "default"),
            Record::sz(r"Software\Policies\X", "**DeleteValues", "A;B;"),
        ],
        ..Policy::default()
    };
    let t = reg::write(&p).text;
    assert!(t.contains("\"Motd\"=hex(1):61,00,0d,00,0a,00,62,00,00,00\r\n"));
    assert!(t.contains("\"Raw\"=hex(1):41,00\r\n"));
    assert!(t.contains("@=\"default\"\r\n"));
    assert!(t.contains("\"A\"=-\r\n\"B\"=-\r\n"));
    let back = read(&t).policy.unowned;
    assert_eq!(&back[..3], &p.unowned[..3]);
    assert_eq!(
        &back[3..],
        &[
            Record::delete(r"Software\Policies\X", "A"),
            Record::delete(r"Software\Policies\X", "B")
        ]
    );
}

#[test]
fn golden_cases_read_back() {
    for (case, policy) in cases() {
        let mut expected = policy.normalized_for_registry();
        // Comments carry no values: the two control codes of the GPMC file stay behind.
        expected
            .unowned
            .retain(|r| r.value != "**delvals." && r.value != "**SecureKey");
        expected.unowned = grouped(&expected.unowned);
        let back = read(&reg::write(&policy).text);
        assert_eq!(back.policy, expected, "{case}");
        assert!(back.diagnostics.iter().all(|d| !d.is_error()), "{case}");
    }
}

#[test]
fn reads_a_regedit_export() {
    let text = "\u{feff}Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile]\n\"EnableFirewall\"=dword:00000001\n\"DoNotAllowExceptions\"=dword:0\n\n[hkey_local_machine\\Software\\Policies\\Contoso]\n@=\"default \\\"quoted\\\"\"\n\"Path\"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,\\\n  25,00,00,00\n\"Old\"=-\n\"Bin\"=hex:\n";
    let r = read(text);
    assert_eq!(r.policy.standard.protect_all.state, State::Enabled);
    assert_eq!(
        r.policy.standard.do_not_allow_exceptions.state,
        State::Disabled
    );
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    assert_eq!(
        r.policy.unowned,
        vec![
            Record::sz(r"Software\Policies\Contoso", "", "default \"quoted\""),
            Record {
                key: r"Software\Policies\Contoso".into(),
                value: "Path".into(),
                kind: RegType::EXPAND_SZ,
                data: utf16("%SystemRoot%\0"),
            },
            Record::delete(r"Software\Policies\Contoso", "Old"),
            Record {
                key: r"Software\Policies\Contoso".into(),
                value: "Bin".into(),
                kind: RegType::BINARY,
                data: Vec::new(),
            },
        ]
    );
    // The mapping's notes point at the line of the value.
    let note = r
        .diagnostics
        .iter()
        .find(|d| d.code == Code::Unowned)
        .map(|d| d.line);
    assert_eq!(note, Some(Some(8)));
}

#[test]
fn regedit4_is_accepted_with_a_warning() {
    let r = read(
        "REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\Policies\\X]\r\n\"a\"=dword:00000002\r\n",
    );
    assert_eq!(
        r.policy.unowned,
        vec![Record::dword(r"Software\Policies\X", "a", 2)]
    );
    assert_eq!(r.diagnostics[0].code, Code::Version);
    assert_eq!(r.diagnostics[0].line, Some(1));
}

#[test]
fn errors_name_the_line() {
    assert_eq!(
        read_err("Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\Policies\\X]\n\"a\"=dword:00000001\n"),
        "line 3: [HKEY_CURRENT_USER\\Software\\Policies\\X] is not under HKEY_LOCAL_MACHINE; only HKEY_LOCAL_MACHINE keys can be part of a computer policy"
    );
    assert_eq!(
        read_err("Windows Registry Editor Version 5.00\n[-HKEY_LOCAL_MACHINE\\Software\\X]\n"),
        "line 2: [-HKEY_LOCAL_MACHINE\\Software\\X] deletes a key with all its subkeys, which a policy cannot express; delete the values instead (\"name\"=-)"
    );
    assert_eq!(
        read_err("Windows Registry Editor Version 5.00\n\"a\"=dword:00000001\n"),
        "line 2: a value line before the first [key] line"
    );
    assert_eq!(
        read_err("REGEDIT5\n"),
        "line 1: expected the header “Windows Registry Editor Version 5.00” (or REGEDIT4), found “REGEDIT5”"
    );
    assert_eq!(
        read_err(""),
        "line 1: the file is empty; expected the header “Windows Registry Editor Version 5.00”"
    );
    let v = "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\X]\n";
    assert_eq!(
        read_err(&format!("{v}\"a\"=dword:1000000000\n")),
        "line 3: dword:1000000000 is not a DWORD (up to 8 hex digits, e.g. dword:00000001)"
    );
    assert_eq!(
        read_err(&format!("{v}\"a\"=hex:0g\n")),
        "line 3: “0g” is not a hex byte (two hex digits)"
    );
    assert_eq!(
        read_err(&format!("{v}\"a\"=\"open\n")),
        "line 3: the string value has no closing quote, or text follows it"
    );
    assert_eq!(
        read_err(&format!("{v}\"a\"=word:1\n")),
        "line 3: unrecognised value data “word:1”; expected \"text\", dword:, hex:, hex(N): or -"
    );
    assert_eq!(
        read_err(&format!("{v}a=1\n")),
        "line 3: expected a value line (\"name\"=... or @=...), a [key] line or a ; comment"
    );
    assert!(matches!(
        reg::read(&format!("{v}\"a\"\n")),
        Err(RegError::Syntax { line: 3, .. })
    ));
}

#[test]
fn decodes_the_encodings_regedit_and_editors_write() {
    let text = "Windows Registry Editor Version 5.00\r\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let ok = |b: Vec<u8>| reg::decode_reg_bytes(&b);
    assert_eq!(
        ok([vec![0xFF, 0xFE], le.clone()].concat()).as_deref(),
        Ok(text)
    );
    assert_eq!(ok([vec![0xFE, 0xFF], be].concat()).as_deref(), Ok(text));
    assert_eq!(ok(le.clone()).as_deref(), Ok(text));
    assert_eq!(
        ok([vec![0xEF, 0xBB, 0xBF], text.as_bytes().to_vec()].concat()).as_deref(),
        Ok(text)
    );
    assert_eq!(ok(text.as_bytes().to_vec()).as_deref(), Ok(text));
    assert_eq!(
        ok(vec![0xFF, 0xFE, 0x41]).map_err(|e| e.to_string()),
        Err("the file looks like UTF-16 but has an odd number of bytes; it is cut short".into())
    );
    assert_eq!(
        ok(b"REGEDIT4\r\n\"a\"=\"caf\xe9\"".to_vec()).map_err(|e| e.to_string()),
        Err("the file is neither UTF-16 nor UTF-8 (invalid byte at 18); save it from regedit or as Unicode".into())
    );
    // The written file decodes back to the written text.
    let out = reg::write(&kitchen_sink()).text;
    assert_eq!(
        reg::decode_reg_bytes(&reg::encode_utf16le(&out)).as_deref(),
        Ok(out.as_str())
    );
}

proptest! {
    #[test]
    fn read_write_round_trips(p in arb_policy()) {
        let out = reg::write(&p);
        prop_assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let bytes = reg::encode_utf16le(&out.text);
        let text = reg::decode_reg_bytes(&bytes);
        prop_assert_eq!(text.as_deref(), Ok(out.text.as_str()));
        let back = reg::read(&out.text).unwrap();
        prop_assert!(back.diagnostics.iter().all(|d| !d.is_error()));
        let mut expected = p.clone();
        expected.unowned = grouped(&p.unowned);
        prop_assert_eq!(back.policy, expected);
    }

    #[test]
    fn any_value_survives(name in "[ -~]{0,12}", data in proptest::collection::vec(any::<u8>(), 0..60), kind in 0u32..16) {
        prop_assume!(!name.starts_with("**"));
        let r = Record { key: r"Software\Policies\P".into(), value: name, kind: RegType(kind), data };
        prop_assume!(!(r.value.is_empty() && r.kind == RegType::NONE && r.data.is_empty()));
        let p = Policy { unowned: vec![r], ..Policy::default() };
        let back = reg::read(&reg::write(&p).text);
        prop_assert_eq!(back.map(|b| b.policy.unowned), Ok(p.unowned));
    }

    #[test]
    fn reader_never_panics(text in "(Windows Registry Editor Version 5.00|\\[HKEY_LOCAL_MACHINE\\\\[a-z]{0,3}\\]?|\"[a-z\\\\\"]{0,4}\"?|=|-|@|dword:[0-9a-f]{0,9}|hex(\\([0-9a-z]{0,2}\\))?:[0-9a-f, ]{0,8}|\\\\|\r|\n|\\PC{0,4}){0,20}") {
        let _ = reg::read(&text);
    }

    #[test]
    fn decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(text) = reg::decode_reg_bytes(&bytes) {
            let _ = reg::read(&text);
        }
    }
}
