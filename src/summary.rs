//! Mergeable summaries of many trials.
//!
//! A [`Summary`] holds only counts — outcome and cause counters, per-step histograms of when deals
//! were restored or collapsed, per-step histograms of each tracked level, and payoff histograms —
//! plus payoff sums kept in fixed point. Every field is an integer, so merging is exact and does
//! not depend on order: the same trials give the same summary bit for bit whatever the thread
//! count, and partial summaries from shards merge into exactly what one run gives. Its size is set
//! by the horizon, never by the number of trials.

use serde::{Deserialize, Serialize};

use crate::observer::Observer;
use crate::outcome::{Actor, Cause, CollapseTrigger, Outcome, Snapshot, TrialResult, WeekLabel};

/// Number of grid points per level histogram in each step: values are rounded to the nearest of
/// `TRAJECTORY_BINS` evenly spaced points spanning the series' range (ends included), so exact
/// levels such as 0 and 1 stay exact.
pub const TRAJECTORY_BINS: usize = 101;

/// A level tracked over calendar time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Series {
    /// Iran's trust in the US.
    TrustIran,
    /// The US's trust in Iran.
    TrustUs,
    /// Iran's compliance.
    Compliance,
    /// US relief.
    Relief,
    /// The escalation index.
    Escalation,
    /// Hardliner strength.
    Hardliner,
}

impl Series {
    /// Every series, in report order.
    pub const ALL: [Series; 6] = [
        Series::TrustIran,
        Series::TrustUs,
        Series::Compliance,
        Series::Relief,
        Series::Escalation,
        Series::Hardliner,
    ];

    /// Number of series.
    pub const COUNT: usize = 6;

    /// The range the histogram covers; values outside are counted in the end bins.
    pub fn range(self) -> (f64, f64) {
        match self {
            Series::Escalation => (0.0, 2.5),
            _ => (0.0, 1.0),
        }
    }

    /// Machine name.
    pub fn name(self) -> &'static str {
        match self {
            Series::TrustIran => "trust_iran",
            Series::TrustUs => "trust_us",
            Series::Compliance => "compliance",
            Series::Relief => "relief",
            Series::Escalation => "escalation",
            Series::Hardliner => "hardliner_strength",
        }
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Series::TrustIran => "Iran's trust in the US",
            Series::TrustUs => "US trust in Iran",
            Series::Compliance => "Iran's compliance",
            Series::Relief => "US sanctions relief",
            Series::Escalation => "Escalation index",
            Series::Hardliner => "Hardliner strength",
        }
    }

    /// This series' value in a snapshot.
    pub fn value(self, s: &Snapshot) -> f64 {
        match self {
            Series::TrustIran => s.trust_iran,
            Series::TrustUs => s.trust_us,
            Series::Compliance => s.compliance,
            Series::Relief => s.relief,
            Series::Escalation => s.escalation,
            Series::Hardliner => s.hardliner,
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
    pub fn quantile(self, counts: &[u64], q: f64) -> Option<f64> {
        crate::stats::discrete_quantile(counts, q).map(|bin| self.grid_value(bin))
    }
}

/// Fixed-point scale for payoff sums: exact, order-independent addition.
const FIXED_SCALE: f64 = (1u64 << 20) as f64;
/// Fixed-point scale for sums of squares.
const FIXED_SQ_SCALE: f64 = (1u64 << 10) as f64;

/// `x` in fixed point, rounded half away from zero (without a libm call).
fn to_fixed(x: f64, scale: f64) -> i128 {
    let y = x * scale;
    (y + 0.5f64.copysign(y)) as i128
}

/// `x` as a term of a fixed-point sum (×2^20), which adds exactly in any order.
pub(crate) fn fixed_term(x: f64) -> i128 {
    to_fixed(x, FIXED_SCALE)
}

/// `x²` as a term of a fixed-point sum of squares (`x` ×2^10 before squaring).
pub(crate) fn fixed_square_term(x: f64) -> i128 {
    let f = to_fixed(x, FIXED_SQ_SCALE);
    f * f
}

/// Mean and sample variance of `n` values from the fixed-point sums of [`fixed_term`] and
/// [`fixed_square_term`]; (0, 0) for no values, variance 0 for one.
pub(crate) fn mean_and_variance(sum: i128, sum_squares: i128, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let nf = n as f64;
    let mean = sum as f64 / FIXED_SCALE / nf;
    if n < 2 {
        return (mean, 0.0);
    }
    let mean_sq = sum_squares as f64 / (FIXED_SQ_SCALE * FIXED_SQ_SCALE) / nf;
    (mean, ((mean_sq - mean * mean) * nf / (nf - 1.0)).max(0.0))
}

/// A histogram with bucket widths proportional to magnitude (about 2% relative error), over both
/// signs; quantiles of payoffs need no advance knowledge of their range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogHistogram {
    counts: Vec<u64>,
}

impl LogHistogram {
    /// Magnitudes below this fall in the zero bucket.
    pub const SMALLEST: f64 = 1e-3;
    /// Ratio between successive bucket edges.
    pub const GROWTH: f64 = 1.02;
    /// Buckets per sign (covering magnitudes up to about 6e10).
    pub const PER_SIGN: usize = 1600;

    fn new() -> LogHistogram {
        LogHistogram {
            counts: vec![0; 2 * Self::PER_SIGN + 1],
        }
    }

    fn index(x: f64) -> usize {
        let zero = Self::PER_SIGN;
        let m = x.abs();
        if m.is_nan() || m < Self::SMALLEST {
            return zero;
        }
        let k = ((m / Self::SMALLEST).ln() / Self::GROWTH.ln()).floor() as usize;
        let k = k.min(Self::PER_SIGN - 1) + 1;
        if x > 0.0 { zero + k } else { zero - k }
    }

    /// The representative value of bucket `i` (geometric centre).
    pub fn value_of(i: usize) -> f64 {
        let zero = Self::PER_SIGN;
        if i == zero {
            return 0.0;
        }
        let k = i.abs_diff(zero) - 1;
        let m = Self::SMALLEST * Self::GROWTH.powf(k as f64 + 0.5);
        if i > zero { m } else { -m }
    }

    fn add(&mut self, x: f64) {
        self.counts[Self::index(x)] += 1;
    }

    fn merge(&mut self, other: &LogHistogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Bucket counts, most negative first.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// The `q`-quantile (to about 2%), or `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        crate::stats::discrete_quantile(&self.counts, q).map(Self::value_of)
    }
}

/// Payoff statistics for one actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayoffStats {
    /// Sum of payoffs in fixed point (×2^20).
    pub sum: i128,
    /// Sum of squared payoffs in fixed point (each payoff ×2^10 before squaring).
    pub sum_squares: i128,
    /// Smallest payoff seen.
    pub min: f64,
    /// Largest payoff seen.
    pub max: f64,
    /// Distribution of payoffs.
    pub histogram: LogHistogram,
    /// Sum of payoffs per outcome, fixed point (×2^20).
    pub sum_by_outcome: [i128; 4],
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
    pub fn mean(&self, n: u64) -> f64 {
        mean_and_variance(self.sum, self.sum_squares, n).0
    }

    /// Mean over the `n` trials that ended in `outcome`.
    pub fn mean_for(&self, outcome: Outcome, n: u64) -> Option<f64> {
        (n > 0).then(|| self.sum_by_outcome[outcome.index()] as f64 / FIXED_SCALE / n as f64)
    }

    /// Standard deviation over `n` trials.
    pub fn sd(&self, n: u64) -> f64 {
        mean_and_variance(self.sum, self.sum_squares, n).1.sqrt()
    }
}

/// Counts over many trials of one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Trials summarised.
    pub trials: u64,
    /// Steps in the horizon.
    pub steps: usize,
    /// Trials per outcome, indexed by [`Outcome::index`].
    pub outcomes: [u64; 4],
    /// Restorations per step.
    pub restored_at: Vec<u64>,
    /// Collapses per step.
    pub collapsed_at: Vec<u64>,
    /// Primary causes per outcome: `causes[outcome][cause]`.
    pub causes: [[u64; Cause::COUNT]; 4],
    /// Collapses per trigger (escalation, Iran declares the deal dead, the US does).
    pub collapse_triggers: [u64; 3],
    /// Weeks claimed by each label, over all trials.
    pub week_labels: [u64; WeekLabel::COUNT],
    /// Trials by the number of protocol steps completed.
    pub steps_completed: Vec<u64>,
    /// Trials by election result: not held within the horizon, moderate won, hardliner won.
    pub election: [u64; 3],
    /// Payoffs per actor, indexed by [`Actor::index`].
    pub payoffs: [PayoffStats; 2],
    /// Level histograms as differences along the steps: a trial whose level stays in `bin` from
    /// step `a` to step `b` adds 1 at `a` and removes 1 at `b`, at index
    /// `(series * TRAJECTORY_BINS + bin) * (steps + 1) + step`. The count at a step is the running
    /// sum up to it ([`Summary::level_histograms`]). Recording costs one write per change of level
    /// rather than one per step.
    pub trajectories: Vec<i64>,
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
    pub fn merge(&mut self, other: &Summary) {
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
    pub fn compatible(&self, other: &Summary) -> bool {
        self.steps == other.steps
            && self.steps_completed.len() == other.steps_completed.len()
            && self.trajectories.len() == other.trajectories.len()
            && self.payoffs[0].histogram.counts.len() == other.payoffs[0].histogram.counts.len()
    }

    /// An observer that records a trial's levels into this summary's trajectories.
    pub fn recorder(&mut self) -> TrajectoryRecorder<'_> {
        TrajectoryRecorder {
            stride: self.steps + 1,
            differences: &mut self.trajectories,
            runs: [(usize::MAX, 0); Series::COUNT],
            next_step: 0,
        }
    }

    /// How many trials the level histograms count (the engine records the first
    /// [`crate::engine::TRAJECTORY_TRIALS`] trials of a run).
    pub fn trajectory_trials(&self) -> u64 {
        let stride = self.steps + 1;
        (0..TRAJECTORY_BINS)
            .map(|bin| self.trajectories[bin * stride].max(0) as u64)
            .sum()
    }

    /// Counts of one series over [`TRAJECTORY_BINS`] bins, one histogram per step: the running
    /// sums of the run-length differences, taken in one pass over the steps.
    pub fn level_histograms(&self, series: Series) -> Vec<Vec<u64>> {
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

/// Records each step's levels into a summary's trajectory histograms, as runs of steps at the
/// same level (see [`Summary::trajectories`]); after an early end the final levels run on to the
/// horizon, so every step counts every trial.
pub struct TrajectoryRecorder<'a> {
    differences: &'a mut [i64],
    stride: usize,
    /// For each series, the bin of its current run and the step the run began.
    runs: [(usize, usize); Series::COUNT],
    next_step: usize,
}

impl TrajectoryRecorder<'_> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Payoffs;

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
    fn log_histogram_quantiles_are_close() {
        let mut h = LogHistogram::new();
        for i in 1..=1000 {
            h.add(f64::from(i));
            h.add(-f64::from(i));
        }
        let median = h.quantile(0.75).unwrap();
        assert!((median - 500.0).abs() / 500.0 < 0.03, "{median}");
        assert!(h.quantile(0.25).unwrap() < -480.0);
        assert_eq!(LogHistogram::value_of(LogHistogram::PER_SIGN), 0.0);
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
