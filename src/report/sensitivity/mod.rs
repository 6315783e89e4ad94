//! The report of a sensitivity analysis: `sensitivity.json` (`json`), `report.md`
//! (`markdown`) with its `charts` — a tornado of one-at-a-time swings and the Morris screening
//! — and `index.html`; [`write`] writes the directory.

pub(crate) mod charts;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod write;

use std::fmt::Write;

use crate::analysis::sensitivity::{BOOTSTRAP, Measure, MorrisRow, TornadoRow};
use crate::report::format::{pct, tidy, trials};
use crate::scenario::Scenario;

/// A finished sensitivity analysis.
pub struct SensitivityReport<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its base measure.
    pub base: Measure,
    /// Tornado rows, sorted by size (largest first).
    pub tornado: Vec<TornadoRow>,
    /// Morris rows, sorted by μ* (largest first); empty when skipped.
    pub morris: Vec<MorrisRow>,
    /// Morris trajectories used.
    pub trajectories: usize,
    /// Seed.
    pub seed: u64,
    /// Trials per tornado run.
    pub trials: u64,
    /// Trials per Morris run.
    pub morris_trials: u64,
}

impl SensitivityReport<'_> {
    /// How the Morris screening was run and what it cost.
    pub(crate) fn morris_method(&self) -> String {
        if self.morris.is_empty() {
            return "not run".to_string();
        }
        let k = self.morris.len();
        format!(
            "Morris elementary effects on P(restored): {} trajectories × ({k} parameters + 1) = {} runs of {} each, 4-level grid, Δ = 2/3; μ* interval from {} bootstrap resamples",
            self.trajectories,
            self.trajectories * (k + 1),
            trials(self.morris_trials),
            BOOTSTRAP
        )
    }

    /// The headline, written from the numbers.
    pub fn reading(&self) -> String {
        let mut text = format!(
            "Base: P(restored) {} with {} per run (seed {}).",
            pct(self.base.restored.estimate),
            trials(self.trials),
            self.seed
        );
        if let Some(top) = self.tornado.first() {
            let _ = write!(
                text,
                " Swinging one parameter at a time, `{}` matters most: P(restored) {} at {} and {} at {}.",
                top.swing.path,
                pct(top.low.restored.estimate),
                tidy(top.swing.low),
                pct(top.high.restored.estimate),
                tidy(top.swing.high)
            );
        }
        if let Some(top) = self.morris.first() {
            let _ = write!(
                text,
                " Globally (Morris), `{}` has the largest μ*: it moves P(restored) by {:.1} points on average.",
                top.path,
                100.0 * top.mu_star
            );
        }
        text
    }
}
