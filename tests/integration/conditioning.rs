//! Conditioning (`--given`, `[[given]]`) keeps exactly the trials consistent with the events:
//! the same trials, on the same streams, as an unconditioned run restricted to them; on any
//! number of threads and across shards.

use jcpoa_sim::engine::rng::base_rng;
use jcpoa_sim::engine::run_trial;
use jcpoa_sim::engine::solved::solved;
use jcpoa_sim::model::facts::Facts;
use jcpoa_sim::model::outcome::Outcome;
use jcpoa_sim::scenario::source::ScenarioSource;

use crate::common::{jcpoa, root, run, scenario_path, se_diff, temp_dir};

const TRIALS: u64 = 6000;
const SEED: u64 = 41;

#[test]
fn given_hardliner_win_is_the_unconditioned_run_restricted_to_hardliner_wins() {
    let mut source = ScenarioSource::load(&scenario_path("stepwise")).unwrap();
    let plain = source.build().unwrap();
    source.given("election=hardliner").unwrap();
    let given = source.build().unwrap();
    assert_eq!(given.conditions().given.len(), 1);

    // The unconditioned trials, each watched for its facts, restricted to hardliner wins.
    let game = solved(plain.setup(), &crate::common::workers(0));
    let base = base_rng(SEED);
    let mut restricted = [0u64; 4];
    let mut all = [0u64; 4];
    for i in 0..TRIALS {
        let mut facts = Facts::new(game.talks_open_at_start());
        let (result, _) = run_trial(plain.case(), &game, &base, i, &mut facts);
        all[result.outcome.index()] += 1;
        if facts.vote == Some(true) {
            restricted[result.outcome.index()] += 1;
        }
    }
    let accepted: u64 = restricted.iter().sum();
    assert!(
        accepted > 1000 && accepted < TRIALS,
        "{accepted} hardliner wins"
    );

    let summary = run(&given, TRIALS, SEED, 2);
    assert_eq!(summary.played, TRIALS);
    assert_eq!(summary.trials, accepted);
    // The very same trials: the counts agree exactly, not only within Monte Carlo error.
    assert_eq!(summary.outcomes, restricted);
    // And conditioning matters here: the shares differ from the unconditioned ones by more than
    // Monte Carlo error for at least one outcome (else this test could not tell).
    let differs = Outcome::ALL.iter().any(|o| {
        let (a, b) = (restricted[o.index()], all[o.index()]);
        let (p, q) = (a as f64 / accepted as f64, b as f64 / TRIALS as f64);
        (p - q).abs() > 4.0 * se_diff(p, accepted, q, TRIALS)
    });
    assert!(differs, "{restricted:?} vs {all:?}");

    // The same on one thread.
    assert_eq!(run(&given, TRIALS, SEED, 1), summary);
}

#[test]
fn negation_keeps_the_complement_including_votes_never_held() {
    let mut source = ScenarioSource::load(&scenario_path("stepwise")).unwrap();
    source.given("election=hardliner").unwrap();
    let yes = run(&source.build().unwrap(), 3000, SEED, 2);
    let mut source = ScenarioSource::load(&scenario_path("stepwise")).unwrap();
    source.given("!election=hardliner").unwrap();
    let no = run(&source.build().unwrap(), 3000, SEED, 2);
    assert_eq!(yes.trials + no.trials, 3000);
    let plain = run(&crate::common::load("stepwise", &[]), 3000, SEED, 2);
    for i in 0..4 {
        assert_eq!(yes.outcomes[i] + no.outcomes[i], plain.outcomes[i]);
    }
}

#[test]
fn a_conditioned_run_in_shards_merges_into_the_single_run_and_says_so() {
    let out = temp_dir("given-shards");
    let s = scenario_path("stepwise");
    let s = s.to_str().unwrap();
    let common = [
        "--trials",
        "5000",
        "-q",
        "--given",
        "talks_open_by=2021-06-30",
    ];
    for i in 1..=2 {
        let dir = out.join(format!("part{i}"));
        let mut args = vec!["run", s, "--shard"];
        let shard = format!("{i}/2");
        args.push(&shard);
        args.extend(common);
        args.extend(["--out", dir.to_str().unwrap()]);
        let o = jcpoa(&root(), &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let merged = out.join("merged");
    let m = jcpoa(
        &root(),
        &[
            "merge",
            out.join("part1").to_str().unwrap(),
            out.join("part2").to_str().unwrap(),
            "--out",
            merged.to_str().unwrap(),
        ],
    );
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    let single = out.join("single");
    let mut args = vec!["run", s];
    args.extend(common);
    args.extend(["--out", single.to_str().unwrap()]);
    let r = jcpoa(&root(), &args);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(
        stdout.contains("given: talks_open_by=2021-06-30 — "),
        "{stdout}"
    );
    let read = |d: &std::path::Path| std::fs::read_to_string(d.join("summary.json")).unwrap();
    assert_eq!(read(&merged), read(&single));
    let json: serde_json::Value = serde_json::from_str(&read(&single)).unwrap();
    let given = &json["given"];
    assert_eq!(given["events"][0], "talks_open_by=2021-06-30");
    assert_eq!(given["trials"], 5000);
    let accepted = given["accepted"].as_u64().unwrap();
    assert!(accepted > 0 && accepted < 5000, "{accepted}");
    assert_eq!(json["run"]["trials"].as_u64(), Some(accepted));
    let rate = given["acceptance_rate"].as_f64().unwrap();
    assert!((rate - accepted as f64 / 5000.0).abs() < 1e-12);
    let md = std::fs::read_to_string(single.join("report.md")).unwrap();
    assert!(md.contains("| Given | talks_open_by=2021-06-30 — "), "{md}");
    assert!(md.contains("--given 'talks_open_by=2021-06-30'"), "{md}");
}

#[test]
fn given_tables_are_appended_along_extends() {
    let dir = temp_dir("given-extends");
    std::fs::write(
        dir.join("a.toml"),
        format!(
            "extends = {:?}\n[[given]]\nevent = \"election=moderate\"\nevidence = \"E12\"\n",
            scenario_path("stepwise").to_str().unwrap()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.toml"),
        "extends = \"a.toml\"\n[[given]]\nevent = \"!outcome=collapse\"\n",
    )
    .unwrap();
    let mut source = ScenarioSource::load(&dir.join("b.toml")).unwrap();
    source.given("talks_open_by=2022-01-01").unwrap();
    let scenario = source.build().unwrap();
    let texts: Vec<&str> = scenario
        .conditions()
        .given
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "election=moderate",
            "!outcome=collapse",
            "talks_open_by=2022-01-01"
        ]
    );
}
