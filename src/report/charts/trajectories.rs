//! `trajectories.png`: small multiples of trust each way, compliance, relief, escalation and
//! hardliner strength over the calendar, as the median with 50% and 90% bands.

use plotters::prelude::*;

use super::data::{self, Panel, TimeAxis};
use super::draw::{
    INK, MUTED, SHADE, Swatch, TimeChartStyle, abs, err, footer, legend_band, number_tick, rgb,
    time_chart,
};
use super::text::{Style, TextLayer};
use super::{Area, ChartError, render_chart, subtitle};
use crate::report::Report;

/// Colour of the median line and bands.
const BAND: data::Rgb = (0x00, 0x72, 0xB2);

/// Renders the chart.
pub fn render(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let axis = data::time_axis(report.scenario, 4);
    let panels = data::trajectory_panels(&report.stats);
    render_chart(
        "trajectories.png",
        &format!("{} — how the dispute evolves", report.scenario.title()),
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
            let area = legend_band(area, text, 30, &items)?;
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
