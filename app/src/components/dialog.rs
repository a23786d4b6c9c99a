//! A modal dialog on the native `<dialog>` element: `showModal()` makes the rest of the page
//! inert (focus stays inside), Escape closes it, and focus returns to where it was.
//!
//! Written as markup ([`dialog_markup`]) inside a block: its body is a live region, its Close
//! button has `data-act="dialog-close"`, and [`sync`] opens and closes the element as a
//! signal says. The block's handler passes the dialog's `close` event to [`closed`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::dom;
use crate::html::Markup;

/// The dialog (`id`, its heading `<id>-title`, its body `<id>-body` holding `body`).
pub fn dialog_markup(id: &str, title: &str, body: &str) -> String {
    let title_id = format!("{id}-title");
    let mut m = Markup::new();
    m.open(
        "dialog",
        &[
            ("id", id),
            ("aria-labelledby", &title_id),
            ("aria-modal", "true"),
        ],
    )
    .open("div", &[("class", "dialog-head")])
    .leaf("h2", &[("id", &title_id)], title)
    .leaf(
        "button",
        &[
            ("type", "button"),
            ("class", "icon"),
            ("aria-label", "Close"),
            ("data-act", "dialog-close"),
        ],
        "×",
    )
    .close("div")
    .open(
        "div",
        &[("class", "dialog-body"), ("id", &format!("{id}-body"))],
    )
    .markup(body)
    .close("div")
    .close("dialog");
    m.finish()
}

fn dialog(id: &str) -> Option<web_sys::HtmlDialogElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into()
        .ok()
}

/// Shows the dialog with this id (modal, remembering what had focus) while `open()` is
/// true, and closes it otherwise.
pub fn sync(id: String, open: Box<dyn Fn() -> bool>) {
    let opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        let is_open = open();
        let Some(d) = dialog(&id) else { return };
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
}

/// The id of the dialog a `close` event (Escape) came from, if it was one.
pub fn closed(ev: &web_sys::Event) -> Option<String> {
    (ev.type_() == "close").then(|| {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|e| e.id())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dialog_is_named_by_its_heading_and_has_a_close_button() {
        let m = dialog_markup("paste-preview", "Paste preview", "<p>x</p>");
        assert!(m.starts_with(
            "<dialog id=\"paste-preview\" aria-labelledby=\"paste-preview-title\" aria-modal=\"true\">"
        ));
        assert!(m.contains("aria-label=\"Close\" data-act=\"dialog-close\">×</button>"));
        assert!(m.ends_with(
            "<div class=\"dialog-body\" id=\"paste-preview-body\"><p>x</p></div></dialog>"
        ));
    }
}
