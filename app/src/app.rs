//! The root component: restores the autosave, provides the state and wires the outside world
//! (local storage, keyboard shortcuts, the URL fragment, `beforeunload`, the theme).

use fwpolicy_core::Policy;
use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::header::Header;
use crate::dom;
use crate::keys::{self, Press, Shortcut};
use crate::pages::compare::ComparePage;
use crate::pages::exceptions::ExceptionsPage;
use crate::pages::export::ExportPage;
use crate::pages::exposure::ExposurePage;
use crate::pages::import::ImportPage;
use crate::pages::presets::PresetsPage;
use crate::pages::resultant::ResultantPage;
use crate::pages::rollout_host::RolloutHost;
use crate::pages::settings::SettingsPage;
use crate::persist;
use crate::problems::Problems;
use crate::state::{AppState, Doc, Page, Storage};
use crate::theme::Theme;

/// Milliseconds after the last change before autosave and lint run (keeps an edit within a
/// frame).
pub const SETTLE_MS: u32 = 300;

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

/// True for a URL fragment that carries a share link (`#p=…`).
fn share_link(hash: &str) -> bool {
    hash.starts_with("#p=")
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
    if let Some(p) = Page::from_slug(&dom::location_hash()) {
        ui.page.set(p);
    }
    // A share link (`#p=…`): previewed on the Import page, applied only on the admin's yes.
    let open_link = move |hash: String| {
        if !share_link(&hash) {
            return false;
        }
        ui.incoming_link.set(Some(hash));
        ui.page.set(Page::Import);
        dom::replace_location_hash(Page::Import.slug());
        true
    };
    open_link(dom::location_hash());

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
    // gloo-timers debounce: a new change drops (cancels) the pending timeout.
    let pending: StoredValue<Option<Timeout>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        store.history(|_| ());
        store.title();
        let t = Timeout::new(SETTLE_MS, move || {
            save_now();
            problems.set(store.peek(Problems::of));
        });
        pending.set_value(Some(t));
    });

    // Every page switch (a link, an action that opens a page, the URL fragment) starts at the
    // page's top with its heading focused, once the new page is drawn. Not on start-up.
    // The address follows a page opened by an action (a preset applied, an import, the merged
    // policy opened), so the page's link works again right after (a link to the fragment the
    // address already has fires no `hashchange`).
    Effect::new(move |first: Option<()>| {
        let page = ui.page.get();
        if first.is_some() {
            request_animation_frame(dom::show_page_top);
            let hash = dom::location_hash();
            if Page::from_slug(&hash) != Some(page)
                && !hash.trim_start_matches('#').starts_with("p=")
            {
                dom::replace_location_hash(page.slug());
            }
        }
    });

    let window = web_sys::window();
    let mut listeners = Vec::new();
    if let Some(w) = &window {
        // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y outside text fields.
        listeners.push(EventListener::new_with_options(
            w,
            "keydown",
            EventListenerOptions::enable_prevent_default(),
            move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
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
                    Some(Shortcut::Close) if dom::close_popover() => e.prevent_default(),
                    Some(Shortcut::Close) => {}
                    Some(Shortcut::Redo) => {
                        e.prevent_default();
                        match store.redo() {
                            Some(d) => ui.say(format!("Redid: {d}")),
                            None => ui.say("Nothing to redo"),
                        }
                    }
                    None => {}
                }
            },
        ));
        // The URL fragment selects the page (links are plain relative `#page` anchors).
        listeners.push(EventListener::new(w, "hashchange", move |_| {
            if open_link(dom::location_hash()) {
                return;
            }
            // Only a different page: the same one again would draw the page anew and drop
            // what it was doing (a shared link being read when the app started between the
            // address change and its `hashchange`).
            if let Some(p) = Page::from_slug(&dom::location_hash()) {
                if ui.page.get_untracked() != p {
                    ui.page.set(p);
                }
            }
        }));
        // Warn before closing with unexported changes; save what is pending first.
        listeners.push(EventListener::new_with_options(
            w,
            "beforeunload",
            EventListenerOptions::enable_prevent_default(),
            move |e| {
                save_now();
                if store.unexported_untracked() {
                    e.prevent_default();
                    if let Some(e) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                        e.set_return_value("You have changes that were not exported.");
                    }
                }
            },
        ));
    }
    // A new version of the site was installed by the service worker (app/boot.js): say so.
    if let Some(w) = &window {
        listeners.push(EventListener::new(w, "fwpolicy-update-ready", move |_| {
            ui.notice.set(Some(
                "A new version of fwpolicy is ready: reload the page to use it (your work is saved in this browser)."
                    .into(),
            ));
        }));
    }
    // Dropped (and so removed) with the app.
    let _listeners = StoredValue::new_local(listeners);

    // Theme: stored choice (gloo-storage), applied as data-theme on <html>.
    let theme = RwSignal::new(Theme::parse(
        &dom::local_get_json::<String>(Theme::KEY).unwrap_or_default(),
    ));
    Effect::new(move |_| {
        let t = theme.get();
        dom::set_root_attr("data-theme", t.attr());
        dom::local_set_json(Theme::KEY, &t.attr().unwrap_or("system"));
    });

    #[cfg(target_arch = "wasm32")]
    crate::bench::install(store);

    // The page drawn: a memo, so setting the page it already shows never draws it anew.
    let shown = Memo::new(move |_| ui.page.get());
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <Header theme=theme />
        {move || match ui.storage.get() {
            Storage::InMemory(why) => Some(view! { <p class="banner warn" role="alert">{why}</p> }),
            Storage::Saving => None,
        }}
        {move || {
            ui.notice
                .get()
                .map(|n| {
                    view! {
                        <div class="banner info" role="note">
                            <span>{n}</span>
                            <button type="button" on:click=move |_| ui.notice.set(None)>
                                "Dismiss"
                            </button>
                        </div>
                    }
                })
        }}
        <main id="main" tabindex="-1">
            {move || match shown.get() {
                Page::Settings => view! { <SettingsPage /> }.into_any(),
                Page::Exceptions => view! { <ExceptionsPage /> }.into_any(),
                Page::Presets => view! { <PresetsPage /> }.into_any(),
                Page::Import => view! { <ImportPage /> }.into_any(),
                Page::Export => view! { <ExportPage /> }.into_any(),
                Page::Rollout => view! { <RolloutHost /> }.into_any(),
                Page::Compare => view! { <ComparePage /> }.into_any(),
                Page::Resultant => view! { <ResultantPage /> }.into_any(),
                Page::Exposure => view! { <ExposurePage /> }.into_any(),
            }}
        </main>
        <footer class="statusbar">
            <p role="status" aria-live="polite" class="status" id="status-text">
                {move || ui.status.get()}
            </p>
            <p class="storage" id="storage-text">
                {move || match ui.storage.get() {
                    Storage::Saving => "Saved in this browser",
                    Storage::InMemory(_) => "Not saved (in memory only)",
                }}
            </p>
        </footer>
    }
}
