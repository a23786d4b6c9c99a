//! `?bench` hook for the browser tests (installed only when the URL contains `bench`):
//! * `window.fwpolicyBench.load(n)` replaces the policy with a generated one holding `n` port
//!   exceptions and returns the milliseconds the edit took;
//! * `window.fwpolicyBench.edit()` toggles the status of the first Domain port exception and
//!   resolves to the milliseconds from the edit until the next animation frame (the page has
//!   been updated by then).

use fwpolicy_core::model::edit::Edit;
use fwpolicy_core::Status;
use leptos::prelude::request_animation_frame;
use wasm_bindgen::prelude::*;

use crate::dom;
use crate::sample;
use crate::state::Store;

/// Installs the hook when the page URL contains `bench`.
pub fn install(store: Store) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !window
        .location()
        .search()
        .unwrap_or_default()
        .contains("bench")
    {
        return;
    }
    let hook = js_sys::Object::new();
    let load = Closure::<dyn Fn(u32) -> f64>::new(move |n: u32| {
        let t0 = dom::now_ms();
        let _ = store.apply(Edit::ReplacePolicy {
            policy: Box::new(sample::policy(n as usize)),
        });
        dom::now_ms() - t0
    });
    let edit = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        js_sys::Promise::new(&mut |resolve, _reject| {
            let t0 = dom::now_ms();
            let edit = store.peek(|p| {
                p.domain.ports.options.first().map(|e| {
                    let mut e = e.clone();
                    e.status = if e.status.is_enabled() {
                        Status::Disabled
                    } else {
                        Status::Enabled
                    };
                    Edit::ReplacePort {
                        profile: fwpolicy_core::ProfileKind::Domain,
                        index: 0,
                        exception: e,
                    }
                })
            });
            if let Some(edit) = edit {
                let _ = store.apply(edit);
            }
            request_animation_frame(move || {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_f64(dom::now_ms() - t0));
            });
        })
    });
    let _ = js_sys::Reflect::set(&hook, &"load".into(), load.as_ref());
    let _ = js_sys::Reflect::set(&hook, &"edit".into(), edit.as_ref());
    load.forget();
    edit.forget();
    let _ = js_sys::Reflect::set(&window, &"fwpolicyBench".into(), &hook);
}
