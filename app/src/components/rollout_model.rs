//! The Rollout view's app-side model: the element ids of the form's fields and the
//! simulation on screen. The form itself (parsing, validation, refresh edits, capping, the
//! sample) is domain logic in `core::rollout::form` and `core::rollout::sample`.

use std::sync::Arc;

use fwpolicy_core::rollout::form::{Capped, FormField};
use fwpolicy_core::rollout::{self, RolloutParams, RolloutResult};

/// Rows of the client sample table.
pub const SAMPLE_ROWS: usize = 20;

/// The input element id of a form field.
pub fn field_id(field: FormField) -> &'static str {
    match field {
        FormField::Clients => "rollout-clients",
        FormField::Interval => "rollout-interval",
        FormField::Offset => "rollout-offset",
        FormField::SwitchedOn => "rollout-switched-on",
        FormField::Restarted => "rollout-restarted",
        FormField::StartupWindow => "rollout-window",
        FormField::Joins => "rollout-joins",
        FormField::Laptops => "rollout-laptops",
        FormField::LaptopReturn => "rollout-laptop-return",
        FormField::Replication => "rollout-replication",
        FormField::SecurityCenter => "rollout-security-center",
        FormField::Seed => "rollout-seed",
    }
}

/// The id of a field's message list (its `aria-describedby`).
pub fn message_id(field: FormField) -> String {
    format!("{}-msg", field_id(field))
}

/// One simulation shown by the view.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The result (shared with the chart and tables without copying).
    pub result: Arc<RolloutResult>,
    /// Set when the live preview simulated fewer clients than asked for.
    pub capped: Option<Capped>,
    /// The seed used.
    pub seed: u64,
    /// Milliseconds the simulation took in this browser.
    pub millis: f64,
}

impl Simulation {
    /// Nothing simulated yet (shown only while the very first form is invalid).
    pub fn empty() -> Simulation {
        let params = RolloutParams {
            clients: 0,
            ..RolloutParams::default()
        };
        Simulation {
            result: Arc::new(RolloutResult {
                params,
                horizon_min: 0,
                outcomes: Vec::new(),
                client_count: 0,
                curve: vec![0.0],
                analytic: None,
                security_center_curve: None,
                percentiles: rollout::Percentiles::default(),
                security_center: None,
                share_by_90: 0.0,
                counts: rollout::ReasonCounts::default(),
                laptops_away: 0,
                laptops_protected: 0,
                dc_all_min: None,
            }),
            capped: None,
            seed: 0,
            millis: 0.0,
        }
    }
}

impl PartialEq for Simulation {
    /// Same run (the result is compared by identity: re-simulating gives a new one).
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.result, &other.result)
            && self.capped == other.capped
            && self.seed == other.seed
    }
}

/// A view rendered to HTML without Leptos' marker comments (host tests of components).
#[cfg(test)]
pub fn rendered(view: impl leptos::tachys::view::RenderHtml) -> String {
    let html = view.to_html();
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |j| &rest[i + j + 3..]);
    }
    out.push_str(rest);
    out.replace("<!>", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_own_id_and_message_list() {
        let fields = [
            FormField::Clients,
            FormField::Interval,
            FormField::Offset,
            FormField::SwitchedOn,
            FormField::Restarted,
            FormField::StartupWindow,
            FormField::Joins,
            FormField::Laptops,
            FormField::LaptopReturn,
            FormField::Replication,
            FormField::SecurityCenter,
            FormField::Seed,
        ];
        let mut ids: Vec<&str> = fields.iter().map(|f| field_id(*f)).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), fields.len());
        assert_eq!(message_id(FormField::Seed), "rollout-seed-msg");
    }
}
