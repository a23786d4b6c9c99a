//! Shared machinery of the three script exports: `netsh firewall` ([`crate::formats::script::netsh`]),
//! `netsh advfirewall` ([`crate::formats::script::advfirewall`]) and PowerShell ([`crate::formats::script::powershell`]).
//!
//! Exported scripts are run by administrators with full rights, while names, paths, interface
//! names and log paths may come from imported files written by anybody. The invariants:
//!
//! * **Untrusted text reaches a script only as data.** In the cmd scripts every such value is
//!   one double-quoted argument produced by [`cmd_quote`] (`%` doubled, reference §5.5); in the
//!   PowerShell script it is one single-quoted literal produced by [`ps_literal`], passed as a
//!   cmdlet parameter. No value is ever written into a comment, an `echo`, a `call` or a
//!   string that is later executed.
//! * **What cannot be carried safely is refused, all at once.** Before a value is written it is
//!   checked ([`cmd_problems`], [`ps_problems`]); every value that fails is collected and the
//!   export returns one [`ExportError`] naming each profile, exception and reason, instead of a
//!   script.
//! * **The scripts are pure ASCII.** cmd reads a batch file in the OEM code page of the computer
//!   that runs it and Windows PowerShell 5.1 reads a `.ps1` without byte-order mark in the ANSI
//!   code page (where the UTF-8 bytes of, say, `ђ` decode to a curly quote that ends a string).
//!   So the cmd scripts refuse non-ASCII values, and the PowerShell script spells each
//!   non-ASCII character as `[char]0xNNNN`. The output means the same in every code page.
//! * Output is deterministic (no clock, no version, no randomness) and uses CRLF line endings.
//! * Settings a script cannot express are left out with a warning [`Diagnostic`] (code
//!   `not-exportable`) that names the export that carries them; every UNCONFIRMED mapping a
//!   script uses (reference tag **\[U\]**) is noted in its header and reported as a warning with
//!   code `unconfirmed`.

pub mod advfirewall;
pub mod netsh;
pub mod powershell;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::Hash;

use crate::model::diagnostic::{Code, Diagnostic, Field};
use crate::model::exception::{PortException, ProgramException, Status, Transport};
use crate::model::policy::Policy;
use crate::model::profile::{ProfileKind, SettingId};
use crate::model::scope::{Scope, ScopeItem};
use crate::model::setting::{Setting, State};

/// A generated script and what was said while generating it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptOutput {
    /// The script: ASCII only, CRLF line endings, ready to save as a Windows file.
    pub text: String,
    /// Warnings about settings the script cannot express (and which export carries them),
    /// UNCONFIRMED mappings it used, and duplicate definitions it merged.
    pub diagnostics: Vec<Diagnostic>,
}

/// Which script an error or note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptKind {
    /// `netsh firewall` batch file (XP SP2 / Server 2003 SP1).
    Netsh,
    /// `netsh advfirewall` batch file (Vista and later).
    Advfirewall,
    /// NetSecurity PowerShell script (Windows 8 / Server 2012 and later).
    PowerShell,
}

impl ScriptKind {
    /// Human name of the script, e.g. `netsh firewall script (firewall.cmd)`.
    pub fn label(self) -> &'static str {
        match self {
            ScriptKind::Netsh => "netsh firewall script (firewall.cmd)",
            ScriptKind::Advfirewall => "netsh advfirewall script (firewall-advfirewall.cmd)",
            ScriptKind::PowerShell => "PowerShell script (firewall.ps1)",
        }
    }

    /// The export format that writes this script.
    pub fn format(self) -> crate::formats::Format {
        match self {
            ScriptKind::Netsh => crate::formats::Format::Netsh,
            ScriptKind::Advfirewall => crate::formats::Format::NetshAdvfirewall,
            ScriptKind::PowerShell => crate::formats::Format::PowerShell,
        }
    }

    /// The file name the editor's Export page downloads it as ([`Format::file_name`]).
    ///
    /// [`Format::file_name`]: crate::formats::Format::file_name
    pub fn file_name(self) -> String {
        self.format().file_name("")
    }

    fn shell(self) -> Shell {
        match self {
            ScriptKind::Netsh | ScriptKind::Advfirewall => Shell::Cmd,
            ScriptKind::PowerShell => Shell::PowerShell,
        }
    }
}

impl fmt::Display for ScriptKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One value that a script cannot carry safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeValue {
    /// Where it is, e.g. `Domain Profile › Define port exceptions › "Web "Srv""`.
    pub location: String,
    /// Which field of the exception or setting.
    pub field: Field,
    /// The value itself, unchanged.
    pub value: String,
    /// Why it cannot be carried (one entry per distinct problem).
    pub reasons: Vec<String>,
    /// Whether `location` already shows the value (names, interface names).
    value_in_location: bool,
}

impl fmt::Display for UnsafeValue {
    /// `Domain Profile › Define port exceptions › "Web "Srv"": a double quote (") cannot be
    /// quoted safely in a cmd script`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location)?;
        if !self.value_in_location {
            write!(f, ": {} {}", self.field.label(), shown(&self.value))?;
        }
        write!(f, ": {}", self.reasons.join("; "))
    }
}

/// Why a script export failed: the values it cannot carry safely, every one of them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// Names, paths or interface names that cannot be written into this script safely.
    #[error("{}", unsafe_message(*.script, .values))]
    UnsafeValues {
        /// The script that refused them.
        script: ScriptKind,
        /// Every refused value, in policy order.
        values: Vec<UnsafeValue>,
    },
}

fn unsafe_message(script: ScriptKind, values: &[UnsafeValue]) -> String {
    let mut out = format!(
        "the {} cannot carry {} value{} safely:",
        script.label(),
        values.len(),
        if values.len() == 1 { "" } else { "s" }
    );
    for v in values {
        out.push_str("\n- ");
        out.push_str(&v.to_string());
    }
    out
}

impl ExportError {
    /// The refused values.
    pub fn values(&self) -> &[UnsafeValue] {
        match self {
            ExportError::UnsafeValues { values, .. } => values,
        }
    }

    /// The refused values as error diagnostics (code `unsafe-character`), for the editor.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let ExportError::UnsafeValues { script, values } = self;
        values
            .iter()
            .map(|v| {
                let mut message = String::new();
                if !v.value_in_location {
                    message.push_str(&format!("{} {}: ", v.field.label(), shown(&v.value)));
                }
                message.push_str(&v.reasons.join("; "));
                message.push_str(&format!(" ({})", script.label()));
                Diagnostic::error(Code::UnsafeCharacter, message)
                    .with_field(v.field)
                    .with_path(v.location.clone())
            })
            .collect()
    }
}

/// The value in double quotes with control characters spelled out, for messages.
pub fn shown(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:04X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// Value checks
// ---------------------------------------------------------------------------------------------

/// The shell family a script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shell {
    Cmd,
    PowerShell,
}

/// What kind of value is being checked (decides the extra rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// An exception's display name: `;` and `:` are refused too (reference §2.1, §2.2, §5.5).
    ExceptionName,
    /// A `netsh advfirewall` rule name: like an exception name, and not the reserved `all`.
    RuleName,
    /// A program path, log file path or interface name.
    Text,
}

/// Everything that makes `value` unsafe in a cmd script (`netsh`, `netsh advfirewall`), one
/// reason per distinct problem. Empty when [`cmd_quote`] carries it exactly.
pub fn cmd_problems(value: &str, kind: ValueKind) -> Vec<String> {
    problems(value, kind, Shell::Cmd)
}

/// Everything that makes `value` unsafe in the PowerShell script, one reason per distinct
/// problem. Empty when [`ps_literal`] carries it exactly.
pub fn ps_problems(value: &str, kind: ValueKind) -> Vec<String> {
    problems(value, kind, Shell::PowerShell)
}

fn problems(value: &str, kind: ValueKind, shell: Shell) -> Vec<String> {
    let mut reasons = Vec::new();
    if value.trim().is_empty() {
        reasons.push("it is empty".to_string());
        return reasons;
    }
    let name = matches!(kind, ValueKind::ExceptionName | ValueKind::RuleName);
    let mut seen_control = false;
    let mut seen_quote = false;
    let mut seen_non_ascii = false;
    let mut seen_semicolon = false;
    let mut seen_colon = false;
    for c in value.chars() {
        if c.is_control() && !seen_control {
            seen_control = true;
            reasons.push(match shell {
                Shell::Cmd => format!(
                    "a control character ({}) would end or split the command in a cmd script",
                    code_point(c)
                ),
                Shell::PowerShell => format!(
                    "a control character ({}) is not allowed in a name, path or interface name",
                    code_point(c)
                ),
            });
        } else if c == '"' && shell == Shell::Cmd && !seen_quote {
            seen_quote = true;
            reasons.push("a double quote (\") cannot be quoted safely in a cmd script".into());
        } else if !c.is_ascii() && !c.is_control() && shell == Shell::Cmd && !seen_non_ascii {
            seen_non_ascii = true;
            reasons.push(format!(
                "a non-ASCII character ({c}, {}) cannot be written safely in a cmd script, which Windows reads in the OEM code page of the computer; the PowerShell script can carry it",
                code_point(c)
            ));
        } else if c == ';' && name && !seen_semicolon {
            seen_semicolon = true;
            reasons.push(
                "a semicolon (;) is not allowed in an exception name (Registry.pol readers split records at ;)"
                    .into(),
            );
        } else if c == ':' && name && !seen_colon {
            seen_colon = true;
            reasons.push(
                "a colon (:) is not allowed in an exception name (it separates the fields of the definition string)"
                    .into(),
            );
        }
    }
    if shell == Shell::Cmd && value.ends_with('\\') {
        reasons.push(
            "a value ending in a backslash (\\) would escape its closing quote when netsh splits its command line"
                .into(),
        );
    }
    if kind == ValueKind::RuleName && value.trim().eq_ignore_ascii_case("all") {
        reasons.push(
            "\"all\" is reserved by netsh advfirewall (delete rule name=all deletes every rule)"
                .into(),
        );
    }
    reasons
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// A checked value as one double-quoted cmd argument: `"` + value with every `%` doubled +
/// `"`. Inside double quotes `& | < > ^ ( )` are literal; `!` is literal because the scripts
/// run with delayed expansion disabled; `%%` is read back as `%` (reference §5.5).
///
/// Only meaningful for values with no [`cmd_problems`].
pub fn cmd_quote(value: &str) -> String {
    format!("\"{}\"", value.replace('%', "%%"))
}

/// True for the characters PowerShell treats as a single quote: `'` and U+2018–U+201B.
pub fn is_ps_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// A checked value as a PowerShell expression made only of ASCII: a single-quoted literal in
/// which every single-quote character is doubled (`'It''s'`), or, when the value has
/// non-ASCII characters, a parenthesised concatenation of such literals and `[char]0xNNNN`
/// (one per UTF-16 unit), e.g. `('R' + [char]0x00E9 + 'seau')`. Curly single quotes
/// (U+2018–U+201B) are therefore never inside a literal; if they were, doubling them would be
/// needed too (reference §5.5). No `$`, backtick or double quote is ever interpreted.
pub fn ps_literal(value: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut literal = String::new();
    let mut open = false;
    for c in value.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            open = true;
            if is_ps_single_quote(c) {
                literal.push(c);
            }
            literal.push(c);
        } else {
            if open {
                parts.push(format!("'{literal}'"));
                literal.clear();
                open = false;
            }
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                parts.push(format!("[char]0x{unit:04X}"));
            }
        }
    }
    if open || parts.is_empty() {
        parts.push(format!("'{literal}'"));
    }
    let literal_first = parts.first().is_some_and(|p| p.starts_with('\''));
    if parts.len() == 1 && literal_first {
        return parts.remove(0);
    }
    if !literal_first {
        // `[char] + [char]` would add numbers; start with an empty string.
        parts.insert(0, "''".to_string());
    }
    format!("({})", parts.join(" + "))
}

// ---------------------------------------------------------------------------------------------
// Collecting values, warnings and notes while a script is written
// ---------------------------------------------------------------------------------------------

/// Collects refused values, diagnostics and header notes while a script is generated.
#[derive(Debug)]
pub(crate) struct Collector {
    script: ScriptKind,
    errors: Vec<UnsafeValue>,
    diagnostics: Vec<Diagnostic>,
    /// Header notes, in order of first use; `true` marks an UNCONFIRMED mapping.
    notes: Vec<(bool, &'static str)>,
}

impl Collector {
    pub(crate) fn new(script: ScriptKind) -> Self {
        Collector {
            script,
            errors: Vec::new(),
            diagnostics: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Checks a value; records it as refused when unsafe. Returns whether it is safe.
    pub(crate) fn check(
        &mut self,
        place: &Place,
        field: Field,
        value: &str,
        kind: ValueKind,
    ) -> bool {
        let reasons = problems(value, kind, self.script.shell());
        if reasons.is_empty() {
            return true;
        }
        let (location, value_in_location) = match &place.item {
            Some(item) => (place.to_string(), item == value),
            None => (place.to_string(), false),
        };
        self.errors.push(UnsafeValue {
            location,
            field,
            value: value.to_string(),
            reasons,
            value_in_location,
        });
        false
    }

    /// A warning: something this script cannot express.
    pub(crate) fn not_exportable(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(Code::NotExportable, message).with_path(path.into()));
    }

    /// A warning about merged or overridden duplicate definitions.
    pub(crate) fn duplicate(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(Code::Duplicate, message).with_path(path.into()));
    }

    /// A header note that is not about an unconfirmed fact.
    pub(crate) fn note(&mut self, text: &'static str) {
        if !self.notes.iter().any(|(_, t)| *t == text) {
            self.notes.push((false, text));
        }
    }

    /// An UNCONFIRMED mapping: a header note plus one warning diagnostic.
    pub(crate) fn unconfirmed(&mut self, text: &'static str) {
        if self.notes.iter().any(|(_, t)| *t == text) {
            return;
        }
        self.notes.push((true, text));
        self.diagnostics.push(Diagnostic::warning(
            Code::Unconfirmed,
            format!("{}: UNCONFIRMED mapping used: {text}", self.script.label()),
        ));
    }

    pub(crate) fn notes(&self) -> &[(bool, &'static str)] {
        &self.notes
    }

    /// The refused values as an error, or the diagnostics.
    pub(crate) fn finish(self) -> Result<Vec<Diagnostic>, ExportError> {
        if self.errors.is_empty() {
            Ok(self.diagnostics)
        } else {
            Err(ExportError::UnsafeValues {
                script: self.script,
                values: self.errors,
            })
        }
    }
}

/// Where in the policy a value or setting is, for messages:
/// `Domain Profile › Define port exceptions › "Web Server"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) profile: Option<ProfileKind>,
    pub(crate) part: &'static str,
    pub(crate) item: Option<String>,
}

impl Place {
    // Out of line: called from many places in the three script writers (smaller wasm).
    #[inline(never)]
    pub(crate) fn setting(profile: ProfileKind, id: SettingId) -> Place {
        Place {
            profile: Some(profile),
            part: id.short_name(),
            item: None,
        }
    }

    pub(crate) fn interfaces(profile: ProfileKind) -> Place {
        Place {
            profile: Some(profile),
            part: INTERFACES,
            item: None,
        }
    }

    pub(crate) fn with_item(&self, item: &str) -> Place {
        Place {
            item: Some(item.to_string()),
            ..self.clone()
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.profile {
            write!(f, "{} › ", p.label())?;
        }
        f.write_str(self.part)?;
        if let Some(item) = &self.item {
            write!(f, " › {}", shown(item))?;
        }
        Ok(())
    }
}

/// Label of the per-profile interface exclusion list in messages.
pub(crate) const INTERFACES: &str = "Interface exclusions";

// ---------------------------------------------------------------------------------------------
// Duplicate definitions (reference §2.1: scopes combine, a disabled definition wins)
// ---------------------------------------------------------------------------------------------

/// Key under which Windows treats two port definitions as the same port.
pub(crate) fn port_key(e: &PortException) -> (u16, Transport) {
    (e.port.get(), e.transport)
}

/// Key under which two program definitions are the same program
/// ([`name_key`](crate::model::names::name_key) of the path).
pub(crate) fn program_key(e: &ProgramException) -> String {
    crate::model::names::name_key(&e.path)
}

/// For each item, the status Windows applies: Disabled when any definition with the same key
/// is disabled.
pub(crate) fn effective_statuses<K: Hash + Eq>(keys: &[K], statuses: &[Status]) -> Vec<Status> {
    // Linear: the keys with a disabled definition first, then one lookup per key (issue 11).
    let disabled: HashSet<&K> = keys
        .iter()
        .zip(statuses)
        .filter(|(_, s)| **s == Status::Disabled)
        .map(|(k, _)| k)
        .collect();
    keys.iter()
        .map(|k| {
            if disabled.contains(k) {
                Status::Disabled
            } else {
                Status::Enabled
            }
        })
        .collect()
}

/// Groups of indices with equal keys, in order of first occurrence (linear, issue 11).
pub(crate) fn groups<K: Hash + Eq>(keys: &[K]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<&K, usize> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        let g = *group_of.entry(k).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        if let Some(group) = out.get_mut(g) {
            group.push(i);
        }
    }
    out
}

/// For each key, how many equal keys come before it (0 for the first of its kind): the
/// suffix that keeps rule names of duplicate definitions apart (linear, issue 11).
pub(crate) fn occurrences<K: Hash + Eq>(keys: &[K]) -> Vec<usize> {
    let mut seen: HashMap<&K, usize> = HashMap::new();
    keys.iter()
        .map(|k| {
            let n = seen.entry(k).or_insert(0);
            *n += 1;
            *n - 1
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The shared walk over program and port exceptions (issue 9)
// ---------------------------------------------------------------------------------------------

/// How a script treats several definitions of one program or port.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Duplicates {
    /// One entry per program or port: scopes combined, a disabled definition wins (netsh
    /// firewall); each merge is reported and the note is added to the header.
    Merge { note: &'static str },
    /// One rule per definition, each written disabled when any definition is disabled; the
    /// note (if any) is added to the header when that happens.
    OneRuleEach { note: Option<&'static str> },
}

/// One entry the walk hands to a writer: a definition (the first of a merged group) with the
/// status and scope to write and a ready label for the step comment.
pub(crate) struct ScriptItem<'a> {
    pub(crate) kind: ProfileKind,
    /// The status to write (a disabled duplicate wins).
    pub(crate) status: Status,
    /// The scope to write (for [`Duplicates::Merge`] the union of the group).
    pub(crate) scope: Cow<'a, Scope>,
    /// `Define program exceptions: program 2 of 3, Enabled` / `Define port exceptions: TCP 80,
    /// Disabled`.
    pub(crate) label: String,
    /// How many definitions with the same key come before this one (0 when merged).
    pub(crate) nth: usize,
}

/// The syntax a script writer supplies for program and port exceptions; everything else
/// (duplicates, status, value checks, empty scopes, numbering) is done by [`exceptions`].
pub(crate) trait ExceptionSyntax {
    /// Whether duplicates are merged or written as one rule each.
    const DUPLICATES: Duplicates;
    /// How exception names are checked.
    const NAME: ValueKind;
    fn collector(&mut self) -> &mut Collector;
    /// Writes what the list state means when it is not Enabled; `true` to write the list.
    fn list_state(&mut self, kind: ProfileKind, id: SettingId, state: State) -> bool;
    fn comment(&mut self, text: &str);
    /// Writes one program entry; `false` (nothing written) when the scope is empty.
    fn program(&mut self, item: &ScriptItem<'_>, e: &ProgramException) -> bool;
    /// Writes one port entry; `false` (nothing written) when the scope is empty.
    fn port(&mut self, item: &ScriptItem<'_>, e: &PortException) -> bool;
    /// Called after the last entry of a list.
    fn end_list(&mut self) {}
}

/// A program or port exception as seen by [`exceptions`].
pub(crate) trait Definition {
    type Key: Hash + Eq;
    const ID: SettingId;
    /// `program` / `port`, for the "no ... to add" comment.
    const NOUN: &'static str;
    fn key(&self) -> Self::Key;
    fn name(&self) -> &str;
    fn scope(&self) -> &Scope;
    fn status(&self) -> Status;
    /// The program path or `TCP 80`, for diagnostics.
    fn what(&self) -> String;
    /// `program "C:\\x.exe"` or `TCP 80`, for the merge diagnostic.
    fn subject(&self) -> String {
        self.what()
    }
    /// The step label after the setting name.
    fn label(&self, number: usize, total: usize) -> String;
    /// Checks the values besides the name; `true` when all are safe.
    fn check_values(&self, c: &mut Collector, item: &Place) -> bool;
    fn emit<W: ExceptionSyntax>(&self, w: &mut W, item: &ScriptItem<'_>) -> bool;
}

impl Definition for ProgramException {
    type Key = String;
    const ID: SettingId = SettingId::DefineProgramExceptions;
    const NOUN: &'static str = "program";
    fn key(&self) -> String {
        program_key(self)
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn scope(&self) -> &Scope {
        &self.scope
    }
    fn status(&self) -> Status {
        self.status
    }
    fn what(&self) -> String {
        shown(&self.path)
    }
    fn subject(&self) -> String {
        format!("program {}", self.what())
    }
    fn label(&self, number: usize, total: usize) -> String {
        format!("program {number} of {total}")
    }
    fn check_values(&self, c: &mut Collector, item: &Place) -> bool {
        c.check(item, Field::Path, &self.path, ValueKind::Text)
    }
    fn emit<W: ExceptionSyntax>(&self, w: &mut W, item: &ScriptItem<'_>) -> bool {
        w.program(item, self)
    }
}

impl Definition for PortException {
    type Key = (u16, Transport);
    const ID: SettingId = SettingId::DefinePortExceptions;
    const NOUN: &'static str = "port";
    fn key(&self) -> (u16, Transport) {
        port_key(self)
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn scope(&self) -> &Scope {
        &self.scope
    }
    fn status(&self) -> Status {
        self.status
    }
    fn what(&self) -> String {
        format!("{} {}", self.transport, self.port)
    }
    fn label(&self, _: usize, _: usize) -> String {
        self.what()
    }
    fn check_values(&self, _: &mut Collector, _: &Place) -> bool {
        true
    }
    fn emit<W: ExceptionSyntax>(&self, w: &mut W, item: &ScriptItem<'_>) -> bool {
        w.port(item, self)
    }
}

/// Writes one exception list of one profile: the list state, then per entry in list order the
/// duplicate diagnostics, the value checks, the empty-scope check and the writer's syntax
/// (linear in the list: keys are grouped with hash maps, issue 11).
pub(crate) fn exceptions<D: Definition, W: ExceptionSyntax>(
    w: &mut W,
    kind: ProfileKind,
    s: &Setting<Vec<D>>,
) {
    if !w.list_state(kind, D::ID, s.state) {
        return;
    }
    let list = &s.options;
    let keys: Vec<D::Key> = list.iter().map(D::key).collect();
    let place = Place::setting(kind, D::ID);
    let nothing = format!("{}: Enabled, no {} to add.", D::ID.short_name(), D::NOUN);
    let merge = matches!(W::DUPLICATES, Duplicates::Merge { .. });
    let (entries, effective, nths) = if merge {
        (groups(&keys), Vec::new(), Vec::new())
    } else {
        let statuses: Vec<Status> = list.iter().map(D::status).collect();
        let singles = (0..list.len()).map(|i| vec![i]).collect();
        (
            singles,
            effective_statuses(&keys, &statuses),
            occurrences(&keys),
        )
    };
    if !merge && list.is_empty() {
        w.comment(&nothing);
    }
    let total = if merge { entries.len() } else { list.len() };
    let mut written = 0;
    for group in &entries {
        let members: Vec<&D> = group.iter().filter_map(|i| list.get(*i)).collect();
        let (Some(&first), Some(&i)) = (members.first(), group.first()) else {
            continue;
        };
        let what = first.what();
        let (status, scope, number, nth) = match W::DUPLICATES {
            Duplicates::Merge { note } => {
                let status = if members.iter().any(|m| m.status() == Status::Disabled) {
                    Status::Disabled
                } else {
                    Status::Enabled
                };
                let scope = union_scope(members.iter().map(|m| m.scope()));
                if members.len() > 1 {
                    let c = w.collector();
                    c.note(note);
                    let names: Vec<String> = members.iter().map(|m| shown(m.name())).collect();
                    c.duplicate(
                        place.with_item(first.name()).to_string(),
                        format!(
                            "{} is defined {} times ({}); netsh firewall keeps one entry per {}, so the script writes one entry named {} with scope {scope} and status {status}",
                            first.subject(),
                            members.len(),
                            names.join(", "),
                            D::NOUN,
                            shown(first.name()),
                        ),
                    );
                }
                (status, Cow::Owned(scope), written + 1, 0)
            }
            Duplicates::OneRuleEach { note } => {
                let status = effective.get(i).copied().unwrap_or(Status::Enabled);
                if status != first.status() {
                    let c = w.collector();
                    if let Some(note) = note {
                        c.note(note);
                    }
                    c.duplicate(
                        place.with_item(first.name()).to_string(),
                        format!(
                            "{what} is also defined as disabled in the same list; a disabled definition wins in Windows, so this rule is written disabled too"
                        ),
                    );
                }
                let nth = nths.get(i).copied().unwrap_or(0);
                (status, Cow::Borrowed(first.scope()), i + 1, nth)
            }
        };
        let item = place.with_item(first.name());
        let c = w.collector();
        let name_ok = c.check(&item, Field::Name, first.name(), W::NAME);
        let values_ok = first.check_values(c, &item);
        if !(name_ok && values_ok) {
            continue;
        }
        let entry = ScriptItem {
            kind,
            status,
            scope,
            label: format!(
                "{}: {}, {status}",
                D::ID.short_name(),
                first.label(number, total)
            ),
            nth,
        };
        if first.emit(w, &entry) {
            written += 1;
        } else {
            w.collector().not_exportable(
                item.to_string(),
                "the exception has an empty scope and is left out; use * for any computer or localsubnet",
            );
        }
    }
    if merge && written == 0 {
        w.comment(&nothing);
    }
    w.end_list();
}

/// The union of scopes: `*` if any is `*`, else every item once, in order.
pub(crate) fn union_scope<'a>(scopes: impl IntoIterator<Item = &'a Scope>) -> Scope {
    let mut items: Vec<ScopeItem> = Vec::new();
    let mut seen: HashSet<ScopeItem> = HashSet::new();
    for s in scopes {
        match s {
            Scope::Any => return Scope::Any,
            Scope::List(list) => {
                for i in list {
                    if seen.insert(*i) {
                        items.push(*i);
                    }
                }
            }
        }
    }
    Scope::List(items)
}

/// Windows Firewall with Advanced Security address list for a scope: `Any`, `LocalSubnet` or
/// the items (dotted masks written as prefix lengths, which every WFAS tool accepts).
pub(crate) fn wfas_addresses(scope: &Scope) -> Vec<String> {
    match scope {
        Scope::Any => vec!["Any".to_string()],
        Scope::List(items) => items
            .iter()
            .map(|i| match i {
                ScopeItem::Mask(a, m) => format!("{a}/{}", u32::from(*m).leading_ones()),
                other => other.modern(),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Service exceptions as plain port rules (ports from the ADMX explain text, reference §1.3)
// ---------------------------------------------------------------------------------------------

/// The ports a service exception opens, for scripts that write explicit rules.
pub(crate) fn service_ports(id: SettingId) -> &'static [(Transport, u16)] {
    match id {
        SettingId::RemoteAdministration => &[(Transport::Tcp, 135), (Transport::Tcp, 445)],
        SettingId::FileAndPrinterSharing => &[
            (Transport::Udp, 137),
            (Transport::Udp, 138),
            (Transport::Tcp, 139),
            (Transport::Tcp, 445),
        ],
        SettingId::RemoteDesktop => &[(Transport::Tcp, 3389)],
        SettingId::UpnpFramework => &[(Transport::Tcp, 2869), (Transport::Udp, 1900)],
        _ => &[],
    }
}

/// Short lowercase id of a service exception for rule ids (`remoteadmin`, ...).
pub(crate) fn service_slug(id: SettingId) -> &'static str {
    match id {
        SettingId::RemoteAdministration => "remoteadmin",
        SettingId::FileAndPrinterSharing => "fileandprint",
        SettingId::RemoteDesktop => "remotedesktop",
        SettingId::UpnpFramework => "upnp",
        _ => "setting",
    }
}

/// Human name of a service exception for rule display names (`Remote administration`, ...).
pub(crate) fn service_title(id: SettingId) -> &'static str {
    match id {
        SettingId::RemoteAdministration => "Remote administration",
        SettingId::FileAndPrinterSharing => "File and printer sharing",
        SettingId::RemoteDesktop => "Remote Desktop",
        SettingId::UpnpFramework => "UPnP framework",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// cmd batch file body (shared by netsh and advfirewall)
// ---------------------------------------------------------------------------------------------

/// Text made safe for a `rem` line: ASCII graphic characters and spaces only, without the
/// characters cmd treats specially (`% ^ & | < > "`). Data never goes into comments; this is
/// a second line of defence for the fixed descriptions that do.
pub(crate) fn rem_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_ascii_graphic() || c == ' ')
                && !matches!(c, '%' | '^' | '&' | '|' | '<' | '>' | '"')
            {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// The body of a cmd batch file: comments, counted netsh steps and uncounted clean-up lines.
#[derive(Debug, Default)]
pub(crate) struct CmdBody {
    lines: Vec<String>,
    steps: usize,
}

impl CmdBody {
    /// A comment (wrapped, made `rem`-safe).
    pub(crate) fn comment(&mut self, text: &str) {
        for l in wrap(&rem_safe(text), 92) {
            self.lines.push(format!("rem {l}"));
        }
    }

    /// An empty line.
    pub(crate) fn blank(&mut self) {
        self.lines.push(String::new());
    }

    /// A section banner.
    pub(crate) fn section(&mut self, title: &str) {
        self.blank();
        self.lines.push(format!("rem {}", "=".repeat(92)));
        self.comment(title);
        self.lines.push(format!("rem {}", "=".repeat(92)));
    }

    /// A counted command: a numbered comment, the command and its errorlevel check.
    pub(crate) fn step(&mut self, what: &str, command: String) {
        self.steps += 1;
        let n = self.steps;
        self.comment(&format!("[{n}] {what}"));
        self.lines.push(command);
        self.lines.push(format!("if errorlevel 1 call :failed {n}"));
    }

    /// An uncounted command whose output and errors are discarded (clean-up before adding).
    pub(crate) fn quiet(&mut self, command: String) {
        self.lines.push(format!("{command} >nul 2>&1"));
    }

    /// Puts a section of uncounted clean-up commands in front of everything written so far.
    pub(crate) fn prepend_quiet(&mut self, title: &str, commands: Vec<String>) {
        let mut front = CmdBody::default();
        front.section(title);
        for c in commands {
            front.quiet(c);
        }
        front.lines.append(&mut self.lines);
        self.lines = front.lines;
    }

    /// The complete batch file: prologue, header, body, summary and the failure counter.
    pub(crate) fn finish(self, header: &[String]) -> String {
        let n = self.steps;
        let mut out = vec![
            "@echo off".to_string(),
            "setlocal EnableExtensions DisableDelayedExpansion".to_string(),
        ];
        out.extend(header.iter().cloned());
        out.push("set FAILED=0".to_string());
        out.extend(self.lines);
        out.push(String::new());
        out.push(format!("rem {}", "=".repeat(92)));
        out.push("echo.".to_string());
        out.push(format!(
            "if %FAILED% neq 0 echo fwpolicy: %FAILED% of {n} commands failed; see the messages above."
        ));
        out.push("if %FAILED% neq 0 exit /b 1".to_string());
        out.push(format!("echo fwpolicy: all {n} commands succeeded."));
        out.push("exit /b 0".to_string());
        out.push(String::new());
        out.push(":failed".to_string());
        out.push(
            "echo fwpolicy: step %1 failed with exit code %ERRORLEVEL%; see the numbered comments in this script."
                .to_string(),
        );
        out.push("set /a FAILED+=1".to_string());
        out.push("goto :eof".to_string());
        crlf(&out)
    }
}

/// Header comment lines for a cmd script: fixed text plus the notes, each wrapped.
pub(crate) fn cmd_header(fixed: &[&str], notes: &[(bool, &'static str)]) -> Vec<String> {
    let rule = format!("rem {}", "=".repeat(92));
    let mut out = vec![rule.clone()];
    for l in fixed {
        out.push(if l.is_empty() {
            "rem".to_string()
        } else {
            format!("rem {l}")
        });
    }
    if !notes.is_empty() {
        out.push("rem Notes on the mapping:".to_string());
        for (unconfirmed, text) in notes {
            let text = rem_safe(&if *unconfirmed {
                format!("UNCONFIRMED: {text}")
            } else {
                (*text).to_string()
            });
            for (i, l) in wrap(&text, 88).into_iter().enumerate() {
                out.push(format!("rem {} {l}", if i == 0 { " -" } else { "  " }));
            }
        }
    }
    out.push(rule);
    out
}

// ---------------------------------------------------------------------------------------------
// Things no script carries
// ---------------------------------------------------------------------------------------------

/// Warnings (and comment lines) for the global settings and unowned values, which none of the
/// scripts carry. Returns the comment texts (ASCII, safe in any comment).
pub(crate) fn global_leftovers(policy: &Policy, c: &mut Collector) -> Vec<String> {
    let mut lines = Vec::new();
    if policy.ipsec_bypass.state != State::NotConfigured {
        lines.push(format!(
            "Allow authenticated IPsec bypass: {} - not carried by this script (Registry.pol, LGPO text and .reg carry it).",
            policy.ipsec_bypass.state
        ));
        c.not_exportable(
            "Windows Firewall: Allow authenticated IPsec bypass",
            format!(
                "Allow authenticated IPsec bypass ({}) has no equivalent in the {}; Registry.pol, LGPO text and .reg carry it",
                policy.ipsec_bypass.state,
                c.script.label()
            ),
        );
    }
    if policy.refresh.state != State::NotConfigured {
        lines.push(format!(
            "Group Policy refresh interval: {} - not carried by this script (Registry.pol, LGPO text and .reg carry it).",
            policy.refresh.state
        ));
        c.not_exportable(
            "Set Group Policy refresh interval for computers",
            format!(
                "the Group Policy refresh interval ({}) is a Group Policy setting the {} cannot set; Registry.pol, LGPO text and .reg carry it",
                policy.refresh.state,
                c.script.label()
            ),
        );
    }
    if !policy.unowned.is_empty() {
        let n = policy.unowned.len();
        lines.push(format!(
            "{n} registry value(s) of other policies - not carried by this script (Registry.pol, LGPO text and .reg carry them)."
        ));
        c.not_exportable(
            "Other policies",
            format!(
                "{n} registry value{} of other policies {} not carried by the {}; Registry.pol, LGPO text and .reg carry them",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
                c.script.label()
            ),
        );
    }
    lines
}

/// Wraps `text` into lines of at most `width` characters (words are never split).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Joins lines with CRLF (and a final CRLF).
pub(crate) fn crlf(lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push_str("\r\n");
    }
    out
}

/// FNV-1a (64 bit) of the text, as 16 lowercase hex digits: a stable id for rule names.
pub(crate) fn stable_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmd_quote_doubles_percent_only() {
        assert_eq!(cmd_quote("100% & <more>"), "\"100%% & <more>\"");
        assert_eq!(cmd_quote("%PATH%"), "\"%%PATH%%\"");
        assert_eq!(cmd_quote("!x! ^ |"), "\"!x! ^ |\"");
    }

    #[test]
    fn cmd_problems_name_each_reason_once() {
        let r = cmd_problems("a\"b\"c\nd", ValueKind::Text);
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r[0].contains("U+000A") || r[1].contains("U+000A"));
        assert!(cmd_problems("x:y;z", ValueKind::Text).is_empty());
        assert_eq!(cmd_problems("x:y;z", ValueKind::ExceptionName).len(), 2);
        assert_eq!(cmd_problems("All", ValueKind::RuleName).len(), 1);
        assert!(cmd_problems("All", ValueKind::ExceptionName).is_empty());
        assert_eq!(cmd_problems("C:\\dir\\", ValueKind::Text).len(), 1);
        assert_eq!(cmd_problems("R\u{e9}seau", ValueKind::Text).len(), 1);
        assert_eq!(cmd_problems("  ", ValueKind::Text), vec!["it is empty"]);
    }

    #[test]
    fn ps_problems_allow_quotes_and_unicode() {
        assert!(ps_problems("a\"b'c\u{2019}", ValueKind::ExceptionName).is_empty());
        assert_eq!(ps_problems("a\tb", ValueKind::Text).len(), 1);
        assert_eq!(ps_problems("a;b", ValueKind::ExceptionName).len(), 1);
    }

    #[test]
    fn ps_literal_doubles_quotes_and_spells_non_ascii() {
        assert_eq!(ps_literal("It's"), "'It''s'");
        assert_eq!(ps_literal("$(x) `y`"), "'$(x) `y`'");
        assert_eq!(ps_literal(""), "''");
        assert_eq!(ps_literal("R\u{e9}seau"), "('R' + [char]0x00E9 + 'seau')");
        assert_eq!(ps_literal("\u{2019}x"), "('' + [char]0x2019 + 'x')");
        assert_eq!(
            ps_literal("\u{1F600}"),
            "('' + [char]0xD83D + [char]0xDE00)"
        );
        // A lone [char] is not a string in argument mode: always parenthesised.
        assert_eq!(ps_literal("\u{2018}"), "('' + [char]0x2018)");
    }

    #[test]
    fn union_and_effective_status() {
        let a = Scope::local_subnet();
        let b = Scope::parse("10.0.0.1,localsubnet")
            .value
            .unwrap_or(Scope::Any);
        assert_eq!(union_scope([&a, &b]).to_string(), "localsubnet,10.0.0.1");
        assert_eq!(union_scope([&a, &Scope::Any]), Scope::Any);
        let st = effective_statuses(
            &[1, 2, 1],
            &[Status::Enabled, Status::Enabled, Status::Disabled],
        );
        assert_eq!(
            st,
            vec![Status::Disabled, Status::Enabled, Status::Disabled]
        );
        assert_eq!(groups(&[1, 2, 1]), vec![vec![0, 2], vec![1]]);
    }

    #[test]
    fn wfas_addresses_use_prefix_lengths() {
        let s = Scope::parse("192.168.10.0/255.255.255.0,localsubnet")
            .value
            .unwrap_or(Scope::Any);
        assert_eq!(wfas_addresses(&s), vec!["192.168.10.0/24", "LocalSubnet"]);
        assert_eq!(wfas_addresses(&Scope::Any), vec!["Any"]);
    }

    #[test]
    fn wrap_keeps_words() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
    }
}
