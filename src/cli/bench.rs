//! `jcpoa-sim bench`: trials per second of the real engine on each scenario, single-threaded and
//! on all threads, against the ceiling set by the random number generator.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use jcpoa_sim::analysis::benchmark::{
    engine_seconds, median, median_of, raw_words_per_second, words_per_trial,
};
use jcpoa_sim::engine::monitor::Unmonitored;
use jcpoa_sim::engine::{self, RunConfig};
use jcpoa_sim::report::output::ReportDir;
use jcpoa_sim::report::run::{Report, RunInfo};
use jcpoa_sim::scenario::Scenario;

use super::common::{print_out, scenario_files};

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// Scenario files (default: every .toml in scenarios/).
    scenarios: Vec<PathBuf>,
    /// Trials per measurement.
    #[arg(long, default_value_t = 200_000)]
    trials: u64,
    /// Measurements per figure (the median is reported).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// The scenario and trial count of the headline target (1,000,000 trials of stepwise.toml in
    /// at most 2 s on all threads).
    #[arg(long, default_value = "scenarios/stepwise.toml")]
    target: PathBuf,
    /// Trials of the headline target run.
    #[arg(long, default_value_t = 1_000_000)]
    target_trials: u64,
}

pub(crate) fn bench(args: &BenchArgs) -> anyhow::Result<()> {
    let files = if args.scenarios.is_empty() {
        scenario_files(&[PathBuf::from("scenarios")])?
    } else {
        args.scenarios.clone()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let raw = raw_words_per_second(Duration::from_millis(500));
    let mut out = format!(
        "machine: {threads} threads · raw ChaCha8: {:.0} M words/s on one thread · {} trials per figure, median of {}\n\n",
        raw / 1e6,
        args.trials,
        args.repeat
    );
    out.push_str(&format!(
        "{:<24} {:>6} {:>11} {:>13} {:>13} {:>8} {:>13} {:>10}\n",
        "scenario",
        "steps",
        "words/trial",
        "1 thread/s",
        format!("{threads} threads/s"),
        "speedup",
        "RNG ceiling/s",
        "efficiency"
    ));
    for file in &files {
        let scenario = Scenario::load(file)?;
        let words = words_per_trial(&scenario, scenario.simulation().seed, 2_000);
        let one = args.trials as f64
            / median_of(args.repeat, || engine_seconds(&scenario, args.trials, 1));
        let all = args.trials as f64
            / median_of(args.repeat, || engine_seconds(&scenario, args.trials, 0));
        let ceiling = raw / words;
        out.push_str(&format!(
            "{:<24} {:>6} {:>11.0} {:>13.0} {:>13.0} {:>7.2}× {:>13.0} {:>9.1}%\n",
            scenario.name(),
            scenario.calendar().steps(),
            words,
            one,
            all,
            all / one,
            ceiling,
            100.0 * one / ceiling
        ));
    }
    let target = Scenario::load(&args.target)?;
    let seconds = median_of(args.repeat, || {
        engine_seconds(&target, args.target_trials, 0)
    });
    let one = median_of(args.repeat, || {
        engine_seconds(&target, args.target_trials, 1)
    });
    let run = RunConfig {
        seed: target.simulation().seed,
        first_trial: 0,
        trials: 100_000,
        threads: 0,
        precision: None,
    };
    let summary = engine::run(&target, &run, &Unmonitored, None)?.summary;
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
        let dir = ReportDir::prepare(&scratch)?;
        report.write_to(&dir)?;
        report_times.push(start.elapsed().as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let report_seconds = median(report_times);
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    out.push_str(&format!(
        "\ntarget: {} trials of {} on {threads} threads in {:.2} s (target ≤ 2 s: {})\n",
        args.target_trials,
        target.name(),
        seconds,
        verdict(seconds <= 2.0)
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
    print_out(&out)
}
