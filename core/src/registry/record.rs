//! Registry values as records: [`RegType`], [`Record`], delete markers, and the one hex
//! and UTF-16 helpers of the crate.

use crate::model::diagnostic::quoted;
use std::fmt;

use crate::model::diagnostic::excerpt;

/// A registry value type (the raw DWORD of MS-GPREG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegType(pub u32);

impl RegType {
    /// REG_NONE (0).
    pub const NONE: RegType = RegType(0);
    /// REG_SZ (1).
    pub const SZ: RegType = RegType(1);
    /// REG_EXPAND_SZ (2).
    pub const EXPAND_SZ: RegType = RegType(2);
    /// REG_BINARY (3).
    pub const BINARY: RegType = RegType(3);
    /// REG_DWORD (4).
    pub const DWORD: RegType = RegType(4);
    /// REG_DWORD_BIG_ENDIAN (5).
    pub const DWORD_BIG_ENDIAN: RegType = RegType(5);
    /// REG_MULTI_SZ (7).
    pub const MULTI_SZ: RegType = RegType(7);
    /// REG_QWORD (11).
    pub const QWORD: RegType = RegType(11);

    /// `REG_SZ`, `REG_DWORD`, ... or `type N` for others.
    pub fn name(self) -> String {
        match self.0 {
            0 => "REG_NONE".into(),
            1 => "REG_SZ".into(),
            2 => "REG_EXPAND_SZ".into(),
            3 => "REG_BINARY".into(),
            4 => "REG_DWORD".into(),
            5 => "REG_DWORD_BIG_ENDIAN".into(),
            6 => "REG_LINK".into(),
            7 => "REG_MULTI_SZ".into(),
            11 => "REG_QWORD".into(),
            n => format!("type {n}"),
        }
    }

    /// Parses a [`RegType::name`] (or a plain number).
    pub fn parse(text: &str) -> Option<RegType> {
        let t = text.trim().to_ascii_uppercase();
        let n = match t.as_str() {
            "REG_NONE" => 0,
            "REG_SZ" => 1,
            "REG_EXPAND_SZ" => 2,
            "REG_BINARY" => 3,
            "REG_DWORD" => 4,
            "REG_DWORD_BIG_ENDIAN" => 5,
            "REG_LINK" => 6,
            "REG_MULTI_SZ" => 7,
            "REG_QWORD" => 11,
            other => other.strip_prefix("TYPE ").unwrap_or(other).parse().ok()?,
        };
        Some(RegType(n))
    }
}

impl fmt::Display for RegType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// One registry value as stored in a Registry.pol record: key (no hive), value name, type and
/// raw data bytes. Special value names (`**del.x`, `**delvals.`, ...) are kept as names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// Key path without hive, `\`-separated.
    pub key: String,
    /// Value name (may be empty, or a `**` control code).
    pub value: String,
    /// Value type.
    pub kind: RegType,
    /// Raw data (for strings: UTF-16LE including the terminating NUL).
    pub data: Vec<u8>,
}

/// Prefix of a delete-value marker.
pub const DEL_PREFIX: &str = "**del.";
/// Delete-all-values marker.
pub const DELVALS: &str = "**delvals.";

/// UTF-16LE bytes of `text` followed by a NUL code unit.
pub fn utf16z(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2 + 2);
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

impl Record {
    /// A REG_DWORD value.
    pub fn dword(key: &str, value: &str, data: u32) -> Record {
        Record {
            key: key.to_string(),
            value: value.to_string(),
            kind: RegType::DWORD,
            data: data.to_le_bytes().to_vec(),
        }
    }

    /// A REG_SZ value (data stored with its terminating NUL).
    pub fn sz(key: &str, value: &str, text: &str) -> Record {
        Record {
            key: key.to_string(),
            value: value.to_string(),
            kind: RegType::SZ,
            data: utf16z(text),
        }
    }

    /// A `**del.<value>` marker as GPMC writes it: REG_SZ, data one space + NUL.
    pub fn delete(key: &str, value: &str) -> Record {
        Record::sz(key, &format!("{DEL_PREFIX}{value}"), " ")
    }

    /// The DWORD, when this is a 4-byte REG_DWORD.
    pub fn as_dword(&self) -> Option<u32> {
        if self.kind == RegType::DWORD && self.data.len() == 4 {
            let mut b = [0u8; 4];
            b.copy_from_slice(&self.data);
            Some(u32::from_le_bytes(b))
        } else {
            None
        }
    }

    /// The text of a REG_SZ / REG_EXPAND_SZ whose data is well-formed UTF-16LE with exactly one
    /// terminating NUL (what our writers produce). Anything else gives `None`.
    pub fn as_string(&self) -> Option<String> {
        if self.kind != RegType::SZ && self.kind != RegType::EXPAND_SZ {
            return None;
        }
        decode_utf16z(&self.data)
    }

    /// The value this marker deletes, when the name is `**del.<name>` (any case).
    pub fn deleted_value(&self) -> Option<&str> {
        let v = self.value.as_str();
        // `get` rather than indexing: byte 6 may fall inside a multi-byte character.
        match (v.get(..DEL_PREFIX.len()), v.get(DEL_PREFIX.len()..)) {
            (Some(prefix), Some(rest)) if prefix.eq_ignore_ascii_case(DEL_PREFIX) => Some(rest),
            _ => None,
        }
    }

    /// A one-line human description: `key ! value = REG_DWORD 1`.
    pub fn describe(&self) -> String {
        let data = match (self.as_dword(), self.as_string()) {
            (Some(d), _) => format!("{d}"),
            (_, Some(s)) => quoted(&s),
            _ => hex(&self.data),
        };
        // Quoted input is cut to an excerpt (issue 11: a 2 MB value was quoted whole).
        format!(
            r"{}!{} = {} {}",
            excerpt(&self.key),
            excerpt(&self.value),
            self.kind,
            excerpt(&data)
        )
    }
}

/// Lowercase hex bytes separated by spaces (`01 00 ff`): the one hex writer of the crate
/// (the `.reg` writer uses [`hex_byte`] for its comma-separated lines).
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| hex_byte(b))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One byte as two lowercase hex digits.
pub fn hex_byte(b: u8) -> String {
    format!("{b:02x}")
}

/// Why [`parse_hex`] refused its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HexError {
    /// An odd number of hex digits.
    OddDigits,
    /// A pair of characters that is not a hex byte.
    NotHex(String),
}

/// Hex bytes as pairs of digits, with or without spaces or commas between the pairs
/// (`"01 00 00 00"`, `"01000000"`, `"01,00"`): the one hex reader of the project file and the
/// LGPO text (the `.reg` reader splits regedit's comma lists itself).
pub fn parse_hex(text: &str) -> Result<Vec<u8>, HexError> {
    let digits: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if !digits.len().is_multiple_of(2) {
        return Err(HexError::OddDigits);
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            let pair: String = pair.iter().collect();
            u8::from_str_radix(&pair, 16)
                .ok()
                .filter(|_| pair.chars().all(|c| c.is_ascii_hexdigit()))
                .ok_or(HexError::NotHex(pair))
        })
        .collect()
}

/// Decodes UTF-16LE text that ends with exactly one NUL code unit.
pub fn decode_utf16z(data: &[u8]) -> Option<String> {
    if data.len() < 2 || !data.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    let (last, body) = units.split_last()?;
    if *last != 0 || body.contains(&0) {
        return None;
    }
    String::from_utf16(body).ok()
}
