//! `calibrate`: parameter recovery from targets made by the model itself, bit-identical sharded
//! (and, where Slurm is installed, Slurm) runs, `calibrated.toml`, and located input errors.

use std::path::{Path, PathBuf};

use jcpoa_sim::analysis::score::event_counts;
use jcpoa_sim::engine::RunConfig;
use jcpoa_sim::scenario::event::parse_condition;

use crate::common::{jcpoa, load, root, scenario_path, snapshot, temp_dir};

/// Events whose probabilities identify the veto strength (how soon a first step gets past the
/// hardliners) and the roadmap's pace (how soon the roadmap-gated steps follow). Without the
/// later steps' dates, a weaker veto with a slower roadmap matches the final outcome as well.
const RECOVERY_EVENTS: [&str; 7] = [
    "outcome=restored",
    "restored_by=2022-03-31",
    "steps_completed_by=1@2021-04-30",
    "steps_completed_by=1@2021-06-30",
    "steps_completed_by=2@2021-12-31",
    "steps_completed_by=3@2021-12-31",
    "steps_completed_by=3@2022-08-31",
];

/// A targets file with the probabilities of [`RECOVERY_EVENTS`] in `trials` trials of stepwise
/// at `sets`, each with standard deviation `sd`.
fn targets_at(sets: &[&str], trials: u64, sd: f64) -> String {
    let scenario = load("stepwise", sets);
    let events: Vec<_> = RECOVERY_EVENTS
        .iter()
        .map(|e| parse_condition(e, scenario.rules()).unwrap())
        .collect();
    let refs: Vec<_> = events.iter().collect();
    let config = RunConfig {
        seed: 99,
        first_trial: 0,
        trials,
        precision: None,
    };
    let (accepted, counts) = event_counts(
        &scenario,
        &refs,
        &config,
        &crate::common::workers(0),
        &jcpoa_sim::engine::monitor::Unmonitored,
    )
    .unwrap();
    let mut text = String::new();
    for (e, c) in RECOVERY_EVENTS.iter().zip(counts) {
        let p = c as f64 / accepted as f64;
        text.push_str(&format!(
            "[[target]]\nevent = \"{e}\"\nprobability = {p}\nsd = {sd}\n\n"
        ));
    }
    text
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The solve grid of the recovery test, for the truth and every particle alike: coarse, so that
/// the test is quick, and the same, so that the truth is a point the calibration can reach.
const RECOVERY_GRID: [&str; 2] = ["equilibrium.slice_days=28", "equilibrium.belief_points=4"];

/// The recovery: targets from 200,000 trials at veto strength 0.7 and roadmap pace 0.045;
/// both fitted from wide uniform priors with the default settings but 60 particles (and on the
/// scenario's own solve grid, the truth's), with a third parameter the scenario does not use
/// (linkage is off) fitted alongside.
#[test]
fn calibration_recovers_two_parameters_and_leaves_an_unused_one_at_its_prior() {
    let dir = temp_dir("calibration-recovery");
    let truth = [
        "hardliners.veto_strength=0.7",
        "talks.indirect_progress_per_week=0.045",
        RECOVERY_GRID[0],
        RECOVERY_GRID[1],
    ];
    std::fs::write(dir.join("targets.toml"), targets_at(&truth, 200_000, 0.02)).unwrap();
    let scenario = scenario_path("stepwise");
    let out = jcpoa(
        &dir,
        &[
            "calibrate",
            scenario.to_str().unwrap(),
            "--targets",
            "targets.toml",
            "--param",
            "hardliners.veto_strength=0.2:0.9",
            "--param",
            "talks.indirect_progress_per_week=0.02:0.06",
            "--param",
            "linkage.iran_value_loss=0:1",
            "--particles",
            "60",
            "--set",
            RECOVERY_GRID[0],
            "--set",
            RECOVERY_GRID[1],
            "--solve-grid",
            "scenario",
            "--out",
            "fit",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // The time of each generation (shown with --nocapture).
    eprintln!("{}", stderr(&out));
    let doc = json(&dir.join("fit/calibration.json"));
    let params = doc["parameters"].as_array().unwrap();
    let check = |i: usize, truth: f64, within: f64| {
        let p = &params[i];
        let post = &p["posterior"];
        let (mean, sd) = (post["mean"].as_f64().unwrap(), post["sd"].as_f64().unwrap());
        let prior_sd = p["prior"]["sd"].as_f64().unwrap();
        let (q05, q95) = (post["q05"].as_f64().unwrap(), post["q95"].as_f64().unwrap());
        eprintln!(
            "{}: mean {mean:.4} sd {sd:.4} (prior {prior_sd:.4}) 90% {q05:.4}–{q95:.4}",
            p["key"]
        );
        assert!(
            (mean - truth).abs() <= within,
            "{}: mean {mean} vs {truth}",
            p["key"]
        );
        assert!(
            sd <= 0.5 * prior_sd,
            "{}: sd {sd} vs prior {prior_sd}",
            p["key"]
        );
        assert!(
            q05 <= truth && truth <= q95,
            "{}: 90% {q05}–{q95} misses {truth}",
            p["key"]
        );
    };
    check(0, 0.7, 0.07);
    check(1, 0.045, 0.006);
    let unused = &params[2];
    let (sd, prior_sd) = (
        unused["posterior"]["sd"].as_f64().unwrap(),
        unused["prior"]["sd"].as_f64().unwrap(),
    );
    eprintln!("{}: sd {sd:.4} (prior {prior_sd:.4})", unused["key"]);
    assert!(
        sd >= 0.8 * prior_sd,
        "unused parameter: sd {sd} vs prior {prior_sd}"
    );
    for g in doc["generations"].as_array().unwrap() {
        eprintln!("{g}");
    }
    let generations = doc["generations"].as_array().unwrap();
    let tolerances: Vec<f64> = generations
        .iter()
        .filter_map(|g| g["tolerance"].as_f64())
        .collect();
    assert!(
        tolerances.windows(2).all(|w| w[1] <= w[0]),
        "{tolerances:?}"
    );
    // calibrated.toml runs, drawing the posterior jointly.
    let run = jcpoa(
        &dir,
        &[
            "run",
            "fit/calibrated.toml",
            "--trials",
            "2000",
            "--out",
            "post",
            "-q",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let summary = std::fs::read_to_string(dir.join("post/summary.json")).unwrap();
    assert!(
        summary.contains("column 1 of the joint sample"),
        "the posterior is not drawn"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A small calibration's arguments (cheap: a coarse solve grid and few particles and trials).
fn small_args(scenario: &str) -> Vec<&str> {
    vec![
        "calibrate",
        scenario,
        "--targets",
        "targets.toml",
        "--param",
        "hardliners.veto_strength=0.2:0.9",
        "--param",
        "talks.indirect_progress_per_week=0.02:0.06",
        "--particles",
        "8",
        "--keep",
        "4",
        "--generations",
        "3",
        "--trials",
        "300",
        "--solve-grid",
        "28:4",
        "--quiet",
    ]
}

/// A fresh folder named after `name` holding the small targets file, and the path of the
/// stepwise scenario to calibrate.
fn small_calibration(name: &str) -> (PathBuf, String) {
    let dir = temp_dir(name);
    std::fs::write(
        dir.join("targets.toml"),
        "[[observed]]\nevent = \"!collapsed_by=2021-06-30\"\nhappened = true\n\n[[target]]\nevent = \"outcome=restored\"\nprobability = 0.45\nsd = 0.05\n\n[[target]]\nevent = \"steps_completed_by=1@2021-06-30\"\nprobability = 0.6\nsd = 0.05\n",
    )
    .unwrap();
    let scenario = scenario_path("stepwise");
    (dir, scenario.to_str().unwrap().to_string())
}

/// Every file of two report folders is the same bytes.
fn same_reports(a: &Path, b: &Path) {
    for name in [
        "calibration.json",
        "calibrated.toml",
        "report.md",
        "pairs.png",
        "posterior-1.png",
    ] {
        assert!(
            std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap(),
            "{name} differs"
        );
    }
}

#[test]
fn a_sharded_calibration_is_the_same_bytes_as_one_machine() {
    let (dir, scenario) = small_calibration("calibration-shards");
    let scenario = scenario.as_str();
    let mut one = small_args(scenario);
    one.extend(["--out", "one", "--threads", "2"]);
    let out = jcpoa(&dir, &one);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut finished = false;
    for _ in 0..3 {
        for shard in ["1/3", "2/3", "3/3"] {
            let mut args = small_args(scenario);
            args.extend(["--work", "work", "--shard", shard, "--threads", "1"]);
            let out = jcpoa(&dir, &args);
            assert!(out.status.success(), "{}", stderr(&out));
        }
        let mut args = small_args(scenario);
        args.extend(["--work", "work", "--merge", "--out", "merged"]);
        let out = jcpoa(&dir, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        if String::from_utf8_lossy(&out.stdout).contains("report:") {
            finished = true;
            break;
        }
    }
    assert!(finished, "the merges never finished the calibration");
    same_reports(&dir.join("one"), &dir.join("merged"));
    // calibrated.toml extends the scenario by a path relative to its own folder.
    let text = std::fs::read_to_string(dir.join("one/calibrated.toml")).unwrap();
    let extends = text
        .lines()
        .find_map(|l| l.strip_prefix("extends = "))
        .unwrap()
        .trim_matches('"');
    assert!(!extends.starts_with('/'), "{extends}");
    assert!(
        dir.join("one").join(extends).canonicalize().unwrap()
            == Path::new(scenario).canonicalize().unwrap()
    );
    // A merge with a shard missing is refused; so is a shard of another calibration.
    let step = |extra: &[&str]| {
        let mut args = small_args(scenario);
        args.extend(extra);
        let out = jcpoa(&dir, &args);
        (out.status.code(), stderr(&out))
    };
    let merge = ["--work", "work2", "--merge", "--out", "never"];
    assert_eq!(step(&["--work", "work2", "--shard", "1/2"]).0, Some(0));
    let (code, err) = step(&merge);
    assert!(
        code == Some(2) && err.contains("missing shard(s) 2/2"),
        "{err}"
    );
    let (code, err) = step(&["--seed", "5", "--work", "work2", "--shard", "2/2"]);
    assert!(
        code == Some(2) && err.contains("another calibration"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Slurm path (`scripts/calibrate-slurm.sh`) on a live cluster. It needs Slurm, so it is
/// ignored by default; `docs/cluster.md` says how to run it: `scripts/slurm-local-up.sh` starts a
/// one-node cluster, then `cargo test --profile ci --test integration -- --ignored slurm`.
#[test]
#[ignore = "needs a running Slurm cluster (scripts/slurm-local-up.sh; see docs/cluster.md)"]
fn slurm_calibration_matches_one_machine() {
    let up = std::process::Command::new("sinfo")
        .args(["--noheader", "--format=%t"])
        .output();
    let states = match up {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        _ => panic!("no Slurm here (`sinfo` is absent or fails); run scripts/slurm-local-up.sh"),
    };
    assert!(
        ["idle", "mix", "alloc"].iter().any(|s| states.contains(s)),
        "Slurm answers but no node is up ({})",
        states.trim()
    );
    let (dir, scenario) = small_calibration("calibration-slurm");
    let scenario = scenario.as_str();
    let mut one = small_args(scenario);
    one.extend(["--out", "one"]);
    assert!(jcpoa(&dir, &one).status.success());
    let script = root().join("scripts/calibrate-slurm.sh");
    let out = std::process::Command::new(&script)
        .current_dir(&dir)
        .env("SHARDS", "2")
        .env("JCPOA_SIM", env!("CARGO_BIN_EXE_jcpoa-sim"))
        .args(["work", "slurm"])
        .args(&small_args(scenario)[1..])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    same_reports(&dir.join("one"), &dir.join("slurm"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn calibration_inputs_are_checked_with_located_messages() {
    let dir = temp_dir("calibration-inputs");
    let scenario = scenario_path("stepwise");
    let scenario = scenario.to_str().unwrap();
    let run = |targets: &str, param: &str| {
        std::fs::write(dir.join("t.toml"), targets).unwrap();
        let out = jcpoa(
            &dir,
            &[
                "calibrate",
                scenario,
                "--targets",
                "t.toml",
                "--param",
                param,
                "--quiet",
            ],
        );
        (out.status.code(), stderr(&out))
    };
    let good = "[[target]]\nevent = \"outcome=restored\"\nprobability = 0.5\nsd = 0.1\n";
    for (targets, param, wanted) in [
        (
            "[[target]]\nevent = \"outcome=restored\"\nprobabilty = 0.5\nsd = 0.1\n",
            "hardliners.veto_strength=0.2:0.9",
            "t.toml:3",
        ),
        (
            "[[target]]\nevent = \"outcome=restored\"\nprobabilty = 0.5\nsd = 0.1\n",
            "hardliners.veto_strength=0.2:0.9",
            "did you mean `probability`",
        ),
        (
            "[[observed]]\nevent = \"outcome=won\"\nhappened = true\n",
            "hardliners.veto_strength=0.2:0.9",
            "observed.event",
        ),
        (
            "[[target]]\nevent = \"outcome=restored\"\nprobability = 1.5\nsd = 0.1\n",
            "hardliners.veto_strength=0.2:0.9",
            "target.probability",
        ),
        (
            "[[targets]]\nevent = \"x\"\n",
            "hardliners.veto_strength=0.2:0.9",
            "t.toml:1",
        ),
        (
            good,
            "hardliners.veto_strength=0.9:0.2",
            "must be below HIGH",
        ),
        (good, "hardliners.veto_strenght=0.2:0.9", "veto_strenght"),
        (
            good,
            "hardliners.veto_strength=0.2:1.5",
            "must be a number in [0, 1]",
        ),
        (good, "hardliners.veto_strength", "expected KEY=LOW:HIGH"),
    ] {
        let (code, err) = run(targets, param);
        assert_eq!(code, Some(2), "{targets} {param}: {err}");
        assert!(
            err.contains(wanted),
            "{targets} {param}: wanted `{wanted}` in {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Ctrl-C stops a calibration between particles, says so, and leaves the previous report as it
/// was.
#[cfg(unix)]
#[test]
fn an_interrupted_calibration_keeps_the_previous_report() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let (dir, scenario) = small_calibration("calibration-interrupt");
    let scenario = scenario.as_str();
    let mut args = small_args(scenario);
    args.extend(["--out", "fit"]);
    assert!(jcpoa(&dir, &args).status.success());
    let before = snapshot(&dir.join("fit"));
    let mut long = small_args(scenario);
    long.extend(["--particles", "4000", "--out", "fit"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_jcpoa-sim"))
        .current_dir(&dir)
        .args(&long[..])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = loop {
        if child.try_wait().unwrap().is_some() {
            break child.wait_with_output().unwrap();
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(15),
            "did not stop promptly"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!out.status.success());
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert!(
        snapshot(&dir.join("fit")) == before,
        "the previous report changed"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The arguments of a one-generation calibration (the cheapest that writes a report).
fn one_generation(scenario: &str) -> Vec<&str> {
    let mut args = small_args(scenario);
    let at = args.iter().position(|a| *a == "--generations").unwrap();
    args[at + 1] = "1";
    args
}

#[test]
fn a_run_into_a_calibration_folder_keeps_the_calibrations_files() {
    let (dir, scenario) = small_calibration("calibration-other-kind");
    let mut args = one_generation(&scenario);
    args.extend(["--out", "fit"]);
    let out = jcpoa(&dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = crate::common::snapshot(&dir.join("fit"));
    let out = jcpoa(
        &dir,
        &[
            "run",
            "fit/calibrated.toml",
            "--trials",
            "300",
            "-q",
            "--out",
            "fit",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("it holds a jcpoa-sim calibration report, and this is a run report"),
        "{}",
        stderr(&out)
    );
    assert_eq!(crate::common::snapshot(&dir.join("fit")), before);
    // Into a folder of its own, the calibrated scenario runs.
    let out = jcpoa(
        &dir,
        &[
            "run",
            "fit/calibrated.toml",
            "--trials",
            "300",
            "-q",
            "--out",
            "posterior",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unusable_work_folder_or_another_calibrations_is_refused_before_any_work() {
    let (dir, scenario) = small_calibration("calibration-work-checks");
    std::fs::write(dir.join("a-file"), "not a folder").unwrap();
    for work in ["a-file", "a-file/below"] {
        for extra in [&["--shard", "1/2"][..], &[][..]] {
            let mut args = one_generation(&scenario);
            args.extend(["--work", work, "--out", "never"]);
            args.extend(extra);
            let started = std::time::Instant::now();
            let out = jcpoa(&dir, &args);
            assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
            assert!(
                stderr(&out).contains(&format!("--work `{work}` cannot be used")),
                "{}",
                stderr(&out)
            );
            assert!(
                started.elapsed() < std::time::Duration::from_secs(3),
                "a generation was computed first"
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("a-file")).unwrap(),
        "not a folder"
    );
    assert!(!dir.join("never").exists());
    // Generation 0 of a work folder: a shard with other arguments is refused at once.
    let mut args = one_generation(&scenario);
    args.extend(["--work", "work", "--shard", "1/2"]);
    assert_eq!(jcpoa(&dir, &args).status.code(), Some(0));
    let mut args = one_generation(&scenario);
    args.extend(["--seed", "7", "--work", "work", "--shard", "2/2"]);
    let out = jcpoa(&dir, &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("another calibration"),
        "{}",
        stderr(&out)
    );
    let parts: Vec<_> = std::fs::read_dir(dir.join("work/generation-00"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(parts.len(), 1, "{parts:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_resumed_state_that_does_not_hold_together_is_refused() {
    let (dir, scenario) = small_calibration("calibration-bad-state");
    let mut args = one_generation(&scenario);
    args.extend(["--work", "work", "--out", "fit"]);
    let out = jcpoa(&dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let state = dir.join("work/state-00.json");
    let original = std::fs::read_to_string(&state).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let edits: [(Edit, &str); 5] = [
        (
            |c| c["population"] = serde_json::json!([]),
            "population has 0 particles",
        ),
        (
            |c| c["population"][0]["theta"] = serde_json::json!([0.5]),
            "particle 0's values",
        ),
        (
            |c| c["population"][0]["theta"][0] = serde_json::json!(5.0),
            "particle 0's values",
        ),
        (
            |c| c["population"][1]["weight"] = serde_json::json!(-1.0),
            "particle 1's weight",
        ),
        (
            |c| c["population"][0]["evaluation"]["accepted"] = serde_json::json!(1u64 << 40),
            "trials accepted",
        ),
    ];
    for (edit, message) in edits {
        std::fs::write(&state, &original).unwrap();
        crate::hostile::reseal::<jcpoa_sim::analysis::calibrate::State>(&state, edit);
        let out = jcpoa(&dir, &args);
        assert_eq!(out.status.code(), Some(2), "{message}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(message),
            "{message}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("state-00.json"), "{}", stderr(&out));
    }
    std::fs::write(&state, original.replacen("\"weight\":", "\"weight\":9", 1)).unwrap();
    let out = jcpoa(&dir, &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("edited or damaged"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
