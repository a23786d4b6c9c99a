//! Golden files for every preset in every format, written through `formats::write` — the same
//! path the CLI and the editor use. Regenerate with `UPDATE_GOLDENS=1 cargo test -p
//! fwpolicy-core --test golden_presets` and review the diff.
mod common;

use common::golden::check;
use common::regcases::entries_json;
use fwpolicy_core::formats::{self, Format, WriteOptions};
use fwpolicy_core::registry::to_records;
use fwpolicy_core::{formats::project, presets};

/// Golden file name per format (the names used across `core/tests/data/`).
fn golden_name(format: Format) -> &'static str {
    match format {
        Format::Json => "policy.json",
        Format::RegistryPol => "Registry.pol",
        Format::Lgpo => "lgpo.txt",
        Format::Reg => "policy.reg",
        Format::Netsh => "netsh.cmd",
        Format::NetshAdvfirewall => "netsh-advfirewall.cmd",
        Format::PowerShell => "firewall.ps1",
        Format::ReportHtml => "report.html",
        Format::ReportMd => "report.md",
        // Not in `Format::ALL` (links are copied, not downloaded): no golden files.
        Format::Link => "link.txt",
    }
}

#[test]
fn every_preset_in_every_format_matches_its_golden_file() {
    for info in presets::all() {
        let project = presets::get(info.id).unwrap_or_else(|| panic!("preset {} missing", info.id));
        for format in Format::ALL {
            let out = formats::write(format, &project, &WriteOptions::default())
                .unwrap_or_else(|e| panic!("{} as {format}: {e}", info.id));
            check(info.id, golden_name(format), &out.bytes);
        }
        let records = to_records(&project.policy).records;
        check(info.id, "registry.json", entries_json(&records).as_bytes());
    }
}

#[test]
fn every_preset_reads_back_from_each_readable_format() {
    for info in presets::all() {
        let project = presets::get(info.id).unwrap_or_else(|| panic!("preset {} missing", info.id));
        for format in Format::ALL.into_iter().filter(|f| f.is_readable()) {
            let out = formats::write(format, &project, &WriteOptions::default())
                .unwrap_or_else(|e| panic!("{} as {format}: {e}", info.id));
            assert_eq!(
                formats::detect(&out.bytes),
                Some(format),
                "{} {format}",
                info.id
            );
            let back = formats::read(None, &out.bytes)
                .unwrap_or_else(|e| panic!("{} from {format}: {e}", info.id));
            let expected = if format == Format::Json {
                project.policy.clone()
            } else {
                project.policy.normalized_for_registry()
            };
            assert_eq!(back.project.policy, expected, "{} via {format}", info.id);
            assert!(
                back.diagnostics.iter().all(|d| !d.is_error()),
                "{} via {format}: {:?}",
                info.id,
                back.diagnostics
            );
        }
    }
}

#[test]
fn presets_have_no_lint_errors() {
    for info in presets::all() {
        let project = presets::get(info.id).unwrap_or_else(|| panic!("preset {} missing", info.id));
        let errors: Vec<String> = fwpolicy_core::analysis::lint::check(&project.policy)
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", info.id);
        // The JSON golden is the project format's canonical text.
        let json = project::to_json(&project);
        assert_eq!(
            project::from_json(&json).map(|(p, _)| p).ok(),
            Some(project)
        );
    }
}
