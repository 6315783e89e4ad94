//! Which keys a scenario may contain, and the check that finds every key it may not.
//!
//! A typo must never fall back silently to a default, so every key of every layer is checked
//! against the known keys before anything is read, all unknown keys are reported at once, and each
//! comes with the nearest known key as a suggestion.

use super::document::{Document, Node, Value};
use super::error::Diagnostic;
use super::layers::Layers;
use super::reader::one_of;
use crate::model::protocol::{Order, ProtocolKind};
use crate::model::registry::{PARAMS, SHOCK_FIELDS};
use crate::model::rules::ChannelPolicy;

/// Keys that are not numeric model parameters: text, switches, dates, integers and the step list.
pub const STRUCTURAL_KEYS: &[&str] = &[
    "title",
    "description",
    "extends",
    "simulation.trials",
    "simulation.seed",
    "calendar.start",
    "calendar.horizon_months",
    "calendar.step_days",
    "protocol.kind",
    "protocol.package_needs_roadmap",
    "protocol.steps",
    "talks.channel",
    "talks.roadmap_stages",
    "hardliners.enabled",
    "election.enabled",
    "election.campaign_start",
    "election.date",
    "election.inauguration",
    "iaea.enabled",
    "iaea.monitoring_deadline",
    "iaea.board_meetings",
    "linkage.enabled",
    "shocks.enabled",
    "equilibrium.slice_days",
    "equilibrium.belief_points",
    "equilibrium.continuation_months",
    "joint_sample.keys",
    "joint_sample.weights",
    "joint_sample.values",
];

/// Keys of earlier versions that the strategic game (0.2) replaced, with what to do instead. A
/// file that still sets one is told so, rather than that the key is unknown.
pub const REMOVED_KEYS: &[(&str, &str)] = &[
    (
        "trust",
        "trust is now each side's Bayesian belief about the other's type, moved by what it observes; its prior is `iran.initial_trust` / `us.initial_trust`",
    ),
    (
        "iran.planning_horizon_months",
        "choices now weigh the continuation values of the whole game (no planning horizon)",
    ),
    (
        "us.planning_horizon_months",
        "choices now weigh the continuation values of the whole game (no planning horizon)",
    ),
    (
        "initial.tension",
        "tension is no longer a state: a shock's or censure's `tension` is a spike compared with the collapse threshold",
    ),
    (
        "hardliners.initial_strength",
        "the veto is now the hardliners' own logit choice; set `hardliners.veto_strength`, `win_value`, `relief_value`, `concession_cost` and `blocking_cost`",
    ),
    (
        "hardliners.election_proximity_boost",
        "the hardliners' incentive before the vote comes from `hardliners.win_value` and `election.relief_effect`",
    ),
    (
        "hardliners.proximity_window_weeks",
        "the hardliners' incentive before the vote comes from `hardliners.win_value` and `election.relief_effect`",
    ),
    (
        "hardliners.override_backlash",
        "an override no longer changes the hardliners' strength",
    ),
    (
        "hardliners.block_weeks",
        "a veto blocks the move it is cast on; the government may try again at its next opportunity",
    ),
    (
        "hardliners.recovery_half_life_weeks",
        "the hardliners' strength is the trial's drawn `hardliners.veto_strength` throughout",
    ),
    (
        "hardliners.relief_erosion",
        "relief before the vote now moves the election odds through `election.relief_effect`",
    ),
    (
        "election.strength_effect",
        "the vote's stakes for the hardliners are `hardliners.win_value`",
    ),
    (
        "election.hardliner_government.trust_factor",
        "beliefs are Bayesian; a hardliner government changes the veto (`veto_factor`) and the cost of concessions (`concession_factor`)",
    ),
    (
        "election.moderate_government.strength_change",
        "the hardliners' strength is the trial's drawn `hardliners.veto_strength` throughout",
    ),
    (
        "escalation.tension_half_life_weeks",
        "tension is no longer a state: a shock's or censure's `tension` is a spike compared with the collapse threshold",
    ),
    (
        "iran_trust_loss",
        "shocks no longer move beliefs directly; beliefs move by Bayes' rule on what each side observes",
    ),
    (
        "us_trust_loss",
        "shocks no longer move beliefs directly; beliefs move by Bayes' rule on what each side observes",
    ),
    (
        "hardliner_change",
        "the hardliners' strength is the trial's drawn `hardliners.veto_strength` throughout",
    ),
];

/// Why a key of an earlier version is gone, if `path` is one (or lies in a removed table). Shock
/// fields are matched by their last segment.
pub(crate) fn removed(path: &str) -> Option<&'static str> {
    let last = path.rsplit('.').next().unwrap_or(path);
    REMOVED_KEYS.iter().find_map(|(key, why)| {
        let hit = path == *key
            || path
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with('.'))
            || (!key.contains('.') && path.starts_with("shocks.") && last == *key);
        hit.then_some(*why)
    })
}

/// Keys of each `[[protocol.steps]]` table.
pub const STEP_KEYS: &[&str] = &[
    "name",
    "iran_target",
    "us_target",
    "first",
    "needs_roadmap",
    "restores_monitoring",
];

/// What a key that is not a numeric parameter holds, for `jcpoa-sim params`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyDoc {
    /// Its type: text, integer, date, true/false, choice…
    pub(crate) kind: &'static str,
    /// The values it allows.
    pub(crate) allowed: String,
    /// What it means, in one sentence.
    pub(crate) meaning: &'static str,
}

/// The documentation of the structural key at `path`, or of a step field written
/// `protocol.steps[].<field>`. `None` for a key not described here: `params` then infers its type
/// from its value, so a key added to [`STRUCTURAL_KEYS`] is listed all the same.
pub(crate) fn key_doc(path: &str) -> Option<KeyDoc> {
    let integer = |min: i64, max: i64| {
        format!(
            "{min} to {max}{}",
            if max == i64::MAX { " (2^63-1)" } else { "" }
        )
    };
    let text = || "any text".to_string();
    let switch = || "true or false".to_string();
    let date = || "a date, e.g. 2021-06-18 (no quotes)".to_string();
    let (kind, allowed, meaning) = match path {
        "title" => (
            "text",
            text(),
            "Title shown on every chart and report (default: the file name).",
        ),
        "description" => ("text", text(), "What the scenario explores, in a sentence."),
        "extends" => (
            "file",
            "a scenario file, relative to this one".to_string(),
            "The scenario this one starts from; only what differs need be stated (files only, not --set).",
        ),
        "simulation.trials" => (
            "integer",
            integer(1, super::build::MAX_TRIALS),
            "Monte Carlo trials (--trials overrides).",
        ),
        "simulation.seed" => (
            "integer",
            integer(0, i64::MAX),
            "Master seed: the same seed and scenario give the same numbers, bit for bit (--seed overrides).",
        ),
        "calendar.start" => ("date", date(), "First day of the simulation."),
        "calendar.horizon_months" => (
            "integer",
            integer(1, super::build::MAX_HORIZON_MONTHS),
            "Calendar months simulated: the horizon is exactly the start plus this many months.",
        ),
        "calendar.step_days" => (
            "integer",
            integer(1, super::build::MAX_STEP_DAYS),
            "Days between recorded levels in trajectories and weekly statistics (7: weekly); the game runs in continuous time and never depends on it.",
        ),
        "protocol.kind" => (
            "choice",
            one_of(&ProtocolKind::NAMES),
            "Who must do what before whom: the sequencing protocol.",
        ),
        "protocol.package_needs_roadmap" => (
            "true/false",
            switch(),
            "For the single-package protocols: whether the sides must first agree a roadmap.",
        ),
        "protocol.steps" => (
            "list of tables",
            "[[protocol.steps]] tables with the fields below; targets must not decrease"
                .to_string(),
            "The reciprocal steps of a stepwise protocol, in order.",
        ),
        "protocol.steps[].name" => ("text", text(), "What the step is, for reports."),
        "protocol.steps[].iran_target" => (
            "share",
            "a number in [0, 1]".to_string(),
            "Compliance level Iran reaches with its half of the step.",
        ),
        "protocol.steps[].us_target" => (
            "share",
            "a number in [0, 1]".to_string(),
            "Relief level the US reaches with its half of the step.",
        ),
        "protocol.steps[].first" => (
            "choice",
            one_of(&Order::NAMES),
            "Who moves first in the step (\"together\": choreographed by the Europeans; \"either\": whoever concedes first).",
        ),
        "protocol.steps[].needs_roadmap" => (
            "true/false",
            "true or false (default false)".to_string(),
            "Whether the step waits until the roadmap is agreed.",
        ),
        "protocol.steps[].restores_monitoring" => (
            "true/false",
            "true or false (default false)".to_string(),
            "Whether Iran's half of the step restores full IAEA monitoring.",
        ),
        "talks.channel" => (
            "choice",
            one_of(&ChannelPolicy::NAMES),
            "How the sides talk: through the Europeans, at one table, or indirectly until Iran chooses to upgrade.",
        ),
        "talks.roadmap_stages" => (
            "integer",
            integer(1, i64::from(super::build::MAX_ROADMAP_STAGES)),
            "Stages the roadmap is agreed in; its time to agreement is Erlang with this shape.",
        ),
        "hardliners.enabled" => (
            "true/false",
            switch(),
            "The hardliner veto on Iran's moves.",
        ),
        "election.enabled" => ("true/false", switch(), "Iran's election calendar."),
        "election.campaign_start" => (
            "date",
            date(),
            "Start of the campaign freeze (on or before the election).",
        ),
        "election.date" => (
            "date",
            date(),
            "Iran's presidential vote (within the horizon).",
        ),
        "election.inauguration" => (
            "date",
            date(),
            "The new president takes office (on or after the election).",
        ),
        "iaea.enabled" => (
            "true/false",
            switch(),
            "The IAEA monitoring deadline and Board censures.",
        ),
        "iaea.monitoring_deadline" => (
            "date",
            date(),
            "When the monitoring understanding expires unless extended (not before the start).",
        ),
        "iaea.board_meetings" => (
            "list of dates",
            "dates, none before calendar.start".to_string(),
            "IAEA Board of Governors meetings, where censures may come.",
        ),
        "linkage.enabled" => (
            "true/false",
            switch(),
            "Tie re-entry to missiles and regional issues (a \"better deal\").",
        ),
        "shocks.enabled" => (
            "true/false",
            switch(),
            "Exogenous incidents, of the types under [shocks.<name>].",
        ),
        "equilibrium.slice_days" => (
            "integer",
            integer(super::build::SLICE_DAYS.0, super::build::SLICE_DAYS.1),
            "Days per slice of the equilibrium solve's time grid (a numerical setting, not part of the model).",
        ),
        "equilibrium.belief_points" => (
            "integer",
            integer(super::build::BELIEF_POINTS.0, super::build::BELIEF_POINTS.1),
            "Points of each belief grid of the equilibrium solve (a numerical setting).",
        ),
        "equilibrium.continuation_months" => (
            "integer",
            integer(
                super::build::CONTINUATION_MONTHS.0,
                super::build::CONTINUATION_MONTHS.1,
            ),
            "Months the players expect the game to go on after the horizon (the horizon ends the analysis, not the game).",
        ),
        "joint_sample.keys" => (
            "list of keys",
            "numeric parameter keys, e.g. [\"hardliners.veto_strength\"]".to_string(),
            "Parameters drawn together from one weighted row per trial (calibrate writes its posterior this way); they replace the keys' own values.",
        ),
        "joint_sample.weights" => (
            "list of numbers",
            format!(
                "one weight ≥ 0 per row, not all 0 (at most {} rows)",
                super::joint::MAX_ROWS
            ),
            "Each row's weight: a trial draws a row with probability proportional to it.",
        ),
        "joint_sample.values" => (
            "list of rows",
            "one row per weight, one value per key, each within its key's range".to_string(),
            "The sample's rows, in the order of `joint_sample.keys`.",
        ),
        _ => return None,
    };
    Some(KeyDoc {
        kind,
        allowed,
        meaning,
    })
}

/// The table whose sub-tables are shock types named by the scenario.
pub(crate) const SHOCKS_TABLE: &str = "shocks";

/// Every known leaf key path (structural keys and numeric parameters).
pub(crate) fn leaf_paths() -> impl Iterator<Item = &'static str> {
    STRUCTURAL_KEYS
        .iter()
        .copied()
        .chain(PARAMS.iter().map(|s| s.path))
}

fn is_leaf(path: &str) -> bool {
    leaf_paths().any(|p| p == path)
}

fn is_table(path: &str) -> bool {
    path == SHOCKS_TABLE
        || leaf_paths().any(|p| {
            p.len() > path.len() && p.starts_with(path) && p.as_bytes()[path.len()] == b'.'
        })
}

/// The known keys directly inside the table at `prefix` ("" for the top level).
pub(crate) fn children_of(prefix: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = leaf_paths()
        .filter_map(|p| {
            let rest = if prefix.is_empty() {
                p
            } else {
                p.strip_prefix(prefix)?.strip_prefix('.')?
            };
            Some(rest.split('.').next().unwrap_or(rest))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The candidate among `candidates` nearest to `name`, if any is near enough to be a likely typo.
pub(crate) fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Every unknown key in every layer, with suggestions.
pub(crate) fn unknown_keys(layers: &Layers) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in layers.docs() {
        let mut found = Vec::new();
        walk(doc, &doc.root, "", &mut found);
        found.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
        out.extend(found);
    }
    out
}

fn walk(doc: &Document, table: &Node, prefix: &str, out: &mut Vec<Diagnostic>) {
    for (key, node) in table.entries() {
        let path = if prefix.is_empty() {
            key.name.clone()
        } else {
            format!("{prefix}.{}", key.name)
        };
        if is_leaf(&path)
            || (prefix.is_empty() && super::conditions::EVENT_TABLES.contains(&path.as_str()))
        {
            // Event tables are checked, key by key, where they are read (`conditions`).
            continue;
        }
        if removed(&path).is_some() && !is_table(&path) && !is_leaf(&path) && prefix != SHOCKS_TABLE
        {
            out.push(unknown(doc, key, &path, prefix, &children_of(prefix)));
            continue;
        }
        if prefix == SHOCKS_TABLE {
            walk_shock(doc, node, &path, out);
            continue;
        }
        if is_table(&path) {
            if matches!(node.value, Value::Table(_)) {
                walk(doc, node, &path, out);
            } else {
                out.push(Diagnostic::new(
                    doc.locate(&node.span),
                    Some(&path),
                    format!("expected a table, found {}", node.value.type_name()),
                ));
            }
            continue;
        }
        out.push(unknown(doc, key, &path, prefix, &children_of(prefix)));
    }
}

fn walk_shock(doc: &Document, node: &Node, path: &str, out: &mut Vec<Diagnostic>) {
    let Value::Table(entries) = &node.value else {
        out.push(Diagnostic::new(
            doc.locate(&node.span),
            Some(path),
            format!(
                "expected a table describing a shock type (with `rate_per_year` and its effects), found {}",
                node.value.type_name()
            ),
        ));
        return;
    };
    let fields: Vec<&str> = SHOCK_FIELDS.iter().map(|f| f.key).collect();
    for (key, _) in entries {
        if !fields.contains(&key.name.as_str()) {
            let full = format!("{path}.{}", key.name);
            out.push(unknown(doc, key, &full, path, &fields));
        }
    }
}

/// The diagnostic for an unknown key, suggesting the nearest sibling or, failing that, the same
/// key name elsewhere in the schema (a key put in the wrong table).
pub(crate) fn unknown(
    doc: &Document,
    key: &super::document::Key,
    path: &str,
    prefix: &str,
    siblings: &[&str],
) -> Diagnostic {
    let place = if prefix.is_empty() {
        "at the top level".to_string()
    } else {
        format!("in [{prefix}]")
    };
    if let Some(why) = removed(path) {
        return Diagnostic::new(
            doc.locate(&key.span),
            Some(path),
            "this key was removed when the model became a strategic game (jcpoa-sim 0.2)",
        )
        .with_help(format!("{why}; see docs/model.md"));
    }
    let d = Diagnostic::new(
        doc.locate(&key.span),
        Some(path),
        format!("unknown key {place}"),
    );
    if let Some(near) = nearest(&key.name, siblings.iter().copied()) {
        let full = if prefix.is_empty() {
            near.to_string()
        } else {
            format!("{prefix}.{near}")
        };
        return d.with_help(format!("did you mean `{full}`?"));
    }
    let elsewhere: Vec<&str> = leaf_paths()
        .filter(|p| p.rsplit('.').next() == Some(key.name.as_str()))
        .collect();
    if let Some(p) = elsewhere.first() {
        return d.with_help(format!("did you mean `{p}`?"));
    }
    if siblings.is_empty() {
        d
    } else {
        d.with_help(format!("known keys here: {}", siblings.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_of_top_and_nested() {
        let top = children_of("");
        assert!(top.contains(&"iran") && top.contains(&"title") && top.contains(&"election"));
        let gov = children_of("election.hardliner_government");
        assert_eq!(gov, vec!["concession_factor", "veto_factor"]);
    }

    #[test]
    fn finds_every_unknown_key_with_suggestions() {
        let layers = Layers::from_text(
            "x.toml",
            "titel = 'x'\n[iran]\ndeal_valu = 3\n[hardliners]\nveto_strenght = 0.1\n[shocks.riot]\nrate = 2\n[us]\nveto_strength = 1\n",
        )
        .unwrap();
        let d = unknown_keys(&layers);
        let keys: Vec<_> = d.iter().map(|d| d.key.clone().unwrap()).collect();
        assert_eq!(
            keys,
            vec![
                "titel",
                "iran.deal_valu",
                "hardliners.veto_strenght",
                "shocks.riot.rate",
                "us.veto_strength"
            ]
        );
        let helps: Vec<_> = d
            .iter()
            .map(|d| d.help.clone().unwrap_or_default())
            .collect();
        assert!(helps[0].contains("`title`"));
        assert!(helps[1].contains("`iran.deal_value`"));
        assert!(helps[2].contains("`hardliners.veto_strength`"));
        assert!(helps[3].contains("rate_per_year"));
        assert!(helps[4].contains("`hardliners.veto_strength`"));
        assert_eq!(d[1].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn nearest_rejects_far_names() {
        assert_eq!(
            nearest("stepwize", ["stepwise", "us_first"]),
            Some("stepwise")
        );
        assert_eq!(nearest("banana", ["stepwise", "us_first"]), None);
    }
}
