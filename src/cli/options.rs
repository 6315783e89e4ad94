//! Options shared by every command that runs trials.

use std::path::PathBuf;

use clap::Args;
use jcpoa_sim::engine::RunConfig;
use jcpoa_sim::scenario::SimulationSettings;

use super::common::UsageError;

/// Most trials a precision run may take unless --trials says otherwise.
const PRECISION_TRIAL_CAP: u64 = 10_000_000;

/// Most worker threads a run may ask for, on every machine: more only costs memory and start-up
/// time (and beyond some tens of thousands the system cannot create them at all).
pub(crate) const MAX_THREADS: u64 = 1024;

/// Largest seed, the same on the command line as in a file (TOML integers are signed 64-bit).
pub(crate) const MAX_SEED: u64 = i64::MAX as u64;

/// How many trials, with which seed, on how many threads, written where.
#[derive(Debug, Args)]
pub(crate) struct RunOptions {
    /// Number of trials (default: the scenario's simulation.trials).
    #[arg(long)]
    pub(crate) trials: Option<u64>,
    /// Master seed, 0 to 2^63-1 (default: the scenario's simulation.seed).
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_SEED))]
    pub(crate) seed: Option<u64>,
    /// Worker threads, 1 to 1024, or 0 for one per core (the default). Results do not depend on
    /// it.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=MAX_THREADS))]
    pub(crate) threads: u64,
    /// Report directory (default: under reports/).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Keep adding trials until every outcome's 95% interval half-width is at most this
    /// (e.g. 0.005); --trials is then the most that may be run (default 10,000,000).
    #[arg(long, value_name = "HALF_WIDTH", allow_negative_numbers = true)]
    pub(crate) precision: Option<f64>,
    /// With --precision: the most trials to play (default 10,000,000); with --given, trials are
    /// played until the accepted ones reach the precision or this many have been played.
    #[arg(
        long,
        value_name = "N",
        requires = "precision",
        conflicts_with = "trials"
    )]
    pub(crate) max_trials: Option<u64>,
    /// No progress bar.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

impl RunOptions {
    /// The engine configuration, taking defaults from the scenario's settings and
    /// `default_trials` when given (commands that run many points use fewer trials per point).
    pub(crate) fn config(
        &self,
        settings: SimulationSettings,
        default_trials: Option<u64>,
    ) -> Result<RunConfig, UsageError> {
        if self.trials == Some(0) {
            return Err(UsageError("--trials must be at least 1".into()));
        }
        if let Some(p) = self.precision
            && !(p.is_finite() && p > 0.0 && p < 0.5)
        {
            return Err(UsageError(format!(
                "--precision must be a half-width between 0 and 0.5 (e.g. 0.005), got {p}"
            )));
        }
        if self.max_trials == Some(0) {
            return Err(UsageError("--max-trials must be at least 1".into()));
        }
        let trials = match (self.precision, self.trials.or(self.max_trials)) {
            (_, Some(n)) => n,
            (Some(_), None) => PRECISION_TRIAL_CAP,
            (None, None) => default_trials.unwrap_or(settings.trials),
        };
        Ok(RunConfig {
            seed: self.seed.unwrap_or(settings.seed),
            first_trial: 0,
            trials,
            threads: usize::try_from(self.threads).unwrap_or(1),
            precision: self.precision,
        })
    }

    /// The report directory: `--out`, or `reports/<default_name>`.
    pub(crate) fn out_dir(&self, default_name: &str) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| PathBuf::from("reports").join(default_name))
    }
}
