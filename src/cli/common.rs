//! What every command shares: the scenario arguments, loading a scenario with its warnings,
//! expanding folders of scenarios, usage errors and printing to standard output.

use std::path::{Path, PathBuf};

use clap::Args;
use jcpoa_sim::scenario::Scenario;
use jcpoa_sim::scenario::error::ScenarioError;
use jcpoa_sim::scenario::source::ScenarioSource;

/// `--set`.
#[derive(Debug, Args)]
pub(crate) struct SetArg {
    /// Override a parameter: KEY=VALUE, KEY being the dotted path in the file
    /// (e.g. --set hardliners.veto_strength=0.3). Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
}

/// Options every command that reads one scenario accepts.
#[derive(Debug, Args)]
pub(crate) struct ScenarioArgs {
    /// The scenario file (TOML), e.g. scenarios/stepwise.toml.
    pub(crate) scenario: PathBuf,
    #[command(flatten)]
    pub(crate) set: SetArg,
}

impl ScenarioArgs {
    /// Loads the scenario with every override applied.
    pub(crate) fn source(&self) -> Result<ScenarioSource, ScenarioError> {
        source_with(&self.scenario, &self.set.set)
    }

    /// Loads and validates the scenario, printing its warnings.
    pub(crate) fn load(&self) -> Result<Scenario, ScenarioError> {
        build(&self.source()?)
    }
}

/// Loads the scenario file at `path` with the `--set` assignments applied.
pub(crate) fn source_with(path: &Path, set: &[String]) -> Result<ScenarioSource, ScenarioError> {
    let mut source = ScenarioSource::load(path)?;
    for assignment in set {
        source.set(assignment)?;
    }
    Ok(source)
}

/// Validates `source` and prints the scenario's warnings to stderr.
pub(crate) fn build(source: &ScenarioSource) -> Result<Scenario, ScenarioError> {
    let scenario = source.build()?;
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    Ok(scenario)
}

/// The scenario files named by `paths`: files as given, folders expanded to their `.toml` files
/// in name order.
pub(crate) fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, UsageError> {
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
pub(crate) struct UsageError(pub String);

/// Writes `text` to standard output. A closed pipe (`jcpoa-sim params | head`) is not an error:
/// the reader has seen what it wanted.
pub(crate) fn print_out(text: &str) -> anyhow::Result<()> {
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

/// `--given` and `--force`: events to condition on and to force, on top of the scenario's
/// `[[given]]` and `[[force]]` tables.
#[derive(Debug, Args)]
pub(crate) struct EventArgs {
    /// Keep only the trials in which EVENT happened (repeatable; every one must hold).
    /// Observable events: election=hardliner|moderate (the vote was held and that side won),
    /// outcome=restored|interim|stalemate|collapse, restored_by=DATE, collapsed_by=DATE,
    /// talks_open_by=DATE, monitoring_lapsed_by=DATE, steps_completed_by=N@DATE (a `_by` date
    /// includes the day itself; dates are YYYY-MM-DD within the calendar); `!` in front: it did
    /// not happen (`!election=hardliner` includes a vote never held). See docs/model.md §22.
    #[arg(long = "given", value_name = "EVENT")]
    pub(crate) given: Vec<String>,
    /// Make EVENT happen, as a surprise to the players (their strategies are not re-solved;
    /// repeatable): election=hardliner|moderate, shock=TYPE@DATE, censure=DATE (at the Board
    /// meeting of that date), talks_open=DATE. A forced draw still consumes its random number,
    /// so forced and unforced runs share their streams.
    #[arg(long = "force", value_name = "EVENT")]
    pub(crate) force: Vec<String>,
}

impl EventArgs {
    /// Adds the events to `source` as layers of their own.
    pub(crate) fn apply(&self, source: &mut ScenarioSource) -> Result<(), ScenarioError> {
        for event in &self.given {
            source.given(event)?;
        }
        for event in &self.force {
            source.force(event)?;
        }
        Ok(())
    }
}

/// The checks of a conditioned run's acceptance: none accepted is an error naming the events,
/// fewer than [`FEW_ACCEPTED`] a warning.
pub(crate) fn check_accepted(
    scenario: &Scenario,
    accepted: u64,
    played: u64,
) -> anyhow::Result<()> {
    let given = &scenario.conditions().given;
    if given.is_empty() {
        return Ok(());
    }
    let events: Vec<&str> = given.iter().map(|c| c.text.as_str()).collect();
    if accepted == 0 {
        anyhow::bail!(
            "{}: none of {played} trials is consistent with the given events ({}); the events may be impossible together in this scenario, or too rare — check them, or run more trials",
            scenario.name(),
            events.join(", ")
        );
    }
    if accepted < FEW_ACCEPTED {
        eprintln!(
            "warning: {}: only {accepted} of {played} trials are consistent with the given events ({}); intervals are wide — run more trials or use --precision",
            scenario.name(),
            events.join(", ")
        );
    }
    Ok(())
}

/// Fewer accepted trials than this make a conditioned run's warning.
pub(crate) const FEW_ACCEPTED: u64 = 1_000;
