//! `jcpoa-sim run`: one scenario, its report and its terminal summary.

use anyhow::Context;
use clap::Args;
use jcpoa_sim::engine::{self, TrialRecord};
use jcpoa_sim::report::csv::TrialsCsv;
use jcpoa_sim::report::{Report, ReportDir, RunInfo, table};

use super::options::RunOptions;
use super::progress::{Progress, install_interrupt_handler};
use super::{ScenarioArgs, print_out};

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    options: RunOptions,
    /// Also write trials.csv: one row per trial with the values drawn for uncertain parameters.
    #[arg(long)]
    trials_csv: bool,
}

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    let scenario = args.scenario.load()?;
    let config = args.options.config(scenario.simulation(), None)?;
    let dir = ReportDir::prepare(&args.options.out_dir(scenario.name()))?;
    install_interrupt_handler();
    let progress = Progress::new(config.trials, scenario.name(), args.options.quiet);
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
