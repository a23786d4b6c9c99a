//! Forgiving paste ([`paste`]): whatever an admin copies out of a vendor PDF or web page, one
//! preview row per line, each editable cell by cell.
//!
//! A line is read as:
//! * a complete definition (`Port:Transport:Scope:Status:Name` or `Path:Scope:Status:Name`),
//!   kept whole in [`PasteCells::definition`];
//! * columns: cells split at tabs, or at runs of two or more spaces (a table copied as text);
//! * free text: single-space separated words with a port (or range), a protocol and a name in
//!   any order (`Port 9514 TCP Agent`, `9515 UDP Agent events`, `TCP 1024-65535 random`).
//!
//! The port, protocol, direction and name found go into [`PasteCells`]; the row's outcome is
//! computed from those cells only, by the same rules as the table importer
//! ([`super::port_table`]: ranges up to [`TableOptions::max_range`] give one exception per
//! port, outbound-only and random ports open nothing, names from the description with the
//! port appended), so re-checking a row after the admin edits a cell
//! ([`PasteImport::set_cell`]) gives what a paste of the edited line would give. Rows are
//! compared with the current profile ([`crate::model::list::find_duplicate`]: same port and
//! protocol, same program path as Windows compares paths) and with earlier rows.

use std::collections::HashMap;

use crate::model::exception::{Exception, ParseOptions, Transport};
use crate::model::list::{find_duplicate, ExistingRow};
use crate::model::names::name_key;
use crate::model::policy::Policy;
use crate::model::profile::ProfileKind;

use super::html::clean_cell;
use super::tables::{
    parse_direction, parse_port_cell, parse_protocols, read_row, Columns, PortCellError, Row,
    SkipReason, TableOptions,
};

/// How a line was split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Blank or a comment (`#`, `;`).
    Blank,
    /// A complete definition line.
    Definition,
    /// Tab- or multi-space-separated columns.
    Columns,
    /// Words separated by single spaces.
    FreeText,
}

/// The editable cells of a row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PasteCells {
    /// A complete definition line; when set, the other cells are unused.
    pub definition: Option<String>,
    /// Port or range (`9514`, `9511-9513`).
    pub port: String,
    /// `TCP`, `UDP`, `TCP,UDP`; empty when the port cell says it (`80/tcp`).
    pub protocol: String,
    /// `Inbound`, `Outbound`, `Outbound and Inbound`; empty = inbound.
    pub direction: String,
    /// The description the name is made from.
    pub name: String,
}

/// Which cell the admin edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PasteColumn {
    /// [`PasteCells::definition`].
    Definition,
    /// [`PasteCells::port`].
    Port,
    /// [`PasteCells::protocol`].
    Protocol,
    /// [`PasteCells::direction`].
    Direction,
    /// [`PasteCells::name`].
    Name,
}

/// What a row gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasteOutcome {
    /// Nothing to say (blank or comment line).
    Blank,
    /// These exceptions (one per port and protocol).
    Exceptions(Vec<Exception>),
    /// Not an exception, and why.
    Skipped(SkipReason),
    /// A definition line that does not parse; the first error's message.
    Invalid(String),
}

/// What a row of the paste duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Duplicate {
    /// A row already in the profile's list.
    Existing(ExistingRow),
    /// An earlier line of the same paste (1-based line number).
    EarlierLine(usize),
}

/// One preview row: one per input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasteRow {
    /// 1-based line.
    pub line: usize,
    /// The line as pasted.
    pub text: String,
    /// How it was split.
    pub layout: Layout,
    /// The cells (editable).
    pub cells: PasteCells,
    /// What it gives.
    pub outcome: PasteOutcome,
    /// For ranges and random ports: what XP policy can and cannot do about it.
    pub note: Option<String>,
    /// For each exception of [`PasteOutcome::Exceptions`] (same order), what it duplicates.
    pub duplicates: Vec<Option<Duplicate>>,
}

impl PasteRow {
    /// The exceptions of this row that duplicate nothing (what "Add" adds).
    pub fn new_exceptions(&self) -> Vec<Exception> {
        match &self.outcome {
            PasteOutcome::Exceptions(list) => list
                .iter()
                .zip(self.duplicates.iter().chain(std::iter::repeat(&None)))
                .filter(|(_, d)| d.is_none())
                .map(|(e, _)| e.clone())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The whole paste.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PasteImport {
    /// One row per input line.
    pub rows: Vec<PasteRow>,
}

impl PasteImport {
    /// Every exception that duplicates nothing, in row order.
    pub fn new_exceptions(&self) -> Vec<Exception> {
        self.rows
            .iter()
            .flat_map(PasteRow::new_exceptions)
            .collect()
    }

    /// The admin changed one cell of row `index`: store it and re-check every row's outcome and
    /// duplicates (an edit can make a later row a duplicate or not). Linear in the rows. An
    /// index past the end changes nothing.
    pub fn set_cell(
        &mut self,
        index: usize,
        column: PasteColumn,
        text: &str,
        policy: &Policy,
        profile: ProfileKind,
        options: &TableOptions,
    ) {
        let Some(row) = self.rows.get_mut(index) else {
            return;
        };
        let cells = &mut row.cells;
        match column {
            PasteColumn::Definition => cells.definition = Some(text.to_string()),
            PasteColumn::Port => cells.port = text.to_string(),
            PasteColumn::Protocol => cells.protocol = text.to_string(),
            PasteColumn::Direction => cells.direction = text.to_string(),
            PasteColumn::Name => cells.name = text.to_string(),
        }
        if row.layout == Layout::Blank
            && column != PasteColumn::Definition
            && !text.trim().is_empty()
        {
            row.layout = Layout::Columns;
        }
        recheck(&mut self.rows, policy, profile, options);
    }
}

/// Reads a paste, one row per line (see the module documentation), comparing each exception
/// with `profile` of `policy`.
pub fn paste(
    text: &str,
    policy: &Policy,
    profile: ProfileKind,
    options: &TableOptions,
) -> PasteImport {
    let mut rows: Vec<PasteRow> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let (layout, cells) = split_line(line);
            PasteRow {
                line: i + 1,
                text: line.to_string(),
                layout,
                cells,
                outcome: PasteOutcome::Blank,
                note: None,
                duplicates: Vec::new(),
            }
        })
        .collect();
    recheck(&mut rows, policy, profile, options);
    PasteImport { rows }
}

fn recheck(rows: &mut [PasteRow], policy: &Policy, profile: ProfileKind, options: &TableOptions) {
    let mut seen_ports: HashMap<(u16, Transport), usize> = HashMap::new();
    let mut seen_programs: HashMap<String, usize> = HashMap::new();
    for row in rows.iter_mut() {
        let (outcome, note) = evaluate(row.line, &row.text, row.layout, &row.cells, options);
        let mut duplicates = Vec::new();
        if let PasteOutcome::Exceptions(list) = &outcome {
            for e in list {
                let earlier = match e {
                    Exception::Port(p) => *seen_ports
                        .entry((p.port.get(), p.transport))
                        .or_insert(row.line),
                    Exception::Program(p) => {
                        *seen_programs.entry(name_key(&p.path)).or_insert(row.line)
                    }
                };
                let dup = find_duplicate(policy, profile, e, None)
                    .map(Duplicate::Existing)
                    .or((earlier != row.line).then_some(Duplicate::EarlierLine(earlier)));
                duplicates.push(dup);
            }
        }
        row.outcome = outcome;
        row.note = note;
        row.duplicates = duplicates;
    }
}

/// The suggestion for what a port exception cannot express.
fn range_advice(what: &str) -> String {
    format!(
        "{what}: XP policy cannot open a range (one port per exception). Add a program \
         exception for the program that listens on these ports, or use the netsh advfirewall \
         or PowerShell export, which take ranges."
    )
}

fn evaluate(
    line: usize,
    text: &str,
    layout: Layout,
    cells: &PasteCells,
    options: &TableOptions,
) -> (PasteOutcome, Option<String>) {
    if let Some(def) = &cells.definition {
        let parsed = Exception::parse(def.trim(), ParseOptions::TYPED);
        return match parsed.value {
            Some(mut e) if parsed.diagnostics.iter().all(|d| !d.is_error()) => {
                if let Exception::Port(p) = &mut e {
                    if p.name.is_empty() {
                        p.name = format!("{} {}", p.transport, p.port);
                    }
                }
                (PasteOutcome::Exceptions(vec![e]), None)
            }
            _ => (
                PasteOutcome::Invalid(
                    parsed
                        .diagnostics
                        .iter()
                        .find(|d| d.is_error())
                        .map(|d| d.message.clone())
                        .unwrap_or_else(|| "not a valid definition".to_string()),
                ),
                None,
            ),
        };
    }
    if layout == Layout::Blank
        && cells.port.is_empty()
        && cells.protocol.is_empty()
        && cells.name.is_empty()
    {
        return (PasteOutcome::Blank, None);
    }
    let row = Row {
        line,
        text: text.to_string(),
        cells: vec![
            cells.port.clone(),
            cells.protocol.clone(),
            cells.direction.clone(),
            cells.name.clone(),
        ],
    };
    let cleaned: Vec<String> = row.cells.iter().map(|c| clean_cell(c)).collect();
    let columns = Columns {
        port: 0,
        protocol: Some(1),
        direction: (!cells.direction.trim().is_empty()).then_some(2),
        description: Some(3),
    };
    let spec = parse_port_cell(&clean_cell(&cells.port));
    let range = match &spec {
        Ok(s) => s.ranges.iter().find(|(a, b)| a != b).copied(),
        Err(_) => None,
    };
    match read_row(&row, &cleaned, columns, options) {
        Ok(list) => {
            let note = range.map(|(a, b)| {
                format!(
                    "{a}-{b} is a range: XP policy opens one port per exception, so this row \
                     gives {} port exceptions.",
                    list.len()
                )
            });
            (
                PasteOutcome::Exceptions(list.into_iter().map(Exception::Port).collect()),
                note,
            )
        }
        Err(reason) => {
            let note = match (&reason, range) {
                (SkipReason::RangeTooLarge { first, last, .. }, _) => {
                    Some(range_advice(&format!("{first}-{last} is a range")))
                }
                (SkipReason::NotAFixedPort, _) => Some(range_advice(&format!(
                    "{} is a random or dynamic port",
                    clean_cell(&cells.port)
                ))),
                _ => None,
            };
            (PasteOutcome::Skipped(reason), note)
        }
    }
}

/// Splits one pasted line into cells (see the module documentation).
pub fn split_line(line: &str) -> (Layout, PasteCells) {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
        return (Layout::Blank, PasteCells::default());
    }
    // A definition: one that parses, or one that looks like it (three colons or more and no
    // space before the first, as in `8443:TCP:...` or `C:\...`), so that its error is shown;
    // free text with a "Note:" or "with:" in it stays free text.
    let looks_like_definition = trimmed.matches(':').count() >= 3
        && trimmed
            .split(':')
            .next()
            .is_some_and(|head| !head.is_empty() && !head.contains(char::is_whitespace));
    if looks_like_definition
        || Exception::parse(trimmed, ParseOptions::TYPED)
            .value
            .is_some()
    {
        return (
            Layout::Definition,
            PasteCells {
                definition: Some(trimmed.to_string()),
                ..PasteCells::default()
            },
        );
    }
    let columns: Vec<String> = if trimmed.contains('\t') {
        trimmed.split('\t').map(|c| c.trim().to_string()).collect()
    } else {
        split_on_wide_spaces(trimmed)
    };
    if columns.len() > 1 {
        return (Layout::Columns, classify_columns(&columns));
    }
    let words: Vec<String> = trimmed.split_whitespace().map(str::to_string).collect();
    (Layout::FreeText, classify_words(&words))
}

fn split_on_wide_spaces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut spaces = 0usize;
    for c in text.chars() {
        if c == ' ' || c == '\u{a0}' {
            spaces += 1;
            continue;
        }
        if spaces >= 2 && !cell.is_empty() {
            out.push(std::mem::take(&mut cell));
        } else if spaces == 1 {
            cell.push(' ');
        }
        spaces = 0;
        cell.push(c);
    }
    if !cell.is_empty() {
        out.push(cell);
    }
    out
}

fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

fn is_protocol(s: &str) -> bool {
    matches!(parse_protocols(s), Ok(t) if !t.is_empty())
}

fn port_like(s: &str) -> bool {
    has_digit(s) && !matches!(parse_port_cell(&clean_cell(s)), Err(PortCellError::Bad(_)))
}

fn classify_columns(cols: &[String]) -> PasteCells {
    let port = cols
        .iter()
        .position(|c| port_like(c))
        .or_else(|| cols.iter().position(|c| has_digit(c)));
    let protocol = cols
        .iter()
        .enumerate()
        .position(|(i, c)| Some(i) != port && is_protocol(c));
    let direction = cols
        .iter()
        .enumerate()
        .position(|(i, c)| Some(i) != port && Some(i) != protocol && parse_direction(c).is_ok());
    let taken = [port, protocol, direction];
    let name: Vec<&str> = cols
        .iter()
        .enumerate()
        .filter(|(i, _)| !taken.contains(&Some(*i)))
        .map(|(_, c)| c.as_str())
        .collect();
    let get = |i: Option<usize>| i.and_then(|i| cols.get(i)).cloned().unwrap_or_default();
    PasteCells {
        definition: None,
        port: get(port),
        protocol: get(protocol),
        direction: get(direction),
        name: name.join(" "),
    }
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase()
}

fn is_direction_word(word: &str) -> bool {
    matches!(
        bare(word).as_str(),
        "inbound" | "outbound" | "incoming" | "outgoing" | "bidirectional"
    )
}

fn classify_words(words: &[String]) -> PasteCells {
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    let mut used = vec![false; words.len()];
    let is_used = |used: &[bool], i: usize| used.get(i).copied().unwrap_or(true);
    let mark = |used: &mut Vec<bool>, i: usize| {
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
    };
    // The port: the first word that reads as a port or range.
    let port = words
        .iter()
        .position(|w| has_digit(w) && parse_port_cell(w).is_ok());
    if let Some(p) = port {
        mark(&mut used, p);
        // "Port 9514": the label before it is not part of the name.
        if let Some(prev) = p.checked_sub(1) {
            if matches!(bare(word(prev)).as_str(), "port" | "ports") {
                mark(&mut used, prev);
            }
        }
    }
    // The protocol: the first run of protocol words (`TCP`, `TCP,`, `UDP`, `TCP/UDP`).
    let mut protocol = Vec::new();
    if let Some(start) = (0..words.len()).find(|&i| !is_used(&used, i) && is_protocol(word(i))) {
        let mut i = start;
        while i < words.len() && !is_used(&used, i) {
            let w = word(i);
            let joiner = i > start && matches!(bare(w).as_str(), "and" | "or" | "");
            if is_protocol(w) || (joiner && is_protocol(word(i + 1))) {
                protocol.push(w.to_string());
                mark(&mut used, i);
                i += 1;
            } else {
                break;
            }
        }
        if let Some(prev) = start.checked_sub(1) {
            if !is_used(&used, prev) && bare(word(prev)) == "protocol" {
                mark(&mut used, prev);
            }
        }
    }
    // The direction: the first run of direction words, with `and` and `(TCP)` groups.
    let mut direction = Vec::new();
    if let Some(start) =
        (0..words.len()).find(|&i| !is_used(&used, i) && is_direction_word(word(i)))
    {
        let mut i = start;
        let mut in_group = false;
        while i < words.len() && !is_used(&used, i) {
            let w = word(i);
            let take = in_group
                || w.starts_with('(')
                || is_direction_word(w)
                || (bare(w) == "and" && is_direction_word(word(i + 1)));
            if !take {
                break;
            }
            if w.starts_with('(') {
                in_group = true;
            }
            if w.ends_with(')') {
                in_group = false;
            }
            direction.push(w.to_string());
            mark(&mut used, i);
            i += 1;
        }
    }
    let name: Vec<&str> = words
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(w, _)| w.as_str())
        .collect();
    PasteCells {
        definition: None,
        port: port.map(|p| word(p).to_string()).unwrap_or_default(),
        protocol: protocol.join(" "),
        direction: direction.join(" "),
        name: name.join(" "),
    }
}
