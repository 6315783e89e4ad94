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

mod batches;
pub(crate) mod histogram;
pub mod monitor;
pub(crate) mod pairs;
pub mod play;
pub mod rng;
pub mod shard;
pub mod solved;
pub mod summary;
pub(crate) mod trajectory;
pub mod workers;

use std::ops::Range;

use rand_chacha::ChaCha8Rng;

use crate::model::conditions::Conditions;
use crate::model::observer::Observer;
use crate::model::outcome::{Outcome, TrialResult};
use crate::model::params::ModelParams;
use crate::model::setup::Setup;
use crate::model::trial::play_trial;
use crate::stats::Proportion;
pub(crate) use batches::{Lockstep, Tally, reduce};
use monitor::RunMonitor;
use pairs::PairStats;
use play::PlayTally;
use rng::trial_stream;
use solved::Solved;
use summary::Summary;
use workers::Workers;

/// Trials whose levels are recorded for the trajectory bands: those with an index below this.
/// The bands' quantiles are stable to the grid's resolution well before this many trials, and
/// recording every step of every trial would cost a fifth of a run's time.
pub(crate) const TRAJECTORY_TRIALS: u64 = 1 << 16;

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

/// What one worker accumulates over its chunks of a run: a summary of each case, each case's
/// pairing with the first, and (when asked for) the first case's trial records by chunk.
struct Partial {
    summaries: Vec<Summary>,
    pairs: Vec<PairStats>,
    /// Trial records of the first case, by chunk number, when they are kept.
    records: Option<Vec<(usize, Vec<TrialRecord>)>>,
}

impl Partial {
    fn new(run: &Lockstep<'_>, keep_records: bool) -> Partial {
        let cases = run.cases();
        Partial {
            summaries: (0..cases.len())
                .map(|i| empty_summary(cases[i].setup, run.game(i)))
                .collect(),
            pairs: vec![PairStats::default(); cases.len()],
            records: keep_records.then(Vec::new),
        }
    }
}

impl Tally for Partial {
    fn chunk(&mut self, run: &Lockstep<'_>, chunk: usize, trials: Range<u64>) {
        let mut records = Vec::new();
        for index in trials {
            let mut reference = None;
            for (i, case) in run.cases().iter().enumerate() {
                let summary = &mut self.summaries[i];
                summary.played += 1;
                if !run.accepted(i, index) {
                    continue;
                }
                let mut observer = summary.observer(index < TRAJECTORY_TRIALS);
                let (result, params) = run.play(i, index, &mut observer);
                summary.add(&result);
                match reference {
                    None if i == 0 => {
                        if self.records.is_some() {
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
                        reference = Some(result);
                    }
                    None => {}
                    Some(first) => self.pairs[i].add(&first, &result),
                }
            }
        }
        if let Some(kept) = &mut self.records {
            kept.push((chunk, records));
        }
    }

    fn absorb(&mut self, other: Partial) {
        for (a, b) in self.summaries.iter_mut().zip(&other.summaries) {
            a.merge(b);
        }
        for (a, b) in self.pairs.iter_mut().zip(&other.pairs) {
            a.merge(b);
        }
        if let (Some(a), Some(b)) = (&mut self.records, other.records) {
            a.extend(b);
        }
    }
}

/// Runs `config.trials` trials of `case` (or fewer, once a precision target is met) on
/// `workers`.
pub fn run(
    case: Case<'_>,
    config: &RunConfig,
    workers: &Workers,
    monitor: &dyn RunMonitor,
    sink: Option<RecordSink<'_>>,
) -> Result<RunResult, EngineError> {
    let mut many = run_many(&[case], config, workers, monitor, sink)?;
    Ok(RunResult {
        summary: many.summaries.swap_remove(0),
        precision_met: many.precision_met,
    })
}

/// Runs the same trials of several cases in lockstep (common random numbers) on `workers`.
/// Records, when a sink is given, are those of the first case, handed over batch by batch in trial
/// order.
pub fn run_many(
    cases: &[Case<'_>],
    config: &RunConfig,
    workers: &Workers,
    monitor: &dyn RunMonitor,
    mut sink: Option<RecordSink<'_>>,
) -> Result<ManyResult, EngineError> {
    let run = Lockstep::solve(cases, config.seed, workers, monitor)?;
    let keep_records = sink.is_some();
    let mut precision_met = config.precision.map(|_| false);
    let total = reduce(
        &run,
        config,
        workers,
        monitor,
        || Partial::new(&run, keep_records),
        |total| {
            if let (Some(sink), Some(records)) = (sink.as_deref_mut(), &mut total.records) {
                records.sort_by_key(|(chunk, _)| *chunk);
                for (_, chunk_records) in records.drain(..) {
                    sink(&chunk_records)?;
                }
            }
            let met = config.precision.is_some_and(|target| {
                total
                    .summaries
                    .iter()
                    .all(|s| widest_half_width(s) <= target)
            });
            if met {
                precision_met = Some(true);
            }
            Ok(met)
        },
    )?;
    Ok(ManyResult {
        summaries: total.summaries,
        pairs: total.pairs,
        precision_met,
    })
}
