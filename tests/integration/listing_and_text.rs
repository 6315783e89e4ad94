//! Through the binary: `params` lists every key, a precision target not reached warns and says so
//! in summary.json, chart text in Persian (with Latin) is drawn and other scripts warn once, and
//! an interrupted analysis counts all the trials it ran.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use jcpoa_sim::model::registry::PARAMS;
use jcpoa_sim::scenario::keys::{step_fields, structural_paths};

use crate::common::{jcpoa, root, scenario_path, temp_dir};

#[test]
fn params_lists_every_key_with_its_type_and_allowed_values() {
    let o = jcpoa(&root(), &["params"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    let listed: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for key in structural_paths() {
        assert!(listed.contains(&key), "`{key}` is not listed");
    }
    for field in step_fields() {
        let key = format!("protocol.steps[].{field}");
        assert!(listed.contains(&key.as_str()), "`{key}` is not listed");
    }
    for spec in PARAMS {
        assert!(listed.contains(&spec.path), "`{}` is not listed", spec.path);
    }
    let line = |key: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(key))
            .unwrap_or_else(|| panic!("no line for {key}"))
            .to_string()
    };
    let channel = line("talks.channel");
    assert!(channel.contains("choice"), "{channel}");
    assert!(
        channel.contains("\"indirect\", \"direct\", \"iran_choice\""),
        "{channel}"
    );
    assert!(line("hardliners.enabled").contains("true or false"));
    assert!(line("election.date").contains("2021-06-18"));
    assert!(line("simulation.seed").contains("0 to 9223372036854775807"));
    assert!(line("protocol.kind").contains("\"stepwise\""));
    assert!(line("protocol.steps[].first").contains("\"iran\" | \"us\""));

    // A scenario's own values, and the Markdown tables.
    let o = jcpoa(
        &root(),
        &[
            "params",
            scenario_path("stepwise_direct_talks").to_str().unwrap(),
        ],
    );
    let text = String::from_utf8_lossy(&o.stdout);
    let channel = text
        .lines()
        .find(|l| l.starts_with("talks.channel"))
        .unwrap();
    assert!(channel.contains("\"direct\""), "{channel}");
    let o = jcpoa(&root(), &["params", "--markdown"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("| `iran.deal_value` |") && md.contains("| `calendar.start` | date |"));
}

/// Runs `scenario` quietly into `dir` with `extra` arguments.
fn run(scenario: &Path, dir: &Path, extra: &[&str]) -> Output {
    let (scenario, dir) = (scenario.to_str().unwrap(), dir.to_str().unwrap());
    let mut args = vec!["run", scenario, "-q", "--out", dir];
    args.extend(extra);
    jcpoa(&root(), &args)
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn a_precision_target_not_reached_warns_and_is_recorded() {
    let out = temp_dir("precision-warning");
    let dir = out.join("r");
    let stepwise = scenario_path("stepwise");
    let o = run(
        &stepwise,
        &dir,
        &["--precision", "0.001", "--trials", "500"],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: the --precision target (every 95% interval within ±0.1 points) was not reached: after 500 trials"),
        "{stderr}"
    );
    let json = summary(&dir);
    assert_eq!(json["precision"]["reached"], false);
    assert_eq!(json["precision"]["target"], 0.001);
    assert!(json["precision"]["widest_half_width"].as_f64().unwrap() > 0.001);
    // Reached: no warning.
    let o = run(&stepwise, &dir, &["--precision", "0.05"]);
    assert!(o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("warning"));
    assert_eq!(summary(&dir)["precision"]["reached"], true);
    std::fs::remove_dir_all(&out).unwrap();
}

/// Share of non-white pixels in the title band (the top 45 rows) of a chart.
fn title_ink(path: &std::path::Path) -> f64 {
    let img = image::open(path).unwrap().to_rgb8();
    let (w, _) = img.dimensions();
    let band: Vec<_> = (0..45)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| img.get_pixel(x, y))
        .collect();
    band.iter().filter(|p| p[0] < 200).count() as f64 / band.len() as f64
}

#[test]
fn persian_titles_are_drawn_and_other_scripts_warn_once() {
    let out = temp_dir("persian");
    let baseline = scenario_path("baseline");
    let scenario = |title: &str| {
        format!(
            "extends = \"{}\"\ntitle = \"{title}\"\n\n[[protocol.steps]]\nname = \"گام نخست: Iran pauses uranium-metal work\"\niran_target = 1.0\nus_target = 1.0\nfirst = \"together\"\n",
            baseline.display()
        )
    };
    let persian = out.join("persian.toml");
    std::fs::write(
        &persian,
        scenario("گام‌به‌گام: بازگشت به برجام (JCPOA) در ۴ مرحله"),
    )
    .unwrap();
    let dir = out.join("fa");
    let o = run(&persian, &dir, &["--trials", "300"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let ink = title_ink(&dir.join("outcomes.png"));
    assert!(ink > 0.04, "the Persian title is drawn ({ink})");

    let cjk = out.join("cjk.toml");
    std::fs::write(&cjk, scenario("返回 🙂 JCPOA")).unwrap();
    let o = run(&cjk, &out.join("cjk"), &["--trials", "300"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("warning:").count(),
        1,
        "warned once: {stderr}"
    );
    assert!(
        stderr.contains("Latin and Arabic-script text only"),
        "{stderr}"
    );
    assert!(stderr.contains("3 character(s) (回返🙂)"), "{stderr}");
    std::fs::remove_dir_all(&out).unwrap();
}

#[cfg(unix)]
#[test]
fn an_interrupted_sensitivity_analysis_counts_every_trial_it_ran() {
    let out = temp_dir("sensitivity-interrupted");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jcpoa-sim"))
        .current_dir(root())
        .args(["sensitivity", scenario_path("stepwise").to_str().unwrap()])
        .args([
            "--trials",
            "100000",
            "--morris-trajectories",
            "0",
            "-q",
            "--out",
        ])
        .arg(out.join("s"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(1), "{stderr}");
    let said = stderr
        .split("was interrupted after ")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"));
    let trials: u64 = said
        .split(' ')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    // The trials of every run so far, not those of the run it stopped in (often 0).
    assert!(trials > 0, "counted {trials} trials: {stderr}");
    std::fs::remove_dir_all(&out).unwrap();
}
