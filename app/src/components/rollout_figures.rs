//! The Rollout view's words and numbers around the summary sentence (`rollout::summary`):
//! the stale and capped notes with the "simulate every client" button, the seed and timing
//! line, the key figures (P50/P90/P95/P99/max, share by 90 minutes), how the clients got the
//! policy, and the chart's data as a table.

use fwpolicy_core::rollout::form::{capped_note, full_run_label, group_digits};
use leptos::prelude::*;

use crate::components::rollout_model::Simulation;
use crate::components::rollout_tables::{chart_data, key_figures, reason_counts, DataTable};

/// The seed and timing line: `Seed 2004; 250 computers simulated in 3 ms in this browser.`
/// (milliseconds rounded to whole ones).
pub fn timing_line(sim: &Simulation) -> String {
    let millis = sim.millis.max(0.0).round() as u64;
    format!(
        "Seed {}; {} computers simulated in {millis} ms in this browser.",
        sim.seed,
        group_digits(sim.result.outcomes.len()),
    )
}

/// The notes under the summary: "Out of date" (in a live region) while the form holds an
/// error, the capped-preview note with its "Simulate all" button (when the page can run
/// them all) and the seed and timing line.
#[component]
pub fn StatusNotes(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Simulation>,
    /// The form has moved on since (it holds an error).
    #[prop(into)]
    stale: Signal<bool>,
    /// Called when the admin asks to simulate every client.
    on_full: Callback<()>,
) -> AnyView {
    let capped = move || sim.with(|s| s.capped);
    let note = move || capped().map(capped_note).unwrap_or_default();
    let full_label = move || capped().and_then(full_run_label);
    view! {
        <div id="rollout-status">
            <div id="rollout-stale" aria-live="polite">
                <Show when=move || stale.get()>
                    <p class="note stale-note">
                        <strong>"Out of date: fix the highlighted value."</strong>
                        " The chart and figures below are for the last valid values, not the ones in the form."
                    </p>
                </Show>
            </div>
            <Show when=move || capped().is_some()>
                <p class="note capped">
                    {note} " "
                    <Show when=move || full_label().is_some()>
                        <button type="button" id="rollout-full" on:click=move |_| on_full.run(())>
                            {move || full_label().unwrap_or_default()}
                        </button>
                    </Show>
                </p>
            </Show>
            <p class="meta">{move || sim.with(timing_line)}</p>
        </div>
    }
    .into_any()
}

/// The key figures table and the counts per reason.
#[component]
pub fn KeyFigures(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Simulation>,
) -> AnyView {
    let figures = Memo::new(move |_| sim.with(|s| key_figures(&s.result)));
    let reasons = Memo::new(move |_| sim.with(|s| reason_counts(&s.result)));
    view! {
        <div class="figures" id="rollout-figures">
            <DataTable class="key-figures" table=figures />
            <DataTable class="reason-counts" table=reasons />
        </div>
    }
    .into_any()
}

/// The chart's points as a table (the chart's text alternative), at the x-axis ticks up to
/// minute `end`, in a closed `<details>`.
#[component]
pub fn ChartData(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Simulation>,
    /// Last minute shown.
    #[prop(into)]
    end: Signal<u32>,
) -> AnyView {
    let table = Memo::new(move |_| {
        let end = end.get();
        sim.with(|s| chart_data(&s.result, end))
    });
    view! {
        <details class="chart-data">
            <summary>"Chart data as a table"</summary>
            <div id="rollout-chart-data">
                <DataTable class="records" table=table />
            </div>
        </details>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::rollout_model::rendered;
    use fwpolicy_core::rollout::form::Capped;

    fn notes(sim: &Simulation, stale: bool) -> String {
        let owner = Owner::new();
        owner.set();
        rendered(view! {
            <StatusNotes
                sim=Signal::stored(sim.clone())
                stale=Signal::stored(stale)
                on_full=Callback::new(|_| ())
            />
        })
    }

    #[test]
    fn notes_say_what_is_shown_and_offer_the_full_run() {
        let mut sim = Simulation::empty();
        sim.seed = 2004;
        sim.millis = 17.6;
        assert_eq!(
            timing_line(&sim),
            "Seed 2004; 0 computers simulated in 18 ms in this browser."
        );
        assert_eq!(
            notes(&sim, false),
            "<div id=\"rollout-status\"><div id=\"rollout-stale\" aria-live=\"polite\"></div><p class=\"meta\">Seed 2004; 0 computers simulated in 18 ms in this browser.</p></div>"
        );
        sim.capped = Some(Capped {
            requested: 1_000_000,
            simulated: 200_000,
        });
        // See: issue 13. An invalid value marks the result out of date, in a live region.
        let m = notes(&sim, true);
        assert!(
            m.starts_with(
                "<div id=\"rollout-status\"><div id=\"rollout-stale\" aria-live=\"polite\">\
                 <p class=\"note stale-note\"><strong>Out of date: fix the highlighted value.</strong>"
            ),
            "{m}"
        );
        assert!(
            m.contains("Live preview: a random sample of 200,000 of your 1,000,000 clients"),
            "{m}"
        );
        assert!(m.contains(
            "<button type=\"button\" id=\"rollout-full\">Simulate all 1,000,000 clients</button></p>"
        ), "{m}");
        sim.capped = Some(Capped {
            requested: 5_000_000,
            simulated: 200_000,
        });
        let m = notes(&sim, false);
        assert!(m.contains("the fwpolicy rollout command runs more"), "{m}");
        assert!(!m.contains("<button"), "{m}");
    }
}
