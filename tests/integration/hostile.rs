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
