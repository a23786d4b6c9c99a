//! The run summary: which steps passed (and how long they took), the test counts and every
//! figure (bundle size, first paint, benchmarks), printed as one block at the end.

use std::fmt::{self, Write as _};
use std::time::{Duration, Instant};

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::process::Error;

/// How a step ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed,
    NotRun,
}

struct StepLine {
    name: &'static str,
    outcome: Outcome,
    elapsed: Duration,
    note: Option<String>,
}

/// Test counts of one suite, read from the runner's closing lines.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests that were skipped or ignored.
    pub skipped: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }

    /// Sums every libtest line `test result: ok. 5 passed; 0 failed; 1 ignored; ...` (cargo
    /// test and wasm-bindgen-test-runner print one per test binary).
    pub fn from_libtest(output: &str) -> Counts {
        let mut total = Counts::default();
        for line in output.lines() {
            if let Some(rest) = line.trim().strip_prefix("test result: ") {
                total.add(Counts {
                    passed: number_before(rest, " passed"),
                    failed: number_before(rest, " failed"),
                    skipped: number_before(rest, " ignored"),
                });
            }
        }
        total
    }

    /// Reads plain closing lines `N passed, N failed` (optionally `, N skipped`, optionally
    /// after one word with a colon), as scripts in other languages print them.
    pub fn from_plain(output: &str) -> Counts {
        let mut total = Counts::default();
        for line in output.lines().map(str::trim) {
            let body = match line.split_once(": ") {
                Some((word, rest)) if !word.contains(' ') => rest,
                _ => line,
            };
            let parts: Vec<&str> = body.split(", ").collect();
            let count = |part: &str, label: &str| {
                part.strip_suffix(label)
                    .and_then(|n| n.trim().parse::<u64>().ok())
            };
            let (Some(passed), Some(failed)) = (
                parts.first().and_then(|p| count(p, " passed")),
                parts.get(1).and_then(|p| count(p, " failed")),
            ) else {
                continue;
            };
            let skipped = parts.get(2).and_then(|p| count(p, " skipped"));
            if parts.len() > 3 || (parts.len() == 3 && skipped.is_none()) {
                continue;
            }
            total.add(Counts {
                passed,
                failed,
                skipped: skipped.unwrap_or(0),
            });
        }
        total
    }

    /// Reads Playwright's closing lines (`  3 passed (4.2s)`, `  1 failed`, `  2 skipped`).
    pub fn from_playwright(output: &str) -> Counts {
        let mut total = Counts::default();
        for line in output.lines().map(str::trim) {
            let mut words = line.split_whitespace();
            let (Some(n), Some(word)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<u64>() else { continue };
            match word {
                "passed" => total.passed += n,
                "failed" | "flaky" => total.failed += n,
                "skipped" | "did" => total.skipped += n,
                _ => {}
            }
        }
        total
    }
}

/// The number right before `label` in `text` (`"5 passed"` → 5), or 0.
fn number_before(text: &str, label: &str) -> u64 {
    text.find(label)
        .and_then(|end| text[..end].rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0)
}

/// Everything a run reports at the end.
pub struct Summary {
    title: String,
    started: Instant,
    steps: Vec<StepLine>,
    suites: Vec<(String, Counts)>,
    figures: Vec<(String, String, String)>,
    pending_note: Option<String>,
}

impl Summary {
    /// An empty summary for the run called `title`, started now.
    pub fn new(title: &str) -> Summary {
        Summary {
            title: title.to_string(),
            started: Instant::now(),
            steps: Vec::new(),
            suites: Vec::new(),
            figures: Vec::new(),
            pending_note: None,
        }
    }

    /// Records test counts of a suite.
    pub fn suite(&mut self, name: &str, counts: Counts) {
        self.suites.push((name.to_string(), counts));
    }

    /// Records a figure (`group`, e.g. "bundle"; `label`; `value` with its unit).
    pub fn figure(&mut self, group: &str, label: &str, value: impl Into<String>) {
        self.figures
            .push((group.to_string(), label.to_string(), value.into()));
    }

    /// A short remark about the step that is running (e.g. "skipped: no benchmarks yet").
    pub fn note(&mut self, note: impl Into<String>) {
        self.pending_note = Some(note.into());
    }

    /// Records the end of a step.
    pub fn step_done(&mut self, name: &'static str, elapsed: Duration, error: Option<&Error>) {
        let outcome = if error.is_some() {
            Outcome::Failed
        } else {
            Outcome::Passed
        };
        let note = self.pending_note.take();
        self.steps.push(StepLine {
            name,
            outcome,
            elapsed,
            note,
        });
    }

    /// Records a step that did not run because an earlier one failed.
    pub fn step_not_run(&mut self, name: &'static str) {
        self.steps.push(StepLine {
            name,
            outcome: Outcome::NotRun,
            elapsed: Duration::ZERO,
            note: None,
        });
    }

    /// All test counts added up.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for (_, counts) in &self.suites {
            total.add(*counts);
        }
        total
    }

    /// The summary block; its last line is `tests: N passed, N failed, N skipped`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let failed = self.steps.iter().any(|s| s.outcome == Outcome::Failed);
        let verdict = if failed { "FAILED" } else { "all passed" };
        let total_time = format_duration(self.started.elapsed());
        let _ = writeln!(out, "\n==== {}: {verdict} in {total_time} ====", self.title);
        for step in &self.steps {
            let mark = match step.outcome {
                Outcome::Passed => "ok     ",
                Outcome::Failed => "FAILED ",
                Outcome::NotRun => "not run",
            };
            let time = match step.outcome {
                Outcome::NotRun => String::new(),
                _ => format_duration(step.elapsed),
            };
            let note = step.note.as_deref().unwrap_or("");
            let _ = writeln!(out, "  {mark} {:<32} {time:>8}  {note}", step.name);
        }
        if !self.suites.is_empty() {
            let _ = writeln!(out, "tests");
            for (name, c) in &self.suites {
                let _ = writeln!(
                    out,
                    "  {name:<34} {} passed, {} failed, {} skipped",
                    c.passed, c.failed, c.skipped
                );
            }
        }
        let mut group = "";
        for (g, label, value) in &self.figures {
            if g != group {
                let _ = writeln!(out, "{g}");
                group = g;
            }
            if label.is_empty() {
                let _ = writeln!(out, "  {value}");
            } else {
                let _ = writeln!(out, "  {label:<40} {value}");
            }
        }
        let t = self.total();
        let _ = write!(
            out,
            "tests: {} passed, {} failed, {} skipped",
            t.passed, t.failed, t.skipped
        );
        out
    }
}

/// `1.2 s`, `3 min 05 s`.
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = d.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

/// Reads a flat JSON object of numbers or strings (`{"first paint ms": 123.4}`), as written by
/// the browser tests, keeping the order of its keys.
pub fn parse_flat_json(text: &str) -> Result<Vec<(String, String)>, serde_json::Error> {
    serde_json::from_str::<Figures>(text).map(|f| f.0)
}

/// The pairs of a JSON object in file order; strings unquoted, other values as JSON.
struct Figures(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Figures {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Figures;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object of figures")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Figures, A::Error> {
                let mut pairs = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
                    let value = match value {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    pairs.push((key, value));
                }
                Ok(Figures(pairs))
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_counts_add_up_over_test_binaries() {
        let out = "running 3 tests\n\
                   test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                   test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(
            Counts::from_libtest(out),
            Counts {
                passed: 15,
                failed: 0,
                skipped: 1
            }
        );
    }

    #[test]
    fn a_failing_libtest_run_counts_its_failures() {
        let out = "test result: FAILED. 4 passed; 2 failed; 0 ignored; 0 measured\n";
        assert_eq!(Counts::from_libtest(out).failed, 2);
        assert_eq!(Counts::from_libtest(out).passed, 4);
    }

    #[test]
    fn playwright_closing_lines_are_counted() {
        let out = "Running 4 tests using 1 worker\n  ✓  1 smoke (2.1s)\n\n  3 passed (4.2s)\n  1 skipped\n";
        assert_eq!(
            Counts::from_playwright(out),
            Counts {
                passed: 3,
                failed: 0,
                skipped: 1
            }
        );
    }

    #[test]
    fn plain_closing_lines_are_counted_with_or_without_a_label() {
        let out =
            "checked 12 files\n12 passed, 0 failed\ncrosscheck: 3 passed, 1 failed, 2 skipped\n\
                   note: 5 passed, 0 failed, and more\n";
        assert_eq!(
            Counts::from_plain(out),
            Counts {
                passed: 15,
                failed: 1,
                skipped: 2
            }
        );
    }

    #[test]
    fn flat_json_figures_are_read_in_order() {
        let figures =
            parse_flat_json("{\n  \"load ms\": 140,\n  \"first-paint ms\": 81.2\n}\n").unwrap();
        assert_eq!(
            figures,
            vec![
                ("load ms".to_string(), "140".to_string()),
                ("first-paint ms".to_string(), "81.2".to_string())
            ]
        );
    }

    #[test]
    fn flat_json_keys_may_hold_commas_and_colons() {
        let figures =
            parse_flat_json(r#"{"open: 10k rows, ms": 12.5, "browser": "Chromium 130, headless"}"#)
                .unwrap();
        assert_eq!(
            figures,
            vec![
                ("open: 10k rows, ms".to_string(), "12.5".to_string()),
                ("browser".to_string(), "Chromium 130, headless".to_string())
            ]
        );
        assert!(parse_flat_json("{\"a\": 1,").is_err());
    }

    #[test]
    fn the_summary_ends_with_the_plain_count_line() {
        let mut summary = Summary::new("cargo xtask test");
        summary.suite(
            "host",
            Counts {
                passed: 7,
                failed: 0,
                skipped: 0,
            },
        );
        summary.step_done("format", Duration::from_millis(300), None);
        summary.step_not_run("benchmarks");
        let text = summary.render();
        assert!(text.contains("all passed"), "{text}");
        assert!(text.contains("not run benchmarks"), "{text}");
        assert!(
            text.ends_with("\ntests: 7 passed, 0 failed, 0 skipped"),
            "{text}"
        );
    }

    #[test]
    fn durations_read_like_a_person_would_write_them() {
        assert_eq!(format_duration(Duration::from_millis(1234)), "1.2 s");
        assert_eq!(format_duration(Duration::from_secs(185)), "3 min 05 s");
    }
}
