//! What a report shows, computed once from a [`Summary`]: every writer (terminal, JSON, Markdown,
//! charts) reads these numbers, so they always agree.

use super::format::thousands;
use crate::engine::summary::Summary;
use crate::engine::trajectory::Series;
use crate::model::calendar::Date;
use crate::model::game::solve::SolveStats;
use crate::model::outcome::{Actor, Cause, Outcome, TimeLabel};
use crate::scenario::Scenario;
use crate::stats::{Proportion, discrete_quantile};

/// Quantile levels of the trajectory bands.
pub(crate) const BAND_QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// One outcome's probability with its interval.
#[derive(Clone, Debug)]
pub(crate) struct OutcomeStat {
    /// Which outcome.
    pub(crate) outcome: Outcome,
    /// Its share of trials with a 95% Wilson interval.
    pub(crate) probability: Proportion,
}

/// A cause's share of a set of failed trials.
#[derive(Clone, Debug)]
pub(crate) struct CauseStat {
    /// Which cause.
    pub(crate) cause: Cause,
    /// Its share with a 95% Wilson interval.
    pub(crate) share: Proportion,
}

/// When deals were restored.
#[derive(Clone, Debug)]
pub(crate) struct Timing {
    /// Cumulative probability of restoration by the end of each step.
    pub(crate) restored_by_step: Vec<f64>,
    /// Cumulative probability of collapse by the end of each step.
    pub(crate) collapsed_by_step: Vec<f64>,
    /// Median day of restoration (days from the start) among restored trials.
    pub(crate) median_restoration_day: Option<usize>,
    /// Its date.
    pub(crate) median_restoration_date: Option<Date>,
    /// 25th percentile day of restoration among restored trials.
    pub(crate) q25_restoration_day: Option<usize>,
    /// 75th percentile day of restoration among restored trials.
    pub(crate) q75_restoration_day: Option<usize>,
    /// Probability of restoration strictly before the election day, if there is an election.
    pub(crate) restored_before_election: Option<Proportion>,
}

/// One kind of sequential first move: what the movers expected and what happened.
#[derive(Clone, Debug)]
pub(crate) struct FirstMoveStat {
    /// Protocol step (0-based).
    pub(crate) step: usize,
    /// Its name.
    pub(crate) step_name: String,
    /// Who moved first.
    pub(crate) mover: Actor,
    /// First moves made.
    pub(crate) decisions: u64,
    /// Mean predictive probability of a full answer within the window.
    pub(crate) expected: Option<f64>,
    /// Share answered so, with its 95% interval.
    pub(crate) realised: Proportion,
    /// Share of these first moves made although waiting was worth more.
    pub(crate) against_advantage: Proportion,
}

/// One joint step: how often each side committed, and what the other side expected.
#[derive(Clone, Debug)]
pub(crate) struct JointStat {
    /// Protocol step (0-based).
    pub(crate) step: usize,
    /// Its name.
    pub(crate) step_name: String,
    /// Times the mediator sought the US's conditional commitment.
    pub(crate) attempts: u64,
    /// Share in which the US committed with full relief.
    pub(crate) us_full: Proportion,
    /// Share in which the US committed with qualified relief.
    pub(crate) us_qualified: Proportion,
    /// Iran's mean predictive probability that the US commits (either way).
    pub(crate) us_expected: Option<f64>,
    /// Share of the times Iran was asked in which it committed.
    pub(crate) iran_commits: Proportion,
    /// The US's mean predictive probability that Iran commits when asked.
    pub(crate) iran_expected: Option<f64>,
}

/// How the equilibrium was played.
#[derive(Clone, Debug)]
pub(crate) struct Play {
    /// Sequential first moves, by step and mover.
    pub(crate) first_moves: Vec<FirstMoveStat>,
    /// Joint steps.
    pub(crate) joint: Vec<JointStat>,
    /// Share of all first moves made although waiting was worth more (`Q(act) < Q(wait)`).
    pub(crate) against_advantage: Proportion,
    /// The solve's diagnostics.
    pub(crate) equilibrium: SolveStats,
}

/// One actor's payoff distribution.
#[derive(Clone, Debug)]
pub(crate) struct PayoffStat {
    /// Mean over all trials (utils).
    pub(crate) mean: f64,
    /// Standard deviation.
    pub(crate) sd: f64,
    /// Smallest payoff.
    pub(crate) min: f64,
    /// Largest payoff.
    pub(crate) max: f64,
    /// Quantiles at 5, 25, 50, 75 and 95% (about 2% precision).
    pub(crate) quantiles: [f64; 5],
    /// Mean per outcome (`None` where no trial ended that way), in [`Outcome::ALL`] order.
    pub(crate) mean_by_outcome: [Option<f64>; 4],
}

/// Quantile bands of one tracked level over the calendar.
#[derive(Clone, Debug)]
pub(crate) struct Band {
    /// Which level.
    pub(crate) series: Series,
    /// `quantiles[k][step]` for the levels in [`BAND_QUANTILES`].
    pub(crate) quantiles: [Vec<f64>; 5],
}

/// Everything a report states.
#[derive(Clone, Debug)]
pub(crate) struct Statistics {
    /// Trials summarised.
    pub(crate) trials: u64,
    /// Outcome probabilities, in [`Outcome::ALL`] order.
    pub(crate) outcomes: Vec<OutcomeStat>,
    /// Timing of restoration and collapse.
    pub(crate) timing: Timing,
    /// Primary causes among all trials that did not restore.
    pub(crate) failure_causes: Vec<CauseStat>,
    /// Primary causes within each failed outcome (interim, stalemate, collapse).
    pub(crate) causes_by_outcome: Vec<(Outcome, Vec<CauseStat>)>,
    /// Collapses by trigger: escalation, Iran declares the deal dead, the US does.
    pub(crate) collapse_triggers: [u64; 3],
    /// Share of all played time claimed by each time label (progress first).
    pub(crate) label_shares: Vec<(&'static str, f64)>,
    /// How the equilibrium was played.
    pub(crate) play: Play,
    /// Payoffs of Iran and the US.
    pub(crate) payoffs: [PayoffStat; 2],
    /// Trajectory bands.
    pub(crate) bands: Vec<Band>,
    /// Trials the bands are computed from.
    pub(crate) band_trials: u64,
    /// Election results: not held, moderate won, hardliner won (shares).
    pub(crate) election: [f64; 3],
    /// Share of trials by number of protocol steps completed.
    pub(crate) steps_completed: Vec<f64>,
}

fn share(count: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

fn cumulative(counts: &[u64], total: u64) -> Vec<f64> {
    let mut sum = 0u64;
    counts
        .iter()
        .map(|c| {
            sum += c;
            share(sum, total)
        })
        .collect()
}

fn finite_or(x: f64, fallback: f64) -> f64 {
    if x.is_finite() { x } else { fallback }
}

impl Statistics {
    /// Which trials the trajectory bands describe, for captions: "all trials" or "the first
    /// 65,536 trials".
    pub(crate) fn band_scope(&self) -> String {
        if self.band_trials == self.trials {
            "all trials".to_string()
        } else {
            format!("the first {} trials", thousands(self.band_trials))
        }
    }

    /// Computes every statistic of `summary`, a run of `scenario`.
    pub(crate) fn compute(scenario: &Scenario, summary: &Summary) -> Statistics {
        let n = summary.trials;
        let cal = scenario.calendar();
        let outcomes = Outcome::ALL
            .iter()
            .map(|&o| OutcomeStat {
                outcome: o,
                probability: Proportion::wilson(summary.outcomes[o.index()], n),
            })
            .collect();
        let restored = summary.outcomes[Outcome::Restored.index()];
        let median = discrete_quantile(&summary.restored_on, 0.5);
        let election_day = scenario
            .schedule()
            .election
            .filter(|_| scenario.mechanisms().election)
            .map(|e| e.election_day as usize);
        let step_days = cal.step_days();
        let timing = Timing {
            restored_by_step: cumulative(&summary.ended_by_step(Outcome::Restored, step_days), n),
            collapsed_by_step: cumulative(&summary.ended_by_step(Outcome::Collapse, step_days), n),
            median_restoration_day: median,
            median_restoration_date: median.map(|d| cal.date_at(d as u32)),
            q25_restoration_day: discrete_quantile(&summary.restored_on, 0.25),
            q75_restoration_day: discrete_quantile(&summary.restored_on, 0.75),
            restored_before_election: election_day.map(|e| {
                let before: u64 = summary.restored_on[..e.min(summary.days)].iter().sum();
                Proportion::wilson(before, n)
            }),
        };
        let failures = n - restored;
        let cause_stats = |counts: &[u64; Cause::COUNT], total: u64| -> Vec<CauseStat> {
            Cause::ALL
                .iter()
                .map(|&c| CauseStat {
                    cause: c,
                    share: Proportion::wilson(counts[c.index()], total),
                })
                .collect()
        };
        let mut all = [0u64; Cause::COUNT];
        for row in &summary.causes {
            for (a, b) in all.iter_mut().zip(row) {
                *a += b;
            }
        }
        let causes_by_outcome = Outcome::ALL[1..]
            .iter()
            .map(|&o| {
                (
                    o,
                    cause_stats(&summary.causes[o.index()], summary.outcomes[o.index()]),
                )
            })
            .collect();
        let total_days: u64 = summary.label_days.iter().sum();
        let label_shares = TimeLabel::ALL
            .iter()
            .zip(summary.label_days)
            .map(|(l, d)| (l.name(), share(d, total_days)))
            .collect();
        let payoffs = [0, 1].map(|a| {
            let p = &summary.payoffs[a];
            PayoffStat {
                mean: p.mean(n),
                sd: p.sd(n),
                min: finite_or(p.min, 0.0),
                max: finite_or(p.max, 0.0),
                quantiles: BAND_QUANTILES.map(|q| p.histogram.quantile(q).unwrap_or(0.0)),
                mean_by_outcome: Outcome::ALL.map(|o| p.mean_for(o, summary.outcomes[o.index()])),
            }
        });
        let bands = Series::ALL
            .iter()
            .map(|&series| {
                let histograms = summary.level_histograms(series);
                let quantiles = BAND_QUANTILES.map(|q| {
                    histograms
                        .iter()
                        .map(|counts| series.quantile(counts, q).unwrap_or(0.0))
                        .collect()
                });
                Band { series, quantiles }
            })
            .collect();
        Statistics {
            trials: n,
            outcomes,
            timing,
            failure_causes: cause_stats(&all, failures),
            causes_by_outcome,
            collapse_triggers: summary.collapse_triggers,
            label_shares,
            play: play(scenario, summary),
            payoffs,
            bands,
            band_trials: summary.trajectory_trials(),
            election: summary.election.map(|c| share(c, n)),
            steps_completed: summary
                .steps_completed
                .iter()
                .map(|&c| share(c, n))
                .collect(),
        }
    }

    /// The probability statistic of `outcome`.
    pub(crate) fn outcome(&self, outcome: Outcome) -> &Proportion {
        &self.outcomes[outcome.index()].probability
    }

    /// The failure cause with the largest share, if any trial failed.
    pub(crate) fn leading_cause(&self) -> Option<&CauseStat> {
        self.failure_causes
            .iter()
            .filter(|c| c.share.count > 0)
            .max_by_key(|c| c.share.count)
    }
}

/// How `summary`'s trials played the equilibrium of `scenario`.
fn play(scenario: &Scenario, summary: &Summary) -> Play {
    let steps = scenario.protocol().steps();
    let name = |step: usize| steps.get(step).map_or_else(String::new, |s| s.name.clone());
    let tally = &summary.play;
    let first_moves = tally
        .first_moves
        .iter()
        .map(|r| FirstMoveStat {
            step: r.step,
            step_name: name(r.step),
            mover: r.mover,
            decisions: r.decisions,
            expected: r.expected(),
            realised: Proportion::wilson(r.realised, r.decisions),
            against_advantage: Proportion::wilson(r.against_advantage, r.decisions),
        })
        .collect();
    let mean = |sum: i128, n: u64| (n > 0).then(|| crate::stats::fixed_mean(sum, n));
    let joint = tally
        .joint
        .iter()
        .map(|r| JointStat {
            step: r.step,
            step_name: name(r.step),
            attempts: r.attempts,
            us_full: Proportion::wilson(r.us_full, r.attempts),
            us_qualified: Proportion::wilson(r.us_qualified, r.attempts),
            us_expected: mean(r.expected_us_sum, r.attempts),
            iran_commits: Proportion::wilson(r.iran_commits, r.iran_asked),
            iran_expected: mean(r.expected_iran_sum, r.iran_asked),
        })
        .collect();
    let (against, decisions) = tally.against_advantage();
    Play {
        first_moves,
        joint,
        against_advantage: Proportion::wilson(against, decisions),
        equilibrium: summary.equilibrium,
    }
}
