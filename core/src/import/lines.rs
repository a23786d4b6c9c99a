//! Pasted exception definitions, one per line ([`exception_lines`]).

use std::collections::hash_map::{Entry, HashMap};

use crate::model::names::name_key;

use crate::model::diagnostic::{Code, Diagnostic, Field};
use crate::model::exception::{
    Exception, ParseOptions, PortException, ProgramException, Transport,
};

/// What [`exception_lines`] found, each exception with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinesImport {
    /// Program exceptions, in input order.
    pub programs: Vec<(usize, ProgramException)>,
    /// Port exceptions, in input order.
    pub ports: Vec<(usize, PortException)>,
    /// Everything said about the lines (each with its line number).
    pub diagnostics: Vec<Diagnostic>,
}

/// Imports pasted exception definitions, one per line, as typed by the admin (see the module
/// documentation).
pub fn exception_lines(text: &str) -> LinesImport {
    exception_lines_with(text, ParseOptions::TYPED)
}

/// [`exception_lines`] with explicit parse options (e.g. [`ParseOptions::IMPORTED`] for a file
/// written elsewhere: unsafe names are then kept with a warning).
pub fn exception_lines_with(text: &str, options: ParseOptions) -> LinesImport {
    let mut out = LinesImport::default();
    // The line each program and port was first defined on: linear in the number of lines
    // (issue 11: the scan of every earlier line was quadratic).
    let mut first_program: HashMap<String, usize> = HashMap::new();
    let mut first_port: HashMap<(u16, Transport), usize> = HashMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        // Leading indentation goes; trailing spaces are part of the name and are kept (with a
        // warning), so that what was written is what is imported.
        let trimmed = raw.trim_start();
        if trimmed.trim_end().is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let lead = raw.len() - trimmed.len();
        if trimmed.trim_end() != trimmed {
            out.diagnostics.push(
                Diagnostic::warning(
                    Code::Whitespace,
                    "the line ends with spaces; they are kept as part of the name",
                )
                .with_field(Field::Name)
                .with_line(line_no)
                .with_span(lead + trimmed.trim_end().len()..raw.len()),
            );
        }
        let parsed = Exception::parse(trimmed, options);
        out.diagnostics.extend(
            parsed
                .diagnostics
                .into_iter()
                .map(|d| d.with_line(line_no).shifted(lead)),
        );
        match parsed.value {
            Some(Exception::Program(p)) => {
                match first_program.entry(name_key(&p.path)) {
                    Entry::Occupied(first) => {
                        out.diagnostics
                            .push(duplicate(line_no, *first.get(), &p.path));
                    }
                    Entry::Vacant(slot) => {
                        slot.insert(line_no);
                    }
                }
                out.programs.push((line_no, p));
            }
            Some(Exception::Port(p)) => {
                match first_port.entry((p.port.get(), p.transport)) {
                    Entry::Occupied(first) => {
                        let what = format!("port {}/{}", p.port, p.transport);
                        out.diagnostics
                            .push(duplicate(line_no, *first.get(), &what));
                    }
                    Entry::Vacant(slot) => {
                        slot.insert(line_no);
                    }
                }
                out.ports.push((line_no, p));
            }
            None => {}
        }
    }
    out
}

pub(super) fn duplicate(line: usize, first: usize, what: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::Duplicate,
        format!(
            "{what} is already defined on line {first}; Windows combines the scopes of duplicate definitions and a disabled one overrides enabled ones"
        ),
    )
    .with_field(Field::Line)
    .with_line(line)
}
