//! Registry.pol (PReg version 1, MS-GPREG) reader and writer.
//!
//! A Registry.pol file is the 8-byte header `PReg` + version 1 (little-endian `u32`) followed
//! by records `[key;value;type;size;data]`, back to back with no separator and no trailer
//! (reference §3.1). Every bracket and semicolon is one UTF-16LE code unit; key and value name
//! are UTF-16LE terminated by a NUL code unit; type and size are raw little-endian `u32`s; data
//! is exactly `size` raw bytes.
//!
//! Invariants:
//! * Writing is deterministic: [`write()`] = [`crate::registry::to_records`] then [`encode`], so
//!   the same policy always gives the same bytes.
//! * [`decode`] accepts every well-formed PReg file, whatever it contains (control codes such
//!   as `**del.`, `**delvals.`, `**DeleteValues`, `**SecureKey`, unknown `**` codes, values of
//!   other policies, any type, any data size) and keeps each record verbatim: `encode(decode(b))
//!   == b` for every well-formed `b`. Key and value name are read up to their NUL, never up to a
//!   `;`, so names containing `;` survive.
//! * Malformed input gives a [`PolError`] naming the byte offset and what was expected; the
//!   decoder never panics and never reads past the end of the input.
//! * [`read()`] maps the firewall values onto the model and keeps everything else in
//!   [`crate::Policy::unowned`] (see [`crate::registry::from_records`]); its diagnostics carry
//!   the byte offset of the record they are about.

use crate::formats::limits;
use crate::model::diagnostic::quoted;
use crate::model::diagnostic::{Code, Diagnostic, Field};
use crate::model::policy::Policy;
use crate::registry::{self, Record};

/// The four signature bytes at the start of every Registry.pol file (`PReg`).
pub const SIGNATURE: [u8; 4] = *b"PReg";
/// The only Registry.pol format version.
pub const VERSION: u32 = 1;
/// Length of the header (signature + version).
pub const HEADER_LEN: usize = 8;
/// Longest value name MS-GPREG allows, in UTF-16 code units.
pub const MAX_VALUE_NAME_UNITS: usize = 259;
/// Largest data MS-GPREG allows in one record, in bytes.
pub const MAX_DATA_LEN: usize = 65535;

const OPEN: u16 = 0x5B; // '['
const SEMI: u16 = 0x3B; // ';'
const CLOSE: u16 = 0x5D; // ']'

/// A Registry.pol file produced by [`write()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolOutput {
    /// The file bytes.
    pub bytes: Vec<u8>,
    /// What could not be carried (interface exclusions) and records outside the MS-GPREG
    /// limits (written anyway).
    pub diagnostics: Vec<Diagnostic>,
}

/// One record read from a Registry.pol file, with where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedRecord {
    /// Byte offset of the record's opening `[`.
    pub offset: usize,
    /// The record, verbatim.
    pub record: Record,
}

/// Why a byte sequence is not a well-formed Registry.pol file. Every variant names the byte
/// offset where the problem was found ([`PolError::offset`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolError {
    /// Fewer than 8 bytes: not even the header is there.
    #[error("byte 0: the file is {len} bytes long, but a Registry.pol file starts with an 8-byte header (\"PReg\" and version 1)")]
    TooShort {
        /// Length of the input.
        len: usize,
    },
    /// The first four bytes are not `PReg`.
    #[error("byte 0: expected the Registry.pol signature \"PReg\" (50 52 65 67), found {found}; this is not a Registry.pol file")]
    Signature {
        /// The four bytes found, as hex.
        found: String,
    },
    /// The version is not 1.
    #[error("byte 4: unsupported Registry.pol version {version}; only version 1 exists")]
    Version {
        /// The version found.
        version: u32,
    },
    /// A structural character or terminator is missing.
    #[error("byte {offset}: expected {expected}, found {found}")]
    Unexpected {
        /// Where the expected code unit should be.
        offset: usize,
        /// What should be there.
        expected: &'static str,
        /// What is there, as hex bytes (`0x41 0x00`).
        found: String,
    },
    /// The input ends inside a record.
    #[error("byte {offset}: the file ends inside a record; expected {expected}")]
    Truncated {
        /// The length of the input (where more was expected).
        offset: usize,
        /// What should have followed.
        expected: &'static str,
    },
    /// The record's size field runs past the end of the input.
    #[error("byte {offset}: the record's data size is {size} bytes, but only {available} bytes remain in the file")]
    DataPastEnd {
        /// Offset of the data.
        offset: usize,
        /// The size field.
        size: u32,
        /// Bytes left in the input from `offset`.
        available: usize,
    },
    /// The key or value name is not valid UTF-16 (an unpaired surrogate).
    #[error("byte {offset}: the {what} is not valid UTF-16 (unpaired surrogate 0x{unit:04X})")]
    InvalidUtf16 {
        /// Offset of the offending code unit.
        offset: usize,
        /// `key` or `value name`.
        what: &'static str,
        /// The offending code unit.
        unit: u16,
    },
}

impl PolError {
    /// Byte offset the error is about.
    pub fn offset(&self) -> usize {
        match self {
            PolError::TooShort { .. } | PolError::Signature { .. } => 0,
            PolError::Version { .. } => 4,
            PolError::Unexpected { offset, .. }
            | PolError::Truncated { offset, .. }
            | PolError::DataPastEnd { offset, .. }
            | PolError::InvalidUtf16 { offset, .. } => *offset,
        }
    }

    /// The error as a [`Diagnostic`] (code `malformed`, or `version` for a wrong version),
    /// with its byte offset, for display next to other findings.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let full = self.to_string();
        // The offset lives in the diagnostic's own field; drop the "byte N: " prefix.
        let message = full
            .split_once(": ")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or(full);
        let (code, field) = match self {
            PolError::Version { .. } => (Code::Version, Some(Field::Header)),
            PolError::TooShort { .. } | PolError::Signature { .. } => {
                (Code::Malformed, Some(Field::Header))
            }
            PolError::InvalidUtf16 { what, .. } if *what == "key" => {
                (Code::Malformed, Some(Field::Key))
            }
            PolError::InvalidUtf16 { .. } => (Code::Malformed, Some(Field::ValueName)),
            PolError::DataPastEnd { .. } => (Code::Malformed, Some(Field::ValueData)),
            PolError::Unexpected { .. } | PolError::Truncated { .. } => (Code::Malformed, None),
        };
        let d = Diagnostic::error(code, message).with_offset(self.offset());
        match field {
            Some(f) => d.with_field(f),
            None => d,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

fn push_unit(out: &mut Vec<u8>, unit: u16) {
    out.extend_from_slice(&unit.to_le_bytes());
}

/// Appends `text` as UTF-16LE plus a NUL code unit. ASCII (the usual case) takes a fast path
/// that writes the low bytes into a zero-filled slice.
fn push_str_z(out: &mut Vec<u8>, text: &str) {
    let start = out.len();
    if text.is_ascii() {
        out.resize(start + 2 * text.len() + 2, 0);
        let tail = out.get_mut(start..).unwrap_or_default();
        for (dst, b) in tail.chunks_exact_mut(2).zip(text.bytes()) {
            if let Some(low) = dst.first_mut() {
                *low = b;
            }
        }
    } else {
        for unit in text.encode_utf16() {
            push_unit(out, unit);
        }
        push_unit(out, 0);
    }
}

/// Encodes records as a Registry.pol file (header + records, in order).
///
/// Data longer than `u32::MAX` bytes cannot be described by the size field; such a record's
/// size is written as `u32::MAX` (MS-GPREG caps data at 65535 bytes anyway, and [`write()`]
/// warns above that).
pub fn encode(records: &[Record]) -> Vec<u8> {
    let estimate: usize = records
        .iter()
        .map(|r| 2 * (r.key.len() + r.value.len()) + r.data.len() + 24)
        .sum();
    let mut out = Vec::with_capacity(HEADER_LEN + estimate);
    out.extend_from_slice(&SIGNATURE);
    out.extend_from_slice(&VERSION.to_le_bytes());
    for r in records {
        push_unit(&mut out, OPEN);
        push_str_z(&mut out, &r.key);
        push_unit(&mut out, SEMI);
        push_str_z(&mut out, &r.value);
        push_unit(&mut out, SEMI);
        out.extend_from_slice(&r.kind.0.to_le_bytes());
        push_unit(&mut out, SEMI);
        let size = u32::try_from(r.data.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&size.to_le_bytes());
        push_unit(&mut out, SEMI);
        out.extend_from_slice(&r.data);
        push_unit(&mut out, CLOSE);
    }
    out
}

/// Warnings about records that are outside the MS-GPREG limits but are written anyway (they
/// came from the policy, usually from an imported file, and dropping them would lose data).
pub fn check_records(records: &[Record]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in records {
        // UTF-16 never needs more code units than UTF-8 needs bytes: count only long names.
        let units = if r.value.len() > MAX_VALUE_NAME_UNITS {
            r.value.encode_utf16().count()
        } else {
            0
        };
        if units > MAX_VALUE_NAME_UNITS {
            out.push(
                Diagnostic::warning(
                    Code::TooLong,
                    format!(
                        "value name {} is {units} characters long; MS-GPREG allows at most {MAX_VALUE_NAME_UNITS} (what Windows does with it is unconfirmed); written anyway",
                        quoted(&r.value)
                    ),
                )
                .with_field(Field::ValueName)
                .with_path(r.key.clone()),
            );
        }
        if r.value.contains(';') {
            out.push(
                Diagnostic::warning(
                    Code::UnsafeCharacter,
                    format!(
                        "value name {} contains ';'; readers that split records at ';' (samba's, for one) will mis-read this record; written anyway",
                        quoted(&r.value)
                    ),
                )
                .with_field(Field::ValueName)
                .with_path(r.key.clone()),
            );
        }
        if r.data.len() > MAX_DATA_LEN {
            out.push(
                Diagnostic::warning(
                    Code::TooLong,
                    format!(
                        "{}!{} has {} bytes of data; MS-GPREG allows at most {MAX_DATA_LEN}; written anyway",
                        r.key,
                        r.value,
                        r.data.len()
                    ),
                )
                .with_field(Field::ValueData)
                .with_path(r.key.clone()),
            );
        }
    }
    out
}

/// The Registry.pol file GPMC would write for this policy (computer side:
/// `Machine\Registry.pol`), with what could not be carried.
///
/// Never writes a file it cannot read back: what holds a NUL (an exception, a verbatim value,
/// the log path or SDDL text) is left out with an error
/// ([`crate::formats::limits::refuse_unstorable`]; issue 11).
pub fn write(policy: &Policy) -> PolOutput {
    let mut refused = Vec::new();
    let cleaned;
    let policy = if limits::storable(policy) {
        policy
    } else {
        let mut copy = policy.clone();
        refused = limits::refuse_unstorable(&mut copy);
        cleaned = copy;
        &cleaned
    };
    let mut written = registry::to_records(policy);
    let mut diagnostics = written.diagnostics;
    diagnostics.extend(refused);
    written
        .records
        .retain(|r| match limits::unstorable_record(r) {
            Some(d) => {
                diagnostics.push(d);
                false
            }
            None => true,
        });
    diagnostics.extend(check_records(&written.records));
    PolOutput {
        bytes: encode(&written.records),
        diagnostics,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// The text of UTF-16LE bytes whose code units are all ASCII (the usual case), else `None`.
fn ascii_of_utf16le(raw: &[u8]) -> Option<String> {
    let mut low = Vec::with_capacity(raw.len() / 2);
    for c in raw.chunks_exact(2) {
        match c {
            [b, 0] if *b < 0x80 => low.push(*b),
            _ => return None,
        }
    }
    String::from_utf8(low).ok()
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

fn found_at(bytes: &[u8], at: usize) -> String {
    let end = bytes.len().min(at.saturating_add(2));
    let shown: Vec<String> = bytes
        .get(at..end)
        .unwrap_or(&[])
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    if shown.is_empty() {
        "the end of the file".to_string()
    } else {
        shown.join(" ")
    }
}

impl Cursor<'_> {
    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn unit_at(&self, at: usize) -> Option<u16> {
        match self.bytes.get(at..at.checked_add(2)?) {
            Some([a, b]) => Some(u16::from_le_bytes([*a, *b])),
            _ => None,
        }
    }

    /// Consumes one expected UTF-16 code unit.
    fn expect(&mut self, unit: u16, expected: &'static str) -> Result<(), PolError> {
        match self.unit_at(self.pos) {
            None => Err(PolError::Truncated {
                offset: self.bytes.len(),
                expected,
            }),
            Some(u) if u == unit => {
                self.pos += 2;
                Ok(())
            }
            Some(_) => Err(PolError::Unexpected {
                offset: self.pos,
                expected,
                found: found_at(self.bytes, self.pos),
            }),
        }
    }

    /// Reads a NUL-terminated UTF-16LE string and consumes the NUL.
    fn string_z(&mut self, what: &'static str, nul: &'static str) -> Result<String, PolError> {
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        let Some(len) = rest.chunks_exact(2).position(|c| c == [0, 0]) else {
            return Err(PolError::Truncated {
                offset: self.bytes.len(),
                expected: nul,
            });
        };
        let raw = rest.get(..2 * len).unwrap_or_default();
        let text = if let Some(text) = ascii_of_utf16le(raw) {
            text
        } else {
            let units = raw
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes(c.try_into().unwrap_or_default()));
            let mut text = String::with_capacity(len);
            let mut offset = start;
            for ch in char::decode_utf16(units) {
                match ch {
                    Ok(c) => {
                        offset += 2 * c.len_utf16();
                        text.push(c);
                    }
                    Err(e) => {
                        return Err(PolError::InvalidUtf16 {
                            offset,
                            what,
                            unit: e.unpaired_surrogate(),
                        })
                    }
                }
            }
            text
        };
        self.pos = start + 2 * len + 2;
        Ok(text)
    }

    fn u32(&mut self, expected: &'static str) -> Result<u32, PolError> {
        match self.bytes.get(self.pos..self.pos + 4) {
            Some([a, b, c, d]) => {
                self.pos += 4;
                Ok(u32::from_le_bytes([*a, *b, *c, *d]))
            }
            _ => Err(PolError::Truncated {
                offset: self.bytes.len(),
                expected,
            }),
        }
    }

    fn record(&mut self) -> Result<DecodedRecord, PolError> {
        let offset = self.pos;
        self.expect(OPEN, "'[' at the start of a record")?;
        let key = self.string_z("key", "the NUL (00 00) that ends the key")?;
        self.expect(SEMI, "';' after the key")?;
        let value = self.string_z("value name", "the NUL (00 00) that ends the value name")?;
        self.expect(SEMI, "';' after the value name")?;
        let kind = self.u32("the 4-byte value type")?;
        self.expect(SEMI, "';' after the type")?;
        let size = self.u32("the 4-byte data size")?;
        self.expect(SEMI, "';' after the size")?;
        let available = self.remaining();
        let len = usize::try_from(size).unwrap_or(usize::MAX);
        if len > available {
            return Err(PolError::DataPastEnd {
                offset: self.pos,
                size,
                available,
            });
        }
        let data = self
            .bytes
            .get(self.pos..self.pos + len)
            .unwrap_or_default()
            .to_vec();
        self.pos += len;
        self.expect(CLOSE, "']' at the end of the record")?;
        Ok(DecodedRecord {
            offset,
            record: Record {
                key,
                value,
                kind: registry::RegType(kind),
                data,
            },
        })
    }
}

/// Decodes a Registry.pol file into its records, verbatim and in order.
pub fn decode(bytes: &[u8]) -> Result<Vec<DecodedRecord>, PolError> {
    if bytes.len() < HEADER_LEN {
        let head = bytes.get(..4).unwrap_or(bytes);
        if !bytes.is_empty() && !SIGNATURE.starts_with(head) {
            return Err(PolError::Signature {
                found: registry::hex(head),
            });
        }
        return Err(PolError::TooShort { len: bytes.len() });
    }
    let (Some(signature), Some(version)) = (
        bytes.first_chunk::<4>(),
        bytes.get(4..8).and_then(|v| <[u8; 4]>::try_from(v).ok()),
    ) else {
        return Err(PolError::TooShort { len: bytes.len() });
    };
    if *signature != SIGNATURE {
        return Err(PolError::Signature {
            found: registry::hex(signature),
        });
    }
    let version = u32::from_le_bytes(version);
    if version != VERSION {
        return Err(PolError::Version { version });
    }
    let mut cursor = Cursor {
        bytes,
        pos: HEADER_LEN,
    };
    let mut out = Vec::new();
    while cursor.remaining() > 0 {
        out.push(cursor.record()?);
    }
    Ok(out)
}

/// Reads a Registry.pol file onto the model. Diagnostics about individual records carry the
/// byte offset of the record's `[`.
pub fn read(bytes: &[u8]) -> Result<registry::Read, PolError> {
    let decoded = decode(bytes)?;
    let offsets: Vec<usize> = decoded.iter().map(|d| d.offset).collect();
    let records: Vec<Record> = decoded.into_iter().map(|d| d.record).collect();
    let locate = |i: usize, d: Diagnostic| match offsets.get(i) {
        Some(offset) => d.with_offset(*offset),
        None => d,
    };
    Ok(registry::from_records(records, &locate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::RegType;

    #[test]
    fn worked_example_from_the_reference() {
        let bytes = encode(&[Record::dword("K", "V", 1)]);
        let expected: Vec<u8> = vec![
            0x50, 0x52, 0x65, 0x67, 0x01, 0x00, 0x00, 0x00, // header
            0x5b, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x56, 0x00, 0x00, 0x00, 0x3b, 0x00,
            0x04, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x04, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x01, 0x00,
            0x00, 0x00, 0x5d, 0x00,
        ];
        assert_eq!(bytes, expected);
    }

    #[test]
    fn delete_marker_bytes_match_gpmc() {
        let bytes = encode(&[Record::delete("K", "X")]);
        let expected: Vec<u8> = vec![
            0x5b, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x2a, 0x00, 0x2a, 0x00, 0x64, 0x00,
            0x65, 0x00, 0x6c, 0x00, 0x2e, 0x00, 0x58, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x01, 0x00,
            0x00, 0x00, 0x3b, 0x00, 0x04, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x20, 0x00, 0x00, 0x00,
            0x5d, 0x00,
        ];
        assert_eq!(&bytes[HEADER_LEN..], &expected[..]);
    }

    #[test]
    fn missing_semicolon_after_value_name_is_located() {
        let mut bytes = encode(&[Record::dword("K", "V", 1)]);
        // byte 20 is the ';' after "V\0" (8 header + '[' 2 + "K\0" 4 + ';' 2 + "V\0" 4).
        bytes[20] = 0x41;
        let err = decode(&bytes).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("byte 20: expected ';' after the value name, found 0x41 0x00")
        );
    }

    #[test]
    fn odd_types_and_sizes_are_kept() {
        let records = vec![
            Record {
                key: "A".into(),
                value: "q".into(),
                kind: RegType::QWORD,
                data: 7u64.to_le_bytes().to_vec(),
            },
            Record {
                key: "A".into(),
                value: "odd".into(),
                kind: RegType::SZ,
                data: vec![0x41],
            },
        ];
        let back: Vec<Record> = decode(&encode(&records))
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.record)
            .collect();
        assert_eq!(back, records);
    }
}
