//! Port tables copied from vendor documentation ([`port_table`]): rows, columns and cells.

use crate::model::diagnostic::quoted;
use std::collections::HashMap;
use std::fmt;

use crate::model::diagnostic::{Code, Diagnostic, Field, Severity};
use crate::model::exception::{Origin, Port, PortException, Status, Transport};
use crate::model::scope::Scope;

use super::html::*;

/// Default for [`TableOptions::max_range`].
pub const DEFAULT_MAX_RANGE: u16 = 16;
/// Default for [`TableOptions::max_description_len`].
pub const DEFAULT_MAX_DESCRIPTION_LEN: usize = 64;

/// How table rows become port exceptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOptions {
    /// Scope of every imported exception (default `localsubnet`).
    pub scope: Scope,
    /// Status of every imported exception (default enabled).
    pub status: Status,
    /// Put in front of every derived name, e.g. `IBM Systems Director - ` (sanitized like the
    /// descriptions).
    pub name_prefix: String,
    /// The most ports one range row may expand to; larger ranges are refused with a reason
    /// (they are usually dynamic ranges that one-port-per-exception policies cannot express).
    pub max_range: u16,
    /// The longest description kept in a name (cut at a word boundary, `...` appended).
    pub max_description_len: usize,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            scope: Scope::local_subnet(),
            status: Status::Enabled,
            name_prefix: String::new(),
            max_range: DEFAULT_MAX_RANGE,
            max_description_len: DEFAULT_MAX_DESCRIPTION_LEN,
        }
    }
}

/// Why a table row opened nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The row has no port number: a note, a heading, a continued cell or text around the
    /// table.
    Note,
    /// No column of the table could be read as ports.
    NoPortColumn,
    /// The table says the port must not be reachable through the firewall.
    NotFirewallAccessible,
    /// A random or dynamic port (e.g. "Random port in the 1024-65535 range"): nothing fixed to
    /// open.
    NotAFixedPort,
    /// The port cell could not be read; the reason from the port parser.
    BadPort(String),
    /// The protocol and/or the direction cell is empty.
    Missing {
        /// No protocol given.
        protocol: bool,
        /// No direction given.
        direction: bool,
    },
    /// The direction cell names no direction.
    BadDirection(String),
    /// Outbound only: not an inbound exception. Carries an unreadable protocol, if any (the
    /// seed's `UDB` typo).
    OutboundOnly {
        /// The protocol text, when it was not TCP or UDP either.
        unknown_protocol: Option<String>,
    },
    /// The protocol is not TCP or UDP.
    BadProtocol(String),
    /// A range with more ports than [`TableOptions::max_range`].
    RangeTooLarge {
        /// First port.
        first: u16,
        /// Last port.
        last: u16,
        /// The limit in force.
        max: u16,
    },
    /// The exception built from the row would not be valid (e.g. the scope makes the
    /// definition too long); the validator's reason.
    Invalid(String),
}

impl SkipReason {
    /// How serious it is: deliberate skips (outbound, notes, must-not-open, random ports) are
    /// informational; rows that look like data but could not be used are warnings.
    pub fn severity(&self) -> Severity {
        match self {
            SkipReason::Note
            | SkipReason::NotFirewallAccessible
            | SkipReason::NotAFixedPort
            | SkipReason::OutboundOnly { .. } => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Note => f.write_str("no port number in this row (a note, heading or continued cell)"),
            SkipReason::NoPortColumn => f.write_str("no column of the table holds port numbers"),
            SkipReason::NotFirewallAccessible => f.write_str("the table says these ports must not be firewall accessible; not opened"),
            SkipReason::NotAFixedPort => f.write_str("a random or dynamic port is not a fixed port that a port exception can open"),
            SkipReason::BadPort(reason) => write!(f, "{reason}"),
            SkipReason::Missing { protocol, direction } => match (protocol, direction) {
                (true, true) => f.write_str("no protocol and no direction given; check the vendor documentation and add it by hand if it must be open"),
                (true, false) => f.write_str("no protocol (TCP or UDP) given; check the vendor documentation and add it by hand if it must be open"),
                _ => f.write_str("no direction given; check the vendor documentation and add it by hand if it must be open inbound"),
            },
            SkipReason::BadDirection(text) => write!(f, "direction {} is neither inbound nor outbound", quoted(text)),
            SkipReason::OutboundOnly { unknown_protocol: None } => f.write_str("outbound only; Windows Firewall on XP SP2 / Server 2003 does not filter outbound traffic, so there is nothing to open"),
            SkipReason::OutboundOnly { unknown_protocol: Some(p) } => write!(f, "outbound only; Windows Firewall on XP SP2 / Server 2003 does not filter outbound traffic, so there is nothing to open (its protocol {} is not TCP or UDP either)", quoted(p)),
            SkipReason::BadProtocol(text) => write!(f, "protocol {} is not TCP or UDP", quoted(text)),
            SkipReason::RangeTooLarge { first, last, max } => write!(
                f,
                "range {first}-{last} is {} ports, more than the {max} a range may open; add the ports you need one by one",
                u32::from(*last) - u32::from(*first) + 1
            ),
            SkipReason::Invalid(reason) => write!(f, "the exception would not be valid: {reason}"),
        }
    }
}

/// A table row that opened nothing, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// 1-based line where the row starts.
    pub line: usize,
    /// The row as pasted (without its line break).
    pub text: String,
    /// Why it opened nothing.
    pub reason: SkipReason,
}

impl SkippedRow {
    /// The first cell of the row with HTML stripped (usually the port text), for display.
    pub fn first_cell(&self) -> String {
        let first = self.text.split(['\t', ',']).next().unwrap_or_default();
        clean_cell(first)
    }
}

/// What [`port_table`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableImport {
    /// Inbound port exceptions, with the line of the row they come from, in table order (one
    /// per port and transport).
    pub ports: Vec<(usize, PortException)>,
    /// Rows that opened nothing, with the reason.
    pub skipped: Vec<SkippedRow>,
    /// Notes on the columns found, duplicates, quoting problems, plus one diagnostic per
    /// skipped row (code `skipped-row`), each with its line number.
    pub diagnostics: Vec<Diagnostic>,
}

/// Imports a pasted port table (see the module documentation for how rows are read).
pub fn port_table(text: &str, options: &TableOptions) -> TableImport {
    let mut out = TableImport::default();
    if let Scope::List(items) = &options.scope {
        if items.is_empty() {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::ScopeEmpty,
                    "the scope for imported exceptions is empty; use * or localsubnet",
                )
                .with_field(Field::Scope),
            );
            return out;
        }
    }
    let delimiter = detect_delimiter(text);
    let rows = split_rows(text, delimiter, &mut out.diagnostics);
    let mut columns = detect_by_content(&rows);
    let mut said_no_direction = false;
    // The line each port and transport was first imported from: linear (issue 11).
    let mut first_line: HashMap<(u16, Transport), usize> = HashMap::new();
    if let Some(c) = columns {
        if !rows.iter().any(|r| header_columns(&r.cells).is_some()) {
            out.diagnostics.push(
                Diagnostic::info(
                    Code::BadColumn,
                    format!("no header row; columns guessed from the content: {c}"),
                )
                .with_field(Field::Column),
            );
        }
    }
    for row in &rows {
        let cleaned: Vec<String> = row.cells.iter().map(|c| clean_cell(c)).collect();
        if cleaned.iter().all(|c| c.is_empty()) {
            continue;
        }
        if let Some(h) = header_columns(&row.cells) {
            // A header row (possibly repeated, possibly with another layout) sets the columns.
            columns = Some(h);
            continue;
        }
        let Some(cols) = columns else {
            skip(&mut out, row, SkipReason::NoPortColumn);
            continue;
        };
        if cols.direction.is_none() && !said_no_direction {
            said_no_direction = true;
            out.diagnostics.push(
                Diagnostic::info(
                    Code::BadColumn,
                    "the table has no direction column; every row is taken as inbound",
                )
                .with_field(Field::Column)
                .with_line(row.line),
            );
        }
        match read_row(row, &cleaned, cols, options) {
            Ok(exceptions) => {
                for e in exceptions {
                    if let Some(first) = first_line.get(&(e.port.get(), e.transport)) {
                        out.diagnostics.push(
                            Diagnostic::warning(
                                Code::Duplicate,
                                format!(
                                    "port {}/{} is already imported from line {first}; not added twice",
                                    e.port, e.transport
                                ),
                            )
                            .with_field(Field::Port)
                            .with_line(row.line),
                        );
                        continue;
                    }
                    first_line.insert((e.port.get(), e.transport), row.line);
                    out.ports.push((row.line, e));
                }
            }
            Err(reason) => skip(&mut out, row, reason),
        }
    }
    out
}

pub(super) fn skip(out: &mut TableImport, row: &Row, reason: SkipReason) {
    out.diagnostics.push(
        Diagnostic::new(reason.severity(), Code::SkippedRow, reason.to_string())
            .with_field(Field::Line)
            .with_line(row.line),
    );
    out.skipped.push(SkippedRow {
        line: row.line,
        text: row.text.clone(),
        reason,
    });
}

/// One parsed record of the table.
pub(super) struct Row {
    pub(super) line: usize,
    pub(super) text: String,
    pub(super) cells: Vec<String>,
}

pub(super) fn detect_delimiter(text: &str) -> char {
    if text.contains('\t') {
        return '\t';
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let commas = first.matches(',').count();
    let semicolons = first.matches(';').count();
    if semicolons > commas {
        ';'
    } else {
        ','
    }
}

/// Splits the text into records: fields separated by `delimiter`; a field starting with `"` is
/// quoted (`""` is a quote, delimiters and line breaks inside are kept). A quote that never
/// closes makes its line plain text (with a warning) instead of swallowing the rest.
pub(super) fn split_rows(text: &str, delimiter: char, diags: &mut Vec<Diagnostic>) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut pos = 0usize;
    let mut line = 1usize;
    while pos < text.len() {
        let record = match parse_record(text, pos, delimiter, true) {
            Some(r) => r,
            None => {
                diags.push(
                    Diagnostic::warning(
                        Code::Syntax,
                        "a quote in this row is never closed; the row is read as plain text",
                    )
                    .with_field(Field::Line)
                    .with_line(line),
                );
                // Without quoting the record always ends at the line break.
                parse_record(text, pos, delimiter, false).unwrap_or(Record {
                    cells: Vec::new(),
                    text_end: text.len(),
                    next: text.len(),
                    breaks: 0,
                })
            }
        };
        rows.push(Row {
            line,
            text: text[pos..record.text_end].to_string(),
            cells: record.cells,
        });
        line += record.breaks;
        pos = record.next;
    }
    rows
}

pub(super) struct Record {
    cells: Vec<String>,
    /// End of the record's text (before its line break).
    text_end: usize,
    /// Start of the next record.
    next: usize,
    /// Line breaks consumed (inside quotes and the terminating one).
    breaks: usize,
}

/// Parses one record starting at `start`; `None` when a quoted field is not closed.
pub(super) fn parse_record(
    text: &str,
    start: usize,
    delimiter: char,
    quotes: bool,
) -> Option<Record> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut at_cell_start = true;
    let mut breaks = 0usize;
    let mut iter = text[start..].char_indices().peekable();
    while let Some((offset, c)) = iter.next() {
        let here = start + offset;
        if quotes && at_cell_start && c == '"' {
            at_cell_start = false;
            let mut closed = false;
            while let Some((_, q)) = iter.next() {
                if q == '"' {
                    if matches!(iter.peek(), Some((_, '"'))) {
                        iter.next();
                        cell.push('"');
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    if q == '\n' {
                        breaks += 1;
                    }
                    cell.push(q);
                }
            }
            if !closed {
                return None;
            }
            continue;
        }
        match c {
            '\n' | '\r' => {
                let mut next = here + 1;
                if c == '\r' && matches!(iter.peek(), Some((_, '\n'))) {
                    next += 1;
                }
                cells.push(cell);
                return Some(Record {
                    cells,
                    text_end: here,
                    next,
                    breaks: breaks + 1,
                });
            }
            c if c == delimiter => {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            c => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    cells.push(cell);
    Some(Record {
        cells,
        text_end: text.len(),
        next: text.len(),
        breaks,
    })
}

/// Which cell holds what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Columns {
    pub(super) port: usize,
    pub(super) protocol: Option<usize>,
    pub(super) direction: Option<usize>,
    pub(super) description: Option<usize>,
}

impl fmt::Display for Columns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "port = column {}", self.port + 1)?;
        for (label, col) in [
            ("protocol", self.protocol),
            ("direction", self.direction),
            ("description", self.description),
        ] {
            match col {
                Some(c) => write!(f, ", {label} = column {}", c + 1)?,
                None => write!(f, ", no {label} column")?,
            }
        }
        Ok(())
    }
}

pub(super) const PORT_HEADERS: &[&str] = &[
    "port",
    "ports",
    "port number",
    "port numbers",
    "port no",
    "port no.",
    "port #",
    "local port",
    "destination port",
    "listening port",
    "port range",
    "tcp/udp port",
];
pub(super) const PROTOCOL_HEADERS: &[&str] = &[
    "protocol",
    "protocols",
    "transport",
    "transport protocol",
    "ip protocol",
    "proto",
    "tcp/udp",
];
pub(super) const DIRECTION_HEADERS: &[&str] = &[
    "direction",
    "directions",
    "traffic direction",
    "connection direction",
    "dir",
    "in/out",
    "inbound/outbound",
];
pub(super) const DESCRIPTION_HEADERS: &[&str] = &[
    "description",
    "communication description",
    "purpose",
    "service",
    "services",
    "usage",
    "use",
    "used for",
    "used by",
    "comment",
    "comments",
    "note",
    "notes",
    "name",
    "application",
    "function",
    "details",
    "feature",
    "component",
    "dns name",
];

pub(super) fn header_key(cell: &str) -> String {
    clean_cell(cell)
        .to_ascii_lowercase()
        .replace("(s)", "")
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_string()
}

/// The columns named by a header row, if this row is one (a port column plus at least one
/// other known header, and no cell that reads as a port).
pub(super) fn header_columns(cells: &[String]) -> Option<Columns> {
    let keys: Vec<String> = cells.iter().map(|c| header_key(c)).collect();
    let find = |names: &[&str]| keys.iter().position(|k| names.contains(&k.as_str()));
    let port = find(PORT_HEADERS)?;
    if cells
        .iter()
        .any(|c| parse_port_cell(&clean_cell(c)).is_ok())
    {
        return None;
    }
    let protocol = find(PROTOCOL_HEADERS);
    let direction = find(DIRECTION_HEADERS);
    let described = find(DESCRIPTION_HEADERS);
    if protocol.is_none() && direction.is_none() && described.is_none() {
        return None;
    }
    let taken = [Some(port), protocol, direction];
    let description = described.or_else(|| {
        keys.iter()
            .enumerate()
            .find(|(i, k)| !taken.contains(&Some(*i)) && !k.is_empty())
            .map(|(i, _)| i)
    });
    Some(Columns {
        port,
        protocol,
        direction,
        description,
    })
}

/// Columns [`detect_by_content`] looks at.
const MAX_GUESSED_COLUMNS: usize = 32;

/// Guesses the columns from the content of rows that are not headers.
pub(super) fn detect_by_content(rows: &[Row]) -> Option<Columns> {
    let data: Vec<Vec<String>> = rows
        .iter()
        .filter(|r| header_columns(&r.cells).is_none())
        .map(|r| r.cells.iter().map(|c| clean_cell(c)).collect::<Vec<_>>())
        .filter(|cells: &Vec<String>| cells.iter().any(|c| !c.is_empty()))
        .collect();
    // Only the first columns are scored: a port table is a handful of columns wide, and a
    // row of a million cells must not cost a million passes over the table (issue 11).
    let width = data
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .min(MAX_GUESSED_COLUMNS);
    let score = |col: usize, test: &dyn Fn(&str) -> bool| -> f64 {
        let (mut filled, mut hits) = (0usize, 0usize);
        for cells in &data {
            if let Some(c) = cells.get(col).filter(|c| !c.is_empty()) {
                filled += 1;
                if test(c) {
                    hits += 1;
                }
            }
        }
        if filled == 0 {
            0.0
        } else {
            hits as f64 / filled as f64
        }
    };
    let best = |test: &dyn Fn(&str) -> bool, taken: &[usize]| -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for col in (0..width).filter(|c| !taken.contains(c)) {
            let s = score(col, test);
            if s > 0.5 && best.is_none_or(|(_, b)| s > b) {
                best = Some((col, s));
            }
        }
        best.map(|(c, _)| c)
    };
    let port = best(&|c| parse_port_cell(c).is_ok(), &[])?;
    let protocol = best(
        &|c| matches!(parse_protocols(c), Ok(t) if !t.is_empty()),
        &[port],
    );
    let mut taken = vec![port];
    taken.extend(protocol);
    let direction = best(&|c| parse_direction(c).is_ok(), &taken);
    taken.extend(direction);
    let description = (0..width)
        .filter(|c| !taken.contains(c))
        .map(|c| {
            let total: usize = data
                .iter()
                .map(|cells| cells.get(c).map_or(0, String::len))
                .sum();
            (c, total)
        })
        .filter(|(_, total)| *total > 0)
        .max_by_key(|(c, total)| (*total, std::cmp::Reverse(*c)))
        .map(|(c, _)| c);
    Some(Columns {
        port,
        protocol,
        direction,
        description,
    })
}

pub(super) fn is_blank(cell: &str) -> bool {
    let t = cell.trim();
    t.is_empty() || t == "-" || t == "–" || t.eq_ignore_ascii_case("n/a")
}

pub(super) fn read_row(
    row: &Row,
    cleaned: &[String],
    cols: Columns,
    options: &TableOptions,
) -> Result<Vec<PortException>, SkipReason> {
    let cell = |i: Option<usize>| -> &str {
        i.and_then(|i| cleaned.get(i))
            .map(String::as_str)
            .unwrap_or("")
    };
    let port_text = cell(Some(cols.port));
    if !port_text.chars().any(|c| c.is_ascii_digit()) {
        return Err(SkipReason::Note);
    }
    let whole = cleaned.join(" ").to_ascii_lowercase();
    if whole.contains("not firewall accessible")
        || whole.contains("not be firewall accessible")
        || whole.contains("must not be opened")
        || whole.contains("must not be open ")
    {
        return Err(SkipReason::NotFirewallAccessible);
    }
    let spec = parse_port_cell(port_text).map_err(|e| match e {
        PortCellError::NotFixed => SkipReason::NotAFixedPort,
        PortCellError::Bad(reason) => SkipReason::BadPort(reason),
    })?;
    let protocol_text = cell(cols.protocol);
    let direction_text = cell(cols.direction);
    let missing_protocol = is_blank(protocol_text) && spec.transports.is_empty();
    let missing_direction = cols.direction.is_some() && is_blank(direction_text);
    if missing_protocol || missing_direction {
        return Err(SkipReason::Missing {
            protocol: missing_protocol,
            direction: missing_direction,
        });
    }
    let protocols = if is_blank(protocol_text) {
        Ok(spec.transports.clone())
    } else {
        parse_protocols(protocol_text)
    };
    let direction = if cols.direction.is_some() {
        parse_direction(direction_text)
            .map_err(|_| SkipReason::BadDirection(direction_text.to_string()))?
    } else {
        DirectionSpec {
            inbound_all: true,
            inbound_only: Vec::new(),
        }
    };
    if !direction.inbound_all && direction.inbound_only.is_empty() {
        return Err(SkipReason::OutboundOnly {
            unknown_protocol: protocols.err(),
        });
    }
    let protocols = protocols.map_err(SkipReason::BadProtocol)?;
    let inbound: Vec<Transport> = [Transport::Tcp, Transport::Udp]
        .into_iter()
        .filter(|t| {
            if direction.inbound_all {
                protocols.contains(t)
            } else {
                direction.inbound_only.contains(t)
            }
        })
        .collect();
    if inbound.is_empty() {
        return Err(SkipReason::Missing {
            protocol: true,
            direction: false,
        });
    }
    for (first, last) in &spec.ranges {
        let count = u32::from(*last) - u32::from(*first) + 1;
        if count > u32::from(options.max_range) && first != last {
            return Err(SkipReason::RangeTooLarge {
                first: *first,
                last: *last,
                max: options.max_range,
            });
        }
    }
    // Names are built from the raw cell so that HTML list items stay separated.
    let description = cols
        .description
        .and_then(|i| row.cells.get(i))
        .map(|raw| name_text(raw))
        .unwrap_or_default();
    let mut out = Vec::new();
    for (first, last) in &spec.ranges {
        for n in *first..=*last {
            let Some(port) = Port::new(n) else { continue };
            for transport in &inbound {
                let e = PortException {
                    port,
                    transport: *transport,
                    scope: options.scope.clone(),
                    status: options.status,
                    name: String::new(),
                };
                let name = exception_name(&e, &options.name_prefix, &description, options);
                let e = PortException { name, ..e };
                if let Some(d) = e.validate(Origin::Typed).into_iter().find(|d| d.is_error()) {
                    return Err(SkipReason::Invalid(d.message));
                }
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// Inbound transports of a direction cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DirectionSpec {
    /// Inbound for every transport of the row.
    inbound_all: bool,
    /// Inbound only for these transports (`Inbound (TCP)`).
    inbound_only: Vec<Transport>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    In,
    Out,
    Both,
}

pub(super) fn direction_word(word: &str) -> Option<Dir> {
    match word {
        "inbound" | "incoming" | "in" | "ingress" | "input" | "listen" | "listening" => {
            Some(Dir::In)
        }
        "outbound" | "outgoing" | "out" | "egress" | "output" => Some(Dir::Out),
        "both" | "bidirectional" => Some(Dir::Both),
        _ => None,
    }
}

/// Reads `Inbound`, `Inbound, Outbound`, `Outbound and Inbound`, `Outbound (TCP,UDP) Inbound
/// (TCP)`, ... `Err` when no direction word is present.
pub(super) fn parse_direction(text: &str) -> Result<DirectionSpec, String> {
    let lower = text.to_ascii_lowercase();
    let mut tokens: Vec<(bool, String)> = Vec::new(); // (is_group, text)
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '(' {
            let mut group = String::new();
            for g in chars.by_ref() {
                if g == ')' {
                    break;
                }
                group.push(g);
            }
            tokens.push((true, group));
        } else if c.is_ascii_alphabetic() {
            let mut word = String::from(c);
            while let Some(&n) = chars.peek() {
                if n.is_ascii_alphabetic() {
                    word.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push((false, word));
        }
    }
    let mut spec = DirectionSpec {
        inbound_all: false,
        inbound_only: Vec::new(),
    };
    let mut any = false;
    for (i, (is_group, word)) in tokens.iter().enumerate() {
        if *is_group {
            continue;
        }
        let Some(dir) = direction_word(word) else {
            continue;
        };
        any = true;
        if dir == Dir::Out {
            continue;
        }
        let qualifier = match tokens.get(i + 1) {
            Some((true, group)) => parse_protocols(group).ok().filter(|t| !t.is_empty()),
            _ => None,
        };
        match qualifier {
            Some(ts) => {
                for t in ts {
                    if !spec.inbound_only.contains(&t) {
                        spec.inbound_only.push(t);
                    }
                }
            }
            None => spec.inbound_all = true,
        }
    }
    if any {
        Ok(spec)
    } else {
        Err(text.to_string())
    }
}

/// Reads `TCP`, `UDP`, `TCP,UDP`, `TCP, UDP`, `TCP/UDP`, `both`, `all`. `Err` with the cell
/// text when a token is not a transport (e.g. `UDB`, `http`).
pub(super) fn parse_protocols(text: &str) -> Result<Vec<Transport>, String> {
    let mut out = Vec::new();
    let add = |t: Transport, out: &mut Vec<Transport>| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    for token in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        match token.to_ascii_lowercase().as_str() {
            "tcp" => add(Transport::Tcp, &mut out),
            "udp" => add(Transport::Udp, &mut out),
            "both" | "all" => {
                add(Transport::Tcp, &mut out);
                add(Transport::Udp, &mut out);
            }
            "and" | "or" => {}
            _ => return Err(text.trim().to_string()),
        }
    }
    Ok(out)
}

/// A port cell: ports and ranges, plus transports written in the cell (`80/tcp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PortCell {
    pub(super) ranges: Vec<(u16, u16)>,
    pub(super) transports: Vec<Transport>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PortCellError {
    NotFixed,
    Bad(String),
}

pub(super) fn parse_port_cell(text: &str) -> Result<PortCell, PortCellError> {
    #[derive(PartialEq)]
    enum Tok {
        Num(String),
        Dash,
        Sep,
    }
    let normalized: String = text
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        })
        .collect();
    let mut toks = Vec::new();
    let mut words = Vec::new();
    let mut transports = Vec::new();
    let mut chars = normalized.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = String::from(c);
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() {
                    n.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            toks.push(Tok::Num(n));
        } else if c.is_alphabetic() {
            let mut w = String::from(c);
            while let Some(&d) = chars.peek() {
                if d.is_alphanumeric() {
                    w.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            let lower = w.to_lowercase();
            match lower.as_str() {
                "tcp" => transports.push(Transport::Tcp),
                "udp" => transports.push(Transport::Udp),
                "to" | "through" | "thru" => toks.push(Tok::Dash),
                "and" => toks.push(Tok::Sep),
                _ => words.push(lower),
            }
        } else if c == '-' {
            toks.push(Tok::Dash);
        } else {
            toks.push(Tok::Sep);
        }
    }
    if !words.is_empty() {
        const NOT_FIXED: &[&str] = &[
            "random",
            "dynamic",
            "ephemeral",
            "any",
            "range",
            "high",
            "various",
            "varies",
        ];
        if words.iter().any(|w| NOT_FIXED.contains(&w.as_str())) {
            return Err(PortCellError::NotFixed);
        }
        return Err(PortCellError::Bad(format!(
            "{} is not a port number",
            quoted(text.trim())
        )));
    }
    let port = |n: &str| -> Result<u16, PortCellError> {
        Port::parse(n)
            .map(Port::get)
            .map_err(|d| PortCellError::Bad(d.message))
    };
    let toks: Vec<Tok> = toks.into_iter().filter(|t| *t != Tok::Sep).collect();
    let mut ranges = Vec::new();
    let mut i = 0;
    while let Some(tok) = toks.get(i) {
        match (tok, toks.get(i + 1), toks.get(i + 2)) {
            (Tok::Num(a), Some(Tok::Dash), Some(Tok::Num(b))) => {
                let (a, b) = (port(a)?, port(b)?);
                if a > b {
                    return Err(PortCellError::Bad(format!("range {a}-{b} runs backwards")));
                }
                ranges.push((a, b));
                i += 3;
            }
            (Tok::Num(a), _, _) => {
                let a = port(a)?;
                ranges.push((a, a));
                i += 1;
            }
            _ => {
                return Err(PortCellError::Bad(format!(
                    "{} is not a port number or range",
                    quoted(text.trim())
                )))
            }
        }
    }
    if ranges.is_empty() {
        return Err(PortCellError::Bad(format!(
            "{} is not a port number",
            quoted(text.trim())
        )));
    }
    Ok(PortCell { ranges, transports })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exception::*;

    #[test]
    fn html_is_stripped_and_items_separated() {
        assert_eq!(
            strip_html(
                "<ul style=\"x\"> <li>CAS Events</li> <li>Communication with VMWARE</li> </ul>",
                " / "
            ),
            "CAS Events / Communication with VMWARE"
        );
        assert_eq!(
            strip_html("a &amp; b &#8226; &lt;c&gt;", " "),
            "a & b • <c>"
        );
        assert_eq!(
            strip_html("Caf&eacute; &hellip; &euro;<br>&#x41;&#66;", " / "),
            "Café … € / AB"
        );
        assert_eq!(strip_html("é<b>x</b>", " "), "é x");
        assert_eq!(strip_html("1 < 2 and x<>y", " "), "1 < 2 and x<>y");
    }

    #[test]
    fn name_text_replaces_unsafe_characters() {
        assert_eq!(
            name_text("Telnet communication with: Advanced module; \"quoted\" a:b"),
            "Telnet communication with Advanced module, 'quoted' a-b"
        );
        assert_eq!(
            name_text(
                "Smcli command-line interface  <b>NOTE:</b> This port number can be changed."
            ),
            "Smcli command-line interface"
        );
        assert_eq!(
            name_text("<ul> <li>• (Windows and Red Hat Enterprise Linux) CIM Server secure port</li> <li>• HMC/IVM CIMOM</li> </ul>"),
            "(Windows and Red Hat Enterprise Linux) CIM Server secure port / HMC/IVM CIMOM"
        );
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(
            shorten(
                "SLP communication with Advanced management module, management",
                40
            ),
            "SLP communication with Advanced..."
        );
    }

    #[test]
    fn port_cells() {
        assert_eq!(
            parse_port_cell("9511-9513").map(|p| p.ranges),
            Ok(vec![(9511, 9513)])
        );
        assert_eq!(
            parse_port_cell("80, 443").map(|p| p.ranges),
            Ok(vec![(80, 80), (443, 443)])
        );
        assert_eq!(
            parse_port_cell("53/udp"),
            Ok(PortCell {
                ranges: vec![(53, 53)],
                transports: vec![Transport::Udp]
            })
        );
        assert_eq!(
            parse_port_cell("Random port in the 1024-65535 range"),
            Err(PortCellError::NotFixed)
        );
        assert!(
            matches!(parse_port_cell("70000"), Err(PortCellError::Bad(m)) if m.contains("out of range"))
        );
        assert!(matches!(
            parse_port_cell("Update manager"),
            Err(PortCellError::Bad(_))
        ));
    }

    #[test]
    fn directions() {
        let inbound = |t: &str| parse_direction(t).map(|d| (d.inbound_all, d.inbound_only));
        assert_eq!(inbound("Inbound"), Ok((true, vec![])));
        assert_eq!(inbound("Inbound, Outbound"), Ok((true, vec![])));
        assert_eq!(inbound("Outbound and Inbound"), Ok((true, vec![])));
        assert_eq!(inbound("Outbound"), Ok((false, vec![])));
        assert_eq!(
            inbound("Outbound (TCP,UDP) Inbound (TCP)"),
            Ok((false, vec![Transport::Tcp]))
        );
        assert!(inbound("sometimes").is_err());
    }

    #[test]
    fn protocols() {
        assert_eq!(
            parse_protocols("TCP, UDP"),
            Ok(vec![Transport::Tcp, Transport::Udp])
        );
        assert_eq!(
            parse_protocols("TCP,UDP"),
            Ok(vec![Transport::Tcp, Transport::Udp])
        );
        assert_eq!(parse_protocols("UDB"), Err("UDB".to_string()));
    }

    #[test]
    fn quoted_csv_fields() {
        let mut d = Vec::new();
        let rows = split_rows("a,\"b,\"\"c\"\"\nd\",e\r\nf", ',', &mut d);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells, vec!["a", "b,\"c\"\nd", "e"]);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].cells, vec!["f"]);
        assert!(d.is_empty());
        let rows = split_rows("\"open,1\n2,3", ',', &mut d);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells, vec!["\"open", "1"]);
        assert_eq!(d.len(), 1);
    }
}
