//! Comparisons of several scenarios run on the same trial streams: each scenario's statistics,
//! and its paired differences from the reference, in `comparison.json` and `report.md`.

use std::fmt::Write;

use serde::Serialize;

use super::charts::{self, ChartError};
use super::markdown::{file_chain, images, interval, thousands};
use super::statistics::Statistics;
use super::{ReportDir, TOOL, TOOL_NAME, TOOL_VERSION, Tool, pct, pretty_json};
use crate::engine::{Difference, ManyResult};
use crate::outcome::{Actor, Outcome};
use crate::scenario::Scenario;

/// Schema identifier of `comparison.json`.
pub const SCHEMA: &str = "jcpoa-sim/comparison";
/// Its version.
pub const SCHEMA_VERSION: u32 = 1;

/// One compared scenario with its statistics and its paired differences from the reference.
pub struct Compared<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its statistics.
    pub stats: Statistics,
    /// P(outcome) − P(outcome in the reference), per outcome, paired.
    pub outcome_differences: [Difference; 4],
    /// Mean payoff − the reference's, per actor, paired.
    pub payoff_differences: [Difference; 2],
}

/// A comparison ready to be written.
pub struct Comparison<'a> {
    /// The scenarios, the reference first.
    pub compared: Vec<Compared<'a>>,
    /// Master seed.
    pub seed: u64,
    /// Trials per scenario.
    pub trials: u64,
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
            })
            .collect();
        Comparison {
            compared,
            seed,
            trials: result.summaries.first().map_or(0, |s| s.trials),
        }
    }

    /// The reference scenario.
    pub fn reference(&self) -> &Compared<'a> {
        &self.compared[0]
    }

    /// Writes `comparison.json`, the charts, `report.md` and `index.html` into `dir`.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        super::write_bundle(
            dir,
            ("comparison.json", &render_json(self)),
            "jcpoa-sim comparison",
            || charts::write_comparison(self, dir),
            |charts| render_markdown(self, charts),
        )
    }
}

fn points(d: &Difference) -> String {
    format!(
        "{:+.1} [{:+.1}, {:+.1}]",
        100.0 * d.estimate,
        100.0 * d.low,
        100.0 * d.high
    )
}

fn utils(d: &Difference) -> String {
    format!("{:+.1} [{:+.1}, {:+.1}]", d.estimate, d.low, d.high)
}

/// The headline of a comparison, written from the numbers.
pub fn reading(c: &Comparison<'_>) -> String {
    let reference = c.reference();
    let mut text = format!(
        "{} trials per scenario on the same random streams (seed {}); differences are paired against `{}`, which restores the deal in {}.",
        thousands(c.trials),
        c.seed,
        reference.scenario.name(),
        pct(reference.stats.outcome(Outcome::Restored).estimate)
    );
    if let Some(best) = c.compared.iter().max_by(|a, b| {
        a.stats
            .outcome(Outcome::Restored)
            .estimate
            .total_cmp(&b.stats.outcome(Outcome::Restored).estimate)
    }) {
        let d = &best.outcome_differences[Outcome::Restored.index()];
        let _ = write!(
            text,
            " The most likely to restore is `{}` at {}",
            best.scenario.name(),
            pct(best.stats.outcome(Outcome::Restored).estimate)
        );
        if best.scenario.name() != reference.scenario.name() {
            let _ = write!(
                text,
                " ({:+.1} points, 95% CI {:+.1} to {:+.1})",
                100.0 * d.estimate,
                100.0 * d.low,
                100.0 * d.high
            );
        }
        text.push('.');
    }
    text
}

/// Renders the Markdown report of a comparison with its charts.
pub fn render_markdown(c: &Comparison<'_>, charts: &[(&str, &str)]) -> String {
    let mut md = String::from("# Comparison of sequencing scenarios — jcpoa-sim report\n\n");
    let _ = writeln!(md, "{}\n", reading(c));
    images(&mut md, charts);
    md.push_str("## Outcomes\n\n| Scenario | Protocol | Restored | Interim | Stalemate | Collapse | Median restoration |\n|---|---|---:|---:|---:|---:|---|\n");
    for s in &c.compared {
        let cell = |o: Outcome| {
            let p = s.stats.outcome(o);
            format!("{} ({})", pct(p.estimate), interval(p.low, p.high))
        };
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            s.scenario.name(),
            s.scenario.protocol().kind().name(),
            cell(Outcome::Restored),
            cell(Outcome::Interim),
            cell(Outcome::Stalemate),
            cell(Outcome::Collapse),
            s.stats
                .timing
                .median_restoration_date
                .map_or("—".to_string(), |d| d.to_string())
        );
    }
    let _ = writeln!(
        md,
        "\n## Paired differences from `{}`\n\nPercentage points (outcomes) and utils (mean payoffs), with paired 95% intervals.\n\n| Scenario | Δ restored | Δ interim | Δ stalemate | Δ collapse | Δ Iran payoff | Δ US payoff |\n|---|---:|---:|---:|---:|---:|---:|",
        c.reference().scenario.name()
    );
    for s in &c.compared {
        let d = &s.outcome_differences;
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            s.scenario.name(),
            points(&d[0]),
            points(&d[1]),
            points(&d[2]),
            points(&d[3]),
            utils(&s.payoff_differences[0]),
            utils(&s.payoff_differences[1])
        );
    }
    md.push_str("\n## Leading cause of failure\n\n| Scenario | Cause | Share of failures |\n|---|---|---:|\n");
    for s in &c.compared {
        match s.stats.leading_cause() {
            Some(lead) => {
                let _ = writeln!(
                    md,
                    "| `{}` | {} | {} |",
                    s.scenario.name(),
                    lead.cause.label(),
                    pct(lead.share.estimate)
                );
            }
            None => {
                let _ = writeln!(md, "| `{}` | — (no failures) | — |", s.scenario.name());
            }
        }
    }
    md.push_str("\n## Scenarios\n\n| Scenario | Title | Files | Hash |\n|---|---|---|---|\n");
    for s in &c.compared {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | `{}` |",
            s.scenario.name(),
            s.scenario.title(),
            file_chain(s.scenario),
            s.scenario.provenance().short_hash()
        );
    }
    let _ = writeln!(
        md,
        "\nSeed {}, {} trials per scenario, {TOOL_NAME} {TOOL_VERSION}.",
        c.seed,
        thousands(c.trials)
    );
    md
}

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    schema_version: u32,
    tool: Tool,
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
    median_restoration_date: Option<crate::calendar::Date>,
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
pub fn render_json(c: &Comparison<'_>) -> String {
    let doc = Document {
        schema: SCHEMA,
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
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
    pretty_json(&doc)
}

/// The terminal table of a comparison.
pub fn render_table(c: &Comparison<'_>) -> String {
    let width = c
        .compared
        .iter()
        .map(|s| s.scenario.name().len())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut out = format!(
        "{:<width$}  {:>9} {:>9} {:>9} {:>9}   {:>24}\n",
        "scenario",
        "restored",
        "interim",
        "stalemate",
        "collapse",
        format!("Δ restored vs {}", c.reference().scenario.name()),
    );
    for s in &c.compared {
        let p = |o: Outcome| pct(s.stats.outcome(o).estimate);
        let d = &s.outcome_differences[0];
        let _ = writeln!(
            out,
            "{:<width$}  {:>9} {:>9} {:>9} {:>9}   {:>24}",
            s.scenario.name(),
            p(Outcome::Restored),
            p(Outcome::Interim),
            p(Outcome::Stalemate),
            p(Outcome::Collapse),
            points(d)
        );
    }
    let _ = writeln!(out, "{}", reading(c));
    out
}
