//! Writes a sensitivity analysis's report directory: `sensitivity.json`, the charts, `report.md`
//! and `index.html`.

use super::{SensitivityReport, charts, json, markdown};
use crate::report::kit::bundle::write_bundle;
use crate::report::kit::frame::ChartError;
use crate::report::output::ReportDir;

impl SensitivityReport<'_> {
    /// Writes `sensitivity.json`, the charts, `report.md` and `index.html`.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        write_bundle(
            dir,
            ("sensitivity.json", &json::render(self)?),
            "jcpoa-sim sensitivity",
            || charts::write_all(self, dir),
            |charts| markdown::render_with_charts(self, charts),
        )
    }
}
