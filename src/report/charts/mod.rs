//! PNG charts of a run, drawn with plotters into memory and written atomically.
//!
//! Text is rendered from the DejaVu Sans font embedded in the binary (`assets/fonts`, with its
//! licence) by [`text`], so no system font library is needed. What each chart shows is prepared in [`data`];
//! the modules named after the charts only draw.

mod analysis;
mod causes;
pub mod compare;
pub mod data;
mod draw;
mod outcomes;
mod payoffs;
pub mod text;
pub mod timeline;
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

/// Draws a `width` × `height` chart with `paint` (geometry on the area, text into the layer) and
/// returns it PNG-encoded.
pub fn render_png(
    chart: &'static str,
    width: u32,
    height: u32,
    paint: impl FnOnce(&Area<'_>, &mut TextLayer) -> Result<(), String>,
) -> Result<Vec<u8>, ChartError> {
    let mut buffer = vec![0u8; width as usize * height as usize * 3];
    let mut text = TextLayer::default();
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|()| paint(&root, &mut text))
            .and_then(|()| root.present().map_err(|e| e.to_string()));
        drawn.map_err(|message| ChartError::Draw { chart, message })?;
    }
    text.rasterize(&mut buffer, width, height);
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&buffer, width, height, image::ColorType::Rgb8)
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
    let charts: [(&str, Vec<u8>); 5] = [
        ("outcomes.png", outcomes::render(report)?),
        ("timeline.png", timeline::render(report)?),
        ("trajectories.png", trajectories::render(report)?),
        ("causes.png", causes::render(report)?),
        ("payoffs.png", payoffs::render(report)?),
    ];
    for (name, png) in &charts {
        dir.write(name, png)?;
    }
    Ok(CHARTS.to_vec())
}

/// The line under every chart title: protocol, trials, seed, scenario hash and tool version.
pub fn subtitle(report: &Report<'_>) -> String {
    format!(
        "protocol {} · {} trials · seed {} · scenario {} · {} {}",
        report.scenario.protocol().kind().name(),
        super::markdown::thousands(report.run.trials),
        report.run.seed,
        report.short_hash(),
        super::TOOL_NAME,
        super::TOOL_VERSION
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
    let charts = [
        ("compare_outcomes.png", compare::outcomes(comparison)?),
        ("compare_timeline.png", compare::timeline(comparison)?),
        ("compare_payoffs.png", compare::payoffs(comparison)?),
    ];
    for (name, png) in &charts {
        dir.write(name, png)?;
    }
    Ok(COMPARISON_CHARTS.to_vec())
}

/// Draws a sweep's charts (a line chart for one axis, two heat maps for two) into `dir`.
pub fn write_sweep(
    report: &super::analysis::SweepReport<'_>,
    dir: &ReportDir,
) -> Result<Vec<(&'static str, &'static str)>, ChartError> {
    if report.axes.len() == 1 {
        dir.write("sweep.png", &analysis::sweep_line(report)?)?;
        return Ok(vec![(
            "sweep.png",
            "Probability of each outcome along the swept parameter, with 95% bands",
        )]);
    }
    dir.write(
        "heatmap_restored.png",
        &analysis::heatmap(report, crate::outcome::Outcome::Restored)?,
    )?;
    dir.write(
        "heatmap_collapse.png",
        &analysis::heatmap(report, crate::outcome::Outcome::Collapse)?,
    )?;
    Ok(vec![
        (
            "heatmap_restored.png",
            "P(restored) over the two swept parameters",
        ),
        (
            "heatmap_collapse.png",
            "P(collapse) over the two swept parameters",
        ),
    ])
}

/// Draws a sensitivity analysis's charts into `dir`.
pub fn write_sensitivity(
    report: &super::analysis::SensitivityReport<'_>,
    dir: &ReportDir,
) -> Result<Vec<(&'static str, &'static str)>, ChartError> {
    dir.write("tornado.png", &analysis::tornado(report)?)?;
    let mut charts = vec![(
        "tornado.png",
        "Effect of each parameter on P(restored) and on the time to restoration, one at a time",
    )];
    if !report.morris.is_empty() {
        dir.write("morris.png", &analysis::morris(report)?)?;
        charts.push((
            "morris.png",
            "Morris screening: overall influence of each parameter",
        ));
    }
    Ok(charts)
}
