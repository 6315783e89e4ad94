//! Calibration (`jcpoa-sim calibrate`): fits named parameters to observed events and target
//! probabilities by approximate Bayesian computation with sequential Monte Carlo — adaptive
//! population Monte Carlo ABC (Lenormand, Jabot & Deffuant 2013), which is Toni et al. (2009)'s
//! ABC-SMC with Beaumont et al. (2009)'s adaptive kernel and importance weights and a tolerance
//! set by the population itself. `docs/model.md` §23 states the algorithm exactly.
//!
//! A generation is a fixed list of proposals, each a pure function of the previous population,
//! the seed, the generation and its index ([`proposals`]); each proposal is evaluated on its own
//! ([`evaluate`]); and the population that follows is a function of the evaluations in index
//! order ([`advance`]). So the evaluations of a generation can be spread over machines (shards)
//! and merged, and the result is the same bytes as one machine's.

mod evaluate;
mod kernel;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use evaluate::{Evaluation, evaluate, on_solve_grid};
use kernel::Kernel;

use crate::engine::rng::{base_rng, trial_stream};
use crate::model::setup::FIXED_ONLY;
use crate::scenario::Scenario;
use crate::scenario::targets::Targets;
use crate::stats::WeightedSample;

/// A parameter to fit, with its uniform prior.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prior {
    /// Dotted key, as `--set` takes it.
    pub key: String,
    /// Lower end of the uniform prior.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Prior {
    /// Parses `KEY=LOW:HIGH` (LOW < HIGH, both finite).
    pub fn parse(spec: &str) -> Result<Prior, String> {
        let bad =
            || format!("`{spec}`: expected KEY=LOW:HIGH, e.g. hardliners.veto_strength=0.2:0.9");
        let (key, range) = spec.split_once('=').ok_or_else(bad)?;
        let (low, high) = range.split_once(':').ok_or_else(bad)?;
        let low: f64 = low.trim().parse().map_err(|_| bad())?;
        let high: f64 = high.trim().parse().map_err(|_| bad())?;
        if !low.is_finite() || !high.is_finite() {
            return Err(format!("`{spec}`: LOW and HIGH must be finite numbers"));
        }
        if low >= high {
            return Err(format!("`{spec}`: LOW ({low}) must be below HIGH ({high})"));
        }
        Ok(Prior {
            key: key.trim().to_string(),
            low,
            high,
        })
    }

    /// Checks that the prior can be fitted on `scenario`: its key is a numeric parameter that
    /// may vary from trial to trial (the posterior is drawn per trial in `calibrated.toml`) and
    /// both ends lie in the key's range. The message names the key and what is allowed.
    pub fn check(&self, scenario: &Scenario) -> Result<(), String> {
        let key = self.key.as_str();
        if !scenario.numeric_params().iter().any(|(p, _)| p == key) {
            let hint = if key.starts_with("equilibrium.") {
                " (the solve's grid while calibrating is set by --solve-grid)"
            } else {
                ""
            };
            return Err(format!(
                "`{key}` is not a numeric parameter of this scenario; calibrate fits numeric parameters only{hint} (see `jcpoa-sim params`)"
            ));
        }
        if FIXED_ONLY.contains(&key) {
            return Err(format!(
                "`{key}` must be the same number in every trial (the game's positions and calendar are built from it), so it cannot be fitted: a posterior is drawn per trial"
            ));
        }
        for value in [self.low, self.high] {
            scenario
                .with_values(&[(key, value)])
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Whether `x` lies in the prior's range.
    pub(crate) fn contains(&self, x: f64) -> bool {
        (self.low..=self.high).contains(&x)
    }

    /// The prior's standard deviation, `(high − low)/√12`.
    pub fn sd(&self) -> f64 {
        (self.high - self.low) / 12f64.sqrt()
    }
}

/// How a calibration runs. Every field changes the result, so all are recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Particles evaluated in the first generation (N); every later generation evaluates
    /// `particles − kept` new ones.
    pub particles: usize,
    /// Particles kept from each generation (N_α): the posterior sample.
    pub kept: usize,
    /// Stop once a generation's acceptance falls below this.
    pub min_acceptance: f64,
    /// Stop once the tolerance is at most this above the best particle's discrepancy.
    pub tolerance_margin: f64,
    /// Stop after this many generations (the first, from the prior, included).
    pub max_generations: usize,
    /// Trials per particle (the same trial streams for every particle).
    pub trials: u64,
    /// Master seed of the proposals and the trials.
    pub seed: u64,
    /// The solve grid used while calibrating: `(equilibrium.slice_days,
    /// equilibrium.belief_points)`, or `None` for the scenario's own.
    pub solve_grid: Option<(u32, u32)>,
}

/// One proposal of a generation: its parameter values and importance weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// Values, in the order of the priors.
    pub theta: Vec<f64>,
    /// Importance weight: prior density over proposal density.
    pub weight: f64,
}

/// A particle of a population: a proposal with its evaluation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Particle {
    /// Values, in the order of the priors.
    pub theta: Vec<f64>,
    /// Importance weight (not normalised).
    pub weight: f64,
    /// What its trials gave.
    pub evaluation: Evaluation,
    /// The generation that proposed it.
    pub generation: usize,
}

/// What one generation did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenerationStats {
    /// 0 for the draws from the prior.
    pub generation: usize,
    /// Particles evaluated.
    pub proposals: usize,
    /// The tolerance after it: the largest discrepancy kept (`None`: infinite).
    pub tolerance: Option<f64>,
    /// The smallest discrepancy kept (`None`: infinite).
    pub best: Option<f64>,
    /// Share of its new particles within the previous tolerance (1 for the first generation).
    pub acceptance: f64,
    /// Effective sample size of the kept particles, `(Σw)²/Σw²`.
    pub effective_sample_size: f64,
}

/// Why a calibration stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// A generation's acceptance fell below the minimum.
    Acceptance,
    /// The last generation allowed was run.
    Generations,
    /// The tolerance came within the margin of the best discrepancy.
    Tolerance,
}

/// A calibration after some generations: everything needed to go on, and the result once
/// `stopped` is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The fingerprint of the inputs (see [`fingerprint`]).
    pub fingerprint: String,
    /// The parameters fitted.
    pub priors: Vec<Prior>,
    /// How it runs.
    pub settings: Settings,
    /// One entry per generation run.
    pub generations: Vec<GenerationStats>,
    /// The kept particles of the last generation: the posterior sample.
    pub population: Vec<Particle>,
    /// Set when the calibration is over.
    pub stopped: Option<StopReason>,
}

impl State {
    /// Checks a state read from a file against the calibration's `priors` and `settings` and its
    /// number of target `events`: every generation numbered in order and its statistics in range,
    /// a population of one to `kept` particles, each with a value inside its prior for every
    /// parameter, a positive finite weight, a generation that was run, and an evaluation in range
    /// ([`Evaluation::check`]). A state that passes can be resumed and reported without panics or
    /// values the scenario would reject.
    pub fn check(
        &self,
        priors: &[Prior],
        settings: &Settings,
        events: usize,
    ) -> Result<(), String> {
        if self.priors != priors || self.settings != *settings {
            return Err("its parameters or settings are not this calibration's".into());
        }
        if self.generations.is_empty() {
            return Err("it records no generation".into());
        }
        for (i, g) in self.generations.iter().enumerate() {
            let distance_ok = |d: Option<f64>| d.is_none_or(|d| d.is_finite() && d >= 0.0);
            let in_range = g.generation == i
                && g.proposals <= settings.particles
                && (0.0..=1.0).contains(&g.acceptance)
                && distance_ok(g.tolerance)
                && distance_ok(g.best)
                && g.effective_sample_size.is_finite()
                && g.effective_sample_size >= 0.0;
            if !in_range {
                return Err(format!("generation {i}'s statistics are out of range"));
            }
        }
        if self.population.is_empty() || self.population.len() > settings.kept {
            return Err(format!(
                "its population has {} particles, not 1 to {}",
                self.population.len(),
                settings.kept
            ));
        }
        for (i, p) in self.population.iter().enumerate() {
            let inside = p.theta.len() == priors.len()
                && priors
                    .iter()
                    .zip(&p.theta)
                    .all(|(prior, &x)| prior.contains(x));
            if !inside {
                return Err(format!(
                    "particle {i}'s values are not one inside each parameter's prior"
                ));
            }
            if !(p.weight.is_finite() && p.weight > 0.0) || p.generation >= self.generations.len() {
                return Err(format!(
                    "particle {i}'s weight or generation is out of range"
                ));
            }
            p.evaluation
                .check(settings, events)
                .map_err(|e| format!("particle {i}: {e}"))?;
        }
        Ok(())
    }
}

/// Why a calibration cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// A particle is not a valid scenario.
    #[error(transparent)]
    Point(#[from] crate::analysis::point::PointError),
    /// The perturbation kernel cannot be used.
    #[error("{0}")]
    Kernel(&'static str),
    /// The run was interrupted.
    #[error("interrupted")]
    Interrupted,
    /// A state could not be saved.
    #[error("cannot save the calibration's state: {0}")]
    Save(String),
}

/// What a calibration reports as it goes and how it learns that it should stop.
pub trait Monitor: Sync {
    /// Generation `generation` starts evaluating `proposals` particles.
    fn generation(&self, generation: usize, proposals: usize) {
        let _ = (generation, proposals);
    }
    /// `done` particles of the current generation are evaluated.
    fn evaluated(&self, done: usize) {
        let _ = done;
    }
    /// Whether to stop (asked between particles).
    fn cancelled(&self) -> bool {
        false
    }
}

/// SHA-256 of everything a calibration's result depends on: the scenario (its hash), the
/// targets, the priors and the settings. Shards and merges of one calibration must agree on it.
pub fn fingerprint(
    scenario: &Scenario,
    targets: &Targets,
    priors: &[Prior],
    settings: &Settings,
) -> String {
    let events: Vec<String> = targets
        .observed
        .iter()
        .map(|o| format!("{}={}", o.event.text, o.happened))
        .chain(
            targets
                .targets
                .iter()
                .map(|t| format!("{}~{:?}±{:?}", t.event.text, t.probability, t.sd)),
        )
        .collect();
    let text = format!(
        "{}|{events:?}|{priors:?}|{settings:?}",
        scenario.provenance().hash
    );
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The number of the generation that follows `state` (0 without one).
pub fn next_generation(state: Option<&State>) -> usize {
    state.map_or(0, |s| s.generations.len())
}

/// The random stream of proposal `index` of generation `generation`: the trial streams use the
/// master seed, the proposals a seed derived from it, so neither overlaps the other.
fn proposal_stream(seed: u64, generation: usize, index: usize) -> rand_chacha::ChaCha8Rng {
    let base = base_rng(seed ^ 0x6361_6c69_6272_6174 ^ ((generation as u64) << 48));
    trial_stream(&base, index as u64)
}

/// The proposals of the generation after `state`: from the prior for the first one, else
/// `particles − kept` draws from the kernel of `state`'s population, each weighted by prior
/// density over proposal density (the kernel's density divided by the share of its draws that
/// land in the prior's box, estimated from all the generation's draws).
pub fn proposals(
    state: Option<&State>,
    priors: &[Prior],
    settings: &Settings,
) -> Result<Vec<Proposal>, CalibrateError> {
    let generation = next_generation(state);
    let prior_density: f64 = priors.iter().map(|p| 1.0 / (p.high - p.low)).product();
    let Some(state) = state else {
        return Ok((0..settings.particles)
            .map(|i| {
                let mut rng = proposal_stream(settings.seed, 0, i);
                let theta = priors
                    .iter()
                    .map(|p| p.low + (p.high - p.low) * rand::RngExt::random::<f64>(&mut rng))
                    .collect();
                Proposal { theta, weight: 1.0 }
            })
            .collect());
    };
    let kernel = Kernel::new(&state.population, priors)?;
    let count = settings.particles - settings.kept;
    let mut drawn = Vec::with_capacity(count);
    let mut attempts = 0u64;
    for i in 0..count {
        let mut rng = proposal_stream(settings.seed, generation, i);
        let (theta, tries) = kernel.propose(priors, &mut rng)?;
        attempts += tries;
        drawn.push(theta);
    }
    let inside = count as f64 / attempts as f64;
    Ok(drawn
        .into_iter()
        .map(|theta| {
            let weight = prior_density * inside / kernel.density(&theta);
            Proposal { theta, weight }
        })
        .collect())
}

/// The state after the generation whose `proposals` were evaluated as `evaluations` (in index
/// order): the previous population and the new particles are pooled, ordered by discrepancy
/// (ties: older generation first, then index), and the best `kept` are the new population; the
/// tolerance is the largest discrepancy kept.
pub fn advance(
    state: Option<State>,
    fingerprint: &str,
    priors: &[Prior],
    settings: &Settings,
    proposals: Vec<Proposal>,
    evaluations: Vec<Evaluation>,
) -> State {
    let generation = next_generation(state.as_ref());
    let (mut generations, old) = match state {
        Some(s) => (s.generations, s.population),
        None => (Vec::new(), Vec::new()),
    };
    let previous_tolerance = generations
        .last()
        .and_then(|g: &GenerationStats| g.tolerance);
    let new: Vec<Particle> = proposals
        .into_iter()
        .zip(evaluations)
        .map(|(p, evaluation)| Particle {
            theta: p.theta,
            weight: p.weight,
            evaluation,
            generation,
        })
        .collect();
    let within = |d: Option<f64>| match (d, previous_tolerance) {
        (_, None) => true,
        (Some(d), Some(eps)) => d <= eps,
        (None, Some(_)) => false,
    };
    let acceptance = new.iter().filter(|p| within(p.evaluation.distance)).count() as f64
        / new.len().max(1) as f64;
    let proposals_count = new.len();
    let mut pool: Vec<Particle> = old.into_iter().chain(new).collect();
    // A stable sort keeps older particles, then lower indices, first among equal discrepancies.
    pool.sort_by(|a, b| order(a.evaluation.distance).total_cmp(&order(b.evaluation.distance)));
    pool.truncate(settings.kept);
    let tolerance = pool.last().and_then(|p| p.evaluation.distance);
    generations.push(GenerationStats {
        generation,
        proposals: proposals_count,
        tolerance,
        best: pool.first().and_then(|p| p.evaluation.distance),
        acceptance,
        effective_sample_size: effective_sample_size(&pool),
    });
    let best = pool.first().and_then(|p| p.evaluation.distance);
    let stopped = if let (Some(t), Some(b)) = (tolerance, best)
        && t - b <= settings.tolerance_margin
    {
        Some(StopReason::Tolerance)
    } else if generation > 0 && acceptance < settings.min_acceptance {
        Some(StopReason::Acceptance)
    } else if generations.len() >= settings.max_generations {
        Some(StopReason::Generations)
    } else {
        None
    };
    State {
        fingerprint: fingerprint.to_string(),
        priors: priors.to_vec(),
        settings: settings.clone(),
        generations,
        population: pool,
        stopped,
    }
}

/// A discrepancy as a number to sort by (`None`, no accepted trial, is infinite).
fn order(distance: Option<f64>) -> f64 {
    distance.unwrap_or(f64::INFINITY)
}

/// `(Σw)²/Σw²`.
fn effective_sample_size(particles: &[Particle]) -> f64 {
    let sum: f64 = particles.iter().map(|p| p.weight).sum();
    let squares: f64 = particles.iter().map(|p| p.weight * p.weight).sum();
    if squares > 0.0 {
        sum * sum / squares
    } else {
        0.0
    }
}

/// A parameter's posterior: weighted moments and quantiles of the kept particles.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Posterior {
    /// Weighted mean.
    pub mean: f64,
    /// Weighted standard deviation.
    pub sd: f64,
    /// 5% quantile.
    pub q05: f64,
    /// Median.
    pub q50: f64,
    /// 95% quantile.
    pub q95: f64,
}

/// Each parameter's posterior, in the order of the priors.
pub fn posteriors(state: &State) -> Vec<Posterior> {
    let weights: Vec<f64> = state.population.iter().map(|p| p.weight).collect();
    (0..state.priors.len())
        .map(|k| {
            let values: Vec<f64> = state.population.iter().map(|p| p.theta[k]).collect();
            let s = WeightedSample::new(&values, &weights);
            Posterior {
                mean: s.mean(),
                sd: s.sd(),
                q05: s.quantile(0.05),
                q50: s.quantile(0.5),
                q95: s.quantile(0.95),
            }
        })
        .collect()
}

/// The posterior mean of each target event's probability (observed events first): the weighted
/// mean of the kept particles' estimates.
pub fn fitted_probabilities(state: &State) -> Vec<f64> {
    let total: f64 = state.population.iter().map(|p| p.weight).sum();
    let n = state
        .population
        .first()
        .map_or(0, |p| p.evaluation.probabilities.len());
    (0..n)
        .map(|k| {
            state
                .population
                .iter()
                .map(|p| p.weight * p.evaluation.probabilities[k])
                .sum::<f64>()
                / total
        })
        .collect()
}

/// Evaluates `proposals` in order with `evaluate_one`, telling `monitor` after each and asking it
/// before each whether to stop.
pub fn evaluate_all(
    proposals: &[Proposal],
    monitor: &dyn Monitor,
    evaluate_one: &dyn Fn(&Proposal) -> Result<Evaluation, CalibrateError>,
) -> Result<Vec<Evaluation>, CalibrateError> {
    let mut evaluations = Vec::with_capacity(proposals.len());
    for (i, p) in proposals.iter().enumerate() {
        if monitor.cancelled() {
            return Err(CalibrateError::Interrupted);
        }
        evaluations.push(evaluate_one(p)?);
        monitor.evaluated(i + 1);
    }
    Ok(evaluations)
}

/// Runs a calibration on this machine from `start` (`None`: from the beginning), generation
/// after generation until the stopping rule says so, evaluating each generation's proposals in
/// order with `evaluate_one` and handing each new state to `saved` (to keep it, for resuming).
pub fn calibrate(
    start: Option<State>,
    fingerprint: &str,
    priors: &[Prior],
    settings: &Settings,
    monitor: &dyn Monitor,
    evaluate_one: &dyn Fn(&Proposal) -> Result<Evaluation, CalibrateError>,
    saved: &mut dyn FnMut(&State) -> Result<(), CalibrateError>,
) -> Result<State, CalibrateError> {
    let mut state = start;
    loop {
        if let Some(done) = state.as_ref().filter(|s| s.stopped.is_some()) {
            return Ok(done.clone());
        }
        let proposals = proposals(state.as_ref(), priors, settings)?;
        monitor.generation(next_generation(state.as_ref()), proposals.len());
        let evaluations = evaluate_all(&proposals, monitor, evaluate_one)?;
        let next = advance(state, fingerprint, priors, settings, proposals, evaluations);
        saved(&next)?;
        state = Some(next);
    }
}
