//! The charts of a comparison: grouped outcome bars, overlaid restoration curves, mean payoffs per
//! actor.

use plotters::prelude::*;

use super::Comparison;
use crate::model::outcome::{Actor, Outcome};
use crate::report::format::{pct, trials};
use crate::report::kit::axes::{nice_ticks, number_tick, percent_tick, plain_chart, x_grid};
use crate::report::kit::frame::{
    Area, ChartError, ChartList, abs, err, footer, render_chart, write_listed,
};
use crate::report::kit::legend::{Swatch, legend_band, widest};
use crate::report::kit::palette::{INK, IRAN_COLOR, Rgb, US_COLOR, outcome_color, rgb};
use crate::report::kit::series::series_style;
use crate::report::kit::text::{Align, Style, TextLayer, Valign};
use crate::report::kit::time::{Curve, draw_timeline, time_axis};
use crate::report::output::ReportDir;
use crate::stats::Z95;

/// The charts of a comparison report: file name and caption, in reading order.
pub(crate) const CHARTS: [(&str, &str); 3] = [
    (
        "compare_outcomes.png",
        "Probability of each outcome per scenario, with 95% intervals",
    ),
    (
        "compare_timeline.png",
        "Cumulative probability of restoration per scenario",
    ),
    (
        "compare_payoffs.png",
        "Mean payoff of each side per scenario, with 95% intervals",
    ),
];

/// Draws the comparison charts and writes them into `dir`.
pub(crate) fn write_all(
    comparison: &Comparison<'_>,
    dir: &ReportDir,
) -> Result<ChartList, ChartError> {
    let pngs = [
        outcomes(comparison)?,
        timeline(comparison)?,
        payoffs(comparison)?,
    ];
    write_listed(dir, &CHARTS, &pngs)
}

/// Room for the scenario names left of the bars.
fn name_width(c: &Comparison<'_>) -> u32 {
    let style = Style::new(14.0, false, INK);
    widest(c.compared.iter().map(|s| s.scenario.name()), &style) as u32 + 28
}

fn subtitle(c: &Comparison<'_>) -> String {
    format!(
        "{} scenarios · {} each on the same random streams · seed {}",
        c.compared.len(),
        trials(c.trials),
        c.seed
    )
}

/// `compare_outcomes.png`.
pub(crate) fn outcomes(c: &Comparison<'_>) -> Result<Vec<u8>, ChartError> {
    render_chart(
        "compare_outcomes.png",
        "How trials end, by scenario",
        &subtitle(c),
        |area, text| {
            let items: Vec<_> = Outcome::ALL
                .iter()
                .map(|&o| (o.name().to_string(), outcome_color(o), Swatch::Box))
                .collect();
            let area = legend_band(area, text, &items)?;
            let area = footer(
                &area,
                text,
                "Bars: share of trials; whiskers: 95% Wilson interval.",
            );
            let n = c.compared.len() as f64;
            let rows = n * 5.0;
            let top = c
                .compared
                .iter()
                .flat_map(|s| s.stats.outcomes.iter().map(|o| o.probability.high))
                .fold(0.0, f64::max);
            let xmax = ((top * 1.18 + 0.02) * 10.0).ceil().min(10.0) / 10.0;
            let label_width = name_width(c);
            let mut chart = plain_chart(&area, 0.0..xmax, 0.0..rows, (label_width, 36, 8, 40))?;
            let (ax, ay) = area.get_base_pixel();
            let ticks: Vec<(f64, String)> = nice_ticks(0.0, xmax, 6)
                .into_iter()
                .map(|x| (x, percent_tick(x)))
                .collect();
            x_grid(&area, text, &mut chart, &ticks, 14.0)?;
            let value_style = Style::new(12.0, false, INK).at(Align::Left, Valign::Middle);
            for (s, compared) in c.compared.iter().enumerate() {
                let block_top = rows - 5.0 * s as f64 - 0.5;
                for (k, o) in compared.stats.outcomes.iter().enumerate() {
                    let (y0, y1) = (block_top - k as f64 - 0.9, block_top - k as f64 - 0.1);
                    let p = &o.probability;
                    let (left, top_px) = chart.backend_coord(&(0.0, y1));
                    let (right, bottom_px) = chart.backend_coord(&(p.estimate, y0));
                    area.draw(&Rectangle::new(
                        [(left - ax, top_px - ay), (right - ax, bottom_px - ay)],
                        rgb(outcome_color(o.outcome)).filled(),
                    ))
                    .map_err(err)?;
                    let ymid = (y0 + y1) / 2.0;
                    let (lo, py) = chart.backend_coord(&(p.low, ymid));
                    let (hi, _) = chart.backend_coord(&(p.high, ymid));
                    area.draw(&PathElement::new(
                        vec![(lo - ax, py - ay), (hi - ax, py - ay)],
                        rgb(INK).stroke_width(1),
                    ))
                    .map_err(err)?;
                    text.add(pct(p.estimate), (hi.max(right) + 6, py), value_style);
                }
                let (px, py) = chart.backend_coord(&(0.0, block_top - 2.0));
                text.add(
                    compared.scenario.name(),
                    (px - 12, py),
                    Style::new(14.0, false, INK).at(Align::Right, Valign::Middle),
                );
            }
            Ok(())
        },
    )
}

/// `compare_timeline.png`.
pub(crate) fn timeline(c: &Comparison<'_>) -> Result<Vec<u8>, ChartError> {
    let axis = time_axis(c.reference().scenario, 10);
    let curves: Vec<Curve> = c
        .compared
        .iter()
        .enumerate()
        .map(|(i, s)| Curve {
            label: s.scenario.name().to_string(),
            style: series_style(i),
            values: s.stats.timing.restored_by_step.clone(),
        })
        .collect();
    render_chart(
        "compare_timeline.png",
        "When deals happen, by scenario",
        &subtitle(c),
        |area, text| {
            draw_timeline(
                area,
                text,
                &axis,
                &curves,
                "Share of trials restored by the end of each week, per scenario",
            )
        },
    )
}

/// `compare_payoffs.png`: each scenario's mean payoff per actor with its 95% interval.
pub(crate) fn payoffs(c: &Comparison<'_>) -> Result<Vec<u8>, ChartError> {
    render_chart(
        "compare_payoffs.png",
        "What each side gains, by scenario",
        &subtitle(c),
        |area, text| {
            let area = footer(
                area,
                text,
                "Mean payoff over the horizon in utils, with its 95% interval (a restored deal is worth 100 to each side).",
            );
            let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 / 2);
            panel(&top, text, c, Actor::Iran, IRAN_COLOR)?;
            panel(&bottom, text, c, Actor::Us, US_COLOR)
        },
    )
}

fn panel(
    area: &Area<'_>,
    text: &mut TextLayer,
    c: &Comparison<'_>,
    actor: Actor,
    color: Rgb,
) -> Result<(), String> {
    let n = c.compared.len();
    let bounds: Vec<(f64, f64, f64)> = c
        .compared
        .iter()
        .map(|s| {
            let p = &s.stats.payoffs[actor.index()];
            let half = Z95 * p.sd / (s.stats.trials.max(1) as f64).sqrt();
            (p.mean, p.mean - half, p.mean + half)
        })
        .collect();
    let lo = bounds.iter().map(|b| b.1).fold(0.0, f64::min);
    let hi = bounds.iter().map(|b| b.2).fold(0.0, f64::max);
    let pad = ((hi - lo) * 0.08).max(1.0);
    let (lo, hi) = (lo - pad, hi + pad);
    let label_width = name_width(c);
    text.add(
        format!("{} mean payoff (utils)", actor.label()),
        abs(area, (24, 4)),
        Style::new(15.0, true, INK),
    );
    let mut chart = plain_chart(area, lo..hi, 0.0..n as f64, (label_width, 36, 30, 40))?;
    let (ax, ay) = area.get_base_pixel();
    let ticks: Vec<(f64, String)> = nice_ticks(lo, hi, 8)
        .into_iter()
        .map(|x| (x, number_tick(x)))
        .collect();
    x_grid(area, text, &mut chart, &ticks, 13.0)?;
    for (i, ((mean, low, high), s)) in bounds.iter().zip(&c.compared).enumerate() {
        let y = n as f64 - i as f64 - 0.5;
        let (x0, py0) = chart.backend_coord(&(0.0, y + 0.3));
        let (x1, py1) = chart.backend_coord(&(*mean, y - 0.3));
        area.draw(&Rectangle::new(
            [(x0.min(x1) - ax, py0 - ay), (x0.max(x1) - ax, py1 - ay)],
            rgb(color).mix(0.8).filled(),
        ))
        .map_err(err)?;
        let (l, py) = chart.backend_coord(&(*low, y));
        let (h, _) = chart.backend_coord(&(*high, y));
        area.draw(&PathElement::new(
            vec![(l - ax, py - ay), (h - ax, py - ay)],
            rgb(INK).stroke_width(1),
        ))
        .map_err(err)?;
        let (px, _) = chart.backend_coord(&(lo, y));
        text.add(
            s.scenario.name(),
            (px - 12, py),
            Style::new(14.0, false, INK).at(Align::Right, Valign::Middle),
        );
        let value_x = if *mean >= 0.0 {
            h.max(x1) + 6
        } else {
            l.min(x1) - 6
        };
        let align = if *mean >= 0.0 {
            Align::Left
        } else {
            Align::Right
        };
        text.add(
            format!("{mean:.1}"),
            (value_x, py),
            Style::new(12.0, false, INK).at(align, Valign::Middle),
        );
    }
    Ok(())
}
