//! # fwpolicy-fuzz
//!
//! Fuzzing of fwpolicy-core's readers on stable Rust, with no tool to install: an in-process
//! mutation loop (random numbers from `fastrand`) over a seed corpus, with a cheap behavioural
//! feedback (a mutated input that makes the code say something new joins the corpus).
//!
//! * [`targets`]: one target per reader (Registry.pol, LGPO text, .reg, project JSON, pasted
//!   lines, pasted tables) and the checks every input must pass.
//! * [`corpus`]: the seeds: `fuzz/corpus/<target>/` (committed cases, including those of
//!   issue 11), the golden files under `core/tests/data/`, and every preset written in every
//!   format.
//! * [`run`]: the loop, bounded in time; a failing input is saved under
//!   `target/fuzz-failures/` and can be replayed with `cargo xtask fuzz TARGET --replay FILE`.
//!
//! `cargo xtask test` runs every target for a few seconds; `cargo xtask fuzz [TARGET]
//! [--secs N]` runs longer.

pub mod corpus;
pub mod mutate;
pub mod targets;

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use targets::{Target, TARGETS};

/// Mutated inputs are kept below this size so that each execution stays fast (the huge-input
/// cases are regression tests of their own).
pub const MAX_INPUT: usize = 64 * 1024;
/// The in-memory corpus stops growing at this many inputs.
pub const MAX_CORPUS: usize = 4096;

/// What one target's run did.
#[derive(Debug)]
pub struct Outcome {
    /// Inputs run (seeds and mutations).
    pub executions: u64,
    /// Seeds loaded.
    pub seeds: usize,
    /// Mutated inputs kept because they showed a new behaviour.
    pub kept: usize,
    /// Distinct behaviours seen.
    pub behaviours: usize,
    /// How long it ran.
    pub elapsed: Duration,
    /// The first failing input (saved to this file) and what failed.
    pub failure: Option<(PathBuf, String)>,
}

/// Runs one input through a target, turning a panic into an error.
pub fn execute(target: &Target, input: &[u8]) -> Result<u64, String> {
    match catch_unwind(AssertUnwindSafe(|| (target.run)(input))) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic".into());
            Err(format!("panicked: {message}"))
        }
    }
}

/// Runs `target` for `budget`: every seed once, then mutations until the time is up or an
/// input fails. Failing inputs are written to `failures_dir`.
pub fn run(
    target: &Target,
    seeds: Vec<Vec<u8>>,
    budget: Duration,
    seed: u64,
    failures_dir: &Path,
) -> Outcome {
    let started = Instant::now();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut outcome = Outcome {
        executions: 0,
        seeds: seeds.len(),
        kept: 0,
        behaviours: 0,
        elapsed: Duration::ZERO,
        failure: None,
    };
    let mut seen = HashSet::new();
    let mut corpus: Vec<Vec<u8>> = Vec::with_capacity(seeds.len());
    let fail = |input: &[u8], message: String, outcome: &mut Outcome| {
        let path = save_failure(failures_dir, target.name, input);
        outcome.failure = Some((path, message));
    };
    for input in seeds {
        outcome.executions += 1;
        match execute(target, &input) {
            Ok(signature) => {
                seen.insert(signature);
                corpus.push(input);
            }
            Err(message) => {
                fail(&input, format!("seed: {message}"), &mut outcome);
                outcome.elapsed = started.elapsed();
                return outcome;
            }
        }
    }
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let dictionary = mutate::dictionary(target.utf16);
    while started.elapsed() < budget {
        // Check the clock every few executions only.
        for _ in 0..16 {
            let input = mutate::mutate(&mut rng, &corpus, &dictionary, MAX_INPUT);
            outcome.executions += 1;
            match execute(target, &input) {
                Ok(signature) => {
                    if seen.insert(signature) && corpus.len() < MAX_CORPUS {
                        corpus.push(input);
                        outcome.kept += 1;
                    }
                }
                Err(message) => {
                    fail(&input, message, &mut outcome);
                    outcome.behaviours = seen.len();
                    outcome.elapsed = started.elapsed();
                    return outcome;
                }
            }
        }
    }
    outcome.behaviours = seen.len();
    outcome.elapsed = started.elapsed();
    outcome
}

fn save_failure(dir: &Path, target: &str, input: &[u8]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    input.hash(&mut h);
    let path = dir.join(format!("{target}-{:016x}.bin", h.finish()));
    // Saving is a convenience: the message is reported whether or not the file could be written.
    let _ = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, input));
    path
}
