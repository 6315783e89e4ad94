//! The compact table `compare` prints to the terminal.

use std::fmt::Write;

use super::Comparison;
use super::markdown::{points, reading};
use crate::model::outcome::Outcome;
use crate::report::format::pct;

/// The terminal table of a comparison.
pub fn render(c: &Comparison<'_>) -> String {
    let width = c
        .compared
        .iter()
        .map(|s| s.scenario.name().len())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut out = format!(
        "{:<width$}  {:>9} {:>9} {:>9} {:>9}   {:>24}\n",
        "scenario",
        "restored",
        "interim",
        "stalemate",
        "collapse",
        format!("Δ restored vs {}", c.reference().scenario.name()),
    );
    for s in &c.compared {
        let p = |o: Outcome| pct(s.stats.outcome(o).estimate);
        let d = &s.outcome_differences[0];
        let _ = writeln!(
            out,
            "{:<width$}  {:>9} {:>9} {:>9} {:>9}   {:>24}",
            s.scenario.name(),
            p(Outcome::Restored),
            p(Outcome::Interim),
            p(Outcome::Stalemate),
            p(Outcome::Collapse),
            points(d)
        );
    }
    let _ = writeln!(out, "{}", reading(c));
    out
}
