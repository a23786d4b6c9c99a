//! The Rollout view's words and numbers: the plain-language summary (`rollout::summary`),
//! the key figures (P50/P90/P95/P99/max, share by 90 minutes), how the clients got the
//! policy, and the chart's data as a table.

use fwpolicy_core::rollout::{
    self, analytic_quantile, longest_cycle_min, Percentiles, Reason, RolloutResult,
};
use leptos::prelude::*;

use crate::components::rollout_chart::{tick_label, time_ticks, Zoom};
use crate::components::rollout_model::{group_digits, Simulation, FULL_MAX};

fn minutes(t: Option<f64>) -> String {
    t.map(rollout::format_duration)
        .unwrap_or_else(|| "not within the preview".into())
}

fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The summary sentence, the sample note and the timing.
#[component]
pub fn RolloutSummary(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<std::sync::Arc<Simulation>>,
    /// True while the form holds an error and an older result is shown.
    #[prop(into)]
    stale: Signal<bool>,
    /// Runs the whole requested number of clients once.
    on_full: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="rollout-summary">
            <p class="summary-text" aria-live="polite">
                {move || sim.with(|s| rollout::summary(&s.result))}
            </p>
            {move || stale.get().then(|| view! {
                <p class="note">"Showing the last valid result: fix the marked fields to update it."</p>
            })}
            {move || sim.with(|s| s.capped).map(|c| view! {
                <p class="note capped">
                    {format!(
                        "Live preview: a random sample of {} of your {} clients (the preview simulates at most {} while you type). Shares and times hold for all of them; counts are the sample's.",
                        group_digits(c.simulated),
                        group_digits(c.requested),
                        group_digits(c.simulated),
                    )}
                    " "
                    {if c.requested <= FULL_MAX {
                        view! {
                            <button type="button" on:click=move |_| on_full.run(())>
                                {format!("Simulate all {} clients", group_digits(c.requested))}
                            </button>
                        }.into_any()
                    } else {
                        format!(
                            "The page simulates at most {} clients in full; the fwpolicy rollout command runs more.",
                            group_digits(FULL_MAX)
                        ).into_any()
                    }}
                </p>
            })}
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

/// Exact percentiles for the plain case: the forward-recurrence quantiles shifted by the
/// replication delay.
fn exact(result: &RolloutResult) -> Option<Percentiles> {
    result.analytic.as_ref()?;
    let p = &result.params;
    let q = |q: f64| Some(p.replication_delay_min + analytic_quantile(p.refresh, q));
    Some(Percentiles {
        p50: q(0.5),
        p90: q(0.9),
        p95: q(0.95),
        p99: q(0.99),
        max: Some(p.replication_delay_min + longest_cycle_min(p.refresh)),
    })
}

/// Picks one figure of a percentile set.
type Pick = fn(&Percentiles) -> Option<f64>;

/// The key figures table and the counts per reason.
#[component]
pub fn KeyFigures(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<std::sync::Arc<Simulation>>,
) -> impl IntoView {
    move || {
        let s = sim.get();
        let r = &s.result;
        let exact = exact(r);
        let sc = r.security_center;
        let rows: [(&str, Pick); 5] = [
            ("Half of the clients (P50)", |p| p.p50),
            ("90% (P90)", |p| p.p90),
            ("95% (P95)", |p| p.p95),
            ("99% (P99)", |p| p.p99),
            ("All of them (max)", |p| p.max),
        ];
        let by_90_exact = exact.as_ref().map(|_| {
            rollout::analytic_cdf(r.params.refresh, 90.0 - r.params.replication_delay_min)
        });
        let by_90_sc = r
            .security_center_curve
            .as_ref()
            .and_then(|c| c.get(90).copied());
        let counts = r.counts;
        view! {
            <table class="key-figures">
                <caption>"Key figures"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Clients"</th>
                        <th scope="col">"New policy applied"</th>
                        {exact.is_some().then(|| view! { <th scope="col">"Exact (plain case)"</th> })}
                        {sc.is_some().then(|| view! { <th scope="col">"Security Center reports"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(label, get)| view! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td>{minutes(get(&r.percentiles))}</td>
                            {exact.as_ref().map(|e| view! { <td>{minutes(get(e))}</td> })}
                            {sc.as_ref().map(|p| view! { <td>{minutes(get(p))}</td> })}
                        </tr>
                    }).collect_view()}
                    <tr>
                        <th scope="row">"Share by 90 min (the SBS 2003 paper's delay)"</th>
                        <td>{pct(r.share_by_90)}</td>
                        {by_90_exact.map(|v| view! { <td>{pct(v)}</td> })}
                        {sc.is_some().then(|| view! { <td>{pct(by_90_sc.unwrap_or(0.0))}</td> })}
                    </tr>
                </tbody>
            </table>
            <table class="reason-counts">
                <caption>"How the clients got the policy"</caption>
                <tbody>
                    {Reason::ALL.into_iter().map(|reason| view! {
                        <tr><th scope="row">{reason.label()}</th><td>{group_digits(counts.get(reason))}</td></tr>
                    }).collect_view()}
                    <tr><th scope="row">"not within the preview"</th><td>{group_digits(counts.never)}</td></tr>
                </tbody>
            </table>
        }
    }
}

/// The chart's points as a table (the chart's text alternative), at the x-axis ticks.
#[component]
pub fn ChartData(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<std::sync::Arc<Simulation>>,
    /// The part of the horizon the chart shows.
    #[prop(into)]
    zoom: Signal<Zoom>,
) -> impl IntoView {
    view! {
        <details class="chart-data">
            <summary>"Chart data as a table"</summary>
            {move || {
                let s = sim.get();
                let r = &s.result;
                let end = zoom.get().end(r.horizon_min);
                let ticks = time_ticks(end, 13);
                let at = |curve: &[f64], m: u32| curve.get(m as usize).copied().map(pct).unwrap_or_default();
                view! {
                    <table class="records">
                        <caption>"Share of clients on the new policy by minute"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Time after the change"</th>
                                <th scope="col">"Simulated"</th>
                                {r.analytic.is_some().then(|| view! { <th scope="col">"Exact"</th> })}
                                {r.security_center_curve.is_some().then(|| view! { <th scope="col">"Security Center"</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {ticks.into_iter().map(|m| view! {
                                <tr>
                                    <th scope="row">{tick_label(m)}</th>
                                    <td>{at(&r.curve, m)}</td>
                                    {r.analytic.as_ref().map(|a| view! { <td>{at(a, m)}</td> })}
                                    {r.security_center_curve.as_ref().map(|c| view! { <td>{at(c, m)}</td> })}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }}
        </details>
    }
}
