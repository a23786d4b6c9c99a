//! Pure helpers behind the exception tables: search, sort and the virtual window.
//!
//! The tables render only the rows inside the scrolled viewport (plus a few above and below),
//! with spacer rows standing in for the rest, so a 10,000-row list costs the same as a
//! 30-row one. Everything here is plain data so it is tested on the host.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

use fwpolicy_core::{PortException, ProgramException, Scope, Status};

fn to_lowercase(s: &str) -> String {
    s.to_lowercase()
}

/// Height of one table row in CSS pixels (must match `--row-h` in the stylesheet).
pub const ROW_HEIGHT: usize = 40;
/// Height of one stacked row on a narrow screen (`--row-h` under [`NARROW`]): the port or
/// path, protocol and status on the first line, then the name, the scope and the actions.
pub const ROW_HEIGHT_STACKED: usize = 136;
/// The media query under which rows are stacked (the stylesheet's small-screen block).
pub const NARROW: &str = "(max-width: 700px)";

/// The row height for a screen: stacked rows on a narrow one.
pub fn row_height(narrow: bool) -> usize {
    if narrow {
        ROW_HEIGHT_STACKED
    } else {
        ROW_HEIGHT
    }
}
/// Rows rendered above and below the viewport.
pub const OVERSCAN: usize = 8;

/// The rows to render for a viewport: `[start, end)` of the (filtered, sorted) view.
///
/// Pixels are whole numbers (the browser reports `scrollTop` and `clientHeight` as integers),
/// which also keeps float formatting out of the bundle.
pub fn window(scroll_top: usize, viewport: usize, row_height: usize, total: usize) -> Range<usize> {
    if total == 0 || row_height == 0 {
        return 0..0;
    }
    let first = scroll_top / row_height;
    let shown = viewport.max(row_height).div_ceil(row_height) + 1;
    let start = first.saturating_sub(OVERSCAN).min(total);
    let end = (first + shown + OVERSCAN).min(total);
    start..end
}

/// A sortable column of an exception table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// List order (as written to the policy).
    Order,
    /// Program path.
    Path,
    /// Port number.
    Port,
    /// TCP/UDP.
    Transport,
    /// Scope text.
    Scope,
    /// Enabled/disabled.
    Status,
    /// Display name.
    Name,
}

impl Column {
    /// CSS class of the column's cells (`col-port`, ...).
    pub fn class(self) -> &'static str {
        match self {
            Column::Order => "col-order",
            Column::Path => "col-path",
            Column::Port => "col-port",
            Column::Transport => "col-transport",
            Column::Scope => "col-scope",
            Column::Status => "col-status",
            Column::Name => "col-name",
        }
    }

    /// Header text.
    pub fn label(self) -> &'static str {
        match self {
            Column::Order => "#",
            Column::Path => "Program path",
            Column::Port => "Port",
            Column::Transport => "Protocol",
            Column::Scope => "Scope",
            Column::Status => "Status",
            Column::Name => "Name",
        }
    }
}

/// Sort column and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The column.
    pub column: Column,
    /// Ascending when true.
    pub ascending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            column: Column::Order,
            ascending: true,
        }
    }
}

impl Sort {
    /// The sort after clicking `column`'s header: toggles direction on the same column.
    pub fn clicked(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                ascending: !self.ascending,
            }
        } else {
            Sort {
                column,
                ascending: true,
            }
        }
    }

    /// `aria-sort` value for a header.
    pub fn aria(self, column: Column) -> &'static str {
        if self.column != column {
            "none"
        } else if self.ascending {
            "ascending"
        } else {
            "descending"
        }
    }
}

/// A value rows are sorted by (computed once per row and sort).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    /// Numeric column.
    Num(u32),
    /// Text column (lower-cased).
    Text(String),
}

/// What a table row needs for search, sort and display.
pub trait RowData {
    /// True when the row matches a lower-case search text.
    fn matches(&self, needle_lower: &str) -> bool;
    /// The key of a column (ties are broken by list order).
    fn sort_key(&self, column: Column) -> SortKey;
    /// Display name.
    fn name(&self) -> &str;
    /// Enabled or disabled.
    fn status(&self) -> Status;
    /// The definition string (what lint findings name).
    fn definition(&self) -> String;
    /// The cells between the order and the status columns, with their column.
    fn cells(&self) -> Vec<(Column, String)>;
}

fn contains_ci(hay: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle_lower.is_ascii() {
        hay.as_bytes()
            .windows(needle_lower.len())
            .any(|w| w.eq_ignore_ascii_case(needle_lower.as_bytes()))
    } else {
        to_lowercase(hay).contains(needle_lower)
    }
}

fn text(s: &str) -> SortKey {
    SortKey::Text(to_lowercase(s))
}

impl RowData for PortException {
    fn matches(&self, n: &str) -> bool {
        contains_ci(&self.name, n)
            || contains_ci(&self.port.to_string(), n)
            || contains_ci(self.transport.as_str(), n)
            || contains_ci(&self.scope.to_string(), n)
            || contains_ci(self.status.as_str(), n)
    }

    fn sort_key(&self, c: Column) -> SortKey {
        match c {
            Column::Order | Column::Path => SortKey::Num(0),
            Column::Port => SortKey::Num(u32::from(self.port.get())),
            Column::Transport => text(self.transport.as_str()),
            Column::Scope => text(&scope_text(&self.scope)),
            Column::Status => text(self.status.as_str()),
            Column::Name => text(&self.name),
        }
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn status(&self) -> Status {
        self.status
    }

    fn definition(&self) -> String {
        self.to_string()
    }

    fn cells(&self) -> Vec<(Column, String)> {
        vec![
            (Column::Port, self.port.get().to_string()),
            (Column::Transport, self.transport.as_str().to_string()),
            (Column::Scope, self.scope.to_string()),
        ]
    }
}

impl RowData for ProgramException {
    fn matches(&self, n: &str) -> bool {
        contains_ci(&self.name, n)
            || contains_ci(&self.path, n)
            || contains_ci(&self.scope.to_string(), n)
            || contains_ci(self.status.as_str(), n)
    }

    fn sort_key(&self, c: Column) -> SortKey {
        match c {
            Column::Order | Column::Port | Column::Transport => SortKey::Num(0),
            Column::Path => text(&self.path),
            Column::Scope => text(&scope_text(&self.scope)),
            Column::Status => text(self.status.as_str()),
            Column::Name => text(&self.name),
        }
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn status(&self) -> Status {
        self.status
    }

    fn definition(&self) -> String {
        self.to_string()
    }

    fn cells(&self) -> Vec<(Column, String)> {
        vec![
            (Column::Path, self.path.clone()),
            (Column::Scope, self.scope.to_string()),
        ]
    }
}

fn scope_text(s: &Scope) -> String {
    s.to_string()
}

/// Indices of `rows` matching `query`, in `sort` order (ties keep list order).
pub fn view<T: RowData>(rows: &[T], query: &str, sort: Sort) -> Vec<usize> {
    let needle = to_lowercase(query.trim());
    let shown = (0..rows.len()).filter(|i| needle.is_empty() || rows[*i].matches(&needle));
    if sort.column == Column::Order {
        let mut out: Vec<usize> = shown.collect();
        if !sort.ascending {
            out.reverse();
        }
        return out;
    }
    let keyed = shown.map(|i| (rows[i].sort_key(sort.column), i)).collect();
    sorted(keyed, sort.ascending)
}

type Keyed = (SortKey, usize);

fn ascending(a: &Keyed, b: &Keyed) -> std::cmp::Ordering {
    a.cmp(b)
}

fn descending(a: &Keyed, b: &Keyed) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
}

/// A stable sort by key (ties keep list order in both directions).
fn sorted(mut keyed: Vec<Keyed>, up: bool) -> Vec<usize> {
    keyed.sort_by(if up { ascending } else { descending });
    keyed.into_iter().map(|k| k.1).collect()
}

/// The rows picked for a bulk action: one flag per row of the list, remembered with the
/// list's length; once the list grows or shrinks (delete, undo of an add, ...) the indices
/// no longer mean the same rows and the selection reads as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection(Vec<bool>);

impl Selection {
    /// True when row `index` of a list of `len` rows is selected.
    pub fn has(&self, len: usize, index: usize) -> bool {
        self.0.len() == len && self.0.get(index).copied().unwrap_or(false)
    }

    /// Selects or unselects one row.
    pub fn set(&mut self, len: usize, index: usize, on: bool) {
        if self.0.len() != len {
            self.0 = vec![false; len];
        }
        if let Some(flag) = self.0.get_mut(index) {
            *flag = on;
        }
    }

    /// Selects exactly `rows` (or nothing).
    pub fn set_all(&mut self, len: usize, rows: &[usize], on: bool) {
        self.0 = vec![false; len];
        if on {
            for &i in rows {
                self.set(len, i, true);
            }
        }
    }

    /// The selected rows, in list order.
    pub fn indices(&self, len: usize) -> Vec<usize> {
        (0..len).filter(|&i| self.has(len, i)).collect()
    }

    /// True when every one of `rows` is selected (and there is one).
    pub fn covers(&self, len: usize, rows: &[usize]) -> bool {
        !rows.is_empty() && rows.iter().all(|&i| self.has(len, i))
    }
}

/// What one rendered row shows (plain data, so rows are compared and keyed by content).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowView {
    /// Position in the list (what edits address).
    pub index: usize,
    /// `aria-rowindex`: view position + 2 (the header is row 1).
    pub position: usize,
    /// The cells between the order and the status columns.
    pub cells: Vec<(Column, String)>,
    /// Display name.
    pub name: String,
    /// Enabled or disabled.
    pub status: Status,
    /// Lint findings about the row, as sentences.
    pub findings: Vec<String>,
}

impl RowView {
    /// The row's key in a keyed list: the same exception at the same place keeps its DOM
    /// row; a changed one is re-rendered (only that row).
    pub fn key(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.hash(&mut h);
        h.finish()
    }

    /// The findings as one text (a tooltip, and read out before the name).
    pub fn findings_text(&self) -> String {
        self.findings.join("\n")
    }
}

/// The rows to render: `shown` are list indices in view order, the first at view position
/// `first`; `findings` gives the lint findings about a definition string.
pub fn rows<T: RowData>(
    rows: &[T],
    shown: &[usize],
    first: usize,
    findings: &dyn Fn(&str) -> Vec<String>,
) -> Vec<RowView> {
    shown
        .iter()
        .enumerate()
        .filter_map(|(k, &index)| {
            let row = rows.get(index)?;
            Some(RowView {
                index,
                position: first + k + 2,
                cells: row.cells(),
                name: row.name().to_string(),
                status: row.status(),
                findings: findings(&row.definition()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::ParseOptions;

    fn ports(lines: &[&str]) -> Vec<PortException> {
        lines
            .iter()
            .map(|l| {
                PortException::parse(l, ParseOptions::TYPED)
                    .value
                    .unwrap_or_else(|| panic!("{l}"))
            })
            .collect()
    }

    #[test]
    fn window_covers_viewport_plus_overscan() {
        assert_eq!(window(0, 400, 40, 10_000), 0..(11 + OVERSCAN));
        let w = window(40 * 5000, 400, 40, 10_000);
        assert_eq!(w, (5000 - OVERSCAN)..(5000 + 11 + OVERSCAN));
        assert_eq!(window(1_000_000_000, 400, 40, 10), 10..10);
        assert_eq!(window(0, 400, 40, 0), 0..0);
        assert_eq!(window(0, 0, 40, 3), 0..3);
        assert_eq!(window(39, 401, 40, 100), 0..(11 + 1 + OVERSCAN));
    }

    #[test]
    fn search_matches_any_column_case_insensitively() {
        let rows = ports(&[
            "80:TCP:*:enabled:Web Server",
            "3389:TCP:localsubnet:enabled:Remote Desktop",
            "161:UDP:10.0.0.0/8:disabled:SNMP",
        ]);
        assert_eq!(view(&rows, "web", Sort::default()), vec![0]);
        assert_eq!(view(&rows, "udp", Sort::default()), vec![2]);
        assert_eq!(view(&rows, "LOCALSUBNET", Sort::default()), vec![1]);
        assert_eq!(view(&rows, "disabled", Sort::default()), vec![2]);
        assert_eq!(view(&rows, "  ", Sort::default()), vec![0, 1, 2]);
        assert_eq!(view(&rows, "zzz", Sort::default()), Vec::<usize>::new());
    }

    #[test]
    fn rows_carry_their_cells_status_and_findings_in_view_order() {
        let rows_in = ports(&[
            "80:TCP:*:enabled:Web <b>",
            "161:UDP:localsubnet:disabled:SNMP",
        ]);
        let findings = |def: &str| {
            if def.starts_with("161") {
                vec!["warning: SNMP is open".to_string()]
            } else {
                Vec::new()
            }
        };
        let out = rows(&rows_in, &[1, 0], 5, &findings);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].index, out[0].position), (1, 7));
        assert_eq!(out[0].status, Status::Disabled);
        assert_eq!(
            out[0].cells,
            vec![
                (Column::Port, "161".to_string()),
                (Column::Transport, "UDP".to_string()),
                (Column::Scope, "localsubnet".to_string())
            ]
        );
        assert_eq!(out[0].findings_text(), "warning: SNMP is open");
        assert_eq!(out[1].name, "Web <b>");
        assert_ne!(out[0].key(), out[1].key());
        let mut changed = rows_in.clone();
        changed[1].status = Status::Enabled;
        let again = rows(&changed, &[1, 0], 5, &findings);
        assert_ne!(again[0].key(), out[0].key(), "a changed row is re-rendered");
        assert_eq!(
            again[1].key(),
            out[1].key(),
            "an unchanged row keeps its key"
        );
    }

    #[test]
    fn a_selection_is_forgotten_when_the_list_changes_length() {
        let mut s = Selection::default();
        s.set(3, 2, true);
        s.set(3, 0, true);
        assert_eq!(s.indices(3), vec![0, 2]);
        assert!(s.covers(3, &[2, 0]));
        assert!(!s.covers(3, &[1, 2]));
        assert!(!s.has(4, 2), "one row more: nothing is selected");
        assert!(s.indices(2).is_empty());
        s.set(4, 1, true);
        assert_eq!(s.indices(4), vec![1]);
        s.set_all(4, &[3, 0], true);
        assert_eq!(s.indices(4), vec![0, 3]);
        s.set_all(4, &[3], false);
        assert!(s.indices(4).is_empty());
        assert!(!s.covers(4, &[]));
    }

    #[test]
    fn sort_by_port_numerically_and_reverse() {
        let rows = ports(&[
            "3389:TCP:*:enabled:b",
            "80:TCP:*:enabled:a",
            "161:UDP:*:enabled:c",
        ]);
        let asc = Sort::default().clicked(Column::Port);
        assert_eq!(view(&rows, "", asc), vec![1, 2, 0]);
        let desc = asc.clicked(Column::Port);
        assert!(!desc.ascending);
        assert_eq!(view(&rows, "", desc), vec![0, 2, 1]);
        assert_eq!(desc.aria(Column::Port), "descending");
        assert_eq!(desc.aria(Column::Name), "none");
        let by_name = desc.clicked(Column::Name);
        assert_eq!(view(&rows, "", by_name), vec![1, 0, 2]);
    }

    // See: issue 13 — on a phone the table hid protocol, scope and name; rows are stacked
    // there, taller, and the virtual window must use that height.
    #[test]
    fn stacked_rows_are_taller_and_the_window_follows_them() {
        assert_eq!(row_height(false), ROW_HEIGHT);
        assert!(row_height(true) >= 3 * ROW_HEIGHT);
        let wide = window(0, 800, row_height(false), 10_000);
        let narrow = window(0, 800, row_height(true), 10_000);
        assert!(narrow.len() < wide.len(), "{narrow:?} {wide:?}");
        let scrolled = window(10 * row_height(true), 800, row_height(true), 10_000);
        assert!(scrolled.contains(&10) && scrolled.start > 0, "{scrolled:?}");
        let css = include_str!("../../style/main.css");
        assert!(
            css.contains(&format!("--row-h: {}px", ROW_HEIGHT)),
            "desktop row height"
        );
        assert!(
            css.contains(&format!("--row-h: {}px", ROW_HEIGHT_STACKED)),
            "stacked row height"
        );
        assert!(css.contains(&format!("@media {NARROW}")), "the breakpoint");
    }
}
