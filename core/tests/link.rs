//! Share links (issue 15): round trips through the link codec and the one `formats` entry
//! point, the 8,000-character limit, and every way a copied link can be damaged.
mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::*;
use fwpolicy_core::formats::link::{
    self, LinkError, CHECK_BYTES, LINK_VERSION, MAX_LINK_CHARS, OLDEST_LINK_VERSION,
};
use fwpolicy_core::formats::project::{Project, ProjectError};
use fwpolicy_core::formats::{self, ConvertError, Format, WriteOptions};
use fwpolicy_core::*;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

const BASE: &str = "https://admin.example.org/tools/fwpolicy/";

fn small_project() -> Project {
    let mut policy = Policy::default();
    policy.domain.protect_all = Setting::enabled(());
    policy.domain.ports = Setting::enabled(vec![PortException::parse(
        "3389:TCP:10.0.0.0/8:enabled:Remote Desktop",
        ParseOptions::TYPED,
    )
    .value
    .unwrap()]);
    Project {
        title: "Branch office".into(),
        description: "Ports the help desk needs; reviewed in change 4711.".into(),
        source: String::new(),
        policy,
    }
}

fn kitchen_sink_project() -> Project {
    Project {
        title: "Kitchen sink".into(),
        description: "Every setting — ünïcode too.".into(),
        source: "core/tests/common/mod.rs".into(),
        policy: kitchen_sink(),
    }
}

/// The payload after `#p=` of a link.
fn payload(link: &str) -> &str {
    link.split_once("#p=").map_or(link, |(_, p)| p)
}

/// A link around raw payload bytes (version byte included).
fn link_of_bytes(bytes: &[u8]) -> String {
    format!("{BASE}#p={}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The payload bytes of a version-2 link carrying `data` compressed at `level`, whatever it
/// is: the version byte, the zlib stream, the first bytes of the SHA-256 of `data`.
fn v2_bytes(data: &[u8], level: u8) -> Vec<u8> {
    let mut bytes = vec![LINK_VERSION];
    bytes.extend(miniz_oxide::deflate::compress_to_vec_zlib(data, level));
    bytes.extend(&Sha256::digest(data)[..CHECK_BYTES]);
    bytes
}

/// The payload bytes of a version-1 link (no SHA-256 check) carrying `data` compressed at
/// `level`: with level 10, what fwpolicy wrote before link version 2.
fn v1_bytes(data: &[u8], level: u8) -> Vec<u8> {
    let mut bytes = vec![OLDEST_LINK_VERSION];
    bytes.extend(miniz_oxide::deflate::compress_to_vec_zlib(data, level));
    bytes
}

/// A version-2 link carrying `text` compressed, whatever it is.
fn link_of_text(text: &str) -> String {
    link_of_bytes(&v2_bytes(text.as_bytes(), 6))
}

/// `url` with the base64 character at `at` (modulo the payload's length) of its payload moved
/// `by` places along the base64url alphabet, as a copy or a mail client might damage it.
fn changed_character(url: &str, at: usize, by: u8) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (base, payload) = url.split_once("#p=").unwrap();
    let mut bytes = payload.as_bytes().to_vec();
    let i = at % bytes.len();
    let old = ALPHABET.iter().position(|c| *c == bytes[i]).unwrap();
    bytes[i] = ALPHABET[(old + usize::from(by)) % 64];
    format!("{base}#p={}", String::from_utf8(bytes).unwrap())
}

fn arb_project() -> BoxedStrategy<Project> {
    (
        arb_project_policy().boxed(),
        "\\PC{0,40}",
        "\\PC{0,80}",
        "\\PC{0,20}",
    )
        .prop_map(|(policy, title, description, source)| Project {
            title,
            description,
            source,
            policy,
        })
        .boxed()
}

proptest! {
    #[test]
    fn every_project_round_trips_through_a_link(p in arb_project()) {
        match link::write(&p, BASE) {
            Ok(url) => {
                prop_assert!(url.starts_with(&format!("{BASE}#p=")), "{}", url);
                prop_assert!(url.chars().count() <= MAX_LINK_CHARS);
                let (back, diagnostics) = link::read(&url).unwrap();
                prop_assert_eq!(&back, &p);
                prop_assert!(diagnostics.is_empty(), "{:?}", diagnostics);
                // The fragment alone and the payload alone read the same.
                prop_assert_eq!(&link::read(&url[BASE.len()..]).unwrap().0, &p);
                prop_assert_eq!(&link::read(payload(&url)).unwrap().0, &p);
                // Deterministic.
                prop_assert_eq!(link::write(&p, BASE).unwrap(), url);
            }
            // A policy too large for a link is refused with its size, never cut.
            Err(LinkError::TooLong { len, limit, written }) => {
                prop_assert!(written && len > limit && limit == MAX_LINK_CHARS);
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    #[test]
    fn registry_policies_round_trip_through_the_formats_entry_point(policy in arb_policy()) {
        let p = Project::new(policy);
        let options = WriteOptions { link_base: BASE.into(), ..WriteOptions::default() };
        match formats::write(Format::Link, &p, &options) {
            Ok(out) => {
                prop_assert_eq!(formats::detect(&out.bytes), Some(Format::Link));
                let back = formats::read(None, &out.bytes).unwrap();
                prop_assert_eq!(back.project, p);
            }
            Err(ConvertError::Link(LinkError::TooLong { len, .. })) => {
                prop_assert!(len > MAX_LINK_CHARS)
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    /// A character changed anywhere in the link gives an error, or (when it only touches
    /// bits deflate ignores) the same project: never another policy.
    #[test]
    fn a_changed_character_is_an_error_or_changes_nothing(at in 0usize..10_000, by in 1u8..64) {
        let p = small_project();
        let url = link::write(&p, BASE).unwrap();
        let damaged = changed_character(&url, at, by);
        match link::read(&damaged) {
            Ok((back, _)) => prop_assert_eq!(back, p),
            Err(e) => prop_assert!(e.to_string().starts_with("the share link"), "{}", e),
        }
    }

    #[test]
    fn reading_any_text_as_a_link_never_panics(text in "(#p=)?[A-Za-z0-9_=-]{0,300}") {
        if let Err(e) = link::read(&text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn a_link_is_a_url_a_fragment_or_a_payload() {
    let p = kitchen_sink_project();
    let url = link::write(&p, &format!("{BASE}#p=old")).unwrap();
    // The base's own fragment is replaced, not kept.
    assert!(
        url.starts_with(&format!("{BASE}#p=")) && !url.contains("old"),
        "{url}"
    );
    let fragment = link::write(&p, "").unwrap();
    assert_eq!(fragment, &url[BASE.len()..]);
    for text in [
        url.clone(),
        fragment.clone(),
        payload(&url).to_string(),
        format!("  {url}\r\n"),
        // Wrapped over lines by a mail client.
        url.chars()
            .collect::<Vec<_>>()
            .chunks(70)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n"),
    ] {
        assert_eq!(link::read(&text).map(|r| r.0).as_ref(), Ok(&p));
    }
    // Detected by content; a bare payload is read only when the format is named.
    assert_eq!(formats::detect(url.as_bytes()), Some(Format::Link));
    assert_eq!(formats::detect(fragment.as_bytes()), Some(Format::Link));
    assert_eq!(
        formats::detect(b"file:///home/admin/fwpolicy/index.html#p=AQ"),
        Some(Format::Link)
    );
    assert_ne!(formats::detect(b"https://example.org/"), Some(Format::Link));
    assert_eq!(
        formats::read(Some(Format::Link), payload(&url).as_bytes())
            .unwrap()
            .project,
        p
    );
    assert_eq!(Format::parse("link"), Some(Format::Link));
    assert!(Format::Link.is_readable());
    assert!(!Format::ALL.contains(&Format::Link));
}

#[test]
fn the_payload_is_the_version_byte_the_zlib_stream_and_the_sha256_check() {
    let url = link::write(&small_project(), BASE).unwrap();
    let bytes = URL_SAFE_NO_PAD.decode(payload(&url)).unwrap();
    assert_eq!(bytes[0], LINK_VERSION);
    assert_eq!(LINK_VERSION, 2);
    // Then a zlib stream of the compact project JSON...
    let (stream, check) = bytes[1..].split_at(bytes.len() - 1 - CHECK_BYTES);
    let json = miniz_oxide::inflate::decompress_to_vec_zlib(stream).unwrap();
    // ...and the first 8 bytes of the SHA-256 of that JSON.
    assert_eq!(CHECK_BYTES, 8);
    assert_eq!(check, &Sha256::digest(&json)[..8]);
    let json = String::from_utf8(json).unwrap();
    assert!(json.starts_with(r#"{"format":"fwpolicy","version":1,"title":"Branch office""#));
    assert_eq!(bytes, v2_bytes(json.as_bytes(), 10));
    // A small policy makes a short link.
    assert!(url.len() < 1_000, "{} characters: {url}", url.len());
}

/// A project with `n` port exceptions whose names do not compress.
fn large_project(n: u16) -> Project {
    let mut seed = 0x2545_f491_u32;
    let ports = (0..n)
        .map(|i| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let line = format!("{}:TCP:*:enabled:Service {seed:08x}", 1000 + i);
            PortException::parse(&line, ParseOptions::TYPED)
                .value
                .unwrap()
        })
        .collect();
    let mut policy = Policy::default();
    policy.domain.ports = Setting::enabled(ports);
    Project::new(policy)
}

// See: issue 15
#[test]
fn a_link_above_8000_characters_is_refused_with_its_size() {
    let big = large_project(600);
    let err = link::write(&big, BASE).unwrap_err();
    let LinkError::TooLong { len, limit, .. } = err else {
        panic!("{err:?}")
    };
    assert!(len > MAX_LINK_CHARS && limit == 8_000, "{len}");
    let message = err.to_string();
    let digits = len.to_string();
    let shown = format!(
        "{},{}",
        &digits[..digits.len() - 3],
        &digits[digits.len() - 3..]
    );
    assert!(
        message.starts_with(&format!("the share link would be {shown} characters"))
            && message.contains("more than the 8,000")
            && message.contains("share the project file instead"),
        "{message}"
    );
    // The same through the entry point the CLI and the editor call.
    let via_formats = formats::write(Format::Link, &big, &WriteOptions::default()).unwrap_err();
    assert!(
        matches!(via_formats, ConvertError::Link(LinkError::TooLong { .. })),
        "{via_formats}"
    );
    // The limit counts the base address: a project that fits alone may not fit behind a long one.
    let mut n = 1;
    while link::write(&large_project(n + 1), "").is_ok() {
        n += 1;
    }
    let fits = large_project(n);
    let fragment = link::write(&fits, "").unwrap();
    assert!(fragment.len() > MAX_LINK_CHARS - 200, "{}", fragment.len());
    let long_base = format!("https://example.org/{}/", "x".repeat(300));
    assert!(matches!(
        link::write(&fits, &long_base),
        Err(LinkError::TooLong { .. })
    ));
    // Reading refuses a longer link before decoding it.
    let long = format!("{BASE}#p={}", "A".repeat(MAX_LINK_CHARS));
    let err = link::read(&long).unwrap_err();
    assert!(
        matches!(err, LinkError::TooLong { written: false, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("8,000"), "{err}");
}

#[test]
fn a_huge_project_is_refused_without_compressing_it() {
    // 20,000 exceptions: about 2 MB of JSON, far beyond what any link carries.
    let huge = large_project(20_000);
    let err = link::write(&huge, "").unwrap_err();
    assert!(matches!(err, LinkError::TooLong { len, .. } if len > MAX_LINK_CHARS));
}

// See: issue 15
#[test]
fn a_truncated_link_is_an_error_naming_the_cut() {
    let url = link::write(&kitchen_sink_project(), BASE).unwrap();
    let base_len = BASE.len() + 3;
    let mut kinds = std::collections::BTreeSet::new();
    for cut in base_len..url.len() {
        let err = link::read(&url[..cut]).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("the share link"), "{cut}: {message}");
        match err {
            LinkError::Empty => kinds.insert("empty"),
            LinkError::Base64(_) => kinds.insert("base64"),
            LinkError::Truncated => kinds.insert("truncated"),
            LinkError::Checksum => kinds.insert("checksum"),
            other => panic!("{cut}: {other:?}"),
        };
    }
    // Most cuts end the deflate stream early and say so.
    assert!(
        kinds.contains("truncated") && kinds.contains("base64"),
        "{kinds:?}"
    );
    // (A cut at a whole number of base64 groups, so that the base64 still decodes.)
    let cut = url.len() - payload(&url).len() % 4 - 20;
    assert_eq!(
        link::read(&url[..cut]).unwrap_err().to_string(),
        "the share link is cut short: its compressed data ends early (was the link cut when it was copied?)"
    );
    assert_eq!(
        link::read(&format!("{BASE}#p=")).unwrap_err(),
        LinkError::Empty
    );
}

#[test]
fn a_character_outside_base64url_is_named() {
    let url = link::write(&small_project(), BASE).unwrap();
    let mut damaged = url.clone();
    damaged.insert(BASE.len() + 3 + 10, '+');
    assert_eq!(
        link::read(&damaged).unwrap_err().to_string(),
        "the share link is damaged: character 11 '+' of the data after #p= is not URL-safe base64 (A-Z, a-z, 0-9, - and _)"
    );
    // Something a chat client appended.
    let err = link::read(&format!("{url}&utm_source=chat")).unwrap_err();
    assert!(matches!(err, LinkError::Base64(_)), "{err:?}");
}

// See: issue 15
#[test]
fn a_link_of_another_version_is_refused_by_its_version() {
    let url = link::write(&small_project(), BASE).unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(payload(&url)).unwrap();
    bytes[0] = 3;
    assert_eq!(
        link::read(&link_of_bytes(&bytes)).unwrap_err().to_string(),
        "the share link was made by a newer fwpolicy (link version 3); this version reads link versions 1 to 2"
    );
    bytes[0] = 0;
    assert_eq!(
        link::read(&link_of_bytes(&bytes)).unwrap_err(),
        LinkError::Version(0)
    );
}

#[test]
fn data_that_is_not_deflate_or_not_the_project_is_named() {
    // Not a zlib stream at all.
    for version in [LINK_VERSION, OLDEST_LINK_VERSION] {
        let mut bytes = vec![version];
        bytes.extend(1..=16);
        let err = link::read(&link_of_bytes(&bytes)).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the share link is damaged: its data is not deflate-compressed"),
            "{err}"
        );
    }
    // A good stream whose SHA-256 check, or whose Adler-32, was changed.
    let json = formats::project::to_json_compact(&small_project());
    let good = v2_bytes(json.as_bytes(), 6);
    assert_eq!(
        link::read(&link_of_bytes(&good)).unwrap().0,
        small_project()
    );
    for back in [1, CHECK_BYTES, CHECK_BYTES + 1, CHECK_BYTES + 4] {
        let mut bytes = good.clone();
        let at = bytes.len() - back;
        bytes[at] ^= 1;
        let err = link::read(&link_of_bytes(&bytes)).unwrap_err();
        assert_eq!(err, LinkError::Checksum, "{back}");
        assert_eq!(
            err.to_string(),
            "the share link is damaged: its checksum does not match (a character was changed)"
        );
    }
    // The same in a version-1 link: its Adler-32.
    let mut bytes = v1_bytes(json.as_bytes(), 6);
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert_eq!(
        link::read(&link_of_bytes(&bytes)).unwrap_err(),
        LinkError::Checksum
    );
    // Not text.
    for bytes in [v2_bytes(&[0xff, 0xfe, 0], 6), v1_bytes(&[0xff, 0xfe, 0], 6)] {
        assert!(matches!(
            link::read(&link_of_bytes(&bytes)),
            Err(LinkError::NotText(_))
        ));
    }
    // A version-2 payload too short to hold its check is cut short.
    assert_eq!(
        link::read(&link_of_bytes(&[LINK_VERSION, 0x78, 0xda, 1])).unwrap_err(),
        LinkError::Truncated
    );
    // JSON, but not a project.
    assert_eq!(
        link::read(&link_of_text(r#"{"hello":"world"}"#)).unwrap_err().to_string(),
        "the share link holds no readable fwpolicy project: not an fwpolicy project: there is no \"format\" key; an fwpolicy project starts with \"format\": \"fwpolicy\""
    );
    // A project with a value the model cannot hold: the error names the JSON path.
    let bad = r#"{"format":"fwpolicy","version":1,"policy":{"domain":{"portExceptions":{"state":"enabled","items":[{"port":70000,"transport":"TCP","scope":"*","status":"enabled","name":"x"}]}}}}"#;
    let err = link::read(&link_of_text(bad)).unwrap_err();
    assert!(
        matches!(&err, LinkError::Project(ProjectError::Invalid(_))),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("policy.domain.portExceptions.items[0].port"),
        "{err}"
    );
}

#[test]
fn a_link_that_unpacks_to_a_lot_is_read_within_its_cap() {
    // The most a link can carry: ~6,000 compressed bytes of zeros unpack to megabytes, which
    // are read (and refused as not JSON) rather than trusted.
    let zeros = vec![b' '; 5_000_000];
    let url = link_of_bytes(&v2_bytes(&zeros, 10));
    assert!(url.len() <= MAX_LINK_CHARS, "{}", url.len());
    let err = link::read(&url).unwrap_err();
    assert!(
        matches!(err, LinkError::Project(ProjectError::Json { .. })),
        "{err:?}"
    );
}

// See: issue 15
#[test]
fn a_link_written_by_version_1_still_reads() {
    for p in [small_project(), kitchen_sink_project()] {
        let json = formats::project::to_json_compact(&p);
        let old = link_of_bytes(&v1_bytes(json.as_bytes(), 10));
        let (back, diagnostics) = link::read(&old).unwrap();
        assert_eq!(back, p);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // Through the formats entry point too.
        assert_eq!(formats::read(None, old.as_bytes()).unwrap().project, p);
    }
}

/// The property test `a_changed_character_is_an_error_or_changes_nothing` once failed with
/// `at = 5810, by = 59`: in a version-1 link (Adler-32 only) that one changed base64 character
/// turned a deflate back-reference so that "Firewall" unpacked as "Firemonf" with the same
/// Adler-32, and the link read as another policy without an error. Version 2 carries the
/// SHA-256 of the project JSON.
#[test]
fn a_changed_character_that_keeps_the_adler32_is_an_error() {
    let p = small_project();
    // The failing case as the property test applies it, to the link written now.
    let url = link::write(&p, BASE).unwrap();
    match link::read(&changed_character(&url, 5810, 59)) {
        Ok((back, _)) => assert_eq!(back, p),
        Err(e) => assert!(e.to_string().starts_with("the share link"), "{e}"),
    }
    // The very damage of the failure, to the version-1 link fwpolicy wrote then: it still
    // unpacks, Adler-32 and all, to another project (why version 2 exists)...
    let json = formats::project::to_json_compact(&p);
    let v1 = link_of_bytes(&v1_bytes(json.as_bytes(), 10));
    let damaged_v1 = changed_character(&v1, 5810, 59);
    let damaged_bytes = URL_SAFE_NO_PAD.decode(payload(&damaged_v1)).unwrap();
    let unpacked = miniz_oxide::inflate::decompress_to_vec_zlib(&damaged_bytes[1..]).unwrap();
    let unpacked = String::from_utf8(unpacked).unwrap();
    assert_ne!(unpacked, json);
    assert!(unpacked.contains("Firemonf"), "{unpacked}");
    // ...and the same character changed the same way in the version-2 link (whose zlib
    // stream sits at the same base64 characters, after the same version byte) is refused.
    let v1_payload = payload(&v1);
    let v2_payload = payload(&url);
    let i = 5810 % v1_payload.len();
    // (The second character holds the version byte's last bits.)
    assert_eq!(
        v1_payload[2..=i],
        v2_payload[2..=i],
        "the zlib stream moved"
    );
    let damaged_v2 = changed_character(&url, i, 59);
    assert_eq!(link::read(&damaged_v2).unwrap_err(), LinkError::Checksum);
    assert_eq!(
        link::read(&damaged_v2).unwrap_err().to_string(),
        "the share link is damaged: its checksum does not match (a character was changed)"
    );
}

/// Every character of the payload changed: an error or the same project, never another one
/// (the small project's characters every way they can be changed, the kitchen sink's a few
/// ways, including the failing case's).
#[test]
fn no_changed_character_reads_as_another_project() {
    let every: Vec<u8> = (1..64).collect();
    let a_few = [1, 2, 4, 8, 16, 32, 59, 63];
    for (p, bys) in [
        (small_project(), &every[..]),
        (kitchen_sink_project(), &a_few[..]),
    ] {
        let url = link::write(&p, BASE).unwrap();
        let len = payload(&url).len();
        let mut errors = 0;
        for at in 0..len {
            for &by in bys {
                match link::read(&changed_character(&url, at, by)) {
                    Ok((back, _)) => assert_eq!(back, p, "at = {at}, by = {by}"),
                    Err(e) => {
                        assert!(e.to_string().starts_with("the share link"), "{e}");
                        errors += 1;
                    }
                }
            }
        }
        // Nearly every change is an error (a few touch only bits deflate ignores).
        let tries = len * bys.len();
        assert!(errors * 100 > tries * 95, "{errors} of {tries}");
    }
}
