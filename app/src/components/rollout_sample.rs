//! A sample of the simulated computers and what happened to each: how and when it got the
//! policy, when Security Center reports, and its startup, join or return
//! ([`sample_table`](crate::components::rollout_tables::sample_table)), with the First /
//! Evenly spaced / Slowest choice.

use crate::components::rollout_model::SampleMode;
use crate::html::{Choices, Markup};

/// The "Show" radios (`data-act="mode"`, `data-i` = position in [`SampleMode::ALL`]).
pub fn modes_markup(shown: SampleMode) -> String {
    let mut m = Markup::new();
    m.leaf("legend", &[], "Show");
    let items: Vec<(&str, bool, String)> = SampleMode::ALL
        .iter()
        .map(|s| (s.label(), *s == shown, String::new()))
        .collect();
    Choices {
        kind: "radio",
        name: "rollout-sample-mode",
        id: "rollout-sample-mode",
        act: "mode",
        class: "radio",
        mark_on: false,
    }
    .write(&mut m, &items);
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_shown_is_checked() {
        let m = modes_markup(SampleMode::Slowest);
        assert!(m.starts_with("<legend>Show</legend>"));
        assert!(m.contains("data-i=\"2\" checked=\"\">Slowest</label>"));
        assert_eq!(m.matches("checked").count(), 1);
    }
}
