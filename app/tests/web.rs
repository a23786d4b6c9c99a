//! Browser tests of the app, run by `wasm-bindgen-test-runner` in headless Chromium and in
//! headless Firefox (`cargo xtask test`; capabilities in `app/webdriver.json`).
//!
//! Scaffolding for now: proves that a Leptos view mounts in a real browser DOM and reacts to a
//! click. The editor's own component tests go next to it. After an event, await
//! `leptos::task::tick()` before asserting on the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh `<div>` in the page's body to mount a view into.
fn host() -> HtmlElement {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document");
    let host = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("appending the host");
    host.unchecked_into()
}

fn button_in(host: &HtmlElement) -> HtmlElement {
    host.query_selector("button")
        .expect("a valid selector")
        .expect("the button")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn a_leptos_button_counts_clicks_in_the_real_dom() {
    let host = host();
    let count = RwSignal::new(0);
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! { <button on:click=move |_| count.update(|n| *n += 1)>"Clicked " {move || count.get()}</button> }
    });
    let button = button_in(&host);
    assert_eq!(button.text_content().as_deref(), Some("Clicked 0"));

    button.click();
    button.click();
    leptos::task::tick().await;

    assert_eq!(button.text_content().as_deref(), Some("Clicked 2"));
    assert_eq!(count.get_untracked(), 2);
}
