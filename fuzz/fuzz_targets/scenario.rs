//! Fuzz target: any bytes as a scenario text through parse, validation, a very short run and the
//! summary document. Nothing may panic, whatever the input.
#![no_main]

use jcpoa_sim::engine::monitor::Unmonitored;
use jcpoa_sim::engine::{self, RunConfig};
use jcpoa_sim::report::run::{Report, RunInfo, json};
use jcpoa_sim::scenario::source::ScenarioSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(source) = ScenarioSource::from_text("fuzz", text) else {
        return;
    };
    let Ok(scenario) = source.build() else {
        return;
    };
    let config = RunConfig {
        seed: 7,
        first_trial: 0,
        trials: 2,
        threads: 1,
        precision: None,
    };
    let result = engine::run(&scenario, &config, &Unmonitored, None).expect("a 2-trial run");
    let run = RunInfo {
        seed: 7,
        trials: 2,
        first_trial: 0,
        precision_target: None,
        precision_met: None,
    };
    let document = json::render(&Report::new(&scenario, run, &result.summary));
    let parsed: serde_json::Value = serde_json::from_str(&document).expect("valid JSON");
    assert_eq!(parsed["run"]["trials"], 2);
});
