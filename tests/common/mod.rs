//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jcpoa_sim::engine::{self, RunConfig, Unmonitored};
use jcpoa_sim::scenario::{Scenario, ScenarioSource};
use jcpoa_sim::summary::Summary;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Path of a shipped scenario by name.
pub fn scenario_path(name: &str) -> PathBuf {
    root().join("scenarios").join(format!("{name}.toml"))
}

/// Names of every shipped scenario.
pub fn shipped_scenarios() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A shipped scenario with overrides applied.
pub fn load(name: &str, sets: &[&str]) -> Scenario {
    let mut source = ScenarioSource::load(&scenario_path(name)).unwrap();
    for s in sets {
        source.set(s).unwrap();
    }
    source.build().unwrap()
}

/// Runs `trials` trials of `scenario` with `seed` on `threads` threads.
pub fn run(scenario: &Scenario, trials: u64, seed: u64, threads: usize) -> Summary {
    let config = RunConfig {
        seed,
        first_trial: 0,
        trials,
        threads,
        precision: None,
    };
    engine::run(scenario, &config, &Unmonitored, None)
        .unwrap()
        .summary
}

/// A fresh, empty temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jcpoa-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with `args` in `cwd`.
pub fn jcpoa(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jcpoa-sim"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

/// Standard error of a difference of two independent proportions.
pub fn se_diff(p1: f64, n1: u64, p2: f64, n2: u64) -> f64 {
    (p1 * (1.0 - p1) / n1 as f64 + p2 * (1.0 - p2) / n2 as f64).sqrt()
}
