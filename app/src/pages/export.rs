//! Export panel: pick a format, see exactly what will be written, copy or download it.
//!
//! The preview shows the file as downloaded: text in a `<pre>` (line by line, as text, so
//! nothing in it is ever markup), Registry.pol as its entries and a hex dump.

use fwpolicy_core::formats::Format;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::findings::Findings;
use crate::components::scroll_table::{heads, ScrollTable};
use crate::dom;
use crate::engine;
use crate::export::{self, PolRow, Preview, Refused, Rendered, SignOff};
use crate::state::use_app;

/// A file written by the engine, with the (format, change count) it was written for.
type Written = ((Format, u64), Result<Rendered, Refused>);

/// What the panel shows for a refusal: an alert naming each value.
#[component]
fn RefusedView(
    /// Why the format refused the project.
    refused: Refused,
) -> impl IntoView {
    view! {
        <div class="export-error" role="alert">
            <p>
                <strong>"Cannot export: "</strong>
                {refused.message}
            </p>
            <Findings items=Signal::stored(refused.diagnostics) with_path=true />
            <p class="help">
                "Registry.pol, LGPO text and .reg carry these values; fix the names on the Exceptions page for the scripts."
            </p>
        </div>
    }
}

/// The Registry.pol entry table and hex dump.
#[component]
fn PolPreview(
    /// The records (at most [`export::MAX_TABLE_ROWS`]).
    rows: Vec<PolRow>,
    /// How many records the file holds.
    total: usize,
    /// The hex dump, one line per 16 bytes.
    hex: String,
) -> impl IntoView {
    view! {
        <h2>"Entries"</h2>
        <p class="help">{format!("{total} records after the 8-byte header (PReg, version 1).")}</p>
        <ScrollTable
            label="Registry.pol entries"
            class="records"
            caption="Registry.pol entries"
            head=heads(&["Offset", "Key", "Value", "Type", "Data"])
        >
            <For each=move || rows.clone() key=|r| r.offset let(r)>
                <tr>
                    <td>{r.offset}</td>
                    <td>{r.key}</td>
                    <td>{r.value}</td>
                    <td>{r.kind}</td>
                    <td>{r.data}</td>
                </tr>
            </For>
        </ScrollTable>
        <h2>"Bytes"</h2>
        <pre class="output" tabindex="0" aria-label="Hex dump of Registry.pol">{hex}</pre>
    }
}

/// The export page.
#[component]
pub fn ExportPage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let format = RwSignal::new(Format::RegistryPol);
    // What the file depends on: the format and a count of changes to the policy or the title.
    // Read synchronously (a memo), so a result is shown only while it is still the current one.
    let wanted: Memo<(Format, u64)> = Memo::new(move |prev: Option<&(Format, u64)>| {
        store.title();
        store.read_all(|_| ());
        (format.get(), prev.map_or(0, |(_, n)| n + 1))
    });
    // The file, written by the format engine (a web worker, see `crate::engine`), with the key
    // it was written for.
    let written: RwSignal<Option<Written>> = RwSignal::new(None);
    Effect::new(move |_| {
        let key = wanted.get();
        let project = store.with_doc(|d| d.project());
        let sign_off = SignOff {
            generated: Some(dom::utc_now_text()),
            last_export: store
                .last_exported_untracked()
                .map(|p| fwpolicy_core::formats::project::to_json(&p)),
        };
        spawn_local(async move {
            let out = engine::export(key.0, &project, sign_off).await;
            written.try_set(Some((key, out)));
        });
    });
    // `None` while the file for the current format and policy is being written: the buttons
    // only ever act on the file shown, and the file shown is always the current one.
    let rendered = Memo::new(move |_| {
        let key = wanted.get();
        written.with(|w| {
            w.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, r)| r.clone())
        })
    });
    let download = move |_| {
        let Some(Ok(r)) = rendered.get_untracked() else {
            return;
        };
        match dom::download(&r.file_name, &r.bytes, r.format.mime()) {
            Ok(()) => {
                // A report reviews the policy; it is not applied to a GPO, so it does not
                // count as an export (its "changes since the last export" stay meaningful).
                if !r.format.is_report() {
                    store.mark_exported();
                }
                ui.say(format!(
                    "Downloaded {} ({} bytes)",
                    r.file_name,
                    r.bytes.len()
                ));
            }
            Err(e) => ui.say(format!("The download failed: {e}")),
        }
    };
    let copy = move |_| {
        let Some(Ok(r)) = rendered.get_untracked() else {
            return;
        };
        let name = r.file_name.clone();
        let format_is_report = r.format.is_report();
        let Some(text) = r.clipboard_text() else {
            return;
        };
        spawn_local(async move {
            match dom::copy_text(text).await {
                Ok(()) => {
                    if !format_is_report {
                        store.mark_exported();
                    }
                    ui.say(format!("Copied the text of {name} to the clipboard"));
                }
                Err(e) => ui.say(format!("Could not copy: {e}")),
            }
        });
    };
    let radios = Format::ALL
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name="export-format"
                        id=format!("export-format-{i}")
                        prop:checked=move || format.get() == f
                        on:change=move |_| format.set(f)
                    />
                    {f.label()}
                    <span class="meta">{move || format!(" — {}", f.file_name(&store.title()))}</span>
                </label>
            }
        })
        .collect_view();
    let result = move || match rendered.get() {
        None => view! {
            <p class="help" role="status" id="export-pending">"Writing the file…"</p>
        }
        .into_any(),
        Some(Err(refused)) => view! { <RefusedView refused=refused /> }.into_any(),
        Some(Ok(r)) => {
            let name = r.file_name.clone();
            let copyable = r.copyable();
            let preview = match r.preview {
                Preview::Text(text) => view! {
                    <pre class="output" tabindex="0" aria-label=format!("Contents of {name}")>{text}</pre>
                }
                .into_any(),
                Preview::Pol { rows, total, hex } => {
                    view! { <PolPreview rows=rows total=total hex=hex /> }.into_any()
                }
            };
            view! {
                <div class="actions">
                    <button type="button" class="primary" id="export-download" on:click=download>
                        {format!("Download {name}")}
                    </button>
                    {copyable.then(|| view! {
                        <button type="button" id="export-copy" on:click=copy>
                            {format!("Copy the text of {name}")}
                        </button>
                    })}
                    {(!copyable).then(|| view! {
                        <span class="help">"A binary file: download it (there is no text to copy)."</span>
                    })}
                    <span class="help">{format!("{} bytes", r.bytes.len())}</span>
                </div>
                <Findings items=Signal::stored(r.diagnostics) with_path=true />
                {r
                    .truncated
                    .then(|| {
                        view! {
                            <p class="note" role="note">
                                "The preview is cut short for speed; the download and the copy hold the whole file."
                            </p>
                        }
                    })}
                {preview}
            }
                .into_any()
        }
    };
    // Share link: written by the engine, copied to the clipboard, shown in a read-only field.
    let link: RwSignal<Option<Result<String, String>>> = RwSignal::new(None);
    let copy_link = move |_| {
        let project = store.with_doc(|d| d.project());
        let base = dom::location_without_hash();
        spawn_local(async move {
            let made = engine::share_link(&project, base).await;
            if let Ok(text) = &made {
                match dom::copy_text(text.clone()).await {
                    Ok(()) => ui.say(format!(
                        "Copied a share link of {} characters",
                        text.chars().count()
                    )),
                    Err(e) => ui.say(format!(
                        "Could not copy ({e}); select the link below and copy it"
                    )),
                }
            } else {
                ui.say("The policy is too large for a share link");
            }
            link.try_set(Some(made));
        });
    };
    let link_view = move || {
        link.get().map(|made| match made {
            Ok(text) => view! {
                <label for="share-link" class="field-label">
                    {format!("Share link ({} characters)", text.chars().count())}
                </label>
                <input id="share-link" type="text" class="wide" readonly prop:value=text />
            }
            .into_any(),
            Err(e) => {
                view! { <p class="export-error" role="alert" id="share-error">{e}</p> }.into_any()
            }
        })
    };
    view! {
        <h1>"Export"</h1>
        <section class="share" aria-labelledby="share-h">
            <h2 id="share-h">"Share as a link"</h2>
            <p class="help">
                {format!(
                    "The link holds the whole project (policy, title, description) after the # of the address. Browsers never send that part to a server: the policy goes only to whoever opens the link, who sees a preview before anything changes. Links longer than {} characters are refused (mail and chat clients cut them): download the fwpolicy project file instead.",
                    fwpolicy_core::formats::link::MAX_LINK_CHARS,
                )}
            </p>
            <div class="actions">
                <button type="button" id="share-copy" on:click=copy_link>"Copy link"</button>
            </div>
            {link_view}
        </section>
        <fieldset class="formats">
            <legend>"Format"</legend>
            {radios}
        </fieldset>
        <p
            class=move || if format.get() == Format::RegistryPol { "note" } else { "help" }
            role="note"
            id="export-notes"
        >
            {move || export::notes(format.get())}
        </p>
        <div>{result}</div>
    }
}
