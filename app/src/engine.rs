//! The format engine: writing exports and reading imported files, run in a web worker.
//!
//! The format writers and readers (Registry.pol, LGPO text, .reg, the three scripts, the
//! reports, share links, the paste importer and its HTML table reader, the presets built from
//! vendor tables, the diff of an import preview, the side-by-side comparison) are about a
//! quarter of the editor's code and are not needed to show the first page. They run in a second WebAssembly
//! module, `fwpolicy-engine` (`src/bin/engine.rs`, built by Trunk with `data-type="worker"`),
//! which the page starts the first time one of them is asked for; the editor's
//! own module does not contain them, so the first page loads and starts sooner.
//!
//! * [`handle`] is the engine: a pure function from a [`Request`] to a [`Response`], calling
//!   [`crate::export::render`] and [`crate::import::file`] exactly as the page did before, so
//!   downloads stay byte-for-byte the CLI's output. It is tested on the host.
//! * [`Engine`] is the gloo-worker oneshot worker around it (one output per input).
//! * [`export()`] and [`read_file`] are the page's side: they start the worker on first use
//!   (gloo-worker's bridge queues requests until the worker has loaded), send the request and
//!   wait for the answer; a worker that does not answer within [`TIMEOUT_MS`] gives an error
//!   sentence instead of waiting for ever.
//!
//! Messages are serde values (gloo-worker's bincode codec); a policy crosses as its project
//! JSON (`core::formats::project`), which keeps the records an import was read from, so a
//! policy read in the worker round-trips byte for byte as if it had been read on the page.

use fwpolicy_core::analysis::compare::{self, Comparison, DiffFormat, Sides};
use fwpolicy_core::analysis::diff::Change;
use fwpolicy_core::analysis::exposure;
use fwpolicy_core::formats::link;
use fwpolicy_core::formats::project::{self, Project};
use fwpolicy_core::formats::Format;
use fwpolicy_core::import::paste::{
    self as forgiving, Duplicate, Layout, PasteColumn, PasteOutcome,
};
use fwpolicy_core::import::TableOptions;
use fwpolicy_core::presets;
use fwpolicy_core::resultant::{self, ExplainRow, Gpo, InputKind};
use fwpolicy_core::ProfileKind;
use fwpolicy_core::{Diagnostic, Exception, ParseOptions, PortException, ProgramException, Scope};
use gloo_worker::oneshot::oneshot;
use serde::{Deserialize, Serialize};

use crate::export::{self, Refused, Rendered, SignOff};
use crate::import::{self, FilePreview, PasteKind, PastePreview};

/// The worker's loader script, relative to the page (Trunk's `data-loader-shim` names it after
/// the binary). Relative, so the site works from any sub-path.
pub const LOADER: &str = "./fwpolicy-engine_loader.js";

/// How long the page waits for an answer before saying the engine did not respond.
pub const TIMEOUT_MS: u32 = 60_000;

/// What the page asks of the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Write the project (as project JSON) in a format.
    Export {
        /// The format.
        format: Format,
        /// The project, as `core::formats::project::to_json` writes it.
        project: String,
        /// What the report's sign-off block says (generated time, last export).
        sign_off: SignOff,
    },
    /// Read a dropped or picked file (or an opened share link) and compare it with the
    /// current policy.
    ReadFile {
        /// The file's bytes (a share link as text).
        bytes: Vec<u8>,
        /// The current project, as project JSON.
        current: String,
    },
    /// Write the share link of a project.
    ShareLink {
        /// The project, as project JSON.
        project: String,
        /// The editor's address (without fragment) the link starts with.
        base: String,
    },
    /// Read pasted exception lines or a port table.
    Paste {
        /// The text.
        text: String,
        /// How to read it (`None`: the reading that finds more exceptions).
        kind: Option<PasteKind>,
        /// Scope of every port a table opens, as written in a definition (`localsubnet`).
        scope: String,
        /// Put in front of every name a table derives.
        name_prefix: String,
    },
    /// Build a preset's project.
    Preset {
        /// The preset's id (`core::presets`).
        id: String,
    },
    /// Compare two policies side by side.
    Compare {
        /// The left (old) side.
        left: Side,
        /// The right (new) side.
        right: Side,
    },
    /// Find the GPOs in picked files: one Registry.pol, one zip (a GPMC backup or zipped
    /// SYSVOL folders), or the files of one picked folder (paths relative to it).
    FindGpos {
        /// The picked folder's name, when `files` are a folder's files.
        folder: Option<String>,
        /// (name or path inside the folder, bytes).
        files: Vec<(String, Vec<u8>)>,
    },
    /// Read pasted text row by row (`core::import::paste`): one editable row per line, compared
    /// with `profile` of the current policy, with the admin's cell edits applied in order.
    PasteRows {
        /// The text.
        text: String,
        /// The current project, as project JSON.
        project: String,
        /// The profile the exceptions go to.
        profile: ProfileKind,
        /// Scope of every port, as written in a definition (`localsubnet`).
        scope: String,
        /// Put in front of every name derived from a description.
        name_prefix: String,
        /// Cell edits: (row index, column, new text), oldest first.
        edits: Vec<(usize, PasteColumn, String)>,
        /// Detect: answer with the line or table reading instead when that finds as many
        /// exceptions (definition lines and clean tab/comma tables keep their own preview).
        detect: bool,
    },
    /// Merge GPOs in the order given (the first is applied first).
    Merge {
        /// The GPOs.
        gpos: Vec<Gpo>,
    },
    /// What a policy lets other computers reach, per profile, and optionally a question.
    Exposure {
        /// The project, as project JSON.
        project: String,
        /// "Can ADDR reach PORT/PROTO?", as typed (address, target such as `3389/tcp`).
        question: Option<(String, String)>,
    },
}

/// One row of the row-by-row paste preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRow {
    /// Index in the paste (what a cell edit names).
    pub index: usize,
    /// 1-based line.
    pub line: usize,
    /// The line as pasted.
    pub text: String,
    /// A complete definition line (the other cells are unused then).
    pub definition: Option<String>,
    /// Port or range.
    pub port: String,
    /// Protocol.
    pub protocol: String,
    /// Description the name is made from.
    pub name: String,
    /// What the row gives, in words.
    pub result: String,
    /// True when the row is broken (an invalid definition).
    pub problem: bool,
    /// The exceptions it adds (definition, is a port), duplicates left out.
    pub adds: Vec<(String, bool)>,
    /// What it duplicates (the existing row or an earlier line), in words.
    pub duplicates: Vec<String>,
    /// For ranges and random ports: what XP policy can and cannot do.
    pub note: Option<String>,
}

/// The row-by-row paste preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    /// Rows with something on them (blank and comment lines left out).
    pub rows: Vec<GridRow>,
}

impl Grid {
    /// Every exception the rows add, as the paste preview the add edit is built from.
    pub fn to_preview(&self) -> PastePreview {
        // The rows are those of a (loosely written) port table; only the exceptions are used.
        let mut pasted = Pasted {
            kind: PasteKind::Table,
            programs: Vec::new(),
            ports: Vec::new(),
            diagnostics: Vec::new(),
            skipped: Vec::new(),
        };
        for row in &self.rows {
            for (definition, is_port) in &row.adds {
                let list = if *is_port {
                    &mut pasted.ports
                } else {
                    &mut pasted.programs
                };
                list.push((row.line, definition.clone()));
            }
        }
        pasted.into_preview()
    }

    /// Number of exceptions the rows add.
    pub fn count(&self) -> usize {
        self.rows.iter().map(|r| r.adds.len()).sum()
    }
}

/// What a paste gave: the line or table reading, or the row-by-row grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pasting {
    /// Definition lines or a clean table.
    Classic(Pasted),
    /// One editable row per line.
    Rows(Grid),
}

/// The GPOs found in picked files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundGpos {
    /// The GPOs, in the order found.
    pub gpos: Vec<Gpo>,
    /// What was noticed (missing files, unreadable metadata).
    pub notes: Vec<Diagnostic>,
}

/// Several GPOs merged: the resultant policy and who decided what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merged {
    /// The merged policy as a project (project JSON), ready to open in the editor.
    pub project: String,
    /// The GPOs as numbered in the order of application (`1. Firewall Base {…}`).
    pub gpos: Vec<String>,
    /// Each setting, list item and verbatim value with its winning and overridden GPOs.
    pub rows: Vec<ExplainRow>,
    /// Findings that only appear when the GPOs combine.
    pub findings: Vec<Diagnostic>,
    /// What applying and reading the files said.
    pub diagnostics: Vec<Diagnostic>,
    /// Values outside the firewall policy (kept out of the view, counted).
    pub other_values: usize,
}

/// One row of a profile's exposure table, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposureRow {
    /// The rule (service, exception name and program path, ICMP box).
    pub rule: String,
    /// What it lets in (`TCP 3389`, `any port the program listens on`).
    pub opens: String,
    /// Who may connect, in words.
    pub from: String,
    /// True when any computer may connect.
    pub anyone: bool,
    /// Whether it takes effect.
    pub active: bool,
    /// Side effects and reasons.
    pub notes: Vec<String>,
}

/// One profile's exposure, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileExposure {
    /// The profile.
    pub profile: ProfileKind,
    /// Rows.
    pub rows: Vec<ExposureRow>,
    /// Notes about the profile as a whole (firewall off, no exceptions).
    pub notes: Vec<String>,
    /// The answer to the question, if one was asked: summary, allowing rules, notes.
    pub answer: Option<ExposureAnswer>,
}

/// What the Exposure page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exposed {
    /// Each profile's table (with the answer when the question was well formed).
    pub profiles: Vec<ProfileExposure>,
    /// Why the question cannot be asked (a mistyped address or port); the tables stay.
    pub question_error: Option<String>,
}

/// The answer to "can ADDR reach PORT on this profile?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposureAnswer {
    /// One sentence (`Yes: 10.2.3.4 can reach TCP 3389 on the Domain profile`).
    pub summary: String,
    /// The rules that allow it (with their condition).
    pub allowed_by: Vec<String>,
    /// Notes.
    pub notes: Vec<String>,
}

/// Pasted text read: [`PastePreview`] with each exception as its definition line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pasted {
    /// How the text was read.
    pub kind: PasteKind,
    /// Program exceptions (line, definition).
    pub programs: Vec<(usize, String)>,
    /// Port exceptions (line, definition).
    pub ports: Vec<(usize, String)>,
    /// Problem lines.
    pub diagnostics: Vec<Diagnostic>,
    /// Skipped table rows, as listed.
    pub skipped: Vec<String>,
}

impl Pasted {
    fn of(p: PastePreview) -> Pasted {
        Pasted {
            kind: p.kind,
            programs: p
                .programs
                .iter()
                .map(|(l, e)| (*l, e.to_string()))
                .collect(),
            ports: p.ports.iter().map(|(l, e)| (*l, e.to_string())).collect(),
            diagnostics: p.diagnostics,
            skipped: p.skipped,
        }
    }

    /// The preview, each definition read back (as an imported definition is read, so every
    /// name the reader accepted is kept).
    pub fn into_preview(self) -> PastePreview {
        PastePreview {
            kind: self.kind,
            programs: self
                .programs
                .into_iter()
                .filter_map(|(l, d)| {
                    ProgramException::parse(&d, ParseOptions::IMPORTED)
                        .value
                        .map(|e| (l, e))
                })
                .collect(),
            ports: self
                .ports
                .into_iter()
                .filter_map(|(l, d)| {
                    PortException::parse(&d, ParseOptions::IMPORTED)
                        .value
                        .map(|e| (l, e))
                })
                .collect(),
            diagnostics: self.diagnostics,
            skipped: self.skipped,
        }
    }
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// What the side is called (`current policy`, a file name).
    pub label: String,
    /// A project JSON (the current policy, the last export) or a file's bytes.
    pub source: SideSource,
}

/// Where a side's policy comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SideSource {
    /// A project, as project JSON.
    Project(String),
    /// A file in any format fwpolicy reads.
    File(Vec<u8>),
}

/// Two policies compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compared {
    /// Every setting of both, side by side.
    pub comparison: Comparison,
    /// The comparison as Markdown, for a change ticket (what `fwpolicy diff --format md`
    /// prints).
    pub markdown: String,
    /// The left side's name.
    pub left: String,
    /// The right side's name.
    pub right: String,
}

/// A file read by the engine: [`FilePreview`] with the project as project JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRead {
    /// The detected format.
    pub format: Format,
    /// The project read, as project JSON.
    pub project: String,
    /// What the reader said.
    pub diagnostics: Vec<Diagnostic>,
    /// What would change.
    pub changes: Vec<Change>,
}

/// The engine's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// The written file, or why the format refused the project.
    Exported(Result<Rendered, Refused>),
    /// The file read, or a sentence saying why it cannot be read.
    Read(Result<FileRead, String>),
    /// The pasted text read.
    Pasted(Pasted),
    /// The preset's project as project JSON, or `None` for an unknown id.
    Preset(Option<String>),
    /// The share link, or why the project cannot be shared as one.
    Link(Result<String, String>),
    /// The comparison, or why a side cannot be read.
    Compared(Result<Compared, String>),
    /// The pasted text read row by row (or by lines / as a table when detecting found that
    /// better), or why the current policy cannot be read.
    PastedRows(Result<Pasting, String>),
    /// The GPOs found, or why the files hold none.
    Gpos(Result<FoundGpos, String>),
    /// The merge, or why a GPO cannot be read.
    Merged(Result<Merged, String>),
    /// Each profile's exposure (or why the policy cannot be read).
    Exposed(Result<Exposed, String>),
}

/// Answers one request (the engine's whole logic; the worker only carries messages).
pub fn handle(request: Request) -> Response {
    match request {
        Request::Export {
            format,
            project,
            sign_off,
        } => Response::Exported(
            parse_project(&project)
                .map_err(|message| Refused {
                    message,
                    diagnostics: Vec::new(),
                })
                .and_then(|p| export::render_signed(format, &p, &sign_off)),
        ),
        Request::ReadFile { bytes, current } => Response::Read(
            parse_project(&current)
                .and_then(|current| import::file(&bytes, &current.policy))
                .map(|pv| FileRead {
                    format: pv.format,
                    project: project::to_json(&pv.project),
                    diagnostics: pv.diagnostics,
                    changes: pv.changes,
                }),
        ),
        Request::ShareLink { project, base } => Response::Link(
            parse_project(&project).and_then(|p| link::write(&p, &base).map_err(|e| e.to_string())),
        ),
        Request::Compare { left, right } => Response::Compared(compare(left, right)),
        Request::Paste {
            text,
            kind,
            scope,
            name_prefix,
        } => {
            let options = TableOptions {
                scope: Scope::parse(&scope).value.unwrap_or_default(),
                name_prefix,
                ..TableOptions::default()
            };
            let kind = kind.unwrap_or_else(|| import::guess(&text, &options));
            Response::Pasted(Pasted::of(import::paste(&text, kind, &options)))
        }
        Request::Preset { id } => Response::Preset(presets::get(&id).map(|p| project::to_json(&p))),
        Request::PasteRows {
            text,
            project,
            profile,
            scope,
            name_prefix,
            edits,
            detect,
        } => Response::PastedRows(parse_project(&project).map(|p| {
            let options = TableOptions {
                scope: Scope::parse(&scope).value.unwrap_or_default(),
                name_prefix,
                ..TableOptions::default()
            };
            rows_of(&text, &p, profile, &options, edits, detect)
        })),
        Request::FindGpos { folder, files } => Response::Gpos(gpos_in(folder, files)),
        Request::Merge { gpos } => Response::Merged(merged(&gpos)),
        Request::Exposure { project, question } => {
            Response::Exposed(parse_project(&project).and_then(|p| exposed(&p, question)))
        }
    }
}

fn rows_of(
    text: &str,
    p: &Project,
    profile: ProfileKind,
    options: &TableOptions,
    edits: Vec<(usize, PasteColumn, String)>,
    detect: bool,
) -> Pasting {
    let mut rows = forgiving::paste(text, &p.policy, profile, options);
    for (index, column, value) in edits {
        rows.set_cell(index, column, &value, &p.policy, profile, options);
    }
    if detect {
        let kind = import::guess(text, options);
        let classic = import::paste(text, kind, options);
        let found: usize = rows
            .rows
            .iter()
            .map(|r| match &r.outcome {
                PasteOutcome::Exceptions(list) => list.len(),
                _ => 0,
            })
            .sum();
        if classic.count() >= found {
            return Pasting::Classic(Pasted::of(classic));
        }
    }
    Pasting::Rows(Grid {
        rows: rows
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.layout != Layout::Blank || r.outcome != PasteOutcome::Blank)
            .map(|(index, r)| grid_row(index, r))
            .collect(),
    })
}

fn grid_row(index: usize, r: &forgiving::PasteRow) -> GridRow {
    let duplicates = r
        .duplicates
        .iter()
        .zip(match &r.outcome {
            PasteOutcome::Exceptions(list) => list.as_slice(),
            _ => &[],
        })
        .filter_map(|(d, e)| {
            d.as_ref().map(|d| match d {
                Duplicate::Existing(row) => row.message.clone(),
                Duplicate::EarlierLine(n) => format!("{e} is the same as line {n}; added once."),
            })
        })
        .collect();
    let adds = r
        .new_exceptions()
        .iter()
        .map(|e| (e.to_string(), matches!(e, Exception::Port(_))))
        .collect();
    let (result, problem) = match &r.outcome {
        PasteOutcome::Blank => (String::new(), false),
        PasteOutcome::Exceptions(list) => (
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            false,
        ),
        PasteOutcome::Skipped(reason) => (format!("Skipped: {reason}"), false),
        PasteOutcome::Invalid(message) => (format!("Not valid: {message}"), true),
    };
    GridRow {
        index,
        line: r.line,
        text: r.text.clone(),
        definition: r.cells.definition.clone(),
        port: r.cells.port.clone(),
        protocol: r.cells.protocol.clone(),
        name: r.cells.name.clone(),
        result,
        problem,
        adds,
        duplicates,
        note: r.note.clone(),
    }
}

fn gpos_in(folder: Option<String>, mut files: Vec<(String, Vec<u8>)>) -> Result<FoundGpos, String> {
    let found = match folder {
        Some(folder) => resultant::from_folder(&folder, files),
        None => {
            if files.len() != 1 {
                return Err("Give one file at a time, or pick a folder.".into());
            }
            let Some((name, bytes)) = files.pop() else {
                return Err("No file was picked.".into());
            };
            match resultant::kind_of(&bytes) {
                InputKind::RegistryPol => resultant::Found {
                    gpos: vec![Gpo::from_pol(&name, bytes)],
                    diagnostics: Vec::new(),
                },
                InputKind::Zip => resultant::from_zip(&name, &bytes).map_err(|e| e.to_string())?,
                InputKind::Unknown => {
                    return Err(format!(
                        "{name} is neither a Registry.pol (it does not start with PReg) nor a zip of a GPO backup."
                    ))
                }
            }
        }
    };
    if found.gpos.is_empty() {
        let why = found
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join(" ");
        return Err(if why.is_empty() {
            "No GPO with a computer Registry.pol was found.".into()
        } else {
            why
        });
    }
    Ok(FoundGpos {
        gpos: found.gpos,
        notes: found.diagnostics,
    })
}

fn merged(gpos: &[Gpo]) -> Result<Merged, String> {
    let r = resultant::merge(gpos).map_err(|e| e.to_string())?;
    let labels: Vec<String> = (0..r.gpos.len()).map(|i| r.gpo_label(i)).collect();
    let project = Project {
        title: format!(
            "Resultant of {} GPO{}",
            labels.len(),
            if labels.len() == 1 { "" } else { "s" }
        ),
        description: format!(
            "What a client gets from these GPOs, applied in this order (the last one wins): {}.",
            labels.join("; ")
        ),
        source: "fwpolicy Resultant view".into(),
        policy: r.policy.clone(),
    };
    Ok(Merged {
        project: project::to_json(&project),
        gpos: labels,
        rows: resultant::explain_rows(&r),
        findings: resultant::lint::check(&r),
        diagnostics: r.diagnostics.clone(),
        other_values: r.other_values,
    })
}

fn exposed(p: &Project, question: Option<(String, String)>) -> Result<Exposed, String> {
    let parsed = question.map(|(addr, port)| -> Result<_, String> {
        let a: std::net::Ipv4Addr = addr.trim().parse().map_err(|_| {
            format!(
                "\"{}\" is not an IPv4 address such as 10.2.3.4.",
                addr.trim()
            )
        })?;
        let t = exposure::Target::parse(port.trim()).map_err(|e| format!("Port: {e}"))?;
        Ok((a, t))
    });
    let (question, question_error) = match parsed {
        None => (None, None),
        Some(Ok(q)) => (Some(q), None),
        Some(Err(e)) => (None, Some(e)),
    };
    let profiles = ProfileKind::ALL
        .into_iter()
        .map(|kind| {
            let e = exposure::exposure(&p.policy, kind);
            let rows = e
                .openings
                .iter()
                .map(|o| ExposureRow {
                    rule: match &o.program {
                        Some(path) => format!("{} ({path})", o.name),
                        None => o.name.clone(),
                    },
                    opens: o
                        .reach
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    from: o.scope_text(),
                    anyone: o.scope.as_ref().is_none_or(|s| s.is_any()),
                    active: o.active,
                    notes: o.notes.clone(),
                })
                .collect();
            let answer = question.map(|(addr, target)| {
                let a = exposure::can_reach(&p.policy, kind, addr, target, None);
                ExposureAnswer {
                    summary: a.summary(addr, target, kind),
                    allowed_by: a
                        .allowed_by
                        .iter()
                        .map(|r| match &r.condition {
                            None => r.rule.clone(),
                            Some(c) => format!("{} — {c}", r.rule),
                        })
                        .collect(),
                    notes: a.notes,
                }
            });
            ProfileExposure {
                profile: kind,
                rows,
                notes: e.notes,
                answer,
            }
        })
        .collect();
    Ok(Exposed {
        profiles,
        question_error,
    })
}

fn side_policy(side: &Side) -> Result<Project, String> {
    match &side.source {
        SideSource::Project(json) => parse_project(json),
        SideSource::File(bytes) => import::read_bytes(bytes)
            .map(|(_, imported)| imported.project)
            .map_err(|e| format!("{}: {e}", side.label)),
    }
}

fn compare(left: Side, right: Side) -> Result<Compared, String> {
    let (a, b) = (side_policy(&left)?, side_policy(&right)?);
    let sides = Sides {
        before: left.label.clone(),
        after: right.label.clone(),
    };
    Ok(Compared {
        comparison: Comparison::of(&a.policy, &b.policy),
        markdown: compare::render(&a.policy, &b.policy, &sides, DiffFormat::Markdown),
        left: left.label,
        right: right.label,
    })
}

/// The gloo-worker oneshot worker: one [`Response`] per [`Request`].
#[oneshot]
pub async fn Engine(request: Request) -> Response {
    handle(request)
}

fn parse_project(json: &str) -> Result<Project, String> {
    project::from_json(json)
        .map(|(p, _)| p)
        .map_err(|e| format!("The editor could not hand the policy to the format engine: {e}"))
}

/// Writes `project` in `format` in the worker (see the module documentation); a report gets
/// `sign_off`.
pub async fn export(
    format: Format,
    project: &Project,
    sign_off: SignOff,
) -> Result<Rendered, Refused> {
    let request = Request::Export {
        format,
        project: project::to_json(project),
        sign_off,
    };
    match call(request).await {
        Ok(Response::Exported(r)) => r,
        Ok(_) => Err(unexpected()),
        Err(message) => Err(Refused {
            message,
            diagnostics: Vec::new(),
        }),
    }
}

/// Reads a file in the worker and compares it with `current` (see the module documentation).
pub async fn read_file(bytes: Vec<u8>, current: &Project) -> Result<FilePreview, String> {
    let request = Request::ReadFile {
        bytes,
        current: project::to_json(current),
    };
    let read = match call(request).await? {
        Response::Read(r) => r?,
        _ => return Err(unexpected().message),
    };
    let (project, _) = project::from_json(&read.project).map_err(|e| {
        format!("The format engine returned a policy the editor cannot read back: {e}")
    })?;
    Ok(FilePreview {
        format: read.format,
        project,
        diagnostics: read.diagnostics,
        changes: read.changes,
    })
}

/// The share link of `project`, starting with `base` (the page's address), written in the
/// worker; `Err` is a sentence (too long for mail and chat: the size and the limit).
pub async fn share_link(project: &Project, base: String) -> Result<String, String> {
    match call(Request::ShareLink {
        project: project::to_json(project),
        base,
    })
    .await?
    {
        Response::Link(r) => r,
        _ => Err(unexpected().message),
    }
}

/// Reads pasted text in the worker (`kind` `None`: the reading that finds more exceptions).
pub async fn paste(
    text: String,
    kind: Option<PasteKind>,
    scope: &Scope,
    name_prefix: String,
) -> Result<PastePreview, String> {
    match call(Request::Paste {
        text,
        kind,
        scope: scope.to_string(),
        name_prefix,
    })
    .await?
    {
        Response::Pasted(p) => Ok(p.into_preview()),
        _ => Err(unexpected().message),
    }
}

/// A preset's project, built in the worker.
pub async fn preset(id: &str) -> Result<Project, String> {
    match call(Request::Preset { id: id.into() }).await? {
        Response::Preset(Some(json)) => parse_project(&json),
        Response::Preset(None) => Err(format!("Preset {id} is not available")),
        _ => Err(unexpected().message),
    }
}

/// Compares two policies in the worker.
pub async fn compare_sides(left: Side, right: Side) -> Result<Compared, String> {
    match call(Request::Compare { left, right }).await? {
        Response::Compared(r) => r,
        _ => Err(unexpected().message),
    }
}

/// Reads pasted text row by row in the worker (see [`Request::PasteRows`]).
pub async fn paste_rows(request: Request) -> Result<Pasting, String> {
    match call(request).await? {
        Response::PastedRows(r) => r,
        _ => Err(unexpected().message),
    }
}

/// Finds the GPOs in picked files in the worker (see [`Request::FindGpos`]).
pub async fn find_gpos(
    folder: Option<String>,
    files: Vec<(String, Vec<u8>)>,
) -> Result<FoundGpos, String> {
    match call(Request::FindGpos { folder, files }).await? {
        Response::Gpos(r) => r,
        _ => Err(unexpected().message),
    }
}

/// Merges GPOs in the worker, the first applied first.
pub async fn merge_gpos(gpos: Vec<Gpo>) -> Result<Merged, String> {
    match call(Request::Merge { gpos }).await? {
        Response::Merged(r) => r,
        _ => Err(unexpected().message),
    }
}

/// Each profile's exposure of `project`, with the answer to `question` if asked.
pub async fn exposure_of(
    project: &Project,
    question: Option<(String, String)>,
) -> Result<Exposed, String> {
    match call(Request::Exposure {
        project: project::to_json(project),
        question,
    })
    .await?
    {
        Response::Exposed(r) => r,
        _ => Err(unexpected().message),
    }
}

fn unexpected() -> Refused {
    Refused {
        message: "The format engine answered a different question; try again.".into(),
        diagnostics: Vec::new(),
    }
}

#[cfg(target_arch = "wasm32")]
async fn call(request: Request) -> Result<Response, String> {
    use futures::future::{select, Either};
    use gloo_worker::oneshot::OneshotBridge;
    use gloo_worker::Spawnable;
    use std::cell::RefCell;

    thread_local! {
        /// The bridge to the running worker, started on first use and kept for the page's
        /// lifetime; each call forks it (one request in flight per fork).
        static BRIDGE: RefCell<Option<OneshotBridge<Engine>>> = const { RefCell::new(None) };
    }
    let mut bridge = BRIDGE.with(|b| {
        b.borrow_mut()
            .get_or_insert_with(|| Engine::spawner().spawn_with_loader(LOADER))
            .fork()
    });
    let answer = {
        let run = Box::pin(bridge.run(request));
        let timeout = gloo_timers::future::TimeoutFuture::new(TIMEOUT_MS);
        match select(run, timeout).await {
            Either::Left((response, _)) => Some(response),
            Either::Right(_) => None,
        }
    };
    answer.ok_or_else(|| {
        format!(
            "The format engine (fwpolicy-engine_loader.js, next to index.html) did not answer within {} s. Check that every file of the site was uploaded, then reload the page; your work is kept.",
            TIMEOUT_MS / 1000
        )
    })
}

/// Off the browser there is no worker: the engine runs in place (host tests of pages).
#[cfg(not(target_arch = "wasm32"))]
async fn call(request: Request) -> Result<Response, String> {
    Ok(handle(request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::formats::{self, WriteOptions};
    use fwpolicy_core::presets;

    fn through_the_codec<T: Serialize + for<'de> Deserialize<'de>>(value: &T) -> T {
        let bytes = bincode::serialize(value).unwrap_or_else(|e| panic!("encode: {e}"));
        bincode::deserialize(&bytes).unwrap_or_else(|e| panic!("decode: {e}"))
    }

    fn sample() -> Project {
        presets::get("sbs-2003-xp-sp2").unwrap_or_else(|| panic!("preset"))
    }

    fn pol_of(id: &str) -> Vec<u8> {
        let project = presets::get(id).unwrap_or_else(|| panic!("preset {id}"));
        formats::write(Format::RegistryPol, &project, &WriteOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .bytes
    }

    fn found(files: Vec<(String, Vec<u8>)>) -> Result<FoundGpos, String> {
        let request = through_the_codec(&Request::FindGpos {
            folder: None,
            files,
        });
        match through_the_codec(&handle(request)) {
            Response::Gpos(r) => r,
            other => panic!("{other:?}"),
        }
    }

    fn merge_of(gpos: Vec<Gpo>) -> Merged {
        match through_the_codec(&handle(Request::Merge { gpos })) {
            Response::Merged(Ok(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    // See: issue 14 (the Resultant view): the later GPO wins, and the order given is the order
    // applied.
    #[test]
    fn merged_in_the_worker_the_later_gpo_wins() {
        let a = found(vec![("a.pol".into(), pol_of("sbs-2003-xp-sp2"))])
            .unwrap_or_else(|e| panic!("{e}"));
        let b = found(vec![("b.pol".into(), pol_of("locked-down-laptop"))])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.gpos.len(), 1);
        let gpos = vec![a.gpos[0].clone(), b.gpos[0].clone()];
        let m = merge_of(gpos.clone());
        assert_eq!(m.gpos, vec!["1. a.pol".to_string(), "2. b.pol".to_string()]);
        let row = |m: &Merged| {
            m.rows
                .iter()
                .find(|r| r.path == "Domain Profile › Protect all network connections")
                .cloned()
                .unwrap_or_else(|| panic!("{:?}", m.rows))
        };
        assert_eq!(row(&m).winner, 1);
        assert_eq!(row(&m).overridden, vec![0]);
        let reversed = merge_of(gpos.into_iter().rev().collect());
        assert_eq!(reversed.gpos[1], "2. a.pol");
        assert_eq!(row(&reversed).winner, 1);
        let (project, _) = project::from_json(&m.project).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(project.title, "Resultant of 2 GPOs");
    }

    #[test]
    fn a_file_that_is_no_gpo_is_refused_with_its_name() {
        let e = found(vec![("notes.txt".into(), b"hello".to_vec())])
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        assert!(e.contains("notes.txt"), "{e}");
    }

    fn rows(text: &str, edits: Vec<(usize, PasteColumn, String)>, detect: bool) -> Pasting {
        let mut project = sample();
        project.policy = fwpolicy_core::Policy::default();
        let request = through_the_codec(&Request::PasteRows {
            text: text.into(),
            project: project::to_json(&project),
            profile: ProfileKind::Domain,
            scope: "localsubnet".into(),
            name_prefix: String::new(),
            edits,
            detect,
        });
        match through_the_codec(&handle(request)) {
            Response::PastedRows(Ok(p)) => p,
            other => panic!("{other:?}"),
        }
    }

    // See: issue 13 item 4: a port table copied out of a PDF (space-separated) is read row by
    // row, not as broken program lines.
    #[test]
    fn space_separated_vendor_rows_are_read_row_by_row_and_a_cell_edit_reads_the_row_again() {
        let text = "Port 9514 TCP Agent\n9515 UDP Agent events\n1024-65535 TCP random";
        let Pasting::Rows(grid) = rows(text, Vec::new(), true) else {
            panic!("not read row by row")
        };
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.count(), 2, "{grid:?}");
        assert!(
            grid.rows[0].result.contains("9514:TCP"),
            "{:?}",
            grid.rows[0]
        );
        assert!(
            grid.rows[1].result.contains("9515:UDP"),
            "{:?}",
            grid.rows[1]
        );
        assert!(grid.rows[2]
            .note
            .as_deref()
            .is_some_and(|n| n.contains("range")));
        // Fix the protocol of row 2 in place.
        let Pasting::Rows(fixed) =
            rows(text, vec![(1, PasteColumn::Protocol, "TCP".into())], false)
        else {
            panic!("not rows")
        };
        assert!(
            fixed.rows[1].result.contains("9515:TCP"),
            "{:?}",
            fixed.rows[1]
        );
        let preview = fixed.to_preview();
        assert_eq!(preview.ports.len(), 2);
    }

    #[test]
    fn definition_lines_keep_the_line_preview_when_detecting() {
        let text = "80:TCP:localsubnet:enabled:Web\n443:TCP:*:enabled:Web TLS";
        assert!(matches!(rows(text, Vec::new(), true), Pasting::Classic(_)));
    }

    #[test]
    fn the_ibm_director_tables_copied_with_spaces_are_read_row_by_row() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/tests/data/paste/ibm-director-ports-spaces.txt"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let Pasting::Rows(grid) = rows(&text, Vec::new(), true) else {
            panic!("not read row by row")
        };
        assert!(grid.count() > 5, "{}", grid.count());
        assert!(grid.rows.iter().any(|r| r.result.starts_with("Skipped")));
    }

    // See: issue 13 item 11: a mistyped question keeps the tables.
    #[test]
    fn exposure_with_a_mistyped_address_keeps_the_tables() {
        let request = Request::Exposure {
            project: project::to_json(&sample()),
            question: Some(("10.2.3.x".into(), "3389/tcp".into())),
        };
        let Response::Exposed(Ok(e)) = through_the_codec(&handle(through_the_codec(&request)))
        else {
            panic!("no answer")
        };
        assert_eq!(e.profiles.len(), 2);
        assert!(e.profiles.iter().any(|p| !p.rows.is_empty()));
        assert!(e.profiles.iter().all(|p| p.answer.is_none()));
        assert!(e.question_error.is_some_and(|m| m.contains("10.2.3.x")));
        let request = Request::Exposure {
            project: project::to_json(&sample()),
            question: Some(("10.2.3.4".into(), "3389/tcp".into())),
        };
        let Response::Exposed(Ok(e)) = handle(request) else {
            panic!("no answer")
        };
        assert!(e.question_error.is_none());
        assert!(e.profiles.iter().all(|p| p.answer.is_some()));
    }

    // See: issue 13 item 8: the report the page downloads carries the sign-off facts.
    #[test]
    fn a_report_from_the_worker_names_the_time_and_the_changes_since_the_last_export() {
        let project = sample();
        let mut before = project.clone();
        before.policy = fwpolicy_core::Policy::default();
        let request = Request::Export {
            format: Format::ReportMd,
            project: project::to_json(&project),
            sign_off: SignOff {
                generated: Some("2026-12-06 20:15 UTC".into()),
                last_export: Some(project::to_json(&before)),
            },
        };
        let Response::Exported(Ok(r)) = through_the_codec(&handle(through_the_codec(&request)))
        else {
            panic!("not exported")
        };
        let text = String::from_utf8(r.bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            text.contains("| Generated | 2026-12-06 20:15 UTC |"),
            "{text}"
        );
        assert!(!text.contains("No earlier export recorded"), "{text}");
    }

    #[test]
    fn every_export_from_the_worker_is_what_convert_writes() {
        let project = sample();
        for format in Format::ALL {
            let request = through_the_codec(&Request::Export {
                format,
                project: project::to_json(&project),
                sign_off: SignOff::default(),
            });
            let Response::Exported(Ok(r)) = through_the_codec(&handle(request)) else {
                panic!("{format}: not exported")
            };
            let cli = formats::write(format, &project, &WriteOptions::default())
                .unwrap_or_else(|e| panic!("{format}: {e}"));
            assert_eq!(r.bytes, cli.bytes, "{format}");
            assert_eq!(
                r,
                export::render(format, &project).unwrap_or_else(|e| panic!("{e:?}"))
            );
        }
    }

    #[test]
    fn a_file_read_in_the_worker_keeps_its_records_for_a_byte_identical_export() {
        let project = sample();
        let pol = formats::write(Format::RegistryPol, &project, &WriteOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .bytes;
        let request = through_the_codec(&Request::ReadFile {
            bytes: pol.clone(),
            current: project::to_json(&Project::default()),
        });
        let Response::Read(Ok(read)) = through_the_codec(&handle(request)) else {
            panic!("not read")
        };
        assert_eq!(read.format, Format::RegistryPol);
        assert!(!read.changes.is_empty(), "differs from an empty policy");
        let (back, _) = project::from_json(&read.project).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.policy, project.policy);
        let again = formats::write(Format::RegistryPol, &back, &WriteOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .bytes;
        assert_eq!(again, pol);
    }

    #[test]
    fn unreadable_files_and_projects_are_sentences_not_panics() {
        let Response::Read(Err(e)) = handle(Request::ReadFile {
            bytes: b"\x00\x01garbage".to_vec(),
            current: project::to_json(&Project::default()),
        }) else {
            panic!("garbage was read")
        };
        assert!(e.contains("not a format"), "{e}");
        let Response::Exported(Err(refused)) = handle(Request::Export {
            format: Format::Json,
            project: "{".into(),
            sign_off: SignOff::default(),
        }) else {
            panic!("a broken project was exported")
        };
        assert!(
            refused.message.contains("format engine"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn a_share_link_from_the_worker_reads_back_as_the_same_project() {
        let project = sample();
        let Response::Link(Ok(link)) = through_the_codec(&handle(Request::ShareLink {
            project: project::to_json(&project),
            base: "https://example.invalid/fwpolicy/index.html#export".into(),
        })) else {
            panic!("no link")
        };
        assert!(
            link.starts_with("https://example.invalid/fwpolicy/index.html#p="),
            "{link}"
        );
        let Response::Read(Ok(read)) = handle(Request::ReadFile {
            bytes: link.into_bytes(),
            current: project::to_json(&Project::default()),
        }) else {
            panic!("link not read")
        };
        assert_eq!(read.format, Format::Link);
        let (back, _) = project::from_json(&read.project).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.policy, project.policy);
        assert_eq!(back.title, project.title);
    }

    #[test]
    fn comparing_a_file_with_a_project_lists_the_added_port() {
        let before = sample();
        let mut after = before.clone();
        let port = fwpolicy_core::PortException::parse(
            "8443:TCP:localsubnet:enabled:Admin portal",
            fwpolicy_core::ParseOptions::TYPED,
        )
        .value
        .unwrap_or_else(|| panic!("port"));
        after.policy.domain.ports.options.push(port);
        let pol = formats::write(Format::RegistryPol, &before, &WriteOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .bytes;
        let Response::Compared(Ok(c)) = through_the_codec(&handle(Request::Compare {
            left: Side {
                label: "Registry.pol".into(),
                source: SideSource::File(pol),
            },
            right: Side {
                label: "current policy".into(),
                source: SideSource::Project(project::to_json(&after)),
            },
        })) else {
            panic!("not compared")
        };
        assert_eq!(c.comparison.changes, 1);
        assert!(c.markdown.contains("8443"), "{}", c.markdown);
        let only = c.comparison.only_differences();
        let items: Vec<_> = only
            .groups
            .iter()
            .flat_map(|g| g.settings.iter())
            .flat_map(|r| r.items.iter())
            .collect();
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(items[0].label.contains("8443"));
        let Response::Compared(Err(e)) = handle(Request::Compare {
            left: Side {
                label: "broken.pol".into(),
                source: SideSource::File(b"PReg\x01\0\0\0[".to_vec()),
            },
            right: Side {
                label: "current policy".into(),
                source: SideSource::Project(project::to_json(&after)),
            },
        }) else {
            panic!("a broken file was compared")
        };
        assert!(e.starts_with("broken.pol: "), "{e}");
    }

    #[test]
    fn pasted_text_and_presets_cross_the_worker_unchanged() {
        let options = TableOptions::default();
        for text in [
            "80:TCP:localsubnet:enabled:Web\nC:\\Apps\\a.exe:*:enabled:App\nbroken line",
            "Port\tProtocol\tDirection\tDescription\n8421\tTCP\tInbound\tAgent\n9999\tXYZ\tInbound\tOdd",
        ] {
            let kind = import::guess(text, &options);
            let direct = import::paste(text, kind, &options);
            let Response::Pasted(p) = through_the_codec(&handle(Request::Paste {
                text: text.into(),
                kind: None,
                scope: options.scope.to_string(),
                name_prefix: String::new(),
            })) else {
                panic!("not pasted")
            };
            assert_eq!(p.into_preview(), direct, "{text}");
        }
        for info in presets::all() {
            let Response::Preset(Some(json)) = handle(Request::Preset { id: info.id.into() })
            else {
                panic!("{}", info.id)
            };
            let (p, _) = project::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(Some(p), presets::get(info.id), "{}", info.id);
        }
        assert_eq!(
            handle(Request::Preset { id: "nope".into() }),
            Response::Preset(None)
        );
    }
}
