//! `jcpoa-sim sweep`: a scenario over a grid of one or two parameters.

use clap::Args;
use jcpoa_sim::analysis::point::PointError;
use jcpoa_sim::analysis::sweep::{self, Axis};
use jcpoa_sim::report::output::{ReportDir, ReportKind};
use jcpoa_sim::report::sweep::SweepReport;

use super::budget::check_solve;
use super::common::{EventArgs, ScenarioArgs, UsageError, build, print_out};
use super::options::RunOptions;
use super::progress::{Progress, install_interrupt_handler};

/// Trials per point unless --trials says otherwise.
const DEFAULT_TRIALS: u64 = 10_000;

#[derive(Debug, Args)]
pub(crate) struct SweepArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// KEY=START:END:STEPS, KEY being a dotted path as for --set (e.g.
    /// hardliners.veto_strength=0:1:11). Give it once for a line chart, twice for heat maps.
    #[arg(long = "param", value_name = "KEY=START:END:STEPS", required = true)]
    params: Vec<String>,
    #[command(flatten)]
    options: RunOptions,
    #[command(flatten)]
    events: EventArgs,
}

pub(crate) fn sweep(args: &SweepArgs) -> anyhow::Result<()> {
    if args.params.len() > 2 {
        return Err(UsageError("sweep takes one or two --param".into()).into());
    }
    let axes = args
        .params
        .iter()
        .map(|p| Axis::parse(p).map_err(UsageError))
        .collect::<Result<Vec<_>, _>>()?;
    if let [a, b] = &axes[..]
        && a.key == b.key
    {
        return Err(UsageError(format!(
            "--param `{}` is given twice; a two-parameter sweep needs two different parameters",
            a.key
        ))
        .into());
    }
    let mut source = args.scenario.source()?;
    args.events.apply(&mut source)?;
    let scenario = build(&source)?;
    check_solve(&scenario)?;
    let config = args
        .options
        .config(scenario.simulation(), Some(DEFAULT_TRIALS))?;
    let keys: Vec<&str> = axes.iter().map(|a| a.key.as_str()).collect();
    let dir = ReportDir::prepare(
        &args
            .options
            .out
            .dir(&format!("{}-sweep-{}", scenario.name(), keys.join("-"))),
        ReportKind::Sweep,
    )?;
    install_interrupt_handler();
    let points: u64 = axes.iter().map(|a| a.values.len() as u64).product();
    let progress = Progress::new(points * config.trials, "sweep", args.options.quiet());
    let workers = args.options.threads.workers()?;
    let result = sweep::run(&scenario, &axes, &config, &workers, &progress);
    progress.finish();
    let points = match result {
        Err(PointError::Scenario {
            assignments,
            source,
        }) => {
            return Err(anyhow::Error::new(source).context(format!(
                "the sweep reaches an invalid scenario at {assignments}"
            )));
        }
        other => other.map_err(|e| progress.stopped("the sweep", e))?,
    };
    let report = SweepReport {
        scenario: &scenario,
        axes,
        points,
        seed: config.seed,
        trials: config.trials,
    };
    report.write_to(&dir)?;
    let written = dir.commit()?;
    let mut table = String::new();
    if let Some(given) = report.given_line() {
        table.push_str(&format!("{given}\n"));
        if report.points.iter().all(|p| p.trials() == 0) {
            anyhow::bail!(
                "no trial at any point of the sweep is consistent with the given events; check them, or run more trials"
            );
        }
        if report.points.iter().any(|p| p.trials() < 1000) {
            eprintln!(
                "warning: some points of the sweep keep fewer than 1,000 trials consistent with the given events; their intervals are wide"
            );
        }
    }
    for p in &report.points {
        let values: Vec<String> = p.values.iter().map(|v| format!("{v:>10.4}")).collect();
        table.push_str(&format!(
            "{}  restored {:>6.1}%  interim {:>6.1}%  stalemate {:>6.1}%  collapse {:>6.1}%\n",
            values.join(" "),
            100.0 * p.outcomes[0].estimate,
            100.0 * p.outcomes[1].estimate,
            100.0 * p.outcomes[2].estimate,
            100.0 * p.outcomes[3].estimate
        ));
    }
    print_out(&format!(
        "{}{}\n  report: {}\n",
        table,
        report.reading(),
        written.display()
    ))
}
