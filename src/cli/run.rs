//! `jcpoa-sim run`: one scenario, its report and its terminal summary.

use anyhow::Context;
use clap::Args;
use jcpoa_sim::engine::{self, TrialRecord};
use jcpoa_sim::report::output::{ReportDir, ReportKind};
use jcpoa_sim::report::run::csv::TrialsCsv;
use jcpoa_sim::report::run::{Report, RunInfo, table};

use super::budget::check_solve;
use super::common::{EventArgs, ScenarioArgs, build, check_accepted, print_out};
use super::options::RunOptions;
use super::progress::{Progress, install_interrupt_handler};
use jcpoa_sim::engine::shard::{PartialResult, Shard};

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    options: RunOptions,
    #[command(flatten)]
    events: EventArgs,
    /// Also write trials.csv: one row per trial with the values drawn for uncertain parameters.
    #[arg(long)]
    trials_csv: bool,
    /// Run only the I-th of N equal slices of the trials and write a mergeable partial.json
    /// (combine the N with `jcpoa-sim merge`).
    #[arg(long, value_name = "I/N", value_parser = Shard::parse, conflicts_with = "precision")]
    shard: Option<Shard>,
}

pub(crate) fn run(args: &RunArgs) -> anyhow::Result<()> {
    let mut source = args.scenario.source()?;
    args.events.apply(&mut source)?;
    let scenario = build(&source)?;
    check_solve(&scenario)?;
    let mut config = args.options.config(scenario.simulation(), None)?;
    let shard = args.shard;
    let total_trials = config.trials;
    if let Some(shard) = shard {
        let range = shard.range(total_trials);
        config.first_trial = range.start;
        config.trials = range.end - range.start;
    }
    let default_dir = match shard {
        Some(s) => format!("{}-shard-{}-of-{}", scenario.name(), s.index, s.count),
        None => scenario.name().to_string(),
    };
    let dir = ReportDir::prepare(&args.options.out.dir(&default_dir), ReportKind::Run)?;
    let workers = args.options.threads.workers()?;
    install_interrupt_handler();
    let progress = Progress::new(config.trials, scenario.name(), args.options.quiet());
    let mut csv = if args.trials_csv {
        Some(TrialsCsv::new(
            std::io::BufWriter::new(dir.create("trials.csv")?),
            &scenario,
        )?)
    } else {
        None
    };
    let mut write_rows = csv
        .as_mut()
        .map(|csv| |records: &[TrialRecord]| csv.write(&scenario, records));
    let sink: Option<engine::RecordSink<'_>> = write_rows
        .as_mut()
        .map(|write| write as engine::RecordSink<'_>);
    let result = engine::run(scenario.case(), &config, &workers, &progress, sink);
    progress.finish();
    let result = result.context("the run did not finish")?;
    if let Some(csv) = csv {
        csv.finish().context("cannot write trials.csv")?;
    }
    if let Some(shard) = shard {
        let partial = PartialResult {
            schema: jcpoa_sim::engine::shard::SCHEMA.to_string(),
            schema_version: jcpoa_sim::engine::shard::SCHEMA_VERSION,
            tool_version: jcpoa_sim::report::format::TOOL_VERSION.to_string(),
            scenario: source.record(),
            scenario_hash: scenario.provenance().hash.clone(),
            seed: config.seed,
            total_trials,
            shard,
            summary: result.summary,
        };
        let text = jcpoa_sim::input::seal(&partial).context("cannot encode the partial result")?;
        dir.write("partial.json", text.as_bytes())?;
        let written = dir.commit()?;
        return print_out(&format!(
            "shard {}/{} of {}: trials {}..{} of {}; partial result: {}\n",
            shard.index,
            shard.count,
            scenario.name(),
            config.first_trial,
            config.first_trial + config.trials,
            total_trials,
            written.join("partial.json").display()
        ));
    }
    check_accepted(&scenario, result.summary.trials, result.summary.played)?;
    let run = RunInfo {
        seed: config.seed,
        trials: result.summary.trials,
        first_trial: 0,
        precision_target: config.precision,
        precision_met: result.precision_met,
    };
    publish(&Report::new(&scenario, run, &result.summary), dir)
}

/// Writes a run's report bundle into `dir`, swaps it into place and prints the terminal table
/// with where the report went; shared by `run` and `merge`.
pub(crate) fn publish(report: &Report<'_>, dir: ReportDir) -> anyhow::Result<()> {
    report.write_to(&dir)?;
    let written = dir.commit()?;
    if let Some(warning) = report.precision_warning() {
        eprintln!("warning: {warning}");
    }
    print_out(&format!(
        "{}  report: {}\n",
        table::render(report),
        written.display()
    ))
}
