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

use super::common::{EventArgs, ScenarioArgs, UsageError, build, check_accepted, print_out};
use super::options::MAX_SEED;

#[derive(Debug, Args)]
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
    /// Number of trials (default: the scenario's simulation.trials).
    #[arg(long)]
    trials: Option<u64>,
    /// Master seed (default: the scenario's simulation.seed).
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_SEED))]
    seed: Option<u64>,
    /// Worker threads (0: one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Report directory (default: reports/<scenario>-score).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    events: EventArgs,
}

pub(crate) fn score(args: &ScoreArgs) -> anyhow::Result<()> {
    let mut source = args.scenario.source()?;
    args.events.apply(&mut source)?;
    let scenario = build(&source)?;
    let questions = load_questions(&args.questions, &scenario)?;
    if args.trials == Some(0) {
        return Err(UsageError("--trials must be at least 1".into()).into());
    }
    let settings = scenario.simulation();
    let config = RunConfig {
        seed: args.seed.unwrap_or(settings.seed),
        first_trial: 0,
        trials: args.trials.unwrap_or(settings.trials),
        threads: args.threads,
        precision: None,
    };
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(format!("{}-score", scenario.name())));
    let dir = ReportDir::prepare(&target, ReportKind::Score)?;
    let result =
        score_questions(&scenario, &questions, &config).context("scoring did not finish")?;
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
