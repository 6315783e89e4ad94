//! Measuring the engine: the equilibrium solve and the trial phase apart, and the trials against
//! the ceiling their random number generator sets.
//!
//! A trial cannot run faster than the generator can produce the random words it consumes. This
//! module counts the words a trial draws (by running the real trial function on a counting
//! wrapper around its ChaCha8 stream), times raw ChaCha8 output, and times the real engine, so the
//! engine's efficiency can be stated as a share of that ceiling.

use std::convert::Infallible;
use std::hint::black_box;
use std::time::{Duration, Instant};

use rand::{Rng, TryRng};
use rand_chacha::ChaCha8Rng;

use crate::engine::monitor::Unmonitored;
use crate::engine::rng::{base_rng, trial_stream};
use crate::engine::solved::{Solved, solved};
use crate::engine::workers::Workers;
use crate::engine::{self, RunConfig};
use crate::model::observer::NoopObserver;
use crate::model::outcome::TrialResult;
use crate::scenario::Scenario;

/// A generator that counts the 32-bit words drawn from the one it wraps.
pub(crate) struct CountingRng<R> {
    inner: R,
    /// 32-bit words drawn so far (a 64-bit draw counts two).
    pub(crate) words: u64,
}

impl<R: Rng> TryRng for CountingRng<R> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.words += 1;
        Ok(self.inner.next_u32())
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.words += 2;
        Ok(self.inner.next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.words += dst.len().div_ceil(4) as u64;
        self.inner.fill_bytes(dst);
        Ok(())
    }
}

/// Mean 32-bit words one trial of `scenario` draws, over its first `trials` trials (its game
/// solved on `workers` if no recent solve can be reused).
pub fn words_per_trial(scenario: &Scenario, seed: u64, trials: u64, workers: &Workers) -> f64 {
    let base = base_rng(seed);
    let game = solved(scenario.setup(), workers);
    let mut total = 0u64;
    for index in 0..trials {
        let (result, words) = counted_trial(scenario, &game, &base, index);
        black_box(result);
        total += words;
    }
    total as f64 / trials.max(1) as f64
}

/// Raw ChaCha8 output on one thread, in 32-bit words per second.
pub fn raw_words_per_second(duration: Duration) -> f64 {
    let mut rng: ChaCha8Rng = base_rng(1);
    let start = Instant::now();
    let mut words = 0u64;
    while start.elapsed() < duration {
        for _ in 0..1 << 16 {
            black_box(rng.next_u64());
        }
        words += 2 << 16;
    }
    words as f64 / start.elapsed().as_secs_f64()
}

/// Wall-clock seconds the equilibrium solve of `scenario` takes on `workers`, computed afresh
/// (not from the cache).
pub fn solve_seconds(scenario: &Scenario, workers: &Workers) -> f64 {
    let start = Instant::now();
    let game = Solved::new(scenario.setup(), false, workers);
    let seconds = start.elapsed().as_secs_f64();
    black_box(game.stats());
    seconds
}

/// The largest resident memory this process has had, in bytes (Linux's `VmHWM`), or `None` where
/// the system does not say.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Wall-clock seconds the real engine takes for the trial phase of `trials` trials on `workers`.
/// The scenario is solved first, untimed; [`solve_seconds`] times that.
pub fn engine_seconds(scenario: &Scenario, trials: u64, workers: &Workers) -> f64 {
    black_box(solved(scenario.setup(), workers).stats());
    let config = RunConfig {
        seed: scenario.simulation().seed,
        first_trial: 0,
        trials,
        precision: None,
    };
    let start = Instant::now();
    let result = engine::run(scenario.case(), &config, workers, &Unmonitored, None);
    let seconds = start.elapsed().as_secs_f64();
    black_box(result.map_or(0, |r| r.summary.trials));
    seconds
}

/// Plays trial `index` exactly as the engine does, counting the 32-bit words it draws.
fn counted_trial(
    scenario: &Scenario,
    game: &Solved,
    base: &ChaCha8Rng,
    index: u64,
) -> (TrialResult, u64) {
    let mut rng = CountingRng {
        inner: trial_stream(base, index),
        words: 0,
    };
    let (result, _) = engine::play_from(scenario.case(), game, &mut rng, &mut NoopObserver);
    (result, rng.words)
}

/// The median of `repeat` measurements.
pub fn median_of(repeat: usize, mut measure: impl FnMut() -> f64) -> f64 {
    median((0..repeat.max(1)).map(|_| measure()).collect())
}

/// The median of `values` (the upper one for an even count; 0 for none).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::source::ScenarioSource;

    #[test]
    fn counting_does_not_change_the_trial() {
        let scenario = ScenarioSource::baseline().unwrap().build().unwrap();
        let base = base_rng(5);
        let workers = Workers::one().unwrap();
        let game = solved(scenario.setup(), &workers);
        for index in 0..50 {
            let (plain, _) =
                engine::run_trial(scenario.case(), &game, &base, index, &mut NoopObserver);
            let (counted, words) = counted_trial(&scenario, &game, &base, index);
            assert_eq!(plain, counted);
            assert!(words > 0);
        }
        assert!(words_per_trial(&scenario, 5, 20, &workers) > 50.0);
    }
}
