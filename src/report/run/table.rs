//! The compact table `run` prints to the terminal.

use std::fmt::Write;

use super::Report;
use super::markdown::reading;
use crate::report::format::{OutcomeRow, trials};

/// Renders the terminal summary of a run.
pub fn render(report: &Report<'_>) -> String {
    let sc = report.scenario;
    let st = &report.stats;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — protocol {}, {}, seed {}, scenario {}",
        sc.title(),
        sc.protocol().kind().name(),
        trials(report.run.trials),
        report.run.seed,
        report.scenario.provenance().short_hash()
    );
    if let Some(given) = report.given_line() {
        let _ = writeln!(out, "  {given}");
    }
    let _ = writeln!(out, "  {:<10} {:>8}  {:>13}", "outcome", "share", "95% CI");
    for o in &st.outcomes {
        let row = OutcomeRow::new(o.outcome, &o.probability);
        let _ = writeln!(
            out,
            "  {:<10} {:>8}  {:>13}",
            row.name, row.share, row.interval
        );
    }
    let _ = writeln!(out, "  {}", reading(st));
    out
}
