//! Share links: a whole project (policy, title, description, source) in the fragment of a URL,
//! `https://…/#p=<payload>`. A fragment is never sent to a server, so the policy stays
//! between the admins who pass the link around.
//!
//! The payload, encoded as URL-safe base64 without padding (`base64`), is (version 2,
//! [`LINK_VERSION`], what [`write()`] writes):
//!
//! ```text
//! [2] [zlib stream of the project JSON] [first 8 bytes of the SHA-256 of the project JSON]
//! ```
//!
//! The project JSON is what [`project::to_json_compact`] writes; the zlib stream is deflate with
//! its Adler-32 checksum (`miniz_oxide`); the last [`CHECK_BYTES`] bytes are the start of the
//! SHA-256 (`sha2`) of the unpacked JSON. The version byte lets a later link format be told
//! apart. The SHA-256 check makes a damaged link an error rather than a different policy:
//! Adler-32 alone is weak on a short local change (one changed base64 character once turned a
//! deflate back-reference so that "Firewall" unpacked as "Firemonf" with the same Adler-32,
//! and the link read as another policy).
//!
//! Version 1 ([`OLDEST_LINK_VERSION`], written before the SHA-256 check) is still read, so
//! links already shared keep working: `[1] [zlib stream]`, checked by Adler-32 only. Any other
//! version is refused by its number.
//!
//! Invariants:
//! * `read(&write(p)?)` gives back `p` (what the project file keeps: the project file is the
//!   payload), and [`write()`] is deterministic.
//! * A link is at most [`MAX_LINK_CHARS`] characters (8,000, what common mail and chat clients
//!   keep in one link), base address included, check bytes included. A longer one is refused
//!   when written (use the project file instead) and when read.
//! * Reading never panics: a damaged or truncated link is a [`LinkError`] naming what is wrong
//!   (not base64, wrong version, not deflate, cut short, checksum, not a project with its
//!   JSON path), and the unpacked size is capped at [`MAX_INPUT_BYTES`] whatever the payload
//!   says (a "zip bomb" costs no more than a file of that size). A version-2 link with a
//!   character changed is an error or (when the change only touches bits deflate ignores) the
//!   same project, never another one (short of a 1 in 2^64 chance).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::{DecodeError, Engine};
use miniz_oxide::inflate::{self, TINFLStatus};
use sha2::{Digest, Sha256};

use super::limits::MAX_INPUT_BYTES;
use super::project::{self, Project, ProjectError};
use crate::model::diagnostic::Diagnostic;

/// The longest link fwpolicy writes or reads, in characters, base address included: 8,000,
/// which common mail and chat clients keep whole.
pub const MAX_LINK_CHARS: usize = 8_000;

/// What starts the fragment of a share link.
pub const FRAGMENT: &str = "#p=";

/// The version byte at the start of every payload this code writes (version 2: the zlib
/// stream, then [`CHECK_BYTES`] bytes of the SHA-256 of the project JSON).
pub const LINK_VERSION: u8 = 2;

/// The oldest link version read (version 1: the zlib stream alone, checked by Adler-32 only;
/// written by fwpolicy before version 2). Versions from this one to [`LINK_VERSION`] are read.
pub const OLDEST_LINK_VERSION: u8 = 1;

/// How many bytes of the SHA-256 of the project JSON end a version-2 payload (64 bits: a
/// damaged link passes by chance once in 2^64).
pub const CHECK_BYTES: usize = 8;

/// The bytes of a version-2 payload besides the deflate data: the version byte, the zlib
/// header (2) and Adler-32 (4), and the SHA-256 check.
const OVERHEAD_BYTES: usize = 1 + 2 + 4 + CHECK_BYTES;

/// The deflate level (miniz's best ratio: links are short, their size is what matters).
const LEVEL: u8 = 10;

/// The best ratio deflate can reach (258 bytes from one 2-bit code, about 1032 : 1); a project
/// whose JSON is longer than this many times the limit cannot fit and is refused unpacked.
const MAX_DEFLATE_RATIO: usize = 1032;

/// Why a share link could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The link is longer than [`MAX_LINK_CHARS`].
    #[error("{}", too_long(*.len, *.limit, *.written))]
    TooLong {
        /// The link's length in characters (at least; a refused project is not compressed
        /// when it cannot fit whatever the ratio).
        len: usize,
        /// The limit, [`MAX_LINK_CHARS`].
        limit: usize,
        /// True when writing, false when reading.
        written: bool,
    },
    /// The text holds no payload (`#p=` with nothing after it, or nothing at all).
    #[error("the share link is empty: nothing follows #p=")]
    Empty,
    /// The payload is not URL-safe base64.
    #[error("the share link is damaged: {0}")]
    Base64(String),
    /// The payload starts with a version this code does not read.
    #[error("{}", version(*.0))]
    Version(u8),
    /// The compressed data ends early.
    #[error("the share link is cut short: its compressed data ends early (was the link cut when it was copied?)")]
    Truncated,
    /// The data after the version byte is not a zlib (deflate) stream.
    #[error("the share link is damaged: its data is not deflate-compressed ({0})")]
    NotDeflate(String),
    /// The unpacked data does not match its checksum (the SHA-256 check of a version-2 link,
    /// or the zlib stream's Adler-32).
    #[error("the share link is damaged: its checksum does not match (a character was changed)")]
    Checksum,
    /// The payload unpacks to more than [`MAX_INPUT_BYTES`].
    #[error("the share link unpacks to more than {} MiB, more than fwpolicy reads; nothing was read", MAX_INPUT_BYTES / (1024 * 1024))]
    TooLarge,
    /// The unpacked data is not UTF-8 text.
    #[error("the share link is damaged: its data is not text ({0})")]
    NotText(String),
    /// The unpacked text is not a project fwpolicy reads (the error names the JSON path).
    #[error("the share link holds no readable fwpolicy project: {0}")]
    Project(ProjectError),
}

fn too_long(len: usize, limit: usize, written: bool) -> String {
    let (len, limit) = (thousands(len), thousands(limit));
    if written {
        format!(
            "the share link would be {len} characters, more than the {limit} that mail and chat \
             clients keep in one link; share the project file instead (Export › fwpolicy project \
             (JSON), or fwpolicy convert --to json)"
        )
    } else {
        format!(
            "the share link is {len} characters, more than the {limit} a share link may have; \
             nothing was read (a policy this large travels as the project file)"
        )
    }
}

fn version(v: u8) -> String {
    if v > LINK_VERSION {
        format!(
            "the share link was made by a newer fwpolicy (link version {v}); this version reads \
             link versions {OLDEST_LINK_VERSION} to {LINK_VERSION}"
        )
    } else {
        format!(
            "the share link is damaged: it starts with link version {v}, and fwpolicy writes \
             version {LINK_VERSION}"
        )
    }
}

/// `8,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The share link of `project`: `base` (the editor's address; any fragment it has is
/// dropped) followed by `#p=` and the payload, or the fragment `#p=…` alone when `base` is
/// empty. Refused above [`MAX_LINK_CHARS`], base included.
pub fn write(project: &Project, base: &str) -> Result<String, LinkError> {
    let base = base.trim();
    let base = base.split('#').next().unwrap_or_default();
    let json = project::to_json_compact(project);
    let room = MAX_LINK_CHARS.saturating_sub(base.chars().count() + FRAGMENT.len());
    // Base64 carries 3 bytes in 4 characters. Refuse without compressing a project that cannot
    // fit at deflate's best ratio (version byte, zlib framing and check bytes included).
    let lower_bound = (json.len() / MAX_DEFLATE_RATIO + OVERHEAD_BYTES) * 4 / 3;
    if lower_bound > room {
        return Err(LinkError::TooLong {
            len: base.chars().count() + FRAGMENT.len() + lower_bound,
            limit: MAX_LINK_CHARS,
            written: true,
        });
    }
    let mut bytes = vec![LINK_VERSION];
    bytes.extend(miniz_oxide::deflate::compress_to_vec_zlib(
        json.as_bytes(),
        LEVEL,
    ));
    bytes.extend(check(json.as_bytes()));
    let payload = URL_SAFE_NO_PAD.encode(&bytes);
    let link = format!("{base}{FRAGMENT}{payload}");
    let len = link.chars().count();
    if len > MAX_LINK_CHARS {
        return Err(LinkError::TooLong {
            len,
            limit: MAX_LINK_CHARS,
            written: true,
        });
    }
    Ok(link)
}

/// True when `text` looks like a share link: it starts with `#p=`, or with a URL scheme
/// (`https://`, `http://`, `file://`, …) and holds `#p=`. A bare payload is not recognised
/// here (it is read when the format is named).
pub fn is_link(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.starts_with(FRAGMENT) {
        return true;
    }
    let Some((scheme, _)) = t.split_once("://") else {
        return false;
    };
    !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && t.contains(FRAGMENT)
}

/// Reads a share link: a whole URL (`https://…/#p=…`), the fragment (`#p=…`) or the payload
/// alone. White space around it, and inside it (a link wrapped over lines by a mail client),
/// is ignored. Returns the project and the warnings of the project reader.
pub fn read(text: &str) -> Result<(Project, Vec<Diagnostic>), LinkError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let len = trimmed.chars().count();
    if len > MAX_LINK_CHARS {
        return Err(LinkError::TooLong {
            len,
            limit: MAX_LINK_CHARS,
            written: false,
        });
    }
    let payload = match trimmed.find(FRAGMENT) {
        Some(at) => trimmed.get(at + FRAGMENT.len()..).unwrap_or_default(),
        None => trimmed,
    };
    let payload: String = payload
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if payload.is_empty() {
        return Err(LinkError::Empty);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.as_bytes())
        .map_err(|e| LinkError::Base64(base64_problem(&e, &payload)))?;
    let Some((&version, stream)) = bytes.split_first() else {
        return Err(LinkError::Empty);
    };
    let cap = usize::try_from(MAX_INPUT_BYTES).unwrap_or(usize::MAX);
    let json = match version {
        LINK_VERSION => {
            // The check is the last bytes: a link cut short loses them, the bytes taken for
            // them instead end the zlib stream early, and the link is reported as cut short
            // (when its base64 still decodes).
            let Some(split) = stream.len().checked_sub(CHECK_BYTES) else {
                return Err(LinkError::Truncated);
            };
            let (stream, expected) = stream.split_at(split);
            let json = unpack(stream, cap)?;
            if check(&json) != expected {
                return Err(LinkError::Checksum);
            }
            json
        }
        OLDEST_LINK_VERSION => unpack(stream, cap)?,
        _ => return Err(LinkError::Version(version)),
    };
    let text = String::from_utf8(json).map_err(|e| LinkError::NotText(e.to_string()))?;
    project::from_json(&text).map_err(LinkError::Project)
}

/// The check a version-2 payload ends with: the first [`CHECK_BYTES`] bytes of the SHA-256 of
/// the project JSON.
fn check(json: &[u8]) -> [u8; CHECK_BYTES] {
    let mut out = [0; CHECK_BYTES];
    for (o, d) in out.iter_mut().zip(Sha256::digest(json)) {
        *o = d;
    }
    out
}

/// Inflates a zlib stream, stopping (with [`LinkError::TooLarge`]) past `cap` bytes.
fn unpack(stream: &[u8], cap: usize) -> Result<Vec<u8>, LinkError> {
    inflate::decompress_to_vec_zlib_with_limit(stream, cap).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => LinkError::TooLarge,
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => LinkError::Truncated,
        TINFLStatus::Adler32Mismatch => LinkError::Checksum,
        _ => LinkError::NotDeflate(e.to_string().to_lowercase()),
    })
}

fn base64_problem(e: &DecodeError, payload: &str) -> String {
    let at = |offset: usize| {
        let c = payload.get(offset..).and_then(|s| s.chars().next());
        let shown = match c {
            None => String::new(),
            Some(c) if c.is_control() => format!(" U+{:04X}", c as u32),
            Some(c) => format!(" '{c}'"),
        };
        format!("character {}{shown} of the data after #p=", offset + 1)
    };
    match e {
        DecodeError::InvalidByte(offset, _) => format!(
            "{} is not URL-safe base64 (A-Z, a-z, 0-9, - and _)",
            at(*offset)
        ),
        DecodeError::InvalidLastSymbol(offset, _) => {
            format!("{} cannot end the data (was the link cut?)", at(*offset))
        }
        DecodeError::InvalidLength(len) => format!(
            "{len} characters of base64 cannot be whole bytes (was the link cut when it was \
             copied?)"
        ),
        DecodeError::InvalidPadding => {
            "the data ends with = padding, which share links do not have".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // See: issue 15 — a small stream that unpacks to more than the cap stops at the cap.
    #[test]
    fn unpacking_stops_at_the_cap() {
        let zeros = vec![0u8; 100_000];
        let stream = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 10);
        assert!(stream.len() < 1_000, "{}", stream.len());
        assert_eq!(unpack(&stream, 10_000), Err(LinkError::TooLarge));
        assert_eq!(unpack(&stream, 100_000).map(|v| v.len()), Ok(100_000));
        assert_eq!(
            LinkError::TooLarge.to_string(),
            "the share link unpacks to more than 64 MiB, more than fwpolicy reads; nothing was read"
        );
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(8_000), "8,000");
        assert_eq!(thousands(123_456_789), "123,456,789");
        assert_eq!(thousands(999), "999");
    }
}
