//! `fwpolicy-fuzz [TARGET...] [--secs N] [--seed S] [--replay FILE]`: runs fuzz targets
//! (all by default) for N seconds each and prints one line per target:
//!
//! `fuzz pol: 123456 executions in 20.0 s (61 seeds, 40 kept, 97 behaviours), no failure`
//!
//! Exit 1 when a target fails (the input is saved under `target/fuzz-failures/`), 2 on a usage
//! error. `cargo xtask fuzz` builds it optimised and calls it.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fwpolicy_fuzz::{corpus, execute, run, targets, TARGETS};

const USAGE: &str = "usage: fwpolicy-fuzz [TARGET...] [--secs N] [--seed S] [--replay FILE]
targets: pol, lgpo, reg, json, lines, table (all when none is named)";

struct Args {
    targets: Vec<&'static targets::Target>,
    secs: f64,
    seed: Option<u64>,
    replay: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        targets: Vec::new(),
        secs: 20.0,
        seed: None,
        replay: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--secs" => {
                args.secs = value("--secs")?
                    .parse()
                    .map_err(|_| "--secs takes a number of seconds".to_string())?;
            }
            "--seed" => {
                args.seed = Some(
                    value("--seed")?
                        .parse()
                        .map_err(|_| "--seed takes a number".to_string())?,
                );
            }
            "--replay" => args.replay = Some(value("--replay")?),
            "-h" | "--help" => return Err(String::new()),
            name => match targets::target(name) {
                Some(t) => args.targets.push(t),
                None => return Err(format!("unknown target `{name}`")),
            },
        }
    }
    if args.targets.is_empty() {
        args.targets = TARGETS.iter().collect();
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("fwpolicy-fuzz: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(file) = &args.replay {
        return replay(&args.targets, file);
    }
    let seed = args.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    });
    let failures_dir = corpus::workspace_root().join("target/fuzz-failures");
    let budget = Duration::from_secs_f64(args.secs.max(0.0));
    println!("fuzzing with seed {seed} ({} s per target)", args.secs);
    let mut failed = false;
    for target in &args.targets {
        let seeds = corpus::seeds(target.name);
        let outcome = run(target, seeds, budget, seed, &failures_dir);
        let verdict = match &outcome.failure {
            None => "no failure".to_string(),
            Some((path, message)) => {
                failed = true;
                format!("FAILED: {message}\n  input saved to {}", path.display())
            }
        };
        println!(
            "fuzz {}: {} executions in {:.1} s ({} seeds, {} kept, {} behaviours), {verdict}",
            target.name,
            outcome.executions,
            outcome.elapsed.as_secs_f64(),
            outcome.seeds,
            outcome.kept,
            outcome.behaviours,
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn replay(targets: &[&'static targets::Target], file: &str) -> ExitCode {
    let input = match std::fs::read(file) {
        Ok(input) => input,
        Err(err) => {
            eprintln!("fwpolicy-fuzz: reading {file}: {err}");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for target in targets {
        match execute(target, &input) {
            Ok(_) => println!("replay {}: passes", target.name),
            Err(message) => {
                failed = true;
                println!("replay {}: FAILED: {message}", target.name);
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
