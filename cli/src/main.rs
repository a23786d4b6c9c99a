//! `fwpolicy` — the command-line face of fwpolicy-core, for automation and scripted checks.
//!
//! Exit codes: 0 success; 1 the input or the export is invalid (message on stderr);
//! 2 usage error (unknown command or option, missing argument, unknown preset or format).

use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;

use fwpolicy_core::formats::{self, Format, WriteOptions};
use fwpolicy_core::model::diagnostic::{Diagnostic, Severity};
use fwpolicy_core::{analysis::diff, analysis::lint, formats::project, presets, rollout};

const USAGE: &str = "\
fwpolicy — Windows Firewall Group Policy editor, command line

Usage:
  fwpolicy presets                      list presets (id<TAB>title per line)
  fwpolicy preset ID                    print a preset as a JSON project
  fwpolicy check FILE [--from FORMAT]   read FILE (or - for stdin), print diagnostics and lint;
                                        exit 1 if there are errors
  fwpolicy convert INPUT --to FORMAT [-o OUT] [--from FORMAT] [--generated TEXT]
                                        convert INPUT (path or -) to FORMAT; binary output
                                        (registry-pol, reg) needs -o unless stdout is not a terminal
  fwpolicy diff OLD NEW                 list the differences between two policies
  fwpolicy rollout [POLICY] --clients N --seed S [options]
                                        simulate how a policy change reaches N clients
  fwpolicy help | --help | --version

Formats: json, registry-pol, lgpo, reg (read and write); netsh, netsh-advfirewall, powershell,
report-html, report-md (write only). The input format is detected from content unless --from
is given.

Rollout options:
  --interval MIN        background refresh interval (default 90, or the policy's setting)
  --offset MIN          maximum random offset (default 30, or the policy's setting)
  --format csv|json     output format (default csv)
  --restart-share P     share of running clients restarted during the startup window (0-1)
  --switched-on-share P share of clients switched on during the startup window (0-1)
  --startup-window MIN  length of that window (default 480)
  --join MIN[,MIN...]   computers joining the domain at these minutes (apply at once)
  --laptops N           laptops away from the office (old policy, Standard profile)
  --laptop-return-hours H   laptops reconnect within H hours, then apply at their next refresh
  --replication MIN     replication delay before the DC the clients use has the change
  --security-center     model the restart Security Center needs before it reports (seed 002)
  --domain-controllers N    also simulate N domain controllers (5-minute refresh)
  --horizon MIN         last simulated minute (default: long enough for every event)
";

/// A usage error (exit 2) or a failure of the input/export (exit 1).
enum Failure {
    Usage(String),
    Invalid(String),
}

type Outcome = Result<(), Failure>;

fn usage(msg: impl Into<String>) -> Failure {
    Failure::Usage(msg.into())
}

fn invalid(msg: impl Into<String>) -> Failure {
    Failure::Invalid(msg.into())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("fwpolicy: {msg}");
            eprintln!("Run `fwpolicy --help` for usage.");
            ExitCode::from(2)
        }
        Err(Failure::Invalid(msg)) => {
            eprintln!("fwpolicy: {msg}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &[String]) -> Outcome {
    let Some((command, rest)) = args.split_first() else {
        return Err(usage("no command given"));
    };
    match command.as_str() {
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        "--version" | "-V" | "version" => {
            println!("fwpolicy {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        "presets" => presets(rest),
        "preset" => preset_cmd(rest),
        "check" => check(rest),
        "convert" => convert_cmd(rest),
        "diff" => diff_cmd(rest),
        "rollout" => rollout_cmd(rest),
        other => Err(usage(format!("unknown command {other:?}"))),
    }
}

/// Parsed `--name value` options plus positional arguments.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

impl Args {
    /// `flags` take no value; every other `--x`/`-x` takes one.
    fn parse(rest: &[String], valued: &[&str], flags: &[&str]) -> Result<Args, Failure> {
        let mut positional = Vec::new();
        let mut options = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            let a = &rest[i];
            if a == "-" || !a.starts_with('-') {
                positional.push(a.clone());
            } else if let Some((name, value)) = a.split_once('=').filter(|_| a.starts_with("--")) {
                if !valued.contains(&name) {
                    return Err(usage(format!("unknown option {name}")));
                }
                options.push((name.to_string(), Some(value.to_string())));
            } else if flags.contains(&a.as_str()) {
                options.push((a.clone(), None));
            } else if valued.contains(&a.as_str()) {
                let value = rest
                    .get(i + 1)
                    .ok_or_else(|| usage(format!("{a} needs a value")))?;
                options.push((a.clone(), Some(value.clone())));
                i += 1;
            } else {
                return Err(usage(format!("unknown option {a}")));
            }
            i += 1;
        }
        Ok(Args {
            positional,
            options,
        })
    }

    fn get(&self, names: &[&str]) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| names.contains(&n.as_str()))
            .and_then(|(_, v)| v.as_deref())
    }

    fn has(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }

    fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Failure> {
        match self.get(&[name]) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| usage(format!("{name} expects a number, got {v:?}"))),
        }
    }
}

fn presets(rest: &[String]) -> Outcome {
    if let Some(extra) = rest.first() {
        return Err(usage(format!("presets takes no arguments (got {extra:?})")));
    }
    let mut out = String::new();
    for p in presets::all() {
        out.push_str(&format!("{}\t{}\n", p.id, p.title));
    }
    write_stdout(out.as_bytes())
}

fn preset_cmd(rest: &[String]) -> Outcome {
    let [id] = rest else {
        return Err(usage(
            "preset needs exactly one ID (see `fwpolicy presets`)",
        ));
    };
    let project = presets::get(id).ok_or_else(|| {
        let ids: Vec<&str> = presets::all().iter().map(|p| p.id).collect();
        usage(format!(
            "unknown preset {id:?}; presets are: {}",
            ids.join(", ")
        ))
    })?;
    write_stdout(project::to_json(&project).as_bytes())
}

fn read_input(path: &str) -> Result<Vec<u8>, Failure> {
    if path == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| invalid(format!("cannot read standard input: {e}")))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| invalid(format!("cannot read {path}: {e}")))
    }
}

fn format_option(args: &Args, name: &str) -> Result<Option<Format>, Failure> {
    match args.get(&[name]) {
        None => Ok(None),
        Some(v) => Format::parse(v).map(Some).ok_or_else(|| {
            let ids: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
            usage(format!(
                "unknown format {v:?}; formats are: {}",
                ids.join(", ")
            ))
        }),
    }
}

fn read_project(path: &str, from: Option<Format>) -> Result<formats::Imported, Failure> {
    if let Some(f) = from {
        if !f.is_readable() {
            return Err(usage(format!("{f} can be written but not read")));
        }
    }
    let bytes = read_input(path)?;
    let shown = if path == "-" { "standard input" } else { path };
    formats::read(from, &bytes).map_err(|e| invalid(format!("{shown}: {e}")))
}

fn print_diagnostics(label: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{label}: {d}");
    }
}

fn check(rest: &[String]) -> Outcome {
    let args = Args::parse(rest, &["--from"], &[])?;
    let [path] = args.positional.as_slice() else {
        return Err(usage(
            "check needs exactly one FILE (or - for standard input)",
        ));
    };
    let from = format_option(&args, "--from")?;
    let imported = read_project(path, from)?;
    let findings = lint::check(&imported.project.policy);
    let mut out = String::new();
    let all: Vec<&Diagnostic> = imported.diagnostics.iter().chain(findings.iter()).collect();
    for d in &all {
        out.push_str(&format!("{d}\n"));
    }
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = all
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let p = &imported.project.policy;
    out.push_str(&format!(
        "{path}: {} exception(s), {errors} error(s), {warnings} warning(s)\n",
        p.exception_count()
    ));
    write_stdout(out.as_bytes())?;
    if errors > 0 {
        Err(invalid(format!("{path} has {errors} error(s)")))
    } else {
        Ok(())
    }
}

fn convert_cmd(rest: &[String]) -> Outcome {
    let args = Args::parse(
        rest,
        &["--to", "-o", "--output", "--from", "--generated", "--title"],
        &[],
    )?;
    let [input] = args.positional.as_slice() else {
        return Err(usage("convert needs exactly one INPUT (a path or -)"));
    };
    let to = format_option(&args, "--to")?.ok_or_else(|| usage("convert needs --to FORMAT"))?;
    let from = format_option(&args, "--from")?;
    let output = args.get(&["-o", "--output"]);
    if to.is_binary() && output.is_none_or(|o| o == "-") && io::stdout().is_terminal() {
        return Err(usage(format!(
            "{to} is binary; refusing to write it to a terminal — use -o FILE (e.g. -o {})",
            to.file_name("")
        )));
    }
    let imported = read_project(input, from)?;
    print_diagnostics(input, &imported.diagnostics);
    let mut project = imported.project;
    if let Some(title) = args.get(&["--title"]) {
        project.title = title.to_string();
    }
    let mut options = WriteOptions::default();
    options.report.generated = args.get(&["--generated"]).map(str::to_string);
    if let Some(source) = (input != "-").then_some(input.as_str()) {
        options.report.source = Some(source.to_string());
    }
    let written = formats::write(to, &project, &options)
        .map_err(|e| invalid(format!("cannot write {to}: {e}")))?;
    print_diagnostics(to.id(), &written.diagnostics);
    match output {
        Some(path) if path != "-" => std::fs::write(path, &written.bytes)
            .map_err(|e| invalid(format!("cannot write {path}: {e}"))),
        _ => write_stdout(&written.bytes),
    }
}

fn diff_cmd(rest: &[String]) -> Outcome {
    let args = Args::parse(rest, &["--from"], &[])?;
    let [old, new] = args.positional.as_slice() else {
        return Err(usage("diff needs two files: OLD NEW"));
    };
    let from = format_option(&args, "--from")?;
    let a = read_project(old, from)?;
    let b = read_project(new, from)?;
    let changes = diff::diff(&a.project.policy, &b.project.policy);
    let mut out = String::new();
    for c in &changes {
        out.push_str(&c.describe());
        out.push('\n');
    }
    if changes.is_empty() {
        out.push_str("no differences\n");
    }
    write_stdout(out.as_bytes())
}

fn rollout_cmd(rest: &[String]) -> Outcome {
    let args = Args::parse(
        rest,
        &[
            "--clients",
            "--seed",
            "--interval",
            "--offset",
            "--format",
            "--restart-share",
            "--join",
            "--laptops",
            "--replication",
            "--horizon",
            "--from",
            "--switched-on-share",
            "--laptop-return-hours",
            "--startup-window",
            "--domain-controllers",
        ],
        &["--security-center"],
    )?;
    let mut params = match args.positional.as_slice() {
        [] => rollout::RolloutParams::default(),
        [path] => {
            let from = format_option(&args, "--from")?;
            let imported = read_project(path, from)?;
            rollout::RolloutParams::from_policy(&imported.project.policy)
        }
        _ => return Err(usage("rollout takes at most one POLICY file")),
    };
    let clients: usize = args
        .number("--clients")?
        .ok_or_else(|| usage("rollout needs --clients N"))?;
    let seed: u64 = args
        .number("--seed")?
        .ok_or_else(|| usage("rollout needs --seed S"))?;
    params.clients = clients;
    if let Some(v) = args.number("--interval")? {
        params.refresh.minutes = v;
        params.refresh_source = rollout::RefreshSource::Custom;
    }
    if let Some(v) = args.number("--offset")? {
        params.refresh.offset = v;
        params.refresh_source = rollout::RefreshSource::Custom;
    }
    if let Some(v) = args.number::<f64>("--restart-share")? {
        params.restarted = rollout::Portion::Share(v);
    }
    if let Some(v) = args.number::<f64>("--switched-on-share")? {
        params.switched_on = rollout::Portion::Share(v);
    }
    if let Some(v) = args.number::<usize>("--laptops")? {
        params.laptops_away = rollout::Portion::Count(v);
    }
    if let Some(v) = args.number::<f64>("--laptop-return-hours")? {
        params.laptop_return = rollout::LaptopReturn::WithinHours(v);
    }
    if let Some(v) = args.number("--replication")? {
        params.replication_delay_min = v;
    }
    if let Some(v) = args.number("--startup-window")? {
        params.startup_window_min = v;
    }
    if let Some(v) = args.number("--horizon")? {
        params.horizon_min = Some(v);
    }
    if let Some(v) = args.number("--domain-controllers")? {
        params.domain_controllers = v;
    }
    if let Some(list) = args.get(&["--join"]) {
        let mut joins = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            joins.push(
                item.parse::<f64>()
                    .map_err(|_| usage(format!("--join expects minutes, got {item:?}")))?,
            );
        }
        params.joins_min = joins;
    }
    if args.has("--security-center") {
        params.security_center_restart_within_min = Some(rollout::DAILY_RESTART_MIN);
    }
    let format = args.get(&["--format"]).unwrap_or("csv");
    if format != "csv" && format != "json" {
        return Err(usage(format!(
            "--format must be csv or json, got {format:?}"
        )));
    }
    let result =
        rollout::simulate_seeded(&params, seed).map_err(|e| usage(format!("rollout: {e}")))?;
    let text = if format == "json" {
        rollout::to_json(&result)
    } else {
        rollout::to_csv(&result)
    };
    eprintln!("{}", rollout::summary(&result));
    write_stdout(text.as_bytes())
}
fn write_stdout(bytes: &[u8]) -> Outcome {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (e.g. `| head`) is not an error of ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(invalid(format!("cannot write to standard output: {e}"))),
    }
}
