//! Imports for people: pasted exception lines and pasted port tables.
mod common;

use common::*;
use fwpolicy_core::import::{
    exception_lines, exception_lines_with, port_table, SkipReason, TableOptions,
};
use fwpolicy_core::presets;
use fwpolicy_core::*;
use proptest::collection::vec;
use proptest::prelude::*;

fn defs(t: &fwpolicy_core::import::TableImport) -> Vec<String> {
    t.ports.iter().map(|(_, e)| e.to_string()).collect()
}

fn opened(t: &fwpolicy_core::import::TableImport) -> Vec<(usize, u16, &'static str)> {
    t.ports
        .iter()
        .map(|(line, e)| (*line, e.port.get(), e.transport.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Pasted lines
// ---------------------------------------------------------------------------------------------

#[test]
fn pasted_lines_import_the_good_lines_and_report_the_bad_ones() {
    let text = "# exceptions for the sales laptops\r\n\
                %ProgramFiles%\\NetMeeting\\Conf.exe:localsubnet:enabled:NetMeeting\r\n\
                \r\n\
                ; web\r\n\
                80:TCP:localsubnet:enabled:Web Server\r\n\
                70000:TCP:*:enabled:Too high\r\n\
                \u{20}\u{20}443:TCP:10.0.0.300:enabled:Web TLS\r\n\
                9511-9513:TCP:*:enabled:Agent\r\n\
                8080:TCP:*:enabled:Proxy \"main\"\r\n\
                C:\\Tools\\agent.exe:*:enabled:Agent\n";
    let r = exception_lines(text);
    let programs: Vec<(usize, String)> = r
        .programs
        .iter()
        .map(|(l, e)| (*l, e.to_string()))
        .collect();
    assert_eq!(
        programs,
        vec![
            (
                2,
                r"%ProgramFiles%\NetMeeting\Conf.exe:localsubnet:enabled:NetMeeting".to_string()
            ),
            (10, r"C:\Tools\agent.exe:*:enabled:Agent".to_string()),
        ]
    );
    let ports: Vec<(usize, String)> = r.ports.iter().map(|(l, e)| (*l, e.to_string())).collect();
    assert_eq!(
        ports,
        vec![(5, "80:TCP:localsubnet:enabled:Web Server".to_string())]
    );
    let errors: Vec<(Option<usize>, Code, Option<Field>)> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.line, d.code, d.field))
        .collect();
    assert_eq!(
        errors,
        vec![
            (Some(6), Code::PortOutOfRange, Some(Field::Port)),
            (Some(7), Code::ScopeItem, Some(Field::Scope)),
            (Some(8), Code::PortRange, Some(Field::Port)),
            (Some(9), Code::UnsafeCharacter, Some(Field::Name)),
        ]
    );
    // Spans are in the coordinates of the pasted line (leading spaces included).
    let scope = r
        .diagnostics
        .iter()
        .find(|d| d.line == Some(7))
        .and_then(|d| d.span.clone())
        .unwrap();
    let line7 = text.lines().nth(6).unwrap();
    assert_eq!(&line7[scope], "10.0.0.300");
}

#[test]
fn pasted_text_is_typed_but_a_file_can_be_read_as_imported() {
    let line = "8080:TCP:*:enabled:Proxy \"main\"";
    assert!(exception_lines(line).ports.is_empty());
    let imported = exception_lines_with(line, ParseOptions::IMPORTED);
    assert_eq!(imported.ports[0].1.name, "Proxy \"main\"");
    assert!(imported
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Warning && d.line == Some(1)));
}

#[test]
fn duplicate_pasted_definitions_are_kept_with_a_warning() {
    let r = exception_lines("80:TCP:*:enabled:Web\n80:tcp:localsubnet:disabled:Web again\n");
    assert_eq!(r.ports.len(), 2);
    let d = &r.diagnostics[0];
    assert_eq!((d.code, d.line), (Code::Duplicate, Some(2)));
    assert!(
        d.message.contains("already defined on line 1"),
        "{}",
        d.message
    );
}

#[test]
fn trailing_spaces_belong_to_the_name_and_are_reported() {
    let r = exception_lines("  80:TCP:*:enabled:Web  \n");
    assert_eq!(r.ports[0].1.name, "Web  ");
    let d = &r.diagnostics[0];
    assert_eq!(
        (d.code, d.severity, d.line, d.span.clone()),
        (Code::Whitespace, Severity::Warning, Some(1), Some(22..24))
    );
}

fn arb_exception() -> impl Strategy<Value = Exception> {
    prop_oneof![
        arb_program().prop_map(Exception::Program),
        arb_port().prop_map(Exception::Port),
    ]
}

proptest! {
    #[test]
    fn pasted_lines_import_back_exactly(
        items in vec(arb_exception(), 0..12),
        crlf in any::<bool>(),
        comment_every in 2usize..6,
    ) {
        let mut text = String::new();
        let mut expected_programs = Vec::new();
        let mut expected_ports = Vec::new();
        let mut line = 0usize;
        let newline = if crlf { "\r\n" } else { "\n" };
        for (i, e) in items.iter().enumerate() {
            if i % comment_every == 0 {
                line += 2;
                text.push_str(&format!("# comment{newline}{newline}"));
            }
            line += 1;
            text.push_str(&format!("{e}{newline}"));
            match e {
                Exception::Program(p) => expected_programs.push((line, p.clone())),
                Exception::Port(p) => expected_ports.push((line, p.clone())),
            }
        }
        let r = exception_lines(&text);
        prop_assert_eq!(r.programs, expected_programs);
        prop_assert_eq!(r.ports, expected_ports);
        prop_assert!(r.diagnostics.iter().all(|d| !d.is_error()), "{:?}", r.diagnostics);
    }

    #[test]
    fn pasted_lines_never_panic(text in "\\PC{0,300}") {
        let _ = exception_lines(&text);
        let _ = exception_lines_with(&text, ParseOptions::IMPORTED);
    }
}

// ---------------------------------------------------------------------------------------------
// Port tables
// ---------------------------------------------------------------------------------------------

#[test]
fn the_seed_table_imports_the_same_with_crlf_line_ends() {
    let lf = presets::ibm_systems_director_table();
    let crlf_text = presets::IBM_SYSTEMS_DIRECTOR_PORTS.replace('\n', "\r\n");
    let crlf = port_table(&crlf_text, &presets::ibm_systems_director_options());
    assert_eq!(defs(&crlf), defs(&lf));
    assert_eq!(crlf.skipped.len(), lf.skipped.len());
    assert_eq!(lf.ports.len(), 34);
}

#[test]
fn the_seed_table_imports_the_same_as_quoted_csv() {
    // What a spreadsheet writes when the TSV is saved as CSV: every cell quoted, quotes doubled.
    let csv: String = presets::IBM_SYSTEMS_DIRECTOR_PORTS
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                l.split('\t')
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(",")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let from_csv = port_table(&csv, &presets::ibm_systems_director_options());
    let from_tsv = presets::ibm_systems_director_table();
    assert_eq!(defs(&from_csv), defs(&from_tsv));
    assert_eq!(
        from_csv
            .skipped
            .iter()
            .map(|s| &s.reason)
            .collect::<Vec<_>>(),
        from_tsv
            .skipped
            .iter()
            .map(|s| &s.reason)
            .collect::<Vec<_>>()
    );
}

#[test]
fn csv_quotes_escapes_and_multiline_cells() {
    let text = "Port,Protocol,Direction,Description\n\
                \"9511-9513\",\"TCP, UDP\",Inbound,\"Agent \"\"Manager\"\"; main\"\n\
                5988,TCP,Inbound,\"CIM server\nsecond line\"\n\
                161,UDP,Outbound,SNMP\n";
    let t = port_table(text, &TableOptions::default());
    assert_eq!(
        defs(&t),
        vec![
            "9511:TCP:localsubnet:enabled:Agent 'Manager', main (TCP 9511)",
            "9511:UDP:localsubnet:enabled:Agent 'Manager', main (UDP 9511)",
            "9512:TCP:localsubnet:enabled:Agent 'Manager', main (TCP 9512)",
            "9512:UDP:localsubnet:enabled:Agent 'Manager', main (UDP 9512)",
            "9513:TCP:localsubnet:enabled:Agent 'Manager', main (TCP 9513)",
            "9513:UDP:localsubnet:enabled:Agent 'Manager', main (UDP 9513)",
            "5988:TCP:localsubnet:enabled:CIM server second line (TCP 5988)",
        ]
    );
    // The multi-line cell moves the following row to line 5.
    assert_eq!(t.skipped.len(), 1);
    assert_eq!(t.skipped[0].line, 5);
    assert_eq!(
        t.skipped[0].reason,
        SkipReason::OutboundOnly {
            unknown_protocol: None
        }
    );
}

#[test]
fn headerless_table_columns_are_found_by_content() {
    let text = "Remote Desktop\t3389\tTCP\nWeb server\t80\tTCP\nDNS\t53\tUDP\n";
    let t = port_table(text, &TableOptions::default());
    assert_eq!(
        opened(&t),
        vec![(1, 3389, "TCP"), (2, 80, "TCP"), (3, 53, "UDP")]
    );
    assert_eq!(
        t.ports[0].1.name, "Remote Desktop (TCP 3389)",
        "description column found by content"
    );
    let notes: Vec<&str> = t
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::BadColumn)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        notes,
        vec![
            "no header row; columns guessed from the content: port = column 2, protocol = column 3, no direction column, description = column 1",
            "the table has no direction column; every row is taken as inbound",
        ]
    );
}

#[test]
fn port_list_with_transport_in_the_cell() {
    let t = port_table("80/tcp\n53/udp\n135\n", &TableOptions::default());
    assert_eq!(opened(&t), vec![(1, 80, "TCP"), (2, 53, "UDP")]);
    assert_eq!(t.ports[0].1.name, "TCP 80");
    assert_eq!(
        t.skipped[0].reason,
        SkipReason::Missing {
            protocol: true,
            direction: false
        }
    );
}

#[test]
fn semicolon_separated_table() {
    let t = port_table(
        "Port;Protocol;Direction;Description\n1433;TCP;Inbound;SQL Server\n",
        &TableOptions::default(),
    );
    assert_eq!(
        defs(&t),
        vec!["1433:TCP:localsubnet:enabled:SQL Server (TCP 1433)"]
    );
}

#[test]
fn large_ranges_are_refused_with_a_reason() {
    let text = "Port\tProtocol\tDirection\tDescription\n\
                1024-65535\tTCP\tInbound\tRPC dynamic\n\
                5000-5020\tUDP\tInbound\tMedia\n";
    let t = port_table(text, &TableOptions::default());
    assert!(t.ports.is_empty());
    assert_eq!(
        t.skipped
            .iter()
            .map(|s| s.reason.clone())
            .collect::<Vec<_>>(),
        vec![
            SkipReason::RangeTooLarge {
                first: 1024,
                last: 65535,
                max: 16
            },
            SkipReason::RangeTooLarge {
                first: 5000,
                last: 5020,
                max: 16
            },
        ]
    );
    assert_eq!(
        t.skipped[0].reason.to_string(),
        "range 1024-65535 is 64512 ports, more than the 16 a range may open; add the ports you need one by one"
    );
    let wider = TableOptions {
        max_range: 21,
        ..TableOptions::default()
    };
    assert_eq!(port_table(text, &wider).ports.len(), 21);
}

#[test]
fn options_set_scope_status_and_a_sanitized_prefix() {
    let options = TableOptions {
        scope: Scope::parse("10.1.0.0/16").value.unwrap(),
        status: Status::Disabled,
        name_prefix: "Vendor: App; \"X\" - ".into(),
        ..TableOptions::default()
    };
    let t = port_table("Port,Protocol,Direction\n8443,TCP,Inbound\n", &options);
    assert_eq!(
        defs(&t),
        vec!["8443:TCP:10.1.0.0/16:disabled:Vendor App, 'X' - TCP 8443"]
    );
}

#[test]
fn unreadable_cells_are_reported() {
    let text = "Port\tProtocol\tDirection\tDescription\n\
                80\thttp\tInbound\tWeb\n\
                81\tTCP\tsometimes\tOdd\n\
                0\tTCP\tInbound\tZero\n\
                70000\tTCP\tInbound\tHigh\n\
                <b>Update manager</b>\t\t\t\n\
                Keep in mind that this list of ports can change over time.\n\
                82\tTCP\tInbound\tFirst\n\
                82\tTCP\tInbound\tAgain\n";
    let t = port_table(text, &TableOptions::default());
    assert_eq!(opened(&t), vec![(8, 82, "TCP")]);
    let reasons: Vec<(usize, SkipReason)> = t
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (2, SkipReason::BadProtocol("http".into())),
            (3, SkipReason::BadDirection("sometimes".into())),
            (
                4,
                SkipReason::BadPort("port 0 is out of range 1–65535".into())
            ),
            (
                5,
                SkipReason::BadPort("port 70000 is out of range 1–65535".into())
            ),
            (6, SkipReason::Note),
            (7, SkipReason::Note),
        ]
    );
    let dup = t
        .diagnostics
        .iter()
        .find(|d| d.code == Code::Duplicate)
        .unwrap();
    assert_eq!(dup.line, Some(9));
    assert_eq!(
        dup.message,
        "port 82/TCP is already imported from line 8; not added twice"
    );
}

fn wide_scope(n: usize) -> Scope {
    Scope::parse(
        &(1..=n)
            .map(|i| format!("10.{i}.100.200"))
            .collect::<Vec<_>>()
            .join(","),
    )
    .value
    .unwrap()
}

#[test]
fn long_descriptions_keep_the_definition_within_259_characters() {
    let text = format!(
        "Port,Protocol,Direction,Description\n65535,UDP,Inbound,{}\n",
        "word ".repeat(200)
    );
    let prefix = "A very long vendor name prefix for testing - ";
    let name_with = |scope: Scope| {
        let options = TableOptions {
            scope,
            max_description_len: 1000,
            name_prefix: prefix.into(),
            ..TableOptions::default()
        };
        let t = port_table(&text, &options);
        let e = t.ports[0].1.clone();
        assert!(e.to_string().encode_utf16().count() <= 259, "{e}");
        assert_eq!(e.validate(Origin::Typed), vec![]);
        e.name
    };
    let name = name_with(wide_scope(8));
    assert!(
        name.starts_with(prefix) && name.ends_with("word... (UDP 65535)"),
        "{name}"
    );
    // A scope that leaves no room for the description: prefix, transport and port remain.
    assert_eq!(
        name_with(wide_scope(14)),
        "A very long vendor name prefix for testing - UDP 65535"
    );
}

#[test]
fn an_empty_scope_option_imports_nothing() {
    let options = TableOptions {
        scope: Scope::List(vec![]),
        ..TableOptions::default()
    };
    let t = port_table("80,TCP,Inbound\n", &options);
    assert!(t.ports.is_empty());
    assert_eq!(t.diagnostics[0].code, Code::ScopeEmpty);
}

fn arb_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,6}",
        "[0-9]{1,5}-[0-9]{1,5}",
        Just("TCP".to_string()),
        Just("TCP, UDP".to_string()),
        Just("UDB".to_string()),
        Just("Inbound".to_string()),
        Just("Outbound (TCP,UDP) Inbound (TCP)".to_string()),
        Just("Outbound and Inbound".to_string()),
        Just("<ul> <li>• a: b; \"c\"</li></ul>".to_string()),
        Just("Port".to_string()),
        Just("Protocol".to_string()),
        Just("Direction".to_string()),
        Just("\"quoted, cell\"".to_string()),
        Just("\"".to_string()),
        "\\PC{0,30}",
    ]
}

proptest! {
    #[test]
    fn table_import_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let _ = port_table(&text, &TableOptions::default());
    }

    #[test]
    fn table_like_text_imports_only_valid_exceptions(
        rows in vec(vec(arb_cell(), 1..6), 0..12),
        tabs in any::<bool>(),
        prefix in "\\PC{0,20}",
    ) {
        let sep = if tabs { "\t" } else { "," };
        let text = rows
            .iter()
            .map(|r| r.join(sep))
            .collect::<Vec<_>>()
            .join("\n");
        let options = TableOptions { name_prefix: prefix, ..TableOptions::default() };
        let t = port_table(&text, &options);
        for (_, e) in &t.ports {
            let errors: Vec<Diagnostic> =
                e.validate(Origin::Typed).into_iter().filter(|d| d.is_error()).collect();
            prop_assert!(errors.is_empty(), "{}: {:?}", e, errors);
            prop_assert!(e.to_string().encode_utf16().count() <= 259);
        }
        prop_assert_eq!(
            t.skipped.len(),
            t.diagnostics.iter().filter(|d| d.code == Code::SkippedRow).count()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Messages in plain words (issue 13, item 5)
// ---------------------------------------------------------------------------------------------

/// Every way a message is shown: the message, the sentence, the details and the CLI line.
fn shown(d: &Diagnostic) -> [String; 4] {
    [d.message.clone(), d.sentence(), d.details(), d.to_string()]
}

#[test]
fn a_quoted_program_path_gives_one_diagnostic() {
    let pasted = exception_lines(r#""C:\Program Files\App\app.exe":*:enabled:App"#);
    assert!(pasted.programs.is_empty());
    assert_eq!(pasted.diagnostics.len(), 1, "{:#?}", pasted.diagnostics);
    let d = &pasted.diagnostics[0];
    assert!(d.is_error());
    assert_eq!(
        d.sentence(),
        r"Remove the quotes around the program path “C:\Program Files\App\app.exe”: Windows stores the path without them, even when it contains spaces."
    );
    assert_eq!(d.details(), "line 1 · path · code unsafe-character");
}

#[test]
fn no_message_doubles_the_backslashes_of_a_path() {
    // Typed lines with a path and one problem each.
    let typed = [
        r"C:\Apps\app.exe:10.0.0.300:enabled:App",
        r"C:\Apps\app.exe:*:on:App",
        r"C:\Apps\app.exe:*:enabled:A:B",
        r"Apps\app.exe:*:enabled:App",
        r#""C:\Apps\app.exe":*:enabled:App"#,
        r#""C:\Apps\app.exe:*:enabled:App"#,
        r"C:\Apps\app.exe;x:*:enabled:App",
    ];
    let pasted = exception_lines(&typed.join("\n"));
    assert!(
        pasted.diagnostics.len() >= typed.len(),
        "{:#?}",
        pasted.diagnostics
    );
    // Imported with spellings other than the canonical one (the "kept as written" notes at a
    // byte offset), and lint on the imported policy.
    let pol = std::fs::read(common::golden::case_dir("roundtrip").join("gpmc.pol"))
        .unwrap_or_else(|e| panic!("{e}"));
    let read = formats::read(None, &pol).unwrap_or_else(|e| panic!("{e}"));
    let imported: Vec<Diagnostic> = read
        .diagnostics
        .iter()
        .cloned()
        .chain(analysis::lint::check(&read.project.policy))
        .collect();
    assert!(
        imported
            .iter()
            .any(|d| d.offset.is_some() && d.message.contains(r"%ProgramFiles%\Contoso\agent.exe")),
        "{imported:#?}"
    );
    for d in pasted.diagnostics.iter().chain(&imported) {
        for text in shown(d) {
            assert!(!text.contains(r"\\"), "doubled backslash: {text}");
        }
        assert!(d.details().contains(&format!("code {}", d.code)));
        let sentence = d.sentence();
        assert!(sentence.ends_with(['.', '!', '?']), "{sentence}");
        assert!(!sentence.starts_with(char::is_lowercase), "{sentence}");
    }
    // The byte offset of a note about a binary file is in its details, not its sentence.
    let note = imported
        .iter()
        .find(|d| d.offset.is_some() && d.code == Code::Canonicalized)
        .unwrap_or_else(|| panic!("no note with an offset: {imported:#?}"));
    let at = format!("byte {}", note.offset.unwrap_or(0));
    assert!(note.details().contains(&at));
    assert!(!note.sentence().contains(&at), "{}", note.sentence());
}
