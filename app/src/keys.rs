//! Keyboard shortcuts of the editor (pure mapping, tested on the host).

/// A global shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+Z (Cmd+Z on a Mac).
    Undo,
    /// Ctrl+Shift+Z or Ctrl+Y (Cmd+Shift+Z on a Mac).
    Redo,
    /// Escape (no modifier), anywhere: closes an open popover of the app bar.
    Close,
}

/// A key press as the browser reports it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Ctrl held.
    pub ctrl: bool,
    /// Meta (Cmd) held.
    pub meta: bool,
    /// Shift held.
    pub shift: bool,
    /// Alt held.
    pub alt: bool,
    /// Focus is in a text field, which keeps its own native undo.
    pub in_text_field: bool,
}

/// The shortcut a key press means, if any.
pub fn shortcut(p: Press<'_>) -> Option<Shortcut> {
    if p.key == "Escape" && !(p.ctrl || p.meta || p.alt || p.shift) {
        return Some(Shortcut::Close);
    }
    if p.in_text_field || p.alt || !(p.ctrl || p.meta) {
        return None;
    }
    match (p.key.to_ascii_lowercase().as_str(), p.shift) {
        ("z", false) => Some(Shortcut::Undo),
        ("z", true) => Some(Shortcut::Redo),
        ("y", false) => Some(Shortcut::Redo),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(key: &str, ctrl: bool, shift: bool) -> Press<'_> {
        Press {
            key,
            ctrl,
            shift,
            ..Press::default()
        }
    }

    #[test]
    fn undo_redo_keys() {
        assert_eq!(shortcut(p("z", true, false)), Some(Shortcut::Undo));
        assert_eq!(shortcut(p("Z", true, true)), Some(Shortcut::Redo));
        assert_eq!(shortcut(p("y", true, false)), Some(Shortcut::Redo));
        assert_eq!(shortcut(p("z", false, false)), None);
        let mac = Press {
            key: "z",
            meta: true,
            ..Press::default()
        };
        assert_eq!(shortcut(mac), Some(Shortcut::Undo));
        let typing = Press {
            in_text_field: true,
            ..p("z", true, false)
        };
        assert_eq!(shortcut(typing), None, "text fields keep native undo");
        let esc = Press {
            in_text_field: true,
            ..p("Escape", false, false)
        };
        assert_eq!(shortcut(esc), Some(Shortcut::Close));
        assert_eq!(shortcut(p("Escape", true, false)), None);
    }
}
