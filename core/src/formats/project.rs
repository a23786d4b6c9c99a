//! The fwpolicy project file: a versioned JSON document holding one [`Policy`] together with a
//! title, a description and where it came from.
//!
//! ```json
//! {
//!   "format": "fwpolicy",
//!   "version": 1,
//!   "title": "…",
//!   "description": "…",
//!   "source": "…",
//!   "policy": { "domain": {…}, "standard": {…}, "ipsecBypass": {…}, "refreshInterval": {…}, "unowned": […] }
//! }
//! ```
//!
//! Each profile object has one key per setting ([`SettingId::json_key`], in [`SettingId::ALL`]
//! order) plus `excludedInterfaces`. A setting is `{"state": "enabled" | "disabled" |
//! "not-configured", …options}`; the options are written whatever the state, because the editor
//! keeps them (switching a policy off and on again never loses what the admin typed).
//! Exceptions are objects (`{"path", "scope", "status", "name"}` and `{"port", "transport",
//! "scope", "status", "name"}`), scopes are the canonical scope text, ICMP boxes are listed by
//! registry value name, and the registry values the model does not own are kept as
//! `{"key", "value", "type", "data"}` with the data as hex bytes, so they survive exactly.
//!
//! This module is the serialization boundary (style §11): the model types know nothing of JSON.
//! Writing maps the model onto the file types of format v1 (`ProjectFileV1` and the types it
//! holds, which derive `serde::Serialize`; their field order is the key order of the file) and
//! lets `serde_json` print them. Reading parses the text with `serde_json` into a JSON tree (a
//! syntax error gives line and column) and walks that tree by hand rather than deriving
//! `Deserialize`: a derived reader stops at the first problem and cannot re-home the model
//! parsers' reasons, while the walk reports every problem of the file at once, each under its
//! JSON path (`policy.domain.portExceptions.items[3].scope`), unknown keys included (the
//! equivalent of `deny_unknown_fields`).
//!
//! Invariants:
//! * `from_json(&to_json(p)) == p` for every project whose names are valid, and
//!   `to_json(&from_json(s)) == s` for every file `to_json` wrote (canonical files): 2-space
//!   indentation, keys in a fixed order, one trailing newline.
//! * Reading never panics. Malformed JSON gives line and column; a missing or wrong `"format"`,
//!   and a `"version"` other than 1 or 2, are refused before anything else is read.
//! * Decisions: **unknown keys are errors** (a misspelt `"protectAllConection"` silently ignored
//!   would change the policy the admin thinks they saved; newer files are caught by `"version"`).
//!   **Missing keys take their defaults** (a setting left out is Not configured with the dialog
//!   defaults), except inside an exception, where every field is required. Values the model
//!   cannot hold (scope `10.0.0.300`, port 70000, state `maybe`, log size 10) are errors naming
//!   the path and the model parser's reason. Names, paths and interface names with characters
//!   the exports cannot carry are kept with a warning, as for any imported file
//!   ([`ParseOptions::IMPORTED`](crate::model::exception::ParseOptions::IMPORTED)); the exports refuse
//!   them later.

use crate::model::diagnostic::quoted;
use crate::model::diagnostic::{has_errors, Code, Diagnostic, Field, Severity};
use crate::model::exception::{
    check_text, Origin, Port, PortException, ProgramException, Status, Transport,
};
use crate::model::names::same_name;
use crate::model::policy::Policy;
use crate::model::profile::{Profile, ProfileKind, SettingId};
use crate::model::scope::Scope;
use crate::model::setting::{
    IcmpOption, IcmpOptions, LoggingOptions, RefreshInterval, Setting, State, MAX_LOG_SIZE_KB,
    MAX_REFRESH_MINUTES, MAX_REFRESH_OFFSET, MIN_LOG_SIZE_KB,
};
use crate::registry::{hex, parse_hex, HexError, Record, RegType, Source};
use serde::Serialize;
use serde_json::{Map, Value};

/// Value of the `"format"` key.
pub const FORMAT: &str = "fwpolicy";
/// The newest file format version this code writes and reads: version 2 is version 1 plus
/// `policy.sourceRecords`, the registry records an imported policy was read from. A project
/// without them is written as version 1 (byte for byte what earlier releases wrote); both
/// versions are read.
pub const VERSION: u64 = 2;
/// The version of a project without source records.
pub const VERSION_1: u64 = 1;

/// A policy with the words around it: what the editor saves and the presets produce.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Project {
    /// Short title shown in the editor and the report.
    pub title: String,
    /// Free text for the admin: what the policy is for, what to check before rolling it out.
    pub description: String,
    /// Where the policy came from (a preset's source document, an imported file); may be empty.
    pub source: String,
    /// The policy itself.
    pub policy: Policy,
}

impl Project {
    /// A project with an empty title, description and source.
    pub fn new(policy: Policy) -> Self {
        Project {
            policy,
            ..Project::default()
        }
    }
}

/// Why a project file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectError {
    /// The text is not JSON.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON reader said.
        message: String,
    },
    /// The JSON is not an fwpolicy project (no or another `"format"`).
    #[error("not an fwpolicy project: {0}")]
    NotAProject(String),
    /// A file written by a newer fwpolicy.
    #[error("written by a newer fwpolicy (version {0}); this version reads versions 1 and 2")]
    NewerVersion(u64),
    /// A `"version"` that is missing or not a positive whole number.
    #[error("unsupported project version: {0}; this version reads versions 1 and 2")]
    BadVersion(String),
    /// The file has values the model cannot hold. Every diagnostic names its JSON path; the
    /// warnings found on the way are included.
    #[error("{}", summarize(.0))]
    Invalid(Vec<Diagnostic>),
}

fn summarize(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    match errors.len() {
        1 => errors.join(""),
        n => format!("{n} errors: {}", errors.join("; ")),
    }
}

// ---------------------------------------------------------------------------------------------
// Writing: model -> file types (serde) -> JSON
// ---------------------------------------------------------------------------------------------

/// The file as written: format v1. Borrowed from the model; the field order is the key order
/// of the file.
#[derive(Serialize)]
struct ProjectFileV1<'a> {
    format: &'static str,
    version: u64,
    title: &'a str,
    description: &'a str,
    source: &'a str,
    policy: PolicyV1<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyV1<'a> {
    domain: ProfileV1<'a>,
    standard: ProfileV1<'a>,
    ipsec_bypass: BypassV1<'a>,
    refresh_interval: RefreshV1,
    unowned: Vec<RecordV1>,
    /// Version 2: the records the policy was read from (see [`crate::registry::Source`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    source_records: Option<Vec<RecordV1>>,
}

/// One profile: one key per setting, in [`SettingId::ALL`] order, named by
/// [`SettingId::json_key`] (a unit test holds the two together).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileV1<'a> {
    protect_all_connections: PlainV1,
    do_not_allow_exceptions: PlainV1,
    program_exceptions: ListV1<ProgramV1<'a>>,
    allow_local_program_exceptions: PlainV1,
    remote_administration: ServiceV1,
    file_and_printer_sharing: ServiceV1,
    icmp: IcmpV1,
    remote_desktop: ServiceV1,
    upnp_framework: ServiceV1,
    logging: LoggingV1<'a>,
    prohibit_notifications: PlainV1,
    prohibit_unicast_response: PlainV1,
    port_exceptions: ListV1<PortV1<'a>>,
    allow_local_port_exceptions: PlainV1,
    excluded_interfaces: &'a [String],
}

#[derive(Serialize)]
struct PlainV1 {
    state: &'static str,
}

#[derive(Serialize)]
struct ServiceV1 {
    state: &'static str,
    scope: String,
}

#[derive(Serialize)]
struct ListV1<T> {
    state: &'static str,
    items: Vec<T>,
}

#[derive(Serialize)]
struct ProgramV1<'a> {
    path: &'a str,
    scope: String,
    status: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct PortV1<'a> {
    port: u16,
    transport: &'static str,
    scope: String,
    status: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct IcmpV1 {
    state: &'static str,
    allowed: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoggingV1<'a> {
    state: &'static str,
    log_dropped_packets: bool,
    log_successful_connections: bool,
    log_file_path: &'a str,
    log_file_size_kb: u32,
}

#[derive(Serialize)]
struct BypassV1<'a> {
    state: &'static str,
    sddl: &'a str,
}

#[derive(Serialize)]
struct RefreshV1 {
    state: &'static str,
    minutes: u32,
    offset: u32,
}

#[derive(Serialize)]
struct RecordV1 {
    key: String,
    value: String,
    #[serde(rename = "type")]
    kind: String,
    data: String,
}

fn record_v1(r: &Record) -> RecordV1 {
    RecordV1 {
        key: r.key.clone(),
        value: r.value.clone(),
        kind: r.kind.name(),
        data: hex(&r.data),
    }
}

fn plain(s: &Setting<()>) -> PlainV1 {
    PlainV1 {
        state: s.state.as_str(),
    }
}

fn service(s: &Setting<Scope>) -> ServiceV1 {
    ServiceV1 {
        state: s.state.as_str(),
        scope: s.options.to_string(),
    }
}

impl<'a> ProfileV1<'a> {
    fn new(p: &'a Profile) -> Self {
        ProfileV1 {
            protect_all_connections: plain(&p.protect_all),
            do_not_allow_exceptions: plain(&p.do_not_allow_exceptions),
            program_exceptions: ListV1 {
                state: p.programs.state.as_str(),
                items: p
                    .programs
                    .options
                    .iter()
                    .map(|e| ProgramV1 {
                        path: &e.path,
                        scope: e.scope.to_string(),
                        status: e.status.as_str(),
                        name: &e.name,
                    })
                    .collect(),
            },
            allow_local_program_exceptions: plain(&p.allow_local_programs),
            remote_administration: service(&p.remote_admin),
            file_and_printer_sharing: service(&p.file_and_print),
            icmp: IcmpV1 {
                state: p.icmp.state.as_str(),
                allowed: p.icmp.options.checked().map(|o| o.value_name()).collect(),
            },
            remote_desktop: service(&p.remote_desktop),
            upnp_framework: service(&p.upnp),
            logging: LoggingV1 {
                state: p.logging.state.as_str(),
                log_dropped_packets: p.logging.options.log_dropped,
                log_successful_connections: p.logging.options.log_successful,
                log_file_path: &p.logging.options.path,
                log_file_size_kb: p.logging.options.size_kb,
            },
            prohibit_notifications: plain(&p.prohibit_notifications),
            prohibit_unicast_response: plain(&p.prohibit_unicast),
            port_exceptions: ListV1 {
                state: p.ports.state.as_str(),
                items: p
                    .ports
                    .options
                    .iter()
                    .map(|e| PortV1 {
                        port: e.port.get(),
                        transport: e.transport.as_str(),
                        scope: e.scope.to_string(),
                        status: e.status.as_str(),
                        name: &e.name,
                    })
                    .collect(),
            },
            allow_local_port_exceptions: plain(&p.allow_local_ports),
            excluded_interfaces: &p.excluded_interfaces,
        }
    }
}

/// The project as a canonical JSON file: 2-space indentation, fixed key order, every key
/// written (options included whatever the state), one trailing newline.
pub fn to_json(project: &Project) -> String {
    // Serializing these types cannot fail: every key is a string and there are no floats.
    let mut text = serde_json::to_string_pretty(&file(project)).unwrap_or_default();
    text.push('\n');
    text
}

/// The same document as [`to_json`] on one line, with no white space between tokens (what
/// the share link compresses, [`super::link`]); [`from_json`] reads it alike.
pub fn to_json_compact(project: &Project) -> String {
    serde_json::to_string(&file(project)).unwrap_or_default()
}

fn file(project: &Project) -> ProjectFileV1<'_> {
    let policy = &project.policy;
    ProjectFileV1 {
        format: FORMAT,
        version: if policy.source.is_empty() {
            VERSION_1
        } else {
            VERSION
        },
        title: &project.title,
        description: &project.description,
        source: &project.source,
        policy: PolicyV1 {
            domain: ProfileV1::new(&policy.domain),
            standard: ProfileV1::new(&policy.standard),
            ipsec_bypass: BypassV1 {
                state: policy.ipsec_bypass.state.as_str(),
                sddl: &policy.ipsec_bypass.options,
            },
            refresh_interval: RefreshV1 {
                state: policy.refresh.state.as_str(),
                minutes: policy.refresh.options.minutes,
                offset: policy.refresh.options.offset,
            },
            unowned: policy.unowned.iter().map(record_v1).collect(),
            source_records: (!policy.source.is_empty())
                .then(|| policy.source.records().iter().map(record_v1).collect()),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Reading: JSON -> model, with JSON paths
// ---------------------------------------------------------------------------------------------

/// Reads a project file. On success, returns the project and the warnings found (each naming
/// its JSON path); see the module documentation for what is an error.
pub fn from_json(text: &str) -> Result<(Project, Vec<Diagnostic>), ProjectError> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        let full = e.to_string();
        let suffix = format!(" at line {line} column {column}");
        ProjectError::Json {
            line,
            column,
            message: full.strip_suffix(&suffix).unwrap_or(&full).to_string(),
        }
    })?;
    let Some(map) = root.as_object() else {
        return Err(ProjectError::NotAProject(format!(
            "the file holds {} instead of an object with \"format\": \"fwpolicy\"",
            describe(&root)
        )));
    };
    match map.get("format") {
        None => return Err(ProjectError::NotAProject(
            "there is no \"format\" key; an fwpolicy project starts with \"format\": \"fwpolicy\""
                .into(),
        )),
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(ProjectError::NotAProject(format!(
                "\"format\" is {other}, expected \"fwpolicy\""
            )))
        }
    }
    let version = match map.get("version") {
        None => {
            return Err(ProjectError::BadVersion(
                "there is no \"version\" key".into(),
            ))
        }
        Some(v) => match v.as_u64() {
            Some(n @ (VERSION_1 | VERSION)) => n,
            Some(n) if n > VERSION => return Err(ProjectError::NewerVersion(n)),
            _ => return Err(ProjectError::BadVersion(format!("\"version\" is {v}"))),
        },
    };

    let mut r = Reader {
        version,
        ..Reader::default()
    };
    r.check_keys(
        map,
        "",
        &[
            "format",
            "version",
            "title",
            "description",
            "source",
            "policy",
        ],
    );
    let title = r.string(map, "title", "").unwrap_or_default();
    let description = r.string(map, "description", "").unwrap_or_default();
    let source = r.string(map, "source", "").unwrap_or_default();
    let policy = match map.get("policy") {
        Some(v) => r.policy(v, "policy"),
        None => {
            r.error(
                "policy",
                Code::Syntax,
                None,
                "there is no \"policy\" key; the project holds no policy",
            );
            Policy::default()
        }
    };
    if has_errors(&r.diags) {
        return Err(ProjectError::Invalid(r.diags));
    }
    Ok((
        Project {
            title,
            description,
            source,
            policy,
        },
        r.diags,
    ))
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

const SETTING_KEYS: &[&str] = &["state"];
const SERVICE_KEYS: &[&str] = &["state", "scope"];
const LIST_KEYS: &[&str] = &["state", "items"];
const ICMP_KEYS: &[&str] = &["state", "allowed"];
const LOGGING_KEYS: &[&str] = &[
    "state",
    "logDroppedPackets",
    "logSuccessfulConnections",
    "logFilePath",
    "logFileSizeKb",
];
const PROGRAM_KEYS: &[&str] = &["path", "scope", "status", "name"];
const PORT_KEYS: &[&str] = &["port", "transport", "scope", "status", "name"];
const POLICY_KEYS: &[&str] = &[
    "domain",
    "standard",
    "ipsecBypass",
    "refreshInterval",
    "unowned",
];
const POLICY_KEYS_V2: &[&str] = &[
    "domain",
    "standard",
    "ipsecBypass",
    "refreshInterval",
    "unowned",
    "sourceRecords",
];
const EXCLUDED_INTERFACES: &str = "excludedInterfaces";

#[derive(Default)]
struct Reader {
    diags: Vec<Diagnostic>,
    /// The file's `"version"`.
    version: u64,
}

impl Reader {
    fn push(
        &mut self,
        severity: Severity,
        path: &str,
        code: Code,
        field: Option<Field>,
        message: impl Into<String>,
    ) {
        let mut d = Diagnostic::new(severity, code, message).with_path(path);
        d.field = field;
        self.diags.push(d);
    }

    fn error(&mut self, path: &str, code: Code, field: Option<Field>, message: impl Into<String>) {
        self.push(Severity::Error, path, code, field, message);
    }

    /// Re-homes a diagnostic from a model parser to a JSON path (its span is relative to a
    /// definition string the file does not contain, so it is dropped).
    fn adopt(&mut self, path: &str, mut d: Diagnostic) {
        d.span = None;
        d.path = Some(path.to_string());
        self.diags.push(d);
    }

    fn check_keys(&mut self, map: &Map<String, Value>, path: &str, allowed: &[&str]) {
        // serde_json's map is ordered by key, so the errors come in a stable order.
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.error(
                    &child(path, key),
                    Code::Syntax,
                    None,
                    format!(
                        "unknown key {}; expected one of: {}",
                        quoted(key),
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        allowed: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        match value.as_object() {
            Some(map) => {
                self.check_keys(map, path, allowed);
                Some(map)
            }
            None => {
                self.error(
                    path,
                    Code::Syntax,
                    None,
                    format!("expected an object, found {}", describe(value)),
                );
                None
            }
        }
    }

    fn array<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Vec<Value>> {
        match value.as_array() {
            Some(items) => Some(items),
            None => {
                self.error(
                    path,
                    Code::Syntax,
                    None,
                    format!("expected a list, found {}", describe(value)),
                );
                None
            }
        }
    }

    /// A string member: `None` when missing (no error) or not a string (error).
    fn string(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        let value = map.get(key)?;
        match value.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.error(
                    &child(path, key),
                    Code::Syntax,
                    None,
                    format!("expected a string, found {}", describe(value)),
                );
                None
            }
        }
    }

    fn required_string(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        path: &str,
        field: Field,
    ) -> Option<String> {
        if !map.contains_key(key) {
            self.error(
                path,
                Code::EmptyField,
                Some(field),
                format!("the {} is missing (key {})", field.label(), quoted(key)),
            );
            return None;
        }
        self.string(map, key, path)
    }

    fn boolean(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<bool> {
        let value = map.get(key)?;
        match value.as_bool() {
            Some(b) => Some(b),
            None => {
                self.error(
                    &child(path, key),
                    Code::Syntax,
                    None,
                    format!("expected true or false, found {}", describe(value)),
                );
                None
            }
        }
    }

    fn number(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        path: &str,
        field: Field,
    ) -> Option<u32> {
        let value = map.get(key)?;
        match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                self.error(
                    &child(path, key),
                    Code::Syntax,
                    Some(field),
                    format!("expected a whole number, found {value}"),
                );
                None
            }
        }
    }

    fn state(&mut self, map: &Map<String, Value>, path: &str) -> State {
        let Some(text) = self.string(map, "state", path) else {
            return State::NotConfigured;
        };
        match State::parse(&text) {
            Some(s) => s,
            None => {
                self.error(
                    &child(path, "state"),
                    Code::Syntax,
                    None,
                    format!(
                        "state {} must be enabled, disabled or not-configured",
                        quoted(&text)
                    ),
                );
                State::NotConfigured
            }
        }
    }

    fn plain(&mut self, value: Option<&Value>, path: &str) -> Setting<()> {
        let Some(value) = value else {
            return Setting::not_configured();
        };
        let Some(map) = self.object(value, path, SETTING_KEYS) else {
            return Setting::not_configured();
        };
        Setting::new(self.state(map, path), ())
    }

    fn scope(&mut self, text: &str, path: &str) -> Option<Scope> {
        let parsed = Scope::parse(text);
        for d in parsed.diagnostics {
            self.adopt(path, d);
        }
        parsed.value
    }

    fn service(&mut self, value: Option<&Value>, path: &str) -> Setting<Scope> {
        let Some(value) = value else {
            return Setting::not_configured();
        };
        let Some(map) = self.object(value, path, SERVICE_KEYS) else {
            return Setting::not_configured();
        };
        let state = self.state(map, path);
        let scope = match self.string(map, "scope", path) {
            Some(text) => self.scope(&text, &child(path, "scope")).unwrap_or_default(),
            None => Scope::default(),
        };
        Setting::new(state, scope)
    }

    fn icmp(&mut self, value: Option<&Value>, path: &str) -> Setting<IcmpOptions> {
        let Some(value) = value else {
            return Setting::not_configured();
        };
        let Some(map) = self.object(value, path, ICMP_KEYS) else {
            return Setting::not_configured();
        };
        let state = self.state(map, path);
        let mut options = IcmpOptions::default();
        if let Some(list) = map.get("allowed") {
            let list_path = child(path, "allowed");
            if let Some(items) = self.array(list, &list_path) {
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{list_path}[{i}]");
                    let option = item.as_str().and_then(IcmpOption::from_value_name);
                    match option {
                        Some(o) => options = options.with(o, true),
                        None => {
                            let names: Vec<&str> =
                                IcmpOption::ALL.iter().map(|o| o.value_name()).collect();
                            self.error(
                                &item_path,
                                Code::Syntax,
                                None,
                                format!(
                                    "{item} is not an ICMP option; expected one of: {}",
                                    names.join(", ")
                                ),
                            );
                        }
                    }
                }
            }
        }
        Setting::new(state, options)
    }

    fn logging(&mut self, value: Option<&Value>, path: &str) -> Setting<LoggingOptions> {
        let Some(value) = value else {
            return Setting::not_configured();
        };
        let Some(map) = self.object(value, path, LOGGING_KEYS) else {
            return Setting::not_configured();
        };
        let state = self.state(map, path);
        let mut o = LoggingOptions::default();
        if let Some(b) = self.boolean(map, "logDroppedPackets", path) {
            o.log_dropped = b;
        }
        if let Some(b) = self.boolean(map, "logSuccessfulConnections", path) {
            o.log_successful = b;
        }
        if let Some(p) = self.string(map, "logFilePath", path) {
            let p_path = child(path, "logFilePath");
            if p.trim().is_empty() && state == State::Enabled {
                // A warning, as from the registry readers (lint says it too): what they import,
                // a project file must read back (issue 11, found by the fuzzer).
                self.push(
                    Severity::Warning,
                    &p_path,
                    Code::EmptyField,
                    Some(Field::LogFilePath),
                    "the log file path is required when logging is Enabled",
                );
            }
            for d in check_text(&p, Field::LogFilePath, false, Origin::Imported) {
                self.adopt(&p_path, d);
            }
            o.path = p;
        }
        if let Some(kb) = self.number(map, "logFileSizeKb", path, Field::LogFileSize) {
            if !(MIN_LOG_SIZE_KB..=MAX_LOG_SIZE_KB).contains(&kb) {
                // A warning, as from the registry readers (issue 11): see logFilePath.
                self.push(
                    Severity::Warning,
                    &child(path, "logFileSizeKb"),
                    Code::LogSizeRange,
                    Some(Field::LogFileSize),
                    format!(
                        "log size {kb} KB is out of range {MIN_LOG_SIZE_KB}–{MAX_LOG_SIZE_KB} KB"
                    ),
                );
            }
            o.size_kb = kb;
        }
        Setting::new(state, o)
    }

    fn status(&mut self, map: &Map<String, Value>, path: &str) -> Option<Status> {
        let text = self.required_string(map, "status", path, Field::Status)?;
        let status = Status::parse(text.trim());
        if status.is_none() {
            self.error(
                &child(path, "status"),
                Code::BadStatus,
                Some(Field::Status),
                format!("status {} must be enabled or disabled", quoted(&text)),
            );
        }
        status
    }

    fn exception_scope(&mut self, map: &Map<String, Value>, path: &str) -> Option<Scope> {
        let text = self.required_string(map, "scope", path, Field::Scope)?;
        self.scope(&text, &child(path, "scope"))
    }

    /// Field-level diagnostics of a whole definition (unsafe name characters, length, ...),
    /// re-homed to the item; errors here mean the exception cannot be written as a
    /// definition string at all.
    fn definition_checks(&mut self, path: &str, diagnostics: Vec<Diagnostic>) -> bool {
        let mut ok = true;
        for d in diagnostics {
            let at = match d.field {
                Some(Field::Path) => child(path, "path"),
                Some(Field::Name) => child(path, "name"),
                Some(Field::Port) => child(path, "port"),
                Some(Field::Scope) => child(path, "scope"),
                _ => path.to_string(),
            };
            ok &= !d.is_error();
            self.adopt(&at, d);
        }
        ok
    }

    fn program(&mut self, value: &Value, path: &str) -> Option<ProgramException> {
        let map = self.object(value, path, PROGRAM_KEYS)?;
        let program_path = self.required_string(map, "path", path, Field::Path);
        let scope = self.exception_scope(map, path);
        let status = self.status(map, path);
        let name = self.required_string(map, "name", path, Field::Name);
        let e = ProgramException {
            path: program_path?,
            scope: scope?,
            status: status?,
            name: name?,
        };
        let ok = self.definition_checks(path, e.validate(Origin::Imported));
        ok.then_some(e)
    }

    fn port(&mut self, value: &Value, path: &str) -> Option<PortException> {
        let map = self.object(value, path, PORT_KEYS)?;
        let port = match map.get("port") {
            None => {
                self.error(
                    path,
                    Code::EmptyField,
                    Some(Field::Port),
                    "the port is missing (key \"port\")",
                );
                None
            }
            Some(v) => {
                let text = match v {
                    Value::Number(n) => Some(n.to_string()),
                    Value::String(s) => Some(s.clone()),
                    other => {
                        self.error(
                            &child(path, "port"),
                            Code::PortNotNumber,
                            Some(Field::Port),
                            format!("expected a port number, found {}", describe(other)),
                        );
                        None
                    }
                };
                match text.map(|t| Port::parse(&t)) {
                    Some(Ok(p)) => Some(p),
                    Some(Err(d)) => {
                        self.adopt(&child(path, "port"), d);
                        None
                    }
                    None => None,
                }
            }
        };
        let transport = match self.required_string(map, "transport", path, Field::Transport) {
            Some(t) => {
                let parsed = Transport::parse(t.trim());
                if parsed.is_none() {
                    self.error(
                        &child(path, "transport"),
                        Code::BadTransport,
                        Some(Field::Transport),
                        format!("transport {} must be TCP or UDP", quoted(&t)),
                    );
                }
                parsed
            }
            None => None,
        };
        let scope = self.exception_scope(map, path);
        let status = self.status(map, path);
        let name = self.required_string(map, "name", path, Field::Name);
        let e = PortException {
            port: port?,
            transport: transport?,
            scope: scope?,
            status: status?,
            name: name?,
        };
        let ok = self.definition_checks(path, e.validate(Origin::Imported));
        ok.then_some(e)
    }

    fn list<T>(
        &mut self,
        value: Option<&Value>,
        path: &str,
        item: impl Fn(&mut Self, &Value, &str) -> Option<T>,
    ) -> Setting<Vec<T>> {
        let Some(value) = value else {
            return Setting::not_configured();
        };
        let Some(map) = self.object(value, path, LIST_KEYS) else {
            return Setting::not_configured();
        };
        let state = self.state(map, path);
        let mut out = Vec::new();
        if let Some(list) = map.get("items") {
            let list_path = child(path, "items");
            if let Some(items) = self.array(list, &list_path) {
                for (i, v) in items.iter().enumerate() {
                    if let Some(e) = item(self, v, &format!("{list_path}[{i}]")) {
                        out.push(e);
                    }
                }
            }
        }
        Setting::new(state, out)
    }

    fn interfaces(&mut self, value: Option<&Value>, path: &str) -> Vec<String> {
        let Some(value) = value else {
            return Vec::new();
        };
        let Some(items) = self.array(value, path) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            let Some(name) = v.as_str() else {
                self.error(
                    &item_path,
                    Code::Syntax,
                    Some(Field::Interface),
                    format!("expected a connection name, found {}", describe(v)),
                );
                continue;
            };
            if name.trim().is_empty() {
                self.error(
                    &item_path,
                    Code::BadInterface,
                    Some(Field::Interface),
                    "the connection name is empty",
                );
                continue;
            }
            for d in check_text(name, Field::Interface, false, Origin::Imported) {
                self.adopt(&item_path, d);
            }
            if out.iter().any(|o| same_name(o, name)) {
                self.push(
                    Severity::Warning,
                    &item_path,
                    Code::Duplicate,
                    Some(Field::Interface),
                    format!("connection {} is listed twice", quoted(name)),
                );
            }
            out.push(name.to_string());
        }
        out
    }

    fn profile(&mut self, value: &Value, path: &str) -> Profile {
        let mut allowed: Vec<&str> = SettingId::ALL.iter().map(|s| s.json_key()).collect();
        allowed.push(EXCLUDED_INTERFACES);
        let Some(map) = self.object(value, path, &allowed) else {
            return Profile::default();
        };
        let at = |id: SettingId| (map.get(id.json_key()), child(path, id.json_key()));
        let mut p = Profile::default();
        for id in SettingId::ALL {
            let (v, sp) = at(id);
            match id {
                SettingId::ProtectAllConnections => p.protect_all = self.plain(v, &sp),
                SettingId::DoNotAllowExceptions => p.do_not_allow_exceptions = self.plain(v, &sp),
                SettingId::DefineProgramExceptions => {
                    p.programs = self.list(v, &sp, |r, v, ip| r.program(v, ip))
                }
                SettingId::AllowLocalProgramExceptions => {
                    p.allow_local_programs = self.plain(v, &sp)
                }
                SettingId::RemoteAdministration => p.remote_admin = self.service(v, &sp),
                SettingId::FileAndPrinterSharing => p.file_and_print = self.service(v, &sp),
                SettingId::IcmpExceptions => p.icmp = self.icmp(v, &sp),
                SettingId::RemoteDesktop => p.remote_desktop = self.service(v, &sp),
                SettingId::UpnpFramework => p.upnp = self.service(v, &sp),
                SettingId::Logging => p.logging = self.logging(v, &sp),
                SettingId::ProhibitNotifications => p.prohibit_notifications = self.plain(v, &sp),
                SettingId::ProhibitUnicastResponse => p.prohibit_unicast = self.plain(v, &sp),
                SettingId::DefinePortExceptions => {
                    p.ports = self.list(v, &sp, |r, v, ip| r.port(v, ip))
                }
                SettingId::AllowLocalPortExceptions => p.allow_local_ports = self.plain(v, &sp),
            }
        }
        p.excluded_interfaces = self.interfaces(
            map.get(EXCLUDED_INTERFACES),
            &child(path, EXCLUDED_INTERFACES),
        );
        p
    }

    fn bypass(&mut self, value: Option<&Value>, path: &str) -> Setting<String> {
        let Some(value) = value else {
            return Setting::not_configured();
        };
        let Some(map) = self.object(value, path, &["state", "sddl"]) else {
            return Setting::not_configured();
        };
        let state = self.state(map, path);
        let sddl = self.string(map, "sddl", path).unwrap_or_default();
        let sddl_path = child(path, "sddl");
        if state == State::Enabled {
            if sddl.trim().is_empty() {
                self.error(
                    &sddl_path,
                    Code::EmptyField,
                    Some(Field::Sddl),
                    "the SDDL is required when the IPsec bypass is Enabled",
                );
            } else if !(sddl.starts_with("O:") && sddl.contains("G:") && sddl.contains("D:")) {
                self.push(
                    Severity::Warning,
                    &sddl_path,
                    Code::SddlShape,
                    Some(Field::Sddl),
                    "the SDDL does not look like O:<owner>G:<group>D:<dacl>",
                );
            }
        }
        // Not `check_text`: `;` separates the fields of every SDDL ACE and is fine in value
        // data; only quotes and control characters cannot be carried by the scripts.
        if let Some((at, c)) = sddl
            .char_indices()
            .find(|(_, c)| *c == '"' || c.is_control())
        {
            self.push(
                Severity::Warning,
                &sddl_path,
                Code::UnsafeCharacter,
                Some(Field::Sddl),
                format!(
                    "SDDL contains {} at position {}: quotes and control characters cannot be carried safely by the exported scripts",
                    if c == '"' { "\"".to_string() } else { format!("U+{:04X}", c as u32) },
                    at + 1
                ),
            );
        }
        Setting::new(state, sddl)
    }

    fn refresh(&mut self, value: Option<&Value>, path: &str) -> Setting<RefreshInterval> {
        let Some(value) = value else {
            return Setting::not_configured();
        };
        let Some(map) = self.object(value, path, &["state", "minutes", "offset"]) else {
            return Setting::not_configured();
        };
        let state = self.state(map, path);
        let mut r = RefreshInterval::default();
        if let Some(m) = self.number(map, "minutes", path, Field::RefreshInterval) {
            if m > MAX_REFRESH_MINUTES {
                // A warning, as from the registry readers (issue 11): see logFilePath.
                self.push(
                    Severity::Warning,
                    &child(path, "minutes"),
                    Code::RefreshRange,
                    Some(Field::RefreshInterval),
                    format!("refresh interval {m} minutes is out of range 0–{MAX_REFRESH_MINUTES}"),
                );
            }
            r.minutes = m;
        }
        if let Some(o) = self.number(map, "offset", path, Field::RefreshOffset) {
            if o > MAX_REFRESH_OFFSET {
                self.push(
                    Severity::Warning,
                    &child(path, "offset"),
                    Code::RefreshRange,
                    Some(Field::RefreshOffset),
                    format!("random offset {o} minutes is out of range 0–{MAX_REFRESH_OFFSET}"),
                );
            }
            r.offset = o;
        }
        Setting::new(state, r)
    }

    fn record(&mut self, value: &Value, path: &str) -> Option<Record> {
        let map = self.object(value, path, &["key", "value", "type", "data"])?;
        let key = self.required_string(map, "key", path, Field::Key);
        let name = self.required_string(map, "value", path, Field::ValueName);
        let kind = match self.required_string(map, "type", path, Field::ValueType) {
            Some(t) => {
                let parsed = RegType::parse(&t);
                if parsed.is_none() {
                    self.error(
                        &child(path, "type"),
                        Code::Syntax,
                        Some(Field::ValueType),
                        format!(
                            "{} is not a registry type (REG_SZ, REG_DWORD, ... or type N)",
                            quoted(&t)
                        ),
                    );
                }
                parsed
            }
            None => None,
        };
        let data = match self.required_string(map, "data", path, Field::ValueData) {
            Some(h) => match data_hex(&h) {
                Ok(bytes) => Some(bytes),
                Err(reason) => {
                    self.error(
                        &child(path, "data"),
                        Code::Syntax,
                        Some(Field::ValueData),
                        reason,
                    );
                    None
                }
            },
            None => None,
        };
        Some(Record {
            key: key?,
            value: name?,
            kind: kind?,
            data: data?,
        })
    }

    fn policy(&mut self, value: &Value, path: &str) -> Policy {
        let keys: &[&str] = if self.version >= VERSION {
            POLICY_KEYS_V2
        } else {
            POLICY_KEYS
        };
        let Some(map) = self.object(value, path, keys) else {
            return Policy::default();
        };
        let mut p = Policy::default();
        for kind in ProfileKind::ALL {
            if let Some(v) = map.get(kind.as_str()) {
                *p.profile_mut(kind) = self.profile(v, &child(path, kind.as_str()));
            }
        }
        p.ipsec_bypass = self.bypass(map.get("ipsecBypass"), &child(path, "ipsecBypass"));
        p.refresh = self.refresh(map.get("refreshInterval"), &child(path, "refreshInterval"));
        if let Some(v) = map.get("unowned") {
            let list_path = child(path, "unowned");
            if let Some(items) = self.array(v, &list_path) {
                for (i, item) in items.iter().enumerate() {
                    if let Some(r) = self.record(item, &format!("{list_path}[{i}]")) {
                        p.unowned.push(r);
                    }
                }
            }
        }
        if let Some(v) = map.get("sourceRecords") {
            let list_path = child(path, "sourceRecords");
            if let Some(items) = self.array(v, &list_path) {
                let mut records = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Some(r) = self.record(item, &format!("{list_path}[{i}]")) {
                        records.push(r);
                    }
                }
                p.source = Source::from_records(records);
            }
        }
        p
    }
}

/// Hex bytes ([`parse_hex`]) with the project file's messages.
fn data_hex(text: &str) -> Result<Vec<u8>, String> {
    parse_hex(text).map_err(|e| match e {
        HexError::OddDigits => "data must be whole bytes written as pairs of hex digits".into(),
        HexError::NotHex(pair) => {
            format!(
                "{} is not a hex byte; data must be hex digits such as “01 00 00 00”",
                quoted(&pair)
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_keys_are_the_setting_json_keys_in_order() {
        let json = to_json(&Project::default());
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let domain = &v["policy"]["domain"];
        // serde_json's Map is sorted, so compare against the written text instead for order.
        let mut expected: Vec<&str> = SettingId::ALL.iter().map(|s| s.json_key()).collect();
        expected.push(EXCLUDED_INTERFACES);
        let mut keys: Vec<&str> = domain
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut sorted = expected.clone();
        sorted.sort_unstable();
        keys.sort_unstable();
        assert_eq!(keys, sorted);
        let positions: Vec<usize> = expected
            .iter()
            .map(|k| json.find(&format!("\"{k}\"")).unwrap_or(usize::MAX))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    }

    #[test]
    fn hex_accepts_spaced_and_packed() {
        assert_eq!(data_hex("01 0a FF"), Ok(vec![1, 10, 255]));
        assert_eq!(data_hex("010aff"), Ok(vec![1, 10, 255]));
        assert_eq!(data_hex(""), Ok(vec![]));
        assert!(data_hex("0").is_err());
        assert!(data_hex("zz").is_err());
        assert!(data_hex("+1").is_err());
    }
}
