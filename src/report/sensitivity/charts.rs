//! The charts of a sensitivity analysis: a tornado of one-at-a-time swings and the Morris
//! screening.

use plotters::prelude::*;

use super::SensitivityReport;
use crate::report::format::trials;
use crate::report::kit::axes::{nice_ticks, number_tick, plain_chart, x_grid};
use crate::report::kit::frame::{
    Area, ChartError, ChartList, abs, err, footer, render_chart, titled, write_listed,
};
use crate::report::kit::legend::{Swatch, legend_band, widest};
use crate::report::kit::palette::{INK, MUTED, Rgb, rgb};
use crate::report::kit::text::{Align, Style, TextLayer, Valign};
use crate::report::output::ReportDir;

/// Draws a sensitivity analysis's charts into `dir`.
pub(crate) fn write_all(
    report: &SensitivityReport<'_>,
    dir: &ReportDir,
) -> Result<ChartList, ChartError> {
    let charts = [
        (
            "tornado.png",
            "Effect of each parameter on P(restored) and on the time to restoration, one at a time",
        ),
        (
            "morris.png",
            "Morris screening: overall influence of each parameter",
        ),
    ];
    let mut pngs = vec![tornado(report)?];
    if !report.morris.is_empty() {
        pngs.push(morris(report)?);
    }
    write_listed(dir, &charts[..pngs.len()], &pngs)
}
/// The subtitle of a chart whose runs had `per_run` trials each.
fn sensitivity_subtitle(r: &SensitivityReport<'_>, per_run: u64) -> String {
    format!(
        "{} · base P(restored) {:.1}% · {} per run on the same random streams · seed {}",
        r.scenario.name(),
        100.0 * r.base.restored.estimate,
        trials(per_run),
        r.seed
    )
}

/// Rows shown in the tornado and Morris charts.
const TOP: usize = 20;
const LOW_COLOR: Rgb = (0x00, 0x72, 0xB2);
const HIGH_COLOR: Rgb = (0xE6, 0x9F, 0x00);

/// `tornado.png`: the effect of swinging each parameter on P(restored) and on the median time to
/// restoration, largest first.
pub(crate) fn tornado(r: &SensitivityReport<'_>) -> Result<Vec<u8>, ChartError> {
    let rows: Vec<_> = r.tornado.iter().take(TOP).collect();
    render_chart(
        "tornado.png",
        &titled(
            r.scenario.title(),
            "which parameters matter (one at a time)",
        ),
        &sensitivity_subtitle(r, r.trials),
        |area, text| {
            let area = legend_band(
                area,
                text,
                &[
                    (
                        "parameter at its low value".to_string(),
                        LOW_COLOR,
                        Swatch::Box,
                    ),
                    ("at its high value".to_string(), HIGH_COLOR, Swatch::Box),
                ],
            )?;
            let area = footer(
                &area,
                text,
                &format!(
                    "Top {} of {} parameters; low/high: 5%–95% of a distribution, or ±20% of a fixed value.",
                    rows.len(),
                    r.tornado.len()
                ),
            );
            let label_width = widest(
                rows.iter().map(|row| row.swing.path.as_str()),
                &Style::new(13.0, false, INK),
            ) + 24;
            let (names, rest) = area.split_horizontally(label_width.max(100) as u32);
            let (left, right) = rest.split_horizontally(rest.dim_in_pixel().0 * 3 / 5);
            let p_effects: Vec<(f64, f64)> = rows
                .iter()
                .map(|row| {
                    (
                        row.low.restored.estimate - r.base.restored.estimate,
                        row.high.restored.estimate - r.base.restored.estimate,
                    )
                })
                .collect();
            let base_weeks = r.base.median_weeks;
            let w_effects: Vec<(f64, f64)> = rows
                .iter()
                .map(|row| {
                    let d = |m: Option<f64>| match (m, base_weeks) {
                        (Some(a), Some(b)) => a - b,
                        _ => 0.0,
                    };
                    (d(row.low.median_weeks), d(row.high.median_weeks))
                })
                .collect();
            let ys = bars(&left, text, "change in P(restored)", &p_effects, &|x| {
                format!("{:+.0}", 100.0 * x).replace("+0", "0") + " pts"
            })?;
            bars(
                &right,
                text,
                "change in median weeks to restoration",
                &w_effects,
                &|x| format!("{x:+.0}").replace("+0", "0"),
            )?;
            for (row, y) in rows.iter().zip(ys) {
                text.add(
                    row.swing.path.clone(),
                    (names.get_base_pixel().0 + label_width - 12, y),
                    Style::new(13.0, false, INK).at(Align::Right, Valign::Middle),
                );
            }
            Ok(())
        },
    )
}

/// Draws pairs of horizontal bars from zero; returns each row's pixel y.
fn bars(
    area: &Area<'_>,
    text: &mut TextLayer,
    title: &str,
    effects: &[(f64, f64)],
    format: &dyn Fn(f64) -> String,
) -> Result<Vec<i32>, String> {
    let n = effects.len().max(1) as f64;
    let extent = effects
        .iter()
        .flat_map(|(a, b)| [a.abs(), b.abs()])
        .fold(0.0, f64::max)
        .max(1e-9)
        * 1.1;
    text.add(title, abs(area, (10, 4)), Style::new(14.0, true, INK));
    let mut chart = plain_chart(area, -extent..extent, 0.0..n, (8, 40, 28, 16))?;
    let (bx, by) = area.get_base_pixel();
    let ticks: Vec<(f64, String)> = nice_ticks(-extent, extent, 6)
        .into_iter()
        .map(|x| (x, format(x)))
        .collect();
    x_grid(area, text, &mut chart, &ticks, 12.0)?;
    let mut ys = Vec::new();
    for (i, (low, high)) in effects.iter().enumerate() {
        let y = n - i as f64 - 0.5;
        for (value, offset, color) in [(*low, 0.2, LOW_COLOR), (*high, -0.2, HIGH_COLOR)] {
            let (x0, y0) = chart.backend_coord(&(0.0, y + offset + 0.17));
            let (x1, y1) = chart.backend_coord(&(value, y + offset - 0.17));
            area.draw(&Rectangle::new(
                [
                    (x0.min(x1) - bx, y0 - by),
                    (x0.max(x1).max(x0.min(x1) + 1) - bx, y1 - by),
                ],
                rgb(color).filled(),
            ))
            .map_err(err)?;
        }
        ys.push(chart.backend_coord(&(0.0, y)).1);
    }
    Ok(ys)
}

/// `morris.png`: μ* of each parameter with its bootstrap 95% interval, largest first.
pub(crate) fn morris(r: &SensitivityReport<'_>) -> Result<Vec<u8>, ChartError> {
    let rows: Vec<_> = r.morris.iter().take(TOP).collect();
    render_chart(
        "morris.png",
        &titled(
            r.scenario.title(),
            "which parameters matter (Morris screening)",
        ),
        &sensitivity_subtitle(r, r.morris_trials),
        |area, text| {
            let area = footer(area, text, &format!("{}.", r.morris_method()));
            let label_width = widest(
                rows.iter().map(|row| row.path.as_str()),
                &Style::new(13.0, false, INK),
            ) as u32
                + 28;
            let n = rows.len().max(1) as f64;
            // In percentage points, like the tornado beside it.
            let top = rows
                .iter()
                .map(|row| 100.0 * row.mu_star_high)
                .fold(0.0, f64::max)
                .max(1e-4)
                * 1.15;
            text.add(
                "μ*: mean absolute change in P(restored), in percentage points, from moving the parameter across its range (σ in brackets)",
                abs(&area, (24, 4)),
                Style::new(14.0, false, MUTED),
            );
            let mut chart = plain_chart(&area, 0.0..top, 0.0..n, (label_width, 40, 28, 60))?;
            let (bx, by) = area.get_base_pixel();
            let ticks: Vec<(f64, String)> = nice_ticks(0.0, top, 6)
                .into_iter()
                .map(|x| (x, format!("{} pts", number_tick(x))))
                .collect();
            x_grid(&area, text, &mut chart, &ticks, 12.0)?;
            for (i, row) in rows.iter().enumerate() {
                let y = n - i as f64 - 0.5;
                let (x0, y0) = chart.backend_coord(&(0.0, y + 0.3));
                let (x1, y1) = chart.backend_coord(&(100.0 * row.mu_star, y - 0.3));
                area.draw(&Rectangle::new(
                    [(x0 - bx, y0 - by), (x1.max(x0 + 1) - bx, y1 - by)],
                    rgb(LOW_COLOR).filled(),
                ))
                .map_err(err)?;
                let (l, py) = chart.backend_coord(&(100.0 * row.mu_star_low, y));
                let (h, _) = chart.backend_coord(&(100.0 * row.mu_star_high, y));
                area.draw(&PathElement::new(
                    vec![(l - bx, py - by), (h - bx, py - by)],
                    rgb(INK).stroke_width(1),
                ))
                .map_err(err)?;
                text.add(
                    row.path.clone(),
                    (x0 - 12, py),
                    Style::new(13.0, false, INK).at(Align::Right, Valign::Middle),
                );
                text.add(
                    format!("{:.1} ({:.1})", 100.0 * row.mu_star, 100.0 * row.sigma),
                    (h.max(x1) + 6, py),
                    Style::new(12.0, false, INK).at(Align::Left, Valign::Middle),
                );
            }
            Ok(())
        },
    )
}
