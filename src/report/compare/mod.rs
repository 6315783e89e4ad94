//! The comparison of several scenarios run on the same trial streams: each scenario's statistics
//! and its paired differences from the reference, as `comparison.json` (`json`), `report.md`
//! (`markdown`) with its `charts`, and the terminal [`table`]; [`write`] writes the directory.

pub(crate) mod charts;
pub(crate) mod json;
pub(crate) mod markdown;
pub mod table;
pub(crate) mod write;

use crate::engine::ManyResult;
use crate::model::outcome::{Actor, Outcome};
use crate::report::run::precision_not_reached;
use crate::report::statistics::Statistics;
use crate::scenario::Scenario;
use crate::stats::Difference;

/// One compared scenario with its statistics and its paired differences from the reference.
pub(crate) struct Compared<'a> {
    /// The scenario.
    pub(crate) scenario: &'a Scenario,
    /// Its statistics.
    pub(crate) stats: Statistics,
    /// P(outcome) − P(outcome in the reference), per outcome, paired.
    pub(crate) outcome_differences: [Difference; 4],
    /// Mean payoff − the reference's, per actor, paired.
    pub(crate) payoff_differences: [Difference; 2],
    /// "given: … — accepted of played trials, rate" for a conditioned scenario.
    pub(crate) given: Option<String>,
}

/// A comparison ready to be written.
pub struct Comparison<'a> {
    /// The scenarios, the reference first.
    pub(crate) compared: Vec<Compared<'a>>,
    /// Master seed.
    pub(crate) seed: u64,
    /// Trials per scenario.
    pub(crate) trials: u64,
    /// For precision runs: whether every interval of every scenario reached the target.
    precision_met: Option<bool>,
}

impl<'a> Comparison<'a> {
    /// Computes statistics and paired differences; `scenarios[0]` is the reference.
    pub fn new(scenarios: &[&'a Scenario], result: &ManyResult, seed: u64) -> Comparison<'a> {
        let compared = scenarios
            .iter()
            .zip(&result.summaries)
            .zip(&result.pairs)
            .map(|((scenario, summary), pair)| Compared {
                scenario,
                stats: Statistics::compute(scenario, summary),
                outcome_differences: Outcome::ALL.map(|o| pair.outcome_difference(o)),
                payoff_differences: Actor::ALL.map(|a| pair.payoff_difference(a)),
                given: crate::report::run::given_line(scenario, summary),
            })
            .collect();
        Comparison {
            compared,
            seed,
            trials: result.summaries.first().map_or(0, |s| s.trials),
            precision_met: result.precision_met,
        }
    }

    /// The warning to print when the `--precision` target (`target`) was not reached before the
    /// trial cap.
    pub fn precision_warning(&self, target: Option<f64>) -> Option<String> {
        let target = target?;
        let widest = self
            .compared
            .iter()
            .flat_map(|c| c.stats.outcomes.iter())
            .map(|o| o.probability.half_width())
            .fold(0.0, f64::max);
        (self.precision_met == Some(false))
            .then(|| precision_not_reached(target, self.trials, widest))
    }

    /// The reference scenario.
    pub(crate) fn reference(&self) -> &Compared<'a> {
        &self.compared[0]
    }
}
