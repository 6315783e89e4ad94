//! Statistical tests of the engine: bit-identical results across thread counts, and outcome
//! and cause counts that add up. The model's own properties are in `model`.

use crate::common::{load, run};
use jcpoa_sim::engine::solved::forget_solves;
use jcpoa_sim::model::outcome::Outcome;
use jcpoa_sim::report::run::{Report, RunInfo, json};

/// The same results on any number of threads, the equilibrium solve included: the kept solves
/// are forgotten before each run, so each solves the game afresh on its own threads.
#[test]
fn results_are_bit_identical_for_any_thread_count() {
    let scenario = load("stepwise", &[]);
    // Not a multiple of the chunk size, so the last chunk is partial.
    let trials = 20_001;
    forget_solves();
    let one = run(&scenario, trials, 99, 1);
    let run_info = RunInfo {
        seed: 99,
        trials,
        first_trial: 0,
        precision_target: None,
        precision_met: None,
    };
    let json_one = json::render(&Report::new(&scenario, run_info, &one)).unwrap();
    for threads in [2, 8] {
        forget_solves();
        let other = run(&scenario, trials, 99, threads);
        assert_eq!(one, other, "{threads} threads");
        assert_eq!(
            json_one,
            json::render(&Report::new(&scenario, run_info, &other)).unwrap(),
            "summary.json differs with {threads} threads"
        );
    }
    assert_eq!(one, run(&scenario, trials, 99, 1), "a second run differs");
    assert_ne!(
        one,
        run(&scenario, trials, 100, 1),
        "the seed has no effect"
    );
}

#[test]
fn outcome_shares_sum_to_one() {
    for name in [
        "iran_first",
        "us_first",
        "simultaneous",
        "stepwise",
        "attrition",
    ] {
        let s = run(&load(name, &[]), 5_000, 3, 0);
        assert_eq!(s.outcomes.iter().sum::<u64>(), s.trials, "{name}");
        let causes: u64 = s.causes.iter().flatten().sum();
        let restored = s.outcomes[Outcome::Restored.index()];
        assert_eq!(
            causes,
            s.trials - restored,
            "every failure has one cause ({name})"
        );
    }
}
