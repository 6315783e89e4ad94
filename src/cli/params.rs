//! `jcpoa-sim params` and `jcpoa-sim validate`.

use std::path::PathBuf;

use clap::Args;
use jcpoa_sim::registry;
use jcpoa_sim::scenario::{BASELINE_TOML, ScenarioSource};

use super::{ScenarioArgs, print_out};

#[derive(Debug, Args)]
pub struct ParamsArgs {
    /// Show the values in this scenario instead of the shipped baseline defaults.
    scenario: Option<PathBuf>,
    /// Print the Markdown table used in docs/model.md.
    #[arg(long)]
    markdown: bool,
}

pub fn params(args: &ParamsArgs) -> anyhow::Result<()> {
    let scenario = match &args.scenario {
        Some(path) => ScenarioSource::load(path)?.build()?,
        None => ScenarioSource::from_text("baseline", BASELINE_TOML)?.build()?,
    };
    let rows = registry::rows(&scenario);
    if args.markdown {
        return print_out(&registry::markdown_table(&rows));
    }
    let width = rows.iter().map(|r| r.path.len()).max().unwrap_or(10);
    let mut text = String::new();
    for r in rows {
        text.push_str(&format!(
            "{:<width$}  {:<34}  {:<12} {:<16} [{}]\n{:<width$}  {}\n",
            r.path, r.value, r.unit, r.range, r.evidence, "", r.meaning
        ));
    }
    print_out(&text)
}

pub fn validate(args: &ScenarioArgs) -> anyhow::Result<()> {
    let scenario = args.load()?;
    let cal = scenario.calendar();
    print_out(&format!(
        "ok: {} — protocol {}, {} step(s), {} steps of {} days from {} to {}, {} uncertain parameter(s), hash {}\n",
        scenario.title(),
        scenario.protocol().kind().name(),
        scenario.protocol().steps().len(),
        cal.steps(),
        cal.step_days(),
        cal.start(),
        cal.end(),
        scenario.uncertain().len(),
        scenario.provenance().short_hash()
    ))
}
