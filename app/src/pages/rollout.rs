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

use crate::components::rollout_chart::{RolloutChart, Zoom};
use crate::components::rollout_figures::{ChartData, KeyFigures, RolloutSummary};
use crate::components::rollout_form::RolloutForm;
use crate::components::rollout_model::{
    cap_params, refresh_policy, RolloutDraft, SampleMode, Simulation, FULL_MAX, LIVE_CAP,
};
use crate::components::rollout_sample::RolloutSample;
use crate::dom;
use crate::state::{use_app, Region};

/// Delay after the last keystroke before re-simulating.
const SETTLE: Duration = Duration::from_millis(200);

/// What the page remembers between visits.
#[derive(Clone, Copy)]
struct Memory {
    /// The form as typed.
    draft: RwSignal<RolloutDraft>,
    /// The form as last simulated (follows `draft` after a short pause).
    settled: RwSignal<RolloutDraft>,
    /// Rows of the sample table.
    mode: RwSignal<SampleMode>,
    /// Part of the horizon on the chart.
    zoom: RwSignal<Zoom>,
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
            mode: RwSignal::new(SampleMode::default()),
            zoom: RwSignal::new(Zoom::Whole),
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
    let params = Memo::new(move |_| {
        let r = refresh.get();
        mem.settled.with(|d| d.check(r.effective, r.source).value)
    });
    let shown = Memo::new(move |prev: Option<&Shown>| {
        let previous = || {
            prev.map(|p| p.sim.clone())
                .unwrap_or_else(|| Arc::new(Simulation::empty()))
        };
        let Some((asked, seed)) = params.get() else {
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

    let full = Callback::new(move |()| {
        if let Some(p) = params.get_untracked() {
            mem.full.set(Some(p));
        }
    });
    let stale = Signal::derive(move || shown.with(|s| s.stale));
    let sim = Memo::new(move |_| shown.with(|s| s.sim.clone()));
    let result = Signal::derive(move || sim.with(|s| s.result.clone()));

    view! {
        <h1>"Rollout"</h1>
        <p class="lead">
            "When do the clients actually get this policy? The SBS 2003 paper says existing clients get the firewall "
            "“90 minutes later”, new clients as soon as they join the domain, and that each client then needs a restart "
            "before Security Center reports. In fact a running client re-applies policy every interval plus a random "
            "offset, so the arrival is spread out: here is the distribution for your numbers."
        </p>
        <div class="rollout-layout">
            <RolloutForm
                draft=mem.draft
                check=check_now
                on_input=settle_later
                on_change=Callback::new(move |()| settle_now())
                refresh=refresh
                dispatch=dispatch
            />
            <section class="rollout-result" aria-labelledby="rollout-result-h">
                <h2 id="rollout-result-h">"Result"</h2>
                <RolloutSummary sim=sim stale=stale on_full=full />
                <fieldset class="zoom">
                    <legend>"Chart shows"</legend>
                    {[(Zoom::Whole, "Whole preview"), (Zoom::FirstHours, "First 4 hours")].into_iter().map(|(z, label)| view! {
                        <label class="radio">
                            <input
                                type="radio"
                                name="rollout-zoom"
                                prop:checked=move || mem.zoom.get() == z
                                on:change:target=move |_| mem.zoom.set(z)
                            />
                            {label}
                        </label>
                    }).collect_view()}
                </fieldset>
                <RolloutChart result=result zoom=mem.zoom />
                <ChartData sim=sim zoom=mem.zoom />
                <KeyFigures sim=sim />
            </section>
        </div>
        <RolloutSample sim=sim mode=mem.mode />
    }
}
