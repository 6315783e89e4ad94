//! Writes a comparison's report directory: `comparison.json`, the charts, `report.md` and
//! `index.html`.

use super::{Comparison, charts, json, markdown};
use crate::report::kit::bundle::write_bundle;
use crate::report::kit::frame::ChartError;
use crate::report::output::ReportDir;

impl Comparison<'_> {
    /// Writes `comparison.json`, the charts, `report.md` and `index.html` into `dir`.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        write_bundle(
            dir,
            ("comparison.json", &json::render(self)?),
            "jcpoa-sim comparison",
            || charts::write_all(self, dir),
            |charts| markdown::render_with_charts(self, charts),
        )
    }
}
