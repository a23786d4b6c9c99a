//! The fuzz targets: one per reader, each with the checks every input must pass.
//!
//! Every target reads its input, then checks what was read the same way ([`check_project`]):
//! no panic (the runner catches one), diagnostics and every written file no larger than
//! [`MAX_GROWTH`] × the input (plus [`SLACK`]), every file written in a readable format reads
//! back, and writing what was read back gives the same bytes (write(read(write(x))) ==
//! write(x)).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use fwpolicy_core::analysis::{diff, lint};
use fwpolicy_core::formats::{self, project::Project, Format, WriteOptions};
use fwpolicy_core::import::{self, TableOptions};
use fwpolicy_core::{Code, Diagnostic, Policy, ProfileKind, Setting};

/// Outputs may be at most this many times the input's size (plus [`SLACK`]).
pub const MAX_GROWTH: usize = 64;
/// What any output may add regardless of the input's size (headers, reports' fixed text).
pub const SLACK: usize = 256 * 1024;

/// One fuzz target.
#[derive(Clone, Copy)]
pub struct Target {
    /// The name `cargo xtask fuzz NAME` takes (also the corpus folder).
    pub name: &'static str,
    /// What the input is.
    pub what: &'static str,
    /// Runs the reader and the checks; `Ok` carries a signature of the behaviour seen (for the
    /// runner's feedback), `Err` says which check failed.
    pub run: fn(&[u8]) -> Result<u64, String>,
    /// Whether the input is UTF-16LE text (mutations then insert UTF-16 tokens too).
    pub utf16: bool,
}

/// Every target, in the order `cargo xtask fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "pol",
        what: "Registry.pol (PReg v1)",
        run: fuzz_pol,
        utf16: true,
    },
    Target {
        name: "lgpo",
        what: "LGPO text",
        run: fuzz_lgpo,
        utf16: false,
    },
    Target {
        name: "reg",
        what: ".reg file (UTF-16LE or ANSI)",
        run: fuzz_reg,
        utf16: true,
    },
    Target {
        name: "json",
        what: "fwpolicy project JSON",
        run: fuzz_json,
        utf16: false,
    },
    Target {
        name: "lines",
        what: "pasted exception lines",
        run: fuzz_lines,
        utf16: false,
    },
    Target {
        name: "table",
        what: "pasted port table",
        run: fuzz_table,
        utf16: false,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

fn fuzz_pol(input: &[u8]) -> Result<u64, String> {
    read_then_check(Format::RegistryPol, input)
}

fn fuzz_lgpo(input: &[u8]) -> Result<u64, String> {
    read_then_check(Format::Lgpo, input)
}

fn fuzz_reg(input: &[u8]) -> Result<u64, String> {
    read_then_check(Format::Reg, input)
}

fn fuzz_json(input: &[u8]) -> Result<u64, String> {
    read_then_check(Format::Json, input)
}

fn fuzz_lines(input: &[u8]) -> Result<u64, String> {
    let text = String::from_utf8_lossy(input);
    let read = import::exception_lines(&text);
    let mut sig = Signature::new("lines");
    check_diagnostics(&read.diagnostics, input.len(), &mut sig)?;
    let mut policy = Policy::default();
    let profile = policy.profile_mut(ProfileKind::Domain);
    profile.programs = Setting::enabled(read.programs.into_iter().map(|(_, p)| p).collect());
    profile.ports = Setting::enabled(read.ports.into_iter().map(|(_, p)| p).collect());
    check_project(&Project::new(policy), input.len(), &mut sig)?;
    Ok(sig.finish())
}

fn fuzz_table(input: &[u8]) -> Result<u64, String> {
    let text = String::from_utf8_lossy(input);
    let read = import::port_table(&text, &TableOptions::default());
    let mut sig = Signature::new("table");
    check_diagnostics(&read.diagnostics, input.len(), &mut sig)?;
    sig.add(read.skipped.len().min(4));
    let mut policy = Policy::default();
    let profile = policy.profile_mut(ProfileKind::Domain);
    profile.ports = Setting::enabled(read.ports.into_iter().map(|(_, p)| p).collect());
    check_project(&Project::new(policy), input.len(), &mut sig)?;
    Ok(sig.finish())
}

/// Reads `input` as `format`; when it reads, checks the project read.
fn read_then_check(format: Format, input: &[u8]) -> Result<u64, String> {
    let mut sig = Signature::new(format.id());
    match formats::read(Some(format), input) {
        Err(err) => {
            let message = err.to_string();
            bounded("the read error", message.len(), input.len())?;
            sig.add(std::mem::discriminant(&err));
        }
        Ok(imported) => {
            check_diagnostics(&imported.diagnostics, input.len(), &mut sig)?;
            check_project(&imported.project, input.len(), &mut sig)?;
        }
    }
    Ok(sig.finish())
}

/// The diagnostics, as `fwpolicy check` prints them, are no larger than the bound.
fn check_diagnostics(
    diagnostics: &[Diagnostic],
    input_len: usize,
    sig: &mut Signature,
) -> Result<(), String> {
    let printed: usize = diagnostics.iter().map(|d| d.to_string().len() + 1).sum();
    bounded("the diagnostics", printed, input_len)?;
    for d in diagnostics {
        sig.add((d.code, d.severity));
    }
    Ok(())
}

fn bounded(what: &str, size: usize, input_len: usize) -> Result<(), String> {
    let limit = input_len.saturating_mul(MAX_GROWTH).saturating_add(SLACK);
    if size > limit {
        return Err(format!(
            "{what} take {size} bytes for a {input_len}-byte input (limit {limit})"
        ));
    }
    Ok(())
}

/// Lint, diff and every format's writer on a project read from an input of `input_len` bytes.
pub fn check_project(
    project: &Project,
    input_len: usize,
    sig: &mut Signature,
) -> Result<(), String> {
    let findings = lint::check(&project.policy);
    check_diagnostics(&findings, input_len, sig)?;
    let changes = diff::diff(&Policy::default(), &project.policy);
    sig.add(changes.len().min(8));
    if !diff::diff(&project.policy, &project.policy).is_empty() {
        return Err("diff of a policy with itself is not empty".into());
    }
    let options = WriteOptions::default();
    for format in Format::ALL {
        let written = match formats::write(format, project, &options) {
            Ok(written) => written,
            Err(err) => {
                sig.add((format.id(), "refused"));
                bounded(
                    &format!("{format}'s error"),
                    err.to_string().len(),
                    input_len,
                )?;
                continue;
            }
        };
        bounded(
            &format!("the {format} file"),
            written.bytes.len(),
            input_len,
        )?;
        check_diagnostics(&written.diagnostics, input_len, sig)?;
        if format.is_readable() {
            // The writer said it could not carry something: the value is left out
            // (`not-exportable`), or a key or value name starts or ends with white space,
            // which LGPO text lines cannot keep (`whitespace`).
            let lossy = written
                .diagnostics
                .iter()
                .any(|d| matches!(d.code, Code::NotExportable | Code::Whitespace));
            check_round_trip(format, &written.bytes, &options, lossy)?;
        }
    }
    Ok(())
}

/// A written file reads back, and writing what was read gives the same bytes. When the writer
/// said it left something out (`not-exportable`, e.g. `**delvals.` in a .reg file, or
/// `whitespace`), its notes
/// about it go too, so the same is checked one generation later: the second write must be a
/// fixed point.
fn check_round_trip(
    format: Format,
    bytes: &[u8],
    options: &WriteOptions,
    lossy: bool,
) -> Result<(), String> {
    let back = formats::read(Some(format), bytes)
        .map_err(|e| format!("the {format} file fwpolicy wrote does not read back: {e}"))?;
    let again = formats::write(format, &back.project, options)
        .map_err(|e| format!("the {format} file read back cannot be written again: {e}"))?;
    if lossy {
        return check_round_trip(format, &again.bytes, options, false);
    }
    if again.bytes != bytes {
        return Err(format!(
            "write(read(write(x))) != write(x) for {format} (first difference at byte {})",
            first_difference(bytes, &again.bytes)
        ));
    }
    Ok(())
}

fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// A hash of what an input made the code do (diagnostic codes, which writers refused, ...):
/// the runner keeps a mutated input that shows a signature not seen before.
pub struct Signature(DefaultHasher, Vec<u64>);

impl Signature {
    fn new(target: &str) -> Self {
        let mut h = DefaultHasher::new();
        target.hash(&mut h);
        Signature(h, Vec::new())
    }

    fn add(&mut self, item: impl Hash) {
        let mut h = DefaultHasher::new();
        item.hash(&mut h);
        self.1.push(h.finish());
    }

    fn finish(mut self) -> u64 {
        // A set, not a sequence: the same kinds of finding in another order are not new.
        self.1.sort_unstable();
        self.1.dedup();
        self.1.hash(&mut self.0);
        self.0.finish()
    }
}
