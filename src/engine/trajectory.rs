//! Trajectories: the levels tracked over calendar time ([`Series`]), the grid their per-step
//! histograms count on, and the observer that records a trial's levels into them.

use crate::model::observer::Observer;
use crate::model::outcome::{Snapshot, TrialResult};
use crate::stats::discrete_quantile;

/// Number of grid points per level histogram in each step: values are rounded to the nearest of
/// `TRAJECTORY_BINS` evenly spaced points spanning the series' range (ends included), so exact
/// levels such as 0 and 1 stay exact.
pub(crate) const TRAJECTORY_BINS: usize = 101;

/// A level tracked over calendar time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Series {
    /// Iran's belief that the US is the reciprocating type.
    TrustIran,
    /// The US's belief that Iran is the reciprocating type.
    TrustUs,
    /// Iran's compliance.
    Compliance,
    /// US relief.
    Relief,
    /// The escalation index.
    Escalation,
    /// Share of the roadmap agreed.
    Roadmap,
}

impl Series {
    /// Every series, in report order.
    pub(crate) const ALL: [Series; 6] = [
        Series::TrustIran,
        Series::TrustUs,
        Series::Compliance,
        Series::Relief,
        Series::Escalation,
        Series::Roadmap,
    ];

    /// Number of series.
    pub(crate) const COUNT: usize = 6;

    /// The range the histogram covers; values outside are counted in the end bins.
    pub(crate) fn range(self) -> (f64, f64) {
        match self {
            Series::Escalation => (0.0, 2.5),
            _ => (0.0, 1.0),
        }
    }

    /// Machine name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Series::TrustIran => "trust_iran",
            Series::TrustUs => "trust_us",
            Series::Compliance => "compliance",
            Series::Relief => "relief",
            Series::Escalation => "escalation",
            Series::Roadmap => "roadmap",
        }
    }

    /// Human label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Series::TrustIran => "Iran's belief the US reciprocates",
            Series::TrustUs => "US belief Iran reciprocates",
            Series::Compliance => "Iran's compliance",
            Series::Relief => "US sanctions relief",
            Series::Escalation => "Escalation index",
            Series::Roadmap => "Roadmap agreed",
        }
    }

    /// This series' value in a snapshot.
    pub(crate) fn value(self, s: &Snapshot) -> f64 {
        match self {
            Series::TrustIran => s.trust_iran,
            Series::TrustUs => s.trust_us,
            Series::Compliance => s.compliance,
            Series::Relief => s.relief,
            Series::Escalation => s.escalation,
            Series::Roadmap => s.roadmap,
        }
    }

    fn bin(self, value: f64) -> usize {
        // Nearest grid point. `as` saturates (negative and NaN become 0), and adding 0.5 before
        // truncating rounds without a libm call; every range starts at 0, so this is one multiply
        // (the division folds into a constant per series).
        let points_per_unit = (TRAJECTORY_BINS - 1) as f64 / self.range().1;
        ((value * points_per_unit + 0.5) as usize).min(TRAJECTORY_BINS - 1)
    }

    /// The level a grid point stands for.
    fn grid_value(self, bin: usize) -> f64 {
        let (lo, hi) = self.range();
        lo + (hi - lo) * bin as f64 / (TRAJECTORY_BINS - 1) as f64
    }

    /// The `q`-quantile of a level histogram of this series (`None` when empty).
    pub(crate) fn quantile(self, counts: &[u64], q: f64) -> Option<f64> {
        discrete_quantile(counts, q).map(|bin| self.grid_value(bin))
    }
}

/// Records each step's levels into a summary's trajectory histograms, as runs of steps at the
/// same level (see [`Summary::trajectories`](super::summary::Summary::trajectories)); after an
/// early end the final levels run on to the horizon, so every step counts every trial.
pub(crate) struct TrajectoryRecorder<'a> {
    differences: &'a mut [i64],
    stride: usize,
    /// For each series, the bin of its current run and the step the run began.
    runs: [(usize, usize); Series::COUNT],
    next_step: usize,
}

impl TrajectoryRecorder<'_> {
    /// A recorder writing into the run-length differences of a summary over `steps` steps.
    pub(crate) fn new(differences: &mut [i64], steps: usize) -> TrajectoryRecorder<'_> {
        TrajectoryRecorder {
            differences,
            stride: steps + 1,
            runs: [(usize::MAX, 0); Series::COUNT],
            next_step: 0,
        }
    }

    /// Closes the run of series `i` at `end` (exclusive).
    fn close(&mut self, i: usize, end: usize) {
        let (bin, start) = self.runs[i];
        if bin != usize::MAX && end > start {
            let row = (i * TRAJECTORY_BINS + bin) * self.stride;
            self.differences[row + start] += 1;
            self.differences[row + end] -= 1;
        }
    }
}

impl Observer for TrajectoryRecorder<'_> {
    fn step_end(&mut self, step: usize, snapshot: &Snapshot) {
        for (i, series) in Series::ALL.iter().enumerate() {
            let bin = series.bin(series.value(snapshot));
            if bin != self.runs[i].0 {
                self.close(i, step);
                self.runs[i] = (bin, step);
            }
        }
        self.next_step = step + 1;
    }

    fn trial_end(&mut self, result: &TrialResult, steps: usize) {
        // Levels stay at their final values from the step after the end to the horizon.
        self.step_end(self.next_step.min(steps), &result.last);
        for i in 0..Series::COUNT {
            self.close(i, steps);
        }
        self.runs = [(usize::MAX, 0); Series::COUNT];
        self.next_step = 0;
    }
}
