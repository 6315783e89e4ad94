//! Charts of sweeps (a line chart for one parameter, heat maps for two) and of sensitivity
//! analyses (a tornado and the Morris screening).

use plotters::prelude::*;

use super::data::{Rgb, outcome_color};
use super::draw::{
    INK, MUTED, Swatch, abs, err, footer, ink_on, legend_band, nice_ticks, number_tick,
    percent_tick, plain_chart, rgb, widest, x_grid, x_labels, y_axis,
};
use super::text::{Align, Style, TextLayer, Valign, width};
use super::{Area, ChartError, render_chart};
use crate::outcome::Outcome;
use crate::report::analysis::{SensitivityReport, SweepReport};
use crate::report::markdown::thousands;

fn sweep_subtitle(r: &SweepReport<'_>) -> String {
    format!(
        "{} · {} points · {} trials each on the same random streams · seed {}",
        r.scenario.name(),
        r.points.len(),
        thousands(r.trials),
        r.seed
    )
}

/// `sweep.png`: each outcome's probability along one parameter, with 95% bands.
pub fn sweep_line(r: &SweepReport<'_>) -> Result<Vec<u8>, ChartError> {
    let axis = &r.axes[0];
    render_chart(
        "sweep.png",
        &format!("{} — outcomes as `{}` varies", r.scenario.title(), axis.key),
        &sweep_subtitle(r),
        |area, text| {
            let items: Vec<_> = Outcome::ALL
                .iter()
                .map(|&o| (o.name().to_string(), outcome_color(o), Swatch::Line))
                .collect();
            let area = legend_band(area, text, 32, &items)?;
            let area = footer(
                &area,
                text,
                "Lines: share of trials; bands: 95% Wilson intervals.",
            );
            let (lo, hi) = (axis.values[0], axis.values[axis.values.len() - 1]);
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            let mut chart = plain_chart(&area, lo..hi, 0.0..1.0, (70, 60, 20, 36))?;
            y_axis(
                text,
                &mut chart,
                &nice_ticks(0.0, 1.0, 5),
                &percent_tick,
                15.0,
            )?;
            let ticks: Vec<(f64, String)> = nice_ticks(lo, hi, 8)
                .into_iter()
                .map(|x| (x, number_tick(x)))
                .collect();
            x_labels(&area, text, &chart, &ticks, 14.0)?;
            let (px, py) = chart.backend_coord(&((lo + hi) / 2.0, 0.0));
            text.add(
                axis.key.clone(),
                (px, py + 32),
                Style::new(15.0, false, MUTED).at(Align::Center, Valign::Top),
            );
            for o in Outcome::ALL {
                let color = rgb(outcome_color(o));
                let mut band: Vec<(f64, f64)> = r
                    .points
                    .iter()
                    .map(|p| (p.values[0], p.outcomes[o.index()].high))
                    .collect();
                band.extend(
                    r.points
                        .iter()
                        .rev()
                        .map(|p| (p.values[0], p.outcomes[o.index()].low)),
                );
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        band,
                        color.mix(0.25).filled(),
                    )))
                    .map_err(err)?;
                chart
                    .draw_series(LineSeries::new(
                        r.points
                            .iter()
                            .map(|p| (p.values[0], p.outcomes[o.index()].estimate)),
                        color.stroke_width(3),
                    ))
                    .map_err(err)?;
            }
            Ok(())
        },
    )
}

/// A colour-blind-safe sequential scale (viridis, by linear interpolation between anchors).
fn viridis(t: f64) -> Rgb {
    const ANCHORS: [Rgb; 5] = [
        (0x44, 0x01, 0x54),
        (0x3B, 0x52, 0x8B),
        (0x21, 0x90, 0x8C),
        (0x5E, 0xC9, 0x62),
        (0xFD, 0xE7, 0x25),
    ];
    let t = t.clamp(0.0, 1.0) * (ANCHORS.len() - 1) as f64;
    let i = (t.floor() as usize).min(ANCHORS.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (ANCHORS[i], ANCHORS[i + 1]);
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// `heatmap_<outcome>.png`: P(outcome) over two parameters, with the boundary where the most
/// likely outcome changes drawn in black.
pub fn heatmap(r: &SweepReport<'_>, outcome: Outcome) -> Result<Vec<u8>, ChartError> {
    let (ax, ay) = (&r.axes[0], &r.axes[1]);
    let (nx, ny) = (ax.values.len(), ay.values.len());
    let cell = |i: usize, j: usize| &r.points[i * ny + j];
    render_chart(
        "heatmap.png",
        &format!(
            "{} — P({}) over `{}` × `{}`",
            r.scenario.title(),
            outcome.name(),
            ax.key,
            ay.key
        ),
        &sweep_subtitle(r),
        |area, text| {
            let area = footer(
                area,
                text,
                "Colour: share of trials; black lines: where the most likely outcome changes (letters: R restored, I interim, S stalemate, C collapse).",
            );
            let (plot_area, scale_area) = area.split_horizontally(area.dim_in_pixel().0 - 130);
            let chart = plain_chart(&plot_area, 0.0..nx as f64, 0.0..ny as f64, (90, 70, 16, 16))?;
            let (bx, by) = plot_area.get_base_pixel();
            let value_style = Style::new(12.0, false, INK).at(Align::Center, Valign::Middle);
            for i in 0..nx {
                for j in 0..ny {
                    let p = cell(i, j).outcomes[outcome.index()].estimate;
                    let (x0, y0) = chart.backend_coord(&(i as f64, (j + 1) as f64));
                    let (x1, y1) = chart.backend_coord(&((i + 1) as f64, j as f64));
                    let color = viridis(p);
                    plot_area
                        .draw(&Rectangle::new(
                            [(x0 - bx, y0 - by), (x1 - bx, y1 - by)],
                            rgb(color).filled(),
                        ))
                        .map_err(err)?;
                    let label = format!(
                        "{}{}",
                        (p * 100.0).round(),
                        &cell(i, j).most_likely().name()[..1].to_uppercase()
                    );
                    if (x1 - x0) as f32 > width(&label, &value_style) + 4.0 && (y1 - y0) > 14 {
                        text.add(
                            label,
                            ((x0 + x1) / 2, (y0 + y1) / 2),
                            Style {
                                color: ink_on(color),
                                ..value_style
                            },
                        );
                    }
                }
            }
            // Boundaries between cells whose most likely outcomes differ.
            let edge = |a: (f64, f64), b: (f64, f64)| {
                let (p, q) = (chart.backend_coord(&a), chart.backend_coord(&b));
                PathElement::new(
                    vec![(p.0 - bx, p.1 - by), (q.0 - bx, q.1 - by)],
                    BLACK.stroke_width(3),
                )
            };
            for i in 0..nx {
                for j in 0..ny {
                    let here = cell(i, j).most_likely();
                    if i + 1 < nx && cell(i + 1, j).most_likely() != here {
                        let x = (i + 1) as f64;
                        plot_area
                            .draw(&edge((x, j as f64), (x, (j + 1) as f64)))
                            .map_err(err)?;
                    }
                    if j + 1 < ny && cell(i, j + 1).most_likely() != here {
                        let y = (j + 1) as f64;
                        plot_area
                            .draw(&edge((i as f64, y), ((i + 1) as f64, y)))
                            .map_err(err)?;
                    }
                }
            }
            let every = |n: usize| n.div_ceil(10).max(1);
            let xt: Vec<(f64, String)> = ax
                .values
                .iter()
                .enumerate()
                .filter(|(i, _)| i % every(nx) == 0)
                .map(|(i, v)| (i as f64 + 0.5, number_tick(*v)))
                .collect();
            x_labels(&plot_area, text, &chart, &xt, 13.0)?;
            for (j, v) in ay
                .values
                .iter()
                .enumerate()
                .filter(|(j, _)| j % every(ny) == 0)
            {
                let (px, py) = chart.backend_coord(&(0.0, j as f64 + 0.5));
                text.add(
                    number_tick(*v),
                    (px - 8, py),
                    Style::new(13.0, false, MUTED).at(Align::Right, Valign::Middle),
                );
            }
            let (px, py) = chart.backend_coord(&(nx as f64 / 2.0, 0.0));
            text.add(
                ax.key.clone(),
                (px, py + 30),
                Style::new(15.0, false, MUTED).at(Align::Center, Valign::Top),
            );
            let (px, py) = chart.backend_coord(&(0.0, ny as f64));
            text.add(
                ay.key.clone(),
                (px - 8, py - 22),
                Style::new(15.0, false, MUTED).at(Align::Left, Valign::Top),
            );
            colour_scale(&scale_area, text, &format!("P({})", outcome.name()))
        },
    )
}

fn colour_scale(area: &Area<'_>, text: &mut TextLayer, title: &str) -> Result<(), String> {
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = (40, h as i32 - 110);
    text.add(title, abs(area, (10, 12)), Style::new(14.0, false, INK));
    for y in top..bottom {
        let t = 1.0 - f64::from(y - top) / f64::from(bottom - top);
        area.draw(&Rectangle::new(
            [(12, y), (40, y + 1)],
            rgb(viridis(t)).filled(),
        ))
        .map_err(err)?;
    }
    for k in 0..=4 {
        let t = f64::from(k) / 4.0;
        let y = bottom - ((bottom - top) as f64 * t) as i32;
        text.add(
            percent_tick(t),
            abs(area, (46, y)),
            Style::new(13.0, false, MUTED).at(Align::Left, Valign::Middle),
        );
    }
    Ok(())
}

fn sensitivity_subtitle(r: &SensitivityReport<'_>) -> String {
    format!(
        "{} · base P(restored) {:.1}% · {} trials per run on the same random streams · seed {}",
        r.scenario.name(),
        100.0 * r.base.restored.estimate,
        thousands(r.trials),
        r.seed
    )
}

/// Rows shown in the tornado and Morris charts.
const TOP: usize = 20;
const LOW_COLOR: Rgb = (0x00, 0x72, 0xB2);
const HIGH_COLOR: Rgb = (0xE6, 0x9F, 0x00);

/// `tornado.png`: the effect of swinging each parameter on P(restored) and on the median time to
/// restoration, largest first.
pub fn tornado(r: &SensitivityReport<'_>) -> Result<Vec<u8>, ChartError> {
    let rows: Vec<_> = r.tornado.iter().take(TOP).collect();
    render_chart(
        "tornado.png",
        &format!(
            "{} — which parameters matter (one at a time)",
            r.scenario.title()
        ),
        &sensitivity_subtitle(r),
        |area, text| {
            let area = legend_band(
                area,
                text,
                32,
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
pub fn morris(r: &SensitivityReport<'_>) -> Result<Vec<u8>, ChartError> {
    let rows: Vec<_> = r.morris.iter().take(TOP).collect();
    render_chart(
        "morris.png",
        &format!(
            "{} — which parameters matter (Morris screening)",
            r.scenario.title()
        ),
        &sensitivity_subtitle(r),
        |area, text| {
            let area = footer(area, text, &format!("{}.", r.morris_method()));
            let label_width = widest(
                rows.iter().map(|row| row.path.as_str()),
                &Style::new(13.0, false, INK),
            ) as u32
                + 28;
            let n = rows.len().max(1) as f64;
            let top = rows
                .iter()
                .map(|row| row.mu_star_high)
                .fold(0.0, f64::max)
                .max(1e-6)
                * 1.15;
            text.add(
            "μ*: mean absolute effect on P(restored) of moving the parameter across its range (σ in brackets)",
            abs(&area, (24, 4)),
            Style::new(14.0, false, MUTED),
        );
            let mut chart = plain_chart(&area, 0.0..top, 0.0..n, (label_width, 40, 28, 60))?;
            let (bx, by) = area.get_base_pixel();
            let ticks: Vec<(f64, String)> = nice_ticks(0.0, top, 6)
                .into_iter()
                .map(|x| (x, number_tick(x)))
                .collect();
            x_grid(&area, text, &mut chart, &ticks, 12.0)?;
            for (i, row) in rows.iter().enumerate() {
                let y = n - i as f64 - 0.5;
                let (x0, y0) = chart.backend_coord(&(0.0, y + 0.3));
                let (x1, y1) = chart.backend_coord(&(row.mu_star, y - 0.3));
                area.draw(&Rectangle::new(
                    [(x0 - bx, y0 - by), (x1.max(x0 + 1) - bx, y1 - by)],
                    rgb(LOW_COLOR).filled(),
                ))
                .map_err(err)?;
                let (l, py) = chart.backend_coord(&(row.mu_star_low, y));
                let (h, _) = chart.backend_coord(&(row.mu_star_high, y));
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
                    format!("{:.3} ({:.3})", row.mu_star, row.sigma),
                    (h.max(x1) + 6, py),
                    Style::new(12.0, false, INK).at(Align::Left, Valign::Middle),
                );
            }
            Ok(())
        },
    )
}
