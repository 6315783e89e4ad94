//! Criterion benchmarks of the real engine path on the shipped stepwise scenario: the equilibrium
//! solve on one thread, a batch of trials on one thread and on all threads, a single trial, and
//! raw ChaCha8 output for the ceiling.
//! `jcpoa-sim bench` prints the same figures for every scenario with the efficiency ratio.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jcpoa_sim::engine::monitor::Unmonitored;
use jcpoa_sim::engine::rng::base_rng;
use jcpoa_sim::engine::solved::{Solved, solved};
use jcpoa_sim::engine::workers::Workers;
use jcpoa_sim::engine::{self, RunConfig};
use jcpoa_sim::model::observer::NoopObserver;
use jcpoa_sim::scenario::Scenario;
use rand::Rng;

const TRIALS: u64 = 20_000;

fn stepwise() -> Scenario {
    Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/stepwise.toml"))
        .expect("the shipped stepwise scenario")
}

fn engine_throughput(c: &mut Criterion) {
    let scenario = stepwise();
    let mut group = c.benchmark_group("stepwise");
    group.sample_size(10);
    let one_thread = Workers::one().expect("a one-thread pool");
    let cores = std::thread::available_parallelism().expect("the core count");
    let all_threads = Workers::new(cores).expect("a pool of one thread per core");
    group.bench_function("equilibrium solve, 1 thread", |b| {
        b.iter(|| Solved::new(scenario.setup(), false, &one_thread).stats());
    });
    group.throughput(Throughput::Elements(TRIALS));
    for (label, workers) in [("1 thread", &one_thread), ("all threads", &all_threads)] {
        let config = RunConfig {
            seed: 1,
            first_trial: 1 << 20, // past the trials whose trajectories are recorded
            trials: TRIALS,
            precision: None,
        };
        group.bench_function(format!("{TRIALS} trials, {label}"), |b| {
            b.iter(|| {
                engine::run(scenario.case(), &config, workers, &Unmonitored, None)
                    .map(|r| r.summary.trials)
            });
        });
    }
    group.throughput(Throughput::Elements(1));
    let base = base_rng(1);
    let game = solved(scenario.setup(), &all_threads);
    let mut index = 0u64;
    group.bench_function("one trial", |b| {
        b.iter(|| {
            index += 1;
            black_box(engine::run_trial(
                scenario.case(),
                &game,
                &base,
                index,
                &mut NoopObserver,
            ))
        });
    });
    group.finish();

    let mut raw = c.benchmark_group("chacha8");
    raw.throughput(Throughput::Elements(2 * 1024));
    let mut rng = base_rng(2);
    raw.bench_function("1024 u64 draws", |b| {
        b.iter(|| {
            for _ in 0..1024 {
                black_box(rng.next_u64());
            }
        });
    });
    raw.finish();
}

criterion_group!(benches, engine_throughput);
criterion_main!(benches);
