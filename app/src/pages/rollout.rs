//! Rollout view: when the clients actually get the policy.
//!
//! The SBS 2003 paper says existing clients get the firewall "90 minutes later", new ones as
//! they join the domain, and that Security Center needs a restart after that. This page runs
//! `core::rollout` on the admin's numbers and shows the distribution: a summary sentence,
//! key figures, a chart and a sample of computers.
//!
//! The refresh setting on this page is a sandbox ([`RefreshSandbox`]): it starts from the
//! policy's values, editing it only re-simulates, and the policy changes only through the
//! form's "Apply to policy". A sandbox the admin has not touched follows the policy (Undo,
//! import). While a value is invalid the result shown is marked out of date.
//!
//! Reactivity: the simulation re-runs only when the form (debounced while typing), the
//! sandbox or the policy's refresh setting changes — the editor sends that setting only when
//! its memo of the Global region changes, so other edits never re-simulate. The live preview simulates at most
//! [`LIVE_CAP`] clients and says so. The form survives page switches: its [`Memory`] lives on
//! the Rollout module's root owner, not in the editor's state.
//!
//! The page runs in a module of its own, loaded on the first visit
//! ([`crate::rollout_module`]); the editor draws the heading and hands it the policy's refresh
//! setting and a callback that applies the sandbox.

use std::sync::Arc;
use std::time::Duration;

use fwpolicy_core::rollout::form::{
    cap_params, refresh_policy, FormCheck, RefreshPolicy, RolloutDraft, FULL_MAX, LIVE_CAP,
};
use fwpolicy_core::rollout::sample::SampleMode;
use fwpolicy_core::rollout::sandbox::RefreshSandbox;
use fwpolicy_core::rollout::{self, RolloutParams};
use leptos::prelude::*;

use crate::components::rollout_chart::{Chart, ChartLegend, RolloutChart, Zoom, ZoomChoice};
use crate::components::rollout_figures::{ChartData, KeyFigures, StatusNotes};
use crate::components::rollout_form::RolloutForm;
use crate::components::rollout_model::Simulation;
use crate::components::rollout_sample::SampleSection;

/// Delay after the last keystroke before re-simulating.
const SETTLE: Duration = Duration::from_millis(200);

/// What the page remembers between visits: created once, on an owner that outlives the
/// page (the Rollout module's root, [`crate::rollout_module`]), and handed to every mount.
#[derive(Clone, Copy)]
pub struct Memory {
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
    /// The what-if refresh setting.
    sandbox: RwSignal<RefreshSandbox>,
    /// The policy's refresh setting the sandbox last followed (`None` before the first visit).
    based_on: RwSignal<Option<RefreshPolicy>>,
}

impl Memory {
    /// A fresh memory on the current owner: the default form, a sandbox of a policy with no
    /// refresh setting (replaced by the policy's on the first visit).
    pub fn new() -> Self {
        Memory {
            draft: RwSignal::new(RolloutDraft::default()),
            settled: RwSignal::new(RolloutDraft::default()),
            mode: RwSignal::new(SampleMode::default()),
            zoom: RwSignal::new(Zoom::Whole),
            full: RwSignal::new(None),
            sandbox: RwSignal::new(RefreshSandbox::from_policy(&refresh_policy(
                &fwpolicy_core::Policy::default(),
            ))),
            based_on: RwSignal::new(None),
        }
    }
}

impl Default for Memory {
    fn default() -> Self {
        Self::new()
    }
}

/// Milliseconds from the page's time origin (0 outside a browser).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Checks `draft` with the sandbox's refresh values; an invalid sandbox leaves the check
/// without parameters (the result is then out of date) but keeps the draft's messages.
fn check_with(draft: &RolloutDraft, sandbox: &RefreshSandbox, policy: &RefreshPolicy) -> FormCheck {
    match sandbox.effective(policy) {
        Some((refresh, source)) => draft.check(refresh, source),
        None => FormCheck {
            value: None,
            ..draft.check(policy.effective, policy.source)
        },
    }
}

/// The latest simulation and whether the form has moved on since (an error in it).
#[derive(Clone, PartialEq)]
struct Shown {
    sim: Simulation,
    stale: bool,
}

/// The rollout page, below its heading (which the editor draws, see
/// [`crate::pages::rollout_host`]).
#[component]
pub fn RolloutPage(
    /// The policy's refresh setting: only a change of it (or of the sandbox) re-simulates.
    #[prop(into)]
    refresh: Signal<RefreshPolicy>,
    /// Called with the sandbox when the admin presses "Apply to policy".
    apply: Callback<RefreshSandbox>,
    /// What the page remembers between visits.
    memory: Memory,
) -> AnyView {
    let mem = memory;
    // An untouched sandbox follows the policy: now (changes while away) and on each change.
    let follow = move |now: RefreshPolicy| {
        let before = mem.based_on.get_untracked();
        if before == Some(now) {
            return;
        }
        let next = match before {
            None => RefreshSandbox::from_policy(&now),
            Some(b) => mem.sandbox.with_untracked(|s| s.follow(&b, &now)),
        };
        if mem.sandbox.with_untracked(|s| *s != next) {
            mem.sandbox.set(next);
        }
        mem.based_on.set(Some(now));
    };
    follow(refresh.get_untracked());
    Effect::new(move |_| follow(refresh.get()));
    let check_now = Memo::new(move |_| {
        let r = refresh.get();
        mem.sandbox
            .with(|s| mem.draft.with(|d| check_with(d, s, &r)))
    });
    let params = Memo::new(move |_| {
        let r = refresh.get();
        mem.sandbox
            .with(|s| mem.settled.with(|d| check_with(d, s, &r).value))
    });
    let shown = Memo::new(move |prev: Option<&Shown>| {
        let previous = || prev.map_or_else(Simulation::empty, |p| p.sim.clone());
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
        let t0 = now_ms();
        match rollout::simulate_seeded(&run, seed) {
            Ok(result) => Shown {
                sim: Simulation {
                    result: Arc::new(result),
                    capped,
                    seed,
                    millis: now_ms() - t0,
                },
                stale: false,
            },
            // validate() passed, so this does not happen; keep what is shown.
            Err(_) => Shown {
                sim: previous(),
                stale: true,
            },
        }
    });
    let sim = Memo::new(move |_| shown.with(|s| s.sim.clone()));
    let stale = Memo::new(move |_| shown.with(|s| s.stale));
    let end = Memo::new(move |_| {
        let zoom = mem.zoom.get();
        sim.with(|s| zoom.end(s.result.horizon_min))
    });
    let chart = Memo::new(move |_| {
        let end = end.get();
        sim.with(|s| Chart::of(&s.result, end))
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
    let run_all = Callback::new(move |()| {
        if let Some(p) = params.get_untracked() {
            mem.full.set(Some(p));
        }
    });

    view! {
        <p class="lead">
            "When do the clients actually get this policy? The SBS 2003 paper says existing clients get the firewall \
             “90 minutes later”, new clients as soon as they join the domain, and that each client then needs a restart \
             before Security Center reports. In fact a running client re-applies policy every interval plus a random \
             offset, so the arrival is spread out: here is the distribution for your numbers."
        </p>
        <div class="rollout-layout">
            <RolloutForm
                draft=mem.draft
                check=check_now
                on_input=settle_later
                on_change=Callback::new(move |()| settle_now())
                refresh=refresh
                sandbox=mem.sandbox
                apply=apply
            />
            <ResultSection
                sim=sim
                stale=stale
                zoom=mem.zoom
                chart=chart
                end=end
                on_full=run_all
            />
        </div>
        <SampleSection
            sim=sim
            mode=mem.mode
            on_pick=Callback::new(move |m| mem.mode.set(m))
        />
    }
    .into_any()
}

/// The result: summary sentence and notes, the zoom choice, the chart with its legend and
/// data table, and the key figures.
#[component]
fn ResultSection(
    /// The simulation shown.
    sim: Memo<Simulation>,
    /// The form holds an error (the result is the last valid one).
    stale: Memo<bool>,
    /// Part of the horizon on the chart.
    zoom: RwSignal<Zoom>,
    /// The picture of the chart.
    chart: Memo<Chart>,
    /// Last minute on the chart.
    end: Memo<u32>,
    /// Called when the admin asks to simulate every client.
    on_full: Callback<()>,
) -> AnyView {
    let has_exact = Memo::new(move |_| sim.with(|s| s.result.analytic.is_some()));
    let has_sc = Memo::new(move |_| sim.with(|s| s.result.security_center_curve.is_some()));
    view! {
        <section
            class="rollout-result"
            class:stale=move || stale.get()
            aria-labelledby="rollout-result-h"
        >
            <h2 id="rollout-result-h">"Result"</h2>
            <div class="rollout-summary">
                <p class="summary-text" aria-live="polite" id="rollout-summary-text">
                    {move || sim.with(|s| rollout::summary(&s.result))}
                </p>
                <StatusNotes sim=sim stale=stale on_full=on_full />
            </div>
            <ZoomChoice zoom=zoom on_pick=Callback::new(move |z| zoom.set(z)) />
            <figure class="rollout-figure">
                <RolloutChart chart=chart />
                <figcaption id="rollout-legend">
                    <ChartLegend exact=has_exact security_center=has_sc />
                </figcaption>
            </figure>
            <ChartData sim=sim end=end />
            <KeyFigures sim=sim />
        </section>
    }
    .into_any()
}
