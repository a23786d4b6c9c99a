//! Golden files: compare an export byte for byte with `core/tests/data/<case>/<file>`.
//!
//! The one golden-file helper of the core tests. Regenerate after an intended change with
//! `UPDATE_GOLDENS=1 cargo test -p fwpolicy-core`, then review the diff in git before
//! committing.

use std::path::PathBuf;

/// Directory of one golden case.
pub fn case_dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(case)
}

/// Asserts that `actual` equals the golden file `tests/data/<case>/<file>` byte for byte, or
/// (re)writes the file when the environment variable `UPDATE_GOLDENS` is set to `1`.
pub fn check(case: &str, file: &str, actual: &[u8]) {
    let path = case_dir(case).join(file);
    if std::env::var("UPDATE_GOLDENS").as_deref() == Ok("1") {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        std::fs::write(&path, actual)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} cannot be read ({e}); create it with UPDATE_GOLDENS=1 cargo test",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let first = expected
        .iter()
        .zip(actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let context = |bytes: &[u8]| {
        let start = first.saturating_sub(16);
        let end = bytes.len().min(first + 32);
        String::from_utf8_lossy(&bytes[start.min(end)..end]).into_owned()
    };
    let line = 1 + expected.iter().take(first).filter(|&&b| b == b'\n').count();
    panic!(
        "{} differs from the output at line {line}, byte {first} (golden {} bytes, output {} bytes)\n golden: {:?}\n output: {:?}\nIf the change is intended, regenerate with UPDATE_GOLDENS=1 cargo test and review the diff.",
        path.display(),
        expected.len(),
        actual.len(),
        context(&expected),
        context(actual),
    );
}

/// [`check`] for text.
pub fn check_text(case: &str, file: &str, actual: &str) {
    check(case, file, actual.as_bytes());
}
