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
mod change;
pub mod conditions;
pub(crate) mod document;
mod duplicate_key;
pub mod error;
pub mod event;
pub mod evidence;
pub(crate) mod joint;
pub mod keys;
pub(crate) mod layers;
pub mod questions;
mod reader;
pub mod schema;
pub mod source;
mod suggest;
pub mod targets;

use std::path::PathBuf;

use crate::engine::Case;
use crate::model::calendar::Calendar;
use crate::model::conditions::Conditions;
use crate::model::protocol::Protocol;
use crate::model::rules::{Mechanisms, Rules, Schedule};
use crate::model::setup::{ParamTarget, Setup, UncertainParam};

/// Run settings stated in the scenario (the command line may override them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulationSettings {
    /// Number of Monte Carlo trials.
    pub trials: u64,
    /// Master seed of the random streams.
    pub seed: u64,
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

/// A validated scenario: the model's [`Setup`] (rules, parameters and their draws) with its
/// conditions, run settings, texts and provenance.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The text it was built from, to rebuild it with changed keys.
    pub(crate) source: source::ScenarioSource,
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) provenance: Provenance,
    pub(crate) simulation: SimulationSettings,
    pub(crate) setup: Setup,
    pub(crate) warnings: Vec<String>,
    /// Events observed and forced (`[[given]]`, `[[force]]`, `--given`, `--force`).
    pub(crate) conditions: Conditions,
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

    /// The game as the model takes it: rules, parameters and their draws.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// The scenario as the engine runs it: its setup and its conditions.
    pub fn case(&self) -> Case<'_> {
        Case {
            setup: &self.setup,
            conditions: &self.conditions,
        }
    }

    /// The rules of the game, as the model takes them.
    pub fn rules(&self) -> &Rules {
        &self.setup.rules
    }

    /// The simulation clock.
    pub fn calendar(&self) -> &Calendar {
        &self.setup.rules.calendar
    }

    /// Dated events as steps.
    pub fn schedule(&self) -> &Schedule {
        &self.setup.rules.schedule
    }

    /// Mechanism switches.
    pub(crate) fn mechanisms(&self) -> Mechanisms {
        self.setup.rules.mechanisms
    }

    /// The sequencing protocol.
    pub fn protocol(&self) -> &Protocol {
        &self.setup.rules.protocol
    }

    /// Names of the shock types, in the order their parameters are stored.
    pub(crate) fn shock_names(&self) -> &[String] {
        self.setup.shock_names()
    }

    /// The parameters given as distributions, in draw order.
    pub fn uncertain(&self) -> &[UncertainParam] {
        self.setup.uncertain()
    }

    /// Every numeric parameter with its dotted path: the registered model parameters, then each
    /// shock type's fields (`shocks.<name>.<field>`), in registry order.
    pub(crate) fn numeric_params(&self) -> Vec<(String, ParamTarget)> {
        self.setup.numeric_params()
    }

    /// The events the run is conditioned on and the events it forces.
    pub fn conditions(&self) -> &Conditions {
        &self.conditions
    }

    /// Things that are allowed but probably not intended.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}
