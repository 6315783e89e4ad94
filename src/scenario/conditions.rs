//! The `[[given]]` and `[[force]]` tables of a scenario: events observed (conditioning) and events
//! made to happen (intervention), read into the model's [`Conditions`]. Unlike other keys, these
//! tables are *appended* along the `extends` chain: a variant adds its events to those of the file
//! it extends, and `--given` / `--force` add theirs on top, each as a one-table layer of its own.

use super::document::{Document, Node, Value};
use super::error::Diagnostic;
use super::event::{EventError, FORCING_FORMS, OBSERVABLE_FORMS, parse_condition, parse_forcing};
use super::keys::EVENT_TABLES;
use super::layers::Layers;
use super::suggest::nearest;
use crate::model::conditions::Conditions;
use crate::model::forces::Forcing;
use crate::model::rules::Rules;

/// Keys of a `[[given]]` or `[[force]]` table.
const EVENT_KEYS: [&str; 3] = ["event", "evidence", "note"];

/// Reads every layer's `[[given]]` and `[[force]]` tables, collecting every problem.
pub(crate) fn read(
    layers: &Layers,
    rules: &Rules,
    shock_names: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Conditions {
    let (mut given, mut force) = (Vec::new(), Vec::new());
    // The winner a forced election gives, with the text that forced it.
    let mut forced_winner: Option<(bool, String)> = None;
    for doc in layers.docs() {
        for table in EVENT_TABLES {
            let Some((_, node)) = doc.root.entry(table) else {
                continue;
            };
            let Value::Array(items) = &node.value else {
                diags.push(
                    Diagnostic::new(
                        doc.locate(&node.span),
                        Some(table),
                        format!(
                            "expected [[{table}]] tables, found {}",
                            node.value.type_name()
                        ),
                    )
                    .with_help(format!(
                        "write [[{table}]] then event = \"…\" on the next line"
                    )),
                );
                continue;
            };
            for item in items {
                let Some(text) = event_text(doc, item, table, diags) else {
                    continue;
                };
                let at = |e: EventError| {
                    Diagnostic::new(
                        doc.locate(
                            &item
                                .get("event")
                                .map_or(item.span.clone(), |n| n.span.clone()),
                        ),
                        Some(&format!("{table}.event")),
                        e.message,
                    )
                    .with_help(e.help)
                };
                if table == "given" {
                    match parse_condition(text, rules) {
                        Ok(c) => given.push(c),
                        Err(e) => diags.push(at(e)),
                    }
                } else {
                    match parse_forcing(text, rules, shock_names) {
                        Ok(Forcing::Election(h)) => match &forced_winner {
                            Some((earlier, first)) if *earlier != h => diags.push(at(EventError {
                                message: format!(
                                    "`{}` contradicts `{first}`: a run can force only one winner of the vote",
                                    text.trim()
                                ),
                                help: "keep one of the two forced elections".to_string(),
                            })),
                            _ => {
                                forced_winner = Some((h, text.trim().to_string()));
                                force.push(Forcing::Election(h));
                            }
                        },
                        Ok(f) => force.push(f),
                        Err(e) => diags.push(at(e)),
                    }
                }
            }
        }
    }
    Conditions::new(given, force)
}

/// Every `[[force]]` event's text, in layer order (for reports).
pub(crate) fn forced_texts(layers: &Layers) -> Vec<String> {
    layers
        .docs()
        .iter()
        .filter_map(|doc| match doc.root.get("force").map(|n| &n.value) {
            Some(Value::Array(items)) => Some(items),
            _ => None,
        })
        .flatten()
        .filter_map(|item| match item.get("event").map(|n| &n.value) {
            Some(Value::String(s)) => Some(s.trim().to_string()),
            _ => None,
        })
        .collect()
}

/// The `event` text of one `[[given]]`/`[[force]]` table, checking its keys.
fn event_text<'d>(
    doc: &Document,
    item: &'d Node,
    table: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'d str> {
    let Value::Table(entries) = &item.value else {
        diags.push(Diagnostic::new(
            doc.locate(&item.span),
            Some(table),
            format!(
                "expected a [[{table}]] table, found {}",
                item.value.type_name()
            ),
        ));
        return None;
    };
    for (key, node) in entries {
        if !EVENT_KEYS.contains(&key.name.as_str()) {
            let d = Diagnostic::new(
                doc.locate(&key.span),
                Some(&format!("{table}.{}", key.name)),
                format!("unknown key in [[{table}]]"),
            );
            diags.push(match nearest(&key.name, EVENT_KEYS) {
                Some(n) => d.with_help(format!("did you mean `{n}`?")),
                None => d.with_help(format!("known keys here: {}", EVENT_KEYS.join(", "))),
            });
        } else if !matches!(node.value, Value::String(_)) {
            diags.push(Diagnostic::new(
                doc.locate(&node.span),
                Some(&format!("{table}.{}", key.name)),
                format!("expected a string, found {}", node.value.type_name()),
            ));
        }
    }
    match item.get("event").map(|n| &n.value) {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => None,
        None => {
            let forms = if table == "given" {
                OBSERVABLE_FORMS
            } else {
                FORCING_FORMS
            };
            diags.push(
                Diagnostic::new(
                    doc.locate(&item.span),
                    Some(&format!("{table}.event")),
                    format!("a [[{table}]] table needs an `event`"),
                )
                .with_help(format!("events: {forms}")),
            );
            None
        }
    }
}
