//! Extreme but valid inputs run correctly, and no NaN or infinity ever reaches summary.json.

use crate::common::{jcpoa, root, scenario_path, temp_dir};

/// Fields of summary.json that may legitimately be null.
const NULLABLE: &[&str] = &[
    "run.precision_target",
    "run.precision_met",
    "precision",
    "given",
    "restoration.median_day",
    "restoration.median_date",
    "restoration.q25_day",
    "restoration.q25_date",
    "restoration.q75_day",
    "restoration.q75_date",
    "restoration.before_election",
    "calendar.campaign_start",
    "calendar.election",
    "calendar.inauguration",
    "calendar.monitoring_deadline",
    "payoffs.iran.mean_by_outcome.mean",
    "payoffs.us.mean_by_outcome.mean",
    "beliefs.expected_reciprocation",
    "beliefs.realised_reciprocation",
    "joint_moves.us_full_rate",
    "joint_moves.us_qualified_rate",
    "joint_moves.us_commit_expected",
    "joint_moves.iran_commit_rate",
    "joint_moves.iran_commit_expected",
];

/// Every `null` in `value` at a path that may not be null (`NULLABLE`). A NaN or an infinity
/// cannot reach the file as a `null` in disguise: the JSON writer refuses to write a document
/// holding one (`report::finite`, whose tests put one at a nullable path).
fn check_nulls(value: &serde_json::Value, path: &str, problems: &mut Vec<String>) {
    match value {
        serde_json::Value::Null if !NULLABLE.contains(&path) => problems.push(path.to_string()),
        serde_json::Value::Array(items) => {
            for v in items {
                check_nulls(v, path, problems);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                check_nulls(v, &p, problems);
            }
        }
        _ => {}
    }
}

/// Runs the stepwise scenario with overrides and returns its parsed summary.json.
fn run(name: &str, extra: &[&str]) -> serde_json::Value {
    let out = temp_dir(&format!("robust-{name}"));
    let dir = out.join("r");
    let mut args = vec![
        "run".to_string(),
        scenario_path("stepwise").display().to_string(),
        "--out".to_string(),
        dir.display().to_string(),
        "-q".to_string(),
    ];
    args.extend(extra.iter().map(std::string::ToString::to_string));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = jcpoa(&root(), &argv);
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut problems = Vec::new();
    check_nulls(&json, "", &mut problems);
    assert!(
        problems.is_empty(),
        "{name}: null fields that may not be null {problems:?}"
    );
    for chart in ["outcomes", "timeline", "trajectories", "causes", "payoffs"] {
        assert!(
            dir.join(format!("{chart}.png")).is_file(),
            "{name}: no {chart}.png"
        );
    }
    let shares: f64 = json["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["estimate"].as_f64().unwrap())
        .sum();
    assert!(
        (shares - 1.0).abs() < 1e-12,
        "{name}: shares sum to {shares}"
    );
    std::fs::remove_dir_all(&out).unwrap();
    json
}

fn sets(assignments: &[&str]) -> Vec<String> {
    assignments
        .iter()
        .flat_map(|a| ["--set".to_string(), a.to_string()])
        .collect()
}

fn run_with(name: &str, trials: &str, assignments: &[&str]) -> serde_json::Value {
    let mut args = vec!["--trials".to_string(), trials.to_string()];
    args.extend(sets(assignments));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    run(name, &argv)
}

const PROBABILITIES: &[&str] = &[
    "hardliners.veto_strength",
    "hardliners.override_base",
    "hardliners.outside_pushback",
    "talks.indirect_misread_prob",
    "talks.direct_misread_prob",
    "iaea.censure_base",
    "iaea.censure_intransigence",
    "iaea.censure_lapse_boost",
    "election.hardliner_win_base",
    "election.campaign_progress_factor",
    "election.transition_progress_factor",
    "iran.initial_trust",
    "us.initial_trust",
    "us.qualified_share",
];

#[test]
fn probabilities_of_exactly_zero_and_one() {
    for value in ["0", "1"] {
        let assignments: Vec<String> = PROBABILITIES
            .iter()
            .map(|p| format!("{p}={value}"))
            .collect();
        let refs: Vec<&str> = assignments.iter().map(String::as_str).collect();
        run_with(&format!("prob{value}"), "300", &refs);
    }
}

#[test]
fn zero_rates_zero_rationality_and_zero_values() {
    run_with(
        "zeros",
        "300",
        &[
            "shocks.military_incident.rate_per_year=0",
            "shocks.humanitarian_pressure.rate_per_year=0",
            "shocks.sabotage.rate_per_year=0",
            "iran.rationality=0",
            "us.rationality=0",
            "iran.deal_value=0",
            "us.deal_value=0",
            "talks.indirect_progress_per_week=0",
            "talks.direct_progress_per_week=0",
            "hardliners.rationality=0",
            "talks.indirect_decisions_per_week=0",
            "talks.direct_decisions_per_week=0",
        ],
    );
}

#[test]
fn a_one_step_horizon() {
    let json = run_with(
        "one-step",
        "200",
        &[
            "calendar.step_days=31",
            "calendar.horizon_months=1",
            "election.enabled=false",
        ],
    );
    assert_eq!(json["calendar"]["steps"], 1);
}

#[test]
fn a_ten_year_horizon() {
    let json = run_with(
        "ten-years",
        "500",
        &["calendar.horizon_months=120", "calendar.step_days=14"],
    );
    assert_eq!(json["calendar"]["steps"], 261);
}

#[test]
fn a_single_trial() {
    let json = run_with("single", "1", &[]);
    assert_eq!(json["run"]["trials"], 1);
}

#[test]
fn precision_keeps_adding_whole_chunks_until_the_target() {
    let json = run("precision", &["--precision", "0.003"]);
    let trials = json["run"]["trials"].as_u64().unwrap();
    assert_eq!(json["run"]["precision_met"], true);
    assert_eq!(trials % 8192, 0, "whole batches of chunks");
    // Wilson half-width <= 0.003 for p near 0.5 needs about 0.25 * (1.96 / 0.003)^2 = 107,000.
    assert!(trials > 50_000 && trials < 200_000, "{trials}");
    for o in json["outcomes"].as_array().unwrap() {
        let half = (o["ci_high"].as_f64().unwrap() - o["ci_low"].as_f64().unwrap()) / 2.0;
        assert!(half <= 0.003, "{o}");
    }
    let again = run(
        "precision-again",
        &["--precision", "0.003", "--threads", "1"],
    );
    assert_eq!(
        json["outcomes"], again["outcomes"],
        "deterministic stopping point"
    );
}
