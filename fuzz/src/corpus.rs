//! The seed corpus of each target.
//!
//! * `fuzz/corpus/<target>/*`: committed inputs, among them the cases of issue 11 (the
//!   comma-only scope, NUL in names, over-long names, empty files);
//! * the golden files under `core/tests/data/*/` in the target's format;
//! * every preset written in every format: readable formats feed their own target, the
//!   exception definitions feed `lines`, the scripts and reports feed `lines` and `table` as
//!   text that is almost, but not quite, what those importers expect.

use std::fs;
use std::path::{Path, PathBuf};

use fwpolicy_core::formats::{self, Format, WriteOptions};
use fwpolicy_core::{presets, ProfileKind};

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// The folder of committed seeds for `target`.
pub fn corpus_dir(target: &str) -> PathBuf {
    workspace_root().join("fuzz/corpus").join(target)
}

/// Every seed of `target`, in a stable order.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut out = files_in(&corpus_dir(target));
    let golden = match target {
        "pol" => Some("Registry.pol"),
        "lgpo" => Some("lgpo.txt"),
        "reg" => Some("policy.reg"),
        "json" => Some("policy.json"),
        _ => None,
    };
    let data = workspace_root().join("core/tests/data");
    if let Some(name) = golden {
        let mut dirs: Vec<PathBuf> = fs::read_dir(&data)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        dirs.sort();
        for dir in dirs {
            if let Ok(bytes) = fs::read(dir.join(name)) {
                out.push(bytes);
            }
        }
    }
    if target == "table" {
        if let Ok(bytes) =
            fs::read(workspace_root().join("core/data/ibm-systems-director-ports.tsv"))
        {
            out.push(bytes);
        }
    }
    out.extend(preset_seeds(target));
    out
}

fn files_in(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| fs::read(p).ok())
        .collect()
}

/// Every preset in every format, as seeds for `target`.
fn preset_seeds(target: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let options = WriteOptions::default();
    for info in presets::all() {
        let Some(project) = presets::get(info.id) else {
            continue;
        };
        for format in Format::ALL {
            let Ok(written) = formats::write(format, &project, &options) else {
                continue;
            };
            let wanted = match target {
                "pol" => format == Format::RegistryPol,
                "lgpo" => format == Format::Lgpo,
                "reg" => format == Format::Reg,
                "json" => format == Format::Json,
                "lines" | "table" => !format.is_binary() && !format.is_readable(),
                _ => false,
            };
            if wanted {
                out.push(written.bytes);
            }
        }
        if target == "lines" {
            let mut lines = String::new();
            for kind in ProfileKind::ALL {
                let profile = project.policy.profile(kind);
                for p in &profile.programs.options {
                    lines.push_str(&format!("{p}\n"));
                }
                for p in &profile.ports.options {
                    lines.push_str(&format!("{p}\n"));
                }
            }
            out.push(lines.into_bytes());
        }
    }
    out
}
