//! The shipped baseline scenario, built once per fuzzing process: what the questions and targets
//! targets parse their events against.

use std::sync::OnceLock;

use jcpoa_sim::scenario::Scenario;
use jcpoa_sim::scenario::source::ScenarioSource;

/// The baseline.
pub fn baseline() -> &'static Scenario {
    static S: OnceLock<Scenario> = OnceLock::new();
    S.get_or_init(|| ScenarioSource::baseline().unwrap().build().unwrap())
}
