//! Where GPOs come from: a Registry.pol file, a GPMC backup (folder or `.zip`), or a SYSVOL
//! `Policies\{GUID}` folder. Pure: a folder is given as a list of (relative path, bytes)
//! entries and a zip as its bytes; the caller reads the files ([`wanted`] says which ones are
//! worth reading).
//!
//! Layouts recognised (paths compared without regard to case, `\` and `/` alike, at any depth
//! so that a zip holding a top folder works too):
//! * GPMC backup (Backup-GPO, "Back Up All"): `<backup id>\DomainSysvol\GPO\Machine\registry.pol`,
//!   the GPO's GUID and display name from `<backup id>\bkupInfo.xml` (`GPOGuid`,
//!   `GPODisplayName`) or else `<backup id>\Backup.xml` (`GroupPolicyCoreSettings` `ID`,
//!   `DisplayName`). The folder name is the backup's id, not the GPO's GUID.
//! * SYSVOL: `{GUID}\Machine\Registry.pol` (reference §3.3), the display name from
//!   `{GUID}\GPT.INI` (`displayName=` of `[General]`) when present, the GUID from the folder name.
//!
//! GPOs are listed in the order their Registry.pol entries come (a folder's entries as the
//! caller lists them, a zip's in archive order); the admin chooses the order of application.
//! A `User\Registry.pol` is not read: the firewall policies are computer-side (reference
//! conventions).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event as XmlEvent;
use quick_xml::Reader;

use crate::formats::limits::MAX_INPUT_BYTES;
use crate::formats::pol::SIGNATURE;
use crate::model::diagnostic::{excerpt, Code, Diagnostic};

/// One GPO to merge: where it came from, its identity when known, and its computer-side
/// Registry.pol.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Gpo {
    /// Where it was found: the file name for a Registry.pol, else the GPO's folder inside the
    /// folder or zip (`Backups/{…}`), as spelled there.
    pub origin: String,
    /// The GPO's GUID (`{…}`), when the layout says it.
    pub guid: Option<String>,
    /// The GPO's display name, when the layout says it.
    pub name: Option<String>,
    /// The Registry.pol bytes.
    pub registry_pol: Vec<u8>,
}

impl Gpo {
    /// A GPO read from a Registry.pol file named `origin`.
    pub fn from_pol(origin: &str, bytes: Vec<u8>) -> Gpo {
        Gpo {
            origin: origin.to_string(),
            guid: None,
            name: None,
            registry_pol: bytes,
        }
    }

    /// How the GPO is named to the admin: `Display name {GUID}`, the name, the GUID, or where
    /// it was found.
    pub fn label(&self) -> String {
        match (&self.name, &self.guid) {
            (Some(n), Some(g)) => format!("{n} {g}"),
            (Some(n), None) => n.clone(),
            (None, Some(g)) => g.clone(),
            (None, None) => self.origin.clone(),
        }
    }
}

/// The GPOs found in a folder or zip, and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    /// The GPOs with a computer-side Registry.pol, in the order found.
    pub gpos: Vec<Gpo>,
    /// Missing files, unreadable metadata, GPOs skipped (code `resultant-input`).
    pub diagnostics: Vec<Diagnostic>,
}

/// What a file's content says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A Registry.pol file (`PReg` signature).
    RegistryPol,
    /// A zip archive.
    Zip,
    /// Neither.
    Unknown,
}

/// Tells a Registry.pol from a zip by their first bytes.
pub fn kind_of(bytes: &[u8]) -> InputKind {
    if bytes.starts_with(&SIGNATURE) {
        InputKind::RegistryPol
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        InputKind::Zip
    } else {
        InputKind::Unknown
    }
}

/// Why a zip archive could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}: not a readable zip archive ({reason})")]
pub struct ZipError {
    /// The archive's name as given.
    pub name: String,
    /// What the zip reader said.
    pub reason: String,
}

const METADATA: [&str; 3] = ["bkupinfo.xml", "backup.xml", "gpt.ini"];

/// Whether an entry at `path` is one [`from_folder`] reads (Registry.pol files and the GPO
/// metadata files); callers need not read the others.
pub fn wanted(path: &str) -> bool {
    let lower = components(path)
        .last()
        .map(|c| c.to_lowercase())
        .unwrap_or_default();
    lower == "registry.pol" || METADATA.contains(&lower.as_str())
}

/// Path components, either slash, without empty and `.` parts.
fn components(path: &str) -> Vec<&str> {
    path.split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect()
}

fn lower_join(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.to_lowercase())
        .collect::<Vec<_>>()
        .join("/")
}

fn ends_with_ci(parts: &[&str], tail: &[&str]) -> bool {
    parts.len() >= tail.len()
        && parts
            .iter()
            .rev()
            .zip(tail.iter().rev())
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
}

fn input_note(message: String) -> Diagnostic {
    Diagnostic::warning(Code::ResultantInput, message)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Backup,
    Sysvol,
}

/// The GPOs in a folder named `folder` (its last path component, used as the GPO's folder
/// name when the entries are the GPO folder's own), given as (path relative to the folder,
/// bytes) entries in the order to list them.
pub fn from_folder(folder: &str, entries: Vec<(String, Vec<u8>)>) -> Found {
    let mut found = Found::default();
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for (i, (path, _)) in entries.iter().enumerate() {
        by_path.entry(lower_join(&components(path))).or_insert(i);
    }
    let bytes_at = |lower: &str| -> Option<&[u8]> {
        by_path
            .get(lower)
            .and_then(|&i| entries.get(i))
            .map(|(_, b)| b.as_slice())
    };
    let mut roots: Vec<String> = Vec::new();
    for (path, bytes) in &entries {
        let parts = components(path);
        let (layout, root) = if ends_with_ci(
            &parts,
            &["DomainSysvol", "GPO", "Machine", "registry.pol"],
        ) {
            (
                Layout::Backup,
                parts.get(..parts.len() - 4).unwrap_or_default(),
            )
        } else if ends_with_ci(&parts, &["Machine", "registry.pol"]) {
            (
                Layout::Sysvol,
                parts.get(..parts.len() - 2).unwrap_or_default(),
            )
        } else {
            if ends_with_ci(&parts, &["User", "registry.pol"]) {
                found.diagnostics.push(Diagnostic::info(
                    Code::ResultantInput,
                    format!(
                        "{}: user-side Registry.pol not read (the firewall policies are computer-side)",
                        excerpt(path)
                    ),
                ));
            }
            continue;
        };
        let root_lower = lower_join(root);
        if roots.contains(&root_lower) {
            found.diagnostics.push(input_note(format!(
                "{}: a second computer Registry.pol for the same GPO (names differ only in case); the first one is used",
                excerpt(path)
            )));
            continue;
        }
        roots.push(root_lower.clone());
        let at = |name: &str| {
            if root_lower.is_empty() {
                name.to_string()
            } else {
                format!("{root_lower}/{name}")
            }
        };
        let folder_name = root.last().copied().unwrap_or(folder);
        let origin = if root.is_empty() {
            folder.to_string()
        } else {
            root.join("/")
        };
        let mut gpo = Gpo {
            origin: origin.clone(),
            guid: None,
            name: None,
            registry_pol: bytes.clone(),
        };
        match layout {
            Layout::Backup => {
                if let Some(xml) = bytes_at(&at("bkupinfo.xml")) {
                    match xml_fields(xml, &[&["BackupInst", "GPOGuid"], &["BackupInst", "GPODisplayName"]]) {
                        Ok(v) => {
                            let mut v = v.into_iter();
                            gpo.guid = v.next().flatten();
                            gpo.name = v.next().flatten();
                        }
                        Err(e) => found.diagnostics.push(input_note(format!(
                            "{origin}/bkupInfo.xml is not readable XML ({e}); the GPO's name is taken from Backup.xml"
                        ))),
                    }
                }
                if gpo.guid.is_none() || gpo.name.is_none() {
                    if let Some(xml) = bytes_at(&at("backup.xml")) {
                        match xml_fields(
                            xml,
                            &[
                                &["GroupPolicyCoreSettings", "ID"],
                                &["GroupPolicyCoreSettings", "DisplayName"],
                            ],
                        ) {
                            Ok(v) => {
                                let mut v = v.into_iter();
                                gpo.guid = gpo.guid.or(v.next().flatten());
                                gpo.name = gpo.name.or(v.next().flatten());
                            }
                            Err(e) => found.diagnostics.push(input_note(format!(
                                "{origin}/Backup.xml is not readable XML ({e})"
                            ))),
                        }
                    }
                }
                if gpo.guid.is_none() && gpo.name.is_none() {
                    found.diagnostics.push(input_note(format!(
                        "{origin}: no bkupInfo.xml or Backup.xml naming the GPO; it is shown by its folder"
                    )));
                }
            }
            Layout::Sysvol => {
                if looks_like_guid(folder_name) {
                    gpo.guid = Some(folder_name.to_string());
                }
                if let Some(ini) = bytes_at(&at("gpt.ini")) {
                    gpo.name = gpt_display_name(ini);
                }
            }
        }
        found.gpos.push(gpo);
    }
    // GPO folders with metadata but no computer Registry.pol contribute nothing: say so.
    for (path, _) in &entries {
        let parts = components(path);
        let Some((last, dir)) = parts.split_last() else {
            continue;
        };
        let lower = last.to_lowercase();
        if lower != "bkupinfo.xml" && lower != "gpt.ini" {
            continue;
        }
        if roots.contains(&lower_join(dir)) {
            continue;
        }
        let shown = if dir.is_empty() {
            folder.to_string()
        } else {
            dir.join("/")
        };
        found.diagnostics.push(Diagnostic::info(
            Code::ResultantInput,
            format!(
                "{}: GPO without a computer Registry.pol (no computer Administrative Templates settings); nothing to merge from it",
                excerpt(&shown)
            ),
        ));
    }
    if found.gpos.is_empty() {
        found.diagnostics.push(Diagnostic::error(
            Code::ResultantInput,
            format!(
                "{}: no GPO found; expected a GPMC backup ({{backup id}}\\DomainSysvol\\GPO\\Machine\\registry.pol) or a SYSVOL GPO folder ({{GUID}}\\Machine\\Registry.pol)",
                excerpt(folder)
            ),
        ));
    }
    found
}

/// The GPOs in a zip archive (a GPMC backup or SYSVOL folders, zipped). Only the entries
/// [`wanted`] names are decompressed, each at most [`MAX_INPUT_BYTES`]; one that is larger or
/// damaged is skipped with a diagnostic.
pub fn from_zip(name: &str, bytes: &[u8]) -> Result<Found, ZipError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipError {
        name: name.to_string(),
        reason: e.to_string(),
    })?;
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for i in 0..archive.len() {
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                skipped.push(input_note(format!(
                    "{name}: entry {} cannot be read ({e}); skipped",
                    i + 1
                )));
                continue;
            }
        };
        let path = file.name().to_string();
        if file.is_dir() || !wanted(&path) {
            continue;
        }
        let mut data = Vec::new();
        let read = (&mut file).take(MAX_INPUT_BYTES + 1).read_to_end(&mut data);
        match read {
            Ok(n) if n as u64 > MAX_INPUT_BYTES => skipped.push(input_note(format!(
                "{name}: {} is larger than {MAX_INPUT_BYTES} bytes once decompressed; skipped",
                excerpt(&path)
            ))),
            Ok(_) => entries.push((path, data)),
            Err(e) => skipped.push(input_note(format!(
                "{name}: {} cannot be decompressed ({e}); skipped",
                excerpt(&path)
            ))),
        }
    }
    let mut found = from_folder(name, entries);
    skipped.extend(found.diagnostics);
    found.diagnostics = skipped;
    Ok(found)
}

/// `{8-4-4-4-12 hex}`.
fn looks_like_guid(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return false;
    };
    let groups: Vec<&str> = inner.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Text of a file as GPMC writes it (UTF-8 or UTF-16 with or without byte-order mark).
fn text_of(bytes: &[u8]) -> Option<String> {
    crate::formats::reg::decode_reg_bytes(bytes)
        .ok()
        .map(|t| t.trim_start_matches('\u{feff}').to_string())
}

/// `displayName=` of `GPT.INI` (any case, `[General]` section or before any section).
fn gpt_display_name(bytes: &[u8]) -> Option<String> {
    let text = text_of(bytes).unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned());
    let mut section = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.trim().to_ascii_lowercase();
            continue;
        }
        if !(section.is_empty() || section == "general") {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            if k.trim().eq_ignore_ascii_case("displayName") && !v.trim().is_empty() {
                return Some(v.trim().to_string());
            }
        }
    }
    None
}

/// The text of the first element at each of `paths` (the last element names, without
/// namespace prefix), trimmed; `None` where absent or blank.
fn xml_fields(bytes: &[u8], paths: &[&[&str]]) -> Result<Vec<Option<String>>, String> {
    let text = text_of(bytes).ok_or_else(|| "not UTF-8 or UTF-16 text".to_string())?;
    let mut reader = Reader::from_str(&text);
    let mut stack: Vec<String> = Vec::new();
    let mut out: Vec<Option<String>> = vec![None; paths.len()];
    let mut current: Option<(usize, String)> = None;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            XmlEvent::Start(e) => {
                stack.push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
                current = paths
                    .iter()
                    .position(|p| {
                        stack.len() >= p.len()
                            && stack.iter().rev().zip(p.iter().rev()).all(|(a, b)| a == b)
                    })
                    .filter(|&i| out.get(i).is_some_and(Option::is_none))
                    .map(|i| (i, String::new()));
            }
            XmlEvent::End(_) => {
                if let Some((i, value)) = current.take() {
                    let value = value.trim().to_string();
                    if let Some(slot) = out.get_mut(i) {
                        *slot = (!value.is_empty()).then_some(value);
                    }
                }
                stack.pop();
            }
            XmlEvent::Text(t) => {
                if let Some((_, value)) = current.as_mut() {
                    let raw = t.decode().map_err(|e| e.to_string())?;
                    value.push_str(&raw);
                }
            }
            XmlEvent::CData(c) => {
                if let Some((_, value)) = current.as_mut() {
                    value.push_str(&c.decode().map_err(|e| e.to_string())?);
                }
            }
            XmlEvent::GeneralRef(r) => {
                if let Some((_, value)) = current.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        value.push(c);
                    } else {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("unknown entity &{name};"))?;
                        value.push_str(resolved);
                    }
                }
            }
            XmlEvent::Eof => {
                if let Some(open) = stack.last() {
                    return Err(format!("the file ends inside <{open}>"));
                }
                break;
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_recognised() {
        assert!(looks_like_guid("{31B2F340-016D-11D2-945F-00C04FB984F9}"));
        assert!(!looks_like_guid("31B2F340-016D-11D2-945F-00C04FB984F9"));
        assert!(!looks_like_guid("{31B2F340}"));
    }

    #[test]
    fn gpt_ini_display_name() {
        let ini = b"[General]\r\nVersion=65537\r\ndisplayName=Firewall Base\r\n";
        assert_eq!(gpt_display_name(ini).as_deref(), Some("Firewall Base"));
        assert_eq!(gpt_display_name(b"[General]\r\nVersion=1\r\n"), None);
    }

    #[test]
    fn backup_xml_fields_with_cdata_and_entities() {
        let xml = br#"<?xml version="1.0" encoding="utf-8"?><GroupPolicyBackupScheme><GroupPolicyObject><GroupPolicyCoreSettings><ID><![CDATA[{A}]]></ID><DisplayName>R&amp;D &#65;</DisplayName></GroupPolicyCoreSettings></GroupPolicyObject></GroupPolicyBackupScheme>"#;
        let v = xml_fields(
            xml,
            &[
                &["GroupPolicyCoreSettings", "ID"],
                &["GroupPolicyCoreSettings", "DisplayName"],
            ],
        );
        assert_eq!(v, Ok(vec![Some("{A}".into()), Some("R&D A".into())]));
        assert!(xml_fields(b"<a><b></a>", &[&["a", "b"]]).is_err());
    }

    #[test]
    fn wanted_names_any_case_either_slash() {
        assert!(wanted(r"{X}\DomainSysvol\GPO\Machine\REGISTRY.POL"));
        assert!(wanted("x/bkupInfo.xml"));
        assert!(wanted("GPT.INI"));
        assert!(!wanted("x/gpreport.xml"));
    }
}
