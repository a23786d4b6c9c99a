//! Every seed of every target passes the target's checks (the quick, deterministic part of
//! the fuzzing; `cargo xtask fuzz` runs the mutations).

use fwpolicy_fuzz::{corpus, execute, TARGETS};

#[test]
fn every_seed_passes_its_target() {
    for target in TARGETS {
        let seeds = corpus::seeds(target.name);
        assert!(
            seeds.len() >= 5,
            "{}: only {} seeds",
            target.name,
            seeds.len()
        );
        for (i, seed) in seeds.iter().enumerate() {
            if let Err(message) = execute(target, seed) {
                panic!("{} seed {i}: {message}", target.name);
            }
        }
    }
}

// See: issue 11
#[test]
fn the_issue_cases_are_in_the_committed_corpus() {
    for (target, file) in [
        ("pol", "issue11-comma-scope.pol"),
        ("lgpo", "issue11-nul-in-names.txt"),
        ("reg", "issue11-nul-in-names.reg"),
        ("json", "issue11-nul-in-names.json"),
        ("lines", "issue11-comma-scope.txt"),
        ("table", "issue11-wide-ranges.tsv"),
    ] {
        assert!(
            corpus::corpus_dir(target).join(file).is_file(),
            "{target}/{file}"
        );
    }
}
