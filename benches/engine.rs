//! `cargo bench`: the engine's figures on the shipped stepwise scenario — the equilibrium solve
//! on one thread, a batch of trials on one thread and on every core, and raw ChaCha8 output for
//! the ceiling — measured by the same code as `jcpoa-sim bench` (`analysis::benchmark`), each the
//! median of five measurements. `jcpoa-sim bench` gives them for every scenario, with the
//! targets of `docs/performance.md`.

use std::path::Path;
use std::time::Duration;

use jcpoa_sim::analysis::benchmark::{
    engine_seconds, median_of, raw_words_per_second, solve_seconds,
};
use jcpoa_sim::engine::workers::Workers;
use jcpoa_sim::scenario::Scenario;

/// Trials per measurement of the trial phase.
const TRIALS: u64 = 200_000;
/// Measurements per figure.
const REPEAT: usize = 5;

fn main() {
    let scenario =
        Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/stepwise.toml"))
            .expect("the shipped stepwise scenario");
    let one = Workers::one().expect("a one-thread pool");
    let cores = std::thread::available_parallelism().expect("the core count");
    let all = Workers::new(cores).expect("a pool of one thread per core");
    let solve = median_of(REPEAT, || solve_seconds(&scenario, &one));
    println!("stepwise: equilibrium solve on 1 thread: {solve:.3} s");
    for (label, workers) in [("1 thread", &one), ("all threads", &all)] {
        let seconds = median_of(REPEAT, || engine_seconds(&scenario, TRIALS, workers));
        println!(
            "stepwise: {TRIALS} trials on {label} ({}): {seconds:.3} s, {:.0} trials/s",
            workers.threads(),
            TRIALS as f64 / seconds
        );
    }
    let words = raw_words_per_second(Duration::from_millis(500));
    println!("raw ChaCha8 on one thread: {:.0} M words/s", words / 1e6);
}
