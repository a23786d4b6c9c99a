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
//! * [`export`] and [`read_file`] are the page's side: they start the worker on first use
//!   (gloo-worker's bridge queues requests until the worker has loaded), send the request and
//!   wait for the answer; a worker that does not answer within [`TIMEOUT_MS`] gives an error
//!   sentence instead of waiting for ever.
//!
//! Messages are serde values (gloo-worker's bincode codec); a policy crosses as its project
//! JSON (`core::formats::project`), which keeps the records an import was read from, so a
//! policy read in the worker round-trips byte for byte as if it had been read on the page.

use fwpolicy_core::analysis::compare::{self, Comparison, DiffFormat, Sides};
use fwpolicy_core::analysis::diff::Change;
use fwpolicy_core::formats::link;
use fwpolicy_core::formats::project::{self, Project};
use fwpolicy_core::formats::Format;
use fwpolicy_core::import::TableOptions;
use fwpolicy_core::presets;
use fwpolicy_core::{Diagnostic, ParseOptions, PortException, ProgramException, Scope};
use gloo_worker::oneshot::oneshot;
use serde::{Deserialize, Serialize};

use crate::export::{self, Refused, Rendered};
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
    fn into_preview(self) -> PastePreview {
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
}

/// Answers one request (the engine's whole logic; the worker only carries messages).
pub fn handle(request: Request) -> Response {
    match request {
        Request::Export { format, project } => Response::Exported(
            parse_project(&project)
                .map_err(|message| Refused {
                    message,
                    diagnostics: Vec::new(),
                })
                .and_then(|p| export::render(format, &p)),
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
    }
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

/// Writes `project` in `format` in the worker (see the module documentation).
pub async fn export(format: Format, project: &Project) -> Result<Rendered, Refused> {
    let request = Request::Export {
        format,
        project: project::to_json(project),
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

    #[test]
    fn every_export_from_the_worker_is_what_convert_writes() {
        let project = sample();
        for format in Format::ALL {
            let request = through_the_codec(&Request::Export {
                format,
                project: project::to_json(&project),
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
