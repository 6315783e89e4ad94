//! A scenario's source: its layered documents and the name reports use, before validation.

use std::path::Path;

use super::document::Node;
use super::error::ScenarioError;
use super::layers::Layers;
use crate::engine::shard::RecordedScenario;

/// The shipped baseline scenario, embedded so that `params` can show the defaults from anywhere.
pub const BASELINE_TOML: &str = include_str!("../../scenarios/baseline.toml");

/// A scenario's inputs before validation: the layered documents and the name reports use.
///
/// This is the "low" form (like ripgrep's low-level arguments); [`ScenarioSource::build`] turns it
/// into the "high" form, a [`Scenario`](super::Scenario).
#[derive(Clone, Debug)]
pub struct ScenarioSource {
    /// The name reports use.
    pub(super) name: String,
    /// The documents, base first.
    pub(super) layers: Layers,
}

impl ScenarioSource {
    /// Reads the scenario file at `path` and everything it extends. The report name is the file
    /// stem (`scenarios/stepwise.toml` reports to `reports/stepwise/`).
    pub fn load(path: &Path) -> Result<ScenarioSource, ScenarioError> {
        let layers = Layers::load(path)?;
        let name = path.file_stem().map_or_else(
            || "scenario".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        Ok(ScenarioSource { name, layers })
    }

    /// A scenario from in-memory text that extends nothing (tests, fuzzing).
    pub fn from_text(name: &str, text: &str) -> Result<ScenarioSource, ScenarioError> {
        Ok(ScenarioSource {
            name: name.to_string(),
            layers: Layers::from_text(&format!("{name}.toml"), text)?,
        })
    }

    /// The shipped baseline scenario, from the embedded text (it extends nothing).
    pub fn baseline() -> Result<ScenarioSource, ScenarioError> {
        ScenarioSource::from_text("baseline", BASELINE_TOML)
    }

    /// The source as recorded with results: its name and every layer's label and text.
    pub fn record(&self) -> RecordedScenario {
        RecordedScenario {
            name: self.name.clone(),
            layers: self.layers.record(),
        }
    }

    /// The source rebuilt from [`ScenarioSource::record`].
    pub fn from_recorded(recorded: &RecordedScenario) -> Result<ScenarioSource, ScenarioError> {
        Ok(ScenarioSource {
            name: recorded.name.clone(),
            layers: Layers::from_recorded(&recorded.layers)?,
        })
    }

    /// Applies a `KEY=VALUE` override on top of the files, as `--set` does.
    pub fn set(&mut self, assignment: &str) -> Result<(), ScenarioError> {
        self.layers.push_assignment(assignment)
    }

    /// Adds an observed event, as `--given EVENT` does (checked when the scenario is built).
    pub fn given(&mut self, event: &str) -> Result<(), ScenarioError> {
        self.layers.push_event("given", event)
    }

    /// Adds a forced event, as `--force EVENT` does (checked when the scenario is built).
    pub fn force(&mut self, event: &str) -> Result<(), ScenarioError> {
        self.layers.push_event("force", event)
    }

    /// The value of the key at the dotted `path` as the topmost layer that sets it writes it.
    pub(crate) fn written(&self, path: &str) -> Option<&Node> {
        let parts: Vec<&str> = path.split('.').collect();
        self.layers.lookup(&parts).map(|found| found.node)
    }
}

/// An override assignment `path=value` as `--set` takes it, the value written so that it reads
/// back exactly: integers without a fraction (so integer keys such as `calendar.horizon_months`
/// accept them), other numbers in their shortest exact form.
pub fn assignment(path: &str, value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{path}={}", value as i64)
    } else {
        format!("{path}={value}")
    }
}
