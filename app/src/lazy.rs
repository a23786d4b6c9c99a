//! Modules the editor imports into the page on first use (not workers): the Rollout view
//! (`fwpolicy-rollout.js`, [`crate::rollout_module`]).
//!
//! boot.js defines `fwpolicyLoad(name)`: a dynamic `import()` of a file next to index.html
//! (same origin, so the page's `script-src 'self'` allows it) followed by the module's
//! wasm-bindgen initialisation, once per name (a failed load is tried again next time). Its
//! exports are then called by name.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::dom::js_error;
use crate::rollout_module::RefreshWire;

/// The Rollout view's module, next to index.html (Trunk writes it unhashed).
pub const ROLLOUT_JS: &str = "fwpolicy-rollout.js";

#[wasm_bindgen]
extern "C" {
    /// boot.js: imports and initialises a module next to index.html (a promise of its
    /// exports).
    #[wasm_bindgen(catch, js_name = fwpolicyLoad)]
    fn load(name: &str) -> Result<js_sys::Promise, JsValue>;
}

/// The loaded Rollout module.
#[derive(Clone)]
pub struct RolloutModule {
    exports: JsValue,
}

/// Imports the Rollout module (once; later calls get the same module).
pub async fn rollout() -> Result<RolloutModule, String> {
    let failed = |e: JsValue| {
        format!(
            "The Rollout view ({ROLLOUT_JS}, next to index.html) could not be loaded: {}. \
             Check that every file of the site was uploaded, then reload the page; your work \
             is kept.",
            js_error(&e, "unknown error")
        )
    };
    let promise = load(ROLLOUT_JS).map_err(failed)?;
    let exports = JsFuture::from(promise).await.map_err(failed)?;
    Ok(RolloutModule { exports })
}

impl RolloutModule {
    /// Calls the export `name` with `args`.
    fn call(&self, name: &str, args: &[JsValue]) -> Result<(), String> {
        let f = Reflect::get(&self.exports, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| format!("The Rollout view ({ROLLOUT_JS}) has no function {name}."))?;
        let args: Array = args.iter().collect();
        f.apply(&JsValue::NULL, &args)
            .map(|_| ())
            .map_err(|e| js_error(&e, "unknown error"))
    }

    /// Mounts the view into `host`; its "Apply to policy" calls `apply(state, minutes,
    /// offset)`.
    pub fn mount(&self, host: &web_sys::HtmlElement, apply: &Function) -> Result<(), String> {
        self.call("mount", &[host.into(), apply.into()])
    }

    /// Removes the view (its form is kept for the next visit).
    pub fn unmount(&self) -> Result<(), String> {
        self.call("unmount", &[])
    }

    /// Hands the view the policy's refresh setting.
    pub fn set_refresh(&self, wire: &RefreshWire) -> Result<(), String> {
        self.call(
            "set_refresh",
            &[
                JsValue::from_str(&wire.state),
                JsValue::from_str(&wire.minutes),
                JsValue::from_str(&wire.offset),
            ],
        )
    }
}
