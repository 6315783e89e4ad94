//! `outcomes.png`: the probability of each outcome with its 95% interval.

use plotters::prelude::*;

use super::data::{self, Bar};
use super::draw::{
    INK, MUTED, err, footer, nice_ticks, percent_tick, plain_chart, rgb, x_labels, y_axis,
};
use super::text::{Align, Style, TextLayer, Valign};
use super::{Area, ChartError, render_chart, subtitle};
use crate::report::Report;

/// Renders the chart.
pub fn render(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let bars = data::outcome_bars(&report.stats);
    render_chart(
        "outcomes.png",
        &format!("{} — how trials end", report.scenario.title()),
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
pub fn draw_bars(area: &Area<'_>, text: &mut TextLayer, bars: &[Bar]) -> Result<(), String> {
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
            crate::report::pct(b.value),
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
