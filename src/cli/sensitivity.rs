//! `jcpoa-sim sensitivity`: a tornado of one-at-a-time swings and a Morris screening.

use clap::Args;
use jcpoa_sim::analysis::sensitivity::{self, Runs};
use jcpoa_sim::engine::RunConfig;
use jcpoa_sim::engine::monitor::Cumulative;
use jcpoa_sim::report::format::tidy;
use jcpoa_sim::report::output::{ReportDir, ReportKind};
use jcpoa_sim::report::sensitivity::SensitivityReport;

use super::budget::check_solve;
use super::common::{ScenarioArgs, UsageError, print_out};
use super::options::RunOptions;
use super::progress::{Progress, install_interrupt_handler};

/// Trials per tornado run unless --trials says otherwise.
const DEFAULT_TRIALS: u64 = 10_000;

#[derive(Debug, Args)]
pub(crate) struct SensitivityArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Only these parameters (comma-separated dotted keys); default: every numeric parameter.
    #[arg(long, value_delimiter = ',')]
    params: Option<Vec<String>>,
    /// Morris trajectories (0 skips the global screening).
    #[arg(long, default_value_t = 10)]
    morris_trajectories: usize,
    /// Trials per Morris run.
    #[arg(long, default_value_t = 2_000)]
    morris_trials: u64,
    #[command(flatten)]
    options: RunOptions,
}

pub(crate) fn sensitivity(args: &SensitivityArgs) -> anyhow::Result<()> {
    let scenario = args.scenario.load()?;
    check_solve(&scenario)?;
    let config = args
        .options
        .config(scenario.simulation(), Some(DEFAULT_TRIALS))?;
    let mut swings = sensitivity::swings(&scenario);
    if let Some(list) = &args.params {
        for p in list {
            if !swings.iter().any(|s| &s.path == p) {
                return Err(UsageError(format!(
                    "--params: `{p}` is not a numeric parameter of this scenario with a non-empty swing (see `jcpoa-sim params`)"
                ))
                .into());
            }
        }
        swings.retain(|s| list.contains(&s.path));
    }
    let morris_config = RunConfig {
        trials: args.morris_trials.max(1),
        ..config
    };
    let runs = 1 + 2 * swings.len() as u64;
    let morris_runs = (args.morris_trajectories * (swings.len() + 1)) as u64;
    let dir = ReportDir::prepare(
        &args
            .options
            .out
            .dir(&format!("{}-sensitivity", scenario.name())),
        ReportKind::Sensitivity,
    )?;
    install_interrupt_handler();
    let progress = Progress::new(
        runs * config.trials + morris_runs * morris_config.trials,
        "sensitivity",
        args.options.quiet(),
    );
    let cumulative = Cumulative::new(&progress);
    let workers = args.options.threads.workers()?;
    let analysis = (|| {
        let runs = Runs {
            config: &config,
            workers: &workers,
            monitor: &cumulative,
        };
        let (base, mut tornado) = sensitivity::tornado(&scenario, &swings, &runs)?;
        tornado.sort_by(|a, b| b.size(&base).total_cmp(&a.size(&base)));
        let mut morris = if args.morris_trajectories > 0 {
            let runs = Runs {
                config: &morris_config,
                ..runs
            };
            sensitivity::morris(&scenario, &swings, args.morris_trajectories, &runs)?
        } else {
            Vec::new()
        };
        morris.sort_by(|a, b| b.mu_star.total_cmp(&a.mu_star));
        Ok::<_, jcpoa_sim::analysis::point::PointError>((base, tornado, morris))
    })();
    progress.finish();
    let (base, tornado, morris) =
        analysis.map_err(|e| progress.stopped("the sensitivity analysis", e))?;
    let report = SensitivityReport {
        scenario: &scenario,
        base,
        tornado,
        morris,
        trajectories: args.morris_trajectories,
        seed: config.seed,
        trials: config.trials,
        morris_trials: morris_config.trials,
    };
    report.write_to(&dir)?;
    let written = dir.commit()?;
    let mut table = String::from(
        "parameter                                        P(restored) at low → high\n",
    );
    for r in report.tornado.iter().take(15) {
        table.push_str(&format!(
            "{:<48} {:>6.1}% → {:>6.1}%   ({} → {})\n",
            r.swing.path,
            100.0 * r.low.restored.estimate,
            100.0 * r.high.restored.estimate,
            tidy(r.swing.low),
            tidy(r.swing.high)
        ));
    }
    print_out(&format!(
        "{}{}\n  report: {}\n",
        table,
        report.reading(),
        written.display()
    ))
}
