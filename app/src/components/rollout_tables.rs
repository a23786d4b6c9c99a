//! The Rollout view's tables as plain data ([`Table`]: caption, column heads, rows of text)
//! built by pure functions tested on the host, and the one component that shows any of them
//! ([`DataTable`]).
//!
//! Invariant: every row has as many cells as there are column heads; the first cell is the
//! row's header (`<th scope="row">`) and is unique within its table, so a row's text is its
//! key.

use fwpolicy_core::rollout::form::group_digits;
use fwpolicy_core::rollout::sample::{
    event_text, exact_percentiles, group_label, sample, SampleMode,
};
use fwpolicy_core::rollout::{self, analytic_cdf, Percentiles, Reason, RolloutResult};
use leptos::prelude::*;

use crate::components::rollout_chart::{tick_label, time_ticks};

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

/// A [`Table`] as a `<table>`: its caption (the accessible name), column heads when it has
/// any, and one row per entry whose first cell is the row's header. Rows are keyed by their
/// text: an unchanged row keeps its elements when the table changes.
#[component]
pub fn DataTable(
    /// Class of the `<table>` (its style).
    class: &'static str,
    /// The table shown.
    #[prop(into)]
    table: Signal<Table>,
) -> impl IntoView {
    let caption = move || table.with(|t| t.caption.clone());
    let has_head = move || table.with(|t| !t.head.is_empty());
    let head = move || table.with(|t| t.head.clone());
    let rows = move || table.with(|t| t.rows.clone());
    view! {
        <table class=class>
            <caption>{caption}</caption>
            <Show when=has_head>
                <thead>
                    <tr>
                        <For each=head key=|h| h.clone() let:h>
                            <th scope="col">{h}</th>
                        </For>
                    </tr>
                </thead>
            </Show>
            <tbody>
                <For each=rows key=|row| row.clone() let:row>
                    <tr>
                        {row
                            .into_iter()
                            .enumerate()
                            .map(|(i, cell)| {
                                if i == 0 {
                                    view! { <th scope="row">{cell}</th> }.into_any()
                                } else {
                                    view! { <td>{cell}</td> }.into_any()
                                }
                            })
                            .collect_view()}
                    </tr>
                </For>
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::rollout_model::rendered;
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
    fn a_table_is_shown_escaped_with_row_headers() {
        let owner = Owner::new();
        owner.set();
        let t = Table {
            caption: "Key <figures>".into(),
            head: vec!["Clients".into(), "Applied".into()],
            rows: vec![vec!["P50".into(), "53 min".into()]],
        };
        let text =
            rendered(view! { <DataTable class="key-figures" table=Signal::stored(t.clone()) /> });
        assert!(
            text.starts_with("<table class=\"key-figures\"><caption>Key &lt;figures&gt;</caption>"),
            "{text}"
        );
        assert!(text.contains("<thead><tr><th scope=\"col\">Clients</th><th scope=\"col\">Applied</th></tr></thead>"), "{text}");
        assert!(
            text.contains(
                "<tbody><tr><th scope=\"row\">P50</th><td>53 min</td></tr></tbody></table>"
            ),
            "{text}"
        );
        let no_head = Table {
            head: Vec::new(),
            ..t
        };
        let html = rendered(view! { <DataTable class="x" table=Signal::stored(no_head) /> });
        assert!(!html.contains("<thead>"), "{html}");
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
