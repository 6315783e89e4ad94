//! PNG charts of a run, drawn with plotters into memory and written atomically.
//!
//! Text is rendered from the DejaVu Sans font embedded in the binary (`assets/fonts`, with its
//! licence) by [`text`], so no system font library is needed. What each chart shows is prepared in [`data`];
//! the modules named after the charts only draw.

mod analysis;
mod causes;
mod compare;
mod data;
mod draw;
mod outcomes;
mod payoffs;
mod text;
mod timeline;
mod trajectories;

use image::ImageEncoder;
use plotters::prelude::*;

use super::{OutputError, Report, ReportDir};
use text::TextLayer;

/// Width of every chart in pixels.
pub const WIDTH: u32 = 1200;
/// Height of every chart in pixels.
pub const HEIGHT: u32 = 800;

/// A chart that could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// plotters failed to draw.
    #[error("cannot draw {chart}: {message}")]
    Draw {
        /// Which chart.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The PNG could not be encoded.
    #[error("cannot encode {chart} as PNG: {message}")]
    Encode {
        /// Which chart.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// The drawing surface every chart receives.
pub type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// Draws a [`WIDTH`] × [`HEIGHT`] chart and returns it PNG-encoded: `title` and `subtitle` (to
/// which the tool and its version are appended) at the top, then `paint` fills the area below
/// them (geometry on the area, text into the layer).
fn render_chart(
    chart: &'static str,
    title: &str,
    subtitle: &str,
    paint: impl FnOnce(&Area<'_>, &mut TextLayer) -> Result<(), String>,
) -> Result<Vec<u8>, ChartError> {
    let mut buffer = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    let mut text = TextLayer::default();
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (WIDTH, HEIGHT)).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                let subtitle = format!("{subtitle} · {} {}", super::TOOL_NAME, super::TOOL_VERSION);
                let area = draw::header(&root, &mut text, title, &subtitle);
                paint(&area, &mut text)
            })
            .and_then(|()| root.present().map_err(|e| e.to_string()));
        drawn.map_err(|message| ChartError::Draw { chart, message })?;
    }
    text.rasterize(&mut buffer, WIDTH, HEIGHT);
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&buffer, WIDTH, HEIGHT, image::ColorType::Rgb8)
        .map_err(|e| ChartError::Encode {
            chart,
            message: e.to_string(),
        })?;
    Ok(png)
}

/// The charts of a run report: file name and caption, in reading order.
pub const CHARTS: [(&str, &str); 5] = [
    (
        "outcomes.png",
        "Probability of each outcome with 95% intervals",
    ),
    (
        "timeline.png",
        "Cumulative probability of restoration and of collapse over the calendar",
    ),
    (
        "trajectories.png",
        "Trust, compliance, relief, escalation and hardliner strength over time (median, 50% and 90% bands)",
    ),
    ("causes.png", "Why trials did not restore the deal"),
    ("payoffs.png", "Distribution of each side's payoff"),
];

/// Draws every chart of `report` and writes it into `dir`. Returns the files written with their
/// captions.
pub fn write_all(
    report: &Report<'_>,
    dir: &ReportDir,
) -> Result<Vec<(&'static str, &'static str)>, ChartError> {
    let pngs = [
        outcomes::render(report)?,
        timeline::render(report)?,
        trajectories::render(report)?,
        causes::render(report)?,
        payoffs::render(report)?,
    ];
    write_listed(dir, &CHARTS, &pngs)
}

/// Writes `pngs[i]` as the file named in `charts[i]` and returns the list.
fn write_listed(
    dir: &ReportDir,
    charts: &[(&'static str, &'static str)],
    pngs: &[Vec<u8>],
) -> Result<Vec<(&'static str, &'static str)>, ChartError> {
    for ((name, _), png) in charts.iter().zip(pngs) {
        dir.write(name, png)?;
    }
    Ok(charts.to_vec())
}

/// The line under every run chart's title: protocol, trials, seed and scenario hash.
fn subtitle(report: &Report<'_>) -> String {
    format!(
        "protocol {} · {} trials · seed {} · scenario {}",
        report.scenario.protocol().kind().name(),
        super::markdown::thousands(report.run.trials),
        report.run.seed,
        report.scenario.provenance().short_hash(),
    )
}

/// The charts of a comparison report: file name and caption, in reading order.
pub const COMPARISON_CHARTS: [(&str, &str); 3] = [
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
pub fn write_comparison(
    comparison: &super::compare::Comparison<'_>,
    dir: &ReportDir,
) -> Result<Vec<(&'static str, &'static str)>, ChartError> {
    let pngs = [
        compare::outcomes(comparison)?,
        compare::timeline(comparison)?,
        compare::payoffs(comparison)?,
    ];
    write_listed(dir, &COMPARISON_CHARTS, &pngs)
}

/// Draws a sweep's charts (a line chart for one axis, two heat maps for two) into `dir`.
pub fn write_sweep(
    report: &super::analysis::SweepReport<'_>,
    dir: &ReportDir,
) -> Result<Vec<(&'static str, &'static str)>, ChartError> {
    if report.axes.len() == 1 {
        let line = [(
            "sweep.png",
            "Probability of each outcome along the swept parameter, with 95% bands",
        )];
        return write_listed(dir, &line, &[analysis::sweep_line(report)?]);
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
        analysis::heatmap(report, crate::outcome::Outcome::Restored)?,
        analysis::heatmap(report, crate::outcome::Outcome::Collapse)?,
    ];
    write_listed(dir, &maps, &pngs)
}

/// Draws a sensitivity analysis's charts into `dir`.
pub fn write_sensitivity(
    report: &super::analysis::SensitivityReport<'_>,
    dir: &ReportDir,
) -> Result<Vec<(&'static str, &'static str)>, ChartError> {
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
    let mut pngs = vec![analysis::tornado(report)?];
    if !report.morris.is_empty() {
        pngs.push(analysis::morris(report)?);
    }
    write_listed(dir, &charts[..pngs.len()], &pngs)
}
