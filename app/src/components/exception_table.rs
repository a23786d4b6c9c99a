//! The program / port exception table: search, sort, multi-select with bulk actions, and a
//! virtualized body (fixed row height, spacer rows, keyed rows) so 10,000 rows stay smooth.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use fwpolicy_core::edit::{Edit, ListKind};
use fwpolicy_core::{PortException, ProfileKind, ProgramException, SettingId, Status};
use leptos::html;
use leptos::prelude::*;

use crate::bulk;
use crate::state::use_app;
use crate::table::{self, Column, Sort, ROW_HEIGHT};

/// One rendered row's data (also its key, so a changed exception re-renders its row only).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum RowItem {
    Port(PortException),
    Program(ProgramException),
}

impl RowItem {
    fn name(&self) -> &str {
        match self {
            RowItem::Port(e) => &e.name,
            RowItem::Program(e) => &e.name,
        }
    }

    fn status(&self) -> Status {
        match self {
            RowItem::Port(e) => e.status,
            RowItem::Program(e) => e.status,
        }
    }

    fn definition(&self) -> String {
        match self {
            RowItem::Port(e) => e.to_string(),
            RowItem::Program(e) => e.to_string(),
        }
    }

    fn with_status(&self, status: Status) -> RowItem {
        let mut r = self.clone();
        match &mut r {
            RowItem::Port(e) => e.status = status,
            RowItem::Program(e) => e.status = status,
        }
        r
    }
}

fn replace(profile: ProfileKind, index: usize, item: RowItem) -> Edit {
    match item {
        RowItem::Port(exception) => Edit::ReplacePort {
            profile,
            index,
            exception,
        },
        RowItem::Program(exception) => Edit::ReplaceProgram {
            profile,
            index,
            exception,
        },
    }
}

/// The key of a rendered row: its position, list index and content, hashed (a changed
/// exception gets a new key, so only its row is rebuilt).
fn row_key(row: &(usize, usize, RowItem)) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    row.hash(&mut h);
    h.finish()
}

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
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let slug = list_slug(list);
    let noun = match list {
        ListKind::Ports => "port exceptions",
        ListKind::Programs => "program exceptions",
    };
    let columns: &'static [Column] = match list {
        ListKind::Ports => &[
            Column::Order,
            Column::Port,
            Column::Transport,
            Column::Scope,
            Column::Status,
            Column::Name,
        ],
        ListKind::Programs => &[
            Column::Order,
            Column::Path,
            Column::Scope,
            Column::Status,
            Column::Name,
        ],
    };
    let ncols = columns.len() + 2;
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(Sort::default());
    let scroll_top = RwSignal::new(0usize);
    let viewport = RwSignal::new(ROW_HEIGHT * 14);
    let scroller: NodeRef<html::Div> = NodeRef::new();
    // Selection is remembered with the list length it was made for; once the list grows or
    // shrinks (delete, undo of an add, ...) the indices no longer mean the same rows.
    let selection: RwSignal<(usize, BTreeSet<usize>)> = RwSignal::new((0, BTreeSet::new()));

    let len = Memo::new(move |_| match list {
        ListKind::Ports => store.ports(profile, |l| l.len()),
        ListKind::Programs => store.programs(profile, |l| l.len()),
    });
    let view_idx = Memo::new(move |_| {
        let q = query.get();
        let s = sort.get();
        match list {
            ListKind::Ports => store.ports(profile, |l| table::view(l, &q, s)),
            ListKind::Programs => store.programs(profile, |l| table::view(l, &q, s)),
        }
    });
    let selected = Memo::new(move |_| {
        let n = len.get();
        selection.with(|(at, set)| {
            if *at == n {
                set.clone()
            } else {
                BTreeSet::new()
            }
        })
    });
    let total = move || view_idx.with(Vec::len);
    let range =
        Memo::new(move |_| table::window(scroll_top.get(), viewport.get(), ROW_HEIGHT, total()));
    let rows = move || {
        let r = range.get();
        view_idx.with(|v| {
            let idx = &v[r.start.min(v.len())..r.end.min(v.len())];
            match list {
                ListKind::Ports => store.ports(profile, |l| {
                    idx.iter()
                        .enumerate()
                        .filter_map(|(k, &i)| {
                            l.get(i).map(|e| (r.start + k, i, RowItem::Port(e.clone())))
                        })
                        .collect::<Vec<_>>()
                }),
                ListKind::Programs => store.programs(profile, |l| {
                    idx.iter()
                        .enumerate()
                        .filter_map(|(k, &i)| {
                            l.get(i)
                                .map(|e| (r.start + k, i, RowItem::Program(e.clone())))
                        })
                        .collect::<Vec<_>>()
                }),
            }
        })
    };
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            scroll_top.set(usize::try_from(el.scroll_top()).unwrap_or(0));
            let h = usize::try_from(el.client_height()).unwrap_or(0);
            if h > 0 && h != viewport.get_untracked() {
                viewport.set(h);
            }
        }
    };
    let toggle = move |i: usize, on: bool| {
        let n = len.get_untracked();
        selection.update(|(at, set)| {
            if *at != n {
                *at = n;
                set.clear();
            }
            if on {
                set.insert(i);
            } else {
                set.remove(&i);
            }
        });
    };
    let all_shown_selected = move || {
        let sel = selected.get();
        view_idx.with(|v| !v.is_empty() && v.iter().all(|i| sel.contains(i)))
    };
    let select_all_shown = move |on: bool| {
        let n = len.get_untracked();
        let shown = view_idx.get_untracked();
        selection.set((
            n,
            if on {
                shown.into_iter().collect()
            } else {
                BTreeSet::new()
            },
        ));
    };
    let run_bulk = move |what: &'static str| {
        let idx: Vec<usize> = selected.get_untracked().into_iter().collect();
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
                selection.set((0, BTreeSet::new()));
            }
        }
    };
    let search_id = format!("{}-{slug}-search", profile.as_str());
    let caption = format!("{} — {}", profile.label(), noun);

    let header_cells = columns
        .iter()
        .map(|&c| {
            let label = c.label();
            view! {
                <th scope="col" class=format!("col-{}", format!("{c:?}").to_lowercase()) aria-sort=move || sort.get().aria(c)>
                    <button type="button" class="sort" on:click:target=move |_| sort.update(|s| *s = s.clicked(c))>
                        {label}
                        <span aria-hidden="true" class="sort-mark">
                            {move || match sort.get().aria(c) {
                                "ascending" => "▲",
                                "descending" => "▼",
                                _ => "",
                            }}
                        </span>
                    </button>
                </th>
            }
        })
        .collect_view();

    let problems = app.problems;
    let list_id = match list {
        ListKind::Ports => SettingId::DefinePortExceptions,
        ListKind::Programs => SettingId::DefineProgramExceptions,
    };
    let row_view = move |(pos, index, item): (usize, usize, RowItem)| {
        let name = item.name().to_string();
        let definition = item.definition();
        let findings = move || {
            problems.with(|p| {
                p.for_item(profile, list_id, &definition)
                    .into_iter()
                    .map(|d| format!("{}: {}", d.severity, d.message))
                    .collect::<Vec<_>>()
            })
        };
        let status = item.status();
        let flipped = item.with_status(if status.is_enabled() {
            Status::Disabled
        } else {
            Status::Enabled
        });
        let cells = match &item {
            RowItem::Port(e) => view! {
                <td class="col-port">{e.port.get()}</td>
                <td class="col-transport">{e.transport.as_str()}</td>
                <td class="col-scope" title=e.scope.to_string()>{e.scope.to_string()}</td>
            }
            .into_any(),
            RowItem::Program(e) => view! {
                <td class="col-path" title=e.path.clone()>{e.path.clone()}</td>
                <td class="col-scope" title=e.scope.to_string()>{e.scope.to_string()}</td>
            }
            .into_any(),
        };
        view! {
            <tr aria-rowindex=pos + 2 class:disabled=!status.is_enabled() class:selected=move || selected.with(|s| s.contains(&index))>
                <td class="col-select">
                    <input
                        type="checkbox"
                        aria-label=format!("Select {name}")
                        prop:checked=move || selected.with(|s| s.contains(&index))
                        on:change:target=move |ev| toggle(index, event_target_checked(&*ev))
                    />
                </td>
                <td class="col-order">{index + 1}</td>
                {cells}
                <td class="col-status">
                    <label class="switch">
                        <input
                            type="checkbox"
                            aria-label=format!("Enabled: {name}")
                            prop:checked=status.is_enabled()
                            on:change:target=move |_| {
                                let _ = store.apply(replace(profile, index, flipped.clone()));
                            }
                        />
                        <span aria-hidden="true">{status.as_str()}</span>
                    </label>
                </td>
                <td class="col-name" title=name.clone()>
                    {move || {
                        let found = findings();
                        (!found.is_empty()).then(|| {
                            let text = found.join("\n");
                            view! {
                                <span class="row-problem" title=text.clone()>
                                    <span aria-hidden="true">"⚠ "</span>
                                    <span class="visually-hidden">{format!("{text}. ")}</span>
                                </span>
                            }
                        })
                    }}
                    {name.clone()}
                </td>
                <td class="col-actions">
                    <button type="button" id=edit_button_id(profile, list, index) aria-label=format!("Edit {name}") on:click:target=move |_| on_edit.run(index)>
                        "Edit"
                    </button>
                    <button
                        type="button"
                        aria-label=format!("Delete {name}")
                        on:click:target=move |_| {
                            let name = name.clone();
                            if store.apply(Edit::RemoveException { profile, list, index }).is_ok() {
                                ui.say(format!("Deleted {name}"));
                            }
                        }
                    >
                        "Delete"
                    </button>
                </td>
            </tr>
        }
    };

    view! {
        <div class="exception-table">
            <div class="table-tools">
                <label for=search_id.clone() class="field-label">"Search " {noun}</label>
                <input
                    id=search_id
                    type="search"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input:target=move |ev| query.set(event_target_value(&*ev))
                />
                <span class="count" aria-live="polite">
                    {move || format!("{} of {} shown", total(), len.get())}
                </span>
            </div>
            {move || {
                let n = selected.with(BTreeSet::len);
                (n > 0).then(|| view! {
                    <div class="bulk" role="toolbar" aria-label=format!("Actions on selected {noun}")>
                        <span>{format!("{n} selected")}</span>
                        <button type="button" on:click:target=move |_| run_bulk("enable")>"Enable"</button>
                        <button type="button" on:click:target=move |_| run_bulk("disable")>"Disable"</button>
                        <button type="button" on:click:target=move |_| run_bulk("delete")>"Delete"</button>
                        <button type="button" on:click:target=move |_| run_bulk("copy")>
                            {format!("Copy to {}", profile.other().label())}
                        </button>
                        <button type="button" on:click:target=move |_| selection.set((0, BTreeSet::new()))>"Clear selection"</button>
                    </div>
                })
            }}
            <div
                class="table-scroll"
                node_ref=scroller
                on:scroll:target=on_scroll
                tabindex="0"
                role="region"
                aria-label=caption.clone()
                style:height=move || format!("min(70vh, {}px)", (total().max(1) + 1) * ROW_HEIGHT + 2 + if len.get() == 0 { 48 } else { 0 })
            >
                <table aria-rowcount=move || total() + 1>
                    <caption class="visually-hidden">{caption.clone()}</caption>
                    <thead>
                        <tr aria-rowindex="1">
                            <th scope="col" class="col-select">
                                <input
                                    type="checkbox"
                                    aria-label=format!("Select all shown {noun}")
                                    prop:checked=all_shown_selected
                                    on:change:target=move |ev| select_all_shown(event_target_checked(&*ev))
                                />
                            </th>
                            {header_cells}
                            <th scope="col" class="col-actions">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true">
                            <td colspan=ncols style:height=move || format!("{}px", range.get().start * ROW_HEIGHT)></td>
                        </tr>
                        <For each=rows key=row_key children=row_view />
                        <tr class="spacer" aria-hidden="true">
                            <td colspan=ncols style:height=move || format!("{}px", total().saturating_sub(range.get().end) * ROW_HEIGHT)></td>
                        </tr>
                    </tbody>
                </table>
                {move || (len.get() == 0).then(|| view! { <p class="empty">{format!("No {noun} yet.")}</p> })}
            </div>
        </div>
    }
}
