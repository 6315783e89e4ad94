//! Report writers: terminal table, `summary.json`, `report.md`, `trials.csv`, written atomically.
//!
//! Each format has its own module; all of them read one [`Report`], whose [`Statistics`] are
//! computed once from the run's summary.

pub mod analysis;
pub mod charts;
pub mod compare;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod output;
pub mod statistics;
pub mod story;
pub mod table;

pub use output::{OutputError, ReportDir};
pub use statistics::Statistics;

use crate::scenario::Scenario;
use crate::summary::Summary;

/// The tool's name in reports.
pub const TOOL_NAME: &str = "jcpoa-sim";
/// The tool's version, recorded in every report.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `tool` block every JSON document carries: which program, which version wrote it.
#[derive(serde::Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// This build's `tool` block.
const TOOL: Tool = Tool {
    name: TOOL_NAME,
    version: TOOL_VERSION,
};

/// A document as pretty-printed JSON with a final newline. The documents hold only strings,
/// numbers and options, which always serialise.
fn pretty_json(doc: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_default() + "\n"
}

/// How a run was made, recorded in every report so it can be reproduced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunInfo {
    /// Master seed.
    pub seed: u64,
    /// Trials summarised.
    pub trials: u64,
    /// Index of the first trial.
    pub first_trial: u64,
    /// Precision target (`--precision`), if any.
    pub precision_target: Option<f64>,
    /// Whether the target was met before the trial cap.
    pub precision_met: Option<bool>,
}

/// One run, ready to be written in every format.
pub struct Report<'a> {
    /// The scenario run.
    pub scenario: &'a Scenario,
    /// How it was run.
    pub run: RunInfo,
    /// The raw counts.
    pub summary: &'a Summary,
    /// Statistics computed from the counts.
    pub stats: Statistics,
}

impl<'a> Report<'a> {
    /// Computes the statistics of `summary`.
    pub fn new(scenario: &'a Scenario, run: RunInfo, summary: &'a Summary) -> Report<'a> {
        Report {
            scenario,
            run,
            summary,
            stats: Statistics::compute(scenario, summary),
        }
    }

    /// Writes the whole report into `dir`: `summary.json`, the charts, `report.md` showing them,
    /// and `index.html` with the same content.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), charts::ChartError> {
        write_bundle(
            dir,
            ("summary.json", &json::render(self)),
            self.scenario.title(),
            || charts::write_all(self, dir),
            |charts| markdown::render_with_charts(self, charts),
        )
    }
}

/// Chart files written, with their captions, in reading order.
pub type ChartList = Vec<(&'static str, &'static str)>;

/// Writes what every report holds: its JSON document, its charts, `report.md` showing them and
/// `index.html` with the same content.
pub fn write_bundle(
    dir: &ReportDir,
    (json_name, json_text): (&str, &str),
    title: &str,
    draw_charts: impl FnOnce() -> Result<ChartList, charts::ChartError>,
    markdown: impl FnOnce(&[(&str, &str)]) -> String,
) -> Result<(), charts::ChartError> {
    dir.write(json_name, json_text.as_bytes())?;
    let charts = draw_charts()?;
    let md = markdown(&charts);
    dir.write("report.md", md.as_bytes())?;
    dir.write("index.html", html::render(title, &md).as_bytes())?;
    Ok(())
}

/// Formats a probability as a percentage with one decimal.
pub fn pct(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}
