//! `calibrated.toml`: a scenario that `extends` the calibrated file (by a path relative to its
//! own folder), repeats the command line's `--set`, `--given` and `--force` (except `--set`s of
//! calibrated keys), and carries the kept particles as a `[joint_sample]`, so that every trial of
//! `jcpoa-sim run calibrated.toml` draws one particle by weight (`docs/model.md` §23).

use std::fmt::Write;

use crate::analysis::calibrate::State;
use crate::report::format::{TOOL_NAME, TOOL_VERSION};

/// What `calibrated.toml` is written from.
pub struct ScenarioFile<'a> {
    /// The calibrated file, relative to the folder `calibrated.toml` is written in.
    pub extends: &'a str,
    /// The calibrated scenario's title.
    pub title: &'a str,
    /// Its hash, for the header.
    pub scenario_hash: &'a str,
    /// `--set` assignments (`KEY=VALUE`), in order.
    pub overrides: &'a [String],
    /// `--given` events.
    pub given: &'a [String],
    /// `--force` events.
    pub force: &'a [String],
    /// The finished calibration.
    pub state: &'a State,
}

/// A TOML basic string (JSON's escapes are all valid TOML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.escape_default()))
}

impl ScenarioFile<'_> {
    /// The file's text.
    pub fn render(&self) -> String {
        let state = self.state;
        let keys: Vec<&str> = state.priors.iter().map(|p| p.key.as_str()).collect();
        let mut out = format!(
            "# Written by {TOOL_NAME} {TOOL_VERSION} calibrate (seed {}) from the scenario with hash\n# {}: its {} kept particles, drawn jointly, one per trial, by weight.\n#\n#   jcpoa-sim run <this file>\n\n",
            state.settings.seed,
            self.scenario_hash,
            state.population.len()
        );
        let _ = writeln!(out, "extends = {}", quoted(self.extends));
        let _ = writeln!(
            out,
            "title = {}",
            quoted(&format!("{} (calibrated)", self.title))
        );
        // A later --set of the same key wins, as on the command line; calibrated keys are drawn
        // from the sample instead.
        let mut written: Vec<(&str, &str)> = Vec::new();
        for assignment in self.overrides {
            if let Some((key, value)) = assignment.split_once('=') {
                let key = key.trim();
                if keys.contains(&key) {
                    continue;
                }
                written.retain(|(k, _)| *k != key);
                written.push((key, value.trim()));
            }
        }
        for (key, value) in written {
            let _ = writeln!(out, "{key} = {value}");
        }
        out.push_str("\n[joint_sample]\nkeys = [");
        out.push_str(
            &keys
                .iter()
                .map(|k| quoted(k))
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push_str("]\n");
        let total: f64 = state.population.iter().map(|p| p.weight).sum();
        out.push_str("weights = [\n");
        for p in &state.population {
            let _ = writeln!(out, "  {:?},", p.weight / total);
        }
        out.push_str("]\nvalues = [\n");
        for p in &state.population {
            let row: Vec<String> = p.theta.iter().map(|x| format!("{x:?}")).collect();
            let _ = writeln!(out, "  [{}],", row.join(", "));
        }
        out.push_str("]\n");
        for (table, events) in [("given", self.given), ("force", self.force)] {
            for event in events {
                let _ = write!(out, "\n[[{table}]]\nevent = {}\n", quoted(event));
            }
        }
        out
    }
}
