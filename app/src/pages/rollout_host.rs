//! The Rollout page as the editor draws it: the heading, and a host element into which the
//! Rollout module ([`crate::rollout_module`], loaded on the first visit by [`crate::lazy`])
//! mounts the view. The editor hands the module the policy's refresh setting whenever it
//! changes and applies what the module's "Apply to policy" sends as core's one undoable edit
//! ([`RefreshSandbox::apply_edit`](fwpolicy_core::rollout::sandbox::RefreshSandbox::apply_edit)),
//! so the policy is changed only here, through the store.

use fwpolicy_core::rollout::form::refresh_policy;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::lazy::{self, RolloutModule};
use crate::rollout_module::RefreshWire;
use crate::state::{use_app, Region};

/// Where loading the module stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Loading {
    /// The module is being fetched (first visit) or mounted.
    Pending,
    /// The view is mounted.
    Ready,
    /// The module could not be loaded: the sentence to show.
    Failed(String),
}

/// What the host keeps while it is shown (browser objects: not `Send`).
struct Mounted {
    /// The module, once loaded and mounted.
    module: Option<RolloutModule>,
    /// The function the module calls on "Apply to policy"; dropped after the unmount.
    _apply: Closure<dyn Fn(String, String, String)>,
}

/// The Rollout page: heading, loading note and the module's view.
#[component]
pub fn RolloutHost() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let refresh = Memo::new(move |_| store.read(&[Region::Global], refresh_policy));
    let host = NodeRef::<Div>::new();
    let loading = RwSignal::new(Loading::Pending);
    let apply = Closure::<dyn Fn(String, String, String)>::new(
        move |state: String, minutes: String, offset: String| {
            let wire = RefreshWire {
                state,
                minutes,
                offset,
            };
            let Some(sandbox) = wire.to_sandbox() else {
                return;
            };
            if let Some(edit) = store.peek(|p| sandbox.apply_edit(&refresh_policy(p))) {
                let _ = dispatch.run(edit);
            }
        },
    );
    let kept = StoredValue::new_local(Mounted {
        module: None,
        _apply: apply,
    });
    Effect::new(move |_| {
        let Some(el) = host.get() else {
            return;
        };
        let el: web_sys::HtmlElement = el.unchecked_into();
        leptos::task::spawn_local(async move {
            let module = match lazy::rollout().await {
                Ok(m) => m,
                Err(e) => {
                    let _ = loading.try_set(Loading::Failed(e));
                    return;
                }
            };
            // The admin may have left the page while the module loaded: its state is gone.
            let Some(wire) = refresh
                .try_get_untracked()
                .map(|r| RefreshWire::of_policy(&r))
            else {
                return;
            };
            let Some(mounted) = kept.try_with_value(|k| {
                module
                    .set_refresh(&wire)
                    .and_then(|()| module.mount(&el, k._apply.as_ref().unchecked_ref()))
            }) else {
                return;
            };
            match mounted {
                Ok(()) => {
                    kept.update_value(|k| k.module = Some(module));
                    loading.set(Loading::Ready);
                }
                Err(e) => loading.set(Loading::Failed(e)),
            }
        });
    });
    // Every change of the policy's refresh setting (Apply, Undo, an import) reaches the view.
    Effect::new(move |_| {
        let wire = RefreshWire::of_policy(&refresh.get());
        kept.with_value(|k| {
            if let Some(m) = &k.module {
                let _ = m.set_refresh(&wire);
            }
        });
    });
    on_cleanup(move || {
        kept.with_value(|k| {
            if let Some(m) = &k.module {
                let _ = m.unmount();
            }
        });
    });
    view! {
        <h1>"Rollout"</h1>
        {move || match loading.get() {
            Loading::Pending => {
                Some(view! { <p class="meta" id="rollout-loading">"Loading the Rollout view…"</p> }.into_any())
            }
            Loading::Ready => None,
            Loading::Failed(e) => {
                Some(view! { <p class="banner error" role="alert" id="rollout-loading">{e}</p> }.into_any())
            }
        }}
        <div id="rollout-view" node_ref=host></div>
    }
}
