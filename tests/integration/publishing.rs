//! Report folders through the binary: the user's own files in a report folder survive every run,
//! including files saved while a run is in progress; one run at a time may write a folder, and a
//! second fails at once naming the first; what a killed run leaves beside the folder is cleaned up
//! by the next run without losing anything of the user's.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{jcpoa, root, temp_dir};

/// The scenario every run of these tests plays: stepwise on a coarse solve grid (what is tested
/// is the publishing, not the model).
fn stepwise() -> String {
    root().join("tests/model/quick.toml").display().to_string()
}

/// Runs stepwise into `dir` with `trials` trials and extra arguments; asserts it succeeded.
fn run_into(dir: &Path, trials: &str, extra: &[&str]) {
    let (scenario, out) = (stepwise(), dir.display().to_string());
    let mut args = vec!["run", &scenario, "--trials", trials, "--out", &out, "-q"];
    args.extend(extra);
    let o = jcpoa(&root(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A fresh folder `out` holding a report `R` of 300 trials: `(out, R)`.
fn a_report(name: &str) -> (PathBuf, PathBuf) {
    let out = temp_dir(name);
    let dir = out.join("R");
    run_into(&dir, "300", &[]);
    (out, dir)
}

/// Starts a run of `trials` trials into `dir` and waits until it has begun writing its report
/// (its staging folder exists) or has already finished.
fn start_run(dir: &Path, trials: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jcpoa-sim"))
        .current_dir(root())
        .args(["run", &stepwise(), "--trials", trials, "-q", "--out"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while beside(dir).iter().all(|n| !n.contains(".staging-"))
        && child.try_wait().unwrap().is_none()
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the run never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

/// A run into `dir` that lasts until it is signalled, once it has begun writing its report.
fn start_long_run(dir: &Path) -> Child {
    start_run(dir, "1000000000")
}

/// Asserts that nothing is left beside the report folder `dir`: no staging folder, no lock.
fn nothing_beside(dir: &Path) {
    let left = beside(dir);
    assert!(left.is_empty(), "left beside the report: {left:?}");
}

/// Names of the entries beside `dir` (in its parent) other than `dir` itself.
fn beside(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| *n != name)
        .collect()
}

fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn trials_in(dir: &Path) -> u64 {
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["run"]["trials"].as_u64().unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_users_files_and_folders_survive_runs_into_the_same_folder() {
    let out = temp_dir("publish-user-files");
    let dir = out.join("R");
    run_into(&dir, "300", &["--trials-csv"]);
    std::fs::write(dir.join("my_notes.md"), "my analysis").unwrap();
    std::fs::create_dir_all(dir.join("drafts/old")).unwrap();
    std::fs::write(dir.join("drafts/a.txt"), "draft").unwrap();
    std::fs::write(dir.join("drafts/old/b.txt"), "older draft").unwrap();
    std::os::unix::fs::symlink("my_notes.md", dir.join("notes-link")).unwrap();
    for trials in ["400", "500"] {
        run_into(&dir, trials, &[]);
        assert_eq!(trials_in(&dir), trials.parse::<u64>().unwrap());
        assert_eq!(read(&dir.join("my_notes.md")), "my analysis");
        assert_eq!(read(&dir.join("drafts/a.txt")), "draft");
        assert_eq!(read(&dir.join("drafts/old/b.txt")), "older draft");
        assert_eq!(read(&dir.join("notes-link")), "my analysis");
        assert!(
            std::fs::symlink_metadata(dir.join("notes-link"))
                .unwrap()
                .is_symlink()
        );
        // The tool's own files are all the new report's: the first run's trials.csv is gone.
        assert!(
            !dir.join("trials.csv").exists(),
            "a stale report file survived"
        );
        nothing_beside(&dir);
    }
    // From inside the folder, as `--out .`: the same.
    let o = jcpoa(
        &dir,
        &["run", &stepwise(), "--trials", "600", "--out", ".", "-q"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(trials_in(&dir), 600);
    assert_eq!(read(&dir.join("drafts/old/b.txt")), "older draft");
    nothing_beside(&dir);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_file_saved_while_a_run_is_in_progress_is_kept() {
    let (out, dir) = a_report("publish-saved-meanwhile");
    let child = start_run(&dir, "200000");
    // Saved during the run (before or after the swap, whichever comes first): never lost.
    std::fs::write(dir.join("saved_meanwhile.md"), "kept").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(trials_in(&dir), 200_000);
    assert_eq!(read(&dir.join("saved_meanwhile.md")), "kept");
    nothing_beside(&dir);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_second_run_into_the_same_folder_fails_at_once_naming_the_first() {
    let (out, dir) = a_report("publish-lock");
    let first = start_long_run(&dir);
    let started = Instant::now();
    let second = jcpoa(
        &root(),
        &[
            "run",
            &stepwise(),
            "--trials",
            "300",
            "-q",
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(started.elapsed() < Duration::from_secs(5), "it waited");
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("another jcpoa-sim run (process {})", first.id())),
        "{stderr}"
    );
    assert!(stderr.contains("is writing a report to"), "{stderr}");
    signal(&first, "-INT");
    let status = first.wait_with_output().unwrap().status;
    assert_eq!(status.code(), Some(1));
    assert_eq!(trials_in(&dir), 300, "the previous report is intact");
    nothing_beside(&dir);
    // Free again.
    run_into(&dir, "350", &[]);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn what_a_killed_run_leaves_is_cleaned_up_and_the_users_files_kept() {
    let (out, dir) = a_report("publish-killed");
    std::fs::write(dir.join("notes.md"), "mine").unwrap();
    let mut child = start_long_run(&dir);
    signal(&child, "-KILL");
    child.wait().unwrap();
    let left = beside(&dir);
    assert!(
        left.iter().any(|n| n.starts_with(".R.staging-")),
        "{left:?}"
    );
    // As if a run had been killed just after swapping its report in: the previous report, under
    // the staging name, holds a file the user saved during that run and nowhere else.
    let swapped = out.join(".R.staging-4194303");
    std::fs::create_dir_all(&swapped).unwrap();
    std::fs::write(
        swapped.join(".jcpoa-sim-report"),
        "jcpoa-sim 0.1.0\nfiles written by jcpoa-sim (anything else in this folder is yours and is kept):\nsummary.json\n",
    )
    .unwrap();
    std::fs::write(swapped.join("summary.json"), "{}").unwrap();
    std::fs::write(swapped.join("rescued.md"), "saved during the killed run").unwrap();
    run_into(&dir, "400", &[]);
    assert_eq!(trials_in(&dir), 400);
    assert_eq!(read(&dir.join("notes.md")), "mine");
    assert_eq!(read(&dir.join("rescued.md")), "saved during the killed run");
    nothing_beside(&dir);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_users_file_with_the_name_of_a_report_file_is_never_replaced() {
    let (out, dir) = a_report("publish-in-the-way");
    std::fs::write(dir.join("trials.csv"), "my own table").unwrap();
    let o = jcpoa(
        &root(),
        &[
            "run",
            &stepwise(),
            "--trials",
            "300",
            "--trials-csv",
            "-q",
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("trials.csv` was not written by jcpoa-sim"),
        "{stderr}"
    );
    assert_eq!(read(&dir.join("trials.csv")), "my own table");
    assert!(dir.join("summary.json").is_file());
    nothing_beside(&dir);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_link_named_like_a_staging_folder_is_never_followed() {
    let (out, dir) = a_report("publish-staging-link");
    let docs = out.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("important.txt"), "secret").unwrap();
    // A second report the link could lead into: its tool files must not be deleted either.
    let other = out.join("other");
    run_into(&other, "300", &[]);
    let other_before = crate::common::snapshot(&other);
    std::os::unix::fs::symlink(&docs, out.join(".R.staging-1")).unwrap();
    std::os::unix::fs::symlink(&other, out.join(".R.previous-2")).unwrap();
    // A lock file that is a link leads nowhere either: the file it names is not truncated.
    std::os::unix::fs::symlink(docs.join("important.txt"), out.join(".R.lock")).unwrap();
    let o = jcpoa(
        &root(),
        &[
            "run",
            &stepwise(),
            "--trials",
            "400",
            "-q",
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(read(&docs.join("important.txt")), "secret");
    assert_eq!(crate::common::snapshot(&other), other_before);
    assert!(!dir.join("important.txt").exists());
    assert_ne!(o.status.code(), Some(0), "a linked lock file is refused");
    std::fs::remove_file(out.join(".R.lock")).unwrap();
    // Without the lock link, every run succeeds and leaves the links alone.
    for trials in ["400", "450"] {
        run_into(&dir, trials, &[]);
        assert_eq!(trials_in(&dir), trials.parse::<u64>().unwrap());
        assert_eq!(read(&docs.join("important.txt")), "secret");
        assert_eq!(crate::common::snapshot(&other), other_before);
        assert!(!dir.join("important.txt").exists());
        for link in [".R.staging-1", ".R.previous-2"] {
            assert!(
                std::fs::symlink_metadata(out.join(link))
                    .unwrap()
                    .is_symlink()
            );
        }
    }
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_run_killed_while_draining_leaves_no_stray_tool_files() {
    use std::os::unix::fs::MetadataExt;
    let (out, dir) = a_report("publish-killed-drain");
    // Many files of the user's make the drain of the previous folder last long enough to be
    // killed in the middle of it.
    let mine: Vec<String> = (0..3000).map(|i| format!("note-{i:04}.md")).collect();
    for name in &mine {
        std::fs::write(dir.join(name), name).unwrap();
    }
    for i in 0..20 {
        let inode = std::fs::metadata(&dir).unwrap().ino();
        let mut child = Command::new(env!("CARGO_BIN_EXE_jcpoa-sim"))
            .current_dir(root())
            .args(["run", &stepwise(), "--trials", "300", "-q", "--out"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Killed at moments spread over the drain of the previous report, which begins when the
        // new one is swapped in (the folder's inode changes).
        while std::fs::metadata(&dir).is_ok_and(|m| m.ino() == inode)
            && child.try_wait().unwrap().is_none()
        {
            std::thread::sleep(Duration::from_micros(50));
        }
        std::thread::sleep(Duration::from_millis(i));
        let _ = child.kill();
        child.wait().unwrap();
    }
    run_into(&dir, "300", &[]);
    let strays: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".recovered"))
        .collect();
    assert!(
        strays.is_empty(),
        "tool files filed as the user's: {strays:?}"
    );
    for name in &mine {
        assert_eq!(&read(&dir.join(name)), name);
    }
    nothing_beside(&dir);
    std::fs::remove_dir_all(&out).unwrap();
}
