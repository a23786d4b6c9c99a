//! DOM tests of the editor's components in a real browser (headless Chromium and Firefox via
//! `wasm-bindgen-test-runner`). The logic is tested on the host; these prove the wiring:
//! a Leptos view mounts and reacts to clicks, radio groups report the state picked, the scope
//! editor refuses a bad scope and explains it, and the exception table renders only the
//! visible rows of a long list.
#![cfg(target_arch = "wasm32")]

use fwpolicy_app::components::exception_table::ExceptionTable;
use fwpolicy_app::components::scope_editor::ScopeEditor;
use fwpolicy_app::components::tri_state::TriState;
use fwpolicy_app::sample;
use fwpolicy_app::state::{AppState, Doc};
use fwpolicy_core::model::edit::ListKind;
use fwpolicy_core::{ProfileKind, Scope, State};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

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

/// Lets effects run: a view created by an effect sets its properties in a later task.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn all(host: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = host.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

fn input(host: &HtmlElement, selector: &str) -> HtmlInputElement {
    host.query_selector(selector)
        .expect("a valid selector")
        .expect("the input")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn a_leptos_button_counts_clicks_in_the_real_dom() {
    let host = host();
    let count = RwSignal::new(0);
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! { <button on:click=move |_| count.update(|n| *n += 1)>"Clicked " {move || count.get()}</button> }
    });
    let button = all(&host, "button").remove(0);
    assert_eq!(button.text_content().as_deref(), Some("Clicked 0"));

    button.click();
    button.click();
    leptos::task::tick().await;

    assert_eq!(button.text_content().as_deref(), Some("Clicked 2"));
    assert_eq!(count.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn tri_state_reports_the_radio_picked_and_follows_the_state() {
    let host = host();
    let state = RwSignal::new(State::NotConfigured);
    let picked = RwSignal::new(None::<State>);
    let _m = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <TriState
                legend="Windows Firewall: Protect all network connections"
                name="t"
                state=state
                on_change=Callback::new(move |s| picked.set(Some(s)))
            />
        }
    });
    let radios = all(&host, "input[type=radio]");
    assert_eq!(radios.len(), 3);
    let legend = host
        .query_selector("legend")
        .ok()
        .flatten()
        .and_then(|l| l.text_content());
    assert_eq!(
        legend.as_deref(),
        Some("Windows Firewall: Protect all network connections")
    );
    radios[2].click();
    settle().await;
    assert_eq!(picked.get_untracked(), Some(State::Disabled));
    state.set(State::Enabled);
    settle().await;
    let checked: Vec<bool> = all(&host, "input[type=radio]")
        .into_iter()
        .map(|r| r.unchecked_into::<HtmlInputElement>().checked())
        .collect();
    assert_eq!(checked, vec![false, true, false]);
}

#[wasm_bindgen_test]
async fn scope_editor_explains_a_bad_scope_and_reports_a_good_one() {
    let host = host();
    let reported = RwSignal::new(Vec::<Option<Scope>>::new());
    let _m = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <ScopeEditor
                id="s"
                legend="Scope"
                value=Signal::stored(Scope::local_subnet())
                live=true
                on_change=Callback::new(move |s| reported.update(|r| r.push(s)))
            />
        }
    });
    let radios = all(&host, "input[type=radio]");
    radios[2].click(); // Custom list
    settle().await;
    let text = input(&host, "#s-text");
    assert_eq!(text.value(), "localsubnet");
    text.set_value("10.0.0.1,10.0.0.300");
    text.dispatch_event(&web_sys::Event::new("input").expect("an event"))
        .expect("dispatch");
    settle().await;
    let messages = host
        .query_selector("#s-msg")
        .ok()
        .flatten()
        .and_then(|m| m.text_content())
        .unwrap_or_default();
    assert!(
        messages.contains("scope item 10.0.0.300 is not an IPv4 address"),
        "{messages}"
    );
    assert_eq!(text.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(reported.get_untracked().last(), Some(&None));
    text.set_value("10.0.0.1, 10.2.3.0/24");
    text.dispatch_event(&web_sys::Event::new("input").expect("an event"))
        .expect("dispatch");
    settle().await;
    let last = reported.get_untracked().last().cloned().flatten();
    assert_eq!(
        last.map(|s| s.to_string()).as_deref(),
        Some("10.0.0.1,10.2.3.0/24")
    );
    assert_eq!(text.get_attribute("aria-invalid").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn exception_table_renders_only_the_visible_rows_of_ten_thousand() {
    let host = host();
    let _m = leptos::mount::mount_to(host.clone(), move || {
        AppState::provide(Doc::new(sample::policy(10_000), "bench"));
        view! {
            <ExceptionTable profile=ProfileKind::Domain list=ListKind::Ports on_edit=Callback::new(|_| ()) />
        }
    });
    settle().await;
    let rows = all(&host, "tbody tr:not(.spacer)");
    assert!(rows.len() < 40, "{} rows rendered", rows.len());
    assert!(rows[0]
        .text_content()
        .unwrap_or_default()
        .contains("Service 00000"));
    let count = host
        .query_selector(".count")
        .ok()
        .flatten()
        .and_then(|c| c.text_content());
    assert_eq!(count.as_deref(), Some("10000 of 10000 shown"));
    let scroller: HtmlElement = host
        .query_selector(".table-scroll")
        .ok()
        .flatten()
        .expect("the scroll container")
        .unchecked_into();
    // No stylesheet in this page: make the container scroll as the app's CSS does.
    scroller
        .style()
        .set_property("overflow", "auto")
        .expect("a style");
    scroller.set_scroll_top(40 * 5000);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").expect("an event"))
        .expect("dispatch");
    settle().await;
    let rows = all(&host, "tbody tr:not(.spacer)");
    assert!(
        rows.len() < 40,
        "{} rows rendered after scrolling",
        rows.len()
    );
    let text: String = rows
        .iter()
        .map(|r| r.text_content().unwrap_or_default())
        .collect();
    assert!(text.contains("Service 05000"), "{text}");
    assert!(!text.contains("Service 00000"));
}

// Regression: in a form (live), picking "Any computer" reported `*` but the radio jumped back
// to "Local subnet only", because the mode followed the form's fixed initial value.
#[wasm_bindgen_test]
async fn scope_editor_in_a_form_keeps_the_mode_picked() {
    let host = host();
    let reported = RwSignal::new(None::<Option<Scope>>);
    let _m = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <ScopeEditor
                id="f"
                legend="Scope"
                value=Signal::stored(Scope::local_subnet())
                live=true
                on_change=Callback::new(move |s| reported.set(Some(s)))
            />
        }
    });
    let radios = all(&host, "input[type=radio]");
    radios[0].click(); // Any computer
    settle().await;
    let checked: Vec<bool> = all(&host, "input[type=radio]")
        .into_iter()
        .map(|r| r.unchecked_into::<HtmlInputElement>().checked())
        .collect();
    assert_eq!(checked, vec![true, false, false]);
    assert_eq!(reported.get_untracked(), Some(Some(Scope::Any)));
}

// See: issue 12 — booleans crossed the DOM as the strings "true"/"false", and an unknown bulk
// action fell through to delete. The row's Enabled switch and the bulk toolbar now carry typed
// values: unchecking disables exactly that row, Disable on a selection disables, deletes nothing.
#[wasm_bindgen_test]
async fn the_enabled_switch_and_bulk_disable_change_status_and_delete_nothing() {
    let host = host();
    let app = std::rc::Rc::new(std::cell::Cell::new(None::<AppState>));
    let keep = app.clone();
    let _m = leptos::mount::mount_to(host.clone(), move || {
        keep.set(Some(AppState::provide(Doc::new(sample::policy(3), "t"))));
        view! {
            <ExceptionTable profile=ProfileKind::Domain list=ListKind::Ports on_edit=Callback::new(|_| ()) />
        }
    });
    settle().await;
    let store = app.get().expect("the state").store;
    let statuses = || {
        store.peek(|p| {
            p.domain
                .ports
                .options
                .iter()
                .map(|e| e.status.as_str().to_string())
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(statuses(), vec!["disabled", "enabled", "enabled"]);
    let switch = input(&host, "#domain-port-row-1-enabled");
    assert!(switch.checked());
    switch.click();
    settle().await;
    assert_eq!(statuses(), vec!["disabled", "disabled", "enabled"]);
    assert!(!input(&host, "#domain-port-row-1-enabled").checked());

    input(&host, "#domain-port-row-0-select").click();
    input(&host, "#domain-port-row-2-select").click();
    settle().await;
    let disable = all(&host, ".bulk button")
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some("Disable"))
        .expect("a Disable button");
    disable.click();
    settle().await;
    assert_eq!(statuses(), vec!["disabled", "disabled", "disabled"]);
}
