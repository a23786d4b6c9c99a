//! The Rollout view's tables as plain data ([`Table`]: caption, column heads, rows of text)
//! built by pure functions tested on the host, and the one function that writes any of them
//! as markup ([`table_html`], set with `inner_html`: no `view!` code per cell).
//!
//! Invariant: every row has as many cells as there are column heads; the first cell is the
//! row's header (`<th scope="row">`).

use fwpolicy_core::rollout::{
    self, analytic_cdf, analytic_quantile, longest_cycle_min, Percentiles, Reason, RolloutResult,
};

use crate::components::rollout_chart::{tick_label, time_ticks};
use crate::components::rollout_model::{event_text, group_digits, group_label, sample, SampleMode};
use crate::html::Markup;

/// A table as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The caption (the table's accessible name).
    pub caption: String,
    /// Column heads (empty: no `<thead>`).
    pub head: Vec<String>,
    /// Rows; the first cell of each is its header.
    pub rows: Vec<Vec<String>>,
}

fn duration(t: Option<f64>) -> String {
    t.map(rollout::format_duration)
        .unwrap_or_else(|| "not within the preview".into())
}

/// `0.857` → `85.7%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
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

/// Picks one figure of a percentile set.
type Pick = fn(&Percentiles) -> Option<f64>;

/// P50/P90/P95/P99/max and the share by 90 minutes: simulated, exact (plain case) and
/// Security Center (when modelled) columns.
pub fn key_figures(result: &RolloutResult) -> Table {
    let exact = exact_percentiles(result);
    let sc = result.security_center;
    let mut head = vec!["Clients".to_string(), "New policy applied".to_string()];
    if exact.is_some() {
        head.push("Exact (plain case)".into());
    }
    if sc.is_some() {
        head.push("Security Center reports".into());
    }
    let picks: [(&str, Pick); 5] = [
        ("Half of the clients (P50)", |p| p.p50),
        ("90% (P90)", |p| p.p90),
        ("95% (P95)", |p| p.p95),
        ("99% (P99)", |p| p.p99),
        ("All of them (max)", |p| p.max),
    ];
    let mut rows: Vec<Vec<String>> = picks
        .into_iter()
        .map(|(label, pick)| {
            let mut row = vec![label.to_string(), duration(pick(&result.percentiles))];
            row.extend(exact.as_ref().map(|e| duration(pick(e))));
            row.extend(sc.as_ref().map(|p| duration(pick(p))));
            row
        })
        .collect();
    let p = &result.params;
    let mut by_90 = vec![
        "Share by 90 min (the SBS 2003 paper's delay)".to_string(),
        percent(result.share_by_90),
    ];
    if exact.is_some() {
        by_90.push(percent(analytic_cdf(
            p.refresh,
            rollout::SEED_CLAIM_MIN - p.replication_delay_min,
        )));
    }
    if sc.is_some() {
        let share = result
            .security_center_curve
            .as_ref()
            .and_then(|c| c.get(rollout::SEED_CLAIM_MIN as usize).copied())
            .unwrap_or(0.0);
        by_90.push(percent(share));
    }
    rows.push(by_90);
    Table {
        caption: "Key figures".into(),
        head,
        rows,
    }
}

/// Clients per reason, and those that did not get the policy within the preview.
pub fn reason_counts(result: &RolloutResult) -> Table {
    let c = result.counts;
    let mut rows: Vec<Vec<String>> = Reason::ALL
        .into_iter()
        .map(|r| vec![r.label().to_string(), group_digits(c.get(r))])
        .collect();
    rows.push(vec!["not within the preview".into(), group_digits(c.never)]);
    Table {
        caption: "How the clients got the policy".into(),
        head: Vec::new(),
        rows,
    }
}

/// The chart's curves at its x-axis ticks over minutes `0..=end` (the chart's text
/// alternative).
pub fn chart_data(result: &RolloutResult, end: u32) -> Table {
    let mut head = vec!["Time after the change".to_string(), "Simulated".to_string()];
    if result.analytic.is_some() {
        head.push("Exact".into());
    }
    if result.security_center_curve.is_some() {
        head.push("Security Center".into());
    }
    let at = |curve: &[f64], m: u32| {
        curve
            .get(m as usize)
            .copied()
            .map(percent)
            .unwrap_or_default()
    };
    let rows = time_ticks(end, 9)
        .into_iter()
        .map(|m| {
            let mut row = vec![tick_label(m), at(&result.curve, m)];
            row.extend(result.analytic.as_deref().map(|a| at(a, m)));
            row.extend(result.security_center_curve.as_deref().map(|c| at(c, m)));
            row
        })
        .collect();
    Table {
        caption: "Share of clients on the new policy by minute".into(),
        head,
        rows,
    }
}

/// A sample of `rows` computers ([`sample`]) with what happened to each.
pub fn sample_table(result: &RolloutResult, mode: SampleMode, rows: usize) -> Table {
    let sc = result.security_center.is_some();
    let when = |t: Option<f64>| {
        t.map(rollout::format_duration)
            .unwrap_or_else(|| "—".into())
    };
    let mut head = vec![
        "Computer".to_string(),
        "Group".into(),
        "Got the policy by".into(),
        "Applied after".into(),
    ];
    if sc {
        head.push("Security Center after".into());
    }
    head.push("Startup, join or return".into());
    let picked = sample(&result.outcomes, mode, rows);
    let body: Vec<Vec<String>> = picked
        .iter()
        .filter_map(|i| result.outcomes.get(*i))
        .map(|o| {
            let mut row = vec![
                format!("#{}", o.client),
                group_label(o.group).to_string(),
                o.reason
                    .map(|r| r.label())
                    .unwrap_or("not within the preview")
                    .to_string(),
                when(o.applied_min),
            ];
            if sc {
                row.push(when(o.security_center_min));
            }
            row.push(event_text(o));
            row
        })
        .collect();
    Table {
        caption: format!(
            "{} of {} computers ({})",
            body.len(),
            group_digits(result.client_count),
            mode.label().to_lowercase()
        ),
        head,
        rows: body,
    }
}

/// The markup of a [`Table`]: `<table class=…>` with its caption, column heads and rows
/// (the first cell of each row is its `<th scope="row">`), every text escaped.
pub fn table_html(class: &str, t: &Table) -> String {
    let mut m = Markup::new();
    m.open("table", &[("class", class)]);
    m.leaf("caption", &[], &t.caption);
    if !t.head.is_empty() {
        m.open("thead", &[]).open("tr", &[]);
        for h in &t.head {
            m.leaf("th", &[("scope", "col")], h);
        }
        m.close("tr").close("thead");
    }
    m.open("tbody", &[]);
    for row in &t.rows {
        m.open("tr", &[]);
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                m.leaf("th", &[("scope", "row")], cell);
            } else {
                m.leaf("td", &[], cell);
            }
        }
        m.close("tr");
    }
    m.close("tbody").close("table");
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::rollout::{simulate_seeded, Group, LaptopReturn, Portion, RolloutParams};

    fn run(params: &RolloutParams) -> RolloutResult {
        simulate_seeded(params, 2004).unwrap_or_else(|e| panic!("{e}"))
    }

    fn widths_match(t: &Table) {
        let n = if t.head.is_empty() {
            t.rows.first().map_or(0, Vec::len)
        } else {
            t.head.len()
        };
        assert!(t.rows.iter().all(|r| r.len() == n), "{t:?}");
    }

    #[test]
    fn the_plain_case_has_an_exact_column_with_the_known_answers() {
        // Defaults: half by 52.5 min, 85.7% by 90 min, all by 120 (core::rollout docs).
        let r = run(&RolloutParams {
            clients: 250,
            ..RolloutParams::default()
        });
        let t = key_figures(&r);
        widths_match(&t);
        assert_eq!(t.caption, "Key figures");
        assert_eq!(
            t.head,
            vec!["Clients", "New policy applied", "Exact (plain case)"]
        );
        assert_eq!(t.rows[0][0], "Half of the clients (P50)");
        assert_eq!(t.rows[0][2], "53 min");
        assert_eq!(t.rows[4][0], "All of them (max)");
        assert_eq!(t.rows[4][2], "2 h");
        assert_eq!(
            t.rows[5],
            vec![
                "Share by 90 min (the SBS 2003 paper's delay)".to_string(),
                percent(r.share_by_90),
                "85.7%".to_string()
            ]
        );
        assert_eq!(
            t.rows[0][1],
            rollout::format_duration(r.percentiles.p50.unwrap_or(0.0))
        );
    }

    #[test]
    fn the_exact_answer_moves_with_the_replication_delay_and_refresh() {
        let r = run(&RolloutParams {
            refresh: fwpolicy_core::RefreshInterval {
                minutes: 60,
                offset: 0,
            },
            replication_delay_min: 15.0,
            ..RolloutParams::default()
        });
        let e = exact_percentiles(&r).unwrap_or_default();
        assert_eq!(e.p50, Some(45.0));
        assert_eq!(e.max, Some(75.0));
        assert_eq!(key_figures(&r).rows[5][2], "100.0%");
    }

    #[test]
    fn security_center_adds_a_column_and_mixed_cases_drop_the_exact_one() {
        let r = run(&RolloutParams {
            clients: 200,
            laptops_away: Portion::Count(10),
            security_center_restart_within_min: Some(1440.0),
            ..RolloutParams::default()
        });
        let t = key_figures(&r);
        widths_match(&t);
        assert_eq!(
            t.head,
            vec!["Clients", "New policy applied", "Security Center reports"]
        );
        let reasons = reason_counts(&r);
        widths_match(&reasons);
        assert_eq!(reasons.rows[3], vec!["refresh after reconnecting", "10"]);
        assert_eq!(
            reasons.rows[0],
            vec!["background refresh".to_string(), "190".to_string()]
        );
        assert_eq!(reasons.rows[4], vec!["not within the preview", "0"]);
    }

    #[test]
    fn chart_data_lists_every_curve_at_the_ticks() {
        let r = run(&RolloutParams::default());
        let t = chart_data(&r, 120);
        widths_match(&t);
        assert_eq!(t.head, vec!["Time after the change", "Simulated", "Exact"]);
        assert_eq!(t.rows.len(), 9);
        assert_eq!(t.rows[0], vec!["0", "0.0%", "0.0%"]);
        assert_eq!(t.rows[6][0], "1 h 30");
        assert_eq!(t.rows[6][2], "85.7%");
        assert_eq!(t.rows[8], vec!["2 h", "100.0%", "100.0%"]);
    }

    #[test]
    fn a_table_is_written_as_escaped_markup_with_row_headers() {
        let t = Table {
            caption: "Key <figures>".into(),
            head: vec!["Clients".into(), "Applied".into()],
            rows: vec![vec!["P50".into(), "53 min".into()]],
        };
        assert_eq!(
            table_html("key-figures", &t),
            "<table class=\"key-figures\"><caption>Key &lt;figures&gt;</caption>\
             <thead><tr><th scope=\"col\">Clients</th><th scope=\"col\">Applied</th></tr></thead>\
             <tbody><tr><th scope=\"row\">P50</th><td>53 min</td></tr></tbody></table>"
        );
        let no_head = Table {
            head: Vec::new(),
            ..t
        };
        assert!(!table_html("x", &no_head).contains("<thead>"));
    }

    #[test]
    fn the_sample_table_has_one_row_per_sampled_computer() {
        let r = run(&RolloutParams {
            clients: 50,
            laptops_away: Portion::Count(2),
            laptop_return: LaptopReturn::Never,
            security_center_restart_within_min: Some(60.0),
            ..RolloutParams::default()
        });
        let t = sample_table(&r, SampleMode::Slowest, 20);
        widths_match(&t);
        assert_eq!(t.caption, "20 of 50 computers (slowest)");
        assert_eq!(t.head.len(), 6);
        let laptops: Vec<&Vec<String>> = t.rows.iter().take(2).collect();
        for row in laptops {
            assert_eq!(row[1], "laptop away");
            assert_eq!(row[2], "not within the preview");
            assert_eq!(row[3], "—");
            assert_eq!(row[5], "does not return");
        }
        assert!(r
            .outcomes
            .iter()
            .filter(|o| o.group == Group::LaptopAway)
            .all(|o| o.applied_min.is_none()));
        let first = sample_table(&r, SampleMode::First, 3);
        assert_eq!(first.caption, "3 of 50 computers (first)");
        assert_eq!(first.rows[0][0], "#1");
    }
}
