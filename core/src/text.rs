//! Text helpers shared by core and app.

/// `parts` joined with `sep`: the text of `parts.join(sep)`, from one small function per
/// element type instead of the standard library's (smaller wasm).
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_like_the_standard_library() {
        let empty: [&str; 0] = [];
        assert_eq!(join(&empty, ", "), empty.join(", "));
        assert_eq!(join(&["a"], ", "), "a");
        assert_eq!(join(&["a", "", "b"], "; "), ["a", "", "b"].join("; "));
        let owned = vec!["x".to_string(), "y".to_string()];
        assert_eq!(join(&owned, ""), owned.concat());
    }
}
