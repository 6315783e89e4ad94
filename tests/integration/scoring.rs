//! `jcpoa-sim score`: Brier scores and log losses, checked against hand computation.

use crate::common::{jcpoa, root, scenario_path, temp_dir};

#[test]
fn scores_match_hand_computation() {
    let out = temp_dir("score");
    let n = 2000u64;
    let o = jcpoa(
        &root(),
        &[
            "score",
            scenario_path("stepwise").to_str().unwrap(),
            "--questions",
            "tests/score/questions.toml",
            "--trials",
            &n.to_string(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("score.json")).unwrap()).unwrap();
    let q = &json["questions"];
    let close = |v: &serde_json::Value, x: f64| {
        let got = v.as_f64().unwrap_or(f64::NAN);
        assert!((got - x).abs() < 1e-9, "{got} vs {x}");
    };
    // "never": the model says 0 (nothing is restored on day 0); it happened.
    assert_eq!(q[0]["id"], "never");
    close(&q[0]["model"]["probability"], 0.0);
    close(&q[0]["model"]["brier"], 1.0);
    close(&q[0]["model"]["log_loss"], (2.0 * n as f64).ln()); // −ln(1/(2n))
    close(&q[0]["forecasts"]["alice"]["brier"], 0.09); // (0.7 − 1)²
    close(&q[0]["forecasts"]["alice"]["log_loss"], -(0.7f64).ln());
    close(&q[0]["forecasts"]["bob"]["brier"], 0.0);
    close(
        &q[0]["forecasts"]["bob"]["log_loss"],
        -(1.0 - 1.0 / (2.0 * n as f64)).ln(),
    );
    // "surely": the model says 1; it did not happen.
    close(&q[1]["model"]["probability"], 1.0);
    close(&q[1]["model"]["brier"], 1.0);
    close(&q[1]["model"]["log_loss"], (2.0 * n as f64).ln());
    close(&q[1]["forecasts"]["alice"]["brier"], 0.04); // (0.2 − 0)²
    close(&q[1]["forecasts"]["alice"]["log_loss"], -(0.8f64).ln());
    // Unresolved: a probability, no scores.
    let p = q[2]["model"]["probability"].as_f64().unwrap();
    assert!(p > 0.6 && p < 0.85, "{p}");
    assert!(q[2]["model"]["brier"].is_null());
    // Means over the resolved questions (a forecaster's over those it forecast).
    close(&json["mean"]["model"]["brier"], 1.0);
    close(&json["mean"]["model"]["log_loss"], (2.0 * n as f64).ln());
    close(
        &json["mean"]["forecasts"]["alice"]["brier"],
        (0.09 + 0.04) / 2.0,
    );
    close(
        &json["mean"]["forecasts"]["alice"]["log_loss"],
        (-(0.7f64).ln() - (0.8f64).ln()) / 2.0,
    );
    close(&json["mean"]["forecasts"]["bob"]["brier"], 0.0);
    assert_eq!(json["resolved"], 2);
    assert!(
        !out.join("reliability.png").exists(),
        "two resolved questions: no diagram"
    );
    for f in ["score.md", "index.html"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // The model's probability of a hardliner win is the run's share, on the same streams.
    let run_dir = out.join("run");
    let r = jcpoa(
        &root(),
        &[
            "run",
            scenario_path("stepwise").to_str().unwrap(),
            "--trials",
            &n.to_string(),
            "-q",
            "--out",
            run_dir.to_str().unwrap(),
        ],
    );
    assert!(r.status.success());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run_dir.join("summary.json")).unwrap())
            .unwrap();
    close(&summary["election"]["hardliner_won"], p);
}

#[test]
fn a_bad_questions_file_is_located_bad_input() {
    let out = temp_dir("score-bad");
    let o = jcpoa(
        &root(),
        &[
            "score",
            scenario_path("stepwise").to_str().unwrap(),
            "--questions",
            "tests/score/bad.toml",
            "--trials",
            "10",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for fragment in [
        "tests/score/bad.toml:3:1",
        "question.txt",
        "did you mean `text`",
        "tests/score/bad.toml:5:11",
        "expected true or false",
        "`2021-02-30` is not a date",
        "question.forecasts.carol",
        "probability in [0, 1]",
    ] {
        assert!(err.contains(fragment), "missing `{fragment}` in:\n{err}");
    }
}

#[test]
fn ten_resolved_questions_get_a_reliability_diagram() {
    let out = temp_dir("score-reliability");
    let mut text = String::new();
    for i in 0..10 {
        let month = 3 + i % 9;
        text.push_str(&format!(
            "[[question]]\nid = \"q{i}\"\ntext = \"talks by month {month}?\"\nevent = \"talks_open_by=2021-{month:02}-15\"\noutcome = {}\n\n",
            i % 2 == 0
        ));
    }
    let questions = out.join("q.toml");
    std::fs::write(&questions, text).unwrap();
    let report = out.join("report");
    let o = jcpoa(
        &root(),
        &[
            "score",
            scenario_path("stepwise").to_str().unwrap(),
            "--questions",
            questions.to_str().unwrap(),
            "--trials",
            "500",
            "--out",
            report.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(report.join("reliability.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let md = std::fs::read_to_string(report.join("score.md")).unwrap();
    assert!(md.contains("](reliability.png)"), "{md}");
    let html = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains("data:image/png;base64,"));
}
