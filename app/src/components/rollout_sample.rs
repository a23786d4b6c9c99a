//! A sample of the simulated computers and what happened to each: how and when it got the
//! policy, when Security Center reports, and its startup, join or return
//! ([`sample_table`]), with the First / Evenly spaced / Slowest choice.

use fwpolicy_core::rollout::sample::SampleMode;
use leptos::prelude::*;

use crate::components::rollout_model::{Simulation, SAMPLE_ROWS};
use crate::components::rollout_tables::{sample_table, DataTable};

/// The "Show" radios: which computers the sample table lists.
#[component]
pub fn SampleModes(
    /// The choice shown as checked.
    #[prop(into)]
    mode: Signal<SampleMode>,
    /// Called with the choice the admin picked.
    on_pick: Callback<SampleMode>,
) -> impl IntoView {
    view! {
        <fieldset class="sample-mode">
            <legend>"Show"</legend>
            <For each=|| SampleMode::ALL key=|m| *m let:m>
                <label class="radio">
                    <input
                        type="radio"
                        name="rollout-sample-mode"
                        prop:checked=move || mode.get() == m
                        on:change=move |_| on_pick.run(m)
                    />
                    {m.label()}
                </label>
            </For>
        </fieldset>
    }
}

/// The sample section: the "Show" choice and the table of [`SAMPLE_ROWS`] computers. The
/// table's box scrolls sideways on narrow screens and is focusable so the keyboard can
/// scroll it.
#[component]
pub fn SampleSection(
    /// The simulation shown.
    #[prop(into)]
    sim: Signal<Simulation>,
    /// Which computers are listed.
    #[prop(into)]
    mode: Signal<SampleMode>,
    /// Called with the choice the admin picked.
    on_pick: Callback<SampleMode>,
) -> AnyView {
    let table = Memo::new(move |_| {
        let m = mode.get();
        sim.with(|s| sample_table(&s.result, m, SAMPLE_ROWS))
    });
    view! {
        <section class="rollout-sample" aria-labelledby="rollout-sample-h">
            <h2 id="rollout-sample-h">"Sample of computers"</h2>
            <SampleModes mode=mode on_pick=on_pick />
            <div
                class="sample-scroll"
                id="rollout-sample-table"
                tabindex="0"
                role="group"
                aria-label="Sample table (scrolls sideways on narrow screens)"
            >
                <DataTable class="records sample" table=table />
            </div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::rollout_model::rendered;

    #[test]
    fn the_show_choice_is_three_labelled_radios_in_a_group() {
        let owner = Owner::new();
        owner.set();
        let html = rendered(view! {
            <SampleModes mode=Signal::stored(SampleMode::Slowest) on_pick=Callback::new(|_| ()) />
        });
        assert!(
            html.starts_with("<fieldset class=\"sample-mode\"><legend>Show</legend>"),
            "{html}"
        );
        for label in ["First", "Evenly spaced", "Slowest"] {
            assert!(html.contains(&format!("<label class=\"radio\"><input type=\"radio\" name=\"rollout-sample-mode\">{label}</label>")), "{html}");
        }
        assert_eq!(html.matches("type=\"radio\"").count(), 3);
    }
}
