//! Browser glue: local storage (gloo-storage), downloads (gloo-file's `Blob` and
//! `ObjectUrl`), reading files (gloo-file), the clipboard, focus and the clock. Every function
//! fails softly (returns an error or `None`) so the editor keeps working when a browser
//! feature is missing. Nothing here is called by host tests.

use std::time::Duration;

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};

/// Local storage, when this browser offers it and lets the page use it (gloo-storage's
/// accessors assume it does).
fn storage() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err("this browser has no local storage".into()),
        Err(e) => Err(js_error(&e, "local storage is blocked")),
    }
}

/// The text of a JS exception (or `fallback`).
pub fn js_error(e: &JsValue, fallback: &str) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| fallback.to_string())
}

/// Reads a local-storage key as text (the autosave envelope is text, not JSON).
pub fn local_get(key: &str) -> Result<Option<String>, String> {
    storage()?;
    LocalStorage::raw()
        .get_item(key)
        .map_err(|e| js_error(&e, "reading local storage failed"))
}

/// Writes a local-storage key as text (fails when storage is full or blocked).
pub fn local_set(key: &str, value: &str) -> Result<(), String> {
    storage()?;
    LocalStorage::raw().set_item(key, value).map_err(|e| {
        let msg = js_error(&e, "writing local storage failed");
        if msg.to_ascii_lowercase().contains("quota") {
            "the browser's storage for this page is full".to_string()
        } else {
            msg
        }
    })
}

/// Reads a value stored as JSON (the theme), `None` when absent, unreadable or blocked.
pub fn local_get_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    storage().ok()?;
    LocalStorage::get(key).ok()
}

/// Stores a value as JSON (the theme); a failure only loses the preference.
pub fn local_set_json<T: serde::Serialize>(key: &str, value: &T) {
    if storage().is_ok() {
        let _ = LocalStorage::set(key, value);
    }
}

/// All local-storage keys.
pub fn local_keys() -> Vec<String> {
    if storage().is_err() {
        return Vec::new();
    }
    let s = LocalStorage::raw();
    (0..LocalStorage::length())
        .filter_map(|i| s.key(i).ok().flatten())
        .collect()
}

/// Milliseconds since page load (high resolution).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Milliseconds since the epoch.
pub fn epoch_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Offers bytes as a file download: a gloo-file `Blob` behind an `ObjectUrl`, clicked through
/// a hidden link. The URL is revoked (the `ObjectUrl` dropped) a minute later; revoking at
/// once can cancel the download in some browsers.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let blob = gloo_file::Blob::new_with_options(bytes, Some(mime));
    let url = gloo_file::ObjectUrl::from(blob);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_error(&e, "could not create a link"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = document.body().ok_or("no page body")?;
    body.append_child(&a)
        .map_err(|e| js_error(&e, "could not add the link"))?;
    a.click();
    let _ = body.remove_child(&a);
    gloo_timers::callback::Timeout::new(Duration::from_secs(60).as_millis() as u32, move || {
        drop(url)
    })
    .forget();
    Ok(())
}

/// Reads a dropped or picked file's bytes (gloo-file).
pub async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    gloo_file::futures::read_as_bytes(&gloo_file::File::from(file))
        .await
        .map_err(|e| format!("the file could not be read ({e})"))
}

/// Copies text to the clipboard.
pub async fn copy_text(text: String) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| js_error(&e, "the browser refused to copy"))
}

/// Moves keyboard focus to the element with this id, if present.
pub fn focus_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Scrolls to the top and moves focus to the page's heading (`main h1`) without scrolling,
/// so a page opened by a link or an action starts at its top with the app bar above it.
pub fn show_page_top() {
    let Some(w) = web_sys::window() else { return };
    w.scroll_to_with_x_and_y(0.0, 0.0);
    let heading = w
        .document()
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h) = heading {
        if !h.has_attribute("tabindex") {
            let _ = h.set_attribute("tabindex", "-1");
        }
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = h.focus_with_options(&options);
    }
}

/// Closes the app bar's open popover (`<details open>`), if any, and focuses its summary.
/// Returns false when none was open.
pub fn close_popover() -> bool {
    let open = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".topbar details[open]").ok().flatten());
    let Some(details) = open else { return false };
    let _ = details.remove_attribute("open");
    if let Some(summary) = details
        .query_selector("summary")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = summary.focus();
    }
    true
}

/// Whether a media query matches now, and a listener that calls `changed` with the new answer
/// whenever it changes (kept alive by the caller; dropping it stops listening).
pub fn watch_media(
    query: &str,
    changed: impl Fn(bool) + 'static,
) -> (bool, Option<gloo_events::EventListener>) {
    let Some(list) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else {
        return (false, None);
    };
    let now = list.matches();
    let target = list.clone();
    let listener =
        gloo_events::EventListener::new(&list, "change", move |_| changed(target.matches()));
    (now, Some(listener))
}

/// Moves focus to the element with this id after the next frame (once a re-render placed it).
pub fn focus_id_soon(id: String) {
    leptos::prelude::request_animation_frame(move || focus_id(&id));
}

/// Moves focus to the element with this id two frames from now: after a page switch has drawn
/// the new page and [`show_page_top`] has focused its heading (a jump to a setting or row).
pub fn focus_id_after_page_switch(id: String) {
    leptos::prelude::request_animation_frame(move || focus_id_soon(id));
}

/// Now in UTC, as the report's sign-off block shows it (`2026-12-06 20:15 UTC`), the same
/// text `fwpolicy convert` writes.
pub fn utc_now_text() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        d.get_utc_full_year(),
        d.get_utc_month() + 1,
        d.get_utc_date(),
        d.get_utc_hours(),
        d.get_utc_minutes()
    )
}

/// The element that has focus.
pub fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Sets (or removes, for `None`) an attribute on `<html>`.
pub fn set_root_attr(name: &str, value: Option<&str>) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

/// The page's URL fragment (`#exceptions`), empty when there is none.
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without its fragment (the base of a share link).
pub fn location_without_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Replaces the URL fragment without a new history entry and without a `hashchange` (a share
/// link's policy is not kept in the address bar or the back button once it was read).
pub fn replace_location_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        let url = format!(
            "{}#{}",
            location_without_hash(),
            hash.trim_start_matches('#')
        );
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// Sets the page's URL fragment (the app follows it to the page).
pub fn set_location_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash);
    }
}
