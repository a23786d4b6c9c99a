//! Reading inputs and writing outputs without surprises (issue 11): inputs have a size limit
//! that is checked before they are read whole, `-o` never names the input, files are replaced
//! through a temporary file in the same folder, and every write error on standard output —
//! including a closed one — is reported.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

use fwpolicy_core::formats::limits::check_input_size_with;

/// True for the path `-` (standard input or output).
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How a path is named in messages: `standard input` for `-`.
pub fn shown(path: &Path) -> String {
    if is_dash(path) {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads `path` (or standard input for `-`), refusing anything above `limit` bytes (default
/// core's `MAX_INPUT_BYTES`) with core's message, as the editor does: a regular file by its
/// size before reading it, a stream after reading at most `limit + 1` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let too_large = |len: u64| {
        check_input_size_with(len, limit).map_err(|e| {
            format!(
                "{}: {e}; raise the limit with --max-input BYTES",
                shown(path)
            )
        })
    };
    let mut buf = Vec::new();
    let read = if is_dash(path) {
        io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut buf)
    } else {
        let file = File::open(path).map_err(|e| format!("cannot read {}: {e}", shown(path)))?;
        if let Ok(meta) = file.metadata() {
            if meta.is_file() {
                too_large(meta.len())?;
            }
        }
        file.take(limit.saturating_add(1)).read_to_end(&mut buf)
    };
    read.map_err(|e| format!("cannot read {}: {e}", shown(path)))?;
    too_large(buf.len() as u64)?;
    Ok(buf)
}

/// How deep [`read_folder`] goes below the folder given (a GPMC "Back Up All" folder holds
/// each GPO four levels down; SYSVOL's `Policies` folder two).
const MAX_FOLDER_DEPTH: usize = 16;

/// The files under `dir` for which `wanted` (given the path relative to `dir`, `/`-separated)
/// is true, each read within `limit` bytes, as (relative path, bytes) in name order, folder by
/// folder. Symbolic links to folders are not followed (no loops); links to files are.
pub fn read_folder(
    dir: &Path,
    limit: u64,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    walk(dir, "", 0, limit, wanted, &mut out)?;
    Ok(out)
}

fn walk(
    dir: &Path,
    relative: &str,
    depth: usize,
    limit: u64,
    wanted: &dyn Fn(&str) -> bool,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), String> {
    let fail = |e: io::Error| format!("cannot read folder {}: {e}", dir.display());
    let mut entries = fs::read_dir(dir)
        .map_err(fail)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let rel = if relative.is_empty() {
            name
        } else {
            format!("{relative}/{name}")
        };
        let kind = entry.file_type().map_err(fail)?;
        if kind.is_dir() {
            if depth < MAX_FOLDER_DEPTH {
                walk(&path, &rel, depth + 1, limit, wanted, out)?;
            }
        } else if wanted(&rel) && fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            out.push((rel, read_limited(&path, limit)?));
        }
    }
    Ok(())
}

/// The last component of a folder's path, also for `.` and `..` (through its canonical
/// path); the path as given when it has none.
pub fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .filter(|n| *n != "." && *n != "..")
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            fs::canonicalize(dir)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| dir.display().to_string())
}

/// True when both paths exist and are the same file (after links, hard or symbolic).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// Writes `bytes` to `path`. A regular file (new or existing, also through a symbolic link) is
/// written to a temporary file in the same folder, flushed to disk and renamed over the old
/// one, so a failed or interrupted write leaves the old file as it was; an existing file keeps
/// its permissions. Anything else that exists (a device such as /dev/full, a pipe) is written
/// directly.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: io::Error| format!("cannot write {}: {e}", path.display());
    let existing = match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(fail)?;
            return file
                .write_all(bytes)
                .and_then(|()| file.flush())
                .map_err(fail);
        }
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e)),
    };
    // Replace the file a symbolic link points to, not the link.
    let target = match existing {
        Some(_) => fs::canonicalize(path).map_err(fail)?,
        None => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".fwpolicy-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // What a plain create would give a new file (the umask applies).
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    if let Some(meta) = &existing {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(fail)?;
    }
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(fail)?;
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    Ok(())
}

/// What a command's standard output is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stdout {
    /// The command's product (a preset, a converted file, a diff, a simulation): a closed
    /// standard output is an error.
    Product,
    /// A report beside the real result (`check`'s findings, whose result is the exit code;
    /// help; the version): discarding it with a /dev/null opened for reading and writing, as
    /// Python's `subprocess.DEVNULL` and Node's `stdio: "ignore"` do, stays allowed.
    Report,
}

/// Writes `bytes` to standard output; a full or broken output is an error, and so is a closed
/// one when the output is the command's [`Stdout::Product`].
pub fn write_stdout(bytes: &[u8], kind: Stdout) -> Result<(), String> {
    let fail = |e: io::Error| format!("cannot write to standard output: {e}");
    if kind == Stdout::Product && stdout_is_closed() {
        return Err(
            "cannot write to standard output: it is closed (to discard the output, redirect it \
             with > /dev/null)"
                .to_string(),
        );
    }
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(fail)
}

/// Rust's runtime replaces a closed standard output (`>&-`) with /dev/null opened for reading
/// and writing, so writes would vanish without an error. A shell's `> /dev/null` opens it for
/// writing only, which is left alone; a /dev/null opened for reading and writing by the caller
/// cannot be told apart from a closed output.
#[cfg(unix)]
fn stdout_is_closed() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let stdout = io::stdout();
    let fd = stdout.as_fd();
    let Ok(flags) = rustix::fs::fcntl_getfl(fd) else {
        return true;
    };
    if !flags.contains(rustix::fs::OFlags::RDWR) {
        return false;
    }
    let Ok(own) = fd.try_clone_to_owned() else {
        return true;
    };
    let (Ok(ours), Ok(null)) = (File::from(own).metadata(), fs::metadata("/dev/null")) else {
        return false;
    };
    ours.file_type().is_char_device() && ours.rdev() == null.rdev()
}

#[cfg(not(unix))]
fn stdout_is_closed() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    // See: issue 11
    #[test]
    fn a_file_above_the_limit_is_refused_with_cores_message() {
        let path = std::env::temp_dir().join(format!("fwpolicy-limit-{}.txt", std::process::id()));
        fs::write(&path, [b' '; 2048]).unwrap_or_else(|e| panic!("{e}"));
        let refused = read_limited(&path, 1024);
        let at_limit = read_limited(&path, 2048).map(|b| b.len());
        let _ = fs::remove_file(&path);
        assert_eq!(
            refused,
            Err(format!(
                "{}: the input is 2048 bytes, more than the 1024 bytes fwpolicy reads; nothing was read; raise the limit with --max-input BYTES",
                path.display()
            ))
        );
        assert_eq!(at_limit, Ok(2048));
    }
}
