//! The program / port exception table: search, sort, multi-select with bulk actions, and a
//! virtualized body (fixed row height, spacer rows) so 10,000 rows stay smooth.
//!
//! Size trick: the header row, the visible rows and the bulk toolbar are markup
//! ([`table::head_markup`], [`table::rows_markup`], [`bulk_markup`]) kept in step by
//! [`dom::live_markup`], and one delegated `click` and one `change` listener on the table's
//! box read each control's `data-act` / `data-i`. No per-row closures or views: a row costs
//! the same few bytes of wasm whether the table shows 10 or 10,000 exceptions. Every control
//! has an id, so focus stays on it across re-renders.

use fwpolicy_core::model::edit::{Edit, ListKind};
use fwpolicy_core::{ProfileKind, SettingId, Status};
use leptos::prelude::*;

use std::rc::Rc;

use wasm_bindgen::JsCast;

use crate::bulk;
use crate::dom::{self, Bind};
use crate::forms::Exception;
use crate::html::{action_of, Markup};
use crate::problems::Problems;
use crate::state::use_app;
use crate::table::{self, Column, Layout, Selection, Sort, ROW_HEIGHT};
use crate::ui::{block, Handler};

/// Element id of a row's Edit button (focus returns there after editing).
pub fn edit_button_id(profile: ProfileKind, list: ListKind, index: usize) -> String {
    format!("{}-{}-row-{index}-edit", profile.as_str(), list_slug(list))
}

fn list_slug(list: ListKind) -> &'static str {
    match list {
        ListKind::Ports => "port",
        ListKind::Programs => "program",
    }
}

const PORT_COLUMNS: &[Column] = &[
    Column::Order,
    Column::Port,
    Column::Transport,
    Column::Scope,
    Column::Status,
    Column::Name,
];
const PROGRAM_COLUMNS: &[Column] = &[
    Column::Order,
    Column::Path,
    Column::Scope,
    Column::Status,
    Column::Name,
];

/// The toolbar of actions on the selected rows (nothing when none is selected).
pub fn bulk_markup(selected: usize, noun: &str, other_profile: &str) -> String {
    let mut m = Markup::new();
    if selected > 0 {
        let label = format!("Actions on selected {noun}");
        m.open(
            "div",
            &[
                ("class", "bulk"),
                ("role", "toolbar"),
                ("aria-label", &label),
            ],
        )
        .leaf("span", &[], &format!("{selected} selected"));
        let copy = format!("Copy to {other_profile}");
        for (act, word) in [
            ("bulk-enable", "Enable"),
            ("bulk-disable", "Disable"),
            ("bulk-delete", "Delete"),
            ("bulk-copy", copy.as_str()),
            ("clear", "Clear selection"),
        ] {
            let id = format!("{noun}-{act}");
            m.leaf(
                "button",
                &[("type", "button"), ("id", &id), ("data-act", act)],
                word,
            );
        }
        m.close("div");
    }
    m.finish()
}

fn findings(problems: &Problems, profile: ProfileKind, list: SettingId, def: &str) -> Vec<String> {
    problems
        .for_item(profile, list, def)
        .into_iter()
        .map(|d| format!("{}: {}", d.severity, d.message))
        .collect()
}

/// A virtualized, searchable, sortable table of one exception list.
#[component]
pub fn ExceptionTable(
    /// Which profile.
    profile: ProfileKind,
    /// Which list.
    list: ListKind,
    /// Called with the index of the row whose Edit button was pressed.
    on_edit: Callback<usize>,
) -> impl IntoView {
    exception_table(profile, list, on_edit)
}

/// The table of one list of a profile; `on_edit` gets the index of the row whose Edit button
/// was pressed.
pub fn exception_table(profile: ProfileKind, list: ListKind, on_edit: Callback<usize>) -> AnyView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let problems = app.problems;
    let slug = list_slug(list);
    let (noun, columns, list_id) = match list {
        ListKind::Ports => (
            "port exceptions",
            PORT_COLUMNS,
            SettingId::DefinePortExceptions,
        ),
        ListKind::Programs => (
            "program exceptions",
            PROGRAM_COLUMNS,
            SettingId::DefineProgramExceptions,
        ),
    };
    let base = format!("{}-{slug}", profile.as_str());
    let ncols = columns.len() + 2;
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(Sort::default());
    let scroll_top = RwSignal::new(0usize);
    let viewport = RwSignal::new(ROW_HEIGHT * 14);
    let selection = RwSignal::new(Selection::default());

    let len = move || match list {
        ListKind::Ports => store.ports(profile, |l| l.len()),
        ListKind::Programs => store.programs(profile, |l| l.len()),
    };
    let view_idx = Memo::new(move |_| {
        let q = query.get();
        let s = sort.get();
        match list {
            ListKind::Ports => store.ports(profile, |l| table::view(l, &q, s)),
            ListKind::Programs => store.programs(profile, |l| table::view(l, &q, s)),
        }
    });
    let total = move || view_idx.with(Vec::len);
    let range = move || table::window(scroll_top.get(), viewport.get(), ROW_HEIGHT, total());

    let layout_base = base.clone();
    let head = dom::live_markup(
        format!("{base}-head"),
        Box::new(move || {
            let layout = Layout {
                base: &layout_base,
                noun,
                columns,
            };
            let n = len();
            let all = selection.with(|sel| view_idx.with(|v| sel.covers(n, v)));
            table::head_markup(&layout, sort.get(), all)
        }),
    );
    let layout_base = base.clone();
    let rows = dom::live_markup(
        format!("{base}-rows"),
        Box::new(move || {
            let layout = Layout {
                base: &layout_base,
                noun,
                columns,
            };
            let r = range();
            selection.with(|sel| {
                view_idx.with(|v| {
                    let shown = &v[r.start.min(v.len())..r.end.min(v.len())];
                    problems.with(|pr| {
                        let found = |def: &str| findings(pr, profile, list_id, def);
                        match list {
                            ListKind::Ports => store.ports(profile, |l| {
                                table::rows_markup(l, shown, r.start, sel, &layout, &found)
                            }),
                            ListKind::Programs => store.programs(profile, |l| {
                                table::rows_markup(l, shown, r.start, sel, &layout, &found)
                            }),
                        }
                    })
                })
            })
        }),
    );
    let other = profile.other().label();
    let bulk = dom::live_markup(
        format!("{base}-bulk"),
        Box::new(move || {
            let n = len();
            bulk_markup(selection.with(|s| s.indices(n).len()), noun, other)
        }),
    );

    let on_scroll = move |el: web_sys::Element| {
        scroll_top.set(usize::try_from(el.scroll_top()).unwrap_or(0));
        let h = usize::try_from(el.client_height()).unwrap_or(0);
        if h > 0 && h != viewport.get_untracked() {
            viewport.set(h);
        }
    };
    let toggle = move |i: usize, on: bool| {
        let n = untrack(len);
        selection.update(|s| s.set(n, i, on));
    };
    let select_all_shown = move |on: bool| {
        let n = untrack(len);
        view_idx.with_untracked(|v| selection.update(|s| s.set_all(n, v, on)));
    };
    let run_bulk = move |what: &str| {
        let idx = selection.with_untracked(|s| s.indices(untrack(len)));
        if idx.is_empty() {
            return;
        }
        let (edit, note) = store.peek(|p| match what {
            "enable" => (
                bulk::set_status(p, profile, list, &idx, Status::Enabled),
                String::new(),
            ),
            "disable" => (
                bulk::set_status(p, profile, list, &idx, Status::Disabled),
                String::new(),
            ),
            "copy" => {
                let (e, skipped) = bulk::copy_to_other(p, profile, list, &idx);
                let note = if skipped > 0 {
                    format!(
                        " ({skipped} already in {} skipped)",
                        profile.other().label()
                    )
                } else {
                    String::new()
                };
                (e, note)
            }
            _ => (bulk::delete(profile, list, &idx), String::new()),
        });
        if bulk::is_empty(&edit) {
            ui.say(format!("Nothing to change{note}."));
            return;
        }
        let n = idx.len();
        if store.apply(edit).is_ok() {
            let msg = match what {
                "enable" => format!("Enabled {n} {noun}"),
                "disable" => format!("Disabled {n} {noun}"),
                "copy" => format!("Copied {n} {noun} to {}{note}", profile.other().label()),
                _ => format!("Deleted {n} {noun}"),
            };
            ui.say(msg);
            if what == "delete" {
                selection.set(Selection::default());
            }
        }
    };
    let on_click = move |act: &str, index: usize| match act {
        "sort" => {
            if let Some(&c) = columns.get(index) {
                sort.update(|s| *s = s.clicked(c));
            }
        }
        "edit" => on_edit.run(index),
        "del" => {
            let name = store
                .peek(|p| Exception::at(p, profile, list, index).map(|e| e.name().to_string()));
            if let Some(name) = name {
                if store
                    .apply(Edit::RemoveException {
                        profile,
                        list,
                        index,
                    })
                    .is_ok()
                {
                    ui.say(format!("Deleted {name}"));
                }
            }
        }
        "clear" => selection.set(Selection::default()),
        other => {
            if let Some(what) = other.strip_prefix("bulk-") {
                run_bulk(what);
            }
        }
    };
    let on_change = move |act: &str, index: usize, on: bool| match act {
        "sel" => toggle(index, on),
        "all" => select_all_shown(on),
        "on" => {
            if let Some(e) = store.peek(|p| Exception::at(p, profile, list, index)) {
                let _ = store.apply(e.flipped().replace(profile, index));
            }
        }
        _ => {}
    };
    let search_id = format!("{base}-search");
    let caption = format!("{} — {}", profile.label(), noun);
    let count = dom::live_markup(
        format!("{base}-count"),
        Box::new(move || format!("{} of {} shown", total(), len())),
    );
    let scroll_id = format!("{base}-scroll");
    let height = move || {
        let empty = if len() == 0 { 48 } else { 0 };
        format!(
            "min(70vh, {}px)",
            (total().max(1) + 1) * ROW_HEIGHT + 2 + empty
        )
    };
    dom::bind(scroll_id.clone(), Bind::Style("height"), Box::new(height));
    dom::bind(
        format!("{base}-table"),
        Bind::Attr("aria-rowcount"),
        Box::new(move || (total() + 1).to_string()),
    );
    dom::bind(
        format!("{base}-above"),
        Bind::Style("height"),
        Box::new(move || format!("{}px", range().start * ROW_HEIGHT)),
    );
    dom::bind(
        format!("{base}-below"),
        Bind::Style("height"),
        Box::new(move || format!("{}px", total().saturating_sub(range().end) * ROW_HEIGHT)),
    );
    dom::bind(
        format!("{base}-empty"),
        Bind::Flag("hidden"),
        Box::new(move || (len() != 0).to_string()),
    );
    dom::bind(
        search_id.clone(),
        Bind::Value,
        Box::new(move || query.get()),
    );
    let ncols = ncols.to_string();
    let spacer = |m: &mut Markup, id: String| {
        m.open("tbody", &[])
            .open("tr", &[("class", "spacer"), ("aria-hidden", "true")])
            .leaf("td", &[("colspan", &ncols), ("id", &id)], "")
            .close("tr")
            .close("tbody");
    };
    let mut m = Markup::new();
    m.open("div", &[("class", "exception-table")])
        .open("div", &[("class", "table-tools")])
        .open("label", &[("for", &search_id), ("class", "field-label")])
        .text("Search ")
        .text(noun)
        .close("label")
        .open(
            "input",
            &[
                ("id", &search_id),
                ("type", "search"),
                ("autocomplete", "off"),
                ("data-act", "search"),
            ],
        )
        .open(
            "span",
            &[
                ("class", "count"),
                ("aria-live", "polite"),
                ("id", &format!("{base}-count")),
            ],
        )
        .markup(&count)
        .close("span")
        .close("div")
        .open("div", &[("id", &format!("{base}-bulk"))])
        .markup(&bulk)
        .close("div")
        .open(
            "div",
            &[
                ("class", "table-scroll"),
                ("id", &scroll_id),
                ("tabindex", "0"),
                ("role", "region"),
                ("aria-label", &caption),
            ],
        )
        .open(
            "table",
            &[
                ("id", &format!("{base}-table")),
                ("aria-rowcount", &(untrack(total) + 1).to_string()),
            ],
        )
        .leaf("caption", &[("class", "visually-hidden")], &caption)
        .open("thead", &[("id", &format!("{base}-head"))])
        .markup(&head)
        .close("thead");
    spacer(&mut m, format!("{base}-above"));
    m.open("tbody", &[("id", &format!("{base}-rows"))])
        .markup(&rows)
        .close("tbody");
    spacer(&mut m, format!("{base}-below"));
    m.close("table");
    let empty_id = format!("{base}-empty");
    if untrack(len) == 0 {
        m.open("p", &[("class", "empty"), ("id", &empty_id)]);
    } else {
        m.open(
            "p",
            &[("class", "empty"), ("id", &empty_id), ("hidden", "")],
        );
    }
    m.text(&format!("No {noun} yet."))
        .close("p")
        .close("div")
        .close("div");
    let on: Handler = Rc::new(move |ev| {
        let kind = ev.type_();
        if kind == "scroll" {
            if let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                on_scroll(el);
            }
            return;
        }
        let Some((act, i)) = action_of(ev) else {
            return;
        };
        match kind.as_str() {
            "click" => on_click(&act, i),
            "change" => on_change(&act, i, dom::field_value(ev) == "true"),
            "input" if act == "search" => query.set(dom::field_value(ev)),
            _ => {}
        }
    });
    block("", format!("{base}-box"), m.finish(), on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bulk_toolbar_names_its_selection_and_the_other_profile() {
        assert_eq!(bulk_markup(0, "port exceptions", "Standard Profile"), "");
        let m = bulk_markup(2, "port exceptions", "Standard Profile");
        assert!(m.starts_with(
            "<div class=\"bulk\" role=\"toolbar\" aria-label=\"Actions on selected port exceptions\"><span>2 selected</span>"
        ));
        assert!(m.contains("data-act=\"bulk-copy\">Copy to Standard Profile</button>"));
        assert!(m.contains("data-act=\"clear\">Clear selection</button>"));
    }
}
