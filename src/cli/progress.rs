//! Progress bar and Ctrl-C handling for long runs.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jcpoa_sim::engine::monitor::RunMonitor;

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
                    "{prefix} [{bar:40}] {human_pos}/{human_len} trials ({per_sec}, eta {eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
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
}

impl RunMonitor for Progress {
    fn progress(&self, done: u64) {
        self.bar.set_position(done);
    }

    fn cancelled(&self) -> bool {
        interrupted()
    }
}
