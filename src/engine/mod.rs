//! The Monte Carlo engine: solves each scenario's game once ([`solved()`]), runs its trials in
//! parallel and reduces them into [`Summary`]s. This module is the run loop; beside it are the
//! random streams ([`rng`]), the run monitors ([`monitor`]), the mergeable [`summary`] with its
//! payoff `histogram`, level `trajectory` histograms and the tally of how the equilibrium was
//! played ([`play`]), the paired statistics of lockstep runs (`pairs`) and the shards a run can
//! be split into ([`shard`]).
//!
//! Reproducibility rests on three rules:
//!
//! 1. Trial `i` draws only from its own stream: ChaCha8 seeded with `seed_from_u64(seed)`, then
//!    `set_stream(i)`. What a trial does never depends on which thread runs it or on other trials.
//! 2. Trials are grouped in fixed chunks of `CHUNK_TRIALS` and chunks in fixed batches; every
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
//! so their differences are paired (common random numbers), and `PairStats` records the joint
//! outcomes each scenario has with the first, for paired intervals.

pub(crate) mod histogram;
pub mod monitor;
pub(crate) mod pairs;
pub mod play;
pub mod rng;
pub mod shard;
pub mod solved;
pub mod summary;
pub(crate) mod trajectory;

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand_chacha::ChaCha8Rng;

use crate::model::conditions::Conditions;
use crate::model::facts::Facts;
use crate::model::observer::Observer;
use crate::model::outcome::{Outcome, TrialResult};
use crate::model::params::ModelParams;
use crate::model::setup::Setup;
use crate::model::trial::play_trial;
use crate::stats::Proportion;
use monitor::RunMonitor;
use pairs::PairStats;
use play::PlayTally;
use rng::{base_rng, trial_stream};
use solved::{Solved, solved_unless};
use summary::Summary;

/// Trials per chunk, the unit of parallel work.
pub(crate) const CHUNK_TRIALS: u64 = 1024;
/// Trials whose levels are recorded for the trajectory bands: those with an index below this.
/// The bands' quantiles are stable to the grid's resolution well before this many trials, and
/// recording every step of every trial would cost a fifth of a run's time.
pub(crate) const TRAJECTORY_TRIALS: u64 = 1 << 16;
/// Chunks per batch in a fixed-count run.
const BATCH_CHUNKS: u64 = 64;
/// Chunks per batch when running to a precision target (a finer stopping grain).
const PRECISION_BATCH_CHUNKS: u64 = 8;

/// One scenario as the engine runs it: the game's setup and the events its trials are
/// conditioned on and forced.
#[derive(Clone, Copy, Debug)]
pub struct Case<'a> {
    /// Rules, parameters and their draws.
    pub setup: &'a Setup,
    /// Events observed and forced.
    pub conditions: &'a Conditions,
}

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
    pub(crate) trial: u64,
    /// What happened.
    pub(crate) result: TrialResult,
    /// Values drawn, in the order of [`Setup::uncertain`].
    pub(crate) drawn: Vec<f64>,
}

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
    pub(crate) summaries: Vec<Summary>,
    /// For each scenario, its trial-by-trial comparison with the first (the first's is trivial).
    pub(crate) pairs: Vec<PairStats>,
    /// For precision runs: whether every interval of every scenario reached the target.
    pub(crate) precision_met: Option<bool>,
}

impl ManyResult {
    /// One summary per scenario, in the order given.
    pub fn summaries(&self) -> &[Summary] {
        &self.summaries
    }
}

/// The widest 95% interval half-width over the four outcomes.
pub(crate) fn widest_half_width(summary: &Summary) -> f64 {
    Outcome::ALL
        .iter()
        .map(|o| Proportion::wilson(summary.outcomes[o.index()], summary.trials).half_width())
        .fold(0.0, f64::max)
}

/// Plays trial `index` of `case`, whose solved game is `game`: draws its parameters, then plays
/// the game, from its own stream.
pub fn run_trial<O: Observer>(
    case: Case<'_>,
    game: &Solved,
    base: &ChaCha8Rng,
    index: u64,
    observer: &mut O,
) -> (TrialResult, ModelParams) {
    play_from(case, game, &mut trial_stream(base, index), observer)
}

/// Plays one trial of `case` from the random stream `rng`: draws its parameters, then plays the
/// solved game `game`. [`run_trial`] gives it trial `index`'s stream.
pub fn play_from<R: rand::Rng + ?Sized, O: Observer>(
    case: Case<'_>,
    game: &Solved,
    rng: &mut R,
    observer: &mut O,
) -> (TrialResult, ModelParams) {
    let params = case.setup.draw_params(rng);
    let result = play_trial(
        &game.game,
        &game.eq,
        &case.setup.rules().calendar,
        &params,
        case.conditions.forces(),
        rng,
        observer,
    );
    (result, params)
}

/// Whether trial `index` of `case` is consistent with every one of its given events (rejection
/// sampling, `docs/model.md` §22). The trial is played once, watched only for its facts; an
/// accepted trial is then played again, from the same stream, into the summaries, so that
/// rejected trials leave no trace in them. Without given events every trial is accepted and
/// nothing is played here.
pub fn accepted(case: Case<'_>, game: &Solved, base: &ChaCha8Rng, index: u64) -> bool {
    if case.conditions.given.is_empty() {
        return true;
    }
    let mut facts = Facts::new(game.talks_open_at_start());
    run_trial(case, game, base, index, &mut facts);
    case.conditions.admit(&facts)
}

/// An empty summary of `setup`'s trials, which play `game`.
pub fn empty_summary(setup: &Setup, game: &Solved) -> Summary {
    let rules = setup.rules();
    Summary::new(
        rules.calendar.steps(),
        rules.calendar.horizon_days() as usize,
        PlayTally::new(&rules.protocol),
        game.stats(),
    )
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
    fn new(cases: &[Case<'_>], games: &[Arc<Solved>]) -> Partial {
        Partial {
            summaries: cases
                .iter()
                .zip(games)
                .map(|(c, g)| empty_summary(c.setup, g))
                .collect(),
            pairs: vec![PairStats::default(); cases.len()],
            records: Vec::new(),
        }
    }

    fn run_chunk(
        &mut self,
        cases: &[Case<'_>],
        games: &[Arc<Solved>],
        base: &ChaCha8Rng,
        chunk: usize,
        trials: Range<u64>,
        keep_records: bool,
    ) {
        let mut records = Vec::new();
        for index in trials {
            let mut reference = None;
            for (i, &case) in cases.iter().enumerate() {
                let summary = &mut self.summaries[i];
                summary.played += 1;
                if !accepted(case, &games[i], base, index) {
                    continue;
                }
                let mut observer = summary.observer(index < TRAJECTORY_TRIALS);
                let (result, params) = run_trial(case, &games[i], base, index, &mut observer);
                summary.add(&result);
                match reference {
                    None if i == 0 => {
                        reference = Some(result);
                        if keep_records {
                            records.push(TrialRecord {
                                trial: index,
                                result,
                                drawn: case
                                    .setup
                                    .uncertain()
                                    .iter()
                                    .map(|u| u.target.get(&params))
                                    .collect(),
                            });
                        }
                    }
                    None => {}
                    Some(first) => self.pairs[i].add(&first, &result),
                }
            }
        }
        if keep_records {
            self.records.push((chunk, records));
        }
    }
}

/// Runs `config.trials` trials of `case` (or fewer, once a precision target is met).
pub fn run(
    case: Case<'_>,
    config: &RunConfig,
    monitor: &dyn RunMonitor,
    sink: Option<RecordSink<'_>>,
) -> Result<RunResult, EngineError> {
    let mut many = run_many(&[case], config, monitor, sink)?;
    Ok(RunResult {
        summary: many.summaries.swap_remove(0),
        precision_met: many.precision_met,
    })
}

/// Runs the same trials of several cases in lockstep (common random numbers). Records, when a
/// sink is given, are those of the first case.
pub fn run_many(
    cases: &[Case<'_>],
    config: &RunConfig,
    monitor: &dyn RunMonitor,
    mut sink: Option<RecordSink<'_>>,
) -> Result<ManyResult, EngineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| EngineError::ThreadPool(e.to_string()))?;
    // Each scenario's equilibrium, solved once on the run's threads.
    let stop = || monitor.cancelled();
    let games: Option<Vec<Arc<Solved>>> = pool.install(|| {
        cases
            .iter()
            .map(|c| solved_unless(c.setup, &stop))
            .collect()
    });
    let games = games.ok_or(EngineError::Interrupted { completed: 0 })?;
    let base = base_rng(config.seed);
    let batch_trials = CHUNK_TRIALS
        * if config.precision.is_some() {
            PRECISION_BATCH_CHUNKS
        } else {
            BATCH_CHUNKS
        };
    let keep_records = sink.is_some();
    let end = config.first_trial.saturating_add(config.trials);
    let mut total = Partial::new(cases, &games);
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
            let mut partial = Partial::new(cases, &games);
            loop {
                let i = next_chunk.fetch_add(1, Ordering::Relaxed);
                if i >= chunks.len() || monitor.cancelled() {
                    break;
                }
                partial.run_chunk(cases, &games, &base, i, chunks[i].clone(), keep_records);
            }
            partial
        });
        if monitor.cancelled() {
            return Err(EngineError::Interrupted {
                completed: total.summaries[0].played,
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
        monitor.progress(total.summaries[0].played);
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
