//! The binary, run as a user would, on every shipped scenario.

use crate::common::{SHIPPED_RUN_TRIALS, jcpoa, root, scenario_path, shipped_runs, temp_dir};

fn read_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_shipped_scenario_runs_and_writes_its_report() {
    let runs = shipped_runs();
    assert!(runs.len() >= 8, "{} shipped scenarios", runs.len());
    for run in runs {
        let (name, dir, o) = (&run.name, &run.dir, &run.output);
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            stdout.contains("restored") && stdout.contains("95% CI"),
            "{name}: {stdout}"
        );
        let summary = read_json(&dir.join("summary.json"));
        assert_eq!(summary["schema"], "jcpoa-sim/summary");
        assert_eq!(summary["run"]["trials"], SHIPPED_RUN_TRIALS);
        assert_eq!(summary["scenario"]["name"], name.as_str());
        assert_eq!(summary["scenario"]["hash"].as_str().unwrap().len(), 64);
        let outcomes = summary["outcomes"].as_array().unwrap();
        let total: f64 = outcomes
            .iter()
            .map(|o| o["estimate"].as_f64().unwrap())
            .sum();
        assert!((total - 1.0).abs() < 1e-12, "{name}: shares sum to {total}");
        for o in outcomes {
            let (lo, p, hi) = (
                o["ci_low"].as_f64().unwrap(),
                o["estimate"].as_f64().unwrap(),
                o["ci_high"].as_f64().unwrap(),
            );
            assert!(lo <= p && p <= hi, "{name}: {o}");
        }
        let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
        assert!(
            md.contains("## Outcomes") && md.contains("Restored in"),
            "{name}"
        );
    }
}

#[test]
fn trials_csv_has_one_row_per_trial_with_drawn_values() {
    let out = temp_dir("csv");
    let dir = out.join("rep");
    let o = jcpoa(
        &root(),
        &[
            "run",
            scenario_path("stepwise").to_str().unwrap(),
            "--trials",
            "2500",
            "--trials-csv",
            "--out",
            dir.to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut reader = csv::Reader::from_path(dir.join("trials.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "trial");
    assert!(header.iter().any(|h| h == "iran.initial_trust"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2500);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0].parse::<usize>().unwrap(), i, "rows in trial order");
        let trust: f64 = row[header
            .iter()
            .position(|h| h == "iran.initial_trust")
            .unwrap()]
        .parse()
        .unwrap();
        assert!((0.0..=1.0).contains(&trust));
    }
    // Counts in the CSV agree with the summary.
    let summary = read_json(&dir.join("summary.json"));
    let restored_csv = rows.iter().filter(|r| &r[1] == "restored").count() as u64;
    assert_eq!(
        summary["outcomes"][0]["count"].as_u64().unwrap(),
        restored_csv
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn same_seed_gives_the_same_report_bytes() {
    let out = temp_dir("bytes");
    let mut texts = Vec::new();
    for (i, threads) in ["1", "2"].iter().enumerate() {
        let dir = out.join(format!("r{i}"));
        let o = jcpoa(
            &root(),
            &[
                "run",
                scenario_path("simultaneous").to_str().unwrap(),
                "--trials",
                "4000",
                "--threads",
                threads,
                "--out",
                dir.to_str().unwrap(),
                "-q",
            ],
        );
        assert!(o.status.success());
        texts.push((
            std::fs::read(dir.join("summary.json")).unwrap(),
            std::fs::read(dir.join("report.md")).unwrap(),
        ));
    }
    assert_eq!(texts[0], texts[1]);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn bad_scenarios_exit_2_naming_file_line_and_key() {
    let out = temp_dir("bad");
    let bad = out.join("bad.toml");
    std::fs::write(
        &bad,
        format!(
            "extends = \"{}\"\n[iran]\ndeal_valu = 3\n",
            scenario_path("baseline").display()
        ),
    )
    .unwrap();
    let o = jcpoa(&out, &["run", "bad.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.toml:3:1"), "{err}");
    assert!(
        err.contains("iran.deal_valu") && err.contains("did you mean `iran.deal_value`"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    assert!(
        !out.join("reports").exists(),
        "nothing written for bad input"
    );
    std::fs::remove_dir_all(&out).unwrap();
}
