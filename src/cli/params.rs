//! `jcpoa-sim params` and `jcpoa-sim validate`.

use std::path::PathBuf;

use clap::Args;
use jcpoa_sim::report::params::{
    markdown_table, rows, setting_rows, settings_markdown, text_table,
};
use jcpoa_sim::scenario::source::ScenarioSource;

use super::common::{ScenarioArgs, print_out};

#[derive(Debug, Args)]
pub(crate) struct ParamsArgs {
    /// Show the values in this scenario instead of the shipped baseline defaults.
    scenario: Option<PathBuf>,
    /// Print the Markdown table used in docs/model.md.
    #[arg(long)]
    markdown: bool,
}

pub(crate) fn params(args: &ParamsArgs) -> anyhow::Result<()> {
    let source = match &args.scenario {
        Some(path) => ScenarioSource::load(path)?,
        None => ScenarioSource::baseline()?,
    };
    let scenario = source.build()?;
    let (settings, numbers) = (setting_rows(&source), rows(&scenario));
    print_out(&if args.markdown {
        format!(
            "{}\n{}",
            markdown_table(&numbers),
            settings_markdown(&settings)
        )
    } else {
        format!(
            "SETTINGS: text, choices, switches, dates, integers and the steps\n\n{}\nNUMERIC PARAMETERS: each a number, or a distribution drawn per trial (e.g. {{ dist = \"uniform\", min = 0.2, max = 0.4 }})\n\n{}",
            text_table(&settings),
            text_table(&numbers)
        )
    })
}

pub(crate) fn validate(args: &ScenarioArgs) -> anyhow::Result<()> {
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
