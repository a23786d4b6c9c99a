//! A sample of the simulated computers and what happened to each: how and when it got the
//! policy, when Security Center reports, and its startup, join or return.

use std::sync::Arc;

use fwpolicy_core::rollout::format_duration;
use leptos::prelude::*;

use crate::components::rollout_model::{
    event_text, group_label, sample, SampleMode, Simulation, SAMPLE_ROWS,
};

fn when(t: Option<f64>) -> String {
    t.map(format_duration).unwrap_or_else(|| "—".into())
}

/// The sample table with its First / Evenly spaced / Slowest choice.
#[component]
pub fn RolloutSample(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Arc<Simulation>>,
    /// Which computers are listed (read and written).
    mode: RwSignal<SampleMode>,
) -> impl IntoView {
    view! {
        <section class="rollout-sample" aria-labelledby="rollout-sample-h">
            <h2 id="rollout-sample-h">"Sample of computers"</h2>
            <fieldset class="sample-mode">
                <legend>"Show"</legend>
                {SampleMode::ALL.into_iter().map(|m| view! {
                    <label class="radio">
                        <input
                            type="radio"
                            name="rollout-sample-mode"
                            prop:checked=move || mode.get() == m
                            on:change=move |_| mode.set(m)
                        />
                        {m.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || {
                let s = sim.get();
                let r = &s.result;
                let m = mode.get();
                let sc = r.security_center.is_some();
                let rows = sample(&r.outcomes, m, SAMPLE_ROWS);
                let caption = format!(
                    "{} of {} computers ({})",
                    rows.len(),
                    r.client_count,
                    m.label().to_lowercase()
                );
                view! {
                    <div class="sample-scroll">
                        <table class="records sample">
                            <caption>{caption}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Computer"</th>
                                    <th scope="col">"Group"</th>
                                    <th scope="col">"Got the policy by"</th>
                                    <th scope="col">"Applied after"</th>
                                    {sc.then(|| view! { <th scope="col">"Security Center after"</th> })}
                                    <th scope="col">"Startup, join or return"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().filter_map(|i| r.outcomes.get(i)).map(|o| view! {
                                    <tr>
                                        <th scope="row">{format!("#{}", o.client)}</th>
                                        <td>{group_label(o.group)}</td>
                                        <td>{o.reason.map(|x| x.label()).unwrap_or("not within the preview")}</td>
                                        <td>{when(o.applied_min)}</td>
                                        {sc.then(|| view! { <td>{when(o.security_center_min)}</td> })}
                                        <td>{event_text(o)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            }}
        </section>
    }
}
