//! Random streams: every trial draws from its own stream of one ChaCha8 generator, so what a
//! trial does depends only on (seed, trial index), never on threads, shards or other trials.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

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
