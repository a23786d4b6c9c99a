//! The Rollout view's parameter form. The refresh interval and offset are the policy's own
//! setting (changing them dispatches an undoable
//! [`Edit`](fwpolicy_core::edit::Edit)); every other field is a preview
//! parameter held in a [`RolloutDraft`]. Messages come from
//! [`RolloutDraft::check`](crate::components::rollout_model::RolloutDraft::check).
//!
//! The ten preview fields are one description each ([`Spec`]) rendered by one function, and
//! every message list is markup: the form costs one field's code, not ten.

use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::components::rollout_model::{
    next_seed, refresh_edit, reset_edit, FormCheck, FormField, RefreshPart, RefreshPolicy,
    RolloutDraft, DEFAULT_SEED,
};
use crate::forms::{self, Checked};
use crate::html::Markup;
use crate::state::Dispatch;

/// Error messages as list items (the field's or the form's).
fn errors_markup(texts: &[String]) -> String {
    let mut m = Markup::new();
    for t in texts {
        m.open("li", &[("class", "error")])
            .leaf("span", &[("class", "visually-hidden")], "Error: ")
            .text(t)
            .close("li");
    }
    m.finish()
}

/// One preview field of the draft.
struct Spec {
    field: FormField,
    label: &'static str,
    help: Option<&'static str>,
    /// `decimal` or `numeric` (the on-screen keyboard).
    inputmode: &'static str,
    get: fn(&RolloutDraft) -> &String,
    set: fn(&mut RolloutDraft, String),
}

/// What disables a field: the laptops never return, or Security Center is not modelled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Off {
    Never,
    LaptopsStay,
    NoSecurityCenter,
}

fn draft_input(
    spec: &'static Spec,
    off: Off,
    draft: RwSignal<RolloutDraft>,
    check: Memo<FormCheck>,
    on_input: Callback<()>,
) -> impl IntoView {
    let field = spec.field;
    let help_id = format!("{}-help", field.id());
    let described = if spec.help.is_some() {
        format!("{} {}", help_id, field.message_id())
    } else {
        field.message_id()
    };
    let get = spec.get;
    let set = spec.set;
    view! {
        <div class="field">
            <label for=field.id() class="field-label">{spec.label}</label>
            {spec.help.map(|h| view! { <p class="help" id=help_id>{h}</p> })}
            <input
                id=field.id()
                type="text"
                inputmode=spec.inputmode
                class="narrow"
                spellcheck="false"
                autocomplete="off"
                aria-describedby=described
                aria-invalid=move || if check.with(|c| c.for_field(field).is_empty()) { "false" } else { "true" }
                prop:value=move || draft.with(|d| get(d).clone())
                prop:disabled=move || match off {
                    Off::Never => false,
                    Off::LaptopsStay => draft.with(|d| d.laptops_never_return),
                    Off::NoSecurityCenter => draft.with(|d| !d.security_center),
                }
                on:input:target=move |ev| {
                    let v = event_target_value(&*ev);
                    draft.update(|d| set(d, v));
                    on_input.run(());
                }
            />
            <ul
                class="field-messages"
                id=field.message_id()
                inner_html=move || check.with(|c| errors_markup(&c.for_field(field)))
            ></ul>
        </div>
    }
}

/// One refresh value: shows the policy's value, commits on Enter or when leaving the field.
fn refresh_input(
    part: RefreshPart,
    label: &'static str,
    refresh: Memo<RefreshPolicy>,
    dispatch: Dispatch,
) -> impl IntoView {
    let (id, check): (FormField, fn(&str) -> Checked<u32>) = match part {
        RefreshPart::Minutes => (FormField::Interval, forms::refresh_minutes),
        RefreshPart::Offset => (FormField::Offset, forms::refresh_offset),
    };
    let draft: RwSignal<Option<String>> = RwSignal::new(None);
    let shown = move || {
        let r = refresh.get().shown();
        match part {
            RefreshPart::Minutes => r.minutes,
            RefreshPart::Offset => r.offset,
        }
    };
    let msgs = Signal::derive(move || {
        draft.with(|d| d.as_deref().map(|t| check(t).messages).unwrap_or_default())
    });
    let commit = move || {
        let Some(text) = draft.get_untracked() else {
            return;
        };
        let Some(value) = check(&text).value else {
            return;
        };
        if let Some(edit) = refresh_edit(&refresh.get_untracked(), part, value) {
            let _ = dispatch.run(edit);
        }
        draft.set(None);
    };
    view! {
        <div class="field">
            <label for=id.id() class="field-label">{label}</label>
            <input
                id=id.id()
                type="text"
                inputmode="numeric"
                class="narrow"
                spellcheck="false"
                autocomplete="off"
                aria-describedby=format!("{} rollout-refresh-note", id.message_id())
                aria-invalid=move || if msgs.with(|m| m.is_empty()) { "false" } else { "true" }
                prop:value=move || draft.get().unwrap_or_else(|| shown().to_string())
                on:input:target=move |ev| draft.set(Some(event_target_value(&*ev)))
                on:change:target=move |_| commit()
                on:keydown:target=move |ev| {
                    if ev.key() == "Enter" {
                        commit();
                    }
                }
            />
            <FieldMessages id=id.message_id() messages=msgs />
        </div>
    }
}

static CLIENTS: Spec = Spec {
    field: FormField::Clients,
    label: "Client computers",
    help: Some("Present at the change, laptops away included."),
    inputmode: "numeric",
    get: |d| &d.clients,
    set: |d, v| d.clients = v,
};

/// The fieldsets after the refresh one: legend, fields (with what disables them).
static GROUPS: [(&str, &[(Spec, Off)]); 3] = [
    (
        "Startups and restarts",
        &[
            (
                Spec {
                    field: FormField::SwitchedOn,
                    label: "Switched on during the window (% of clients)",
                    help: Some("Off at the change; they get the policy at startup."),
                    inputmode: "decimal",
                    get: |d| &d.switched_on_pct,
                    set: |d, v| d.switched_on_pct = v,
                },
                Off::Never,
            ),
            (
                Spec {
                    field: FormField::Restarted,
                    label: "Restarted during the window (% of clients)",
                    help: None,
                    inputmode: "decimal",
                    get: |d| &d.restarted_pct,
                    set: |d, v| d.restarted_pct = v,
                },
                Off::Never,
            ),
            (
                Spec {
                    field: FormField::StartupWindow,
                    label: "Startup window (hours)",
                    help: Some(
                        "Startups and restarts are spread evenly over it (8 h = a working day).",
                    ),
                    inputmode: "decimal",
                    get: |d| &d.startup_window_h,
                    set: |d, v| d.startup_window_h = v,
                },
                Off::Never,
            ),
        ],
    ),
    (
        "New and travelling computers",
        &[
            (
                Spec {
                    field: FormField::Joins,
                    label: "Computers joining the domain at (minutes)",
                    help: Some("One computer per minute listed, e.g. 30, 240. They get the policy at the join (after its reboot)."),
                    inputmode: "decimal",
                    get: |d| &d.joins,
                    set: |d, v| d.joins = v,
                },
                Off::Never,
            ),
            (
                Spec {
                    field: FormField::Laptops,
                    label: "Laptops away from the office",
                    help: Some("They keep the old policy (Standard profile) until they are back and refresh."),
                    inputmode: "numeric",
                    get: |d| &d.laptops,
                    set: |d, v| d.laptops = v,
                },
                Off::Never,
            ),
            (
                Spec {
                    field: FormField::LaptopReturn,
                    label: "They return within (hours)",
                    help: None,
                    inputmode: "decimal",
                    get: |d| &d.laptop_return_h,
                    set: |d, v| d.laptop_return_h = v,
                },
                Off::LaptopsStay,
            ),
        ],
    ),
    (
        "Domain and Security Center",
        &[
            (
                Spec {
                    field: FormField::Replication,
                    label: "Replication delay (minutes)",
                    help: Some("Until the change reaches the domain controller the clients use."),
                    inputmode: "decimal",
                    get: |d| &d.replication_min,
                    set: |d, v| d.replication_min = v,
                },
                Off::Never,
            ),
            (
                Spec {
                    field: FormField::SecurityCenter,
                    label: "Each client restarts within (hours after the policy arrives)",
                    help: Some("The SBS 2003 paper: restart each client to enable Security Center. 24 h = one restart a day."),
                    inputmode: "decimal",
                    get: |d| &d.security_center_h,
                    set: |d, v| d.security_center_h = v,
                },
                Off::NoSecurityCenter,
            ),
        ],
    ),
];

static SEED: Spec = Spec {
    field: FormField::Seed,
    label: "Seed",
    help: Some("The same seed and parameters give the same result."),
    inputmode: "numeric",
    get: |d| &d.seed,
    set: |d, v| d.seed = v,
};

/// The parameter form.
#[component]
pub fn RolloutForm(
    /// What the form holds (read and written).
    draft: RwSignal<RolloutDraft>,
    /// The check of the draft as typed (messages next to the fields).
    check: Memo<FormCheck>,
    /// Called after a keystroke in a preview field (the view re-simulates shortly after).
    on_input: Callback<()>,
    /// Called after a checkbox or button changed the draft (re-simulate now).
    on_change: Callback<()>,
    /// The policy's "Set Group Policy refresh interval for computers".
    refresh: Memo<RefreshPolicy>,
    /// Applies an edit to the policy (the refresh fields only).
    dispatch: Dispatch,
) -> impl IntoView {
    let reset = move |_| {
        if let Some(edit) = reset_edit(&refresh.get_untracked()) {
            let _ = dispatch.run(edit);
        }
    };
    let new_sample = move |_| {
        draft.update(|d| {
            let current = d.seed.trim().parse::<u64>().unwrap_or(DEFAULT_SEED);
            d.seed = next_seed(current).to_string();
        });
        on_change.run(());
    };
    // The check box after a group's fields (laptops, Security Center).
    let check_box = move |group: usize| {
        type Get = fn(&RolloutDraft) -> bool;
        type Set = fn(&mut RolloutDraft, bool);
        let (label, get, set): (&str, Get, Set) = match group {
            1 => (
                "They do not come back within the preview",
                |d| d.laptops_never_return,
                |d, on| d.laptops_never_return = on,
            ),
            _ => (
                "Model the restart Security Center needs",
                |d| d.security_center,
                |d, on| d.security_center = on,
            ),
        };
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || draft.with(get)
                    on:change:target=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| set(d, on));
                        on_change.run(());
                    }
                />
                {label}
            </label>
        }
    };
    view! {
        <section class="rollout-form" aria-labelledby="rollout-form-h">
            <h2 id="rollout-form-h">"Parameters"</h2>
            <ul
                class="field-messages"
                role="alert"
                inner_html=move || check.with(|c| errors_markup(&c.general()))
            ></ul>
            {draft_input(&CLIENTS, Off::Never, draft, check, on_input)}
            <fieldset class="rollout-refresh">
                <legend>"Group Policy refresh (this policy's setting)"</legend>
                {refresh_input(RefreshPart::Minutes, "Refresh interval (minutes, 0–44640)", refresh, dispatch)}
                {refresh_input(RefreshPart::Offset, "Maximum random offset (minutes, 0–1440)", refresh, dispatch)}
                <div class="note" id="rollout-refresh-note">
                    <p>{move || refresh.get().describe()}</p>
                    <p>
                        "These two values are the policy's “Set Group Policy refresh interval for computers”: "
                        "changing one enables that policy with the new value, so it goes into every export "
                        "(as GroupPolicyRefreshTime and GroupPolicyRefreshTimeOffset) and can be undone."
                    </p>
                    <button
                        type="button"
                        on:click:target=reset
                        prop:disabled=move || reset_edit(&refresh.get()).is_none()
                    >
                        "Reset to Windows default"
                    </button>
                </div>
            </fieldset>
            {GROUPS
                .iter()
                .enumerate()
                .map(|(g, (legend, fields))| view! {
                    <fieldset>
                        <legend>{*legend}</legend>
                        {fields
                            .iter()
                            .enumerate()
                            .map(|(k, (spec, off))| {
                                // The Security Center box sits between its two fields.
                                let boxed = (g == 2 && k == 1).then(|| check_box(2));
                                view! { {boxed} {draft_input(spec, *off, draft, check, on_input)} }
                            })
                            .collect_view()}
                        {(g == 1).then(|| check_box(1))}
                    </fieldset>
                })
                .collect_view()}
            <fieldset>
                <legend>"Random sample"</legend>
                <div class="seed-row">
                    {draft_input(&SEED, Off::Never, draft, check, on_input)}
                    <button type="button" on:click:target=new_sample>"New sample"</button>
                </div>
            </fieldset>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::edit::Edit;
    use fwpolicy_core::{GlobalId, Policy, State};

    use crate::components::rollout_model::refresh_policy;
    use crate::state::{Doc, Region, Store};

    // The store's side of the view: a refresh value typed in the Rollout view is one undoable
    // policy edit that the Global region (and only it) reports.
    #[test]
    fn a_typed_refresh_value_is_one_undoable_policy_edit() {
        let owner = Owner::new();
        owner.set();
        let store = Store::new(Doc::new(Policy::default(), "t"));
        let refresh = Memo::new(move |_| store.read(&[Region::Global], refresh_policy));
        let ports =
            Memo::new(move |_| store.ports(fwpolicy_core::ProfileKind::Domain, |l| l.len()));
        assert_eq!(refresh.get().state, State::NotConfigured);
        assert_eq!(ports.get(), 0);
        let edit = refresh_edit(&refresh.get_untracked(), RefreshPart::Minutes, 60);
        assert!(store
            .apply(edit.unwrap_or(Edit::Batch { edits: vec![] }))
            .is_ok());
        let r = refresh.get();
        assert_eq!(r.state, State::Enabled);
        assert_eq!((r.effective.minutes, r.effective.offset), (60, 30));
        assert!(store.read_all(|p| p.global_state(GlobalId::RefreshInterval) == State::Enabled));
        assert_eq!(store.pending().len(), 1, "one step in the pending list");
        assert!(store.undo().is_some());
        assert_eq!(refresh.get().state, State::NotConfigured);
        assert_eq!(refresh.get().effective.minutes, 90);
        assert!(!store.history(|h| h.can_undo()));
    }

    // The view re-simulates only when the refresh setting changes: other edits (an
    // exception, the IPsec bypass SDDL in the same Global region) reach the memo but stop
    // there because its value is unchanged.
    #[test]
    fn unrelated_edits_do_not_re_simulate() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;

        let owner = Owner::new();
        owner.set();
        let store = Store::new(Doc::new(Policy::default(), "t"));
        let refresh = Memo::new(move |_| store.read(&[Region::Global], refresh_policy));
        let runs = Arc::new(AtomicUsize::new(0));
        let counter = runs.clone();
        let simulated = Memo::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            refresh.get().effective
        });
        assert_eq!(simulated.get().minutes, 90);
        let port = fwpolicy_core::PortException::parse(
            "3389:TCP:*:enabled:Remote Desktop",
            fwpolicy_core::ParseOptions::TYPED,
        )
        .value
        .unwrap_or_else(|| panic!("bad port line"));
        let add = store.peek(|p| Edit::add_port(p, fwpolicy_core::ProfileKind::Domain, port));
        assert!(store.apply(add).is_ok());
        assert!(store
            .apply(Edit::SetIpsecBypassSddl {
                sddl: "O:DAG:DAD:(A;;RCCC;;;S-1-5-11)".into()
            })
            .is_ok());
        assert_eq!(simulated.get().minutes, 90);
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "an unrelated edit re-simulated"
        );
        let edit = refresh_edit(&refresh.get_untracked(), RefreshPart::Minutes, 45);
        assert!(store
            .apply(edit.unwrap_or(Edit::Batch { edits: vec![] }))
            .is_ok());
        assert_eq!(simulated.get().minutes, 45);
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }
}
