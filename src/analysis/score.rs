//! Scoring forecasts (`jcpoa-sim score`): the model's probability of each question's event, from
//! one run of the scenario's trials watched for their facts, and the Brier score and log loss of
//! the model and of each named forecaster on the resolved questions.
//!
//! Brier score `(p − o)²`; log loss `−ln p(o)`, where `p(o)` is `p` if the event happened and
//! `1 − p` if not, with `p` clamped to `[1/(2n), 1 − 1/(2n)]` for the model's `n` trials (the same
//! clamp for every forecaster, so a forecaster's 0 or 1 costs a finite amount). Means are over
//! the resolved questions (a forecaster's over those it forecast).

use rayon::prelude::*;

use crate::engine::rng::base_rng;
use crate::engine::solved::solved;
use crate::engine::{EngineError, RunConfig, run_trial};
use crate::model::conditions::Condition;
use crate::model::facts::Facts;
use crate::scenario::Scenario;
use crate::scenario::questions::Question;
use crate::stats::Proportion;

/// Trials per unit of parallel work.
const CHUNK: u64 = 1024;

/// A probabilistic forecast's scores on one question, when it is resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// `(p − o)²`.
    pub brier: f64,
    /// `−ln p(o)`, `p` clamped.
    pub log_loss: f64,
}

/// The scores of probability `p` for an event that happened (`o`) or not, with the clamp of `n`
/// trials.
pub fn scores(p: f64, happened: bool, n: u64) -> Scores {
    let o = if happened { 1.0 } else { 0.0 };
    let eps = 1.0 / (2.0 * n.max(1) as f64);
    let clamped = p.clamp(eps, 1.0 - eps);
    Scores {
        brier: (p - o) * (p - o),
        log_loss: -(if happened { clamped } else { 1.0 - clamped }).ln(),
    }
}

/// One question's model probability and scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// The question.
    pub question: Question,
    /// Trials in which the event held, of the accepted trials.
    pub model: Proportion,
    /// The model's scores, if resolved.
    pub model_scores: Option<Scores>,
    /// Each forecaster's probability and scores (if resolved).
    pub forecasts: Vec<(String, f64, Option<Scores>)>,
}

/// Everything `score` reports.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreResult {
    /// Per question, in the file's order.
    pub questions: Vec<Scored>,
    /// Trials played.
    pub played: u64,
    /// Trials consistent with the scenario's given events (all, without any).
    pub accepted: u64,
}

/// Counts, over `config.trials` trials of `scenario`, those consistent with its given events and,
/// among them, those in which each question's event holds; then scores.
pub fn score(
    scenario: &Scenario,
    questions: &[Question],
    config: &RunConfig,
) -> Result<ScoreResult, EngineError> {
    let events: Vec<&Condition> = questions.iter().map(|q| &q.event).collect();
    let (accepted, counts) = event_counts(scenario, &events, config)?;
    let questions = questions
        .iter()
        .zip(counts)
        .map(|(q, count)| {
            let model = Proportion::wilson(count, accepted);
            let resolve = |p: f64| q.outcome.map(|o| scores(p, o, accepted));
            Scored {
                question: q.clone(),
                model_scores: resolve(model.estimate),
                forecasts: q
                    .forecasts
                    .iter()
                    .map(|(name, p)| (name.clone(), *p, resolve(*p)))
                    .collect(),
                model,
            }
        })
        .collect();
    Ok(ScoreResult {
        questions,
        played: config.trials,
        accepted,
    })
}

/// Over `config.trials` trials of `scenario`: how many are consistent with its given events and,
/// among those, in how many each of `events` holds. The counts are integers, so they do not
/// depend on how the trials were shared among threads.
pub fn event_counts(
    scenario: &Scenario,
    events: &[&Condition],
    config: &RunConfig,
) -> Result<(u64, Vec<u64>), EngineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| EngineError::ThreadPool(e.to_string()))?;
    let game = pool.install(|| solved(scenario.setup()));
    let base = base_rng(config.seed);
    let given = &scenario.conditions().given;
    let start = config.first_trial;
    let end = start.saturating_add(config.trials);
    let chunks: Vec<u64> = (start..end).step_by(CHUNK as usize).collect();
    let zero = || (0u64, vec![0u64; events.len()]);
    Ok(pool.install(|| {
        chunks
            .par_iter()
            .map(|&from| {
                let (mut accepted, mut counts) = zero();
                for i in from..end.min(from + CHUNK) {
                    let mut facts = Facts::new(game.talks_open_at_start());
                    run_trial(scenario.case(), &game, &base, i, &mut facts);
                    if !given.iter().all(|c| c.holds(&facts)) {
                        continue;
                    }
                    accepted += 1;
                    for (c, e) in counts.iter_mut().zip(events) {
                        *c += u64::from(e.holds(&facts));
                    }
                }
                (accepted, counts)
            })
            .reduce(zero, |(a, mut x), (b, y)| {
                x.iter_mut().zip(&y).for_each(|(x, y)| *x += y);
                (a + b, x)
            })
    }))
}

impl ScoreResult {
    /// Resolved questions.
    pub fn resolved(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| q.model_scores.is_some())
            .count()
    }

    /// The model's mean scores over the resolved questions.
    pub fn model_mean(&self) -> Option<Scores> {
        mean(self.questions.iter().filter_map(|q| q.model_scores))
    }

    /// Each forecaster's name and mean scores over the resolved questions it forecast, in the
    /// order they first appear.
    pub fn forecaster_means(&self) -> Vec<(String, Option<Scores>)> {
        let mut names: Vec<&str> = Vec::new();
        for q in &self.questions {
            for (name, _, _) in &q.forecasts {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        names
            .into_iter()
            .map(|name| {
                let all = self.questions.iter().flat_map(|q| {
                    q.forecasts
                        .iter()
                        .filter(move |(n, _, _)| n == name)
                        .filter_map(|(_, _, s)| *s)
                });
                (name.to_string(), mean(all))
            })
            .collect()
    }
}

fn mean(scores: impl Iterator<Item = Scores>) -> Option<Scores> {
    let (mut n, mut b, mut l) = (0.0, 0.0, 0.0);
    for s in scores {
        n += 1.0;
        b += s.brier;
        l += s.log_loss;
    }
    (n > 0.0).then(|| Scores {
        brier: b / n,
        log_loss: l / n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brier_and_log_loss_by_hand() {
        let s = scores(0.8, true, 1000);
        assert!((s.brier - 0.04).abs() < 1e-15);
        assert!((s.log_loss - (-(0.8f64).ln())).abs() < 1e-15);
        let s = scores(0.8, false, 1000);
        assert!((s.brier - 0.64).abs() < 1e-15);
        assert!((s.log_loss - (-(0.2f64).ln())).abs() < 1e-15);
        // Clamped at 1/(2n): 0 for an event that happened costs ln(2n).
        let s = scores(0.0, true, 50);
        assert!((s.brier - 1.0).abs() < 1e-15);
        assert!((s.log_loss - (100f64).ln()).abs() < 1e-12);
    }
}
