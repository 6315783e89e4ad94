//! The flags several commands share, each declared once as a group of its own and flattened into
//! every command that takes it (a command that gives a flag another default or meaning says so
//! with `mut_arg`, not with a second declaration). Sentinels are resolved here, at the boundary:
//! `--threads 0` becomes the machine's core count before anything below sees it.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::Args;
use jcpoa_sim::engine::RunConfig;
use jcpoa_sim::engine::workers::Workers;
use jcpoa_sim::scenario::SimulationSettings;

use super::common::UsageError;

/// Most trials a precision run may take unless --trials says otherwise.
const PRECISION_TRIAL_CAP: u64 = 10_000_000;

/// Most worker threads a command may ask for, on every machine (beyond some tens of thousands the
/// system cannot create them at all).
pub(crate) const MAX_THREADS: u64 = 1024;

/// Most worker threads per core a command runs: each thread keeps its own partial summary and
/// takes whole chunks of 1,024 trials, so threads beyond a few per core only cost memory and
/// start-up time. More are capped, with a note.
pub(crate) const MAX_THREADS_PER_CORE: NonZeroUsize = NonZeroUsize::new(4).unwrap();

/// Largest seed, the same on the command line as in a file (TOML integers are signed 64-bit).
pub(crate) const MAX_SEED: u64 = i64::MAX as u64;

/// `--trials`.
#[derive(Debug, Args)]
pub(crate) struct TrialsArg {
    /// Number of trials (default: the scenario's simulation.trials).
    #[arg(long)]
    pub(crate) trials: Option<u64>,
}

impl TrialsArg {
    /// The trials asked for, or `default`; 0 is refused.
    pub(crate) fn or(&self, default: u64) -> Result<u64, UsageError> {
        match self.trials {
            Some(0) => Err(UsageError("--trials must be at least 1".into())),
            Some(n) => Ok(n),
            None => Ok(default),
        }
    }
}

/// `--seed`.
#[derive(Debug, Args)]
pub(crate) struct SeedArg {
    /// Master seed, 0 to 2^63-1 (default: the scenario's simulation.seed).
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_SEED))]
    pub(crate) seed: Option<u64>,
}

/// `--threads`.
#[derive(Debug, Args)]
pub(crate) struct ThreadsArg {
    /// Worker threads, 1 to 1024, or 0 for one per core (the default); more than four per core
    /// are capped. Results do not depend on it.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=MAX_THREADS))]
    threads: u64,
}

impl ThreadsArg {
    /// The command's worker threads: `--threads`, 0 meaning one per core, capped at
    /// [`MAX_THREADS_PER_CORE`] per core (saying so on stderr).
    pub(crate) fn workers(&self) -> anyhow::Result<Workers> {
        let cores = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
        let cap = cores.saturating_mul(MAX_THREADS_PER_CORE);
        let asked = usize::try_from(self.threads)
            .ok()
            .and_then(NonZeroUsize::new);
        let threads = match asked {
            None => cores,
            Some(n) if n > cap => {
                eprintln!(
                    "note: --threads {n} is more than {MAX_THREADS_PER_CORE} per core on this machine's {cores} cores; running {cap} (results do not depend on it)"
                );
                cap
            }
            Some(n) => n,
        };
        Ok(Workers::new(threads)?)
    }
}

/// `--out`.
#[derive(Debug, Args)]
pub(crate) struct OutArg {
    /// Report directory (default: under reports/).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

impl OutArg {
    /// The report directory: `--out`, or `reports/<default_name>`.
    pub(crate) fn dir(&self, default_name: &str) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| PathBuf::from("reports").join(default_name))
    }
}

/// `--quiet`.
#[derive(Debug, Args)]
pub(crate) struct QuietArg {
    /// No progress bar.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

/// `--precision` and `--max-trials`.
#[derive(Debug, Args)]
pub(crate) struct PrecisionArgs {
    /// Keep adding trials until every outcome's 95% interval half-width is at most this
    /// (e.g. 0.005); --trials is then the most that may be run (default 10,000,000).
    #[arg(long, value_name = "HALF_WIDTH", allow_negative_numbers = true)]
    precision: Option<f64>,
    /// With --precision: the most trials to play (default 10,000,000); with --given, trials are
    /// played until the accepted ones reach the precision or this many have been played.
    #[arg(
        long,
        value_name = "N",
        requires = "precision",
        conflicts_with = "trials"
    )]
    max_trials: Option<u64>,
}

/// How many trials, with which seed, on how many threads, written where: the options of every
/// command that runs trials of a scenario.
#[derive(Debug, Args)]
pub(crate) struct RunOptions {
    #[command(flatten)]
    trials: TrialsArg,
    #[command(flatten)]
    seed: SeedArg,
    #[command(flatten)]
    pub(crate) threads: ThreadsArg,
    #[command(flatten)]
    pub(crate) out: OutArg,
    #[command(flatten)]
    precision: PrecisionArgs,
    #[command(flatten)]
    quiet: QuietArg,
}

impl RunOptions {
    /// The engine configuration, taking defaults from the scenario's settings and
    /// `default_trials` when given (commands that run many points use fewer trials per point).
    pub(crate) fn config(
        &self,
        settings: SimulationSettings,
        default_trials: Option<u64>,
    ) -> Result<RunConfig, UsageError> {
        let precision = self.precision.precision;
        if let Some(p) = precision
            && !(p.is_finite() && p > 0.0 && p < 0.5)
        {
            return Err(UsageError(format!(
                "--precision must be a half-width between 0 and 0.5 (e.g. 0.005), got {p}"
            )));
        }
        if self.precision.max_trials == Some(0) {
            return Err(UsageError("--max-trials must be at least 1".into()));
        }
        let cap = match precision {
            Some(_) => self.precision.max_trials.unwrap_or(PRECISION_TRIAL_CAP),
            None => default_trials.unwrap_or(settings.trials),
        };
        Ok(RunConfig {
            seed: self.seed.seed.unwrap_or(settings.seed),
            first_trial: 0,
            trials: self.trials.or(cap)?,
            precision,
        })
    }

    /// Whether the progress bar is off.
    pub(crate) fn quiet(&self) -> bool {
        self.quiet.quiet
    }
}
