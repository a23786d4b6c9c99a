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

/// What a block does with an event (click, input, change, submit, keydown, scroll, drag,
/// dialog close): it reads `ev.type_()` and the control's `data-act`.
pub type Handler = Rc<dyn Fn(&web_sys::Event)>;

/// A handler that ignores every event.
pub fn no_events() -> Handler {
    Rc::new(|_| {})
}

/// A `<div>` with this class and id holding `markup`, whose events go to `on`. Events are
/// caught on the way down (capture), so those that do not bubble (scroll, a dialog's
/// `close`, or an `input` dispatched by a script) reach the handler too.
pub fn block(class: &'static str, id: String, markup: String, on: Handler) -> AnyView {
    let h = [
        on.clone(),
        on.clone(),
        on.clone(),
        on.clone(),
        on.clone(),
        on.clone(),
        on.clone(),
        on.clone(),
        on.clone(),
        on,
    ];
    let [a, b, c, d, e, f, g, i, j, k] = h;
    view! {
        <div
            class=class
            id=id
            inner_html=markup
            on:click:target:capture=move |ev| a(&ev.into_inner())
            on:input:target:capture=move |ev| b(&ev.into_inner())
            on:change:target:capture=move |ev| c(&ev.into_inner())
            on:submit:target:capture=move |ev| d(&ev.into_inner())
            on:keydown:target:capture=move |ev| e(&ev.into_inner())
            on:scroll:target:capture=move |ev| f(&ev.into_inner())
            on:dragover:target:capture=move |ev| g(&ev.into_inner())
            on:dragleave:target:capture=move |ev| i(&ev.into_inner())
            on:drop:target:capture=move |ev| j(&ev.into_inner())
            on:close:target:capture=move |ev| k(&ev.into_inner())
        ></div>
    }
    .into_any()
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
