//! Rollout view: when the clients actually get the policy.
//!
//! The SBS 2003 paper says existing clients get the firewall "90 minutes later", new ones as
//! they join the domain, and that Security Center needs a restart after that. This page runs
//! `core::rollout` on the admin's numbers and shows the distribution: a summary sentence,
//! key figures, a chart and a sample of computers.
//!
//! Reactivity: the simulation re-runs only when the form (debounced while typing) or the
//! policy's refresh setting changes — it reads the policy through a memo of the Global
//! region, so other edits never re-simulate. The live preview simulates at most
//! [`LIVE_CAP`] clients and says so. The form survives page switches: it lives in a context
//! on the app's root owner (created on first visit), not in the editor's state.

use std::sync::Arc;
use std::time::Duration;

use fwpolicy_core::rollout::{self, RolloutParams};
use leptos::prelude::*;

use crate::components::rollout_chart::{
    chart_markup, legend_markup, view_box, Zoom, DESC_ID, TITLE_ID,
};
use crate::components::rollout_figures::{chart_data_markup, figures_markup, status_markup};
use crate::components::rollout_form::rollout_form;
use crate::components::rollout_model::{
    cap_params, refresh_policy, RolloutDraft, SampleMode, Simulation, FULL_MAX, LIVE_CAP,
    SAMPLE_ROWS,
};
use crate::components::rollout_sample::modes_markup;
use crate::components::rollout_tables::{sample_table, table_html};
use crate::dom;
use crate::html::{action_of, Choices, Markup};
use crate::state::{use_app, Region};
use crate::ui::{block, Handler};
use std::rc::Rc;

/// Delay after the last keystroke before re-simulating.
const SETTLE: Duration = Duration::from_millis(200);

const ZOOMS: [(Zoom, &str); 2] = [
    (Zoom::Whole, "Whole preview"),
    (Zoom::FirstHours, "First 4 hours"),
];

/// The "Chart shows" radios (`data-act="zoom"`, `data-i` = position).
fn zoom_markup(shown: Zoom) -> String {
    let mut m = Markup::new();
    m.leaf("legend", &[], "Chart shows");
    let items: Vec<(&str, bool, String)> = ZOOMS
        .iter()
        .map(|(z, label)| (*label, *z == shown, String::new()))
        .collect();
    Choices {
        kind: "radio",
        name: "rollout-zoom",
        id: "rollout-zoom",
        act: "zoom",
        class: "radio",
        mark_on: false,
    }
    .write(&mut m, &items);
    m.finish()
}

/// What the page remembers between visits.
#[derive(Clone, Copy)]
struct Memory {
    /// The form as typed.
    draft: RwSignal<RolloutDraft>,
    /// The form as last simulated (follows `draft` after a short pause).
    settled: RwSignal<RolloutDraft>,
    /// Rows of the sample table and part of the horizon on the chart.
    view: RwSignal<(SampleMode, Zoom)>,
    /// Parameters (uncapped) and seed for which the admin asked to simulate every client.
    full: RwSignal<Option<(RolloutParams, u64)>>,
}

/// The page's memory, created once on the app's root owner so it outlives the page.
fn memory() -> Memory {
    if let Some(m) = use_context::<Memory>() {
        return m;
    }
    let mut root = Owner::current();
    while let Some(parent) = root.as_ref().and_then(Owner::parent) {
        root = Some(parent);
    }
    let make = || {
        let m = Memory {
            draft: RwSignal::new(RolloutDraft::default()),
            settled: RwSignal::new(RolloutDraft::default()),
            view: RwSignal::new((SampleMode::default(), Zoom::Whole)),
            full: RwSignal::new(None),
        };
        provide_context(m);
        m
    };
    match root {
        Some(owner) => owner.with(make),
        None => make(),
    }
}

/// The latest simulation and whether the form has moved on since (an error in it).
#[derive(Clone, PartialEq)]
struct Shown {
    sim: Arc<Simulation>,
    stale: bool,
}

/// The rollout page.
#[component]
pub fn RolloutPage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let dispatch = store.dispatcher(app.ui);
    let mem = memory();

    // The policy's refresh setting: only a change of it re-simulates.
    let refresh = Memo::new(move |_| store.read(&[Region::Global], refresh_policy));
    let check_now = Memo::new(move |_| {
        let r = refresh.get();
        mem.draft.with(|d| d.check(r.effective, r.source))
    });
    let params = move || {
        let r = refresh.get();
        mem.settled.with(|d| d.check(r.effective, r.source).value)
    };
    let shown = Memo::new(move |prev: Option<&Shown>| {
        let previous = || {
            prev.map(|p| p.sim.clone())
                .unwrap_or_else(|| Arc::new(Simulation::empty()))
        };
        let Some((asked, seed)) = params() else {
            return Shown {
                sim: previous(),
                stale: true,
            };
        };
        let full = mem
            .full
            .with(|f| f.as_ref().is_some_and(|(p, s)| *p == asked && *s == seed));
        let (run, capped) = cap_params(&asked, if full { FULL_MAX } else { LIVE_CAP });
        let t0 = dom::now_ms();
        match rollout::simulate_seeded(&run, seed) {
            Ok(result) => Shown {
                sim: Arc::new(Simulation {
                    result: Arc::new(result),
                    capped,
                    seed,
                    millis: dom::now_ms() - t0,
                }),
                stale: false,
            },
            // validate() passed, so this does not happen; keep what is shown.
            Err(_) => Shown {
                sim: previous(),
                stale: true,
            },
        }
    });

    // Debounced copy of the draft into `settled`.
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let settle_now = move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending.set_value(None);
        let d = mem.draft.get_untracked();
        if mem.settled.with_untracked(|s| *s != d) {
            mem.settled.set(d);
        }
    };
    let settle_later = Callback::new(move |()| {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending.set_value(set_timeout_with_handle(settle_now, SETTLE).ok());
    });
    // A pause cut short by leaving the page is finished on the next visit.
    settle_now();
    on_cleanup(move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
    });

    let status = dom::live_markup(
        "rollout-status".into(),
        Box::new(move || shown.with(|s| status_markup(&s.sim, s.stale))),
    );
    let summary = dom::live_markup(
        "rollout-summary-text".into(),
        Box::new(move || {
            let mut m = Markup::new();
            shown.with(|s| m.text(&rollout::summary(&s.sim.result)));
            m.finish()
        }),
    );
    let zooms = dom::live_markup(
        "rollout-zoom-group".into(),
        Box::new(move || zoom_markup(mem.view.get().1)),
    );
    let modes = dom::live_markup(
        "rollout-sample-modes".into(),
        Box::new(move || modes_markup(mem.view.get().0)),
    );
    let end = move |s: &Shown| mem.view.get().1.end(s.sim.result.horizon_min);
    let chart = dom::live_markup(
        "rollout-chart".into(),
        Box::new(move || shown.with(|s| chart_markup(&s.sim.result, end(s)))),
    );
    let legend = dom::live_markup(
        "rollout-legend".into(),
        Box::new(move || shown.with(|s| legend_markup(&s.sim.result))),
    );
    let data = dom::live_markup(
        "rollout-chart-data".into(),
        Box::new(move || shown.with(|s| chart_data_markup(&s.sim, end(s)))),
    );
    let figures = dom::live_markup(
        "rollout-figures".into(),
        Box::new(move || shown.with(|s| figures_markup(&s.sim))),
    );
    let sample = dom::live_markup(
        "rollout-sample-table".into(),
        Box::new(move || {
            let m = mem.view.get().0;
            shown.with(|s| {
                table_html(
                    "records sample",
                    &sample_table(&s.sim.result, m, SAMPLE_ROWS),
                )
            })
        }),
    );
    let (form, form_on) = rollout_form(
        mem.draft,
        check_now,
        settle_later,
        Callback::new(move |()| settle_now()),
        refresh,
        dispatch,
    );
    let mut m = Markup::new();
    m.leaf("h1", &[], "Rollout")
        .leaf(
            "p",
            &[("class", "lead")],
            "When do the clients actually get this policy? The SBS 2003 paper says existing clients get the firewall \
             “90 minutes later”, new clients as soon as they join the domain, and that each client then needs a restart \
             before Security Center reports. In fact a running client re-applies policy every interval plus a random \
             offset, so the arrival is spread out: here is the distribution for your numbers.",
        )
        .open("div", &[("class", "rollout-layout")])
        .markup(&form)
        .open("section", &[("class", "rollout-result"), ("aria-labelledby", "rollout-result-h")])
        .leaf("h2", &[("id", "rollout-result-h")], "Result")
        .open("div", &[("class", "rollout-summary")])
        .open(
            "p",
            &[("class", "summary-text"), ("aria-live", "polite"), ("id", "rollout-summary-text")],
        )
        .markup(&summary)
        .close("p")
        .open("div", &[("id", "rollout-status")])
        .markup(&status)
        .close("div")
        .close("div")
        .open("fieldset", &[("class", "zoom"), ("id", "rollout-zoom-group")])
        .markup(&zooms)
        .close("fieldset")
        .open("figure", &[("class", "rollout-figure")])
        .open(
            "svg",
            &[
                ("class", "rollout-chart"),
                ("id", "rollout-chart"),
                ("viewBox", &view_box()),
                ("role", "img"),
                ("aria-labelledby", &format!("{TITLE_ID} {DESC_ID}")),
            ],
        )
        .markup(&chart)
        .close("svg")
        .open("figcaption", &[("id", "rollout-legend")])
        .markup(&legend)
        .close("figcaption")
        .close("figure")
        .open("details", &[("class", "chart-data")])
        .leaf("summary", &[], "Chart data as a table")
        .open("div", &[("id", "rollout-chart-data")])
        .markup(&data)
        .close("div")
        .close("details")
        .open("div", &[("class", "figures"), ("id", "rollout-figures")])
        .markup(&figures)
        .close("div")
        .close("section")
        .close("div")
        .open("section", &[("class", "rollout-sample"), ("aria-labelledby", "rollout-sample-h")])
        .leaf("h2", &[("id", "rollout-sample-h")], "Sample of computers")
        .open("fieldset", &[("class", "sample-mode"), ("id", "rollout-sample-modes")])
        .markup(&modes)
        .close("fieldset")
        // The table scrolls sideways on narrow screens; its box is focusable so the
        // keyboard can scroll it.
        .open(
            "div",
            &[
                ("class", "sample-scroll"),
                ("id", "rollout-sample-table"),
                ("tabindex", "0"),
                ("role", "group"),
                ("aria-label", "Sample table (scrolls sideways on narrow screens)"),
            ],
        )
        .markup(&sample)
        .close("div")
        .close("section");
    let on: Handler = Rc::new(move |ev| {
        form_on(ev);
        let Some((act, i)) = action_of(ev) else {
            return;
        };
        match (act.as_str(), ev.type_().as_str()) {
            ("full", "click") => {
                if let Some(p) = untrack(params) {
                    mem.full.set(Some(p));
                }
            }
            ("zoom", "change") => {
                if let Some((z, _)) = ZOOMS.get(i) {
                    mem.view.update(|v| v.1 = *z);
                }
            }
            ("mode", "change") => {
                if let Some(m) = SampleMode::ALL.get(i) {
                    mem.view.update(|v| v.0 = *m);
                }
            }
            _ => {}
        }
    });
    block("", "rollout".into(), m.finish(), on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zoom_shown_is_checked() {
        let m = zoom_markup(Zoom::FirstHours);
        assert!(m.starts_with("<legend>Chart shows</legend>"));
        assert!(m.contains("id=\"rollout-zoom-1\" data-act=\"zoom\" data-i=\"1\" checked=\"\">First 4 hours</label>"));
    }
}
