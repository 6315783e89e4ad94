//! The analyst's commands on the shipped scenarios: compare, sweep, sensitivity, trace.

use crate::common::{jcpoa, root, scenario_path, temp_dir};

fn ok(args: &[&str]) -> String {
    let o = jcpoa(&root(), args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    let out = temp_dir("self-compare");
    let s = scenario_path("stepwise");
    let s = s.to_str().unwrap();
    ok(&[
        "compare",
        s,
        s,
        "--trials",
        "3000",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let doc = json(&out.join("comparison.json"));
    let other = &doc["scenarios"][1]["difference_from_reference"];
    for d in other["outcomes"].as_array().unwrap() {
        for key in ["estimate", "low", "high"] {
            assert_eq!(d[key].as_f64().unwrap(), 0.0, "{d}");
        }
    }
    for actor in ["payoff_iran", "payoff_us"] {
        assert_eq!(other[actor]["estimate"].as_f64().unwrap(), 0.0);
        assert_eq!(other[actor]["high"].as_f64().unwrap(), 0.0);
    }
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn compare_the_four_protocols_from_a_folder_with_paired_intervals() {
    let out = temp_dir("compare-four");
    let folder = out.join("protocols");
    std::fs::create_dir_all(&folder).unwrap();
    for name in ["iran_first", "us_first", "simultaneous", "stepwise"] {
        let text = format!("extends = \"{}\"\n", scenario_path(name).display());
        std::fs::write(folder.join(format!("{name}.toml")), text).unwrap();
    }
    let report = out.join("report");
    let stdout = ok(&[
        "compare",
        folder.to_str().unwrap(),
        "--reference",
        "iran_first",
        "--trials",
        "4000",
        "--out",
        report.to_str().unwrap(),
        "-q",
    ]);
    assert!(
        stdout.contains("Δ restored vs iran_first (points)"),
        "{stdout}"
    );
    let doc = json(&report.join("comparison.json"));
    assert_eq!(doc["reference"], "iran_first");
    let names: Vec<&str> = doc["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["iran_first", "simultaneous", "stepwise", "us_first"]
    );
    // Stepwise restores far more often than Iran-first, beyond its paired interval.
    let stepwise = &doc["scenarios"][2]["difference_from_reference"]["outcomes"][0];
    assert!(stepwise["low"].as_f64().unwrap() > 0.3, "{stepwise}");
    for file in [
        "compare_outcomes.png",
        "compare_timeline.png",
        "compare_payoffs.png",
        "report.md",
        "index.html",
    ] {
        assert!(report.join(file).is_file(), "{file}");
    }
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_sweep_over_the_veto_is_monotone_within_its_intervals() {
    let out = temp_dir("sweep-veto");
    ok(&[
        "sweep",
        scenario_path("stepwise").to_str().unwrap(),
        // The direction tests' grid (`model.rs`): a direction is the game's, not its grid's.
        "--set",
        "equilibrium.slice_days=14",
        "--set",
        "equilibrium.belief_points=5",
        "--param",
        "hardliners.veto_strength=0:1:6",
        "--trials",
        "6000",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let doc = json(&out.join("sweep.json"));
    let points = doc["points"].as_array().unwrap();
    assert_eq!(points.len(), 6);
    let restored: Vec<(f64, f64, f64)> = points
        .iter()
        .map(|p| {
            let r = &p["outcomes"][0];
            (
                r["estimate"].as_f64().unwrap(),
                r["low"].as_f64().unwrap(),
                r["high"].as_f64().unwrap(),
            )
        })
        .collect();
    for w in restored.windows(2) {
        // A stronger veto never raises P(restored) beyond the two intervals' overlap.
        assert!(
            w[1].0 <= w[0].2.max(w[1].2) && w[1].1 <= w[0].2,
            "{restored:?}"
        );
    }
    assert!(restored[5].0 < restored[0].0 - 0.2, "{restored:?}");
    assert!(out.join("sweep.png").is_file() && out.join("sweep.csv").is_file());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_two_parameter_sweep_draws_heat_maps() {
    let out = temp_dir("sweep-2d");
    ok(&[
        "sweep",
        scenario_path("simultaneous").to_str().unwrap(),
        // A coarse solve grid: the test reads the charts, not the model's numbers.
        "--set",
        "equilibrium.slice_days=28",
        "--set",
        "equilibrium.belief_points=4",
        "--param",
        "hardliners.veto_strength=0:1:3",
        "--param",
        "calendar.horizon_months=12:24:3",
        "--trials",
        "500",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(out.join("heatmap_restored.png").is_file());
    assert!(out.join("heatmap_collapse.png").is_file());
    assert_eq!(
        json(&out.join("sweep.json"))["points"]
            .as_array()
            .unwrap()
            .len(),
        9
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn sweeping_outside_a_parameters_range_is_bad_input() {
    let o = jcpoa(
        &root(),
        &[
            "sweep",
            scenario_path("stepwise").to_str().unwrap(),
            "--param",
            "hardliners.veto_strength=0:2:3",
            "--trials",
            "10",
            "--out",
            temp_dir("sweep-bad").join("r").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("hardliners.veto_strength=2") && err.contains("[0, 1]"),
        "{err}"
    );
}

#[test]
fn sensitivity_ranks_parameters_and_documents_morris() {
    let out = temp_dir("sensitivity");
    ok(&[
        "sensitivity",
        scenario_path("stepwise").to_str().unwrap(),
        // A coarse solve grid: the test reads the report's shape, not the model's numbers.
        "--set",
        "equilibrium.slice_days=28",
        "--set",
        "equilibrium.belief_points=4",
        "--params",
        "hardliners.veto_strength,iran.initial_trust,us.deal_value",
        "--trials",
        "3000",
        "--morris-trajectories",
        "3",
        "--morris-trials",
        "500",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let doc = json(&out.join("sensitivity.json"));
    let tornado = doc["tornado"].as_array().unwrap();
    assert_eq!(tornado.len(), 3);
    // Swings come from the distributions (5%-95%) or +-20%.
    let deal = tornado
        .iter()
        .find(|r| r["swing"]["path"] == "us.deal_value")
        .unwrap();
    assert_eq!(deal["swing"]["low"], 80.0);
    assert_eq!(deal["swing"]["high"], 120.0);
    assert_eq!(doc["morris"].as_array().unwrap().len(), 3);
    assert!(
        doc["morris_method"]
            .as_str()
            .unwrap()
            .contains("3 trajectories × (3 parameters + 1) = 12 runs of 500 trials each")
    );
    // The Morris effects are stated in percentage points, like the tornado's, and each chart
    // states the trials its own runs used.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("| Parameter | μ* (points) |"), "{md}");
    assert!(md.contains("with 3,000 trials per run"), "{md}");
    let mu_star = doc["morris"][0]["mu_star"].as_f64().unwrap();
    assert!(
        md.contains(&format!("{:.2} |", 100.0 * mu_star)),
        "μ* {mu_star} in points: {md}"
    );
    for file in ["tornado.png", "morris.png", "report.md", "index.html"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn trace_of_trial_k_ends_as_trial_k_of_a_bulk_run() {
    let out = temp_dir("trace");
    let s = root().join("tests/model/quick.toml");
    let s = s.to_str().unwrap();
    ok(&[
        "run",
        s,
        "--trials",
        "200",
        "--trials-csv",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let mut reader = csv::Reader::from_path(out.join("trials.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    for k in [0usize, 7, 42, 199] {
        let story = ok(&["trace", s, "--trial", &k.to_string()]);
        let outcome = &rows[k][1];
        assert!(
            story.contains(&format!("## Outcome\n{outcome} on {}", &rows[k][2])),
            "trial {k}: bulk run says {outcome} on {}, trace says:\n{}",
            &rows[k][2],
            &story[story.find("## Outcome").unwrap_or(0)..]
        );
        assert!(story.contains("draw "), "decisions show what was drawn");
    }
    // --outcome finds the first trial that ends that way.
    let first_collapse = rows.iter().position(|r| &r[1] == "collapse").unwrap();
    let story = ok(&["trace", s, "--outcome", "collapse"]);
    assert!(
        story.contains(&format!("trial {first_collapse} ")),
        "{}",
        &story[..200]
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn run_set_overrides_with_the_same_checks_as_the_file() {
    let out = temp_dir("set");
    ok(&[
        "run",
        scenario_path("stepwise").to_str().unwrap(),
        "--set",
        "protocol.kind=us_first",
        "--set",
        "hardliners.veto_strength=0.1",
        "--trials",
        "1000",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let doc = json(&out.join("summary.json"));
    assert_eq!(doc["scenario"]["protocol"], "us_first");
    assert_eq!(
        doc["scenario"]["overrides"],
        serde_json::json!(["protocol.kind=us_first", "hardliners.veto_strength=0.1"])
    );
    std::fs::remove_dir_all(&out).unwrap();
}
