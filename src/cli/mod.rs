//! Command-line glue: argument definitions, dispatch, and the mapping of errors to exit codes.

mod bench;
mod compare;
mod merge;
mod options;
mod params;
mod progress;
mod run;
mod sensitivity;
mod sweep;
mod trace;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use jcpoa_sim::report::OutputError;
use jcpoa_sim::scenario::{Scenario, ScenarioError, ScenarioSource};

/// Monte Carlo simulation of who goes first in a return to the 2015 Iran nuclear deal (JCPOA).
#[derive(Debug, Parser)]
#[command(name = "jcpoa-sim", version, about, long_about = None)]
pub struct Cli {
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
    /// Combine the partial results of `run --shard I/N` into the report of the whole run.
    Merge(merge::MergeArgs),
}

/// Options every command that reads a scenario accepts.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// The scenario file (TOML), e.g. scenarios/stepwise.toml.
    pub scenario: PathBuf,
    /// Override a parameter: KEY=VALUE, KEY being the dotted path in the file
    /// (e.g. --set hardliners.veto_strength=0.3). Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

impl ScenarioArgs {
    /// Loads the scenario with every override applied.
    pub fn source(&self) -> Result<ScenarioSource, ScenarioError> {
        source_with(&self.scenario, &self.set)
    }

    /// Loads and validates the scenario, printing its warnings.
    pub fn load(&self) -> Result<Scenario, ScenarioError> {
        build(&self.source()?)
    }
}

/// Loads the scenario file at `path` with the `--set` assignments applied.
pub fn source_with(path: &Path, set: &[String]) -> Result<ScenarioSource, ScenarioError> {
    let mut source = ScenarioSource::load(path)?;
    for assignment in set {
        source.set(assignment)?;
    }
    Ok(source)
}

/// Validates `source` and prints the scenario's warnings to stderr.
pub fn build(source: &ScenarioSource) -> Result<Scenario, ScenarioError> {
    let scenario = source.build()?;
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    Ok(scenario)
}

/// The scenario files named by `paths`: files as given, folders expanded to their `.toml` files
/// in name order.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, UsageError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| UsageError(format!("cannot read folder `{}`: {e}", path.display())))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(UsageError(format!(
                    "folder `{}` holds no .toml scenarios",
                    path.display()
                )));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Bad command-line input that clap cannot catch (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs the chosen command.
pub fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Validate(args) => params::validate(&args),
        Command::Params(args) => params::params(&args),
        Command::Trace(args) => trace::trace(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Sensitivity(args) => sensitivity::sensitivity(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::Merge(args) => merge::merge(&args),
    }
}

/// Writes `text` to standard output. A closed pipe (`jcpoa-sim params | head`) is not an error:
/// the reader has seen what it wanted.
pub fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The message for an error: the error and its causes.
pub fn describe(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}

/// 2 for bad input or usage (scenario errors, bad flags, an `--out` directory that is not a
/// report), 1 for anything else.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let bad_input = err.chain().any(|e| {
        e.is::<ScenarioError>()
            || e.is::<UsageError>()
            || matches!(
                e.downcast_ref::<OutputError>(),
                Some(OutputError::NotAReport(_))
            )
    });
    if bad_input { 2 } else { 1 }
}
