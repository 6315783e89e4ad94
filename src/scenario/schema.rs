//! Which keys a scenario may contain, and the check that finds every key it may not.
//!
//! A typo must never fall back silently to a default, so every key of every layer is checked
//! against the known keys before anything is read, all unknown keys are reported at once, and each
//! comes with the nearest known key as a suggestion.

use super::document::{Document, Key, Node, Value};
use super::error::Diagnostic;
use super::keys::{EVENT_TABLES, structural_paths};
use super::layers::Layers;
use super::suggest::nearest;
use crate::model::registry::{PARAMS, SHOCK_FIELDS};

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

/// The table whose sub-tables are shock types named by the scenario.
pub(crate) const SHOCKS_TABLE: &str = "shocks";

/// Every known leaf key path (structural keys and numeric parameters).
pub(crate) fn leaf_paths() -> impl Iterator<Item = &'static str> {
    structural_paths().chain(PARAMS.iter().map(|s| s.path))
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
        if is_leaf(&path) || (prefix.is_empty() && EVENT_TABLES.contains(&path.as_str())) {
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
    key: &Key,
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
}
