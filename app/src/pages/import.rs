//! Import page: open a file (picker or drag-and-drop) or paste exception lines / a port table.
//! Everything is previewed in a dialog first; nothing changes until the admin confirms.

use fwpolicy_core::import::TableOptions;
use fwpolicy_core::Scope;
use leptos::prelude::*;

use crate::components::dialog::Modal;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::scope_editor::ScopeEditor;
use crate::dom;
use crate::html::{action_of, Choices, Markup};
use crate::import::{self, FilePreview, PasteKind, PastePreview};
use crate::state::{use_app, Page};

const KINDS: [(Option<PasteKind>, &str); 3] = [
    (None, "Detect"),
    (Some(PasteKind::Lines), "Exception lines"),
    (Some(PasteKind::Table), "Port table"),
];

/// The "Read the text as" radios (`data-act="kind"`, `data-i` = position).
fn kinds_markup(kind: Option<PasteKind>) -> String {
    let mut m = Markup::new();
    m.leaf("legend", &[], "Read the text as");
    let items: Vec<(&str, bool, String)> = KINDS
        .iter()
        .map(|(k, label)| (*label, *k == kind, String::new()))
        .collect();
    Choices {
        kind: "radio",
        name: "paste-kind",
        id: "paste-kind",
        act: "kind",
        class: "radio",
        mark_on: false,
    }
    .write(&mut m, &items);
    m.finish()
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
    let apply_file = move || {
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
    let apply_paste = move || {
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

    let kinds = dom::live_markup(
        "paste-kinds".into(),
        Box::new(move || kinds_markup(kind.get())),
    );
    let file_body: Box<dyn Fn() -> String> = Box::new(move || {
        file_preview.with(|f| {
            f.as_ref()
                .map(|(name, pv)| import::file_preview_markup(name, pv))
                .unwrap_or_default()
        })
    });
    let paste_body: Box<dyn Fn() -> String> = Box::new(move || {
        paste_preview.with(|p| {
            p.as_ref()
                .map(|pv| import::paste_preview_markup(pv, ui.profile.get_untracked()))
                .unwrap_or_default()
        })
    });

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
            <p class="export-error" role="alert" hidden=move || file_error.with(Option::is_none)>
                {move || file_error.get().unwrap_or_default()}
            </p>
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
            <fieldset
                id="paste-kinds"
                inner_html=kinds
                on:change:target=move |ev| {
                    if let Some((_, i)) = action_of(&ev) {
                        if let Some((k, _)) = KINDS.get(i) {
                            kind.set(*k);
                        }
                    }
                }
            ></fieldset>
            <fieldset hidden=move || kind.get() == Some(PasteKind::Lines)>
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
            body=file_body
            on_act=Callback::new(move |act: String| {
                if act == "apply" {
                    apply_file();
                } else {
                    file_preview.set(None);
                }
            })
        />

        <Modal
            id="paste-preview"
            title="Paste preview"
            open=Signal::derive(move || paste_preview.with(Option::is_some))
            on_close=Callback::new(move |_| paste_preview.set(None))
            body=paste_body
            on_act=Callback::new(move |act: String| {
                if act == "apply" {
                    apply_paste();
                } else {
                    paste_preview.set(None);
                }
            })
        />
    }
}
