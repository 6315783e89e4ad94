//! A questions file for `jcpoa-sim score`: `[[question]]` tables, each an observable event
//! (`docs/model.md` §22) with an optional resolution and other forecasters' probabilities. Every
//! problem is reported at its file, line and key, with a suggestion, like a scenario's.

use std::path::Path;

use super::Scenario;
use super::document::{Document, Key, Node, SourceText, Value};
use super::error::{Diagnostic, ScenarioError};
use super::event::parse_condition;
use super::suggest::nearest;
use crate::input::{InputKind, read_text};
use crate::model::conditions::Condition;

/// Keys of a `[[question]]` table.
const QUESTION_KEYS: [&str; 5] = ["id", "text", "event", "outcome", "forecasts"];

/// One forecasting question.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Short identifier, unique in the file.
    pub id: String,
    /// The question in words.
    pub text: String,
    /// The event asked about.
    pub event: Condition,
    /// Whether it happened (`None`: unresolved).
    pub outcome: Option<bool>,
    /// Other forecasters' probabilities, by name, in the file's order.
    pub forecasts: Vec<(String, f64)>,
}

/// Reads the questions file at `path`, parsing events against `scenario`.
pub fn load_questions(path: &Path, scenario: &Scenario) -> Result<Vec<Question>, ScenarioError> {
    questions_in(&read_document(path, InputKind::Questions)?, scenario)
}

/// The questions of the text `text`, named `label` in messages (what [`load_questions`] reads
/// from a file), parsing events against `scenario`.
pub fn parse_questions(
    label: &str,
    text: &str,
    scenario: &Scenario,
) -> Result<Vec<Question>, ScenarioError> {
    questions_in(&parse_document(label, text)?, scenario)
}

fn questions_in(doc: &Document, scenario: &Scenario) -> Result<Vec<Question>, ScenarioError> {
    let mut diags = Vec::new();
    let mut out = Vec::new();
    for (key, node) in doc.root.entries() {
        if key.name != "question" {
            let d = Diagnostic::new(
                doc.locate(&key.span),
                Some(&key.name),
                "unknown key at the top level of a questions file",
            );
            diags.push(d.with_help("a questions file holds [[question]] tables"));
            continue;
        }
        let Value::Array(items) = &node.value else {
            diags.push(Diagnostic::new(
                doc.locate(&node.span),
                Some("question"),
                "expected [[question]] tables",
            ));
            continue;
        };
        for item in items {
            if let Some(q) = question(doc, item, scenario, &mut diags) {
                if out.iter().any(|o: &Question| o.id == q.id) {
                    diags.push(
                        Diagnostic::new(
                            doc.locate(
                                &item.get("id").map_or(item.span.clone(), |n| n.span.clone()),
                            ),
                            Some("question.id"),
                            format!("question id `{}` is used twice", q.id),
                        )
                        .with_help("give every question its own id"),
                    );
                } else {
                    out.push(q);
                }
            }
        }
    }
    if out.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::new(
                doc.locate(&(0..0)),
                None,
                "the file holds no [[question]] tables",
            )
            .with_help("add [[question]] tables with id, text and event"),
        );
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(ScenarioError { diagnostics: diags })
    }
}

/// The TOML document in `text`, a questions or targets file labelled `label` in diagnostics.
pub(super) fn parse_document(label: &str, text: &str) -> Result<Document, ScenarioError> {
    Ok(Document::parse(SourceText::command_line(
        label.to_string(),
        text.to_string(),
    ))?)
}

/// The TOML document at `path`, a questions or targets file (`kind`), located for diagnostics.
pub(super) fn read_document(path: &Path, kind: InputKind) -> Result<Document, ScenarioError> {
    let text = read_text(path, kind).map_err(|e| Diagnostic::unplaced(None, e.to_string()))?;
    Ok(Document::parse(SourceText::file(path, text))?)
}

/// A diagnostic, with the nearest known key as a suggestion, for each key of the `[[table]]`
/// `entries` that is not one of `known`.
pub(super) fn unknown_keys(
    doc: &Document,
    entries: &[(Key, Node)],
    table: &str,
    known: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    for (key, _) in entries {
        if !known.contains(&key.name.as_str()) {
            let d = Diagnostic::new(
                doc.locate(&key.span),
                Some(&format!("{table}.{}", key.name)),
                format!("unknown key in [[{table}]]"),
            );
            diags.push(match nearest(&key.name, known.iter().copied()) {
                Some(n) => d.with_help(format!("did you mean `{n}`?")),
                None => d.with_help(format!("known keys here: {}", known.join(", "))),
            });
        }
    }
}

fn question(
    doc: &Document,
    item: &Node,
    scenario: &Scenario,
    diags: &mut Vec<Diagnostic>,
) -> Option<Question> {
    let at = |node: &Node, key: &str, message: String| {
        Diagnostic::new(
            doc.locate(&node.span),
            Some(&format!("question.{key}")),
            message,
        )
    };
    let Value::Table(entries) = &item.value else {
        diags.push(at(item, "", "expected a [[question]] table".into()));
        return None;
    };
    let before = diags.len();
    unknown_keys(doc, entries, "question", &QUESTION_KEYS, diags);
    let string = |key: &str, diags: &mut Vec<Diagnostic>| match item.get(key) {
        Some(
            node @ Node {
                value: Value::String(s),
                ..
            },
        ) if s.trim().is_empty() => {
            diags.push(at(node, key, format!("`{key}` is empty")));
            None
        }
        Some(Node {
            value: Value::String(s),
            ..
        }) => Some(s.clone()),
        Some(node) => {
            diags.push(at(
                node,
                key,
                format!("expected a string, found {}", node.value.type_name()),
            ));
            None
        }
        None => {
            diags.push(
                Diagnostic::new(
                    doc.locate(&item.span),
                    Some(&format!("question.{key}")),
                    format!("a [[question]] needs `{key}`"),
                )
                .with_help("each question needs id, text and event"),
            );
            None
        }
    };
    let id = string("id", diags);
    let text = string("text", diags);
    let event_text = string("event", diags);
    let event = event_text.and_then(|t| {
        let node = item.get("event")?;
        parse_condition(&t, scenario.rules())
            .map_err(|e| diags.push(at(node, "event", e.message).with_help(e.help)))
            .ok()
    });
    let outcome = match item.get("outcome") {
        None => None,
        Some(Node {
            value: Value::Bool(b),
            ..
        }) => Some(*b),
        Some(node) => {
            diags.push(
                at(
                    node,
                    "outcome",
                    format!("expected true or false, found {}", node.value.type_name()),
                )
                .with_help("true: it happened; false: it did not; leave it out while unresolved"),
            );
            None
        }
    };
    let mut forecasts = Vec::new();
    if let Some(node) = item.get("forecasts") {
        for (name, value) in node.entries() {
            let p = match value.value {
                Value::Float(x) => Some(x),
                Value::Integer(i) => Some(i as f64),
                _ => None,
            };
            match p.filter(|p| (0.0..=1.0).contains(p)) {
                Some(p) => forecasts.push((name.name.clone(), p)),
                None => diags.push(
                    at(
                        value,
                        &format!("forecasts.{}", name.name),
                        "expected a probability in [0, 1]".into(),
                    )
                    .with_help("write e.g. analyst = 0.35"),
                ),
            }
        }
        if !matches!(node.value, Value::Table(_)) {
            diags.push(at(
                node,
                "forecasts",
                "expected a table of name = probability".into(),
            ));
        }
    }
    if diags.len() > before {
        return None;
    }
    Some(Question {
        id: id?,
        text: text?,
        event: event?,
        outcome,
        forecasts,
    })
}
