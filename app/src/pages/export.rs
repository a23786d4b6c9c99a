//! Export panel: pick a format, see exactly what will be written, copy or download it.
//!
//! The format radios and the whole result (buttons, notes, preview) are markup
//! ([`export::formats_markup`], [`export::result_markup`]) in live regions; one delegated
//! listener each reads the `data-act` of the control used.

use fwpolicy_core::formats::Format;
use leptos::prelude::*;

use crate::dom;
use crate::export;
use std::rc::Rc;

use crate::html::{action_of, Markup};
use crate::state::use_app;
use crate::ui::block;

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
        store.title();
        store.read_all(|_| ());
        store.with_doc(|d| export::render(f, &d.project()))
    });
    let download = move || {
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
    let copy = move || {
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
    let radios = dom::live_markup(
        "export-formats".into(),
        Box::new(move || export::formats_markup(format.get(), &store.title())),
    );
    let help = dom::live_markup(
        "export-help".into(),
        Box::new(move || {
            let mut m = Markup::new();
            m.text(notes(format.get()));
            m.finish()
        }),
    );
    let result = dom::live_markup(
        "export-result".into(),
        Box::new(move || rendered.with(export::result_markup)),
    );
    let mut m = Markup::new();
    m.leaf("h1", &[], "Export")
        .open(
            "fieldset",
            &[("class", "formats"), ("id", "export-formats")],
        )
        .markup(&radios)
        .close("fieldset")
        .open("p", &[("class", "help"), ("id", "export-help")])
        .markup(&help)
        .close("p")
        .open("div", &[("id", "export-result")])
        .markup(&result)
        .close("div");
    block(
        "",
        "export".into(),
        m.finish(),
        Rc::new(move |ev| match (action_of(ev), ev.type_().as_str()) {
            (Some((act, i)), "change") if act == "format" => {
                if let Some(f) = Format::ALL.get(i) {
                    format.set(*f);
                }
            }
            (Some((act, _)), "click") if act == "download" => download(),
            (Some((act, _)), "click") if act == "copy" => copy(),
            _ => {}
        }),
    )
}
