//! `comparison.json`: each compared scenario's outcomes and paired differences from the reference.

use serde::Serialize;

use super::Comparison;
use crate::model::calendar::Date;
use crate::model::outcome::Outcome;
use crate::report::format::json_document;
use crate::stats::Difference;

/// Schema identifier of `comparison.json`.
pub(crate) const SCHEMA: &str = "jcpoa-sim/comparison";
/// Its version.
pub(crate) const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    seed: u64,
    trials: u64,
    reference: &'a str,
    scenarios: Vec<ScenarioEntry<'a>>,
}

#[derive(Serialize)]
struct ScenarioEntry<'a> {
    name: &'a str,
    title: &'a str,
    hash: &'a str,
    protocol: &'static str,
    outcomes: Vec<OutcomeEntry>,
    median_restoration_date: Option<Date>,
    mean_payoff: [f64; 2],
    difference_from_reference: Differences,
}

#[derive(Serialize)]
struct OutcomeEntry {
    outcome: Outcome,
    estimate: f64,
    ci_low: f64,
    ci_high: f64,
}

#[derive(Serialize)]
struct Differences {
    outcomes: Vec<DifferenceEntry>,
    payoff_iran: Difference,
    payoff_us: Difference,
}

#[derive(Serialize)]
struct DifferenceEntry {
    outcome: Outcome,
    #[serde(flatten)]
    difference: Difference,
}

/// Renders `comparison.json`.
pub(crate) fn render(c: &Comparison<'_>) -> Result<String, crate::report::finite::NotFinite> {
    let doc = Document {
        seed: c.seed,
        trials: c.trials,
        reference: c.reference().scenario.name(),
        scenarios: c
            .compared
            .iter()
            .map(|s| ScenarioEntry {
                name: s.scenario.name(),
                title: s.scenario.title(),
                hash: &s.scenario.provenance().hash,
                protocol: s.scenario.protocol().kind().name(),
                outcomes: s
                    .stats
                    .outcomes
                    .iter()
                    .map(|o| OutcomeEntry {
                        outcome: o.outcome,
                        estimate: o.probability.estimate,
                        ci_low: o.probability.low,
                        ci_high: o.probability.high,
                    })
                    .collect(),
                median_restoration_date: s.stats.timing.median_restoration_date,
                mean_payoff: [s.stats.payoffs[0].mean, s.stats.payoffs[1].mean],
                difference_from_reference: Differences {
                    outcomes: Outcome::ALL
                        .iter()
                        .map(|&o| DifferenceEntry {
                            outcome: o,
                            difference: s.outcome_differences[o.index()],
                        })
                        .collect(),
                    payoff_iran: s.payoff_differences[0],
                    payoff_us: s.payoff_differences[1],
                },
            })
            .collect(),
    };
    json_document(SCHEMA, SCHEMA_VERSION, &doc)
}
