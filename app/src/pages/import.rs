//! Import page: open a file (picker or drag-and-drop) or paste exception lines / a port table.
//! Everything is previewed in a dialog first; nothing changes until the admin confirms.

use fwpolicy_core::formats::project;
use fwpolicy_core::import::paste::PasteColumn;
use fwpolicy_core::model::list::is_no_op;
use fwpolicy_core::{Diagnostic, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::dialog::Dialog;
use crate::components::findings::severity_label;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::scope_editor::ScopeEditor;
use crate::components::scroll_table::{heads, ScrollTable};
use crate::dom;
use crate::engine::{self, Grid, Pasting, Request};
use crate::import::{self, diag_class, FilePreview, PasteKind, PastePreview, MAX_LISTED};
use crate::state::{use_app, Page};

/// How the admin asks pasted text to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The reading that finds more exceptions (row by row only when the line and table
    /// readings find fewer).
    Detect,
    /// Exception lines or a port table.
    As(PasteKind),
    /// Row by row: space-separated columns or free text with a port, a protocol and a name in
    /// any order (a table copied out of a PDF), each row editable before adding
    /// (`core::import::paste`, [`Request::PasteRows`]).
    RowByRow,
}

/// The ways pasted text can be read, with their labels.
pub const KINDS: [(Reading, &str); 4] = [
    (Reading::Detect, "Detect"),
    (Reading::As(PasteKind::Lines), "Exception lines"),
    (Reading::As(PasteKind::Table), "Port table"),
    (
        Reading::RowByRow,
        "Row by row (free text or space-separated columns)",
    ),
];

/// One editable cell of the row-by-row preview.
#[component]
fn GridCell(
    /// The row.
    index: usize,
    /// The row's line (for the label).
    line: usize,
    /// Which cell.
    column: PasteColumn,
    /// Its text.
    value: String,
    /// Runs with the new text when the admin leaves the cell or presses Enter.
    on_edit: Callback<(usize, PasteColumn, String)>,
) -> impl IntoView {
    let what = match column {
        PasteColumn::Definition => "definition",
        PasteColumn::Port => "port",
        PasteColumn::Protocol => "protocol",
        PasteColumn::Direction => "direction",
        PasteColumn::Name => "name",
    };
    let original = value.clone();
    view! {
        <input
            type="text"
            id=format!("paste-cell-{index}-{what}")
            class=format!("grid-cell grid-{what}")
            aria-label=format!("Line {line} {what}")
            prop:value=value
            on:change=move |ev| {
                let text = event_target_value(&ev);
                if text != original {
                    on_edit.run((index, column, text));
                }
            }
        />
    }
}

/// The row-by-row paste preview: one row per pasted line, each cell editable in place, what
/// the row gives, and what it duplicates.
#[component]
fn PasteRowsBody(
    /// The rows.
    grid: Grid,
    /// The profile the exceptions go to.
    profile: fwpolicy_core::ProfileKind,
    /// A cell was edited.
    on_edit: Callback<(usize, PasteColumn, String)>,
    /// Adds the exceptions.
    on_apply: Callback<()>,
    /// Closes the preview.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let count = grid.count();
    let duplicates: usize = grid.rows.iter().map(|r| r.duplicates.len()).sum();
    let headline = format!(
        "Read row by row: {count} exception{} to add to {}; {duplicates} already there (left out). Fix a cell in place: the row is read again.",
        if count == 1 { "" } else { "s" },
        profile.label()
    );
    let rows = grid
        .rows
        .into_iter()
        .map(|r| {
            let cells = match r.definition.clone() {
                Some(d) => view! {
                    <td colspan="3">
                        <GridCell index=r.index line=r.line column=PasteColumn::Definition value=d on_edit=on_edit />
                    </td>
                }
                .into_any(),
                None => [
                    (PasteColumn::Port, r.port.clone()),
                    (PasteColumn::Protocol, r.protocol.clone()),
                    (PasteColumn::Name, r.name.clone()),
                ]
                .into_iter()
                .map(|(column, value)| {
                    view! {
                        <td>
                            <GridCell index=r.index line=r.line column=column value=value on_edit=on_edit />
                        </td>
                    }
                })
                .collect_view()
                .into_any(),
            };
            let skipped = r.adds.is_empty() && r.duplicates.is_empty();
            view! {
                <tr class:problem=r.problem class:skipped=skipped class:duplicate=!r.duplicates.is_empty()>
                    <th scope="row" title=r.text.clone()>{r.line}</th>
                    {cells}
                    <td class="grid-result">
                        <span class="grid-gives">{r.result.clone()}</span>
                        {r.duplicates
                            .iter()
                            .map(|d| view! { <span class="field-msg sev-warning">{format!("Already there: {d}")}</span> })
                            .collect_view()}
                        {r.note.clone().map(|n| view! { <span class="field-msg sev-info">{n}</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p id="paste-rows-headline">{headline}</p>
        <ScrollTable
            label="Pasted rows"
            class="paste-grid"
            id="paste-grid"
            caption="One row per pasted line: port, protocol and name as read, and what the row gives"
            head=heads(&["Line", "Port", "Protocol", "Name", "Gives"])
        >
            {rows}
        </ScrollTable>
        <PreviewActions
            label=format!("Add {count} exception{} to {}", if count == 1 { "" } else { "s" }, profile.label())
            enabled={ count > 0 }
            on_apply=on_apply
            on_cancel=on_cancel
        />
    }
}

/// The reader's messages as a list.
#[component]
fn Diagnostics(
    /// The messages (at most [`MAX_LISTED`] are listed).
    items: Vec<Diagnostic>,
) -> impl IntoView {
    view! {
        <ul class="problems-found preview-list">
            {items
                .into_iter()
                .take(MAX_LISTED)
                .map(|d| {
                    let sentence = format!("{}{}", severity_label(d.severity), d.sentence());
                    view! {
                        <li class=diag_class(d.severity)>
                            {sentence}
                            <span class="problem-details">{d.details()}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The confirm and Cancel buttons of a preview.
#[component]
fn PreviewActions(
    /// The confirm button's text.
    label: String,
    /// False disables the confirm button.
    enabled: bool,
    /// Confirms.
    on_apply: Callback<()>,
    /// Cancels.
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="actions">
            <button type="button" class="primary" prop:disabled=!enabled on:click=move |_| on_apply.run(())>
                {label}
            </button>
            <button type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
        </div>
    }
}

/// The file preview: the file, its format and title, a summary, the changes and the reader's
/// messages.
#[component]
fn FilePreviewBody(
    /// The file's name.
    name: String,
    /// What was read.
    preview: FilePreview,
    /// Replaces the policy.
    on_apply: Callback<()>,
    /// Closes the preview.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let title = (!preview.project.title.is_empty()).then(|| format!(": {}", preview.project.title));
    view! {
        <p>
            <strong>{name}</strong>
            {format!(" — {}", preview.format.label())}
            {title}
        </p>
        <ul>{preview.summary().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        <h3>{preview.changes_heading()}</h3>
        <ul class="preview-list">
            {preview
                .changes
                .iter()
                .take(MAX_LISTED)
                .map(|c| view! { <li>{c.describe()}</li> })
                .collect_view()}
        </ul>
        <h3>{preview.messages_heading()}</h3>
        <Diagnostics items=preview.diagnostics.clone() />
        <PreviewActions label="Replace the current policy".into() enabled=true on_apply=on_apply on_cancel=on_cancel />
    }
}

/// The paste preview: how the text was read, the exceptions to add, the problem lines and
/// the skipped rows.
#[component]
fn PastePreviewBody(
    /// What was read.
    preview: PastePreview,
    /// The profile the exceptions go to.
    profile: fwpolicy_core::ProfileKind,
    /// Adds the exceptions.
    on_apply: Callback<()>,
    /// Closes the preview.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let problems = (!preview.diagnostics.is_empty()).then(|| {
        view! {
            <h3>"Problems"</h3>
            <Diagnostics items=preview.diagnostics.clone() />
        }
    });
    let skipped = preview.skipped_lines();
    let skipped = (!skipped.is_empty()).then(|| {
        view! {
            <h3>"Skipped rows"</h3>
            <ul class="preview-list skipped">
                {skipped.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <p>{preview.headline(profile)}</p>
        <h3>"To be added"</h3>
        <ul class="preview-list added">
            {preview.added_lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
        </ul>
        {problems}
        {skipped}
        <PreviewActions
            label=preview.apply_label(profile)
            enabled={ preview.count() > 0 }
            on_apply=on_apply
            on_cancel=on_cancel
        />
    }
}

/// The import page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;

    // ---- files ----
    let file_preview: RwSignal<Option<(String, FilePreview)>> = RwSignal::new(None);
    let file_error: RwSignal<Option<String>> = RwSignal::new(None);
    let over = RwSignal::new(false);
    let open_file = move |file: web_sys::File| {
        let name = file.name();
        file_error.set(None);
        // Refused by its size before a byte is read; the policy stays as it is.
        if let Err(e) = import::before_reading(file.size() as u64) {
            ui.say(format!("{name} was not imported"));
            file_error.set(Some(format!("{name}: {e}")));
            return;
        }
        ui.say(format!("Reading {name}…"));
        spawn_local(async move {
            match dom::read_file(file).await {
                Ok(bytes) => match engine::read_file(bytes, &store.with_doc(|d| d.project())).await
                {
                    Ok(pv) => {
                        ui.say(format!("{name}: {} — preview ready", pv.format.label()));
                        file_preview.set(Some((name, pv)));
                    }
                    Err(e) => {
                        ui.say(format!("{name} was not imported"));
                        file_error.set(Some(format!("{name}: {e}")));
                    }
                },
                Err(e) => file_error.set(Some(format!("{name}: {e}"))),
            }
        });
    };
    // A share link opened in the address bar (see `app.rs`): read like a file, previewed the
    // same way; the current policy changes only on "Replace the current policy".
    Effect::new(move |_| {
        let Some(link) = ui.incoming_link.get() else {
            return;
        };
        ui.incoming_link.set(None);
        file_error.set(None);
        let name = "Shared link".to_string();
        ui.say("Reading the shared link…");
        spawn_local(async move {
            let current = store.with_doc(|d| d.project());
            match engine::read_file(link.into_bytes(), &current).await {
                Ok(pv) => {
                    ui.say(format!("{name}: preview ready"));
                    file_preview.try_set(Some((name, pv)));
                }
                Err(e) => {
                    ui.say("The shared link was not imported");
                    file_error.try_set(Some(format!("{name}: {e} Nothing was changed.")));
                }
            }
        });
    });
    let apply_file = Callback::new(move |()| {
        let Some((name, pv)) = file_preview.get_untracked() else {
            return;
        };
        let mut project = pv.project;
        if project.title.trim().is_empty() {
            project.title = name.clone();
        }
        if project.source.trim().is_empty() {
            project.source = format!("Imported from {name} ({})", pv.format.label());
        }
        if store.replace_project(project).is_ok() {
            ui.say(format!(
                "Imported {name}; the previous policy can be restored with Undo"
            ));
            file_preview.set(None);
            ui.page.set(Page::Settings);
            dom::set_location_hash(Page::Settings.slug());
        }
    });

    // ---- paste ----
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(Reading::Detect);
    let prefix = RwSignal::new(String::new());
    let table_scope = RwSignal::new(Some(Scope::local_subnet()));
    let paste_preview: RwSignal<Option<PastePreview>> = RwSignal::new(None);
    let grid: RwSignal<Option<Grid>> = RwSignal::new(None);
    let grid_edits: RwSignal<Vec<(usize, PasteColumn, String)>> = RwSignal::new(Vec::new());
    // The row-by-row reading (with the cell edits so far); with `detect`, the engine answers
    // with the line or table reading instead when that finds as many exceptions.
    let read_rows = move |detect: bool| {
        let request = Request::PasteRows {
            text: text.get_untracked(),
            project: store.with_doc(|d| project::to_json(&d.project())),
            profile: ui.profile.get_untracked(),
            scope: table_scope.get_untracked().unwrap_or_default().to_string(),
            name_prefix: prefix.get_untracked(),
            edits: grid_edits.get_untracked(),
            detect,
        };
        spawn_local(async move {
            match engine::paste_rows(request).await {
                Ok(Pasting::Classic(p)) => {
                    ui.say("Paste preview ready");
                    paste_preview.try_set(Some(p.into_preview()));
                }
                Ok(Pasting::Rows(g)) => {
                    // The grid is drawn anew: focus goes back to the cell the admin is in.
                    let focused = dom::active_element()
                        .map(|e| e.id())
                        .filter(|id| id.starts_with("paste-cell-"));
                    if let Some(id) = focused {
                        dom::focus_id_soon(id);
                    }
                    ui.say(format!(
                        "Paste preview ready: {} row{} read one by one",
                        g.rows.len(),
                        if g.rows.len() == 1 { "" } else { "s" }
                    ));
                    grid.try_set(Some(g));
                }
                Err(e) => ui.say(e),
            }
        });
    };
    let preview_paste = move |_| {
        let t = text.get_untracked();
        if t.trim().is_empty() {
            ui.say("Paste exception lines or a port table first");
            return;
        }
        let scope = table_scope.get_untracked().unwrap_or_default();
        let prefix = prefix.get_untracked();
        let k = kind.get_untracked();
        ui.say("Reading the pasted text…");
        grid_edits.set(Vec::new());
        match k {
            Reading::Detect => read_rows(true),
            Reading::RowByRow => read_rows(false),
            Reading::As(k) => spawn_local(async move {
                match engine::paste(t, Some(k), &scope, prefix).await {
                    Ok(pv) => {
                        ui.say("Paste preview ready");
                        paste_preview.try_set(Some(pv));
                    }
                    Err(e) => ui.say(e),
                }
            }),
        }
    };
    let edit_cell = Callback::new(move |edit: (usize, PasteColumn, String)| {
        grid_edits.update(|e| e.push(edit));
        read_rows(false);
    });
    let add_pasted = move |pv: PastePreview| -> bool {
        let profile = ui.profile.get_untracked();
        let done = store.peek(|p| import::paste_edit(p, profile, &pv));
        if is_no_op(&done.edit) {
            ui.say("Nothing added: every exception is already in the profile");
            return true;
        }
        if store.apply(done.edit).is_ok() {
            let note = if done.skipped > 0 {
                format!(" ({} already present skipped)", done.skipped)
            } else {
                String::new()
            };
            ui.say(format!(
                "Added {} exception{} to {}{note}",
                done.added,
                if done.added == 1 { "" } else { "s" },
                profile.label()
            ));
            text.set(String::new());
            return true;
        }
        false
    };
    let apply_paste = Callback::new(move |()| {
        let Some(pv) = paste_preview.get_untracked() else {
            return;
        };
        if add_pasted(pv) {
            paste_preview.set(None);
        }
    });
    let apply_grid = Callback::new(move |()| {
        let Some(g) = grid.get_untracked() else {
            return;
        };
        if add_pasted(g.to_preview()) {
            grid.set(None);
        }
    });
    let close_grid = Callback::new(move |()| grid.set(None));
    let close_file = Callback::new(move |()| file_preview.set(None));
    let close_paste = Callback::new(move |()| paste_preview.set(None));

    let kinds = KINDS
        .into_iter()
        .enumerate()
        .map(|(i, (k, label))| {
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name="paste-kind"
                        id=format!("paste-kind-{i}")
                        prop:checked=move || kind.get() == k
                        on:change=move |_| kind.set(k)
                    />
                    {label}
                </label>
            }
        })
        .collect_view();
    view! {
        <h1>"Import"</h1>
        <section aria-labelledby="import-file-h">
            <h2 id="import-file-h">"Open a file"</h2>
            <p class="help">
                "An fwpolicy project (.json), a Registry.pol from a GPO's Machine folder, LGPO text (LGPO.exe /parse) or a .reg file. \
                 The format is recognised by its content. Values of other policies are kept verbatim and written back unchanged."
            </p>
            <div
                class="dropzone"
                class:over=move || over.get()
                on:dragover=move |ev| {
                    ev.prevent_default();
                    over.set(true);
                }
                on:dragleave=move |_| over.set(false)
                on:drop=move |ev| {
                    ev.prevent_default();
                    over.set(false);
                    if let Some(f) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                        open_file(f);
                    }
                }
            >
                <label for="import-file" class="field-label">"Choose a file, or drop it here"</label>
                <input
                    id="import-file"
                    type="file"
                    accept=".json,.pol,.txt,.reg,application/json,text/plain"
                    on:change=move |ev| {
                        let input = event_target::<web_sys::HtmlInputElement>(&ev);
                        if let Some(f) = input.files().and_then(|f| f.get(0)) {
                            open_file(f);
                        }
                        input.set_value("");
                    }
                />
            </div>
            {move || file_error.get().map(|e| view! { <p class="export-error" role="alert">{e}</p> })}
        </section>
        <section aria-labelledby="import-paste-h">
            <h2 id="import-paste-h">"Paste exceptions or a port table"</h2>
            <p class="help">
                "One definition per line (Port:Transport:Scope:Status:Name or Path:Scope:Status:Name), \
                 or a port table copied from vendor documentation (tab- or comma-separated, with Port, Protocol and Direction columns), \
                 or text copied out of a PDF with a port, a protocol and a name on each line in any order (9514 TCP Agent): such text is shown row by row, each cell editable."
            </p>
            <label for="import-text" class="field-label">"Text to import"</label>
            <textarea
                id="import-text"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <fieldset>
                <legend>"Read the text as"</legend>
                {kinds}
            </fieldset>
            <fieldset prop:hidden=move || kind.get() == Reading::As(PasteKind::Lines)>
                <legend>"Port table options"</legend>
                <div class="field">
                    <label for="paste-prefix" class="field-label">"Name prefix"</label>
                    <input
                        id="paste-prefix"
                        type="text"
                        class="wide"
                        placeholder="e.g. IBM Systems Director - "
                        prop:value=move || prefix.get()
                        on:input=move |ev| prefix.set(event_target_value(&ev))
                    />
                </div>
                <ScopeEditor
                    id="paste-scope"
                    legend="Scope of every imported port"
                    value=Signal::stored(Scope::local_subnet())
                    live=true
                    on_change=Callback::new(move |s| table_scope.set(s))
                />
            </fieldset>
            <ProfileSwitch profile=ui.profile />
            <div class="actions">
                <button type="button" class="primary" on:click=preview_paste>"Preview import"</button>
            </div>
        </section>
        <Dialog
            id="file-preview"
            title="Import preview"
            open=Signal::derive(move || file_preview.with(Option::is_some))
            on_close=close_file
        >
            {move || {
                file_preview
                    .get()
                    .map(|(name, pv)| {
                        view! {
                            <FilePreviewBody name=name preview=pv on_apply=apply_file on_cancel=close_file />
                        }
                    })
            }}
        </Dialog>
        <Dialog
            id="paste-rows"
            title="Paste preview: row by row"
            open=Signal::derive(move || grid.with(Option::is_some))
            on_close=close_grid
        >
            {move || {
                grid.get()
                    .map(|g| {
                        view! {
                            <PasteRowsBody
                                grid=g
                                profile=ui.profile.get_untracked()
                                on_edit=edit_cell
                                on_apply=apply_grid
                                on_cancel=close_grid
                            />
                        }
                    })
            }}
        </Dialog>
        <Dialog
            id="paste-preview"
            title="Paste preview"
            open=Signal::derive(move || paste_preview.with(Option::is_some))
            on_close=close_paste
        >
            {move || {
                paste_preview
                    .get()
                    .map(|pv| {
                        view! {
                            <PastePreviewBody
                                preview=pv
                                profile=ui.profile.get_untracked()
                                on_apply=apply_paste
                                on_cancel=close_paste
                            />
                        }
                    })
            }}
        </Dialog>
    }
}
