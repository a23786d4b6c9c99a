//! The JSON project format: exact round trips both ways, the kitchen-sink golden file, and the
//! errors an admin sees for broken files (each naming its JSON path).
//!
//! Regenerate the golden file with `UPDATE_GOLDENS=1 cargo test -p fwpolicy-core --test project`.
mod common;

use std::path::PathBuf;

use common::*;
use fwpolicy_core::formats::project::{from_json, to_json, Project, ProjectError};
use fwpolicy_core::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn kitchen_sink_project() -> Project {
    Project {
        title: "Kitchen sink".into(),
        description: "Every setting, both profiles, all three states, both exception kinds, an interface exclusion and a value of another policy.".into(),
        source: "core/tests/common/mod.rs kitchen_sink()".into(),
        policy: kitchen_sink(),
    }
}

fn kitchen_sink_json() -> String {
    to_json(&kitchen_sink_project())
}

/// Reads JSON built as a `serde_json::Value` and returns the error diagnostics.
fn errors_of(v: &Value) -> Vec<Diagnostic> {
    let text = serde_json::to_string_pretty(v).unwrap();
    match from_json(&text) {
        Err(ProjectError::Invalid(diags)) => diags.into_iter().filter(|d| d.is_error()).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn kitchen_value() -> Value {
    serde_json::from_str(&kitchen_sink_json()).unwrap()
}

fn arb_text() -> impl Strategy<Value = String> {
    "\\PC{0,40}"
}

/// A project around [`arb_project_policy`]. Boxed: the unboxed value tree of the whole policy
/// plus three strings overflows the 2 MiB test-thread stack in debug builds.
fn arb_project() -> BoxedStrategy<Project> {
    (
        arb_project_policy().boxed(),
        arb_text(),
        arb_text(),
        arb_text(),
    )
        .prop_map(|(policy, title, description, source)| Project {
            title,
            description,
            source,
            policy,
        })
        .boxed()
}

proptest! {
    #[test]
    fn project_policy_round_trips(p in arb_project()) {
        let json = to_json(&p);
        let (back, diagnostics) = from_json(&json).unwrap();
        prop_assert_eq!(&back, &p);
        prop_assert!(diagnostics.is_empty(), "{:?}", diagnostics);
        // Canonical: writing what was read gives the same bytes.
        prop_assert_eq!(to_json(&back), json);
    }

    #[test]
    fn registry_policy_round_trips(policy in arb_policy()) {
        let p = Project::new(policy);
        let (back, _) = from_json(&to_json(&p)).unwrap();
        prop_assert_eq!(back, p);
    }

    #[test]
    fn reading_arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = from_json(&text);
    }

    #[test]
    fn reading_damaged_project_files_never_panics(
        at in 0usize..4000,
        len in 0usize..40,
        insert in prop_oneof![
            Just(""), Just("\""), Just("{"), Just("}"), Just("["), Just("]"), Just(","),
            Just(":"), Just("70000"), Just("-1"), Just("1.5"), Just("null"), Just("true"),
            Just("\"x\""), Just("\"maybe\""), Just("\"10.0.0.300\""), Just("[]"), Just("{}"),
        ],
    ) {
        let json = kitchen_sink_json();
        let mut start = at.min(json.len());
        while !json.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(json.len());
        while !json.is_char_boundary(end) { end -= 1; }
        let damaged = format!("{}{}{}", &json[..start], insert, &json[end..]);
        match from_json(&damaged) {
            // Whatever was accepted is a valid project that writes and reads back.
            Ok((p, _)) => prop_assert_eq!(from_json(&to_json(&p)).map(|(q, _)| q), Ok(p)),
            // A refusal points into the file: a line of it, or JSON paths.
            Err(ProjectError::Json { line, .. }) => {
                prop_assert!(line >= 1 && line <= damaged.lines().count() + 1)
            }
            Err(ProjectError::Invalid(diags)) => {
                prop_assert!(diags.iter().any(|d| d.is_error()));
                prop_assert!(diags.iter().all(|d| d.path.is_some()), "{diags:?}");
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

#[test]
fn kitchen_sink_matches_golden_json() {
    let json = kitchen_sink_json();
    golden::check_text("kitchen-sink", "policy.json", &json);
    let (back, diagnostics) = from_json(&json).unwrap();
    assert_eq!(back.policy, kitchen_sink());
    assert_eq!(diagnostics, vec![]);
    assert_eq!(to_json(&back), json);
}

#[test]
fn file_layout_is_versioned_and_readable() {
    let json = kitchen_sink_json();
    assert!(json.starts_with("{\n  \"format\": \"fwpolicy\",\n  \"version\": 1,\n"));
    assert!(json.ends_with("}\n") && !json.ends_with("\n\n"));
    let v = kitchen_value();
    let d = &v["policy"]["domain"];
    assert_eq!(
        d["portExceptions"]["items"][2],
        json!({"port": 1900, "transport": "UDP", "scope": "10.0.0.0/8", "status": "disabled",
               "name": "SSDP !test! $(x) `y` 'z'"})
    );
    assert_eq!(
        d["programExceptions"]["items"][0],
        json!({"path": "%ProgramFiles%\\NetMeeting\\Conf.exe", "scope": "*", "status": "enabled",
               "name": "NetMeeting"})
    );
    assert_eq!(
        d["icmp"],
        json!({"state": "enabled", "allowed": ["AllowInboundEchoRequest", "AllowOutboundPacketTooBig"]})
    );
    assert_eq!(
        d["remoteAdministration"],
        json!({"state": "enabled", "scope": "192.168.10.0/255.255.255.0"})
    );
    assert_eq!(d["excludedInterfaces"], json!(["Virtual Ethernet PTP"]));
    assert_eq!(
        v["policy"]["standard"]["doNotAllowExceptions"],
        json!({"state": "enabled"})
    );
    assert_eq!(
        v["policy"]["refreshInterval"],
        json!({"state": "enabled", "minutes": 60, "offset": 15})
    );
    assert_eq!(
        v["policy"]["unowned"][0],
        json!({"key": "Software\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU",
               "value": "NoAutoUpdate", "type": "REG_DWORD", "data": "00 00 00 00"})
    );
}

#[test]
fn options_are_kept_when_a_setting_is_not_enabled() {
    let mut policy = Policy::default();
    policy.standard.remote_desktop = Setting::disabled();
    policy.standard.remote_desktop.options = Scope::parse("10.0.0.0/8").value.unwrap();
    policy.domain.ports = Setting::new(
        State::NotConfigured,
        vec![
            PortException::parse("80:TCP:*:enabled:Web", ParseOptions::TYPED)
                .value
                .unwrap(),
        ],
    );
    let p = Project::new(policy);
    let json = to_json(&p);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["policy"]["standard"]["remoteDesktop"],
        json!({"state": "disabled", "scope": "10.0.0.0/8"})
    );
    assert_eq!(
        v["policy"]["domain"]["portExceptions"]["state"],
        json!("not-configured")
    );
    assert_eq!(from_json(&json).unwrap().0, p);
}

#[test]
fn unowned_values_keep_their_exact_bytes() {
    let unowned = vec![
        Record {
            key: r"Software\Policies\Contoso".into(),
            value: "Blob".into(),
            kind: RegType::BINARY,
            data: vec![0xff, 0x00, 0x01],
        },
        Record {
            key: r"Software\Policies\Contoso".into(),
            value: "Odd".into(),
            kind: RegType(12),
            data: vec![0x41],
        },
        Record {
            key: r"Software\Policies\Contoso".into(),
            value: "BadString".into(),
            kind: RegType::SZ,
            data: vec![0x41, 0x00, 0x42],
        },
    ];
    let p = Project::new(Policy {
        unowned,
        ..Policy::default()
    });
    let json = to_json(&p);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["policy"]["unowned"][0]["type"], json!("REG_BINARY"));
    assert_eq!(v["policy"]["unowned"][0]["data"], json!("ff 00 01"));
    assert_eq!(v["policy"]["unowned"][1]["type"], json!("type 12"));
    assert_eq!(from_json(&json).unwrap().0, p);
}

#[test]
fn missing_keys_take_their_defaults() {
    let (p, diags) =
        from_json(r#"{"format": "fwpolicy", "version": 1, "policy": {"standard": {"protectAllConnections": {"state": "enabled"}}}}"#)
            .unwrap();
    assert_eq!(p.title, "");
    assert_eq!(p.policy.domain, Profile::default());
    assert_eq!(p.policy.standard.protect_all.state, State::Enabled);
    assert_eq!(p.policy.standard.remote_desktop, Setting::not_configured());
    assert_eq!(diags, vec![]);
}

#[test]
fn malformed_json_names_line_and_column() {
    let err = from_json("{\n  \"format\": \"fwpolicy\",\n  \"version\": 1,\n}\n").unwrap_err();
    match &err {
        ProjectError::Json { line, column, .. } => assert_eq!((*line, *column), (4, 1)),
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("not valid JSON at line 4, column 1: "),
        "{err}"
    );
    assert!(matches!(
        from_json(""),
        Err(ProjectError::Json { line: 1, .. })
    ));
}

#[test]
fn deeply_nested_input_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(from_json(&deep), Err(ProjectError::Json { .. })));
}

#[test]
fn wrong_or_missing_format_is_refused() {
    assert_eq!(
        from_json("[]").unwrap_err().to_string(),
        "not an fwpolicy project: the file holds a list instead of an object with \"format\": \"fwpolicy\""
    );
    assert_eq!(
        from_json(r#"{"version": 1, "policy": {}}"#).unwrap_err().to_string(),
        "not an fwpolicy project: there is no \"format\" key; an fwpolicy project starts with \"format\": \"fwpolicy\""
    );
    assert_eq!(
        from_json(r#"{"format": "gpo", "version": 1}"#)
            .unwrap_err()
            .to_string(),
        "not an fwpolicy project: \"format\" is \"gpo\", expected \"fwpolicy\""
    );
}

#[test]
fn newer_version_is_refused_before_anything_else() {
    let err =
        from_json(r#"{"format": "fwpolicy", "version": 3, "policy": {"bogus": 1}}"#).unwrap_err();
    assert_eq!(err, ProjectError::NewerVersion(3));
    assert_eq!(
        err.to_string(),
        "written by a newer fwpolicy (version 3); this version reads versions 1 and 2"
    );
    for bad in [r#""1""#, "0", "1.5", "-1"] {
        let text = format!(r#"{{"format": "fwpolicy", "version": {bad}, "policy": {{}}}}"#);
        assert!(
            matches!(from_json(&text), Err(ProjectError::BadVersion(_))),
            "{bad}"
        );
    }
    assert!(matches!(
        from_json(r#"{"format": "fwpolicy", "policy": {}}"#),
        Err(ProjectError::BadVersion(_))
    ));
}

#[test]
fn unknown_key_is_an_error_naming_its_path() {
    let text =
        kitchen_sink_json().replacen("\"protectAllConnections\"", "\"protectAllConection\"", 1);
    let err = from_json(&text).unwrap_err();
    let ProjectError::Invalid(diags) = &err else {
        panic!("{err:?}")
    };
    let d = diags.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(d.path.as_deref(), Some("policy.domain.protectAllConection"));
    assert!(
        d.message.starts_with("unknown key “protectAllConection”"),
        "{}",
        d.message
    );
    assert!(
        err.to_string()
            .contains("policy.domain.protectAllConection"),
        "{err}"
    );

    let mut v = kitchen_value();
    v["policy"]["domain"]["portExceptions"]["items"][0]["comment"] = json!("x");
    let errors = errors_of(&v);
    assert_eq!(
        errors[0].path.as_deref(),
        Some("policy.domain.portExceptions.items[0].comment")
    );
}

#[test]
fn invalid_scope_names_the_item_path_and_the_scope_parser_reason() {
    let mut v = kitchen_value();
    let items = v["policy"]["domain"]["portExceptions"]["items"]
        .as_array_mut()
        .unwrap();
    items.push(
        json!({"port": 8080, "transport": "TCP", "scope": "10.0.0.300",
                      "status": "enabled", "name": "Proxy"}),
    );
    let errors = errors_of(&v);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let d = &errors[0];
    assert_eq!(
        d.path.as_deref(),
        Some("policy.domain.portExceptions.items[3].scope")
    );
    assert_eq!(d.code, Code::ScopeItem);
    assert_eq!(d.field, Some(Field::Scope));
    assert!(
        d.message
            .starts_with("scope item 10.0.0.300 is not an IPv4 address"),
        "{}",
        d.message
    );
}

#[test]
fn invalid_port_state_and_sizes_name_their_paths() {
    let mut v = kitchen_value();
    v["policy"]["domain"]["portExceptions"]["items"][0]["port"] = json!(70000);
    v["policy"]["standard"]["remoteDesktop"]["state"] = json!("maybe");
    v["policy"]["domain"]["logging"]["logFileSizeKb"] = json!(10);
    v["policy"]["domain"]["programExceptions"]["items"][1]["status"] = json!("on");
    v["policy"]["domain"]["icmp"]["allowed"][0] = json!("AllowPing");
    v["policy"]["refreshInterval"]["minutes"] = json!(50000);
    let errors = errors_of(&v);
    let found: Vec<(&str, Code, &str)> = errors
        .iter()
        .map(|d| (d.path.as_deref().unwrap_or(""), d.code, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "policy.domain.programExceptions.items[1].status",
                Code::BadStatus,
                "status “on” must be enabled or disabled"
            ),
            (
                "policy.domain.icmp.allowed[0]",
                Code::Syntax,
                "\"AllowPing\" is not an ICMP option; expected one of: AllowOutboundDestinationUnreachable, AllowOutboundSourceQuench, AllowRedirect, AllowInboundEchoRequest, AllowInboundRouterRequest, AllowOutboundTimeExceeded, AllowOutboundParameterProblem, AllowInboundTimestampRequest, AllowInboundMaskRequest, AllowOutboundPacketTooBig"
            ),
            (
                "policy.domain.portExceptions.items[0].port",
                Code::PortOutOfRange,
                "port 70000 is out of range 1–65535"
            ),
            (
                "policy.standard.remoteDesktop.state",
                Code::Syntax,
                "state “maybe” must be enabled, disabled or not-configured"
            ),
        ]
    );
}

#[test]
fn missing_exception_fields_and_wrong_types_are_errors() {
    let mut v = kitchen_value();
    v["policy"]["domain"]["portExceptions"]["items"][0] =
        json!({"port": "9511-9513", "transport": "ALL", "scope": "*", "name": "x"});
    v["policy"]["domain"]["excludedInterfaces"] = json!([""]);
    v["policy"]["unowned"][0]["data"] = json!("0g");
    let errors = errors_of(&v);
    let found: Vec<(&str, Code)> = errors
        .iter()
        .map(|d| (d.path.as_deref().unwrap_or(""), d.code))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "policy.domain.portExceptions.items[0].port",
                Code::PortRange
            ),
            (
                "policy.domain.portExceptions.items[0].transport",
                Code::BadTransport
            ),
            ("policy.domain.portExceptions.items[0]", Code::EmptyField),
            ("policy.domain.excludedInterfaces[0]", Code::BadInterface),
            ("policy.unowned[0].data", Code::Syntax),
        ]
    );
}

#[test]
fn unsafe_names_are_kept_with_a_warning() {
    let mut v = kitchen_value();
    v["policy"]["domain"]["portExceptions"]["items"][0]["name"] = json!("Web \"Server\"");
    v["policy"]["domain"]["excludedInterfaces"] = json!(["PTP; link"]);
    let text = serde_json::to_string(&v).unwrap();
    let (p, diags) = from_json(&text).unwrap();
    assert_eq!(p.policy.domain.ports.options[0].name, "Web \"Server\"");
    assert_eq!(
        p.policy.domain.excluded_interfaces,
        vec!["PTP; link".to_string()]
    );
    let warned: Vec<(&str, Severity, Code)> = diags
        .iter()
        .map(|d| (d.path.as_deref().unwrap_or(""), d.severity, d.code))
        .collect();
    assert_eq!(
        warned,
        vec![
            (
                "policy.domain.portExceptions.items[0].name",
                Severity::Warning,
                Code::UnsafeCharacter
            ),
            (
                "policy.domain.excludedInterfaces[0]",
                Severity::Warning,
                Code::UnsafeCharacter
            ),
        ]
    );
}

/// Every v1 file fwpolicy wrote before the file types moved to serde (copies of the goldens
/// of that time, kept in `tests/data/compat/`) still loads without a diagnostic and is written
/// back byte for byte.
#[test]
fn v1_files_written_by_earlier_versions_still_load() {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", "compat"]
        .iter()
        .collect();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (project, diags) =
            from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(diags, vec![], "{}", path.display());
        assert_eq!(to_json(&project), text, "{}", path.display());
        seen += 1;
    }
    assert!(
        seen >= 7,
        "only {seen} compatibility fixtures in {}",
        dir.display()
    );
}

// See: issue 10
#[test]
fn source_records_need_version_2_and_survive_save_and_reopen() {
    let key = r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile";
    let record =
        json!({"key": key, "value": "EnableFirewall", "type": "REG_DWORD", "data": "01 00 00 00"});
    let file = |version: u64| {
        json!({"format": "fwpolicy", "version": version, "policy": {"sourceRecords": [record.clone()]}})
            .to_string()
    };
    // Version 1 has no sourceRecords key.
    let errors = match from_json(&file(1)) {
        Err(ProjectError::Invalid(d)) => d,
        other => panic!("expected an error, got {other:?}"),
    };
    assert_eq!(errors[0].path.as_deref(), Some("policy.sourceRecords"));
    // Version 2: the records become the policy's source (the policy itself comes from its keys).
    let (project, _) = from_json(&file(2)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        project.policy.source.records(),
        [Record::dword(key, "EnableFirewall", 1)]
    );
    let text = to_json(&project);
    assert!(text.contains("\"version\": 2"), "{text}");
    assert!(text.contains("\"sourceRecords\": ["), "{text}");
    let (again, _) = from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(to_json(&again), text);
    // Without a source the file is version 1, as before.
    let plain = to_json(&Project::new(project.policy.without_source()));
    assert!(plain.contains("\"version\": 1"), "{plain}");
    assert!(!plain.contains("sourceRecords"), "{plain}");
}

// See: issue 11 (found by the fuzzer) — a Registry.pol with a log size or refresh interval
// outside the ADMX range reads with a warning, and the project file written from it must read
// back: such values are warnings in a project file too, never a refused file.
#[test]
fn out_of_range_sizes_read_from_a_registry_file_survive_a_project_file() {
    let mut v = kitchen_value();
    v["policy"]["domain"]["logging"]["logFileSizeKb"] = json!(10);
    v["policy"]["refreshInterval"]["minutes"] = json!(50000);
    let text = serde_json::to_string_pretty(&v).unwrap();
    let (project, diagnostics) = from_json(&text).unwrap();
    let warned: Vec<(&str, Code)> = diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| (d.path.as_deref().unwrap_or(""), d.code))
        .collect();
    assert_eq!(
        warned,
        vec![
            ("policy.domain.logging.logFileSizeKb", Code::LogSizeRange),
            ("policy.refreshInterval.minutes", Code::RefreshRange),
        ]
    );
    assert_eq!(project.policy.domain.logging.options.size_kb, 10);
    assert_eq!(
        to_json(&project),
        to_json(&from_json(&to_json(&project)).unwrap().0)
    );
}
