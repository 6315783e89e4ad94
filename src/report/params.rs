//! The parameter table of `jcpoa-sim params` and of `docs/model.md`: every numeric parameter of a
//! scenario with its unit, value, allowed range, meaning and evidence, as text or Markdown.

use crate::scenario::Scenario;
use crate::scenario::evidence::Catalogue;

/// One row of the parameter listing: a parameter with its value in a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamRow {
    /// Dotted path.
    pub(crate) path: String,
    /// Unit label.
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
            value: match scenario.uncertain_at(&path) {
                Some(u) => u.distribution.spec().to_string(),
                None => format!("{}", target.get(scenario.base_params())),
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

/// The rows as the terminal listing of `jcpoa-sim params`: each parameter on one line with its
/// value, unit, range and evidence, its meaning on the next.
pub fn text_table(rows: &[ParamRow]) -> String {
    let width = rows.iter().map(|r| r.path.len()).max().unwrap_or(10);
    let mut text = String::new();
    for r in rows {
        text.push_str(&format!(
            "{:<width$}  {:<34}  {:<12} {:<16} [{}]\n{:<width$}  {}\n",
            r.path, r.value, r.unit, r.range, r.evidence, "", r.meaning
        ));
    }
    text
}
