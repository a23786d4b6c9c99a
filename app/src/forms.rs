//! Validation as you type: turns the text of a form into a `core` value or into messages
//! placed next to each field.
//!
//! All checks are `core` parsers (`Port::parse`, `Scope::parse`, `check_path`, `check_text`
//! and finally `PortException::parse` / `ProgramException::parse` with
//! [`ParseOptions::TYPED`] on the assembled definition, so what the form accepts is exactly
//! what the definition-string grammar accepts). The form never changes the policy until the
//! value is valid.

use fwpolicy_core::model::edit::{apply, check_interfaces, Edit, ListKind};
use fwpolicy_core::model::exception::{check_path, check_text};

use fwpolicy_core::{
    Diagnostic, Exception, Field, LoggingOptions, Origin, ParseOptions, Policy, Port,
    PortException, ProfileKind, ProgramException, RefreshInterval, Scope, Severity, Status,
    Transport,
};

/// A message for one field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMessage {
    /// The field it belongs next to ([`Field::Line`] for the whole definition).
    pub field: Field,
    /// Error or warning.
    pub severity: Severity,
    /// The text shown.
    pub text: String,
}

impl FieldMessage {
    fn from_diag(d: &Diagnostic, default: Field) -> FieldMessage {
        FieldMessage {
            field: d.field.unwrap_or(default),
            severity: d.severity,
            text: d.message.clone(),
        }
    }
}

/// The outcome of validating a form: the value when usable, and every message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<T> {
    /// The value, present exactly when no message is an error.
    pub value: Option<T>,
    /// Messages in field order.
    pub messages: Vec<FieldMessage>,
}

impl<T> Checked<T> {
    /// Messages for one field.
    pub fn for_field(&self, field: Field) -> Vec<&FieldMessage> {
        self.messages.iter().filter(|m| m.field == field).collect()
    }

    /// True when the value can be used.
    pub fn is_ok(&self) -> bool {
        self.value.is_some()
    }
}

fn push_all(out: &mut Vec<FieldMessage>, diags: &[Diagnostic], field: Field) {
    out.extend(diags.iter().map(|d| FieldMessage::from_diag(d, field)));
}

/// Adds messages not already present (the final whole-definition parse repeats field checks).
fn push_new(out: &mut Vec<FieldMessage>, diags: &[Diagnostic]) {
    for d in diags {
        let m = FieldMessage::from_diag(d, Field::Line);
        if !out.contains(&m) {
            out.push(m);
        }
    }
}

fn has_error(messages: &[FieldMessage]) -> bool {
    messages.iter().any(|m| m.severity == Severity::Error)
}

/// Checks a scope typed by the admin.
pub fn scope(text: &str) -> Checked<Scope> {
    let parsed = Scope::parse(text);
    let mut messages = Vec::new();
    push_all(&mut messages, &parsed.diagnostics, Field::Scope);
    Checked {
        value: parsed.value,
        messages,
    }
}

fn name_messages(name: &str, out: &mut Vec<FieldMessage>) {
    if name.trim().is_empty() {
        out.push(FieldMessage {
            field: Field::Name,
            severity: Severity::Error,
            text:
                "name is empty; give the exception the name admins will see in the exceptions list"
                    .into(),
        });
    } else {
        push_all(
            out,
            &check_text(name, Field::Name, true, Origin::Typed),
            Field::Name,
        );
    }
}

/// What the port form holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PortDraft {
    /// Port number text.
    pub port: String,
    /// TCP/UDP.
    pub transport: Transport,
    /// The scope (already checked by the scope editor; `None` while it is invalid).
    pub scope: Option<Scope>,
    /// Enabled or disabled.
    pub status: Status,
    /// Display name.
    pub name: String,
}

impl PortDraft {
    /// The form filled from an existing exception (editing).
    pub fn from_exception(e: &PortException) -> Self {
        PortDraft {
            port: e.port.to_string(),
            transport: e.transport,
            scope: Some(e.scope.clone()),
            status: e.status,
            name: e.name.clone(),
        }
    }

    /// Validates the form.
    pub fn check(&self) -> Checked<PortException> {
        let mut messages = Vec::new();
        let port = Port::parse(&self.port);
        if let Err(d) = &port {
            messages.push(FieldMessage::from_diag(d, Field::Port));
        }
        name_messages(&self.name, &mut messages);
        let (Ok(port), Some(scope), false) = (port, &self.scope, has_error(&messages)) else {
            return Checked {
                value: None,
                messages,
            };
        };
        let line = PortException {
            port,
            transport: self.transport,
            scope: scope.clone(),
            status: self.status,
            name: self.name.clone(),
        }
        .to_string();
        let parsed = PortException::parse(&line, ParseOptions::TYPED);
        push_new(&mut messages, &parsed.diagnostics);
        Checked {
            value: parsed.value,
            messages,
        }
    }
}

/// What the program form holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProgramDraft {
    /// Program path.
    pub path: String,
    /// The scope (`None` while the scope editor holds an invalid text).
    pub scope: Option<Scope>,
    /// Enabled or disabled.
    pub status: Status,
    /// Display name.
    pub name: String,
}

impl ProgramDraft {
    /// The form filled from an existing exception (editing).
    pub fn from_exception(e: &ProgramException) -> Self {
        ProgramDraft {
            path: e.path.clone(),
            scope: Some(e.scope.clone()),
            status: e.status,
            name: e.name.clone(),
        }
    }

    /// Validates the form.
    pub fn check(&self) -> Checked<ProgramException> {
        let mut messages = Vec::new();
        push_all(
            &mut messages,
            &check_path(&self.path, Origin::Typed),
            Field::Path,
        );
        if path_has_inner_colon(&self.path) {
            messages.push(FieldMessage {
                field: Field::Path,
                severity: Severity::Error,
                text: "path contains a colon (:) after the drive letter; the definition string uses : to end the path".into(),
            });
        }
        name_messages(&self.name, &mut messages);
        let (Some(scope), false) = (&self.scope, has_error(&messages)) else {
            return Checked {
                value: None,
                messages,
            };
        };
        let wanted = ProgramException {
            path: self.path.clone(),
            scope: scope.clone(),
            status: self.status,
            name: self.name.clone(),
        };
        let parsed = ProgramException::parse(&wanted.to_string(), ParseOptions::TYPED);
        push_new(&mut messages, &parsed.diagnostics);
        Checked {
            value: parsed.value,
            messages,
        }
    }
}

/// What an exception form holds, for either list: the port number or the program path is
/// `target`; `transport` only matters for ports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionDraft {
    /// Which list the form adds to.
    pub list: ListKind,
    /// Port number text or program path.
    pub target: String,
    /// TCP/UDP (ports).
    pub transport: Transport,
    /// The scope (`None` while the scope editor holds an invalid text).
    pub scope: Option<Scope>,
    /// Enabled or disabled.
    pub status: Status,
    /// Display name.
    pub name: String,
}

impl ExceptionDraft {
    /// A fresh form: enabled, local subnet only.
    pub fn fresh(list: ListKind) -> Self {
        ExceptionDraft {
            list,
            target: String::new(),
            transport: Transport::default(),
            scope: Some(Scope::local_subnet()),
            status: Status::Enabled,
            name: String::new(),
        }
    }

    /// The form filled from an existing exception (editing).
    pub fn of(e: &Exception) -> Self {
        match e {
            Exception::Port(p) => {
                let d = PortDraft::from_exception(p);
                ExceptionDraft {
                    list: ListKind::Ports,
                    target: d.port,
                    transport: d.transport,
                    scope: d.scope,
                    status: d.status,
                    name: d.name,
                }
            }
            Exception::Program(p) => {
                let d = ProgramDraft::from_exception(p);
                ExceptionDraft {
                    list: ListKind::Programs,
                    target: d.path,
                    transport: Transport::default(),
                    scope: d.scope,
                    status: d.status,
                    name: d.name,
                }
            }
        }
    }

    /// The field `target` is checked as.
    pub fn target_field(&self) -> Field {
        match self.list {
            ListKind::Ports => Field::Port,
            ListKind::Programs => Field::Path,
        }
    }

    /// Validates the form ([`PortDraft::check`] or [`ProgramDraft::check`]).
    pub fn check(&self) -> Checked<Exception> {
        match self.list {
            ListKind::Ports => {
                let c = PortDraft {
                    port: self.target.clone(),
                    transport: self.transport,
                    scope: self.scope.clone(),
                    status: self.status,
                    name: self.name.clone(),
                }
                .check();
                Checked {
                    value: c.value.map(Exception::Port),
                    messages: c.messages,
                }
            }
            ListKind::Programs => {
                let c = ProgramDraft {
                    path: self.target.clone(),
                    scope: self.scope.clone(),
                    status: self.status,
                    name: self.name.clone(),
                }
                .check();
                Checked {
                    value: c.value.map(Exception::Program),
                    messages: c.messages,
                }
            }
        }
    }
}

/// The outcome of trying an edit on an empty policy: `core::edit` re-checks every value it
/// stores, so its verdict is the rule, stated once.
fn dry_run<T>(edit: Edit, field: Field, value: T) -> Checked<T> {
    match apply(&Policy::default(), &edit) {
        Ok(_) => Checked {
            value: Some(value),
            messages: Vec::new(),
        },
        Err(e) => Checked {
            value: None,
            messages: vec![FieldMessage {
                field,
                severity: Severity::Error,
                text: e.to_string(),
            }],
        },
    }
}

fn whole_number(text: &str, field: Field, what: &str) -> Result<u32, Checked<u32>> {
    let t = text.trim();
    t.parse::<u32>().map_err(|_| Checked {
        value: None,
        messages: vec![FieldMessage {
            field,
            severity: Severity::Error,
            text: if t.is_empty() {
                format!("{what} is required")
            } else {
                format!("{what} {t} is not a whole number")
            },
        }],
    })
}

/// Checks the log file path (required; no characters the exports cannot carry).
pub fn log_path(text: &str) -> Checked<String> {
    let options = LoggingOptions {
        path: text.to_string(),
        ..LoggingOptions::default()
    };
    let edit = Edit::SetLogging {
        profile: ProfileKind::Domain,
        options,
    };
    dry_run(edit, Field::LogFilePath, text.to_string())
}

/// Checks the log size (128–32767 KB).
pub fn log_size(text: &str) -> Checked<u32> {
    let n = match whole_number(text, Field::LogFileSize, "log size") {
        Ok(n) => n,
        Err(c) => return c,
    };
    let options = LoggingOptions {
        size_kb: n,
        ..LoggingOptions::default()
    };
    let edit = Edit::SetLogging {
        profile: ProfileKind::Domain,
        options,
    };
    dry_run(edit, Field::LogFileSize, n)
}

/// Checks the Group Policy refresh interval (0–44640 minutes).
pub fn refresh_minutes(text: &str) -> Checked<u32> {
    refresh_part(text, Field::RefreshInterval, "refresh interval", |r, n| {
        r.minutes = n
    })
}

/// Checks the random refresh offset (0–1440 minutes).
pub fn refresh_offset(text: &str) -> Checked<u32> {
    refresh_part(text, Field::RefreshOffset, "random offset", |r, n| {
        r.offset = n
    })
}

/// One number of the refresh-interval policy, checked by core's edit with `set` applied to
/// the default interval.
fn refresh_part(
    text: &str,
    field: Field,
    what: &str,
    set: fn(&mut RefreshInterval, u32),
) -> Checked<u32> {
    let n = match whole_number(text, field, what) {
        Ok(n) => n,
        Err(c) => return c,
    };
    let mut interval = RefreshInterval::default();
    set(&mut interval, n);
    dry_run(Edit::SetRefreshInterval { interval }, field, n)
}

/// Checks the IPsec bypass SDDL text by trying the edit itself on an empty policy, so the rule
/// is exactly `core::edit`'s (quotes and control characters are refused; `;` and `:` belong to
/// SDDL). Its shape (`O:…G:…D:…`) is a lint finding shown once applied.
pub fn sddl(text: &str) -> Checked<String> {
    let edit = Edit::SetIpsecBypassSddl {
        sddl: text.to_string(),
    };
    dry_run(edit, Field::Sddl, text.to_string())
}

/// Checks an interface (connection) name to add to the exclusions, with `core`'s rule for the
/// whole list (`edit::check_interfaces`: not empty, no unsafe characters, no duplicates).
pub fn interface(text: &str, existing: &[String]) -> Checked<String> {
    let mut list = existing.to_vec();
    list.push(text.to_string());
    match check_interfaces(&list) {
        Ok(()) => Checked {
            value: Some(text.to_string()),
            messages: Vec::new(),
        },
        Err(e) => Checked {
            value: None,
            messages: vec![FieldMessage {
                field: Field::Interface,
                severity: Severity::Error,
                text: e.to_string(),
            }],
        },
    }
}

/// True when `core` would end the path of a definition string before the path's end, i.e. at a
/// colon after the drive letter (reference §2.1: `:` only as the drive separator).
fn path_has_inner_colon(path: &str) -> bool {
    let probe = format!("{path}:*:enabled:probe");
    ProgramException::parse(&probe, ParseOptions::IMPORTED)
        .value
        .is_none_or(|p| p.path != path)
        && path.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(port: &str, scope: &str, name: &str) -> PortDraft {
        PortDraft {
            port: port.into(),
            transport: Transport::Tcp,
            scope: Scope::parse(scope).value,
            status: Status::Enabled,
            name: name.into(),
        }
    }

    #[test]
    fn valid_port_form_gives_the_canonical_exception() {
        let c = draft("8080", "LocalSubNet", "Web").check();
        assert_eq!(
            c.value.map(|v| v.to_string()).as_deref(),
            Some("8080:TCP:localsubnet:enabled:Web")
        );
        assert!(c.messages.is_empty());
    }

    #[test]
    fn port_errors_sit_next_to_their_fields() {
        let c = draft("70000", "*", "a:b").check();
        assert!(c.value.is_none());
        let port = c.for_field(Field::Port);
        assert_eq!(port.len(), 1);
        assert_eq!(port[0].text, "port 70000 is out of range 1–65535");
        let name = c.for_field(Field::Name);
        assert_eq!(name.len(), 1);
        assert!(
            name[0].text.starts_with("name contains : at position 2"),
            "{}",
            name[0].text
        );
    }

    #[test]
    fn bad_scope_text_is_explained() {
        let c = scope("10.0.0.1,10.0.0.300");
        assert!(c.value.is_none());
        assert!(c.messages[0]
            .text
            .starts_with("scope item 10.0.0.300 is not an IPv4 address"));
        let d = draft("80", "10.0.0.300", "Web").check();
        assert!(d.value.is_none(), "an invalid scope blocks the form");
    }

    #[test]
    fn too_long_definition_is_a_line_error() {
        let c = draft("80", "*", &"n".repeat(260)).check();
        assert!(c.value.is_none());
        assert_eq!(c.for_field(Field::Line).len(), 1);
    }

    #[test]
    fn numbers_and_texts_of_settings_use_core_edit_rules() {
        assert_eq!(log_size("4096").value, Some(4096));
        assert_eq!(
            log_size("100").messages[0].text,
            "log size 100 KB is out of range 128–32767 KB"
        );
        assert_eq!(log_size("").messages[0].text, "log size is required");
        assert_eq!(
            log_size("4k").messages[0].text,
            "log size 4k is not a whole number"
        );
        assert_eq!(refresh_minutes("0").value, Some(0));
        assert_eq!(
            refresh_offset("1441").messages[0].text,
            "random offset 1441 minutes is out of range 0–1440"
        );
        assert_eq!(
            log_path("").messages[0].text,
            "the log file path is required"
        );
        assert!(log_path("C:\\logs\\fw\".log\"").value.is_none());
        assert_eq!(
            sddl("O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1)").value.as_deref(),
            Some("O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1)")
        );
        assert_eq!(
            sddl("O:DAG:DAD:(A;;RCCC;;;\"x\")").messages[0].text,
            "the SDDL contains “\"”, which cannot be carried safely"
        );
        let names = vec!["Local Area Connection".to_string()];
        assert_eq!(
            interface("local area connection", &names).messages[0].text,
            "interface “local area connection” is listed twice"
        );
        assert_eq!(
            interface("Virtual Ethernet", &names).value.as_deref(),
            Some("Virtual Ethernet")
        );
        assert_eq!(
            interface(" ", &names).messages[0].text,
            "an interface name is empty"
        );
    }

    #[test]
    fn one_draft_checks_either_list_and_round_trips_an_exception() {
        let mut d = ExceptionDraft::fresh(ListKind::Ports);
        assert_eq!(d.scope, Some(Scope::local_subnet()));
        d.target = "8080".into();
        d.name = "Web".into();
        let port = d.check().value.unwrap_or_else(|| panic!("valid port form"));
        assert_eq!(port.to_string(), "8080:TCP:localsubnet:enabled:Web");
        assert_eq!(ExceptionDraft::of(&port), d);
        let mut p = ExceptionDraft::fresh(ListKind::Programs);
        p.target = r"C:\a:b\app.exe".into();
        p.name = "App".into();
        let c = p.check();
        assert!(c.value.is_none());
        assert_eq!(p.target_field(), Field::Path);
        assert!(!c.for_field(Field::Path).is_empty());
        let policy = Policy::default();
        let add = port.clone().add(&policy, ProfileKind::Domain);
        let after = apply(&policy, &add).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            Exception::at(&after, ProfileKind::Domain, ListKind::Ports, 0),
            Some(port)
        );
    }

    #[test]
    fn program_form_checks_path_and_colons() {
        let ok = ProgramDraft {
            path: r"C:\Program Files\App\app.exe".into(),
            scope: Some(Scope::Any),
            status: Status::Disabled,
            name: "App".into(),
        }
        .check();
        assert_eq!(
            ok.value.map(|v| v.to_string()).as_deref(),
            Some(r"C:\Program Files\App\app.exe:*:disabled:App")
        );
        let colon = ProgramDraft {
            path: r"C:\a:b\app.exe".into(),
            scope: Some(Scope::Any),
            status: Status::Enabled,
            name: "App".into(),
        }
        .check();
        assert!(colon.value.is_none());
        assert!(!colon.for_field(Field::Path).is_empty());
        let empty = ProgramDraft::default().check();
        assert_eq!(
            empty.for_field(Field::Path)[0].text,
            "program path is empty"
        );
        let relative = ProgramDraft {
            path: "app.exe".into(),
            scope: Some(Scope::Any),
            status: Status::Enabled,
            name: "App".into(),
        }
        .check();
        assert!(relative.is_ok(), "a relative path is only a warning");
        assert_eq!(
            relative.for_field(Field::Path)[0].severity,
            Severity::Warning
        );
    }
}
