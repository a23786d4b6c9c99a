//! LGPO.exe text ("LGPO text"): the format `LGPO.exe /parse` prints, `/t` applies and
//! `/r … /w` compiles into a Registry.pol (reference §4.1).
//!
//! A record is four non-blank lines — configuration (`Computer`), registry key without the
//! hive, value name, action — and records are separated by blank lines; lines starting with
//! `;` are comments. Actions: `DWORD:<decimal>`, `QWORD:<decimal>`, `SZ:<text>`,
//! `EXSZ:<text>`, `MULTISZ:<item>\0<item>`, `BINARY:<hex>`, `DELETE` (compiles to
//! `**del.<value name>`), `DELETEALLVALUES` (value line `*`, compiles to `**delvals.`) and
//! `CREATEKEY` (value line `*`, a record that only creates the key).
//!
//! Decisions on UNCONFIRMED points (also stated in the header comment of every written file):
//! * value-name lines may contain `:` (firewall exception definitions are value names); the
//!   name occupies its own line, so the colon is believed harmless;
//! * `MULTISZ` items are separated by the two characters `\0` (backslash, zero); an item that
//!   itself contains `\0`, or data that is not a well-formed double-NUL-terminated list,
//!   cannot be written;
//! * `BINARY` data is written as lowercase hex digit pairs without separators (the reader also
//!   accepts spaces and commas between pairs); `QWORD` is written in decimal;
//! * `CREATEKEY` is taken from third-party parsers.
//!
//! Invariants:
//! * [`write()`] never drops or alters a value silently: anything LGPO text cannot carry exactly
//!   (a line break in a string or a name, a malformed string, an unsupported type) is an
//!   [`LgpoError`] naming the value; a delete marker whose data differs from GPMC's is written
//!   as `DELETE` with an informational diagnostic (only its name matters to Windows).
//! * `read(write(p)) == p` for every policy `write` accepts (delete markers in GPMC form).
//! * [`read()`] accepts CRLF or LF, comments, blank lines and any case of the type keywords;
//!   `User` (and MLGPO user-target) records cannot be part of a computer policy: they are
//!   skipped with a warning naming the line. Errors name the line.

use crate::model::diagnostic::quoted;
use crate::model::diagnostic::{Code, Diagnostic, Field};
use crate::model::policy::Policy;
use crate::registry::{self, HexError, Record, RegType, DELVALS};

/// LGPO text produced by [`write()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LgpoOutput {
    /// The file text (CRLF line endings).
    pub text: String,
    /// What could not be carried (interface exclusions), control codes written as plain
    /// values, delete markers whose data is not carried, and characters whose handling by
    /// LGPO.exe is unconfirmed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a policy cannot be written as LGPO text, or why LGPO text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LgpoError {
    /// A registry value that LGPO text cannot carry exactly.
    #[error("{key}!{value}: {reason}")]
    Unrepresentable {
        /// Key of the value.
        key: String,
        /// Value name (as stored, including any `**` control-code prefix).
        value: String,
        /// Why it cannot be written.
        reason: String,
    },
    /// A line that does not follow the LGPO text syntax.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line number.
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
}

impl LgpoError {
    /// The error as a [`Diagnostic`] (code `not-exportable` or `syntax`).
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            LgpoError::Unrepresentable { key, value, reason } => {
                Diagnostic::error(Code::NotExportable, format!("{}: {reason}", quoted(value)))
                    .with_field(Field::ValueName)
                    .with_path(key.clone())
            }
            LgpoError::Syntax { line, message } => {
                Diagnostic::error(Code::Syntax, message.clone()).with_line(*line)
            }
        }
    }
}

const CRLF: &str = "\r\n";

/// The comment block at the top of every written file.
pub const HEADER: &str = "\
; LGPO.exe text (\"LGPO text\") written by fwpolicy: Windows Firewall Group Policy, computer side.
;
; Apply to this computer's local Group Policy (from an elevated prompt):
;     LGPO.exe /t lgpo.txt
; Or compile it into a Registry.pol for the Machine folder of a domain GPO:
;     LGPO.exe /r lgpo.txt /w Registry.pol
; LGPO.exe adds and overwrites values; it does not remove policy values missing from this file.
;
; Format: one record per registry value: four lines (Computer, registry key without the hive,
; value name, action) and a blank line between records. Lines starting with ';' are comments.
; DELETE removes the named value (Registry.pol **del.); DELETEALLVALUES removes every value
; of the key (**delvals.).
;
; UNCONFIRMED (not yet verified with LGPO.exe; compare with LGPO.exe /parse of a Registry.pol
; written by GPMC before relying on them):
; * value-name lines containing ':' (every firewall exception definition is a value name);
; * MULTISZ items are separated by the two characters \\0;
; * BINARY data is written as hex digit pairs without separators, QWORD in decimal;
; * CREATEKEY (value line *) for a record that only creates a key.
";

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// The LGPO text for a policy: the header comment, then one record per registry value in
/// [`registry::to_records`] order.
pub fn write(policy: &Policy) -> Result<LgpoOutput, LgpoError> {
    let written = registry::to_records(policy);
    let mut diagnostics = written.diagnostics;
    let mut text = String::with_capacity(HEADER.len() + 160 * written.records.len());
    for line in HEADER.lines() {
        text.push_str(line);
        text.push_str(CRLF);
    }
    text.push_str(CRLF);
    let mut non_ascii = false;
    for r in &written.records {
        let (name, action) = record_lines(r, &mut diagnostics)?;
        check_line(r, &r.key, "key")?;
        check_line(r, &name, "value name")?;
        for (what, line) in [("key", r.key.as_str()), ("value name", name.as_str())] {
            if line.trim() != line {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::Whitespace,
                        format!(
                            "the {what} {} starts or ends with a space; whether LGPO.exe keeps it is unconfirmed",
                            quoted(line)
                        ),
                    )
                    .with_field(if what == "key" { Field::Key } else { Field::ValueName })
                    .with_path(r.key.clone()),
                );
            }
        }
        non_ascii |= !r.key.is_ascii() || !name.is_ascii() || !action.is_ascii();
        for line in [
            "Computer",
            r.key.as_str(),
            name.as_str(),
            action.as_str(),
            "",
        ] {
            text.push_str(line);
            text.push_str(CRLF);
        }
    }
    if non_ascii {
        diagnostics.push(Diagnostic::warning(
            Code::NonAscii,
            "the LGPO text contains non-ASCII characters and is saved as UTF-8; how LGPO.exe reads them is unconfirmed, so check the result with LGPO.exe /parse",
        ));
    }
    Ok(LgpoOutput { text, diagnostics })
}

fn unrepresentable(r: &Record, reason: impl Into<String>) -> LgpoError {
    LgpoError::Unrepresentable {
        key: r.key.clone(),
        value: r.value.clone(),
        reason: reason.into(),
    }
}

/// A key or value-name line must survive as one non-blank, non-comment line.
fn check_line(r: &Record, line: &str, what: &str) -> Result<(), LgpoError> {
    if line.contains(['\r', '\n']) {
        return Err(unrepresentable(
            r,
            format!("the {what} contains a line break, which LGPO text cannot carry"),
        ));
    }
    if line.trim().is_empty() {
        return Err(unrepresentable(
            r,
            format!(
                "the {what} is empty or blank; an LGPO text record needs a non-blank {what} line"
            ),
        ));
    }
    if line.trim_start().starts_with(';') {
        return Err(unrepresentable(
            r,
            format!("the {what} starts with ';', which LGPO text reads as a comment"),
        ));
    }
    Ok(())
}

fn text_data(r: &Record, type_name: &str) -> Result<String, LgpoError> {
    let text = r.as_string().ok_or_else(|| {
        unrepresentable(
            r,
            format!("the {type_name} data is not a NUL-terminated UTF-16 string, which LGPO text cannot carry"),
        )
    })?;
    if text.contains(['\r', '\n']) {
        return Err(unrepresentable(
            r,
            format!("the {type_name} data contains a line break, which LGPO text cannot carry"),
        ));
    }
    Ok(text)
}

/// The value-name line and the action line for a record.
fn record_lines(
    r: &Record,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(String, String), LgpoError> {
    let gpmc_marker = r.kind == RegType::SZ && r.data == registry::utf16z(" ");
    if r.value.eq_ignore_ascii_case(DELVALS) {
        if !gpmc_marker || r.value != DELVALS {
            diagnostics.push(data_not_carried(r, "DELETEALLVALUES", DELVALS));
        }
        return Ok(("*".to_string(), "DELETEALLVALUES".to_string()));
    }
    if let Some(name) = r.deleted_value() {
        let canonical = format!("{}{name}", registry::DEL_PREFIX);
        if !gpmc_marker || r.value != canonical {
            diagnostics.push(data_not_carried(r, "DELETE", &canonical));
        }
        return Ok((name.to_string(), "DELETE".to_string()));
    }
    if r.value.is_empty() && r.kind == RegType::NONE && r.data.is_empty() {
        return Ok(("*".to_string(), "CREATEKEY".to_string()));
    }
    if r.value.starts_with("**") {
        diagnostics.push(
            Diagnostic::warning(
                Code::NotExportable,
                format!(
                    "{} is a Registry.pol control code with no LGPO text action; it is written as a plain value of that name, and whether LGPO.exe passes it through is unconfirmed",
                    quoted(&r.value)
                ),
            )
            .with_field(Field::ValueName)
            .with_path(r.key.clone()),
        );
    }
    let action = match r.kind {
        RegType::DWORD => match r.as_dword() {
            Some(d) => format!("DWORD:{d}"),
            None => {
                return Err(unrepresentable(
                    r,
                    format!(
                        "REG_DWORD data is {} bytes instead of 4, which LGPO text cannot carry",
                        r.data.len()
                    ),
                ))
            }
        },
        RegType::QWORD => match <[u8; 8]>::try_from(r.data.as_slice()) {
            Ok(b) => format!("QWORD:{}", u64::from_le_bytes(b)),
            Err(_) => {
                return Err(unrepresentable(
                    r,
                    format!(
                        "REG_QWORD data is {} bytes instead of 8, which LGPO text cannot carry",
                        r.data.len()
                    ),
                ))
            }
        },
        RegType::SZ => format!("SZ:{}", text_data(r, "REG_SZ")?),
        RegType::EXPAND_SZ => format!("EXSZ:{}", text_data(r, "REG_EXPAND_SZ")?),
        RegType::MULTI_SZ => format!("MULTISZ:{}", multi_sz_text(r)?),
        RegType::BINARY => {
            let mut s = String::with_capacity(7 + 2 * r.data.len());
            s.push_str("BINARY:");
            for b in &r.data {
                s.push_str(&format!("{b:02x}"));
            }
            s
        }
        other => {
            return Err(unrepresentable(
                r,
                format!("{other} values cannot be written in LGPO text (it has DWORD, QWORD, SZ, EXSZ, MULTISZ and BINARY)"),
            ))
        }
    };
    Ok((r.value.clone(), action))
}

fn data_not_carried(r: &Record, action: &str, canonical: &str) -> Diagnostic {
    Diagnostic::info(
        Code::Canonicalized,
        format!(
            "{} ({} {}) is written as {action}, which compiles to {} with GPMC's data (REG_SZ \" \"); Windows ignores a delete marker's data",
            quoted(&r.value),
            r.kind,
            registry::hex(&r.data),
            quoted(canonical)
        ),
    )
    .with_field(Field::ValueName)
    .with_path(r.key.clone())
}

/// Encodes MULTISZ items: each item UTF-16LE + NUL, then one more NUL.
fn multi_sz_bytes(items: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for item in items {
        for unit in item.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out.extend_from_slice(&[0, 0]);
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// Splits MULTISZ text at `\0` (no items for empty text).
fn multi_sz_items(text: &str) -> Vec<&str> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split("\\0").collect()
    }
}

fn multi_sz_text(r: &Record) -> Result<String, LgpoError> {
    let bad = || {
        unrepresentable(
            r,
            "the REG_MULTI_SZ data cannot be written exactly as MULTISZ text (items separated by \\0, no line breaks, a well-formed double-NUL-terminated list)",
        )
    };
    if !r.data.len().is_multiple_of(2) {
        return Err(bad());
    }
    let units: Vec<u16> = r
        .data
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    let body = match units.split_last() {
        Some((0, body)) => body,
        _ => return Err(bad()),
    };
    let mut items = Vec::new();
    for chunk in body.split_inclusive(|u| *u == 0) {
        let Some((0, item)) = chunk.split_last() else {
            return Err(bad());
        };
        items.push(String::from_utf16(item).map_err(|_| bad())?);
    }
    if items
        .iter()
        .any(|i| i.contains("\\0") || i.contains(['\r', '\n']))
    {
        return Err(bad());
    }
    let text = items.join("\\0");
    // Only what reads back to the very same bytes may be written.
    if multi_sz_bytes(&multi_sz_items(&text)) != r.data {
        return Err(bad());
    }
    Ok(text)
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

const RECORD_LINES: [&str; 4] = [
    "the configuration line (Computer)",
    "the registry key",
    "the value name",
    "the action (for example DWORD:1, SZ:text or DELETE)",
];

fn syntax(line: usize, message: impl Into<String>) -> LgpoError {
    LgpoError::Syntax {
        line,
        message: message.into(),
    }
}

/// Reads LGPO text onto the model. Diagnostics about a value carry the line number of its
/// value-name line.
pub fn read(text: &str) -> Result<registry::Read, LgpoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut lines_of = Vec::new();
    let mut notes = Vec::new();
    let mut pending: Vec<(usize, &str)> = Vec::with_capacity(4);
    // A final line break ends the last line; it does not start an empty one.
    let body = text.strip_suffix('\n').unwrap_or(text);
    for (i, raw) in body.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if let Some((start, _)) = pending.first() {
                return Err(syntax(
                    n,
                    format!(
                        "blank line inside the record that starts at line {start}; expected {}",
                        RECORD_LINES.get(pending.len()).unwrap_or(&"")
                    ),
                ));
            }
            continue;
        }
        if line.trim_start().starts_with(';') {
            continue;
        }
        pending.push((n, line));
        if pending.len() == 4 {
            if let Some(record) = parse_record(&pending, &mut notes)? {
                lines_of.push(pending.get(2).map_or(n, |(line, _)| *line));
                records.push(record);
            }
            pending.clear();
        }
    }
    if let (Some((start, _)), Some((last, _))) = (pending.first(), pending.last()) {
        return Err(syntax(
            *last,
            format!(
                "the file ends inside the record that starts at line {start}; expected {}",
                RECORD_LINES.get(pending.len()).unwrap_or(&"")
            ),
        ));
    }
    let locate = |i: usize, d: Diagnostic| match lines_of.get(i) {
        Some(line) => d.with_line(*line),
        None => d,
    };
    let mut read = registry::from_records(records, &locate);
    notes.append(&mut read.diagnostics);
    read.diagnostics = notes;
    Ok(read)
}

/// Configuration lines that name a user-side target (LGPO `User`, MLGPO targets).
fn is_user_target(config: &str) -> bool {
    config.eq_ignore_ascii_case("user")
        || config.eq_ignore_ascii_case("administrators")
        || config.eq_ignore_ascii_case("nonadministrators")
        || config
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("s-1-"))
}

fn parse_record(
    lines: &[(usize, &str)],
    notes: &mut Vec<Diagnostic>,
) -> Result<Option<Record>, LgpoError> {
    let [(config_line, config), (_, key), (_, value), (action_line, action)] = lines else {
        return Ok(None);
    };
    let config = config.trim();
    let key = key.trim();
    if !config.eq_ignore_ascii_case("computer") {
        if is_user_target(config) {
            notes.push(
                Diagnostic::warning(
                    Code::SkippedRow,
                    format!(
                        "{config} record for {key}!{value} skipped: user settings cannot be part of a computer policy (Windows Firewall policies are computer-side)"
                    ),
                )
                .with_line(*config_line),
            );
            return Ok(None);
        }
        return Err(syntax(
            *config_line,
            format!(
                "expected the configuration line Computer (or User), found {}",
                quoted(config)
            ),
        ));
    }
    let record = |value: &str, kind: RegType, data: Vec<u8>| Record {
        key: key.to_string(),
        value: value.to_string(),
        kind,
        data,
    };
    let Some((kind, data)) = action.split_once(':') else {
        let word = action.trim();
        return match word.to_ascii_uppercase().as_str() {
            "DELETE" => Ok(Some(Record::delete(key, value))),
            "DELETEALLVALUES" => Ok(Some(Record::sz(key, DELVALS, " "))),
            "CREATEKEY" => Ok(Some(record("", RegType::NONE, Vec::new()))),
            "DELETEKEYS" | "SECUREKEY" | "CLEAR" => Err(syntax(
                *action_line,
                format!("the action {word} is not supported (its exact syntax is unconfirmed); use DELETE or DELETEALLVALUES"),
            )),
            _ => Err(syntax(
                *action_line,
                format!("expected an action such as DWORD:1, SZ:text, DELETE or DELETEALLVALUES, found {}", quoted(word)),
            )),
        };
    };
    let type_name = kind.trim().to_ascii_uppercase();
    let number = |max: u64| -> Result<u64, LgpoError> {
        let t = data.trim();
        let parsed = match t.get(..2) {
            Some(p) if p.eq_ignore_ascii_case("0x") => u64::from_str_radix(&t[2..], 16).ok(),
            _ => t.parse::<u64>().ok(),
        };
        match parsed {
            Some(n) if n <= max => Ok(n),
            Some(_) => Err(syntax(
                *action_line,
                format!("{type_name} value {t} is out of range 0–{max}"),
            )),
            None => Err(syntax(
                *action_line,
                format!(
                    "{type_name} value {} is not a decimal (or 0x hexadecimal) number",
                    quoted(t)
                ),
            )),
        }
    };
    let rec = match type_name.as_str() {
        "DWORD" => {
            let n = number(u64::from(u32::MAX))?;
            record(
                value,
                RegType::DWORD,
                u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes().to_vec(),
            )
        }
        "QWORD" => {
            let n = number(u64::MAX)?;
            record(value, RegType::QWORD, n.to_le_bytes().to_vec())
        }
        "SZ" => record(value, RegType::SZ, registry::utf16z(data)),
        "EXSZ" => record(value, RegType::EXPAND_SZ, registry::utf16z(data)),
        "MULTISZ" => record(
            value,
            RegType::MULTI_SZ,
            multi_sz_bytes(&multi_sz_items(data)),
        ),
        "BINARY" => record(value, RegType::BINARY, parse_hex(data, *action_line)?),
        _ => {
            return Err(syntax(
                *action_line,
                format!(
                    "unknown value type {}; expected DWORD, QWORD, SZ, EXSZ, MULTISZ or BINARY",
                    quoted(kind.trim())
                ),
            ))
        }
    };
    Ok(Some(rec))
}

fn parse_hex(text: &str, line: usize) -> Result<Vec<u8>, LgpoError> {
    registry::parse_hex(text).map_err(|e| match e {
        HexError::OddDigits => syntax(
            line,
            "BINARY data has an odd number of hex digits; write two digits per byte",
        ),
        HexError::NotHex(pair) => syntax(
            line,
            format!("BINARY data {} is not hexadecimal", quoted(&pair)),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_sz_round_trips_exactly() {
        let r = Record {
            key: "K".into(),
            value: "M".into(),
            kind: RegType::MULTI_SZ,
            data: multi_sz_bytes(&["a", "b c"]),
        };
        assert_eq!(multi_sz_text(&r).as_deref(), Ok("a\\0b c"));
        let empty = Record {
            data: vec![0, 0],
            ..r.clone()
        };
        assert_eq!(multi_sz_text(&empty).as_deref(), Ok(""));
        // One empty item (four NUL bytes) would read back as no items: refused.
        let one_empty = Record {
            data: vec![0, 0, 0, 0],
            ..r.clone()
        };
        assert!(multi_sz_text(&one_empty).is_err());
        let unterminated = Record {
            data: vec![0x61, 0],
            ..r
        };
        assert!(multi_sz_text(&unterminated).is_err());
    }

    #[test]
    fn hex_accepts_separators() {
        assert_eq!(parse_hex("0a,FF 10", 1), Ok(vec![0x0a, 0xff, 0x10]));
        assert!(parse_hex("abc", 1).is_err());
        assert!(parse_hex("zz", 1).is_err());
    }
}
