//! Fuzz target: any bytes as a calibration state file: unsealed, checked in full, and, when it
//! passes, used as `calibrate` uses a resumed state (the next proposals through the kernel, the
//! posteriors, the fitted probabilities). Nothing may panic.
#![no_main]

use jcpoa_sim::analysis::calibrate::{
    Prior, Settings, State, fitted_probabilities, posteriors, proposals,
};
use jcpoa_sim::input::unseal;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(state) = unseal::<State>(text) else {
        return;
    };
    let priors = [Prior::parse("hardliners.veto_strength=0.2:0.9").unwrap()];
    let settings = Settings {
        particles: 6,
        kept: 3,
        min_acceptance: 0.05,
        tolerance_margin: 2.0,
        max_generations: 4,
        trials: 100,
        seed: 1,
        solve_grid: Some((28, 4)),
    };
    if state.check(&priors, &settings, 2).is_ok() {
        let _ = proposals(Some(&state), &priors, &settings);
        let _ = posteriors(&state);
        let _ = fitted_probabilities(&state);
    }
});
