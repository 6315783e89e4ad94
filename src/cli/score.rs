//! `jcpoa-sim score`: the model's probability of each question's event, and the Brier score and
//! log loss of the model and of other forecasters on the resolved questions.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use jcpoa_sim::analysis::score::score as score_questions;
use jcpoa_sim::engine::RunConfig;
use jcpoa_sim::report::output::{ReportDir, ReportKind};
use jcpoa_sim::report::score::ScoreReport;
use jcpoa_sim::scenario::questions::load_questions;

use super::budget::check_solve;
use super::common::{EventArgs, ScenarioArgs, build, check_accepted, print_out};
use super::options::{OutArg, QuietArg, SeedArg, ThreadsArg, TrialsArg};
use super::progress::{Progress, install_interrupt_handler};

#[derive(Debug, Args)]
#[command(mut_arg("out", |a| a.help("Report directory (default: reports/<scenario>-score)")))]
pub(crate) struct ScoreArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// The questions file: [[question]] tables with id, text, event (an observable event, as for
    /// --given: election=hardliner|moderate, outcome=…, restored_by=DATE, collapsed_by=DATE,
    /// talks_open_by=DATE, monitoring_lapsed_by=DATE, steps_completed_by=N@DATE, `!` for "did not
    /// happen"), an optional outcome (true/false; absent: unresolved) and an optional
    /// [question.forecasts] table of name = probability.
    #[arg(long, value_name = "QUESTIONS.toml")]
    questions: PathBuf,
    #[command(flatten)]
    trials: TrialsArg,
    #[command(flatten)]
    seed: SeedArg,
    #[command(flatten)]
    threads: ThreadsArg,
    #[command(flatten)]
    out: OutArg,
    #[command(flatten)]
    quiet: QuietArg,
    #[command(flatten)]
    events: EventArgs,
}

pub(crate) fn score(args: &ScoreArgs) -> anyhow::Result<()> {
    let mut source = args.scenario.source()?;
    args.events.apply(&mut source)?;
    let scenario = build(&source)?;
    check_solve(&scenario)?;
    let questions = load_questions(&args.questions, &scenario)?;
    let settings = scenario.simulation();
    let config = RunConfig {
        seed: args.seed.seed.unwrap_or(settings.seed),
        first_trial: 0,
        trials: args.trials.or(settings.trials)?,
        precision: None,
    };
    let dir = ReportDir::prepare(
        &args.out.dir(&format!("{}-score", scenario.name())),
        ReportKind::Score,
    )?;
    let workers = args.threads.workers()?;
    install_interrupt_handler();
    let progress = Progress::new(config.trials, scenario.name(), args.quiet.quiet);
    let result = score_questions(&scenario, &questions, &config, &workers, &progress);
    progress.finish();
    let result = result.context("scoring did not finish")?;
    check_accepted(&scenario, result.accepted, result.played)?;
    let report = ScoreReport {
        scenario: &scenario,
        result: &result,
        seed: config.seed,
    };
    report.write_to(&dir)?;
    let written = dir.commit()?;
    let mut out = String::new();
    for q in &result.questions {
        out.push_str(&format!(
            "  {:<24} P = {:.3} ({:.3}–{:.3}){}\n",
            q.question.id,
            q.model.estimate,
            q.model.low,
            q.model.high,
            q.model_scores
                .map_or(String::from("  unresolved"), |s| format!(
                    "  Brier {:.4}  log loss {:.4}",
                    s.brier, s.log_loss
                ))
        ));
    }
    if let Some(m) = result.model_mean() {
        out.push_str(&format!(
            "  mean over {} resolved: Brier {:.4}, log loss {:.4}\n",
            result.resolved(),
            m.brier,
            m.log_loss
        ));
    }
    print_out(&format!("{out}  report: {}\n", written.display()))
}
