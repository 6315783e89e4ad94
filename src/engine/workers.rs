//! The worker threads a command runs on: one pool, built once at the command-line boundary and
//! passed down, so that every solve, run and analysis point of the command uses the same threads
//! (and nothing runs on a pool that merely happens to be installed).

use std::num::NonZeroUsize;

use super::EngineError;

/// A pool of worker threads.
pub struct Workers {
    pool: rayon::ThreadPool,
}

impl Workers {
    /// A pool of `threads` worker threads.
    pub fn new(threads: NonZeroUsize) -> Result<Workers, EngineError> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.get())
            .build()
            .map(|pool| Workers { pool })
            .map_err(|e| EngineError::ThreadPool(e.to_string()))
    }

    /// A pool of one thread (tests, the single-thread measurements of `bench`).
    pub fn one() -> Result<Workers, EngineError> {
        Workers::new(NonZeroUsize::MIN)
    }

    /// How many threads the pool has.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Runs `f` on the pool: rayon's parallel iterators inside it (the equilibrium solve's) use
    /// these threads.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }

    /// Runs `f` once on every thread of the pool and returns the results in thread order.
    pub(crate) fn broadcast<R: Send>(&self, f: impl Fn() -> R + Sync) -> Vec<R> {
        self.pool.broadcast(|_| f())
    }
}
