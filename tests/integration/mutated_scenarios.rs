//! Property test: no mutation of a scenario text makes the tool panic or hang. Whatever the text,
//! loading either fails with diagnostics or yields a scenario that runs and reports finite numbers.

use jcpoa_sim::engine::monitor::Unmonitored;
use jcpoa_sim::engine::{self, RunConfig};
use jcpoa_sim::report::run::{Report, RunInfo, json};
use jcpoa_sim::scenario::source::{BASELINE_TOML, ScenarioSource};
use proptest::prelude::*;

/// Replacements for a number, including the awkward ones.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "0.5",
    "1e300",
    "-1e300",
    "nan",
    "inf",
    "-inf",
    "1e-320",
    "2",
    "100000",
    "\"x\"",
    "true",
    "[]",
    "{}",
    "2021-02-30",
    "9999999999999999999999",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the value of line `line` with a replacement.
    Value(usize, usize),
    /// Delete a line.
    Delete(usize),
    /// Duplicate a line.
    Duplicate(usize),
    /// Insert raw bytes at a character position.
    Insert(usize, String),
    /// Cut the text at a position.
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..NUMBERS.len()).prop_map(|(l, n)| Mutation::Value(l, n)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), "[ -~\\n]{0,12}").prop_map(|(p, s)| Mutation::Insert(p, s)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// The byte offset of character `p` (modulo the character count) of `text`.
fn char_boundary(text: &str, p: usize) -> usize {
    text.char_indices()
        .map(|(i, _)| i)
        .nth(p % text.chars().count().max(1))
        .unwrap_or(0)
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    if n == 0 {
        // Earlier mutations deleted every line: nothing is left to change.
        return text.to_string();
    }
    match m {
        Mutation::Value(l, v) => {
            let line = &mut lines[l % n];
            if let Some((key, _)) = line.split_once('=') {
                *line = format!("{key}= {}", NUMBERS[*v]);
            }
        }
        Mutation::Delete(l) => {
            lines.remove(l % n);
        }
        Mutation::Duplicate(l) => {
            let line = lines[l % n].clone();
            lines.insert(l % n, line);
        }
        Mutation::Insert(p, s) => {
            let joined = lines.join("\n");
            let at = char_boundary(&joined, *p);
            return format!("{}{s}{}", &joined[..at], &joined[at..]);
        }
        Mutation::Truncate(p) => {
            let joined = lines.join("\n");
            let at = char_boundary(&joined, *p);
            return joined[..at].to_string();
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_never_panic(mutations in proptest::collection::vec(mutation(), 1..4)) {
        let text = mutations.iter().fold(BASELINE_TOML.to_string(), |t, m| apply(&t, m));
        let Ok(source) = ScenarioSource::from_text("mutant", &text) else { return Ok(()) };
        let Ok(scenario) = source.build() else { return Ok(()) };
        let config = RunConfig { seed: 1, first_trial: 0, trials: 3, precision: None };
        let workers = jcpoa_sim::engine::workers::Workers::one().unwrap();
        let result = engine::run(scenario.case(), &config, &workers, &Unmonitored, None).unwrap();
        let run = RunInfo { seed: 1, trials: 3, first_trial: 0, precision_target: None, precision_met: None };
        let document = json::render(&Report::new(&scenario, run, &result.summary)).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&document).unwrap();
        prop_assert_eq!(&parsed["run"]["trials"], 3);
        for outcome in parsed["outcomes"].as_array().unwrap() {
            prop_assert!(outcome["estimate"].as_f64().is_some_and(f64::is_finite));
        }
        prop_assert!(parsed["payoffs"]["iran"]["mean"].as_f64().is_some_and(f64::is_finite));
    }
}
