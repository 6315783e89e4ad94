//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use jcpoa_sim::engine::monitor::Unmonitored;
use jcpoa_sim::engine::summary::Summary;
use jcpoa_sim::engine::workers::Workers;
use jcpoa_sim::engine::{self, RunConfig};
use jcpoa_sim::scenario::Scenario;
use jcpoa_sim::scenario::source::ScenarioSource;

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Path of a shipped scenario by name.
pub(crate) fn scenario_path(name: &str) -> PathBuf {
    root().join("scenarios").join(format!("{name}.toml"))
}

/// Names of every shipped scenario.
pub(crate) fn shipped_scenarios() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A shipped scenario with overrides applied.
pub(crate) fn load(name: &str, sets: &[&str]) -> Scenario {
    let mut source = ScenarioSource::load(&scenario_path(name)).unwrap();
    for s in sets {
        source.set(s).unwrap();
    }
    source.build().unwrap()
}

/// A pool of `threads` worker threads, 0 meaning one per core.
pub(crate) fn workers(threads: usize) -> Workers {
    let threads = std::num::NonZeroUsize::new(threads)
        .unwrap_or_else(|| std::thread::available_parallelism().unwrap());
    Workers::new(threads).unwrap()
}

/// Runs `trials` trials of `scenario` with `seed` on `threads` threads (0: one per core).
pub(crate) fn run(scenario: &Scenario, trials: u64, seed: u64, threads: usize) -> Summary {
    let config = RunConfig {
        seed,
        first_trial: 0,
        trials,
        precision: None,
    };
    engine::run(
        scenario.case(),
        &config,
        &workers(threads),
        &Unmonitored,
        None,
    )
    .unwrap()
    .summary
}

/// A fresh, empty temporary directory for one test.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jcpoa-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with `args` in `cwd`.
pub(crate) fn jcpoa(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jcpoa-sim"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

/// Standard error of a difference of two independent proportions.
pub(crate) fn se_diff(p1: f64, n1: u64, p2: f64, n2: u64) -> f64 {
    (p1 * (1.0 - p1) / n1 as f64 + p2 * (1.0 - p2) / n2 as f64).sqrt()
}

/// Trials of each shipped scenario in the shared run of [`shipped_runs`].
pub(crate) const SHIPPED_RUN_TRIALS: u64 = 3000;

/// One shipped scenario run through the binary: its name, where its report went, and what the
/// command printed.
pub(crate) struct ShippedRun {
    /// The scenario's name.
    pub name: String,
    /// Its report directory.
    pub dir: PathBuf,
    /// The finished command.
    pub output: Output,
}

/// Every shipped scenario run once through the binary (`run --trials 3000 --quiet`), the first
/// time any test asks; the tests that read reports and charts share these runs instead of running
/// the scenarios again. The reports are kept under Cargo's scratch directory for tests.
pub(crate) fn shipped_runs() -> &'static [ShippedRun] {
    static RUNS: OnceLock<Vec<ShippedRun>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shipped-runs");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        shipped_scenarios()
            .into_iter()
            .map(|name| {
                let dir = out.join(&name);
                let output = jcpoa(
                    &root(),
                    &[
                        "run",
                        scenario_path(&name).to_str().unwrap(),
                        "--trials",
                        &SHIPPED_RUN_TRIALS.to_string(),
                        "--out",
                        dir.to_str().unwrap(),
                        "--quiet",
                    ],
                );
                ShippedRun { name, dir, output }
            })
            .collect()
    })
}

/// Every file in `dir` by name, with its bytes (to check that a folder did not change).
pub(crate) fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}
