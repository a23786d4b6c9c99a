//! Export panel: pick a format, see exactly what will be written, copy or download it.

use fwpolicy_core::convert::Format;
use leptos::prelude::*;

use crate::components::findings::Findings;
use crate::dom;
use crate::export::{self, Preview, Rendered};
use crate::state::use_app;

fn notes(format: Format) -> &'static str {
    match format {
        Format::RegistryPol => "Copy it to \\\\<domain>\\SYSVOL\\<domain>\\Policies\\{GPO GUID}\\Machine\\Registry.pol (or apply locally with LGPO.exe /m). Bump the GPO version so clients notice the change.",
        Format::Lgpo => "Apply with LGPO.exe /t lgpo.txt on one computer, or compile it into a Registry.pol with LGPO.exe /r lgpo.txt /w Registry.pol.",
        Format::Reg => "Imports straight into the registry (regedit /s policy.reg). This is tattooing: the next Group Policy refresh overwrites or removes it.",
        Format::Netsh => "Run as administrator on Windows XP SP2 / Server 2003 SP1 (netsh firewall). Carries interface exclusions too.",
        Format::NetshAdvfirewall => "Run as administrator on Vista or later (netsh advfirewall), e.g. from a startup script.",
        Format::PowerShell => "Run as administrator on Windows 8 / Server 2012 or later (NetSecurity module).",
        Format::ReportHtml => "A printable review of the policy: what each setting does and what to check before rolling it out.",
        Format::ReportMd => "The review as Markdown, for a ticket or a wiki page.",
        Format::Json => "The fwpolicy project: open it again here (Import) or convert it with the fwpolicy CLI.",
    }
}

/// The export page.
#[component]
pub fn ExportPage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let format = RwSignal::new(Format::RegistryPol);
    // Re-rendered when the policy, the title or the format changes.
    let rendered = Memo::new(move |_| {
        let f = format.get();
        store.title().track();
        store.read_all(|_| ());
        store.with_doc(|d| export::render(f, &d.project()))
    });
    let download = move |_| {
        let Some(Ok(r)) = rendered.try_get_untracked() else {
            return;
        };
        match dom::download(&r.file_name, &r.bytes, r.format.mime()) {
            Ok(()) => {
                store.mark_exported();
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
        let Some(Ok(r)) = rendered.try_get_untracked() else {
            return;
        };
        let name = r.file_name.clone();
        dom::copy_text(&r.clipboard_text(), move |res| match res {
            Ok(()) => {
                store.mark_exported();
                ui.say(format!("Copied {name} to the clipboard"));
            }
            Err(e) => ui.say(format!("Could not copy: {e}")),
        });
    };
    view! {
        <h1>"Export"</h1>
        <fieldset class="formats">
            <legend>"Format"</legend>
            {Format::ALL
                .into_iter()
                .map(|f| {
                    view! {
                        <label class="radio">
                            <input
                                type="radio"
                                name="export-format"
                                prop:checked=move || format.get() == f
                                on:change:target=move |_| format.set(f)
                            />
                            {f.label()}
                            <span class="meta">" — " {move || f.file_name(&store.title().get())}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <p class="help">{move || notes(format.get())}</p>
        {move || match rendered.get() {
            Err(refused) => {
                view! {
                    <div class="export-error" role="alert">
                        <p><strong>"Cannot export: "</strong>{refused.message}</p>
                        <Findings items=Signal::stored(refused.diagnostics) with_path=true />
                        <p class="help">"Registry.pol, LGPO text and .reg carry these values; fix the names on the Exceptions page for the scripts."</p>
                    </div>
                }
                .into_any()
            }
            Ok(r) => view! { <ExportView rendered=r on_copy=Callback::new(copy) on_download=Callback::new(download) /> }.into_any(),
        }}
    }
}

/// The preview and buttons of one written file.
#[component]
fn ExportView(
    /// The written file.
    rendered: Rendered,
    /// Copies the file (or the hex dump) to the clipboard.
    on_copy: Callback<()>,
    /// Downloads the file.
    on_download: Callback<()>,
) -> impl IntoView {
    let size = rendered.bytes.len();
    let name = rendered.file_name.clone();
    let preview = match rendered.preview {
        Preview::Text(text) => view! {
            <pre class="output" tabindex="0" aria-label=format!("Contents of {name}")>{text}</pre>
        }
        .into_any(),
        Preview::Pol { rows, total, hex } => view! {
            <h2>"Entries"</h2>
            <p class="help">{format!("{total} records after the 8-byte header (PReg, version 1).")}</p>
            <div class="records-scroll" tabindex="0" role="region" aria-label="Registry.pol entries">
                <table class="records">
                    <caption class="visually-hidden">"Registry.pol entries"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Offset"</th>
                            <th scope="col">"Key"</th>
                            <th scope="col">"Value"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Data"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| view! {
                                <tr>
                                    <td>{r.offset}</td>
                                    <td>{r.key}</td>
                                    <td>{r.value}</td>
                                    <td>{r.kind}</td>
                                    <td>{r.data}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <h2>"Bytes"</h2>
            <pre class="output" tabindex="0" aria-label="Hex dump of Registry.pol">{hex}</pre>
        }
        .into_any(),
    };
    view! {
        <div class="actions">
            <button type="button" class="primary" on:click:target=move |_| on_download.run(())>
                {format!("Download {name}")}
            </button>
            <button type="button" on:click:target=move |_| on_copy.run(())>"Copy"</button>
            <span class="help">{format!("{size} bytes")}</span>
        </div>
        <Findings items=Signal::stored(rendered.diagnostics) with_path=true />
        {rendered.truncated.then(|| view! {
            <p class="note" role="note">"The preview is cut short for speed; the download and the copy hold the whole file."</p>
        })}
        {preview}
    }
}
