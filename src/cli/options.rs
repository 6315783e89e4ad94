//! Options shared by every command that runs trials.

use std::path::PathBuf;

use clap::Args;
use jcpoa_sim::engine::RunConfig;
use jcpoa_sim::scenario::SimulationSettings;

use super::common::UsageError;

/// Most trials a precision run may take unless --trials says otherwise.
const PRECISION_TRIAL_CAP: u64 = 10_000_000;

/// How many trials, with which seed, on how many threads, written where.
#[derive(Debug, Args)]
pub(crate) struct RunOptions {
    /// Number of trials (default: the scenario's simulation.trials).
    #[arg(long)]
    pub(crate) trials: Option<u64>,
    /// Master seed (default: the scenario's simulation.seed).
    #[arg(long)]
    pub(crate) seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub(crate) threads: usize,
    /// Report directory (default: under reports/).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Keep adding trials until every outcome's 95% interval half-width is at most this
    /// (e.g. 0.005); --trials is then the most that may be run (default 10,000,000).
    #[arg(long, value_name = "HALF_WIDTH", allow_negative_numbers = true)]
    pub(crate) precision: Option<f64>,
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
        let trials = match (self.precision, self.trials) {
            (_, Some(n)) => n,
            (Some(_), None) => PRECISION_TRIAL_CAP,
            (None, None) => default_trials.unwrap_or(settings.trials),
        };
        Ok(RunConfig {
            seed: self.seed.unwrap_or(settings.seed),
            first_trial: 0,
            trials,
            threads: self.threads,
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
