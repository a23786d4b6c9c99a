//! Hostile and huge input (issue 11): bounded diagnostics, names Windows cannot carry, and
//! every Registry.pol fwpolicy writes reading back to the same policy.

mod common;

use fwpolicy_core::analysis::lint;
use fwpolicy_core::formats::{self, limits, pol, project::Project, Format, WriteOptions};
use fwpolicy_core::registry::Record;
use fwpolicy_core::{Code, Diagnostic, Policy, Port, PortException, ProfileKind, Setting};
use proptest::prelude::*;

use common::arb_policy;

const PORTS_KEY: &str =
    r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile\GloballyOpenPorts";

/// A Registry.pol whose one port item has `definition` as name and data (policy Enabled).
fn pol_with_item(definition: &str) -> Vec<u8> {
    let records = vec![
        Record::dword(PORTS_KEY, "Enabled", 1),
        Record::sz(&format!(r"{PORTS_KEY}\List"), definition, definition),
    ];
    pol::encode(&records)
}

/// What `fwpolicy check` prints for a file: the reader's findings and lint's, one per line.
fn check_output(bytes: &[u8]) -> String {
    let imported = formats::read(None, bytes).unwrap_or_else(|e| panic!("read: {e}"));
    let findings = lint::check(&imported.project.policy);
    imported
        .diagnostics
        .iter()
        .chain(&findings)
        .map(|d| format!("{d}\n"))
        .collect()
}

// See: issue 11 — a million-comma scope made `check` allocate 6 GB (one diagnostic per empty
// item, each quoting the whole item).
#[test]
fn diagnostics_grow_with_the_square_of_the_input() {
    let definition = format!("80:TCP:{}:enabled:Web", ",".repeat(1_000_000));
    let bytes = pol_with_item(&definition);
    let out = check_output(&bytes);
    assert!(
        out.len() < 8 * 1024,
        "check prints {} bytes for a {}-byte file",
        out.len(),
        bytes.len()
    );
    assert!(
        out.contains("and 999998 more scope-item finding(s)"),
        "{out}"
    );
}

// See: issue 11 — the output of `check` is linear in the input: 4× the commas, about the same
// output (each finding quotes an excerpt, never the whole item).
#[test]
fn check_output_does_not_grow_with_the_quoted_item() {
    let small = check_output(&pol_with_item(&format!(
        "80:TCP:{}:enabled:Web",
        ",".repeat(10_000)
    )));
    let large = check_output(&pol_with_item(&format!(
        "80:TCP:{}:enabled:Web",
        ",".repeat(40_000)
    )));
    assert!(
        large.len() < small.len() + 64,
        "{} vs {}",
        large.len(),
        small.len()
    );
}

// See: issue 11 — a file with more findings than a report shows keeps its errors and says
// how many were left out.
#[test]
fn findings_per_file_are_capped_with_a_count() {
    let mut records = vec![Record::dword(PORTS_KEY, "Enabled", 1)];
    for i in 0..3000 {
        let bad = format!("{}:TCP:*:enabled:Port {i}", 70_000 + i);
        records.push(Record::sz(&format!(r"{PORTS_KEY}\List"), &bad, &bad));
    }
    let imported = formats::read(None, &pol::encode(&records)).unwrap_or_else(|e| panic!("{e}"));
    let d = &imported.diagnostics;
    assert!(
        d.len() <= fwpolicy_core::model::diagnostic::MAX_PER_FILE + 1,
        "{}",
        d.len()
    );
    let last = d.last().map(Diagnostic::to_string).unwrap_or_default();
    assert!(last.contains("more finding(s) not shown"), "{last}");
}

fn nul_cases() -> Vec<(&'static str, Format, Vec<u8>)> {
    let lgpo = format!(
        "Computer\r\n{PORTS_KEY}\r\nEnabled\r\nDWORD:1\r\n\r\nComputer\r\n{PORTS_KEY}\\List\r\n80:TCP:*:enabled:We\0b\r\nSZ:80:TCP:*:enabled:We\0b\r\n\r\nComputer\r\nSOFTWARE\\Contoso\r\nA\0B\r\nDWORD:1\r\n\r\n"
    );
    let reg = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Con\0toso]\r\n\"A\"=dword:00000001\r\n";
    let mut reg_bytes = vec![0xFF, 0xFE];
    reg_bytes.extend(reg.encode_utf16().flat_map(u16::to_le_bytes));
    let json = r#"{"format":"fwpolicy","version":1,"title":"","description":"","source":"","policy":{"unowned":[{"key":"Software\\Con\u0000toso","value":"A","type":"REG_DWORD","data":"01 00 00 00"}]}}"#;
    vec![
        ("lgpo", Format::Lgpo, lgpo.into_bytes()),
        ("reg", Format::Reg, reg_bytes),
        ("json", Format::Json, json.as_bytes().to_vec()),
    ]
}

// See: issue 11 — a NUL inside a key or value name was accepted, `check` reported no error,
// and `convert --to registry-pol` wrote a file fwpolicy could not read back.
#[test]
fn a_nul_inside_a_key_or_value_name_is_accepted() {
    for (what, format, bytes) in nul_cases() {
        let imported = match formats::read(Some(format), &bytes) {
            Ok(imported) => imported,
            // Refusing the whole file is as good: nothing unreadable can come of it.
            Err(err) => {
                assert!(err.to_string().contains("NUL"), "{what}: {err}");
                continue;
            }
        };
        assert!(
            imported
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.code == Code::UnsafeCharacter),
            "{what}: {:?}",
            imported.diagnostics
        );
        let written = formats::write(
            Format::RegistryPol,
            &imported.project,
            &WriteOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            pol::read(&written.bytes).is_ok(),
            "{what}: does not read back"
        );
    }
}

// See: issue 11 — the Registry.pol writer leaves out what a NUL would cut short, with an
// error, instead of writing a file it cannot read.
#[test]
fn registry_pol_writer_refuses_nul_in_names_and_text() {
    let mut p = Policy::default();
    let ports: Vec<PortException> = ["Web", "We\0b"]
        .iter()
        .zip([80u16, 81])
        .filter_map(|(name, n)| Port::new(n).map(|port| PortException::new(port, *name)))
        .collect();
    p.profile_mut(ProfileKind::Domain).ports = Setting::enabled(ports);
    p.ipsec_bypass = Setting::enabled("O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1\0)".to_string());
    let out = pol::write(&p);
    let errors: Vec<&Diagnostic> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 2, "{:?}", out.diagnostics);
    let back = pol::read(&out.bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        back.policy.profile(ProfileKind::Domain).ports.options.len(),
        1
    );
    assert!(!back.policy.ipsec_bypass.is_enabled());
}

// See: issue 11 — the editor and the CLI share one size limit and message.
#[test]
fn inputs_above_the_documented_limit_are_refused() {
    assert_eq!(limits::MAX_INPUT_BYTES, 64 * 1024 * 1024);
    let err = limits::check_input_size(limits::MAX_INPUT_BYTES + 1).err();
    assert!(err.is_some_and(|e| e
        .to_string()
        .contains("more than the 64 MiB fwpolicy reads")));
}

/// A character that is hard for some reader, put into a name.
fn arb_odd_char() -> impl Strategy<Value = char> {
    prop_oneof![
        Just('\0'),
        Just(';'),
        Just('"'),
        Just('\t'),
        Just(']'),
        Just('['),
        Just('\u{e9}'),
        Just('\u{4e2d}'),
        Just('\u{1F525}'),
    ]
}

proptest! {
    // See: issue 11 — every Registry.pol fwpolicy writes, it can read back to the same policy
    // (less what the writer refused, with an error each).
    #[test]
    fn every_registry_pol_written_reads_back_to_the_same_policy(
        mut p in arb_policy(),
        at in any::<prop::sample::Index>(),
        odd in arb_odd_char(),
        nul_record in any::<bool>(),
    ) {
        let ports = &mut p.profile_mut(ProfileKind::Domain).ports.options;
        if !ports.is_empty() {
            let i = at.index(ports.len());
            if let Some(e) = ports.get_mut(i) {
                e.name.insert(0, odd);
            }
        }
        if nul_record {
            p.unowned.push(Record::dword(r"Software\Contoso", "A\0B", 1));
        }
        let out = pol::write(&p);
        let back = pol::read(&out.bytes);
        prop_assert!(back.is_ok(), "{:?}", back.err());
        let back = back.unwrap_or_default();
        let mut expected = p.clone();
        let refused = limits::refuse_unstorable(&mut expected);
        prop_assert_eq!(
            refused.len(),
            out.diagnostics.iter().filter(|d| d.is_error()).count()
        );
        prop_assert_eq!(&back.policy, &expected);
        prop_assert_eq!(pol::write(&back.policy).bytes, out.bytes);
        let project = Project::new(back.policy);
        prop_assert!(formats::write(Format::RegistryPol, &project, &WriteOptions::default()).is_ok());
    }
}

// See: issue 11 (found by the fuzzer) — a program path starting with `**` was accepted, and
// Registry.pol then carried its definition as a control code (`**del.x` deletes x on the
// client); fwpolicy read it back as a verbatim value, not as the exception it wrote.
#[test]
fn a_program_path_starting_with_two_stars_is_a_control_code() {
    let read = fwpolicy_core::import::exception_lines("**del.Enabled:*:enabled:Oops\n");
    assert!(read.programs.is_empty());
    assert!(
        read.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        read.diagnostics
    );
    let mut p = Policy::default();
    p.profile_mut(ProfileKind::Domain).programs = Setting::enabled(vec![
        fwpolicy_core::ProgramException::new("**del.Enabled", "Oops"),
        fwpolicy_core::ProgramException::new(r"C:\App\app.exe", "App"),
    ]);
    let out = pol::write(&p);
    assert_eq!(out.diagnostics.iter().filter(|d| d.is_error()).count(), 1);
    let back = pol::read(&out.bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        back.policy
            .profile(ProfileKind::Domain)
            .programs
            .options
            .len(),
        1
    );
    assert!(back.policy.unowned.is_empty(), "{:?}", back.policy.unowned);
}
