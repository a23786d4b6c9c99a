//! The Rollout view's parameter form. The refresh interval and offset are the policy's own
//! setting (changing them dispatches an undoable
//! [`Edit`](fwpolicy_core::model::edit::Edit)); every other field is a preview
//! parameter held in a [`RolloutDraft`]. Messages come from
//! [`RolloutDraft::check`](crate::components::rollout_model::RolloutDraft::check).
//!
//! The ten preview fields are one description each (`Spec`) rendered by one function, and
//! every message list is markup: the form costs one field's code, not ten.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::field_messages::messages_markup;
use crate::components::rollout_model::{
    next_seed, refresh_edit, reset_edit, FormCheck, FormField, RefreshPart, RefreshPolicy,
    RolloutDraft, DEFAULT_SEED,
};
use crate::dom::{self, Bind};
use crate::forms::{self, Checked};
use crate::html::Markup;
use crate::html::{action_of, text_field};
use crate::state::Dispatch;
use crate::ui::Handler;

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

/// One preview field (`data-act` = its id): markup with the current value; its value,
/// `disabled`, `aria-invalid` and messages follow the draft and the check.
fn draft_input(
    spec: &'static Spec,
    off: Off,
    draft: RwSignal<RolloutDraft>,
    check: Memo<FormCheck>,
) -> String {
    let field = spec.field;
    let id = field.id();
    let help_id = format!("{id}-help");
    let described = if spec.help.is_some() {
        format!("{} {}", help_id, field.message_id())
    } else {
        field.message_id()
    };
    let get = spec.get;
    let value = move || draft.with(|d| get(d).clone());
    let disabled = move || match off {
        Off::Never => false,
        Off::LaptopsStay => draft.with(|d| d.laptops_never_return),
        Off::NoSecurityCenter => draft.with(|d| !d.security_center),
    };
    let errors = move || check.with(|c| c.for_field(field));
    let messages = dom::live_markup(
        field.message_id(),
        Box::new(move || errors_markup(&errors())),
    );
    dom::bind(id.into(), Bind::Value, Box::new(value));
    dom::bind(
        id.into(),
        Bind::Flag("disabled"),
        Box::new(move || disabled().to_string()),
    );
    dom::bind(
        id.into(),
        Bind::Attr("aria-invalid"),
        Box::new(move || (!errors().is_empty()).to_string()),
    );
    let mut m = Markup::new();
    m.open("div", &[("class", "field")]).leaf(
        "label",
        &[("for", id), ("class", "field-label")],
        spec.label,
    );
    if let Some(h) = spec.help {
        m.leaf("p", &[("class", "help"), ("id", &help_id)], h);
    }
    let current = untrack(value);
    let mut attrs = vec![
        ("id", id),
        ("type", "text"),
        ("inputmode", spec.inputmode),
        ("class", "narrow"),
        ("spellcheck", "false"),
        ("autocomplete", "off"),
        ("aria-describedby", described.as_str()),
        ("value", current.as_str()),
        ("data-act", id),
    ];
    if untrack(disabled) {
        attrs.push(("disabled", ""));
    }
    m.open("input", &attrs)
        .open(
            "ul",
            &[("class", "field-messages"), ("id", &field.message_id())],
        )
        .markup(&messages)
        .close("ul")
        .close("div");
    m.finish()
}

/// One refresh value (`data-act` = its id): shows the policy's value, commits on Enter or
/// when leaving the field.
fn refresh_input(
    part: RefreshPart,
    label: &'static str,
    refresh: Memo<RefreshPolicy>,
    draft: RwSignal<Option<String>>,
) -> String {
    let (field, check): (FormField, fn(&str) -> Checked<u32>) = match part {
        RefreshPart::Minutes => (FormField::Interval, forms::refresh_minutes),
        RefreshPart::Offset => (FormField::Offset, forms::refresh_offset),
    };
    let id = field.id();
    let shown = move || {
        draft.get().unwrap_or_else(|| {
            let r = refresh.get().shown();
            match part {
                RefreshPart::Minutes => r.minutes,
                RefreshPart::Offset => r.offset,
            }
            .to_string()
        })
    };
    let msgs = move || draft.with(|d| d.as_deref().map(|t| check(t).messages).unwrap_or_default());
    let messages = dom::live_markup(
        field.message_id(),
        Box::new(move || messages_markup(&msgs())),
    );
    dom::bind(id.into(), Bind::Value, Box::new(shown));
    dom::bind(
        id.into(),
        Bind::Attr("aria-invalid"),
        Box::new(move || (!msgs().is_empty()).to_string()),
    );
    let mut m = Markup::new();
    text_field(
        &mut m,
        "field",
        id,
        label,
        &untrack(shown),
        &[
            ("type", "text"),
            ("inputmode", "numeric"),
            ("class", "narrow"),
            ("spellcheck", "false"),
            ("autocomplete", "off"),
            (
                "aria-describedby",
                &format!("{} rollout-refresh-note", field.message_id()),
            ),
            ("data-act", id),
        ],
        &messages,
    );
    m.finish()
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

/// The parameter form as markup, and the handler of its events. `check` is the check of
/// the draft as typed; `on_input` runs after a keystroke in a preview field (the view
/// re-simulates shortly after), `on_change` after a check box or button changed the draft
/// (re-simulate now); `refresh` is the policy's "Set Group Policy refresh interval for
/// computers", changed through `dispatch`.
pub fn rollout_form(
    draft: RwSignal<RolloutDraft>,
    check: Memo<FormCheck>,
    on_input: Callback<()>,
    on_change: Callback<()>,
    refresh: Memo<RefreshPolicy>,
    dispatch: Dispatch,
) -> (String, Handler) {
    let refresh_drafts: [RwSignal<Option<String>>; 2] = [RwSignal::new(None), RwSignal::new(None)];
    let general = dom::live_markup(
        "rollout-general".into(),
        Box::new(move || check.with(|c| errors_markup(&c.general()))),
    );
    let note = dom::live_markup(
        "rollout-refresh-describe".into(),
        Box::new(move || {
            let mut m = Markup::new();
            m.text(&refresh.get().describe());
            m.finish()
        }),
    );
    dom::bind(
        "rollout-reset".into(),
        Bind::Flag("disabled"),
        Box::new(move || reset_edit(&refresh.get()).is_none().to_string()),
    );
    // The check boxes after a group's fields: laptops (1) and Security Center (2).
    type Get = fn(&RolloutDraft) -> bool;
    let boxes: [(&str, &str, Get); 2] = [
        (
            "rollout-never",
            "They do not come back within the preview",
            |d| d.laptops_never_return,
        ),
        (
            "rollout-sc",
            "Model the restart Security Center needs",
            |d| d.security_center,
        ),
    ];
    let check_box = |m: &mut Markup, k: usize| {
        let (id, label, get) = boxes[k];
        dom::bind(
            id.into(),
            Bind::Flag("checked"),
            Box::new(move || draft.with(get).to_string()),
        );
        let mut attrs = vec![("type", "checkbox"), ("id", id), ("data-act", id)];
        if draft.with_untracked(get) {
            attrs.push(("checked", ""));
        }
        m.open("label", &[("class", "check")])
            .open("input", &attrs)
            .text(label)
            .close("label");
    };
    let mut m = Markup::new();
    m.open(
        "section",
        &[
            ("class", "rollout-form"),
            ("aria-labelledby", "rollout-form-h"),
        ],
    )
    .leaf("h2", &[("id", "rollout-form-h")], "Parameters")
    .open(
        "ul",
        &[
            ("class", "field-messages"),
            ("role", "alert"),
            ("id", "rollout-general"),
        ],
    )
    .markup(&general)
    .close("ul")
    .markup(&draft_input(&CLIENTS, Off::Never, draft, check))
    .open("fieldset", &[("class", "rollout-refresh")])
    .leaf(
        "legend",
        &[],
        "Group Policy refresh (this policy's setting)",
    )
    .markup(&refresh_input(
        RefreshPart::Minutes,
        "Refresh interval (minutes, 0–44640)",
        refresh,
        refresh_drafts[0],
    ))
    .markup(&refresh_input(
        RefreshPart::Offset,
        "Maximum random offset (minutes, 0–1440)",
        refresh,
        refresh_drafts[1],
    ))
    .open("div", &[("class", "note"), ("id", "rollout-refresh-note")])
    .open("p", &[("id", "rollout-refresh-describe")])
    .markup(&note)
    .close("p")
    .leaf(
        "p",
        &[],
        "These two values are the policy's “Set Group Policy refresh interval for computers”: \
             changing one enables that policy with the new value, so it goes into every export \
             (as GroupPolicyRefreshTime and GroupPolicyRefreshTimeOffset) and can be undone.",
    );
    let mut reset_attrs = vec![
        ("type", "button"),
        ("id", "rollout-reset"),
        ("data-act", "reset"),
    ];
    if untrack(|| reset_edit(&refresh.get()).is_none()) {
        reset_attrs.push(("disabled", ""));
    }
    m.leaf("button", &reset_attrs, "Reset to Windows default")
        .close("div")
        .close("fieldset");
    for (g, (legend, fields)) in GROUPS.iter().enumerate() {
        m.open("fieldset", &[]).leaf("legend", &[], legend);
        for (k, (spec, off)) in fields.iter().enumerate() {
            // The Security Center box sits between its two fields.
            if g == 2 && k == 1 {
                check_box(&mut m, 1);
            }
            m.markup(&draft_input(spec, *off, draft, check));
        }
        if g == 1 {
            check_box(&mut m, 0);
        }
        m.close("fieldset");
    }
    m.open("fieldset", &[])
        .leaf("legend", &[], "Random sample")
        .open("div", &[("class", "seed-row")])
        .markup(&draft_input(&SEED, Off::Never, draft, check))
        .leaf(
            "button",
            &[("type", "button"), ("data-act", "new-sample")],
            "New sample",
        )
        .close("div")
        .close("fieldset")
        .close("section");
    let commit = move |k: usize| {
        let part = if k == 0 {
            RefreshPart::Minutes
        } else {
            RefreshPart::Offset
        };
        let check = if k == 0 {
            forms::refresh_minutes
        } else {
            forms::refresh_offset
        };
        let Some(text) = refresh_drafts[k].get_untracked() else {
            return;
        };
        let Some(value) = check(&text).value else {
            return;
        };
        if let Some(edit) = refresh_edit(&refresh.get_untracked(), part, value) {
            let _ = dispatch.run(edit);
        }
        refresh_drafts[k].set(None);
    };
    let on: Handler = Rc::new(move |ev| {
        let Some((act, _)) = action_of(ev) else {
            return;
        };
        let kind = ev.type_();
        let refresh_k = [FormField::Interval, FormField::Offset]
            .iter()
            .position(|f| f.id() == act);
        match (act.as_str(), kind.as_str(), refresh_k) {
            (_, "input", Some(k)) => refresh_drafts[k].set(Some(dom::field_value(ev))),
            (_, "change", Some(k)) => commit(k),
            (_, "keydown", Some(k))
                if ev
                    .dyn_ref::<web_sys::KeyboardEvent>()
                    .is_some_and(|e| e.key() == "Enter") =>
            {
                commit(k)
            }
            ("reset", "click", _) => {
                if let Some(edit) = reset_edit(&refresh.get_untracked()) {
                    let _ = dispatch.run(edit);
                }
            }
            ("new-sample", "click", _) => {
                draft.update(|d| {
                    let current = d.seed.trim().parse::<u64>().unwrap_or(DEFAULT_SEED);
                    d.seed = next_seed(current).to_string();
                });
                on_change.run(());
            }
            ("rollout-never", "change", _) | ("rollout-sc", "change", _) => {
                let on = dom::field_value(ev) == "true";
                draft.update(|d| {
                    if act == "rollout-never" {
                        d.laptops_never_return = on;
                    } else {
                        d.security_center = on;
                    }
                });
                on_change.run(());
            }
            (_, "input", None) => {
                let all = std::iter::once(&CLIENTS)
                    .chain(GROUPS.iter().flat_map(|(_, f)| f.iter().map(|(s, _)| s)))
                    .chain(std::iter::once(&SEED));
                if let Some(spec) = all.into_iter().find(|s| s.field.id() == act) {
                    let v = dom::field_value(ev);
                    draft.update(|d| (spec.set)(d, v));
                    on_input.run(());
                }
            }
            _ => {}
        }
    });
    (m.finish(), on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::model::edit::Edit;
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
