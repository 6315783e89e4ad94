//! Hostile input (issue 18): text of the user's never becomes markup in a report page, no input
//! file is read without a size limit, and inputs with a great many keys or a huge title are
//! handled in time proportional to their size.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{jcpoa, scenario_path, temp_dir};

/// A scenario extending stepwise, with `extra` lines, written as `name` in `dir`.
fn variant(dir: &Path, name: &str, extra: &str) -> String {
    let path = dir.join(name);
    let stepwise = scenario_path("stepwise");
    std::fs::write(
        &path,
        format!("extends = {:?}\n{extra}", stepwise.to_str().unwrap()),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs the binary in `cwd` under a 4 GiB address-space limit, killed after `limit`: a run that
/// reads without bound fails (rather than taking the machine's memory), and one that is slow is
/// stopped. Returns its output (through files, so a long one never blocks it) and how long it
/// took.
fn bounded(cwd: &Path, args: &[&str], limit: Duration) -> (Output, Duration) {
    let (out, err) = (cwd.join(".stdout"), cwd.join(".stderr"));
    let started = Instant::now();
    let mut child = Command::new("sh")
        .current_dir(cwd)
        .arg("-c")
        .arg("ulimit -v 4194304; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_jcpoa-sim"))
        .args(args)
        .stdout(Stdio::from(std::fs::File::create(&out).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err).unwrap()))
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() && started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let status = child.wait().unwrap();
    let took = started.elapsed();
    let output = Output {
        status,
        stdout: std::fs::read(&out).unwrap(),
        stderr: std::fs::read(&err).unwrap(),
    };
    (output, took)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_scripted_title_description_question_or_forecaster_stays_text_in_every_page() {
    let dir = temp_dir("hostile-html");
    let script = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let scenario = variant(
        &dir,
        "evil.toml",
        &format!(
            "title = \"{script} [x](javascript:alert(3))\"\ndescription = \"{script} <JavaScript:alert(4)>\"\n"
        ),
    );
    std::fs::write(
        dir.join("questions.toml"),
        format!(
            "[[question]]\nid = \"q1\"\ntext = \"{script}\"\nevent = \"outcome=restored\"\noutcome = true\n[question.forecasts]\n\"{script}\" = 0.5\n"
        ),
    )
    .unwrap();
    let runs: [&[&str]; 3] = [
        &["run", &scenario, "--trials", "200", "-q", "--out", "run"],
        &[
            "compare",
            &scenario,
            &scenario_path("stepwise").display().to_string(),
            "--trials",
            "200",
            "-q",
            "--out",
            "compare",
        ],
        &[
            "score",
            &scenario,
            "--questions",
            "questions.toml",
            "--trials",
            "200",
            "--out",
            "score",
        ],
    ];
    for args in runs {
        let o = jcpoa(&dir, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let out = args[args.iter().position(|a| *a == "--out").unwrap() + 1];
        let page = std::fs::read_to_string(dir.join(out).join("index.html")).unwrap();
        let lower = page.to_ascii_lowercase();
        assert!(
            !lower.contains("<script"),
            "{out}: a script tag in index.html"
        );
        assert!(
            !lower.contains("<img src=\"x\"") && !lower.contains("<img src=x"),
            "{out}"
        );
        assert!(
            !lower.contains("href=\"javascript"),
            "{out}: a javascript: link"
        );
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}: the text is shown"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_endless_input_file_is_refused_at_its_size_limit() {
    let dir = temp_dir("hostile-endless");
    let zero = variant(&dir, "zero.toml", "").replace(".toml", "-zero.toml");
    std::fs::write(&zero, "extends = \"/dev/zero\"\n").unwrap();
    let stepwise = scenario_path("stepwise").display().to_string();
    let cases: [(&[&str], &str); 4] = [
        (&["validate", &zero], "scenario file may be (16 MiB)"),
        (&["validate", "/dev/zero"], "scenario file may be (16 MiB)"),
        (
            &["score", &stepwise, "--questions", "/dev/zero", "--out", "s"],
            "questions file may be (4 MiB)",
        ),
        (
            &[
                "calibrate",
                &stepwise,
                "--targets",
                "/dev/urandom",
                "--param",
                "hardliners.veto_strength=0.2:0.9",
                "--out",
                "c",
            ],
            "targets file may be (4 MiB)",
        ),
    ];
    for (args, message) in cases {
        let (o, took) = bounded(&dir, args, Duration::from_secs(30));
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?} (after {took:?}): {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn many_unknown_keys_and_a_huge_title_take_time_in_proportion() {
    let dir = temp_dir("hostile-quadratic");
    let keys: String = (0..200_000)
        .map(|i| format!("unknown_key_{i} = 1\n"))
        .collect();
    let many = variant(&dir, "keys.toml", &keys);
    let (o, took) = bounded(&dir, &["validate", &many], Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(2), "after {took:?}: {}", stderr(&o));
    assert!(took < Duration::from_secs(20), "validate took {took:?}");
    assert!(
        stderr(&o).contains(":200001:1: key `unknown_key_199999`"),
        "located to its line"
    );
    let title = variant(
        &dir,
        "title.toml",
        &format!("title = \"{}\"\n", "a".repeat(2_000_000)),
    );
    let (o, took) = bounded(
        &dir,
        &["run", &title, "--trials", "200", "-q", "--out", "t"],
        Duration::from_secs(90),
    );
    assert!(o.status.success(), "after {took:?}: {}", stderr(&o));
    assert!(took < Duration::from_secs(45), "run took {took:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Rewrites the sealed document at `path`, a `T`, with `edit` applied to its content and sealed
/// again (as an editor that also fixes the hash would).
pub(crate) fn reseal<T: serde::Serialize + serde::de::DeserializeOwned>(
    path: &Path,
    edit: impl FnOnce(&mut serde_json::Value),
) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut doc["content"]);
    let value: T = serde_json::from_value(doc["content"].take()).unwrap();
    std::fs::write(path, jcpoa_sim::input::seal(&value).unwrap()).unwrap();
}

#[test]
fn merge_refuses_partials_whose_contents_do_not_add_up() {
    let dir = temp_dir("hostile-partials");
    let stepwise = scenario_path("stepwise").display().to_string();
    for shard in ["1/2", "2/2"] {
        let out = format!("p{}", &shard[..1]);
        let o = jcpoa(
            &dir,
            &[
                "run", &stepwise, "--trials", "400", "--shard", shard, "-q", "--out", &out,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let merge = |dir: &Path| jcpoa(dir, &["merge", "p1", "p2", "--out", "merged"]);
    let o = merge(&dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let part = dir.join("p2/partial.json");
    let original = std::fs::read(&part).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let edits: [(Edit, &str); 6] = [
        (
            |c| {
                c["summary"]["restored_on"]
                    .as_array_mut()
                    .unwrap()
                    .truncate(10);
            },
            "restored_on",
        ),
        (
            |c| c["summary"]["outcomes"][0] = serde_json::json!(999_999_999u64),
            "outcomes",
        ),
        (
            |c| c["summary"]["outcomes"] = serde_json::json!([u64::MAX, 1, 0, 0]),
            "outcomes",
        ),
        (
            |c| {
                let text = c["scenario"]["layers"][0]["text"]
                    .as_str()
                    .unwrap()
                    .replace("title", "# edited\ntitle");
                c["scenario"]["layers"][0]["text"] = serde_json::json!(text);
            },
            "scenario hash",
        ),
        (
            |c| c["summary"]["election"][1] = serde_json::json!(5u64),
            "election",
        ),
        (
            |c| c["summary"]["payoffs"][0]["min"] = serde_json::json!(-1e300),
            "payoffs",
        ),
    ];
    for (edit, message) in edits {
        std::fs::write(&part, &original).unwrap();
        reseal::<jcpoa_sim::engine::shard::PartialResult>(&part, edit);
        let o = merge(&dir);
        assert_eq!(o.status.code(), Some(2), "{message}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{message}: {}", stderr(&o));
        assert!(!stderr(&o).contains("internal error"), "{}", stderr(&o));
    }
    // An edit without a new seal is refused as such.
    let text = String::from_utf8(original.clone())
        .unwrap()
        .replacen("\"seed\":", "\"seed\": ", 1);
    std::fs::write(&part, text.replacen("\"played\":", "\"played\":1", 1)).unwrap();
    let o = merge(&dir);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("p2/partial.json"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs the binary in `dir` and returns its exit code and standard error.
fn code_and_err(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = jcpoa(dir, args);
    (o.status.code(), stderr(&o))
}

/// Asserts that `args` are refused at once: exit 2, before any solve (within 10 s), with a
/// message holding every one of `wanted`.
fn refused(dir: &Path, args: &[&str], wanted: &[&str]) {
    let (o, took) = bounded(dir, args, Duration::from_secs(30));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    for w in wanted {
        assert!(err.contains(w), "{args:?}: no `{w}` in: {err}");
    }
    assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
}

/// Item 4: `--threads` near its maximum on a small machine runs a few threads per core (with a
/// note) rather than a thousand that each set up their own summaries.
#[test]
fn far_more_threads_than_cores_are_capped_with_a_note() {
    let dir = temp_dir("hostile-threads");
    let quick = crate::common::root().join("tests/model/quick.toml");
    let (o, took) = bounded(
        &dir,
        &[
            "run",
            quick.to_str().unwrap(),
            "--trials",
            "20",
            "--threads",
            "1000",
            "-q",
            "--out",
            "r",
        ],
        Duration::from_secs(60),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: --threads 1000 is more than 4 per core"),
        "{}",
        stderr(&o)
    );
    assert!(took < Duration::from_secs(20), "{took:?}");
    // One definition of the flag: every command refuses more than its maximum alike.
    for command in ["run", "score"] {
        let mut args = vec![command, quick.to_str().unwrap(), "--threads", "5000"];
        if command == "score" {
            args.extend(["--questions", "q.toml"]);
        }
        let (code, err) = code_and_err(&dir, &args);
        assert_eq!(code, Some(2), "{command}: {err}");
        assert!(err.contains("5000 is not in 0..=1024"), "{command}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Item 6: a `[joint_sample]` is one table of one file, and a later layer that sets one of its
/// keys replaces that column rather than being ignored.
#[test]
fn a_joint_sample_is_layered_like_any_value() {
    let dir = temp_dir("hostile-joint-layers");
    let sample = "[joint_sample]\nkeys = [\"hardliners.veto_strength\", \"talks.indirect_progress_per_week\"]\nweights = [1, 1]\nvalues = [[0.3, 0.03], [0.8, 0.05]]\n";
    let parent = variant(&dir, "fitted.toml", sample);
    let listed = |file: &str| {
        let o = jcpoa(&dir, &["params", file]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let line = |key: &str| {
            text.lines()
                .find(|l| l.starts_with(key))
                .unwrap_or_else(|| panic!("{key} not listed"))
                .to_string()
        };
        (
            line("hardliners.veto_strength"),
            line("talks.indirect_progress_per_week"),
        )
    };
    let (veto, pace) = listed(&parent);
    assert!(
        veto.contains("joint sample") && pace.contains("joint sample"),
        "{veto}\n{pace}"
    );
    // A file that extends the sample and sets one of its keys.
    let fixed = dir.join("fixed.toml");
    std::fs::write(
        &fixed,
        "extends = \"fitted.toml\"\n[hardliners]\nveto_strength = 0.1\n",
    )
    .unwrap();
    let (veto, pace) = listed(fixed.to_str().unwrap());
    assert!(
        veto.contains("0.1") && !veto.contains("joint sample"),
        "{veto}"
    );
    assert!(
        pace.contains("joint sample"),
        "the other column is still drawn: {pace}"
    );
    // A file that sets only part of the table does not borrow the rest from the one it extends.
    let child = dir.join("child.toml");
    std::fs::write(
        &child,
        "extends = \"fitted.toml\"\n[joint_sample]\nkeys = [\"hardliners.veto_strength\"]\n",
    )
    .unwrap();
    refused(
        &dir,
        &["validate", child.to_str().unwrap()],
        &["child.toml", "joint_sample", "replaced as a whole"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Item 7: weights too large to add up are refused, not turned into a sample of one row.
#[test]
fn joint_sample_weights_that_overflow_are_refused() {
    let dir = temp_dir("hostile-weights");
    let file = variant(
        &dir,
        "huge.toml",
        "[joint_sample]\nkeys = [\"hardliners.veto_strength\"]\nweights = [1e308, 1e308, 1e308]\nvalues = [[0.3], [0.5], [0.7]]\n",
    );
    refused(
        &dir,
        &["validate", &file],
        &[
            "joint_sample.weights",
            "add up to more than the largest number",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Items 8 and 14: `calibrate` refuses, before any generation, a parameter that cannot vary from
/// trial to trial, a setting of the solve given as a parameter, and a solve grid out of range,
/// each message naming the flag.
#[test]
fn calibrate_refuses_what_it_cannot_fit_before_computing() {
    let dir = temp_dir("hostile-calibrate-params");
    std::fs::write(
        dir.join("targets.toml"),
        "[[target]]\nevent = \"outcome=restored\"\nprobability = 0.4\nsd = 0.05\n",
    )
    .unwrap();
    let stepwise = scenario_path("stepwise");
    let stepwise = stepwise.to_str().unwrap();
    let args = |extra: &[&'static str]| {
        let mut a = vec!["calibrate", stepwise, "--targets", "targets.toml"];
        a.extend(extra);
        a
    };
    refused(
        &dir,
        &args(&["--param", "initial.compliance=0.3:0.5"]),
        &[
            "--param initial.compliance=0.3:0.5",
            "same number in every trial",
        ],
    );
    refused(
        &dir,
        &args(&["--param", "equilibrium.slice_days=1:7"]),
        &[
            "--param equilibrium.slice_days=1:7",
            "not a numeric parameter",
            "--solve-grid",
        ],
    );
    refused(
        &dir,
        &args(&[
            "--param",
            "hardliners.veto_strength=0.2:0.9",
            "--solve-grid",
            "0:0",
        ]),
        &[
            "--solve-grid 0:0",
            "equilibrium.slice_days",
            "must be an integer from 1 to 28",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Item 9: two forced elections with different winners contradict each other.
#[test]
fn contradictory_forces_are_refused() {
    let dir = temp_dir("hostile-forces");
    let quick = crate::common::root().join("tests/model/quick.toml");
    refused(
        &dir,
        &[
            "run",
            quick.to_str().unwrap(),
            "--force",
            "election=hardliner",
            "--force",
            "election=moderate",
        ],
        &["election=moderate", "contradicts `election=hardliner`"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Item 13: a solve too large for the machine is refused with its estimate, and a long one is
/// announced with its estimate before it starts.
#[test]
fn a_solve_is_sized_before_it_starts() {
    let dir = temp_dir("hostile-solve-size");
    let stepwise = scenario_path("stepwise");
    let fine = [
        "--set",
        "equilibrium.slice_days=1",
        "--set",
        "equilibrium.belief_points=25",
        "--set",
        "equilibrium.continuation_months=120",
    ];
    let mut huge = vec!["run", stepwise.to_str().unwrap(), "--out", "r", "-q"];
    huge.extend(fine);
    huge.extend([
        "--set",
        "calendar.horizon_months=240",
        "--set",
        "calendar.step_days=30",
    ]);
    refused(
        &dir,
        &huge,
        &["needs about 12.1 GiB", "at most 8 GiB is allowed"],
    );
    // The issue's valid extreme: announced (about 3.2 GiB and minutes), then stopped here.
    let mut long = vec!["run", stepwise.to_str().unwrap(), "--out", "r", "-q"];
    long.extend(fine);
    let (o, _) = bounded(&dir, &long, Duration::from_secs(3));
    assert!(
        stderr(&o).contains("note: the equilibrium solve of `stepwise`")
            && stderr(&o).contains("needs about 3.2 GiB and 4 min on one core"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Item 16: inputs that were accepted although they could not be meant.
#[test]
fn lenient_inputs_are_refused_with_located_messages() {
    let dir = temp_dir("hostile-lenient");
    let stepwise = scenario_path("stepwise");
    let stepwise = stepwise.to_str().unwrap();
    // An empty question id.
    std::fs::write(
        dir.join("q.toml"),
        "[[question]]\nid = \"\"\ntext = \"Restored?\"\nevent = \"outcome=restored\"\n",
    )
    .unwrap();
    refused(
        &dir,
        &["score", stepwise, "--questions", "q.toml", "--trials", "10"],
        &["q.toml:2", "question.id", "is empty"],
    );
    // An observed event given twice, and an sd that makes any miss infinite.
    std::fs::write(
        dir.join("twice.toml"),
        "[[observed]]\nevent = \"talks_open_by=2021-04-30\"\nhappened = true\n\n[[observed]]\nevent = \"talks_open_by=2021-04-30\"\nhappened = true\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("tiny.toml"),
        "[[target]]\nevent = \"outcome=restored\"\nprobability = 0.4\nsd = 1e-300\n",
    )
    .unwrap();
    for (file, wanted) in [
        (
            "twice.toml",
            vec!["twice.toml:5", "is in a second [[observed]] table"],
        ),
        (
            "tiny.toml",
            vec!["tiny.toml:4", "target.sd", "from 0.000001 to 1"],
        ),
    ] {
        let args = [
            "calibrate",
            stepwise,
            "--targets",
            file,
            "--param",
            "hardliners.veto_strength=0.2:0.9",
        ];
        refused(&dir, &args, &wanted);
    }
    // An event about the vote on a scenario that holds none, as [[given]] (as [[force]] was).
    let no_vote = variant(
        &dir,
        "no_vote.toml",
        "[election]\nenabled = false\n\n[[given]]\nevent = \"election=hardliner\"\n",
    );
    refused(
        &dir,
        &["validate", &no_vote],
        &["no_vote.toml:6", "holds no election"],
    );
    // Steps listed with a single-package protocol.
    let package = variant(
        &dir,
        "package.toml",
        "[protocol]\nkind = \"attrition\"\n\n[[protocol.steps]]\nname = \"x\"\niran_target = 1\nus_target = 1\nfirst = \"either\"\n",
    );
    refused(
        &dir,
        &["validate", &package],
        &["protocol.steps", "only when protocol.kind = \"stepwise\""],
    );
    // Two compared scenarios of one name.
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    let a = variant(&dir.join("a"), "stepwise.toml", "");
    let b = variant(&dir.join("b"), "stepwise.toml", "");
    refused(
        &dir,
        &["compare", &a, &b, "--trials", "10"],
        &["two scenarios are named `stepwise`"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}
