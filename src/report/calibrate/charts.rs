//! The charts of a calibration: for each parameter, its posterior (a weighted histogram of the
//! kept particles) against its uniform prior over the prior's range, with the posterior mean and
//! 90% interval; and a pairs plot of every two parameters' kept particles (dot area ∝ weight),
//! with each parameter's histogram on the diagonal.

use plotters::prelude::*;

use super::CalibrationReport;
use crate::analysis::calibrate::{Prior, State, posteriors};
use crate::report::kit::axes::{nice_ticks, number_tick, plain_chart, x_labels, y_axis};
use crate::report::kit::frame::{
    Area, ChartError, ChartList, abs, err, footer, render_chart, titled, write_listed,
};
use crate::report::kit::palette::{INK, IRAN_COLOR, MUTED, US_COLOR, rgb};
use crate::report::kit::text::{Align, Style, TextLayer, Valign};
use crate::report::output::ReportDir;

/// Most parameters a calibration may fit (one chart file each).
pub const MAX_PARAMETERS: usize = 8;

/// Chart files and captions, one per parameter.
const POSTERIOR_CHARTS: [(&str, &str); MAX_PARAMETERS] = [
    ("posterior-1.png", "Parameter 1: prior and posterior"),
    ("posterior-2.png", "Parameter 2: prior and posterior"),
    ("posterior-3.png", "Parameter 3: prior and posterior"),
    ("posterior-4.png", "Parameter 4: prior and posterior"),
    ("posterior-5.png", "Parameter 5: prior and posterior"),
    ("posterior-6.png", "Parameter 6: prior and posterior"),
    ("posterior-7.png", "Parameter 7: prior and posterior"),
    ("posterior-8.png", "Parameter 8: prior and posterior"),
];

/// Histogram bins over a prior's range.
const BINS: usize = 20;

/// Draws the charts into `dir`: `posterior-K.png` for each parameter K, then `pairs.png`.
pub(crate) fn write_all(
    report: &CalibrationReport<'_>,
    dir: &ReportDir,
) -> Result<ChartList, ChartError> {
    let state = report.state;
    let d = state.priors.len().min(MAX_PARAMETERS);
    let mut listed: Vec<(&'static str, &'static str)> = POSTERIOR_CHARTS[..d].to_vec();
    let mut pngs = (0..d)
        .map(|k| posterior_chart(report, k))
        .collect::<Result<Vec<_>, _>>()?;
    listed.push((
        "pairs.png",
        "Pairs plot of the kept particles (dot area ∝ weight); each parameter's posterior on the diagonal",
    ));
    pngs.push(pairs_chart(report)?);
    write_listed(dir, &listed, &pngs)
}

/// Each bin's share of the posterior weight over the prior's range, as a density.
fn histogram(state: &State, k: usize) -> Vec<f64> {
    let prior = &state.priors[k];
    let width = (prior.high - prior.low) / BINS as f64;
    let total: f64 = state.population.iter().map(|p| p.weight).sum();
    let mut bins = vec![0.0; BINS];
    for p in &state.population {
        let b = (((p.theta[k] - prior.low) / width) as usize).min(BINS - 1);
        bins[b] += p.weight / total / width;
    }
    bins
}

fn subtitle(report: &CalibrationReport<'_>) -> String {
    let s = &report.state.settings;
    format!(
        "{} · {} kept particles after {} generations · seed {}",
        report.scenario.name(),
        report.state.population.len(),
        report.state.generations.len(),
        s.seed
    )
}

/// `posterior-K.png`.
fn posterior_chart(report: &CalibrationReport<'_>, k: usize) -> Result<Vec<u8>, ChartError> {
    let state = report.state;
    let prior = &state.priors[k];
    let post = posteriors(state)[k];
    render_chart(
        POSTERIOR_CHARTS[k].0,
        &titled(
            report.scenario.title(),
            &format!("{}: prior and posterior", prior.key),
        ),
        &subtitle(report),
        |area, text| {
            let area = footer(
                area,
                text,
                &format!(
                    "Bars: posterior density (weighted kept particles); grey line: uniform prior. Mean {:.4}, 90% interval {:.4}–{:.4}.",
                    post.mean, post.q05, post.q95
                ),
            );
            density_panel(&area, text, state, k, (80, 60, 20, 36), 15.0)?;
            let (cx, _) = abs(&area, (area.dim_in_pixel().0 as i32 / 2, 0));
            let (_, bottom) = abs(&area, (0, area.dim_in_pixel().1 as i32));
            text.add(
                prior.key.clone(),
                (cx, bottom - 22),
                Style::new(15.0, false, MUTED).at(Align::Center, Valign::Top),
            );
            Ok(())
        },
    )
}

/// A parameter's posterior histogram against its prior on `area`, with the posterior mean and
/// 90% interval marked.
fn density_panel(
    area: &Area<'_>,
    text: &mut TextLayer,
    state: &State,
    k: usize,
    margins: (u32, u32, u32, u32),
    size: f32,
) -> Result<(), String> {
    let prior: &Prior = &state.priors[k];
    let bins = histogram(state, k);
    let density = 1.0 / (prior.high - prior.low);
    let top = bins.iter().copied().fold(density, f64::max) * 1.1;
    let mut chart = plain_chart(area, prior.low..prior.high, 0.0..top, margins)?;
    let ticks = nice_ticks(0.0, top, 4);
    y_axis(text, &mut chart, &ticks, &|v| number_tick(v), size)?;
    let xt = labelled(ticks_within(prior, 5));
    x_labels(area, text, &chart, &xt, size)?;
    let width = (prior.high - prior.low) / BINS as f64;
    chart
        .draw_series(bins.iter().enumerate().map(|(i, &h)| {
            let x0 = prior.low + i as f64 * width;
            Rectangle::new(
                [(x0, 0.0), (x0 + width, h)],
                rgb(IRAN_COLOR).mix(0.75).filled(),
            )
        }))
        .map_err(err)?;
    chart
        .draw_series(LineSeries::new(
            [(prior.low, density), (prior.high, density)],
            rgb(MUTED).stroke_width(2),
        ))
        .map_err(err)?;
    let post = posteriors(state)[k];
    for (x, w) in [(post.mean, 3), (post.q05, 1), (post.q95, 1)] {
        chart
            .draw_series(LineSeries::new(
                [(x, 0.0), (x, top)],
                rgb(US_COLOR).stroke_width(w),
            ))
            .map_err(err)?;
    }
    Ok(())
}

/// About `count` round tick values inside a prior's range.
fn ticks_within(prior: &Prior, count: usize) -> Vec<f64> {
    nice_ticks(prior.low, prior.high, count)
        .into_iter()
        .filter(|x| prior.contains(*x))
        .collect()
}

/// Ticks with their labels for `x_labels`.
fn labelled(ticks: Vec<f64>) -> Vec<(f64, String)> {
    ticks
        .into_iter()
        .map(|x| (x, number_tick_fine(x)))
        .collect()
}

/// An axis label with up to three decimals (priors are often narrow).
fn number_tick_fine(value: f64) -> String {
    let s = format!("{value:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `pairs.png`.
fn pairs_chart(report: &CalibrationReport<'_>) -> Result<Vec<u8>, ChartError> {
    let state = report.state;
    let d = state.priors.len().min(MAX_PARAMETERS);
    render_chart(
        "pairs.png",
        &titled(
            report.scenario.title(),
            "joint posterior of the calibrated parameters",
        ),
        &subtitle(report),
        |area, text| {
            let area = footer(
                area,
                text,
                "Row i, column j: parameter j (across) against parameter i (up), over the prior ranges; diagonal: each parameter's posterior.",
            );
            let cells = area.split_evenly((d, d));
            let total: f64 = state.population.iter().map(|p| p.weight).sum();
            let size = if d > 3 { 11.0 } else { 13.0 };
            for (index, cell) in cells.iter().enumerate() {
                let (i, j) = (index / d, index % d);
                if i == j {
                    density_panel(cell, text, state, j, (56, 34, 18, 10), size)?;
                } else {
                    let (px, py) = (&state.priors[j], &state.priors[i]);
                    let mut chart =
                        plain_chart(cell, px.low..px.high, py.low..py.high, (56, 34, 18, 10))?;
                    let yt = ticks_within(py, 4);
                    y_axis(text, &mut chart, &yt, &number_tick_fine, size)?;
                    let xt = labelled(ticks_within(px, 4));
                    x_labels(cell, text, &chart, &xt, size)?;
                    let n = state.population.len().max(1) as f64;
                    chart
                        .draw_series(state.population.iter().map(|p| {
                            let r = (2.5 * (p.weight / total * n).sqrt()).clamp(1.0, 8.0);
                            Circle::new(
                                (p.theta[j], p.theta[i]),
                                r as i32,
                                rgb(IRAN_COLOR).mix(0.6).filled(),
                            )
                        }))
                        .map_err(err)?;
                }
                if i == 0 {
                    text.add(
                        short(&state.priors[j].key),
                        abs(cell, (cell.dim_in_pixel().0 as i32 / 2 + 24, 2)),
                        Style::new(size, true, INK).at(Align::Center, Valign::Top),
                    );
                }
            }
            Ok(())
        },
    )
}

/// The last part of a dotted key, for a small panel's label.
fn short(key: &str) -> String {
    key.rsplit('.').next().unwrap_or(key).to_string()
}
