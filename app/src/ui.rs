//! The one Leptos element most of the editor is made of.
//!
//! Size trick: every `view!` site costs wasm code (element, attribute and child types,
//! erased boxes, event wrappers), so the editor's parts are markup (see [`crate::html`])
//! inside [`block`]s: one `<div>` type, one attribute list, one listener per event kind, all
//! handing the event to the part's own handler, which reads the control's `data-act`. What
//! changes afterwards is kept in step by [`crate::dom::live_markup`] and
//! [`crate::dom::bind`]. A part costs its markup and its handler, not a view tree.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// What a block does with an event (click, input, change, submit, keydown, scroll, drag,
/// dialog close): it reads `ev.type_()` and the control's `data-act`.
pub type Handler = Rc<dyn Fn(&web_sys::Event)>;

/// A handler that ignores every event.
pub fn no_events() -> Handler {
    Rc::new(|_| {})
}

/// The events a block hands to its handler.
const EVENTS: [&str; 10] = [
    "click",
    "input",
    "change",
    "submit",
    "keydown",
    "scroll",
    "dragover",
    "dragleave",
    "drop",
    "close",
];

/// Adds one capture listener per event kind of [`EVENTS`] to a block's element, calling
/// `on`; the listener lives as long as the block (it is dropped with the block's owner).
fn listen(el: web_sys::Element, on: Handler) {
    let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| on(&ev));
    for name in EVENTS {
        let _ =
            el.add_event_listener_with_callback_and_bool(name, cb.as_ref().unchecked_ref(), true);
    }
    let _kept = StoredValue::new_local(cb);
}

/// A `<div>` with this class and id holding `markup`, whose events go to `on`. Events are
/// caught on the way down (capture), so those that do not bubble (scroll, a dialog's
/// `close`, or an `input` dispatched by a script) reach the handler too.
pub fn block(class: &'static str, id: String, markup: String, on: Handler) -> AnyView {
    view! { <div class=class id=id inner_html=markup use:listen=on></div> }.into_any()
}

/// A part of the page that is rebuilt whenever what `f` reads changes (a page, a profile's
/// sections, a form reopened with new values).
pub fn dynamic(f: Box<dyn Fn() -> AnyView + Send + Sync>) -> AnyView {
    view! { {move || f()} }.into_any()
}

/// `<section class=… aria-labelledby=…>` around other parts.
pub fn section(class: &'static str, labelledby: String, children: Vec<AnyView>) -> AnyView {
    view! { <section class=class aria-labelledby=labelledby>{children}</section> }.into_any()
}
