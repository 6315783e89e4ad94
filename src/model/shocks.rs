//! Exogenous shocks: incidents that arrive at random and sour the atmosphere.
//!
//! The articles describe a militia rocket attack on a US base and US airstrikes in Syria that
//! "sullied the political atmosphere" for talks, and humanitarian pressure from COVID and assets
//! frozen abroad. A scenario lists shock types with a yearly rate and their effects; each step, each
//! type arrives independently with the probability its rate implies (a Poisson process seen once a
//! step).

use crate::model::outcome::Actor;
use crate::model::params::ShockParams;
use crate::model::state::TrialState;

/// Probability that at least one incident of a type with `rate_per_year` arrives in a step of
/// `step_days` days: `1 − exp(−rate · days / 365.25)`.
pub(crate) fn arrival_probability(rate_per_year: f64, step_days: u32) -> f64 {
    1.0 - (-rate_per_year * f64::from(step_days) / 365.25).exp()
}

/// Largest multiplier humanitarian pressure can put on Iran's sanctions pain.
pub(crate) const MAX_PAIN: f64 = 5.0;

/// Applies a shock's effects to the state and returns the step until which talks are paused
/// (`step` itself when the shock pauses nothing).
pub(crate) fn apply(
    shock: &ShockParams,
    state: &mut TrialState,
    step: usize,
    pause_steps: usize,
) -> usize {
    state.trust.sour(Actor::Iran, shock.iran_trust_loss);
    state.trust.sour(Actor::Us, shock.us_trust_loss);
    state.hardliner = (state.hardliner + shock.hardliner_change).clamp(0.0, 1.0);
    state.tension += shock.tension;
    state.pain = (state.pain + shock.pain_change).clamp(0.0, MAX_PAIN);
    step + pause_steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrival_matches_poisson() {
        assert_eq!(arrival_probability(0.0, 7), 0.0);
        let p = arrival_probability(52.0, 7);
        assert!((p - (1.0 - (-52.0f64 * 7.0 / 365.25).exp())).abs() < 1e-15);
        assert!(arrival_probability(3.0, 7) < arrival_probability(3.0, 14));
        assert!(arrival_probability(1e6, 7) <= 1.0);
    }
}
