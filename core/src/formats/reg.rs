//! `.reg` files (regedit import format, version 5.00; reference §4.2).
//!
//! [`write()`] turns the policy's registry values into a `.reg` text: the header
//! `Windows Registry Editor Version 5.00`, a comment block warning that these are Group Policy
//! keys, then one `[HKEY_LOCAL_MACHINE\<key>]` block per key (in order of first appearance,
//! keys grouped by their exact spelling; values keep their order within a key). A policy read
//! from a file (with a [`crate::registry::Source`]) keeps its records' order instead: one block
//! per run of records with the same key. [`encode_utf16le`]
//! gives the bytes regedit itself writes: a UTF-16LE byte-order mark, UTF-16LE text, CRLF.
//!
//! Value lines: `"name"=dword:00000001`; REG_SZ as `"text"` with `\` and `"` escaped (as
//! regedit exports them), or `hex(1):` when the text cannot be quoted (a line break, an embedded
//! NUL, malformed data); REG_EXPAND_SZ `hex(2):`, REG_MULTI_SZ `hex(7):`, REG_BINARY `hex:`,
//! REG_QWORD `hex(b):`, any other type `hex(<type in hex>):`; `@` is the unnamed value. Long hex
//! data is continued with `\` at the end of the line exactly like regedit (a break once a line
//! reaches 77 characters, continuation lines indented by two spaces).
//!
//! Control codes: `**del.X` becomes `"X"=-` and `**DeleteValues` one `"X"=-` per listed name.
//! `**delvals.` (delete every value of a key) has no `.reg` equivalent short of `[-key]`, which
//! would also delete the subkeys; it, `**DeleteKeys`, `**SecureKey`, `**soft.` and unknown codes
//! are written as comments with a warning, never as `[-key]`.
//!
//! [`read()`] accepts what [`write()`] produces and regedit exports (both headers, comments, CRLF or
//! LF, continued hex lines); only `HKEY_LOCAL_MACHINE\` keys can be part of a computer policy,
//! other hives and key deletions are errors naming the line. [`decode_reg_bytes`] turns the
//! file bytes (UTF-16LE/BE with BOM, UTF-8 with or without BOM) into text first.
//!
//! Invariant: `read(write(p))` gives back `p` with its unowned values grouped by key, as long
//! as `p` holds no control codes other than GPMC's `**del.` markers.

use crate::model::diagnostic::quoted;
use crate::model::diagnostic::{Code, Diagnostic, Field};
use crate::model::policy::Policy;
use crate::registry::{self, hex_byte, Record, RegType, DELVALS};
use std::collections::HashMap;

/// First line of a regedit 5.00 file.
pub const HEADER: &str = "Windows Registry Editor Version 5.00";
/// First line of the older ANSI format, still accepted by regedit.
pub const HEADER_REGEDIT4: &str = "REGEDIT4";
/// The hive every key of a computer policy lives in.
pub const HIVE: &str = "HKEY_LOCAL_MACHINE";

/// The comment block written after the header.
pub const NOTICE: &str = "\
; Windows Firewall Group Policy values written by fwpolicy, as a regedit file.
;
; These are Group Policy keys (SOFTWARE\\Policies). When a GPO manages a value, the next
; Group Policy refresh overwrites or removes what regedit imported; when none does, the value
; stays behind (\"tattooing\") and no policy tool will remove it later. Prefer a GPO
; (Registry.pol) or LGPO.exe text; use this file on a lab machine or to see what the policy
; writes.";

/// Longest line regedit writes before continuing hex data on the next line.
const MAX_HEX_LINE: usize = 77;

/// A `.reg` text produced by [`write()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegOutput {
    /// The file text with CRLF line endings (save it with [`encode_utf16le`]).
    pub text: String,
    /// What could not be carried (interface exclusions, `**delvals.` and other control codes).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why `.reg` bytes or text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegError {
    /// The bytes are not text in an encoding regedit writes.
    #[error("{0}")]
    Encoding(String),
    /// A line that does not follow the `.reg` syntax, or that cannot be part of a computer
    /// policy.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line number.
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
}

impl RegError {
    /// The error as a [`Diagnostic`] (code `syntax`).
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            RegError::Encoding(message) => {
                Diagnostic::error(Code::Syntax, message.clone()).with_field(Field::Header)
            }
            RegError::Syntax { line, message } => {
                Diagnostic::error(Code::Syntax, message.clone()).with_line(*line)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// The text as regedit 5.00 saves it: byte-order mark `FF FE`, then UTF-16LE.
pub fn encode_utf16le(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + 2 * text.len());
    out.extend_from_slice(&[0xFF, 0xFE]);
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `"name"=` or `@=`.
fn name_part(name: &str) -> String {
    if name.is_empty() {
        "@=".to_string()
    } else {
        format!("\"{}\"=", escape(name))
    }
}

/// `prefix` followed by comma-separated hex bytes, continued like regedit.
fn hex_value(line_start: &str, prefix: &str, data: &[u8], out: &mut Vec<String>) {
    let mut line = format!("{line_start}{prefix}");
    let mut len = line.chars().count();
    for (i, b) in data.iter().enumerate() {
        line.push_str(&hex_byte(*b));
        if i + 1 == data.len() {
            break;
        }
        line.push(',');
        len += 3;
        if len >= MAX_HEX_LINE {
            line.push('\\');
            out.push(std::mem::take(&mut line));
            line.push_str("  ");
            len = 2;
        }
    }
    out.push(line);
}

fn type_prefix(kind: RegType) -> String {
    match kind {
        RegType::BINARY => "hex:".to_string(),
        RegType(n) => format!("hex({n:x}):"),
    }
}

fn warn_comment(
    r: &Record,
    what: &str,
    lines: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    lines.push(format!(
        "; {} ({}) not written: {what}",
        r.value.replace(['\r', '\n'], " "),
        r.kind
    ));
    diagnostics.push(
        Diagnostic::warning(
            Code::NotExportable,
            format!(
                "{} is not written to the .reg file: {what}",
                quoted(&r.value)
            ),
        )
        .with_field(Field::ValueName)
        .with_path(r.key.clone()),
    );
}

/// The lines for one record (none for a key-only record).
fn value_lines(r: &Record, lines: &mut Vec<String>, diagnostics: &mut Vec<Diagnostic>) {
    if r.value.contains(['\r', '\n']) {
        lines.push("; a value whose name contains a line break is not written".to_string());
        diagnostics.push(
            Diagnostic::error(
                Code::NotExportable,
                format!(
                    "{}: a value name with a line break cannot be written to a .reg file",
                    quoted(&r.value)
                ),
            )
            .with_field(Field::ValueName)
            .with_path(r.key.clone()),
        );
        return;
    }
    if r.value.eq_ignore_ascii_case(DELVALS) {
        warn_comment(
            r,
            "deleting every value of a key has no .reg equivalent except deleting the whole key ([-key]), which would also delete its subkeys; delete the values by hand or use Registry.pol / LGPO text",
            lines,
            diagnostics,
        );
        return;
    }
    if let Some(name) = r.deleted_value() {
        lines.push(format!("{}-", name_part(name)));
        return;
    }
    if r.value.eq_ignore_ascii_case("**DeleteValues") {
        if let Some(list) = r.as_string() {
            for name in list.split(';').filter(|n| !n.trim().is_empty()) {
                lines.push(format!("{}-", name_part(name.trim())));
            }
            return;
        }
    }
    if r.value.starts_with("**") {
        warn_comment(
            r,
            "this Registry.pol control code has no .reg equivalent",
            lines,
            diagnostics,
        );
        return;
    }
    if r.value.is_empty() && r.kind == RegType::NONE && r.data.is_empty() {
        return; // Only creates the key: the [key] line does that.
    }
    let start = name_part(&r.value);
    match r.kind {
        RegType::DWORD if r.data.len() == 4 => {
            lines.push(format!("{start}dword:{:08x}", r.as_dword().unwrap_or(0)));
        }
        RegType::SZ => match r.as_string().filter(|t| !t.contains(['\r', '\n'])) {
            Some(text) => lines.push(format!("{start}\"{}\"", escape(&text))),
            None => hex_value(&start, "hex(1):", &r.data, lines),
        },
        kind => hex_value(&start, &type_prefix(kind), &r.data, lines),
    }
}

/// The `.reg` text for a policy (see the module documentation for the layout).
pub fn write(policy: &Policy) -> RegOutput {
    let written = registry::to_records(policy);
    let mut diagnostics = written.diagnostics;
    // Group by key, in order of first appearance, ignoring case as the registry does, so
    // that the records of one key keep their order (an earlier duplicate stays before the
    // value the policy sets, which the reader takes as the last one; issue 11). A key spelled
    // differently from the record before it gets a section of its own, so reading the file
    // back gives the same records, spellings included.
    let records = &written.records;
    // A policy read from a file keeps its records' order (issue 10): one block per run of
    // records with the same key, so a key may appear in several blocks, as in the source.
    let ordered: Vec<&Record> = if policy.source.is_empty() {
        let mut grouped: Vec<Vec<&Record>> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        for r in records {
            let at = *group_of
                .entry(r.key.to_ascii_lowercase())
                .or_insert_with(|| {
                    grouped.push(Vec::new());
                    grouped.len() - 1
                });
            if let Some(group) = grouped.get_mut(at) {
                group.push(r);
            }
        }
        grouped.into_iter().flatten().collect()
    } else {
        records.iter().collect()
    };
    let mut groups: Vec<(&str, Vec<&Record>)> = Vec::new();
    for r in ordered {
        match groups.last_mut() {
            Some((key, list)) if *key == r.key => list.push(r),
            _ => groups.push((r.key.as_str(), vec![r])),
        }
    }
    let mut lines: Vec<String> = vec![HEADER.to_string(), String::new()];
    lines.extend(NOTICE.lines().map(str::to_string));
    lines.push(String::new());
    for (key, records) in groups {
        if key.contains(['\r', '\n']) {
            diagnostics.push(
                Diagnostic::error(
                    Code::NotExportable,
                    format!("the key {} contains a line break and cannot be written to a .reg file; its values are left out", quoted(key)),
                )
                .with_field(Field::Key),
            );
            continue;
        }
        lines.push(if key.is_empty() {
            format!("[{HIVE}]")
        } else {
            format!("[{HIVE}\\{key}]")
        });
        for r in records {
            value_lines(r, &mut lines, &mut diagnostics);
        }
        lines.push(String::new());
    }
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    RegOutput { text, diagnostics }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Decodes `.reg` file bytes: UTF-16LE or UTF-16BE with a byte-order mark (what regedit 5.00
/// writes), UTF-16LE without one, or UTF-8 with or without a byte-order mark.
pub fn decode_reg_bytes(bytes: &[u8]) -> Result<String, RegError> {
    let utf16 = |body: &[u8], le: bool| -> Result<String, RegError> {
        if !body.len().is_multiple_of(2) {
            return Err(RegError::Encoding(
                "the file looks like UTF-16 but has an odd number of bytes; it is cut short".into(),
            ));
        }
        let units = body.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes(c.try_into().unwrap_or_default())
            } else {
                u16::from_be_bytes(c.try_into().unwrap_or_default())
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| RegError::Encoding("the file is not valid UTF-16 text".into()))
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest)
            .map(str::to_string)
            .map_err(|e| RegError::Encoding(format!("the file is not valid UTF-8 (byte {})", 3 + e.valid_up_to()))),
        [a, 0, ..] if a.is_ascii() && *a != 0 => utf16(bytes, true),
        _ => std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
            RegError::Encoding(format!(
                "the file is neither UTF-16 nor UTF-8 (invalid byte at {}); save it from regedit or as Unicode",
                e.valid_up_to()
            ))
        }),
    }
}

// Out of line: many call sites (smaller wasm).
#[inline(never)]
fn syntax(line: usize, message: impl Into<String>) -> RegError {
    RegError::Syntax {
        line,
        message: message.into(),
    }
}

/// Parses `"name"` (with `\\` and `\"` escapes) or `@` at the start of a value line; returns
/// the name and the rest after `=`.
fn parse_name(line: &str, n: usize) -> Result<(String, &str), RegError> {
    let (name, rest) = if let Some(rest) = line.strip_prefix('@') {
        (String::new(), rest)
    } else if let Some(body) = line.strip_prefix('"') {
        let mut name = String::new();
        let mut chars = body.char_indices();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, e)) => name.push(e),
                    None => break,
                },
                '"' => {
                    end = Some(i + 1);
                    break;
                }
                c => name.push(c),
            }
        }
        let Some(end) = end else {
            return Err(syntax(n, "the value name has no closing quote"));
        };
        (name, &body[end..])
    } else {
        return Err(syntax(
            n,
            "expected a value line (\"name\"=... or @=...), a [key] line or a ; comment",
        ));
    };
    match rest.trim_start().strip_prefix('=') {
        Some(data) => Ok((name, data.trim())),
        None => Err(syntax(n, "expected '=' after the value name")),
    }
}

fn parse_hex_bytes(text: &str, n: usize) -> Result<Vec<u8>, RegError> {
    text.split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| {
            if b.len() <= 2 {
                u8::from_str_radix(b, 16).ok()
            } else {
                None
            }
            .ok_or_else(|| {
                syntax(
                    n,
                    format!("{} is not a hex byte (two hex digits)", quoted(b)),
                )
            })
        })
        .collect()
}

fn parse_data(key: &str, name: &str, data: &str, n: usize) -> Result<Record, RegError> {
    let record = |kind: RegType, bytes: Vec<u8>| Record {
        key: key.to_string(),
        value: name.to_string(),
        kind,
        data: bytes,
    };
    if data == "-" {
        return Ok(Record::delete(key, name));
    }
    if let Some(body) = data.strip_prefix('"') {
        let mut text = String::new();
        let mut chars = body.chars();
        let mut closed = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(e) => text.push(e),
                    None => break,
                },
                '"' => {
                    closed = true;
                    break;
                }
                c => text.push(c),
            }
        }
        let rest: String = chars.collect();
        if !closed || !(rest.trim().is_empty() || rest.trim_start().starts_with(';')) {
            return Err(syntax(
                n,
                "the string value has no closing quote, or text follows it",
            ));
        }
        return Ok(Record::sz(key, name, &text));
    }
    let lower = data.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("dword:") {
        let hex = hex.trim();
        return match u32::from_str_radix(hex, 16) {
            Ok(d) if !hex.is_empty() && hex.len() <= 8 => Ok(Record::dword(key, name, d)),
            _ => Err(syntax(
                n,
                format!("dword:{hex} is not a DWORD (up to 8 hex digits, e.g. dword:00000001)"),
            )),
        };
    }
    if let Some(bytes) = lower.strip_prefix("hex:") {
        return Ok(record(RegType::BINARY, parse_hex_bytes(bytes, n)?));
    }
    if let Some(rest) = lower.strip_prefix("hex(") {
        if let Some((kind, bytes)) = rest.split_once("):") {
            let kind = u32::from_str_radix(kind.trim(), 16)
                .map_err(|_| syntax(n, format!("hex({kind}) does not name a value type")))?;
            return Ok(record(RegType(kind), parse_hex_bytes(bytes, n)?));
        }
    }
    Err(syntax(
        n,
        format!(
            "unrecognised value data {}; expected \"text\", dword:, hex:, hex(N): or -",
            quoted(data)
        ),
    ))
}

/// Reads `.reg` text onto the model. Diagnostics about a value carry its line number.
pub fn read(text: &str) -> Result<registry::Read, RegError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = body
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l));
    let mut notes = Vec::new();
    // Header: the first non-blank line.
    let header = lines.by_ref().find(|(_, l)| !l.trim().is_empty());
    match header {
        Some((_, l)) if l.trim() == HEADER => {}
        Some((n, l)) if l.trim() == HEADER_REGEDIT4 => notes.push(
            Diagnostic::warning(
                Code::Version,
                "REGEDIT4 (ANSI) file: hex(2) and hex(7) values hold single-byte text there and are kept as raw bytes",
            )
            .with_line(n)
            .with_field(Field::Header),
        ),
        Some((n, l)) => {
            return Err(syntax(
                n,
                format!("expected the header {} (or REGEDIT4), found {}", quoted(HEADER), quoted(l.trim())),
            ))
        }
        None => return Err(syntax(1, format!("the file is empty; expected the header {}", quoted(HEADER)))),
    }
    let mut records = Vec::new();
    let mut lines_of = Vec::new();
    let mut key: Option<String> = None;
    let prefix = format!("{HIVE}\\");
    while let Some((n, raw)) = lines.next() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if let Some(inner) = line.strip_prefix('[') {
            let Some(end) = inner.rfind(']') else {
                return Err(syntax(n, "the key line has no closing ']'"));
            };
            let path = &inner[..end];
            if path.starts_with('-') {
                return Err(syntax(
                    n,
                    format!("[{path}] deletes a key with all its subkeys, which a policy cannot express; delete the values instead (\"name\"=-)"),
                ));
            }
            let k = if path.eq_ignore_ascii_case(HIVE) {
                String::new()
            } else if path.len() > prefix.len()
                && path.is_char_boundary(prefix.len())
                && path[..prefix.len()].eq_ignore_ascii_case(&prefix)
            {
                path[prefix.len()..].to_string()
            } else {
                return Err(syntax(
                    n,
                    format!("[{path}] is not under {HIVE}; only {HIVE} keys can be part of a computer policy"),
                ));
            };
            key = Some(k);
            continue;
        }
        // A value line, possibly continued with '\' (hex data).
        let mut logical = line.to_string();
        while logical.ends_with('\\') && is_hex_value(&logical) {
            logical.pop();
            match lines.next() {
                Some((_, next)) => logical.push_str(next.trim()),
                None => break,
            }
        }
        let Some(k) = key.as_deref() else {
            return Err(syntax(n, "a value line before the first [key] line"));
        };
        let (name, data) = parse_name(&logical, n)?;
        records.push(parse_data(k, &name, data, n)?);
        lines_of.push(n);
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

/// True if the line's data (after the first `=` outside the quoted name) starts with `hex`.
fn is_hex_value(line: &str) -> bool {
    parse_name(line, 0)
        .map(|(_, data)| data.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("hex")))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_lines_break_like_regedit() {
        // regedit: "Path"=hex(2): is 14 characters; 21 bytes fill the first line to 77.
        let data: Vec<u8> = (0u8..50).collect();
        let mut out = Vec::new();
        hex_value("\"Path\"=", "hex(2):", &data, &mut out);
        assert_eq!(out[0].len(), 78);
        assert!(out[0].ends_with(",14,\\"));
        assert_eq!(out[1].len(), 78);
        assert!(out[1].starts_with("  15,"));
        assert_eq!(out[2], "  2e,2f,30,31");
    }

    #[test]
    fn escapes_backslash_and_quote() {
        assert_eq!(escape(r#"C:\a "b""#), r#"C:\\a \"b\""#);
        assert_eq!(name_part(""), "@=");
    }
}
