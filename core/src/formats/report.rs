//! Readable reports: a self-contained HTML document and the same content as Markdown, for the
//! Group Policy administrator who reviews and signs off a firewall policy.
//!
//! Both formats are rendered from one document model built by `build`, so they always carry
//! the same content: the per-profile settings table in the shape of Table 1 of the SBS 2003
//! paper (Setting | Domain Profile | Standard Profile), the program, port and service
//! exceptions with their scopes in words, ICMP, logging, interface exclusions, global
//! settings, values kept verbatim, the [`lint`] findings grouped by severity, how to apply the
//! policy and when clients pick it up, the UNCONFIRMED points the export relies on, the exact
//! registry values written and a sign-off table.
//!
//! Invariants:
//! * Pure and deterministic: no clock; the "generated" text comes from the caller in
//!   [`ReportOptions`]. The same policy and options give byte-identical output.
//! * Every piece of text that comes from the policy or the caller (names, paths, scopes, SDDL,
//!   interface names, registry keys, values and data, the title) goes through
//!   [`escape_html`] or [`escape_markdown`], so it always shows as text and never as markup.
//!   Control characters in such text are shown as spaces (lint names them precisely).
//! * The HTML has no scripts, no external assets and a Content-Security-Policy that forbids
//!   both; its stylesheet is inline and printable (page break before each section).

use std::borrow::Cow;

use crate::analysis::diff::diff_exported;
use crate::analysis::lint::{self, scope_in_words};
use crate::model::diagnostic::{Diagnostic, Severity};
use crate::model::policy::{GlobalId, Policy};
use crate::model::profile::{Profile, ProfileKind, SettingId, SettingKind};
use crate::model::scope::Scope;
use crate::model::setting::{IcmpOption, State};
use crate::registry::{hex, to_records, Record};

use super::pol;

/// The version of fwpolicy that writes the report (core's package version, which is the
/// workspace's: the CLI and the editor carry the same number).
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the caller tells the report about its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// Document title (shown as the heading and the HTML `<title>`).
    pub title: String,
    /// When the report was generated, as text supplied by the caller (core has no clock), for
    /// example `2026-12-06 20:15 UTC`. Shown in the sign-off block; "not recorded" if absent.
    pub generated: Option<String>,
    /// Where the policy came from (file name, GPO name), as text.
    pub source: Option<String>,
    /// DNS name of the domain, used in the SYSVOL path of "How to apply"; `<domain>` if absent.
    pub domain: Option<String>,
    /// GUID of the GPO (with braces), used in the SYSVOL path; `{GUID}` if absent.
    pub gpo_guid: Option<String>,
    /// What the policy is for and what to check before rolling it out (the project's
    /// description, e.g. a preset's caveats); [`crate::formats::write`] fills it from the
    /// project. Shown in the sign-off block when not blank.
    pub description: Option<String>,
    /// The policy as it was last exported. The sign-off block lists what changed since (as
    /// the registry-based exports see it, [`diff_exported`]); `None` says "no earlier export
    /// recorded".
    pub last_export: Option<Policy>,
    /// The fwpolicy version the sign-off block names; [`TOOL_VERSION`] by default.
    pub tool_version: String,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: "Windows Firewall Group Policy".to_string(),
            generated: None,
            source: None,
            domain: None,
            gpo_guid: None,
            description: None,
            last_export: None,
            tool_version: TOOL_VERSION.to_string(),
        }
    }
}

/// The SHA-256 of the Registry.pol this tool exports for `policy` (the bytes of
/// [`crate::formats::Format::RegistryPol`], i.e. [`pol::write`]), as 64 lowercase hex digits.
/// The report's sign-off block prints it so a reviewer can check that the file deployed is
/// the file reviewed (`Get-FileHash -Algorithm SHA256 Registry.pol`, `sha256sum`).
pub fn registry_pol_sha256(policy: &Policy) -> String {
    sha256_hex(&pol::write(policy).bytes)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One exception that opens something to any computer (scope `*`), for the sign-off block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenToAny {
    /// The profile it is in.
    pub profile: ProfileKind,
    /// What it opens: `port 3389/TCP`, `program C:\app.exe` or a service exception's name.
    pub what: String,
    /// The exception's name as typed (empty for a service exception).
    pub name: String,
    /// Why it may not open anything after all (its list is not Enabled, it is disabled, or
    /// "Do not allow exceptions" is Enabled); `None` when the export opens it.
    pub caveat: Option<&'static str>,
}

/// Every exception open to any computer (scope `*`), one per exception: service exceptions
/// (Enabled with scope `*`), then program and port exceptions, Domain Profile first, in list
/// order. Listed exceptions that would not be exported (list not Enabled) or that are disabled
/// are included with a caveat, so the reviewer sees every `*` the policy holds.
pub fn open_to_any(policy: &Policy) -> Vec<OpenToAny> {
    let mut out = Vec::new();
    for kind in ProfileKind::ALL {
        let p = policy.profile(kind);
        let blocked = p
            .do_not_allow_exceptions
            .is_enabled()
            .then_some("\"Do not allow exceptions\" is Enabled, so the firewall ignores it");
        for id in SettingId::SERVICES {
            if let Some(s) = p.service(id) {
                if s.is_enabled() && s.options == Scope::Any {
                    out.push(OpenToAny {
                        profile: kind,
                        what: format!("{} (opens {})", id.short_name(), id.service_ports()),
                        name: String::new(),
                        caveat: blocked,
                    });
                }
            }
        }
        let list_caveat = |state: State| match state {
            State::Enabled => blocked,
            State::Disabled => Some("its list is Disabled, so it is not written"),
            State::NotConfigured => Some("its list is Not configured, so it is not written"),
        };
        for e in p.programs.options.iter().filter(|e| e.scope == Scope::Any) {
            out.push(OpenToAny {
                profile: kind,
                what: format!("program {}", e.path),
                name: e.name.clone(),
                caveat: list_caveat(p.programs.state).or(if e.status.is_enabled() {
                    None
                } else {
                    Some("it is disabled")
                }),
            });
        }
        for e in p.ports.options.iter().filter(|e| e.scope == Scope::Any) {
            out.push(OpenToAny {
                profile: kind,
                what: format!("port {}/{}", e.port, e.transport.as_str()),
                name: e.name.clone(),
                caveat: list_caveat(p.ports.state).or(if e.status.is_enabled() {
                    None
                } else {
                    Some("it is disabled")
                }),
            });
        }
    }
    out
}

/// The policy as a self-contained, printable HTML document.
pub fn html(policy: &Policy, options: &ReportOptions) -> String {
    render_html(&build(policy, options))
}

/// The policy as a Markdown document (GitHub-flavoured tables) with the same content as
/// [`html`].
pub fn markdown(policy: &Policy, options: &ReportOptions) -> String {
    render_markdown(&build(policy, options))
}

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

/// Escapes text for HTML element content and attribute values: `& < > "` become entities (by
/// the `html-escape` crate), `'` becomes `&#39;` (so the text is safe in single-quoted
/// attributes too), line breaks and tabs are kept (`<pre>` and `white-space: pre-line` show
/// them; elsewhere they read as a space) and other control characters become spaces. The one
/// HTML escaper of the report and the editor.
pub fn escape_html(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    html_escape::encode_double_quoted_attribute(&cleaned).replace('\'', "&#39;")
}

/// Escapes text for Markdown paragraphs and table cells so that it renders literally: markup
/// characters (`\ ` * _ [ ] < > | & ~ $ #`) are backslash-escaped, control characters
/// (including line breaks) become spaces and leading or trailing spaces become `&#160;` so
/// they are neither trimmed nor collapsed.
pub fn escape_markdown(text: &str) -> String {
    markdown_text(text, true)
}

/// [`escape_markdown`]; `edges` says whether leading and trailing spaces must be kept visible
/// (values from the policy) or are our own word spacing between inline runs.
fn markdown_text(text: &str, edges: bool) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let (lead, trail) = if edges {
        let lead = chars.iter().take_while(|c| **c == ' ').count();
        let trail = if lead == chars.len() {
            0
        } else {
            chars.iter().rev().take_while(|c| **c == ' ').count()
        };
        (lead, trail)
    } else {
        (0, 0)
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' && (i < lead || i >= chars.len() - trail) {
            out.push_str("&#160;");
            continue;
        }
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '$' | '#'
        ) {
            out.push('\\');
        }
        out.push(*c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Document model
// ---------------------------------------------------------------------------------------------

/// A run of text inside a paragraph or cell.
#[derive(Debug, Clone)]
enum Inline {
    /// Plain text.
    Text(Text),
    /// Bold text.
    Strong(Text),
    /// A value from the policy (name, path, scope, registry data): monospace in HTML.
    Value(Text),
    /// A fixed command or identifier written by us (never user text, never a backtick).
    Code(&'static str),
    /// Secondary text (current ADML names, hints).
    Muted(Text),
    /// Line break inside a cell.
    Break,
}

type Line = Vec<Inline>;

/// Text of the document: our own fixed words are borrowed, text built from the policy owned.
type Text = Cow<'static, str>;

#[derive(Debug, Clone)]
enum Block {
    Heading(Text),
    Para(Line),
    Note(Line),
    Table {
        head: Vec<&'static str>,
        rows: Vec<Vec<Line>>,
    },
    Bullets(Vec<Line>),
    Steps(Vec<Line>),
}

#[derive(Debug, Clone)]
struct Section {
    id: &'static str,
    title: &'static str,
    blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
struct Doc {
    title: String,
    meta: Vec<Line>,
    /// The sign-off block shown at the top, before the contents (not a numbered section).
    top: Vec<Block>,
    sections: Vec<Section>,
}

fn t(s: impl Into<Text>) -> Inline {
    Inline::Text(s.into())
}

fn v(s: impl Into<Text>) -> Inline {
    Inline::Value(s.into())
}

fn strong(s: impl Into<Text>) -> Inline {
    Inline::Strong(s.into())
}

fn muted(s: impl Into<Text>) -> Inline {
    Inline::Muted(s.into())
}

fn para(line: Line) -> Block {
    Block::Para(line)
}

fn text_para(s: impl Into<Text>) -> Block {
    Block::Para(vec![t(s)])
}

// ---------------------------------------------------------------------------------------------
// Building the document
// ---------------------------------------------------------------------------------------------

fn build(policy: &Policy, options: &ReportOptions) -> Doc {
    let findings = lint::check(policy);
    let mut meta = Vec::new();
    if let Some(s) = &options.source {
        meta.push(vec![t("Source: "), t(s.clone())]);
    }
    let sections = vec![
        summary(policy, &findings),
        settings_table(policy),
        program_exceptions(policy),
        port_exceptions(policy),
        services(policy),
        icmp(policy),
        logging(policy),
        interfaces(policy),
        globals(policy),
        verbatim(policy),
        findings_section(&findings),
        how_to_apply(policy, options),
        unconfirmed(policy),
        registry_values(policy),
        sign_off(),
    ];
    Doc {
        title: options.title.clone(),
        meta,
        top: sign_off_block(policy, options),
        sections,
    }
}

/// The block at the top of the report a reviewer signs: what was reviewed (date, version,
/// title, the hash of the exported Registry.pol), what changed since the last export, the
/// project's description, every exception open to any computer, and lines to sign.
fn sign_off_block(policy: &Policy, options: &ReportOptions) -> Vec<Block> {
    let pol_bytes = pol::write(policy).bytes;
    let generated = match &options.generated {
        Some(g) if !g.trim().is_empty() => vec![t(g.clone())],
        _ => vec![muted("not recorded")],
    };
    let mut blocks = vec![Block::Table {
        head: vec!["Reviewed", "Value"],
        rows: vec![
            vec![vec![t("Generated")], generated],
            vec![vec![t("fwpolicy version")], vec![v(options.tool_version.clone())]],
            vec![vec![t("Policy title")], vec![v(options.title.clone())]],
            vec![
                vec![t("SHA-256 of Registry.pol")],
                vec![
                    v(sha256_hex(&pol_bytes)),
                    Inline::Break,
                    muted(format!(
                        "of the Registry.pol this tool exports for this policy ({}); check the deployed file with Get-FileHash -Algorithm SHA256 Registry.pol",
                        plural(pol_bytes.len(), "byte", "bytes")
                    )),
                ],
            ],
        ],
    }];

    blocks.push(Block::Heading("Changes since the last export".into()));
    match &options.last_export {
        None => blocks.push(text_para("No earlier export recorded.")),
        Some(before) => {
            let changes = diff_exported(before, policy);
            if changes.is_empty() {
                blocks.push(text_para(
                    "None: the exports carry the same settings as the last export.",
                ));
            } else {
                let cell = |value: &Option<String>| match value {
                    Some(text) => vec![v(text.clone())],
                    None => vec![muted("—")],
                };
                blocks.push(text_para(format!(
                    "{} in what the Registry.pol, LGPO text and .reg exports carry:",
                    plural(changes.len(), "change", "changes")
                )));
                blocks.push(Block::Table {
                    head: vec!["Setting or item", "Change", "Before", "After"],
                    rows: changes
                        .iter()
                        .map(|c| {
                            vec![
                                vec![t(c.path.clone())],
                                vec![t(c.kind.as_str())],
                                cell(&c.before),
                                cell(&c.after),
                            ]
                        })
                        .collect(),
                });
            }
        }
    }

    if let Some(description) = options
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        blocks.push(Block::Heading("About this policy".into()));
        for line in description.lines().filter(|l| !l.trim().is_empty()) {
            blocks.push(text_para(line.to_string()));
        }
    }

    blocks.push(Block::Heading("Open to any computer".into()));
    let open = open_to_any(policy);
    if open.is_empty() {
        blocks.push(text_para("No exception is open to any computer (scope *)."));
    } else {
        let items = open
            .iter()
            .map(|o| {
                let mut line = vec![
                    strong(format!("{}: ", o.profile.label())),
                    v(o.what.clone()),
                ];
                if !o.name.is_empty() {
                    line.extend([t(" named “"), v(o.name.clone()), t("”")]);
                }
                line.push(t(
                    " is open to any computer, including computers on the Internet (scope *).",
                ));
                if let Some(caveat) = o.caveat {
                    line.extend([t(" "), muted(format!("Not effective: {caveat}."))]);
                }
                line
            })
            .collect();
        blocks.push(para(vec![t(format!(
            "{}; narrow each to the addresses that need it, or confirm it:",
            plural(open.len(), "finding", "findings")
        ))]));
        blocks.push(Block::Bullets(items));
    }

    blocks.push(Block::Heading("Reviewer".into()));
    blocks.push(Block::Table {
        head: vec!["Reviewer", "Fill in by hand"],
        rows: ["Name", "Signature", "Date"]
            .iter()
            .map(|what| vec![vec![t(*what)], vec![]])
            .collect(),
    });
    blocks
}

fn count(findings: &[Diagnostic], severity: Severity) -> usize {
    findings.iter().filter(|d| d.severity == severity).count()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn summary(policy: &Policy, findings: &[Diagnostic]) -> Section {
    let mut blocks = vec![para(vec![
        t("This document describes a Windows Firewall Group Policy for Windows XP SP2 and Windows Server 2003 SP1 clients, as set in "),
        strong("Computer Configuration › Administrative Templates › Network › Network Connections › Windows Firewall"),
        t(" (the Domain Profile applies while a computer is on its domain's network, the Standard Profile everywhere else)."),
    ])];
    let mut facts = Vec::new();
    for kind in ProfileKind::ALL {
        let p = policy.profile(kind);
        facts.push(vec![t(format!(
            "{}: {} of 14 settings configured, {}, {}.",
            kind.label(),
            p.configured_count(),
            plural(
                p.programs.options.len(),
                "program exception",
                "program exceptions"
            ),
            plural(p.ports.options.len(), "port exception", "port exceptions"),
        ))]);
    }
    let globals = GlobalId::ALL
        .iter()
        .filter(|g| policy.global_state(**g) != State::NotConfigured)
        .count();
    facts.push(vec![t(format!(
        "Global settings configured: {globals} of 2. Values of other policies kept verbatim: {}.",
        policy.unowned.len()
    ))]);
    facts.push(vec![t(format!(
        "Findings: {}, {}, {}.",
        plural(count(findings, Severity::Error), "error", "errors"),
        plural(count(findings, Severity::Warning), "warning", "warnings"),
        plural(count(findings, Severity::Info), "note", "notes"),
    ))]);
    blocks.push(Block::Bullets(facts));
    if count(findings, Severity::Error) > 0 {
        blocks.push(Block::Note(vec![
            strong("Not ready: "),
            t("resolve the errors under Findings before exporting and applying this policy."),
        ]));
    }
    Section {
        id: "summary",
        title: "Summary",
        blocks,
    }
}

fn icmp_short(o: IcmpOption) -> String {
    format!(
        "{} ({})",
        o.label().trim_start_matches("Allow "),
        o.icmp_type()
    )
}

/// The cell of Table 1 for one setting in one profile.
fn setting_cell(p: &Profile, id: SettingId) -> Line {
    let state = p.state(id);
    let mut line = vec![strong(state.label())];
    let enabled = state == State::Enabled;
    match id.kind() {
        SettingKind::Plain => {}
        SettingKind::Service => {
            if let (true, Some(s)) = (enabled, p.service(id)) {
                line.extend([Inline::Break, t("Scope: "), t(scope_in_words(&s.options))]);
            }
        }
        SettingKind::Icmp => {
            if enabled {
                let allowed: Vec<String> = p.icmp.options.checked().map(icmp_short).collect();
                line.push(Inline::Break);
                if allowed.is_empty() {
                    line.push(t("Allows no ICMP type"));
                } else {
                    line.push(t(format!("Allows {}", allowed.join(", "))));
                }
            }
        }
        SettingKind::Logging => {
            if let Some(l) = p.logging.enabled_options() {
                let what = match (l.log_dropped, l.log_successful) {
                    (true, true) => "Logs dropped packets and successful connections",
                    (true, false) => "Logs dropped packets",
                    (false, true) => "Logs successful connections",
                    (false, false) => "Logs nothing",
                };
                line.extend([
                    Inline::Break,
                    t(what),
                    Inline::Break,
                    v(l.path.clone()),
                    t(format!(", {} KB", l.size_kb)),
                ]);
            }
        }
        SettingKind::ProgramList | SettingKind::PortList => {
            let (len, one, many) = if id.kind() == SettingKind::ProgramList {
                (p.programs.options.len(), "program", "programs")
            } else {
                (p.ports.options.len(), "port", "ports")
            };
            match state {
                State::Enabled => {
                    line.extend([
                        Inline::Break,
                        t(format!("{} listed", plural(len, one, many))),
                    ]);
                }
                State::Disabled => {
                    line.extend([
                        Inline::Break,
                        t("The Group Policy list is ignored by the firewall"),
                    ]);
                }
                State::NotConfigured => {}
            }
            if state != State::Enabled && len > 0 {
                line.extend([
                    Inline::Break,
                    t(format!(
                        "{} listed but not exported",
                        plural(len, one, many)
                    )),
                ]);
            }
        }
    }
    line
}

fn xp_name_unconfirmed(id: SettingId) -> bool {
    matches!(id, SettingId::RemoteDesktop | SettingId::UpnpFramework)
}

fn settings_table(policy: &Policy) -> Section {
    let mut rows = Vec::new();
    for id in SettingId::ALL {
        let mut name = vec![strong(id.xp_name())];
        if xp_name_unconfirmed(id) {
            name.push(t(" †"));
        }
        name.extend([Inline::Break, muted(id.current_name().trim())]);
        rows.push(vec![
            name,
            setting_cell(&policy.domain, id),
            setting_cell(&policy.standard, id),
        ]);
    }
    Section {
        id: "settings",
        title: "Profile settings",
        blocks: vec![
            para(vec![
                t("The 14 policies of each profile, in the layout of Table 1 of the Windows Small Business Server 2003 paper. Names are the Windows XP SP2 / Server 2003 SP1 names; the current Windows Defender Firewall names are shown below them. Not configured means the policy writes nothing and each computer keeps its local setting."),
            ]),
            Block::Table {
                head: vec!["Setting", "Domain Profile", "Standard Profile"],
                rows,
            },
            Block::Note(vec![t(
                "† The Windows XP SP2 display names of the Remote Desktop and UPnP framework policies are UNCONFIRMED in our sources; the later names shown below them are confirmed.",
            )]),
        ],
    }
}

fn list_intro(p: &Profile, define: SettingId, local: SettingId, listed: usize) -> Line {
    let mut line = vec![t(format!(
        "{}: {}. {}: {}.",
        define.short_name(),
        p.state(define).label(),
        local.short_name(),
        p.state(local).label()
    ))];
    let consequence = match p.state(define) {
        State::Enabled if listed > 0 => " These definitions are written to the policy.",
        State::Enabled => "",
        State::Disabled => {
            " The firewall ignores the Group Policy list; nothing listed here is written."
        }
        State::NotConfigured if listed > 0 => {
            " The policy is Not configured, so these definitions are not written."
        }
        State::NotConfigured => "",
    };
    if !consequence.is_empty() {
        line.push(t(consequence));
    }
    line
}

fn status_words(status: crate::model::exception::Status) -> Line {
    if status.is_enabled() {
        vec![t("enabled")]
    } else {
        vec![
            t("disabled"),
            Inline::Break,
            muted("overrides other definitions of the same item"),
        ]
    }
}

fn program_exceptions(policy: &Policy) -> Section {
    let mut blocks = vec![text_para(
        "Programs allowed to receive unsolicited inbound traffic while they run (Define program exceptions). Lists from several GPOs add up on the client.",
    )];
    for kind in ProfileKind::ALL {
        let p = policy.profile(kind);
        blocks.push(Block::Heading(kind.label().into()));
        blocks.push(para(list_intro(
            p,
            SettingId::DefineProgramExceptions,
            SettingId::AllowLocalProgramExceptions,
            p.programs.options.len(),
        )));
        if p.programs.options.is_empty() {
            blocks.push(text_para("No program exceptions are listed."));
            continue;
        }
        let rows = p
            .programs
            .options
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    vec![t((i + 1).to_string())],
                    vec![v(e.name.clone())],
                    vec![v(e.path.clone())],
                    vec![t(scope_in_words(&e.scope))],
                    status_words(e.status),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            head: vec!["#", "Name", "Program", "Scope", "Status"],
            rows,
        });
    }
    Section {
        id: "programs",
        title: "Program exceptions",
        blocks,
    }
}

fn port_exceptions(policy: &Policy) -> Section {
    let mut blocks = vec![text_para(
        "TCP and UDP ports that are always open (Define port exceptions), one port per definition. Lists from several GPOs add up on the client.",
    )];
    for kind in ProfileKind::ALL {
        let p = policy.profile(kind);
        blocks.push(Block::Heading(kind.label().into()));
        blocks.push(para(list_intro(
            p,
            SettingId::DefinePortExceptions,
            SettingId::AllowLocalPortExceptions,
            p.ports.options.len(),
        )));
        if p.ports.options.is_empty() {
            blocks.push(text_para("No port exceptions are listed."));
            continue;
        }
        let rows = p
            .ports
            .options
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    vec![t((i + 1).to_string())],
                    vec![v(e.name.clone())],
                    vec![t(e.port.to_string())],
                    vec![t(e.transport.as_str())],
                    vec![t(scope_in_words(&e.scope))],
                    status_words(e.status),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            head: vec!["#", "Name", "Port", "Transport", "Scope", "Status"],
            rows,
        });
    }
    Section {
        id: "ports",
        title: "Port exceptions",
        blocks,
    }
}

fn service_cell(p: &Profile, id: SettingId) -> Line {
    let Some(s) = p.service(id) else {
        return vec![];
    };
    let mut line = vec![strong(s.state.label())];
    if s.is_enabled() {
        line.extend([Inline::Break, t("Open to "), t(scope_in_words(&s.options))]);
    }
    line
}

fn services(policy: &Policy) -> Section {
    let rows = SettingId::SERVICES
        .iter()
        .map(|id| {
            vec![
                vec![t(id.short_name())],
                vec![t(id.service_ports())],
                service_cell(&policy.domain, *id),
                service_cell(&policy.standard, *id),
            ]
        })
        .collect();
    Section {
        id: "services",
        title: "Service exceptions",
        blocks: vec![
            text_para(
                "Predefined exceptions for Windows services, each with its own scope. Disabled closes only what the exception itself opened.",
            ),
            Block::Table {
                head: vec!["Service", "Ports opened", "Domain Profile", "Standard Profile"],
                rows,
            },
            Block::Note(vec![t(
                "Anything that opens TCP 445 (file and printer sharing, remote administration or a port exception for 445) also lets inbound ICMP echo requests (ping) through, whatever the ICMP policy says. Remote administration also lets svchost.exe and lsass.exe receive dynamic RPC traffic (typically ports 1024–1034).",
            )]),
        ],
    }
}

fn icmp_cell(p: &Profile, o: IcmpOption) -> Line {
    let mut line = match p.icmp.state {
        State::Enabled => {
            if p.icmp.options.get(o) {
                vec![t("allowed")]
            } else {
                vec![t("not allowed")]
            }
        }
        State::Disabled => vec![t("not allowed (policy Disabled)")],
        State::NotConfigured => vec![t("local setting")],
    };
    let echo_shown_allowed = p.icmp.is_enabled() && p.icmp.options.get(o);
    if o == IcmpOption::InboundEchoRequest
        && !echo_shown_allowed
        && !p.do_not_allow_exceptions.is_enabled()
        && !lint::opens_445(p).is_empty()
    {
        line.extend([Inline::Break, muted("allowed anyway: TCP 445 is open")]);
    }
    line
}

fn icmp(policy: &Policy) -> Section {
    // By ICMP type, in list order within a type (a stable sort without a sort in the bundle).
    let rows = (0..=u8::MAX)
        .flat_map(|t| {
            IcmpOption::ALL
                .into_iter()
                .filter(move |o| o.icmp_type() == t)
        })
        .map(|o| {
            let direction = match o.direction() {
                crate::model::setting::Direction::Inbound => "inbound",
                crate::model::setting::Direction::Outbound => "outbound",
            };
            vec![
                vec![t(o.label())],
                vec![t(o.icmp_type().to_string())],
                vec![t(direction)],
                icmp_cell(&policy.domain, o),
                icmp_cell(&policy.standard, o),
            ]
        })
        .collect();
    Section {
        id: "icmp",
        title: "ICMP",
        blocks: vec![
            para(vec![t(format!(
                "Allow ICMP exceptions — Domain Profile: {}; Standard Profile: {}.",
                policy.domain.icmp.state.label(),
                policy.standard.icmp.state.label()
            ))]),
            Block::Table {
                head: vec![
                    "ICMP message",
                    "Type",
                    "Direction",
                    "Domain Profile",
                    "Standard Profile",
                ],
                rows,
            },
        ],
    }
}

fn logging_cells(p: &Profile) -> [Line; 5] {
    let state = match p.logging.state {
        State::Enabled => vec![strong("Enabled")],
        State::Disabled => vec![strong("Disabled"), t(" (nothing is logged)")],
        State::NotConfigured => vec![strong("Not configured"), t(" (local setting)")],
    };
    match p.logging.enabled_options() {
        Some(l) => [
            state,
            vec![t(if l.log_dropped { "yes" } else { "no" })],
            vec![t(if l.log_successful { "yes" } else { "no" })],
            vec![v(l.path.clone())],
            vec![t(format!("{} KB", l.size_kb))],
        ],
        None => [
            state,
            vec![t("—")],
            vec![t("—")],
            vec![t("—")],
            vec![t("—")],
        ],
    }
}

fn logging(policy: &Policy) -> Section {
    let d = logging_cells(&policy.domain);
    let s = logging_cells(&policy.standard);
    let labels = [
        "Allow logging",
        "Log dropped packets",
        "Log successful connections",
        "Log file",
        "Size limit",
    ];
    let rows = labels
        .iter()
        .zip(d)
        .zip(s)
        .map(|((label, d), s)| vec![vec![t(*label)], d, s])
        .collect();
    Section {
        id: "logging",
        title: "Logging",
        blocks: vec![
            Block::Table {
                head: vec!["Option", "Domain Profile", "Standard Profile"],
                rows,
            },
            text_para(
                "The log file path may contain environment variables; the firewall service must be able to write to its folder.",
            ),
        ],
    }
}

fn interfaces(policy: &Policy) -> Section {
    let mut items = Vec::new();
    for kind in ProfileKind::ALL {
        let list = &policy.profile(kind).excluded_interfaces;
        let mut line = vec![strong(format!("{}: ", kind.label()))];
        if list.is_empty() {
            line.push(t("none"));
        } else {
            line.push(t("firewall off on "));
            for (i, name) in list.iter().enumerate() {
                if i > 0 {
                    line.push(t(", "));
                }
                line.push(v(name.clone()));
            }
        }
        items.push(line);
    }
    Section {
        id: "interfaces",
        title: "Interface exclusions",
        blocks: vec![
            Block::Bullets(items),
            Block::Note(vec![
                t("XP-era Group Policy cannot turn the firewall off for a single connection, so the Registry.pol, LGPO text and .reg exports leave interface exclusions out. The netsh script ("),
                Inline::Code("netsh firewall set opmode ... interface="),
                t(") and the PowerShell script ("),
                Inline::Code("Set-NetFirewallProfile -DisabledInterfaceAliases"),
                t(") carry them: run one of them on the computers that need it."),
            ]),
        ],
    }
}

fn globals(policy: &Policy) -> Section {
    let bypass_value = match policy.ipsec_bypass.enabled_options() {
        Some(sddl) => vec![t("SDDL: "), v(sddl.clone())],
        None => vec![t("—")],
    };
    let refresh_value = match policy.refresh.enabled_options() {
        Some(r) => vec![t(format!(
            "Every {} minutes plus a random 0–{} minutes",
            r.minutes, r.offset
        ))],
        None => vec![t("Default: every 90 minutes plus a random 0–30 minutes")],
    };
    let rows = vec![
        vec![
            vec![t(GlobalId::IpsecBypass.label())],
            vec![strong(policy.ipsec_bypass.state.label())],
            bypass_value,
        ],
        vec![
            vec![
                t(GlobalId::RefreshInterval.label()),
                Inline::Break,
                muted("System › Group Policy"),
            ],
            vec![strong(policy.refresh.state.label())],
            refresh_value,
        ],
    ];
    Section {
        id: "globals",
        title: "Global settings",
        blocks: vec![Block::Table {
            head: vec!["Setting", "State", "Value"],
            rows,
        }],
    }
}

fn record_data(r: &Record) -> Line {
    if r.deleted_value().is_some() && r.as_string().as_deref() == Some(" ") {
        return vec![muted("delete marker (data: one space)")];
    }
    match (r.as_dword(), r.as_string()) {
        (Some(d), _) => vec![t(d.to_string())],
        (_, Some(s)) => vec![v(s)],
        _ => vec![v(hex(&r.data)), muted(" (hex)")],
    }
}

fn record_rows(records: &[Record]) -> Vec<Vec<Line>> {
    records
        .iter()
        .map(|r| {
            vec![
                vec![v(r.key.clone())],
                vec![v(r.value.clone())],
                vec![t(r.kind.name())],
                record_data(r),
            ]
        })
        .collect()
}

fn verbatim(policy: &Policy) -> Section {
    let mut blocks = vec![text_para(
        "Registry values in the imported policy that are not Windows Firewall policies managed by this editor. They are kept as they are and written back unchanged by the Registry.pol, LGPO text and .reg exports.",
    )];
    if policy.unowned.is_empty() {
        blocks.push(text_para("None."));
    } else {
        blocks.push(Block::Table {
            head: vec!["Key", "Value name", "Type", "Data"],
            rows: record_rows(&policy.unowned),
        });
    }
    Section {
        id: "verbatim",
        title: "Values kept verbatim",
        blocks,
    }
}

fn findings_section(findings: &[Diagnostic]) -> Section {
    let mut blocks = Vec::new();
    if findings.is_empty() {
        blocks.push(text_para("No findings."));
    }
    for (severity, heading) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Notes"),
    ] {
        let group: Vec<&Diagnostic> = findings.iter().filter(|d| d.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        blocks.push(Block::Heading(
            format!("{heading} ({})", group.len()).into(),
        ));
        let rows = group
            .iter()
            .map(|d| {
                vec![
                    vec![t(d.code.as_str())],
                    vec![t(d.path.clone().unwrap_or_default())],
                    vec![t(d.message.clone())],
                ]
            })
            .collect();
        blocks.push(Block::Table {
            head: vec!["Code", "Where", "Finding"],
            rows,
        });
    }
    Section {
        id: "findings",
        title: "Findings",
        blocks,
    }
}

fn how_to_apply(policy: &Policy, options: &ReportOptions) -> Section {
    let domain = options.domain.clone().unwrap_or_else(|| "<domain>".into());
    let guid = options.gpo_guid.clone().unwrap_or_else(|| "{GUID}".into());
    let sysvol = format!(r"\\{domain}\SYSVOL\{domain}\Policies\{guid}\Machine\Registry.pol");
    let mut steps = vec![
        vec![t("Review this document, resolve the errors under Findings and sign it off.")],
        vec![
            strong("Domain GPO: "),
            t("copy the exported Registry.pol to "),
            v(sysvol),
            t(". Firewall policies are computer settings, so the file belongs in the GPO's Machine folder. The copy replaces every registry-based Administrative Template setting of the computer half of that GPO; values of other policies read from an imported file are kept in the export (see Values kept verbatim)."),
        ],
        vec![
            strong("Local GPO (stand-alone computer): "),
            Inline::Code("LGPO.exe /m Registry.pol"),
            t(" imports the file into "),
            Inline::Code(r"%SystemRoot%\System32\GroupPolicy\Machine\Registry.pol"),
            t(". LGPO adds and overwrites values; it does not remove settings missing from the file."),
        ],
        vec![
            strong("Bump the GPO version "),
            t("(domain GPO), or clients skip the unchanged-looking GPO: in the GPO folder's "),
            Inline::Code("gpt.ini"),
            t(", section "),
            Inline::Code("[General]"),
            t(", raise "),
            Inline::Code("Version="),
            t(" by one in its computer half, the low 16 bits (the user half is the high 16 bits; for example 65537 = user 1, computer 1 becomes 65538), and set the versionNumber attribute of the GPO's Active Directory object ("),
            v(format!("CN={guid},CN=Policies,CN=System,DC=...")),
            t(") to the same number."),
        ],
        vec![
            strong("Check the extension list: "),
            t("the GPO's gPCMachineExtensionNames attribute must contain "),
            Inline::Code("[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{0F6B957D-509E-11D1-A7CC-0000F87571E3}]"),
            t(" (Registry settings client-side extension + Administrative Templates tool), or the registry extension ignores the GPO. UNCONFIRMED: the exact bracket syntax and the ascending-GUID order are GPMC convention, and the second GUID comes from a secondary source."),
        ],
        vec![
            strong("Test on one client: "),
            Inline::Code("gpupdate /target:computer /force"),
            t(" (/force reapplies every setting even when nothing seems to have changed)."),
        ],
    ];
    if policy.has_interface_exclusions() {
        steps.push(vec![
            strong("Interface exclusions: "),
            t("run the exported netsh or PowerShell script on the computers that need them; Group Policy cannot carry them."),
        ]);
    }
    let interval = match policy.refresh.state {
        State::Enabled => {
            let r = policy.refresh.options;
            if r.minutes == 0 {
                vec![
                    strong("Background refresh: "),
                    t(format!(
                        "this policy sets the interval to 0 minutes, so clients that have applied it try to refresh every 7 seconds (random offset 0–{} minutes). Until then, every 90 minutes plus a random 0–30 minutes.",
                        r.offset
                    )),
                ]
            } else {
                vec![
                    strong("Background refresh: "),
                    t(format!(
                        "this policy sets every {} minutes plus a random 0–{} minutes on clients that have applied it; until then, the default of every 90 minutes plus a random 0–30 minutes.",
                        r.minutes, r.offset
                    )),
                ]
            }
        }
        _ => vec![
            strong("Background refresh: "),
            t("every 90 minutes plus a random 0–30 minutes (the default; this policy does not set the refresh interval)."),
        ],
    };
    let window = vec![
        interval,
        vec![
            strong("At startup: "),
            t("computer policy is always applied when the computer starts. Windows XP starts without waiting for the network (fast logon optimization), so policy is then applied in the background once the network is up, unless \"Always wait for the network at computer startup and logon\" is enabled."),
        ],
        vec![
            strong("Domain controllers: "),
            t("every 5 minutes."),
        ],
        vec![
            strong("New clients: "),
            t("at the first startup after joining the domain. The SBS 2003 paper says a new Windows XP SP2 client gets the settings as soon as it joins the domain."),
        ],
        vec![
            strong("Security Center: "),
            t("the SBS 2003 paper says to wait 90 minutes for the new settings to reach existing Windows XP SP2 clients and then restart each client to enable the Security Center."),
        ],
        vec![
            strong("Laptops away from the office: "),
            t("a computer that is not on its domain's network uses the Standard Profile (VPN and dial-up connections do not count as the domain network) and receives the new policy at its next refresh while connected to the domain."),
        ],
        vec![
            strong("No restart for the firewall settings: "),
            t("registry-based policies are applied during background refresh; how the firewall service picks up the changed keys is UNCONFIRMED."),
        ],
    ];
    Section {
        id: "apply",
        title: "How to apply",
        blocks: vec![
            Block::Steps(steps),
            Block::Heading("When clients pick it up".into()),
            Block::Bullets(window),
        ],
    }
}

fn any_list_disabled(policy: &Policy) -> bool {
    ProfileKind::ALL.iter().any(|k| {
        let p = policy.profile(*k);
        p.programs.state == State::Disabled || p.ports.state == State::Disabled
    })
}

fn definitions(policy: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    for kind in ProfileKind::ALL {
        let p = policy.profile(kind);
        out.extend(p.programs.options.iter().map(|e| e.to_string()));
        out.extend(p.ports.options.iter().map(|e| e.to_string()));
    }
    out
}

fn unconfirmed(policy: &Policy) -> Section {
    let mut items: Vec<Line> = vec![
        vec![t("gPCMachineExtensionNames: the exact bracket syntax and ordering of the GUID pair are GPMC convention; the Administrative Templates tool GUID {0F6B957D-509E-11D1-A7CC-0000F87571E3} comes from a secondary source.")],
        vec![t("How the Windows Firewall service picks up policy values after the registry extension has written them is not documented in our sources; no restart is expected.")],
        vec![t("The Windows XP SP2 display names of \"Allow Remote Desktop exception\" and \"Allow UPnP framework exception\".")],
        vec![t("Exception lists are written as GPMC does, with the whole definition as both value name and data; whether the firewall reads the name or the data is unconfirmed.")],
        vec![t("Definition strings use the ADML lowercase keywords (enabled, disabled, localsubnet); how Windows splits a definition at its colons is unconfirmed, so a colon is accepted only as the drive separator of a program path.")],
        vec![t("Delete markers for options of Disabled policies are written as GPMC does (value **del.<name>, REG_SZ, one space); the payload is documented only by secondary sources.")],
    ];
    if any_list_disabled(policy) {
        items.push(vec![t("A Disabled exception list is written as Enabled = 0 only; whether GPMC also writes a **delvals. record for the list key is unconfirmed. Disabling a list in a higher-precedence GPO to cancel lists from other GPOs is derived, not confirmed on the client.")]);
    }
    let empty_service_scope = ProfileKind::ALL.iter().any(|k| {
        SettingId::SERVICES.iter().any(|id| {
            policy
                .profile(*k)
                .service(*id)
                .is_some_and(|s| s.is_enabled() && s.options == Scope::List(vec![]))
        })
    });
    if empty_service_scope {
        items.push(vec![t(
            "What the firewall does with a service exception whose scope is empty.",
        )]);
    }
    let defs = definitions(policy);
    if defs
        .iter()
        .any(|d| d.encode_utf16().count() > crate::model::exception::MAX_DEFINITION_LEN)
    {
        items.push(vec![t(
            "Whether Windows truncates or rejects definitions longer than 259 characters.",
        )]);
    }
    if defs.iter().any(|d| !d.is_ascii()) {
        items.push(vec![t(
            "How Windows handles non-ASCII characters in list value names (the Registry.pol grammar allows printable ASCII).",
        )]);
    }
    if policy.standard.configured_count() > 0 {
        items.push(vec![t(
            "How Windows Vista and later apply the legacy Standard Profile to the Private and Public profiles; KB 947229 shows that at least the two \"Allow local ... exceptions\" settings are not applied there.",
        )]);
    }
    Section {
        id: "unconfirmed",
        title: "Unconfirmed points",
        blocks: vec![
            text_para(
                "The export relies on these points, which our sources mark as UNCONFIRMED. Each time the safe choice is taken; test on a real client (for example with LGPO.exe /parse of a GPMC-written Registry.pol) before relying on them.",
            ),
            Block::Bullets(items),
        ],
    }
}

fn registry_values(policy: &Policy) -> Section {
    let written = to_records(policy);
    let mut blocks = vec![text_para(
        "The exact values the Registry.pol, LGPO text and .reg exports write, in file order (keys under HKEY_LOCAL_MACHINE). Not configured policies write nothing; Disabled policies write their disabled value and delete markers (**del.) for their options.",
    )];
    if written.records.is_empty() {
        blocks.push(text_para("None: every policy is Not configured."));
    } else {
        blocks.push(Block::Table {
            head: vec!["Key", "Value name", "Type", "Data"],
            rows: record_rows(&written.records),
        });
    }
    Section {
        id: "registry",
        title: "Registry values written",
        blocks,
    }
}

fn sign_off() -> Section {
    let rows = ["Prepared by", "Reviewed by", "Approved by"]
        .iter()
        .map(|role| vec![vec![t(*role)], vec![], vec![], vec![]])
        .collect();
    Section {
        id: "sign-off",
        title: "Sign-off",
        blocks: vec![Block::Table {
            head: vec!["Role", "Name", "Date", "Signature"],
            rows,
        }],
    }
}

// ---------------------------------------------------------------------------------------------
// HTML rendering
// ---------------------------------------------------------------------------------------------

const STYLE: &str = "\
:root { color-scheme: light; }
body { margin: 2em auto; max-width: 62em; padding: 0 1.5em; background: #ffffff; color: #1b1b1b;
  font-family: \"Segoe UI\", Tahoma, Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 1.7em; margin: 0 0 .2em; color: #1f4e79; }
h2 { font-size: 1.3em; margin: 2em 0 .6em; padding-bottom: .2em; border-bottom: 2px solid #1f4e79; color: #1f4e79; }
h3 { font-size: 1.1em; margin: 1.4em 0 .4em; }
p.meta { margin: .1em 0; color: #4a5560; }
nav ol { columns: 2; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; }
th, td { border: 1px solid #b7c3cf; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #e8eef4; }
#settings th:first-child { width: 40%; }
#settings th + th { width: 30%; }
tbody tr:nth-child(even) td { background: #f7f9fb; }
code { font-family: Consolas, \"Courier New\", monospace; font-size: .95em; white-space: pre-wrap; overflow-wrap: anywhere; }
.muted { color: #5a6570; font-size: .92em; }
p.note { border-left: 4px solid #c9a227; background: #fdf8e6; padding: .4em .8em; }
@page { margin: 1.5cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  nav { display: none; }
  section { break-before: page; page-break-before: always; }
  section.first { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) td { background: none; }
  a { color: inherit; text-decoration: none; }
}
";

fn html_inline(line: &[Inline], out: &mut String) {
    for i in line {
        match i {
            Inline::Text(s) => out.push_str(&escape_html(s)),
            Inline::Strong(s) => {
                out.push_str("<strong>");
                out.push_str(&escape_html(s));
                out.push_str("</strong>");
            }
            Inline::Value(s) => {
                out.push_str("<code>");
                out.push_str(&escape_html(s));
                out.push_str("</code>");
            }
            Inline::Code(s) => {
                out.push_str("<code>");
                out.push_str(&escape_html(s));
                out.push_str("</code>");
            }
            Inline::Muted(s) => {
                out.push_str("<span class=\"muted\">");
                out.push_str(&escape_html(s));
                out.push_str("</span>");
            }
            Inline::Break => out.push_str("<br>"),
        }
    }
}

fn html_block(block: &Block, out: &mut String) {
    match block {
        Block::Heading(s) => {
            out.push_str("<h3>");
            out.push_str(&escape_html(s));
            out.push_str("</h3>\n");
        }
        Block::Para(line) => {
            out.push_str("<p>");
            html_inline(line, out);
            out.push_str("</p>\n");
        }
        Block::Note(line) => {
            out.push_str("<p class=\"note\">");
            html_inline(line, out);
            out.push_str("</p>\n");
        }
        Block::Table { head, rows } => {
            out.push_str("<table>\n<thead><tr>");
            for h in head {
                out.push_str("<th scope=\"col\">");
                out.push_str(&escape_html(h));
                out.push_str("</th>");
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in rows {
                out.push_str("<tr>");
                for cell in row {
                    out.push_str("<td>");
                    html_inline(cell, out);
                    out.push_str("</td>");
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::Bullets(items) | Block::Steps(items) => {
            let tag = if matches!(block, Block::Steps(_)) {
                "ol"
            } else {
                "ul"
            };
            out.push_str(&format!("<{tag}>\n"));
            for item in items {
                out.push_str("<li>");
                html_inline(item, out);
                out.push_str("</li>\n");
            }
            out.push_str(&format!("</{tag}>\n"));
        }
    }
}

fn render_html(doc: &Doc) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>");
    out.push_str(&escape_html(&doc.title));
    out.push_str("</title>\n<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header>\n<h1>");
    out.push_str(&escape_html(&doc.title));
    out.push_str("</h1>\n");
    for line in &doc.meta {
        out.push_str("<p class=\"meta\">");
        html_inline(line, &mut out);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n<section id=\"review\" class=\"first\">\n<h2>Sign-off summary</h2>\n");
    for b in &doc.top {
        html_block(b, &mut out);
    }
    out.push_str("</section>\n<nav aria-label=\"Contents\">\n<ol>\n");
    for s in &doc.sections {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            s.id,
            escape_html(s.title)
        ));
    }
    out.push_str("</ol>\n</nav>\n");
    for (i, s) in doc.sections.iter().enumerate() {
        out.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}. {}</h2>\n",
            s.id,
            i + 1,
            escape_html(s.title)
        ));
        for b in &s.blocks {
            html_block(b, &mut out);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

// ---------------------------------------------------------------------------------------------
// Markdown rendering
// ---------------------------------------------------------------------------------------------

fn md_inline(line: &[Inline], out: &mut String) {
    for i in line {
        match i {
            Inline::Text(s) => out.push_str(&markdown_text(s, false)),
            Inline::Value(s) => out.push_str(&markdown_text(s, true)),
            Inline::Strong(s) => {
                let inner = markdown_text(s.trim(), false);
                if !inner.is_empty() {
                    out.push_str("**");
                    out.push_str(&inner);
                    out.push_str("**");
                }
                if s.ends_with(' ') {
                    out.push(' ');
                }
            }
            Inline::Code(s) => {
                out.push('`');
                out.push_str(s);
                out.push('`');
            }
            Inline::Muted(s) => {
                let inner = markdown_text(s.trim(), false);
                if !inner.is_empty() {
                    if s.starts_with(' ') {
                        out.push(' ');
                    }
                    out.push('*');
                    out.push_str(&inner);
                    out.push('*');
                }
            }
            Inline::Break => out.push_str("<br>"),
        }
    }
}

fn md_line(line: &[Inline]) -> String {
    let mut s = String::new();
    md_inline(line, &mut s);
    s
}

fn md_block(block: &Block, out: &mut String) {
    match block {
        Block::Heading(s) => {
            out.push_str("### ");
            out.push_str(&escape_markdown(s));
            out.push_str("\n\n");
        }
        Block::Para(line) => {
            out.push_str(&md_line(line));
            out.push_str("\n\n");
        }
        Block::Note(line) => {
            out.push_str("> ");
            out.push_str(&md_line(line));
            out.push_str("\n\n");
        }
        Block::Table { head, rows } => {
            out.push('|');
            for h in head {
                out.push(' ');
                out.push_str(&escape_markdown(h));
                out.push_str(" |");
            }
            out.push_str("\n|");
            for _ in head {
                out.push_str(" --- |");
            }
            out.push('\n');
            for row in rows {
                out.push('|');
                for cell in row {
                    out.push(' ');
                    out.push_str(&md_line(cell));
                    out.push_str(" |");
                }
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Bullets(items) => {
            for item in items {
                out.push_str("- ");
                out.push_str(&md_line(item));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Steps(items) => {
            for (i, item) in items.iter().enumerate() {
                out.push_str(&format!("{}. ", i + 1));
                out.push_str(&md_line(item));
                out.push('\n');
            }
            out.push('\n');
        }
    }
}

fn render_markdown(doc: &Doc) -> String {
    let mut out = String::new();
    out.push_str("# ");
    out.push_str(&escape_markdown(&doc.title));
    out.push_str("\n\n");
    for line in &doc.meta {
        out.push_str(&md_line(line));
        out.push_str("  \n");
    }
    if !doc.meta.is_empty() {
        out.push('\n');
    }
    out.push_str("## Sign-off summary\n\n");
    for b in &doc.top {
        md_block(b, &mut out);
    }
    out.push_str("Contents:\n\n");
    for (i, s) in doc.sections.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", i + 1, escape_markdown(s.title)));
    }
    out.push('\n');
    for (i, s) in doc.sections.iter().enumerate() {
        out.push_str(&format!("## {}. {}\n\n", i + 1, escape_markdown(s.title)));
        for b in &s.blocks {
            md_block(b, &mut out);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_the_five_characters() {
        assert_eq!(
            escape_html(r#"<script>alert('x') & "y"</script>"#),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    // See: issue 9
    #[test]
    fn html_escape_keeps_line_breaks_and_blanks_other_control_characters() {
        assert_eq!(escape_html("a\nb\u{0}c\td"), "a\nb c\td");
        assert_eq!(escape_html("line 1\nline <2>"), "line 1\nline &lt;2&gt;");
    }

    #[test]
    fn markdown_escapes_markup_and_keeps_edge_spaces() {
        assert_eq!(escape_markdown("a|b"), r"a\|b");
        assert_eq!(escape_markdown(r"C:\x_y*z"), r"C:\\x\_y\*z");
        assert_eq!(escape_markdown("`code` <b>"), r"\`code\` \<b\>");
        assert_eq!(escape_markdown("&amp;"), r"\&amp;");
        assert_eq!(escape_markdown("line\nbreak"), "line break");
        assert_eq!(escape_markdown(" x "), "&#160;x&#160;");
        assert_eq!(escape_markdown("   "), "&#160;&#160;&#160;");
        assert_eq!(escape_markdown("$(x) ~y~ #1 [l]"), r"\$(x) \~y\~ \#1 \[l\]");
    }

    #[test]
    fn echo_row_says_445_lets_ping_through() {
        let mut p = Policy::default();
        p.standard.file_and_print = crate::model::setting::Setting::enabled(Scope::local_subnet());
        let html = html(&p, &ReportOptions::default());
        assert!(html.contains("<tr><td>Allow inbound echo request</td><td>8</td><td>inbound</td><td>local setting</td><td>local setting<br><span class=\"muted\">allowed anyway: TCP 445 is open</span></td></tr>"));
        // With Do not allow exceptions nothing is open, so no remark.
        p.standard.do_not_allow_exceptions = crate::model::setting::Setting::enabled(());
        let html = super::html(&p, &ReportOptions::default());
        assert!(!html.contains("allowed anyway"));
    }

    #[test]
    fn errors_make_the_summary_say_not_ready() {
        let mut p = Policy::default();
        assert!(!markdown(&p, &ReportOptions::default()).contains("Not ready"));
        p.ipsec_bypass = crate::model::setting::Setting::enabled(String::new());
        let md = markdown(&p, &ReportOptions::default());
        assert!(md.contains("> **Not ready:** resolve the errors under Findings"));
        assert!(md.contains("### Errors (1)"));
        assert!(
            md.contains("| lint-sddl-shape | Windows Firewall: Allow authenticated IPsec bypass |")
        );
    }

    #[test]
    fn conditional_unconfirmed_points() {
        let mut p = Policy::default();
        let md = markdown(&p, &ReportOptions::default());
        assert!(!md.contains("**delvals."));
        assert!(!md.contains("KB 947229 shows"));
        p.domain.ports = crate::model::setting::Setting::disabled();
        p.standard.protect_all = crate::model::setting::Setting::enabled(());
        let md = markdown(&p, &ReportOptions::default());
        assert!(md.contains(r"whether GPMC also writes a \*\*delvals. record"));
        assert!(md.contains("KB 947229 shows"));
    }

    #[test]
    fn options_default_title() {
        assert_eq!(
            ReportOptions::default().title,
            "Windows Firewall Group Policy"
        );
    }
}
