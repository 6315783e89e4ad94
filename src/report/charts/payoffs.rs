//! `payoffs.png`: the distribution of each side's payoff over the horizon, on one axis.

use plotters::prelude::*;

use super::data::{self, PayoffBins};
use super::draw::{
    MUTED, Swatch, err, footer, legend_band, nice_ticks, percent_tick, plain_chart, rgb, x_labels,
    y_axis,
};
use super::text::{Align, Style, TextLayer, Valign};
use super::{Area, ChartError, render_chart, subtitle};
use crate::report::Report;

/// Number of bins across the payoff axis.
const BINS: usize = 50;

/// Renders the chart.
pub fn render(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let bins = data::payoff_bins(report.summary, &report.stats, BINS);
    render_chart(
        "payoffs.png",
        &format!("{} — what each side gains", report.scenario.title()),
        &subtitle(report),
        |area, text| draw_payoffs(area, text, &bins),
    )
}

/// Draws overlaid histograms with dashed mean lines, a legend above and a note below.
pub fn draw_payoffs(
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
    let area = legend_band(area, text, 34, &items)?;
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
