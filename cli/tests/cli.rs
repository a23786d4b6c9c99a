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
        // A command that rejects its arguments exits without reading its
        // input; the pipe closing under the write is then expected.
        if let Err(e) = stdin.write_all(input) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
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
        text(&out.stderr).contains("Interface exclusions"),
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

// See: issue 13, item 8 — the report a reviewer signs.
#[test]
fn report_carries_the_time_hash_and_changes_since_the_last_export() {
    let json = data("sbs-2003-xp-sp2", "policy.json");
    let json = json.to_str().unwrap_or_default();
    // Without --generated the report says when it was written (UTC, from the clock).
    let out = run(&["convert", json, "--to", "report-md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    let generated = md
        .lines()
        .find_map(|l| l.strip_prefix("| Generated | "))
        .unwrap_or_else(|| panic!("no generated row:\n{md}"));
    let stamp = generated.trim_end_matches(" |");
    assert_eq!(stamp.len(), "2026-12-06 20:15 UTC".len(), "{stamp}");
    assert!(
        stamp.ends_with(" UTC") && stamp.as_bytes()[4] == b'-',
        "{stamp}"
    );
    assert!(md.contains("No earlier export recorded."));
    // The printed hash is the one of the Registry.pol convert writes.
    let pol = scratch("sbs-for-hash.pol");
    let written = run(&[
        "convert",
        json,
        "--to",
        "registry-pol",
        "-o",
        pol.to_str().unwrap_or_default(),
    ]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    let hash = fwpolicy_core::formats::report::registry_pol_sha256(
        &fwpolicy_core::formats::read(None, &read(&pol))
            .unwrap_or_else(|e| panic!("{e}"))
            .project
            .policy,
    );
    assert!(
        md.contains(&format!("| SHA-256 of Registry.pol | {hash}<br>")),
        "{md}"
    );

    // --since: the last export had port 135 open to any computer.
    let before = text(&read(&data("sbs-2003-xp-sp2", "policy.json"))).replacen(
        "\"transport\": \"TCP\",\n            \"scope\": \"localsubnet\"",
        "\"transport\": \"TCP\",\n            \"scope\": \"*\"",
        1,
    );
    assert!(
        before.contains("\"scope\": \"*\""),
        "fixture changed: edit the test"
    );
    let since = scratch("sbs-last-export.json");
    std::fs::write(&since, before).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "convert",
        json,
        "--to",
        "report-md",
        "--generated",
        "2026-12-06 20:15 UTC",
        "--since",
        since.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.contains("| Generated | 2026-12-06 20:15 UTC |"));
    assert!(md.contains("1 change in what the Registry.pol"), "{md}");
    assert!(
        md.contains("| changed | 135:TCP:\\*:enabled:Remote Assistance (TCP 135) | 135:TCP:localsubnet:enabled:Remote Assistance (TCP 135) |"),
        "{md}"
    );
    // --since and INPUT cannot both be standard input.
    let out = run_stdin(&["convert", "-", "--to", "report-md", "--since", "-"], b"");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
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

// See: issue 13, item 5 — messages in plain words, the details below.
#[test]
fn diagnostics_show_a_plain_sentence_then_their_details() {
    let out = run_stdin(
        &["check", "-", "--from", "json"],
        &read(&data("sbs-2003-xp-sp2", "policy.json")),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pol = data("roundtrip", "gpmc.pol");
    let out = run(&["check", pol.to_str().unwrap_or_default()]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "info: The item “%ProgramFiles%\\Contoso\\agent.exe:LocalSubnet:Enabled:Contoso Agent” is kept exactly as written; if you edit it, it is written as “%ProgramFiles%\\Contoso\\agent.exe:localsubnet:enabled:Contoso Agent”.\n    Domain Profile › Define program exceptions · byte 1284 · line · code canonicalized\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains(r"\\"), "{stdout}");
    // A quoted program path pasted into edit: one error, the quotes named.
    let out = run(&[
        "edit",
        pol.to_str().unwrap_or_default(),
        "--to",
        "lgpo",
        "--add-program",
        "domain",
        r#""C:\Program Files\App\app.exe":*:enabled:App"#,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(
        err.matches("remove the quotes").count() + err.matches("Remove the quotes").count(),
        1,
        "{err}"
    );
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

fn path_str(path: &std::path::Path) -> &str {
    path.to_str().unwrap_or_default()
}

#[test]
fn convert_help_lists_its_options_and_an_example() {
    let out = run(&["convert", "--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let help = text(&out.stdout);
    for wanted in [
        "--to <FORMAT>",
        "-o, --output",
        "--from",
        "--max-input",
        "Example",
    ] {
        assert!(help.contains(wanted), "{wanted} missing from:\n{help}");
    }
    assert!(help.contains("fwpolicy convert sbs.fwpolicy.json --to registry-pol"));
    // `help convert` prints the same text.
    let again = run(&["help", "convert"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(text(&again.stdout), help);
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in [
        "presets",
        "preset",
        "check",
        "convert",
        "edit",
        "diff",
        "rollout",
        "completions",
    ] {
        let out = run(&["help", command]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = text(&out.stdout);
        assert!(
            help.contains(&format!("Usage: fwpolicy {command}")),
            "{help}"
        );
        assert!(help.contains("Example"), "{command}: {help}");
        assert!(help.contains(&format!("fwpolicy {command}")), "{help}");
    }
    // The overview lists every command and the formats.
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for command in [
        "presets",
        "preset",
        "check",
        "convert",
        "edit",
        "diff",
        "rollout",
        "completions",
    ] {
        assert!(help.contains(&format!("  {command} ")), "{command}: {help}");
    }
    assert!(help.contains("netsh-advfirewall"), "{help}");
}

#[test]
fn version_is_printed_by_the_flag_and_the_command() {
    let expected = format!("fwpolicy {}\n", env!("CARGO_PKG_VERSION"));
    for args in [&["--version"][..], &["-V"], &["version"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&out.stdout), expected, "{args:?}");
    }
}

#[test]
fn an_option_given_twice_is_a_usage_error_not_last_wins() {
    let json = data("kitchen-sink", "policy.json");
    let json = path_str(&json);
    for args in [
        &["convert", json, "--to", "json", "--to", "lgpo"][..],
        &[
            "convert", json, "--to", "lgpo", "-o", "a.txt", "--output", "b.txt",
        ],
        &["check", json, "--from", "json", "--from", "json"],
        &["rollout", "--clients", "5", "--clients", "6", "--seed", "1"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("cannot be used multiple times"),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn double_dash_ends_the_options() {
    let dir = scratch("dash-dir");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(data("sbs-2003-xp-sp2", "policy.json"), dir.join("-p.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = bin()
        .args(["check", "--", "-p.json"])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("-p.json: 7 exception(s)"));
    // Without `--` the name is an unknown option.
    let out = bin()
        .args(["check", "-p.json"])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_print_a_script_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _fwpolicy"),
        ("zsh", "#compdef fwpolicy"),
        ("fish", "complete -c fwpolicy"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}");
        // Commands and options are completed, and format names where the shell lists values.
        for word in ["convert", "max-input"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
        assert!(
            shell == "powershell" || script.contains("registry-pol"),
            "{shell}"
        );
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
    assert_eq!(run(&["completions"]).status.code(), Some(2));
}

#[test]
fn usage_errors_name_the_command_and_the_fix() {
    let json = data("kitchen-sink", "policy.json");
    let json = path_str(&json);
    let out = run(&["convert", json]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("--to <FORMAT>"), "{err}");
    assert!(err.contains("Usage: fwpolicy convert"), "{err}");
    assert!(err.contains("--help"), "{err}");

    let out = run(&["preset", "nope"]);
    let err = text(&out.stderr);
    assert!(err.contains("Usage: fwpolicy preset <ID>"), "{err}");
    assert!(err.contains("presets are: sbs-2003-xp-sp2"), "{err}");

    let out = run(&["rollout", "--clients", "ten", "--seed", "1"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--clients <N>") && err.contains("expects a number"),
        "{err}"
    );
    assert!(err.contains("Usage: fwpolicy rollout"), "{err}");
    assert!(err.contains("--help"), "{err}");
}

// See: issue 11
#[test]
fn no_input_limit_stdin_from_dev_zero_is_refused() {
    let zero = std::fs::File::open("/dev/zero").unwrap_or_else(|e| panic!("{e}"));
    let started = std::time::Instant::now();
    let out = bin()
        .args(["check", "-"])
        .stdin(Stdio::from(zero))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("standard input: the input is 64.0 MiB (67108865 bytes), more than the 64 MiB fwpolicy reads; nothing was read")
            && err.contains("--max-input"),
        "{err}"
    );
    assert!(started.elapsed().as_secs() < 30);
    // A file that never ends is stopped at the limit too.
    let out = run(&["check", "/dev/zero", "--max-input", "1000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr)
        .contains("/dev/zero: the input is 1001 bytes, more than the 1000 bytes fwpolicy reads"));
}

// See: issue 11
#[test]
fn no_input_limit_files_above_max_input_are_refused() {
    let json = read(&data("sbs-2003-xp-sp2", "policy.json"));
    let size = json.len().to_string();
    let smaller = (json.len() - 1).to_string();
    let path = scratch("limit.json");
    std::fs::write(&path, &json).unwrap_or_else(|e| panic!("{e}"));
    let path = path_str(&path);
    // Exactly at the limit: read.
    let out = run(&["check", path, "--max-input", &size]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // One byte over: refused, for files and for standard input, by every reading command.
    let out = run(&["check", path, "--max-input", &smaller]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr)
        .contains("fwpolicy reads; nothing was read; raise the limit with --max-input BYTES"));
    assert!(out.stdout.is_empty());
    let out = run_stdin(
        &["convert", "-", "--to", "lgpo", "--max-input", &smaller],
        &json,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let out = run(&["diff", path, path, "--max-input", &smaller]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&[
        "rollout",
        path,
        "--clients",
        "3",
        "--seed",
        "1",
        "--max-input",
        &smaller,
    ]);
    assert_eq!(out.status.code(), Some(1));
}

// See: issue 11
#[test]
fn writing_onto_the_input_destroys_it() {
    let original = read(&data("sbs-2003-xp-sp2", "policy.json"));
    let path = scratch("onto-input.json");
    std::fs::write(&path, &original).unwrap_or_else(|e| panic!("{e}"));
    let link = scratch("onto-input-link.json");
    let hard = scratch("onto-input-hard.json");
    let _ = std::fs::remove_file(&link);
    let _ = std::fs::remove_file(&hard);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&path, &link).unwrap_or_else(|e| panic!("{e}"));
    std::fs::hard_link(&path, &hard).unwrap_or_else(|e| panic!("{e}"));
    let input = path_str(&path);
    let dir = path.parent().map(|d| d.to_path_buf()).unwrap_or_default();
    let dotted = dir.join(".").join("onto-input.json");
    for out_path in [&path, &link, &hard, &dotted] {
        let out = run(&["convert", input, "--to", "lgpo", "-o", path_str(out_path)]);
        assert_eq!(out.status.code(), Some(2), "{}", out_path.display());
        assert!(
            text(&out.stderr).contains("is the input file"),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(read(&path), original, "{}", out_path.display());
    }
    // Reading through the link and writing to the file itself is refused too.
    #[cfg(unix)]
    {
        let out = run(&["convert", path_str(&link), "--to", "lgpo", "-o", input]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(read(&path), original);
    }
}

// See: issue 11
#[test]
fn output_is_replaced_whole_not_overwritten_in_place() {
    let json = data("kitchen-sink", "policy.json");
    let dir = scratch("replace-dir");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let out_path = dir.join("lgpo.txt");
    std::fs::write(&out_path, b"old output\n").unwrap_or_else(|e| panic!("{e}"));
    // A reader that opened the old output keeps reading the old bytes.
    let mut held = std::fs::File::open(&out_path).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "convert",
        path_str(&json),
        "--to",
        "lgpo",
        "-o",
        path_str(&out_path),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(read(&out_path), read(&data("kitchen-sink", "lgpo.txt")));
    let mut old = Vec::new();
    std::io::Read::read_to_end(&mut held, &mut old).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(old, b"old output\n");
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["lgpo.txt".to_string()]);
    // Through a symbolic link, the file it points to is replaced and the link stays a link.
    #[cfg(unix)]
    {
        let link = dir.join("link.txt");
        std::os::unix::fs::symlink(&out_path, &link).unwrap_or_else(|e| panic!("{e}"));
        let out = run(&[
            "convert",
            path_str(&json),
            "--to",
            "netsh",
            "-o",
            path_str(&link),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let meta = std::fs::symlink_metadata(&link).unwrap_or_else(|e| panic!("{e}"));
        assert!(meta.file_type().is_symlink());
        assert_eq!(read(&out_path), read(&data("kitchen-sink", "netsh.cmd")));
    }
}

// See: issue 11
#[cfg(unix)]
#[test]
fn interrupted_write_leaves_the_old_output_as_it_was() {
    let json = data("kitchen-sink", "policy.json");
    let out_path = scratch("interrupted.html");
    let old = b"<p>the report of last week</p>\n".repeat(100);
    std::fs::write(&out_path, &old).unwrap_or_else(|e| panic!("{e}"));
    // A file size limit of 512 bytes stops the process in the middle of writing the report.
    let script = format!(
        "ulimit -f 1; exec '{}' convert '{}' --to report-html -o '{}'",
        env!("CARGO_BIN_EXE_fwpolicy"),
        json.display(),
        out_path.display()
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(read(&out_path), old);
}

// See: issue 11
#[cfg(unix)]
#[test]
fn closed_stdout_exits_0_with_the_output_lost() {
    let script = format!(
        "exec '{}' preset sbs-2003-xp-sp2 >&-",
        env!("CARGO_BIN_EXE_fwpolicy")
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot write to standard output: it is closed"),
        "{}",
        text(&out.stderr)
    );
    // `> /dev/null` is a choice, not an error.
    let out = bin()
        .args(["preset", "sbs-2003-xp-sp2"])
        .stdout(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    // `check`'s result is its exit code: its report may be discarded with a /dev/null opened
    // for reading and writing (as Python's subprocess.DEVNULL does).
    let good = data("sbs-2003-xp-sp2", "policy.json");
    let script = format!(
        "exec '{}' check '{}' 1<>/dev/null",
        env!("CARGO_BIN_EXE_fwpolicy"),
        good.display()
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

// See: issue 11
#[cfg(target_os = "linux")]
#[test]
fn full_stdout_or_output_device_exits_1() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let out = bin()
        .args(["preset", "sbs-2003-xp-sp2"])
        .stdout(Stdio::from(full()))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot write to standard output"));
    // -o naming a device writes to it (never replaces it) and reports its error.
    let json = data("kitchen-sink", "policy.json");
    let out = run(&[
        "convert",
        path_str(&json),
        "--to",
        "lgpo",
        "-o",
        "/dev/full",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot write /dev/full"));
    let meta = std::fs::metadata("/dev/full").unwrap_or_else(|e| panic!("{e}"));
    assert!(!meta.is_file());
}

// See: issue 11
#[test]
fn diff_reads_stdin_twice() {
    let out = run_stdin(&["diff", "-", "-"], b"{}");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("standard input can be read only once"),
        "{err}"
    );
    assert!(err.contains("Usage: fwpolicy diff"), "{err}");
}

// See: issue 11
#[test]
fn diff_error_does_not_say_which_side_failed() {
    let good = data("sbs-2003-xp-sp2", "policy.json");
    let good = path_str(&good);
    let out = run(&["diff", good, "/nonexistent/new.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("new policy: cannot read /nonexistent/new.json"),
        "{}",
        text(&out.stderr)
    );
    let out = run_stdin(&["diff", "-", good], b"not a policy {");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("old policy: standard input: "),
        "{}",
        text(&out.stderr)
    );
    // The working case still works, with stdin on one side.
    let out = run_stdin(
        &["diff", "-", good],
        &read(&data("sbs-2003-xp-sp2", "policy.json")),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "no differences\n");
}

// See: issue 11
#[test]
fn empty_file_read_from_lgpo_is_accepted_as_an_empty_policy() {
    let empty = scratch("empty.txt");
    std::fs::write(&empty, b"").unwrap_or_else(|e| panic!("{e}"));
    let blank = scratch("blank.txt");
    std::fs::write(&blank, b" \r\n\t\n").unwrap_or_else(|e| panic!("{e}"));
    for path in [&empty, &blank] {
        for from in ["lgpo", "reg", "json", "registry-pol"] {
            let out = run(&["check", path_str(path), "--from", from]);
            assert_eq!(out.status.code(), Some(1), "{from}");
            assert!(
                text(&out.stderr).contains("the input is empty"),
                "{from}: {}",
                text(&out.stderr)
            );
        }
        let out = run(&["convert", path_str(path), "--to", "lgpo"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
    }
    let out = run_stdin(&["check", "-", "--from", "lgpo"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("standard input: the input is empty"));
}

// See: issue 11
#[test]
fn reader_quitting_early_is_a_failed_write_not_success() {
    // 50,000 rows are far more than a pipe holds: the reader closes after the first line.
    let mut child = bin()
        .args(["rollout", "--clients", "50000", "--seed", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut first = [0u8; 6];
    if let Some(mut stdout) = child.stdout.take() {
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&first, b"client");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot write to standard output"),
        "{}",
        text(&out.stderr)
    );
}

// ---------------------------------------------------------------------------------------------
// fwpolicy edit (issue 10)
// ---------------------------------------------------------------------------------------------

fn pol_records(bytes: &[u8]) -> Vec<fwpolicy_core::Record> {
    fwpolicy_core::formats::pol::decode(bytes)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|d| d.record)
        .collect()
}

// See: issue 10
#[test]
fn edit_changes_only_the_named_setting_and_keeps_every_other_byte() {
    let input = data("roundtrip", "gpmc.pol");
    let out = scratch("edit-one.pol");
    let run_out = run(&[
        "edit",
        path_str(&input),
        "-o",
        path_str(&out),
        "--set",
        "domain.protectAllConnections=enabled",
    ]);
    assert_eq!(run_out.status.code(), Some(0), "{}", text(&run_out.stderr));
    let before = pol_records(&read(&input));
    let after = pol_records(&read(&out));
    // The two EnableFirewall records (1, then 0: Disabled) became one, where the first was.
    let is_edit =
        |r: &fwpolicy_core::Record| r.key.ends_with("DomainProfile") && r.value == "EnableFirewall";
    let rest = |rs: &[fwpolicy_core::Record]| -> Vec<fwpolicy_core::Record> {
        rs.iter().filter(|r| !is_edit(r)).cloned().collect()
    };
    assert_eq!(rest(&before), rest(&after));
    let edited: Vec<_> = after.iter().filter(|r| is_edit(r)).collect();
    assert_eq!(edited.len(), 1);
    assert_eq!(edited[0].as_dword(), Some(1));
    assert_eq!(after[3], *edited[0]);
    // diff sees exactly the edit.
    let d = run(&["diff", path_str(&input), path_str(&out)]);
    assert_eq!(
        text(&d.stdout),
        "Domain Profile › Protect all network connections: Disabled → Enabled\n"
    );
}

// `edit --to report-*` gives the reviewer what `convert` gives: the time, and the changes since
// the last export, which by default is the file the edit started from.
#[test]
fn edit_report_lists_its_own_edits_as_changes_since_the_last_export() {
    let input = data("sbs-2003-xp-sp2", "policy.json");
    let r = run(&[
        "edit",
        path_str(&input),
        "--to",
        "report-md",
        "--add-port",
        "domain",
        "8443:TCP:LocalSubnet:enabled:Admin portal",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let md = text(&r.stdout);
    assert!(md.contains("1 change in what the Registry.pol"), "{md}");
    assert!(
        md.contains(
            "| Domain Profile › Define port exceptions › 8443:TCP | added | *—* | \
             8443:TCP:localsubnet:enabled:Admin portal |"
        ),
        "{md}"
    );
    assert!(!md.contains("No earlier export recorded."), "{md}");
    let generated = md
        .lines()
        .find_map(|l| l.strip_prefix("| Generated | "))
        .unwrap_or_else(|| panic!("no generated row:\n{md}"));
    assert!(generated.ends_with(" UTC |"), "{generated}");

    // --since names another last export (here the same policy written as Registry.pol, with
    // the same edit already in it): nothing changed since; --generated is printed as given.
    let pol = scratch("edit-since.pol");
    let w = run(&[
        "edit",
        path_str(&input),
        "--to",
        "registry-pol",
        "-o",
        path_str(&pol),
        "--add-port",
        "domain",
        "8443:TCP:LocalSubnet:enabled:Admin portal",
    ]);
    assert_eq!(w.status.code(), Some(0), "{}", text(&w.stderr));
    let r = run(&[
        "edit",
        path_str(&input),
        "--to",
        "report-md",
        "--generated",
        "2026-12-06 20:15 UTC",
        "--since",
        path_str(&pol),
        "--add-port",
        "domain",
        "8443:TCP:LocalSubnet:enabled:Admin portal",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let md = text(&r.stdout);
    assert!(md.contains("| Generated | 2026-12-06 20:15 UTC |"), "{md}");
    assert!(
        md.contains("None: the exports carry the same settings as the last export."),
        "{md}"
    );
    // --since and INPUT cannot both be standard input.
    let out = run_stdin(
        &[
            "edit",
            "-",
            "--to",
            "report-md",
            "--since",
            "-",
            "--enable",
            "domain",
            "protect",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn edit_applies_its_operations_in_order() {
    let input = data("roundtrip", "gpmc.pol");
    let out = scratch("edit-order.pol");
    let r = run(&[
        "edit",
        path_str(&input),
        "-o",
        path_str(&out),
        "--add-port",
        "domain",
        "8443:TCP:LocalSubnet:enabled:Admin",
        "--disable-port",
        "domain",
        "8443/TCP",
        "--remove-program",
        "domain",
        r"c:\tools\BACKUP.exe",
        "--add-interface",
        "domain",
        "Local Area Connection 2",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let d = text(&run(&["diff", path_str(&input), path_str(&out)]).stdout);
    assert!(
        d.contains("added 8443:TCP:localsubnet:disabled:Admin"),
        "{d}"
    );
    assert!(
        d.contains(r"removed C:\Tools\backup.exe:*:enabled:Backup"),
        "{d}"
    );
    // Interface exclusions are not carried by Registry.pol: said on stderr.
    assert!(
        text(&r.stderr).contains("Interface exclusions"),
        "{}",
        text(&r.stderr)
    );
    // Reversed, the disable comes before the port exists: the whole edit fails.
    let out2 = scratch("edit-order-2.pol");
    let r = run(&[
        "edit",
        path_str(&input),
        "-o",
        path_str(&out2),
        "--disable-port",
        "domain",
        "8443/TCP",
        "--add-port",
        "domain",
        "8443:TCP:LocalSubnet:enabled:Admin",
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(!out2.exists());
}

#[test]
fn an_edit_that_does_not_apply_exits_1_naming_it_and_writes_nothing() {
    let input = data("roundtrip", "gpmc.pol");
    let out = scratch("edit-fail.pol");
    std::fs::write(&out, b"keep me").unwrap_or_else(|e| panic!("{e}"));
    for (args, named) in [
        (
            vec!["--set", "domain.protectAllConnections=enabled", "--set", "domain.bogus=enabled"],
            "--set domain.bogus=enabled: unknown setting “bogus”",
        ),
        (
            vec!["--add-port", "domain", "445:TCP:*:enabled:Again"],
            "--add-port domain 445:TCP:*:enabled:Again: the Domain Profile already has an exception for 445/TCP",
        ),
        (
            vec!["--remove-port", "standard", "80/TCP"],
            "--remove-port standard 80/TCP: there is no port exception for 80/TCP in the Standard Profile",
        ),
    ] {
        let mut all = vec!["edit", path_str(&input), "-o", path_str(&out)];
        all.extend(args);
        let r = run(&all);
        assert_eq!(r.status.code(), Some(1), "{named}");
        let err = text(&r.stderr);
        assert!(err.contains(named), "{err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(read(&out), b"keep me");
    }
    // No edit at all is a usage error.
    let r = run(&["edit", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        text(&r.stderr).contains("no edit given"),
        "{}",
        text(&r.stderr)
    );
}

#[test]
fn edit_writes_the_inputs_format_unless_to_is_given() {
    let input = data("roundtrip", "lgpo.txt");
    let r = run(&[
        "edit",
        path_str(&input),
        "--set",
        "standard.protectAllConnections=enabled",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let lgpo = text(&r.stdout);
    assert!(lgpo.contains("LGPO.exe text"), "{lgpo}");
    // The untouched list item keeps its spelling; the new value follows its key's others.
    assert!(lgpo.contains("445:TCP:LocalSubnet:enabled:SMB"));
    assert!(
        lgpo.contains("StandardProfile\r\nEnableFirewall\r\nDWORD:1"),
        "{lgpo}"
    );
    let r = run(&[
        "edit",
        path_str(&input),
        "--to",
        "json",
        "--set",
        "refreshInterval=disabled",
    ]);
    assert_eq!(r.status.code(), Some(0));
    let json = text(&r.stdout);
    assert!(json.contains("\"version\": 2"), "{json}");
    assert!(json.contains("\"sourceRecords\""), "{json}");
    // The project written by edit opens again and exports the edited Registry.pol.
    let project = scratch("edited.fwpolicy.json");
    std::fs::write(&project, json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let d = run(&["diff", path_str(&input), path_str(&project)]);
    assert_eq!(
        text(&d.stdout),
        "Set Group Policy refresh interval for computers: Enabled → Disabled\n"
    );
}

#[test]
fn edit_help_lists_every_operation_with_an_example() {
    let r = run(&["edit", "--help"]);
    assert_eq!(r.status.code(), Some(0));
    let help = text(&r.stdout);
    for op in fwpolicy_core::model::edit_args::OPERATIONS {
        assert!(
            help.contains(&format!("--{} ", op.flag)),
            "{}: {help}",
            op.flag
        );
        assert!(help.contains(op.example), "{}: {help}", op.example);
    }
}

// See: issue 10
#[test]
fn convert_of_an_untouched_registry_pol_is_byte_identical() {
    for name in ["gpmc.pol", "lgpo.pol", "policyplus.pol"] {
        let input = data("roundtrip", name);
        let out = scratch(&format!("same-{name}"));
        let r = run(&[
            "convert",
            path_str(&input),
            "--to",
            "registry-pol",
            "-o",
            path_str(&out),
        ]);
        assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
        assert_eq!(read(&out), read(&input), "{name}");
    }
}

// See: issue 15
#[test]
fn convert_writes_a_share_link_and_reads_it_back() {
    let json = data("sbs-2003-xp-sp2", "policy.json");
    let out = run(&[
        "convert",
        path_str(&json),
        "--to",
        "link",
        "--link-base",
        "https://admin.example.org/fwpolicy/#old",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let link = text(&out.stdout);
    assert!(
        link.starts_with("https://admin.example.org/fwpolicy/#p=") && link.ends_with('\n'),
        "{link}"
    );
    let link = link.trim_end();
    assert!(link.len() <= 8_000);
    // The link as an argument, the fragment alone, and a file holding the link all read
    // back to the same project file, byte for byte.
    let fragment = &link[link.find("#p=").unwrap_or(0)..];
    let file = scratch("share-link.txt");
    std::fs::write(&file, format!("{link}\n")).unwrap_or_else(|e| panic!("{e}"));
    for input in [link, fragment, path_str(&file)] {
        let back = run(&["convert", input, "--to", "json"]);
        assert_eq!(back.status.code(), Some(0), "{}", text(&back.stderr));
        assert_eq!(back.stdout, read(&json), "{input}");
    }
    // Without --link-base the link is the fragment alone.
    let bare = run(&["convert", path_str(&json), "--to", "link"]);
    assert_eq!(text(&bare.stdout).trim_end(), fragment);
    // And standard input.
    let piped = run_stdin(&["convert", "-", "--to", "json"], link.as_bytes());
    assert_eq!(piped.stdout, read(&json));
}

// See: issue 15
#[test]
fn a_damaged_share_link_exits_1_naming_the_damage() {
    let json = data("sbs-2003-xp-sp2", "policy.json");
    let link = text(&run(&["convert", path_str(&json), "--to", "link"]).stdout);
    let link = link.trim_end();
    // Cut at a whole number of base64 groups, so that the base64 still decodes.
    let payload_len = link.len() - "#p=".len();
    let cut = &link[..link.len() - payload_len % 4 - 28];
    let out = run(&["convert", cut, "--to", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.starts_with("fwpolicy: #p=") && err.contains("the share link is cut short"),
        "{err}"
    );
    let bad = link.replacen("#p=A", "#p=!", 1);
    let out = run(&["convert", &bad, "--to", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("character 1 '!' of the data after #p= is not URL-safe base64"),
        "{}",
        text(&out.stderr)
    );
}

// See: issue 15
#[test]
fn a_policy_too_large_for_a_link_is_refused_with_its_size() {
    let mut project = String::from(
        r#"{"format":"fwpolicy","version":1,"policy":{"domain":{"portExceptions":{"state":"enabled","items":["#,
    );
    let mut seed = 12345u32;
    for i in 0..700u32 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        if i > 0 {
            project.push(',');
        }
        project.push_str(&format!(
            r#"{{"port":{},"transport":"TCP","scope":"*","status":"enabled","name":"S{seed:08x}"}}"#,
            1000 + i
        ));
    }
    project.push_str("]}}}}");
    let out = run_stdin(&["convert", "-", "--to", "link"], project.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.starts_with("fwpolicy: cannot write link: the share link would be ")
            && err.contains("characters, more than the 8,000")
            && err.contains("share the project file instead"),
        "{err}"
    );
}

// See: issue 15
#[test]
fn diff_writes_text_markdown_or_json() {
    let old = data("sbs-2003-xp-sp2", "policy.json");
    let new = scratch("diff-formats.json");
    let edited = run(&[
        "edit",
        path_str(&old),
        "-o",
        path_str(&new),
        "--add-port",
        "domain",
        "8080:TCP:*:enabled:Proxy",
        "--set",
        "standard.logging=enabled",
    ]);
    assert_eq!(edited.status.code(), Some(0), "{}", text(&edited.stderr));
    let textual = text(&run(&["diff", path_str(&old), path_str(&new)]).stdout);
    assert_eq!(
        text(&run(&["diff", path_str(&old), path_str(&new), "--format", "text"]).stdout),
        textual
    );
    assert_eq!(
        textual,
        "Domain Profile › Define port exceptions › 8080:TCP: added 8080:TCP:*:enabled:Proxy\n\
         Standard Profile › Allow logging: Not configured → Enabled\n"
    );
    let md = run(&["diff", path_str(&old), path_str(&new), "--format", "md"]);
    assert_eq!(md.status.code(), Some(0));
    let md = text(&md.stdout);
    assert!(md.starts_with("# Firewall policy changes\n"), "{md}");
    assert!(
        md.contains("## Domain Profile\n\n### Define port exceptions\n"),
        "{md}"
    );
    assert!(
        md.contains("| 8080:TCP | added |  | 8080:TCP:\\*:enabled:Proxy |\n"),
        "{md}"
    );
    assert!(
        md.contains("| State | changed | Not configured | Enabled |\n"),
        "{md}"
    );
    let json = run(&["diff", path_str(&old), path_str(&new), "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["format"], "fwpolicy-diff");
    assert_eq!(v["changes"][0]["item"], "8080:TCP");
    assert_eq!(v["changes"][1]["setting"], "Allow logging");
    // A share link is a side like any file.
    let link = text(&run(&["convert", path_str(&new), "--to", "link"]).stdout);
    let via_link = run(&["diff", path_str(&old), link.trim_end()]);
    assert_eq!(text(&via_link.stdout), textual);
    let bad = run(&["diff", path_str(&old), path_str(&new), "--format", "html"]);
    assert_eq!(bad.status.code(), Some(2));
}

// See: issue 13
#[test]
fn exposure_prints_a_table_per_profile_with_ports_and_scopes() {
    let path = scratch("exposure-fps.fwpolicy.json");
    let preset = run(&["preset", "file-and-printer-sharing-local"]);
    std::fs::write(&path, &preset.stdout).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "exposure",
        path.to_str().unwrap_or_default(),
        "--profile",
        "domain",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("Domain Profile\n"), "{stdout}");
    assert!(!stdout.contains("Standard Profile"), "{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("File and printer sharing "))
        .unwrap_or_else(|| panic!("no file sharing row: {stdout}"));
    assert!(row.contains("UDP 137, UDP 138, TCP 139, TCP 445"), "{row}");
    assert!(row.contains("localsubnet"), "{row}");
    assert!(stdout.contains("ICMP echo (ping)"), "{stdout}");
}

// See: issue 13
#[test]
fn exposure_answers_the_question_with_the_allowing_rule() {
    let path = scratch("exposure-rdp.fwpolicy.json");
    let preset = run(&["preset", "remote-desktop-admins"]);
    std::fs::write(&path, &preset.stdout).unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_str().unwrap_or_default();
    let shown = text(&run(&["exposure", p, "--profile", "domain"]).stdout);
    let rdp = shown
        .lines()
        .find(|l| l.contains("TCP 3389"))
        .unwrap_or_else(|| panic!("no RDP row: {shown}"));
    // Ask from an address inside the first scope item of the RDP row.
    let scope_cell = rdp
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .nth(2)
        .unwrap_or_default()
        .to_string();
    let first = scope_cell.split(',').next().unwrap_or_default();
    let addr = first.split('/').next().unwrap_or_default();
    let out = run(&[
        "exposure",
        p,
        "--profile",
        "domain",
        "--from",
        addr,
        "--port",
        "3389/tcp",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("Yes: "), "{rdp}\n{stdout}");
    assert!(
        stdout.contains("allowed by: Remote Desktop (TCP 3389)"),
        "{stdout}"
    );
    let no = run(&[
        "exposure",
        p,
        "--profile",
        "domain",
        "--from",
        "203.0.113.9",
        "--port",
        "3389/tcp",
    ]);
    assert!(text(&no.stdout).starts_with("No: "), "{}", text(&no.stdout));
    // Usage errors exit 2.
    let bad = run(&["exposure", p, "--from", "10.0.0.x", "--port", "3389/tcp"]);
    assert_eq!(bad.status.code(), Some(2));
    let lone = run(&["exposure", p, "--from", "10.0.0.1"]);
    assert_eq!(lone.status.code(), Some(2));
    let proto = run(&["exposure", p, "--from", "10.0.0.1", "--port", "3389/sctp"]);
    assert_eq!(proto.status.code(), Some(2));
}

// ---- fwpolicy resultant (issue 14) ----

const FW_DOMAIN: &str = r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile";

/// A scratch folder of its own for one test.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = scratch(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn write(path: &std::path::Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A fixture's Registry.pol with "Protect all network connections" of the Domain Profile set
/// to `on` appended (a later record of the same value wins within the file).
fn pol_with_domain_firewall(case: &str, on: bool) -> Vec<u8> {
    let mut records = pol_records(&read(&data(case, "Registry.pol")));
    records.push(fwpolicy_core::Record::dword(
        FW_DOMAIN,
        "EnableFirewall",
        u32::from(on),
    ));
    fwpolicy_core::formats::pol::encode(&records)
}

fn domain_protect(json: &[u8]) -> fwpolicy_core::State {
    let read = fwpolicy_core::formats::read(None, json).unwrap_or_else(|e| panic!("{e}"));
    read.project
        .policy
        .profile(fwpolicy_core::ProfileKind::Domain)
        .state(fwpolicy_core::SettingId::ProtectAllConnections)
}

fn explain_line<'a>(stdout: &'a str, path: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.starts_with(&format!("{path} |")))
        .unwrap_or_else(|| panic!("no row {path:?} in\n{stdout}"))
}

#[test]
fn resultant_reversing_the_order_changes_the_winner() {
    let dir = scratch_dir("resultant-order");
    let on = dir.join("on.pol");
    let off = dir.join("off.pol");
    write(&on, &pol_with_domain_firewall("single-port", true));
    write(&off, &pol_with_domain_firewall("sbs-2003-xp-sp2", false));
    let (on, off) = (path_str(&on), path_str(&off));
    let row = "Domain Profile › Protect all network connections";

    let out = run(&["resultant", on, off, "--to", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(domain_protect(&out.stdout), fwpolicy_core::State::Disabled);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("  1. {on}\n  2. {off}\n")),
        "the order used is printed: {stderr}"
    );
    let explained = run(&["resultant", on, off, "--explain"]);
    let stdout = text(&explained.stdout);
    assert_eq!(
        explain_line(&stdout, row),
        format!("{row} | Disabled | 2. {off} | 1. {on}")
    );

    let out = run(&["resultant", off, on, "--to", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(domain_protect(&out.stdout), fwpolicy_core::State::Enabled);
    let explained = run(&["resultant", off, on, "--explain"]);
    let stdout = text(&explained.stdout);
    assert_eq!(
        explain_line(&stdout, row),
        format!("{row} | Enabled | 2. {on} | 1. {off}")
    );
    // The port lists add up whatever the order.
    for order in [[on, off], [off, on]] {
        let out = run(&["resultant", order[0], order[1], "--to", "json"]);
        let read =
            fwpolicy_core::formats::read(None, &out.stdout).unwrap_or_else(|e| panic!("{e}"));
        let standard = read
            .project
            .policy
            .profile(fwpolicy_core::ProfileKind::Standard);
        assert!(
            standard
                .ports
                .options
                .iter()
                .any(|p| p.to_string().starts_with("3389:TCP")),
            "single-port's item stays in"
        );
    }
}

#[test]
fn resultant_of_one_file_to_json_is_what_convert_writes() {
    for case in ["single-port", "sbs-2003-xp-sp2", "locked-down-laptop"] {
        let pol = data(case, "Registry.pol");
        let pol = path_str(&pol);
        let merged = run(&["resultant", pol, "--to", "json"]);
        assert_eq!(merged.status.code(), Some(0), "{}", text(&merged.stderr));
        let converted = run(&["convert", pol, "--to", "json"]);
        assert_eq!(text(&merged.stdout), text(&converted.stdout), "{case}");
        // json is the default output, and every convert format is accepted.
        let default = run(&["resultant", pol]);
        assert_eq!(default.stdout, merged.stdout, "{case}");
        let lgpo = run(&["resultant", pol, "--to", "lgpo"]);
        assert_eq!(
            lgpo.stdout,
            run(&["convert", pol, "--to", "lgpo"]).stdout,
            "{case}"
        );
    }
}

#[test]
fn resultant_writes_a_registry_pol_with_o_and_refuses_o_naming_an_input() {
    let dir = scratch_dir("resultant-output");
    let a = data("single-port", "Registry.pol");
    let b = data("sbs-2003-xp-sp2", "Registry.pol");
    let out_path = dir.join("Registry.pol");
    let out = run(&[
        "resultant",
        path_str(&a),
        path_str(&b),
        "--to",
        "registry-pol",
        "-o",
        path_str(&out_path),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = read(&out_path);
    assert!(written.starts_with(b"PReg"));
    // Read back, it is the same policy as the JSON form of the merge.
    let json = run(&["resultant", path_str(&a), path_str(&b)]);
    let back = run(&["convert", path_str(&out_path), "--to", "json"]);
    assert_eq!(
        fwpolicy_core::formats::read(None, &back.stdout)
            .map(|r| r.project.policy)
            .ok(),
        fwpolicy_core::formats::read(None, &json.stdout)
            .map(|r| r.project.policy)
            .ok()
    );
    let copy = dir.join("input.pol");
    write(&copy, &read(&a));
    let out = run(&[
        "resultant",
        path_str(&copy),
        "--to",
        "registry-pol",
        "-o",
        path_str(&copy),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is the input file"));
    assert_eq!(read(&copy), read(&a), "the input is untouched");
}

#[test]
fn resultant_missing_or_unreadable_file_is_an_error_naming_it() {
    let dir = scratch_dir("resultant-missing");
    let good = data("single-port", "Registry.pol");
    let missing = dir.join("no-such-gpo.pol");
    let out = run(&["resultant", path_str(&good), path_str(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing is written");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot read {}", missing.display())),
        "{stderr}"
    );

    let notes = dir.join("notes.txt");
    write(&notes, b"not a policy\n");
    let out = run(&["resultant", path_str(&notes)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: neither a Registry.pol", notes.display())),
        "{stderr}"
    );

    let damaged = dir.join("damaged.pol");
    let mut bytes = read(&good);
    bytes.truncate(bytes.len() - 3);
    write(&damaged, &bytes);
    let out = run(&["resultant", path_str(&good), path_str(&damaged)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("fwpolicy: {}: GPO 2", damaged.display())),
        "{stderr}"
    );

    let empty = dir.join("empty-folder");
    std::fs::create_dir_all(&empty).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["resultant", path_str(&empty)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: no GPO to merge", empty.display())),
        "{stderr}"
    );

    assert_eq!(
        run(&["resultant"]).status.code(),
        Some(2),
        "FILE is required"
    );
}

const GUID_BASE: &str = "{31B2F340-016D-11D2-945F-00C04FB984F9}";
const GUID_SERVERS: &str = "{6AC1786C-016F-11D2-945F-00C04FB984F9}";

#[test]
fn resultant_reads_a_sysvol_policies_folder_in_name_order() {
    let dir = scratch_dir("resultant-sysvol");
    let policies = dir.join("Policies");
    let base = policies.join(GUID_BASE);
    write(
        &base.join("Machine").join("Registry.pol"),
        &pol_with_domain_firewall("single-port", true),
    );
    write(
        &base.join("GPT.INI"),
        b"[General]\r\nVersion=65537\r\ndisplayName=Firewall Base\r\n",
    );
    let servers = policies.join(GUID_SERVERS);
    write(
        &servers.join("MACHINE").join("registry.pol"),
        &pol_with_domain_firewall("sbs-2003-xp-sp2", false),
    );
    write(
        &servers.join("GPT.INI"),
        b"[General]\r\ndisplayName=Servers\r\n",
    );
    write(
        &servers.join("User").join("Registry.pol"),
        &read(&data("kitchen-sink", "Registry.pol")),
    );

    let out = run(&["resultant", path_str(&policies), "--explain"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let first = format!("  1. Firewall Base {GUID_BASE} (");
    let second = format!("  2. Servers {GUID_SERVERS} (");
    let at = |s: &str| {
        stderr
            .find(s)
            .unwrap_or_else(|| panic!("{s:?} in {stderr}"))
    };
    assert!(at(&first) < at(&second), "{stderr}");
    assert!(
        stderr.contains("user-side Registry.pol not read"),
        "{stderr}"
    );
    let stdout = text(&out.stdout);
    let row = "Domain Profile › Protect all network connections";
    assert_eq!(
        explain_line(&stdout, row),
        format!("{row} | Disabled | 2. Servers {GUID_SERVERS} | 1. Firewall Base {GUID_BASE}")
    );

    // One GPO folder, then a Registry.pol that overrides it: the order on the command line.
    let last = dir.join("local.pol");
    write(&last, &pol_with_domain_firewall("single-port", true));
    let out = run(&[
        "resultant",
        path_str(&servers),
        path_str(&last),
        "--explain",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(
        explain_line(&stdout, row),
        format!(
            "{row} | Enabled | 2. {} | 1. Servers {GUID_SERVERS}",
            last.display()
        )
    );
}

fn bkup_info(guid: &str, name: &str) -> String {
    format!(
        "<BackupInst xmlns=\"http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest\"><GPOGuid><![CDATA[{guid}]]></GPOGuid><GPODisplayName><![CDATA[{name}]]></GPODisplayName></BackupInst>"
    )
}

/// A GPMC "Back Up All" zip: one `{backup id}/` folder per GPO, in the order given.
fn backup_zip(gpos: &[(&str, &str, Vec<u8>)]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (i, (guid, name, pol)) in gpos.iter().enumerate() {
        let id = format!("{{B000000{i}-0000-0000-0000-000000000000}}");
        let entries = [
            (
                format!("{id}/bkupInfo.xml"),
                bkup_info(guid, name).into_bytes(),
            ),
            (
                format!("{id}/DomainSysvol/GPO/Machine/registry.pol"),
                pol.clone(),
            ),
        ];
        for (path, bytes) in entries {
            writer
                .start_file(path, options)
                .unwrap_or_else(|e| panic!("{e}"));
            writer.write_all(&bytes).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    writer
        .finish()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_inner()
}

#[test]
fn resultant_reads_a_gpmc_backup_zip_in_archive_order_with_findings() {
    let dir = scratch_dir("resultant-zip");
    let zip_path = dir.join("GPOBackups.zip");
    // Servers opens 3389 in the Standard profile; Base, applied last, forbids exceptions there.
    let mut base = pol_records(&read(&data("single-port", "Registry.pol")));
    base.retain(|r| !r.key.contains(r"StandardProfile\GloballyOpenPorts"));
    base.push(fwpolicy_core::Record::dword(
        r"SOFTWARE\Policies\Microsoft\WindowsFirewall\StandardProfile",
        "DoNotAllowExceptions",
        1,
    ));
    write(
        &zip_path,
        &backup_zip(&[
            (
                GUID_SERVERS,
                "Servers",
                read(&data("single-port", "Registry.pol")),
            ),
            (
                GUID_BASE,
                "Firewall Base",
                fwpolicy_core::formats::pol::encode(&base),
            ),
        ]),
    );
    let out = run(&["resultant", path_str(&zip_path), "--explain"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "  1. Servers {GUID_SERVERS} ({}: {{B0000000-0000-0000-0000-000000000000}})\n  2. Firewall Base {GUID_BASE} (",
            zip_path.display()
        )),
        "{stderr}"
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Findings that only appear when these GPOs combine:\n"),
        "{stdout}"
    );
    let finding = stdout
        .lines()
        .find(|l| l.contains("warning[resultant-exceptions-ignored]"))
        .unwrap_or_else(|| panic!("no finding in {stdout}"));
    assert!(
        finding.contains(&format!("1. Servers {GUID_SERVERS}"))
            && finding.contains(&format!("2. Firewall Base {GUID_BASE}")),
        "{finding}"
    );

    // With --to and no -o the policy takes standard output and the table goes to stderr.
    let out = run(&[
        "resultant",
        path_str(&zip_path),
        "--explain",
        "--to",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(fwpolicy_core::formats::read(None, &out.stdout).is_ok());
    assert!(text(&out.stderr).contains("resultant-exceptions-ignored"));
    assert!(text(&out.stderr).contains("Setting or item | Result | Winning GPO"));

    // A file that only looks like a zip is an error naming it.
    let broken = dir.join("broken.zip");
    write(&broken, b"PK\x03\x04 not really");
    let out = run(&["resultant", path_str(&broken)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!("{}: not a readable zip", broken.display())),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn resultant_help_states_the_precedence() {
    let out = run(&["resultant", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for needle in [
        "the first FILE is applied first and has the lowest precedence",
        "the last one wins",
        "--to <FORMAT>",
        "--explain",
        "Examples:",
    ] {
        assert!(help.contains(needle), "{needle:?} in {help}");
    }
}
