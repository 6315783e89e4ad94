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
        .map(|s| s.scenario.name().chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let delta = format!("Δ restored vs {} (points)", c.reference().scenario.name());
    let delta_width = delta.chars().count().max(24);
    let mut out = format!(
        "{:<width$}  {:>9} {:>9} {:>9} {:>9}   {delta:>delta_width$}\n",
        "scenario", "restored", "interim", "stalemate", "collapse",
    );
    for s in &c.compared {
        let p = |o: Outcome| pct(s.stats.outcome(o).estimate);
        let d = &s.outcome_differences[0];
        let _ = writeln!(
            out,
            "{:<width$}  {:>9} {:>9} {:>9} {:>9}   {:>delta_width$}",
            s.scenario.name(),
            p(Outcome::Restored),
            p(Outcome::Interim),
            p(Outcome::Stalemate),
            p(Outcome::Collapse),
            points(d)
        );
    }
    for s in &c.compared {
        if let Some(given) = &s.given {
            let _ = writeln!(out, "{}: {given}", s.scenario.name());
        }
    }
    let _ = writeln!(out, "{}", reading(c));
    out
}
