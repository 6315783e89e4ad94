//! `timeline.png`: cumulative probability of restoration and of collapse over the calendar, with
//! the campaign window, the election, the inauguration, the IAEA deadline and Board meetings.

use plotters::prelude::*;

use super::data::{self, Curve, TimeAxis};
use super::draw::{
    MUTED, SHADE, Swatch, TimeChartStyle, err, footer, legend_band, percent_tick, rgb, time_chart,
    triangle,
};
use super::text::TextLayer;
use super::{Area, ChartError, render_chart, subtitle};
use crate::report::Report;

/// Renders the chart.
pub fn render(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let axis = data::time_axis(report.scenario, 10);
    let curves = data::timeline_curves(&report.stats);
    render_chart(
        "timeline.png",
        &format!("{} — when deals happen", report.scenario.title()),
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

/// Draws cumulative curves over the calendar with a legend above and `note` below. Reused by the
/// comparison charts.
pub fn draw_timeline(
    area: &Area<'_>,
    text: &mut TextLayer,
    axis: &TimeAxis,
    curves: &[Curve],
    note: &str,
) -> Result<(), String> {
    let mut items: Vec<(String, data::Rgb, Swatch)> = curves
        .iter()
        .map(|c| {
            let last = c.values.last().copied().unwrap_or(0.0);
            (
                format!("{} ({:.1}% at the horizon)", c.label, 100.0 * last),
                c.color,
                Swatch::Line,
            )
        })
        .collect();
    if !axis.windows.is_empty() {
        items.push(("Iran's campaign".to_string(), SHADE, Swatch::Light));
    }
    if !axis.board_meetings.is_empty() {
        items.push(("IAEA Board meeting".to_string(), MUTED, Swatch::Triangle));
    }
    let area = legend_band(area, text, 34, &items)?;
    let area = footer(
        &area,
        text,
        &format!("{note}; dashed lines mark key dates."),
    );
    let top = curves
        .iter()
        .flat_map(|c| c.values.iter().copied())
        .fold(0.0, f64::max);
    let ymax = ((top * 1.12) * 20.0).ceil() / 20.0;
    let style = TimeChartStyle {
        y_range: (0.0, ymax.clamp(0.05, 1.0)),
        y_format: &percent_tick,
        y_ticks: 6,
        label_size: 15.0,
        event_label_space: 58,
        y_label_area: 64,
    };
    let mut chart = time_chart(&area, text, axis, &style)?;
    for c in curves {
        // The value reached by the end of step i is plotted at i + 1.
        let points = std::iter::once((0.0, 0.0)).chain(
            c.values
                .iter()
                .enumerate()
                .map(|(i, &v)| ((i + 1) as f64, v)),
        );
        chart
            .draw_series(LineSeries::new(points, rgb(c.color).stroke_width(3)))
            .map_err(err)?;
    }

    let (ax, ay) = area.get_base_pixel();
    for &x in &axis.board_meetings {
        let (px, py) = chart.backend_coord(&(x, style.y_range.1));
        area.draw(&triangle((px - ax, py - ay + 2), rgb(MUTED)))
            .map_err(err)?;
    }
    Ok(())
}
