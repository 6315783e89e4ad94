//! The one run loop: a run's trials in fixed chunks of [`CHUNK_TRIALS`] and fixed batches of
//! chunks, spread over the workers, each worker reducing the chunks it takes into a tally of its
//! own ([`Tally`]), the tallies merged after every batch. Every decision that depends on results
//! (stopping for a precision target, cancelling) is taken at batch boundaries, which do not depend
//! on the thread count, and tallies hold integers, so the result is the same on any number of
//! threads. The run's summaries ([`super::run_many`]) and `score`'s event counts are two tallies
//! of this loop.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand_chacha::ChaCha8Rng;

use super::monitor::RunMonitor;
use super::rng::base_rng;
use super::solved::{Solved, solved_unless};
use super::workers::Workers;
use super::{Case, EngineError, RunConfig, run_trial};
use crate::model::facts::Facts;
use crate::model::observer::Observer;
use crate::model::outcome::TrialResult;
use crate::model::params::ModelParams;

/// Trials per chunk, the unit of parallel work.
pub(crate) const CHUNK_TRIALS: u64 = 1024;
/// Chunks per batch in a fixed-count run.
const BATCH_CHUNKS: u64 = 64;
/// Chunks per batch when running to a precision target (a finer stopping grain).
const PRECISION_BATCH_CHUNKS: u64 = 8;

/// What a worker counts over the chunks it takes.
pub(crate) trait Tally: Send + Sized {
    /// Plays trials `trials`, chunk number `chunk` of the run, of every case of `run` and counts
    /// them.
    fn chunk(&mut self, run: &Lockstep<'_>, chunk: usize, trials: Range<u64>);

    /// Adds another worker's counts.
    fn absorb(&mut self, other: Self);
}

/// The cases of a run with their solved games, on one seed's streams: what every trial reads.
/// Trial `i` of every case draws from stream `i` (common random numbers).
pub(crate) struct Lockstep<'a> {
    cases: &'a [Case<'a>],
    games: Vec<Arc<Solved>>,
    base: ChaCha8Rng,
}

impl<'a> Lockstep<'a> {
    /// Solves each case's game on `workers` (reusing a recent solve of the same game); gives up
    /// if `monitor` asks the run to stop meanwhile.
    pub(crate) fn solve(
        cases: &'a [Case<'a>],
        seed: u64,
        workers: &Workers,
        monitor: &dyn RunMonitor,
    ) -> Result<Lockstep<'a>, EngineError> {
        let stop = || monitor.cancelled();
        let games: Option<Vec<Arc<Solved>>> = cases
            .iter()
            .map(|c| solved_unless(c.setup, workers, &stop))
            .collect();
        Ok(Lockstep {
            cases,
            games: games.ok_or(EngineError::Interrupted { completed: 0 })?,
            base: base_rng(seed),
        })
    }

    /// The cases, in order.
    pub(crate) fn cases(&self) -> &[Case<'a>] {
        self.cases
    }

    /// The solved game of case `case`.
    pub(crate) fn game(&self, case: usize) -> &Solved {
        &self.games[case]
    }

    /// Plays trial `index` of case `case`, watched by `observer`.
    pub(crate) fn play<O: Observer>(
        &self,
        case: usize,
        index: u64,
        observer: &mut O,
    ) -> (TrialResult, ModelParams) {
        run_trial(
            self.cases[case],
            &self.games[case],
            &self.base,
            index,
            observer,
        )
    }

    /// The observable facts of trial `index` of case `case`.
    pub(crate) fn facts(&self, case: usize, index: u64) -> Facts {
        let mut facts = Facts::new(self.games[case].talks_open_at_start());
        self.play(case, index, &mut facts);
        facts
    }

    /// Whether trial `index` of case `case` is consistent with every one of its given events
    /// (rejection sampling, `docs/model.md` §22). The trial is played once, watched only for its
    /// facts; an accepted trial is then played again, from the same stream, into the tally, so
    /// that rejected trials leave no trace in it. Without given events every trial is accepted
    /// and nothing is played here.
    pub(crate) fn accepted(&self, case: usize, index: u64) -> bool {
        let conditions = self.cases[case].conditions;
        conditions.given.is_empty() || conditions.admit(&self.facts(case, index))
    }
}

/// Runs the trials of `config` of `run` on `workers`, each worker counting the chunks it takes
/// into a `fresh()` tally, and merges the tallies after every batch. `after_batch` sees the total
/// so far and says whether to stop early (a precision target met); `monitor` hears the trials
/// played after every batch and can stop the run between chunks.
pub(crate) fn reduce<T: Tally>(
    run: &Lockstep<'_>,
    config: &RunConfig,
    workers: &Workers,
    monitor: &dyn RunMonitor,
    fresh: impl Fn() -> T + Sync,
    mut after_batch: impl FnMut(&mut T) -> Result<bool, EngineError>,
) -> Result<T, EngineError> {
    let batch_trials = CHUNK_TRIALS
        * if config.precision.is_some() {
            PRECISION_BATCH_CHUNKS
        } else {
            BATCH_CHUNKS
        };
    let end = config.first_trial.saturating_add(config.trials);
    let mut total = fresh();
    let mut next = config.first_trial;
    while next < end {
        let batch_end = end.min(next.saturating_add(batch_trials));
        let chunks: Vec<Range<u64>> = (next..batch_end)
            .step_by(CHUNK_TRIALS as usize)
            .map(|start| start..batch_end.min(start + CHUNK_TRIALS))
            .collect();
        // Each worker keeps one tally and takes the next chunk as it finishes one (dynamic load
        // balancing); memory is one tally per thread, and integer tallies make which worker ran
        // which chunk invisible in the result.
        let first_chunk = ((next - config.first_trial) / CHUNK_TRIALS) as usize;
        let next_chunk = AtomicUsize::new(0);
        let parts: Vec<T> = workers.broadcast(|| {
            let mut part = fresh();
            loop {
                let i = next_chunk.fetch_add(1, Ordering::Relaxed);
                if i >= chunks.len() || monitor.cancelled() {
                    break;
                }
                part.chunk(run, first_chunk + i, chunks[i].clone());
            }
            part
        });
        if monitor.cancelled() {
            return Err(EngineError::Interrupted {
                completed: next - config.first_trial,
            });
        }
        for part in parts {
            total.absorb(part);
        }
        next = batch_end;
        monitor.progress(next - config.first_trial);
        if after_batch(&mut total)? {
            break;
        }
    }
    Ok(total)
}
