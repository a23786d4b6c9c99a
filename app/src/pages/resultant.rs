//! Resultant page: several GPOs in the order Windows applies them → what a client ends up with,
//! and which GPO decided each setting and list item.
//!
//! The admin adds GPOs (Registry.pol files, GPMC backup zips, a backup or SYSVOL folder),
//! orders them by dragging or with Move up / Move down, and sees the merged policy read-only:
//! every setting and item with its winning GPO and the GPOs it overrode, the findings that only
//! appear when GPOs combine, and a button that opens the merged policy in the editor as one
//! undoable import. Finding the GPOs in the files and merging them is
//! `core::resultant`, run by the format engine ([`crate::engine`]); this page holds the list and
//! shows the answer.

use fwpolicy_core::formats::project;
use fwpolicy_core::resultant::{self, ExplainRow, Gpo};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::components::check_box::CheckBox;
use crate::components::findings::Findings;
use crate::components::scroll_table::{heads, ScrollTable};
use crate::dom;
use crate::engine::{self, Merged};
use crate::import;
use crate::state::{use_app, Page};

/// A GPO in the list, with a key that survives reordering.
pub type Entry = (u64, Gpo);

/// Moves the entry at `from` to position `to` (both in range; otherwise nothing changes).
pub fn move_entry<T>(list: &mut Vec<T>, from: usize, to: usize) {
    if from < list.len() && to < list.len() && from != to {
        let item = list.remove(from);
        list.insert(to, item);
    }
}

/// A file's path inside the picked folder (`webkitRelativePath` without the folder's own name)
/// and the folder's name.
fn relative_path(file: &web_sys::File) -> (String, String) {
    let full = js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name());
    match full.split_once('/') {
        Some((folder, rest)) => (folder.to_string(), rest.to_string()),
        None => (String::new(), full),
    }
}

/// The files of a file input.
fn picked(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let input = event_target::<web_sys::HtmlInputElement>(ev);
    let files = input.files();
    let out = files
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    // Picking the same file again must fire `change` again.
    input.set_value("");
    out
}

/// The number and label of a GPO in the merge (`2. OU Laptops`).
fn gpo_name(merged: &Merged, index: usize) -> String {
    merged
        .gpos
        .get(index)
        .cloned()
        .unwrap_or_else(|| format!("{}", index + 1))
}

/// The table rows of a merge.
#[component]
fn ExplainTable(
    /// The merge.
    merged: Merged,
    /// Show only rows where a GPO overrode another.
    only_overrides: bool,
) -> impl IntoView {
    let rows = merged
        .rows
        .iter()
        .filter(|r| !only_overrides || !r.overridden.is_empty())
        .map(|r: &ExplainRow| {
            let overridden = r
                .overridden
                .iter()
                .map(|&g| gpo_name(&merged, g))
                .collect::<Vec<_>>()
                .join("; ");
            let contributors = r
                .contributors
                .iter()
                .map(|&g| gpo_name(&merged, g))
                .collect::<Vec<_>>();
            let winner = if contributors.is_empty() {
                gpo_name(&merged, r.winner)
            } else {
                format!(
                    "{} (with {})",
                    gpo_name(&merged, r.winner),
                    contributors.join("; ")
                )
            };
            let conflict = !r.overridden.is_empty();
            view! {
                <tr class:overridden=conflict>
                    <th scope="row">{r.path.clone()}</th>
                    <td>{r.result.clone()}</td>
                    <td class="winner">{winner}</td>
                    <td class="overridden-by">
                        {if conflict { overridden } else { "—".to_string() }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ScrollTable
            label="Who decided each setting"
            class="resultant"
            id="resultant-table"
            caption="Each setting and list item of the merged policy, the GPO whose value the client keeps, and the GPOs it overrode"
            head=heads(&["Setting or item", "Result", "Winning GPO", "Overrode"])
        >
            {rows}
        </ScrollTable>
    }
}

/// The resultant page.
#[component]
pub fn ResultantPage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let gpos = ui.gpos;
    let notes: RwSignal<Vec<fwpolicy_core::Diagnostic>> = RwSignal::new(Vec::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let merged: RwSignal<Option<Result<Merged, String>>> = RwSignal::new(None);
    let only_overrides = RwSignal::new(false);
    let dragging: RwSignal<Option<usize>> = RwSignal::new(None);
    let generation = StoredValue::new(0u64);

    // Merge again whenever the list changes; an answer to an older list is dropped.
    Effect::new(move |_| {
        let list: Vec<Gpo> = gpos.with(|g| g.iter().map(|(_, gpo)| gpo.clone()).collect());
        let run = generation.get_value() + 1;
        generation.set_value(run);
        if list.is_empty() {
            merged.set(None);
            return;
        }
        spawn_local(async move {
            let answer = engine::merge_gpos(list).await;
            if generation.try_get_value() == Some(run) {
                merged.try_set(Some(answer));
            }
        });
    });

    let add_found = move |found: Result<engine::FoundGpos, String>, what: String| match found {
        Ok(f) => {
            let count = f.gpos.len();
            gpos.update(|list| {
                for gpo in f.gpos {
                    let id = list.iter().map(|(id, _)| *id).max().unwrap_or(0) + 1;
                    list.push((id, gpo));
                }
            });
            notes.update(|n| n.extend(f.notes));
            ui.say(format!(
                "Added {count} GPO{} from {what}",
                if count == 1 { "" } else { "s" }
            ));
        }
        Err(e) => error.set(Some(e)),
    };

    // Files are read one after the other, so the GPOs are listed in the order picked.
    let add_files = move |ev: leptos::ev::Event| {
        let files = picked(&ev);
        error.set(None);
        spawn_local(async move {
            for f in files {
                let name = f.name();
                if let Err(e) = import::before_reading(f.size() as u64) {
                    error.set(Some(format!("{name}: {e}")));
                    continue;
                }
                let found = match dom::read_file(f).await {
                    Ok(bytes) => engine::find_gpos(None, vec![(name.clone(), bytes)]).await,
                    Err(e) => Err(format!("{name}: {e}")),
                };
                add_found(found, name);
            }
        });
    };

    let add_folder = move |ev: leptos::ev::Event| {
        let files = picked(&ev);
        error.set(None);
        let mut folder = String::new();
        let mut wanted = Vec::new();
        for f in files {
            let (root, path) = relative_path(&f);
            if folder.is_empty() {
                folder = root;
            }
            if resultant::wanted(&path) {
                wanted.push((path, f));
            }
        }
        let what = if folder.is_empty() {
            "the folder".to_string()
        } else {
            folder.clone()
        };
        spawn_local(async move {
            let mut entries = Vec::new();
            for (path, f) in wanted {
                if let Err(e) = import::before_reading(f.size() as u64) {
                    error.set(Some(format!("{path}: {e}")));
                    continue;
                }
                match dom::read_file(f).await {
                    Ok(bytes) => entries.push((path, bytes)),
                    Err(e) => error.set(Some(format!("{path}: {e}"))),
                }
            }
            let found = engine::find_gpos(Some(folder), entries).await;
            add_found(found, what);
        });
    };

    let move_to = move |from: usize, to: usize| {
        gpos.update(|list| move_entry(list, from, to));
        let label = gpos.with_untracked(|l| l.get(to).map(|(_, g)| g.label()));
        if let Some(label) = label {
            ui.say(format!("{label} is now GPO {} in the order", to + 1));
        }
    };

    let open_in_editor = move |_| {
        let Some(Ok(m)) = merged.get_untracked() else {
            return;
        };
        match project::from_json(&m.project) {
            Ok((p, _)) => {
                if store.replace_project(p).is_ok() {
                    ui.say("Opened the merged policy in the editor; Undo returns to your policy");
                    ui.page.set(Page::Settings);
                }
            }
            Err(e) => error.set(Some(format!("The merged policy cannot be opened: {e}"))),
        }
    };

    let order = move || {
        let list = gpos.get();
        let last = list.len().saturating_sub(1);
        list.into_iter()
            .enumerate()
            .map(|(i, (id, gpo))| {
                let label = gpo.label();
                let origin = (gpo.origin != label).then(|| gpo.origin.clone());
                let up_label = format!("Move {label} up (applied earlier)");
                let down_label = format!("Move {label} down (applied later)");
                let remove_label = format!("Remove {label}");
                view! {
                    <li
                        class="gpo"
                        class:dragging=move || dragging.get() == Some(i)
                        draggable="true"
                        data-id=id.to_string()
                        on:dragstart=move |ev: leptos::ev::DragEvent| {
                            if let Some(dt) = ev.data_transfer() {
                                let _ = dt.set_data("text/plain", &i.to_string());
                            }
                            dragging.set(Some(i));
                        }
                        on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                        on:drop=move |ev: leptos::ev::DragEvent| {
                            ev.prevent_default();
                            if let Some(from) = dragging.get_untracked() {
                                move_to(from, i);
                            }
                            dragging.set(None);
                        }
                        on:dragend=move |_| dragging.set(None)
                    >
                        <span class="gpo-number">{format!("{}. ", i + 1)}</span>
                        <span class="gpo-label">{label}</span>
                        {origin.map(|o| view! { <span class="help gpo-origin">{o}</span> })}
                        <span class="gpo-actions">
                            <button
                                type="button"
                                aria-label=up_label
                                prop:disabled=i == 0
                                on:click=move |_| move_to(i, i - 1)
                            >
                                "Move up"
                            </button>
                            <button
                                type="button"
                                aria-label=down_label
                                prop:disabled=i == last
                                on:click=move |_| move_to(i, i + 1)
                            >
                                "Move down"
                            </button>
                            <button
                                type="button"
                                aria-label=remove_label
                                on:click=move |_| {
                                    gpos.update(|l| {
                                        l.retain(|(k, _)| *k != id);
                                    })
                                }
                            >
                                "Remove"
                            </button>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };

    let result = move || {
        merged.get().map(|answer| match answer {
            Err(e) => view! { <p class="export-error" role="alert">{e}</p> }.into_any(),
            Ok(m) => {
                let overrides = m.rows.iter().filter(|r| !r.overridden.is_empty()).count();
                let summary = format!(
                    "{} setting{} and item{} decided; {} override{} an earlier GPO; {} finding{} from combining them.",
                    m.rows.len(),
                    if m.rows.len() == 1 { "" } else { "s" },
                    if m.rows.len() == 1 { "" } else { "s" },
                    overrides,
                    if overrides == 1 { "s" } else { "" },
                    m.findings.len(),
                    if m.findings.len() == 1 { "" } else { "s" },
                );
                let other = (m.other_values > 0).then(|| {
                    view! {
                        <p class="help">
                            {format!(
                                "{} value{} outside the firewall policy (other Administrative Templates settings) {} merged too but not shown here.",
                                m.other_values,
                                if m.other_values == 1 { "" } else { "s" },
                                if m.other_values == 1 { "is" } else { "are" },
                            )}
                        </p>
                    }
                });
                let findings = m.findings.clone();
                let diagnostics = m.diagnostics.clone();
                view! {
                    <h2>"What the client gets"</h2>
                    <p id="resultant-summary">{summary}</p>
                    {other}
                    {(!findings.is_empty())
                        .then(|| {
                            view! {
                                <section class="resultant-conflicts" aria-labelledby="resultant-conflicts-h">
                                    <h3 id="resultant-conflicts-h">"Conflicts between GPOs"</h3>
                                    <Findings items=Signal::stored(findings) with_path=true />
                                </section>
                            }
                        })}
                    <Findings items=Signal::stored(diagnostics) with_path=true />
                    <div class="actions">
                        <button type="button" class="primary" id="resultant-open" on:click=open_in_editor>
                            "Open the merged policy in the editor"
                        </button>
                        <CheckBox
                            label="Only rows where a GPO overrode another"
                            id="resultant-only"
                            checked=only_overrides
                            on_toggle=Callback::new(move |on| only_overrides.set(on))
                        />
                    </div>
                    {move || view! { <ExplainTable merged=m.clone() only_overrides=only_overrides.get() /> }}
                }
                .into_any()
            }
        })
    };

    view! {
        <h1>"Resultant"</h1>
        <p class="help">
            "What a client ends up with when several GPOs carry firewall settings, read from their files alone (as GPMC's Group Policy Modeling or gpresult would show on a live machine), and which GPO decided each setting. Lists such as port exceptions add up across GPOs; a later value overwrites an earlier one; a later **delvals. removes an earlier GPO's list. Nothing changes in your policy unless you open the result."
        </p>
        <p class="help" id="resultant-precedence">{resultant::PRECEDENCE}</p>
        <p class="help">
            "Enforced links, Block Inheritance, security and WMI filtering decide which GPOs apply to a computer; give only the GPOs that apply to it."
        </p>
        <div class="compare-sides">
            <div class="field">
                <label for="resultant-files" class="field-label">
                    "Add Registry.pol files or GPO backup .zip files"
                </label>
                <input id="resultant-files" type="file" multiple accept=".pol,.zip" on:change=add_files />
            </div>
            <div class="field">
                <label for="resultant-folder" class="field-label">
                    "Add a folder: a GPMC backup or SYSVOL Policies folder"
                </label>
                <input id="resultant-folder" type="file" prop:webkitdirectory=true multiple on:change=add_folder />
            </div>
        </div>
        {move || error.get().map(|e| view! { <p class="export-error" role="alert">{e}</p> })}
        <Findings items=notes />
        <h2>"Order of application"</h2>
        <Show
            when=move || gpos.with(|g| !g.is_empty())
            fallback=|| view! { <p class="help" id="resultant-empty">"No GPO added yet."</p> }
        >
            <p class="help">
                "GPO 1 is applied first and has the lowest precedence; the last one wins. Drag a GPO, or use Move up / Move down, to change the order."
            </p>
            <ol id="resultant-gpos" class="gpo-order">{order}</ol>
        </Show>
        {result}
    }
}

#[cfg(test)]
mod tests {
    use super::move_entry;

    #[test]
    fn moving_an_entry_keeps_the_others_in_order() {
        let mut l = vec!['a', 'b', 'c', 'd'];
        move_entry(&mut l, 0, 2);
        assert_eq!(l, vec!['b', 'c', 'a', 'd']);
        move_entry(&mut l, 3, 0);
        assert_eq!(l, vec!['d', 'b', 'c', 'a']);
        move_entry(&mut l, 1, 9);
        assert_eq!(l, vec!['d', 'b', 'c', 'a']);
    }
}
