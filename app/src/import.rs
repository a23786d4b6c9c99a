//! What the import dialog previews before anything changes.
//!
//! * A file (JSON project, Registry.pol, LGPO text, .reg) is recognised by its content
//!   (`core::convert::detect`) and read with `core::convert::read`; applying it replaces the
//!   whole policy (one undoable edit). The preview lists what differs from the current policy
//!   (`core::diff`) and everything the reader said, with line numbers or byte offsets.
//! * Pasted text is read as exception lines (`core::import::exception_lines`) or as a port
//!   table (`core::import::port_table`); applying it appends the exceptions to one profile.
//!   The preview lists each exception to be added with its line, every problem line and every
//!   skipped table row with the reason.
//!
//! * A file is refused by its size before it is read ([`before_reading`]): above core's
//!   `MAX_INPUT_BYTES` with core's message (the CLI's too), and an empty one as empty.
//!
//! Invariant: building a preview never changes the policy; a failed read yields an error
//! message and no edit.

use fwpolicy_core::analysis::diff::{diff, Change};
use fwpolicy_core::formats::limits::check_input_size;
use fwpolicy_core::formats::project::Project;
use fwpolicy_core::formats::{self, ConvertError, Format};
use fwpolicy_core::import::{self, SkippedRow, TableOptions};
use fwpolicy_core::model::list::{self, Appended};
use fwpolicy_core::{Diagnostic, Policy, PortException, ProfileKind, ProgramException, Severity};

/// A file read and compared with the current policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePreview {
    /// The detected format.
    pub format: Format,
    /// The project read (registry formats give an untitled project).
    pub project: Project,
    /// What the reader said (warnings, notes on verbatim values), with positions.
    pub diagnostics: Vec<Diagnostic>,
    /// What would change.
    pub changes: Vec<Change>,
}

impl FilePreview {
    /// One line per profile: settings configured, exceptions, exclusions; then the globals
    /// and the verbatim values.
    pub fn summary(&self) -> Vec<String> {
        let p = &self.project.policy;
        let mut out: Vec<String> = ProfileKind::ALL
            .iter()
            .map(|k| {
                let prof = p.profile(*k);
                format!(
                    "{}: {} of 14 settings configured, {} program and {} port exceptions, {} connection exclusions",
                    k.label(),
                    prof.configured_count(),
                    prof.programs.options.len(),
                    prof.ports.options.len(),
                    prof.excluded_interfaces.len()
                )
            })
            .collect();
        out.push(format!(
            "IPsec bypass: {}; refresh interval: {}",
            p.ipsec_bypass.state.label(),
            p.refresh.state.label()
        ));
        if !p.unowned.is_empty() {
            out.push(format!(
                "{} registry value{} of other policies kept verbatim and written back unchanged",
                p.unowned.len(),
                if p.unowned.len() == 1 { "" } else { "s" }
            ));
        }
        out
    }
}

/// Whether a dropped or picked file of `size` bytes (`File::size()`) may be read: `Err` is
/// core's message for a file above `MAX_INPUT_BYTES` (the one the CLI gives) or for an empty
/// file, so the editor refuses it before reading a byte. See: issue 11
pub fn before_reading(size: u64) -> Result<(), String> {
    if size == 0 {
        return Err(ConvertError::Empty.to_string());
    }
    check_input_size(size).map_err(|e| e.to_string())
}

/// Reads a file (or a share link) in whichever format its content says. `Err` is a sentence
/// for the admin.
pub fn read_bytes(bytes: &[u8]) -> Result<(Format, formats::Imported), String> {
    let Some(format) = formats::detect(bytes) else {
        // Only white space (or a byte-order mark): say so, as the CLI does.
        if let Err(ConvertError::Empty) = formats::read(None, bytes) {
            return Err(ConvertError::Empty.to_string());
        }
        return Err("The file is not a format fwpolicy reads (an fwpolicy JSON project, Registry.pol, LGPO text, a .reg file or a share link). To add exception lines or a port table, paste them below.".to_string());
    };
    let imported = formats::read(Some(format), bytes).map_err(|e| {
        format!(
            "The file looks like {} but cannot be read: {e}",
            format.label()
        )
    })?;
    Ok((format, imported))
}

/// Reads a dropped or picked file. `Err` is a sentence for the admin; nothing changes.
pub fn file(bytes: &[u8], current: &Policy) -> Result<FilePreview, String> {
    let (format, imported) = read_bytes(bytes)?;
    let changes = diff(current, &imported.project.policy);
    Ok(FilePreview {
        format,
        project: imported.project,
        diagnostics: imported.diagnostics,
        changes,
    })
}

/// How pasted text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PasteKind {
    /// One `Path:Scope:Status:Name` or `Port:Transport:Scope:Status:Name` per line.
    Lines,
    /// A port table (TSV/CSV) copied from vendor documentation.
    Table,
}

/// Pasted text read into exceptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastePreview {
    /// How the text was read.
    pub kind: PasteKind,
    /// Program exceptions with their line.
    pub programs: Vec<(usize, ProgramException)>,
    /// Port exceptions with their line.
    pub ports: Vec<(usize, PortException)>,
    /// Problem lines (errors and warnings, each with its line number).
    pub diagnostics: Vec<Diagnostic>,
    /// Table rows that opened nothing, as `line N: first cell — reason`.
    pub skipped: Vec<String>,
}

impl PastePreview {
    /// Number of exceptions that would be added.
    pub fn count(&self) -> usize {
        self.programs.len() + self.ports.len()
    }
}

/// Reads pasted text.
pub fn paste(text: &str, kind: PasteKind, table: &TableOptions) -> PastePreview {
    match kind {
        PasteKind::Lines => {
            let r = import::exception_lines(text);
            PastePreview {
                kind,
                programs: r.programs,
                ports: r.ports,
                diagnostics: r.diagnostics,
                skipped: Vec::new(),
            }
        }
        PasteKind::Table => {
            let r = import::port_table(text, table);
            PastePreview {
                kind,
                programs: Vec::new(),
                ports: r.ports,
                // One diagnostic per skipped row is listed with the skipped rows instead.
                diagnostics: r
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.code != fwpolicy_core::Code::SkippedRow)
                    .collect(),
                skipped: r.skipped.iter().map(skipped_line).collect(),
            }
        }
    }
}

/// A skipped table row as the preview lists it.
fn skipped_line(s: &SkippedRow) -> String {
    format!("line {}: {} — {}", s.line, s.first_cell(), s.reason)
}

/// The reading that finds more exceptions (exception lines win a tie).
pub fn guess(text: &str, table: &TableOptions) -> PasteKind {
    let lines = import::exception_lines(text);
    let n_lines = lines.programs.len() + lines.ports.len();
    let n_table = import::port_table(text, table).ports.len();
    if n_table > n_lines {
        PasteKind::Table
    } else {
        PasteKind::Lines
    }
}

/// The edit appending the previewed exceptions to a profile (one batch; see
/// `core::model::list::append`: exceptions already present are skipped, Not configured lists
/// are enabled).
pub fn paste_edit(policy: &Policy, profile: ProfileKind, preview: &PastePreview) -> Appended {
    list::append(
        policy,
        profile,
        preview.ports.iter().map(|(_, e)| e.clone()),
        preview.programs.iter().map(|(_, e)| e.clone()),
    )
}

/// Most changes and rows listed in a preview (the counts are always complete).
pub const MAX_LISTED: usize = 500;

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The CSS class of a reader's message.
pub fn diag_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

impl FilePreview {
    /// The heading over the changes ("3 changes to the current policy").
    pub fn changes_heading(&self) -> String {
        let n = self.changes.len();
        format!("{n} change{} to the current policy", plural(n))
    }

    /// The heading over the reader's messages.
    pub fn messages_heading(&self) -> String {
        let d = self.diagnostics.len();
        format!("{d} message{} from the reader", plural(d))
    }
}

impl PastePreview {
    /// The first sentence: how the text was read and what it gives.
    pub fn headline(&self, profile: ProfileKind) -> String {
        let n = self.count();
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let skipped = self.skipped.len();
        let how = match self.kind {
            PasteKind::Lines => "Read as exception lines. ",
            PasteKind::Table => "Read as a port table. ",
        };
        format!(
            "{how}{n} exception{} to add to {}; {errors} problem line{}; {skipped} skipped row{}.",
            plural(n),
            profile.label(),
            plural(errors),
            plural(skipped)
        )
    }

    /// The exceptions to add, one line each (`line 3: 80:TCP:*:enabled:Web`).
    pub fn added_lines(&self) -> Vec<String> {
        self.ports
            .iter()
            .map(|(l, e)| (*l, e.to_string()))
            .chain(self.programs.iter().map(|(l, e)| (*l, e.to_string())))
            .take(MAX_LISTED)
            .map(|(l, d)| format!("line {l}: {d}"))
            .collect()
    }

    /// The skipped table rows with their reason.
    pub fn skipped_lines(&self) -> Vec<String> {
        self.skipped.iter().take(MAX_LISTED).cloned().collect()
    }

    /// The confirm button's text.
    pub fn apply_label(&self, profile: ProfileKind) -> String {
        let n = self.count();
        format!("Add {n} exception{} to {}", plural(n), profile.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::model::edit::apply;
    use fwpolicy_core::presets;
    use fwpolicy_core::State;

    // See: issue 11
    #[test]
    fn files_above_the_input_limit_or_empty_are_refused_before_reading() {
        use fwpolicy_core::formats::limits::MAX_INPUT_BYTES;
        assert_eq!(before_reading(1), Ok(()));
        assert_eq!(before_reading(MAX_INPUT_BYTES), Ok(()));
        assert_eq!(
            before_reading(MAX_INPUT_BYTES + 1),
            Err("the input is 64.0 MiB (67108865 bytes), more than the 64 MiB fwpolicy reads; nothing was read".to_string())
        );
        assert_eq!(before_reading(0), Err("the input is empty".to_string()));
        // A file of white space only is empty too, not an unknown format.
        let blank = file(b" \r\n\t", &Policy::default()).map(|_| ());
        assert_eq!(blank, Err("the input is empty".to_string()));
    }

    #[test]
    fn pasted_lines_report_bad_lines_and_add_good_ones() {
        let text = "80:TCP:*:enabled:Web\n\n70000:TCP:*:enabled:Bad\n%windir%\\app.exe:localsubnet:enabled:App\n";
        let pv = paste(text, PasteKind::Lines, &TableOptions::default());
        assert_eq!(pv.count(), 2);
        let bad: Vec<_> = pv.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, Some(3));
        assert_eq!(bad[0].message, "port 70000 is out of range 1–65535");
        let a = paste_edit(&Policy::default(), ProfileKind::Standard, &pv);
        assert_eq!((a.added, a.skipped), (2, 0));
        let after = apply(&Policy::default(), &a.edit).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after.standard.ports.state, State::Enabled);
        assert_eq!(after.standard.programs.state, State::Enabled);
        assert_eq!(
            after.standard.ports.options[0].to_string(),
            "80:TCP:*:enabled:Web"
        );
        let again = paste_edit(&after, ProfileKind::Standard, &pv);
        assert_eq!(again.skipped, 2, "pasting twice adds nothing");
        assert_eq!(apply(&after, &again.edit).ok(), Some(after));
    }

    #[test]
    fn seed_003_port_table_is_guessed_and_reports_skipped_rows() {
        let text = presets::IBM_SYSTEMS_DIRECTOR_PORTS;
        let options = TableOptions::default();
        assert_eq!(guess(text, &options), PasteKind::Table);
        let pv = paste(text, PasteKind::Table, &options);
        let expected = import::port_table(text, &options);
        assert_eq!(pv.ports, expected.ports);
        assert_eq!(pv.skipped.len(), expected.skipped.len());
        for (shown, row) in pv.skipped.iter().zip(&expected.skipped) {
            assert!(
                shown.starts_with(&format!("line {}: ", row.line)),
                "{shown}"
            );
            assert!(shown.ends_with(&row.reason.to_string()), "{shown}");
        }
        assert!(pv.count() > 10, "{}", pv.count());
        assert!(!pv.skipped.is_empty());
        assert!(pv.headline(ProfileKind::Domain).starts_with(&format!(
            "Read as a port table. {} exceptions to add to Domain Profile; ",
            pv.count()
        )));
        assert!(pv.skipped_lines()[0].starts_with("line "));
        assert_eq!(pv.added_lines().len(), pv.count());
        assert_eq!(
            pv.apply_label(ProfileKind::Domain),
            format!("Add {} exceptions to Domain Profile", pv.count())
        );
        let none = paste("", PasteKind::Lines, &options);
        assert_eq!(
            none.apply_label(ProfileKind::Standard),
            "Add 0 exceptions to Standard Profile"
        );
    }

    #[test]
    fn file_preview_reads_by_content_and_diffs() {
        let project = presets::get(presets::REMOTE_DESKTOP_ADMINS).unwrap_or_default();
        let pol = formats::write(Format::RegistryPol, &project, &Default::default())
            .map(|o| o.bytes)
            .unwrap_or_default();
        let pv = file(&pol, &Policy::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pv.format, Format::RegistryPol);
        assert_eq!(pv.project.policy, project.policy.normalized_for_registry());
        assert!(!pv.changes.is_empty());
        assert!(pv.summary()[0].starts_with("Domain Profile: "));
        assert_eq!(
            pv.changes_heading(),
            format!("{} changes to the current policy", pv.changes.len())
        );
        let json = fwpolicy_core::formats::project::to_json(&project);
        let pj = file(json.as_bytes(), &project.policy).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pj.format, Format::Json);
        assert!(pj.changes.is_empty());
        assert!(file(b"\x00\x01garbage", &Policy::default()).is_err());
        let broken = file(b"PReg\x01\0\0\0[\0", &Policy::default());
        assert!(broken.err().is_some_and(|e| e.contains("Registry.pol")));
    }
}
