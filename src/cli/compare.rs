//! `jcpoa-sim compare`: several scenarios on the same trial streams, differences paired.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use jcpoa_sim::engine;
use jcpoa_sim::report::compare::{Comparison, table};
use jcpoa_sim::report::output::{ReportDir, ReportKind};
use jcpoa_sim::scenario::Scenario;

use super::budget::check_solve;
use super::common::{
    EventArgs, SetArg, UsageError, build, check_accepted, print_out, scenario_files, source_with,
};
use super::options::RunOptions;
use super::progress::{Progress, install_interrupt_handler};

#[derive(Debug, Args)]
#[command(mut_arg("set", |a| a.help("Override a parameter in every scenario: KEY=VALUE, KEY being the dotted path in the files. Repeatable")))]
pub(crate) struct CompareArgs {
    /// Scenario files, or folders of them; the first is the reference unless --reference says.
    #[arg(required = true)]
    scenarios: Vec<PathBuf>,
    /// Name (file stem) of the reference scenario.
    #[arg(long)]
    reference: Option<String>,
    #[command(flatten)]
    set: SetArg,
    #[command(flatten)]
    options: RunOptions,
    #[command(flatten)]
    events: EventArgs,
}

pub(crate) fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    let files = scenario_files(&args.scenarios)?;
    let mut scenarios = files
        .iter()
        .map(|f| {
            let mut source = source_with(f, &args.set.set)?;
            args.events.apply(&mut source)?;
            build(&source)
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Reports name scenarios by their file names: two different files of one name could not be
    // told apart (one file given twice is compared with itself).
    let canonical: Vec<Option<PathBuf>> = files
        .iter()
        .map(|f| std::fs::canonicalize(f).ok())
        .collect();
    let same_file = |i: usize, j: usize| canonical[i].is_some() && canonical[i] == canonical[j];
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(other) = (0..i).find(|&j| scenarios[j].name() == s.name() && !same_file(i, j)) {
            return Err(UsageError(format!(
                "two scenarios are named `{}` ({} and {}): reports name scenarios by their file name, so rename one of the files",
                s.name(),
                files[other].display(),
                files[i].display()
            ))
            .into());
        }
    }
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
    for s in &scenarios {
        check_solve(s)?;
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
    let dir = ReportDir::prepare(&args.options.out.dir(&default_name), ReportKind::Compare)?;
    let workers = args.options.threads.workers()?;
    install_interrupt_handler();
    let progress = Progress::new(config.trials, "compare", args.options.quiet());
    let refs: Vec<&Scenario> = scenarios.iter().collect();
    let cases: Vec<_> = scenarios.iter().map(Scenario::case).collect();
    let result = engine::run_many(&cases, &config, &workers, &progress, None);
    progress.finish();
    let result = result.context("the comparison did not finish")?;
    for (scenario, summary) in refs.iter().zip(result.summaries()) {
        check_accepted(scenario, summary.trials, summary.played)?;
    }
    let comparison = Comparison::new(&refs, &result, config.seed);
    comparison.write_to(&dir)?;
    let written = dir.commit()?;
    if let Some(warning) = comparison.precision_warning(config.precision) {
        eprintln!("warning: {warning}");
    }
    print_out(&format!(
        "{}  report: {}\n",
        table::render(&comparison),
        written.display()
    ))
}
