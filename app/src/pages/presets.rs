//! Preset gallery: start from a ready-made policy (`core::presets`), each with its source.

use fwpolicy_core::presets;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::dom;
use crate::engine;
use crate::state::{use_app, Page};

/// The presets page.
#[component]
pub fn PresetsPage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    // The preset's policy is built by the format engine (a web worker, `crate::engine`): some
    // presets are derived from vendor port tables by the paste importer, which lives there.
    let apply = move |id: &'static str| {
        ui.say("Building the preset…");
        spawn_local(async move {
            let project = match engine::preset(id).await {
                Ok(p) => p,
                Err(e) => {
                    ui.say(e);
                    return;
                }
            };
            let title = project.title.clone();
            if store.replace_project(project).is_ok() {
                ui.say(format!(
                    "Started from the preset \u{201c}{title}\u{201d}; Undo restores the previous policy"
                ));
                ui.page.set(Page::Settings);
                dom::set_location_hash(Page::Settings.slug());
            }
        });
    };
    let cards = presets::all()
        .iter()
        .map(|info| {
            let id = info.id;
            view! {
                <li>
                    <h2 id=format!("preset-{id}")>{info.title}</h2>
                    <p>{info.summary}</p>
                    <p class="source">
                        <span class="visually-hidden">"Source: "</span>
                        {info.source}
                    </p>
                    <button
                        type="button"
                        aria-label=format!("Use preset {}", info.title)
                        on:click=move |_| apply(id)
                    >
                        "Use this preset"
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1>"Presets"</h1>
        <p class="lead">
            "Start from a ready-made policy. Applying a preset replaces the whole policy (Undo brings yours back); \
             each one says where it comes from and what to check."
        </p>
        <ul class="gallery">{cards}</ul>
    }
}
