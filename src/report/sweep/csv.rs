//! `sweep.csv`: the grid points as a table, for spreadsheets and scripts.

use super::SweepReport;
use crate::model::outcome::Outcome;

/// Renders `sweep.csv`: one row per grid point, the axes' values then each outcome's probability
/// with its interval, then the median restoration week.
pub(crate) fn render(report: &SweepReport<'_>) -> String {
    let mut out: Vec<String> = report.axes.iter().map(|a| a.key.clone()).collect();
    for o in Outcome::ALL {
        out.push(format!("p_{}", o.name()));
        out.push(format!("p_{}_low", o.name()));
        out.push(format!("p_{}_high", o.name()));
    }
    out.push("median_restoration_day".to_string());
    let mut text = out.join(",") + "\n";
    for p in &report.points {
        let mut row: Vec<String> = p
            .values
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        for pr in &p.outcomes {
            row.extend([pr.estimate, pr.low, pr.high].map(|x| format!("{x:.6}")));
        }
        row.push(
            p.median_restoration_day
                .map_or(String::new(), |s| s.to_string()),
        );
        text.push_str(&(row.join(",") + "\n"));
    }
    text
}
