//! The format engine: writing exports and reading imported files, run in a web worker.
//!
//! The format writers and readers (Registry.pol, LGPO text, .reg, the three scripts, the
//! reports, the HTML table reader, the diff of an import preview) are about a sixth of the
//! editor's code and are not needed to show the first page. They run in a second WebAssembly
//! module, `fwpolicy-engine` (`src/bin/engine.rs`, built by Trunk with `data-type="worker"`),
//! which the page starts the first time an export or a file import is asked for; the editor's
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

use fwpolicy_core::analysis::diff::Change;
use fwpolicy_core::formats::project::{self, Project};
use fwpolicy_core::formats::Format;
use fwpolicy_core::Diagnostic;
use gloo_worker::oneshot::oneshot;
use serde::{Deserialize, Serialize};

use crate::export::{self, Refused, Rendered};
use crate::import::{self, FilePreview};

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
    /// Read a dropped or picked file and compare it with the current policy.
    ReadFile {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// The current project, as project JSON.
        current: String,
    },
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
    }
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
        Ok(Response::Read(_)) => Err(unexpected()),
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
        Response::Exported(_) => return Err(unexpected().message),
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
}
