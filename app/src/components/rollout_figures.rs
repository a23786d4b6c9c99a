//! The Rollout view's words and numbers around the summary sentence (`rollout::summary`):
//! the stale and capped notes with the "simulate every client" button, the seed and timing
//! line, the key figures (P50/P90/P95/P99/max, share by 90 minutes), how the clients got the
//! policy, and the chart's data as a table. All markup (see [`crate::html`]), tested here.

use crate::components::rollout_model::{capped_note, full_run_label, group_digits, Simulation};
use crate::components::rollout_tables::{chart_data, key_figures, reason_counts, table_html};
use crate::html::Markup;

/// The notes under the summary: "showing the last valid result" while the form holds an
/// error, the capped-preview note with its button (`data-act="full"`) and the seed and
/// timing line. Milliseconds are rounded to whole ones.
pub fn status_markup(sim: &Simulation, stale: bool) -> String {
    let mut m = Markup::new();
    if stale {
        m.leaf(
            "p",
            &[("class", "note")],
            "Showing the last valid result: fix the marked fields to update it.",
        );
    }
    if let Some(c) = sim.capped {
        m.open("p", &[("class", "note capped")])
            .text(&capped_note(c))
            .text(" ");
        if let Some(label) = full_run_label(c) {
            m.leaf(
                "button",
                &[
                    ("type", "button"),
                    ("id", "rollout-full"),
                    ("data-act", "full"),
                ],
                &label,
            );
        }
        m.close("p");
    }
    let millis = sim.millis.max(0.0).round() as u64;
    m.leaf(
        "p",
        &[("class", "meta")],
        &format!(
            "Seed {}; {} computers simulated in {millis} ms in this browser.",
            sim.seed,
            group_digits(sim.result.outcomes.len()),
        ),
    );
    m.finish()
}

/// The key figures table and the counts per reason.
pub fn figures_markup(sim: &Simulation) -> String {
    table_html("key-figures", &key_figures(&sim.result))
        + &table_html("reason-counts", &reason_counts(&sim.result))
}

/// The chart's points as a table (the chart's text alternative), at the x-axis ticks up to
/// minute `end`.
pub fn chart_data_markup(sim: &Simulation, end: u32) -> String {
    table_html("records", &chart_data(&sim.result, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::rollout_model::Capped;

    #[test]
    fn notes_say_what_is_shown_and_offer_the_full_run() {
        let mut sim = Simulation::empty();
        sim.seed = 2004;
        sim.millis = 17.6;
        assert_eq!(
            status_markup(&sim, false),
            "<p class=\"meta\">Seed 2004; 0 computers simulated in 18 ms in this browser.</p>"
        );
        sim.capped = Some(Capped {
            requested: 1_000_000,
            simulated: 200_000,
        });
        let m = status_markup(&sim, true);
        assert!(m.starts_with("<p class=\"note\">Showing the last valid result"));
        assert!(m.contains("Live preview: a random sample of 200,000 of your 1,000,000 clients"));
        assert!(m.contains(
            "<button type=\"button\" id=\"rollout-full\" data-act=\"full\">Simulate all 1,000,000 clients</button></p>"
        ));
        sim.capped = Some(Capped {
            requested: 5_000_000,
            simulated: 200_000,
        });
        assert!(!status_markup(&sim, false).contains("<button"));
    }
}
