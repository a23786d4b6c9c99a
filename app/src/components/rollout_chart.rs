//! The rollout chart: hand-written SVG (no chart library) of the share of clients on the new
//! policy over time, with the exact curve for the plain case, the Security Center curve when
//! modelled, markers at 90 and 120 minutes and at P50/P90/P99.
//!
//! The geometry ([`Frame`], [`time_ticks`], [`tick_label`], [`series`], [`path_d`],
//! [`label_rows`]) and the markup ([`chart_markup`]) are pure and tested on the host; the
//! component only hands the markup to the `<svg>` (one string instead of a view tree of
//! hundreds of elements: smaller wasm, and one DOM update per redraw).
//!
//! Invariants:
//! * The x axis runs from minute 0 to the end of the view, the y axis from 0% to 100%; every
//!   point drawn is inside the plot area.
//! * The chart is `role="img"` with a `<title>` and a `<desc>` that state the curve in words;
//!   the same figures are in the key-figures table and in the "Chart data" table.

use crate::html::Markup;
use fwpolicy_core::rollout::{self, RolloutResult, SEED_CLAIM_MIN};

/// Plot geometry in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Width of the whole picture.
    pub width: f64,
    /// Height of the whole picture.
    pub height: f64,
    /// Space left of the plot (y labels).
    pub left: f64,
    /// Space right of the plot.
    pub right: f64,
    /// Space above the plot (percentile labels).
    pub top: f64,
    /// Space below the plot (x labels).
    pub bottom: f64,
    /// Last minute on the x axis.
    pub end_min: f64,
}

impl Frame {
    /// The chart's frame for minutes `0..=end_min`.
    pub fn new(end_min: u32) -> Frame {
        Frame {
            width: 720.0,
            height: 340.0,
            left: 48.0,
            right: 20.0,
            top: 58.0,
            bottom: 40.0,
            end_min: f64::from(end_min.max(1)),
        }
    }

    /// Left edge of the plot.
    pub fn x0(&self) -> f64 {
        self.left
    }

    /// Right edge of the plot.
    pub fn x1(&self) -> f64 {
        self.width - self.right
    }

    /// Top edge of the plot (100%).
    pub fn y_top(&self) -> f64 {
        self.top
    }

    /// Bottom edge of the plot (0%).
    pub fn y_bottom(&self) -> f64 {
        self.height - self.bottom
    }

    /// x of a minute (clamped to the plot).
    pub fn x(&self, minute: f64) -> f64 {
        let m = minute.clamp(0.0, self.end_min);
        self.x0() + (self.x1() - self.x0()) * m / self.end_min
    }

    /// y of a share 0–1 (clamped to the plot).
    pub fn y(&self, share: f64) -> f64 {
        let s = if share.is_nan() {
            0.0
        } else {
            share.clamp(0.0, 1.0)
        };
        self.y_bottom() - (self.y_bottom() - self.y_top()) * s
    }
}

/// Tick steps the x axis may use, minutes.
const STEPS: [u32; 17] = [
    5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 2880, 4320, 10080, 20160,
];

/// Minutes of the x-axis ticks for `0..=end_min`: the smallest "round" step (5 min … 2 weeks)
/// giving at most `max_ticks` ticks, starting at 0.
pub fn time_ticks(end_min: u32, max_ticks: usize) -> Vec<u32> {
    let max_ticks = max_ticks.max(2) as u32;
    let step = STEPS
        .iter()
        .copied()
        .find(|s| end_min / s < max_ticks)
        .unwrap_or_else(|| {
            // Beyond two weeks per tick: whole weeks.
            let weeks = end_min.div_ceil(10080 * (max_ticks - 1)).max(1);
            weeks * 10080
        });
    (0..=end_min / step).map(|k| k * step).collect()
}

/// A compact axis label: `0`, `45 min`, `2 h`, `1 h 30`, `3 d`, `1 d 12 h`.
pub fn tick_label(minute: u32) -> String {
    if minute == 0 {
        return "0".into();
    }
    if minute < 60 {
        return format!("{minute} min");
    }
    if minute < 1440 || !minute.is_multiple_of(60) {
        let (h, m) = (minute / 60, minute % 60);
        return if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m:02}")
        };
    }
    let (d, h) = (minute / 1440, (minute % 1440) / 60);
    if h == 0 {
        format!("{d} d")
    } else {
        format!("{d} d {h} h")
    }
}

/// At most `max_points` evenly spaced `(minute, share)` points of a per-minute curve over
/// minutes `0..=end`, first and last included.
pub fn series(curve: &[f64], end: usize, max_points: usize) -> Vec<(u32, f64)> {
    if curve.is_empty() {
        return Vec::new();
    }
    let last = end.min(curve.len() - 1);
    let step = last.div_ceil(max_points.max(2) - 1).max(1);
    let mut out: Vec<(u32, f64)> = (0..=last)
        .step_by(step)
        .map(|m| (m as u32, curve[m]))
        .collect();
    if out.last().map(|p| p.0 as usize) != Some(last) {
        out.push((last as u32, curve[last]));
    }
    out
}

/// The SVG path data of a line through `points`, one decimal per coordinate.
pub fn path_d(frame: &Frame, points: &[(u32, f64)]) -> String {
    let mut d = String::with_capacity(points.len() * 14);
    for (i, (m, s)) in points.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        d.push_str(&format!(
            "{cmd}{:.1} {:.1}",
            frame.x(f64::from(*m)),
            frame.y(*s)
        ));
    }
    d
}

/// Label rows (0 = nearest the plot) for labels at the given x positions, so that labels
/// closer than `min_gap` never share a row. Greedy, in the given order; at most `rows` rows
/// (the last row is reused when all are taken).
pub fn label_rows(xs: &[f64], min_gap: f64, rows: usize) -> Vec<usize> {
    let rows = rows.max(1);
    let mut last_in_row: Vec<Option<f64>> = vec![None; rows];
    xs.iter()
        .map(|&x| {
            let row = (0..rows)
                .find(|&r| last_in_row[r].is_none_or(|prev| (x - prev).abs() >= min_gap))
                .unwrap_or(rows - 1);
            last_in_row[row] = Some(x);
            row
        })
        .collect()
}

/// The `text-anchor` that keeps a label about `2 × half_width` wide, centred on `x`, within
/// `lo..=hi`: `middle` when it fits, else `start` or `end`.
pub fn text_anchor(x: f64, half_width: f64, lo: f64, hi: f64) -> &'static str {
    if x - half_width < lo {
        "start"
    } else if x + half_width > hi {
        "end"
    } else {
        "middle"
    }
}

/// What the view shows of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zoom {
    /// The whole horizon.
    Whole,
    /// The first four hours.
    FirstHours,
}

impl Zoom {
    /// Minutes shown by [`Zoom::FirstHours`].
    pub const FIRST_MIN: u32 = 240;

    /// Last minute shown for a horizon.
    pub fn end(self, horizon: u32) -> u32 {
        match self {
            Zoom::Whole => horizon,
            Zoom::FirstHours => horizon.min(Zoom::FIRST_MIN),
        }
    }
}

/// The chart's description in words (for `<desc>`).
pub fn describe(result: &RolloutResult) -> String {
    let p = &result.percentiles;
    let at = |t: Option<f64>| {
        t.map(rollout::format_duration)
            .unwrap_or_else(|| "not within the preview".into())
    };
    let mut s = format!(
        "Line chart of the share of {} clients on the new policy, from 0% at the change to {} \
         after {}. Half by {}, 90% by {}, 99% by {}, all by {}; {:.1}% by 90 minutes.",
        result.client_count,
        percent(result.curve.last().copied().unwrap_or(0.0)),
        rollout::format_duration(f64::from(result.horizon_min)),
        at(p.p50),
        at(p.p90),
        at(p.p99),
        at(p.max),
        result.share_by_90 * 100.0
    );
    if result.analytic.is_some() {
        s.push_str(" A dashed line shows the exact curve for this plain case.");
    }
    if let Some(sc) = &result.security_center {
        s.push_str(&format!(
            " A dotted line shows when Security Center reports: half by {}, all by {}.",
            at(sc.p50),
            at(sc.max)
        ));
    }
    s
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Escapes text for SVG markup.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// `<line>` with a class.
fn line(out: &mut String, class: &str, x1: f64, y1: f64, x2: f64, y2: f64) {
    out.push_str(&format!(
        r#"<line class="{class}" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}"/>"#
    ));
}

/// `<text>` with a class and an anchor.
fn text(out: &mut String, class: &str, x: f64, y: f64, anchor: &str, body: &str) {
    out.push_str(&format!(
        r#"<text class="{class}" x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
        esc(body)
    ));
}

/// Id of the chart's `<title>` (the `<svg>`'s `aria-labelledby` points at it and the desc).
pub const TITLE_ID: &str = "rollout-chart-title";
/// Id of the chart's `<desc>`.
pub const DESC_ID: &str = "rollout-chart-desc";

/// The chart's title.
pub fn title(result: &RolloutResult) -> String {
    format!(
        "Share of {} clients on the new policy over time",
        result.client_count
    )
}

/// The inside of the chart's `<svg>` for minutes `0..=end`: `<title>`, `<desc>`, grid and
/// axis labels, the 90 and 120 minute markers, the curves (exact dashed, Security Center
/// dotted, simulated solid) and the P50/P90/P99 markers. Hand-written markup: numbers and
/// fixed words only, escaped.
pub fn chart_markup(result: &RolloutResult, end: u32) -> String {
    let f = Frame::new(end);
    let (x0, x1, yt, yb) = (f.x0(), f.x1(), f.y_top(), f.y_bottom());
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(&format!(
        r#"<title id="{TITLE_ID}">{}</title><desc id="{DESC_ID}">{}</desc>"#,
        esc(&title(result)),
        esc(&describe(result))
    ));
    out.push_str(r#"<g class="grid">"#);
    for s in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let y = f.y(s);
        line(&mut out, "", x0, y, x1, y);
        text(&mut out, "y-label", x0 - 6.0, y + 4.0, "end", &percent(s));
    }
    for m in time_ticks(end, 9) {
        let x = f.x(f64::from(m));
        line(&mut out, "x-tick", x, yb, x, yb + 5.0);
        text(&mut out, "x-label", x, yb + 18.0, "middle", &tick_label(m));
    }
    text(
        &mut out,
        "axis-name",
        (x0 + x1) / 2.0,
        f.height - 4.0,
        "middle",
        "time after the change",
    );
    out.push_str("</g><g class=\"markers\">");
    let fixed: Vec<(f64, &str)> = [(SEED_CLAIM_MIN, "90 min"), (120.0, "120 min")]
        .into_iter()
        .filter(|(m, _)| *m <= f64::from(end))
        .map(|(m, l)| (f.x(m), l))
        .collect();
    let rows = label_rows(&fixed.iter().map(|m| m.0).collect::<Vec<_>>(), 60.0, 2);
    for ((x, label), row) in fixed.into_iter().zip(rows) {
        line(&mut out, "marker", x, yt, x, yb);
        // Right of the line, or left of it near the right edge.
        let (lx, anchor) = if x + 55.0 > x1 {
            (x - 3.0, "end")
        } else {
            (x + 3.0, "start")
        };
        text(
            &mut out,
            "marker-label",
            lx,
            yb - 6.0 - 14.0 * row as f64,
            anchor,
            label,
        );
    }
    out.push_str("</g>");
    line(&mut out, "axis", x0, yb, x1, yb);
    line(&mut out, "axis", x0, yt, x0, yb);
    let points = 360;
    let curves = [
        ("curve exact", result.analytic.as_deref()),
        (
            "curve security-center",
            result.security_center_curve.as_deref(),
        ),
        ("curve simulated", Some(result.curve.as_slice())),
    ];
    for (class, curve) in curves {
        if let Some(c) = curve {
            out.push_str(&format!(
                r#"<path class="{class}" d="{}"/>"#,
                path_d(&f, &series(c, end as usize, points))
            ));
        }
    }
    out.push_str(r#"<g class="percentiles">"#);
    let p = &result.percentiles;
    let pcts: Vec<(f64, f64, String)> = [
        (p.p50, 0.5, "P50"),
        (p.p90, 0.9, "P90"),
        (p.p99, 0.99, "P99"),
    ]
    .into_iter()
    .filter_map(|(t, q, name)| {
        let t = t.filter(|t| *t <= f64::from(end))?;
        Some((t, q, format!("{name} {}", rollout::format_duration(t))))
    })
    .collect();
    let rows = label_rows(
        &pcts.iter().map(|(t, _, _)| f.x(*t)).collect::<Vec<_>>(),
        110.0,
        3,
    );
    for ((t, q, label), row) in pcts.into_iter().zip(rows) {
        let (x, y) = (f.x(t), f.y(q));
        let ly = yt - 8.0 - 15.0 * row as f64;
        line(&mut out, "pct-line", x, ly + 3.0, x, y);
        out.push_str(&format!(
            r#"<circle class="pct-dot" cx="{x:.1}" cy="{y:.1}" r="3.5"/>"#
        ));
        text(
            &mut out,
            "pct-label",
            x,
            ly,
            text_anchor(x, 50.0, 0.0, f.width),
            &label,
        );
    }
    out.push_str("</g>");
    out
}

/// The chart's `viewBox`.
pub fn view_box() -> String {
    let f = Frame::new(1);
    format!("0 0 {} {}", f.width, f.height)
}

/// The chart's legend: the simulated curve, the exact and Security Center curves when the
/// result has them, and the 90/120 minute markers.
pub fn legend_markup(result: &RolloutResult) -> String {
    let mut m = Markup::new();
    m.open("ul", &[("class", "legend")]);
    let mut item = |class: &str, text: &str| {
        m.open("li", &[])
            .leaf("span", &[("class", class), ("aria-hidden", "true")], "")
            .text(text)
            .close("li");
    };
    item("swatch simulated", "Simulated clients");
    if result.analytic.is_some() {
        item("swatch exact", "Exact curve (all clients running)");
    }
    if result.security_center_curve.is_some() {
        item(
            "swatch security-center",
            "Security Center reports (after a restart)",
        );
    }
    item(
        "swatch marker",
        "90 min: the SBS 2003 paper's delay; 120 min: 90 + the 30-minute offset",
    );
    m.close("ul");
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_two_hour_horizon_gets_quarter_hour_ticks() {
        assert_eq!(
            time_ticks(120, 9),
            vec![0, 15, 30, 45, 60, 75, 90, 105, 120]
        );
        assert_eq!(time_ticks(180, 9), vec![0, 30, 60, 90, 120, 150, 180]);
        assert_eq!(time_ticks(60, 9), vec![0, 10, 20, 30, 40, 50, 60]);
    }

    #[test]
    fn long_horizons_get_hour_and_day_ticks() {
        // Laptops returning within 72 h: horizon 74 h.
        let t = time_ticks(74 * 60, 9);
        assert_eq!(t, vec![0, 720, 1440, 2160, 2880, 3600, 4320]);
        assert_eq!(
            time_ticks(600, 9),
            vec![0, 120, 240, 360, 480, 600],
            "10 hours: every 2 h"
        );
        // 100 days: weekly or longer steps, still at most 9 ticks.
        let t = time_ticks(144_000, 9);
        assert!(t.len() <= 9 && t.len() >= 2, "{t:?}");
        assert_eq!(t[1] % 10080, 0);
    }

    #[test]
    fn ticks_never_exceed_the_maximum() {
        for end in [1, 7, 59, 61, 119, 121, 1000, 1441, 9999, 50_000, 144_000] {
            for max in [2, 5, 9, 12] {
                let t = time_ticks(end, max);
                assert!(t.len() <= max, "end {end} max {max}: {t:?}");
                assert_eq!(t[0], 0);
                assert!(t.iter().all(|m| *m <= end));
            }
        }
    }

    #[test]
    fn tick_labels_read_like_durations() {
        assert_eq!(tick_label(0), "0");
        assert_eq!(tick_label(45), "45 min");
        assert_eq!(tick_label(60), "1 h");
        assert_eq!(tick_label(90), "1 h 30");
        assert_eq!(tick_label(105), "1 h 45");
        assert_eq!(tick_label(1440), "1 d");
        assert_eq!(tick_label(2160), "1 d 12 h");
        assert_eq!(tick_label(1500), "1 d 1 h");
        assert_eq!(tick_label(1450), "24 h 10");
    }

    #[test]
    fn the_frame_maps_minutes_and_shares_into_the_plot() {
        let f = Frame::new(120);
        assert_eq!(f.x(0.0), 48.0);
        assert_eq!(f.x(120.0), 700.0);
        assert_eq!(f.x(60.0), 374.0);
        assert_eq!(f.x(500.0), 700.0, "clamped");
        assert_eq!(f.y(0.0), 300.0);
        assert_eq!(f.y(1.0), 58.0);
        assert_eq!(f.y(0.5), 179.0);
        assert_eq!(f.y(2.0), 58.0);
        assert_eq!(f.y(f64::NAN), 300.0);
    }

    #[test]
    fn series_keeps_the_first_and_last_minute() {
        let curve: Vec<f64> = (0..=1000).map(|m| f64::from(m) / 1000.0).collect();
        let s = series(&curve, 1000, 11);
        assert_eq!(s.len(), 11);
        assert_eq!(s[0], (0, 0.0));
        assert_eq!(s[10], (1000, 1.0));
        let zoomed = series(&curve, 240, 360);
        assert_eq!(zoomed.len(), 241, "short views keep every minute");
        assert_eq!(zoomed.last(), Some(&(240, 0.24)));
        let odd = series(&curve, 7, 3);
        assert_eq!(odd, vec![(0, 0.0), (4, 0.004), (7, 0.007)]);
        assert_eq!(series(&[], 10, 5), vec![]);
    }

    #[test]
    fn path_data_is_compact_and_inside_the_plot() {
        let f = Frame::new(120);
        assert_eq!(
            path_d(&f, &[(0, 0.0), (60, 0.5), (120, 1.0)]),
            "M48.0 300.0L374.0 179.0L700.0 58.0"
        );
        assert_eq!(path_d(&f, &[]), "");
    }

    #[test]
    fn close_percentile_labels_go_to_separate_rows() {
        // P50 far left, P90 and P99 close together.
        assert_eq!(label_rows(&[100.0, 500.0, 540.0], 110.0, 3), vec![0, 0, 1]);
        assert_eq!(label_rows(&[100.0, 300.0, 500.0], 110.0, 3), vec![0, 0, 0]);
        assert_eq!(label_rows(&[500.0, 505.0, 510.0], 110.0, 3), vec![0, 1, 2]);
        assert_eq!(label_rows(&[5.0, 6.0, 7.0], 110.0, 2), vec![0, 1, 1]);
    }

    #[test]
    fn labels_near_an_edge_are_anchored_inside_the_picture() {
        assert_eq!(text_anchor(360.0, 50.0, 0.0, 720.0), "middle");
        assert_eq!(text_anchor(30.0, 50.0, 0.0, 720.0), "start");
        assert_eq!(text_anchor(700.0, 50.0, 0.0, 720.0), "end");
    }

    #[test]
    fn zoom_shows_the_first_four_hours_at_most() {
        assert_eq!(Zoom::FirstHours.end(4440), 240);
        assert_eq!(Zoom::FirstHours.end(120), 120);
        assert_eq!(Zoom::Whole.end(4440), 4440);
    }

    #[test]
    fn the_description_states_the_curve_in_words() {
        let params = rollout::RolloutParams {
            clients: 1000,
            ..rollout::RolloutParams::default()
        };
        let r = rollout::simulate_seeded(&params, 1).unwrap_or_else(|e| panic!("{e}"));
        let d = describe(&r);
        assert!(
            d.starts_with("Line chart of the share of 1000 clients on the new policy, from 0% at the change to 100% after 2 h. Half by "),
            "{d}"
        );
        assert!(d.contains("by 90 minutes"), "{d}");
        assert!(
            d.ends_with("A dashed line shows the exact curve for this plain case."),
            "{d}"
        );
        assert!(d.contains(&format!("{:.1}% by 90 minutes", r.share_by_90 * 100.0)));
    }

    #[test]
    fn the_markup_has_title_desc_markers_and_every_curve() {
        let params = rollout::RolloutParams {
            clients: 250,
            security_center_restart_within_min: Some(60.0),
            ..rollout::RolloutParams::default()
        };
        let r = rollout::simulate_seeded(&params, 2004).unwrap_or_else(|e| panic!("{e}"));
        let m = chart_markup(&r, r.horizon_min);
        assert!(m.starts_with(
            r#"<title id="rollout-chart-title">Share of 250 clients on the new policy over time</title><desc id="rollout-chart-desc">Line chart of the share of 250 clients"#
        ), "{m}");
        assert_eq!(
            m.matches("<path ").count(),
            3,
            "exact (Security Center keeps the case plain), Security Center, simulated"
        );
        assert!(m.contains(r#"<path class="curve simulated" d="M48.0 300.0L"#));
        assert!(m.contains(r#"<path class="curve security-center" d="M"#));
        assert!(m.contains(">90 min</text>") && m.contains(">120 min</text>"));
        assert_eq!(m.matches(r#"class="pct-dot""#).count(), 3);
        assert!(m.contains(">P50 "), "{m}");
        assert!(m.contains(">0%</text>") && m.contains(">100%</text>"));
        assert!(m.contains(">time after the change</text>"));
        // Zoomed to the first hour: no 90/120 markers, fewer ticks.
        let first_hour = chart_markup(&r, 60);
        assert!(!first_hour.contains(">90 min</text>"));
        assert!(first_hour.contains(">1 h</text>"));
    }

    #[test]
    fn the_plain_case_draws_the_exact_curve_dashed_under_the_simulated_one() {
        let r = rollout::simulate_seeded(&rollout::RolloutParams::default(), 1)
            .unwrap_or_else(|e| panic!("{e}"));
        let m = chart_markup(&r, r.horizon_min);
        let exact = m.find(r#"class="curve exact""#).unwrap_or(usize::MAX);
        let sim = m.find(r#"class="curve simulated""#).unwrap_or(0);
        assert!(
            exact < sim,
            "exact first, so the simulated line is drawn on top"
        );
        // The exact curve ends at 100% at minute 120: the plot's top right corner.
        assert!(
            m.contains("L700.0 58.0\"/><path class=\"curve simulated\""),
            "{m}"
        );
    }

    #[test]
    fn markup_text_is_escaped() {
        assert_eq!(esc(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
