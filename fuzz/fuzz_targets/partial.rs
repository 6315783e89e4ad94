//! Fuzz target: any bytes as a shard's `partial.json`: unsealed and merged (which rebuilds its
//! scenario and checks its summary in full). Nothing may panic.
#![no_main]

use jcpoa_sim::engine::shard::{PartialResult, merge};
use jcpoa_sim::input::unseal;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(part) = unseal::<PartialResult>(text) {
        let _ = merge(vec![part]);
    }
});
