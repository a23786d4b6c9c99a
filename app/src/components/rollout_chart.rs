//! The rollout chart: hand-written SVG (no chart library) of the share of clients on the new
//! policy over time, with the exact curve for the plain case, the Security Center curve when
//! modelled, markers at 90 and 120 minutes and at P50/P90/P99.
//!
//! The geometry ([`Frame`], [`time_ticks`], [`tick_label`], [`series`], [`path_d`],
//! [`label_rows`]) and the picture as data ([`Chart::of`]: every line, label and curve with
//! its coordinates) are pure and tested on the host; [`RolloutChart`] draws that data with
//! `view!` SVG elements, each list keyed so a redraw touches only what moved.
//!
//! Invariants:
//! * The x axis runs from minute 0 to the end of the view, the y axis from 0% to 100%; every
//!   point drawn is inside the plot area.
//! * The chart is `role="img"` with a `<title>` and a `<desc>` that state the curve in words;
//!   the same figures are in the key-figures table and in the "Chart data" table.

use fwpolicy_core::model::setting::RefreshInterval;
use fwpolicy_core::rollout::{self, RolloutResult};
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

/// The reference lines for a refresh setting: the interval (7 seconds for 0) and, when there
/// is an offset, interval + offset (the longest a running client waits), as minutes with
/// their labels (`90 min`, `120 min`; `1 d 12 h` for long ones).
pub fn reference_lines(refresh: RefreshInterval) -> Vec<(f64, String)> {
    let text = |m: u32| {
        if m < 600 {
            format!("{m} min")
        } else {
            tick_label(m)
        }
    };
    let interval = if refresh.minutes == 0 {
        "7 s".to_string()
    } else {
        text(refresh.minutes)
    };
    let mut lines = vec![(rollout::effective_interval_min(refresh), interval)];
    if refresh.offset > 0 {
        let longest = if refresh.minutes == 0 {
            format!("{} min 7 s", refresh.offset)
        } else {
            text(refresh.minutes.saturating_add(refresh.offset))
        };
        lines.push((rollout::longest_cycle_min(refresh), longest));
    }
    lines
}

/// Width of a reference-line label in the chart's 12px font (an upper bound: 7px a
/// character).
pub fn label_width(text: &str) -> f64 {
    7.0 * text.chars().count() as f64
}

/// Where a reference-line label goes: its `x`, `text-anchor` and row (0 = nearest the
/// x axis; each row is one line higher).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// The text's anchor point.
    pub x: f64,
    /// `start` (right of its line) or `end` (left of it).
    pub anchor: &'static str,
    /// The row.
    pub row: usize,
}

/// Horizontal space kept between two labels on the same row.
const LABEL_GAP: f64 = 6.0;

/// Places the labels of lines at `(x, label width)`: right of the line, or left of it when
/// it would run past `x_right`; each on the lowest row where it keeps `LABEL_GAP` from
/// every label already placed there, so labels never overlap however close the lines are.
pub fn place_marker_labels(lines: &[(f64, f64)], x_right: f64) -> Vec<Placed> {
    let mut taken: Vec<(f64, f64, usize)> = Vec::new();
    lines
        .iter()
        .map(|&(x, width)| {
            let (at, anchor, left, right) = if x + 3.0 + width > x_right {
                (x - 3.0, "end", x - 3.0 - width, x - 3.0)
            } else {
                (x + 3.0, "start", x + 3.0, x + 3.0 + width)
            };
            let row = (0..=taken.len())
                .find(|&r| {
                    taken.iter().all(|&(l, rt, row)| {
                        row != r || right + LABEL_GAP <= l || left >= rt + LABEL_GAP
                    })
                })
                .unwrap_or(taken.len());
            taken.push((left, right, row));
            Placed { x: at, anchor, row }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zoom {
    /// The whole horizon.
    Whole,
    /// The first four hours.
    FirstHours,
}

impl Zoom {
    /// Both, in display order.
    pub const ALL: [Zoom; 2] = [Zoom::Whole, Zoom::FirstHours];

    /// Label of its radio button.
    pub fn label(self) -> &'static str {
        match self {
            Zoom::Whole => "Whole preview",
            Zoom::FirstHours => "First 4 hours",
        }
    }

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

/// An SVG coordinate as written in the picture: one decimal.
fn coord(v: f64) -> String {
    format!("{v:.1}")
}

/// A line of the picture (grid line, tick, marker or percentile stem).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Line {
    /// Start x.
    pub x1: String,
    /// Start y.
    pub y1: String,
    /// End x.
    pub x2: String,
    /// End y.
    pub y2: String,
}

impl Line {
    fn new(x1: f64, y1: f64, x2: f64, y2: f64) -> Line {
        Line {
            x1: coord(x1),
            y1: coord(y1),
            x2: coord(x2),
            y2: coord(y2),
        }
    }
}

/// A text label of the picture.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    /// Anchor x.
    pub x: String,
    /// Baseline y.
    pub y: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// The words.
    pub text: String,
}

impl Label {
    fn new(x: f64, y: f64, anchor: &'static str, text: String) -> Label {
        Label {
            x: coord(x),
            y: coord(y),
            anchor,
            text,
        }
    }
}

/// A grid line with its label (y: a share; x: a tick with its time).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tick {
    /// The line.
    pub line: Line,
    /// Its label.
    pub label: Label,
}

/// A percentile marker: stem from its label to the curve, dot on the curve, label above.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pct {
    /// The stem.
    pub stem: Line,
    /// Centre x of the dot.
    pub cx: String,
    /// Centre y of the dot.
    pub cy: String,
    /// The label (`P50 53 min`).
    pub label: Label,
}

/// The curves a chart may have, in drawing order (the simulated one on top).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    /// The exact curve of the plain case (dashed).
    Exact,
    /// When Security Center reports (dotted).
    SecurityCenter,
    /// The simulated clients (solid).
    Simulated,
}

impl Curve {
    /// Its class (the style of the line).
    pub fn class(self) -> &'static str {
        match self {
            Curve::Exact => "curve exact",
            Curve::SecurityCenter => "curve security-center",
            Curve::Simulated => "curve simulated",
        }
    }
}

/// Everything the chart draws for one result and view, as data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    /// The `<title>`.
    pub title: String,
    /// The `<desc>`.
    pub desc: String,
    /// Horizontal grid lines at 0/25/50/75/100% with their labels.
    pub y_grid: Vec<Tick>,
    /// Ticks of the time axis with their labels.
    pub x_ticks: Vec<Tick>,
    /// The axis name under the time axis.
    pub axis_name: Label,
    /// The refresh interval and interval + offset markers (when inside the view).
    pub markers: Vec<Tick>,
    /// The two axes.
    pub axes: [Line; 2],
    /// The curves drawn and their path data, in drawing order.
    pub curves: Vec<(Curve, String)>,
    /// The P50/P90/P99 markers inside the view.
    pub pcts: Vec<Pct>,
}

impl Default for Line {
    fn default() -> Self {
        Line::new(0.0, 0.0, 0.0, 0.0)
    }
}

impl Default for Label {
    fn default() -> Self {
        Label::new(0.0, 0.0, "middle", String::new())
    }
}

impl Chart {
    /// The picture of `result` for minutes `0..=end`: title and description, grid and axis
    /// labels, the refresh interval and interval + offset markers, the curves (exact dashed, Security Center
    /// dotted, simulated solid) and the P50/P90/P99 markers.
    pub fn of(result: &RolloutResult, end: u32) -> Chart {
        let f = Frame::new(end);
        let (x0, x1, yt, yb) = (f.x0(), f.x1(), f.y_top(), f.y_bottom());
        let y_grid = [0.0, 0.25, 0.5, 0.75, 1.0]
            .into_iter()
            .map(|s| {
                let y = f.y(s);
                Tick {
                    line: Line::new(x0, y, x1, y),
                    label: Label::new(x0 - 6.0, y + 4.0, "end", percent(s)),
                }
            })
            .collect();
        let x_ticks = time_ticks(end, 9)
            .into_iter()
            .map(|m| {
                let x = f.x(f64::from(m));
                Tick {
                    line: Line::new(x, yb, x, yb + 5.0),
                    label: Label::new(x, yb + 18.0, "middle", tick_label(m)),
                }
            })
            .collect();
        let axis_name = Label::new(
            (x0 + x1) / 2.0,
            f.height - 4.0,
            "middle",
            "time after the change".into(),
        );
        let refs: Vec<(f64, String)> = reference_lines(result.params.refresh)
            .into_iter()
            .filter(|(m, _)| *m <= f64::from(end))
            .map(|(m, l)| (f.x(m), l))
            .collect();
        let spans: Vec<(f64, f64)> = refs.iter().map(|(x, l)| (*x, label_width(l))).collect();
        let markers = refs
            .into_iter()
            .zip(place_marker_labels(&spans, x1))
            .map(|((x, label), at)| Tick {
                line: Line::new(x, yt, x, yb),
                label: Label::new(at.x, yb - 6.0 - 14.0 * at.row as f64, at.anchor, label),
            })
            .collect();
        let points = 360;
        let curves = [
            (Curve::Exact, result.analytic.as_deref()),
            (
                Curve::SecurityCenter,
                result.security_center_curve.as_deref(),
            ),
            (Curve::Simulated, Some(result.curve.as_slice())),
        ]
        .into_iter()
        .filter_map(|(kind, curve)| {
            curve.map(|c| (kind, path_d(&f, &series(c, end as usize, points))))
        })
        .collect();
        let p = &result.percentiles;
        let found: Vec<(f64, f64, String)> = [
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
            &found.iter().map(|(t, _, _)| f.x(*t)).collect::<Vec<_>>(),
            110.0,
            3,
        );
        let pcts = found
            .into_iter()
            .zip(rows)
            .map(|((t, q, label), row)| {
                let (x, y) = (f.x(t), f.y(q));
                let ly = yt - 8.0 - 15.0 * row as f64;
                Pct {
                    stem: Line::new(x, ly + 3.0, x, y),
                    cx: coord(x),
                    cy: coord(y),
                    label: Label::new(x, ly, text_anchor(x, 50.0, 0.0, f.width), label),
                }
            })
            .collect();
        Chart {
            title: title(result),
            desc: describe(result),
            y_grid,
            x_ticks,
            axis_name,
            markers,
            axes: [Line::new(x0, yb, x1, yb), Line::new(x0, yt, x0, yb)],
            curves,
            pcts,
        }
    }
}

/// The chart's `viewBox`.
pub fn view_box() -> String {
    let f = Frame::new(1);
    format!("0 0 {} {}", f.width, f.height)
}

/// A `<line>` of the picture.
#[component]
fn SvgLine(
    /// Its class (`""`: the group's style).
    class: &'static str,
    /// Its ends.
    line: Line,
) -> impl IntoView {
    view! { <line class=class x1=line.x1 y1=line.y1 x2=line.x2 y2=line.y2 /> }
}

/// A `<text>` of the picture.
#[component]
fn SvgText(
    /// Its class.
    class: &'static str,
    /// Where and what.
    label: Label,
) -> impl IntoView {
    view! {
        <text class=class x=label.x y=label.y text-anchor=label.anchor>
            {label.text}
        </text>
    }
}

/// The rollout chart: an accessible image (`role="img"`, named by its `<title>` and
/// `<desc>`) of the share of clients on the new policy over time. Every list (ticks,
/// markers, curves, percentiles) is a keyed `<For>`; a curve is keyed by its kind and only
/// its path data follows a new result.
#[component]
pub fn RolloutChart(
    /// The picture to draw ([`Chart::of`] the result shown and the zoom).
    #[prop(into)]
    chart: Signal<Chart>,
) -> AnyView {
    let y_grid = move || chart.with(|c| c.y_grid.clone());
    let x_ticks = move || chart.with(|c| c.x_ticks.clone());
    let markers = move || chart.with(|c| c.markers.clone());
    let pcts = move || chart.with(|c| c.pcts.clone());
    let kinds = move || chart.with(|c| c.curves.iter().map(|(k, _)| *k).collect::<Vec<_>>());
    let path = move |kind: Curve| {
        chart.with(|c| {
            c.curves
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, d)| d.clone())
                .unwrap_or_default()
        })
    };
    let axes = move || chart.with(|c| c.axes.to_vec());
    view! {
        <svg
            class="rollout-chart"
            id="rollout-chart"
            viewBox=view_box()
            role="img"
            aria-labelledby=format!("{TITLE_ID} {DESC_ID}")
        >
            <title id=TITLE_ID>{move || chart.with(|c| c.title.clone())}</title>
            <desc id=DESC_ID>{move || chart.with(|c| c.desc.clone())}</desc>
            <g class="grid">
                <For each=y_grid key=|t| t.clone() let:t>
                    <SvgLine class="" line=t.line />
                    <SvgText class="y-label" label=t.label />
                </For>
                <For each=x_ticks key=|t| t.clone() let:t>
                    <SvgLine class="x-tick" line=t.line />
                    <SvgText class="x-label" label=t.label />
                </For>
                <SvgText class="axis-name" label=untrack(|| chart.with(|c| c.axis_name.clone())) />
            </g>
            <g class="markers">
                <For each=markers key=|t| t.clone() let:t>
                    <SvgLine class="marker" line=t.line />
                    <SvgText class="marker-label" label=t.label />
                </For>
            </g>
            <For each=axes key=|l| l.clone() let:l>
                <SvgLine class="axis" line=l />
            </For>
            <For each=kinds key=|k| *k let:kind>
                <path class=kind.class() d=move || path(kind) />
            </For>
            <g class="percentiles">
                <For each=pcts key=|p| p.clone() let:p>
                    <SvgLine class="pct-line" line=p.stem />
                    <circle class="pct-dot" cx=p.cx cy=p.cy r="3.5" />
                    <SvgText class="pct-label" label=p.label />
                </For>
            </g>
        </svg>
    }
    .into_any()
}

/// The chart's legend: the simulated curve, the exact and Security Center curves when the
/// result has them, and the 90/120 minute markers.
#[component]
pub fn ChartLegend(
    /// The result has the exact curve (plain case).
    #[prop(into)]
    exact: Signal<bool>,
    /// The result has the Security Center curve.
    #[prop(into)]
    security_center: Signal<bool>,
) -> impl IntoView {
    view! {
        <ul class="legend">
            <li>
                <span class="swatch simulated" aria-hidden="true"></span>
                "Simulated clients"
            </li>
            <Show when=move || exact.get()>
                <li>
                    <span class="swatch exact" aria-hidden="true"></span>
                    "Exact curve (all clients running)"
                </li>
            </Show>
            <Show when=move || security_center.get()>
                <li>
                    <span class="swatch security-center" aria-hidden="true"></span>
                    "Security Center reports (after a restart)"
                </li>
            </Show>
            <li>
                <span class="swatch marker" aria-hidden="true"></span>
                "90 min: the SBS 2003 paper's delay; 120 min: 90 + the 30-minute offset"
            </li>
        </ul>
    }
}

/// The "Chart shows" radios: the whole preview or its first four hours.
#[component]
pub fn ZoomChoice(
    /// The part of the horizon shown.
    #[prop(into)]
    zoom: Signal<Zoom>,
    /// Called with the part the admin picked.
    on_pick: Callback<Zoom>,
) -> impl IntoView {
    view! {
        <fieldset class="zoom">
            <legend>"Chart shows"</legend>
            <For each=|| Zoom::ALL key=|z| *z let:z>
                <label class="radio">
                    <input
                        type="radio"
                        name="rollout-zoom"
                        prop:checked=move || zoom.get() == z
                        on:change=move |_| on_pick.run(z)
                    />
                    {z.label()}
                </label>
            </For>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::rollout_model::rendered;

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

    fn with_security_center() -> RolloutResult {
        let params = rollout::RolloutParams {
            clients: 250,
            security_center_restart_within_min: Some(60.0),
            ..rollout::RolloutParams::default()
        };
        rollout::simulate_seeded(&params, 2004).unwrap_or_else(|e| panic!("{e}"))
    }

    fn overlap(a: (f64, f64, usize), b: (f64, f64, usize)) -> bool {
        a.2 == b.2 && a.0 < b.1 && b.0 < a.1
    }

    fn spans(lines: &[(f64, f64)], x_right: f64) -> Vec<(f64, f64, usize)> {
        lines
            .iter()
            .zip(place_marker_labels(lines, x_right))
            .map(|(&(_, w), p)| match p.anchor {
                "end" => (p.x - w, p.x, p.row),
                _ => (p.x, p.x + w, p.row),
            })
            .collect()
    }

    // See: issue 13. The interval and interval + offset labels never overlap, wherever the
    // two lines fall (close together, near the right edge, one on top of the other).
    #[test]
    fn reference_labels_never_overlap() {
        let x_right = 700.0;
        let widths = [
            label_width("90 min"),
            label_width("1 d 12 h"),
            label_width("7 s"),
        ];
        let mut close = 0;
        for &wa in &widths {
            for &wb in &widths {
                let mut a = 60.0;
                while a <= x_right {
                    for d in [0.0, 1.0, 5.0, 20.0, 40.0, 55.0, 60.0, 90.0, 150.0] {
                        let b = a + d;
                        if b > x_right {
                            continue;
                        }
                        let placed = spans(&[(a, wa), (b, wb)], x_right);
                        assert!(
                            !overlap(placed[0], placed[1]),
                            "lines at {a} and {b}: {placed:?}"
                        );
                        for s in &placed {
                            assert!(s.1 <= x_right + 1e-9, "past the right edge: {s:?}");
                        }
                        if placed[0].2 != placed[1].2 {
                            close += 1;
                        }
                    }
                    a += 7.0;
                }
            }
        }
        assert!(close > 0, "close lines never stacked");
        // Far apart: one row, both right of their lines.
        let far = place_marker_labels(&[(100.0, 42.0), (400.0, 49.0)], x_right);
        assert_eq!((far[0].row, far[1].row), (0, 0));
        assert_eq!((far[0].anchor, far[1].anchor), ("start", "start"));
        // Close: the second goes up a row.
        let near = place_marker_labels(&[(100.0, 42.0), (120.0, 49.0)], x_right);
        assert_eq!((near[0].row, near[1].row), (0, 1));
    }

    #[test]
    fn reference_lines_follow_the_refresh_setting() {
        let lines = |minutes, offset| reference_lines(RefreshInterval { minutes, offset });
        assert_eq!(
            lines(90, 30),
            vec![(90.0, "90 min".to_string()), (120.0, "120 min".to_string())]
        );
        assert_eq!(
            lines(45, 10),
            vec![(45.0, "45 min".to_string()), (55.0, "55 min".to_string())]
        );
        assert_eq!(lines(60, 0), vec![(60.0, "60 min".to_string())]);
        let zero = lines(0, 30);
        assert_eq!(
            (zero[0].1.as_str(), zero[1].1.as_str()),
            ("7 s", "30 min 7 s")
        );
        assert_eq!(lines(2160, 0)[0].1, "1 d 12 h");
    }

    #[test]
    fn the_markers_are_the_simulated_interval_and_offset() {
        let params = rollout::RolloutParams {
            refresh: RefreshInterval {
                minutes: 30,
                offset: 2,
            },
            ..rollout::RolloutParams::default()
        };
        let r = rollout::simulate_seeded(&params, 1).unwrap_or_else(|e| panic!("{e}"));
        let c = Chart::of(&r, 120);
        let markers: Vec<&str> = c.markers.iter().map(|m| m.label.text.as_str()).collect();
        assert_eq!(markers, vec!["30 min", "32 min"]);
        assert!(
            c.markers[1].label.y < c.markers[0].label.y,
            "close labels stacked"
        );
    }

    #[test]
    fn the_picture_has_title_desc_markers_and_every_curve() {
        let r = with_security_center();
        let c = Chart::of(&r, r.horizon_min);
        assert_eq!(c.title, "Share of 250 clients on the new policy over time");
        assert!(c.desc.starts_with("Line chart of the share of 250 clients"));
        let kinds: Vec<Curve> = c.curves.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            vec![Curve::Exact, Curve::SecurityCenter, Curve::Simulated],
            "exact (Security Center keeps the case plain) and Security Center under the simulated one"
        );
        assert!(c.curves[2].1.starts_with("M48.0 300.0L"));
        let markers: Vec<&str> = c.markers.iter().map(|m| m.label.text.as_str()).collect();
        assert_eq!(markers, vec!["90 min", "120 min"]);
        assert_eq!(c.pcts.len(), 3);
        assert!(c.pcts[0].label.text.starts_with("P50 "), "{:?}", c.pcts[0]);
        let ys: Vec<&str> = c.y_grid.iter().map(|t| t.label.text.as_str()).collect();
        assert_eq!(ys, vec!["0%", "25%", "50%", "75%", "100%"]);
        assert_eq!(c.axis_name.text, "time after the change");
        // Zoomed to the first hour: no 90/120 markers, fewer ticks.
        let first_hour = Chart::of(&r, 60);
        assert!(first_hour.markers.is_empty());
        assert!(first_hour.x_ticks.iter().any(|t| t.label.text == "1 h"));
    }

    #[test]
    fn the_plain_case_draws_the_exact_curve_to_the_top_right_corner() {
        let r = rollout::simulate_seeded(&rollout::RolloutParams::default(), 1)
            .unwrap_or_else(|e| panic!("{e}"));
        let c = Chart::of(&r, r.horizon_min);
        assert_eq!(c.curves.len(), 2);
        assert_eq!(c.curves[0].0, Curve::Exact);
        // The exact curve ends at 100% at minute 120: the plot's top right corner.
        assert!(c.curves[0].1.ends_with("L700.0 58.0"), "{}", c.curves[0].1);
    }

    #[test]
    fn the_chart_is_drawn_as_svg_elements() {
        let owner = Owner::new();
        owner.set();
        let r = with_security_center();
        let html =
            rendered(view! { <RolloutChart chart=Signal::stored(Chart::of(&r, r.horizon_min)) /> });
        assert!(html.starts_with("<svg id=\"rollout-chart\" viewBox=\"0 0 720 340\" role=\"img\" \
             aria-labelledby=\"rollout-chart-title rollout-chart-desc\" class=\"rollout-chart\">\
             <title id=\"rollout-chart-title\">Share of 250 clients on the new policy over time</title>\
             <desc id=\"rollout-chart-desc\">Line chart of the share of 250 clients"), "{html}");
        assert_eq!(html.matches("<path ").count(), 3, "{html}");
        assert!(html.contains(r#"<path d="M48.0 300.0L"#), "{html}");
        assert_eq!(
            html.matches(r#"class="curve simulated""#).count(),
            1,
            "{html}"
        );
        assert!(
            html.contains(r#"text-anchor="start" class="marker-label">90 min</text>"#),
            "{html}"
        );
        assert_eq!(html.matches(r#"class="pct-dot""#).count(), 3);
        assert!(html.contains(r#"class="pct-label">P50 "#), "{html}");
    }

    #[test]
    fn chart_text_is_escaped_by_leptos() {
        let owner = Owner::new();
        owner.set();
        let chart = Chart {
            title: "<script>&\"".into(),
            ..Chart::default()
        };
        let html = rendered(view! { <RolloutChart chart=Signal::stored(chart) /> });
        assert!(
            html.contains("<title id=\"rollout-chart-title\">&lt;script&gt;&amp;\"</title>"),
            "{html}"
        );
        assert!(!html.contains("<script>"), "{html}");
    }
}
