//! End-to-end tests of the `fwpolicy` binary: exit codes, stdout/stderr, and that `convert`
//! writes exactly the golden bytes core's own tests check.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fwpolicy"))
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run fwpolicy: {e}"))
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run fwpolicy: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn data(case: &str, file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/data")
        .join(case)
        .join(file)
}

fn read(path: &PathBuf) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fwpolicy-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir.join(name)
}

#[test]
fn presets_lists_id_and_title_per_line() {
    let out = run(&["presets"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() >= 6, "{stdout}");
    assert!(lines.contains(
        &"sbs-2003-xp-sp2\tWindows Small Business Server 2003 update for Windows XP SP2"
    ));
    for id in ["ibm-i-integrated-server", "ibm-systems-director"] {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{id}\t"))),
            "{id}"
        );
    }
}

#[test]
fn preset_prints_the_golden_project_json() {
    for id in [
        "sbs-2003-xp-sp2",
        "ibm-i-integrated-server",
        "ibm-systems-director",
    ] {
        let out = run(&["preset", id]);
        assert_eq!(out.status.code(), Some(0), "{id}");
        assert_eq!(
            text(&out.stdout),
            text(&read(&data(id, "policy.json"))),
            "{id}"
        );
    }
}

#[test]
fn unknown_preset_command_or_format_is_a_usage_error() {
    assert_eq!(run(&["preset", "nope"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
    let json = data("kitchen-sink", "policy.json");
    let json = json.to_str().unwrap_or_default();
    let out = run(&["convert", json, "--to", "docx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown format \"docx\""));
    assert_eq!(
        run(&["convert", json]).status.code(),
        Some(2),
        "--to is required"
    );
    assert_eq!(
        run(&["convert", json, "--to", "json", "--bogus"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn convert_writes_the_golden_registry_pol() {
    let json = data("kitchen-sink", "policy.json");
    let out_path = scratch("kitchen.pol");
    let out = run(&[
        "convert",
        json.to_str().unwrap_or_default(),
        "--to",
        "registry-pol",
        "-o",
        out_path.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(read(&out_path), read(&data("kitchen-sink", "Registry.pol")));
    // The interface exclusion of the kitchen sink cannot be carried: said on stderr.
    assert!(
        text(&out.stderr).contains("interface exclusions"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn convert_each_text_format_matches_its_golden_file() {
    let json = data("kitchen-sink", "policy.json");
    let json = json.to_str().unwrap_or_default();
    for (format, file) in [
        ("lgpo", "lgpo.txt"),
        ("netsh", "netsh.cmd"),
        ("netsh-advfirewall", "netsh-advfirewall.cmd"),
        ("powershell", "firewall.ps1"),
        ("reg", "policy.reg"),
    ] {
        let out = run(&["convert", json, "--to", format]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            text(&out.stderr)
        );
        assert_eq!(out.stdout, read(&data("kitchen-sink", file)), "{format}");
    }
}

#[test]
fn convert_detects_input_format_and_reads_stdin() {
    let pol = read(&data("kitchen-sink", "Registry.pol"));
    let out = run_stdin(&["convert", "-", "--to", "lgpo"], &pol);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lgpo = text(&out.stdout);
    assert!(lgpo.contains("80:TCP:localsubnet:enabled:Web Server"));
    // And back: LGPO text -> Registry.pol gives the same records (firewall part canonical).
    let back = run_stdin(
        &["convert", "-", "--to", "registry-pol", "-o", "-"],
        lgpo.as_bytes(),
    );
    assert_eq!(back.status.code(), Some(0), "{}", text(&back.stderr));
    assert_eq!(back.stdout, pol);
}

#[test]
fn check_exit_codes() {
    let good = data("sbs-2003-xp-sp2", "policy.json");
    let out = run(&["check", good.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("7 exception(s), 0 error(s)"));

    let bad = scratch("bad.json");
    let mut json = text(&read(&good));
    json = json.replacen("\"scope\": \"localsubnet\"", "\"scope\": \"10.0.0.300\"", 1);
    std::fs::write(&bad, json).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["check", bad.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("scope item 10.0.0.300 is not an IPv4 address"),
        "{}",
        text(&out.stderr)
    );

    let garbage = scratch("garbage.pol");
    std::fs::write(&garbage, b"PReg\x01\x00\x00\x00[\x00A").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["check", garbage.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("byte "), "{}", text(&out.stderr));

    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "/nonexistent/x.json"]).status.code(),
        Some(1)
    );
}

#[test]
fn write_only_formats_cannot_be_read() {
    let out = run(&["check", "x", "--from", "netsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rollout_csv_has_one_row_per_client() {
    let out = run(&["rollout", "--clients", "250", "--seed", "7"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default();
    assert!(header.starts_with("client,"), "{header}");
    assert!(header.split(',').any(|c| c == "applied_min"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 250);
    let col = header
        .split(',')
        .position(|c| c == "applied_min")
        .unwrap_or(0);
    for row in &rows {
        let v: f64 = row
            .split(',')
            .nth(col)
            .unwrap_or("x")
            .parse()
            .unwrap_or(-1.0);
        assert!((0.0..=120.0).contains(&v), "{row}");
    }
    // Same seed, same output; another seed differs.
    assert_eq!(
        run(&["rollout", "--clients", "250", "--seed", "7"]).stdout,
        out.stdout
    );
    assert_ne!(
        run(&["rollout", "--clients", "250", "--seed", "8"]).stdout,
        out.stdout
    );
    assert!(text(&out.stderr).contains("of 250 clients protected"));
}

#[test]
fn rollout_json_and_policy_interval() {
    let out = run(&[
        "rollout",
        "--clients",
        "100",
        "--seed",
        "1",
        "--format",
        "json",
        "--interval",
        "60",
        "--offset",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let rows = v["rows"]
        .as_array()
        .map(Vec::len)
        .or_else(|| v["clients"].as_array().map(Vec::len));
    assert_eq!(
        rows,
        Some(100),
        "{}",
        text(&out.stdout).chars().take(400).collect::<String>()
    );
    assert_eq!(
        run(&["rollout", "--clients", "10"]).status.code(),
        Some(2),
        "--seed required"
    );
    assert_eq!(
        run(&[
            "rollout",
            "--clients",
            "10",
            "--seed",
            "1",
            "--interval",
            "99999"
        ])
        .status
        .code(),
        Some(2)
    );
}
