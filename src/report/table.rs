//! The compact table `run` prints to the terminal.

use std::fmt::Write;

use super::markdown::{interval, reading, thousands};
use super::{Report, pct};

/// Renders the terminal summary of a run.
pub fn render(report: &Report<'_>) -> String {
    let sc = report.scenario;
    let st = &report.stats;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — protocol {}, {} trials, seed {}, scenario {}",
        sc.title(),
        sc.protocol().kind().name(),
        thousands(report.run.trials),
        report.run.seed,
        report.scenario.provenance().short_hash()
    );
    let _ = writeln!(out, "  {:<10} {:>8}  {:>13}", "outcome", "share", "95% CI");
    for o in &st.outcomes {
        let p = &o.probability;
        let _ = writeln!(
            out,
            "  {:<10} {:>8}  {:>13}",
            o.outcome.name(),
            pct(p.estimate),
            interval(p.low, p.high)
        );
    }
    let _ = writeln!(out, "  {}", reading(sc, st));
    out
}
