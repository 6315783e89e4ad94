//! Iran's hardliners: the veto on Iranian steps, the security council's override, and their stake
//! in the presidential election.
//!
//! The hardline camp holds parliament and the judiciary. Its law halted the Additional Protocol; its
//! press attacked the president for pausing uranium-metal work; it prefers no relief before the June
//! vote, lest relief help its rivals win. The Supreme National Security Council overrode it once,
//! helped by Russian pushback. The model turns this into a probability that any Iranian step or
//! acceptance is blocked, rising with the camp's strength and with closeness to the election.

use crate::model::params::{ElectionParams, HardlinerParams};

/// Who holds Iran's presidency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Government {
    /// The outgoing moderate administration (Rouhani), or a moderate successor.
    Moderate,
    /// A hardliner president, from the inauguration on: one camp holds every branch.
    Hardliner,
}

/// Probability that the hardliners block an Iranian step or acceptance this step.
///
/// `p = min(1, v · h · g · (1 + b · proximity))`, where `v` is the veto strength, `h` the camp's
/// current strength, `g` the factor for the government in office (1 for a moderate one) and
/// `proximity` rises linearly from 0, `window` steps before the election, to 1 at the election
/// (0 afterwards, or with no election).
pub(crate) fn veto_probability(
    p: &HardlinerParams,
    strength: f64,
    government_factor: f64,
    proximity: f64,
) -> f64 {
    (p.veto_strength
        * strength
        * government_factor
        * (1.0 + p.election_proximity_boost * proximity))
        .clamp(0.0, 1.0)
}

/// Closeness to the election in [0, 1]: 0 until `window_steps` before it, 1 in the election step,
/// 0 after it or when there is no election.
pub(crate) fn election_proximity(
    step: usize,
    election_step: Option<usize>,
    window_steps: usize,
) -> f64 {
    match election_step {
        Some(e) if step <= e && window_steps > 0 => {
            let before = (e - step) as f64;
            (1.0 - before / window_steps as f64).max(0.0)
        }
        _ => 0.0,
    }
}

/// Probability that the security council overrides a veto (with outside pushback).
pub(crate) fn override_probability(p: &HardlinerParams) -> f64 {
    (p.override_base + p.outside_pushback).clamp(0.0, 1.0)
}

/// Probability that a hardliner wins the presidency, given the camp's strength now and at the start
/// and the relief delivered before the vote.
///
/// `p = clamp(base + s·(h − h₀) − r·relief, 0, 1)`
pub(crate) fn hardliner_win_probability(
    p: &ElectionParams,
    strength: f64,
    initial_strength: f64,
    relief: f64,
) -> f64 {
    (p.hardliner_win_base + p.strength_effect * (strength - initial_strength)
        - p.relief_effect * relief)
        .clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hp() -> HardlinerParams {
        HardlinerParams {
            initial_strength: 0.6,
            veto_strength: 0.5,
            election_proximity_boost: 1.0,
            proximity_window_weeks: 10.0,
            override_base: 0.2,
            outside_pushback: 0.1,
            override_backlash: 0.0,
            relief_erosion: 0.0,
            block_weeks: 4.0,
            recovery_half_life_weeks: 26.0,
        }
    }

    #[test]
    fn veto_rises_with_strength_and_proximity() {
        let p = hp();
        assert!((veto_probability(&p, 0.6, 1.0, 0.0) - 0.3).abs() < 1e-12);
        assert!((veto_probability(&p, 0.6, 1.0, 1.0) - 0.6).abs() < 1e-12);
        assert!(veto_probability(&p, 0.9, 1.0, 0.0) > veto_probability(&p, 0.6, 1.0, 0.0));
        assert_eq!(veto_probability(&p, 1.0, 10.0, 1.0), 1.0);
    }

    #[test]
    fn proximity_ramps_up_to_the_election() {
        assert_eq!(election_proximity(0, Some(20), 10), 0.0);
        assert!((election_proximity(15, Some(20), 10) - 0.5).abs() < 1e-12);
        assert_eq!(election_proximity(20, Some(20), 10), 1.0);
        assert_eq!(election_proximity(21, Some(20), 10), 0.0);
        assert_eq!(election_proximity(5, None, 10), 0.0);
    }

    #[test]
    fn relief_before_the_vote_helps_moderates() {
        let e = ElectionParams {
            hardliner_win_base: 0.6,
            strength_effect: 0.5,
            relief_effect: 0.5,
            ..ElectionParams::default()
        };
        assert!((hardliner_win_probability(&e, 0.6, 0.6, 0.0) - 0.6).abs() < 1e-12);
        assert!(hardliner_win_probability(&e, 0.6, 0.6, 0.4) < 0.6);
        assert!(hardliner_win_probability(&e, 0.8, 0.6, 0.0) > 0.6);
        assert_eq!(hardliner_win_probability(&e, 0.6, 0.6, 5.0), 0.0);
    }
}
