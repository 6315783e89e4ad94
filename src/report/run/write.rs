//! Writes a run's report directory: `summary.json`, the charts, `report.md` showing them and
//! `index.html` with the same content.

use super::{Report, charts, json, markdown};
use crate::report::kit::bundle::write_bundle;
use crate::report::kit::frame::ChartError;
use crate::report::output::ReportDir;

impl Report<'_> {
    /// Writes the whole report into `dir`: `summary.json`, the charts, `report.md` showing them,
    /// and `index.html` with the same content.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        write_bundle(
            dir,
            ("summary.json", &json::render(self)?),
            self.scenario.title(),
            || charts::write_all(self, dir),
            |charts| markdown::render_with_charts(self, charts),
        )
    }
}
