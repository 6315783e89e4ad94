//! A targets file for `jcpoa-sim calibrate`: what a calibration must match. `[[observed]]` tables
//! are observable events (`docs/model.md` §22) that happened or not (`event`, `happened`, an
//! optional `evidence` id and `note`); `[[target]]` tables are probabilities to match (`event`,
//! `probability`, `sd`: an expert's or a crowd's judgement with its uncertainty). Every problem
//! is reported at its file, line and key, with a suggestion, like a scenario's.

use std::path::Path;

use super::Scenario;
use super::document::{Document, Node, Value};
use super::error::{Diagnostic, ScenarioError};
use super::event::parse_condition;
use super::questions::{parse_document, read_document, unknown_keys};
use crate::input::InputKind;
use crate::model::conditions::Condition;

/// Keys of an `[[observed]]` table.
const OBSERVED_KEYS: [&str; 4] = ["event", "happened", "evidence", "note"];
/// Keys of a `[[target]]` table.
const TARGET_KEYS: [&str; 5] = ["event", "probability", "sd", "evidence", "note"];

/// An event that happened or did not.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    /// The event.
    pub event: Condition,
    /// Whether it happened.
    pub happened: bool,
}

/// A probability to match, with the standard deviation of the judgement.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The event.
    pub event: Condition,
    /// The probability the event should have.
    pub probability: f64,
    /// How far off the judgement may be (one standard deviation, > 0).
    pub sd: f64,
}

/// Everything a calibration must match.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Targets {
    /// Events that happened or not, in the file's order.
    pub observed: Vec<Observed>,
    /// Probabilities to match, in the file's order.
    pub targets: Vec<Target>,
}

impl Targets {
    /// Every event, observed ones first, in the file's order.
    pub fn events(&self) -> Vec<&Condition> {
        self.observed
            .iter()
            .map(|o| &o.event)
            .chain(self.targets.iter().map(|t| &t.event))
            .collect()
    }
}

/// Reads the targets file at `path`, parsing events against `scenario`.
pub fn load_targets(path: &Path, scenario: &Scenario) -> Result<Targets, ScenarioError> {
    targets_in(&read_document(path, InputKind::Targets)?, scenario)
}

/// The targets of the text `text`, named `label` in messages (what [`load_targets`] reads from a
/// file), parsing events against `scenario`.
pub fn parse_targets(
    label: &str,
    text: &str,
    scenario: &Scenario,
) -> Result<Targets, ScenarioError> {
    targets_in(&parse_document(label, text)?, scenario)
}

fn targets_in(doc: &Document, scenario: &Scenario) -> Result<Targets, ScenarioError> {
    let mut diags = Vec::new();
    let mut out = Targets::default();
    for (key, node) in doc.root.entries() {
        let table = key.name.as_str();
        if table != "observed" && table != "target" {
            let d = Diagnostic::new(
                doc.locate(&key.span),
                Some(table),
                "unknown key at the top level of a targets file",
            );
            diags.push(d.with_help("a targets file holds [[observed]] and [[target]] tables"));
            continue;
        }
        let Value::Array(items) = &node.value else {
            let message = format!("expected [[{table}]] tables");
            diags.push(Diagnostic::new(
                doc.locate(&node.span),
                Some(table),
                message,
            ));
            continue;
        };
        for item in items {
            let mut reader = TableReader {
                doc,
                item,
                table,
                diags: &mut diags,
            };
            // The event read, and whether an earlier table of the same kind gave it already.
            let read = if table == "observed" {
                reader.observed(scenario).map(|o| {
                    let again = out.observed.iter().any(|p| same_event(&p.event, &o.event));
                    let text = o.event.text.clone();
                    out.observed.push(o);
                    (text, again)
                })
            } else {
                reader.target(scenario).map(|t| {
                    let again = out.targets.iter().any(|p| same_event(&p.event, &t.event));
                    let text = t.event.text.clone();
                    out.targets.push(t);
                    (text, again)
                })
            };
            if let Some((text, true)) = read {
                diags.push(
                    Diagnostic::new(
                        doc.locate(&item.span),
                        Some(&format!("{table}.event")),
                        format!("the event `{text}` is in a second [[{table}]] table"),
                    )
                    .with_help("give each event once: a repeated one would count twice"),
                );
            }
        }
    }
    if out.observed.is_empty() && out.targets.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::new(doc.locate(&(0..0)), None, "the file holds no targets")
                .with_help("add [[observed]] tables (event, happened) or [[target]] tables (event, probability, sd)"),
        );
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(ScenarioError { diagnostics: diags })
    }
}

/// The smallest `sd` of a target: with it, a miss of the whole range costs 10¹² (a finite
/// discrepancy).
const MIN_SD: f64 = 1e-6;

/// Whether two conditions name the same event (however they are written).
fn same_event(a: &Condition, b: &Condition) -> bool {
    a.observable == b.observable && a.negated == b.negated
}

/// Reads one `[[observed]]` or `[[target]]` table, recording its problems.
struct TableReader<'a> {
    doc: &'a Document,
    item: &'a Node,
    table: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl TableReader<'_> {
    fn observed(&mut self, scenario: &Scenario) -> Option<Observed> {
        let before = self.start(&OBSERVED_KEYS)?;
        let event = self.event(scenario);
        let happened = match self.required("happened", "true or false")?.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.problem(
                    "happened",
                    "expected true or false",
                    "true: it happened; false: it did not",
                );
                None
            }
        };
        (self.diags.len() == before).then_some(Observed {
            event: event?,
            happened: happened?,
        })
    }

    fn target(&mut self, scenario: &Scenario) -> Option<Target> {
        let before = self.start(&TARGET_KEYS)?;
        let event = self.event(scenario);
        let probability = self.number(
            "probability",
            |p| (0.0..=1.0).contains(&p),
            "a probability in [0, 1]",
        );
        let sd = self.number(
            "sd",
            |s| (MIN_SD..=1.0).contains(&s),
            "a standard deviation from 0.000001 to 1 (a smaller one would make any miss infinitely far)",
        );
        (self.diags.len() == before).then_some(Target {
            event: event?,
            probability: probability?,
            sd: sd?,
        })
    }

    /// Checks the table's keys; the number of problems before it, or `None` if it is not a table.
    fn start(&mut self, known: &[&str]) -> Option<usize> {
        let before = self.diags.len();
        let Value::Table(entries) = &self.item.value else {
            let message = format!("expected a [[{}]] table", self.table);
            self.diags.push(Diagnostic::new(
                self.doc.locate(&self.item.span),
                Some(self.table),
                message,
            ));
            return None;
        };
        unknown_keys(self.doc, entries, self.table, known, self.diags);
        Some(before)
    }

    fn required(&mut self, key: &str, what: &str) -> Option<&Node> {
        let node = self.item.get(key);
        if node.is_none() {
            let d = Diagnostic::new(
                self.doc.locate(&self.item.span),
                Some(&format!("{}.{key}", self.table)),
                format!("a [[{}]] needs `{key}` ({what})", self.table),
            );
            self.diags.push(d);
        }
        node
    }

    fn problem(&mut self, key: &str, message: &str, help: &str) {
        let node = self.item.get(key).unwrap_or(self.item);
        let d = Diagnostic::new(
            self.doc.locate(&node.span),
            Some(&format!("{}.{key}", self.table)),
            message,
        );
        self.diags.push(d.with_help(help.to_string()));
    }

    fn event(&mut self, scenario: &Scenario) -> Option<Condition> {
        let node = self.required("event", "an observable event, e.g. election=hardliner")?;
        let Value::String(text) = &node.value else {
            self.problem(
                "event",
                "expected an event as a string",
                "write e.g. event = \"election=hardliner\"",
            );
            return None;
        };
        match parse_condition(text, scenario.rules()) {
            Ok(c) => Some(c),
            Err(e) => {
                self.problem("event", &e.message, &e.help);
                None
            }
        }
    }

    fn number(&mut self, key: &str, valid: impl Fn(f64) -> bool, what: &str) -> Option<f64> {
        let node = self.required(key, what)?;
        let x = match node.value {
            Value::Float(x) => Some(x),
            Value::Integer(i) => Some(i as f64),
            _ => None,
        };
        match x.filter(|&x| valid(x)) {
            Some(x) => Some(x),
            None => {
                self.problem(
                    key,
                    &format!("expected {what}"),
                    &format!("write e.g. {key} = 0.3"),
                );
                None
            }
        }
    }
}
