//! The root component: restores the autosave, provides the state and wires the outside world
//! (local storage, keyboard shortcuts, the URL fragment, `beforeunload`, the theme).

use std::time::Duration;

use fwpolicy_core::Policy;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use std::rc::Rc;

use crate::components::header::header_widget;
use crate::dom;
use crate::html::{action_of, Markup};
use crate::keys::{self, Press, Shortcut};
use crate::pages::exceptions::ExceptionsPage;
use crate::pages::export::ExportPage;
use crate::pages::import::ImportPage;
use crate::pages::presets::PresetsPage;
use crate::pages::rollout::RolloutPage;
use crate::pages::settings::SettingsPage;
use crate::persist;
use crate::problems::Problems;
use crate::state::{AppState, Doc, Page, Storage};
use crate::theme::Theme;
use crate::ui::{block, dynamic, no_events, Handler};

/// Title of a new project.
pub const DEFAULT_TITLE: &str = "Windows Firewall policy";

/// What start-up found in local storage.
struct Boot {
    doc: Doc,
    carried_unexported: bool,
    notice: Option<String>,
    storage: Storage,
    /// False when an unreadable save could not be kept aside: autosave must not overwrite it.
    may_save: bool,
}

fn boot() -> Boot {
    let fresh = || Doc::new(Policy::default(), DEFAULT_TITLE);
    match dom::local_get(persist::KEY) {
        Err(why) => Boot {
            doc: fresh(),
            carried_unexported: false,
            notice: None,
            storage: Storage::InMemory(format!(
                "Autosave is off: {why}. Your work stays in this tab only; export it to keep it."
            )),
            may_save: false,
        },
        Ok(None) => Boot {
            doc: fresh(),
            carried_unexported: false,
            notice: None,
            storage: Storage::Saving,
            may_save: true,
        },
        Ok(Some(text)) => match persist::decode(&text) {
            Ok(r) => Boot {
                doc: Doc::from_project(r.project),
                carried_unexported: r.unexported,
                notice: Some("Your previous work was restored from this browser's storage.".into()),
                storage: Storage::Saving,
                may_save: true,
            },
            Err(problem) => {
                let key = persist::aside_key(&dom::local_keys(), dom::epoch_ms());
                match dom::local_set(&key, &text) {
                    Ok(()) => Boot {
                        doc: fresh(),
                        carried_unexported: false,
                        notice: Some(format!(
                            "{} It was kept aside unchanged under the storage key {key}; this page starts with an empty policy.",
                            problem.describe()
                        )),
                        storage: Storage::Saving,
                        may_save: true,
                    },
                    Err(why) => Boot {
                        doc: fresh(),
                        carried_unexported: false,
                        notice: Some(problem.describe()),
                        storage: Storage::InMemory(format!(
                            "Autosave is off so the unreadable save is not overwritten (it could not be copied aside: {why}). Export your work to keep it."
                        )),
                        may_save: false,
                    },
                }
            }
        },
    }
}

fn in_text_field(target: Option<web_sys::EventTarget>) -> bool {
    let Some(t) = target else { return false };
    if t.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some() {
        return true;
    }
    if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
        return !matches!(
            i.type_().as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "file"
        );
    }
    t.dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(|e| e.is_content_editable())
}

/// The editor.
#[component]
pub fn App() -> impl IntoView {
    let b = boot();
    let app = AppState::provide(b.doc);
    let store = app.store;
    let ui = app.ui;
    store.set_carried_unexported(b.carried_unexported);
    ui.storage.set(b.storage);
    ui.notice.set(b.notice);
    if let Some(p) = location_hash().as_deref().and_then(Page::from_slug) {
        ui.page.set(p);
    }

    // Autosave and problem list, shortly after the last change (keeps edits under a frame).
    let problems = app.problems;
    let may_save = b.may_save;
    let save_now = move || {
        if !may_save {
            return;
        }
        let unexported = store.unexported_untracked();
        let text = store.with_doc(|d| persist::encode(d, unexported));
        match dom::local_set(persist::KEY, &text) {
            Ok(()) => {
                if ui.storage.get_untracked() != Storage::Saving {
                    ui.storage.set(Storage::Saving);
                }
            }
            Err(why) => ui.storage.set(Storage::InMemory(format!(
                "Autosave failed: {why}. Your work stays in this tab only; export it to keep it."
            ))),
        }
    };
    let mut later = debounce(Duration::from_millis(300), move |()| {
        save_now();
        problems.set(store.peek(Problems::of));
    });
    Effect::new(move |_| {
        store.history(|_| ());
        store.title();
        later(());
    });

    // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y outside text fields.
    let keys = window_event_listener(ev::keydown, move |e| {
        let key = e.key();
        let press = Press {
            key: &key,
            ctrl: e.ctrl_key(),
            meta: e.meta_key(),
            shift: e.shift_key(),
            alt: e.alt_key(),
            in_text_field: in_text_field(e.target()),
        };
        match keys::shortcut(press) {
            Some(Shortcut::Undo) => {
                e.prevent_default();
                match store.undo() {
                    Some(d) => ui.say(format!("Undid: {d}")),
                    None => ui.say("Nothing to undo"),
                }
            }
            Some(Shortcut::Redo) => {
                e.prevent_default();
                match store.redo() {
                    Some(d) => ui.say(format!("Redid: {d}")),
                    None => ui.say("Nothing to redo"),
                }
            }
            None => {}
        }
    });
    // The URL fragment selects the page (links are plain relative `#page` anchors).
    let hash = window_event_listener(ev::hashchange, move |_| {
        if let Some(p) = location_hash().as_deref().and_then(Page::from_slug) {
            ui.page.set(p);
            request_animation_frame(|| {
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
                dom::focus_id("main");
            });
        }
    });
    // Warn before closing with unexported changes; save what is pending first.
    let unload = window_event_listener(ev::beforeunload, move |e| {
        save_now();
        if store.unexported_untracked() {
            e.prevent_default();
            e.set_return_value("You have changes that were not exported.");
        }
    });
    on_cleanup(move || {
        keys.remove();
        hash.remove();
        unload.remove();
    });

    // Theme: stored choice, applied as data-theme on <html>.
    let theme = RwSignal::new(Theme::parse(
        &dom::local_get(Theme::KEY)
            .ok()
            .flatten()
            .unwrap_or_default(),
    ));
    Effect::new(move |_| {
        let t = theme.get();
        dom::set_root_attr("data-theme", t.attr());
        let _ = dom::local_set(Theme::KEY, t.attr().unwrap_or("system"));
    });

    #[cfg(target_arch = "wasm32")]
    crate::bench::install(store);

    let (header, header_on) = header_widget(theme);
    let storage_banner = dom::live_markup(
        "banner-storage".into(),
        Box::new(move || {
            let mut m = Markup::new();
            if let Storage::InMemory(why) = ui.storage.get() {
                m.leaf("p", &[("class", "banner warn"), ("role", "alert")], &why);
            }
            m.finish()
        }),
    );
    let notice = dom::live_markup(
        "banner-notice".into(),
        Box::new(move || {
            let mut m = Markup::new();
            if let Some(n) = ui.notice.get() {
                m.open("div", &[("class", "banner info"), ("role", "note")])
                    .leaf("span", &[], &n)
                    .leaf(
                        "button",
                        &[("type", "button"), ("data-act", "dismiss")],
                        "Dismiss",
                    )
                    .close("div");
            }
            m.finish()
        }),
    );
    let mut top = Markup::new();
    top.leaf(
        "a",
        &[("class", "skip"), ("href", "#main")],
        "Skip to content",
    )
    .markup(&header)
    .open("div", &[("id", "banner-storage")])
    .markup(&storage_banner)
    .close("div")
    .open("div", &[("id", "banner-notice")])
    .markup(&notice)
    .close("div");
    let top_on: Handler = Rc::new(move |ev| {
        header_on(ev);
        if ev.type_() == "click" && matches!(action_of(ev), Some((act, _)) if act == "dismiss") {
            ui.notice.set(None);
        }
    });
    let status = dom::live_markup(
        "status-text".into(),
        Box::new(move || {
            let mut m = Markup::new();
            m.text(&ui.status.get());
            m.finish()
        }),
    );
    let saved = dom::live_markup(
        "storage-text".into(),
        Box::new(move || {
            match ui.storage.get() {
                Storage::Saving => "Saved in this browser",
                Storage::InMemory(_) => "Not saved (in memory only)",
            }
            .to_string()
        }),
    );
    let mut foot = Markup::new();
    foot.open("footer", &[("class", "statusbar")])
        .open(
            "p",
            &[
                ("role", "status"),
                ("aria-live", "polite"),
                ("class", "status"),
                ("id", "status-text"),
            ],
        )
        .markup(&status)
        .close("p")
        .open("p", &[("class", "storage"), ("id", "storage-text")])
        .markup(&saved)
        .close("p")
        .close("footer");

    let page = dynamic(Box::new(move || match ui.page.get() {
        Page::Settings => SettingsPage().into_any(),
        Page::Exceptions => ExceptionsPage().into_any(),
        Page::Presets => PresetsPage().into_any(),
        Page::Import => ImportPage().into_any(),
        Page::Export => ExportPage().into_any(),
        Page::Rollout => RolloutPage().into_any(),
    }));
    view! {
        {block("", "shell-top".into(), top.finish(), top_on)}
        <main id="main" tabindex="-1">{page}</main>
        {block("", "shell-foot".into(), foot.finish(), no_events())}
    }
}
