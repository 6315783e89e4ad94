//! `jcpoa-sim bench`: the equilibrium solve's time on one thread and the trial phase's trials per
//! second, single-threaded and on all threads, on each scenario, against the ceiling set by the
//! random number generator; then the headline targets of `docs/performance.md`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use jcpoa_sim::analysis::benchmark::{
    engine_seconds, median, median_of, peak_memory_bytes, raw_words_per_second, solve_seconds,
    words_per_trial,
};
use jcpoa_sim::engine::monitor::Unmonitored;
use jcpoa_sim::engine::workers::Workers;
use jcpoa_sim::engine::{self, RunConfig};
use jcpoa_sim::report::output::{ReportDir, ReportKind};
use jcpoa_sim::report::run::{Report, RunInfo};
use jcpoa_sim::scenario::Scenario;

use super::common::{print_out, scenario_files};
use super::options::{ThreadsArg, TrialsArg};

/// Trials per measurement unless --trials says otherwise.
const DEFAULT_TRIALS: u64 = 200_000;

#[derive(Debug, Args)]
#[command(mut_arg("trials", |a| a.help("Trials per measurement (default 200,000)")))]
#[command(mut_arg("threads", |a| a.help("Worker threads of the all-threads figures, 0 for one per core (the default); the single-thread figures use one")))]
pub(crate) struct BenchArgs {
    /// Scenario files (default: every .toml in scenarios/).
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    trials: TrialsArg,
    /// Measurements per figure (the median is reported).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// The scenario of the headline targets (its solve in at most 2 s on one thread; its trials at
    /// 100,000 per second or more on all threads, at least 1.8× as fast as on one).
    #[arg(long, default_value = "scenarios/stepwise.toml")]
    target: PathBuf,
    /// Trials of the headline target runs.
    #[arg(long, default_value_t = 1_000_000)]
    target_trials: u64,
    #[command(flatten)]
    threads: ThreadsArg,
}

pub(crate) fn bench(args: &BenchArgs) -> anyhow::Result<()> {
    let files = if args.scenarios.is_empty() {
        scenario_files(&[PathBuf::from("scenarios")])?
    } else {
        args.scenarios.clone()
    };
    let trials = args.trials.or(DEFAULT_TRIALS)?;
    let (one_thread, all_threads) = (Workers::one()?, args.threads.workers()?);
    let threads = all_threads.threads();
    let raw = raw_words_per_second(Duration::from_millis(500));
    let mut out = format!(
        "machine: {threads} threads · raw ChaCha8: {:.0} M words/s on one thread · {} trials per figure, median of {}\n\n",
        raw / 1e6,
        trials,
        args.repeat
    );
    out.push_str(&format!(
        "{:<24} {:>9} {:>11} {:>13} {:>13} {:>8} {:>13} {:>10}\n",
        "scenario",
        "solve (s)",
        "words/trial",
        "1 thread/s",
        format!("{threads} threads/s"),
        "speedup",
        "RNG ceiling/s",
        "efficiency"
    ));
    for file in &files {
        let scenario = Scenario::load(file)?;
        let solve = median_of(args.repeat, || solve_seconds(&scenario, &one_thread));
        let words = words_per_trial(&scenario, scenario.simulation().seed, 2_000, &all_threads);
        let one = trials as f64
            / median_of(args.repeat, || {
                engine_seconds(&scenario, trials, &one_thread)
            });
        let all = trials as f64
            / median_of(args.repeat, || {
                engine_seconds(&scenario, trials, &all_threads)
            });
        let ceiling = raw / words;
        out.push_str(&format!(
            "{:<24} {:>9.2} {:>11.0} {:>13.0} {:>13.0} {:>7.2}× {:>13.0} {:>9.1}%\n",
            scenario.name(),
            solve,
            words,
            one,
            all,
            all / one,
            ceiling,
            100.0 * one / ceiling
        ));
    }
    let target = Scenario::load(&args.target)?;
    let solve = median_of(args.repeat, || solve_seconds(&target, &one_thread));
    let seconds = median_of(args.repeat, || {
        engine_seconds(&target, args.target_trials, &all_threads)
    });
    let one = median_of(args.repeat, || {
        engine_seconds(&target, args.target_trials, &one_thread)
    });
    let run = RunConfig {
        seed: target.simulation().seed,
        first_trial: 0,
        trials: 100_000,
        precision: None,
    };
    let summary = engine::run(target.case(), &run, &all_threads, &Unmonitored, None)?.summary;
    let info = RunInfo {
        seed: run.seed,
        trials: run.trials,
        first_trial: 0,
        precision_target: None,
        precision_met: None,
    };
    let report = Report::new(&target, info, &summary);
    let scratch = std::env::temp_dir().join(format!("jcpoa-sim-bench-{}", std::process::id()));
    let mut report_times = Vec::new();
    for _ in 0..args.repeat.max(1) {
        let start = Instant::now();
        let dir = ReportDir::prepare(&scratch, ReportKind::Run)?;
        report.write_to(&dir)?;
        report_times.push(start.elapsed().as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let report_seconds = median(report_times);
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let rate = args.target_trials as f64 / seconds;
    out.push_str(&format!(
        "\ntarget: the equilibrium solve of {} on 1 thread in {solve:.2} s (target ≤ 2 s: {})\n",
        target.name(),
        verdict(solve <= 2.0)
    ));
    out.push_str(&format!(
        "target: {} trials of {} on {threads} threads in {seconds:.2} s, {rate:.0} trials/s (target ≥ 100,000/s: {})\n",
        args.target_trials,
        target.name(),
        verdict(rate >= 100_000.0)
    ));
    out.push_str(&format!(
        "speedup on {threads} threads over 1: {:.2}× (target ≥ 1.8×: {})\n",
        one / seconds,
        verdict(one / seconds >= 1.8)
    ));
    out.push_str(&format!(
        "report (5 charts, summary.json, report.md, index.html): {:.0} ms\n",
        report_seconds * 1e3
    ));
    match peak_memory_bytes() {
        Some(bytes) => out.push_str(&format!(
            "peak memory of this process: {:.0} MiB (target ≤ 256 MiB)\n",
            bytes as f64 / (1024.0 * 1024.0)
        )),
        None => out.push_str("peak memory: not available on this system\n"),
    }
    print_out(&out)
}
