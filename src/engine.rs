//! The Monte Carlo engine: runs trials in parallel and reduces them into a [`Summary`].
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
//! shards of the trial range merge into exactly what one run gives. Memory holds a few summaries
//! per thread and one batch of trial records when they are requested, whatever the trial count.

use std::ops::Range;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::observer::Observer;
use crate::outcome::{Outcome, TrialResult};
use crate::scenario::Scenario;
use crate::stats::Proportion;
use crate::summary::Summary;
use crate::trial::play_trial;

/// Trials per chunk, the unit of parallel work.
pub const CHUNK_TRIALS: u64 = 1024;
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

/// The outcome of a run: the summary and whether a precision target was met.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Everything counted.
    pub summary: Summary,
    /// For precision runs: whether every interval reached the target before the trial cap.
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
) -> (TrialResult, crate::params::ModelParams) {
    let mut rng = base.clone();
    rng.set_stream(index);
    let params = scenario.draw_params(&mut rng);
    let result = play_trial(scenario, &params, &mut rng, observer);
    (result, params)
}

/// The random generator every trial stream is derived from.
pub fn base_rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

fn run_chunk(
    scenario: &Scenario,
    base: &ChaCha8Rng,
    trials: Range<u64>,
    summary: &mut Summary,
    mut records: Option<&mut Vec<TrialRecord>>,
) {
    for index in trials {
        let (result, params) = run_trial(scenario, base, index, &mut summary.recorder());
        summary.add(&result);
        if let Some(records) = records.as_deref_mut() {
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
}

/// A sink for trial records, called once per batch with records in trial order.
pub type RecordSink<'a> = &'a mut dyn FnMut(&[TrialRecord]) -> std::io::Result<()>;

/// Runs `config.trials` trials of `scenario` (or fewer, once a precision target is met).
pub fn run(
    scenario: &Scenario,
    config: &RunConfig,
    monitor: &dyn RunMonitor,
    mut sink: Option<RecordSink<'_>>,
) -> Result<RunResult, EngineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| EngineError::ThreadPool(e.to_string()))?;
    let base = base_rng(config.seed);
    let steps = scenario.calendar().steps();
    let protocol_steps = scenario.protocol().steps().len();
    let empty = || Summary::new(steps, protocol_steps);
    let batch_trials = CHUNK_TRIALS
        * if config.precision.is_some() {
            PRECISION_BATCH_CHUNKS
        } else {
            BATCH_CHUNKS
        };
    let keep_records = sink.is_some();
    let end = config.first_trial.saturating_add(config.trials);
    let mut total = empty();
    let mut next = config.first_trial;
    let mut precision_met = config.precision.map(|_| false);
    while next < end {
        let batch_end = end.min(next.saturating_add(batch_trials));
        let chunks: Vec<Range<u64>> = (next..batch_end)
            .step_by(CHUNK_TRIALS as usize)
            .map(|start| start..batch_end.min(start + CHUNK_TRIALS))
            .collect();
        let (batch, mut records) = pool.install(|| {
            chunks
                .par_iter()
                .enumerate()
                .fold(
                    || (empty(), Vec::new()),
                    |(mut summary, mut records), (i, chunk)| {
                        if !monitor.cancelled() {
                            let mut local = keep_records.then(Vec::new);
                            run_chunk(scenario, &base, chunk.clone(), &mut summary, local.as_mut());
                            if let Some(local) = local {
                                records.push((i, local));
                            }
                        }
                        (summary, records)
                    },
                )
                .reduce(
                    || (empty(), Vec::new()),
                    |(mut a, mut ra), (b, rb)| {
                        a.merge(&b);
                        ra.extend(rb);
                        (a, ra)
                    },
                )
        });
        if monitor.cancelled() {
            return Err(EngineError::Interrupted {
                completed: total.trials,
            });
        }
        if let Some(sink) = sink.as_deref_mut() {
            records.sort_by_key(|(i, _)| *i);
            for (_, chunk_records) in &records {
                sink(chunk_records)?;
            }
        }
        total.merge(&batch);
        next = batch_end;
        monitor.progress(total.trials);
        if let Some(target) = config.precision
            && widest_half_width(&total) <= target
        {
            precision_met = Some(true);
            break;
        }
    }
    Ok(RunResult {
        summary: total,
        precision_met,
    })
}
