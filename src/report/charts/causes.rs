//! `causes.png`: why trials did not restore — the share of each primary cause, for all failures
//! and within each failed outcome.

use plotters::prelude::*;

use super::data::{self, StackedBar, cause_color};
use super::draw::{
    INK, Swatch, abs, err, footer, ink_on, legend_band, nice_ticks, percent_tick, plain_chart, rgb,
    x_grid,
};
use super::text::{Align, Style, TextLayer, Valign, width};
use super::{Area, ChartError, render_chart, subtitle};
use crate::outcome::Cause;
use crate::report::Report;

/// Renders the chart.
pub fn render(report: &Report<'_>) -> Result<Vec<u8>, ChartError> {
    let rows = data::cause_bars(&report.stats);
    render_chart(
        "causes.png",
        &format!(
            "{} — why trials did not restore the deal",
            report.scenario.title()
        ),
        &subtitle(report),
        |area, text| {
            let items: Vec<_> = Cause::ALL
                .iter()
                .map(|&c| (c.label().to_string(), cause_color(c), Swatch::Box))
                .collect();
            let area = legend_band(area, text, 56, &items)?;
            let area = footer(
                &area,
                text,
                "Each failed trial is charged to the obstacle that cost it the most weeks (docs/model.md, section 16).",
            );
            draw_rows(&area, text, &rows)
        },
    )
}

/// Draws 100% stacked horizontal bars, one per row, with shares written where they fit.
pub fn draw_rows(area: &Area<'_>, text: &mut TextLayer, rows: &[StackedBar]) -> Result<(), String> {
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
