//! The Rollout view's words and numbers: the plain-language summary (`rollout::summary`),
//! the key figures (P50/P90/P95/P99/max, share by 90 minutes), how the clients got the
//! policy, and the chart's data as a table.

use std::sync::Arc;

use fwpolicy_core::rollout;
use leptos::prelude::*;

use crate::components::rollout_chart::Zoom;
use crate::components::rollout_model::{capped_note, full_run_label, group_digits, Simulation};
use crate::components::rollout_tables::{chart_data, key_figures, reason_counts, table_html};

/// The summary sentence, the sample note and the timing.
#[component]
pub fn RolloutSummary(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Arc<Simulation>>,
    /// True while the form holds an error and an older result is shown.
    #[prop(into)]
    stale: Signal<bool>,
    /// Runs the whole requested number of clients once.
    on_full: Callback<()>,
) -> impl IntoView {
    let capped = Signal::derive(move || sim.with(|s| s.capped));
    let offer = Signal::derive(move || capped.get().and_then(full_run_label));
    view! {
        <div class="rollout-summary">
            <p class="summary-text" aria-live="polite">
                {move || sim.with(|s| rollout::summary(&s.result))}
            </p>
            <p class="note" hidden=move || !stale.get()>
                "Showing the last valid result: fix the marked fields to update it."
            </p>
            <p class="note capped" hidden=move || capped.get().is_none()>
                {move || capped.get().map(capped_note).unwrap_or_default()}
                " "
                <button type="button" hidden=move || offer.get().is_none() on:click:target=move |_| on_full.run(())>
                    {move || offer.get().unwrap_or_default()}
                </button>
            </p>
            <p class="meta">
                {move || sim.with(|s| format!(
                    "Seed {}; {} computers simulated in {:.0} ms in this browser.",
                    s.seed,
                    group_digits(s.result.outcomes.len()),
                    s.millis
                ))}
            </p>
        </div>
    }
}

/// The key figures table and the counts per reason.
#[component]
pub fn KeyFigures(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Arc<Simulation>>,
) -> impl IntoView {
    view! {
        <div class="figures" inner_html=move || sim.with(|s| {
            table_html("key-figures", &key_figures(&s.result))
                + &table_html("reason-counts", &reason_counts(&s.result))
        })></div>
    }
}

/// The chart's points as a table (the chart's text alternative), at the x-axis ticks.
#[component]
pub fn ChartData(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Arc<Simulation>>,
    /// The part of the horizon the chart shows.
    #[prop(into)]
    zoom: Signal<Zoom>,
) -> impl IntoView {
    view! {
        <details class="chart-data">
            <summary>"Chart data as a table"</summary>
            <div inner_html=move || {
                let end = zoom.get();
                sim.with(|s| table_html("records", &chart_data(&s.result, end.end(s.result.horizon_min))))
            }></div>
        </details>
    }
}
