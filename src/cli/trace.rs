//! `jcpoa-sim trace`: one trial told as a dated story.

use clap::Args;
use jcpoa_sim::engine::rng::base_rng;
use jcpoa_sim::engine::run_trial;
use jcpoa_sim::engine::solved::Solved;
use jcpoa_sim::model::observer::{NoopObserver, Recorder};
use jcpoa_sim::model::outcome::Outcome;
use jcpoa_sim::report::trace;

use super::budget::check_solve;
use super::common::{ScenarioArgs, UsageError, print_out};
use super::options::{SeedArg, ThreadsArg};

#[derive(Debug, Args)]
pub(crate) struct TraceArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// The trial to tell (its index in a run with the same seed).
    #[arg(long, conflicts_with = "outcome")]
    trial: Option<u64>,
    /// Tell the first trial that ends this way: restored, interim, stalemate or collapse.
    #[arg(long)]
    outcome: Option<String>,
    #[command(flatten)]
    seed: SeedArg,
    #[command(flatten)]
    threads: ThreadsArg,
    /// With --outcome: how many trials to search.
    #[arg(long, default_value_t = 1_000_000)]
    search: u64,
}

pub(crate) fn trace(args: &TraceArgs) -> anyhow::Result<()> {
    let scenario = args.scenario.load()?;
    check_solve(&scenario)?;
    let seed = args.seed.seed.unwrap_or(scenario.simulation().seed);
    let base = base_rng(seed);
    // Solved with the values of every choice kept, so the story can show them; the strategies
    // are those every run plays.
    let solved = Solved::new(scenario.setup(), true, &args.threads.workers()?);
    let trial = match (&args.outcome, args.trial) {
        (Some(name), _) => {
            let wanted = Outcome::ALL
                .into_iter()
                .find(|o| o.name() == name)
                .ok_or_else(|| {
                    UsageError(format!(
                        "--outcome must be one of restored, interim, stalemate, collapse (got `{name}`)"
                    ))
                })?;
            (0..args.search)
                .find(|&i| {
                    run_trial(scenario.case(), &solved, &base, i, &mut NoopObserver)
                        .0
                        .outcome
                        == wanted
                })
                .ok_or_else(|| {
                    UsageError(format!(
                        "no trial among the first {} ends `{name}` (raise --search)",
                        args.search
                    ))
                })?
        }
        (None, trial) => trial.unwrap_or(0),
    };
    let mut recorder = Recorder::default();
    let (result, params) = run_trial(scenario.case(), &solved, &base, trial, &mut recorder);
    print_out(&trace::render(
        &scenario, &solved, seed, trial, &params, &recorder, &result,
    ))
}
