//! What the export panel shows and downloads. The bytes come from `core::convert::write`, the
//! function the CLI's `fwpolicy convert` calls, with the same default options, so a download
//! is byte-for-byte what the CLI writes for the same project.

use fwpolicy_core::formats::pol;
use fwpolicy_core::formats::project::Project;
use fwpolicy_core::formats::reg;
use fwpolicy_core::formats::{self, ConvertError, Format, WriteOptions};
use fwpolicy_core::registry::hex;
use fwpolicy_core::{Diagnostic, Record};

use crate::components::findings::findings_markup;
use crate::html::{Choices, Markup};

/// Rows of the Registry.pol entry table shown at most (the download always has everything).
pub const MAX_TABLE_ROWS: usize = 2000;
/// Bytes of the hex dump shown at most.
pub const MAX_HEX_BYTES: usize = 64 * 1024;
/// Characters of a text preview shown at most.
pub const MAX_TEXT_CHARS: usize = 1_000_000;

/// One record of a Registry.pol file as the panel lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The text to put on the clipboard: the file for text formats, the hex dump for
    /// Registry.pol.
    pub fn clipboard_text(&self) -> String {
        match self.format {
            Format::RegistryPol => hexdump(&self.bytes),
            Format::Reg => reg::decode_reg_bytes(&self.bytes).unwrap_or_default(),
            _ => String::from_utf8_lossy(&self.bytes).into_owned(),
        }
    }
}

/// Why the format refused the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// One sentence.
    pub message: String,
    /// Each refused value, naming the exception or setting (`path`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Writes the project in a format (see the module documentation).
pub fn render(format: Format, project: &Project) -> Result<Rendered, Refused> {
    let out = formats::write(format, project, &WriteOptions::default()).map_err(|e| {
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

/// The format radios (`data-act="format"`, `data-i` = position in [`Format::ALL`]), each
/// with the file name it writes.
pub fn formats_markup(shown: Format, title: &str) -> String {
    let mut m = Markup::new();
    m.leaf("legend", &[], "Format");
    let items: Vec<(&str, bool, String)> = Format::ALL
        .iter()
        .map(|f| (f.label(), *f == shown, format!(" — {}", f.file_name(title))))
        .collect();
    Choices {
        kind: "radio",
        name: "export-format",
        id: "export-format",
        act: "format",
        class: "radio",
        mark_on: false,
    }
    .write(&mut m, &items);
    m.finish()
}

/// What the panel shows for a written file (buttons with `data-act` `download` and `copy`,
/// notes, the preview) or for a refusal (an alert naming each value).
pub fn result_markup(result: &Result<Rendered, Refused>) -> String {
    let mut m = Markup::new();
    match result {
        Err(refused) => {
            m.open("div", &[("class", "export-error"), ("role", "alert")])
                .open("p", &[])
                .leaf("strong", &[], "Cannot export: ")
                .text(&refused.message)
                .close("p");
            findings_markup(&mut m, &refused.diagnostics, true);
            m.leaf(
                "p",
                &[("class", "help")],
                "Registry.pol, LGPO text and .reg carry these values; fix the names on the Exceptions page for the scripts.",
            )
            .close("div");
        }
        Ok(r) => {
            let name = &r.file_name;
            m.open("div", &[("class", "actions")])
                .leaf(
                    "button",
                    &[
                        ("type", "button"),
                        ("class", "primary"),
                        ("id", "export-download"),
                        ("data-act", "download"),
                    ],
                    &format!("Download {name}"),
                )
                .leaf(
                    "button",
                    &[
                        ("type", "button"),
                        ("id", "export-copy"),
                        ("data-act", "copy"),
                    ],
                    "Copy",
                )
                .leaf(
                    "span",
                    &[("class", "help")],
                    &format!("{} bytes", r.bytes.len()),
                )
                .close("div");
            findings_markup(&mut m, &r.diagnostics, true);
            if r.truncated {
                m.leaf(
                    "p",
                    &[("class", "note"), ("role", "note")],
                    "The preview is cut short for speed; the download and the copy hold the whole file.",
                );
            }
            match &r.preview {
                Preview::Text(text) => {
                    let label = format!("Contents of {name}");
                    m.leaf(
                        "pre",
                        &[
                            ("class", "output"),
                            ("tabindex", "0"),
                            ("aria-label", &label),
                        ],
                        text,
                    );
                }
                Preview::Pol { rows, total, hex } => {
                    m.leaf("h2", &[], "Entries").leaf(
                        "p",
                        &[("class", "help")],
                        &format!("{total} records after the 8-byte header (PReg, version 1)."),
                    );
                    m.open(
                        "div",
                        &[
                            ("class", "records-scroll"),
                            ("tabindex", "0"),
                            ("role", "region"),
                            ("aria-label", "Registry.pol entries"),
                        ],
                    )
                    .open("table", &[("class", "records")])
                    .leaf(
                        "caption",
                        &[("class", "visually-hidden")],
                        "Registry.pol entries",
                    )
                    .open("thead", &[])
                    .open("tr", &[]);
                    for h in ["Offset", "Key", "Value", "Type", "Data"] {
                        m.leaf("th", &[("scope", "col")], h);
                    }
                    m.close("tr").close("thead").open("tbody", &[]);
                    for r in rows {
                        m.open("tr", &[]);
                        for cell in [&r.offset.to_string(), &r.key, &r.value, &r.kind, &r.data] {
                            m.leaf("td", &[], cell);
                        }
                        m.close("tr");
                    }
                    m.close("tbody").close("table").close("div");
                    m.leaf("h2", &[], "Bytes").leaf(
                        "pre",
                        &[
                            ("class", "output"),
                            ("tabindex", "0"),
                            ("aria-label", "Hex dump of Registry.pol"),
                        ],
                        hex,
                    );
                }
            }
        }
    }
    m.finish()
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

    #[test]
    fn the_panel_markup_has_the_buttons_the_table_and_the_hex_dump() {
        let r = render(Format::RegistryPol, &project());
        let m = result_markup(&r);
        assert!(m.starts_with("<div class=\"actions\"><button type=\"button\" class=\"primary\" id=\"export-download\" data-act=\"download\">Download Registry.pol</button>"));
        assert!(m.contains("<table class=\"records\"><caption class=\"visually-hidden\">Registry.pol entries</caption>"));
        assert!(m.contains("<td>REG_DWORD</td>"));
        assert!(m.contains("aria-label=\"Hex dump of Registry.pol\">00000000  50 52 65 67"));
        let text = result_markup(&render(Format::Lgpo, &project()));
        assert!(text
            .contains("<pre class=\"output\" tabindex=\"0\" aria-label=\"Contents of lgpo.txt\">"));
        let refused = Err(Refused {
            message: "netsh refuses 1 value".into(),
            diagnostics: Vec::new(),
        });
        assert_eq!(
            result_markup(&refused),
            "<div class=\"export-error\" role=\"alert\"><p><strong>Cannot export: </strong>netsh refuses 1 value</p>\
             <p class=\"help\">Registry.pol, LGPO text and .reg carry these values; fix the names on the Exceptions page for the scripts.</p></div>"
        );
        let radios = formats_markup(Format::Reg, "Branch Office GPO");
        assert!(radios.contains("checked=\"\">.reg file"));
        assert!(radios.contains("<span class=\"meta\"> — branch-office-gpo.fwpolicy.json</span>"));
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
