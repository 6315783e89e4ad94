//! Writes a sweep's report directory: `sweep.json`, `sweep.csv`, the charts, `report.md` and
//! `index.html`.

use super::{SweepReport, charts, csv, json, markdown};
use crate::report::kit::bundle::write_bundle;
use crate::report::kit::frame::ChartError;
use crate::report::output::ReportDir;

impl SweepReport<'_> {
    /// Writes `sweep.json`, `sweep.csv`, the charts, `report.md` and `index.html`.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        dir.write("sweep.csv", csv::render(self).as_bytes())?;
        write_bundle(
            dir,
            ("sweep.json", &json::render(self)?),
            "jcpoa-sim sweep",
            || charts::write_all(self, dir),
            |charts| markdown::render_with_charts(self, charts),
        )
    }
}
