//! Fuzz target: any bytes as a questions file (`score --questions`), read and checked against the
//! baseline scenario. Nothing may panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use jcpoa_sim::scenario::Scenario;
use jcpoa_sim::scenario::source::ScenarioSource;

/// The shipped baseline, built once.
fn baseline() -> &'static Scenario {
    static S: OnceLock<Scenario> = OnceLock::new();
    S.get_or_init(|| ScenarioSource::baseline().unwrap().build().unwrap())
}

/// A file of this process's holding `data` (the loaders read files, through the bounded reader).
fn file_with(data: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("jcpoa-fuzz-{}.toml", std::process::id()));
    std::fs::write(&path, data).unwrap();
    path
}

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jcpoa_sim::scenario::questions::load_questions(&file_with(data), baseline());
});
