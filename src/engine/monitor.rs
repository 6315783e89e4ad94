//! Run monitors: how a run reports progress and learns that it should stop.

use std::sync::atomic::{AtomicU64, Ordering};

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
    pub(crate) fn finished(&self, trials: u64) {
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
