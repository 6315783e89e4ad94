//! `report.md` of a sweep: the headline, the charts and the table of grid points.

use std::fmt::Write;

use super::SweepReport;
use crate::report::format::{TOOL_NAME, TOOL_VERSION, pct, trials};
use crate::report::kit::bundle::images;

/// Renders `report.md` of a sweep around its `charts`.
pub(crate) fn render_with_charts(report: &SweepReport<'_>, charts: &[(&str, &str)]) -> String {
    let mut md = format!(
        "# {} — sweep of {}\n\n{}\n\n",
        report.scenario.title(),
        report
            .axes
            .iter()
            .map(|a| format!("`{}`", a.key))
            .collect::<Vec<_>>()
            .join(" × "),
        report.reading()
    );
    if let Some(given) = report.given_line() {
        let _ = writeln!(md, "{given}\n");
    }
    images(&mut md, charts);
    md.push('|');
    for a in &report.axes {
        let _ = write!(md, " `{}` |", a.key);
    }
    md.push_str(" restored | interim | stalemate | collapse | most likely |\n|");
    for _ in 0..report.axes.len() + 5 {
        md.push_str("---:|");
    }
    md.push('\n');
    for p in &report.points {
        md.push('|');
        for v in &p.values {
            let _ = write!(md, " {v:.4} |");
        }
        for pr in &p.outcomes {
            let _ = write!(md, " {} |", pct(pr.estimate));
        }
        let _ = writeln!(md, " {} |", p.most_likely().name());
    }
    let _ = writeln!(
        md,
        "\nScenario `{}` (hash `{}`), seed {}, {} per point, {TOOL_NAME} {TOOL_VERSION}. Every point uses the same random streams.",
        report.scenario.name(),
        report.scenario.provenance().short_hash(),
        report.seed,
        trials(report.trials)
    );
    md
}
