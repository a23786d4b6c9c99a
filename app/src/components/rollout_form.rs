//! The Rollout view's parameter form. The refresh state, interval and offset are a sandbox
//! ([`RefreshSandbox`]) started from the policy's setting: editing them only re-simulates;
//! "Apply to policy" hands the sandbox to the editor, which applies core's one undoable
//! [`Edit`](fwpolicy_core::model::edit::Edit) ([`RefreshSandbox::apply_edit`]) and says
//! what it writes. Every other field is a preview parameter held in a [`RolloutDraft`]. Messages come from core ([`RolloutDraft::check`], `refresh_value`) and
//! are shown next to their field with `aria-invalid` and `aria-describedby`.
//!
//! The ten preview fields are one description each ([`Spec`]) shown by one component
//! ([`DraftField`]).

use fwpolicy_core::rollout::form::{
    next_seed, FormCheck, FormField, RefreshPart, RefreshPolicy, RolloutDraft, DEFAULT_SEED,
};
use fwpolicy_core::rollout::sandbox::RefreshSandbox;
use fwpolicy_core::State;
use leptos::prelude::*;

use crate::components::check_box::CheckBox;
use crate::components::rollout_model::{field_id, message_id};

/// One preview field of the draft.
pub struct Spec {
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
pub enum Off {
    /// Always enabled.
    Never,
    /// Disabled while the laptops do not come back.
    LaptopsStay,
    /// Disabled while Security Center is not modelled.
    NoSecurityCenter,
}

/// A field's messages as a list (`<ul class="field-messages">`), each error with a visually
/// hidden "Error: " before its text.
#[component]
fn Messages(
    /// The list's id (the field's `aria-describedby` points at it).
    id: String,
    /// The error texts.
    #[prop(into)]
    texts: Signal<Vec<String>>,
    /// Announce changes at once (`role="alert"`): the form's general messages.
    #[prop(optional)]
    alert: bool,
) -> impl IntoView {
    view! {
        <ul class="field-messages" id=id role=alert.then_some("alert")>
            <For each=move || texts.get() key=|t| t.clone() let:text>
                <li class="error">
                    <span class="visually-hidden">"Error: "</span>
                    {text}
                </li>
            </For>
        </ul>
    }
}

/// One preview field: label, help, the input bound to the draft (value, `disabled`,
/// `aria-invalid`) and its messages.
#[component]
pub fn DraftField(
    /// What the field shows and edits.
    spec: &'static Spec,
    /// What disables it.
    off: Off,
    /// The form as typed.
    draft: RwSignal<RolloutDraft>,
    /// The check of the draft as typed.
    #[prop(into)]
    check: Signal<FormCheck>,
    /// Called after each keystroke (the view re-simulates shortly after).
    on_input: Callback<()>,
) -> impl IntoView {
    let field = spec.field;
    let id = field_id(field);
    let help_id = format!("{id}-help");
    let described = match spec.help {
        Some(_) => format!("{help_id} {}", message_id(field)),
        None => message_id(field),
    };
    let get = spec.get;
    let set = spec.set;
    let value = move || draft.with(|d| get(d).clone());
    let disabled = move || match off {
        Off::Never => false,
        Off::LaptopsStay => draft.with(|d| d.laptops_never_return),
        Off::NoSecurityCenter => draft.with(|d| !d.security_center),
    };
    let errors = Memo::new(move |_| check.with(|c| c.for_field(field)));
    let invalid = move || errors.with(|e| if e.is_empty() { "false" } else { "true" });
    view! {
        <div class="field">
            <label for=id class="field-label">
                {spec.label}
            </label>
            {spec.help.map(|h| view! { <p class="help" id=help_id>{h}</p> })}
            <input
                id=id
                type="text"
                inputmode=spec.inputmode
                class="narrow"
                spellcheck="false"
                autocomplete="off"
                aria-describedby=described
                prop:value=value
                prop:disabled=disabled
                aria-invalid=invalid
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.update(|d| set(d, text));
                    on_input.run(());
                }
            />
            <Messages id=message_id(field) texts=errors />
        </div>
    }
}

/// One refresh value of the sandbox: shows and edits the sandbox's text (typing a value
/// tries the policy Enabled with it); its error comes from core's check.
#[component]
fn SandboxField(
    /// The interval or the offset.
    part: RefreshPart,
    /// The field's label.
    label: &'static str,
    /// The what-if refresh setting.
    sandbox: RwSignal<RefreshSandbox>,
) -> impl IntoView {
    let field = match part {
        RefreshPart::Minutes => FormField::Interval,
        RefreshPart::Offset => FormField::Offset,
    };
    let id = field_id(field);
    let shown = move || {
        sandbox.with(|s| match part {
            RefreshPart::Minutes => s.minutes.clone(),
            RefreshPart::Offset => s.offset.clone(),
        })
    };
    let errors = Memo::new(move |_| {
        sandbox.with(|s| {
            s.check()
                .error(part)
                .map(str::to_string)
                .into_iter()
                .collect::<Vec<_>>()
        })
    });
    let invalid = move || errors.with(|e| if e.is_empty() { "false" } else { "true" });
    view! {
        <div class="field">
            <label for=id class="field-label">
                {label}
            </label>
            <input
                id=id
                type="text"
                inputmode="numeric"
                class="narrow"
                spellcheck="false"
                autocomplete="off"
                aria-describedby=format!("{} rollout-refresh-note", message_id(field))
                prop:value=shown
                aria-invalid=invalid
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    sandbox.update(|s| *s = s.typed(part, text));
                }
            />
            <Messages id=message_id(field) texts=errors />
        </div>
    }
}

/// The sandbox's state as a choice (the settings page's three states).
#[component]
fn SandboxState(
    /// The what-if refresh setting.
    sandbox: RwSignal<RefreshSandbox>,
) -> impl IntoView {
    let states = [
        (
            State::NotConfigured,
            "not-configured",
            "Not configured (Windows default)",
        ),
        (State::Enabled, "enabled", "Enabled"),
        (State::Disabled, "disabled", "Disabled (Windows default)"),
    ];
    let options = states
        .into_iter()
        .map(|(state, value, text)| {
            view! {
                <option value=value prop:selected=move || sandbox.with(|s| s.state == state)>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="rollout-refresh-state" class="field-label">
                "Refresh policy"
            </label>
            <select
                id="rollout-refresh-state"
                on:change=move |ev| {
                    let state = match event_target_value(&ev).as_str() {
                        "enabled" => State::Enabled,
                        "disabled" => State::Disabled,
                        _ => State::NotConfigured,
                    };
                    sandbox.update(|s| *s = s.with_state(state));
                }
            >
                {options}
            </select>
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

/// The parameter form. `check` is the check of the draft as typed; `on_input` runs after a
/// keystroke in a preview field (the view re-simulates shortly after), `on_change` after a
/// check box or button changed the draft (re-simulate now); `sandbox` is the what-if copy of
/// `refresh`, the policy's "Set Group Policy refresh interval for computers", which changes
/// only through "Apply to policy" (`apply`).
#[component]
pub fn RolloutForm(
    /// The form as typed.
    draft: RwSignal<RolloutDraft>,
    /// The check of the draft as typed.
    #[prop(into)]
    check: Signal<FormCheck>,
    /// Called after each keystroke in a preview field.
    on_input: Callback<()>,
    /// Called after a check box or the "New sample" button changed the draft.
    on_change: Callback<()>,
    /// The policy's refresh setting.
    #[prop(into)]
    refresh: Signal<RefreshPolicy>,
    /// The what-if copy of it.
    sandbox: RwSignal<RefreshSandbox>,
    /// Called with the sandbox when the admin presses "Apply to policy" and it differs from
    /// the policy; the editor writes it with [`RefreshSandbox::apply_edit`] as one undoable
    /// edit.
    apply: Callback<RefreshSandbox>,
) -> AnyView {
    let general = Memo::new(move |_| check.with(FormCheck::general));
    let toggle = move |set: fn(&mut RolloutDraft, bool)| {
        Callback::new(move |on: bool| {
            draft.update(|d| set(d, on));
            on_change.run(());
        })
    };
    let never_box = move || {
        view! {
            <CheckBox
                label="They do not come back within the preview"
                checked=Signal::derive(move || draft.with(|d| d.laptops_never_return))
                on_toggle=toggle(|d, on| d.laptops_never_return = on)
            />
        }
    };
    let sc_box = move || {
        view! {
            <CheckBox
                label="Model the restart Security Center needs"
                checked=Signal::derive(move || draft.with(|d| d.security_center))
                on_toggle=toggle(|d, on| d.security_center = on)
            />
        }
    };
    let field = move |spec: &'static Spec, off: Off| {
        view! { <DraftField spec=spec off=off draft=draft check=check on_input=on_input /> }
    };
    let groups = GROUPS
        .iter()
        .enumerate()
        .map(|(g, (legend, fields))| {
            let items = fields
                .iter()
                .enumerate()
                .map(|(k, (spec, off))| {
                    // The Security Center box sits between its two fields.
                    let sc = (g == 2 && k == 1).then(sc_box);
                    view! {
                        {sc}
                        {field(spec, *off)}
                    }
                })
                .collect_view();
            // The laptops box follows their fields.
            let never = (g == 1).then(never_box);
            view! {
                <fieldset>
                    <legend>{*legend}</legend>
                    {items}
                    {never}
                </fieldset>
            }
        })
        .collect_view();
    let apply_label = Memo::new(move |_| {
        let r = refresh.get();
        sandbox.with(|s| s.apply_label(&r))
    });
    let invalid = Memo::new(move |_| sandbox.with(|s| s.check().interval().is_none()));
    let at_policy = Memo::new(move |_| {
        let r = refresh.get();
        sandbox.with(|s| *s == RefreshSandbox::from_policy(&r))
    });
    let apply_now = move |_| {
        let r = refresh.get_untracked();
        let s = sandbox.get_untracked();
        if s.apply_edit(&r).is_some() {
            apply.run(s);
        }
    };
    let reset = move |_| sandbox.set(RefreshSandbox::from_policy(&refresh.get_untracked()));
    let apply_what = move || match apply_label.get() {
        Some(label) => format!("Will write: {label} (one step, undoable)."),
        None if invalid.get() => "Nothing to apply: fix the highlighted value.".to_string(),
        None => "Same as the policy: nothing to apply.".to_string(),
    };
    let new_sample = move |_| {
        draft.update(|d| {
            let current = d.seed.trim().parse::<u64>().unwrap_or(DEFAULT_SEED);
            d.seed = next_seed(current).to_string();
        });
        on_change.run(());
    };
    view! {
        <section class="rollout-form" aria-labelledby="rollout-form-h">
            <h2 id="rollout-form-h">"Parameters"</h2>
            <Messages id="rollout-general".to_string() texts=general alert=true />
            {field(&CLIENTS, Off::Never)}
            <fieldset class="rollout-refresh">
                <legend>"Group Policy refresh (what-if)"</legend>
                <SandboxState sandbox=sandbox />
                <SandboxField
                    part=RefreshPart::Minutes
                    label="Refresh interval (minutes, 0–44640)"
                    sandbox=sandbox
                />
                <SandboxField
                    part=RefreshPart::Offset
                    label="Maximum random offset (minutes, 0–1440)"
                    sandbox=sandbox
                />
                <div class="note" id="rollout-refresh-note">
                    <p id="rollout-refresh-describe">{move || refresh.with(|r| r.describe())}</p>
                    <p>
                        "These values start from the policy's “Set Group Policy refresh interval for computers” \
                         and only change the simulation. The policy and its exports change when you press \
                         Apply to policy."
                    </p>
                </div>
                <div class="rollout-apply">
                    <button
                        type="button"
                        id="rollout-apply"
                        aria-describedby="rollout-apply-what"
                        prop:disabled=move || apply_label.with(Option::is_none)
                        on:click=apply_now
                    >
                        "Apply to policy"
                    </button>
                    <button
                        type="button"
                        id="rollout-reset"
                        prop:disabled=move || at_policy.get()
                        on:click=reset
                    >
                        "Reset to the policy's values"
                    </button>
                    <p id="rollout-apply-what" aria-live="polite">
                        {apply_what}
                    </p>
                </div>
            </fieldset>
            {groups}
            <fieldset>
                <legend>"Random sample"</legend>
                <div class="seed-row">
                    {field(&SEED, Off::Never)}
                    <button type="button" on:click=new_sample>
                        "New sample"
                    </button>
                </div>
            </fieldset>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::model::edit::Edit;
    use fwpolicy_core::{GlobalId, Policy, State};

    use crate::components::rollout_model::rendered;
    use crate::state::{Doc, Region, Store};
    use fwpolicy_core::rollout::form::refresh_policy;

    // See: issue 13. The store's side of the view: a value typed in the sandbox changes
    // nothing in the policy; Apply is one undoable policy edit that the Global region (and
    // only it) reports.
    #[test]
    fn typing_changes_nothing_apply_is_one_undoable_policy_edit() {
        let owner = Owner::new();
        owner.set();
        let store = Store::new(Doc::new(Policy::default(), "t"));
        let refresh = Memo::new(move |_| store.read(&[Region::Global], refresh_policy));
        let ports =
            Memo::new(move |_| store.ports(fwpolicy_core::ProfileKind::Domain, |l| l.len()));
        assert_eq!(refresh.get().state, State::NotConfigured);
        assert_eq!(ports.get(), 0);
        let sandbox = RefreshSandbox::from_policy(&refresh.get_untracked())
            .typed(RefreshPart::Minutes, "60".into());
        assert_eq!(
            refresh.get().state,
            State::NotConfigured,
            "typing changed the policy"
        );
        assert!(!store.history(|h| h.can_undo()));
        let edit = sandbox.apply_edit(&refresh.get_untracked());
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
        let edit = RefreshSandbox::from_policy(&refresh.get_untracked())
            .typed(RefreshPart::Minutes, "45".into())
            .apply_edit(&refresh.get_untracked());
        assert!(store
            .apply(edit.unwrap_or(Edit::Batch { edits: vec![] }))
            .is_ok());
        assert_eq!(simulated.get().minutes, 45);
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    // A bad value is shown next to its field: aria-invalid, the message in the list the
    // field's aria-describedby names, and the disabled fields follow the check boxes.
    #[test]
    fn messages_sit_next_to_their_field() {
        let owner = Owner::new();
        owner.set();
        let store = Store::new(Doc::new(Policy::default(), "t"));
        let draft = RwSignal::new(RolloutDraft {
            laptops: "<many>".into(),
            ..RolloutDraft::default()
        });
        let refresh = Memo::new(move |_| store.read(&[Region::Global], refresh_policy));
        let check = Memo::new(move |_| {
            let r = refresh.get();
            draft.with(|d| d.check(r.effective, r.source))
        });
        let html = rendered(view! {
            <RolloutForm
                draft=draft
                check=check
                on_input=Callback::new(|_| ())
                on_change=Callback::new(|_| ())
                refresh=refresh
                sandbox=RwSignal::new(RefreshSandbox::from_policy(&refresh.get_untracked()))
                apply=Callback::new(|_| ())
            />
        });
        assert!(
            html.contains(
                "<input id=\"rollout-laptops\" type=\"text\" inputmode=\"numeric\" spellcheck=\"false\" \
                 autocomplete=\"off\" aria-describedby=\"rollout-laptops-help rollout-laptops-msg\" \
                 aria-invalid=\"true\" class=\"narrow\">"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<ul id=\"rollout-laptops-msg\" class=\"field-messages\"><li class=\"error\">\
                 <span class=\"visually-hidden\">Error: </span>laptops away: “&lt;many&gt;” is not a \
                 whole number of 0 or more</li></ul>"
            ),
            "{html}"
        );
        assert_eq!(html.matches("aria-invalid=\"true\"").count(), 1, "{html}");
        assert!(
            html.contains(
                "<ul id=\"rollout-general\" role=\"alert\" class=\"field-messages\"></ul>"
            ),
            "{html}"
        );
        assert!(
            html.contains("The policy is Not configured: clients refresh every 90 min"),
            "{html}"
        );
        // The sandbox equals the policy: nothing to apply, nothing to reset.
        assert!(
            html.contains("Same as the policy: nothing to apply."),
            "{html}"
        );
        assert!(html.contains("<option value=\"not-configured\""), "{html}");
    }
}
