//! `cargo xtask fuzz [TARGET...] [--secs N] [--seed S] [--replay FILE]` and the fuzzing step of
//! `cargo xtask test`: both run the `fwpolicy-fuzz` binary (`fuzz/`), optimised, and the
//! step puts each target's executions in the summary.

use std::process::Command;
use std::time::Instant;

use crate::process::{run, run_capture, Result};
use crate::report::{format_duration, Summary};

/// Seconds per target in `cargo xtask test` (six targets: two minutes in all).
pub const TEST_SECS: u32 = 20;

fn fuzz_binary(args: &[String]) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(["run", "--quiet", "-p", "fwpolicy-fuzz", "--release", "--"])
        .args(args);
    cmd
}

/// `cargo xtask fuzz ...`: the arguments go to the fuzz binary (see `fuzz/src/main.rs`).
pub fn command(args: &[String]) -> Result<()> {
    run(&mut fuzz_binary(args))
}

/// The test step: every target for [`TEST_SECS`] seconds; fails when a target fails.
pub fn step(summary: &mut Summary) -> Result<()> {
    let started = Instant::now();
    let out = run_capture(&mut fuzz_binary(&[
        "--secs".to_string(),
        TEST_SECS.to_string(),
    ]))?;
    for (target, result) in figure_lines(&out) {
        summary.figure("fuzzing (fuzz/, release)", target, result);
    }
    summary.note(format!(
        "{TEST_SECS} s per target, ran in {}",
        format_duration(started.elapsed())
    ));
    Ok(())
}

/// `fuzz pol: 1234 executions in 20.0 s (...)` → (`pol`, `1234 executions in 20.0 s (...)`).
fn figure_lines(out: &str) -> Vec<(&str, &str)> {
    out.lines()
        .filter_map(|l| l.strip_prefix("fuzz "))
        .filter_map(|l| l.split_once(": "))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_figure_per_target_line() {
        let out = "fuzzing with seed 7 (20 s per target)\n\
                   fuzz pol: 10 executions in 20.0 s (3 seeds, 1 kept, 2 behaviours), no failure\n\
                   fuzz lgpo: 5 executions in 20.0 s (1 seeds, 0 kept, 1 behaviours), no failure\n";
        let figures = figure_lines(out);
        assert_eq!(figures.len(), 2);
        assert_eq!(figures[0].0, "pol");
        assert!(figures[1].1.starts_with("5 executions"));
    }
}
