//! Browser glue: local storage, downloads, clipboard, clock. Every function fails softly
//! (returns an error or `None`) so the editor keeps working when a browser feature is missing.
//! Nothing here is called by host tests.

use wasm_bindgen::{JsCast, JsValue};

fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
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

/// Reads a local-storage key.
pub fn local_get(key: &str) -> Result<Option<String>, String> {
    storage()?
        .get_item(key)
        .map_err(|e| js_error(&e, "reading local storage failed"))
}

/// Writes a local-storage key (fails when storage is full or blocked).
pub fn local_set(key: &str, value: &str) -> Result<(), String> {
    storage()?.set_item(key, value).map_err(|e| {
        let msg = js_error(&e, "writing local storage failed");
        if msg.to_ascii_lowercase().contains("quota") {
            "the browser's storage for this page is full".to_string()
        } else {
            msg
        }
    })
}

/// All local-storage keys.
pub fn local_keys() -> Vec<String> {
    let Ok(s) = storage() else {
        return Vec::new();
    };
    let n = s.length().unwrap_or(0);
    (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
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

/// Offers bytes as a file download.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|e| js_error(&e, "could not create the file"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| js_error(&e, "could not create the download"))?;
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
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoking at once can cancel the download in some browsers; a minute is plenty.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// Copies text to the clipboard; the callback gets the outcome.
pub fn copy_text(text: &str, done: impl FnOnce(Result<(), String>) + 'static) {
    let Some(window) = web_sys::window() else {
        done(Err("no window".into()));
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let r = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(|_| ())
            .map_err(|e| js_error(&e, "the browser refused to copy"));
        done(r);
    });
}

/// Reads a file's bytes; the callback gets them or an error.
pub fn read_file(file: web_sys::File, done: impl FnOnce(Result<Vec<u8>, String>) + 'static) {
    let promise = file.array_buffer();
    wasm_bindgen_futures::spawn_local(async move {
        let r = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(|buf| js_sys::Uint8Array::new(&buf).to_vec())
            .map_err(|e| js_error(&e, "the file could not be read"));
        done(r);
    });
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

/// A reactive markup region (see [`crate::html`]): returns `render()`'s first markup, to be
/// written inside the element with this id, and keeps that element's inside equal to
/// `render()` afterwards: re-rendered when what `render` reads changes, replaced only when
/// the markup differs, and the control that had focus inside gets it back by its id.
pub fn live_markup(id: String, render: Box<dyn Fn() -> String>) -> String {
    let first = leptos::prelude::untrack(&render);
    keep(id, Bind::Inner, render, Some(first.clone()));
    first
}

/// What a [`bind`] keeps in step on its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bind {
    /// The inside (markup; the focused control keeps focus by its id).
    Inner,
    /// An attribute, set to the text.
    Attr(&'static str),
    /// The `value` property of a field (left alone while it already holds the text, so typing
    /// is never disturbed).
    Value,
    /// A boolean property (`disabled`, `checked`, `hidden`): true when the text is `"true"`.
    Flag(&'static str),
    /// A class, present when the text is `"true"`.
    Class(&'static str),
    /// A CSS property set through the element's style object (allowed by the page's
    /// Content-Security-Policy, unlike a `style` attribute).
    Style(&'static str),
}

/// Keeps one attribute or property of the element with this id equal to `value()` (for
/// controls written as markup, see [`crate::html`]). Runs after the element is mounted and
/// whenever what `value` reads changes.
pub fn bind(id: String, what: Bind, value: Box<dyn Fn() -> String>) {
    keep(id, what, value, None);
}

fn keep(id: String, what: Bind, value: Box<dyn Fn() -> String>, seed: Option<String>) {
    leptos::prelude::Effect::new(move |prev: Option<String>| {
        let v = value();
        let shown = prev.or_else(|| seed.clone());
        if shown.as_deref() == Some(v.as_str()) {
            return v;
        }
        let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        else {
            return shown.unwrap_or_default();
        };
        let on = v == "true";
        match what {
            Bind::Inner => {
                let focused = active_element()
                    .filter(|a| el.contains(Some(a)))
                    .map(|a| a.id())
                    .filter(|id| !id.is_empty());
                el.set_inner_html(&v);
                if let Some(f) = focused {
                    focus_id(&f);
                }
            }
            Bind::Attr(name) => {
                let _ = el.set_attribute(name, &v);
            }
            Bind::Value => {
                let key = JsValue::from_str("value");
                let now = js_sys::Reflect::get(&el, &key)
                    .ok()
                    .and_then(|x| x.as_string());
                if now.as_deref() != Some(v.as_str()) {
                    let _ = js_sys::Reflect::set(&el, &key, &JsValue::from_str(&v));
                }
            }
            Bind::Flag(name) => {
                let _ =
                    js_sys::Reflect::set(&el, &JsValue::from_str(name), &JsValue::from_bool(on));
            }
            Bind::Class(name) => {
                let _ = el.class_list().toggle_with_force(name, on);
            }
            Bind::Style(name) => {
                if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = h.style().set_property(name, &v);
                }
            }
        }
        v
    });
}
/// The text of the field that fired an `input` or `change` event (`value`, or `checked` as
/// `"true"`/`"false"` for check boxes).
pub fn field_value(ev: &web_sys::Event) -> String {
    let Some(t) = ev.target() else {
        return String::new();
    };
    if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
        if i.type_() == "checkbox" {
            return i.checked().to_string();
        }
    }
    js_sys::Reflect::get(&t, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// An attribute of the element an event happened on.
pub fn target_attr(ev: &web_sys::Event, name: &str) -> Option<String> {
    ev.target()?
        .dyn_ref::<web_sys::Element>()?
        .get_attribute(name)
}
