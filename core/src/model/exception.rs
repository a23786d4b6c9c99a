//! Program and port exceptions, in the Windows definition-string syntax.
//!
//! * program: `<Path>:<Scope>:<Status>:<Name>`, e.g. `%ProgramFiles%\NetMeeting\Conf.exe:*:enabled:NetMeeting`
//! * port: `<Port>:<Transport>:<Scope>:<Status>:<Name>`, e.g. `80:TCP:localsubnet:enabled:Web Server`
//!
//! Parsing is left to right. A path may start with a drive letter (`C:`), whose colon is not a
//! separator; otherwise the path ends at the first colon (reference §2.1: the exact Windows split
//! rule is unconfirmed, so `:` is allowed only as the drive separator). Keywords are
//! case-insensitive on input; output uses the ADML lowercase forms (`enabled`, `localsubnet`)
//! and upper-case `TCP`/`UDP`. Invariant: `parse(x.to_string()) == x` for every valid `x`.
//!
//! Names typed by an admin that contain `"`, control characters, `;` or `:` are errors
//! ([`Origin::Typed`]). The same names arriving in an imported file are kept with a warning
//! ([`Origin::Imported`]); only the exports that cannot carry them refuse them.

use std::fmt;
use std::num::NonZeroU16;

use crate::model::diagnostic::{excerpt, quoted, Code, Diagnostic, Field, Parsed, Severity};
use crate::model::scope::Scope;

/// Longest definition string a Registry.pol value name can hold (MS-GPREG: 1..259 characters).
pub const MAX_DEFINITION_LEN: usize = 259;

/// Where a piece of text came from; decides whether unsafe characters are errors or warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// Typed by the admin in the editor or on the command line: unsafe text is rejected.
    #[default]
    Typed,
    /// Read from an imported file: unsafe text is kept, with a warning.
    Imported,
}

/// Options for parsing exception strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    /// Where the text came from.
    pub origin: Origin,
}

impl ParseOptions {
    /// Options for text typed by the admin.
    pub const TYPED: ParseOptions = ParseOptions {
        origin: Origin::Typed,
    };
    /// Options for text read from an imported file.
    pub const IMPORTED: ParseOptions = ParseOptions {
        origin: Origin::Imported,
    };
}

/// `enabled` or `disabled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    /// The exception is active.
    #[default]
    Enabled,
    /// The exception is listed but inactive; a disabled definition also overrides enabled
    /// definitions of the same program or port (reference §2.1).
    Disabled,
}

impl Status {
    /// `enabled` / `disabled` (ADML spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Enabled => "enabled",
            Status::Disabled => "disabled",
        }
    }

    /// True for [`Status::Enabled`].
    pub fn is_enabled(self) -> bool {
        self == Status::Enabled
    }

    /// Parses `enabled`/`disabled` in any case.
    pub fn parse(text: &str) -> Option<Status> {
        if text.eq_ignore_ascii_case("enabled") {
            Some(Status::Enabled)
        } else if text.eq_ignore_ascii_case("disabled") {
            Some(Status::Disabled)
        } else {
            None
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `TCP` or `UDP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Transport {
    /// TCP.
    #[default]
    Tcp,
    /// UDP.
    Udp,
}

impl Transport {
    /// `TCP` / `UDP`.
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Tcp => "TCP",
            Transport::Udp => "UDP",
        }
    }

    /// Parses `TCP`/`UDP` in any case.
    pub fn parse(text: &str) -> Option<Transport> {
        if text.eq_ignore_ascii_case("tcp") {
            Some(Transport::Tcp)
        } else if text.eq_ignore_ascii_case("udp") {
            Some(Transport::Udp)
        } else {
            None
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A TCP/UDP port number, 1–65535.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Port(NonZeroU16);

impl Port {
    /// A port from a number; `None` for 0.
    pub fn new(n: u16) -> Option<Port> {
        NonZeroU16::new(n).map(Port)
    }

    /// The number.
    pub fn get(self) -> u16 {
        self.0.get()
    }

    /// Parses a decimal port number, with an admin-readable error.
    pub fn parse(text: &str) -> Result<Port, Diagnostic> {
        let t = text.trim();
        let span = 0..text.len();
        if t.is_empty() {
            return Err(Diagnostic::error(Code::EmptyField, "port is missing")
                .with_field(Field::Port)
                .with_span(span));
        }
        if let Some((a, b)) = t.split_once('-') {
            if is_digits(a.trim()) && is_digits(b.trim()) {
                return Err(Diagnostic::error(
                    Code::PortRange,
                    format!("{} is a port range; each port exception opens exactly one port, add one exception per port", excerpt(t)),
                )
                .with_field(Field::Port)
                .with_span(span));
            }
        }
        if t.contains(',') {
            return Err(Diagnostic::error(
                Code::PortRange,
                format!(
                    "{} is a list of ports; each port exception opens exactly one port",
                    excerpt(t)
                ),
            )
            .with_field(Field::Port)
            .with_span(span));
        }
        if !is_digits(t) {
            return Err(Diagnostic::error(
                Code::PortNotNumber,
                format!("port {} is not a number", excerpt(t)),
            )
            .with_field(Field::Port)
            .with_span(span));
        }
        let n: u64 = t.parse().unwrap_or(u64::MAX);
        match u16::try_from(n).ok().and_then(Port::new) {
            Some(p) => Ok(p),
            None => Err(Diagnostic::error(
                Code::PortOutOfRange,
                format!("port {} is out of range 1–65535", excerpt(t)),
            )
            .with_field(Field::Port)
            .with_span(span)),
        }
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A program exception: lets a program receive unsolicited inbound traffic while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProgramException {
    /// Full path of the program; may start with a drive letter and contain `%VARIABLES%`.
    pub path: String,
    /// Which remote computers may connect.
    pub scope: Scope,
    /// Enabled or disabled.
    pub status: Status,
    /// Name shown in the Windows Firewall exceptions list.
    pub name: String,
}

/// A port exception ("port opening"): one TCP or UDP port, always open.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PortException {
    /// The port.
    pub port: Port,
    /// TCP or UDP.
    pub transport: Transport,
    /// Which remote computers may connect.
    pub scope: Scope,
    /// Enabled or disabled.
    pub status: Status,
    /// Name shown in the Windows Firewall exceptions list.
    pub name: String,
}

/// Either kind of exception, for pasted lines where the kind is detected per line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Exception {
    /// A program exception.
    Program(ProgramException),
    /// A port exception.
    Port(PortException),
}

impl fmt::Display for ProgramException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}:{}",
            self.path, self.scope, self.status, self.name
        )
    }
}

impl fmt::Display for PortException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}:{}:{}",
            self.port, self.transport, self.scope, self.status, self.name
        )
    }
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exception::Program(p) => p.fmt(f),
            Exception::Port(p) => p.fmt(f),
        }
    }
}

/// The pieces of a line split at separators, with their byte offsets.
struct Fields<'a> {
    parts: Vec<(usize, &'a str)>,
}

fn split_fields(text: &str, from: usize, n: usize) -> Fields<'_> {
    let mut parts = Vec::with_capacity(n);
    let mut start = from;
    for (i, piece) in text[from..].splitn(n, ':').enumerate() {
        let _ = i;
        parts.push((start, piece));
        start += piece.len() + 1;
    }
    Fields { parts }
}

fn field_count_error(text: &str, kind: &str, expected: &str, found: usize) -> Diagnostic {
    Diagnostic::error(
        Code::FieldCount,
        format!("expected a {kind} exception {expected}, but found {found} field(s)"),
    )
    .with_field(Field::Line)
    .with_span(0..text.len())
}

fn parse_status(piece: &str, offset: usize, diags: &mut Vec<Diagnostic>) -> Option<Status> {
    match Status::parse(piece.trim()) {
        Some(s) => Some(s),
        None => {
            diags.push(
                Diagnostic::error(
                    Code::BadStatus,
                    format!(
                        "status {} must be enabled or disabled",
                        quoted(piece.trim())
                    ),
                )
                .with_field(Field::Status)
                .with_span(offset..offset + piece.len()),
            );
            None
        }
    }
}

fn parse_scope_at(piece: &str, offset: usize, diags: &mut Vec<Diagnostic>) -> Option<Scope> {
    let parsed = Scope::parse(piece);
    diags.extend(parsed.diagnostics.into_iter().map(|d| d.shifted(offset)));
    parsed.value
}

/// Severity used for a text problem that is an error when typed and a warning when imported.
fn soft(origin: Origin) -> Severity {
    match origin {
        Origin::Typed => Severity::Error,
        Origin::Imported => Severity::Warning,
    }
}

/// Checks a free-text field (exception name, path, interface name) for characters that
/// cannot be carried safely by Registry.pol or the exported scripts (reference §2.2, §5.5).
///
/// `forbid_colon` is set for names (a `:` would shift the fields of the definition string).
pub fn check_text(text: &str, field: Field, forbid_colon: bool, origin: Origin) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let sev = soft(origin);
    let what = field.label();
    if let Some(at) = text.find('\0') {
        // Refused whatever the origin: a registry name ends at its first NUL, so nothing that
        // holds one can be written and read back. See: issue 11.
        diags.push(
            Diagnostic::error(
                Code::UnsafeCharacter,
                format!(
                    "{what} contains a NUL character (U+0000) at position {}: a registry name ends at a NUL, so Windows (and fwpolicy) would read it cut short",
                    at + 1
                ),
            )
            .with_field(field)
            .with_span(at..at + 1),
        );
        return diags;
    }
    let mut push = |code: Code, msg: String, at: usize, len: usize| {
        diags.push(
            Diagnostic::new(sev, code, msg)
                .with_field(field)
                .with_span(at..at + len),
        );
    };
    for (at, c) in text.char_indices() {
        let reason = match c {
            '"' => Some("a double quote (\") cannot be quoted safely in netsh or cmd scripts"),
            ';' => Some("a semicolon (;) breaks Registry.pol readers that split records at ';'"),
            ':' if forbid_colon => {
                Some("a colon (:) separates the fields of the definition string")
            }
            c if c.is_control() => {
                Some("control characters (tabs, line breaks) end commands in scripts")
            }
            _ => None,
        };
        if let Some(reason) = reason {
            let shown = if c.is_control() {
                format!("U+{:04X}", c as u32)
            } else {
                c.to_string()
            };
            push(
                Code::UnsafeCharacter,
                format!("{what} contains {shown} at position {}: {reason}", at + 1),
                at,
                c.len_utf8(),
            );
            break;
        }
    }
    diags
}

fn check_name(name: &str, offset: usize, origin: Origin, diags: &mut Vec<Diagnostic>) {
    if name.trim().is_empty() {
        diags.push(
            Diagnostic::new(
                soft(origin),
                Code::EmptyField,
                "name is empty; give the exception the name admins will see in the exceptions list",
            )
            .with_field(Field::Name)
            .with_span(offset..offset + name.len()),
        );
        return;
    }
    diags.extend(
        check_text(name, Field::Name, true, origin)
            .into_iter()
            .map(|d| d.shifted(offset)),
    );
}

fn check_definition_length(text: &str, origin: Origin, diags: &mut Vec<Diagnostic>) {
    let chars = text.encode_utf16().count();
    if chars > MAX_DEFINITION_LEN {
        diags.push(
            Diagnostic::new(
                soft(origin),
                Code::TooLong,
                format!(
                    "definition is {chars} characters; a Registry.pol value name holds at most {MAX_DEFINITION_LEN}"
                ),
            )
            .with_field(Field::Line)
            .with_span(0..text.len()),
        );
    }
    if !text.is_ascii() {
        diags.push(
            Diagnostic::warning(
                Code::NonAscii,
                "definition contains non-ASCII characters; the Registry.pol grammar allows printable ASCII in value names and Windows behaviour is unconfirmed",
            )
            .with_field(Field::Line)
            .with_span(0..text.len()),
        );
    }
}

/// Checks a program path (exported for the editor's inline validation).
pub fn check_path(path: &str, origin: Origin) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if path.trim().is_empty() {
        diags.push(
            Diagnostic::error(Code::EmptyField, "program path is empty")
                .with_field(Field::Path)
                .with_span(0..path.len()),
        );
        return diags;
    }
    if let Some(d) = quoted_path(path, origin) {
        diags.push(d);
        return diags;
    }
    if path.starts_with("**") {
        // Registry.pol stores the definition as a value name, and value names starting with
        // `**` are control codes (`**del.x` deletes x): refused whatever the origin. Found by
        // the fuzzer, see: issue 11.
        diags.push(
            Diagnostic::error(
                Code::UnsafeCharacter,
                "program path starts with **, which Registry.pol reads as a control code (**del., **delvals.)",
            )
            .with_field(Field::Path)
            .with_span(0..2),
        );
        return diags;
    }
    diags.extend(check_text(path, Field::Path, false, origin));
    let b = path.as_bytes();
    let drive = matches!(b, [d, b':', b'\\', ..] if d.is_ascii_alphabetic());
    let absolute =
        drive || path.starts_with("\\\\") || (path.starts_with('%') && path[1..].contains('%'));
    if !absolute {
        diags.push(
            Diagnostic::warning(
                Code::PathNotAbsolute,
                format!("path {} is not absolute; use a full path such as C:\\Program Files\\App\\app.exe or %ProgramFiles%\\App\\app.exe", excerpt(path)),
            )
            .with_field(Field::Path)
            .with_span(0..path.len()),
        );
    }
    if path.trim() != path {
        diags.push(
            Diagnostic::warning(Code::Whitespace, "path starts or ends with a space")
                .with_field(Field::Path)
                .with_span(0..path.len()),
        );
    }
    diags
}

/// A program path wrapped in double quotes (`"C:\Program Files\App\app.exe"`, as a command
/// line or a shortcut writes it) gives exactly one finding, telling the admin to remove the
/// quotes. Quotes are refused rather than stripped: the reference's grammar has the path
/// without quotes (§2.1: `path = absolute file path`), Windows stores the definition string
/// as typed and does not validate it (§2.1, "typos are stored as-is"), and `"` cannot be
/// carried by the exported scripts (§5.5, "reject `"` in names/paths"), so a quoted path
/// would not name the program Windows starts. An error when typed, a warning when imported
/// (the item is then kept as it is, like any other unsafe character).
fn quoted_path(path: &str, origin: Origin) -> Option<Diagnostic> {
    let trimmed = path.trim();
    if !trimmed.starts_with('"') {
        return None;
    }
    let inner = trimmed.trim_matches('"');
    let message = if trimmed.len() >= 2 && trimmed.ends_with('"') && !inner.contains('"') {
        format!(
            "remove the quotes around the program path {}: Windows stores the path without them, even when it contains spaces",
            quoted(inner)
        )
    } else {
        format!(
            "remove the double quotes from the program path {}: Windows stores the path without quotes, even when it contains spaces",
            quoted(trimmed)
        )
    };
    Some(
        Diagnostic::new(soft(origin), Code::UnsafeCharacter, message)
            .with_field(Field::Path)
            .with_span(0..path.len()),
    )
}

/// Where the path of a program definition ends (index of the separating colon). A path that
/// starts with a double quote ends after its closing quote, so `"C:\A B\x.exe":*:…` splits
/// into the quoted path and the other three fields (and [`check_path`] then says once that
/// the quotes must go) rather than at the drive colon inside the quotes.
fn program_path_end(text: &str) -> Option<usize> {
    let lead = text.len() - text.trim_start().len();
    if let Some(rest) = text[lead..].strip_prefix('"') {
        if let Some(close) = rest.find('"') {
            let after = lead + close + 2;
            return text[after..].find(':').map(|i| i + after);
        }
    }
    let b = text.as_bytes();
    let from = if matches!(b, [d, b':', ..] if d.is_ascii_alphabetic()) {
        2
    } else {
        0
    };
    text[from..].find(':').map(|i| i + from)
}

impl ProgramException {
    /// A new enabled program exception with local-subnet scope.
    pub fn new(path: impl Into<String>, name: impl Into<String>) -> Self {
        ProgramException {
            path: path.into(),
            scope: Scope::local_subnet(),
            status: Status::Enabled,
            name: name.into(),
        }
    }

    /// Parses `<Path>:<Scope>:<Status>:<Name>`.
    pub fn parse(text: &str, options: ParseOptions) -> Parsed<ProgramException> {
        let origin = options.origin;
        let mut diags = Vec::new();
        let Some(path_end) = program_path_end(text) else {
            return Parsed::new(
                None,
                vec![field_count_error(
                    text,
                    "program",
                    "<Path>:<Scope>:<Status>:<Name>",
                    1,
                )],
            );
        };
        let path = &text[..path_end];
        let start = text.trim_start();
        if start.starts_with('"') && !start[1..].contains('"') {
            // An opening quote with no closing one: the fields cannot be told apart, so the
            // quote is the one thing to say.
            return Parsed::new(
                None,
                vec![Diagnostic::error(
                    Code::UnsafeCharacter,
                    format!(
                        "remove the double quote at the start of {}: Windows stores the program path without quotes, even when it contains spaces",
                        quoted(text.trim())
                    ),
                )
                .with_field(Field::Path)
                .with_span(0..text.len())],
            );
        }
        let rest = split_fields(text, path_end + 1, 3);
        let &[(so, scope_text), (to, status_text), (no, name), ..] = rest.parts.as_slice() else {
            return Parsed::new(
                None,
                vec![field_count_error(
                    text,
                    "program",
                    "<Path>:<Scope>:<Status>:<Name>",
                    rest.parts.len() + 1,
                )],
            );
        };
        diags.extend(check_path(path, origin));
        let scope = parse_scope_at(scope_text, so, &mut diags);
        let status = parse_status(status_text, to, &mut diags);
        check_name(name, no, origin, &mut diags);
        check_definition_length(text, origin, &mut diags);
        let value = match (scope, status) {
            (Some(scope), Some(status)) => Some(ProgramException {
                path: path.to_string(),
                scope,
                status,
                name: name.to_string(),
            }),
            _ => None,
        };
        Parsed::new(value, diags)
    }

    /// Everything wrong with this exception as if it had been typed (or imported).
    pub fn validate(&self, origin: Origin) -> Vec<Diagnostic> {
        revalidate(&self.to_string(), origin, |t| {
            ProgramException::parse(t, ParseOptions { origin })
        })
    }
}

impl PortException {
    /// A new enabled TCP port exception with local-subnet scope.
    pub fn new(port: Port, name: impl Into<String>) -> Self {
        PortException {
            port,
            transport: Transport::Tcp,
            scope: Scope::local_subnet(),
            status: Status::Enabled,
            name: name.into(),
        }
    }

    /// Parses `<Port>:<Transport>:<Scope>:<Status>:<Name>`.
    pub fn parse(text: &str, options: ParseOptions) -> Parsed<PortException> {
        let origin = options.origin;
        let fields = split_fields(text, 0, 5);
        let &[(po, port_text), (xo, transport_text), (so, scope_text), (to, status_text), (no, name), ..] =
            fields.parts.as_slice()
        else {
            return Parsed::new(
                None,
                vec![field_count_error(
                    text,
                    "port",
                    "<Port>:<Transport>:<Scope>:<Status>:<Name>",
                    fields.parts.len(),
                )],
            );
        };
        let mut diags = Vec::new();
        let port = match Port::parse(port_text) {
            Ok(p) => Some(p),
            Err(d) => {
                diags.push(d.shifted(po));
                None
            }
        };
        let transport = match Transport::parse(transport_text.trim()) {
            Some(t) => Some(t),
            None => {
                let t = transport_text.trim();
                let hint = if t.eq_ignore_ascii_case("all")
                    || t.eq_ignore_ascii_case("both")
                    || t.contains(',')
                {
                    "; policy strings need one exception per transport"
                } else {
                    ""
                };
                diags.push(
                    Diagnostic::error(
                        Code::BadTransport,
                        format!("transport {} must be TCP or UDP{hint}", quoted(t)),
                    )
                    .with_field(Field::Transport)
                    .with_span(xo..xo + transport_text.len()),
                );
                None
            }
        };
        let scope = parse_scope_at(scope_text, so, &mut diags);
        let status = parse_status(status_text, to, &mut diags);
        check_name(name, no, origin, &mut diags);
        check_definition_length(text, origin, &mut diags);
        let value = match (port, transport, scope, status) {
            (Some(port), Some(transport), Some(scope), Some(status)) => Some(PortException {
                port,
                transport,
                scope,
                status,
                name: name.to_string(),
            }),
            _ => None,
        };
        Parsed::new(value, diags)
    }

    /// Everything wrong with this exception as if it had been typed (or imported).
    pub fn validate(&self, origin: Origin) -> Vec<Diagnostic> {
        revalidate(&self.to_string(), origin, |t| {
            PortException::parse(t, ParseOptions { origin })
        })
    }
}

fn revalidate<T>(
    text: &str,
    _origin: Origin,
    parse: impl Fn(&str) -> Parsed<T>,
) -> Vec<Diagnostic> {
    parse(text).diagnostics
}

impl Exception {
    /// Parses one line as a port exception when its first field is a number (or looks like a
    /// port range), else as a program exception.
    pub fn parse(text: &str, options: ParseOptions) -> Parsed<Exception> {
        let first = text.split(':').next().unwrap_or("").trim();
        let looks_like_port = !first.is_empty()
            && first
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-' || b == b',' || b == b' ');
        if looks_like_port {
            PortException::parse(text, options).map(Exception::Port)
        } else {
            ProgramException::parse(text, options).map(Exception::Program)
        }
    }

    /// The display name.
    pub fn name(&self) -> &str {
        match self {
            Exception::Program(p) => &p.name,
            Exception::Port(p) => &p.name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prog(s: &str) -> ProgramException {
        let p = ProgramException::parse(s, ParseOptions::TYPED);
        assert!(p.is_ok(), "{s}: {:?}", p.diagnostics);
        p.value.unwrap_or_else(|| ProgramException::new("x", "x"))
    }

    fn port(s: &str) -> PortException {
        let p = PortException::parse(s, ParseOptions::TYPED);
        assert!(p.is_ok(), "{s}: {:?}", p.diagnostics);
        p.value.unwrap_or_else(|| {
            PortException::new(Port::new(1).unwrap_or(Port(NonZeroU16::MIN)), "x")
        })
    }

    fn first_error<T: std::fmt::Debug>(p: Parsed<T>) -> Diagnostic {
        assert!(p.value.is_none(), "expected failure, got {:?}", p.value);
        p.diagnostics
            .into_iter()
            .find(Diagnostic::is_error)
            .unwrap_or_else(|| Diagnostic::error(Code::Lint, "no error"))
    }

    #[test]
    fn seed_table4_and_5_examples_parse() {
        let p = prog(r"%PROGRAMFILES%\NetMeeting\Conf.exe:*:enabled:NetMeeting");
        assert_eq!(p.path, r"%PROGRAMFILES%\NetMeeting\Conf.exe");
        assert!(p.scope.is_any());
        assert_eq!(p.name, "NetMeeting");
        let q = port("80:TCP:localsubnet:enabled:Web Server");
        assert_eq!(q.port.get(), 80);
        assert_eq!(q.transport, Transport::Tcp);
        assert!(q.scope.is_local_subnet_only());
        assert_eq!(q.to_string(), "80:TCP:localsubnet:enabled:Web Server");
    }

    // See: issue 13, item 5 — a quoted path gave three contradictory errors.
    #[test]
    fn a_quoted_program_path_is_one_clear_error() {
        for line in [
            r#""C:\Program Files\App\app.exe":*:enabled:App"#,
            r#""C:\Program Files\App\app.exe:*:enabled:App"#,
            r#" "C:\Program Files\App\app.exe" :*:enabled:App"#,
        ] {
            let parsed = ProgramException::parse(line, ParseOptions::TYPED);
            assert!(parsed.value.is_none(), "{line}");
            assert_eq!(
                parsed.diagnostics.len(),
                1,
                "{line}: {:?}",
                parsed.diagnostics
            );
            let d = &parsed.diagnostics[0];
            assert!(d.is_error());
            assert_eq!(d.field, Some(Field::Path));
            assert!(d.message.starts_with("remove the"), "{}", d.message);
            assert!(
                d.message.contains(r"C:\Program Files\App\app.exe"),
                "{}",
                d.message
            );
            assert!(!d.message.contains(r"\\"), "{}", d.message);
            // The line as a whole is also detected as a program exception.
            let any = Exception::parse(line, ParseOptions::TYPED);
            assert_eq!(any.diagnostics, parsed.diagnostics);
        }
        // The form's path field says the same, once.
        let field = check_path(r#""C:\Program Files\App\app.exe""#, Origin::Typed);
        assert_eq!(field.len(), 1, "{field:?}");
        assert_eq!(
            field[0].message,
            "remove the quotes around the program path “C:\\Program Files\\App\\app.exe”: Windows stores the path without them, even when it contains spaces"
        );
        // Imported as written: kept with one warning.
        let imported = ProgramException::parse(
            r#""C:\Program Files\App\app.exe":*:enabled:App"#,
            ParseOptions::IMPORTED,
        );
        assert_eq!(imported.diagnostics.len(), 1);
        assert_eq!(imported.diagnostics[0].severity, Severity::Warning);
        assert_eq!(
            imported.value.map(|p| p.path),
            Some(r#""C:\Program Files\App\app.exe""#.to_string())
        );
    }

    #[test]
    fn drive_letter_colon_is_part_of_path() {
        let p = prog(
            r"C:\Program Files\Microsoft ActiveSync\WCESMgr.exe:localsubnet:enabled:ActiveSync",
        );
        assert_eq!(p.path, r"C:\Program Files\Microsoft ActiveSync\WCESMgr.exe");
        assert_eq!(
            p.to_string(),
            r"C:\Program Files\Microsoft ActiveSync\WCESMgr.exe:localsubnet:enabled:ActiveSync"
        );
    }

    #[test]
    fn keywords_case_insensitive_output_lowercase() {
        let q = port("3389:tcp:LocalSubNet:Enabled:Remote Desktop");
        assert_eq!(q.to_string(), "3389:TCP:localsubnet:enabled:Remote Desktop");
    }

    #[test]
    fn port_errors_name_the_problem() {
        let d = first_error(PortException::parse(
            "70000:TCP:*:enabled:x",
            ParseOptions::TYPED,
        ));
        assert_eq!(d.code, Code::PortOutOfRange);
        assert_eq!(d.message, "port 70000 is out of range 1–65535");
        assert_eq!(d.field, Some(Field::Port));
        assert_eq!(
            first_error(PortException::parse(
                "0:TCP:*:enabled:x",
                ParseOptions::TYPED
            ))
            .code,
            Code::PortOutOfRange
        );
        assert_eq!(
            first_error(PortException::parse(
                "9511-9513:TCP:*:enabled:x",
                ParseOptions::TYPED
            ))
            .code,
            Code::PortRange
        );
        assert_eq!(
            first_error(PortException::parse(
                "80:ALL:*:enabled:x",
                ParseOptions::TYPED
            ))
            .code,
            Code::BadTransport
        );
        assert_eq!(
            first_error(PortException::parse("80:TCP:*:on:x", ParseOptions::TYPED)).code,
            Code::BadStatus
        );
        assert_eq!(
            first_error(PortException::parse(
                "80:TCP:*:enabled",
                ParseOptions::TYPED
            ))
            .code,
            Code::FieldCount
        );
    }

    #[test]
    fn bad_scope_span_is_in_line_coordinates() {
        let line = "80:TCP:10.0.0.300:enabled:Web";
        let d = first_error(PortException::parse(line, ParseOptions::TYPED));
        assert_eq!(d.code, Code::ScopeItem);
        assert_eq!(d.span.clone().map(|s| &line[s]), Some("10.0.0.300"));
    }

    #[test]
    fn unsafe_names_rejected_when_typed_kept_when_imported() {
        for bad in ["Web \"Server\"", "a;b", "a:b", "line\nbreak"] {
            let line = format!("80:TCP:*:enabled:{bad}");
            let typed = PortException::parse(&line, ParseOptions::TYPED);
            assert!(typed.value.is_none(), "{bad:?} accepted when typed");
            assert!(typed
                .diagnostics
                .iter()
                .any(|d| d.code == Code::UnsafeCharacter));
            let imported = PortException::parse(&line, ParseOptions::IMPORTED);
            let v = imported.value.as_ref().map(|v| v.name.clone());
            assert_eq!(v.as_deref(), Some(bad), "{bad:?} not kept on import");
            assert!(imported
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Warning));
        }
    }

    #[test]
    fn detects_kind_per_line() {
        assert!(matches!(
            Exception::parse("135:TCP:*:enabled:RPC", ParseOptions::TYPED).value,
            Some(Exception::Port(_))
        ));
        assert!(matches!(
            Exception::parse(
                r"%windir%\system32\sessmgr.exe:*:enabled:Remote Assistance",
                ParseOptions::TYPED
            )
            .value,
            Some(Exception::Program(_))
        ));
        let r = Exception::parse("9511-9513:TCP:*:enabled:x", ParseOptions::TYPED);
        assert_eq!(r.diagnostics[0].code, Code::PortRange);
    }

    #[test]
    fn too_long_definition() {
        let name = "n".repeat(300);
        let line = format!("80:TCP:*:enabled:{name}");
        assert_eq!(
            first_error(PortException::parse(&line, ParseOptions::TYPED)).code,
            Code::TooLong
        );
        assert!(PortException::parse(&line, ParseOptions::IMPORTED).is_ok());
    }
}
