//! One entry point for every file format: detection, reading and writing.
//!
//! The CLI (`fwpolicy convert`) and the editor's import/export panel both go through
//! [`read`] and [`write()`], so the bytes a user downloads from the page are exactly the bytes
//! the CLI writes for the same project.
//!
//! Invariants: [`detect`] looks only at content (never at file names); [`write()`] is
//! deterministic; a failed read or write changes nothing and says why.

pub mod lgpo;
pub mod limits;
pub mod link;
pub mod pol;
pub mod project;
pub mod reg;
pub mod report;
pub mod script;

use std::fmt;

use crate::model::diagnostic::Diagnostic;
use crate::model::policy::Policy;
use project::Project;
use report::ReportOptions;
use script::{advfirewall, netsh, powershell};

/// Every format fwpolicy reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// fwpolicy JSON project (read and write).
    Json,
    /// Registry.pol, PReg v1 (read and write).
    RegistryPol,
    /// LGPO.exe text (read and write).
    Lgpo,
    /// regedit `.reg` (read and write).
    Reg,
    /// `netsh firewall` batch file for XP SP2 / Server 2003 SP1 (write).
    Netsh,
    /// `netsh advfirewall` batch file for Vista and later (write).
    NetshAdvfirewall,
    /// PowerShell NetSecurity script (write).
    PowerShell,
    /// Self-contained HTML report (write).
    ReportHtml,
    /// Markdown report (write).
    ReportMd,
    /// Share link: the project in a URL fragment, `https://…/#p=…` ([`link`]; read and
    /// write). Not in [`Format::ALL`]: it is copied, not downloaded.
    Link,
}

impl Format {
    /// All formats, in the order the export panel lists them.
    pub const ALL: [Format; 9] = [
        Format::RegistryPol,
        Format::Lgpo,
        Format::Reg,
        Format::Netsh,
        Format::NetshAdvfirewall,
        Format::PowerShell,
        Format::ReportHtml,
        Format::ReportMd,
        Format::Json,
    ];

    /// Every format the CLI names: [`Format::ALL`] and the share [`Format::Link`].
    pub const CLI: [Format; 10] = [
        Format::RegistryPol,
        Format::Lgpo,
        Format::Reg,
        Format::Netsh,
        Format::NetshAdvfirewall,
        Format::PowerShell,
        Format::ReportHtml,
        Format::ReportMd,
        Format::Json,
        Format::Link,
    ];

    /// The CLI name (`json`, `registry-pol`, `lgpo`, `reg`, `netsh`, `netsh-advfirewall`,
    /// `powershell`, `report-html`, `report-md`, `link`).
    pub fn id(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::RegistryPol => "registry-pol",
            Format::Lgpo => "lgpo",
            Format::Reg => "reg",
            Format::Netsh => "netsh",
            Format::NetshAdvfirewall => "netsh-advfirewall",
            Format::PowerShell => "powershell",
            Format::ReportHtml => "report-html",
            Format::ReportMd => "report-md",
            Format::Link => "link",
        }
    }

    /// Parses a CLI name (also accepts a few obvious aliases such as `pol` and `ps1`).
    pub fn parse(text: &str) -> Option<Format> {
        let t = text.trim().to_ascii_lowercase();
        let found = Format::CLI.into_iter().find(|f| f.id() == t);
        found.or(match t.as_str() {
            "pol" | "registry.pol" | "registrypol" => Some(Format::RegistryPol),
            "lgpo-text" | "txt" => Some(Format::Lgpo),
            "ps1" | "ps" => Some(Format::PowerShell),
            "cmd" => Some(Format::Netsh),
            "advfirewall" => Some(Format::NetshAdvfirewall),
            "html" | "report" => Some(Format::ReportHtml),
            "md" | "markdown" => Some(Format::ReportMd),
            "project" => Some(Format::Json),
            "url" | "share" | "share-link" => Some(Format::Link),
            _ => None,
        })
    }

    /// What the export panel shows.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "fwpolicy project (JSON)",
            Format::RegistryPol => "Registry.pol (GPO Machine folder, LGPO /m)",
            Format::Lgpo => "LGPO text (LGPO.exe /t)",
            Format::Reg => ".reg file (regedit)",
            Format::Netsh => "netsh firewall script (XP SP2 / 2003 SP1)",
            Format::NetshAdvfirewall => "netsh advfirewall script (Vista and later)",
            Format::PowerShell => "PowerShell NetSecurity script (Windows 8 / 2012 and later)",
            Format::ReportHtml => "Report (HTML, printable)",
            Format::ReportMd => "Report (Markdown)",
            Format::Link => "Share link (the project in the link's #p= fragment)",
        }
    }

    /// True for the two review reports (HTML, Markdown): documents to read and sign, not
    /// files applied to a GPO.
    pub fn is_report(self) -> bool {
        matches!(self, Format::ReportHtml | Format::ReportMd)
    }

    /// The file name GPO admins expect. `title` is used only for the project file.
    pub fn file_name(self, title: &str) -> String {
        match self {
            Format::Json => format!("{}.fwpolicy.json", slug(title)),
            Format::RegistryPol => "Registry.pol".into(),
            Format::Lgpo => "lgpo.txt".into(),
            Format::Reg => "policy.reg".into(),
            Format::Netsh => "firewall.cmd".into(),
            Format::NetshAdvfirewall => "firewall-advfirewall.cmd".into(),
            Format::PowerShell => "firewall.ps1".into(),
            Format::ReportHtml => "report.html".into(),
            Format::ReportMd => "report.md".into(),
            Format::Link => "link.txt".into(),
        }
    }

    /// MIME type for downloads.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::RegistryPol => "application/octet-stream",
            Format::Reg => "text/x-ms-regedit",
            Format::ReportHtml => "text/html;charset=utf-8",
            Format::ReportMd => "text/markdown;charset=utf-8",
            _ => "text/plain;charset=utf-8",
        }
    }

    /// True when the written bytes are not UTF-8 text (Registry.pol; .reg is UTF-16LE).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::RegistryPol | Format::Reg)
    }

    /// True for formats [`read`] accepts.
    pub fn is_readable(self) -> bool {
        matches!(
            self,
            Format::Json | Format::RegistryPol | Format::Lgpo | Format::Reg | Format::Link
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A file-name-safe version of a title (`My GPO` → `my-gpo`; empty → `policy`).
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    let cut: String = trimmed.chars().take(60).collect();
    let cut = cut.trim_end_matches('-').to_string();
    if cut.is_empty() {
        "policy".into()
    } else {
        cut
    }
}

/// Guesses the format of a file from its content (a share link: text starting with `#p=`, or
/// a URL holding `#p=`, [`link::is_link`]).
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"PReg") {
        return Some(Format::RegistryPol);
    }
    let text = reg::decode_reg_bytes(bytes).ok()?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if link::is_link(trimmed) {
        return Some(Format::Link);
    }
    if trimmed.starts_with('{') {
        return Some(Format::Json);
    }
    if trimmed.starts_with("Windows Registry Editor Version 5.00")
        || trimmed.starts_with("REGEDIT4")
    {
        return Some(Format::Reg);
    }
    // LGPO text: comment lines, then a record whose first line is Computer or User.
    let first = trimmed
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with(';'));
    match first {
        Some(l) if l.eq_ignore_ascii_case("computer") || l.eq_ignore_ascii_case("user") => {
            Some(Format::Lgpo)
        }
        None if !trimmed.is_empty() => Some(Format::Lgpo),
        _ => None,
    }
}

/// Why a conversion failed.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The input has no content (zero bytes, or only white space), whatever its format.
    #[error("the input is empty")]
    Empty,
    /// The input's format could not be recognised.
    #[error("cannot tell the input's format from its content; name it with --from (json, registry-pol, lgpo, reg, link)")]
    UnknownFormat,
    /// The format can be written but not read.
    #[error("{0} files cannot be read, only written")]
    NotReadable(Format),
    /// The input is not valid text in the expected encoding.
    #[error("the input is not text: {0}")]
    Encoding(String),
    /// A JSON project could not be read.
    #[error(transparent)]
    Project(#[from] project::ProjectError),
    /// A Registry.pol could not be read.
    #[error(transparent)]
    Pol(#[from] pol::PolError),
    /// LGPO text could not be read or written.
    #[error(transparent)]
    Lgpo(#[from] lgpo::LgpoError),
    /// A .reg file could not be read.
    #[error(transparent)]
    Reg(#[from] reg::RegError),
    /// A share link could not be read or written.
    #[error(transparent)]
    Link(#[from] link::LinkError),
    /// A script export refused some values.
    #[error(transparent)]
    Script(#[from] crate::formats::script::ExportError),
}

/// A file read into a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The project (registry formats give an untitled project).
    pub project: Project,
    /// What the reader said (warnings, notes about verbatim values).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a file of the given format (or detected from content when `None`).
///
/// An input with no content (zero bytes, or only white space and a byte-order mark) is
/// [`ConvertError::Empty`] for every format, never an empty policy.
///
/// What no file can carry is refused here for every format ([`limits::refuse_unstorable`]:
/// names holding a NUL), and the findings are capped per file
/// ([`crate::model::diagnostic::bound`]).
pub fn read(format: Option<Format>, bytes: &[u8]) -> Result<Imported, ConvertError> {
    if is_blank(bytes) {
        return Err(ConvertError::Empty);
    }
    let mut imported = read_unchecked(format, bytes)?;
    let refused = limits::refuse_unstorable(&mut imported.project.policy);
    imported.diagnostics.extend(refused);
    imported.diagnostics = crate::model::diagnostic::bound(imported.diagnostics);
    Ok(imported)
}

fn read_unchecked(format: Option<Format>, bytes: &[u8]) -> Result<Imported, ConvertError> {
    let format = match format {
        Some(f) => f,
        None => detect(bytes).ok_or(ConvertError::UnknownFormat)?,
    };
    let text = || reg::decode_reg_bytes(bytes).map_err(|e| ConvertError::Encoding(e.to_string()));
    let from_policy = |policy: Policy, diagnostics: Vec<Diagnostic>| Imported {
        project: Project::new(policy),
        diagnostics,
    };
    match format {
        Format::Json => {
            let (project, diagnostics) = project::from_json(&text()?)?;
            Ok(Imported {
                project,
                diagnostics,
            })
        }
        Format::RegistryPol => {
            let read = pol::read(bytes)?;
            Ok(from_policy(read.policy, read.diagnostics))
        }
        Format::Lgpo => {
            let read = lgpo::read(&text()?)?;
            Ok(from_policy(read.policy, read.diagnostics))
        }
        Format::Reg => {
            let read = reg::read(&text()?)?;
            Ok(from_policy(read.policy, read.diagnostics))
        }
        Format::Link => {
            let (project, diagnostics) = link::read(&text()?)?;
            Ok(Imported {
                project,
                diagnostics,
            })
        }
        other => Err(ConvertError::NotReadable(other)),
    }
}

/// True for zero bytes, or text (UTF-8 or UTF-16) holding only white space and byte-order marks.
fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
        || reg::decode_reg_bytes(bytes).is_ok_and(|text| {
            text.trim_matches(|c: char| c == '\u{feff}' || c.is_whitespace())
                .is_empty()
        })
}

/// What the caller supplies that core cannot know (time, domain names).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteOptions {
    /// Report options other than the title and description (the project's are used when set):
    /// the generated time, the policy as last exported, ...
    pub report: ReportOptions,
    /// The editor's address that a share link ([`Format::Link`]) starts with; empty writes
    /// the fragment `#p=…` alone.
    pub link_base: String,
}

/// A written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// What the writer could not carry (and which export carries it instead).
    pub diagnostics: Vec<Diagnostic>,
}

/// Writes a project in the given format.
pub fn write(
    format: Format,
    project: &Project,
    options: &WriteOptions,
) -> Result<Exported, ConvertError> {
    let policy = &project.policy;
    let text = |text: String, diagnostics: Vec<Diagnostic>| Exported {
        bytes: text.into_bytes(),
        diagnostics,
    };
    Ok(match format {
        Format::Json => text(project::to_json(project), Vec::new()),
        Format::Link => {
            let mut line = link::write(project, &options.link_base)?;
            line.push('\n');
            text(line, Vec::new())
        }
        Format::RegistryPol => {
            let out = pol::write(policy);
            Exported {
                bytes: out.bytes,
                diagnostics: out.diagnostics,
            }
        }
        Format::Lgpo => {
            let out = lgpo::write(policy)?;
            text(out.text, out.diagnostics)
        }
        Format::Reg => {
            let out = reg::write(policy);
            Exported {
                bytes: reg::encode_utf16le(&out.text),
                diagnostics: out.diagnostics,
            }
        }
        Format::Netsh => {
            let out = netsh::write(policy)?;
            text(out.text, out.diagnostics)
        }
        Format::NetshAdvfirewall => {
            let out = advfirewall::write(policy)?;
            text(out.text, out.diagnostics)
        }
        Format::PowerShell => {
            let out = powershell::write(policy)?;
            text(out.text, out.diagnostics)
        }
        Format::ReportHtml | Format::ReportMd => {
            let mut opts = options.report.clone();
            if !project.title.trim().is_empty() {
                opts.title = project.title.clone();
            }
            if opts.description.is_none() && !project.description.trim().is_empty() {
                opts.description = Some(project.description.clone());
            }
            let body = if format == Format::ReportHtml {
                report::html(policy, &opts)
            } else {
                report::markdown(policy, &opts)
            };
            text(body, Vec::new())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_back() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.id()), Some(f));
        }
        assert_eq!(Format::parse("nope"), None);
    }

    #[test]
    fn slug_is_file_safe() {
        assert_eq!(slug("SBS 2003: XP SP2!"), "sbs-2003-xp-sp2");
        assert_eq!(slug("   "), "policy");
    }

    // See: issue 11
    #[test]
    fn empty_input_is_an_error_not_an_empty_policy() {
        let blank: [&[u8]; 5] = [
            b"",
            b"  \r\n\t",
            b"\xEF\xBB\xBF\n",
            b"\xFF\xFE \0\n\0",
            b"\xFF\xFE",
        ];
        for bytes in blank {
            for format in [
                None,
                Some(Format::Json),
                Some(Format::RegistryPol),
                Some(Format::Lgpo),
                Some(Format::Reg),
            ] {
                let err = read(format, bytes).map(|_| ()).map_err(|e| e.to_string());
                assert_eq!(
                    err,
                    Err("the input is empty".to_string()),
                    "{bytes:?} {format:?}"
                );
            }
        }
        // A comment-only LGPO file has content: still read (as a policy with no records).
        assert!(read(Some(Format::Lgpo), b"; nothing yet\n").is_ok());
    }

    #[test]
    fn detects_by_content() {
        assert_eq!(detect(b"PReg\x01\0\0\0"), Some(Format::RegistryPol));
        assert_eq!(detect(b"  {\"format\":\"fwpolicy\"}"), Some(Format::Json));
        assert_eq!(
            detect(b"Windows Registry Editor Version 5.00\r\n"),
            Some(Format::Reg)
        );
        assert_eq!(
            detect(b"; LGPO text\n\nComputer\nSOFTWARE\\X\nV\nDWORD:1\n"),
            Some(Format::Lgpo)
        );
    }
}
