//! Fuzz target: any bytes as a shard's `partial.json`: unsealed, its scenario rebuilt from the
//! texts it records, and merged (which checks its summary in full against that scenario).
//! Nothing may panic.
#![no_main]

use jcpoa_sim::engine::shard::{PartialResult, merge};
use jcpoa_sim::input::unseal;
use jcpoa_sim::scenario::source::ScenarioSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(part) = unseal::<PartialResult>(text) else {
        return;
    };
    let Ok(scenario) = ScenarioSource::from_recorded(&part.scenario).and_then(|s| s.build()) else {
        return;
    };
    let _ = merge(vec![part], scenario.setup(), &scenario.provenance().hash);
});
