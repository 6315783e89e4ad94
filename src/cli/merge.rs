//! `jcpoa-sim merge`: combine the partial results of a sharded run into its report.

use std::path::{Path, PathBuf};

use clap::Args;
use jcpoa_sim::engine::shard::{self, PartialResult};
use jcpoa_sim::input::{InputKind, read_text, unseal};
use jcpoa_sim::report::output::{ReportDir, ReportKind};
use jcpoa_sim::report::run::{Report, RunInfo};
use jcpoa_sim::scenario::source::ScenarioSource;

use super::common::{UsageError, check_accepted};
use super::options::OutArg;
use super::run::publish;

#[derive(Debug, Args)]
#[command(mut_arg("out", |a| a.help("Report directory (default: reports/<scenario name>)")))]
pub(crate) struct MergeArgs {
    /// partial.json files written by `run --shard I/N`, or the folders holding them.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    #[command(flatten)]
    out: OutArg,
}

fn read(path: &Path) -> Result<PartialResult, UsageError> {
    let file = if path.is_dir() {
        path.join("partial.json")
    } else {
        path.to_path_buf()
    };
    let text = read_text(&file, InputKind::Partial).map_err(|e| UsageError(e.to_string()))?;
    unseal(&text).map_err(|e| {
        UsageError(format!(
            "`{}` is not a jcpoa-sim partial result (version {}): {e}",
            file.display(),
            shard::SCHEMA_VERSION
        ))
    })
}

pub(crate) fn merge(args: &MergeArgs) -> anyhow::Result<()> {
    let parts = args
        .parts
        .iter()
        .map(|p| read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let recorded = parts
        .first()
        .map(|p| p.scenario.clone())
        .ok_or_else(|| UsageError(shard::MergeError::Empty.to_string()))?;
    let scenario = ScenarioSource::from_recorded(&recorded)?.build()?;
    let merged = shard::merge(parts, scenario.setup(), &scenario.provenance().hash)
        .map_err(|e| UsageError(e.to_string()))?;
    check_accepted(&scenario, merged.summary.trials, merged.summary.played)?;
    let run = RunInfo {
        seed: merged.seed,
        // The trials summarised: with given events, the accepted ones, as a single run says.
        trials: merged.summary.trials,
        first_trial: 0,
        precision_target: None,
        precision_met: None,
    };
    let report = Report::new(&scenario, run, &merged.summary);
    publish(
        &report,
        ReportDir::prepare(&args.out.dir(scenario.name()), ReportKind::Run)?,
    )
}
