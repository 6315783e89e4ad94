//! Scoring forecasts (`jcpoa-sim score`): the model's probability of each question's event, from
//! one run of the scenario's trials watched for their facts, and the Brier score and log loss of
//! the model and of each named forecaster on the resolved questions.
//!
//! Brier score `(p − o)²`; log loss `−ln p(o)`, where `p(o)` is `p` if the event happened and
//! `1 − p` if not, with `p` clamped to `[1/(2n), 1 − 1/(2n)]` for the model's `n` trials (the same
//! clamp for every forecaster, so a forecaster's 0 or 1 costs a finite amount). Means are over
//! the resolved questions (a forecaster's over those it forecast).

use std::ops::Range;

use crate::engine::monitor::RunMonitor;
use crate::engine::workers::Workers;
use crate::engine::{EngineError, Lockstep, RunConfig, Tally, reduce};
use crate::model::conditions::Condition;
use crate::scenario::Scenario;
use crate::scenario::questions::Question;
use crate::stats::Proportion;

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

/// Counts, over `config.trials` trials of `scenario` on `workers`, those consistent with its given
/// events and, among them, those in which each question's event holds; then scores.
pub fn score(
    scenario: &Scenario,
    questions: &[Question],
    config: &RunConfig,
    workers: &Workers,
    monitor: &dyn RunMonitor,
) -> Result<ScoreResult, EngineError> {
    let events: Vec<&Condition> = questions.iter().map(|q| &q.event).collect();
    let (accepted, counts) = event_counts(scenario, &events, config, workers, monitor)?;
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

/// The trials consistent with the given events and, among them, those in which each of the
/// events counted holds: a tally of the engine's run loop.
struct EventCounts<'e> {
    events: &'e [&'e Condition],
    accepted: u64,
    counts: Vec<u64>,
}

impl Tally for EventCounts<'_> {
    fn chunk(&mut self, run: &Lockstep<'_>, _chunk: usize, trials: Range<u64>) {
        let conditions = run.cases()[0].conditions;
        for index in trials {
            let facts = run.facts(0, index);
            if !conditions.admit(&facts) {
                continue;
            }
            self.accepted += 1;
            for (count, event) in self.counts.iter_mut().zip(self.events) {
                *count += u64::from(event.holds(&facts));
            }
        }
    }

    fn absorb(&mut self, other: Self) {
        self.accepted += other.accepted;
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }
}

/// Over `config.trials` trials of `scenario`, run on `workers`: how many are consistent with its
/// given events and, among those, in how many each of `events` holds. Each trial is played once,
/// watched for its facts. The counts are integers, so they do not depend on how the trials were
/// shared among threads.
pub fn event_counts(
    scenario: &Scenario,
    events: &[&Condition],
    config: &RunConfig,
    workers: &Workers,
    monitor: &dyn RunMonitor,
) -> Result<(u64, Vec<u64>), EngineError> {
    let cases = [scenario.case()];
    let run = Lockstep::solve(&cases, config.seed, workers, monitor)?;
    let fresh = || EventCounts {
        events,
        accepted: 0,
        counts: vec![0; events.len()],
    };
    let total = reduce(&run, config, workers, monitor, fresh, |_| Ok(false))?;
    Ok((total.accepted, total.counts))
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
