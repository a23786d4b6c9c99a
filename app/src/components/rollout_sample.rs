//! A sample of the simulated computers and what happened to each: how and when it got the
//! policy, when Security Center reports, and its startup, join or return
//! ([`sample_table`]).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::rollout_model::{SampleMode, Simulation, SAMPLE_ROWS};
use crate::components::rollout_tables::{sample_table, table_html};

/// The sample table with its First / Evenly spaced / Slowest choice.
#[component]
pub fn RolloutSample(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Arc<Simulation>>,
    /// Which computers are listed (read and written).
    mode: RwSignal<SampleMode>,
) -> impl IntoView {
    // The table scrolls sideways on narrow screens; its box is focusable so the keyboard can
    // scroll it.
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
                            on:change:target=move |_| mode.set(m)
                        />
                        {m.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <div
                class="sample-scroll"
                tabindex="0"
                role="group"
                aria-label="Sample table (scrolls sideways on narrow screens)"
                inner_html=move || {
                    let m = mode.get();
                    sim.with(|s| table_html("records sample", &sample_table(&s.result, m, SAMPLE_ROWS)))
                }
            ></div>
        </section>
    }
}
