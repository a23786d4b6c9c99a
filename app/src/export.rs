//! What the export panel shows and downloads. The bytes come from `core::convert::write`, the
//! function the CLI's `fwpolicy convert` calls, with the same default options, so a download
//! is byte-for-byte what the CLI writes for the same project.

use fwpolicy_core::formats::pol;
use fwpolicy_core::formats::project::Project;
use fwpolicy_core::formats::reg;
use fwpolicy_core::formats::{self, ConvertError, Format, WriteOptions};
use fwpolicy_core::registry::hex;
use fwpolicy_core::{Diagnostic, Record};

/// Rows of the Registry.pol entry table shown at most (the download always has everything).
pub const MAX_TABLE_ROWS: usize = 2000;
/// Bytes of the hex dump shown at most.
pub const MAX_HEX_BYTES: usize = 64 * 1024;
/// Characters of a text preview shown at most.
pub const MAX_TEXT_CHARS: usize = 1_000_000;

/// One record of a Registry.pol file as the panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PolRow {
    /// Byte offset of the record's `[`.
    pub offset: usize,
    /// Key (no hive).
    pub key: String,
    /// Value name (or a `**del.` / `**delvals.` marker).
    pub value: String,
    /// `REG_SZ`, `REG_DWORD`, ...
    pub kind: String,
    /// The data in words (`1`, `"text"`, hex).
    pub data: String,
}

/// How the written file is previewed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Preview {
    /// A text file, shown as it is.
    Text(String),
    /// Registry.pol: the entry table and a hex dump.
    Pol {
        /// Records, in file order.
        rows: Vec<PolRow>,
        /// Total number of records.
        total: usize,
        /// Hex dump (offset, 16 bytes, ASCII).
        hex: String,
    },
}

/// A written file ready to copy or download.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The format.
    pub format: Format,
    /// File name for the download.
    pub file_name: String,
    /// The file's bytes (exactly what the CLI writes).
    pub bytes: Vec<u8>,
    /// What the format could not carry and which export carries it instead.
    pub diagnostics: Vec<Diagnostic>,
    /// What the panel shows.
    pub preview: Preview,
    /// True when the preview was cut (see the limits above).
    pub truncated: bool,
}

impl Rendered {
    /// True when the file is text that Copy can put on the clipboard.
    pub fn copyable(&self) -> bool {
        self.format != Format::RegistryPol
    }

    /// The text to put on the clipboard: the file's text for text formats; `None` for
    /// Registry.pol, a binary file that only a download carries (copying its hex dump and
    /// calling it "Registry.pol" misled admins: issue 13).
    pub fn clipboard_text(&self) -> Option<String> {
        if !self.copyable() {
            return None;
        }
        match self.format {
            Format::Reg => Some(reg::decode_reg_bytes(&self.bytes).unwrap_or_default()),
            _ => Some(String::from_utf8_lossy(&self.bytes).into_owned()),
        }
    }
}

/// Why the format refused the project.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Refused {
    /// One sentence.
    pub message: String,
    /// Each refused value, naming the exception or setting (`path`).
    pub diagnostics: Vec<Diagnostic>,
}

/// What the report's sign-off block says beyond the policy: when it was generated and the
/// policy as last exported (the other formats ignore it).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignOff {
    /// `2026-12-06 20:15 UTC`, from the page's clock (core has none).
    pub generated: Option<String>,
    /// The project as last exported in this tab, as project JSON.
    pub last_export: Option<String>,
}

impl SignOff {
    fn options(&self) -> WriteOptions {
        let mut options = WriteOptions::default();
        options.report.generated = self.generated.clone();
        options.report.last_export = self
            .last_export
            .as_deref()
            .and_then(|json| fwpolicy_core::formats::project::from_json(json).ok())
            .map(|(p, _)| p.policy);
        options
    }
}

/// Writes the project in a format (see the module documentation).
pub fn render(format: Format, project: &Project) -> Result<Rendered, Refused> {
    render_signed(format, project, &SignOff::default())
}

/// [`render`], with the report's sign-off facts.
pub fn render_signed(
    format: Format,
    project: &Project,
    sign_off: &SignOff,
) -> Result<Rendered, Refused> {
    let out = formats::write(format, project, &sign_off.options()).map_err(|e| {
        let diagnostics = match &e {
            ConvertError::Script(s) => s.diagnostics(),
            _ => Vec::new(),
        };
        let message = match &e {
            ConvertError::Script(_) => format!(
                "{} refuses {} value{} it cannot carry safely; fix them (they are listed below) or pick another format.",
                format.label(),
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            ),
            other => other.to_string(),
        };
        Refused {
            message,
            diagnostics,
        }
    })?;
    let mut truncated = false;
    let preview = match format {
        Format::RegistryPol => {
            let decoded = pol::decode(&out.bytes).unwrap_or_default();
            let total = decoded.len();
            truncated = total > MAX_TABLE_ROWS || out.bytes.len() > MAX_HEX_BYTES;
            Preview::Pol {
                rows: decoded
                    .into_iter()
                    .take(MAX_TABLE_ROWS)
                    .map(|d| PolRow {
                        offset: d.offset,
                        kind: d.record.kind.name(),
                        data: data_text(&d.record),
                        key: d.record.key,
                        value: d.record.value,
                    })
                    .collect(),
                total,
                hex: hexdump(&out.bytes[..out.bytes.len().min(MAX_HEX_BYTES)]),
            }
        }
        Format::Reg => Preview::Text(cut(
            reg::decode_reg_bytes(&out.bytes).unwrap_or_default(),
            &mut truncated,
        )),
        _ => Preview::Text(cut(
            String::from_utf8_lossy(&out.bytes).into_owned(),
            &mut truncated,
        )),
    };
    Ok(Rendered {
        format,
        file_name: format.file_name(&project.title),
        bytes: out.bytes,
        diagnostics: out.diagnostics,
        preview,
        truncated,
    })
}

/// The data of a record in words: a DWORD in decimal and hex, a string quoted, else hex bytes.
pub fn data_text(r: &Record) -> String {
    if let Some(d) = r.as_dword() {
        format!("{d} (0x{d:08x})")
    } else if let Some(s) = r.as_string() {
        format!("\"{s}\"")
    } else {
        hex(&r.data)
    }
}

fn cut(mut text: String, truncated: &mut bool) -> String {
    if text.len() > MAX_TEXT_CHARS {
        let mut end = MAX_TEXT_CHARS;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        *truncated = true;
    }
    text
}

/// A classic hex dump: 8-digit offset, 16 bytes in hex, the printable ASCII.
pub fn hexdump(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 4 + bytes.len() / 16 * 12);
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let offset = row * 16;
        for shift in (0..8).rev() {
            out.push(HEX[(offset >> (shift * 4)) & 0xf] as char);
        }
        out.push_str("  ");
        for i in 0..16 {
            match chunk.get(i) {
                Some(b) => {
                    out.push(HEX[(b >> 4) as usize] as char);
                    out.push(HEX[(b & 0xf) as usize] as char);
                    out.push(' ');
                }
                None => out.push_str("   "),
            }
            if i == 7 {
                out.push(' ');
            }
        }
        out.push(' ');
        for b in chunk {
            out.push(if (0x20..0x7f).contains(b) {
                *b as char
            } else {
                '.'
            });
        }
        out.push('\n');
    }
    out
}

/// What to do with a written file (shown under the format radios).
pub fn notes(format: Format) -> &'static str {
    match format {
        Format::RegistryPol => "Before you copy it: a Registry.pol replaces every Administrative Templates computer setting of that GPO, not only the firewall ones. Import the GPO's current Registry.pol first (Import page) so its other settings are kept and written back. Then copy it to \\\\<domain>\\SYSVOL\\<domain>\\Policies\\{GPO GUID}\\Machine\\Registry.pol (or apply locally with LGPO.exe /m). Bump the GPO version so clients notice the change.",
        Format::Lgpo => "Apply with LGPO.exe /t lgpo.txt on one computer, or compile it into a Registry.pol with LGPO.exe /r lgpo.txt /w Registry.pol.",
        Format::Reg => "Imports straight into the registry (regedit /s policy.reg). This is tattooing: the next Group Policy refresh overwrites or removes it.",
        Format::Netsh => "Run as administrator on Windows XP SP2 / Server 2003 SP1 (netsh firewall). Carries interface exclusions too.",
        Format::NetshAdvfirewall => "Run as administrator on Vista or later (netsh advfirewall), e.g. from a startup script.",
        Format::PowerShell => "Run as administrator on Windows 8 / Server 2012 or later (NetSecurity module).",
        Format::ReportHtml => "A printable review of the policy: what each setting does and what to check before rolling it out.",
        Format::ReportMd => "The review as Markdown, for a ticket or a wiki page.",
        Format::Json => "The fwpolicy project: open it again here (Import) or convert it with the fwpolicy CLI.",
        Format::Link => "The project in a link's #p= fragment, which is never sent to a server; open the link to import it.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::{ParseOptions, Policy, PortException, ProfileKind, Setting, State};

    fn project() -> Project {
        let mut p = Policy::default();
        p.domain.protect_all.state = State::Enabled;
        p.domain.ports = Setting::enabled(vec![PortException::parse(
            "80:TCP:localsubnet:enabled:Web",
            ParseOptions::TYPED,
        )
        .value
        .unwrap_or_else(|| panic!("test line"))]);
        Project {
            title: "Branch Office GPO".into(),
            ..Project::new(p)
        }
    }

    #[test]
    fn every_format_is_what_convert_writes() {
        let project = project();
        for format in Format::ALL {
            let r = render(format, &project).unwrap_or_else(|e| panic!("{format}: {e:?}"));
            let cli = formats::write(format, &project, &WriteOptions::default())
                .unwrap_or_else(|e| panic!("{format}: {e}"));
            assert_eq!(r.bytes, cli.bytes, "{format}");
            assert_eq!(r.file_name, format.file_name("Branch Office GPO"));
        }
        assert_eq!(
            render(Format::Json, &project).map(|r| r.file_name).ok(),
            Some("branch-office-gpo.fwpolicy.json".to_string())
        );
    }

    // See: issue 12 — the preview lost its line breaks (control characters became spaces).
    #[test]
    fn the_text_preview_is_the_file_line_by_line() {
        for format in [
            Format::Lgpo,
            Format::Netsh,
            Format::PowerShell,
            Format::Json,
        ] {
            let r = render(format, &project()).unwrap_or_else(|e| panic!("{format}: {e:?}"));
            let Preview::Text(text) = &r.preview else {
                panic!("{format}: not a text preview")
            };
            assert_eq!(text.as_bytes(), r.bytes.as_slice(), "{format}");
            assert!(text.lines().count() > 3, "{format}: {text}");
        }
        let pol = render(Format::RegistryPol, &project()).unwrap_or_else(|e| panic!("{e:?}"));
        let Preview::Pol { hex, .. } = &pol.preview else {
            panic!("not a pol preview")
        };
        assert_eq!(hex.lines().count(), pol.bytes.len().div_ceil(16));
        assert!(hex.ends_with('\n'));
        assert!(notes(Format::Reg).contains("tattooing"));
        assert!(notes(Format::RegistryPol).starts_with("Before you copy it: a Registry.pol replaces every Administrative Templates computer setting"));
        assert_eq!(pol.clipboard_text(), None, "binary: download only");
        let text = render(Format::Lgpo, &project()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            text.clipboard_text().map(String::into_bytes),
            Some(text.bytes.clone())
        );
    }

    #[test]
    fn registry_pol_is_annotated_record_by_record() {
        let r = render(Format::RegistryPol, &project()).unwrap_or_else(|e| panic!("{e:?}"));
        let Preview::Pol { rows, total, hex } = &r.preview else {
            panic!("not a pol preview")
        };
        assert_eq!(*total, 3, "{rows:?}");
        assert_eq!(rows[0].offset, 8, "records start after the 8-byte header");
        assert_eq!(
            rows[0].key,
            r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile"
        );
        assert_eq!(rows[0].value, "EnableFirewall");
        assert_eq!(rows[0].kind, "REG_DWORD");
        assert_eq!(rows[0].data, "1 (0x00000001)");
        let last = &rows[2];
        assert!(last.key.ends_with(r"GloballyOpenPorts\List"));
        assert_eq!(last.value, "80:TCP:localsubnet:enabled:Web");
        assert_eq!(last.data, "\"80:TCP:localsubnet:enabled:Web\"");
        assert!(
            hex.starts_with("00000000  50 52 65 67 01 00 00 00  5b 00 "),
            "{hex}"
        );
        assert!(hex
            .lines()
            .next()
            .is_some_and(|l| l.ends_with("PReg....[.S.O.F.")));
    }

    #[test]
    fn refused_script_names_the_exception() {
        let mut project = project();
        let bad = PortException::parse("81:TCP:*:enabled:Web \"Srv\"", ParseOptions::IMPORTED)
            .value
            .unwrap_or_else(|| panic!("imported names are kept"));
        project
            .policy
            .profile_mut(ProfileKind::Domain)
            .ports
            .options
            .push(bad);
        let err = render(Format::Netsh, &project)
            .err()
            .unwrap_or_else(|| panic!("netsh accepted a quote"));
        assert_eq!(err.diagnostics.len(), 1);
        let shown = err.diagnostics[0].to_string();
        assert!(shown.contains("Domain Profile"), "{shown}");
        assert!(shown.contains("Web \"Srv\""), "{shown}");
        assert!(
            err.message.starts_with("netsh firewall script"),
            "{}",
            err.message
        );
        assert!(
            render(Format::RegistryPol, &project).is_ok(),
            "Registry.pol carries it"
        );
    }

    #[test]
    fn hexdump_layout() {
        let d = hexdump(b"PReg\x01\0\0\0[\0");
        assert_eq!(
            d,
            "00000000  50 52 65 67 01 00 00 00  5b 00                    PReg....[.\n"
        );
        assert_eq!(
            hexdump(&[0u8; 17]).lines().nth(1).map(|l| &l[..10]),
            Some("00000010  ")
        );
    }
}
