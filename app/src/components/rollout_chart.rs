//! The rollout chart: hand-written SVG (no chart library) of the share of clients on the new
//! policy over time, with the exact curve for the plain case, the Security Center curve when
//! modelled, markers at 90 and 120 minutes and at P50/P90/P99.
//!
//! The geometry ([`Frame`], [`time_ticks`], [`tick_label`], [`series`], [`path_d`],
//! [`label_rows`]) is pure and tested on the host; the component only places it.
//!
//! Invariants:
//! * The x axis runs from minute 0 to the end of the view, the y axis from 0% to 100%; every
//!   point drawn is inside the plot area.
//! * The chart is `role="img"` with a `<title>` and a `<desc>` that state the curve in words;
//!   the same figures are in the key-figures table and in the "Chart data" table.

use fwpolicy_core::rollout::{self, RolloutResult, SEED_CLAIM_MIN};
use leptos::prelude::*;

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

struct Marker {
    x: f64,
    label: String,
}

/// The chart.
#[component]
pub fn RolloutChart(
    /// The simulation to draw.
    #[prop(into)]
    result: Signal<std::sync::Arc<RolloutResult>>,
    /// How much of the horizon to show.
    #[prop(into)]
    zoom: Signal<Zoom>,
) -> impl IntoView {
    let drawing = move || {
        let r = result.get();
        let end = zoom.get().end(r.horizon_min);
        let f = Frame::new(end);
        let points = 360;
        let sim = path_d(&f, &series(&r.curve, end as usize, points));
        let exact = r
            .analytic
            .as_ref()
            .map(|a| path_d(&f, &series(a, end as usize, points)));
        let sc = r
            .security_center_curve
            .as_ref()
            .map(|c| path_d(&f, &series(c, end as usize, points)));
        let x_ticks = time_ticks(end, 9);
        let y_ticks = [0.0, 0.25, 0.5, 0.75, 1.0];
        let fixed: Vec<Marker> = [(SEED_CLAIM_MIN, "90 min"), (120.0, "120 min")]
            .into_iter()
            .filter(|(m, _)| *m <= f64::from(end))
            .map(|(m, l)| Marker {
                x: f.x(m),
                label: l.to_string(),
            })
            .collect();
        let fixed_rows = label_rows(&fixed.iter().map(|m| m.x).collect::<Vec<_>>(), 60.0, 2);
        let pct = &r.percentiles;
        let pcts: Vec<(f64, f64, String)> = [
            (pct.p50, 0.5, "P50"),
            (pct.p90, 0.9, "P90"),
            (pct.p99, 0.99, "P99"),
        ]
        .into_iter()
        .filter_map(|(t, q, name)| {
            let t = t?;
            (t <= f64::from(end)).then(|| (t, q, format!("{name} {}", rollout::format_duration(t))))
        })
        .collect();
        let rows = label_rows(
            &pcts.iter().map(|(t, _, _)| f.x(*t)).collect::<Vec<_>>(),
            110.0,
            3,
        );
        let title = format!(
            "Share of {} clients on the new policy over time",
            r.client_count
        );
        let desc = describe(&r);
        let (x0, x1, yt, yb) = (f.x0(), f.x1(), f.y_top(), f.y_bottom());
        view! {
            <svg
                class="rollout-chart"
                viewBox=format!("0 0 {} {}", f.width, f.height)
                role="img"
                aria-labelledby="rollout-chart-title rollout-chart-desc"
                preserveAspectRatio="xMidYMid meet"
            >
                <title id="rollout-chart-title">{title}</title>
                <desc id="rollout-chart-desc">{desc}</desc>
                <g class="grid">
                    {y_ticks.iter().map(|s| {
                        let y = f.y(*s);
                        view! {
                            <line x1=x0 x2=x1 y1=y y2=y />
                            <text class="y-label" x=x0 - 6.0 y=y + 4.0 text-anchor="end">{percent(*s)}</text>
                        }
                    }).collect_view()}
                    {x_ticks.iter().map(|m| {
                        let x = f.x(f64::from(*m));
                        view! {
                            <line class="x-tick" x1=x x2=x y1=yb y2=yb + 5.0 />
                            <text class="x-label" x=x y=yb + 18.0 text-anchor="middle">{tick_label(*m)}</text>
                        }
                    }).collect_view()}
                    <text class="axis-name" x=(x0 + x1) / 2.0 y=f.height - 4.0 text-anchor="middle">"time after the change"</text>
                </g>
                <g class="markers">
                    {fixed.into_iter().zip(fixed_rows).map(|(m, row)| {
                        // Right of the line, or left of it near the right edge.
                        let (lx, anchor) = if m.x + 55.0 > x1 { (m.x - 3.0, "end") } else { (m.x + 3.0, "start") };
                        view! {
                            <line class="marker" x1=m.x x2=m.x y1=yt y2=yb />
                            <text class="marker-label" x=lx y=yb - 6.0 - 14.0 * row as f64 text-anchor=anchor>{m.label}</text>
                        }
                    }).collect_view()}
                </g>
                <line class="axis" x1=x0 x2=x1 y1=yb y2=yb />
                <line class="axis" x1=x0 x2=x0 y1=yt y2=yb />
                {exact.map(|d| view! { <path class="curve exact" d=d /> })}
                {sc.map(|d| view! { <path class="curve security-center" d=d /> })}
                <path class="curve simulated" d=sim />
                <g class="percentiles">
                    {pcts.into_iter().zip(rows).map(|((t, q, label), row)| {
                        let x = f.x(t);
                        let y = f.y(q);
                        let ly = yt - 8.0 - 15.0 * row as f64;
                        view! {
                            <line class="pct-line" x1=x x2=x y1=ly + 3.0 y2=y />
                            <circle class="pct-dot" cx=x cy=y r="3.5" />
                            <text class="pct-label" x=x y=ly text-anchor=text_anchor(x, 50.0, 0.0, f.width)>{label}</text>
                        }
                    }).collect_view()}
                </g>
            </svg>
        }
    };
    view! {
        <figure class="rollout-figure">
            {drawing}
            <figcaption>
                <ul class="legend">
                    <li><span class="swatch simulated" aria-hidden="true"></span>"Simulated clients"</li>
                    {move || result.with(|r| r.analytic.is_some()).then(|| view! {
                        <li><span class="swatch exact" aria-hidden="true"></span>"Exact curve (all clients running)"</li>
                    })}
                    {move || result.with(|r| r.security_center_curve.is_some()).then(|| view! {
                        <li><span class="swatch security-center" aria-hidden="true"></span>"Security Center reports (after a restart)"</li>
                    })}
                    <li><span class="swatch marker" aria-hidden="true"></span>"90 min: the SBS 2003 paper's delay; 120 min: 90 + the 30-minute offset"</li>
                </ul>
            </figcaption>
        </figure>
    }
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
}
