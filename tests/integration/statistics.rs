//! Statistical tests of the engine: a closed form on a degenerate scenario, interval coverage,
//! bit-identical results across thread counts, and the directions the model implies.

use crate::common::{load, run, se_diff};
use jcpoa_sim::model::actors::choice_probability;
use jcpoa_sim::model::outcome::Outcome;
use jcpoa_sim::report::run::{Report, RunInfo, json};
use jcpoa_sim::stats::Proportion;

/// Everything switched off except one choice: the US commits to the joint move with a known
/// weekly probability, so the week of restoration is geometric.
const GEOMETRIC: &[&str] = &[
    "election.enabled=false",
    "iaea.enabled=false",
    "hardliners.enabled=false",
    "shocks.enabled=false",
    "linkage.enabled=false",
    "protocol.kind=simultaneous",
    "protocol.package_needs_roadmap=false",
    "talks.channel=direct",
    "talks.direct_misread_prob=0",
    "iran.initial_trust=1",
    "us.initial_trust=1",
    "iran.rationality=100",
    "us.rationality=1",
    "us.deal_value=22",
    "us.waiting_cost_per_month=0",
    "us.qualified_share=0",
    "escalation.law_compliance_drop=0",
    "trust.dead_floor=0",
];

/// The US's weekly probability of committing in the geometric scenario: advantage
/// `1 * 22 * 0.6 - 15 * 1 = -1.8` (trust 1, deal value 22, Iran's compliance gap 0.6, leverage cost
/// 15 per unit of relief).
fn geometric_p() -> f64 {
    choice_probability(1.0, 22.0 * 0.6 - 15.0)
}

#[test]
fn restoration_time_is_geometric_on_a_degenerate_scenario() {
    let scenario = load("baseline", GEOMETRIC);
    let n = 200_000;
    let s = run(&scenario, n, 11, 0);
    let p = geometric_p();
    assert!((p - 0.1419).abs() < 1e-3);
    // P(T <= k) = 1 - (1 - p)^(k + 1), checked at each of the first 15 weeks within 4 SE.
    let mut cumulative = 0u64;
    for k in 0..15 {
        cumulative += s.restored_at[k];
        let expected = 1.0 - (1.0 - p).powi(k as i32 + 1);
        let observed = cumulative as f64 / n as f64;
        let se = (expected * (1.0 - expected) / n as f64).sqrt();
        assert!(
            (observed - expected).abs() < 4.0 * se,
            "week {k}: observed {observed}, expected {expected}"
        );
    }
    // Mean of T (the horizon truncation is negligible: (1-p)^79 ~ 6e-6).
    let total: u64 = s.restored_at.iter().sum();
    let mean = s
        .restored_at
        .iter()
        .enumerate()
        .map(|(k, c)| k as f64 * *c as f64)
        .sum::<f64>()
        / total as f64;
    let expected_mean = (1.0 - p) / p;
    let sd = (1.0 - p).sqrt() / p;
    assert!(
        (mean - expected_mean).abs() < 4.0 * sd / (total as f64).sqrt(),
        "mean {mean} vs {expected_mean}"
    );
    assert_eq!(s.outcomes[Outcome::Collapse.index()], 0);
}

#[test]
fn wilson_intervals_cover_the_true_probability_about_95_percent_of_the_time() {
    // P(restored within the first 3 weeks) = 1 - (1 - p)^3 in the geometric scenario.
    let scenario = load("baseline", GEOMETRIC);
    let truth = 1.0 - (1.0 - geometric_p()).powi(3);
    let seeds = 400;
    let covered = (0..seeds)
        .filter(|seed| {
            let s = run(&scenario, 100, 1000 + seed, 1);
            let hits: u64 = s.restored_at[..3].iter().sum();
            let ci = Proportion::wilson(hits, s.trials);
            ci.low <= truth && truth <= ci.high
        })
        .count();
    let rate = covered as f64 / seeds as f64;
    // 95% nominal; with 400 seeds, +-4 binomial SD is about +-0.044.
    assert!((0.906..=0.994).contains(&rate), "coverage {rate}");
}

#[test]
fn results_are_bit_identical_for_any_thread_count() {
    let scenario = load("stepwise", &[]);
    // Not a multiple of the chunk size, so the last chunk is partial.
    let trials = 20_001;
    let one = run(&scenario, trials, 99, 1);
    let run_info = RunInfo {
        seed: 99,
        trials,
        first_trial: 0,
        precision_target: None,
        precision_met: None,
    };
    let json_one = json::render(&Report::new(&scenario, run_info, &one));
    for threads in [2, 8] {
        let other = run(&scenario, trials, 99, threads);
        assert_eq!(one, other, "{threads} threads");
        assert_eq!(
            json_one,
            json::render(&Report::new(&scenario, run_info, &other)),
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
    for name in ["iran_first", "us_first", "simultaneous", "stepwise"] {
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

fn restored_share(name: &str, sets: &[&str], n: u64) -> f64 {
    let s = run(&load(name, sets), n, 5, 0);
    s.outcomes[Outcome::Restored.index()] as f64 / n as f64
}

#[test]
fn a_stronger_veto_does_not_raise_restoration() {
    let n = 20_000;
    let weak = restored_share("stepwise", &["hardliners.veto_strength=0.2"], n);
    let strong = restored_share("stepwise", &["hardliners.veto_strength=0.8"], n);
    assert!(
        strong <= weak + 3.0 * se_diff(weak, n, strong, n),
        "weak {weak} strong {strong}"
    );
    assert!(
        strong < weak,
        "the veto should matter: weak {weak} strong {strong}"
    );
}

#[test]
fn higher_initial_trust_does_not_lower_restoration() {
    let n = 20_000;
    for name in ["simultaneous", "stepwise"] {
        let low = restored_share(
            name,
            &["iran.initial_trust=0.15", "us.initial_trust=0.2"],
            n,
        );
        let high = restored_share(name, &["iran.initial_trust=0.5", "us.initial_trust=0.6"], n);
        assert!(
            high >= low - 3.0 * se_diff(low, n, high, n),
            "{name}: low {low} high {high}"
        );
    }
}

#[test]
fn removing_the_campaign_window_does_not_lower_restoration_before_the_election() {
    // Direct talks make restoration before the June vote possible at all.
    let n = 40_000;
    let before = |sets: &[&str]| {
        let scenario = load("stepwise_direct_talks", sets);
        let s = run(&scenario, n, 8, 0);
        let election = scenario.schedule().election.unwrap().election_step;
        s.restored_at[..election].iter().sum::<u64>() as f64 / n as f64
    };
    let with_campaign = before(&[]);
    let without = before(&["election.campaign_start=2021-06-18"]);
    assert!(
        without >= with_campaign - 3.0 * se_diff(with_campaign, n, without, n),
        "with campaign {with_campaign}, without {without}"
    );
    assert!(with_campaign > 0.0 && without > with_campaign);
}
