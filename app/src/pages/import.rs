//! Import page: open a file (picker or drag-and-drop) or paste exception lines / a port table.
//! Everything is previewed in a dialog first; nothing changes until the admin confirms.

use fwpolicy_core::import::TableOptions;
use fwpolicy_core::Scope;
use leptos::prelude::*;

use std::rc::Rc;

use wasm_bindgen::JsCast;

use crate::components::dialog::{self, dialog_markup};
use crate::components::profile_switch::profile_widget;
use crate::components::scope_editor::scope_widget;
use crate::dom::{self, Bind};
use crate::html::{action_of, fill, Choices, Markup};
use crate::import::{self, FilePreview, PasteKind, PastePreview};
use crate::state::{use_app, Page};
use crate::ui::{block, Handler};

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

/// The page's fixed markup; the holes are the file error, the paste kinds, the scope editor,
/// the profile switch and the two preview dialogs.
const PAGE: &str = concat!(
    r#"<h1>Import</h1><section aria-labelledby="import-file-h"><h2 id="import-file-h">Open a file</h2>"#,
    r#"<p class="help">An fwpolicy project (.json), a Registry.pol from a GPO's Machine folder, LGPO text (LGPO.exe /parse) or a .reg file. "#,
    r#"The format is recognised by its content. Values of other policies are kept verbatim and written back unchanged.</p>"#,
    r#"<div class="dropzone" id="import-drop" data-act="drop"><label for="import-file" class="field-label">Choose a file, or drop it here</label>"#,
    r#"<input id="import-file" type="file" accept=".json,.pol,.txt,.reg,application/json,text/plain" data-act="file"></div>"#,
    r#"<div id="import-error">{}</div></section>"#,
    r#"<section aria-labelledby="import-paste-h"><h2 id="import-paste-h">Paste exceptions or a port table</h2>"#,
    r#"<p class="help">One definition per line (Port:Transport:Scope:Status:Name or Path:Scope:Status:Name), "#,
    r#"or a port table copied from vendor documentation (tab- or comma-separated, with Port, Protocol and Direction columns).</p>"#,
    r#"<label for="import-text" class="field-label">Text to import</label><textarea id="import-text" spellcheck="false" data-act="text"></textarea>"#,
    r#"<fieldset id="paste-kinds">{}</fieldset>"#,
    r#"<fieldset id="paste-options"><legend>Port table options</legend><div class="field">"#,
    r#"<label for="paste-prefix" class="field-label">Name prefix</label>"#,
    r#"<input id="paste-prefix" type="text" class="wide" placeholder="e.g. IBM Systems Director - " data-act="prefix"></div>{}</fieldset>"#,
    r#"{}<div class="actions"><button type="button" class="primary" data-act="preview">Preview import</button></div></section>{}{}"#,
);

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
    let preview_paste = move || {
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
    let file_body = dom::live_markup(
        "file-preview-body".into(),
        Box::new(move || {
            file_preview.with(|f| {
                f.as_ref()
                    .map(|(name, pv)| import::file_preview_markup(name, pv))
                    .unwrap_or_default()
            })
        }),
    );
    let paste_body = dom::live_markup(
        "paste-preview-body".into(),
        Box::new(move || {
            paste_preview.with(|p| {
                p.as_ref()
                    .map(|pv| import::paste_preview_markup(pv, ui.profile.get_untracked()))
                    .unwrap_or_default()
            })
        }),
    );
    dialog::sync(
        "file-preview".into(),
        Box::new(move || file_preview.with(Option::is_some)),
    );
    dialog::sync(
        "paste-preview".into(),
        Box::new(move || paste_preview.with(Option::is_some)),
    );
    let error = dom::live_markup(
        "import-error".into(),
        Box::new(move || {
            let mut m = Markup::new();
            if let Some(e) = file_error.get() {
                m.leaf("p", &[("class", "export-error"), ("role", "alert")], &e);
            }
            m.finish()
        }),
    );
    dom::bind(
        "import-drop".into(),
        Bind::Class("over"),
        Box::new(move || over.get().to_string()),
    );
    dom::bind(
        "import-text".into(),
        Bind::Value,
        Box::new(move || text.get()),
    );
    dom::bind(
        "paste-options".into(),
        Bind::Flag("hidden"),
        Box::new(move || (kind.get() == Some(PasteKind::Lines)).to_string()),
    );
    let (profiles, profile_on) = profile_widget(ui.profile);
    let (scope, scope_on) = scope_widget(
        "paste-scope",
        "Scope of every imported port",
        Signal::stored(Scope::local_subnet()),
        true,
        Callback::new(move |s| table_scope.set(s)),
    );

    let page = fill(
        PAGE,
        &[
            &error,
            &kinds,
            &scope,
            &profiles,
            &dialog_markup("file-preview", "Import preview", &file_body),
            &dialog_markup("paste-preview", "Paste preview", &paste_body),
        ],
    );
    let on: Handler = Rc::new(move |ev| {
        scope_on(ev);
        profile_on(ev);
        let kind_of = ev.type_();
        if let Some(id) = dialog::closed(ev) {
            match id.as_str() {
                "file-preview" => file_preview.set(None),
                "paste-preview" => paste_preview.set(None),
                _ => {}
            }
            return;
        }
        let Some((act, i)) = action_of(ev) else {
            return;
        };
        match (act.as_str(), kind_of.as_str()) {
            ("drop" | "file", "dragover") => {
                ev.prevent_default();
                over.set(true);
            }
            ("drop" | "file", "dragleave") => over.set(false),
            ("drop" | "file", "drop") => {
                ev.prevent_default();
                over.set(false);
                if let Some(f) = ev
                    .dyn_ref::<web_sys::DragEvent>()
                    .and_then(|d| d.data_transfer())
                    .and_then(|d| d.files())
                    .and_then(|f| f.get(0))
                {
                    open_file(f);
                }
            }
            ("file", "change") => {
                if let Some(input) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                {
                    if let Some(f) = input.files().and_then(|f| f.get(0)) {
                        open_file(f);
                    }
                    input.set_value("");
                }
            }
            ("text", "input") => text.set(dom::field_value(ev)),
            ("prefix", "input") => prefix.set(dom::field_value(ev)),
            ("kind", "change") => {
                if let Some((k, _)) = KINDS.get(i) {
                    kind.set(*k);
                }
            }
            ("preview", "click") => preview_paste(),
            ("apply", "click") => {
                if file_preview.with_untracked(Option::is_some) {
                    apply_file();
                } else {
                    apply_paste();
                }
            }
            ("cancel" | "dialog-close", "click") => {
                file_preview.set(None);
                paste_preview.set(None);
            }
            _ => {}
        }
    });
    block("", "import".into(), page, on)
}
