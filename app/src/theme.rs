//! Colour theme: follow the system, or force light or dark (`data-theme` on `<html>`).

/// The theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Local-storage key of the choice.
    pub const KEY: &'static str = "fwpolicy.theme";

    /// The next choice in the toggle cycle.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// Button text.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System theme",
            Theme::Light => "Light theme",
            Theme::Dark => "Dark theme",
        }
    }

    /// Value of `data-theme` (`None` removes it, following the system).
    pub fn attr(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// Parses a stored choice (anything unknown follows the system).
    pub fn parse(text: &str) -> Theme {
        match text {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_and_parse() {
        let mut t = Theme::System;
        let mut seen = vec![];
        for _ in 0..3 {
            t = t.next();
            seen.push(t);
        }
        assert_eq!(seen, vec![Theme::Light, Theme::Dark, Theme::System]);
        for t in [Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(t.attr().unwrap_or_default()), t);
        }
        assert_eq!(Theme::parse("garbage"), Theme::System);
    }
}
