//! `jcpoa-sim compare`: several scenarios on the same trial streams, differences paired.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use jcpoa_sim::engine;
use jcpoa_sim::report::ReportDir;
use jcpoa_sim::report::compare::{Comparison, render_table};
use jcpoa_sim::scenario::{Scenario, ScenarioSource};

use super::options::RunOptions;
use super::progress::{Progress, install_interrupt_handler};
use super::{UsageError, print_out};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files, or folders of them; the first is the reference unless --reference says.
    #[arg(required = true)]
    scenarios: Vec<PathBuf>,
    /// Name (file stem) of the reference scenario.
    #[arg(long)]
    reference: Option<String>,
    /// Override a parameter in every scenario: KEY=VALUE. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    #[command(flatten)]
    options: RunOptions,
}

/// The scenario files named by `paths`: files as given, folders expanded to their `.toml` files
/// in name order.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, UsageError> {
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

fn load(path: &Path, set: &[String]) -> anyhow::Result<Scenario> {
    let mut source = ScenarioSource::load(path)?;
    for s in set {
        source.set(s)?;
    }
    Ok(source.build()?)
}

pub fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    let files = expand(&args.scenarios)?;
    let mut scenarios = files
        .iter()
        .map(|f| load(f, &args.set))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(name) = &args.reference {
        let at = scenarios
            .iter()
            .position(|s| s.name() == name)
            .ok_or_else(|| {
                UsageError(format!("--reference `{name}` is not among the scenarios"))
            })?;
        let reference = scenarios.remove(at);
        scenarios.insert(0, reference);
    }
    let reference = &scenarios[0];
    for s in &scenarios[1..] {
        if s.calendar() != reference.calendar() {
            return Err(UsageError(format!(
                "`{}` and `{}` use different calendars (start, step length or horizon); compare needs the same calendar to pair trials",
                reference.name(),
                s.name()
            ))
            .into());
        }
    }
    let config = args.options.config(reference.simulation(), None)?;
    let names: Vec<&str> = scenarios.iter().map(Scenario::name).collect();
    let default_name = if names.len() <= 4 {
        format!("compare-{}", names.join("-"))
    } else {
        format!("compare-{}-and-{}-more", names[0], names.len() - 1)
    };
    let dir = ReportDir::prepare(&args.options.out_dir(&default_name))?;
    install_interrupt_handler();
    let progress = Progress::new(config.trials, "compare", args.options.quiet);
    let refs: Vec<&Scenario> = scenarios.iter().collect();
    let result = engine::run_many(&refs, &config, &progress, None);
    progress.finish();
    let result = result.context("the comparison did not finish")?;
    let comparison = Comparison::new(&refs, &result, config.seed);
    comparison.write_to(&dir)?;
    let written = dir.commit()?;
    print_out(&format!(
        "{}  report: {}\n",
        render_table(&comparison),
        written.display()
    ))
}
