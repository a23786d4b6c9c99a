//! Script exports (issue 3): `netsh firewall` (firewall.cmd), `netsh advfirewall`
//! (firewall-advfirewall.cmd) and PowerShell (firewall.ps1).
//!
//! The central property: a script never runs what a name says. Every exported script is read
//! back by a small, independent model of the target shell written here (cmd: percent
//! expansion, quotes, carets, operators and redirections, then the C runtime's argument
//! splitting that netsh.exe gets; PowerShell: single-quoted strings with the curly-quote
//! rules, `[char]` concatenations, arrays, variables, operators). For each untrusted value
//! either the export fails with an error naming the exception, or the model yields exactly the
//! original text as one argument, and every line is exactly one expected command.
//!
//! Golden files: `tests/data/<case>/{netsh.cmd, netsh-advfirewall.cmd, firewall.ps1}`,
//! regenerated with `UPDATE_GOLDENS=1 cargo test -p fwpolicy-core --test scripts`.
mod common;

use common::*;
use fwpolicy_core::formats::script::{shown, ExportError, ScriptKind, ScriptOutput};
use fwpolicy_core::*;
use proptest::prelude::*;

// =============================================================================================
// Exporters under test
// =============================================================================================

type Export = fn(&Policy) -> Result<ScriptOutput, ExportError>;

const EXPORTERS: [(ScriptKind, Export); 3] = [
    (
        ScriptKind::Netsh,
        fwpolicy_core::formats::script::netsh::write,
    ),
    (
        ScriptKind::Advfirewall,
        fwpolicy_core::formats::script::advfirewall::write,
    ),
    (
        ScriptKind::PowerShell,
        fwpolicy_core::formats::script::powershell::write,
    ),
];

fn ok(kind: ScriptKind, export: Export, p: &Policy) -> ScriptOutput {
    match export(p) {
        Ok(o) => o,
        Err(e) => panic!("{} failed: {e}", kind.label()),
    }
}

fn lines(text: &str) -> Vec<&str> {
    text.split("\r\n").collect()
}

// =============================================================================================
// Golden files
// =============================================================================================

/// The golden file of a script (named before the downloads were; see
/// `golden_presets.rs`, which uses the same names).
fn golden_file(kind: ScriptKind) -> &'static str {
    match kind {
        ScriptKind::Netsh => "netsh.cmd",
        ScriptKind::Advfirewall => "netsh-advfirewall.cmd",
        ScriptKind::PowerShell => "firewall.ps1",
    }
}

fn golden_case(case: &str, p: &Policy) {
    for (kind, export) in EXPORTERS {
        let out = ok(kind, export, p);
        golden::check_text(case, golden_file(kind), &out.text);
    }
}

#[test]
fn golden_kitchen_sink() {
    golden_case("kitchen-sink", &kitchen_sink());
}

#[test]
fn golden_empty() {
    golden_case("empty", &Policy::default());
}

/// Every service exception with every kind of scope, all ICMP boxes, logging identical in
/// both profiles, duplicate program and port definitions (one disabled).
fn services_and_duplicates() -> Policy {
    let scope = |t: &str| Scope::parse(t).value.unwrap_or(Scope::Any);
    let port = |l: &str| {
        PortException::parse(l, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| unreachable!("{l}"))
    };
    let program = |l: &str| {
        ProgramException::parse(l, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| unreachable!("{l}"))
    };
    let mut p = Policy::default();
    let logging = LoggingOptions {
        log_dropped: true,
        log_successful: true,
        path: r"D:\Logs\Firewall 1\pfirewall.log".into(),
        size_kb: 32767,
    };
    let all_icmp = IcmpOption::ALL
        .iter()
        .fold(IcmpOptions::default(), |o, x| o.with(*x, true));
    for kind in ProfileKind::ALL {
        let pr = p.profile_mut(kind);
        pr.protect_all = Setting::disabled();
        pr.remote_admin = Setting::enabled(Scope::Any);
        pr.file_and_print = Setting::enabled(scope("localsubnet"));
        pr.remote_desktop = Setting::enabled(scope("10.0.0.0/255.0.0.0,localsubnet,192.0.2.7"));
        pr.upnp = Setting::enabled(scope("192.168.0.0/16"));
        pr.icmp = Setting::enabled(all_icmp);
        pr.logging = Setting::enabled(logging.clone());
        pr.prohibit_notifications = Setting::disabled();
        pr.prohibit_unicast = Setting::disabled();
    }
    let s = &mut p.standard;
    s.do_not_allow_exceptions = Setting::enabled(());
    s.programs = Setting::enabled(vec![
        program(r"C:\Apps\tool.exe:localsubnet:enabled:Tool"),
        program(r"c:\apps\TOOL.exe:10.0.0.5:enabled:Tool (second definition)"),
        program(r"\\server\share\remote.exe:*:enabled:Remote"),
    ]);
    s.ports = Setting::enabled(vec![
        port("8080:TCP:localsubnet:enabled:Intranet"),
        port("8080:TCP:10.0.0.0/8:disabled:Intranet (off)"),
        port("8080:UDP:*:enabled:Intranet UDP"),
    ]);
    s.excluded_interfaces = vec!["Local Area Connection 2".into(), "VPN".into()];
    p
}

#[test]
fn golden_services_and_duplicates() {
    golden_case("services-and-duplicates", &services_and_duplicates());
}

// =============================================================================================
// Independent model of cmd.exe reading a batch file line (delayed expansion off), followed
// by the Microsoft C runtime splitting the command line netsh.exe receives.
// =============================================================================================

mod cmd {
    /// One command of a line: its arguments after C-runtime splitting and its redirections.
    #[derive(Debug, PartialEq)]
    pub struct Command {
        pub argv: Vec<String>,
        pub redirects: Vec<String>,
    }

    /// Phase 1: percent expansion in a batch file. `%%` is a literal `%`; anything else that
    /// would expand (a variable, an argument, `%~`, a lone `%`) is reported.
    pub fn percent(line: &str) -> Result<String, String> {
        let chars: Vec<char> = line.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            match chars.get(i + 1) {
                Some('%') => {
                    out.push('%');
                    i += 2;
                }
                Some(d) if d.is_ascii_digit() || *d == '*' || *d == '~' => {
                    return Err(format!("argument expansion %{d} at {i}"));
                }
                _ => {
                    let rest: String = chars[i + 1..].iter().collect();
                    return Err(match rest.find('%') {
                        Some(end) => format!("variable expansion %{}% at {i}", &rest[..end]),
                        None => format!("lone percent sign at {i}"),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Phase 2: quotes, carets, command operators and redirections. Returns the raw command
    /// texts (quotes kept, carets removed) with their redirections.
    pub fn split(line: &str) -> Result<Vec<(String, Vec<String>)>, String> {
        let chars: Vec<char> = line.chars().collect();
        let mut commands = Vec::new();
        let mut text = String::new();
        let mut redirects = Vec::new();
        let mut quoted = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '"' {
                quoted = !quoted;
                text.push(c);
                i += 1;
                continue;
            }
            if quoted {
                if c == '\n' || c == '\r' {
                    return Err("line break inside quotes".into());
                }
                text.push(c);
                i += 1;
                continue;
            }
            match c {
                '^' => match chars.get(i + 1) {
                    Some(n) => {
                        text.push(*n);
                        i += 2;
                    }
                    None => return Err("caret continues the line".into()),
                },
                '&' | '|' => {
                    commands.push((std::mem::take(&mut text), std::mem::take(&mut redirects)));
                    i += 1;
                    if chars.get(i) == Some(&c) {
                        i += 1;
                    }
                }
                '(' | ')' => return Err(format!("unquoted parenthesis at {i}")),
                '<' | '>' => {
                    let mut handle = String::new();
                    if text.ends_with(|ch: char| ch.is_ascii_digit())
                        && text[..text.len() - 1].ends_with(' ')
                    {
                        handle = text.pop().map(String::from).unwrap_or_default();
                    }
                    let mut op = c.to_string();
                    i += 1;
                    if c == '>' && chars.get(i) == Some(&'>') {
                        op.push('>');
                        i += 1;
                    }
                    let mut target = String::new();
                    if chars.get(i) == Some(&'&') {
                        target.push('&');
                        i += 1;
                    } else {
                        while chars.get(i) == Some(&' ') {
                            i += 1;
                        }
                    }
                    while let Some(ch) = chars.get(i) {
                        if *ch == ' ' || "&|<>".contains(*ch) {
                            break;
                        }
                        target.push(*ch);
                        i += 1;
                    }
                    redirects.push(format!("{handle}{op}{target}"));
                }
                '\n' | '\r' => return Err("line break".into()),
                _ => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        if quoted {
            return Err("unbalanced quotes".into());
        }
        commands.push((text, redirects));
        Ok(commands)
    }

    /// The Microsoft C runtime's command-line splitting (what `wmain(argc, argv)` sees):
    /// whitespace separates, quotes group, 2n backslashes + `"` give n backslashes and toggle,
    /// 2n+1 give n backslashes and a literal quote, `""` inside quotes is a literal quote.
    pub fn argv(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut args = Vec::new();
        let mut i = 0;
        loop {
            while i < chars.len() && (chars[i] == ' ' || chars[i] == '\t') {
                i += 1;
            }
            if i >= chars.len() {
                break;
            }
            let mut arg = String::new();
            let mut inq = false;
            loop {
                let mut backslashes = 0;
                while i < chars.len() && chars[i] == '\\' {
                    backslashes += 1;
                    i += 1;
                }
                if i < chars.len() && chars[i] == '"' {
                    arg.push_str(&"\\".repeat(backslashes / 2));
                    if backslashes % 2 == 1 {
                        arg.push('"');
                    } else if inq && chars.get(i + 1) == Some(&'"') {
                        arg.push('"');
                        i += 1;
                    } else {
                        inq = !inq;
                    }
                    i += 1;
                    continue;
                }
                arg.push_str(&"\\".repeat(backslashes));
                if i >= chars.len() || ((chars[i] == ' ' || chars[i] == '\t') && !inq) {
                    break;
                }
                arg.push(chars[i]);
                i += 1;
            }
            args.push(arg);
        }
        args
    }

    /// A whole line: phase 1, phase 2, then argument splitting of each command.
    pub fn read(line: &str) -> Result<Vec<Command>, String> {
        let expanded = percent(line)?;
        let commands = split(&expanded)?;
        Ok(commands
            .into_iter()
            .map(|(text, redirects)| Command {
                argv: argv(&text),
                redirects,
            })
            .collect())
    }
}

/// Checks every line of a cmd script and returns the argv of each netsh command.
///
/// Lines are either fixed scaffolding (exact text or a fixed pattern), `rem` comments that
/// contain nothing cmd would act on, or exactly one netsh command whose only redirections are
/// `>nul 2>&1`.
fn cmd_commands(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with("\r\n"), "CRLF at the end");
    let body = &text[..text.len() - 2];
    let mut out = Vec::new();
    for line in body.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "lone LF/CR in {line:?}"
        );
        if line.is_empty()
            || [
                "@echo off",
                "setlocal EnableExtensions DisableDelayedExpansion",
                "set FAILED=0",
                "echo.",
                "if %FAILED% neq 0 exit /b 1",
                "exit /b 0",
                ":failed",
                "set /a FAILED+=1",
                "goto :eof",
            ]
            .contains(&line)
        {
            continue;
        }
        if line == "rem" || line.starts_with("rem ") {
            let no_pairs = line.replace("%%", "");
            assert!(
                !no_pairs.contains(['%', '^', '&', '|', '<', '>', '"']),
                "comment with special characters: {line:?}"
            );
            continue;
        }
        if let Some(n) = line.strip_prefix("if errorlevel 1 call :failed ") {
            assert!(n.bytes().all(|b| b.is_ascii_digit()), "{line:?}");
            continue;
        }
        if line.starts_with("if %FAILED% neq 0 echo fwpolicy: ")
            || line.starts_with("echo fwpolicy: ")
        {
            assert!(
                !line.contains(['^', '&', '|', '<', '>', '"', '(']),
                "{line:?}"
            );
            continue;
        }
        assert!(line.starts_with("netsh "), "unexpected line {line:?}");
        let commands = cmd::read(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        assert_eq!(commands.len(), 1, "more than one command in {line:?}");
        let c = &commands[0];
        assert_eq!(c.argv[0], "netsh", "{line:?}");
        assert!(
            c.redirects.is_empty() || c.redirects == [">nul", "2>&1"],
            "redirections {:?} in {line:?}",
            c.redirects
        );
        out.push(c.argv.clone());
    }
    out
}

/// The value of `key=value` arguments named `key` over all commands.
fn cmd_values(commands: &[Vec<String>], key: &str) -> Vec<String> {
    let prefix = format!("{key}=");
    let mut out = Vec::new();
    for argv in commands {
        for (i, a) in argv.iter().enumerate() {
            if let Some(v) = a.strip_prefix(&prefix) {
                out.push(v.to_string());
            }
            // advfirewall profile settings: `logging filename <path>`
            if key == "filename" && a == "filename" {
                if let Some(v) = argv.get(i + 1) {
                    out.push(v.clone());
                }
            }
        }
    }
    out
}

#[test]
fn cmd_model_reads_the_known_traps() {
    // The model itself must catch what it is meant to catch.
    assert!(cmd::read("netsh x name=\"a\" & calc").is_ok());
    assert_eq!(
        cmd::read("netsh x name=\"a\" & calc")
            .map(|c| c.len())
            .unwrap_or(0),
        2
    );
    assert!(cmd::percent("a %PATH% b").is_err());
    assert!(cmd::percent("a %1 b").is_err());
    assert_eq!(cmd::percent("a %%PATH%% b").as_deref(), Ok("a %PATH% b"));
    assert_eq!(
        cmd::argv(r#"netsh name="a\" mode=x"#),
        vec!["netsh", r#"name=a" mode=x"#]
    );
    assert_eq!(
        cmd::argv(r#"netsh name="a & b" x"#),
        vec!["netsh", "name=a & b", "x"]
    );
    let c = cmd::read("netsh a b >nul 2>&1").unwrap();
    assert_eq!(c[0].redirects, vec![">nul", "2>&1"]);
    assert_eq!(c[0].argv, vec!["netsh", "a", "b"]);
}

// =============================================================================================
// Independent model of PowerShell reading one line of the script.
// =============================================================================================

mod ps {
    #[derive(Debug, Clone, PartialEq)]
    pub enum Token {
        /// A bare word (command name or unquoted argument).
        Word(String),
        /// `-Name` parameter.
        Param(String),
        /// A string value (single-quoted literal or `[char]` concatenation).
        Str(String),
        /// `@(...)` array of strings.
        Array(Vec<String>),
        /// `$Variable`.
        Var(String),
        /// `|`.
        Pipe,
    }

    fn is_single_quote(c: char) -> bool {
        matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
    }

    fn is_double_quote(c: char) -> bool {
        matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
    }

    /// A single-quoted string starting at `i` (any single-quote character opens and closes;
    /// two in a row stand for the second one).
    fn literal(chars: &[char], mut i: usize) -> Result<(String, usize), String> {
        i += 1;
        let mut s = String::new();
        loop {
            let Some(&c) = chars.get(i) else {
                return Err("unterminated string".into());
            };
            if is_single_quote(c) {
                if chars.get(i + 1).copied().is_some_and(is_single_quote) {
                    s.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                return Ok((s, i + 1));
            }
            s.push(c);
            i += 1;
        }
    }

    fn char_code(chars: &[char], i: usize) -> Result<(u16, usize), String> {
        let rest: String = chars[i..].iter().take(12).collect();
        let Some(hex) = rest.strip_prefix("[char]0x") else {
            return Err(format!("unexpected {rest:?}"));
        };
        let digits: String = hex.chars().take(4).collect();
        let n = u16::from_str_radix(&digits, 16).map_err(|e| format!("{digits}: {e}"))?;
        Ok((n, i + 12))
    }

    /// `( 'a' + [char]0x00E9 + ... )` -> the string.
    fn concat(chars: &[char], mut i: usize) -> Result<(String, usize), String> {
        i += 1;
        let mut units: Vec<u16> = Vec::new();
        let mut first = true;
        loop {
            while chars.get(i) == Some(&' ') {
                i += 1;
            }
            let c = chars.get(i).copied().ok_or("unterminated expression")?;
            if is_single_quote(c) {
                let (s, next) = literal(chars, i)?;
                units.extend(s.encode_utf16());
                i = next;
            } else if c == '[' {
                if first {
                    return Err("expression starts with [char]: numeric addition".into());
                }
                let (u, next) = char_code(chars, i)?;
                units.push(u);
                i = next;
            } else {
                return Err(format!("unexpected {c:?} in expression"));
            }
            first = false;
            while chars.get(i) == Some(&' ') {
                i += 1;
            }
            match chars.get(i) {
                Some('+') => i += 1,
                Some(')') => {
                    return String::from_utf16(&units)
                        .map(|s| (s, i + 1))
                        .map_err(|e| e.to_string())
                }
                other => return Err(format!("unexpected {other:?} in expression")),
            }
        }
    }

    fn value(chars: &[char], i: usize) -> Result<(String, usize), String> {
        match chars.get(i) {
            Some(c) if is_single_quote(*c) => literal(chars, i),
            Some('(') => concat(chars, i),
            other => Err(format!("unexpected {other:?} where a value belongs")),
        }
    }

    pub fn read(line: &str) -> Result<Vec<Token>, String> {
        let chars: Vec<char> = line.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == ' ' {
                i += 1;
                continue;
            }
            if is_double_quote(c) {
                return Err("double-quoted string".into());
            }
            if is_single_quote(c) || c == '(' {
                let (s, next) = value(&chars, i)?;
                tokens.push(Token::Str(s));
                i = next;
            } else if c == '@' {
                if chars.get(i + 1) != Some(&'(') {
                    return Err("@ without (".into());
                }
                i += 2;
                let mut items = Vec::new();
                loop {
                    while chars.get(i) == Some(&' ') {
                        i += 1;
                    }
                    if chars.get(i) == Some(&')') {
                        i += 1;
                        break;
                    }
                    let (s, next) = value(&chars, i)?;
                    items.push(s);
                    i = next;
                    while chars.get(i) == Some(&' ') {
                        i += 1;
                    }
                    match chars.get(i) {
                        Some(',') => i += 1,
                        Some(')') => {
                            i += 1;
                            break;
                        }
                        other => return Err(format!("unexpected {other:?} in array")),
                    }
                }
                tokens.push(Token::Array(items));
            } else if c == '$' {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                i += 1 + name.len();
                tokens.push(Token::Var(name));
            } else if c == '|' {
                tokens.push(Token::Pipe);
                i += 1;
            } else if "#;&`{}<>[]".contains(c) || c.is_control() {
                return Err(format!("special character {c:?} at {i}"));
            } else {
                let word: String = chars[i..].iter().take_while(|c| **c != ' ').collect();
                if !word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ",.-".contains(c))
                {
                    return Err(format!("unexpected bare word {word:?}"));
                }
                i += word.chars().count();
                if let Some(p) = word.strip_prefix('-') {
                    tokens.push(Token::Param(p.to_string()));
                } else {
                    tokens.push(Token::Word(word));
                }
            }
        }
        Ok(tokens)
    }
}

const CMDLETS: [&str; 3] = [
    "Set-NetFirewallProfile",
    "New-NetFirewallRule",
    "Remove-NetFirewallRule",
];

/// Checks every line of the PowerShell script; returns `(cmdlet, parameters)` per command.
fn ps_commands(text: &str) -> Vec<(String, Vec<(String, ps::Token)>)> {
    assert!(text.ends_with("\r\n"), "CRLF at the end");
    let body = &text[..text.len() - 2];
    let mut out = Vec::new();
    for line in body.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "lone LF/CR in {line:?}"
        );
        if line.is_empty()
            || [
                "#Requires -Version 3.0",
                "#Requires -Modules NetSecurity",
                "[CmdletBinding()]",
                "param(",
                "    [string]$PolicyStore = 'PersistentStore'",
                ")",
                "$ErrorActionPreference = 'Stop'",
            ]
            .contains(&line)
        {
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("Write-Host 'fwpolicy: all ") {
            let n = rest.strip_suffix(" steps succeeded.'").unwrap_or("x");
            assert!(n.bytes().all(|b| b.is_ascii_digit()), "{line:?}");
            continue;
        }
        let tokens = ps::read(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        let ps::Token::Word(cmdlet) = &tokens[0] else {
            panic!("no cmdlet in {line:?}");
        };
        assert!(CMDLETS.contains(&cmdlet.as_str()), "{line:?}");
        let mut params = Vec::new();
        let mut i = 1;
        while i < tokens.len() {
            match &tokens[i] {
                ps::Token::Param(p) => {
                    let v = tokens
                        .get(i + 1)
                        .cloned()
                        .unwrap_or_else(|| panic!("parameter without value in {line:?}"));
                    assert!(
                        !matches!(v, ps::Token::Param(_) | ps::Token::Pipe),
                        "{line:?}"
                    );
                    params.push((p.clone(), v));
                    i += 2;
                }
                ps::Token::Pipe => {
                    assert_eq!(
                        &tokens[i + 1..],
                        &[ps::Token::Word("Out-Null".into())],
                        "{line:?}"
                    );
                    break;
                }
                other => panic!("positional {other:?} in {line:?}"),
            }
        }
        for (p, v) in &params {
            if let ps::Token::Var(name) = v {
                assert_eq!((p.as_str(), name.as_str()), ("PolicyStore", "PolicyStore"));
            }
        }
        out.push((cmdlet.clone(), params));
    }
    out
}

/// Every string value passed to `-<param>` (arrays flattened).
fn ps_values(commands: &[(String, Vec<(String, ps::Token)>)], param: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (_, params) in commands {
        for (p, v) in params {
            if p == param {
                match v {
                    ps::Token::Str(s) => out.push(s.clone()),
                    ps::Token::Array(items) => out.extend(items.iter().cloned()),
                    _ => {}
                }
            }
        }
    }
    out
}

#[test]
fn ps_model_reads_the_known_traps() {
    use ps::Token::*;
    assert_eq!(
        ps::read("X -A 'it''s' -B ('a' + [char]0x2019 + 'b')"),
        Ok(vec![
            Word("X".into()),
            Param("A".into()),
            Str("it's".into()),
            Param("B".into()),
            Str("a\u{2019}b".into())
        ])
    );
    // A curly quote ends a single-quoted string; what follows is code.
    assert!(ps::read("X -A 'a\u{2019}; calc; '").is_err());
    // Two curly quotes stand for one.
    assert_eq!(
        ps::read("X 'a\u{2019}\u{2019}b'"),
        Ok(vec![Word("X".into()), Str("a\u{2019}b".into())])
    );
    assert!(ps::read("X \"$(calc)\"").is_err());
    assert!(ps::read("X -A ([char]0x41 + [char]0x42)").is_err());
}

// =============================================================================================
// Hostile corpus: each value either refused with an error naming its exception, or carried
// exactly as one argument.
// =============================================================================================

const HOSTILE: &[&str] = &[
    "\"",
    "&",
    "|",
    "<",
    ">",
    "^",
    "%PATH%",
    "%%",
    "!x!",
    "`",
    "$()",
    "$env:x",
    ";",
    "\n",
    "\r",
    "\t",
    "'",
    "\u{2018}",
    "\u{2019}",
    "\u{201A}",
    "\u{201B}",
    "\u{201C}",
    "\u{201D}",
    "\u{201E}",
    "(",
    ")",
    // Combinations that would break out if quoting were wrong.
    "x\" & calc & \"",
    "x' ; calc ; '",
    "x\u{2019}; calc; #",
    "$(calc)",
    "%~dp0",
    "%1",
    "^\r\ncalc",
    "\u{0452}; calc",
    "a\\",
    "all",
    "ALL",
];

/// Where the hostile text is placed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    PortName,
    ProgramName,
    ProgramPath,
    Interface,
    LogPath,
}

const SLOTS: [Slot; 5] = [
    Slot::PortName,
    Slot::ProgramName,
    Slot::ProgramPath,
    Slot::Interface,
    Slot::LogPath,
];

/// A policy with one untrusted value in one slot (Domain profile), imported the way an
/// importer builds it. Returns the policy and the exact value as stored.
fn hostile_policy(slot: Slot, value: &str) -> (Policy, String) {
    let mut p = Policy::default();
    p.domain.protect_all = Setting::enabled(());
    let d = &mut p.domain;
    let stored = match slot {
        Slot::PortName => {
            let line = format!("8080:TCP:localsubnet:enabled:{value}");
            let parsed = PortException::parse(&line, ParseOptions::IMPORTED);
            let e = parsed
                .value
                .unwrap_or_else(|| panic!("import refused {line:?}: {:?}", parsed.diagnostics));
            let name = e.name.clone();
            d.ports = Setting::enabled(vec![e]);
            name
        }
        Slot::ProgramName => {
            let line = format!(r"C:\Apps\app.exe:*:enabled:{value}");
            let parsed = ProgramException::parse(&line, ParseOptions::IMPORTED);
            let e = parsed
                .value
                .unwrap_or_else(|| panic!("import refused {line:?}: {:?}", parsed.diagnostics));
            let name = e.name.clone();
            d.programs = Setting::enabled(vec![e]);
            name
        }
        Slot::ProgramPath => {
            let path = format!(r"C:\Apps\{value}");
            let line = format!("{path}:*:enabled:App");
            let parsed = ProgramException::parse(&line, ParseOptions::IMPORTED);
            // A ':' after the drive letter ends the path in the definition syntax; such a
            // path can only come from other formats, so it is built directly.
            let e = match parsed.value {
                Some(e) if e.path == path => e,
                _ => ProgramException {
                    path: path.clone(),
                    scope: Scope::Any,
                    status: Status::Enabled,
                    name: "App".into(),
                },
            };
            d.programs = Setting::enabled(vec![e]);
            path
        }
        Slot::Interface => {
            d.excluded_interfaces = vec![value.to_string()];
            value.to_string()
        }
        Slot::LogPath => {
            let path = format!(r"C:\Logs\{value}");
            d.logging = Setting::enabled(LoggingOptions {
                log_dropped: true,
                log_successful: false,
                path: path.clone(),
                size_kb: 4096,
            });
            path
        }
    };
    (p, stored)
}

/// The error must name the profile, the place and the exception (or the value itself).
fn assert_names_value(kind: ScriptKind, slot: Slot, e: &ExportError, stored: &str) {
    let message = e.to_string();
    let v = e
        .values()
        .iter()
        .find(|v| v.value == stored)
        .unwrap_or_else(|| {
            panic!(
                "{}: {slot:?} {stored:?} not named in {message}",
                kind.label()
            )
        });
    assert!(
        v.location.starts_with("Domain Profile › "),
        "{}",
        v.location
    );
    assert!(!v.reasons.is_empty());
    let expected_place = match slot {
        Slot::PortName => "Define port exceptions",
        Slot::ProgramName | Slot::ProgramPath => "Define program exceptions",
        Slot::Interface => "Interface exclusions",
        Slot::LogPath => "Allow logging",
    };
    assert!(v.location.contains(expected_place), "{}", v.location);
    match slot {
        Slot::ProgramPath => {
            assert!(message.contains("\"App\"") && message.contains(&shown(stored)))
        }
        _ => assert!(message.contains(&shown(stored)), "{message}"),
    }
}

/// In a successful export, the model reads the value back exactly.
fn assert_carried(kind: ScriptKind, slot: Slot, out: &ScriptOutput, stored: &str) {
    let found = match kind {
        ScriptKind::Netsh | ScriptKind::Advfirewall => {
            let commands = cmd_commands(&out.text);
            let key = match (kind, slot) {
                (_, Slot::PortName | Slot::ProgramName) => "name",
                (_, Slot::ProgramPath) => "program",
                (ScriptKind::Netsh, Slot::Interface) => "interface",
                (ScriptKind::Netsh, Slot::LogPath) => "filelocation",
                (_, Slot::LogPath) => "filename",
                (_, Slot::Interface) => return, // not carried by advfirewall (warning instead)
            };
            cmd_values(&commands, key)
        }
        ScriptKind::PowerShell => {
            let commands = ps_commands(&out.text);
            let param = match slot {
                Slot::PortName | Slot::ProgramName => "DisplayName",
                Slot::ProgramPath => "Program",
                Slot::Interface => "DisabledInterfaceAliases",
                Slot::LogPath => "LogFileName",
            };
            ps_values(&commands, param)
        }
    };
    assert!(
        found.iter().any(|f| f == stored),
        "{}: {slot:?} {stored:?} not carried exactly; found {found:?}",
        kind.label()
    );
}

fn hostile_check(kind: ScriptKind, export: Export, slot: Slot, stored: &str, p: &Policy) {
    match export(p) {
        Err(e) => assert_names_value(kind, slot, &e, stored),
        Ok(out) => {
            assert!(out.text.is_ascii(), "{}: non-ASCII output", kind.label());
            assert_carried(kind, slot, &out, stored);
        }
    }
}

#[test]
fn hostile_corpus_is_refused_or_carried_exactly() {
    let mut refused = 0;
    let mut carried = 0;
    for h in HOSTILE {
        for slot in SLOTS {
            for value in [h.to_string(), format!("A{h}B")] {
                let (p, stored) = hostile_policy(slot, &value);
                for (kind, export) in EXPORTERS {
                    match export(&p) {
                        Err(_) => refused += 1,
                        Ok(_) => carried += 1,
                    }
                    hostile_check(kind, export, slot, &stored, &p);
                }
            }
        }
    }
    eprintln!("hostile corpus: refused {refused}, carried {carried}");
    // Both outcomes occur: the corpus is not refused wholesale.
    assert!(
        refused > 100 && carried > 300,
        "refused {refused}, carried {carried}"
    );
}

/// What each script must refuse, and what it must carry.
#[test]
fn hostile_corpus_expected_outcomes() {
    let outcome = |slot: Slot, value: &str, kind: ScriptKind| {
        let (p, _) = hostile_policy(slot, value);
        let export = EXPORTERS
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, e)| *e)
            .unwrap_or(fwpolicy_core::formats::script::netsh::write);
        export(&p).is_ok()
    };
    use ScriptKind::*;
    for kind in [Netsh, Advfirewall] {
        for v in ["A\"B", "A\nB", "A\u{2019}B", "A\\"] {
            assert!(!outcome(Slot::PortName, v, kind), "{kind:?} carried {v:?}");
            assert!(
                !outcome(Slot::ProgramPath, v, kind),
                "{kind:?} carried {v:?}"
            );
        }
        for v in [
            "A&B", "A%PATH%B", "A!x!B", "A^B", "A(B)", "A<B>", "A'B", "A$(x)B", "A`B",
        ] {
            assert!(outcome(Slot::PortName, v, kind), "{kind:?} refused {v:?}");
            assert!(
                outcome(Slot::ProgramPath, v, kind),
                "{kind:?} refused {v:?}"
            );
            assert!(outcome(Slot::LogPath, v, kind), "{kind:?} refused {v:?}");
        }
    }
    for v in [
        "A\"B",
        "A\u{2019}B",
        "A\u{201C}B",
        "A'B",
        "A$(x)B",
        "A\\",
        "A&B",
        "all",
    ] {
        assert!(
            outcome(Slot::PortName, v, PowerShell),
            "PowerShell refused {v:?}"
        );
    }
    for kind in [Netsh, Advfirewall, PowerShell] {
        for v in ["A;B", "A:B", "A\tB"] {
            assert!(
                !outcome(Slot::PortName, v, kind),
                "{kind:?} carried name {v:?}"
            );
        }
        assert!(
            outcome(Slot::Interface, "A;B:C", kind),
            "{kind:?} refused interface"
        );
    }
}

// =============================================================================================
// Regression tests named after the hazards they pin down
// =============================================================================================

/// See: issue 3. An imported exception named `all` would make the clean-up line
/// `netsh advfirewall firewall delete rule name="all"` delete every firewall rule.
#[test]
fn advfirewall_refuses_rule_named_all() {
    for name in ["all", "ALL", "All"] {
        let (p, _) = hostile_policy(Slot::PortName, name);
        let e = fwpolicy_core::formats::script::advfirewall::write(&p).err();
        let message = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("reserved"), "{name}: {message}");
        // The other scripts have no such command and carry it.
        assert!(fwpolicy_core::formats::script::netsh::write(&p).is_ok());
        assert!(fwpolicy_core::formats::script::powershell::write(&p).is_ok());
    }
}

/// See: issue 3. netsh.exe splits its command line with the C runtime rules, where `\"`
/// is a literal quote: a value ending in a backslash would swallow its closing quote and shift
/// every later argument.
#[test]
fn cmd_scripts_refuse_trailing_backslash() {
    assert_eq!(
        cmd::argv(r#"netsh add name="x\" mode=ENABLE scope=CUSTOM"#).len(),
        3,
        "the model shows the shift"
    );
    let (p, _) = hostile_policy(Slot::PortName, r"x\");
    for (kind, export) in EXPORTERS {
        let r = export(&p);
        match kind {
            ScriptKind::PowerShell => assert!(r.is_ok()),
            _ => {
                let message = r.err().map(|e| e.to_string()).unwrap_or_default();
                assert!(message.contains("backslash"), "{message}");
            }
        }
    }
}

/// See: issue 3. Windows PowerShell 5.1 reads a .ps1 without byte-order mark in the ANSI
/// code page, where the UTF-8 bytes of U+0452 (D1 92) decode to `Ñ’` - a curly quote that
/// ends a single-quoted string. The script therefore spells non-ASCII as [char] codes.
#[test]
fn powershell_non_ascii_cannot_become_a_quote_in_the_ansi_code_page() {
    let (p, stored) = hostile_policy(Slot::PortName, "x\u{0452} | calc #");
    let out =
        fwpolicy_core::formats::script::powershell::write(&p).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.text.is_ascii());
    assert!(out
        .text
        .contains("-DisplayName ('x' + [char]0x0452 + ' | calc #')"));
    assert_eq!(
        ps_values(&ps_commands(&out.text), "DisplayName"),
        vec![stored]
    );
}

/// See: issue 3. The message format promised to the editor.
#[test]
fn error_names_profile_setting_exception_and_reason() {
    let mut p = Policy::default();
    let parse = |l: &str| {
        PortException::parse(l, ParseOptions::IMPORTED)
            .value
            .unwrap_or_else(|| unreachable!())
    };
    p.domain.ports = Setting::enabled(vec![
        parse("80:TCP:*:enabled:Web \"Srv\""),
        parse("81:TCP:*:enabled:fine"),
        parse("82:TCP:*:enabled:tab\there"),
    ]);
    p.standard.excluded_interfaces = vec!["LAN \"2\"".into()];
    let e = fwpolicy_core::formats::script::netsh::write(&p)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    let text = e.to_string();
    assert!(
        text.contains(
            "Domain Profile › Define port exceptions › \"Web \"Srv\"\": a double quote (\") cannot be quoted safely in a cmd script"
        ),
        "{text}"
    );
    assert!(text.contains("Domain Profile › Define port exceptions › \"tab\\there\": a control character (U+0009)"), "{text}");
    assert!(
        text.contains("Standard Profile › Interface exclusions › \"LAN \"2\"\""),
        "{text}"
    );
    assert_eq!(
        e.values().len(),
        3,
        "every value, not just the first: {text}"
    );
    assert!(
        text.starts_with("the netsh firewall script (firewall.cmd) cannot carry 3 values safely:")
    );
    let diags = e.diagnostics();
    assert_eq!(diags.len(), 3);
    assert!(diags
        .iter()
        .all(|d| d.code == Code::UnsafeCharacter && d.is_error()));
    // Values that are not written (setting not Enabled) are not refused.
    p.domain.ports.state = State::NotConfigured;
    p.standard.excluded_interfaces.clear();
    assert!(fwpolicy_core::formats::script::netsh::write(&p).is_ok());
}

// =============================================================================================
// Behaviour an admin notices
// =============================================================================================

#[test]
fn outputs_are_deterministic_ascii_crlf() {
    for p in [kitchen_sink(), Policy::default(), services_and_duplicates()] {
        for (kind, export) in EXPORTERS {
            let a = ok(kind, export, &p);
            let b = ok(kind, export, &p);
            assert_eq!(a, b);
            assert!(a.text.is_ascii());
            assert!(a.text.ends_with("\r\n"));
            assert_eq!(a.text.matches('\n').count(), a.text.matches("\r\n").count());
            assert_eq!(a.text.matches('\r').count(), a.text.matches("\r\n").count());
        }
    }
}

#[test]
fn cmd_scripts_start_safely_and_count_failures() {
    for (kind, export) in &EXPORTERS[..2] {
        let out = ok(*kind, *export, &kitchen_sink());
        let l = lines(&out.text);
        assert_eq!(l[0], "@echo off");
        assert_eq!(l[1], "setlocal EnableExtensions DisableDelayedExpansion");
        let netsh_lines: Vec<usize> = l
            .iter()
            .enumerate()
            .filter(|(_, x)| x.starts_with("netsh ") && !x.ends_with(" >nul 2>&1"))
            .map(|(i, _)| i)
            .collect();
        assert!(!netsh_lines.is_empty());
        for (n, i) in netsh_lines.iter().enumerate() {
            assert_eq!(l[i + 1], format!("if errorlevel 1 call :failed {}", n + 1));
        }
        let total = netsh_lines.len();
        assert!(out.text.contains(&format!(
            "if %FAILED% neq 0 echo fwpolicy: %FAILED% of {total} commands failed"
        )));
        assert!(out.text.contains("if %FAILED% neq 0 exit /b 1\r\n"));
        // .cmd files reset ERRORLEVEL on a successful SET, so the code is printed first.
        let failed = out
            .text
            .find(":failed\r\necho fwpolicy: step %1 failed with exit code %ERRORLEVEL%");
        assert!(failed.is_some());
    }
}

#[test]
fn empty_policy_changes_nothing() {
    for (kind, export) in EXPORTERS {
        let out = ok(kind, export, &Policy::default());
        match kind {
            ScriptKind::PowerShell => assert!(ps_commands(&out.text).is_empty()),
            _ => assert!(cmd_commands(&out.text).is_empty()),
        }
        assert!(out.text.contains("Not configured (left as it is)"));
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }
}

#[test]
fn netsh_maps_kitchen_sink_commands() {
    let out = ok(
        ScriptKind::Netsh,
        fwpolicy_core::formats::script::netsh::write,
        &kitchen_sink(),
    );
    let commands = cmd_commands(&out.text);
    let has = |args: &[&str]| commands.iter().any(|c| c[1..] == *args);
    assert!(has(&[
        "firewall",
        "set",
        "opmode",
        "mode=ENABLE",
        "exceptions=ENABLE",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "opmode",
        "mode=ENABLE",
        "exceptions=DISABLE",
        "profile=STANDARD"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "opmode",
        "mode=DISABLE",
        "interface=Virtual Ethernet PTP",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "add",
        "allowedprogram",
        r"program=C:\Program Files\Contoso\Agent 100% & More\agent.exe",
        "name=Contoso Agent (100% & <more>)",
        "mode=DISABLE",
        "scope=CUSTOM",
        "addresses=10.0.0.1,10.0.0.2,LocalSubnet,10.3.4.0/24",
        "profile=DOMAIN",
    ]));
    assert!(has(&[
        "firewall",
        "add",
        "allowedprogram",
        r"program=%ProgramFiles%\NetMeeting\Conf.exe",
        "name=NetMeeting",
        "mode=ENABLE",
        "scope=ALL",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "add",
        "portopening",
        "protocol=UDP",
        "port=1900",
        "name=SSDP !test! $(x) `y` 'z'",
        "mode=DISABLE",
        "scope=CUSTOM",
        "addresses=10.0.0.0/8",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "add",
        "portopening",
        "protocol=TCP",
        "port=80",
        "name=Web Server",
        "mode=ENABLE",
        "scope=SUBNET",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "service",
        "type=REMOTEADMIN",
        "mode=ENABLE",
        "scope=CUSTOM",
        "addresses=192.168.10.0/255.255.255.0",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "service",
        "type=FILEANDPRINT",
        "mode=ENABLE",
        "scope=SUBNET",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "service",
        "type=UPNP",
        "mode=DISABLE",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "icmpsetting",
        "type=8",
        "mode=ENABLE",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "icmpsetting",
        "type=5",
        "mode=DISABLE",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "icmpsetting",
        "type=ALL",
        "mode=DISABLE",
        "profile=STANDARD"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "notifications",
        "mode=DISABLE",
        "profile=DOMAIN"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "multicastbroadcastresponse",
        "mode=DISABLE",
        "profile=STANDARD"
    ]));
    assert!(has(&[
        "firewall",
        "set",
        "logging",
        r"filelocation=%systemroot%\system32\LogFiles\Firewall\pfirewall.log",
        "maxfilesize=4096",
        "droppedpackets=ENABLE",
        "connections=DISABLE",
    ]));
    // ICMP: ten boxes on Domain; logging once; nothing for the Not configured unicast setting.
    assert_eq!(
        commands.iter().filter(|c| c[3] == "icmpsetting").count(),
        11
    );
    assert_eq!(commands.iter().filter(|c| c[3] == "logging").count(), 1);
    assert!(
        !commands.iter().any(|c| c[3] == "multicastbroadcastresponse"
            && c.last().map(String::as_str) == Some("profile=DOMAIN"))
    );
    // Warnings: settings netsh cannot carry, with their carrier.
    let warn = |needle: &str| {
        out.diagnostics
            .iter()
            .any(|d| d.code == Code::NotExportable && d.to_string().contains(needle))
    };
    assert!(warn("Allow local port exceptions"));
    assert!(warn("Registry.pol and LGPO text carry it"));
    assert!(warn("Allow logging differs between the profiles"));
    assert!(warn("so the script writes the Domain Profile setting"));
    assert!(warn("Allow authenticated IPsec bypass"));
    assert!(out
        .text
        .contains("UNCONFIRMED: netsh firewall set logging has no profile parameter"));
    assert!(out.diagnostics.iter().any(|d| d.code == Code::Unconfirmed));
}

#[test]
fn netsh_merges_duplicates_like_windows() {
    let out = ok(
        ScriptKind::Netsh,
        fwpolicy_core::formats::script::netsh::write,
        &services_and_duplicates(),
    );
    let commands = cmd_commands(&out.text);
    let adds: Vec<&Vec<String>> = commands.iter().filter(|c| c[2] == "add").collect();
    // Two definitions of C:\Apps\tool.exe (path case differs) -> one entry, scopes combined.
    assert!(adds.iter().any(|c| c[4..]
        == [
            r"program=C:\Apps\tool.exe",
            "name=Tool",
            "mode=ENABLE",
            "scope=CUSTOM",
            "addresses=LocalSubnet,10.0.0.5",
            "profile=STANDARD"
        ]));
    // TCP 8080 twice, one disabled -> one disabled entry; UDP 8080 separate.
    assert!(adds.iter().any(|c| c[4..]
        == [
            "protocol=TCP",
            "port=8080",
            "name=Intranet",
            "mode=DISABLE",
            "scope=CUSTOM",
            "addresses=LocalSubnet,10.0.0.0/8",
            "profile=STANDARD"
        ]));
    assert!(adds.iter().any(|c| c[4..]
        == [
            "protocol=UDP",
            "port=8080",
            "name=Intranet UDP",
            "mode=ENABLE",
            "scope=ALL",
            "profile=STANDARD"
        ]));
    assert_eq!(adds.len(), 4);
    assert_eq!(
        out.diagnostics
            .iter()
            .filter(|d| d.code == Code::Duplicate)
            .count(),
        2
    );
    // Identical logging in both profiles: one command, no warning.
    assert!(!out
        .diagnostics
        .iter()
        .any(|d| d.message.contains("differs")));
    assert!(commands.iter().any(|c| c[4..]
        == [
            r"filelocation=D:\Logs\Firewall 1\pfirewall.log",
            "maxfilesize=32767",
            "droppedpackets=ENABLE",
            "connections=ENABLE"
        ]));
}

#[test]
fn advfirewall_maps_profiles_rules_and_groups() {
    let out = ok(
        ScriptKind::Advfirewall,
        fwpolicy_core::formats::script::advfirewall::write,
        &kitchen_sink(),
    );
    let commands = cmd_commands(&out.text);
    let has = |args: &[&str]| commands.iter().any(|c| c[1..] == *args);
    assert!(has(&["advfirewall", "set", "domainprofile", "state", "on"]));
    assert!(has(&[
        "advfirewall",
        "set",
        "privateprofile",
        "state",
        "on"
    ]));
    assert!(has(&["advfirewall", "set", "publicprofile", "state", "on"]));
    // Do not allow exceptions: Enabled = no exceptions = blockinboundalways (KB 947709 row
    // treated as inverted).
    assert!(has(&[
        "advfirewall",
        "set",
        "publicprofile",
        "firewallpolicy",
        "blockinboundalways,allowoutbound"
    ]));
    assert!(has(&[
        "advfirewall",
        "set",
        "domainprofile",
        "firewallpolicy",
        "blockinbound,allowoutbound"
    ]));
    assert!(has(&[
        "advfirewall",
        "firewall",
        "add",
        "rule",
        "name=Contoso Agent (100% & <more>)",
        "dir=in",
        "action=allow",
        r"program=C:\Program Files\Contoso\Agent 100% & More\agent.exe",
        "enable=no",
        "profile=domain",
        "remoteip=10.0.0.1,10.0.0.2,localsubnet,10.3.4.0/24",
    ]));
    assert!(has(&[
        "advfirewall",
        "firewall",
        "add",
        "rule",
        "name=Web Server",
        "dir=in",
        "action=allow",
        "protocol=TCP",
        "localport=80",
        "enable=yes",
        "profile=domain",
        "remoteip=localsubnet",
    ]));
    assert!(has(&[
        "advfirewall",
        "firewall",
        "set",
        "rule",
        "group=File and Printer Sharing",
        "dir=in",
        "profile=domain",
        "new",
        "enable=yes",
        "remoteip=localsubnet",
    ]));
    assert!(has(&[
        "advfirewall",
        "firewall",
        "set",
        "rule",
        "group=Remote Administration",
        "dir=in",
        "profile=domain",
        "new",
        "enable=yes",
        "remoteip=192.168.10.0/24",
    ]));
    assert!(has(&[
        "advfirewall",
        "firewall",
        "set",
        "rule",
        "group=Remote Desktop",
        "dir=in",
        "profile=private,public",
        "new",
        "enable=no",
    ]));
    assert!(has(&[
        "advfirewall",
        "firewall",
        "add",
        "rule",
        "name=fwpolicy Domain Profile - ICMPv4 type 2 (Allow outbound packet too big)",
        "dir=out",
        "action=allow",
        "protocol=icmpv4:2,any",
        "enable=yes",
        "profile=domain",
    ]));
    assert!(has(&[
        "advfirewall",
        "set",
        "domainprofile",
        "logging",
        "filename",
        r"%systemroot%\system32\LogFiles\Firewall\pfirewall.log"
    ]));
    assert!(has(&[
        "advfirewall",
        "set",
        "domainprofile",
        "settings",
        "inboundusernotification",
        "disable"
    ]));
    assert!(has(&[
        "advfirewall",
        "set",
        "publicprofile",
        "settings",
        "unicastresponsetomulticast",
        "disable"
    ]));
    // Re-runnable: every added rule name is deleted first, before any rule is added.
    let first_add = lines(&out.text)
        .iter()
        .position(|l| l.starts_with("netsh advfirewall firewall add rule"))
        .unwrap_or(0);
    for name in cmd_values(
        &commands
            .iter()
            .filter(|c| c[3] == "add")
            .cloned()
            .collect::<Vec<_>>(),
        "name",
    ) {
        let delete = format!(
            "netsh advfirewall firewall delete rule name=\"{}\" >nul 2>&1",
            name.replace('%', "%%")
        );
        let at = lines(&out.text).iter().position(|l| *l == delete);
        assert!(at.is_some_and(|i| i < first_add), "{delete}");
    }
    let warn = |needle: &str| {
        out.diagnostics
            .iter()
            .any(|d| d.code == Code::NotExportable && d.to_string().contains(needle))
    };
    assert!(warn("Interface exclusions") && warn("firewall.ps1 carries them"));
    for note in [
        "UNCONFIRMED: The Standard profile",
        "UNCONFIRMED: Do not allow exceptions = Enabled is written as firewallpolicy",
        "UNCONFIRMED: Allow remote administration exception is mapped to the predefined group",
        "UNCONFIRMED: Allow UPnP framework exception is written as two fwpolicy rules",
    ] {
        assert!(out.text.contains(note), "{note}");
    }
}

#[test]
fn advfirewall_disabled_definition_wins() {
    let out = ok(
        ScriptKind::Advfirewall,
        fwpolicy_core::formats::script::advfirewall::write,
        &services_and_duplicates(),
    );
    let commands = cmd_commands(&out.text);
    let rule = |name: &str| {
        commands
            .iter()
            .find(|c| {
                c[3] == "add" && c.get(5).map(String::as_str) == Some(&format!("name={name}"))
            })
            .cloned()
            .unwrap_or_default()
    };
    assert!(rule("Intranet").contains(&"enable=no".to_string()));
    assert!(rule("Intranet (off)").contains(&"enable=no".to_string()));
    assert!(rule("Intranet UDP").contains(&"enable=yes".to_string()));
    assert!(rule("Tool").contains(&"remoteip=localsubnet".to_string()));
    assert!(rule("Tool (second definition)").contains(&"remoteip=10.0.0.5".to_string()));
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.code == Code::Duplicate && d.to_string().contains("Intranet")));
}

#[test]
fn powershell_maps_profiles_rules_and_store() {
    let out = ok(
        ScriptKind::PowerShell,
        fwpolicy_core::formats::script::powershell::write,
        &kitchen_sink(),
    );
    let l = lines(&out.text);
    assert!(l.contains(&"#Requires -Modules NetSecurity"));
    assert!(l.contains(&"    [string]$PolicyStore = 'PersistentStore'"));
    assert!(l.contains(&"$ErrorActionPreference = 'Stop'"));
    assert!(!out.text.contains("Invoke-Expression") && !out.text.contains("iex "));
    let commands = ps_commands(&out.text);
    // Every command writes to $PolicyStore.
    for (cmdlet, params) in &commands {
        assert!(
            params
                .iter()
                .any(|(p, v)| p == "PolicyStore" && *v == ps::Token::Var("PolicyStore".into())),
            "{cmdlet} {params:?}"
        );
    }
    let find = |cmdlet: &str, param: &str, value: ps::Token| {
        commands
            .iter()
            .filter(|(c, ps)| c == cmdlet && ps.iter().any(|(p, v)| p == param && *v == value))
            .map(|(_, ps)| ps.clone())
            .collect::<Vec<_>>()
    };
    use ps::Token::*;
    let ssdp = find(
        "New-NetFirewallRule",
        "DisplayName",
        Str("SSDP !test! $(x) `y` 'z'".into()),
    );
    assert_eq!(ssdp.len(), 1);
    let get = |ps: &[(String, ps::Token)], name: &str| {
        ps.iter().find(|(p, _)| p == name).map(|(_, v)| v.clone())
    };
    assert_eq!(
        get(&ssdp[0], "Name"),
        Some(Str("fwpolicy-domain-port-udp-1900".into()))
    );
    assert_eq!(get(&ssdp[0], "Protocol"), Some(Word("UDP".into())));
    assert_eq!(get(&ssdp[0], "LocalPort"), Some(Word("1900".into())));
    assert_eq!(get(&ssdp[0], "Enabled"), Some(Word("False".into())));
    assert_eq!(
        get(&ssdp[0], "RemoteAddress"),
        Some(Array(vec!["10.0.0.0/8".into()]))
    );
    // Re-runnable: the same -Name is removed first.
    assert!(out.text.contains("Remove-NetFirewallRule -Name 'fwpolicy-domain-port-udp-1900' -PolicyStore $PolicyStore -ErrorAction SilentlyContinue\r\n# [23]"));
    let agent = find(
        "New-NetFirewallRule",
        "DisplayName",
        Str("Contoso Agent (100% & <more>)".into()),
    );
    assert_eq!(
        get(&agent[0], "Program"),
        Some(Str(
            r"C:\Program Files\Contoso\Agent 100% & More\agent.exe".into()
        ))
    );
    assert_eq!(
        get(&agent[0], "RemoteAddress"),
        Some(Array(vec![
            "10.0.0.1".into(),
            "10.0.0.2".into(),
            "LocalSubnet".into(),
            "10.3.4.0/24".into()
        ]))
    );
    let domain = find("Set-NetFirewallProfile", "Profile", Word("Domain".into()));
    let standard = find(
        "Set-NetFirewallProfile",
        "Profile",
        Word("Private,Public".into()),
    );
    let set =
        |list: &[Vec<(String, ps::Token)>], param: &str| list.iter().find_map(|ps| get(ps, param));
    assert_eq!(set(&domain, "Enabled"), Some(Word("True".into())));
    assert_eq!(set(&domain, "AllowInboundRules"), Some(Word("True".into())));
    assert_eq!(
        set(&standard, "AllowInboundRules"),
        Some(Word("False".into()))
    );
    assert_eq!(
        set(&standard, "DefaultInboundAction"),
        Some(Word("Block".into()))
    );
    assert_eq!(set(&domain, "AllowUserApps"), Some(Word("False".into())));
    assert_eq!(set(&domain, "AllowUserPorts"), Some(Word("True".into())));
    assert_eq!(set(&domain, "NotifyOnListen"), Some(Word("False".into())));
    assert_eq!(
        set(&standard, "AllowUnicastResponseToMulticast"),
        Some(Word("False".into()))
    );
    assert_eq!(set(&standard, "LogBlocked"), Some(Word("False".into())));
    assert_eq!(
        set(&domain, "LogMaxSizeKilobytes"),
        Some(Word("4096".into()))
    );
    assert_eq!(
        set(&domain, "DisabledInterfaceAliases"),
        Some(Array(vec!["Virtual Ethernet PTP".into()]))
    );
    // ICMP: checked boxes get rules, outbound ones outbound.
    let echo = find(
        "New-NetFirewallRule",
        "Name",
        Str("fwpolicy-domain-icmp-2-out".into()),
    );
    assert_eq!(get(&echo[0], "Direction"), Some(Word("Outbound".into())));
    assert_eq!(get(&echo[0], "IcmpType"), Some(Word("2".into())));
    // Services as explicit port rules.
    let rd = find(
        "New-NetFirewallRule",
        "Name",
        Str("fwpolicy-domain-remotedesktop-tcp-3389".into()),
    );
    assert_eq!(
        get(&rd[0], "RemoteAddress"),
        Some(Array(vec!["10.1.0.0/16".into(), "LocalSubnet".into()]))
    );
    assert!(out
        .text
        .contains("UNCONFIRMED: Service exceptions are written as explicit inbound port rules"));
}

#[test]
fn powershell_rule_ids_are_stable_and_unique() {
    let p = services_and_duplicates();
    let out = ok(
        ScriptKind::PowerShell,
        fwpolicy_core::formats::script::powershell::write,
        &p,
    );
    let commands = ps_commands(&out.text);
    let ids: Vec<String> = commands
        .iter()
        .filter(|(c, _)| c == "New-NetFirewallRule")
        .flat_map(|(_, ps)| {
            ps.iter()
                .filter(|(p, _)| p == "Name")
                .map(|(_, v)| format!("{v:?}"))
        })
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(out
        .text
        .contains("-Name 'fwpolicy-standard-port-tcp-8080-2'"));
    // Renaming an exception keeps its rule id.
    let mut renamed = p.clone();
    renamed.standard.ports.options[0].name = "Renamed".into();
    let again = ok(
        ScriptKind::PowerShell,
        fwpolicy_core::formats::script::powershell::write,
        &renamed,
    );
    assert!(again.text.contains(
        "New-NetFirewallRule -Name 'fwpolicy-standard-port-tcp-8080' -DisplayName 'Renamed'"
    ));
}

// =============================================================================================
// Properties
// =============================================================================================

/// Every name, path and interface name in the policy, read back through the shell models.
fn round_trips(p: &Policy) -> Result<(), TestCaseError> {
    let mut names = Vec::new();
    let mut paths = Vec::new();
    for kind in ProfileKind::ALL {
        let pr = p.profile(kind);
        if pr.programs.is_enabled() {
            names.extend(pr.programs.options.iter().map(|e| e.name.clone()));
            paths.extend(pr.programs.options.iter().map(|e| e.path.clone()));
        }
        if pr.ports.is_enabled() {
            names.extend(pr.ports.options.iter().map(|e| e.name.clone()));
        }
    }
    let adv = fwpolicy_core::formats::script::advfirewall::write(p)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let adv = cmd_commands(&adv.text);
    let ps = fwpolicy_core::formats::script::powershell::write(p)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let ps = ps_commands(&ps.text);
    let netsh = fwpolicy_core::formats::script::netsh::write(p)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let netsh = cmd_commands(&netsh.text);
    for n in &names {
        prop_assert!(
            cmd_values(&adv, "name").contains(n),
            "advfirewall lost {:?}",
            n
        );
        prop_assert!(
            ps_values(&ps, "DisplayName").contains(n),
            "PowerShell lost {:?}",
            n
        );
    }
    for path in &paths {
        prop_assert!(
            cmd_values(&netsh, "program").contains(path),
            "netsh lost {:?}",
            path
        );
        prop_assert!(
            cmd_values(&adv, "program").contains(path),
            "advfirewall lost {:?}",
            path
        );
        prop_assert!(
            ps_values(&ps, "Program").contains(path),
            "PowerShell lost {:?}",
            path
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A policy an admin can build in the editor exports to every script, and every name and
    /// path is read back exactly by the shell models.
    #[test]
    fn typed_policies_export_and_read_back(p in arb_policy()) {
        round_trips(&p)?;
    }

    /// Any imported name: refused with an error naming it, or read back exactly.
    #[test]
    fn imported_names_are_refused_or_exact(
        name in "[ -~\u{e9}\u{452}\u{2018}-\u{201E}\u{1F600}\t\n\r]{1,24}",
        slot in 0usize..5,
    ) {
        let slot = SLOTS[slot];
        let (p, stored) = hostile_policy(slot, &name);
        for (kind, export) in EXPORTERS {
            hostile_check(kind, export, slot, &stored, &p);
        }
    }
}

/// The duplicate warnings say which program or port was defined twice and what was written,
/// in each script's own terms: netsh merges the group, the rule scripts write each rule
/// disabled when a disabled definition wins.
// See: issue 9
#[test]
fn duplicate_warnings_name_the_program_or_port() {
    let p = services_and_duplicates();
    let duplicates = |kind: ScriptKind, export: Export| -> Vec<String> {
        ok(kind, export, &p)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == Code::Duplicate)
            .map(|d| d.message)
            .collect()
    };
    for (kind, export) in EXPORTERS {
        let messages = duplicates(kind, export);
        if kind == ScriptKind::Netsh {
            assert_eq!(messages.len(), 2, "{messages:?}");
            assert!(messages[0].starts_with(
                r#"program "C:\Apps\tool.exe" is defined 2 times ("Tool", "Tool (second definition)"); netsh firewall keeps one entry per program, so the script writes one entry named "Tool" with scope "#
            ), "{}", messages[0]);
            assert!(messages[1].starts_with(
                r#"TCP 8080 is defined 2 times ("Intranet", "Intranet (off)"); netsh firewall keeps one entry per port, so the script writes one entry named "Intranet" with scope "#
            ), "{}", messages[1]);
            assert!(
                messages[1].ends_with("and status disabled"),
                "{}",
                messages[1]
            );
        } else {
            assert_eq!(
                messages,
                ["TCP 8080 is also defined as disabled in the same list; a disabled definition wins in Windows, so this rule is written disabled too"],
                "{}",
                kind.label()
            );
        }
    }
}

// See: issue 13 item 7
/// The header comment of each script names the file the Export page downloads it as (and the
/// other scripts by theirs), never the old `netsh.cmd` / `netsh-advfirewall.cmd` names.
#[test]
fn each_script_header_names_its_own_download_file() {
    let policy = fwpolicy_core::presets::get("sbs-2003-xp-sp2")
        .map(|p| p.policy)
        .unwrap_or_default();
    for (kind, export) in EXPORTERS {
        let name = kind.format().file_name("");
        assert_eq!(kind.file_name(), name);
        let text = export(&policy)
            .unwrap_or_else(|e| panic!("{kind}: {e}"))
            .text;
        let comment = match kind {
            ScriptKind::PowerShell => "# ",
            _ => "rem ",
        };
        let header: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with(comment))
            .take_while(|l| l.starts_with(comment))
            .collect();
        let header = header.join("\n");
        let first = header
            .lines()
            .find(|l| l.chars().any(char::is_alphanumeric) && !l.contains("===="))
            .unwrap_or_default();
        assert!(
            first.starts_with(&format!("{comment}{name} - ")),
            "{kind}: the header starts with its download name {name}: {first}"
        );
        let run = header
            .lines()
            .skip_while(|l| !l.contains("Run:"))
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(run.contains(&name), "{kind}: how to run {name}: {run}");
        for old in ["netsh.cmd", "netsh-advfirewall.cmd"] {
            assert!(
                !text.contains(old),
                "{kind}: the script names {old}, a file the Export page never downloads"
            );
        }
    }
    assert_eq!(ScriptKind::Netsh.file_name(), "firewall.cmd");
    assert_eq!(
        ScriptKind::Advfirewall.file_name(),
        "firewall-advfirewall.cmd"
    );
    assert_eq!(ScriptKind::PowerShell.file_name(), "firewall.ps1");
}
