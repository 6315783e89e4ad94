//! `sensitivity.json`: the base measure, the tornado rows and the Morris screening.

use serde::Serialize;

use super::SensitivityReport;
use crate::analysis::sensitivity::{Measure, MorrisRow, TornadoRow};
use crate::report::format::{AnalysedScenario, json_document};

#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    analysed: AnalysedScenario<'a>,
    trials_per_run: u64,
    base: &'a Measure,
    tornado: &'a [TornadoRow],
    morris_method: String,
    morris: &'a [MorrisRow],
}

/// Renders `sensitivity.json`.
pub(crate) fn render(
    report: &SensitivityReport<'_>,
) -> Result<String, crate::report::finite::NotFinite> {
    let doc = Document {
        analysed: AnalysedScenario::new(report.scenario, report.seed),
        trials_per_run: report.trials,
        base: &report.base,
        tornado: &report.tornado,
        morris_method: report.morris_method(),
        morris: &report.morris,
    };
    json_document("jcpoa-sim/sensitivity", 1, &doc)
}
