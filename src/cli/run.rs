//! `jcpoa-sim run`: one scenario, its report and its terminal summary.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use jcpoa_sim::engine::{self, RunConfig, TrialRecord};
use jcpoa_sim::report::csv::TrialsCsv;
use jcpoa_sim::report::{Report, ReportDir, RunInfo, table};

use super::progress::{Progress, install_interrupt_handler};
use super::{ScenarioArgs, UsageError, print_out};

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Number of trials (default: the scenario's simulation.trials).
    #[arg(long)]
    trials: Option<u64>,
    /// Master seed (default: the scenario's simulation.seed).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Report directory (default: reports/<scenario name>).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write trials.csv: one row per trial with the values drawn for uncertain parameters.
    #[arg(long)]
    trials_csv: bool,
    /// Keep adding trials until every outcome's 95% interval half-width is at most this
    /// (e.g. 0.005); --trials is then the most that may be run (default 10,000,000).
    #[arg(long, value_name = "HALF_WIDTH")]
    precision: Option<f64>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// Most trials a precision run may take unless --trials says otherwise.
const PRECISION_TRIAL_CAP: u64 = 10_000_000;

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    let scenario = args.scenario.load()?;
    if args.trials == Some(0) {
        return Err(UsageError("--trials must be at least 1".into()).into());
    }
    if let Some(p) = args.precision
        && !(p.is_finite() && p > 0.0 && p < 0.5)
    {
        return Err(UsageError(format!(
            "--precision must be a half-width between 0 and 0.5 (e.g. 0.005), got {p}"
        ))
        .into());
    }
    let settings = scenario.simulation();
    let config = RunConfig {
        seed: args.seed.unwrap_or(settings.seed),
        first_trial: 0,
        trials: match (args.precision, args.trials) {
            (Some(_), None) => PRECISION_TRIAL_CAP,
            (_, Some(n)) => n,
            (None, None) => settings.trials,
        },
        threads: args.threads,
        precision: args.precision,
    };
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(scenario.name()));
    let dir = ReportDir::prepare(&target)?;
    install_interrupt_handler();
    let progress = Progress::new(config.trials, scenario.name(), args.quiet);
    let mut csv = if args.trials_csv {
        Some(TrialsCsv::new(
            std::io::BufWriter::new(dir.create("trials.csv")?),
            &scenario,
        )?)
    } else {
        None
    };
    let mut write_rows = |records: &[TrialRecord]| match csv.as_mut() {
        Some(csv) => csv.write(&scenario, records),
        None => Ok(()),
    };
    let sink: Option<engine::RecordSink<'_>> = if args.trials_csv {
        Some(&mut write_rows)
    } else {
        None
    };
    let result = engine::run(&scenario, &config, &progress, sink);
    progress.finish();
    let result = result.context("the run did not finish")?;
    if let Some(csv) = csv {
        csv.finish().context("cannot write trials.csv")?;
    }
    let run = RunInfo {
        seed: config.seed,
        trials: result.summary.trials,
        first_trial: 0,
        precision_target: config.precision,
        precision_met: result.precision_met,
    };
    let report = Report::new(&scenario, run, &result.summary);
    report.write_to(&dir)?;
    let written = dir.commit()?;
    print_out(&format!(
        "{}  report: {}\n",
        table::render(&report),
        written.display()
    ))
}
