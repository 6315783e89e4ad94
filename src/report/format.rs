//! How every report writes things for people and programs: percentages, thousands separators,
//! tidy parameter values and intervals; the row an outcome gets in every table; the scenario's
//! file chain; and the header every JSON document starts with.

use crate::report::finite::{self, NotFinite};
use serde::Serialize;

use crate::model::outcome::Outcome;
use crate::scenario::Scenario;
use crate::stats::Proportion;

/// The tool's name in reports.
pub(crate) const TOOL_NAME: &str = "jcpoa-sim";
/// The tool's version, recorded in every report.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Formats a probability as a percentage with one decimal.
pub(crate) fn pct(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// A share of trials for prose: `7.6%`, or `<0.1% (14 trials)` when some trials are in it but
/// it would round to 0.0% (and `>99.9% (…)` at the other end), so a rare event is never written
/// as 0.0% or all of them.
pub(crate) fn share(p: &Proportion) -> String {
    let shown = pct(p.estimate);
    if p.count > 0 && shown == "0.0%" {
        format!("<0.1% ({})", trials(p.count))
    } else if p.count < p.total && shown == "100.0%" {
        format!(">99.9% ({} of {})", thousands(p.count), thousands(p.total))
    } else {
        shown
    }
}

/// `1 trial`, `2,000 trials`.
pub(crate) fn trials(n: u64) -> String {
    format!("{} trial{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A parameter value for people: at most four decimals, no trailing zeros (`0.32000000000000006`
/// becomes `0.32`).
pub fn tidy(x: f64) -> String {
    trimmed(x, 4)
}

/// `x` with at most `decimals` decimals and no trailing zeros; never `-0`.
pub(crate) fn trimmed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A percentage interval such as `40.9–41.5%`.
pub(crate) fn interval(low: f64, high: f64) -> String {
    format!("{:.1}–{:.1}%", 100.0 * low, 100.0 * high)
}

/// One outcome as every table shows it: its name, its share of trials, the 95% interval of the
/// share and the number of trials. Tables choose which cells to show and how to lay them out.
pub(crate) struct OutcomeRow {
    /// The outcome's name.
    pub(crate) name: &'static str,
    /// Its share of trials, e.g. `68.8%`.
    pub(crate) share: String,
    /// The 95% interval of the share, e.g. `68.6–69.1%`.
    pub(crate) interval: String,
    /// The trials that ended this way, e.g. `68,812`.
    pub(crate) trials: String,
}

impl OutcomeRow {
    /// The row of `outcome`, whose share of trials is `p`.
    pub(crate) fn new(outcome: Outcome, p: &Proportion) -> OutcomeRow {
        OutcomeRow {
            name: outcome.name(),
            share: pct(p.estimate),
            interval: interval(p.low, p.high),
            trials: thousands(p.count),
        }
    }
}

/// The scenario's files as code spans, base of the `extends` chain first: `a` ← `b`.
pub(crate) fn file_chain(scenario: &Scenario) -> String {
    let files: Vec<String> = scenario
        .provenance()
        .files
        .iter()
        .map(|f| format!("`{}`", f.display()))
        .collect();
    files.join(" ← ")
}

/// The scenario an analysis ran, as `sweep.json` and `sensitivity.json` name it after their
/// header: its name, its content hash, and the seed every run of the analysis shared.
#[derive(Serialize)]
pub(crate) struct AnalysedScenario<'a> {
    scenario: &'a str,
    scenario_hash: &'a str,
    seed: u64,
}

impl<'a> AnalysedScenario<'a> {
    /// `scenario`, analysed with `seed`.
    pub(crate) fn new(scenario: &'a Scenario, seed: u64) -> AnalysedScenario<'a> {
        AnalysedScenario {
            scenario: scenario.name(),
            scenario_hash: &scenario.provenance().hash,
            seed,
        }
    }
}

/// The `tool` block of a JSON document: which program, which version wrote it.
#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// A JSON document: the header every document starts with (its schema, the schema's version and
/// the tool that wrote it), then the document's own fields.
#[derive(Serialize)]
struct Document<'a, T> {
    schema: &'static str,
    schema_version: u32,
    tool: Tool,
    #[serde(flatten)]
    body: &'a T,
}

/// `body` as a pretty-printed JSON document of `schema` version `version`, with a final newline;
/// an error naming the field if a number in it is not finite (JSON would show it as `null`).
pub(crate) fn json_document(
    schema: &'static str,
    version: u32,
    body: &impl Serialize,
) -> Result<String, NotFinite> {
    let document = Document {
        schema,
        schema_version: version,
        tool: Tool {
            name: TOOL_NAME,
            version: TOOL_VERSION,
        },
        body,
    };
    finite::check(&document)?;
    serde_json::to_string_pretty(&document)
        .map(|text| text + "\n")
        .map_err(|e| NotFinite(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_numbers() {
        assert_eq!(tidy(0.32000000000000006), "0.32");
        assert_eq!(tidy(80.0), "80");
        assert_eq!(tidy(-0.00001), "0");
    }

    #[test]
    fn rare_shares_are_never_written_as_zero() {
        assert_eq!(share(&Proportion::wilson(14, 100_000)), "<0.1% (14 trials)");
        assert_eq!(share(&Proportion::wilson(1, 100_000)), "<0.1% (1 trial)");
        assert_eq!(share(&Proportion::wilson(0, 100_000)), "0.0%");
        assert_eq!(
            share(&Proportion::wilson(99_990, 100_000)),
            ">99.9% (99,990 of 100,000)"
        );
        assert_eq!(share(&Proportion::wilson(7_600, 100_000)), "7.6%");
        assert_eq!(trials(1), "1 trial");
        assert_eq!(trials(2000), "2,000 trials");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn every_document_starts_with_the_same_header() {
        #[derive(Serialize)]
        struct Body {
            seed: u64,
        }
        let text = json_document("jcpoa-sim/test", 3, &Body { seed: 7 }).unwrap();
        let expected = format!(
            "{{\n  \"schema\": \"jcpoa-sim/test\",\n  \"schema_version\": 3,\n  \"tool\": {{\n    \"name\": \"jcpoa-sim\",\n    \"version\": \"{TOOL_VERSION}\"\n  }},\n  \"seed\": 7\n}}\n"
        );
        assert_eq!(text, expected);
    }
}
