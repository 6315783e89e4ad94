//! `sweep.json`: the axes and every grid point's outcome probabilities.

use serde::Serialize;

use super::SweepReport;
use crate::analysis::sweep::{Axis, Point};
use crate::report::format::{AnalysedScenario, json_document};

#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    analysed: AnalysedScenario<'a>,
    trials_per_point: u64,
    axes: &'a [Axis],
    points: &'a [Point],
}

/// Renders `sweep.json`.
pub(crate) fn render(report: &SweepReport<'_>) -> Result<String, crate::report::finite::NotFinite> {
    let doc = Document {
        analysed: AnalysedScenario::new(report.scenario, report.seed),
        trials_per_point: report.trials,
        axes: &report.axes,
        points: &report.points,
    };
    json_document("jcpoa-sim/sweep", 1, &doc)
}
