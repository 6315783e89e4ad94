//! What a report shows, computed once from a [`Summary`]: every writer (terminal, JSON, Markdown,
//! charts) reads these numbers, so they always agree.

use super::format::thousands;
use crate::engine::summary::Summary;
use crate::engine::trajectory::Series;
use crate::model::calendar::Date;
use crate::model::outcome::{Cause, Outcome, WeekLabel};
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
    /// Median step of restoration among restored trials.
    pub(crate) median_restoration_step: Option<usize>,
    /// Its date.
    pub(crate) median_restoration_date: Option<Date>,
    /// 25th percentile step of restoration among restored trials.
    pub(crate) q25_restoration_step: Option<usize>,
    /// 75th percentile step of restoration among restored trials.
    pub(crate) q75_restoration_step: Option<usize>,
    /// Probability of restoration strictly before the election step, if there is an election.
    pub(crate) restored_before_election: Option<Proportion>,
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
    /// Share of all played weeks claimed by each week label (progress first).
    pub(crate) week_shares: Vec<(&'static str, f64)>,
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
        let median = discrete_quantile(&summary.restored_at, 0.5);
        let election_step = scenario.schedule().election.map(|e| e.election_step);
        let timing = Timing {
            restored_by_step: cumulative(&summary.restored_at, n),
            collapsed_by_step: cumulative(&summary.collapsed_at, n),
            median_restoration_step: median,
            median_restoration_date: median.map(|s| cal.date_of(s)),
            q25_restoration_step: discrete_quantile(&summary.restored_at, 0.25),
            q75_restoration_step: discrete_quantile(&summary.restored_at, 0.75),
            restored_before_election: election_step.map(|e| {
                let before: u64 = summary.restored_at[..e.min(summary.steps)].iter().sum();
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
        let total_weeks: u64 = summary.week_labels.iter().sum();
        let week_shares = WeekLabel::ALL
            .iter()
            .zip(summary.week_labels)
            .map(|(l, w)| (l.name(), share(w, total_weeks)))
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
            week_shares,
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
