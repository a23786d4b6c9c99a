//! Diagnostics: what parsers, importers, lint and exporters say about their input.
//!
//! Invariant: nothing in `core` panics on bad input. Every parse returns the value it could
//! build (if any) together with a list of [`Diagnostic`]s. Each diagnostic carries a stable
//! [`Code`] (for tests, filtering and documentation), a severity, the field and position it is
//! about, and a message written for a Windows administrator.

use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// The value cannot be used (it is rejected, or an export refuses it).
    Error,
    /// The value is kept but something about it deserves attention.
    Warning,
    /// Information only, for example how an imported item will be written back.
    Info,
}

impl Severity {
    /// Lowercase word for the severity (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The field of an exception, setting or record that a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Field {
    /// The whole line or definition string.
    Line,
    /// Program path of a program exception.
    Path,
    /// Port number of a port exception.
    Port,
    /// Transport (TCP/UDP) of a port exception.
    Transport,
    /// Scope (remote addresses).
    Scope,
    /// Status (enabled/disabled).
    Status,
    /// Display name of an exception.
    Name,
    /// Logging: log file path.
    LogFilePath,
    /// Logging: log file size.
    LogFileSize,
    /// IPsec bypass SDDL text.
    Sddl,
    /// An excluded interface (connection) name.
    Interface,
    /// Group Policy refresh interval.
    RefreshInterval,
    /// Group Policy refresh random offset.
    RefreshOffset,
    /// A registry key path.
    Key,
    /// A registry value name.
    ValueName,
    /// A registry value type.
    ValueType,
    /// Registry value data.
    ValueData,
    /// A column of a pasted table.
    Column,
    /// The format/version header of a file.
    Header,
}

impl Field {
    /// Name of the field as an admin reads it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Line => "line",
            Field::Path => "path",
            Field::Port => "port",
            Field::Transport => "transport",
            Field::Scope => "scope",
            Field::Status => "status",
            Field::Name => "name",
            Field::LogFilePath => "log file path",
            Field::LogFileSize => "log file size",
            Field::Sddl => "SDDL",
            Field::Interface => "interface",
            Field::RefreshInterval => "refresh interval",
            Field::RefreshOffset => "refresh offset",
            Field::Key => "key",
            Field::ValueName => "value name",
            Field::ValueType => "value type",
            Field::ValueData => "value data",
            Field::Column => "column",
            Field::Header => "header",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident => $text:literal, )*) => {
        /// Stable identifier of a diagnostic. The string form never changes once published.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// The stable, kebab-case code string (for example `port-out-of-range`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $text, )*
                }
            }

            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];
        }
    };
}

codes! {
    /// An exception line does not have the expected number of `:`-separated fields.
    FieldCount => "field-count",
    /// A required field is empty.
    EmptyField => "empty-field",
    /// The port is not a decimal number.
    PortNotNumber => "port-not-number",
    /// The port is outside 1–65535.
    PortOutOfRange => "port-out-of-range",
    /// A port range or list where the policy allows only one port.
    PortRange => "port-range",
    /// The transport is not TCP or UDP.
    BadTransport => "bad-transport",
    /// The status is not enabled or disabled.
    BadStatus => "bad-status",
    /// The scope is empty.
    ScopeEmpty => "scope-empty",
    /// A scope item is not an IPv4 address, subnet or `localsubnet`.
    ScopeItem => "scope-item",
    /// `*` is mixed with other scope items.
    ScopeStarMixed => "scope-star-mixed",
    /// An IPv6 address in a scope (XP policy strings cannot carry it).
    ScopeIpv6 => "scope-ipv6",
    /// An address range `a-b` in a scope (not valid in XP policy strings).
    ScopeRange => "scope-range",
    /// A subnet prefix length or mask is invalid.
    ScopeMask => "scope-mask",
    /// A scope item appears twice.
    ScopeDuplicate => "scope-duplicate",
    /// A character that cannot be carried safely (quote, control character, `;`, `:`).
    UnsafeCharacter => "unsafe-character",
    /// A definition string longer than the 259 characters a Registry.pol value name can hold.
    TooLong => "too-long",
    /// Non-ASCII text (outside the MS-GPREG grammar; Windows behaviour unconfirmed).
    NonAscii => "non-ascii",
    /// A program path that is not absolute.
    PathNotAbsolute => "path-not-absolute",
    /// Leading or trailing spaces in a field.
    Whitespace => "whitespace",
    /// A log file size outside 128–32767 KB.
    LogSizeRange => "log-size-range",
    /// A refresh interval or offset outside the ADMX range.
    RefreshRange => "refresh-range",
    /// An SDDL string that does not look like `O:...G:...D:...`.
    SddlShape => "sddl-shape",
    /// An interface name that is empty or unsafe.
    BadInterface => "bad-interface",
    /// A registry value that the firewall model does not understand; kept verbatim.
    Unowned => "unowned",
    /// An imported item will be written back in its canonical spelling.
    Canonicalized => "canonicalized",
    /// Something the target format cannot carry (and which export carries it instead).
    NotExportable => "not-exportable",
    /// An export used a mapping the reference marks UNCONFIRMED (also noted in its header).
    Unconfirmed => "unconfirmed",
    /// A malformed binary file (Registry.pol).
    Malformed => "malformed",
    /// A malformed text file (LGPO text, .reg, JSON).
    Syntax => "syntax",
    /// A file of an unsupported format version.
    Version => "version",
    /// A table row that is not an inbound port to open (outbound-only, note rows, ...).
    SkippedRow => "skipped-row",
    /// A table header or column that could not be understood.
    BadColumn => "bad-column",
    /// Two exceptions for the same program or port.
    Duplicate => "duplicate",
    /// A lint finding about the policy as a whole.
    Lint => "lint",
    /// Lint: "Protect all network connections" is not Enabled in a profile.
    LintFirewallNotProtected => "lint-firewall-not-protected",
    /// Lint: "Do not allow exceptions" is Enabled while exceptions are defined (ignored).
    LintExceptionsIgnored => "lint-exceptions-ignored",
    /// Lint: the remote administration exception is open to any computer (`*`).
    LintRemoteAdminAnyScope => "lint-remote-admin-any-scope",
    /// Lint: something opens TCP 445, which also lets inbound ICMP echo through.
    LintPort445Echo => "lint-port-445-echo",
    /// Lint: exceptions are listed while their list policy is not Enabled (not exported).
    LintListNotEnabled => "lint-list-not-enabled",
    /// Lint: two definitions for the same program or port in one list.
    LintDuplicateException => "lint-duplicate-exception",
    /// Lint: a "Define ... exceptions" policy is configured while "Allow local ..." is not
    /// Enabled, so the local exceptions list is ignored.
    LintLocalListIgnored => "lint-local-list-ignored",
    /// Lint: the Standard profile opens a service, program or port to any computer.
    LintStandardOpenToAny => "lint-standard-open-to-any",
    /// Lint: a name, path or interface contains characters some exports refuse.
    LintUnsafeText => "lint-unsafe-text",
    /// Lint: a program path is not absolute.
    LintPathNotAbsolute => "lint-path-not-absolute",
    /// Lint: a definition string is longer than a Registry.pol value name may be.
    LintDefinitionTooLong => "lint-definition-too-long",
    /// Lint: an enabled service exception or an exception has an empty scope.
    LintEmptyScope => "lint-empty-scope",
    /// Lint: the log file size is outside 128–32767 KB.
    LintLogSize => "lint-log-size",
    /// Lint: the log file path is empty.
    LintLogPath => "lint-log-path",
    /// Lint: logging is Enabled but neither dropped packets nor connections are logged.
    LintLogNothing => "lint-log-nothing",
    /// Lint: the IPsec bypass SDDL is not shaped `O:...G:...D:...`.
    LintSddlShape => "lint-sddl-shape",
    /// Lint: the Group Policy refresh interval is 0 (every 7 seconds), very long or out of range.
    LintRefreshInterval => "lint-refresh-interval",
    /// Lint: interface exclusions, which registry-based exports cannot carry.
    LintInterfaceExclusions => "lint-interface-exclusions",
    /// Lint: Standard-profile "Allow local ..." settings are not applied on Vista+ (KB 947229).
    LintVistaStandardLocal => "lint-vista-standard-local",
    /// Lint: registry values the model does not own are kept verbatim.
    LintUnownedValues => "lint-unowned-values",
    /// Lint: an imported item or scope keeps a spelling other than the canonical form.
    LintNotCanonical => "lint-not-canonical",
    /// More findings than one file's report shows; they are counted instead.
    TooMany => "too-many",
    /// Resultant policy: a GPO backup folder, zip or SYSVOL folder that could not be read as
    /// the documented layout (missing Registry.pol, unreadable XML, no GPO found).
    ResultantInput => "resultant-input",
    /// Resultant policy: a Registry.pol control code the client skips (unknown `**` code).
    ResultantControlCode => "resultant-control-code",
    /// Resultant lint: exceptions one GPO defines are ignored because another, winning GPO
    /// enables "Do not allow exceptions".
    ResultantExceptionsIgnored => "resultant-exceptions-ignored",
    /// Resultant lint: the same port or program is defined by two GPOs with different scopes
    /// or statuses (Windows combines them).
    ResultantScopeConflict => "resultant-scope-conflict",
    /// Resultant lint: a later GPO deletes (`**delvals.`, `**del.`, `**DeleteValues`,
    /// `**DeleteKeys`) list items an earlier GPO added.
    ResultantListWiped => "resultant-list-wiped",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about an input or a policy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// Message for the admin, without position prefix.
    pub message: String,
    /// The field it is about, if any.
    pub field: Option<Field>,
    /// Byte range within the parsed text (line or definition string), if any.
    pub span: Option<Range<usize>>,
    /// 1-based line number in a multi-line input, if any.
    pub line: Option<usize>,
    /// Byte offset in a binary input, if any.
    pub offset: Option<usize>,
    /// Where in the policy it applies, e.g. `Domain profile › Define inbound port exceptions`.
    pub path: Option<String>,
}

// The constructors and `with_*` setters are kept out of line (`#[inline(never)]`): they are
// used at a few hundred places, and inlining the struct initialisation and moves at each of
// them made up about 2 kB (gzip) of the editor's WebAssembly.
impl Diagnostic {
    /// A new diagnostic with only severity, code and message set.
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Self::make(severity, code, message.into())
    }

    #[inline(never)]
    fn make(severity: Severity, code: Code, message: String) -> Self {
        Diagnostic {
            severity,
            code,
            message,
            field: None,
            span: None,
            line: None,
            offset: None,
            path: None,
        }
    }

    /// An error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// An informational note.
    pub fn info(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }

    /// Sets the field.
    #[inline(never)]
    pub fn with_field(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }

    /// Sets the span.
    #[inline(never)]
    pub fn with_span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the 1-based line number.
    #[inline(never)]
    pub fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the byte offset.
    #[inline(never)]
    pub fn with_offset(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Sets the policy path.
    pub fn with_path(self, path: impl Into<String>) -> Self {
        self.set_path(path.into())
    }

    #[inline(never)]
    fn set_path(mut self, path: String) -> Self {
        self.path = Some(path);
        self
    }

    /// Shifts the span by `by` bytes (used when a field is parsed out of a longer line).
    #[inline(never)]
    pub fn shifted(mut self, by: usize) -> Self {
        if let Some(span) = self.span.take() {
            self.span = Some(span.start + by..span.end + by);
        }
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The finding as a plain sentence for the admin, to show first: the message with a
    /// capital first letter and a full stop, without code, position or field (those are in
    /// [`Diagnostic::details`]). User text in it is quoted as typed ([`quoted`]).
    ///
    /// `port 70000 is out of range 1–65535` → `Port 70000 is out of range 1–65535.`
    pub fn sentence(&self) -> String {
        let message = self.message.trim();
        let mut out = String::with_capacity(message.len() + 1);
        let mut chars = message.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
        if !out.ends_with(['.', '!', '?']) {
            out.push('.');
        }
        out
    }

    /// Where the finding is and what identifies it, to show below [`Diagnostic::sentence`]:
    /// the place in the policy, the line, the byte offset, the field and the stable code,
    /// joined by ` · `, e.g. `line 3 · port · code port-out-of-range`. Never empty: the code is
    /// always there.
    pub fn details(&self) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(5);
        if let Some(path) = &self.path {
            parts.push(path.clone());
        }
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(offset) = self.offset {
            parts.push(format!("byte {offset}"));
        }
        if let Some(field) = self.field {
            parts.push(field.label().to_string());
        }
        parts.push(format!("code {}", self.code));
        parts.join(" · ")
    }
}

impl fmt::Display for Diagnostic {
    /// `line 3: error[port-out-of-range] port: port 70000 is out of range 1–65535`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(offset) = self.offset {
            write!(f, "byte {offset}: ")?;
        }
        write!(f, "{}[{}] ", self.severity, self.code)?;
        if let Some(field) = self.field {
            write!(f, "{}: ", field.label())?;
        }
        f.write_str(&self.message)
    }
}

/// True if any diagnostic in the slice is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Longest quoted input a message carries, in characters ([`excerpt`]).
pub const EXCERPT_CHARS: usize = 100;
/// Findings of one kind about one item kept before the rest are summed up ([`Limiter`]).
pub const MAX_SAME_KIND: usize = 3;
/// Findings kept for one file before the rest are summed up ([`bound`]).
pub const MAX_PER_FILE: usize = 1000;

/// `text` cut to a short excerpt for a message: at most [`EXCERPT_CHARS`] characters, then
/// `…` and how much was left out. Short text is returned unchanged, so messages about
/// ordinary input read as before. See: issue 11 (a message quoted a 2 MB item whole).
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => {
            let left = text[cut..].chars().count();
            format!("{}… ({left} more characters)", &text[..cut])
        }
    }
}

/// User text in a message, as typed: in curly quotes “…”, cut to an [`excerpt`], with no
/// escaping (a path `C:\Apps\x.exe` shows with single backslashes, a `"` as itself). Only
/// control characters, which would break the line, are shown as their Unicode pictures (a
/// tab as ␉, a line break as ␊) or, above U+007F, as `U+0085`. Every message that quotes
/// what an admin typed or imported uses this, never Rust's `{:?}` (issue 13, item 5).
pub fn quoted(text: &str) -> String {
    let cut = excerpt(text);
    let mut out = String::with_capacity(cut.len() + 6);
    out.push('“');
    for c in cut.chars() {
        match c {
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
            }
            '\u{7f}' => out.push('␡'),
            c if c.is_control() => out.push_str(&format!("U+{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('”');
    out
}

/// Keeps at most [`MAX_SAME_KIND`] findings of each code about one item; [`Limiter::finish`]
/// then adds one "and N more" finding per code that had more (as severe as the worst one
/// left out, so an item with errors still has errors).
#[derive(Debug, Default)]
pub struct Limiter {
    /// Per code: how many were offered, the first dropped one (template for the summary).
    counts: Vec<(Code, usize, Option<Diagnostic>)>,
}

impl Limiter {
    /// Pushes `d` onto `out` unless [`MAX_SAME_KIND`] of its code were already pushed.
    pub fn push(&mut self, out: &mut Vec<Diagnostic>, d: Diagnostic) {
        if !self.counts.iter().any(|(c, _, _)| *c == d.code) {
            self.counts.push((d.code, 0, None));
        }
        let Some((_, count, first_dropped)) = self.counts.iter_mut().find(|(c, _, _)| *c == d.code)
        else {
            return;
        };
        *count += 1;
        if *count <= MAX_SAME_KIND {
            out.push(d);
        } else {
            match first_dropped {
                Some(kept) if kept.severity <= d.severity => {}
                _ => *first_dropped = Some(d),
            }
        }
    }

    /// Adds the "and N more" findings.
    pub fn finish(self, out: &mut Vec<Diagnostic>) {
        for (code, count, dropped) in self.counts {
            if let Some(template) = dropped {
                let more = count - MAX_SAME_KIND;
                let mut d = Diagnostic::new(
                    template.severity,
                    code,
                    format!("and {more} more {code} finding(s) like the ones above"),
                );
                d.field = template.field;
                d.line = template.line;
                d.offset = template.offset;
                d.path = template.path;
                out.push(d);
            }
        }
    }
}

/// The findings about one file, capped at [`MAX_PER_FILE`]: the rest are replaced by one
/// finding that counts them by severity (an error if any of them is one). See: issue 11.
pub fn bound(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diagnostics.len() <= MAX_PER_FILE {
        return diagnostics;
    }
    let rest = diagnostics.split_off(MAX_PER_FILE);
    let count = |s: Severity| rest.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let severity = rest
        .iter()
        .map(|d| d.severity)
        .min()
        .unwrap_or(Severity::Info);
    diagnostics.push(Diagnostic::new(
        severity,
        Code::TooMany,
        format!(
            "{} more finding(s) not shown ({errors} error(s), {warnings} warning(s), {notes} note(s)); fix the ones above and check again",
            rest.len()
        ),
    ));
    diagnostics
}

/// The result of parsing: the value if one could be built, plus everything said about it.
///
/// `value` is `None` exactly when at least one diagnostic is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<T> {
    /// The value, when the input was usable.
    pub value: Option<T>,
    /// Errors, warnings and notes, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    /// Builds a result, dropping the value if any diagnostic is an error.
    pub fn new(value: Option<T>, diagnostics: Vec<Diagnostic>) -> Self {
        let value = if has_errors(&diagnostics) {
            None
        } else {
            value
        };
        Parsed { value, diagnostics }
    }

    /// True if the value was built.
    pub fn is_ok(&self) -> bool {
        self.value.is_some()
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// Maps the value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        Parsed {
            value: self.value.map(f),
            diagnostics: self.diagnostics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()));
        }
    }

    #[test]
    fn display_names_line_field_and_code() {
        let d = Diagnostic::error(Code::PortOutOfRange, "port 70000 is out of range 1–65535")
            .with_field(Field::Port)
            .with_line(3);
        assert_eq!(
            d.to_string(),
            "line 3: error[port-out-of-range] port: port 70000 is out of range 1–65535"
        );
    }

    // See: issue 13, item 5
    #[test]
    fn sentence_first_then_details() {
        let d = Diagnostic::error(Code::PortOutOfRange, "port 70000 is out of range 1–65535")
            .with_field(Field::Port)
            .with_line(3);
        assert_eq!(d.sentence(), "Port 70000 is out of range 1–65535.");
        assert_eq!(d.details(), "line 3 · port · code port-out-of-range");
        let d = Diagnostic::info(Code::Canonicalized, "kept as written.")
            .with_offset(1596)
            .with_path("Domain Profile › Define program exceptions");
        assert_eq!(d.sentence(), "Kept as written.");
        assert_eq!(
            d.details(),
            "Domain Profile › Define program exceptions · byte 1596 · code canonicalized"
        );
    }

    // See: issue 13, item 5
    #[test]
    fn quoted_shows_text_as_typed() {
        assert_eq!(quoted(r"C:\Apps\app.exe"), r"“C:\Apps\app.exe”");
        assert_eq!(quoted(r#"say "hi""#), r#"“say "hi"”"#);
        assert_eq!(quoted("a\tb\nc\u{85}"), "“a␉b␊cU+0085”");
        assert!(quoted(&"x".repeat(500)).ends_with("… (400 more characters)”"));
    }

    // See: issue 11
    #[test]
    fn excerpt_cuts_long_text_and_keeps_short_text() {
        assert_eq!(excerpt("80:TCP"), "80:TCP");
        let long = ",".repeat(1_000_000);
        let cut = excerpt(&long);
        assert!(cut.len() < 200, "{}", cut.len());
        assert!(cut.ends_with("… (999900 more characters)"), "{cut}");
    }

    // See: issue 11
    #[test]
    fn limiter_keeps_a_few_of_a_kind_then_counts_the_rest() {
        let mut out = Vec::new();
        let mut limiter = Limiter::default();
        for _ in 0..10 {
            limiter.push(&mut out, Diagnostic::error(Code::ScopeItem, "empty item"));
        }
        limiter.push(&mut out, Diagnostic::warning(Code::ScopeDuplicate, "twice"));
        limiter.finish(&mut out);
        assert_eq!(out.len(), MAX_SAME_KIND + 2);
        let last = &out[out.len() - 1];
        assert_eq!(last.code, Code::ScopeItem);
        assert!(last.is_error());
        assert!(
            last.message.starts_with("and 7 more scope-item"),
            "{}",
            last.message
        );
    }

    // See: issue 11
    #[test]
    fn a_file_keeps_its_errors_when_findings_are_capped() {
        let mut many = vec![Diagnostic::info(Code::Canonicalized, "note"); MAX_PER_FILE];
        many.push(Diagnostic::error(Code::Malformed, "bad"));
        let bounded = bound(many);
        assert_eq!(bounded.len(), MAX_PER_FILE + 1);
        assert!(has_errors(&bounded));
        assert!(bounded[MAX_PER_FILE]
            .message
            .starts_with("1 more finding(s) not shown (1 error(s)"));
    }

    #[test]
    fn parsed_drops_value_on_error() {
        let p = Parsed::new(Some(1), vec![Diagnostic::error(Code::EmptyField, "x")]);
        assert!(p.value.is_none());
        let p = Parsed::new(Some(1), vec![Diagnostic::warning(Code::EmptyField, "x")]);
        assert_eq!(p.value, Some(1));
    }
}
