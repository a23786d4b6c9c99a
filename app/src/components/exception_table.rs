//! The program / port exception table: search, sort, multi-select with bulk actions, and a
//! virtualized body (fixed row height, spacer rows) so 10,000 rows stay smooth.
//!
//! Only the rows inside the scrolled viewport (plus an overscan) are in the DOM, in a keyed
//! `<For>` ([`RowView::key`]: a row is re-rendered only when what it shows changes). The
//! selection is a signal read by each row's box, so selecting re-renders nothing.

use fwpolicy_core::model::edit::{Edit, ListKind};
use fwpolicy_core::model::list::{is_no_op, BulkAction};
use fwpolicy_core::{Exception, ProfileKind, Status};
use leptos::prelude::*;

use crate::dom;
use crate::problems::Problems;
use crate::state::use_app;
use crate::table::{self, Column, RowView, Selection, Sort, ROW_HEIGHT};

/// Element id of a row's Edit button (focus returns there after editing).
pub fn edit_button_id(profile: ProfileKind, list: ListKind, index: usize) -> String {
    format!("{}-row-{index}-edit", base_id(profile, list))
}

/// Id prefix of a table's controls (`domain-port`).
pub fn base_id(profile: ProfileKind, list: ListKind) -> String {
    let slug = match list {
        ListKind::Ports => "port",
        ListKind::Programs => "program",
    };
    format!("{}-{slug}", profile.as_str())
}

/// The sortable columns of a list, in order.
pub fn columns(list: ListKind) -> &'static [Column] {
    match list {
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
    }
}

/// The words of a bulk action: its button and the status line after it ran on `n` rows.
pub fn bulk_words(action: BulkAction, list: ListKind, other: ProfileKind) -> (String, String) {
    let noun = list.plural();
    let other = other.label();
    match action {
        BulkAction::Enable => ("Enable".into(), format!("Enabled {{n}} {noun}")),
        BulkAction::Disable => ("Disable".into(), format!("Disabled {{n}} {noun}")),
        BulkAction::Delete => ("Delete".into(), format!("Deleted {{n}} {noun}")),
        BulkAction::CopyToOther => (
            format!("Copy to {other}"),
            format!("Copied {{n}} {noun} to {other}"),
        ),
    }
}

fn findings(problems: &Problems, profile: ProfileKind, list: ListKind, def: &str) -> Vec<String> {
    problems
        .for_item(profile, list.setting(), def)
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
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let problems = app.problems;
    let noun = list.plural();
    let cols = columns(list);
    let base = base_id(profile, list);
    let ncols = cols.len() + 2;
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(Sort::default());
    let scroll_top = RwSignal::new(0usize);
    let viewport = RwSignal::new(ROW_HEIGHT * 14);
    // Rows are stacked on a narrow screen (taller, every column shown): the virtual window
    // follows the row height the stylesheet uses there.
    let narrow = RwSignal::new(false);
    let (now, listener) = dom::watch_media(table::NARROW, move |on| {
        narrow.try_set(on);
    });
    narrow.set(now);
    let _listener = StoredValue::new_local(listener);
    let row_h = Memo::new(move |_| table::row_height(narrow.get()));
    let selection = RwSignal::new(Selection::default());

    let len = Memo::new(move |_| store.list_len(profile, list));
    let view_idx = Memo::new(move |_| {
        let q = query.get();
        let s = sort.get();
        match list {
            ListKind::Ports => store.ports(profile, |l| table::view(l, &q, s)),
            ListKind::Programs => store.programs(profile, |l| table::view(l, &q, s)),
        }
    });
    let total = Memo::new(move |_| view_idx.with(Vec::len));
    let range = Memo::new(move |_| {
        table::window(scroll_top.get(), viewport.get(), row_h.get(), total.get())
    });
    let rows = Memo::new(move |_| {
        let r = range.get();
        view_idx.with(|v| {
            let shown = &v[r.start.min(v.len())..r.end.min(v.len())];
            problems.with(|pr| {
                let found = |def: &str| findings(pr, profile, list, def);
                match list {
                    ListKind::Ports => {
                        store.ports(profile, |l| table::rows(l, shown, r.start, &found))
                    }
                    ListKind::Programs => {
                        store.programs(profile, |l| table::rows(l, shown, r.start, &found))
                    }
                }
            })
        })
    });
    // A Problems entry chose a row of this list: clear the search, scroll the row into the
    // virtual window and focus its Edit button.
    let scroll_id = format!("{base}-scroll");
    Effect::new(move |_| {
        let Some((p, l, index)) = ui.row_focus.get() else {
            return;
        };
        if p != profile || l != list {
            return;
        }
        ui.row_focus.set(None);
        query.set(String::new());
        let position = view_idx.with_untracked(|v| v.iter().position(|&i| i == index));
        if let Some(position) = position {
            let top = position * row_h.get_untracked();
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&scroll_id))
            {
                el.set_scroll_top(i32::try_from(top).unwrap_or(i32::MAX));
            }
            scroll_top.set(top);
            dom::focus_id_after_page_switch(edit_button_id(profile, list, index));
        }
    });
    let selected = Memo::new(move |_| selection.with(|s| s.indices(len.get()).len()));
    let all_selected =
        Memo::new(move |_| selection.with(|s| view_idx.with(|v| s.covers(len.get(), v))));

    let run_bulk = move |action: BulkAction| {
        let idx = selection.with_untracked(|s| s.indices(len.get_untracked()));
        if idx.is_empty() {
            return;
        }
        let done = store.peek(|p| action.edit(p, profile, list, &idx));
        let note = if action == BulkAction::CopyToOther && done.skipped > 0 {
            format!(
                " ({} already in {} skipped)",
                done.skipped,
                profile.other().label()
            )
        } else {
            String::new()
        };
        if is_no_op(&done.edit) {
            ui.say(format!("Nothing to change{note}."));
            return;
        }
        if store.apply(done.edit).is_ok() {
            let (_, said) = bulk_words(action, list, profile.other());
            ui.say(format!(
                "{}{note}",
                said.replace("{n}", &done.added.to_string())
            ));
            if action == BulkAction::Delete {
                selection.set(Selection::default());
            }
        }
    };
    let delete = move |index: usize| {
        let name =
            store.peek(|p| Exception::at(p, profile, list, index).map(|e| e.name().to_string()));
        if let Some(name) = name {
            let edit = Edit::RemoveException {
                profile,
                list,
                index,
            };
            if store.apply(edit).is_ok() {
                ui.say(format!("Deleted {name}"));
                // The keyboard goes on to the next row (the one that took this place), or the
                // previous one when the last row was deleted.
                let left = store.list_len(profile, list);
                if left > 0 {
                    dom::focus_id_soon(edit_button_id(profile, list, index.min(left - 1)));
                }
            }
        }
    };
    let flip = move |index: usize| {
        if let Some(e) = store.peek(|p| Exception::at(p, profile, list, index)) {
            if store.apply(e.flipped().replace(profile, index)).is_ok() {
                // The row was re-rendered: keep the keyboard on its switch.
                dom::focus_id_soon(format!("{}-row-{index}-enabled", base_id(profile, list)));
            }
        }
    };

    let caption = format!("{} — {}", profile.label(), noun);
    let search_id = format!("{base}-search");
    let head = cols
        .iter()
        .copied()
        .map(|c| {
            view! {
                <th scope="col" class=c.class() aria-sort=move || sort.get().aria(c)>
                    <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = s.clicked(c))>
                        {c.label()}
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
    let other = profile.other();
    let bulk_buttons = move || {
        BulkAction::ALL
            .into_iter()
            .map(|action| {
                let (word, _) = bulk_words(action, list, other);
                view! { <button type="button" on:click=move |_| run_bulk(action)>{word}</button> }
            })
            .collect_view()
    };
    let row_view = {
        let base = base.clone();
        move |r: RowView| {
            let index = r.index;
            let id = format!("{base}-row-{index}");
            let enabled = r.status == Status::Enabled;
            let findings = (!r.findings.is_empty()).then(|| {
                let text = r.findings_text();
                view! {
                    <span class="row-problem" title=text.clone()>
                        <span aria-hidden="true">"⚠ "</span>
                        <span class="visually-hidden">{format!("{text}. ")}</span>
                    </span>
                }
            });
            let cells = r
                .cells
                .iter()
                .map(|(c, text)| {
                    let title = matches!(c, Column::Scope | Column::Path).then(|| text.clone());
                    view! { <td class=c.class() title=title>{text.clone()}</td> }
                })
                .collect_view();
            let name = r.name.clone();
            view! {
                <tr
                    aria-rowindex=r.position
                    class:disabled=!enabled
                    class:selected=move || selection.with(|s| s.has(len.get(), index))
                >
                    <td class="col-select">
                        <input
                            type="checkbox"
                            id=format!("{id}-select")
                            aria-label=format!("Select {name}")
                            prop:checked=move || selection.with(|s| s.has(len.get(), index))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let n = len.get_untracked();
                                selection.update(|s| s.set(n, index, on));
                            }
                        />
                    </td>
                    <td class="col-order">{index + 1}</td>
                    {cells}
                    <td class="col-status">
                        <label class="switch">
                            <input
                                type="checkbox"
                                id=format!("{id}-enabled")
                                aria-label=format!("Enabled: {name}")
                                prop:checked=enabled
                                on:change=move |_| flip(index)
                            />
                            <span aria-hidden="true">{r.status.as_str()}</span>
                        </label>
                    </td>
                    <td class="col-name" title=name.clone()>
                        {findings}
                        {name.clone()}
                    </td>
                    <td class="col-actions">
                        <button
                            type="button"
                            id=format!("{id}-edit")
                            aria-label=format!("Edit {name}")
                            on:click=move |_| on_edit.run(index)
                        >
                            "Edit"
                        </button>
                        <button
                            type="button"
                            id=format!("{id}-delete")
                            aria-label=format!("Delete {name}")
                            on:click=move |_| delete(index)
                        >
                            "Delete"
                        </button>
                    </td>
                </tr>
            }
        }
    };
    view! {
        <div class="exception-table">
            <div class="table-tools">
                <label for=search_id.clone() class="field-label">{format!("Search {noun}")}</label>
                <input
                    id=search_id
                    type="search"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <span class="count" aria-live="polite">
                    {move || format!("{} of {} shown", total.get(), len.get())}
                </span>
            </div>
            <Show when=move || { selected.get() > 0 }>
                <div class="bulk" role="toolbar" aria-label=format!("Actions on selected {noun}")>
                    <span>{move || format!("{} selected", selected.get())}</span>
                    {bulk_buttons()}
                    <button type="button" on:click=move |_| selection.set(Selection::default())>
                        "Clear selection"
                    </button>
                </div>
            </Show>
            <div
                class="table-scroll"
                id=format!("{base}-scroll")
                tabindex="0"
                role="region"
                aria-label=caption.clone()
                style:height=move || {
                    let empty = if len.get() == 0 { 48 } else { 0 };
                    format!("min(70vh, {}px)", (total.get().max(1) + 1) * row_h.get() + 2 + empty)
                }
                on:scroll=move |ev| {
                    let el = event_target::<web_sys::Element>(&ev);
                    scroll_top.set(usize::try_from(el.scroll_top()).unwrap_or(0));
                    let h = usize::try_from(el.client_height()).unwrap_or(0);
                    if h > 0 && h != viewport.get_untracked() {
                        viewport.set(h);
                    }
                }
            >
                <table aria-rowcount=move || total.get() + 1>
                    <caption class="visually-hidden">{caption.clone()}</caption>
                    <thead>
                        <tr aria-rowindex="1">
                            <th scope="col" class="col-select">
                                <input
                                    type="checkbox"
                                    aria-label=format!("Select all shown {noun}")
                                    prop:checked=move || all_selected.get()
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let n = len.get_untracked();
                                        view_idx.with_untracked(|v| selection.update(|s| s.set_all(n, v, on)));
                                    }
                                />
                            </th>
                            {head}
                            <th scope="col" class="col-actions">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true">
                            <td colspan=ncols style:height=move || format!("{}px", range.get().start * row_h.get())></td>
                        </tr>
                    </tbody>
                    <tbody>
                        <For each=move || rows.get() key=RowView::key children=row_view />
                    </tbody>
                    <tbody>
                        <tr class="spacer" aria-hidden="true">
                            <td
                                colspan=ncols
                                style:height=move || {
                                    format!("{}px", total.get().saturating_sub(range.get().end) * row_h.get())
                                }
                            ></td>
                        </tr>
                    </tbody>
                </table>
                <p class="empty" prop:hidden=move || len.get() != 0>{format!("No {noun} yet.")}</p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_actions_are_worded_per_list_and_other_profile() {
        let (word, said) = bulk_words(
            BulkAction::CopyToOther,
            ListKind::Ports,
            ProfileKind::Standard,
        );
        assert_eq!(word, "Copy to Standard Profile");
        assert_eq!(said, "Copied {n} port exceptions to Standard Profile");
        let (word, said) = bulk_words(BulkAction::Delete, ListKind::Programs, ProfileKind::Domain);
        assert_eq!(
            (word.as_str(), said.as_str()),
            ("Delete", "Deleted {n} program exceptions")
        );
        assert_eq!(
            edit_button_id(ProfileKind::Domain, ListKind::Ports, 3),
            "domain-port-row-3-edit"
        );
        assert_eq!(columns(ListKind::Programs)[1], Column::Path);
    }
}
