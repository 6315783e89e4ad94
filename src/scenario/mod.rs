//! Scenarios: from TOML text to a validated, typed [`Scenario`] that owns the model's rules and
//! parameters.
//!
//! Data flows one way, in one place:
//!
//! 1. `document` parses each file into a spanned tree;
//! 2. `layers` stacks the `extends` chain and `--set` overrides, held by a
//!    [`ScenarioSource`](source::ScenarioSource);
//! 3. [`schema`] rejects every unknown key, with suggestions;
//! 4. `build` reads each section through the `reader`'s typed, located primitives, builds the
//!    distributions, checks the dates and steps against each other, and returns a [`Scenario`] or
//!    every problem found ([`error`]).
//!
//! Nothing downstream ever sees raw text: the engine takes a `&Scenario`, and the model only the
//! `Rules` and parameters it hands over. [`evidence`] reads the catalogue that grounds the
//! defaults.

mod build;
pub mod conditions;
pub(crate) mod document;
mod duplicate_key;
pub mod error;
pub mod event;
pub mod evidence;
pub(crate) mod joint;
pub(crate) mod layers;
pub mod questions;
mod reader;
pub mod schema;
pub mod source;
pub mod targets;

use std::path::PathBuf;
use std::sync::Arc;

use rand::Rng;

use crate::model::calendar::Calendar;
use crate::model::distribution::Distribution;
use crate::model::forces::Forces;
use crate::model::params::ModelParams;
use crate::model::protocol::Protocol;
use crate::model::registry::{PARAMS, ParamSpec, Range, SHOCK_FIELDS, ShockFieldSpec, Unit};
use crate::model::rules::{Mechanisms, Rules, Schedule};
use crate::stats::WeightedSample;
use joint::JointSample;

/// Run settings stated in the scenario (the command line may override them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulationSettings {
    /// Number of Monte Carlo trials.
    pub trials: u64,
    /// Master seed of the random streams.
    pub seed: u64,
}

/// The field of [`ModelParams`] an uncertain parameter fills.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ParamTarget {
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
    pub(crate) fn slot<'p>(&self, params: &'p mut ModelParams) -> &'p mut f64 {
        match *self {
            ParamTarget::Model(spec) => (spec.field)(params),
            ParamTarget::Shock { index, field } => (field.field)(&mut params.shocks[index]),
        }
    }

    /// The value of this target in `params`.
    pub(crate) fn get(&self, params: &ModelParams) -> f64 {
        let mut copy = *params;
        *self.slot(&mut copy)
    }

    /// The values the target allows.
    pub(crate) fn range(&self) -> Range {
        match self {
            ParamTarget::Model(spec) => spec.range,
            ParamTarget::Shock { field, .. } => field.range,
        }
    }

    /// The unit of the target.
    pub(crate) fn unit(&self) -> Unit {
        match self {
            ParamTarget::Model(spec) => spec.unit,
            ParamTarget::Shock { field, .. } => field.unit,
        }
    }

    /// What the target means, in one sentence.
    pub(crate) fn meaning(&self) -> &'static str {
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
    pub(crate) path: String,
    /// Where a draw is written.
    pub(crate) target: ParamTarget,
    /// How it is drawn.
    pub(crate) draw: Draw,
}

/// How an uncertain parameter is drawn in each trial.
#[derive(Clone, Debug)]
pub(crate) enum Draw {
    /// From its own distribution, independently of every other parameter.
    Own(Distribution),
    /// From column `column` of the scenario's `[joint_sample]`: every such parameter takes its
    /// value from the same row, drawn once per trial, so their correlations are kept.
    Joint {
        /// The column of the sample.
        column: usize,
        /// The sample's rows, shared by its parameters.
        sample: Arc<JointSample>,
        /// The column's weighted values, for the players' planning values and veto nodes.
        marginal: WeightedSample,
    },
}

impl UncertainParam {
    /// The mean of a draw: what players who know only its distribution expect of it.
    pub(crate) fn mean(&self) -> f64 {
        match &self.draw {
            Draw::Own(d) => d.mean(),
            Draw::Joint { marginal, .. } => marginal.mean(),
        }
    }

    /// The value below which a share `p` of draws fall.
    pub(crate) fn quantile(&self, p: f64) -> f64 {
        match &self.draw {
            Draw::Own(d) => d.quantile(p),
            Draw::Joint { marginal, .. } => marginal.quantile(p),
        }
    }

    /// The smallest and largest values a draw can take.
    pub(crate) fn bounds(&self) -> (f64, f64) {
        match &self.draw {
            Draw::Own(d) => d.bounds(),
            Draw::Joint { marginal, .. } => marginal.bounds(),
        }
    }

    /// The distribution in words, for reports.
    pub(crate) fn describe(&self) -> String {
        match &self.draw {
            Draw::Own(d) => d.spec().to_string(),
            Draw::Joint {
                column, marginal, ..
            } => format!(
                "column {} of the joint sample (weighted mean {:.4}, sd {:.4})",
                column + 1,
                marginal.mean(),
                marginal.sd()
            ),
        }
    }
}

/// Every numeric parameter of a scenario with shock types `shock_names`, with its dotted path:
/// the registered model parameters, then each shock type's fields (`shocks.<name>.<field>`).
pub(crate) fn numeric_params(shock_names: &[String]) -> Vec<(String, ParamTarget)> {
    let model = PARAMS
        .iter()
        .map(|spec| (spec.path.to_string(), ParamTarget::Model(spec)));
    let shocks = shock_names.iter().enumerate().flat_map(|(index, name)| {
        SHOCK_FIELDS.iter().map(move |field| {
            (
                format!("shocks.{name}.{}", field.key),
                ParamTarget::Shock { index, field },
            )
        })
    });
    model.chain(shocks).collect()
}

/// Where a scenario came from, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// Files read, base of the `extends` chain first.
    pub(crate) files: Vec<PathBuf>,
    /// `--set` assignments applied.
    pub(crate) overrides: Vec<String>,
    /// SHA-256 of all layer texts.
    pub hash: String,
    /// `--given EVENT` and `--force EVENT` flags, as given (the value quoted for a shell).
    pub(crate) event_flags: Vec<String>,
    /// Every forced event as written, from the files and the command line.
    pub(crate) forced: Vec<String>,
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
    pub(crate) rules: Rules,
    pub(crate) shock_names: Vec<String>,
    pub(crate) base: ModelParams,
    pub(crate) uncertain: Vec<UncertainParam>,
    pub(crate) warnings: Vec<String>,
    /// Events observed and forced (`[[given]]`, `[[force]]`, `--given`, `--force`).
    pub(crate) conditions: conditions::Conditions,
    /// `conditions.force` as the model takes it.
    pub(crate) forces: Forces,
}

impl Scenario {
    /// Report name (the file stem).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Display title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// What the scenario explores.
    pub(crate) fn description(&self) -> &str {
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

    /// The rules of the game, as the model takes them.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The simulation clock.
    pub fn calendar(&self) -> &Calendar {
        &self.rules.calendar
    }

    /// Dated events as steps.
    pub fn schedule(&self) -> &Schedule {
        &self.rules.schedule
    }

    /// Mechanism switches.
    pub(crate) fn mechanisms(&self) -> Mechanisms {
        self.rules.mechanisms
    }

    /// The sequencing protocol.
    pub fn protocol(&self) -> &Protocol {
        &self.rules.protocol
    }

    /// Names of the shock types, in the order their parameters are stored.
    pub(crate) fn shock_names(&self) -> &[String] {
        &self.shock_names
    }

    /// Parameters with every uncertain one at its fixed value or, for distributions, unset.
    pub(crate) fn base_params(&self) -> &ModelParams {
        &self.base
    }

    /// The parameters given as distributions, in draw order.
    pub fn uncertain(&self) -> &[UncertainParam] {
        &self.uncertain
    }

    /// The parameter at `path` if the scenario gives it as a distribution.
    pub(crate) fn uncertain_at(&self, path: &str) -> Option<&UncertainParam> {
        self.uncertain.iter().find(|u| u.path == path)
    }

    /// Every numeric parameter with its dotted path: the registered model parameters, then each
    /// shock type's fields (`shocks.<name>.<field>`), in registry order.
    pub(crate) fn numeric_params(&self) -> Vec<(String, ParamTarget)> {
        numeric_params(&self.shock_names)
    }

    /// The values the players plan with (`docs/model.md` §3): every fixed value, and each
    /// uncertain parameter at its mean. Expected utility is linear in a payoff the player cannot
    /// observe, so for payoffs the mean is the exact expectation; for rates it is the stated
    /// certainty equivalent. The priors (`initial_trust`) are read from each trial's draw and the
    /// hardliners' strength from [`Scenario::veto_nodes`], so their means here are never used.
    pub(crate) fn plan_params(&self) -> ModelParams {
        let mut params = self.base;
        for u in &self.uncertain {
            *u.target.slot(&mut params) = u.mean();
        }
        params
    }

    /// The hardliners' possible veto strengths with their weights: the three midpoint quantiles
    /// (1/6, 1/2, 5/6) of an uncertain `hardliners.veto_strength`, weight 1/3 each, or its fixed
    /// value with weight 1. The solve computes the hardliners' strategy at each; a trial
    /// interpolates at its drawn strength.
    pub(crate) fn veto_nodes(&self) -> Vec<(f64, f64)> {
        match self.uncertain_at("hardliners.veto_strength") {
            Some(u) => [1.0 / 6.0, 0.5, 5.0 / 6.0]
                .iter()
                .map(|&q| (u.quantile(q), 1.0 / 3.0))
                .collect(),
            None => vec![(self.base.hardliners.veto_strength, 1.0)],
        }
    }

    /// The events the run is conditioned on and the events it forces.
    pub fn conditions(&self) -> &conditions::Conditions {
        &self.conditions
    }

    /// The forced events as the model takes them.
    pub fn forces(&self) -> &Forces {
        &self.forces
    }

    /// Things that are allowed but probably not intended.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Draws one trial's parameters: the fixed values, with each uncertain parameter drawn in
    /// order from `rng`; the parameters of a `[joint_sample]` all take the row drawn (once) when
    /// the first of them comes.
    pub fn draw_params<R: Rng + ?Sized>(&self, rng: &mut R) -> ModelParams {
        let mut params = self.base;
        let mut row: Option<&[f64]> = None;
        for u in &self.uncertain {
            *u.target.slot(&mut params) = match &u.draw {
                Draw::Own(d) => d.sample(rng),
                Draw::Joint { column, sample, .. } => {
                    row.get_or_insert_with(|| sample.draw_row(rng))[*column]
                }
            };
        }
        params
    }
}
