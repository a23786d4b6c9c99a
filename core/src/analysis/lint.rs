//! Lint: findings about a whole policy that an experienced Windows administrator would raise
//! in a review.
//!
//! [`check`] never fails and never changes the policy. Every finding is a [`Diagnostic`] with a
//! stable `lint-*` [`Code`], a severity, the policy path it is about (for example
//! `Domain Profile › Define port exceptions › 80:TCP:*:enabled:Web`) and a message that says
//! what happens on the client and what to do about it. The facts behind each rule are in the
//! reference (§1.3 notes, §2, §5.5, §6, §7 pitfalls); where the reference marks a fact
//! UNCONFIRMED the message says so.
//!
//! Invariants:
//! * Output order is deterministic: Domain profile, then Standard profile (rules in the order
//!   of [`RULES`]), then the global settings, then the verbatim values in their stored order.
//! * Exposure rules (remote administration open to `*`, the TCP 445 / ICMP echo side effect,
//!   the Standard profile open to `*`) stay quiet for a profile whose "Do not allow
//!   exceptions" is Enabled: nothing is open there, and `lint-exceptions-ignored` says so.
//! * Severity follows [`Severity`]: `Error` when an export refuses the value or the value
//!   cannot work, `Warning` for surprising client behaviour, `Info` for notes.

use crate::model::diagnostic::quoted;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::model::diagnostic::{excerpt, Code, Diagnostic, Field, Severity};
use crate::model::exception::{
    check_path, PortException, ProgramException, Status, MAX_DEFINITION_LEN,
};
use crate::model::names::name_key;
use crate::model::policy::{GlobalId, Policy};
use crate::model::profile::{Profile, ProfileKind, SettingId};
use crate::model::scope::Scope;
use crate::model::setting::{
    IcmpOption, State, MAX_LOG_SIZE_KB, MAX_REFRESH_MINUTES, MAX_REFRESH_OFFSET, MIN_LOG_SIZE_KB,
};
use crate::registry::Record;

/// A refresh interval longer than this many minutes (one day) is reported as very long.
pub const LONG_REFRESH_MINUTES: u32 = 1440;

/// Every lint rule's code with a one-line description, in the order findings are produced.
pub const RULES: &[(Code, &str)] = &[
    (
        Code::LintFirewallNotProtected,
        "Protect all network connections is not Enabled in a profile",
    ),
    (
        Code::LintExceptionsIgnored,
        "Do not allow exceptions is Enabled while exceptions are defined (they are ignored)",
    ),
    (
        Code::LintRemoteAdminAnyScope,
        "Remote administration exception open to any computer (*)",
    ),
    (
        Code::LintPort445Echo,
        "TCP 445 is opened, which also lets inbound ICMP echo (ping) through",
    ),
    (
        Code::LintListNotEnabled,
        "Exceptions listed while their list policy is not Enabled (not exported)",
    ),
    (
        Code::LintDuplicateException,
        "Two definitions for the same program or port (scopes combine, a disabled one wins)",
    ),
    (
        Code::LintLocalListIgnored,
        "Define ... exceptions configured while Allow local ... exceptions is not Enabled",
    ),
    (
        Code::LintStandardOpenToAny,
        "Standard profile opens a service, program or port to any computer",
    ),
    (
        Code::LintUnsafeText,
        "Name, path or interface with characters some exports refuse",
    ),
    (
        Code::LintPathNotAbsolute,
        "Program path is empty or not absolute",
    ),
    (
        Code::LintDefinitionTooLong,
        "Definition longer than the 259 characters of a Registry.pol value name",
    ),
    (
        Code::LintEmptyScope,
        "Enabled service exception or exception with an empty scope",
    ),
    (Code::LintLogSize, "Log file size outside 128–32767 KB"),
    (Code::LintLogPath, "Log file path is empty"),
    (
        Code::LintLogNothing,
        "Logging Enabled without logging dropped packets or connections",
    ),
    (
        Code::LintInterfaceExclusions,
        "Interface exclusions, which Registry.pol, LGPO text and .reg cannot carry",
    ),
    (
        Code::LintVistaStandardLocal,
        "Standard-profile Allow local ... settings are not applied on Vista+ (KB 947229)",
    ),
    (
        Code::LintSddlShape,
        "IPsec bypass SDDL is empty or not shaped O:...G:...D:...",
    ),
    (
        Code::LintRefreshInterval,
        "Refresh interval 0 (every 7 seconds), very long or out of range",
    ),
    (
        Code::LintUnownedValues,
        "Registry values of other policies kept verbatim",
    ),
    (
        Code::LintNotCanonical,
        "Imported items and scopes kept in a spelling other than the canonical form",
    ),
];

/// All findings about `policy`, in the deterministic order described in the module header.
pub fn check(policy: &Policy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for kind in ProfileKind::ALL {
        check_profile(kind, policy.profile(kind), &mut out);
    }
    check_globals(policy, &mut out);
    check_unowned(&policy.unowned, &mut out);
    not_canonical(policy, &mut out);
    out
}

/// `Domain Profile › Protect all network connections`.
pub fn setting_path(kind: ProfileKind, id: SettingId) -> String {
    format!("{} › {}", kind.label(), id.short_name())
}

/// `Domain Profile › Define port exceptions › 80:TCP:*:enabled:Web`.
pub fn item_path(kind: ProfileKind, list: SettingId, definition: &str) -> String {
    format!(
        "{} › {} › {}",
        kind.label(),
        list.short_name(),
        excerpt(definition)
    )
}

/// `Domain Profile › Interface exclusions › Local Area Connection 2`.
pub fn interface_path(kind: ProfileKind, name: &str) -> String {
    format!("{} › Interface exclusions › {name}", kind.label())
}

/// `Verbatim values › <key>!<value>`.
pub fn unowned_path(record: &Record) -> String {
    format!(
        "Verbatim values › {}!{}",
        excerpt(&record.key),
        excerpt(&record.value)
    )
}

/// A scope in words: `any computer (including the Internet)`, `the local subnet`, or the list.
pub fn scope_in_words(scope: &Scope) -> String {
    match scope {
        Scope::Any => "any computer (including the Internet)".to_string(),
        Scope::List(items) if items.is_empty() => "nobody (empty scope)".to_string(),
        Scope::List(items) => {
            let words: Vec<String> = items
                .iter()
                .map(|i| match i {
                    crate::model::scope::ScopeItem::LocalSubnet => "the local subnet".to_string(),
                    other => other.to_string(),
                })
                .collect();
            words.join(", ")
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn finding(severity: Severity, code: Code, path: String, message: String) -> Diagnostic {
    Diagnostic::new(severity, code, message).with_path(path)
}

fn shields_up(p: &Profile) -> bool {
    p.do_not_allow_exceptions.is_enabled()
}

fn check_profile(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    firewall_not_protected(kind, p, out);
    exceptions_ignored(kind, p, out);
    remote_admin_any(kind, p, out);
    port_445_echo(kind, p, out);
    list_not_enabled(kind, p, out);
    duplicates(kind, p, out);
    local_list_ignored(kind, p, out);
    standard_open_to_any(kind, p, out);
    exception_text(kind, p, out);
    service_empty_scope(kind, p, out);
    logging(kind, p, out);
    interfaces(kind, p, out);
    vista_standard_local(kind, p, out);
}

fn firewall_not_protected(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    let path = setting_path(kind, SettingId::ProtectAllConnections);
    let message = match p.protect_all.state {
        State::Enabled => return,
        State::NotConfigured => format!(
            "Protect all network connections is Not configured in the {}: a local administrator can switch Windows Firewall off and the policy will not turn it back on. Set it to Enabled.",
            kind.label()
        ),
        State::Disabled => format!(
            "Protect all network connections is Disabled in the {}: Windows Firewall is switched off on every connection and none of the other firewall settings protect anything. Set it to Enabled unless another firewall protects these computers.",
            kind.label()
        ),
    };
    out.push(finding(
        Severity::Warning,
        Code::LintFirewallNotProtected,
        path,
        message,
    ));
}

fn exceptions_ignored(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    if !shields_up(p) {
        return;
    }
    let mut ignored = Vec::new();
    if p.programs.is_enabled() && !p.programs.options.is_empty() {
        ignored.push(format!("{} program exception(s)", p.programs.options.len()));
    }
    if p.ports.is_enabled() && !p.ports.options.is_empty() {
        ignored.push(format!("{} port exception(s)", p.ports.options.len()));
    }
    for id in SettingId::SERVICES {
        if p.service(id).is_some_and(|s| s.is_enabled()) {
            ignored.push(format!("\"{}\"", id.short_name()));
        }
    }
    for id in [
        SettingId::AllowLocalProgramExceptions,
        SettingId::AllowLocalPortExceptions,
    ] {
        if p.state(id) == State::Enabled {
            ignored.push(format!("\"{}\"", id.short_name()));
        }
    }
    if ignored.is_empty() {
        return;
    }
    out.push(finding(
        Severity::Warning,
        Code::LintExceptionsIgnored,
        setting_path(kind, SettingId::DoNotAllowExceptions),
        format!(
            "Do not allow exceptions is Enabled in the {}, so Windows Firewall blocks all unsolicited inbound traffic and ignores {}. If these exceptions are needed, set Do not allow exceptions to Not configured or Disabled; otherwise remove them to avoid confusion.",
            kind.label(),
            join_words(&ignored)
        ),
    ));
}

fn remote_admin_any(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    if shields_up(p) || !p.remote_admin.is_enabled() || !p.remote_admin.options.is_any() {
        return;
    }
    out.push(finding(
        Severity::Warning,
        Code::LintRemoteAdminAnyScope,
        setting_path(kind, SettingId::RemoteAdministration),
        format!(
            "The remote administration exception in the {} is open to any computer (*): it opens TCP 135 and 445 and lets svchost.exe and lsass.exe receive dynamic RPC traffic from every network, including the Internet. Limit the scope to localsubnet or the addresses of your management servers.",
            kind.label()
        ),
    ));
}

/// What opens TCP 445 in this profile (service exceptions and enabled port definitions), each
/// described with its scope; empty when nothing does.
pub(crate) fn opens_445(p: &Profile) -> Vec<String> {
    let mut sources = Vec::new();
    if p.file_and_print.is_enabled() {
        sources.push(format!(
            "\"{}\" (scope: {})",
            SettingId::FileAndPrinterSharing.short_name(),
            scope_in_words(&p.file_and_print.options)
        ));
    }
    if p.remote_admin.is_enabled() {
        sources.push(format!(
            "\"{}\" (scope: {})",
            SettingId::RemoteAdministration.short_name(),
            scope_in_words(&p.remote_admin.options)
        ));
    }
    if p.ports.is_enabled() {
        for e in &p.ports.options {
            if e.port.get() == 445
                && e.transport == crate::model::exception::Transport::Tcp
                && e.status.is_enabled()
            {
                sources.push(format!(
                    "port exception {e} (scope: {})",
                    scope_in_words(&e.scope)
                ));
            }
        }
    }
    sources
}

fn port_445_echo(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    if shields_up(p) {
        return;
    }
    let echo_allowed = p.icmp.is_enabled() && p.icmp.options.get(IcmpOption::InboundEchoRequest);
    if echo_allowed {
        return;
    }
    let sources = opens_445(p);
    if sources.is_empty() {
        return;
    }
    // An explicit ICMP policy that blocks echo is contradicted (warning); with ICMP Not
    // configured the side effect is worth knowing but nothing is contradicted (note).
    let (severity, icmp_state) = match p.icmp.state {
        State::Enabled => (
            Severity::Warning,
            "Allow ICMP exceptions does not allow inbound echo requests",
        ),
        State::Disabled => (Severity::Warning, "Allow ICMP exceptions is Disabled"),
        State::NotConfigured => (Severity::Info, "Allow ICMP exceptions is Not configured"),
    };
    let verb = if sources.len() == 1 { "opens" } else { "open" };
    out.push(finding(
        severity,
        Code::LintPort445Echo,
        setting_path(kind, SettingId::IcmpExceptions),
        format!(
            "{icmp_state} in the {}, but {} {verb} TCP 445, and anything that opens TCP 445 also lets inbound ICMP echo requests through: these computers will answer ping from that scope whatever the ICMP policy says. Accept this, or narrow the scope of what opens TCP 445.",
            kind.label(),
            join_words(&sources)
        ),
    ));
}

fn list_not_enabled(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    let lists = [
        (
            SettingId::DefineProgramExceptions,
            p.programs.state,
            p.programs.options.len(),
            "program",
        ),
        (
            SettingId::DefinePortExceptions,
            p.ports.state,
            p.ports.options.len(),
            "port",
        ),
    ];
    for (id, state, len, what) in lists {
        if state == State::Enabled || len == 0 {
            continue;
        }
        out.push(finding(
            Severity::Warning,
            Code::LintListNotEnabled,
            setting_path(kind, id),
            format!(
                "{len} {what} exception(s) are listed but {} is {} in the {}, so they are not exported. Set the policy to Enabled to apply them, or remove them.",
                id.short_name(),
                state.label(),
                kind.label()
            ),
        ));
    }
}

/// Groups items by identity; returns the groups with more than one member, in order of their
/// first member.
fn duplicate_groups<T, K: Hash + Eq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<Vec<&T>> {
    // Linear: one map lookup per item (issue 11).
    let mut groups: Vec<Vec<&T>> = Vec::new();
    let mut group_of: HashMap<K, usize> = HashMap::new();
    for item in items {
        let g = *group_of.entry(key(item)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        if let Some(members) = groups.get_mut(g) {
            members.push(item);
        }
    }
    groups.into_iter().filter(|m| m.len() > 1).collect()
}

fn duplicate_message(what: String, statuses: &[Status], scopes: &[&Scope]) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for s in scopes {
        let w = scope_in_words(s);
        if seen.insert(w.clone()) {
            words.push(w);
        }
    }
    let combined = if scopes.iter().any(|s| s.is_any()) {
        "any computer".to_string()
    } else {
        words.join("; ")
    };
    let verdict = if statuses.contains(&Status::Disabled) {
        "One of them is disabled, and a disabled definition overrides the enabled ones, so it is not opened by this list at all."
            .to_string()
    } else {
        format!("Windows combines their scopes, so it is open to {combined}.")
    };
    format!(
        "{what} is defined {} times in this list. {verdict} Keep one definition with the scope you mean.",
        statuses.len()
    )
}

fn duplicates(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    for group in duplicate_groups(&p.programs.options, |e: &ProgramException| {
        name_key(&e.path)
    }) {
        let statuses: Vec<Status> = group.iter().map(|e| e.status).collect();
        let scopes: Vec<&Scope> = group.iter().map(|e| &e.scope).collect();
        let last = group.last().map(|e| e.to_string()).unwrap_or_default();
        let path = group.first().map(|e| e.path.clone()).unwrap_or_default();
        out.push(finding(
            Severity::Warning,
            Code::LintDuplicateException,
            item_path(kind, SettingId::DefineProgramExceptions, &last),
            duplicate_message(format!("Program {path}"), &statuses, &scopes),
        ));
    }
    for group in duplicate_groups(&p.ports.options, |e: &PortException| (e.port, e.transport)) {
        let statuses: Vec<Status> = group.iter().map(|e| e.status).collect();
        let scopes: Vec<&Scope> = group.iter().map(|e| &e.scope).collect();
        let last = group.last().map(|e| e.to_string()).unwrap_or_default();
        let what = group
            .first()
            .map(|e| format!("Port {} {}", e.transport, e.port))
            .unwrap_or_default();
        out.push(finding(
            Severity::Warning,
            Code::LintDuplicateException,
            item_path(kind, SettingId::DefinePortExceptions, &last),
            duplicate_message(what, &statuses, &scopes),
        ));
    }
}

fn local_list_ignored(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    let pairs = [
        (
            SettingId::DefineProgramExceptions,
            SettingId::AllowLocalProgramExceptions,
            "program",
        ),
        (
            SettingId::DefinePortExceptions,
            SettingId::AllowLocalPortExceptions,
            "port",
        ),
    ];
    for (define, local, what) in pairs {
        let defined = p.state(define);
        let allow = p.state(local);
        if defined == State::NotConfigured || allow == State::Enabled {
            continue;
        }
        let (severity, message) = match allow {
            State::Disabled => (
                Severity::Info,
                format!(
                    "{} is {} and {} is Disabled in the {}: the {what} exceptions local administrators add in Control Panel are ignored; only this policy's list counts.",
                    define.short_name(),
                    defined.label(),
                    local.short_name(),
                    kind.label()
                ),
            ),
            _ => (
                Severity::Warning,
                format!(
                    "{} is {} but {} is Not configured in the {}: on Windows XP SP2 the local {what} exceptions list is then ignored, so exceptions users or installers added locally stop working. Set {} to Enabled to keep them, or to Disabled to make the choice explicit.",
                    define.short_name(),
                    defined.label(),
                    local.short_name(),
                    kind.label(),
                    local.short_name()
                ),
            ),
        };
        out.push(finding(
            severity,
            Code::LintLocalListIgnored,
            setting_path(kind, local),
            message,
        ));
    }
}

const AWAY: &str = "whenever the computer is away from the domain network (a laptop on a café, hotel or home network uses the Standard profile). Limit the scope to localsubnet or specific addresses.";

fn standard_open_to_any(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    if kind != ProfileKind::Standard || shields_up(p) {
        return;
    }
    for id in [
        SettingId::FileAndPrinterSharing,
        SettingId::RemoteDesktop,
        SettingId::UpnpFramework,
    ] {
        let Some(s) = p.service(id) else { continue };
        if s.is_enabled() && s.options.is_any() {
            out.push(finding(
                Severity::Warning,
                Code::LintStandardOpenToAny,
                setting_path(kind, id),
                format!(
                    "\"{}\" opens {} to any computer, including the Internet, {AWAY}",
                    id.short_name(),
                    id.service_ports()
                ),
            ));
        }
    }
    if p.programs.is_enabled() {
        for e in &p.programs.options {
            if e.status.is_enabled() && e.scope.is_any() {
                out.push(finding(
                    Severity::Warning,
                    Code::LintStandardOpenToAny,
                    item_path(kind, SettingId::DefineProgramExceptions, &e.to_string()),
                    format!(
                        "Program {} may receive connections from any computer, including the Internet, {AWAY}",
                        e.path
                    ),
                ));
            }
        }
    }
    if p.ports.is_enabled() {
        for e in &p.ports.options {
            if e.status.is_enabled() && e.scope.is_any() {
                out.push(finding(
                    Severity::Warning,
                    Code::LintStandardOpenToAny,
                    item_path(kind, SettingId::DefinePortExceptions, &e.to_string()),
                    format!(
                        "Port {} {} is open to any computer, including the Internet, {AWAY}",
                        e.transport, e.port
                    ),
                ));
            }
        }
    }
}

/// Which characters a piece of text must not contain, besides `"` and control characters.
#[derive(Clone, Copy)]
struct Forbid {
    /// `;`: the text ends up in a Registry.pol value name (definition strings).
    semicolon: bool,
    /// `:`: the text is a field of a definition string other than the path.
    colon: bool,
}

/// Exception names: part of the value name, a field of the definition string.
const NAME: Forbid = Forbid {
    semicolon: true,
    colon: true,
};
/// Program paths: part of the value name; the drive colon is allowed.
const PROGRAM_PATH: Forbid = Forbid {
    semicolon: true,
    colon: false,
};
/// Registry data or script arguments only (log path, interface names, SDDL).
const DATA: Forbid = Forbid {
    semicolon: false,
    colon: false,
};

/// The first character of `text` in each unsafe class, with what it breaks.
fn unsafe_chars(text: &str, forbid: Forbid) -> Vec<(usize, char, &'static str)> {
    let mut found: Vec<(usize, char, &'static str)> = Vec::new();
    let mut seen = [false; 4];
    for (i, c) in text.chars().enumerate() {
        let (class, why) = match c {
            '"' => (
                0,
                "a double quote cannot be escaped inside a quoted cmd/netsh argument, so the netsh and PowerShell scripts refuse it",
            ),
            c if c.is_control() => (
                1,
                "a line break or other control character ends a command, so the netsh and PowerShell scripts refuse it, and the line-based LGPO text and .reg files cannot hold it",
            ),
            ';' if forbid.semicolon => (
                2,
                "Registry.pol readers that split records at ';' (samba's) misread it, and the netsh and PowerShell scripts refuse it in names",
            ),
            ':' if forbid.colon => (
                3,
                "a colon separates the fields of the definition string, so Windows may read a different name, status or scope (the exact split rule is UNCONFIRMED), and the netsh and PowerShell scripts refuse it",
            ),
            _ => continue,
        };
        if let Some(seen @ false) = seen.get_mut(class) {
            *seen = true;
            found.push((i + 1, c, why));
        }
    }
    found
}

fn describe_char(c: char) -> String {
    match c {
        '"' => "a double quote (\")".to_string(),
        ';' => "a semicolon (;)".to_string(),
        ':' => "a colon (:)".to_string(),
        c => format!("control character U+{:04X}", c as u32),
    }
}

fn unsafe_text(text: &str, field: Field, forbid: Forbid, path: &str, out: &mut Vec<Diagnostic>) {
    for (pos, c, why) in unsafe_chars(text, forbid) {
        out.push(
            finding(
                Severity::Error,
                Code::LintUnsafeText,
                path.to_string(),
                format!(
                    "The {} contains {} at position {pos}: {why}. Registry.pol keeps it as it is. Remove or replace this character.",
                    field.label(),
                    describe_char(c)
                ),
            )
            .with_field(field),
        );
    }
}

fn definition_length(definition: &str, path: &str, out: &mut Vec<Diagnostic>) {
    let len = definition.encode_utf16().count();
    if len > MAX_DEFINITION_LEN {
        out.push(
            finding(
                Severity::Warning,
                Code::LintDefinitionTooLong,
                path.to_string(),
                format!(
                    "The definition is {len} characters long. GPMC stores the whole definition as the registry value name, and a Registry.pol value name holds at most {MAX_DEFINITION_LEN} characters; whether Windows truncates or rejects it is UNCONFIRMED. Shorten the name or path."
                ),
            )
            .with_field(Field::Line),
        );
    }
}

fn exception_scope(scope: &Scope, path: &str, out: &mut Vec<Diagnostic>) {
    if matches!(scope, Scope::List(items) if items.is_empty()) {
        out.push(
            finding(
                Severity::Error,
                Code::LintEmptyScope,
                path.to_string(),
                "The scope is empty, so the definition string cannot be read back (the scope field must be * or a list). Use * for any computer or localsubnet for the local network.".to_string(),
            )
            .with_field(Field::Scope),
        );
    }
}

fn exception_text(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    for e in &p.programs.options {
        let def = e.to_string();
        let path = item_path(kind, SettingId::DefineProgramExceptions, &def);
        unsafe_text(&e.name, Field::Name, NAME, &path, out);
        unsafe_text(&e.path, Field::Path, PROGRAM_PATH, &path, out);
        for d in check_path(&e.path, crate::model::exception::Origin::Imported) {
            let (severity, message) = match d.code {
                Code::EmptyField => (
                    Severity::Error,
                    "The program path is empty; give the full path of the program.".to_string(),
                ),
                Code::PathNotAbsolute => (
                    Severity::Warning,
                    format!(
                        "The program path {} is not absolute, so the exception will not match the program. Use a full path such as C:\\Program Files\\App\\app.exe or %ProgramFiles%\\App\\app.exe.",
                        e.path
                    ),
                ),
                _ => continue,
            };
            out.push(
                finding(severity, Code::LintPathNotAbsolute, path.clone(), message)
                    .with_field(Field::Path),
            );
        }
        definition_length(&def, &path, out);
        exception_scope(&e.scope, &path, out);
    }
    for e in &p.ports.options {
        let def = e.to_string();
        let path = item_path(kind, SettingId::DefinePortExceptions, &def);
        unsafe_text(&e.name, Field::Name, NAME, &path, out);
        definition_length(&def, &path, out);
        exception_scope(&e.scope, &path, out);
    }
}

fn service_empty_scope(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    for id in SettingId::SERVICES {
        let Some(s) = p.service(id) else { continue };
        if s.is_enabled() && matches!(&s.options, Scope::List(items) if items.is_empty()) {
            out.push(
                finding(
                    Severity::Warning,
                    Code::LintEmptyScope,
                    setting_path(kind, id),
                    format!(
                        "\"{}\" is Enabled with an empty scope (RemoteAddresses). GPMC allows this, but what the firewall then does is UNCONFIRMED. Enter * for any computer or localsubnet for the local network.",
                        id.short_name()
                    ),
                )
                .with_field(Field::Scope),
            );
        }
    }
}

fn logging(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    let Some(l) = p.logging.enabled_options() else {
        return;
    };
    let path = setting_path(kind, SettingId::Logging);
    if !(MIN_LOG_SIZE_KB..=MAX_LOG_SIZE_KB).contains(&l.size_kb) {
        out.push(
            finding(
                Severity::Warning,
                Code::LintLogSize,
                path.clone(),
                format!(
                    "The log file size is {} KB; the policy accepts {MIN_LOG_SIZE_KB}–{MAX_LOG_SIZE_KB} KB and GPMC would not save this value. Choose a size in that range (the default is 4096 KB).",
                    l.size_kb
                ),
            )
            .with_field(Field::LogFileSize),
        );
    }
    if l.path.trim().is_empty() {
        out.push(
            finding(
                Severity::Error,
                Code::LintLogPath,
                path.clone(),
                "The log file path is empty, but the policy requires one. Use the default %systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log or a folder the firewall service can write to.".to_string(),
            )
            .with_field(Field::LogFilePath),
        );
    } else {
        unsafe_text(&l.path, Field::LogFilePath, DATA, &path, out);
    }
    if !l.log_dropped && !l.log_successful {
        out.push(finding(
            Severity::Info,
            Code::LintLogNothing,
            path,
            format!(
                "Allow logging is Enabled in the {} but neither dropped packets nor successful connections are logged, so the log stays empty. Tick at least one of the two boxes.",
                kind.label()
            ),
        ));
    }
}

fn interfaces(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    if p.excluded_interfaces.is_empty() {
        return;
    }
    out.push(
        finding(
            Severity::Warning,
            Code::LintInterfaceExclusions,
            format!("{} › Interface exclusions", kind.label()),
            format!(
                "Windows Firewall is off on {} in the {}. XP-era Group Policy has no setting for this, so Registry.pol, LGPO text and .reg exports leave it out; only the netsh script (set opmode ... interface=) and the PowerShell script (-DisabledInterfaceAliases) apply it. Run one of the scripts on the computers that need it.",
                p.excluded_interfaces.join(", "),
                kind.label()
            ),
        )
        .with_field(Field::Interface),
    );
    for name in &p.excluded_interfaces {
        let path = interface_path(kind, name);
        if name.trim().is_empty() {
            out.push(
                finding(
                    Severity::Error,
                    Code::LintUnsafeText,
                    path,
                    "An interface name is empty; give the connection name as shown in Network Connections.".to_string(),
                )
                .with_field(Field::Interface),
            );
        } else {
            unsafe_text(name, Field::Interface, DATA, &path, out);
        }
    }
}

fn vista_standard_local(kind: ProfileKind, p: &Profile, out: &mut Vec<Diagnostic>) {
    if kind != ProfileKind::Standard {
        return;
    }
    let configured: Vec<String> = [
        SettingId::AllowLocalProgramExceptions,
        SettingId::AllowLocalPortExceptions,
    ]
    .into_iter()
    .filter(|id| p.state(*id) != State::NotConfigured)
    .map(|id| format!("\"{}\"", id.short_name()))
    .collect();
    if configured.is_empty() {
        return;
    }
    out.push(finding(
        Severity::Info,
        Code::LintVistaStandardLocal,
        setting_path(kind, SettingId::AllowLocalProgramExceptions),
        format!(
            "On Windows Vista and later, the Standard Profile's {} {} not applied to the Private and Public profiles (KB 947229). For those clients set the equivalent Windows Firewall with Advanced Security options (AllowUserApps / AllowUserPorts) as well.",
            join_words(&configured),
            if configured.len() == 1 { "setting is" } else { "settings are" }
        ),
    ));
}

fn sddl_shaped(sddl: &str) -> bool {
    let t = sddl.trim();
    let Some(rest) = t.strip_prefix("O:") else {
        return false;
    };
    let Some(g) = rest.find("G:") else {
        return false;
    };
    let owner = &rest[..g];
    let rest = &rest[g + 2..];
    let Some(d) = rest.find("D:") else {
        return false;
    };
    let group = &rest[..d];
    let dacl = &rest[d + 2..];
    !owner.is_empty() && !group.is_empty() && !dacl.is_empty()
}

fn check_globals(policy: &Policy, out: &mut Vec<Diagnostic>) {
    if let Some(sddl) = policy.ipsec_bypass.enabled_options() {
        let path = GlobalId::IpsecBypass.label().to_string();
        if sddl.trim().is_empty() {
            out.push(
                finding(
                    Severity::Error,
                    Code::LintSddlShape,
                    path,
                    "Allow authenticated IPsec bypass is Enabled without an SDDL, but the policy requires one. Enter the security descriptor of the computers allowed through, e.g. O:DAG:DAD:(A;;RCCC;;;<group SID>).".to_string(),
                )
                .with_field(Field::Sddl),
            );
        } else if !sddl_shaped(sddl) {
            out.push(
                finding(
                    Severity::Warning,
                    Code::LintSddlShape,
                    path,
                    format!(
                        "The SDDL {sddl} is not shaped O:<owner>G:<group>D:<dacl>, so computers may not be matched as intended. Use a form like O:DAG:DAD:(A;;RCCC;;;<group SID>)."
                    ),
                )
                .with_field(Field::Sddl),
            );
        } else {
            unsafe_text(sddl, Field::Sddl, DATA, &path, out);
        }
    }
    if let Some(r) = policy.refresh.enabled_options() {
        let path = GlobalId::RefreshInterval.label().to_string();
        if r.minutes == 0 {
            out.push(
                finding(
                    Severity::Warning,
                    Code::LintRefreshInterval,
                    path.clone(),
                    "The refresh interval is 0 minutes: clients then try to refresh Group Policy every 7 seconds, which loads the network and the domain controllers. Use the default 90 minutes unless this is a short test.".to_string(),
                )
                .with_field(Field::RefreshInterval),
            );
        } else if r.minutes > MAX_REFRESH_MINUTES {
            out.push(
                finding(
                    Severity::Warning,
                    Code::LintRefreshInterval,
                    path.clone(),
                    format!(
                        "The refresh interval is {} minutes, above the {MAX_REFRESH_MINUTES} minutes (31 days) GPMC accepts. Choose a value in range; the default is 90.",
                        r.minutes
                    ),
                )
                .with_field(Field::RefreshInterval),
            );
        } else if r.minutes > LONG_REFRESH_MINUTES {
            out.push(
                finding(
                    Severity::Warning,
                    Code::LintRefreshInterval,
                    path.clone(),
                    format!(
                        "The refresh interval is {} minutes (more than a day): firewall changes, including emergency ones, reach running computers only that often or at their next restart. The default is 90 minutes.",
                        r.minutes
                    ),
                )
                .with_field(Field::RefreshInterval),
            );
        }
        if r.offset > MAX_REFRESH_OFFSET {
            out.push(
                finding(
                    Severity::Warning,
                    Code::LintRefreshInterval,
                    path,
                    format!(
                        "The random offset is {} minutes, above the {MAX_REFRESH_OFFSET} minutes GPMC accepts. Choose 0–{MAX_REFRESH_OFFSET}; the default is 30.",
                        r.offset
                    ),
                )
                .with_field(Field::RefreshOffset),
            );
        }
    }
}

/// Imported spellings kept as written (issue 10): a suggestion, never a rewrite.
fn not_canonical(policy: &Policy, out: &mut Vec<Diagnostic>) {
    for (kind, id, written, canonical) in policy.source.non_canonical(policy) {
        let (path, what) = if id.kind() == crate::model::profile::SettingKind::Service {
            (setting_path(kind, id), "The scope")
        } else {
            (item_path(kind, id, &canonical), "This item")
        };
        out.push(finding(
            Severity::Info,
            Code::LintNotCanonical,
            path,
            format!(
                "{what} is written {} in the imported file and is exported that way, unchanged. The canonical form is {}; editing it writes the canonical form.",
                quoted(&written),
                quoted(&canonical)
            ),
        ));
    }
}

fn check_unowned(records: &[Record], out: &mut Vec<Diagnostic>) {
    for r in records {
        let path = unowned_path(r);
        let service_key = SettingId::SERVICES.iter().any(|id| {
            ProfileKind::ALL
                .iter()
                .any(|k| r.key.eq_ignore_ascii_case(&id.key(*k)))
        });
        if service_key
            && r.value.eq_ignore_ascii_case("RemoteAddresses")
            && r.as_string().is_some_and(|s| s.trim().is_empty())
        {
            out.push(
                finding(
                    Severity::Warning,
                    Code::LintEmptyScope,
                    path.clone(),
                    "A service exception has an empty RemoteAddresses scope (kept verbatim). What the firewall does with an empty scope is UNCONFIRMED. Set the service's scope to * or localsubnet in the editor.".to_string(),
                )
                .with_field(Field::Scope),
            );
        }
        out.push(finding(
            Severity::Info,
            Code::LintUnownedValues,
            path,
            format!(
                "{} is not a Windows Firewall policy value this editor manages; it is kept verbatim and written back unchanged by the Registry.pol, LGPO text and .reg exports.",
                r.describe()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exception::ParseOptions;
    use crate::model::setting::{IcmpOptions, LoggingOptions, RefreshInterval, Setting};

    fn port(line: &str) -> PortException {
        PortException::parse(line, ParseOptions::IMPORTED)
            .value
            .expect("test line parses")
    }

    fn program(line: &str) -> ProgramException {
        ProgramException::parse(line, ParseOptions::IMPORTED)
            .value
            .expect("test line parses")
    }

    /// A policy with no findings at all: both profiles protected, nothing risky.
    fn clean() -> Policy {
        let mut p = Policy::default();
        for kind in ProfileKind::ALL {
            p.profile_mut(kind).protect_all = Setting::enabled(());
        }
        p
    }

    fn codes(p: &Policy) -> Vec<Code> {
        check(p).into_iter().map(|d| d.code).collect()
    }

    fn only(p: &Policy, code: Code) -> Vec<Diagnostic> {
        check(p).into_iter().filter(|d| d.code == code).collect()
    }

    #[test]
    fn clean_policy_has_no_findings() {
        assert_eq!(check(&clean()), vec![]);
    }

    #[test]
    fn every_rule_code_is_a_lint_code() {
        for (code, _) in RULES {
            assert!(code.as_str().starts_with("lint-"), "{code}");
        }
        let lint_codes: Vec<&Code> = Code::ALL
            .iter()
            .filter(|c| c.as_str().starts_with("lint-"))
            .collect();
        assert_eq!(lint_codes.len(), RULES.len());
    }

    #[test]
    fn firewall_not_protected_triggers_for_not_configured_and_disabled() {
        let mut p = clean();
        p.domain.protect_all = Setting::not_configured();
        p.standard.protect_all = Setting::disabled();
        let d = only(&p, Code::LintFirewallNotProtected);
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].path.as_deref(),
            Some("Domain Profile › Protect all network connections")
        );
        assert!(d[0]
            .message
            .contains("a local administrator can switch Windows Firewall off"));
        assert_eq!(
            d[1].path.as_deref(),
            Some("Standard Profile › Protect all network connections")
        );
        assert!(d[1].message.contains("switched off on every connection"));
        assert!(d.iter().all(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn exceptions_ignored_when_shields_up() {
        let mut p = clean();
        p.standard.do_not_allow_exceptions = Setting::enabled(());
        assert!(!codes(&p).contains(&Code::LintExceptionsIgnored));
        p.standard.ports = Setting::enabled(vec![port("80:TCP:localsubnet:enabled:Web")]);
        p.standard.remote_desktop = Setting::enabled(Scope::local_subnet());
        let d = only(&p, Code::LintExceptionsIgnored);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].path.as_deref(),
            Some("Standard Profile › Do not allow exceptions")
        );
        assert!(d[0]
            .message
            .contains("ignores 1 port exception(s) and \"Allow Remote Desktop exception\""));
    }

    #[test]
    fn remote_admin_any_scope() {
        let mut p = clean();
        p.domain.remote_admin = Setting::enabled(Scope::local_subnet());
        assert!(!codes(&p).contains(&Code::LintRemoteAdminAnyScope));
        p.domain.remote_admin = Setting::enabled(Scope::Any);
        let d = only(&p, Code::LintRemoteAdminAnyScope);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].path.as_deref(),
            Some("Domain Profile › Allow remote administration exception")
        );
        assert!(d[0].message.contains("TCP 135 and 445"));
        // Shields up: nothing is open.
        p.domain.do_not_allow_exceptions = Setting::enabled(());
        assert!(!codes(&p).contains(&Code::LintRemoteAdminAnyScope));
    }

    #[test]
    fn port_445_lets_echo_through() {
        let mut p = clean();
        p.domain.ports = Setting::enabled(vec![port("445:UDP:*:enabled:not tcp")]);
        assert!(!codes(&p).contains(&Code::LintPort445Echo));
        p.domain.ports = Setting::enabled(vec![port("445:TCP:localsubnet:enabled:SMB")]);
        let d = only(&p, Code::LintPort445Echo);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].path.as_deref(),
            Some("Domain Profile › Allow ICMP exceptions")
        );
        assert!(d[0]
            .message
            .contains("port exception 445:TCP:localsubnet:enabled:SMB (scope: the local subnet)"));
        // Echo explicitly allowed: no surprise.
        p.domain.icmp =
            Setting::enabled(IcmpOptions::default().with(IcmpOption::InboundEchoRequest, true));
        assert!(!codes(&p).contains(&Code::LintPort445Echo));
        // File and printer sharing opens 445 too.
        let mut q = clean();
        q.standard.file_and_print = Setting::enabled(Scope::local_subnet());
        q.standard.icmp = Setting::disabled();
        let d = only(&q, Code::LintPort445Echo);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .starts_with("Allow ICMP exceptions is Disabled"));
        // A disabled 445 definition opens nothing.
        let mut r = clean();
        r.domain.ports = Setting::enabled(vec![port("445:TCP:*:disabled:SMB")]);
        assert!(!codes(&r).contains(&Code::LintPort445Echo));
    }

    #[test]
    fn list_not_enabled() {
        let mut p = clean();
        p.domain.programs =
            Setting::new(State::NotConfigured, vec![program(r"C:\a.exe:*:enabled:A")]);
        let d = only(&p, Code::LintListNotEnabled);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].path.as_deref(),
            Some("Domain Profile › Define program exceptions")
        );
        assert!(d[0].message.starts_with(
            "1 program exception(s) are listed but Define program exceptions is Not configured"
        ));
        p.domain.programs.state = State::Enabled;
        assert!(!codes(&p).contains(&Code::LintListNotEnabled));
        p.domain.programs.state = State::Disabled;
        assert_eq!(only(&p, Code::LintListNotEnabled).len(), 1);
    }

    #[test]
    fn duplicates_combine_scopes_and_disabled_wins() {
        let mut p = clean();
        p.domain.allow_local_ports = Setting::enabled(());
        p.domain.ports = Setting::enabled(vec![
            port("80:TCP:localsubnet:enabled:Web"),
            port("80:UDP:*:enabled:Web UDP"),
            port("80:TCP:10.0.0.1:enabled:Web again"),
        ]);
        let d = only(&p, Code::LintDuplicateException);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].path.as_deref(),
            Some("Domain Profile › Define port exceptions › 80:TCP:10.0.0.1:enabled:Web again")
        );
        assert!(d[0].message.contains(
            "Windows combines their scopes, so it is open to the local subnet; 10.0.0.1."
        ));
        p.domain.ports.options[2].status = Status::Disabled;
        let d = only(&p, Code::LintDuplicateException);
        assert!(d[0].message.contains("disabled definition overrides"));
        // Programs match by path, ignoring case.
        p.domain.allow_local_programs = Setting::enabled(());
        p.domain.programs = Setting::enabled(vec![
            program(r"C:\App\app.exe:*:enabled:A"),
            program(r"c:\app\APP.exe:localsubnet:enabled:B"),
        ]);
        let d = only(&p, Code::LintDuplicateException);
        assert_eq!(d.len(), 2);
        assert!(d[0]
            .message
            .starts_with(r"Program C:\App\app.exe is defined 2 times"));
        assert!(d[0].message.contains("open to any computer."));
    }

    #[test]
    fn local_list_ignored_on_xp_when_allow_local_not_enabled() {
        let mut p = clean();
        p.domain.ports = Setting::enabled(vec![]);
        let d = only(&p, Code::LintLocalListIgnored);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(
            d[0].path.as_deref(),
            Some("Domain Profile › Allow local port exceptions")
        );
        assert!(d[0]
            .message
            .contains("on Windows XP SP2 the local port exceptions list is then ignored"));
        p.domain.allow_local_ports = Setting::disabled();
        let d = only(&p, Code::LintLocalListIgnored);
        assert_eq!(d[0].severity, Severity::Info);
        p.domain.allow_local_ports = Setting::enabled(());
        assert!(!codes(&p).contains(&Code::LintLocalListIgnored));
        // A Disabled list counts as configured too.
        p.domain.programs = Setting::disabled();
        assert_eq!(only(&p, Code::LintLocalListIgnored).len(), 1);
    }

    #[test]
    fn standard_profile_open_to_any() {
        let mut p = clean();
        p.domain.remote_desktop = Setting::enabled(Scope::Any);
        assert!(!codes(&p).contains(&Code::LintStandardOpenToAny));
        p.standard.remote_desktop = Setting::enabled(Scope::Any);
        p.standard.allow_local_ports = Setting::enabled(());
        p.standard.ports = Setting::enabled(vec![
            port("8080:TCP:*:enabled:Proxy"),
            port("8081:TCP:*:disabled:Off"),
            port("8082:TCP:localsubnet:enabled:Lan"),
        ]);
        let d = only(&p, Code::LintStandardOpenToAny);
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].path.as_deref(),
            Some("Standard Profile › Allow Remote Desktop exception")
        );
        assert!(d[0].message.contains("TCP 3389"));
        assert!(d[0].message.contains("café"));
        assert_eq!(
            d[1].path.as_deref(),
            Some("Standard Profile › Define port exceptions › 8080:TCP:*:enabled:Proxy")
        );
    }

    #[test]
    fn unsafe_imported_names_are_errors_naming_the_exports() {
        let mut p = clean();
        p.domain.allow_local_ports = Setting::enabled(());
        p.domain.ports = Setting::enabled(vec![
            port("80:TCP:*:enabled:Web \"Server\""),
            port("81:TCP:*:enabled:a;b"),
            port("82:TCP:*:enabled:a:b"),
            port("83:TCP:*:enabled:line\nbreak"),
            port("84:TCP:*:enabled:Fine name"),
        ]);
        let d = only(&p, Code::LintUnsafeText);
        assert_eq!(d.len(), 4, "{d:?}");
        assert!(d.iter().all(|d| d.severity == Severity::Error));
        assert!(d[0].message.contains("double quote"));
        assert!(d[0]
            .message
            .contains("netsh and PowerShell scripts refuse it"));
        assert!(d[1].message.contains("semicolon"));
        assert!(d[2].message.contains("colon"));
        assert!(d[3].message.contains("U+000A at position 5"));
        assert_eq!(d[3].field, Some(Field::Name));
    }

    #[test]
    fn path_not_absolute() {
        let mut p = clean();
        p.domain.allow_local_programs = Setting::enabled(());
        p.domain.programs = Setting::enabled(vec![program("app.exe:*:enabled:App")]);
        let d = only(&p, Code::LintPathNotAbsolute);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("app.exe is not absolute"));
        p.domain.programs.options[0].path = r"%ProgramFiles%\App\app.exe".into();
        assert!(!codes(&p).contains(&Code::LintPathNotAbsolute));
    }

    #[test]
    fn definition_too_long() {
        let mut p = clean();
        p.domain.allow_local_ports = Setting::enabled(());
        let long = format!("80:TCP:*:enabled:{}", "n".repeat(300));
        p.domain.ports = Setting::enabled(vec![port(&long)]);
        let d = only(&p, Code::LintDefinitionTooLong);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .starts_with("The definition is 317 characters long"));
        p.domain.ports =
            Setting::enabled(vec![port(&format!("80:TCP:*:enabled:{}", "n".repeat(242)))]);
        assert!(!codes(&p).contains(&Code::LintDefinitionTooLong));
    }

    #[test]
    fn empty_scopes() {
        let mut p = clean();
        p.domain.upnp = Setting::enabled(Scope::List(vec![]));
        let d = only(&p, Code::LintEmptyScope);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
        assert!(d[0].message.contains("UNCONFIRMED"));
        p.domain.upnp = Setting::new(State::Disabled, Scope::List(vec![]));
        assert!(!codes(&p).contains(&Code::LintEmptyScope));
        // Verbatim empty RemoteAddresses read from a file.
        p.unowned.push(Record::sz(
            &SettingId::RemoteDesktop.key(ProfileKind::Domain),
            "RemoteAddresses",
            "",
        ));
        assert_eq!(only(&p, Code::LintEmptyScope).len(), 1);
        // An exception with an empty scope cannot be written back.
        let mut q = clean();
        q.domain.allow_local_ports = Setting::enabled(());
        let mut e = port("80:TCP:*:enabled:Web");
        e.scope = Scope::List(vec![]);
        q.domain.ports = Setting::enabled(vec![e]);
        let d = only(&q, Code::LintEmptyScope);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
    }

    #[test]
    fn logging_size_path_and_nothing_logged() {
        let mut p = clean();
        p.domain.logging = Setting::enabled(LoggingOptions {
            log_dropped: true,
            ..LoggingOptions::default()
        });
        assert!(check(&p).is_empty());
        p.domain.logging.options.size_kb = 64;
        p.domain.logging.options.path = "  ".into();
        p.domain.logging.options.log_dropped = false;
        let c = codes(&p);
        assert!(c.contains(&Code::LintLogSize));
        assert!(c.contains(&Code::LintLogPath));
        assert!(c.contains(&Code::LintLogNothing));
        assert!(only(&p, Code::LintLogSize)[0].message.contains("64 KB"));
        // Not Enabled: the options are not written, nothing to say.
        p.domain.logging.state = State::Disabled;
        assert!(check(&p).is_empty());
    }

    #[test]
    fn sddl_shape() {
        let mut p = clean();
        p.ipsec_bypass = Setting::enabled("O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1-2-3-512)".into());
        assert!(check(&p).is_empty());
        for bad in ["D:(A;;RCCC;;;WD)", "O:DAD:(A;;;;;WD)", "O:DAG:DAD:"] {
            p.ipsec_bypass = Setting::enabled(bad.into());
            let d = only(&p, Code::LintSddlShape);
            assert_eq!(d.len(), 1, "{bad}");
            assert_eq!(d[0].severity, Severity::Warning);
        }
        p.ipsec_bypass = Setting::enabled(String::new());
        assert_eq!(only(&p, Code::LintSddlShape)[0].severity, Severity::Error);
        p.ipsec_bypass = Setting::disabled();
        assert!(check(&p).is_empty());
    }

    #[test]
    fn refresh_interval() {
        let mut p = clean();
        p.refresh = Setting::enabled(RefreshInterval::default());
        assert!(check(&p).is_empty());
        p.refresh.options.minutes = 1440;
        assert!(check(&p).is_empty());
        p.refresh.options.minutes = 0;
        assert!(only(&p, Code::LintRefreshInterval)[0]
            .message
            .contains("every 7 seconds"));
        p.refresh.options.minutes = 1441;
        assert!(only(&p, Code::LintRefreshInterval)[0]
            .message
            .contains("more than a day"));
        p.refresh.options.minutes = 50000;
        p.refresh.options.offset = 2000;
        let d = only(&p, Code::LintRefreshInterval);
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("above the 44640 minutes"));
        assert_eq!(d[1].field, Some(Field::RefreshOffset));
    }

    #[test]
    fn interface_exclusions() {
        let mut p = clean();
        p.domain.excluded_interfaces = vec!["Virtual Ethernet PTP".into(), "bad\"name".into()];
        let d = only(&p, Code::LintInterfaceExclusions);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("Virtual Ethernet PTP, bad\"name"));
        assert!(d[0].message.contains("-DisabledInterfaceAliases"));
        let u = only(&p, Code::LintUnsafeText);
        assert_eq!(u.len(), 1);
        assert_eq!(
            u[0].path.as_deref(),
            Some("Domain Profile › Interface exclusions › bad\"name")
        );
    }

    #[test]
    fn vista_note_only_for_standard_allow_local() {
        let mut p = clean();
        p.domain.allow_local_programs = Setting::enabled(());
        assert!(!codes(&p).contains(&Code::LintVistaStandardLocal));
        p.standard.allow_local_ports = Setting::disabled();
        let d = only(&p, Code::LintVistaStandardLocal);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .contains("Standard Profile's \"Allow local port exceptions\" setting is not applied"));
        assert!(d[0].message.contains("KB 947229"));
    }

    #[test]
    fn unowned_values_are_noted_one_each() {
        let mut p = clean();
        p.unowned = vec![
            Record::dword(r"Software\Policies\Contoso", "A", 1),
            Record::sz(r"Software\Policies\Contoso", "B", "x"),
        ];
        let d = only(&p, Code::LintUnownedValues);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].severity, Severity::Info);
        assert_eq!(
            d[0].path.as_deref(),
            Some(r"Verbatim values › Software\Policies\Contoso!A")
        );
    }

    #[test]
    fn order_is_domain_then_standard_then_globals_then_unowned() {
        let p = Policy {
            unowned: vec![Record::dword("K", "V", 1)],
            refresh: Setting::enabled(RefreshInterval {
                minutes: 0,
                offset: 0,
            }),
            ..Policy::default()
        };
        let c = codes(&p);
        assert_eq!(
            c,
            vec![
                Code::LintFirewallNotProtected,
                Code::LintFirewallNotProtected,
                Code::LintRefreshInterval,
                Code::LintUnownedValues
            ]
        );
    }
}
