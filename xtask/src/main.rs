//! `cargo xtask` — project automation for fwpolicy.
//!
//! A newcomer needs two commands: `cargo xtask serve` and `cargo xtask test`. Both first run
//! the set-up (see [`setup`]), which installs whatever is missing and is fast when nothing is.
//! `.ci/run` calls `cargo xtask test`. Few dependencies (serde, serde_json, toml), so it builds
//! in seconds.

mod checks;
mod fuzz;
mod process;
mod report;
mod setup;

use std::path::Path;
use std::process::{Command, ExitCode};

use checks::{Step, TEST_STEPS};
use process::{run, Error, Result};
use setup::Browsers;

const USAGE: &str = "\
usage: cargo xtask <command>

  serve [trunk args]   set up what is missing, then serve the app at http://127.0.0.1:8080/
                       (extra arguments go to `trunk serve`, e.g. --port 9000)
  test                 set up what is missing (tools, npm packages, browsers), then run every
                       check and test: fmt, clippy, core purity, docs, host tests, cross-check,
                       release build, bundle size, wasm tests in Chromium and Firefox,
                       Playwright e2e, fuzzing, benchmarks; ends with a summary of all figures
  setup [--no-browsers]
                       only the set-up
  size                 release build and the bundle size report
  bench                only the benchmarks (core/benches, optimised for speed)
  fuzz [TARGET...] [--secs N] [--seed S] [--replay FILE]
                       fuzz the readers (pol, lgpo, reg, json, lines, table; all by default)
                       for N seconds each (default 20); a failing input is saved under
                       target/fuzz-failures/ and replayed with --replay
  help                 this text";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match enter_workspace().and_then(|()| dispatch(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("\nxtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Works from the workspace root whatever directory `cargo xtask` was called from, with the
/// project's tool directories first on PATH.
fn enter_workspace() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or_else(|| Error::new("xtask is not inside the fwpolicy workspace"))?;
    std::env::set_current_dir(root)
        .map_err(|e| Error::io(&format!("entering {}", root.display()), e))?;
    setup::prepend_tool_dirs(root);
    Ok(())
}

fn dispatch(args: &[String]) -> Result<()> {
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    match command {
        "serve" => serve(rest),
        "test" => no_extra_args(command, rest)
            .and_then(|()| checks::run_steps("cargo xtask test", TEST_STEPS)),
        "setup" => setup_command(rest),
        "size" => no_extra_args(command, rest)
            .and_then(|()| checks::run_steps("cargo xtask size", SIZE_STEPS)),
        "bench" => no_extra_args(command, rest)
            .and_then(|()| checks::run_steps("cargo xtask bench", BENCH_STEPS)),
        "fuzz" => fuzz::command(rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(Error::new(format!("unknown command `{other}`\n\n{USAGE}"))),
    }
}

const SIZE_STEPS: &[Step] = &[
    ("set-up", |_| setup::setup(Browsers::NotNeeded)),
    ("release build (trunk)", checks::release_build),
    ("bundle size", checks::size_report),
];

const BENCH_STEPS: &[Step] = &[("benchmarks", checks::benches)];

fn no_extra_args(command: &str, rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(Error::new(format!(
            "`cargo xtask {command}` takes no argument `{arg}`\n\n{USAGE}"
        ))),
    }
}

fn setup_command(rest: &[String]) -> Result<()> {
    let browsers = match rest {
        [] => Browsers::Needed,
        [flag] if flag == "--no-browsers" => Browsers::NotNeeded,
        _ => {
            return Err(Error::new(format!(
                "usage: cargo xtask setup [--no-browsers]\n\n{USAGE}"
            )))
        }
    };
    setup::setup(browsers)
}

/// Set-up without browsers, then `trunk serve` (address and port from Trunk.toml).
fn serve(trunk_args: &[String]) -> Result<()> {
    setup::setup(Browsers::NotNeeded)?;
    let port = trunk_args
        .windows(2)
        .find(|w| w[0] == "--port")
        .map_or("8080", |w| w[1].as_str());
    println!(
        "\nfwpolicy will be served at http://127.0.0.1:{port}/ (rebuilds on save, then reload the page; Ctrl-C stops)\n"
    );
    run(Command::new("trunk").arg("serve").args(trunk_args))
}
