//! The structural keys of a scenario — every key that is not a numeric model parameter: texts,
//! switches, dates, integers, choices, the step list and the joint sample — each described once,
//! as `model/registry.rs` describes the numbers: its path, what it holds with its bounds, and what
//! it means. The schema check, the builder, `jcpoa-sim params` and the documentation all read this
//! table.

use crate::model::protocol::{Order, ProtocolKind};
use crate::model::rules::ChannelPolicy;

/// The top-level tables that hold events (`[[given]]`, `[[force]]`): appended along the
/// `extends` chain rather than overridden, and checked key by key where they are read.
pub(crate) const EVENT_TABLES: [&str; 2] = ["given", "force"];

/// Most rows a joint sample may hold.
pub(crate) const MAX_JOINT_ROWS: usize = 100_000;

/// What a structural key holds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    /// Any text.
    Text,
    /// A scenario file, relative to the file that names it.
    File,
    /// An integer within `min..=max`.
    Integer {
        /// Smallest value allowed.
        min: i64,
        /// Largest value allowed.
        max: i64,
    },
    /// A date.
    Date,
    /// `true` or `false`.
    Switch,
    /// `true` or `false`, `false` when absent (a step's flags).
    Flag,
    /// A number in [0, 1] (a step's levels).
    Share,
    /// One of a list of names: the function gives "one of …".
    Choice(fn() -> String),
    /// A list of dates.
    Dates,
    /// The `[[protocol.steps]]` tables.
    Steps,
    /// A list of numeric parameter keys.
    ParamKeys,
    /// A list of weights, one per row of a joint sample.
    Weights,
    /// A list of rows of numbers.
    Rows,
}

/// One structural key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Key {
    /// Dotted path; a step field is written `protocol.steps[].<field>`.
    pub(crate) path: &'static str,
    /// What it holds.
    pub(crate) kind: Kind,
    /// What it means, in one sentence.
    pub(crate) meaning: &'static str,
}

impl Key {
    /// The type of value, for `jcpoa-sim params`.
    pub(crate) fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Text => "text",
            Kind::File => "file",
            Kind::Integer { .. } => "integer",
            Kind::Date => "date",
            Kind::Switch | Kind::Flag => "true/false",
            Kind::Share => "share",
            Kind::Choice(_) => "choice",
            Kind::Dates => "list of dates",
            Kind::Steps => "list of tables",
            Kind::ParamKeys => "list of keys",
            Kind::Weights => "list of numbers",
            Kind::Rows => "list of rows",
        }
    }

    /// The values it allows, in words.
    pub(crate) fn allowed(&self) -> String {
        match self.kind {
            Kind::Text => "any text".to_string(),
            Kind::File => "a scenario file, relative to this one".to_string(),
            Kind::Integer { min, max } => integer_range(min, max),
            Kind::Date => "a date, e.g. 2021-06-18 (no quotes)".to_string(),
            Kind::Switch => "true or false".to_string(),
            Kind::Flag => "true or false (default false)".to_string(),
            Kind::Share => "a number in [0, 1]".to_string(),
            Kind::Choice(names) => names(),
            Kind::Dates => "dates, none before calendar.start".to_string(),
            Kind::Steps => {
                "[[protocol.steps]] tables with the fields below; targets must not decrease"
                    .to_string()
            }
            Kind::ParamKeys => {
                "numeric parameter keys, e.g. [\"hardliners.veto_strength\"]".to_string()
            }
            Kind::Weights => {
                format!("one weight ≥ 0 per row, not all 0 (at most {MAX_JOINT_ROWS} rows)")
            }
            Kind::Rows => {
                "one row per weight, one value per key, each within its key's range".to_string()
            }
        }
    }

    /// The bounds of an integer key (the whole `i64` range for any other kind, which no reader
    /// asks for).
    pub(crate) fn bounds(&self) -> (i64, i64) {
        match self.kind {
            Kind::Integer { min, max } => (min, max),
            _ => (i64::MIN, i64::MAX),
        }
    }
}

/// "MIN to MAX", naming the largest `i64` as 2^63-1.
pub(crate) fn integer_range(min: i64, max: i64) -> String {
    let largest = if max == i64::MAX { " (2^63-1)" } else { "" };
    format!("{min} to {max}{largest}")
}

/// "one of "a", "b", "c"": what a key naming one of `options` expects.
pub(crate) fn one_of<T>(options: &[(&str, T)]) -> String {
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    format!("one of {}", quoted(&names))
}

/// `names` each in double quotes, separated by commas.
pub(crate) fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    quoted.join(", ")
}

const fn key(path: &'static str, kind: Kind, meaning: &'static str) -> Key {
    Key {
        path,
        kind,
        meaning,
    }
}

const fn integer(min: i64, max: i64) -> Kind {
    Kind::Integer { min, max }
}

pub(crate) const TITLE: Key = key(
    "title",
    Kind::Text,
    "Title shown on every chart and report (default: the file name).",
);
pub(crate) const DESCRIPTION: Key = key(
    "description",
    Kind::Text,
    "What the scenario explores, in a sentence.",
);
pub(crate) const EXTENDS: Key = key(
    "extends",
    Kind::File,
    "The scenario this one starts from; only what differs need be stated (files only, not --set).",
);
pub(crate) const TRIALS: Key = key(
    "simulation.trials",
    integer(1, 1_000_000_000_000),
    "Monte Carlo trials (--trials overrides).",
);
pub(crate) const SEED: Key = key(
    "simulation.seed",
    integer(0, i64::MAX),
    "Master seed: the same seed and scenario give the same numbers, bit for bit (--seed overrides).",
);
pub(crate) const START: Key = key("calendar.start", Kind::Date, "First day of the simulation.");
pub(crate) const HORIZON_MONTHS: Key = key(
    "calendar.horizon_months",
    integer(1, 1200),
    "Calendar months simulated: the horizon is exactly the start plus this many months.",
);
pub(crate) const STEP_DAYS: Key = key(
    "calendar.step_days",
    integer(1, 366),
    "Days between recorded levels in trajectories and weekly statistics (7: weekly); the game runs in continuous time and never depends on it.",
);
pub(crate) const PROTOCOL_KIND: Key = key(
    "protocol.kind",
    Kind::Choice(|| one_of(&ProtocolKind::NAMES)),
    "Who must do what before whom: the sequencing protocol.",
);
pub(crate) const PACKAGE_NEEDS_ROADMAP: Key = key(
    "protocol.package_needs_roadmap",
    Kind::Switch,
    "For the single-package protocols: whether the sides must first agree a roadmap.",
);
pub(crate) const STEPS: Key = key(
    "protocol.steps",
    Kind::Steps,
    "The reciprocal steps of a stepwise protocol, in order.",
);
pub(crate) const CHANNEL: Key = key(
    "talks.channel",
    Kind::Choice(|| one_of(&ChannelPolicy::NAMES)),
    "How the sides talk: through the Europeans, at one table, or indirectly until Iran chooses to upgrade.",
);
pub(crate) const ROADMAP_STAGES: Key = key(
    "talks.roadmap_stages",
    integer(1, 8),
    "Stages the roadmap is agreed in; its time to agreement is Erlang with this shape.",
);
pub(crate) const VETO: Key = key(
    "hardliners.enabled",
    Kind::Switch,
    "The hardliner veto on Iran's moves.",
);
pub(crate) const ELECTION: Key = key(
    "election.enabled",
    Kind::Switch,
    "Iran's election calendar.",
);
pub(crate) const CAMPAIGN_START: Key = key(
    "election.campaign_start",
    Kind::Date,
    "Start of the campaign freeze (on or before the election).",
);
pub(crate) const ELECTION_DATE: Key = key(
    "election.date",
    Kind::Date,
    "Iran's presidential vote (within the horizon).",
);
pub(crate) const INAUGURATION: Key = key(
    "election.inauguration",
    Kind::Date,
    "The new president takes office (on or after the election).",
);
pub(crate) const IAEA: Key = key(
    "iaea.enabled",
    Kind::Switch,
    "The IAEA monitoring deadline and Board censures.",
);
pub(crate) const MONITORING_DEADLINE: Key = key(
    "iaea.monitoring_deadline",
    Kind::Date,
    "When the monitoring understanding expires unless extended (not before the start).",
);
pub(crate) const BOARD_MEETINGS: Key = key(
    "iaea.board_meetings",
    Kind::Dates,
    "IAEA Board of Governors meetings, where censures may come.",
);
pub(crate) const LINKAGE: Key = key(
    "linkage.enabled",
    Kind::Switch,
    "Tie re-entry to missiles and regional issues (a \"better deal\").",
);
pub(crate) const SHOCKS: Key = key(
    "shocks.enabled",
    Kind::Switch,
    "Exogenous incidents, of the types under [shocks.<name>].",
);
pub(crate) const SLICE_DAYS: Key = key(
    "equilibrium.slice_days",
    integer(1, 28),
    "Days per slice of the equilibrium solve's time grid (a numerical setting, not part of the model).",
);
pub(crate) const BELIEF_POINTS: Key = key(
    "equilibrium.belief_points",
    integer(4, 25),
    "Points of each belief grid of the equilibrium solve (a numerical setting).",
);
pub(crate) const CONTINUATION_MONTHS: Key = key(
    "equilibrium.continuation_months",
    integer(0, 120),
    "Months the players expect the game to go on after the horizon (the horizon ends the analysis, not the game).",
);
pub(crate) const JOINT_KEYS: Key = key(
    "joint_sample.keys",
    Kind::ParamKeys,
    "Parameters drawn together from one weighted row per trial (calibrate writes its posterior this way); they replace the keys' own values.",
);
pub(crate) const JOINT_WEIGHTS: Key = key(
    "joint_sample.weights",
    Kind::Weights,
    "Each row's weight: a trial draws a row with probability proportional to it.",
);
pub(crate) const JOINT_VALUES: Key = key(
    "joint_sample.values",
    Kind::Rows,
    "The sample's rows, in the order of `joint_sample.keys`.",
);

/// Every structural key, in the order `jcpoa-sim params` lists them.
pub(crate) static STRUCTURAL: &[Key] = &[
    TITLE,
    DESCRIPTION,
    EXTENDS,
    TRIALS,
    SEED,
    START,
    HORIZON_MONTHS,
    STEP_DAYS,
    PROTOCOL_KIND,
    PACKAGE_NEEDS_ROADMAP,
    STEPS,
    CHANNEL,
    ROADMAP_STAGES,
    VETO,
    ELECTION,
    CAMPAIGN_START,
    ELECTION_DATE,
    INAUGURATION,
    IAEA,
    MONITORING_DEADLINE,
    BOARD_MEETINGS,
    LINKAGE,
    SHOCKS,
    SLICE_DAYS,
    BELIEF_POINTS,
    CONTINUATION_MONTHS,
    JOINT_KEYS,
    JOINT_WEIGHTS,
    JOINT_VALUES,
];

pub(crate) const STEP_NAME: Key = key(
    "protocol.steps[].name",
    Kind::Text,
    "What the step is, for reports.",
);
pub(crate) const STEP_IRAN_TARGET: Key = key(
    "protocol.steps[].iran_target",
    Kind::Share,
    "Compliance level Iran reaches with its half of the step.",
);
pub(crate) const STEP_US_TARGET: Key = key(
    "protocol.steps[].us_target",
    Kind::Share,
    "Relief level the US reaches with its half of the step.",
);
pub(crate) const STEP_FIRST: Key = key(
    "protocol.steps[].first",
    Kind::Choice(|| one_of(&Order::NAMES)),
    "Who moves first in the step (\"together\": choreographed by the Europeans; \"either\": whoever concedes first).",
);
pub(crate) const STEP_NEEDS_ROADMAP: Key = key(
    "protocol.steps[].needs_roadmap",
    Kind::Flag,
    "Whether the step waits until the roadmap is agreed.",
);
pub(crate) const STEP_RESTORES_MONITORING: Key = key(
    "protocol.steps[].restores_monitoring",
    Kind::Flag,
    "Whether Iran's half of the step restores full IAEA monitoring.",
);

/// The fields of each `[[protocol.steps]]` table.
pub(crate) static STEP_FIELDS: &[Key] = &[
    STEP_NAME,
    STEP_IRAN_TARGET,
    STEP_US_TARGET,
    STEP_FIRST,
    STEP_NEEDS_ROADMAP,
    STEP_RESTORES_MONITORING,
];

impl Key {
    /// A step field's name inside its table: `iran_target` for `protocol.steps[].iran_target`.
    pub(crate) fn field(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }
}

/// Every structural key's path, in order (what files may set besides the numeric parameters).
pub fn structural_paths() -> impl Iterator<Item = &'static str> {
    STRUCTURAL.iter().map(|k| k.path)
}

/// The field names of a `[[protocol.steps]]` table.
pub fn step_fields() -> impl Iterator<Item = &'static str> {
    STEP_FIELDS.iter().map(Key::field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_step_fields_sit_under_the_step_list() {
        let mut paths: Vec<&str> = STRUCTURAL
            .iter()
            .chain(STEP_FIELDS)
            .map(|k| k.path)
            .collect();
        paths.sort_unstable();
        let before = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), before, "a key is described twice");
        for f in STEP_FIELDS {
            assert_eq!(f.path, format!("{}[].{}", STEPS.path, f.field()));
        }
        for k in STRUCTURAL.iter().chain(STEP_FIELDS) {
            assert!(
                !k.meaning.is_empty() && !k.allowed().is_empty(),
                "{}",
                k.path
            );
            if let Kind::Integer { min, max } = k.kind {
                assert!(min <= max && k.bounds() == (min, max), "{}", k.path);
            }
        }
        assert_eq!(STEP_DAYS.bounds(), (1, 366));
        assert_eq!(TITLE.bounds(), (i64::MIN, i64::MAX));
    }
}
