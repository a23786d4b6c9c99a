//! Cleaning table cells: HTML stripped and entities decoded, and exception names derived
//! from descriptions.

use crate::model::exception::{PortException, MAX_DEFINITION_LEN};

use super::tables::*;

pub(super) const BLOCK_TAGS: &[&str] = &[
    "li", "p", "br", "div", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "dd",
    "dt",
];

/// Strips HTML tags (block tags become `separator`), decodes entities (every named and
/// numeric HTML entity, by the `html-escape` crate), collapses whitespace.
pub(super) fn strip_html(text: &str, separator: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let starts_tag = after
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!');
            if let (true, Some(end)) = (starts_tag, after.find('>')) {
                let name: String = after
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if BLOCK_TAGS.contains(&name.as_str()) {
                    pending = true;
                } else {
                    out.push(' ');
                }
                rest = after.get(end + 1..).unwrap_or_default();
                continue;
            }
        }
        // The text up to the next `<` (a `<` that starts no tag is text too).
        let first = rest.chars().next().map_or(0, char::len_utf8);
        let end = rest
            .get(first..)
            .and_then(|r| r.find('<'))
            .map_or(rest.len(), |i| i + first);
        let (segment, after) = rest.split_at(end);
        for c in html_escape::decode_html_entities(segment).chars() {
            if pending && !c.is_whitespace() {
                if !out.trim().is_empty() {
                    out.push_str(separator);
                }
                pending = false;
            }
            out.push(c);
        }
        rest = after;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A cell as plain text (for ports, protocols, directions, headers).
pub(super) fn clean_cell(cell: &str) -> String {
    strip_html(cell, " ")
}

/// Description text fit for an exception name: HTML stripped (list items separated by ` / `),
/// trailing notes cut, characters the name cannot carry replaced, final period dropped.
pub(super) fn name_text(raw: &str) -> String {
    let text = strip_html(raw, " / ");
    let lower = text.to_lowercase();
    let cut = lower
        .find("note:")
        .filter(|i| *i > 0)
        .map_or(text.as_str(), |i| text.get(..i).unwrap_or(&text));
    let mut out = String::with_capacity(cut.len());
    let mut chars = cut.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '•' | '·' | '◦' | '▪' | '®' | '™' | '©' => {}
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '"' => out.push('\''),
            '\u{a0}' => out.push(' '),
            ';' => out.push(','),
            ':' => {
                if !chars.peek().is_none_or(|n| n.is_whitespace()) {
                    out.push('-');
                }
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed
        .trim_matches(|c: char| c == '/' || c.is_whitespace())
        .trim_end_matches('.')
        .trim_end();
    trimmed.to_string()
}

pub(super) fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `text` cut to at most `max` characters at a word boundary, with `...` appended when cut.
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    if max <= 3 {
        return String::new();
    }
    let limit: String = text.chars().take(max - 3).collect();
    let at_space = match limit.rfind(' ') {
        Some(i) if i > limit.len() / 2 => &limit[..i],
        _ => limit.as_str(),
    };
    // Do not leave a parenthesis open: "modules (switches..." reads as "modules...".
    let body = match at_space.rfind('(') {
        Some(i) if at_space[i..].find(')').is_none() && i > 0 => &at_space[..i],
        _ => at_space,
    };
    let body = body.trim_end_matches(|c: char| ",;:-/( ".contains(c));
    format!("{body}...")
}

/// The exception's name: prefix, shortened description and `(TCP 6988)`, within the
/// definition-length limit. When the scope leaves little room, the description goes first,
/// then the prefix is shortened; the transport and port always stay.
pub(super) fn exception_name(
    e: &PortException,
    prefix: &str,
    description: &str,
    options: &TableOptions,
) -> String {
    let head = format!("{}:{}:{}:{}:", e.port, e.transport, e.scope, e.status);
    let budget = MAX_DEFINITION_LEN.saturating_sub(utf16_len(&head));
    let prefix = name_text_keep_spaces(prefix);
    let bare = format!("{} {}", e.transport, e.port);
    let fits = |name: &str| utf16_len(name) <= budget;
    if !description.is_empty() {
        let suffix = format!(" ({bare})");
        let name = format!(
            "{prefix}{}{suffix}",
            shorten(description, options.max_description_len)
        );
        if fits(&name) {
            return name;
        }
        let room = budget.saturating_sub(utf16_len(&prefix) + utf16_len(&suffix));
        if room >= 8 {
            return format!("{prefix}{}{suffix}", shorten(description, room));
        }
    }
    let name = format!("{prefix}{bare}");
    if fits(&name) {
        return name;
    }
    let room = budget.saturating_sub(utf16_len(&bare) + 1);
    let short_prefix = shorten(prefix.trim_end(), room);
    if room >= 8 && !short_prefix.is_empty() {
        return format!("{short_prefix} {bare}");
    }
    // No room at all: the validator reports the definition as too long and the row is skipped.
    bare
}

/// Like [`name_text`] but keeps the trailing space of a prefix such as `Vendor - `.
pub(super) fn name_text_keep_spaces(prefix: &str) -> String {
    let cleaned = name_text(prefix);
    if cleaned.is_empty() {
        return cleaned;
    }
    let trailing = prefix.len() - prefix.trim_end().len();
    if trailing > 0 {
        format!("{cleaned} ")
    } else {
        cleaned
    }
}
