//! The checks of `cargo xtask test`, one function per step, run in order and stopped at the
//! first failure; plus the pieces `serve`, `size` and `bench` reuse.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::process::{run, run_capture, which, Error, Result};
use crate::report::{format_duration, parse_flat_json, Counts, Summary};
use crate::setup::{self, Browsers, CHROMEDRIVER, CHROMIUM, WASM_TARGET};

/// One step: a name for the summary and the function that does it.
pub type Step = (&'static str, fn(&mut Summary) -> Result<()>);

/// Crates that must never be in core's normal dependency tree (core is pure: no browser, no
/// OS randomness).
const IMPURE_CRATES: &[&str] = &["leptos", "web-sys", "wasm-bindgen", "js-sys", "getrandom"];
/// The app package (Leptos CSR, built by trunk).
const APP: &str = "fwpolicy-app";
/// The pure core package.
const CORE: &str = "fwpolicy-core";
/// Hard ceiling for the wasm + JS of the first load, gzip -9, in bytes (1 kB = 1000 bytes):
/// above it the size step fails.
const SIZE_CEILING: u64 = 450_000;
/// Size goal for the wasm + JS of the first load, gzip -9, in bytes (printed as met or not).
const SIZE_GOAL: u64 = 350_000;
/// Modules loaded on first use, not part of the first load: the file-name prefix and what
/// the summary calls them. The format engine is a web worker the editor starts on the first
/// export or file import (app/src/engine.rs); the Rollout view is a module the page imports
/// on the first visit of the view (app/src/lazy.rs).
const ON_FIRST_USE: [(&str, &str); 2] = [
    ("fwpolicy-engine", "format engine (on first export/import)"),
    ("fwpolicy-rollout", "Rollout view (on its first visit)"),
];

/// Every step of `cargo xtask test`, in order.
pub const TEST_STEPS: &[Step] = &[
    ("set-up", |_| setup::setup(Browsers::Needed)),
    ("format (cargo fmt --check)", format),
    ("clippy (host, all targets)", clippy_host),
    ("clippy (app for wasm32)", clippy_wasm),
    ("core purity", core_purity),
    ("docs (warnings are errors)", docs),
    ("host tests (cargo test)", host_tests),
    ("cross-check Registry.pol", crosscheck),
    ("release build (trunk)", release_build),
    ("wasm tests in Chromium", wasm_tests_chromium),
    ("wasm tests in Firefox", wasm_tests_firefox),
    ("browser e2e (Playwright)", e2e),
    ("fuzzing (20 s per target)", crate::fuzz::step),
    ("benchmarks", benches),
    // Last, so a build over the byte ceiling still gets every test and figure above.
    ("bundle size", size_report),
];

/// Runs `steps` in order, stops at the first failure and prints the summary either way.
pub fn run_steps(title: &str, steps: &[Step]) -> Result<()> {
    let mut summary = Summary::new(title);
    let mut failure = None;
    for (name, step) in steps {
        if failure.is_some() {
            summary.step_not_run(name);
            continue;
        }
        println!("\n---- {name} ----");
        let started = Instant::now();
        let result = step(&mut summary);
        summary.step_done(name, started.elapsed(), result.as_ref().err());
        if let Err(err) = result {
            eprintln!("\nstep `{name}` failed: {err}");
            failure = Some((*name, err));
        }
    }
    println!("{}", summary.render());
    match failure {
        None => Ok(()),
        Some((name, err)) => Err(Error::new(format!("step `{name}` failed: {err}"))),
    }
}

fn cargo() -> Command {
    Command::new("cargo")
}

fn format(_: &mut Summary) -> Result<()> {
    run(cargo().args(["fmt", "--all", "--", "--check"]))
        .map_err(|e| Error::new(format!("{e}\n  fix: run `cargo fmt --all`")))
}

fn clippy_host(_: &mut Summary) -> Result<()> {
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

/// The app's `cfg(target_arch = "wasm32")` code is only seen when checked for wasm32.
fn clippy_wasm(_: &mut Summary) -> Result<()> {
    run(cargo().args([
        "clippy",
        "-p",
        APP,
        "--all-targets",
        "--target",
        WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))
}

/// Core must stay pure: none of [`IMPURE_CRATES`] may be a normal dependency, for any target.
fn core_purity(summary: &mut Summary) -> Result<()> {
    let mut cmd = cargo();
    cmd.args([
        "tree", "-p", CORE, "-e", "normal", "--target", "all", "--prefix", "none",
    ]);
    let tree = run_capture(&mut cmd)?;
    let offenders = impure_crates(&tree);
    if !offenders.is_empty() {
        return Err(Error::new(format!(
            "{CORE} depends on {} — core must stay pure (no browser bindings, no OS \
             randomness); move that code to the app or pass it in as an argument. See \
             `cargo tree -p {CORE} -e normal -i <crate>`",
            offenders.join(", ")
        )));
    }
    let crates = tree.lines().filter(|l| !l.trim().is_empty()).count();
    summary.note(format!(
        "{crates} crates, none of {}",
        IMPURE_CRATES.join("/")
    ));
    Ok(())
}

/// The names in a `cargo tree --prefix none` listing that are in [`IMPURE_CRATES`].
fn impure_crates(tree: &str) -> Vec<String> {
    let mut found: Vec<String> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| IMPURE_CRATES.contains(name))
        .map(str::to_string)
        .collect();
    found.sort();
    found.dedup();
    found
}

fn docs(_: &mut Summary) -> Result<()> {
    run(cargo()
        .args(["doc", "--workspace", "--no-deps", "--quiet"])
        .env("RUSTDOCFLAGS", "-D warnings"))
}

fn host_tests(summary: &mut Summary) -> Result<()> {
    // core/tests/roundtrip.rs writes its figure here ("round-trip: N cases, all byte-identical").
    let round_trip = Path::new("tests/test-results/round-trip.txt");
    let _ = fs::remove_file(round_trip);
    let out = run_capture(cargo().args(["test", "--workspace"]))?;
    summary.suite("host (cargo test --workspace)", Counts::from_libtest(&out));
    if let Ok(line) = fs::read_to_string(round_trip) {
        summary.figure("host (cargo test --workspace)", "", line.trim());
    }
    Ok(())
}

/// Cross-checks our Registry.pol output with an independent reader, when that script exists:
/// installs `tests/crosscheck/requirements.txt` with pip (a no-op when satisfied), then runs
/// `python3 tests/crosscheck/run.py` from the workspace root.
pub fn crosscheck(summary: &mut Summary) -> Result<()> {
    let script = Path::new("tests/crosscheck/run.py");
    if !script.exists() {
        summary.note("skipped: no tests/crosscheck/run.py yet");
        return Ok(());
    }
    let requirements = Path::new("tests/crosscheck/requirements.txt");
    if requirements.exists() {
        run(Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg("--root-user-action=ignore")
            .arg("-r")
            .arg(requirements))?;
    }
    let out = run_capture(Command::new("python3").arg(script))?;
    let counts = Counts::from_plain(&out);
    if counts.passed + counts.failed > 0 {
        summary.suite("cross-check (tests/crosscheck)", counts);
    }
    Ok(())
}

/// `trunk build --release` into a fresh `dist/` (a failed build would leave the old one).
pub fn release_build(_: &mut Summary) -> Result<()> {
    let dist = Path::new("dist");
    if dist.exists() {
        fs::remove_dir_all(dist).map_err(|e| Error::io("removing the old dist/", e))?;
    }
    run(Command::new("trunk").args(["build", "--release"]))?;
    if !dist.join("index.html").exists() {
        return Err(Error::new(
            "trunk reported success but dist/index.html is missing",
        ));
    }
    Ok(())
}

/// How the wasm + JS total compares with the budget (gzip -9 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SizeVerdict {
    /// At or under [`SIZE_GOAL`].
    GoalMet,
    /// Above the goal, at or under [`SIZE_CEILING`].
    GoalNotMet,
    /// Above [`SIZE_CEILING`]: reported loudly in the log and the summary.
    OverCeiling,
}

impl SizeVerdict {
    fn of(gzip: u64) -> SizeVerdict {
        if gzip > SIZE_CEILING {
            SizeVerdict::OverCeiling
        } else if gzip > SIZE_GOAL {
            SizeVerdict::GoalNotMet
        } else {
            SizeVerdict::GoalMet
        }
    }

    fn describe(self) -> String {
        let (goal, ceiling) = (kb(SIZE_GOAL), kb(SIZE_CEILING));
        match self {
            SizeVerdict::GoalMet => format!("goal ≤ {goal} gzip met (ceiling {ceiling})"),
            SizeVerdict::GoalNotMet => {
                format!("goal ≤ {goal} gzip NOT met, under the ceiling of {ceiling}")
            }
            SizeVerdict::OverCeiling => format!("above the hard ceiling of {ceiling} gzip"),
        }
    }
}

/// Raw, gzip -9 and brotli (quality 11) sizes of what a browser downloads: the first load
/// (the page and the editor's module) and, apart, each module loaded on first use
/// ([`ON_FIRST_USE`]). Fails when there is nothing to measure, when a module loaded on first
/// use was not built, or when the first load's wasm + JS is above [`SIZE_CEILING`] gzip;
/// prints whether [`SIZE_GOAL`] is met.
pub fn size_report(summary: &mut Summary) -> Result<()> {
    let mut files = dist_files()?;
    files.sort();
    // (raw, gzip, brotli) of the wasm + JS: the first load, then each of ON_FIRST_USE.
    let mut totals = [(0u64, 0u64, 0u64); 1 + ON_FIRST_USE.len()];
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "file (dist/)", "bytes", "gzip -9", "brotli"
    );
    for path in &files {
        let bytes =
            fs::read(path).map_err(|e| Error::io(&format!("reading {}", path.display()), e))?;
        let raw = bytes.len() as u64;
        let gzip = gzip_size(path)?;
        let brotli = brotli_size(&bytes)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("{name:<48} {raw:>10} {gzip:>10} {brotli:>10}");
        let kind = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if kind == "wasm" || kind == "js" {
            let slot = ON_FIRST_USE
                .iter()
                .position(|(prefix, _)| name.starts_with(prefix))
                .map_or(0, |i| i + 1);
            let t = &mut totals[slot];
            t.0 += raw;
            t.1 += gzip;
            t.2 += brotli;
        }
        summary.figure(
            "bundle size",
            &name,
            format!("{} raw, {} gzip, {} brotli", kb(raw), kb(gzip), kb(brotli)),
        );
    }
    let describe = |(raw, gzip, brotli): (u64, u64, u64)| {
        format!("{} gzip, {} brotli ({} raw)", kb(gzip), kb(brotli), kb(raw))
    };
    let (first_raw, first_gzip, first_brotli) = totals[0];
    if first_raw == 0 {
        return Err(Error::new(
            "dist/ holds no .wasm or .js file: was the build skipped?",
        ));
    }
    let first = describe(totals[0]);
    let verdict = SizeVerdict::of(first_gzip);
    summary.figure("bundle size", "first load: wasm + JS", first.clone());
    summary.figure("bundle size", "first load: budget", verdict.describe());
    println!("first load, wasm + JS: {first}; {}", verdict.describe());
    let mut later = Vec::new();
    for (&(prefix, what), &total) in ON_FIRST_USE.iter().zip(&totals[1..]) {
        if total.0 == 0 {
            return Err(Error::new(format!(
                "dist/ holds no {prefix}* files: the {what} module was not built"
            )));
        }
        summary.figure(
            "bundle size",
            &format!("{what}: wasm + JS"),
            describe(total),
        );
        println!("{what}, wasm + JS: {}", describe(total));
        later.push(format!("{what} {} gzip", kb(total.1)));
    }
    summary.note(format!(
        "first load wasm + JS {} gzip, {} brotli: {}; loaded on first use: {}",
        kb(first_gzip),
        kb(first_brotli),
        verdict.describe(),
        later.join(", ")
    ));
    if verdict == SizeVerdict::OverCeiling {
        return Err(Error::new(format!(
            "the first load's wasm + JS is {} gzip, above the hard ceiling of {}",
            kb(first_gzip),
            kb(SIZE_CEILING)
        )));
    }
    Ok(())
}

fn dist_files() -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir("dist").map_err(|e| Error::io("reading dist/", e))?;
    Ok(entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect())
}

fn gzip_size(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(path)
        .output()
        .map_err(|e| Error::io("running gzip", e))?;
    if !out.status.success() {
        return Err(Error::new(format!("gzip failed on {}", path.display())));
    }
    Ok(out.stdout.len() as u64)
}

/// Size with brotli at quality 11 and a 4 MiB window, as static hosts precompress (and as
/// tests/serve.mjs serves the site to the browser tests).
fn brotli_size(bytes: &[u8]) -> Result<u64> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .map_err(|e| Error::io("compressing with brotli", e))?;
    Ok(out.len() as u64)
}

/// Bytes as kB (1 kB = 1000 bytes).
fn kb(bytes: u64) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

#[derive(Clone, Copy)]
enum Browser {
    Chromium,
    Firefox,
}

fn wasm_tests_chromium(summary: &mut Summary) -> Result<()> {
    wasm_tests(summary, Browser::Chromium)
}

fn wasm_tests_firefox(summary: &mut Summary) -> Result<()> {
    wasm_tests(summary, Browser::Firefox)
}

/// The app's wasm-bindgen tests, headless, in one browser. The capabilities (browser binary,
/// flags) are in `app/webdriver.json`.
fn wasm_tests(summary: &mut Summary, browser: Browser) -> Result<()> {
    let webdriver_json = absolute("app/webdriver.json")?;
    let mut cmd = cargo();
    cmd.args(["test", "-p", APP, "--target", WASM_TARGET])
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", webdriver_json)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
        .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60");
    for var in ["SAFARIDRIVER", "MSEDGEDRIVER"] {
        cmd.env_remove(var);
    }
    let (label, expected) = match browser {
        Browser::Chromium => {
            cmd.env("CHROMEDRIVER", CHROMEDRIVER)
                .env_remove("GECKODRIVER");
            ("wasm-bindgen-test (Chromium)", "Chrome")
        }
        Browser::Firefox => {
            let geckodriver = which("geckodriver").ok_or_else(|| {
                Error::new("geckodriver is not on PATH (run `cargo xtask setup`)")
            })?;
            cmd.env("GECKODRIVER", geckodriver)
                .env_remove("CHROMEDRIVER");
            ("wasm-bindgen-test (Firefox)", "Firefox")
        }
    };
    let out = run_capture(&mut cmd)?;
    let announced = format!("Running headless tests in {expected}");
    if !out.contains(&announced) {
        return Err(Error::new(format!(
            "the wasm tests did not run in {expected} (no \"{announced}\" line): is there a \
             wasm test under app/tests/?"
        )));
    }
    summary.suite(label, Counts::from_libtest(&out));
    Ok(())
}

fn absolute(path: &str) -> Result<PathBuf> {
    fs::canonicalize(path).map_err(|e| Error::io(&format!("finding {path}"), e))
}

/// Playwright tests in tests/e2e against dist/ (served compressed by tests/serve.mjs on free
/// ports), then the figures the tests wrote to tests/test-results/figures/*.json.
fn e2e(summary: &mut Summary) -> Result<()> {
    let (port, subpath_port) = free_ports()?;
    let out = run_capture(
        Command::new("playwright")
            .arg("test")
            .current_dir("tests")
            .env("FWPOLICY_E2E_PORT", port.to_string())
            .env("FWPOLICY_E2E_SUBPATH_PORT", subpath_port.to_string())
            .env("FWPOLICY_CHROMIUM", CHROMIUM)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )?;
    let counts = Counts::from_playwright(&out);
    if counts.passed == 0 {
        return Err(Error::new(
            "Playwright ran no test (see tests/e2e/*.spec.ts)",
        ));
    }
    summary.suite("browser e2e (Playwright)", counts);
    read_e2e_figures(summary)
}

/// Two distinct free loopback ports, so parallel runs in other checkouts don't collide.
fn free_ports() -> Result<(u16, u16)> {
    let bind = || TcpListener::bind("127.0.0.1:0").map_err(|e| Error::io("finding a free port", e));
    let (a, b) = (bind()?, bind()?);
    let port = |l: &TcpListener| {
        l.local_addr()
            .map(|addr| addr.port())
            .map_err(|e| Error::io("finding a free port", e))
    };
    Ok((port(&a)?, port(&b)?))
}

fn read_e2e_figures(summary: &mut Summary) -> Result<()> {
    let dir = Path::new("tests/test-results/figures");
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for file in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = fs::read_to_string(file)
            .map_err(|e| Error::io(&format!("reading {}", file.display()), e))?;
        let source = file.file_stem().unwrap_or_default().to_string_lossy();
        let figures = parse_flat_json(&text)
            .map_err(|e| Error::new(format!("reading {}: {e}", file.display())))?;
        if let Some(verdict) = budget_verdict(&figures) {
            summary.figure(
                "browser (Playwright, headless Chromium)",
                &format!("{source}: budget"),
                verdict,
            );
        }
        for (key, value) in figures {
            summary.figure(
                "browser (Playwright, headless Chromium)",
                &format!("{source}: {key}"),
                value,
            );
        }
    }
    Ok(())
}

/// The verdict on a measured median, for figures that carry `median ms`, `goal ms` and
/// `ceiling ms` (the cold-load test writes them; the test itself fails above the ceiling).
fn budget_verdict(figures: &[(String, String)]) -> Option<String> {
    let get = |name: &str| {
        figures
            .iter()
            .find(|(key, _)| key == name)
            .and_then(|(_, value)| value.parse::<f64>().ok())
    };
    let (median, goal, ceiling) = (get("median ms")?, get("goal ms")?, get("ceiling ms")?);
    let verdict = if median <= goal {
        "goal met"
    } else if median <= ceiling {
        "goal NOT met, under the ceiling"
    } else {
        "ABOVE THE CEILING"
    };
    Some(format!(
        "median {median:.0} ms: {verdict} (goal ≤ {goal:.0} ms, ceiling {ceiling:.0} ms)"
    ))
}

/// Every bench target of core (`core/benches/*.rs`, `harness = false`), optimised for speed
/// (`cargo bench` uses the `bench` profile, which inherits `release`: opt-level 3); the lines
/// they print are the figures.
pub fn benches(summary: &mut Summary) -> Result<()> {
    let has_benches = fs::read_dir("core/benches").is_ok_and(|entries| {
        entries
            .filter_map(|e| e.ok())
            .any(|e| e.path().extension().is_some_and(|x| x == "rs"))
    });
    if !has_benches {
        summary.note("skipped: no core/benches/*.rs yet");
        return Ok(());
    }
    let started = Instant::now();
    let out = run_capture(cargo().args(["bench", "-p", CORE, "--bench", "*"]))?;
    for line in out.lines().map(str::trim).filter(|l| is_figure_line(l)) {
        summary.figure("benchmarks (core, release)", "", line);
    }
    summary.note(format!("ran in {}", format_duration(started.elapsed())));
    Ok(())
}

/// Benchmark output worth repeating in the summary: not blank, not libtest chatter.
fn is_figure_line(line: &str) -> bool {
    !line.is_empty()
        && !line.starts_with("running ")
        && !line.starts_with("test result:")
        && line != "no tests to run!"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purity_finds_an_impure_crate_in_a_tree_listing() {
        let tree = "fwpolicy-core v0.1.0 (/w/core)\nserde v1.0.1\nwasm-bindgen v0.2.130\n\
                    js-sys v0.3.107\nwasm-bindgen v0.2.130 (*)\n";
        assert_eq!(impure_crates(tree), vec!["js-sys", "wasm-bindgen"]);
    }

    #[test]
    fn purity_does_not_flag_similar_names() {
        let tree = "fwpolicy-core v0.1.0\nwasm-bindgen-shared v0.2.130\nleptos_macro v0.8\n";
        assert!(impure_crates(tree).is_empty());
    }

    #[test]
    fn the_size_verdict_names_goal_and_ceiling() {
        assert_eq!(SizeVerdict::of(350_000), SizeVerdict::GoalMet);
        assert_eq!(SizeVerdict::of(350_001), SizeVerdict::GoalNotMet);
        assert_eq!(SizeVerdict::of(450_000), SizeVerdict::GoalNotMet);
        assert_eq!(SizeVerdict::of(450_001), SizeVerdict::OverCeiling);
        assert!(SizeVerdict::of(303_000).describe().contains("met"));
        assert!(SizeVerdict::of(400_000).describe().contains("NOT met"));
    }

    #[test]
    fn brotli_shrinks_repetitive_text_and_counts_bytes() {
        let text = "allow 445/tcp from the local subnet\n".repeat(200);
        let size = brotli_size(text.as_bytes()).unwrap();
        assert!(size > 0 && size < 200, "{size} bytes for {}", text.len());
    }

    #[test]
    fn a_load_median_is_judged_against_its_goal_and_ceiling() {
        let figures = |median: &str| {
            parse_flat_json(&format!(
                "{{\"run 1 ms\": 900, \"median ms\": {median}, \"goal ms\": 1000, \"ceiling ms\": 1500}}"
            ))
            .unwrap()
        };
        assert_eq!(
            budget_verdict(&figures("950.4")).as_deref(),
            Some("median 950 ms: goal met (goal ≤ 1000 ms, ceiling 1500 ms)")
        );
        assert!(budget_verdict(&figures("1200"))
            .unwrap()
            .contains("goal NOT met"));
        assert!(budget_verdict(&figures("1600"))
            .unwrap()
            .contains("ABOVE THE CEILING"));
        assert_eq!(
            budget_verdict(&parse_flat_json("{\"first-paint ms\": 80}").unwrap()),
            None
        );
    }

    #[test]
    fn kilobytes_are_thousands_of_bytes() {
        assert_eq!(kb(200_000), "200.0 kB");
        assert_eq!(kb(30_712), "30.7 kB");
    }

    #[test]
    fn two_free_ports_differ() {
        let (a, b) = free_ports().unwrap();
        assert_ne!(a, b);
    }
}
