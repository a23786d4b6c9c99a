//! # fwpolicy-app
//!
//! The fwpolicy editor: a Leptos CSR single-page app in which an admin edits a Windows
//! Firewall Group Policy, imports and exports every format, all in the browser.
//!
//! Invariants:
//! * Components hold no domain logic: every change is a `fwpolicy_core::model::edit::Edit` applied
//!   through the one root [`state::Store`]; parsing, validation, exports and lint are `core`
//!   calls.
//! * Every piece of UI is a Leptos component written with `view!` (Leptos escapes all text and
//!   attributes); no HTML is ever built as a string.
//! * No request leaves the page's origin; at run time only the site's own modules loaded on
//!   first use are fetched (the format engine, `engine`; the Rollout view, `lazy`).
//! * The pure helpers (`table`, `forms`, `persist`, `keys`, `problems`, `theme`, `export`,
//!   `import`) are tested on the host; browser glue (gloo) lives in `dom` and `app`.

#![recursion_limit = "256"]

pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod bench;
pub mod components;
pub mod dom;
pub mod engine;
pub mod export;
pub mod forms;
pub mod import;
pub mod keys;
pub mod lazy;
pub mod pages;
pub mod persist;
pub mod problems;
pub mod rollout_module;
pub mod sample;
pub mod state;
pub mod table;
pub mod theme;

pub use app::App;

/// Mounts the editor on `<body>`, removes the static loading note and marks the moment the
/// editor is ready (`performance.mark("fwpolicy-ready")`, read by the browser tests).
pub fn run() {
    leptos::mount::mount_to_body(App);
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Some(note) = doc.get_element_by_id("boot-note") {
            note.remove();
        }
    }
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark("fwpolicy-ready");
    }
}
