//! Sensitivity analysis: which parameters matter, one at a time (tornado) and globally (Morris
//! elementary effects).
//!
//! * **Tornado.** Each parameter is swung between a low and a high value — the 5% and 95% quantiles
//!   of its distribution when it is uncertain, 20% below and above its value when it is fixed (kept
//!   within its allowed range) — with every other parameter as in the scenario. Each swing costs two
//!   runs; the effects on P(restored) and on the median time to restoration are measured against a
//!   base run, all on the same trial streams.
//! * **Morris elementary effects** (Morris 1991, with Campolongo et al.'s μ*). Each parameter's range
//!   [low, high] is scaled to [0, 1] on a grid of 4 levels; `r` random one-at-a-time trajectories
//!   each start from a random grid point and move every parameter once by Δ = 2/3, in random order.
//!   A parameter's elementary effect is the change in P(restored) per unit of Δ; μ* is the mean of
//!   their absolute values (its overall influence, including through interactions), σ their
//!   standard deviation (non-linearity and interactions). A 95% interval for μ* comes from 1,000
//!   bootstrap resamples of the trajectories. The method costs `r · (k + 1)` runs for `k`
//!   parameters.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::point::{PointError, run_point};
use crate::engine::RunConfig;
use crate::engine::monitor::Cumulative;
use crate::engine::workers::Workers;
use crate::model::outcome::Outcome;
use crate::scenario::Scenario;
use crate::stats::{Proportion, discrete_quantile};

/// Relative swing of a fixed parameter.
pub(crate) const FIXED_SWING: f64 = 0.2;
/// Quantiles that bound an uncertain parameter's swing.
pub(crate) const QUANTILES: (f64, f64) = (0.05, 0.95);
/// Levels of the Morris grid.
pub(crate) const MORRIS_LEVELS: usize = 4;
/// Bootstrap resamples for the μ* interval.
pub(crate) const BOOTSTRAP: usize = 1000;

/// How far a parameter is swung, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Swing {
    /// Dotted key.
    pub path: String,
    /// Low value.
    pub low: f64,
    /// High value.
    pub high: f64,
    /// Where the bounds come from.
    pub(crate) basis: &'static str,
}

/// The swing of every numeric parameter of `scenario`, in registry order; parameters whose swing
/// is empty (a fixed value of 0) are left out.
pub fn swings(scenario: &Scenario) -> Vec<Swing> {
    let base = scenario.setup().base_params();
    scenario
        .numeric_params()
        .into_iter()
        .filter_map(|(path, target)| {
            let (low, high, basis) = match scenario.setup().uncertain_at(&path) {
                Some(u) => (
                    u.quantile(QUANTILES.0),
                    u.quantile(QUANTILES.1),
                    "5%–95% of its distribution",
                ),
                None => {
                    let v = target.get(base);
                    let range = target.range();
                    (
                        range.clamp(v * (1.0 - FIXED_SWING)),
                        range.clamp(v * (1.0 + FIXED_SWING)),
                        "±20% of its value",
                    )
                }
            };
            (high > low).then_some(Swing {
                path,
                low,
                high,
                basis,
            })
        })
        .collect()
}

/// What a run is measured by.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Measure {
    /// P(restored) with its interval.
    pub restored: Proportion,
    /// Median weeks to restoration among restored trials.
    pub(crate) median_weeks: Option<f64>,
}

/// One tornado bar: the measures at the low and high ends of a swing.
#[derive(Clone, Debug, Serialize)]
pub struct TornadoRow {
    /// The swing.
    pub swing: Swing,
    /// At the low value.
    pub low: Measure,
    /// At the high value.
    pub high: Measure,
}

impl TornadoRow {
    /// Largest change in P(restored) from the base either end causes.
    pub fn size(&self, base: &Measure) -> f64 {
        (self.low.restored.estimate - base.restored.estimate)
            .abs()
            .max((self.high.restored.estimate - base.restored.estimate).abs())
    }
}

/// A parameter's Morris statistics.
#[derive(Clone, Debug, Serialize)]
pub struct MorrisRow {
    /// Dotted key.
    pub(crate) path: String,
    /// Mean absolute elementary effect on P(restored), per unit of the scaled range.
    pub mu_star: f64,
    /// Bootstrap 95% interval of μ*.
    pub(crate) mu_star_low: f64,
    /// Upper end.
    pub(crate) mu_star_high: f64,
    /// Mean elementary effect (its sign says the direction).
    pub(crate) mu: f64,
    /// Standard deviation of the elementary effects.
    pub(crate) sigma: f64,
}

/// The common run settings of an analysis: its trials, its threads and its progress.
pub struct Runs<'a> {
    /// Trials and seed of every run.
    pub config: &'a RunConfig,
    /// The command's worker threads.
    pub workers: &'a Workers,
    /// Progress over all the runs.
    pub monitor: &'a Cumulative<'a>,
}

/// Runs `scenario` with `changes` and measures it.
fn measure(
    scenario: &Scenario,
    changes: &[(&str, f64)],
    runs: &Runs<'_>,
) -> Result<Measure, PointError> {
    let (_, summary) = run_point(scenario, changes, runs.config, runs.workers, runs.monitor)?;
    Ok(Measure {
        restored: Proportion::wilson(summary.outcomes[Outcome::Restored.index()], summary.trials),
        median_weeks: discrete_quantile(&summary.restored_on, 0.5).map(|d| d as f64 / 7.0),
    })
}

/// The base measure and one tornado row per swing (unsorted).
pub fn tornado(
    scenario: &Scenario,
    swings: &[Swing],
    runs: &Runs<'_>,
) -> Result<(Measure, Vec<TornadoRow>), PointError> {
    let base = measure(scenario, &[], runs)?;
    let rows = swings
        .iter()
        .map(|s| {
            Ok(TornadoRow {
                swing: s.clone(),
                low: measure(scenario, &[(&s.path, s.low)], runs)?,
                high: measure(scenario, &[(&s.path, s.high)], runs)?,
            })
        })
        .collect::<Result<Vec<_>, PointError>>()?;
    Ok((base, rows))
}

/// Morris elementary effects of every swing on P(restored), from `trajectories` trajectories drawn
/// with `seed`.
pub fn morris(
    scenario: &Scenario,
    swings: &[Swing],
    trajectories: usize,
    runs: &Runs<'_>,
) -> Result<Vec<MorrisRow>, PointError> {
    let k = swings.len();
    let delta = MORRIS_LEVELS as f64 / (2.0 * (MORRIS_LEVELS as f64 - 1.0));
    // Base levels whose step by +Δ stays on the grid: 0 and 1/3 for four levels.
    let starts: Vec<f64> = (0..MORRIS_LEVELS / 2)
        .map(|i| i as f64 / (MORRIS_LEVELS as f64 - 1.0))
        .collect();
    let mut design = ChaCha8Rng::seed_from_u64(runs.config.seed ^ 0x4d6f_7272_6973);
    let value = |s: &Swing, u: f64| s.low + u * (s.high - s.low);
    let mut effects = vec![Vec::with_capacity(trajectories); k];
    for _ in 0..trajectories {
        let mut point: Vec<f64> = (0..k)
            .map(|_| starts[design.random_range(0..starts.len())])
            .collect();
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            order.swap(i, design.random_range(0..=i));
        }
        let changes = |p: &[f64]| -> Vec<(&str, f64)> {
            swings
                .iter()
                .zip(p)
                .map(|(s, u)| (s.path.as_str(), value(s, *u)))
                .collect()
        };
        let mut y = measure(scenario, &changes(&point), runs)?.restored.estimate;
        for &i in &order {
            point[i] += delta;
            let next = measure(scenario, &changes(&point), runs)?.restored.estimate;
            effects[i].push((next - y) / delta);
            y = next;
        }
    }
    let mut bootstrap = ChaCha8Rng::seed_from_u64(runs.config.seed ^ 0x626f_6f74);
    Ok(swings
        .iter()
        .zip(&effects)
        .map(|(s, ee)| {
            let n = ee.len().max(1) as f64;
            let mu = ee.iter().sum::<f64>() / n;
            let mu_star = ee.iter().map(|e| e.abs()).sum::<f64>() / n;
            let sigma = if ee.len() > 1 {
                (ee.iter().map(|e| (e - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            let mut resampled: Vec<f64> = (0..BOOTSTRAP)
                .map(|_| {
                    (0..ee.len())
                        .map(|_| ee[bootstrap.random_range(0..ee.len())].abs())
                        .sum::<f64>()
                        / n
                })
                .collect();
            resampled.sort_by(f64::total_cmp);
            let at = |q: f64| resampled[((q * BOOTSTRAP as f64) as usize).min(BOOTSTRAP - 1)];
            MorrisRow {
                path: s.path.clone(),
                mu_star,
                mu_star_low: at(0.025),
                mu_star_high: at(0.975),
                mu,
                sigma,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::source::ScenarioSource;

    #[test]
    fn swings_use_distributions_or_twenty_percent() {
        let scenario = ScenarioSource::baseline().unwrap().build().unwrap();
        let all = swings(&scenario);
        let trust = all.iter().find(|s| s.path == "iran.initial_trust").unwrap();
        assert_eq!(trust.basis, "5%–95% of its distribution");
        assert!(trust.low > 0.05 && trust.high < 0.95 && trust.low < trust.high);
        let value = all.iter().find(|s| s.path == "iran.deal_value").unwrap();
        assert_eq!((value.low, value.high), (80.0, 120.0));
        // Probabilities stay in range; a fixed 0 has no swing.
        let veto_window = all
            .iter()
            .find(|s| s.path == "escalation.law_relief_threshold")
            .unwrap();
        assert!(veto_window.high <= 1.0);
        assert!(all.iter().all(|s| s.path != "initial.relief"));
    }
}
