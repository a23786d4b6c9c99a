//! Registry.pol: golden files, GPMC-style import/export, error messages, property tests and
//! fuzzing of the decoder.
mod common;

use common::golden::check;
use common::regcases::*;
use common::*;
use fwpolicy_core::formats::pol::{self, PolError};
use fwpolicy_core::registry::{to_records, Record, RegType};
use fwpolicy_core::*;
use proptest::prelude::*;

fn records(bytes: &[u8]) -> Vec<Record> {
    pol::decode(bytes)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|d| d.record)
        .collect()
}

fn sorted(mut r: Vec<Record>) -> Vec<Record> {
    r.sort_by(|a, b| (&a.key, &a.value, a.kind, &a.data).cmp(&(&b.key, &b.value, b.kind, &b.data)));
    r
}

fn err(bytes: &[u8]) -> String {
    match pol::decode(bytes) {
        Ok(r) => panic!("expected an error, decoded {} records", r.len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn golden_files() {
    for (case, policy) in cases() {
        let out = pol::write(&policy);
        check(case, "Registry.pol", &out.bytes);
        check(
            case,
            "registry.json",
            entries_json(&to_records(&policy).records).as_bytes(),
        );
    }
}

#[test]
fn empty_policy_is_just_the_header() {
    assert_eq!(
        pol::write(&Policy::default()).bytes,
        b"PReg\x01\x00\x00\x00".to_vec()
    );
    let read = pol::read(b"PReg\x01\x00\x00\x00").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.policy, Policy::default());
    assert!(read.diagnostics.is_empty());
}

#[test]
fn gpmc_file_imports_and_exports_byte_for_byte() {
    let input = gpmc_style_file();
    let read = pol::read(&input).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        read.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        read.diagnostics
    );
    let p = &read.policy;
    assert_eq!(p.domain.protect_all.state, State::Enabled);
    assert_eq!(p.domain.do_not_allow_exceptions.state, State::Disabled);
    assert_eq!(
        p.domain
            .programs
            .options
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>(),
        vec![r"%windir%\system32\sessmgr.exe:*:enabled:Remote Assistance"]
    );
    assert_eq!(
        p.domain.file_and_print,
        Setting::enabled(Scope::local_subnet())
    );
    assert_eq!(p.domain.remote_desktop.state, State::Disabled);
    assert_eq!(
        p.domain
            .ports
            .options
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>(),
        vec!["3389:TCP:10.0.0.0/8:enabled:Remote Desktop (admins)"]
    );
    assert_eq!(p.standard.do_not_allow_exceptions.state, State::Enabled);
    // Every unrelated record is kept verbatim, in order.
    let unrelated = records(&gpmc_unrelated(PregBuilder::new()).bytes());
    assert_eq!(p.unowned, unrelated);
    assert_eq!(p.unowned.len(), 11);
    // Export gives back the very same bytes.
    let out = pol::write(p);
    assert_eq!(out.bytes, input);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
}

#[test]
fn gpmc_file_in_another_order_keeps_every_record() {
    // Unrelated policies first, then the firewall: export reorders (firewall first) but
    // loses and adds nothing.
    let input = gpmc_firewall(gpmc_unrelated(PregBuilder::new())).bytes();
    let read = pol::read(&input).unwrap_or_else(|e| panic!("{e}"));
    let out = pol::write(&read.policy);
    assert_eq!(sorted(records(&out.bytes)), sorted(records(&input)));
    assert_eq!(out.bytes.len(), input.len());
}

#[test]
fn foreign_values_are_noted_with_their_byte_offset() {
    let input = gpmc_style_file();
    let decoded = pol::decode(&input).unwrap_or_else(|e| panic!("{e}"));
    let first_wu = decoded
        .iter()
        .find(|d| d.record.key == format!(r"{WU}\AU"))
        .map(|d| d.offset);
    let read = pol::read(&input).unwrap_or_else(|e| panic!("{e}"));
    let note = read
        .diagnostics
        .iter()
        .find(|d| {
            d.message
                .contains(r"WindowsUpdate\AU belong to another policy")
        })
        .unwrap_or_else(|| panic!("{:#?}", read.diagnostics));
    assert_eq!(note.code, Code::Unowned);
    assert_eq!(note.offset, first_wu);
    assert!(first_wu.is_some_and(|o| o > 8));
}

#[test]
fn accepts_any_well_formed_file_and_keeps_it_verbatim() {
    let input = PregBuilder::new()
        .raw("", "", 0, &[]) // empty value name / zero type: create the key only
        .sz(r"Software\Policies\X", "**delvals.", " ")
        .dword(r"Software\Policies\X", "**DelVals.", 0) // samba's spelling and data
        .sz(r"Software\Policies\X", "**DeleteValues", "a;b;")
        .sz(r"Software\Policies\X", "**DeleteKeys", "Sub1;Sub2")
        .dword(r"Software\Policies\X", "**SecureKey", 1)
        .sz(r"Software\Policies\X", "**soft.Y", "1")
        .sz(r"Software\Policies\X", "**future.Z", "unknown control code")
        .raw(r"Software\Policies\X", "short dword", 4, &[1, 0])
        .raw(r"Software\Policies\X", "odd sz", 1, &[0x41, 0x00, 0x42])
        .raw(r"Software\Policies\X", "no nul", 1, &[0x41, 0x00])
        .raw(r"Software\Policies\X", "big endian", 5, &[0, 0, 0, 1])
        .raw(r"Software\Policies\X", "type 42", 42, &[9; 9])
        .raw(r"Software\Policies\X", "multi", 7, &[0x61, 0, 0, 0, 0, 0])
        .raw(r"Software\Policies\X", "empty binary", 3, &[])
        .sz(r"Software\Policies\X", "name;with;semicolons", "v")
        .sz(r"Software\Policies\X", "ünïcødé ✓", "ナ")
        .dword(
            r"SOFTWARE\Policies\Microsoft\WindowsFirewall\PrivateProfile",
            "EnableFirewall",
            1,
        )
        .bytes();
    let decoded = records(&input);
    assert_eq!(decoded.len(), 18);
    assert_eq!(decoded[15].value, "name;with;semicolons");
    assert_eq!(decoded[16].value, "ünïcødé ✓");
    assert_eq!(decoded[8].data, vec![1, 0]);
    assert_eq!(pol::encode(&decoded), input);
    let read = pol::read(&input).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.policy.unowned, decoded);
    assert!(read.diagnostics.iter().all(|d| !d.is_error()));
    assert_eq!(pol::write(&read.policy).bytes, input);
}

#[test]
fn control_codes_on_firewall_keys_survive_the_round_trip() {
    // A non-additive tool may precede the list with **delvals.; it must not be lost.
    let list = r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile\GloballyOpenPorts\List";
    let item = "80:TCP:*:enabled:Web";
    let input = PregBuilder::new()
        .dword(
            r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile\GloballyOpenPorts",
            "Enabled",
            1,
        )
        .sz(list, "**delvals.", " ")
        .sz(list, item, item)
        .bytes();
    let read = pol::read(&input).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.policy.domain.ports.options.len(), 1);
    assert_eq!(
        read.policy.unowned,
        vec![Record::sz(list, "**delvals.", " ")]
    );
    let out = pol::write(&read.policy);
    assert_eq!(sorted(records(&out.bytes)), sorted(records(&input)));
    // Regression: the kept **delvals. used to be written after the list items, so a reader
    // applying records in file order cleared the list it had just written.
    let written = records(&out.bytes);
    let position = |value: &str| {
        written
            .iter()
            .position(|r| r.key == list && r.value == value)
            .unwrap_or(usize::MAX)
    };
    assert!(position("**delvals.") < position(item), "{written:?}");
}

#[test]
fn header_errors_name_the_problem() {
    assert_eq!(
        err(b""),
        "byte 0: the file is 0 bytes long, but a Registry.pol file starts with an 8-byte header (\"PReg\" and version 1)"
    );
    assert_eq!(
        err(b"PReg\x01"),
        "byte 0: the file is 5 bytes long, but a Registry.pol file starts with an 8-byte header (\"PReg\" and version 1)"
    );
    assert_eq!(
        err(b"REGEDIT4\r\n"),
        "byte 0: expected the Registry.pol signature \"PReg\" (50 52 65 67), found 52 45 47 45; this is not a Registry.pol file"
    );
    assert_eq!(
        err(b"\xff\xfeW"),
        "byte 0: expected the Registry.pol signature \"PReg\" (50 52 65 67), found ff fe 57; this is not a Registry.pol file"
    );
    assert_eq!(
        err(b"PReg\x02\x00\x00\x00"),
        "byte 4: unsupported Registry.pol version 2; only version 1 exists"
    );
}

#[test]
fn record_errors_name_the_offset_and_what_was_expected() {
    // [ K\0 ; V\0 ; 04000000 ; 04000000 ; 01000000 ]
    let good = PregBuilder::new().dword("K", "V", 1).bytes();
    assert_eq!(good.len(), 40);
    let with = |at: usize, bytes: &[u8]| {
        let mut b = good.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        b
    };
    assert_eq!(
        err(&with(8, &[0x7b, 0x00])),
        "byte 8: expected '[' at the start of a record, found 0x7B 0x00"
    );
    assert_eq!(
        err(&with(14, &[0x2c, 0x00])),
        "byte 14: expected ';' after the key, found 0x2C 0x00"
    );
    assert_eq!(
        err(&with(20, &[0x41, 0x00])),
        "byte 20: expected ';' after the value name, found 0x41 0x00"
    );
    assert_eq!(
        err(&with(26, &[0x00, 0x00])),
        "byte 26: expected ';' after the type, found 0x00 0x00"
    );
    assert_eq!(
        err(&with(32, &[0x3a, 0x00])),
        "byte 32: expected ';' after the size, found 0x3A 0x00"
    );
    assert_eq!(
        err(&with(28, &[0x07, 0x00, 0x00, 0x00])),
        "byte 34: the record's data size is 7 bytes, but only 6 bytes remain in the file"
    );
    // A size one too large swallows half of the ']' code unit.
    assert_eq!(
        err(&with(28, &[0x05, 0x00, 0x00, 0x00])),
        "byte 40: the file ends inside a record; expected ']' at the end of the record"
    );
    assert_eq!(
        err(&with(28, &[0xff, 0xff, 0xff, 0xff])),
        "byte 34: the record's data size is 4294967295 bytes, but only 6 bytes remain in the file"
    );
    assert_eq!(
        err(&with(38, &[0x29, 0x00])),
        "byte 38: expected ']' at the end of the record, found 0x29 0x00"
    );
    assert_eq!(
        err(&with(10, &[0x00, 0xd8])),
        "byte 10: the key is not valid UTF-16 (unpaired surrogate 0xD800)"
    );
    assert_eq!(
        err(&with(16, &[0x00, 0xdc])),
        "byte 16: the value name is not valid UTF-16 (unpaired surrogate 0xDC00)"
    );
}

#[test]
fn truncation_errors_say_what_is_missing() {
    let good = PregBuilder::new().dword("K", "V", 1).bytes();
    let cut = |n: usize| err(&good[..n]);
    assert_eq!(
        cut(9),
        "byte 9: the file ends inside a record; expected '[' at the start of a record"
    );
    assert_eq!(
        cut(12),
        "byte 12: the file ends inside a record; expected the NUL (00 00) that ends the key"
    );
    assert_eq!(
        cut(18),
        "byte 18: the file ends inside a record; expected the NUL (00 00) that ends the value name"
    );
    assert_eq!(
        cut(24),
        "byte 24: the file ends inside a record; expected the 4-byte value type"
    );
    assert_eq!(
        cut(30),
        "byte 30: the file ends inside a record; expected the 4-byte data size"
    );
    assert_eq!(
        cut(36),
        "byte 34: the record's data size is 4 bytes, but only 2 bytes remain in the file"
    );
    assert_eq!(
        cut(38),
        "byte 38: the file ends inside a record; expected ']' at the end of the record"
    );
    assert_eq!(
        cut(39),
        "byte 39: the file ends inside a record; expected ']' at the end of the record"
    );
    // Trailing bytes after the last record.
    let mut extra = good.clone();
    extra.extend_from_slice(&[0, 0]);
    assert_eq!(
        err(&extra),
        "byte 40: expected '[' at the start of a record, found 0x00 0x00"
    );
}

#[test]
fn error_becomes_a_located_diagnostic() {
    let mut bad = PregBuilder::new().dword("K", "V", 1).bytes();
    bad[20] = 0x41;
    let e = pol::decode(&bad)
        .err()
        .unwrap_or(PolError::TooShort { len: 0 });
    assert_eq!(e.offset(), 20);
    let d = e.to_diagnostic();
    assert_eq!(d.code, Code::Malformed);
    assert_eq!(d.offset, Some(20));
    assert_eq!(
        d.to_string(),
        "byte 20: error[malformed] expected ';' after the value name, found 0x41 0x00"
    );
    let v = pol::decode(b"PReg\x07\x00\x00\x00")
        .err()
        .map(|e| e.to_diagnostic());
    assert_eq!(v.as_ref().map(|d| d.code), Some(Code::Version));
    assert_eq!(
        v.map(|d| d.to_string()).as_deref(),
        Some("byte 4: error[version] header: unsupported Registry.pol version 7; only version 1 exists")
    );
}

#[test]
fn long_and_semicolon_names_are_written_with_warnings() {
    let long = "x".repeat(300);
    let mut p = Policy {
        unowned: vec![
            Record::sz(r"Software\Policies\Y", &long, "1"),
            Record::sz(r"Software\Policies\Y", "a;b", "2"),
        ],
        ..Policy::default()
    };
    let out = pol::write(&p);
    assert_eq!(records(&out.bytes), p.unowned);
    let codes: Vec<Code> = out.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::TooLong, Code::UnsafeCharacter]);
    assert!(out.diagnostics[0].message.contains("300 characters"));
    assert!(out.diagnostics[0].message.contains("at most 259"));
    assert!(out.diagnostics.iter().all(|d| !d.is_error()));
    // 259 is still fine.
    p.unowned = vec![Record::sz(r"Software\Policies\Y", &"y".repeat(259), "1")];
    assert!(pol::write(&p).diagnostics.is_empty());
}

#[test]
fn interface_exclusions_are_reported_as_not_exportable() {
    let out = pol::write(&kitchen_sink());
    let d: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NotExportable)
        .collect();
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("Virtual Ethernet PTP"));
}

#[test]
fn kitchen_sink_reads_back_without_errors() {
    let p = kitchen_sink();
    let read = pol::read(&pol::write(&p).bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.policy, p.normalized_for_registry());
    assert!(read.diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn same_policy_same_bytes() {
    let a = pol::write(&kitchen_sink()).bytes;
    let b = pol::write(&kitchen_sink().clone()).bytes;
    assert_eq!(a, b);
    assert_eq!(&a[..8], b"PReg\x01\x00\x00\x00");
}

#[test]
fn value_types_are_written_raw() {
    let p = Policy {
        unowned: vec![Record {
            key: "K".into(),
            value: "Q".into(),
            kind: RegType::QWORD,
            data: 0x0102_0304_0506_0708u64.to_le_bytes().to_vec(),
        }],
        ..Policy::default()
    };
    let bytes = pol::write(&p).bytes;
    // [ K\0 ; Q\0 ; 0b000000 ; 08000000 ; data ]
    assert_eq!(&bytes[22..26], &[0x0b, 0, 0, 0]);
    assert_eq!(&bytes[28..32], &[0x08, 0, 0, 0]);
    assert_eq!(&bytes[34..42], &[8, 7, 6, 5, 4, 3, 2, 1]);
}

/// Arbitrary records, including control codes, odd types and sizes, and `;` in names.
fn arb_record() -> impl Strategy<Value = Record> {
    (
        "[A-Za-z\\\\ ;]{0,12}",
        "(\\*\\*del\\.)?[A-Za-z ;\u{e9}\u{4e2d}]{0,12}",
        prop_oneof![Just(1u32), Just(4), Just(7), Just(11), any::<u32>()],
        proptest::collection::vec(any::<u8>(), 0..24),
    )
        .prop_map(|(key, value, kind, data)| Record {
            key,
            value,
            kind: RegType(kind),
            data,
        })
}

proptest! {
    #[test]
    fn read_write_round_trips(p in arb_policy()) {
        let out = pol::write(&p);
        prop_assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let read = pol::read(&out.bytes).unwrap();
        prop_assert!(read.diagnostics.iter().all(|d| !d.is_error()), "{:?}", read.diagnostics);
        prop_assert_eq!(read.policy, p);
    }

    #[test]
    fn bytes_are_stable(p in arb_policy()) {
        let first = pol::write(&p).bytes;
        let again = pol::read(&first).map(|r| pol::write(&r.policy).bytes);
        prop_assert_eq!(again.ok(), Some(first));
    }

    #[test]
    fn any_record_list_survives_encode_decode(records in proptest::collection::vec(arb_record(), 0..8)) {
        let bytes = pol::encode(&records);
        let back: Result<Vec<Record>, _> =
            pol::decode(&bytes).map(|d| d.into_iter().map(|d| d.record).collect());
        prop_assert_eq!(back, Ok(records));
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = pol::read(&bytes);
        let mut with_header = b"PReg\x01\x00\x00\x00[\x00".to_vec();
        with_header.extend_from_slice(&bytes);
        match pol::decode(&with_header) {
            Ok(decoded) => {
                let records: Vec<Record> = decoded.into_iter().map(|d| d.record).collect();
                prop_assert_eq!(pol::encode(&records), with_header);
            }
            Err(e) => prop_assert!(e.offset() <= with_header.len()),
        }
    }

    #[test]
    fn truncated_files_fail_or_keep_a_prefix(p in arb_policy(), cut in any::<prop::sample::Index>()) {
        let bytes = pol::write(&p).bytes;
        let all = pol::decode(&bytes).unwrap();
        let n = cut.index(bytes.len());
        match pol::decode(&bytes[..n]) {
            Ok(prefix) => {
                // Only a cut exactly between two records is well-formed.
                prop_assert!(n >= 8);
                prop_assert!(prefix.len() <= all.len());
                prop_assert_eq!(&all[..prefix.len()], &prefix[..]);
                let boundary = all.get(prefix.len()).map(|d| d.offset).unwrap_or(bytes.len());
                prop_assert_eq!(boundary, n);
            }
            Err(e) => prop_assert!(e.offset() <= n),
        }
    }

    #[test]
    fn mutated_files_never_panic_and_decode_verbatim(
        p in arb_policy(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = pol::write(&p).bytes;
        let i = at.index(bytes.len());
        bytes[i] = byte;
        match pol::decode(&bytes) {
            Ok(decoded) => {
                let records: Vec<Record> = decoded.into_iter().map(|d| d.record).collect();
                prop_assert_eq!(pol::encode(&records), bytes.clone());
                let _ = pol::read(&bytes);
            }
            // A mutated file may be refused, at an offset inside it.
            Err(e) => prop_assert!(e.offset() <= bytes.len()),
        }
    }
}
