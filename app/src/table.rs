//! Pure helpers behind the exception tables: search, sort and the virtual window.
//!
//! The tables render only the rows inside the scrolled viewport (plus a few above and below),
//! with spacer rows standing in for the rest, so a 10,000-row list costs the same as a
//! 30-row one. Everything here is plain data so it is tested on the host.

use std::ops::Range;

use fwpolicy_core::{PortException, ProgramException, Scope, Status};

use crate::html::Markup;

/// Height of one table row in CSS pixels (must match `--row-h` in the stylesheet).
pub const ROW_HEIGHT: usize = 40;
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
    /// The cells between the order and the status columns.
    fn cells(&self, m: &mut Markup);
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
        hay.to_lowercase().contains(needle_lower)
    }
}

fn text(s: &str) -> SortKey {
    SortKey::Text(s.to_lowercase())
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

    fn cells(&self, m: &mut Markup) {
        let scope = self.scope.to_string();
        m.leaf("td", &[("class", "col-port")], &self.port.get().to_string())
            .leaf("td", &[("class", "col-transport")], self.transport.as_str())
            .leaf("td", &[("class", "col-scope"), ("title", &scope)], &scope);
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

    fn cells(&self, m: &mut Markup) {
        let scope = self.scope.to_string();
        m.leaf(
            "td",
            &[("class", "col-path"), ("title", &self.path)],
            &self.path,
        )
        .leaf("td", &[("class", "col-scope"), ("title", &scope)], &scope);
    }
}

fn scope_text(s: &Scope) -> String {
    s.to_string()
}

/// Indices of `rows` matching `query`, in `sort` order (ties keep list order).
pub fn view<T: RowData>(rows: &[T], query: &str, sort: Sort) -> Vec<usize> {
    let needle = query.trim().to_lowercase();
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

/// One sort for every table and direction (core's shared sort keeps the bundle small).
fn sorted(keyed: Vec<Keyed>, up: bool) -> Vec<usize> {
    let order: fn(&Keyed, &Keyed) -> std::cmp::Ordering = if up { ascending } else { descending };
    let mut at: Vec<usize> = (0..keyed.len()).collect();
    at.sort_by(|&a, &b| order(&keyed[a], &keyed[b]));
    at.into_iter().map(|a| keyed[a].1).collect()
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

/// What the markup of one table needs besides the rows: the id prefix of its controls
/// (`domain-port`), its noun (`port exceptions`) and its columns.
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    /// Id prefix (profile and list).
    pub base: &'a str,
    /// The rows' noun, plural.
    pub noun: &'a str,
    /// The sortable columns, in order.
    pub columns: &'a [Column],
}

/// The header row: select-all box, one sort button per column (`data-act="sort"`,
/// `data-i` = column position) with its `aria-sort`, and the actions column.
pub fn head_markup(layout: &Layout, sort: Sort, all_selected: bool) -> String {
    let mut m = Markup::new();
    m.open("tr", &[("aria-rowindex", "1")]);
    m.open("th", &[("scope", "col"), ("class", "col-select")]);
    let id = format!("{}-all", layout.base);
    let label = format!("Select all shown {}", layout.noun);
    let mut attrs = vec![
        ("type", "checkbox"),
        ("id", id.as_str()),
        ("aria-label", label.as_str()),
        ("data-act", "all"),
    ];
    if all_selected {
        attrs.push(("checked", ""));
    }
    m.open("input", &attrs).close("th");
    for (i, &c) in layout.columns.iter().enumerate() {
        let aria = sort.aria(c);
        let id = format!("{}-sort-{i}", layout.base);
        let index = i.to_string();
        m.open(
            "th",
            &[("scope", "col"), ("class", c.class()), ("aria-sort", aria)],
        );
        m.open(
            "button",
            &[
                ("type", "button"),
                ("class", "sort"),
                ("id", &id),
                ("data-act", "sort"),
                ("data-i", &index),
            ],
        );
        let mark = match aria {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "",
        };
        m.text(c.label())
            .leaf(
                "span",
                &[("aria-hidden", "true"), ("class", "sort-mark")],
                mark,
            )
            .close("button")
            .close("th");
    }
    m.leaf(
        "th",
        &[("scope", "col"), ("class", "col-actions")],
        "Actions",
    );
    m.close("tr");
    m.finish()
}

/// The rendered rows: `shown` are list indices in view order, the first at view position
/// `first`. Each row has a select box (`sel`), its list order, its cells, an Enabled switch
/// (`on`), its name with its lint findings, and Edit / Delete buttons (`edit`, `del`); every
/// control has an id (`<base>-row-<index>-<what>`, so focus survives a re-render) and a
/// `data-act` / `data-i` pair for the table's one delegated listener.
pub fn rows_markup<T: RowData>(
    rows: &[T],
    shown: &[usize],
    first: usize,
    selected: &Selection,
    layout: &Layout,
    findings: &dyn Fn(&str) -> Vec<String>,
) -> String {
    let mut m = Markup::new();
    for (k, &index) in shown.iter().enumerate() {
        let Some(row) = rows.get(index) else {
            continue;
        };
        let name = row.name();
        let enabled = row.status() == Status::Enabled;
        let is_selected = selected.has(rows.len(), index);
        let id = format!("{}-row-{index}", layout.base);
        let i = index.to_string();
        let pos = (first + k + 2).to_string();
        let class = match (enabled, is_selected) {
            (true, false) => "",
            (false, false) => "disabled",
            (true, true) => "selected",
            (false, true) => "disabled selected",
        };
        m.open("tr", &[("aria-rowindex", &pos), ("class", class)]);
        m.open("td", &[("class", "col-select")]);
        let select_id = format!("{id}-select");
        let select_label = format!("Select {name}");
        let mut attrs = vec![
            ("type", "checkbox"),
            ("id", select_id.as_str()),
            ("aria-label", select_label.as_str()),
            ("data-act", "sel"),
            ("data-i", i.as_str()),
        ];
        if is_selected {
            attrs.push(("checked", ""));
        }
        m.open("input", &attrs).close("td");
        m.leaf("td", &[("class", "col-order")], &(index + 1).to_string());
        row.cells(&mut m);
        m.open("td", &[("class", "col-status")])
            .open("label", &[("class", "switch")]);
        let on_id = format!("{id}-enabled");
        let on_label = format!("Enabled: {name}");
        let mut attrs = vec![
            ("type", "checkbox"),
            ("id", on_id.as_str()),
            ("aria-label", on_label.as_str()),
            ("data-act", "on"),
            ("data-i", i.as_str()),
        ];
        if enabled {
            attrs.push(("checked", ""));
        }
        m.open("input", &attrs)
            .leaf("span", &[("aria-hidden", "true")], row.status().as_str())
            .close("label")
            .close("td");
        m.open("td", &[("class", "col-name"), ("title", name)]);
        let found = findings(&row.definition());
        if !found.is_empty() {
            let text = found.join("\n");
            m.open("span", &[("class", "row-problem"), ("title", &text)])
                .leaf("span", &[("aria-hidden", "true")], "⚠ ")
                .leaf(
                    "span",
                    &[("class", "visually-hidden")],
                    &format!("{text}. "),
                )
                .close("span");
        }
        m.text(name).close("td");
        m.open("td", &[("class", "col-actions")]);
        for (what, act, word) in [("edit", "edit", "Edit"), ("delete", "del", "Delete")] {
            let button_id = format!("{id}-{what}");
            let label = format!("{word} {name}");
            m.leaf(
                "button",
                &[
                    ("type", "button"),
                    ("id", &button_id),
                    ("aria-label", &label),
                    ("data-act", act),
                    ("data-i", &i),
                ],
                word,
            );
        }
        m.close("td").close("tr");
    }
    m.finish()
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
    fn rows_are_markup_with_ids_actions_and_findings() {
        let rows = ports(&[
            "80:TCP:*:enabled:Web <b>",
            "161:UDP:localsubnet:disabled:SNMP",
        ]);
        let layout = Layout {
            base: "domain-port",
            noun: "port exceptions",
            columns: &[Column::Order, Column::Port],
        };
        let mut selected = Selection::default();
        selected.set(rows.len(), 1, true);
        let findings = |def: &str| {
            if def.starts_with("161") {
                vec!["warning: SNMP is open".to_string()]
            } else {
                Vec::new()
            }
        };
        let m = rows_markup(&rows, &[1, 0], 0, &selected, &layout, &findings);
        let second = m.find("Web").unwrap_or(0);
        assert!(m.find("SNMP").unwrap_or(usize::MAX) < second, "view order");
        assert!(m.contains(
            "<tr aria-rowindex=\"2\" class=\"disabled selected\"><td class=\"col-select\">\
             <input type=\"checkbox\" id=\"domain-port-row-1-select\" aria-label=\"Select SNMP\" \
             data-act=\"sel\" data-i=\"1\" checked=\"\"></td><td class=\"col-order\">2</td>\
             <td class=\"col-port\">161</td><td class=\"col-transport\">UDP</td>"
        ));
        assert!(m.contains(
            "aria-label=\"Enabled: Web &lt;b&gt;\" data-act=\"on\" data-i=\"0\" checked=\"\">"
        ));
        assert!(m.contains("<span class=\"visually-hidden\">warning: SNMP is open. </span>"));
        assert!(m.contains("<button type=\"button\" id=\"domain-port-row-0-edit\" aria-label=\"Edit Web &lt;b&gt;\" data-act=\"edit\" data-i=\"0\">Edit</button>"));
        assert_eq!(m.matches("<tr ").count(), 2);
        let head = head_markup(&layout, Sort::default().clicked(Column::Port), false);
        assert!(head.contains("<th scope=\"col\" class=\"col-port\" aria-sort=\"ascending\"><button type=\"button\" class=\"sort\" id=\"domain-port-sort-1\" data-act=\"sort\" data-i=\"1\">Port<span aria-hidden=\"true\" class=\"sort-mark\">▲</span></button></th>"));
        assert!(head.contains("aria-label=\"Select all shown port exceptions\" data-act=\"all\">"));
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
}
