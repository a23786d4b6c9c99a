//! The Rollout view as a module of its own (`fwpolicy-rollout`, binary
//! `app/src/bin/rollout.rs`), which the editor loads when the admin first opens the view.
//!
//! The view is a fifth of the editor's code (its form, chart, tables and simulation) and no
//! other page needs it, so it is not part of the first download: the editor's module shows the
//! page heading and a host element ([`crate::pages::rollout_host`]), imports this module and
//! mounts [`RolloutPage`] into the host. The two modules share no memory; what crosses is
//! the [`RefreshWire`] of the policy's refresh setting (editor → view, on every change of
//! it) and of the sandbox (view → editor, on "Apply to policy"). The editor turns the latter
//! into core's one undoable edit, so the policy is only ever changed by the editor's store.
//!
//! The form's state ([`crate::pages::rollout`]'s memory) lives on this module's own root
//! owner, which is never dropped, so it survives leaving the page and coming back.

use std::cell::RefCell;

use fwpolicy_core::model::setting::{RefreshInterval, Setting, State};
use fwpolicy_core::rollout::form::{refresh_policy_of, RefreshPolicy};
use fwpolicy_core::rollout::sandbox::RefreshSandbox;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::pages::rollout::{Memory, RolloutPage};

/// What crosses between the editor and the Rollout module: a refresh setting's state and its
/// two values as text. The policy's side has numbers; the sandbox's side has the values as
/// typed (checked again by core on the editor's side before anything is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshWire {
    /// `State::as_str` (`not-configured`, `enabled`, `disabled`).
    pub state: String,
    /// The interval in minutes, as typed or stored.
    pub minutes: String,
    /// The maximum random offset in minutes, as typed or stored.
    pub offset: String,
}

impl RefreshWire {
    /// The wire form of the policy's refresh setting.
    pub fn of_policy(r: &RefreshPolicy) -> Self {
        Self {
            state: r.state.as_str().to_string(),
            minutes: r.options.minutes.to_string(),
            offset: r.options.offset.to_string(),
        }
    }

    /// The policy's refresh setting back; `None` for a state or number the editor never
    /// sends.
    pub fn to_policy(&self) -> Option<RefreshPolicy> {
        let state = State::parse(&self.state)?;
        let options = RefreshInterval {
            minutes: self.minutes.parse().ok()?,
            offset: self.offset.parse().ok()?,
        };
        Some(refresh_policy_of(&Setting { state, options }))
    }

    /// The wire form of a sandbox (the values as typed).
    pub fn of_sandbox(s: &RefreshSandbox) -> Self {
        Self {
            state: s.state.as_str().to_string(),
            minutes: s.minutes.clone(),
            offset: s.offset.clone(),
        }
    }

    /// The sandbox back; `None` for an unknown state.
    pub fn to_sandbox(&self) -> Option<RefreshSandbox> {
        Some(RefreshSandbox {
            state: State::parse(&self.state)?,
            minutes: self.minutes.clone(),
            offset: self.offset.clone(),
        })
    }
}

/// The module's lasting state.
struct Module {
    /// Owns the page's memory and the refresh signal; never dropped.
    _root: Owner,
    /// What the page remembers between visits.
    memory: Memory,
    /// The policy's refresh setting as the editor last sent it.
    refresh: RwSignal<RefreshPolicy>,
    /// The mounted page, while the editor shows it.
    mounted: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

thread_local! {
    static MODULE: RefCell<Option<Module>> = const { RefCell::new(None) };
}

/// Runs `f` on the module's state, creating it on first use.
fn with_module<R>(f: impl FnOnce(&mut Module) -> R) -> R {
    MODULE.with(|m| {
        let mut m = m.borrow_mut();
        let module = m.get_or_insert_with(|| {
            let root = Owner::new();
            let (refresh, memory) = root.with(|| {
                let refresh = RwSignal::new(refresh_policy_of(&Setting {
                    state: State::NotConfigured,
                    options: RefreshInterval::default(),
                }));
                (refresh, Memory::new())
            });
            Module {
                _root: root,
                memory,
                refresh,
                mounted: None,
            }
        });
        f(module)
    })
}

/// Sets the policy's refresh setting the page simulates (the editor calls it before
/// mounting and after every change of the setting). A wire the editor never sends is
/// ignored.
pub fn set_refresh(wire: &RefreshWire) {
    if let Some(r) = wire.to_policy() {
        with_module(|m| {
            if m.refresh.get_untracked() != r {
                m.refresh.set(r);
            }
        });
    }
}

/// Mounts the page into `host`, replacing any earlier mount. "Apply to policy" calls `apply`
/// with the sandbox's state, interval and offset (three strings, [`RefreshWire`]).
pub fn mount(host: web_sys::HtmlElement, apply: js_sys::Function) {
    unmount();
    let (refresh, memory) = with_module(|m| (m.refresh, m.memory));
    let handle = mount_to(host, move || {
        // Created on the mount's owner, so unmounting drops it with the page.
        let on_apply = Callback::new(move |s: RefreshSandbox| {
            let w = RefreshWire::of_sandbox(&s);
            let _ = apply.call3(
                &JsValue::NULL,
                &JsValue::from_str(&w.state),
                &JsValue::from_str(&w.minutes),
                &JsValue::from_str(&w.offset),
            );
        });
        view! { <RolloutPage refresh=refresh apply=on_apply memory=memory /> }.into_any()
    });
    with_module(|m| m.mounted = Some(handle));
}

/// Removes the page (the editor calls it when the admin leaves the view); the form's state
/// is kept for the next mount.
pub fn unmount() {
    let old = with_module(|m| m.mounted.take());
    drop(old);
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::rollout::form::refresh_policy;
    use fwpolicy_core::rollout::form::RefreshPart;
    use fwpolicy_core::Policy;

    // The editor and the view agree on the policy's refresh setting for every state,
    // including values above the ADMX limits (clamped, and said so, on both sides).
    #[test]
    fn the_policy_side_round_trips() {
        for (state, minutes, offset) in [
            (State::NotConfigured, 90, 30),
            (State::Enabled, 0, 0),
            (State::Enabled, 45, 10),
            (State::Enabled, 50_000, 2_000),
            (State::Disabled, 90, 30),
        ] {
            let p = Policy {
                refresh: Setting {
                    state,
                    options: RefreshInterval { minutes, offset },
                },
                ..Policy::default()
            };
            let r = refresh_policy(&p);
            assert_eq!(RefreshWire::of_policy(&r).to_policy(), Some(r));
        }
    }

    // What the admin typed crosses as typed, so the editor's core check sees the same text.
    #[test]
    fn the_sandbox_crosses_as_typed() {
        let r = refresh_policy(&Policy::default());
        let s = RefreshSandbox::from_policy(&r)
            .typed(RefreshPart::Minutes, " 60 ".into())
            .with_state(State::Enabled);
        let back = RefreshWire::of_sandbox(&s).to_sandbox();
        assert_eq!(back.as_ref(), Some(&s));
        assert_eq!(
            back.and_then(|b| b.apply_edit(&r)),
            s.apply_edit(&r),
            "the editor would write something else"
        );
        let unknown = RefreshWire {
            state: "on".into(),
            minutes: "1".into(),
            offset: "1".into(),
        };
        assert_eq!(unknown.to_sandbox(), None);
        assert_eq!(unknown.to_policy(), None);
    }
}
