//! Running external commands: every command is echoed the way a person would type it, and a
//! failure becomes an [`Error`] that names the command, never a panic.

use std::fmt;
use std::io::{BufRead, BufReader, ErrorKind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// A user-facing failure: one message that says what went wrong and, where known, what to do.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }

    /// An I/O failure while doing `what` (e.g. "reading Cargo.lock").
    pub fn io(what: &str, err: std::io::Error) -> Self {
        Error(format!("{what}: {err}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Result with the xtask [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Runs `cmd` with inherited output after echoing it; fails when it exits unsuccessfully.
pub fn run(cmd: &mut Command) -> Result<()> {
    echo(cmd);
    let status = cmd.status().map_err(|e| spawn_error(cmd, e))?;
    check(cmd, status)
}

/// Like [`run`], but also returns everything the command printed on stdout (which is still
/// shown live), so test counts and benchmark figures can be read from it.
pub fn run_capture(cmd: &mut Command) -> Result<String> {
    echo(cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(cmd, e))?;
    let mut captured = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| Error::io("reading command output", e))?;
            println!("{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
    }
    let status = child.wait().map_err(|e| spawn_error(cmd, e))?;
    check(cmd, status)?;
    Ok(captured)
}

/// Runs `cmd` quietly and returns its trimmed stdout, or `None` when it cannot be started or
/// fails. For probes such as `trunk --version`.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stderr(Stdio::null())
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The first executable called `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// The command line as a person would type it, with the environment changes in front.
pub fn describe(cmd: &Command) -> String {
    // `env -u A -u B X=1 cmd`: unset options must come before the assignments.
    let removed: Vec<String> = cmd
        .get_envs()
        .filter(|(_, value)| value.is_none())
        .map(|(key, _)| format!("-u {}", key.to_string_lossy()))
        .collect();
    let mut parts = Vec::new();
    if !removed.is_empty() {
        parts.push("env".to_string());
        parts.extend(removed);
    }
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            let value = quote(&value.to_string_lossy());
            parts.push(format!("{}={value}", key.to_string_lossy()));
        }
    }
    parts.push(quote(&cmd.get_program().to_string_lossy()));
    parts.extend(cmd.get_args().map(|a| quote(&a.to_string_lossy())));
    let line = parts.join(" ");
    match cmd.get_current_dir() {
        Some(dir) => format!("(cd {} && {line})", dir.display()),
        None => line,
    }
}

fn quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:@+,%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn echo(cmd: &Command) {
    println!("$ {}", describe(cmd));
}

fn spawn_error(cmd: &Command, err: std::io::Error) -> Error {
    let program = cmd.get_program().to_string_lossy();
    if err.kind() == ErrorKind::NotFound {
        Error::new(format!(
            "`{program}` was not found on PATH (needed for `{}`)",
            describe(cmd)
        ))
    } else {
        Error::new(format!("could not run `{}`: {err}", describe(cmd)))
    }
}

fn check(cmd: &Command, status: ExitStatus) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("`{}` failed ({status})", describe(cmd))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_quotes_arguments_with_spaces_and_shows_env() {
        let mut cmd = Command::new("cargo");
        cmd.args(["clippy", "--", "-D warnings"])
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("CHROMEDRIVER");
        let line = describe(&cmd);
        assert!(
            line.starts_with("env -u CHROMEDRIVER RUSTDOCFLAGS="),
            "{line}"
        );
        assert!(line.contains("RUSTDOCFLAGS='-D warnings'"), "{line}");
        assert!(line.contains("-u CHROMEDRIVER"), "{line}");
        assert!(line.ends_with("cargo clippy -- '-D warnings'"), "{line}");
    }

    #[test]
    fn a_missing_program_is_a_clear_error_not_a_panic() {
        let err = run(&mut Command::new("fwpolicy-no-such-program-xyz")).unwrap_err();
        assert!(err.to_string().contains("was not found on PATH"), "{err}");
    }

    #[test]
    fn a_failing_command_names_itself() {
        let err = run(Command::new("sh").args(["-c", "exit 3"])).unwrap_err();
        assert!(err.to_string().contains("`sh -c 'exit 3'` failed"), "{err}");
    }
}
