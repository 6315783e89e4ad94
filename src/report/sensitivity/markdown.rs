//! `report.md` of a sensitivity analysis: the headline, the charts, the tornado table and the
//! Morris table.

use std::fmt::Write;

use super::SensitivityReport;
use crate::analysis::sensitivity::Measure;
use crate::report::format::{TOOL_NAME, TOOL_VERSION, pct, tidy};
use crate::report::kit::bundle::images;

/// Renders `report.md` of a sensitivity analysis around its `charts`.
pub(crate) fn render_with_charts(
    report: &SensitivityReport<'_>,
    charts: &[(&str, &str)],
) -> String {
    let mut md = format!(
        "# {} — sensitivity\n\n{}\n\n",
        report.scenario.title(),
        report.reading()
    );
    images(&mut md, charts);
    md.push_str("## One at a time (tornado)\n\nEach parameter is swung between the 5% and 95% quantiles of its distribution when it is uncertain, or ±20% of its value when it is fixed; everything else as in the scenario.\n\n| Parameter | Low | High | Basis | P(restored) at low | at high | Median weeks at low | at high |\n|---|---:|---:|---|---:|---:|---:|---:|\n");
    let weeks = |m: &Measure| {
        m.median_weeks
            .map_or("—".to_string(), |w| format!("{w:.0}"))
    };
    for r in &report.tornado {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            r.swing.path,
            tidy(r.swing.low),
            tidy(r.swing.high),
            r.swing.basis,
            pct(r.low.restored.estimate),
            pct(r.high.restored.estimate),
            weeks(&r.low),
            weeks(&r.high)
        );
    }
    if !report.morris.is_empty() {
        let _ = writeln!(
            md,
            "\n## Globally (Morris)\n\n{}. Effects are in percentage points of P(restored).\n\n| Parameter | μ* (points) | 95% CI | μ (points) | σ (points) |\n|---|---:|---:|---:|---:|",
            report.morris_method()
        );
        for r in &report.morris {
            let _ = writeln!(
                md,
                "| `{}` | {:.2} | {:.2}–{:.2} | {:+.2} | {:.2} |",
                r.path,
                100.0 * r.mu_star,
                100.0 * r.mu_star_low,
                100.0 * r.mu_star_high,
                100.0 * r.mu,
                100.0 * r.sigma
            );
        }
    }
    let _ = writeln!(
        md,
        "\nScenario `{}` (hash `{}`), seed {}, {TOOL_NAME} {TOOL_VERSION}. Every run uses the same random streams.",
        report.scenario.name(),
        report.scenario.provenance().short_hash(),
        report.seed
    );
    md
}
