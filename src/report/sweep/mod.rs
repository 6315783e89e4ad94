//! The report of a sweep: `sweep.json` (`json`), `sweep.csv` (`csv`), `report.md`
//! (`markdown`) with its `charts` — a line chart for one parameter, heat maps for two — and
//! `index.html`; [`write`] writes the directory.

pub(crate) mod charts;
pub(crate) mod csv;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod write;

use crate::analysis::sweep::{Axis, Point};
use crate::report::format::{pct, thousands, trials};
use crate::scenario::Scenario;

/// A finished sweep.
pub struct SweepReport<'a> {
    /// The scenario swept (at its own values).
    pub scenario: &'a Scenario,
    /// The axes.
    pub axes: Vec<Axis>,
    /// One result per grid point, the first axis varying slowest.
    pub points: Vec<Point>,
    /// Seed shared by every point.
    pub seed: u64,
    /// Trials per point.
    pub trials: u64,
}

impl SweepReport<'_> {
    /// "given: events — accepted trials per point from A to B of N": the events a conditioned
    /// sweep keeps trials by, and how many each point kept.
    pub fn given_line(&self) -> Option<String> {
        let given = &self.scenario.conditions().given;
        if given.is_empty() {
            return None;
        }
        let events = self.scenario.conditions().given_texts();
        let accepted = self.points.iter().map(Point::trials);
        let (low, high) = (
            accepted.clone().min().unwrap_or(0),
            accepted.max().unwrap_or(0),
        );
        Some(format!(
            "given: {} — accepted trials per point from {} to {} of {}",
            events.join(", "),
            thousands(low),
            thousands(high),
            thousands(self.trials)
        ))
    }

    /// The headline, written from the numbers.
    pub fn reading(&self) -> String {
        let first = self.points.first();
        let last = self.points.last();
        let (Some(first), Some(last)) = (first, last) else {
            return String::new();
        };
        let keys: Vec<&str> = self.axes.iter().map(|a| a.key.as_str()).collect();
        let at = |p: &Point| {
            p.values
                .iter()
                .map(|v| format!("{v:.3}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "Sweeping `{}` over {} points ({} each, seed {}): P(restored) goes from {} at ({}) to {} at ({}).",
            keys.join("` × `"),
            self.points.len(),
            trials(self.trials),
            self.seed,
            pct(first.outcomes[0].estimate),
            at(first),
            pct(last.outcomes[0].estimate),
            at(last)
        )
    }
}
