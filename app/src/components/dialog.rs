//! A modal dialog on the native `<dialog>` element: `showModal()` makes the rest of the page
//! inert (focus stays inside), Escape closes it, and focus returns to where it was.
//!
//! Its body is markup (a live region, see [`crate::html`]); a click on a control with a
//! `data-act` inside it is reported through `on_act`.

use leptos::html;
use leptos::prelude::*;

use crate::dom;
use crate::html::action_of;

/// A modal dialog shown while `open` is true.
#[component]
pub fn Modal(
    /// Element id (its heading gets `<id>-title`, its body `<id>-body`).
    #[prop(into)]
    id: String,
    /// Dialog title (its accessible name).
    #[prop(into)]
    title: String,
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// Called when the dialog closes (Escape, the Close button or the caller).
    on_close: Callback<()>,
    /// The body's markup (empty while closed).
    body: Box<dyn Fn() -> String>,
    /// Called with the `data-act` of a control clicked in the body.
    on_act: Callback<String>,
) -> impl IntoView {
    let node: NodeRef<html::Dialog> = NodeRef::new();
    let opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage> =
        StoredValue::new_local(None);
    // Sync the DOM dialog with `open` (outside state: the browser's top layer and focus).
    Effect::new(move |_| {
        let Some(d) = node.get() else { return };
        if open.get() {
            if !d.open() {
                opener.set_value(dom::active_element());
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
    let title_id = format!("{id}-title");
    let labelled = title_id.clone();
    let body_id = format!("{id}-body");
    let initial = dom::live_markup(body_id.clone(), body);
    view! {
        <dialog
            id=id
            node_ref=node
            aria-labelledby=labelled
            aria-modal="true"
            on:close:target=move |_| {
                if let Some(el) = opener.try_update_value(Option::take).flatten() {
                    let _ = el.focus();
                }
                if open.get_untracked() {
                    on_close.run(());
                }
            }
        >
            <div class="dialog-head">
                <h2 id=title_id>{title}</h2>
                <button type="button" class="icon" aria-label="Close" on:click:target=move |_| on_close.run(())>"×"</button>
            </div>
            <div
                class="dialog-body"
                id=body_id
                inner_html=initial
                on:click:target=move |ev| {
                    if let Some((act, _)) = action_of(&ev) {
                        on_act.run(act);
                    }
                }
            ></div>
        </dialog>
    }
}
