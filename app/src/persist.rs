//! The autosave envelope: what is written to the browser's local storage after every edit.
//!
//! Layout (text): a header line `fwpolicy-autosave <version>`, a line of flags
//! (`unexported=0|1`), then the project exactly as `core::project::to_json` writes it (the
//! file the admin can also download as `<title>.fwpolicy.json`). Invariants:
//! * A save this version cannot read (corrupted, or written by a newer editor) is never
//!   overwritten: the caller copies it to a "kept aside" key first and tells the admin.
//! * Reading never panics; every failure is a [`LoadProblem`] with an admin-readable reason.

use fwpolicy_core::formats::project::{self, Project, ProjectError};

use crate::state::Doc;

/// Local-storage key of the autosave.
pub const KEY: &str = "fwpolicy.autosave";
/// Prefix of keys holding saves that could not be read.
pub const ASIDE_PREFIX: &str = "fwpolicy.autosave.kept-";
/// Envelope version this editor writes.
pub const VERSION: u32 = 1;
const MAGIC: &str = "fwpolicy-autosave";

/// A save read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The project.
    pub project: Project,
    /// Whether there were changes not yet exported when it was saved.
    pub unexported: bool,
}

/// Why a save could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// Written by a newer version of the editor.
    Newer(u32),
    /// Not a save this editor understands.
    Corrupt(String),
}

impl LoadProblem {
    /// Sentence for the admin.
    pub fn describe(&self) -> String {
        match self {
            LoadProblem::Newer(v) => format!(
                "The saved work was written by a newer version of fwpolicy (save format {v}; this page reads {VERSION})."
            ),
            LoadProblem::Corrupt(why) => format!("The saved work could not be read: {why}."),
        }
    }
}

/// The text saved for a document; `unexported` says whether it holds changes not exported yet.
pub fn encode(doc: &Doc, unexported: bool) -> String {
    let unexported = u8::from(unexported);
    format!(
        "{MAGIC} {VERSION}\nunexported={unexported}\n{}",
        project::to_json(&doc.project())
    )
}

/// Reads a saved text.
pub fn decode(text: &str) -> Result<Restored, LoadProblem> {
    let mut lines = text.splitn(3, '\n');
    let header = lines.next().unwrap_or_default();
    let Some(version) = header.strip_prefix(MAGIC).map(str::trim) else {
        return Err(LoadProblem::Corrupt(
            "it does not start with the autosave header".into(),
        ));
    };
    let version: u32 = version
        .parse()
        .map_err(|_| LoadProblem::Corrupt(format!("the version {version:?} is not a number")))?;
    if version > VERSION {
        return Err(LoadProblem::Newer(version));
    }
    let flags = lines.next().unwrap_or_default();
    let unexported = flags.trim() == "unexported=1";
    let body = lines.next().unwrap_or_default();
    let (project, _warnings) = project::from_json(body).map_err(|e| match e {
        ProjectError::NewerVersion(v) => LoadProblem::Newer(u32::try_from(v).unwrap_or(u32::MAX)),
        other => LoadProblem::Corrupt(other.to_string()),
    })?;
    Ok(Restored {
        project,
        unexported,
    })
}

/// A free key to keep an unreadable save under, given the keys already present.
pub fn aside_key(existing: &[String], stamp: u64) -> String {
    let mut n = 0u32;
    loop {
        let key = if n == 0 {
            format!("{ASIDE_PREFIX}{stamp}")
        } else {
            format!("{ASIDE_PREFIX}{stamp}-{n}")
        };
        if !existing.contains(&key) {
            return key;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::model::edit::Edit;
    use fwpolicy_core::{ProfileKind, SettingId, State};

    fn doc() -> Doc {
        let mut d = Doc::new(fwpolicy_core::Policy::default(), "Branch offices");
        let _ = d.history.apply(
            &mut d.policy,
            Edit::set_state(
                ProfileKind::Domain,
                SettingId::ProtectAllConnections,
                State::Enabled,
            ),
        );
        d
    }

    #[test]
    fn round_trip_keeps_policy_title_and_unexported_flag() {
        let d = doc();
        let text = encode(&d, d.history.has_unexported_changes());
        assert!(text.starts_with("fwpolicy-autosave 1\nunexported=1\n"));
        let r = decode(&text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.project.policy, d.policy);
        assert_eq!(r.project.title, "Branch offices");
        assert!(text.contains("\"format\": \"fwpolicy\""), "{text}");
        assert!(r.unexported);
    }

    #[test]
    fn newer_and_corrupt_saves_are_reported() {
        assert_eq!(
            decode("fwpolicy-autosave 7\nunexported=0\n"),
            Err(LoadProblem::Newer(7))
        );
        assert!(matches!(decode("garbage"), Err(LoadProblem::Corrupt(_))));
        let newer_project = encode(&doc(), false).replace("\"version\": 1", "\"version\": 3");
        assert_eq!(decode(&newer_project), Err(LoadProblem::Newer(3)));
        let truncated = &encode(&doc(), false)[..40];
        assert!(matches!(decode(truncated), Err(LoadProblem::Corrupt(_))));
        assert!(LoadProblem::Newer(7).describe().contains("newer version"));
    }

    #[test]
    fn aside_key_never_collides() {
        let existing = vec![format!("{ASIDE_PREFIX}5"), format!("{ASIDE_PREFIX}5-1")];
        assert_eq!(aside_key(&existing, 5), format!("{ASIDE_PREFIX}5-2"));
        assert_eq!(aside_key(&[], 9), format!("{ASIDE_PREFIX}9"));
    }
}
