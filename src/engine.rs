//! The Monte Carlo engine: runs trials in parallel and reduces them into [`Summary`]s.
//!
//! Reproducibility rests on three rules:
//!
//! 1. Trial `i` draws only from its own stream: ChaCha8 seeded with `seed_from_u64(seed)`, then
//!    `set_stream(i)`. What a trial does never depends on which thread runs it or on other trials.
//! 2. Trials are grouped in fixed chunks of [`CHUNK_TRIALS`] and chunks in fixed batches; every
//!    decision that depends on results (stopping for `--precision`, cancelling) happens only at
//!    batch boundaries, which do not depend on the thread count.
//! 3. Summaries hold only integers, so merging them is exact in any order.
//!
//! Hence the same scenario and seed give the same summary, bit for bit, on 1 thread or 64, and
//! shards of the trial range merge into exactly what one run gives. Memory holds one partial
//! summary per thread and one batch of trial records when they are requested, whatever the trial
//! count.
//!
//! Several scenarios can be run in lockstep ([`run_many`]): trial `i` of each uses the same stream,
//! so their differences are paired (common random numbers), and [`PairStats`] records the joint
//! outcomes each scenario has with the first, for paired intervals.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::observer::Observer;
use crate::outcome::{Actor, Outcome, TrialResult};
use crate::params::ModelParams;
use crate::scenario::Scenario;
use crate::stats::Proportion;
use crate::summary::{Summary, fixed_square_term, fixed_term, mean_and_variance};
use crate::trial::play_trial;

/// Trials per chunk, the unit of parallel work.
pub const CHUNK_TRIALS: u64 = 1024;
/// Trials whose levels are recorded for the trajectory bands: those with an index below this.
/// The bands' quantiles are stable to the grid's resolution well before this many trials, and
/// recording every step of every trial would cost a fifth of a run's time.
pub const TRAJECTORY_TRIALS: u64 = 1 << 16;
/// Chunks per batch in a fixed-count run.
const BATCH_CHUNKS: u64 = 64;
/// Chunks per batch when running to a precision target (a finer stopping grain).
const PRECISION_BATCH_CHUNKS: u64 = 8;

/// How many trials to run and how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunConfig {
    /// Master seed.
    pub seed: u64,
    /// Index of the first trial (non-zero for shards).
    pub first_trial: u64,
    /// Number of trials; with a precision target, the most that may be run.
    pub trials: u64,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Stop as soon as every outcome's 95% interval half-width is at most this.
    pub precision: Option<f64>,
}

/// One trial's result with the values drawn for the scenario's uncertain parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialRecord {
    /// Trial index (its random stream).
    pub trial: u64,
    /// What happened.
    pub result: TrialResult,
    /// Values drawn, in the order of [`Scenario::uncertain`].
    pub drawn: Vec<f64>,
}

/// Receives progress and may ask the run to stop.
pub trait RunMonitor: Sync {
    /// `done` trials have been summarised so far.
    fn progress(&self, done: u64) {
        let _ = done;
    }

    /// Whether the run should stop (checked between chunks).
    fn cancelled(&self) -> bool {
        false
    }
}

/// Progress over a series of runs (a sweep, a sensitivity analysis): each run reports its own
/// trials, to which the trials of the runs already finished are added.
pub struct Cumulative<'a> {
    inner: &'a dyn RunMonitor,
    done: AtomicU64,
}

impl<'a> Cumulative<'a> {
    /// Wraps `inner`.
    pub fn new(inner: &'a dyn RunMonitor) -> Cumulative<'a> {
        Cumulative {
            inner,
            done: AtomicU64::new(0),
        }
    }

    /// Records that a run of `trials` trials has finished.
    pub fn finished(&self, trials: u64) {
        self.done.fetch_add(trials, Ordering::Relaxed);
    }
}

impl RunMonitor for Cumulative<'_> {
    fn progress(&self, done: u64) {
        self.inner
            .progress(self.done.load(Ordering::Relaxed) + done);
    }

    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
}

/// A monitor that neither reports nor cancels.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unmonitored;

impl RunMonitor for Unmonitored {}

/// Why a run did not finish.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The monitor asked the run to stop.
    #[error("interrupted after {completed} trials")]
    Interrupted {
        /// Trials summarised before stopping.
        completed: u64,
    },
    /// The worker thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    ThreadPool(String),
    /// The record sink failed (for example, the CSV file could not be written).
    #[error("cannot write trial records: {0}")]
    Sink(#[from] std::io::Error),
}

/// How one scenario's trials compare with the reference scenario's, trial by trial.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairStats {
    /// `joint[a][b]`: trials where the reference ended `a` and this scenario ended `b`.
    pub joint: [[u64; 4]; 4],
    /// Sum over trials of (this payoff − reference payoff), per actor, fixed point (×2^20).
    pub payoff_diff_sum: [i128; 2],
    /// Sum of squared differences, each ×2^10 before squaring.
    pub payoff_diff_squares: [i128; 2],
}

impl PairStats {
    fn add(&mut self, reference: &TrialResult, this: &TrialResult) {
        self.joint[reference.outcome.index()][this.outcome.index()] += 1;
        for actor in Actor::ALL {
            let d = this.payoffs.of(actor) - reference.payoffs.of(actor);
            self.payoff_diff_sum[actor.index()] += fixed_term(d);
            self.payoff_diff_squares[actor.index()] += fixed_square_term(d);
        }
    }

    fn merge(&mut self, other: &PairStats) {
        for (a, b) in self.joint.iter_mut().zip(&other.joint) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for i in 0..2 {
            self.payoff_diff_sum[i] += other.payoff_diff_sum[i];
            self.payoff_diff_squares[i] += other.payoff_diff_squares[i];
        }
    }

    fn trials(&self) -> u64 {
        self.joint.iter().flatten().sum()
    }

    /// The paired difference P(this ends `o`) − P(reference ends `o`) with its 95% interval.
    pub fn outcome_difference(&self, o: Outcome) -> Difference {
        let n = self.trials();
        let (p_ref, p_this, p_both) = if n == 0 {
            (0.0, 0.0, 0.0)
        } else {
            let i = o.index();
            let reference: u64 = self.joint[i].iter().sum();
            let this: u64 = self.joint.iter().map(|row| row[i]).sum();
            let nf = n as f64;
            (
                reference as f64 / nf,
                this as f64 / nf,
                self.joint[i][i] as f64 / nf,
            )
        };
        let d = p_this - p_ref;
        let variance = (p_ref + p_this - 2.0 * p_both - d * d).max(0.0);
        Difference::new(d, variance, n)
    }

    /// The paired difference in mean payoff of `actor` with its 95% interval.
    pub fn payoff_difference(&self, actor: Actor) -> Difference {
        let n = self.trials();
        let (mean, variance) = mean_and_variance(
            self.payoff_diff_sum[actor.index()],
            self.payoff_diff_squares[actor.index()],
            n,
        );
        Difference::new(mean, variance, n)
    }
}

/// A paired difference with its 95% normal interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// The estimate.
    pub estimate: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end of the 95% interval.
    pub high: f64,
}

impl Difference {
    fn new(estimate: f64, variance: f64, n: u64) -> Difference {
        let half = if n == 0 {
            0.0
        } else {
            crate::stats::Z95 * (variance / n as f64).sqrt()
        };
        Difference {
            estimate,
            low: estimate - half,
            high: estimate + half,
        }
    }
}

/// The outcome of a run of one scenario.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Everything counted.
    pub summary: Summary,
    /// For precision runs: whether every interval reached the target before the trial cap.
    pub precision_met: Option<bool>,
}

/// The outcome of a lockstep run of several scenarios.
#[derive(Clone, Debug)]
pub struct ManyResult {
    /// One summary per scenario, in the order given.
    pub summaries: Vec<Summary>,
    /// For each scenario, its trial-by-trial comparison with the first (the first's is trivial).
    pub pairs: Vec<PairStats>,
    /// For precision runs: whether every interval of every scenario reached the target.
    pub precision_met: Option<bool>,
}

/// The widest 95% interval half-width over the four outcomes.
pub fn widest_half_width(summary: &Summary) -> f64 {
    Outcome::ALL
        .iter()
        .map(|o| Proportion::wilson(summary.outcomes[o.index()], summary.trials).half_width())
        .fold(0.0, f64::max)
}

/// Plays trial `index` of `scenario`: draws its parameters, then the game, from its own stream.
pub fn run_trial<O: Observer>(
    scenario: &Scenario,
    base: &ChaCha8Rng,
    index: u64,
    observer: &mut O,
) -> (TrialResult, ModelParams) {
    let mut rng = trial_stream(base, index);
    let params = scenario.draw_params(&mut rng);
    let result = play_trial(scenario, &params, &mut rng, observer);
    (result, params)
}

/// The random stream of trial `index`: stream `index` of the generator seeded with the master
/// seed, so a trial's draws depend only on (seed, index).
pub fn trial_stream(base: &ChaCha8Rng, index: u64) -> ChaCha8Rng {
    let mut rng = base.clone();
    rng.set_stream(index);
    rng
}

/// The random generator every trial stream is derived from.
pub fn base_rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A sink for trial records of the first scenario, called once per batch in trial order.
pub type RecordSink<'a> = &'a mut dyn FnMut(&[TrialRecord]) -> std::io::Result<()>;

/// What one worker accumulates over its share of a batch.
struct Partial {
    summaries: Vec<Summary>,
    pairs: Vec<PairStats>,
    /// Trial records of the first scenario, by chunk index.
    records: Vec<(usize, Vec<TrialRecord>)>,
}

impl Partial {
    fn new(scenarios: &[&Scenario]) -> Partial {
        Partial {
            summaries: scenarios
                .iter()
                .map(|s| Summary::new(s.calendar().steps(), s.protocol().steps().len()))
                .collect(),
            pairs: vec![PairStats::default(); scenarios.len()],
            records: Vec::new(),
        }
    }

    fn run_chunk(
        &mut self,
        scenarios: &[&Scenario],
        base: &ChaCha8Rng,
        chunk: usize,
        trials: Range<u64>,
        keep_records: bool,
    ) {
        let mut records = Vec::new();
        for index in trials {
            let mut reference = None;
            for (i, scenario) in scenarios.iter().enumerate() {
                let summary = &mut self.summaries[i];
                let (result, params) = if index < TRAJECTORY_TRIALS {
                    run_trial(scenario, base, index, &mut summary.recorder())
                } else {
                    run_trial(scenario, base, index, &mut crate::observer::NoopObserver)
                };
                summary.add(&result);
                match reference {
                    None => {
                        reference = Some(result);
                        if keep_records {
                            records.push(TrialRecord {
                                trial: index,
                                result,
                                drawn: scenario
                                    .uncertain()
                                    .iter()
                                    .map(|u| u.target.get(&params))
                                    .collect(),
                            });
                        }
                    }
                    Some(first) => self.pairs[i].add(&first, &result),
                }
            }
        }
        if keep_records {
            self.records.push((chunk, records));
        }
    }
}

/// Runs `config.trials` trials of `scenario` (or fewer, once a precision target is met).
pub fn run(
    scenario: &Scenario,
    config: &RunConfig,
    monitor: &dyn RunMonitor,
    sink: Option<RecordSink<'_>>,
) -> Result<RunResult, EngineError> {
    let mut many = run_many(&[scenario], config, monitor, sink)?;
    Ok(RunResult {
        summary: many.summaries.swap_remove(0),
        precision_met: many.precision_met,
    })
}

/// Runs the same trials of several scenarios in lockstep (common random numbers). Records, when
/// a sink is given, are those of the first scenario.
pub fn run_many(
    scenarios: &[&Scenario],
    config: &RunConfig,
    monitor: &dyn RunMonitor,
    mut sink: Option<RecordSink<'_>>,
) -> Result<ManyResult, EngineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| EngineError::ThreadPool(e.to_string()))?;
    let base = base_rng(config.seed);
    let batch_trials = CHUNK_TRIALS
        * if config.precision.is_some() {
            PRECISION_BATCH_CHUNKS
        } else {
            BATCH_CHUNKS
        };
    let keep_records = sink.is_some();
    let end = config.first_trial.saturating_add(config.trials);
    let mut total = Partial::new(scenarios);
    let mut next = config.first_trial;
    let mut precision_met = config.precision.map(|_| false);
    while next < end {
        let batch_end = end.min(next.saturating_add(batch_trials));
        let chunks: Vec<Range<u64>> = (next..batch_end)
            .step_by(CHUNK_TRIALS as usize)
            .map(|start| start..batch_end.min(start + CHUNK_TRIALS))
            .collect();
        // Each worker keeps one partial summary and takes the next chunk as it finishes one
        // (dynamic load balancing); memory is one partial per thread, and integer summaries make
        // which worker ran which chunk invisible in the result.
        let next_chunk = AtomicUsize::new(0);
        let partials: Vec<Partial> = pool.broadcast(|_| {
            let mut partial = Partial::new(scenarios);
            loop {
                let i = next_chunk.fetch_add(1, Ordering::Relaxed);
                if i >= chunks.len() || monitor.cancelled() {
                    break;
                }
                partial.run_chunk(scenarios, &base, i, chunks[i].clone(), keep_records);
            }
            partial
        });
        if monitor.cancelled() {
            return Err(EngineError::Interrupted {
                completed: total.summaries[0].trials,
            });
        }
        let mut records: Vec<&(usize, Vec<TrialRecord>)> = Vec::new();
        for partial in &partials {
            for (a, b) in total.summaries.iter_mut().zip(&partial.summaries) {
                a.merge(b);
            }
            for (a, b) in total.pairs.iter_mut().zip(&partial.pairs) {
                a.merge(b);
            }
            records.extend(&partial.records);
        }
        if let Some(sink) = sink.as_deref_mut() {
            records.sort_by_key(|(chunk, _)| *chunk);
            for (_, chunk_records) in records {
                sink(chunk_records)?;
            }
        }
        next = batch_end;
        monitor.progress(total.summaries[0].trials);
        if let Some(target) = config.precision
            && total
                .summaries
                .iter()
                .all(|s| widest_half_width(s) <= target)
        {
            precision_met = Some(true);
            break;
        }
    }
    Ok(ManyResult {
        summaries: total.summaries,
        pairs: total.pairs,
        precision_met,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_difference_of_identical_results_is_exactly_zero() {
        let mut p = PairStats::default();
        p.joint[0][0] = 40;
        p.joint[2][2] = 60;
        let d = p.outcome_difference(Outcome::Restored);
        assert_eq!((d.estimate, d.low, d.high), (0.0, 0.0, 0.0));
        let pay = p.payoff_difference(Actor::Iran);
        assert_eq!((pay.estimate, pay.low, pay.high), (0.0, 0.0, 0.0));
    }

    #[test]
    fn paired_difference_matches_hand_computation() {
        // 100 trials: reference restored in 50, this one in 60; both in 45.
        let mut p = PairStats::default();
        p.joint[0][0] = 45;
        p.joint[0][2] = 5;
        p.joint[2][0] = 15;
        p.joint[2][2] = 35;
        let d = p.outcome_difference(Outcome::Restored);
        assert!((d.estimate - 0.10).abs() < 1e-12);
        // Var(D) = 0.5 + 0.6 - 2 * 0.45 - 0.01 = 0.19.
        let half = crate::stats::Z95 * (0.19f64 / 100.0).sqrt();
        assert!((d.high - d.estimate - half).abs() < 1e-12);
    }
}
