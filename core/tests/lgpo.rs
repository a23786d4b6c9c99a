//! LGPO text: golden files, record layout, delete actions, errors that name the value or the
//! line, and `read(write(p)) == p`.
mod common;

use common::golden::check;
use common::regcases::*;
use common::*;
use fwpolicy_core::formats::lgpo::{self, LgpoError};
use fwpolicy_core::formats::reg;
use fwpolicy_core::registry::{Record, RegType};
use fwpolicy_core::*;
use proptest::prelude::*;

fn write(p: &Policy) -> lgpo::LgpoOutput {
    lgpo::write(p).unwrap_or_else(|e| panic!("{e}"))
}

fn read(text: &str) -> fwpolicy_core::registry::Read {
    lgpo::read(text).unwrap_or_else(|e| panic!("{e}"))
}

fn read_err(text: &str) -> String {
    match lgpo::read(text) {
        Ok(r) => panic!("expected an error, read {:?}", r.policy),
        Err(e) => e.to_string(),
    }
}

fn with_unowned(records: Vec<Record>) -> Policy {
    Policy {
        unowned: records,
        ..Policy::default()
    }
}

fn write_err(record: Record) -> String {
    match lgpo::write(&with_unowned(vec![record])) {
        Ok(out) => panic!("expected an error, wrote {}", out.text),
        Err(e) => e.to_string(),
    }
}

#[test]
fn golden_files() {
    for (case, policy) in cases() {
        check(case, "lgpo.txt", write(&policy).text.as_bytes());
    }
}

#[test]
fn golden_cases_read_back() {
    for (case, policy) in cases() {
        let back = read(&write(&policy).text);
        assert_eq!(back.policy, policy.normalized_for_registry(), "{case}");
        assert!(back.diagnostics.iter().all(|d| !d.is_error()), "{case}");
    }
}

#[test]
fn header_explains_how_to_apply_and_what_is_unconfirmed() {
    let text = write(&Policy::default()).text;
    assert!(text.starts_with("; LGPO.exe text"));
    assert!(text.contains("LGPO.exe /t lgpo.txt\r\n"));
    assert!(text.contains("LGPO.exe /r lgpo.txt /w Registry.pol\r\n"));
    assert!(text.contains("UNCONFIRMED"));
    assert!(text.contains("MULTISZ items are separated by the two characters \\0;"));
    assert!(text.lines().all(|l| l.is_empty() || l.starts_with(';')));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert_eq!(read(&text).policy, Policy::default());
}

#[test]
fn a_port_exception_is_a_four_line_record() {
    let text = write(&single_port()).text;
    assert!(text.contains(concat!(
        "\r\n\r\nComputer\r\n",
        r"SOFTWARE\Policies\Microsoft\WindowsFirewall\StandardProfile\GloballyOpenPorts\List",
        "\r\n3389:TCP:localsubnet:enabled:Remote Desktop\r\n",
        "SZ:3389:TCP:localsubnet:enabled:Remote Desktop\r\n\r\n"
    )));
    assert!(text.contains(concat!(
        "Computer\r\n",
        r"SOFTWARE\Policies\Microsoft\WindowsFirewall\StandardProfile",
        "\r\nEnableFirewall\r\nDWORD:1\r\n\r\n"
    )));
    // ICMP disabled: GPMC's **del. markers become DELETE with the bare name.
    assert!(text.contains(concat!(
        r"StandardProfile\IcmpSettings",
        "\r\nAllowInboundEchoRequest\r\nDELETE\r\n"
    )));
}

#[test]
fn gpmc_import_uses_every_action() {
    let policy = cases()
        .into_iter()
        .find(|(c, _)| *c == "gpmc-import")
        .map(|(_, p)| p)
        .expect("the gpmc-import case");
    let out = write(&policy);
    let t = &out.text;
    for block in [
        format!("Computer\r\n{WU}\r\nTargetGroup\r\nDELETE\r\n"),
        format!("Computer\r\n{DENY}\r\n*\r\nDELETEALLVALUES\r\n"),
        format!("Computer\r\n{DENY}\r\n1\r\nSZ:USB\\VID_0781&PID_5567\r\n"),
        "EventLog\\Application\r\nFile\r\nEXSZ:%SystemRoot%\\System32\\Winevt\\Logs\\Application.evtx\r\n".to_string(),
        format!("{AGENT}\r\nServers\r\nMULTISZ:wsus1.contoso.local\\0wsus2.contoso.local\r\n"),
        format!("{AGENT}\r\nQuota\r\nQWORD:5000000000\r\n"),
        format!("{AGENT}\r\nBlob\r\nBINARY:00254a6f"),
        format!("{AGENT}\r\n**SecureKey\r\nDWORD:1\r\n"),
    ] {
        assert!(t.contains(&block), "missing {block:?} in\n{t}");
    }
    // The control code without an LGPO action is flagged.
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.code == Code::NotExportable && d.message.contains("**SecureKey")));
    assert_eq!(read(t).policy, policy);
}

#[test]
fn non_gpmc_delete_markers_are_written_with_a_note() {
    let p = with_unowned(vec![
        Record::dword(r"Software\Policies\X", "**Del.Foo", 0),
        Record::dword(r"Software\Policies\X", "**DelVals.", 0),
    ]);
    let out = write(&p);
    assert!(out.text.contains("X\r\nFoo\r\nDELETE\r\n"));
    assert!(out.text.contains("X\r\n*\r\nDELETEALLVALUES\r\n"));
    let notes: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Canonicalized)
        .collect();
    assert_eq!(notes.len(), 2);
    assert!(notes[0].message.contains("“**del.Foo”"));
    assert_eq!(
        read(&out.text).policy.unowned,
        vec![
            Record::delete(r"Software\Policies\X", "Foo"),
            Record::sz(r"Software\Policies\X", "**delvals.", " "),
        ]
    );
}

#[test]
fn values_lgpo_text_cannot_carry_are_errors_naming_the_value() {
    let k = r"Software\Policies\X";
    assert_eq!(
        write_err(Record::sz(k, "Motd", "line 1\r\nline 2")),
        r"Software\Policies\X!Motd: the REG_SZ data contains a line break, which LGPO text cannot carry"
    );
    assert_eq!(
        write_err(Record::sz(k, "two\nlines", "x")),
        "Software\\Policies\\X!two\nlines: the value name contains a line break, which LGPO text cannot carry"
    );
    assert_eq!(
        write_err(Record::sz(k, ";comment", "x")),
        r"Software\Policies\X!;comment: the value name starts with ';', which LGPO text reads as a comment"
    );
    assert_eq!(
        write_err(Record::sz(k, "", "default value")),
        r"Software\Policies\X!: the value name is empty or blank; an LGPO text record needs a non-blank value name line"
    );
    assert_eq!(
        write_err(Record {
            key: k.into(),
            value: "Short".into(),
            kind: RegType::DWORD,
            data: vec![1, 0],
        }),
        r"Software\Policies\X!Short: REG_DWORD data is 2 bytes instead of 4, which LGPO text cannot carry"
    );
    assert_eq!(
        write_err(Record {
            key: k.into(),
            value: "Big".into(),
            kind: RegType::DWORD_BIG_ENDIAN,
            data: vec![0, 0, 0, 1],
        }),
        r"Software\Policies\X!Big: REG_DWORD_BIG_ENDIAN values cannot be written in LGPO text (it has DWORD, QWORD, SZ, EXSZ, MULTISZ and BINARY)"
    );
    assert_eq!(
        write_err(Record {
            key: k.into(),
            value: "Bad".into(),
            kind: RegType::SZ,
            data: vec![0x41, 0x00],
        }),
        r"Software\Policies\X!Bad: the REG_SZ data is not a NUL-terminated UTF-16 string, which LGPO text cannot carry"
    );
    let multi: Vec<u8> = "a\\0b\0\0"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(write_err(Record {
        key: k.into(),
        value: "List".into(),
        kind: RegType::MULTI_SZ,
        data: multi,
    })
    .starts_with(r"Software\Policies\X!List: the REG_MULTI_SZ data cannot be written exactly"));
    assert_eq!(
        write_err(Record::delete(k, "")),
        r"Software\Policies\X!**del.: the value name is empty or blank; an LGPO text record needs a non-blank value name line"
    );
}

#[test]
fn write_error_becomes_a_diagnostic() {
    let e = lgpo::write(&with_unowned(vec![Record::sz("K", "V", "a\nb")]))
        .err()
        .map(|e| e.to_diagnostic());
    assert_eq!(e.as_ref().map(|d| d.code), Some(Code::NotExportable));
    assert_eq!(e.and_then(|d| d.path).as_deref(), Some("K"));
}

#[test]
fn reads_lf_crlf_comments_and_any_case() {
    let crlf = "\u{feff}; exported\r\n\r\n\r\ncomputer\r\nSOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile\r\nEnableFirewall\r\ndword:1\r\n\r\n; between records\r\nCOMPUTER\r\n  SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile  \r\n; a comment inside a record\r\nDoNotAllowExceptions\r\nDWord:0x0\r\n";
    let lf = crlf.replace("\r\n", "\n");
    for text in [crlf.to_string(), lf] {
        let r = read(&text);
        assert_eq!(r.policy.domain.protect_all.state, State::Enabled);
        assert_eq!(
            r.policy.domain.do_not_allow_exceptions.state,
            State::Disabled
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }
}

#[test]
fn reads_every_action() {
    let text = "Computer\nK\nd\nDWORD:4294967295\n\nComputer\nK\nq\nQWORD:18446744073709551615\n\nComputer\nK\ns\nSZ: keeps spaces \n\nComputer\nK\ne\nEXSZ:%windir%\n\nComputer\nK\nm\nMULTISZ:a\\0b\n\nComputer\nK\nb\nBINARY:00 ff,10\n\nComputer\nK\nx\nDELETE\n\nComputer\nK\n*\nDELETEALLVALUES\n\nComputer\nK\n*\nCREATEKEY\n";
    let r = read(text);
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    assert_eq!(
        r.policy.unowned,
        vec![
            Record::dword("K", "d", u32::MAX),
            Record {
                key: "K".into(),
                value: "q".into(),
                kind: RegType::QWORD,
                data: u64::MAX.to_le_bytes().to_vec(),
            },
            Record::sz("K", "s", " keeps spaces "),
            Record {
                key: "K".into(),
                value: "e".into(),
                kind: RegType::EXPAND_SZ,
                data: utf16("%windir%\0"),
            },
            Record {
                key: "K".into(),
                value: "m".into(),
                kind: RegType::MULTI_SZ,
                data: utf16("a\0b\0\0"),
            },
            Record {
                key: "K".into(),
                value: "b".into(),
                kind: RegType::BINARY,
                data: vec![0, 0xff, 0x10],
            },
            Record::delete("K", "x"),
            Record::sz("K", "**delvals.", " "),
            Record {
                key: "K".into(),
                value: String::new(),
                kind: RegType::NONE,
                data: Vec::new(),
            },
        ]
    );
}

#[test]
fn user_records_are_skipped_with_a_warning_naming_the_line() {
    let text = "User\nSoftware\\Policies\\Microsoft\\Windows\\Explorer\nNoRun\nDWORD:1\n\nComputer\nSOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile\nEnableFirewall\nDWORD:1\n\nS-1-5-21-1-2-3-500\nSoftware\\X\nY\nSZ:z\n";
    let r = read(text);
    assert_eq!(r.policy.standard.protect_all.state, State::Enabled);
    assert!(r.policy.unowned.is_empty());
    let skipped: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SkippedRow)
        .collect();
    assert_eq!(skipped.len(), 2);
    assert_eq!(skipped[0].line, Some(1));
    assert_eq!(skipped[0].severity, Severity::Warning);
    assert!(skipped[0]
        .message
        .contains("cannot be part of a computer policy"));
    assert_eq!(skipped[1].line, Some(11));
}

#[test]
fn mapping_diagnostics_carry_the_value_line() {
    let text = "; c\n\nComputer\nSoftware\\Policies\\Contoso\nA\nDWORD:1\n\nComputer\nSOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile\nEnableFirewall\nDWORD:7\n";
    let r = read(text);
    let lines: Vec<(Code, Option<usize>)> =
        r.diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert!(lines.contains(&(Code::Unowned, Some(5))), "{lines:?}");
    assert!(lines.contains(&(Code::Unowned, Some(10))), "{lines:?}");
}

#[test]
fn syntax_errors_name_the_line() {
    assert_eq!(
        read_err("Computer\nK\nV\nDWRD:1\n"),
        "line 4: unknown value type “DWRD”; expected DWORD, QWORD, SZ, EXSZ, MULTISZ or BINARY"
    );
    assert_eq!(
        read_err("Computer\nK\nV\nENABLE\n"),
        "line 4: expected an action such as DWORD:1, SZ:text, DELETE or DELETEALLVALUES, found “ENABLE”"
    );
    assert_eq!(
        read_err("Computer\nK\nV\nDELETEKEYS\n"),
        "line 4: the action DELETEKEYS is not supported (its exact syntax is unconfirmed); use DELETE or DELETEALLVALUES"
    );
    assert_eq!(
        read_err("; header\nComputer\nK\nV\n"),
        "line 4: the file ends inside the record that starts at line 2; expected the action (for example DWORD:1, SZ:text or DELETE)"
    );
    assert_eq!(
        read_err("Computer\nK\n\nV\nDWORD:1\n"),
        "line 3: blank line inside the record that starts at line 1; expected the value name"
    );
    assert_eq!(
        read_err("Machine\nK\nV\nDWORD:1\n"),
        "line 1: expected the configuration line Computer (or User), found “Machine”"
    );
    assert_eq!(
        read_err("Computer\nK\nV\nDWORD:4294967296\n"),
        "line 4: DWORD value 4294967296 is out of range 0–4294967295"
    );
    assert_eq!(
        read_err("Computer\nK\nV\nDWORD:one\n"),
        "line 4: DWORD value “one” is not a decimal (or 0x hexadecimal) number"
    );
    assert_eq!(
        read_err("Computer\nK\nV\nBINARY:0g\n"),
        "line 4: BINARY data “0g” is not hexadecimal"
    );
    let e = lgpo::read("Computer\nK\nV\nX:1\n").err();
    assert_eq!(
        e.map(|e| e.to_diagnostic().line),
        Some(Some(4)),
        "syntax error diagnostic carries the line"
    );
    assert!(matches!(
        lgpo::read("Computer\nK\nV\n"),
        Err(LgpoError::Syntax { line: 3, .. })
    ));
}

#[test]
fn non_ascii_text_is_flagged() {
    let p = with_unowned(vec![Record::sz(r"Software\Policies\X", "Café", "naïve")]);
    let out = write(&p);
    assert!(out.diagnostics.iter().any(|d| d.code == Code::NonAscii));
    assert_eq!(read(&out.text).policy, p);
    assert!(write(&kitchen_sink())
        .diagnostics
        .iter()
        .all(|d| d.code != Code::NonAscii));
}

proptest! {
    #[test]
    fn read_write_round_trips(p in arb_policy()) {
        let text = lgpo::write(&p).unwrap().text;
        let back = lgpo::read(&text).unwrap();
        prop_assert!(back.diagnostics.iter().all(|d| !d.is_error()));
        prop_assert_eq!(back.policy, p);
    }

    // See: issue 3. Imported value names with multi-byte characters (e.g. "**de✓") made the
    // delete-marker check slice inside a character.
    #[test]
    fn writers_never_panic_on_imported_values(
        names in proptest::collection::vec("(\\*\\*(del|DelVals)?\\.?)?[a-z ✓é;:*]{0,6}", 1..6),
        kinds in proptest::collection::vec(prop_oneof![Just(1u32), Just(2), Just(3), Just(4), Just(7), Just(11), 0u32..16], 6),
        data in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..12), 6),
    ) {
        let records: Vec<Record> = names
            .iter()
            .zip(kinds)
            .zip(data)
            .map(|((name, kind), data)| Record {
                key: r"Software\Policies\Fuzz".into(),
                value: name.clone(),
                kind: RegType(kind),
                data,
            })
            .collect();
        let p = with_unowned(records.clone());
        let _ = reg::write(&p);
        match lgpo::write(&p) {
            Ok(out) => {
                let back = lgpo::read(&out.text);
                prop_assert!(back.is_ok(), "{:?}\n{}", back.err(), out.text);
                let exact = out.diagnostics.iter().all(|d| d.code != Code::Canonicalized);
                if exact {
                    prop_assert_eq!(back.unwrap().policy.unowned, records);
                }
            }
            // A refusal must name one of the values it cannot carry.
            Err(LgpoError::Unrepresentable { value, .. }) => {
                prop_assert!(records.iter().any(|r| r.value == value), "{value:?}");
            }
            Err(e) => prop_assert!(false, "unexpected error: {e}"),
        }
    }

    #[test]
    fn reader_never_panics(text in "(Computer|User|;x|\\PC{0,12}|DWORD:[0-9]{0,12}|SZ:.{0,5}|MULTISZ:.{0,6}|BINARY:[0-9a-f ]{0,5}|DELETE|\r|\n){0,24}") {
        let _ = lgpo::read(&text);
    }
}
