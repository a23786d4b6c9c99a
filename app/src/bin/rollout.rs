//! The Rollout view as a module of its own (built by Trunk with `data-type="worker"
//! data-bindgen-target="web"`: an ES module the page imports on the first visit of the view,
//! not a worker): see `fwpolicy_app::rollout_module`. Its exports are what the editor calls.

use fwpolicy_app::rollout_module::{self, RefreshWire};
use wasm_bindgen::prelude::wasm_bindgen;

fn main() {}

/// Mounts the Rollout view into `host`; "Apply to policy" calls `apply(state, minutes,
/// offset)`.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, apply: js_sys::Function) {
    rollout_module::mount(host, apply);
}

/// Removes the view; its form is kept for the next mount.
#[wasm_bindgen]
pub fn unmount() {
    rollout_module::unmount();
}

/// The policy's refresh setting: `State::as_str`, the interval and the offset in minutes.
#[wasm_bindgen]
pub fn set_refresh(state: String, minutes: String, offset: String) {
    rollout_module::set_refresh(&RefreshWire {
        state,
        minutes,
        offset,
    });
}
