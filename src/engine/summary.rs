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
use super::play::{PlayObserver, PlayTally};
use super::trajectory::{Series, TRAJECTORY_BINS, TrajectoryRecorder};
use crate::model::game::solve::SolveStats;
use crate::model::outcome::{Actor, Cause, CollapseTrigger, Outcome, TimeLabel, TrialResult};
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

    /// Checks statistics read from a file of `n` trials: the histogram counts them all, and the
    /// smallest and largest payoffs and the fixed-point sums are within the histogram's range.
    fn check(&self, n: u64) -> Result<(), String> {
        let counted = self
            .histogram
            .counts()
            .iter()
            .try_fold(0u64, |a, &c| a.checked_add(c));
        if counted != Some(n) {
            return Err(format!("the histogram does not count the {n} trials"));
        }
        if n == 0 {
            return Ok(());
        }
        let largest =
            LogHistogram::SMALLEST * LogHistogram::GROWTH.powi(LogHistogram::PER_SIGN as i32);
        let in_range = |x: f64| x.is_finite() && x.abs() <= largest;
        if !(in_range(self.min) && in_range(self.max) && self.min <= self.max) {
            return Err(format!(
                "min {} and max {} are not a range of payoffs",
                self.min, self.max
            ));
        }
        // Fixed point: each payoff ×2^20 in `sum`, ×2^10 squared in `sum_squares`.
        let magnitude = self.min.abs().max(self.max.abs()) + 1.0;
        let sum_bound = n as f64 * magnitude * 2f64.powi(20);
        let sums = std::iter::once(self.sum).chain(self.sum_by_outcome);
        if sums.into_iter().any(|s| (s as f64).abs() > sum_bound)
            || self.sum_squares < 0
            || self.sum_squares as f64 > sum_bound * magnitude
        {
            return Err("a fixed-point sum is outside what the payoffs allow".into());
        }
        Ok(())
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
    /// Trials summarised: with `[[given]]` events, those accepted (consistent with every one).
    pub trials: u64,
    /// Trials played, accepted or not (equal to `trials` without `[[given]]` events).
    #[serde(default)]
    pub played: u64,
    /// Steps in the horizon.
    pub(crate) steps: usize,
    /// Trials per outcome, indexed by [`Outcome::index`].
    pub outcomes: [u64; 4],
    /// Days in the horizon.
    pub(crate) days: usize,
    /// Restorations per day (the day a trial was restored on, counted from the start).
    pub restored_on: Vec<u64>,
    /// Collapses per day.
    pub collapsed_on: Vec<u64>,
    /// Primary causes per outcome: `causes[outcome][cause]`.
    pub causes: [[u64; Cause::COUNT]; 4],
    /// Collapses per trigger (escalation, Iran declares the deal dead, the US does).
    pub(crate) collapse_triggers: [u64; 3],
    /// Days claimed by each [`TimeLabel`], over all trials (each trial's rounded to whole days).
    pub(crate) label_days: [u64; TimeLabel::COUNT],
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
    /// How the equilibrium was played: first moves expected and realised, joint commitments.
    pub play: PlayTally,
    /// The equilibrium solve the trials played (the same for every shard of a run).
    pub equilibrium: SolveStats,
}

impl Summary {
    /// An empty summary for a horizon of `days` days recorded in `steps` steps, counting play
    /// into `play` (empty counts for the protocol), of trials that played the equilibrium
    /// `equilibrium`.
    pub fn new(steps: usize, days: usize, play: PlayTally, equilibrium: SolveStats) -> Summary {
        let protocol_steps = play
            .first_moves
            .iter()
            .map(|r| r.step + 1)
            .chain(play.joint.iter().map(|r| r.step + 1))
            .max()
            .unwrap_or(0);
        Summary {
            trials: 0,
            played: 0,
            steps,
            days,
            outcomes: [0; 4],
            restored_on: vec![0; days],
            collapsed_on: vec![0; days],
            causes: [[0; Cause::COUNT]; 4],
            collapse_triggers: [0; 3],
            label_days: [0; TimeLabel::COUNT],
            steps_completed: vec![0; protocol_steps + 1],
            election: [0; 3],
            payoffs: [PayoffStats::new(), PayoffStats::new()],
            trajectories: vec![0; (steps + 1) * Series::COUNT * TRAJECTORY_BINS],
            play,
            equilibrium,
        }
    }

    /// Trials per recording step in which they ended `outcome` (restored or collapsed), from
    /// the per-day counts: step `k` covers days `[k·step_days, (k + 1)·step_days)`.
    pub(crate) fn ended_by_step(&self, outcome: Outcome, step_days: u32) -> Vec<u64> {
        let per_day = match outcome {
            Outcome::Collapse => &self.collapsed_on,
            _ => &self.restored_on,
        };
        let mut out = vec![0; self.steps];
        for (day, &n) in per_day.iter().enumerate() {
            out[(day / step_days.max(1) as usize).min(self.steps - 1)] += n;
        }
        out
    }

    /// Counts one trial's result (its trajectory is recorded separately, through
    /// [`Summary::observer`]).
    pub fn add(&mut self, r: &TrialResult) {
        self.trials += 1;
        self.outcomes[r.outcome.index()] += 1;
        let day = (r.end_day.max(0.0) as usize).min(self.days.saturating_sub(1));
        match r.outcome {
            Outcome::Restored => self.restored_on[day] += 1,
            Outcome::Collapse => self.collapsed_on[day] += 1,
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
        for (total, d) in self.label_days.iter_mut().zip(r.label_days) {
            *total += u64::from(d);
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
        self.played += other.played;
        let add = |a: &mut [u64], b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add(&mut self.outcomes, &other.outcomes);
        add(&mut self.restored_on, &other.restored_on);
        add(&mut self.collapsed_on, &other.collapsed_on);
        for (a, b) in self.causes.iter_mut().zip(&other.causes) {
            add(a, b);
        }
        add(&mut self.collapse_triggers, &other.collapse_triggers);
        add(&mut self.label_days, &other.label_days);
        add(&mut self.steps_completed, &other.steps_completed);
        add(&mut self.election, &other.election);
        for (a, b) in self.trajectories.iter_mut().zip(&other.trajectories) {
            *a += b;
        }
        for (a, b) in self.payoffs.iter_mut().zip(&other.payoffs) {
            a.merge(b);
        }
        self.play.merge(&other.play);
    }

    /// Whether `other` has the same shape and can be merged.
    pub(crate) fn compatible(&self, other: &Summary) -> bool {
        self.steps == other.steps
            && self.days == other.days
            && self.play.compatible(&other.play)
            && self.equilibrium == other.equilibrium
            && self.steps_completed.len() == other.steps_completed.len()
            && self.trajectories.len() == other.trajectories.len()
            && self.payoffs[0].histogram.counts().len() == other.payoffs[0].histogram.counts().len()
    }

    /// Checks a summary read from a file against `shape`, an empty summary of its scenario: every
    /// length as the calendar and protocol make it, every count within its total, every number in
    /// its range. A summary that passes merges and reports without overflow or out-of-range
    /// indexing.
    pub fn check(&self, shape: &Summary) -> Result<(), String> {
        let lengths = [
            (
                "restored_on",
                self.restored_on.len(),
                shape.restored_on.len(),
            ),
            (
                "collapsed_on",
                self.collapsed_on.len(),
                shape.collapsed_on.len(),
            ),
            (
                "steps_completed",
                self.steps_completed.len(),
                shape.steps_completed.len(),
            ),
            (
                "trajectories",
                self.trajectories.len(),
                shape.trajectories.len(),
            ),
            ("steps", self.steps, shape.steps),
            ("days", self.days, shape.days),
        ];
        for (what, found, expected) in lengths {
            if found != expected {
                return Err(format!(
                    "`{what}` has {found} entries where the scenario's calendar and protocol make {expected}"
                ));
            }
        }
        if !self.play.compatible(&shape.play) {
            return Err("`play` does not list the scenario's protocol steps".into());
        }
        for (actor, p) in self.payoffs.iter().enumerate() {
            if p.histogram.counts().len() != shape.payoffs[actor].histogram.counts().len() {
                return Err("a payoff histogram has the wrong number of buckets".into());
            }
        }
        let n = self.trials;
        let sum = |counts: &[u64]| -> Option<u64> {
            counts.iter().try_fold(0u64, |a, &c| a.checked_add(c))
        };
        let within = |what: &str, counts: &[u64], total: u64, exact: bool| -> Result<(), String> {
            match sum(counts) {
                Some(s) if s == total || (!exact && s <= total) => Ok(()),
                _ => Err(
                    format!("`{what}` counts more trials than its total ({total})")
                        + if exact { " or fewer" } else { "" },
                ),
            }
        };
        if n > self.played {
            return Err(format!("`trials` ({n}) exceeds `played` ({})", self.played));
        }
        within("outcomes", &self.outcomes, n, true)?;
        let count = |o: Outcome| self.outcomes[o.index()];
        within(
            "restored_on",
            &self.restored_on,
            count(Outcome::Restored),
            true,
        )?;
        within(
            "collapsed_on",
            &self.collapsed_on,
            count(Outcome::Collapse),
            true,
        )?;
        for o in Outcome::ALL {
            within("causes", &self.causes[o.index()], count(o), false)?;
        }
        within(
            "collapse_triggers",
            &self.collapse_triggers,
            count(Outcome::Collapse),
            false,
        )?;
        within("steps_completed", &self.steps_completed, n, true)?;
        within("election", &self.election, n, true)?;
        let day_total = u128::from(n) * (self.days as u128 + 1);
        if self.label_days.iter().map(|&d| u128::from(d)).sum::<u128>() > day_total {
            return Err("`label_days` counts more days than the trials lasted".into());
        }
        let bound = i64::try_from(n).unwrap_or(i64::MAX);
        if self
            .trajectories
            .iter()
            .any(|d| d.unsigned_abs() > bound.unsigned_abs())
        {
            return Err("a `trajectories` entry exceeds the trial count".into());
        }
        for p in &self.payoffs {
            p.check(n).map_err(|e| format!("payoffs: {e}"))?;
        }
        self.play.check().map_err(|e| format!("play: {e}"))
    }

    /// An observer that counts a trial's play into this summary and, with `levels`, records
    /// its levels into the trajectories.
    pub fn observer(&mut self, levels: bool) -> PlayObserver<'_> {
        let recorder = levels.then(|| TrajectoryRecorder::new(&mut self.trajectories, self.steps));
        PlayObserver::new(&mut self.play, recorder)
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
            end_day: end_step as f64 * 7.0 + 0.5,
            cause: (outcome != Outcome::Restored).then_some(Cause::Veto),
            collapse_trigger: None,
            payoffs: Payoffs { iran, us: -iran },
            steps_completed: 1,
            label_days: [1; TimeLabel::COUNT],
            hardliner_president: Some(true),
            last: Snapshot::default(),
        }
    }

    fn empty(steps: usize) -> Summary {
        let protocol = crate::model::protocol::Protocol::package(
            crate::model::protocol::ProtocolKind::Attrition,
            false,
        );
        Summary::new(
            steps,
            steps * 7,
            PlayTally::new(&protocol),
            SolveStats::default(),
        )
    }

    #[test]
    fn merge_equals_adding_everything_to_one() {
        let results: Vec<_> = (0..50)
            .map(|i| result(Outcome::ALL[i % 4], i % 10, i as f64 * 1.37 - 20.0))
            .collect();
        let mut one = empty(10);
        for r in &results {
            one.add(r);
        }
        let mut a = empty(10);
        let mut b = empty(10);
        for r in &results[..17] {
            a.add(r);
        }
        for r in &results[17..] {
            b.add(r);
        }
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
        let mut s = empty(5);
        let snap = Snapshot {
            relief: 1.0,
            ..Snapshot::default()
        };
        let r = TrialResult {
            last: snap,
            ..result(Outcome::Restored, 1, 0.0)
        };
        {
            let mut rec = s.observer(true);
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
