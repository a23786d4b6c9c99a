//! What the Rollout view shows of single computers and the plain case: the sample of
//! computers (first, evenly spaced, slowest), the words for a computer's group and its
//! startup, join or return, and the exact percentiles of the plain case. Pure.

use crate::rollout::{
    analytic_quantile, format_duration, longest_cycle_min, ClientOutcome, Group, Percentiles,
    RolloutResult,
};

/// Which clients the sample table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SampleMode {
    /// The first ones (computer 1, 2, ...).
    #[default]
    First,
    /// Evenly spaced over all computers.
    Spread,
    /// The last to get the policy (those that never do first).
    Slowest,
}

impl SampleMode {
    /// All three, in display order.
    pub const ALL: [SampleMode; 3] = [SampleMode::First, SampleMode::Spread, SampleMode::Slowest];

    /// Label of its radio button.
    pub fn label(self) -> &'static str {
        match self {
            SampleMode::First => "First",
            SampleMode::Spread => "Evenly spaced",
            SampleMode::Slowest => "Slowest",
        }
    }
}

/// Indices into `outcomes` of at most `rows` computers (domain controllers left out), in
/// the order shown.
pub fn sample(outcomes: &[ClientOutcome], mode: SampleMode, rows: usize) -> Vec<usize> {
    let clients: Vec<usize> = outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| o.group != Group::DomainController)
        .map(|(i, _)| i)
        .collect();
    let n = clients.len();
    if rows == 0 || n == 0 {
        return Vec::new();
    }
    match mode {
        SampleMode::First => clients.into_iter().take(rows).collect(),
        SampleMode::Spread => {
            if n <= rows {
                return clients;
            }
            // Evenly spaced, first and last included.
            (0..rows)
                .filter_map(|k| clients.get(k * (n - 1) / (rows - 1).max(1)).copied())
                .collect()
        }
        SampleMode::Slowest => {
            let mut sorted = clients;
            let key = |i: &usize| {
                outcomes
                    .get(*i)
                    .and_then(|o| o.applied_min)
                    .unwrap_or(f64::INFINITY)
            };
            // Latest first, ties by position.
            sorted.sort_by(|a, b| key(b).total_cmp(&key(a)).then(a.cmp(b)));
            sorted.truncate(rows);
            sorted
        }
    }
}

/// Words for a group in the sample table.
pub fn group_label(group: Group) -> &'static str {
    match group {
        Group::Online => "running",
        Group::SwitchedOn => "switched on",
        Group::Restarted => "restarted",
        Group::LaptopAway => "laptop away",
        Group::Joined => "joins the domain",
        Group::DomainController => "domain controller",
    }
}

/// The event column: what happens to the computer and when, e.g. `returns after 1 d 4 h`.
pub fn event_text(o: &ClientOutcome) -> String {
    let at = |verb: &str| match o.event_min {
        Some(t) => format!("{verb} after {}", format_duration(t)),
        None => String::new(),
    };
    match o.group {
        Group::Online | Group::DomainController => String::new(),
        Group::SwitchedOn => at("switched on"),
        Group::Restarted => at("restarted"),
        Group::Joined => at("joins"),
        Group::LaptopAway => match o.event_min {
            Some(_) => at("returns"),
            None => "does not return".to_string(),
        },
    }
}

/// Exact percentiles for the plain case (`None` otherwise): the forward-recurrence
/// quantiles shifted by the replication delay; the maximum is delay + interval + offset.
pub fn exact_percentiles(result: &RolloutResult) -> Option<Percentiles> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::setting::RefreshInterval;
    use crate::rollout::{simulate_seeded, LaptopReturn, Portion, Reason, RolloutParams};

    fn sim() -> Vec<ClientOutcome> {
        let params = RolloutParams {
            clients: 100,
            laptops_away: Portion::Count(5),
            laptop_return: LaptopReturn::Never,
            switched_on: Portion::Share(0.1),
            joins_min: vec![30.0],
            domain_controllers: 2,
            ..RolloutParams::default()
        };
        simulate_seeded(&params, 3)
            .unwrap_or_else(|e| panic!("{e}"))
            .outcomes
    }

    #[test]
    fn the_sample_shows_first_spread_or_slowest_clients_and_never_a_domain_controller() {
        let o = sim();
        assert_eq!(o.len(), 103);
        let first = sample(&o, SampleMode::First, 20);
        assert_eq!(first, (0..20).collect::<Vec<_>>());
        let spread = sample(&o, SampleMode::Spread, 20);
        assert_eq!(spread.len(), 20);
        assert_eq!(spread.first(), Some(&0));
        assert_eq!(
            spread.last(),
            Some(&100),
            "the joined computer is the last client"
        );
        assert!(spread.windows(2).all(|w| w[0] < w[1]));
        let slow = sample(&o, SampleMode::Slowest, 20);
        assert_eq!(slow.len(), 20);
        // The five laptops that never return come first, then decreasing arrival minutes.
        for i in &slow[..5] {
            assert_eq!(o[*i].group, Group::LaptopAway);
            assert_eq!(o[*i].applied_min, None);
        }
        let times: Vec<f64> = slow[5..]
            .iter()
            .map(|i| o[*i].applied_min.unwrap_or(f64::NAN))
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
        let slowest_applied = o[..101]
            .iter()
            .filter_map(|c| c.applied_min)
            .fold(0.0f64, f64::max);
        assert_eq!(times[0], slowest_applied);
        assert!(slow.iter().all(|i| o[*i].group != Group::DomainController));
        assert_eq!(sample(&o, SampleMode::Spread, 0), Vec::<usize>::new());
        assert_eq!(sample(&o[..3], SampleMode::Spread, 20), vec![0, 1, 2]);
    }

    #[test]
    fn event_text_says_what_happens_and_when() {
        let base = ClientOutcome {
            client: 1,
            group: Group::LaptopAway,
            applied_min: Some(1500.0),
            reason: Some(Reason::Reconnect),
            security_center_min: None,
            event_min: Some(1440.0 + 4.0 * 60.0),
        };
        assert_eq!(event_text(&base), "returns after 1 d 4 h");
        let never = ClientOutcome {
            event_min: None,
            applied_min: None,
            ..base
        };
        assert_eq!(event_text(&never), "does not return");
        let joined = ClientOutcome {
            group: Group::Joined,
            event_min: Some(30.0),
            ..base
        };
        assert_eq!(event_text(&joined), "joins after 30 min");
        let online = ClientOutcome {
            group: Group::Online,
            event_min: None,
            ..base
        };
        assert_eq!(event_text(&online), "");
        assert_eq!(group_label(Group::SwitchedOn), "switched on");
    }

    #[test]
    fn the_exact_answer_moves_with_the_replication_delay_and_refresh() {
        let params = RolloutParams {
            refresh: RefreshInterval {
                minutes: 60,
                offset: 0,
            },
            replication_delay_min: 15.0,
            ..RolloutParams::default()
        };
        let r = simulate_seeded(&params, 2004).unwrap_or_else(|e| panic!("{e}"));
        let e = exact_percentiles(&r).unwrap_or_default();
        assert_eq!(e.p50, Some(45.0));
        assert_eq!(e.max, Some(75.0));
        let mixed = RolloutParams {
            laptops_away: Portion::Count(10),
            ..RolloutParams::default()
        };
        let r = simulate_seeded(&mixed, 2004).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            exact_percentiles(&r),
            None,
            "only the plain case has exact answers"
        );
    }
}
