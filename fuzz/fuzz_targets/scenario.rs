//! Fuzz target: any bytes as a scenario text through parse and validation. Nothing may panic,
//! whatever the input. (Runs are left out: a solve can take seconds, which would make each
//! execution costly; the run paths are covered by the mutated-scenario tests.)
#![no_main]

use jcpoa_sim::scenario::source::ScenarioSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(source) = ScenarioSource::from_text("fuzz", text) {
        let _ = source.build();
    }
});
