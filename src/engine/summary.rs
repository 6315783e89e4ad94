//! Mergeable summaries of many trials.
//!
//! A [`Summary`] holds only counts — outcome and cause counters, per-step histograms of when deals
//! were restored or collapsed, per-step histograms of each tracked level, and payoff histograms —
//! plus payoff sums kept in fixed point. Every field is an integer, so merging is exact and does
//! not depend on order: the same trials give the same summary bit for bit whatever the thread
//! count, and partial summaries from shards merge into exactly what one run gives. Its size is set
//! by the horizon, never by the number of trials.

use serde::{Deserialize, Serialize};

use super::histogram::LogHistogram;
use super::trajectory::{Series, TRAJECTORY_BINS, TrajectoryRecorder};
use crate::model::outcome::{Actor, Cause, CollapseTrigger, Outcome, TrialResult, WeekLabel};
use crate::stats::{fixed_mean, fixed_square_term, fixed_term, mean_and_variance};

/// Payoff statistics for one actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PayoffStats {
    /// Sum of payoffs in fixed point (×2^20).
    pub(crate) sum: i128,
    /// Sum of squared payoffs in fixed point (each payoff ×2^10 before squaring).
    pub(crate) sum_squares: i128,
    /// Smallest payoff seen.
    pub(crate) min: f64,
    /// Largest payoff seen.
    pub(crate) max: f64,
    /// Distribution of payoffs.
    pub(crate) histogram: LogHistogram,
    /// Sum of payoffs per outcome, fixed point (×2^20).
    pub(crate) sum_by_outcome: [i128; 4],
}

impl PayoffStats {
    fn new() -> PayoffStats {
        PayoffStats {
            sum: 0,
            sum_squares: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            histogram: LogHistogram::new(),
            sum_by_outcome: [0; 4],
        }
    }

    fn add(&mut self, x: f64, outcome: Outcome) {
        let fixed = fixed_term(x);
        self.sum += fixed;
        self.sum_by_outcome[outcome.index()] += fixed;
        self.sum_squares += fixed_square_term(x);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        self.histogram.add(x);
    }

    fn merge(&mut self, other: &PayoffStats) {
        self.sum += other.sum;
        self.sum_squares += other.sum_squares;
        for (a, b) in self.sum_by_outcome.iter_mut().zip(other.sum_by_outcome) {
            *a += b;
        }
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.histogram.merge(&other.histogram);
    }

    /// Mean over `n` trials.
    pub(crate) fn mean(&self, n: u64) -> f64 {
        mean_and_variance(self.sum, self.sum_squares, n).0
    }

    /// Mean over the `n` trials that ended in `outcome`.
    pub(crate) fn mean_for(&self, outcome: Outcome, n: u64) -> Option<f64> {
        (n > 0).then(|| fixed_mean(self.sum_by_outcome[outcome.index()], n))
    }

    /// Standard deviation over `n` trials.
    pub(crate) fn sd(&self, n: u64) -> f64 {
        mean_and_variance(self.sum, self.sum_squares, n).1.sqrt()
    }
}

/// Counts over many trials of one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Trials summarised.
    pub trials: u64,
    /// Steps in the horizon.
    pub(crate) steps: usize,
    /// Trials per outcome, indexed by [`Outcome::index`].
    pub outcomes: [u64; 4],
    /// Restorations per step.
    pub restored_at: Vec<u64>,
    /// Collapses per step.
    pub(crate) collapsed_at: Vec<u64>,
    /// Primary causes per outcome: `causes[outcome][cause]`.
    pub causes: [[u64; Cause::COUNT]; 4],
    /// Collapses per trigger (escalation, Iran declares the deal dead, the US does).
    pub(crate) collapse_triggers: [u64; 3],
    /// Weeks claimed by each label, over all trials.
    pub(crate) week_labels: [u64; WeekLabel::COUNT],
    /// Trials by the number of protocol steps completed.
    pub(crate) steps_completed: Vec<u64>,
    /// Trials by election result: not held within the horizon, moderate won, hardliner won.
    pub(crate) election: [u64; 3],
    /// Payoffs per actor, indexed by [`Actor::index`].
    pub(crate) payoffs: [PayoffStats; 2],
    /// Level histograms as differences along the steps: a trial whose level stays in `bin` from
    /// step `a` to step `b` adds 1 at `a` and removes 1 at `b`, at index
    /// `(series * TRAJECTORY_BINS + bin) * (steps + 1) + step`. The count at a step is the running
    /// sum up to it ([`Summary::level_histograms`]). Recording costs one write per change of level
    /// rather than one per step.
    pub(crate) trajectories: Vec<i64>,
}

impl Summary {
    /// An empty summary for a horizon of `steps` steps and a protocol of `protocol_steps` steps.
    pub fn new(steps: usize, protocol_steps: usize) -> Summary {
        Summary {
            trials: 0,
            steps,
            outcomes: [0; 4],
            restored_at: vec![0; steps],
            collapsed_at: vec![0; steps],
            causes: [[0; Cause::COUNT]; 4],
            collapse_triggers: [0; 3],
            week_labels: [0; WeekLabel::COUNT],
            steps_completed: vec![0; protocol_steps + 1],
            election: [0; 3],
            payoffs: [PayoffStats::new(), PayoffStats::new()],
            trajectories: vec![0; (steps + 1) * Series::COUNT * TRAJECTORY_BINS],
        }
    }

    /// Counts one trial's result (its trajectory is recorded separately, through
    /// [`Summary::recorder`]).
    pub fn add(&mut self, r: &TrialResult) {
        self.trials += 1;
        self.outcomes[r.outcome.index()] += 1;
        match r.outcome {
            Outcome::Restored => self.restored_at[r.end_step.min(self.steps - 1)] += 1,
            Outcome::Collapse => self.collapsed_at[r.end_step.min(self.steps - 1)] += 1,
            _ => {}
        }
        if let Some(cause) = r.cause {
            self.causes[r.outcome.index()][cause.index()] += 1;
        }
        if let Some(t) = r.collapse_trigger {
            let i = match t {
                CollapseTrigger::Escalation => 0,
                CollapseTrigger::IranDeclaredDead => 1,
                CollapseTrigger::UsDeclaredDead => 2,
            };
            self.collapse_triggers[i] += 1;
        }
        for (total, w) in self.week_labels.iter_mut().zip(r.weeks) {
            *total += u64::from(w);
        }
        let completed = (r.steps_completed as usize).min(self.steps_completed.len() - 1);
        self.steps_completed[completed] += 1;
        let e = match r.hardliner_president {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        };
        self.election[e] += 1;
        for actor in Actor::ALL {
            self.payoffs[actor.index()].add(r.payoffs.of(actor), r.outcome);
        }
    }

    /// Adds another summary of the same scenario.
    ///
    /// # Panics
    /// If the two summaries have different shapes (different horizons or protocols); merging those
    /// would be meaningless. Callers that read summaries from files check with [`Summary::compatible`].
    pub(crate) fn merge(&mut self, other: &Summary) {
        assert!(
            self.compatible(other),
            "merging summaries of different shapes"
        );
        self.trials += other.trials;
        let add = |a: &mut [u64], b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add(&mut self.outcomes, &other.outcomes);
        add(&mut self.restored_at, &other.restored_at);
        add(&mut self.collapsed_at, &other.collapsed_at);
        for (a, b) in self.causes.iter_mut().zip(&other.causes) {
            add(a, b);
        }
        add(&mut self.collapse_triggers, &other.collapse_triggers);
        add(&mut self.week_labels, &other.week_labels);
        add(&mut self.steps_completed, &other.steps_completed);
        add(&mut self.election, &other.election);
        for (a, b) in self.trajectories.iter_mut().zip(&other.trajectories) {
            *a += b;
        }
        for (a, b) in self.payoffs.iter_mut().zip(&other.payoffs) {
            a.merge(b);
        }
    }

    /// Whether `other` has the same shape and can be merged.
    pub(crate) fn compatible(&self, other: &Summary) -> bool {
        self.steps == other.steps
            && self.steps_completed.len() == other.steps_completed.len()
            && self.trajectories.len() == other.trajectories.len()
            && self.payoffs[0].histogram.counts().len() == other.payoffs[0].histogram.counts().len()
    }

    /// An observer that records a trial's levels into this summary's trajectories.
    pub fn recorder(&mut self) -> TrajectoryRecorder<'_> {
        TrajectoryRecorder::new(&mut self.trajectories, self.steps)
    }

    /// How many trials the level histograms count (the engine records the first
    /// [`crate::engine::TRAJECTORY_TRIALS`] trials of a run).
    pub(crate) fn trajectory_trials(&self) -> u64 {
        let stride = self.steps + 1;
        (0..TRAJECTORY_BINS)
            .map(|bin| self.trajectories[bin * stride].max(0) as u64)
            .sum()
    }

    /// Counts of one series over [`TRAJECTORY_BINS`] bins, one histogram per step: the running
    /// sums of the run-length differences, taken in one pass over the steps.
    pub(crate) fn level_histograms(&self, series: Series) -> Vec<Vec<u64>> {
        let s = Series::ALL.iter().position(|x| *x == series).unwrap_or(0);
        let stride = self.steps + 1;
        let mut running = [0i64; TRAJECTORY_BINS];
        (0..self.steps)
            .map(|step| {
                running
                    .iter_mut()
                    .enumerate()
                    .map(|(bin, count)| {
                        *count += self.trajectories[(s * TRAJECTORY_BINS + bin) * stride + step];
                        (*count).max(0) as u64
                    })
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::observer::Observer;
    use crate::model::outcome::{Payoffs, Snapshot};

    fn result(outcome: Outcome, end_step: usize, iran: f64) -> TrialResult {
        TrialResult {
            outcome,
            end_step,
            cause: (outcome != Outcome::Restored).then_some(Cause::Veto),
            collapse_trigger: None,
            payoffs: Payoffs { iran, us: -iran },
            steps_completed: 1,
            weeks: [1; WeekLabel::COUNT],
            hardliner_president: Some(true),
            last: Snapshot::default(),
        }
    }

    #[test]
    fn merge_equals_adding_everything_to_one() {
        let results: Vec<_> = (0..50)
            .map(|i| result(Outcome::ALL[i % 4], i % 10, i as f64 * 1.37 - 20.0))
            .collect();
        let mut one = Summary::new(10, 2);
        results.iter().for_each(|r| one.add(r));
        let mut a = Summary::new(10, 2);
        let mut b = Summary::new(10, 2);
        results[..17].iter().for_each(|r| a.add(r));
        results[17..].iter().for_each(|r| b.add(r));
        let mut ba = b.clone();
        ba.merge(&a);
        a.merge(&b);
        assert_eq!(a, one);
        assert_eq!(ba, one, "merge order must not matter");
        let mean = results.iter().map(|r| r.payoffs.iran).sum::<f64>() / 50.0;
        assert!((one.payoffs[0].mean(50) - mean).abs() < 1e-5);
    }

    #[test]
    fn recorder_carries_levels_forward() {
        let mut s = Summary::new(5, 1);
        let snap = Snapshot {
            relief: 1.0,
            ..Snapshot::default()
        };
        let r = TrialResult {
            last: snap,
            ..result(Outcome::Restored, 1, 0.0)
        };
        {
            let mut rec = s.recorder();
            rec.step_end(0, &Snapshot::default());
            rec.step_end(1, &snap);
            rec.trial_end(&r, 5);
        }
        let histograms = s.level_histograms(Series::Relief);
        assert_eq!(histograms.len(), 5);
        for (step, h) in histograms.iter().enumerate() {
            assert_eq!(h.iter().sum::<u64>(), 1, "step {step}");
            let expected_bin = if step == 0 { 0 } else { TRAJECTORY_BINS - 1 };
            assert_eq!(h[expected_bin], 1);
        }
    }
}
