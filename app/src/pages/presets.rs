//! Preset gallery: start from a ready-made policy (`core::preset`), each with its source.

use fwpolicy_core::preset;
use leptos::prelude::*;

use crate::state::{use_app, Page};

/// The presets page.
#[component]
pub fn PresetsPage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let apply = move |id: &'static str| {
        let Some(project) = preset::get(id) else {
            ui.say(format!("Preset {id} is not available"));
            return;
        };
        let title = project.title.clone();
        if store.replace_project(project).is_ok() {
            ui.say(format!("Started from the preset \u{201c}{title}\u{201d}; Undo restores the previous policy"));
            ui.page.set(Page::Settings);
            let _ = web_sys::window().map(|w| w.location().set_hash("settings"));
        }
    };
    view! {
        <h1>"Presets"</h1>
        <p class="lead">
            "Start from a ready-made policy. Applying a preset replaces the whole policy (Undo brings yours back); "
            "each one says where it comes from and what to check."
        </p>
        <ul class="gallery">
            {preset::all()
                .iter()
                .map(|info| {
                    let id = info.id;
                    let h = format!("preset-{id}");
                    view! {
                        <li>
                            <h2 id=h>{info.title}</h2>
                            <p>{info.summary}</p>
                            <p class="source"><span class="visually-hidden">"Source: "</span>{info.source}</p>
                            <button type="button" on:click:target=move |_| apply(id) aria-label=format!("Use preset {}", info.title)>
                                "Use this preset"
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
