//! A modal dialog on the native `<dialog>` element: `showModal()` makes the rest of the page
//! inert (focus stays inside), Escape closes it, and focus returns to where it was.

use leptos::html;
use leptos::prelude::*;

use crate::dom;

/// A modal dialog named by its heading, open while `open` is true. Closing it (the Close
/// button, Escape) calls `on_close`; the owner then sets `open` to false.
#[component]
pub fn Dialog(
    /// Element id (its heading is `<id>-title`).
    #[prop(into)]
    id: String,
    /// The heading, which names the dialog.
    #[prop(into)]
    title: String,
    /// Shown (modal) while true.
    #[prop(into)]
    open: Signal<bool>,
    /// Called when the admin closes the dialog.
    on_close: Callback<()>,
    /// The body.
    children: ChildrenFn,
) -> impl IntoView {
    let node: NodeRef<html::Dialog> = NodeRef::new();
    let opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage> =
        StoredValue::new_local(None);
    // The top layer is the outside world: show or close the element as `open` says.
    Effect::new(move |_| {
        let is_open = open.get();
        let Some(d) = node.get() else { return };
        if is_open {
            if !d.open() {
                opener.set_value(dom::active_element());
                let _ = d.show_modal();
            }
        } else {
            if d.open() {
                d.close();
            }
            if let Some(el) = opener.try_update_value(Option::take).flatten() {
                let _ = el.focus();
            }
        }
    });
    let title_id = format!("{id}-title");
    let labelled = title_id.clone();
    let body_id = format!("{id}-body");
    view! {
        <dialog
            node_ref=node
            id=id
            aria-labelledby=labelled
            aria-modal="true"
            on:close=move |_| on_close.run(())
        >
            <div class="dialog-head">
                <h2 id=title_id>{title}</h2>
                <button type="button" class="icon" aria-label="Close" on:click=move |_| on_close.run(())>
                    "×"
                </button>
            </div>
            <div class="dialog-body" id=body_id>
                <Show when=move || open.get()>{children()}</Show>
            </div>
        </dialog>
    }
}
