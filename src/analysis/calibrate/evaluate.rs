//! Evaluating one particle: the scenario with the particle's values (and the calibration's solve
//! grid) is solved and its trials counted for every target event; the discrepancy sums the log
//! loss of each observed event as it happened and the squared standardised miss of each target.

use serde::{Deserialize, Serialize};

use super::{CalibrateError, Prior, Settings};
use crate::analysis::point::{PointError, point};
use crate::analysis::score::{event_counts, scores};
use crate::engine::RunConfig;
use crate::engine::monitor::Unmonitored;
use crate::engine::workers::Workers;
use crate::scenario::Scenario;
use crate::scenario::targets::Targets;

/// What a particle's trials gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Trials consistent with the scenario's given events (all, without any).
    pub accepted: u64,
    /// The estimated probability of each event, observed ones first, in the targets' order.
    pub probabilities: Vec<f64>,
    /// The discrepancy; `None` (infinite) when no trial was accepted.
    pub distance: Option<f64>,
}

impl Evaluation {
    /// Checks an evaluation read from a file, of a calibration with `settings` and `events`
    /// target events: at most its trials accepted, one probability in [0, 1] per event, a finite
    /// discrepancy of at least 0.
    pub fn check(&self, settings: &Settings, events: usize) -> Result<(), String> {
        if self.accepted > settings.trials {
            return Err(format!(
                "{} trials accepted of {}",
                self.accepted, settings.trials
            ));
        }
        if self.probabilities.len() != events
            || !self.probabilities.iter().all(|p| (0.0..=1.0).contains(p))
        {
            return Err(format!(
                "not one probability in [0, 1] for each of the {events} events"
            ));
        }
        if !self.distance.is_none_or(|d| d.is_finite() && d >= 0.0) {
            return Err("its discrepancy is not a number of at least 0".into());
        }
        Ok(())
    }
}

/// `scenario` on the calibration's solve grid (`settings.solve_grid`; its own without one): the
/// scenario every particle changes.
pub fn on_solve_grid(scenario: &Scenario, settings: &Settings) -> Result<Scenario, PointError> {
    match settings.solve_grid {
        None => Ok(scenario.clone()),
        Some((slice_days, belief_points)) => point(
            scenario,
            &[
                ("equilibrium.slice_days", f64::from(slice_days)),
                ("equilibrium.belief_points", f64::from(belief_points)),
            ],
        ),
    }
}

/// Evaluates the particle `theta` of `gridded` (the scenario on the calibration's solve grid,
/// [`on_solve_grid`]) against `targets`: `settings.trials` trials from the master seed (the same
/// streams for every particle), on `workers`.
pub fn evaluate(
    gridded: &Scenario,
    targets: &Targets,
    priors: &[Prior],
    settings: &Settings,
    theta: &[f64],
    workers: &Workers,
) -> Result<Evaluation, CalibrateError> {
    let changes: Vec<(&str, f64)> = priors
        .iter()
        .map(|p| p.key.as_str())
        .zip(theta.iter().copied())
        .collect();
    let scenario = point(gridded, &changes)?;
    let config = RunConfig {
        seed: settings.seed,
        first_trial: 0,
        trials: settings.trials,
        precision: None,
    };
    let (accepted, counts) =
        event_counts(&scenario, &targets.events(), &config, workers, &Unmonitored)
            .map_err(PointError::Engine)?;
    let probabilities: Vec<f64> = counts
        .iter()
        .map(|&c| {
            if accepted == 0 {
                0.0
            } else {
                c as f64 / accepted as f64
            }
        })
        .collect();
    Ok(Evaluation {
        accepted,
        distance: (accepted > 0).then(|| distance(targets, &probabilities, accepted)),
        probabilities,
    })
}

/// The discrepancy of estimated `probabilities` (observed events first) from `accepted` trials:
/// `Σ −ln P̂(event as it happened)` (P̂ clamped to `[1/(2n), 1 − 1/(2n)]`, as `score` does)
/// `+ Σ ((P̂ − probability)/sd)²`.
pub(crate) fn distance(targets: &Targets, probabilities: &[f64], accepted: u64) -> f64 {
    let (observed, wanted) = probabilities.split_at(targets.observed.len());
    let log_loss: f64 = targets
        .observed
        .iter()
        .zip(observed)
        .map(|(o, &p)| scores(p, o.happened, accepted).log_loss)
        .sum();
    let misses: f64 = targets
        .targets
        .iter()
        .zip(wanted)
        .map(|(t, &p)| ((p - t.probability) / t.sd).powi(2))
        .sum();
    log_loss + misses
}
