//! The charts of a sweep: each outcome's probability along one parameter, or heat maps of
//! P(restored) and P(collapse) over two.

use plotters::prelude::*;

use super::SweepReport;
use crate::model::outcome::Outcome;
use crate::report::format::{trials, trimmed};
use crate::report::kit::axes::{
    nice_step, nice_ticks, number_tick, percent_tick, plain_chart, x_labels, y_axis,
};
use crate::report::kit::frame::{
    Area, ChartError, ChartList, abs, err, footer, render_chart, titled, write_listed,
};
use crate::report::kit::legend::{Swatch, legend_band};
use crate::report::kit::palette::{INK, MUTED, ink_on, outcome_color, rgb, viridis};
use crate::report::kit::text::{Align, Style, TextLayer, Valign, width};
use crate::report::output::ReportDir;

/// Draws a sweep's charts (a line chart for one axis, two heat maps for two) into `dir`.
pub(crate) fn write_all(
    report: &SweepReport<'_>,
    dir: &ReportDir,
) -> Result<ChartList, ChartError> {
    if report.axes.len() == 1 {
        let line = [(
            "sweep.png",
            "Probability of each outcome along the swept parameter, with 95% bands",
        )];
        return write_listed(dir, &line, &[sweep_line(report)?]);
    }
    let maps = [
        (
            "heatmap_restored.png",
            "P(restored) over the two swept parameters",
        ),
        (
            "heatmap_collapse.png",
            "P(collapse) over the two swept parameters",
        ),
    ];
    let pngs = [
        heatmap(report, Outcome::Restored)?,
        heatmap(report, Outcome::Collapse)?,
    ];
    write_listed(dir, &maps, &pngs)
}

fn sweep_subtitle(r: &SweepReport<'_>) -> String {
    format!(
        "{} · {} points · {} each on the same random streams · seed {}",
        r.scenario.name(),
        r.points.len(),
        trials(r.trials),
        r.seed
    )
}

/// `sweep.png`: each outcome's probability along one parameter, with 95% bands.
pub(crate) fn sweep_line(r: &SweepReport<'_>) -> Result<Vec<u8>, ChartError> {
    let axis = &r.axes[0];
    render_chart(
        "sweep.png",
        &titled(
            r.scenario.title(),
            &format!("outcomes as {} varies", axis.key),
        ),
        &sweep_subtitle(r),
        |area, text| {
            let items: Vec<_> = Outcome::ALL
                .iter()
                .map(|&o| (o.name().to_string(), outcome_color(o), Swatch::Line))
                .collect();
            let area = legend_band(area, text, &items)?;
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

/// `heatmap_<outcome>.png`: P(outcome) over two parameters, with the boundary where the most
/// likely outcome changes drawn in black.
pub(crate) fn heatmap(r: &SweepReport<'_>, outcome: Outcome) -> Result<Vec<u8>, ChartError> {
    let (ax, ay) = (&r.axes[0], &r.axes[1]);
    let (nx, ny) = (ax.values.len(), ay.values.len());
    let cell = |i: usize, j: usize| &r.points[i * ny + j];
    render_chart(
        "heatmap.png",
        &heatmap_title(r.scenario.title(), outcome, &ax.key, &ay.key),
        &sweep_subtitle(r),
        |area, text| {
            let (lo, hi) = colour_range(
                r.points
                    .iter()
                    .map(|p| p.outcomes[outcome.index()].estimate),
            );
            let area = footer(
                area,
                text,
                &format!(
                    "Each cell: P({}) and, below it, the most likely outcome there (in small cells its initial: R, I, S, C); black lines: where the most likely outcome changes. Colours span {}–{}.",
                    outcome.name(),
                    percent_tick(lo),
                    percent_tick(hi)
                ),
            );
            let (plot_area, scale_area) = area.split_horizontally(area.dim_in_pixel().0 - 130);
            let chart = plain_chart(&plot_area, 0.0..nx as f64, 0.0..ny as f64, (90, 70, 16, 16))?;
            let (bx, by) = plot_area.get_base_pixel();
            let value_style = Style::new(13.0, true, INK).at(Align::Center, Valign::Middle);
            let name_style = Style::new(11.0, false, INK).at(Align::Center, Valign::Middle);
            for i in 0..nx {
                for j in 0..ny {
                    let p = cell(i, j).outcomes[outcome.index()].estimate;
                    let (x0, y0) = chart.backend_coord(&(i as f64, (j + 1) as f64));
                    let (x1, y1) = chart.backend_coord(&((i + 1) as f64, j as f64));
                    let color = viridis((p - lo) / (hi - lo));
                    plot_area
                        .draw(&Rectangle::new(
                            [(x0 - bx, y0 - by), (x1 - bx, y1 - by)],
                            rgb(color).filled(),
                        ))
                        .map_err(err)?;
                    let value = percent_label(p);
                    let (w, h) = ((x1 - x0) as f32, y1 - y0);
                    if w < width(&value, &value_style) + 4.0 || h < 16 {
                        continue;
                    }
                    let ink = ink_on(color);
                    let likely = cell(i, j).most_likely().name();
                    let name = if w > width(likely, &name_style) + 4.0 {
                        likely.to_string()
                    } else {
                        likely[..1].to_uppercase()
                    };
                    let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
                    if h >= 34 {
                        text.add(
                            value,
                            (cx, cy - 8),
                            Style {
                                color: ink,
                                ..value_style
                            },
                        );
                        text.add(
                            name,
                            (cx, cy + 9),
                            Style {
                                color: ink,
                                ..name_style
                            },
                        );
                    } else {
                        text.add(
                            value,
                            (cx, cy),
                            Style {
                                color: ink,
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
            colour_scale(
                &scale_area,
                text,
                &format!("P({})", outcome.name()),
                (lo, hi),
            )
        },
    )
}

/// The title of a heat map: the scenario's, then what is mapped over which keys (written plainly:
/// a chart is not Markdown).
fn heatmap_title(title: &str, outcome: Outcome, x: &str, y: &str) -> String {
    titled(title, &format!("P({}) over {x} × {y}", outcome.name()))
}

/// A share as a cell label: `16%`, `2.5%`, `<0.1%` for a share that would round to zero.
fn percent_label(p: f64) -> String {
    if p > 0.0 && p < 0.0005 {
        "<0.1%".to_string()
    } else if p < 0.095 {
        format!("{}%", trimmed(100.0 * p, 1))
    } else {
        format!("{:.0}%", 100.0 * p)
    }
}

/// The range the colours span: round bounds just around the values, so the cells of a map whose
/// values stay within a few points still differ in colour.
fn colour_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !min.is_finite() {
        return (0.0, 1.0);
    }
    let step = nice_step(((max - min) / 4.0).max(0.0025));
    let lo = ((min / step + 1e-9).floor() * step).max(0.0);
    let hi = ((max / step - 1e-9).ceil() * step).min(1.0);
    if hi > lo {
        (lo, hi)
    } else {
        ((hi - step).max(0.0), (lo + step).min(1.0))
    }
}

fn colour_scale(
    area: &Area<'_>,
    text: &mut TextLayer,
    title: &str,
    (lo, hi): (f64, f64),
) -> Result<(), String> {
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
    for tick in nice_ticks(lo, hi, 5) {
        let t = (tick - lo) / (hi - lo);
        let y = bottom - ((bottom - top) as f64 * t).round() as i32;
        text.add(
            percent_tick(tick),
            abs(area, (46, y)),
            Style::new(13.0, false, MUTED).at(Align::Left, Valign::Middle),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_span_the_values_not_all_of_0_to_100() {
        let (lo, hi) = colour_range([0.0, 0.03, 0.18].into_iter());
        assert_eq!(lo, 0.0);
        assert!((0.18..=0.25).contains(&hi), "{hi}");
        let (lo, hi) = colour_range([0.62, 0.7, 0.81].into_iter());
        assert!(lo > 0.5 && lo <= 0.62, "{lo}");
        assert!((0.81..=0.9).contains(&hi), "{hi}");
        let (lo, hi) = colour_range([0.3, 0.3].into_iter());
        assert!(lo < 0.3 && hi > 0.3);
        assert_eq!(colour_range([0.0, 1.0].into_iter()), (0.0, 1.0));
        assert_eq!(percent_label(0.16), "16%");
        assert_eq!(percent_label(0.025), "2.5%");
        assert_eq!(percent_label(0.004), "0.4%");
        assert_eq!(percent_label(0.0001), "<0.1%");
        assert_eq!(percent_label(0.0), "0%");
        let title = heatmap_title("Stepwise", Outcome::Collapse, "a.b", "c.d");
        assert_eq!(title, "Stepwise — P(collapse) over a.b × c.d");
    }
}
