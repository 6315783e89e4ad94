//! The parameter tables of `jcpoa-sim params` and of `docs/model.md`: every numeric parameter of a
//! scenario with its unit, value, allowed range, meaning and evidence ([`rows`]), and every other
//! key — text, choices, switches, dates, integers and the steps — with its type, value, allowed
//! values and meaning ([`setting_rows`]), as text or Markdown. Both are generated from the schema:
//! the numeric registry and the structural-key table, so a key added to either is listed.

use crate::scenario::Scenario;
use crate::scenario::document::{Node, Value};
use crate::scenario::evidence::Catalogue;
use crate::scenario::keys::{Key, STEP_FIELDS, STEPS, STRUCTURAL};
use crate::scenario::source::ScenarioSource;

/// One row of the parameter listing: a parameter with its value in a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamRow {
    /// Dotted path.
    pub(crate) path: String,
    /// Unit label (numeric parameters) or type (other keys).
    pub(crate) unit: &'static str,
    /// The value in the scenario: a number or a distribution.
    pub(crate) value: String,
    /// Allowed values.
    pub(crate) range: String,
    /// Meaning.
    pub(crate) meaning: &'static str,
    /// Evidence ids, comma-separated.
    pub(crate) evidence: String,
}

/// Every numeric parameter of `scenario` (including each of its shock types' fields) with the
/// value it has there, in registry order.
pub fn rows(scenario: &Scenario) -> Vec<ParamRow> {
    let catalogue = Catalogue::shipped().ok();
    scenario
        .numeric_params()
        .into_iter()
        .map(|(path, target)| ParamRow {
            unit: target.unit().label(),
            value: match scenario.setup().uncertain_at(&path) {
                Some(u) => u.describe(),
                None => format!("{}", target.get(scenario.setup().base_params())),
            },
            range: target.range().interval(),
            meaning: target.meaning(),
            evidence: catalogue
                .as_ref()
                .map(|c| c.grounding(&path).join(", "))
                .unwrap_or_default(),
            path,
        })
        .collect()
}

/// Every key of a scenario that is not a numeric parameter, with the value `source` gives it:
/// the structural keys in the table's order, each step field (`protocol.steps[].<field>`, one
/// value per step) after the step list.
pub fn setting_rows(source: &ScenarioSource) -> Vec<ParamRow> {
    let steps: Vec<&Node> = match source.written(STEPS.path).map(|n| &n.value) {
        Some(Value::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    let mut rows = Vec::new();
    for key in STRUCTURAL {
        let value = match source.written(key.path) {
            _ if key.path == STEPS.path => format!("{} step(s)", steps.len()),
            Some(n) => written(n),
            None => "(not set)".to_string(),
        };
        rows.push(setting_row(key, value));
        if key.path == STEPS.path {
            for field in STEP_FIELDS {
                let values: Vec<String> = steps
                    .iter()
                    .map(|s| {
                        s.get(field.field())
                            .map_or_else(|| "-".to_string(), written)
                    })
                    .collect();
                rows.push(setting_row(field, values.join(" | ")));
            }
        }
    }
    rows
}

fn setting_row(key: &Key, value: String) -> ParamRow {
    ParamRow {
        path: key.path.to_string(),
        unit: key.type_name(),
        value,
        range: key.allowed(),
        meaning: key.meaning,
        evidence: String::new(),
    }
}

/// A value as TOML writes it.
fn written(node: &Node) -> String {
    match &node.value {
        Value::String(s) => format!("{s:?}"),
        Value::Integer(i) => i.to_string(),
        Value::HugeInteger(text, _) => text.clone(),
        Value::Float(x) => x.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(written).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Table(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{} = {}", k.name, written(v)))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
    }
}

/// The rows as a Markdown table (the parameter table of `docs/model.md`).
pub fn markdown_table(rows: &[ParamRow]) -> String {
    let mut out = String::from(
        "| Parameter | Unit | Default | Allowed | Meaning | Evidence |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            r.path,
            r.unit,
            r.value,
            r.range,
            r.meaning.replace('|', "\\|"),
            r.evidence
        ));
    }
    out
}

/// Setting rows as a Markdown table: key, type, value, allowed values and meaning.
pub fn settings_markdown(rows: &[ParamRow]) -> String {
    let mut out =
        String::from("| Key | Type | Value | Allowed | Meaning |\n|---|---|---|---|---|\n");
    for r in rows {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.path,
            r.unit,
            r.value.replace('|', "\\|"),
            r.range,
            r.meaning.replace('|', "\\|")
        ));
    }
    out
}

/// The rows as the terminal listing of `jcpoa-sim params`: each parameter on one line with its
/// value, unit (or type), allowed values and evidence, its meaning on the next.
pub fn text_table(rows: &[ParamRow]) -> String {
    let width = rows.iter().map(|r| r.path.len()).max().unwrap_or(10);
    let mut text = String::new();
    for r in rows {
        let evidence = if r.evidence.is_empty() {
            String::new()
        } else {
            format!(" [{}]", r.evidence)
        };
        let value = if r.value.chars().count() > 34 {
            let cut: String = r.value.chars().take(33).collect();
            format!("{cut}…")
        } else {
            r.value.clone()
        };
        let line = format!(
            "{:<width$}  {value:<34}  {:<12} {:<16}{evidence}",
            r.path, r.unit, r.range
        );
        text.push_str(line.trim_end());
        text.push('\n');
        if !r.meaning.is_empty() {
            text.push_str(&format!("{:<width$}  {}\n", "", r.meaning));
        }
    }
    text
}
