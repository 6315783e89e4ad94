//! Command-line glue: argument definitions, dispatch, and the mapping of errors to exit codes.
//! Each command is a module; what they share is in [`common`].

mod bench;
mod budget;
mod calibrate;
mod common;
mod compare;
mod merge;
mod options;
mod params;
mod progress;
mod run;
mod score;
mod sensitivity;
mod sweep;
mod trace;

use clap::{Parser, Subcommand};
use jcpoa_sim::report::kit::text::take_replaced;
use jcpoa_sim::report::output::OutputError;
use jcpoa_sim::scenario::error::ScenarioError;

use common::{ScenarioArgs, UsageError};

/// Monte Carlo simulation of who goes first in a return to the 2015 Iran nuclear deal (JCPOA).
#[derive(Debug, Parser)]
#[command(name = "jcpoa-sim", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a scenario's Monte Carlo trials and write its report under reports/<name>/.
    Run(run::RunArgs),
    /// Check a scenario file (and everything it extends) without running it.
    Validate(ScenarioArgs),
    /// List every parameter: meaning, unit, default (or a scenario's value), range, evidence.
    Params(params::ParamsArgs),
    /// Tell one trial as a dated story: every event and decision, with probabilities and draws.
    Trace(trace::TraceArgs),
    /// Run several scenarios on the same trial streams and report paired differences.
    Compare(compare::CompareArgs),
    /// Run a scenario over a grid of one or two parameters.
    Sweep(sweep::SweepArgs),
    /// Find which parameters matter: a tornado of one-at-a-time swings and a Morris screening.
    Sensitivity(sensitivity::SensitivityArgs),
    /// Measure trials per second on each scenario against the random generator's ceiling.
    Bench(bench::BenchArgs),
    /// Score forecasts: the model's probability of each question's event, with Brier scores and
    /// log losses of the model and other forecasters on the resolved questions.
    Score(score::ScoreArgs),
    /// Fit parameters to observed events and target probabilities (ABC-SMC), and write
    /// calibrated.toml, a scenario that draws the joint posterior per trial.
    #[command(args_override_self = true)]
    Calibrate(calibrate::CalibrateArgs),
    /// Combine the partial results of `run --shard I/N` into the report of the whole run.
    Merge(merge::MergeArgs),
}

/// Runs the chosen command, then warns once about any characters its charts could not draw.
pub(crate) fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let result = run_command(cli);
    let replaced = take_replaced();
    if !replaced.is_empty() {
        let shown: String = replaced.iter().take(12).collect();
        eprintln!(
            "warning: the charts draw Latin and Arabic-script text only; {} character(s) ({shown}{}) are drawn as \u{FFFD}",
            replaced.len(),
            if replaced.len() > 12 { "…" } else { "" }
        );
    }
    result
}

fn run_command(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Validate(args) => params::validate(&args),
        Command::Params(args) => params::params(&args),
        Command::Trace(args) => trace::trace(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Sensitivity(args) => sensitivity::sensitivity(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Score(args) => score::score(&args),
        Command::Calibrate(args) => calibrate::calibrate(&args),
    }
}

/// The message for an error: the error and its causes, each cause once (one the message already
/// states is not repeated).
pub(crate) fn describe(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(&format!("\n  caused by: {cause}"));
        }
    }
    text
}

/// 2 for bad input or usage (scenario errors, bad flags, an `--out` directory that is not a
/// report, holds a report of another kind, or holds a file of the user's where the report writes one), 1 for anything else (a
/// report folder another run is writing included).
pub(crate) fn exit_code(err: &anyhow::Error) -> u8 {
    let bad_input = err.chain().any(|e| {
        e.is::<ScenarioError>()
            || e.is::<UsageError>()
            || matches!(
                e.downcast_ref::<OutputError>(),
                Some(
                    OutputError::NotAReport(_)
                        | OutputError::OtherKind { .. }
                        | OutputError::UserFileInTheWay(_)
                )
            )
    });
    if bad_input { 2 } else { 1 }
}
