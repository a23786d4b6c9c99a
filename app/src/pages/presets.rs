//! Preset gallery: start from a ready-made policy (`core::preset`), each with its source.

use fwpolicy_core::presets;
use leptos::prelude::*;

use std::rc::Rc;

use crate::html::{action_of, Markup};
use crate::state::{use_app, Page};
use crate::ui::block;

/// The gallery: one card per preset with its title, summary, source and a "Use this
/// preset" button (`data-act="preset"`, `data-i` = position in `presets::all()`).
pub fn gallery_markup() -> String {
    let mut m = Markup::new();
    for (i, info) in presets::all().iter().enumerate() {
        let h = format!("preset-{}", info.id);
        let label = format!("Use preset {}", info.title);
        let index = i.to_string();
        m.open("li", &[])
            .leaf("h2", &[("id", &h)], info.title)
            .leaf("p", &[], info.summary)
            .open("p", &[("class", "source")])
            .leaf("span", &[("class", "visually-hidden")], "Source: ")
            .text(info.source)
            .close("p")
            .leaf(
                "button",
                &[
                    ("type", "button"),
                    ("aria-label", &label),
                    ("data-act", "preset"),
                    ("data-i", &index),
                ],
                "Use this preset",
            )
            .close("li");
    }
    m.finish()
}

/// The presets page.
#[component]
pub fn PresetsPage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let apply = move |id: &'static str| {
        let Some(project) = presets::get(id) else {
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
    let mut m = Markup::new();
    m.leaf("h1", &[], "Presets")
        .leaf(
            "p",
            &[("class", "lead")],
            "Start from a ready-made policy. Applying a preset replaces the whole policy (Undo brings yours back); \
             each one says where it comes from and what to check.",
        )
        .open("ul", &[("class", "gallery")])
        .markup(&gallery_markup())
        .close("ul");
    block(
        "",
        "presets".into(),
        m.finish(),
        Rc::new(move |ev| {
            if ev.type_() != "click" {
                return;
            }
            if let Some((act, i)) = action_of(ev) {
                if let (true, Some(info)) = (act == "preset", presets::all().get(i)) {
                    apply(info.id);
                }
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_has_a_card_with_a_named_button() {
        let m = gallery_markup();
        assert_eq!(m.matches("<li>").count(), presets::all().len());
        let first = &presets::all()[0];
        assert!(m.contains(&format!("aria-label=\"Use preset {}\"", first.title)));
        assert!(m.contains("data-act=\"preset\" data-i=\"0\">Use this preset</button>"));
    }
}
