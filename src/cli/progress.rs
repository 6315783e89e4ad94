//! Progress bar and Ctrl-C handling for long runs.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use jcpoa_sim::analysis::point::PointError;
use jcpoa_sim::engine::EngineError;
use jcpoa_sim::engine::monitor::RunMonitor;
use jcpoa_sim::report::format::thousands;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C / SIGTERM handler: the first signal asks the run to stop at the next chunk
/// (the previous report stays intact); a second one exits at once.
pub(crate) fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\ninterrupt received: stopping; the previous report is left as it was");
    });
}

/// Whether an interrupt was received.
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Shows progress on stderr when it is a terminal, and reports interrupts to the engine.
pub(crate) struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A progress bar for `total` trials, hidden when stderr is not a terminal or `quiet`.
    pub(crate) fn new(total: u64, label: &str, quiet: bool) -> Progress {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
        } else {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:40}] {human_pos}/{human_len} trials ({rate}, eta {eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{}", rate(state.per_sec()));
                    },
                )
                .progress_chars("=> "),
            );
            bar
        };
        bar.set_prefix(label.to_string());
        Progress { bar }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// Trials done so far (over every run of an analysis).
    pub(crate) fn done(&self) -> u64 {
        self.bar.position()
    }

    /// The error for an analysis (`what`) stopped by an interrupt, counting the trials of all its
    /// runs rather than those of the run it stopped in; any other error as it is.
    pub(crate) fn stopped(&self, what: &str, err: PointError) -> anyhow::Error {
        match err {
            PointError::Engine(EngineError::Interrupted { .. }) => anyhow::anyhow!(
                "{what} was interrupted after {} trials in all; the previous report is left as it was",
                thousands(self.done())
            ),
            other => anyhow::Error::new(other).context(format!("{what} did not finish")),
        }
    }
}

/// A rate for the progress bar: whole trials per second with thousands separators.
fn rate(per_sec: f64) -> String {
    if per_sec.is_finite() && per_sec >= 0.0 {
        format!("{}/s", thousands(per_sec.round() as u64))
    } else {
        "-/s".to_string()
    }
}

impl RunMonitor for Progress {
    fn progress(&self, done: u64) {
        self.bar.set_position(done);
    }

    fn cancelled(&self) -> bool {
        interrupted()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_whole_trials_per_second() {
        assert_eq!(rate(189_327.016_8), "189,327/s");
        assert_eq!(rate(f64::NAN), "-/s");
    }
}
