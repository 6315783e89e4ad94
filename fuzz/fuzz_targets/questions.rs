//! Fuzz target: any bytes as a questions file (`score --questions`), read and checked against the
//! baseline scenario. Nothing may panic.
#![no_main]

#[path = "baseline.rs"]
mod baseline;

use baseline::baseline;
use jcpoa_sim::scenario::questions::parse_questions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_questions("questions.toml", text, baseline());
    }
});
