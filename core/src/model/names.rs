//! The one rule for names Windows compares without regard to case: program paths, connection
//! (interface) names and exception names.
//!
//! Rule: two names are the same when they are equal after lowering every character with
//! Unicode's simple per-character mapping ([`char::to_lowercase`]). Windows compares file
//! paths (NTFS's upper-case table) and connection names case-insensitively over all of
//! Unicode, not only ASCII, so `C:\Programme\Büro.exe` and `c:\programme\BÜRO.EXE` are one
//! program to it; an ASCII-only comparison would let such duplicates through. Keywords of the
//! formats (`TCP`, `enabled`, `localsubnet`, registry value names) are ASCII and keep using
//! `eq_ignore_ascii_case`.

/// The key under which Windows treats two names as the same (see the module documentation).
pub fn name_key(name: &str) -> String {
    if name.is_ascii() {
        // The same result for ASCII text, without the per-character Unicode tables.
        return name.to_ascii_lowercase();
    }
    name.chars().flat_map(char::to_lowercase).collect()
}

/// Whether Windows treats the two names as the same (see the module documentation).
pub fn same_name(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_beyond_ascii() {
        assert!(same_name(
            r"%ProgramFiles%\App.EXE",
            r"%programfiles%\app.exe"
        ));
        assert!(same_name("LAN-Verbindung Ä", "lan-verbindung ä"));
        assert!(!same_name(
            "Local Area Connection",
            "Local Area Connection 2"
        ));
        assert_eq!(name_key("BÜRO"), "büro");
        assert_eq!(name_key("BÜRO"), name_key("Büro"));
    }
}
