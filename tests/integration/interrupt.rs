//! Ctrl-C and SIGTERM stop a run promptly, say so, and leave the previous report exactly as it was.
#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{jcpoa, root, scenario_path, snapshot, temp_dir};

fn interrupted_run_keeps_previous_report(signal: &str) {
    let out = temp_dir(&format!("interrupt-{signal}"));
    let dir = out.join("report");
    let scenario = scenario_path("stepwise");
    let scenario = scenario.to_str().unwrap();
    let dir_str = dir.to_str().unwrap();
    let first = jcpoa(
        &root(),
        &["run", scenario, "--trials", "500", "--out", dir_str, "-q"],
    );
    assert!(first.status.success());
    let before = snapshot(&dir);

    let mut child = Command::new(env!("CARGO_BIN_EXE_jcpoa-sim"))
        .args([
            "run",
            scenario,
            "--trials",
            "1000000000",
            "--trials-csv",
            "--out",
            dir_str,
            "-q",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the run has started writing its staging directory, then signal it.
    let started = Instant::now();
    while !std::fs::read_dir(&out)
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().contains("staging"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "run never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(10),
            "did not stop promptly"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let stopped_after = signalled.elapsed();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("interrupt"), "{stderr}");
    assert!(
        stopped_after < Duration::from_secs(3),
        "took {stopped_after:?}"
    );

    assert_eq!(before, snapshot(&dir), "the previous report changed");
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        vec!["report".to_string()],
        "staging files left behind"
    );

    let again = jcpoa(
        &root(),
        &["run", scenario, "--trials", "700", "--out", dir_str, "-q"],
    );
    assert!(again.status.success(), "a rerun works");
    let summary = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    assert!(summary.contains("\"trials\": 700"));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn ctrl_c_leaves_the_previous_report_intact() {
    interrupted_run_keeps_previous_report("-INT");
}

#[test]
fn sigterm_leaves_the_previous_report_intact() {
    interrupted_run_keeps_previous_report("-TERM");
}
