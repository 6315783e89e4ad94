//! The charts of a run report, in reading order: `outcomes.png`, `timeline.png`,
//! `trajectories.png`, `causes.png` and `payoffs.png`. What each shows is prepared in
//! `chart_data`; the functions here only draw.

use plotters::prelude::*;

use super::Report;
use super::chart_data::{self, Bar, Panel, PayoffBins, PayoffHistogram, StackedBar, subtitle};
use crate::model::outcome::Cause;
use crate::report::format::pct;
use crate::report::kit::axes::{
    Chart2d, nice_ticks, number_tick, percent_tick, plain_chart, x_grid, x_labels, y_axis,
};
use crate::report::kit::frame::{
    Area, ChartError, ChartList, abs, err, footer, render_chart, titled, write_listed,
};
use crate::report::kit::legend::{Swatch, legend_band};
use crate::report::kit::palette::{INK, MUTED, Rgb, SHADE, cause_color, ink_on, rgb};
use crate::report::kit::text::{Align, Style, TextLayer, Valign, width};
use crate::report::kit::time::{TimeAxis, TimeChartStyle, draw_timeline, time_axis, time_chart};
use crate::report::output::ReportDir;

/// The charts of a run report: file name and caption, in reading order.
pub const CHARTS: [(&str, &str); 5] = [
    (
        "outcomes.png",
        "Probability of each outcome with 95% intervals",
    ),
    (
        "timeline.png",
        "Cumulative probability of restoration and of collapse over the calendar",
    ),
    (
        "trajectories.png",
        "Trust, compliance, relief, escalation and hardliner strength over time (median, 50% and 90% bands)",
    ),
    ("causes.png", "Why trials did not restore the deal"),
    ("payoffs.png", "Distribution of each side's payoff"),
];

/// Draws every chart of `report` and writes it into `dir`. Returns the files written with their
/// captions.
pub(crate) fn write_all(report: &Report<'_>, dir: &ReportDir) -> Result<ChartList, ChartError> {
    let pngs = [
        outcomes(report)?,
        timeline(report)?,
        trajectories(report)?,
        causes(report)?,
        payoffs(report)?,
    ];
    write_listed(dir, &CHARTS, &pngs)
}

/// `outcomes.png`: the probability of each outcome with its 95% interval.
pub(crate) fn outcomes(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let bars = chart_data::outcome_bars(&report.stats);
    render_chart(
        "outcomes.png",
        &titled(report.scenario.title(), "how trials end"),
        &subtitle(report),
        |area, text| {
            let area = footer(
                area,
                text,
                "Bars: share of trials ending each way; whiskers: 95% Wilson interval.",
            );
            draw_bars(&area, text, &bars)
        },
    )
}

/// Draws bars with interval whiskers, the percentage written above each.
pub(crate) fn draw_bars(area: &Area<'_>, text: &mut TextLayer, bars: &[Bar]) -> Result<(), String> {
    let top = bars.iter().map(|b| b.high.max(b.value)).fold(0.0, f64::max);
    let ymax = (((top * 1.15 + 0.04) * 10.0).ceil() / 10.0).clamp(0.1, 1.0);
    let n = bars.len() as f64;
    let mut chart = plain_chart(area, 0.0..n, 0.0..ymax, (80, 48, 40, 24))?;
    y_axis(
        text,
        &mut chart,
        &nice_ticks(0.0, ymax, 6),
        &percent_tick,
        15.0,
    )?;
    let (px, py) = chart.backend_coord(&(0.0, ymax));
    text.add(
        "share of trials",
        (px - 8, py - 26),
        Style::new(15.0, false, MUTED).at(Align::Left, Valign::Top),
    );
    for (i, b) in bars.iter().enumerate() {
        let x = i as f64;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x + 0.2, 0.0), (x + 0.8, b.value)],
                rgb(b.color).filled(),
            )))
            .map_err(err)?;
        let whisker = [
            vec![(x + 0.5, b.low), (x + 0.5, b.high)],
            vec![(x + 0.44, b.low), (x + 0.56, b.low)],
            vec![(x + 0.44, b.high), (x + 0.56, b.high)],
        ];
        chart
            .draw_series(
                whisker
                    .into_iter()
                    .map(|seg| PathElement::new(seg, rgb(INK).stroke_width(2))),
            )
            .map_err(err)?;
        let (px, py) = chart.backend_coord(&(x + 0.5, b.high.max(b.value)));
        text.add(
            pct(b.value),
            (px, py - 8),
            Style::new(20.0, true, INK).at(Align::Center, Valign::Bottom),
        );
    }
    let labels: Vec<(f64, String)> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| (i as f64 + 0.5, b.label.clone()))
        .collect();
    x_labels(area, text, &chart, &labels, 17.0)
}

/// `timeline.png`: cumulative probability of restoration and of collapse over the calendar, with
/// the campaign window, the election, the inauguration, the IAEA deadline and Board meetings.
pub(crate) fn timeline(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let axis = time_axis(report.scenario, 10);
    let curves = chart_data::timeline_curves(&report.stats);
    render_chart(
        "timeline.png",
        &titled(report.scenario.title(), "when deals happen"),
        &subtitle(report),
        |area, text| {
            draw_timeline(
                area,
                text,
                &axis,
                &curves,
                "Share of all trials restored (or collapsed) by the end of each week",
            )
        },
    )
}

/// Colour of the median line and bands.
const BAND: Rgb = (0x00, 0x72, 0xB2);

/// `trajectories.png`: small multiples of trust each way, compliance, relief, escalation and
/// hardliner strength over the calendar, as the median with 50% and 90% bands.
pub(crate) fn trajectories(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let axis = time_axis(report.scenario, 4);
    let panels = chart_data::trajectory_panels(&report.stats);
    render_chart(
        "trajectories.png",
        &titled(report.scenario.title(), "how the dispute evolves"),
        &subtitle(report),
        |area, text| {
            let mut items = vec![
                ("median".to_string(), BAND, Swatch::Line),
                ("middle 50% of trials".to_string(), BAND, Swatch::Box),
                ("middle 90% of trials".to_string(), BAND, Swatch::Light),
            ];
            if !axis.windows.is_empty() {
                items.push(("Iran's campaign".to_string(), SHADE, Swatch::Light));
            }
            if !axis.markers.is_empty() {
                let events: Vec<String> = axis.markers.iter().map(|m| m.label.clone()).collect();
                items.push((events.join(", "), MUTED, Swatch::Dashed));
            }
            let area = legend_band(area, text, &items)?;
            let note = format!(
                "Levels at the end of each week over {}; a trial that ended early keeps its final levels.",
                report.stats.band_scope()
            );
            let area = footer(&area, text, &note);
            for (cell, panel) in area.split_evenly((2, 3)).iter().zip(&panels) {
                draw_panel(cell, text, &axis, panel)?;
            }
            Ok(())
        },
    )
}

fn draw_panel(
    cell: &Area<'_>,
    text: &mut TextLayer,
    axis: &TimeAxis,
    p: &Panel,
) -> Result<(), String> {
    let (title_area, plot) = cell.split_vertically(28);
    text.add(
        p.title.clone(),
        abs(&title_area, (60, 8)),
        Style::new(15.0, true, INK),
    );
    let style = TimeChartStyle {
        y_range: p.range,
        y_format: &number_tick,
        y_ticks: 5,
        label_size: 12.0,
        event_label_space: 0,
        y_label_area: 44,
    };
    let mut chart = time_chart(&plot, text, axis, &style)?;
    let color = rgb(BAND);
    // The level at the end of step i is plotted at i + 1; the first week's level is also drawn
    // from the start, so even a one-step horizon shows a segment.
    let along = |values: Vec<f64>| -> Vec<(f64, f64)> {
        let first = values.first().copied().unwrap_or(0.0);
        std::iter::once((0.0, first))
            .chain(
                values
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| ((i + 1) as f64, v)),
            )
            .collect()
    };
    for (band, alpha) in [(&p.outer, 0.18), (&p.inner, 0.4)] {
        let mut points = along(band.iter().map(|b| b.1).collect());
        let lower = along(band.iter().map(|b| b.0).collect());
        points.extend(lower.into_iter().rev());
        chart
            .draw_series(std::iter::once(Polygon::new(
                points,
                color.mix(alpha).filled(),
            )))
            .map_err(err)?;
    }
    chart
        .draw_series(LineSeries::new(
            along(p.median.clone()),
            color.stroke_width(2),
        ))
        .map_err(err)?;
    Ok(())
}

/// `causes.png`: why trials did not restore — the share of each primary cause, for all failures and
/// within each failed outcome.
pub(crate) fn causes(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let rows = chart_data::cause_bars(&report.stats);
    render_chart(
        "causes.png",
        &titled(
            report.scenario.title(),
            "why trials did not restore the deal",
        ),
        &subtitle(report),
        |area, text| {
            let items: Vec<_> = Cause::ALL
                .iter()
                .map(|&c| (c.label().to_string(), cause_color(c), Swatch::Box))
                .collect();
            let area = legend_band(area, text, &items)?;
            let area = footer(
                &area,
                text,
                "Each failed trial is charged to the obstacle that cost it the most time (docs/model.md, section 12).",
            );
            draw_rows(&area, text, &rows)
        },
    )
}

/// Draws 100% stacked horizontal bars, one per row, with shares written where they fit.
pub(crate) fn draw_rows(
    area: &Area<'_>,
    text: &mut TextLayer,
    rows: &[StackedBar],
) -> Result<(), String> {
    if rows.is_empty() {
        text.add(
            "Every trial restored the deal: there are no failures to explain.",
            abs(area, (40, 60)),
            Style::new(20.0, false, INK),
        );
        return Ok(());
    }
    let n = rows.len() as f64;
    let mut chart = plain_chart(area, 0.0..1.0, 0.0..n, (260, 40, 20, 40))?;
    let ticks: Vec<(f64, String)> = nice_ticks(0.0, 1.0, 5)
        .into_iter()
        .map(|x| (x, percent_tick(x)))
        .collect();
    x_grid(area, text, &mut chart, &ticks, 14.0)?;
    let (ax, ay) = area.get_base_pixel();
    let share_style = Style::new(14.0, true, INK).at(Align::Center, Valign::Middle);
    for (r, row) in rows.iter().enumerate() {
        // First row at the top.
        let y0 = n - r as f64 - 0.8;
        let y1 = n - r as f64 - 0.2;
        let mut start = 0.0;
        for &(cause, share) in &row.segments {
            if share <= 0.0 {
                continue;
            }
            let end = (start + share).min(1.0);
            let color = cause_color(cause);
            let (left, top) = chart.backend_coord(&(start, y1));
            let (right, bottom) = chart.backend_coord(&(end, y0));
            area.draw(&Rectangle::new(
                [(left - ax, top - ay), (right - ax, bottom - ay)],
                rgb(color).filled(),
            ))
            .map_err(err)?;
            let label = format!("{:.0}%", 100.0 * share);
            if (right - left) as f32 > width(&label, &share_style) + 8.0 {
                text.add(
                    label,
                    ((left + right) / 2, (top + bottom) / 2),
                    Style {
                        color: ink_on(color),
                        ..share_style
                    },
                );
            }
            start = end;
        }
        let (px, py) = chart.backend_coord(&(0.0, (y0 + y1) / 2.0));
        text.add(
            row.label.clone(),
            (px - 12, py),
            Style::new(15.0, false, INK).at(Align::Right, Valign::Middle),
        );
    }
    Ok(())
}

/// Number of bins across the payoff axis.
const BINS: usize = 50;

/// `payoffs.png`: the distribution of each side's payoff over the horizon, on one axis.
pub(crate) fn payoffs(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let bins = chart_data::payoff_bins(report.summary, &report.stats, BINS);
    render_chart(
        "payoffs.png",
        &titled(report.scenario.title(), "what each side gains"),
        &subtitle(report),
        |area, text| draw_payoffs(area, text, &bins),
    )
}

/// Writes, inside the top corners of the plot, the share of each side's trials beyond the left
/// and the right end of the axis (nothing when no trial is).
fn clipped_tails(
    text: &mut TextLayer,
    chart: &Chart2d<'_, '_>,
    bins: &PayoffBins,
    (ymax, hi): (f64, f64),
) -> Result<(), String> {
    let tail = |pick: fn(&PayoffHistogram) -> f64| -> Option<String> {
        let parts: Vec<String> = bins
            .histograms
            .iter()
            .filter(|h| pick(h) > 0.0)
            .map(|h| {
                let share = pick(h);
                let shown = if share < 0.0005 {
                    "<0.1%".to_string()
                } else {
                    pct(share)
                };
                format!("{} {shown}", h.label)
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    };
    let style = Style::new(13.0, false, MUTED);
    if let Some(left) = tail(|h| h.below) {
        let (px, py) = chart.backend_coord(&(bins.lo, ymax));
        text.add(
            format!("◀ beyond the axis: {left}"),
            (px + 6, py + 4),
            style,
        );
    }
    if let Some(right) = tail(|h| h.above) {
        let (px, py) = chart.backend_coord(&(hi, ymax));
        text.add(
            format!("beyond the axis: {right} ▶"),
            (px - 6, py + 4),
            style.at(Align::Right, Valign::Top),
        );
    }
    Ok(())
}

/// Draws overlaid histograms with dashed mean lines, a legend above and a note below.
pub(crate) fn draw_payoffs(
    area: &Area<'_>,
    text: &mut TextLayer,
    bins: &PayoffBins,
) -> Result<(), String> {
    let mut items = Vec::new();
    for h in &bins.histograms {
        items.push((format!("{} payoffs", h.label), h.color, Swatch::Light));
        items.push((
            format!("{} mean {:.1}", h.label, h.mean),
            h.color,
            Swatch::Dashed,
        ));
    }
    let area = legend_band(area, text, &items)?;
    let area = footer(
        &area,
        text,
        "Utils over the horizon (a restored deal is worth 100 to each side): waiting costs, value obtained, leverage given up, one-off costs.",
    );
    let n = bins.histograms.first().map_or(0, |h| h.shares.len());
    let hi = bins.lo + bins.width * n as f64;
    let top = bins
        .histograms
        .iter()
        .flat_map(|h| h.shares.iter().copied())
        .fold(0.0, f64::max);
    let ymax = if top > 0.0 { top * 1.12 } else { 1.0 };
    let mut chart = plain_chart(&area, bins.lo..hi, 0.0..ymax, (80, 64, 30, 36))?;
    y_axis(
        text,
        &mut chart,
        &nice_ticks(0.0, ymax, 6),
        &percent_tick,
        14.0,
    )?;
    let ticks: Vec<(f64, String)> = nice_ticks(bins.lo, hi, 10)
        .into_iter()
        .map(|x| (x, format!("{x:.0}")))
        .collect();
    x_labels(&area, text, &chart, &ticks, 14.0)?;
    let (px, py) = chart.backend_coord(&((bins.lo + hi) / 2.0, 0.0));
    text.add(
        "payoff over the horizon (utils)",
        (px, py + 34),
        Style::new(14.0, false, MUTED).at(Align::Center, Valign::Top),
    );
    let (px, py) = chart.backend_coord(&(bins.lo, ymax));
    text.add(
        "share of trials per bin",
        (px - 8, py - 24),
        Style::new(14.0, false, MUTED).at(Align::Left, Valign::Top),
    );
    clipped_tails(text, &chart, bins, (ymax, hi))?;
    for h in &bins.histograms {
        let color = rgb(h.color);
        let mut outline = vec![(bins.lo, 0.0)];
        for (i, &s) in h.shares.iter().enumerate() {
            let x0 = bins.lo + bins.width * i as f64;
            outline.push((x0, s));
            outline.push((x0 + bins.width, s));
        }
        outline.push((hi, 0.0));
        chart
            .draw_series(std::iter::once(Polygon::new(
                outline.clone(),
                color.mix(0.3).filled(),
            )))
            .map_err(err)?;
        chart
            .draw_series(LineSeries::new(outline, color.stroke_width(2)))
            .map_err(err)?;
        let mean = h.mean.clamp(bins.lo, hi);
        let dashes = (0..24).map(|k| {
            let y0 = ymax * f64::from(k) / 24.0;
            PathElement::new(
                vec![(mean, y0), (mean, y0 + ymax / 48.0)],
                color.stroke_width(2),
            )
        });
        chart.draw_series(dashes).map_err(err)?;
    }
    Ok(())
}
