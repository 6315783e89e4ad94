//! Scenarios: from TOML text to a validated, typed [`Scenario`].
//!
//! Data flows one way, in one place:
//!
//! 1. [`document`] parses each file into a spanned tree;
//! 2. [`layers`] stacks the `extends` chain and `--set` overrides ([`ScenarioSource`]);
//! 3. [`schema`] rejects every unknown key, with suggestions;
//! 4. [`build`] reads each key with its expected type and range, builds the distributions, checks
//!    the dates and steps against each other, and returns a [`Scenario`] or every problem found.
//!
//! Nothing downstream ever sees raw text: the model and engine take a `&Scenario`.

mod build;
pub mod document;
pub mod error;
pub mod layers;
pub mod schema;

use std::path::{Path, PathBuf};

use rand::Rng;

pub use error::{Diagnostic, Location, ScenarioError};
pub use layers::Layers;

use crate::calendar::{Calendar, Date};
use crate::distribution::Distribution;
use crate::params::ModelParams;
use crate::protocol::Protocol;
use crate::registry::{PARAMS, ParamSpec, Range, SHOCK_FIELDS, ShockFieldSpec, Unit};

/// The shipped baseline scenario, embedded so that `params` can show the defaults from anywhere.
pub const BASELINE_TOML: &str = include_str!("../../scenarios/baseline.toml");

/// A scenario's inputs before validation: the layered documents and the name reports use.
///
/// This is the "low" form (like ripgrep's low-level arguments); [`ScenarioSource::build`] turns it
/// into the "high" form, a [`Scenario`].
#[derive(Clone, Debug)]
pub struct ScenarioSource {
    name: String,
    layers: Layers,
}

impl ScenarioSource {
    /// Reads the scenario file at `path` and everything it extends. The report name is the file
    /// stem (`scenarios/stepwise.toml` reports to `reports/stepwise/`).
    pub fn load(path: &Path) -> Result<ScenarioSource, ScenarioError> {
        let layers = Layers::load(path)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "scenario".to_string());
        Ok(ScenarioSource { name, layers })
    }

    /// A scenario from in-memory text that extends nothing (tests, fuzzing).
    pub fn from_text(name: &str, text: &str) -> Result<ScenarioSource, ScenarioError> {
        Ok(ScenarioSource {
            name: name.to_string(),
            layers: Layers::from_text(&format!("{name}.toml"), text)?,
        })
    }

    /// The source as recorded with results: its name and every layer's label and text.
    pub fn record(&self) -> RecordedSource {
        RecordedSource {
            name: self.name.clone(),
            layers: self.layers.record(),
        }
    }

    /// The source rebuilt from [`ScenarioSource::record`].
    pub fn from_recorded(recorded: &RecordedSource) -> Result<ScenarioSource, ScenarioError> {
        Ok(ScenarioSource {
            name: recorded.name.clone(),
            layers: Layers::from_recorded(&recorded.layers)?,
        })
    }

    /// Applies a `KEY=VALUE` override on top of the files, as `--set` does.
    pub fn set(&mut self, assignment: &str) -> Result<(), ScenarioError> {
        self.layers.push_assignment(assignment)
    }

    /// Validates everything and builds the typed scenario, or reports every problem found.
    pub fn build(&self) -> Result<Scenario, ScenarioError> {
        build::build(&self.name, &self.layers)
    }

    /// The report name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The layered documents.
    pub fn layers(&self) -> &Layers {
        &self.layers
    }
}

/// A scenario source as recorded with results.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordedSource {
    /// The report name.
    pub name: String,
    /// Every layer, base first.
    pub layers: Vec<layers::RecordedLayer>,
}

/// Run settings stated in the scenario (the command line may override them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulationSettings {
    /// Number of Monte Carlo trials.
    pub trials: u64,
    /// Master seed of the random streams.
    pub seed: u64,
}

/// Iran's election dates, as dates and as step indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElectionDates {
    /// Start of the campaign (progress is frozen in part from here).
    pub campaign_start: Date,
    /// The vote.
    pub election: Date,
    /// The new president takes office; the new government's stance applies from here.
    pub inauguration: Date,
    /// Step of `campaign_start`.
    pub campaign_step: usize,
    /// Step of `election`.
    pub election_step: usize,
    /// Step of `inauguration`.
    pub inauguration_step: usize,
}

/// The dated events of a scenario, converted to steps once.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// The election, if the mechanism is on.
    pub election: Option<ElectionDates>,
    /// Expiry of the IAEA monitoring understanding, if the IAEA mechanism is on.
    pub monitoring_deadline: Option<(Date, usize)>,
    /// IAEA Board meetings within the horizon, if the IAEA mechanism is on.
    pub board_meetings: Vec<(Date, usize)>,
    board_step: Vec<bool>,
}

impl Schedule {
    /// Builds the schedule, marking which steps hold a Board meeting.
    pub fn new(
        calendar: &Calendar,
        election: Option<ElectionDates>,
        monitoring_deadline: Option<(Date, usize)>,
        board_meetings: Vec<(Date, usize)>,
    ) -> Schedule {
        let mut board_step = vec![false; calendar.steps()];
        for &(_, step) in &board_meetings {
            if let Some(b) = board_step.get_mut(step) {
                *b = true;
            }
        }
        Schedule {
            election,
            monitoring_deadline,
            board_meetings,
            board_step,
        }
    }

    /// Whether the IAEA Board meets during `step`.
    pub fn is_board_step(&self, step: usize) -> bool {
        self.board_step.get(step).copied().unwrap_or(false)
    }
}

/// How the talks channel may evolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelPolicy {
    /// Indirect talks through the Europeans only.
    Indirect,
    /// Direct talks from the moment talks open.
    Direct,
    /// Indirect talks, which Iran may upgrade to direct talks when its payoffs favour it.
    IranChoice,
}

impl ChannelPolicy {
    /// Names used in scenario files.
    pub const NAMES: [(&'static str, ChannelPolicy); 3] = [
        ("indirect", ChannelPolicy::Indirect),
        ("direct", ChannelPolicy::Direct),
        ("iran_choice", ChannelPolicy::IranChoice),
    ];

    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        crate::protocol::name_in(&Self::NAMES, self)
    }
}

/// Which mechanisms are switched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mechanisms {
    /// The talks channel policy (M2).
    pub channel: ChannelPolicy,
    /// The hardliner veto (M7).
    pub veto: bool,
    /// The election calendar: campaign freeze, proximity boost, change of government (M8).
    pub election: bool,
    /// The IAEA deadline and Board censures (M9).
    pub iaea: bool,
    /// Linkage of re-entry to non-nuclear issues (M6).
    pub linkage: bool,
    /// Exogenous shocks (M10).
    pub shocks: bool,
}

/// The field of [`ModelParams`] an uncertain parameter fills.
#[derive(Clone, Copy, Debug)]
pub enum ParamTarget {
    /// A registered model parameter.
    Model(&'static ParamSpec),
    /// A field of the shock type at `index` (in [`Scenario::shock_names`] order).
    Shock {
        /// Which shock type.
        index: usize,
        /// Which field.
        field: &'static ShockFieldSpec,
    },
}

impl ParamTarget {
    /// The slot this target writes in `params`.
    pub fn slot<'p>(&self, params: &'p mut ModelParams) -> &'p mut f64 {
        match *self {
            ParamTarget::Model(spec) => (spec.field)(params),
            ParamTarget::Shock { index, field } => (field.field)(&mut params.shocks[index]),
        }
    }

    /// The value of this target in `params`.
    pub fn get(&self, params: &ModelParams) -> f64 {
        let mut copy = *params;
        *self.slot(&mut copy)
    }

    /// The values the target allows.
    pub fn range(&self) -> Range {
        match self {
            ParamTarget::Model(spec) => spec.range,
            ParamTarget::Shock { field, .. } => field.range,
        }
    }

    /// The unit of the target.
    pub fn unit(&self) -> Unit {
        match self {
            ParamTarget::Model(spec) => spec.unit,
            ParamTarget::Shock { field, .. } => field.unit,
        }
    }

    /// What the target means, in one sentence.
    pub fn meaning(&self) -> &'static str {
        match self {
            ParamTarget::Model(spec) => spec.meaning,
            ParamTarget::Shock { field, .. } => field.meaning,
        }
    }
}

/// A numeric parameter the scenario gives as a distribution.
#[derive(Clone, Debug)]
pub struct UncertainParam {
    /// Dotted path, e.g. `iran.initial_trust`.
    pub path: String,
    /// Where a draw is written.
    pub target: ParamTarget,
    /// What is drawn.
    pub distribution: Distribution,
}

/// Where a scenario came from, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// Files read, base of the `extends` chain first.
    pub files: Vec<PathBuf>,
    /// `--set` assignments applied.
    pub overrides: Vec<String>,
    /// SHA-256 of all layer texts.
    pub hash: String,
}

impl Provenance {
    /// The first 12 hex digits of the hash, how reports and the terminal show it.
    pub fn short_hash(&self) -> &str {
        &self.hash[..self.hash.len().min(12)]
    }
}

/// A validated scenario: typed, checked, distributions built.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) provenance: Provenance,
    pub(crate) simulation: SimulationSettings,
    pub(crate) calendar: Calendar,
    pub(crate) schedule: Schedule,
    pub(crate) mechanisms: Mechanisms,
    pub(crate) protocol: Protocol,
    pub(crate) shock_names: Vec<String>,
    pub(crate) base: ModelParams,
    pub(crate) uncertain: Vec<UncertainParam>,
    pub(crate) warnings: Vec<String>,
}

impl Scenario {
    /// Reads and validates the scenario file at `path`.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        ScenarioSource::load(path)?.build()
    }

    /// Report name (the file stem).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Display title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// What the scenario explores.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Files, overrides and content hash.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// Trials and seed stated in the file.
    pub fn simulation(&self) -> SimulationSettings {
        self.simulation
    }

    /// The simulation clock.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Dated events as steps.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// Mechanism switches.
    pub fn mechanisms(&self) -> Mechanisms {
        self.mechanisms
    }

    /// The sequencing protocol.
    pub fn protocol(&self) -> &Protocol {
        &self.protocol
    }

    /// Names of the shock types, in the order their parameters are stored.
    pub fn shock_names(&self) -> &[String] {
        &self.shock_names
    }

    /// Parameters with every uncertain one at its fixed value or, for distributions, unset.
    pub fn base_params(&self) -> &ModelParams {
        &self.base
    }

    /// The parameters given as distributions, in draw order.
    pub fn uncertain(&self) -> &[UncertainParam] {
        &self.uncertain
    }

    /// The parameter at `path` if the scenario gives it as a distribution.
    pub fn uncertain_at(&self, path: &str) -> Option<&UncertainParam> {
        self.uncertain.iter().find(|u| u.path == path)
    }

    /// Every numeric parameter with its dotted path: the registered model parameters, then each
    /// shock type's fields (`shocks.<name>.<field>`), in registry order.
    pub fn numeric_params(&self) -> Vec<(String, ParamTarget)> {
        let model = PARAMS
            .iter()
            .map(|spec| (spec.path.to_string(), ParamTarget::Model(spec)));
        let shocks = self
            .shock_names
            .iter()
            .enumerate()
            .flat_map(|(index, name)| {
                SHOCK_FIELDS.iter().map(move |field| {
                    (
                        format!("shocks.{name}.{}", field.key),
                        ParamTarget::Shock { index, field },
                    )
                })
            });
        model.chain(shocks).collect()
    }

    /// Things that are allowed but probably not intended.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Draws one trial's parameters: the fixed values, with each uncertain parameter drawn in
    /// order from `rng`.
    pub fn draw_params<R: Rng + ?Sized>(&self, rng: &mut R) -> ModelParams {
        let mut params = self.base;
        for u in &self.uncertain {
            *u.target.slot(&mut params) = u.distribution.sample(rng);
        }
        params
    }
}
