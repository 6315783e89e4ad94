//! `reliability.png`: the reliability diagram of the model's forecasts on the resolved questions —
//! in each tenth of probability, the mean forecast against the share of questions whose event
//! happened, with the diagonal of perfect calibration. Drawn when at least
//! [`RELIABILITY_MIN_RESOLVED`] questions are resolved.

use plotters::prelude::*;

use crate::analysis::score::ScoreResult;
use crate::model::outcome::Outcome;
use crate::report::kit::axes::{nice_ticks, percent_tick, plain_chart, x_labels, y_axis};
use crate::report::kit::frame::{ChartError, err, footer, render_chart};
use crate::report::kit::palette::{MUTED, outcome_color, rgb};
use crate::report::kit::text::{Align, Style, Valign};

/// Fewest resolved questions for a reliability diagram.
pub const RELIABILITY_MIN_RESOLVED: usize = 10;

/// Bins of the diagram.
const BINS: usize = 10;

/// Per bin with questions: (mean forecast, share happened, questions).
pub(crate) fn bins(result: &ScoreResult) -> Vec<(f64, f64, usize)> {
    let mut sums = [(0.0, 0.0, 0usize); BINS];
    for q in &result.questions {
        let Some(o) = q.question.outcome else {
            continue;
        };
        let p = q.model.estimate;
        let b = ((p * BINS as f64) as usize).min(BINS - 1);
        sums[b].0 += p;
        sums[b].1 += if o { 1.0 } else { 0.0 };
        sums[b].2 += 1;
    }
    sums.iter()
        .filter(|s| s.2 > 0)
        .map(|&(p, o, n)| (p / n as f64, o / n as f64, n))
        .collect()
}

/// Draws the diagram.
pub(crate) fn reliability(result: &ScoreResult, title: &str) -> Result<Vec<u8>, ChartError> {
    let points = bins(result);
    render_chart(
        "reliability.png",
        &format!("{title} — reliability of the model's forecasts"),
        &format!(
            "{} resolved questions in tenths of probability",
            result.resolved()
        ),
        |area, text| {
            let area = footer(
                area,
                text,
                "Dots: mean forecast and share that happened in each tenth (size: questions); line: perfect calibration.",
            );
            let mut chart = plain_chart(&area, 0.0..1.0, 0.0..1.0, (70, 60, 20, 36))?;
            let ticks = nice_ticks(0.0, 1.0, 5);
            y_axis(text, &mut chart, &ticks, &percent_tick, 15.0)?;
            let labels: Vec<(f64, String)> = ticks.iter().map(|&x| (x, percent_tick(x))).collect();
            x_labels(&area, text, &chart, &labels, 14.0)?;
            let (px, py) = chart.backend_coord(&(0.5, 0.0));
            text.add(
                "model's probability".to_string(),
                (px, py + 32),
                Style::new(15.0, false, MUTED).at(Align::Center, Valign::Top),
            );
            chart
                .draw_series(LineSeries::new(
                    [(0.0, 0.0), (1.0, 1.0)],
                    rgb(MUTED).stroke_width(1),
                ))
                .map_err(err)?;
            let color = rgb(outcome_color(Outcome::Restored));
            chart
                .draw_series(
                    points.iter().map(|&(p, o, n)| {
                        Circle::new((p, o), 4 + (n as i32).min(12), color.filled())
                    }),
                )
                .map_err(err)?;
            Ok(())
        },
    )
}
