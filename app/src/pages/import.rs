//! Import page: open a file (picker or drag-and-drop) or paste exception lines / a port table.
//! Everything is previewed in a dialog first; nothing changes until the admin confirms.

use fwpolicy_core::import::TableOptions;
use fwpolicy_core::{ProfileKind, Scope, Severity};
use leptos::prelude::*;

use crate::components::dialog::Modal;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::scope_editor::ScopeEditor;
use crate::dom;
use crate::import::{self, FilePreview, PasteKind, PastePreview};
use crate::state::{use_app, Page};

/// Most changes and rows listed in a preview (the counts are always complete).
const MAX_LISTED: usize = 500;

fn diag_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
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
        ui.say(format!("Reading {name}…"));
        dom::read_file(file, move |bytes| match bytes {
            Ok(bytes) => match store.peek(|p| import::file(&bytes, p)) {
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
        });
    };
    let apply_file = move |_| {
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
            let _ = web_sys::window().map(|w| w.location().set_hash("settings"));
        }
    };

    // ---- paste ----
    let text = RwSignal::new(String::new());
    let kind: RwSignal<Option<PasteKind>> = RwSignal::new(None);
    let prefix = RwSignal::new(String::new());
    let table_scope = RwSignal::new(Some(Scope::local_subnet()));
    let paste_preview: RwSignal<Option<PastePreview>> = RwSignal::new(None);
    let options = move || TableOptions {
        scope: table_scope.get_untracked().unwrap_or_default(),
        name_prefix: prefix.get_untracked(),
        ..TableOptions::default()
    };
    let preview_paste = move |_| {
        let t = text.get_untracked();
        if t.trim().is_empty() {
            ui.say("Paste exception lines or a port table first");
            return;
        }
        let opts = options();
        let k = kind
            .get_untracked()
            .unwrap_or_else(|| import::guess(&t, &opts));
        paste_preview.set(Some(import::paste(&t, k, &opts)));
    };
    let apply_paste = move |_| {
        let Some(pv) = paste_preview.get_untracked() else {
            return;
        };
        let profile = ui.profile.get_untracked();
        let (edit, skipped) = store.peek(|p| import::paste_edit(p, profile, &pv));
        let added = pv.count() - skipped;
        if added == 0 {
            ui.say("Nothing added: every exception is already in the profile");
            paste_preview.set(None);
            return;
        }
        if store.apply(edit).is_ok() {
            let note = if skipped > 0 {
                format!(" ({skipped} already present skipped)")
            } else {
                String::new()
            };
            ui.say(format!(
                "Added {added} exceptions to {}{note}",
                profile.label()
            ));
            paste_preview.set(None);
            text.set(String::new());
        }
    };

    view! {
        <h1>"Import"</h1>
        <section aria-labelledby="import-file-h">
            <h2 id="import-file-h">"Open a file"</h2>
            <p class="help">
                "An fwpolicy project (.json), a Registry.pol from a GPO's Machine folder, LGPO text (LGPO.exe /parse) or a .reg file. "
                "The format is recognised by its content. Values of other policies are kept verbatim and written back unchanged."
            </p>
            <div
                class="dropzone"
                class:over=move || over.get()
                on:dragover:target=move |ev| {
                    ev.prevent_default();
                    over.set(true);
                }
                on:dragleave:target=move |_| over.set(false)
                on:drop:target=move |ev| {
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
                    on:change:target=move |ev| {
                        let input = ev.target();
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
                "One definition per line (Port:Transport:Scope:Status:Name or Path:Scope:Status:Name), "
                "or a port table copied from vendor documentation (tab- or comma-separated, with Port, Protocol and Direction columns)."
            </p>
            <label for="import-text" class="field-label">"Text to import"</label>
            <textarea
                id="import-text"
                spellcheck="false"
                prop:value=move || text.get()
                on:input:target=move |ev| text.set(event_target_value(&*ev))
            ></textarea>
            <fieldset>
                <legend>"Read the text as"</legend>
                {[(None, "Detect"), (Some(PasteKind::Lines), "Exception lines"), (Some(PasteKind::Table), "Port table")]
                    .into_iter()
                    .map(|(k, label)| view! {
                        <label class="radio">
                            <input type="radio" name="paste-kind" prop:checked=move || kind.get() == k on:change:target=move |_| kind.set(k) />
                            {label}
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            {move || (kind.get() != Some(PasteKind::Lines)).then(|| view! {
                <fieldset>
                    <legend>"Port table options"</legend>
                    <div class="field">
                        <label for="paste-prefix" class="field-label">"Name prefix"</label>
                        <input id="paste-prefix" type="text" class="wide" placeholder="e.g. IBM Systems Director - "
                            prop:value=move || prefix.get() on:input:target=move |ev| prefix.set(event_target_value(&*ev)) />
                    </div>
                    <ScopeEditor
                        id="paste-scope"
                        legend="Scope of every imported port"
                        value=Signal::stored(Scope::local_subnet())
                        live=true
                        on_change=Callback::new(move |s| table_scope.set(s))
                    />
                </fieldset>
            })}
            <ProfileSwitch profile=ui.profile />
            <div class="actions">
                <button type="button" class="primary" on:click:target=preview_paste>"Preview import"</button>
            </div>
        </section>

        <Modal
            id="file-preview"
            title="Import preview"
            open=Signal::derive(move || file_preview.with(Option::is_some))
            on_close=Callback::new(move |_| file_preview.set(None))
        >
            {move || file_preview.get().map(|(name, pv)| {
                let changes = pv.changes.len();
                view! {
                    <p>
                        <strong>{name.clone()}</strong>
                        {format!(" — {}", pv.format.label())}
                        {(!pv.project.title.is_empty()).then(|| format!(": {}", pv.project.title))}
                    </p>
                    <ul>{pv.summary().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <h3>{format!("{changes} change{} to the current policy", if changes == 1 { "" } else { "s" })}</h3>
                    <ul class="preview-list">
                        {pv.changes.iter().take(MAX_LISTED).map(|c| view! { <li>{c.describe()}</li> }).collect_view()}
                    </ul>
                    <h3>{format!("{} message{} from the reader", pv.diagnostics.len(), if pv.diagnostics.len() == 1 { "" } else { "s" })}</h3>
                    <ul class="problems-found preview-list">
                        {pv.diagnostics.iter().take(MAX_LISTED).map(|d| view! {
                            <li class=diag_class(d.severity)>{d.to_string()}</li>
                        }).collect_view()}
                    </ul>
                    <div class="actions">
                        <button type="button" class="primary" on:click:target=apply_file>"Replace the current policy"</button>
                        <button type="button" on:click:target=move |_| file_preview.set(None)>"Cancel"</button>
                    </div>
                }
            })}
        </Modal>

        <Modal
            id="paste-preview"
            title="Paste preview"
            open=Signal::derive(move || paste_preview.with(Option::is_some))
            on_close=Callback::new(move |_| paste_preview.set(None))
        >
            {move || paste_preview.get().map(|pv| {
                let n = pv.count();
                let profile: ProfileKind = ui.profile.get_untracked();
                let errors = pv.diagnostics.iter().filter(|d| d.is_error()).count();
                view! {
                    <p>
                        {match pv.kind {
                            PasteKind::Lines => "Read as exception lines. ",
                            PasteKind::Table => "Read as a port table. ",
                        }}
                        {format!("{n} exception{} to add to {}; {errors} problem line{}; {} skipped row{}.",
                            if n == 1 { "" } else { "s" }, profile.label(),
                            if errors == 1 { "" } else { "s" },
                            pv.skipped.len(), if pv.skipped.len() == 1 { "" } else { "s" })}
                    </p>
                    <h3>"To be added"</h3>
                    <ul class="preview-list added">
                        {pv.ports.iter().map(|(l, e)| (*l, e.to_string()))
                            .chain(pv.programs.iter().map(|(l, e)| (*l, e.to_string())))
                            .take(MAX_LISTED)
                            .map(|(l, d)| view! { <li>{format!("line {l}: {d}")}</li> })
                            .collect_view()}
                    </ul>
                    {(!pv.diagnostics.is_empty()).then(|| view! {
                        <h3>"Problems"</h3>
                        <ul class="problems-found preview-list">
                            {pv.diagnostics.iter().take(MAX_LISTED).map(|d| view! {
                                <li class=diag_class(d.severity)>{d.to_string()}</li>
                            }).collect_view()}
                        </ul>
                    })}
                    {(!pv.skipped.is_empty()).then(|| view! {
                        <h3>"Skipped rows"</h3>
                        <ul class="preview-list skipped">
                            {pv.skipped.iter().take(MAX_LISTED).map(|s| view! {
                                <li>{format!("line {}: {} — {}", s.line, s.first_cell(), s.reason)}</li>
                            }).collect_view()}
                        </ul>
                    })}
                    <div class="actions">
                        <button type="button" class="primary" on:click:target=apply_paste prop:disabled=n == 0>
                            {format!("Add {n} exception{} to {}", if n == 1 { "" } else { "s" }, profile.label())}
                        </button>
                        <button type="button" on:click:target=move |_| paste_preview.set(None)>"Cancel"</button>
                    </div>
                }
            })}
        </Modal>
    }
}
