//! `[joint_sample]`: several parameters drawn together, one weighted row per trial, so that their
//! correlations are kept (`docs/model.md` §23). `jcpoa-sim calibrate` writes its posterior this
//! way into `calibrated.toml`:
//!
//! ```toml
//! [joint_sample]
//! keys = ["hardliners.veto_strength", "talks.indirect_progress_per_week"]
//! weights = [0.012, 0.009]            # one per row, >= 0, not all zero
//! values = [[0.71, 0.044], [0.66, 0.047]]
//! ```
//!
//! Each key becomes an uncertain parameter whose draws all come from the same row; the players plan
//! with each column's weighted mean and the hardliners' veto nodes are its weighted quantiles, as
//! for any uncertain parameter.
//!
//! Layering (`docs/model.md` §15): the sample is one table, replaced as a whole — the topmost
//! file that sets any of `keys`, `weights` and `values` (the command line's `--set`s counting as
//! one file above all) must set all three. It then stands like any value there: it replaces what
//! lower files give its keys, and a higher one (a file that extends it, a `--set`, a sweep point)
//! that sets one of its keys replaces that key's column, the other columns still drawn together.

use std::sync::Arc;

use super::document::{Node, Value};
use super::error::Diagnostic;
use super::layers::Found;
use super::reader::Reader;
use crate::model::setup::{
    Draw, FIXED_ONLY, JointSample, ParamTarget, UncertainParam, numeric_params,
};
use crate::stats::WeightedSample;

/// Most rows a joint sample may hold.
pub(crate) const MAX_ROWS: usize = 100_000;

impl Reader<'_> {
    /// Reads `[joint_sample]`, if any layer has it, and makes each of its keys an uncertain
    /// parameter drawn from it (appended to `uncertain`, replacing the key's own distribution).
    /// `false` if it is invalid (the problems are recorded).
    pub(super) fn joint_sample(
        &mut self,
        shock_names: &[String],
        uncertain: &mut Vec<UncertainParam>,
    ) -> bool {
        // Where a value was set: its file, or the command line (every `--set` together).
        let source = |f: &Found<'_>| f.doc.source.path.as_ref().map_or(usize::MAX, |_| f.layer);
        let found = ["keys", "weights", "values"].map(|k| self.find(&format!("joint_sample.{k}")));
        let Some(top) = found.iter().flatten().max_by_key(|f| source(f)).copied() else {
            return true;
        };
        let layer = source(&top);
        let [Some(keys), Some(weights), Some(values)] =
            found.map(|f| f.filter(|f| source(f) == layer))
        else {
            let doc = top.doc;
            self.diags.push(
                Diagnostic::new(
                    doc.locate(&(0..0)),
                    Some("joint_sample"),
                    "sets only part of the [joint_sample] table: a joint sample is replaced as a whole, so the layer that sets any of `keys`, `weights` and `values` must set all three",
                )
                .with_help("give all three here, or none (to keep the sample of the file this one extends)"),
            );
            return false;
        };
        let targets = self.sample_keys(keys.doc, keys.node, shock_names);
        let weights = self.sample_weights(weights.doc, weights.node);
        let (Some(targets), Some(weights)) = (targets, weights) else {
            return false;
        };
        let Some(rows) = self.sample_rows(values.doc, values.node, &targets, weights.len()) else {
            return false;
        };
        let sample = Arc::new(JointSample::new(rows, &weights));
        // A key a higher layer sets keeps that value; the sample replaces the others'.
        let overridden = |path: &str| self.find(path).is_some_and(|f| source(&f) > layer);
        let drawn: Vec<(usize, (String, ParamTarget))> = targets
            .into_iter()
            .enumerate()
            .filter(|(_, (path, _))| !overridden(path))
            .collect();
        uncertain.retain(|u| !drawn.iter().any(|(_, (path, _))| *path == u.path));
        for (column, (path, target)) in drawn {
            uncertain.push(UncertainParam {
                path,
                target,
                draw: Draw::Joint {
                    column,
                    marginal: WeightedSample::new(&sample.column(column), &weights),
                    sample: Arc::clone(&sample),
                },
            });
        }
        true
    }

    /// `joint_sample.keys`: distinct numeric parameters that may be uncertain.
    fn sample_keys(
        &mut self,
        doc: &super::document::Document,
        node: &Node,
        shock_names: &[String],
    ) -> Option<Vec<(String, ParamTarget)>> {
        const PATH: &str = "joint_sample.keys";
        let Value::Array(items) = &node.value else {
            self.at(
                doc,
                node,
                PATH,
                "expected an array of parameter keys".into(),
            );
            return None;
        };
        let known = numeric_params(shock_names);
        let mut out: Vec<(String, ParamTarget)> = Vec::new();
        let mut ok = !items.is_empty();
        if items.is_empty() {
            self.at(doc, node, PATH, "names no parameter".into());
        }
        for item in items {
            let Value::String(key) = &item.value else {
                self.at(
                    doc,
                    item,
                    PATH,
                    "expected a parameter key (a string)".into(),
                );
                ok = false;
                continue;
            };
            match known.iter().find(|(path, _)| path == key) {
                None => {
                    self.at(
                        doc,
                        item,
                        PATH,
                        format!("`{key}` is not a numeric parameter (see `jcpoa-sim params`)"),
                    );
                    ok = false;
                }
                Some(_) if FIXED_ONLY.contains(&key.as_str()) => {
                    self.at(
                        doc,
                        item,
                        PATH,
                        format!("`{key}` must be a number in every trial: the game is built from it before any trial"),
                    );
                    ok = false;
                }
                Some(_) if out.iter().any(|(p, _)| p == key) => {
                    self.at(doc, item, PATH, format!("`{key}` is named twice"));
                    ok = false;
                }
                Some((path, target)) => out.push((path.clone(), *target)),
            }
        }
        ok.then_some(out)
    }

    /// `joint_sample.weights`: finite, non-negative, not all zero.
    fn sample_weights(&mut self, doc: &super::document::Document, node: &Node) -> Option<Vec<f64>> {
        const PATH: &str = "joint_sample.weights";
        let Value::Array(items) = &node.value else {
            self.at(
                doc,
                node,
                PATH,
                "expected an array of weights, one per row".into(),
            );
            return None;
        };
        if items.len() > MAX_ROWS {
            let message = format!("holds {} rows; at most {MAX_ROWS} are allowed", items.len());
            self.at(doc, node, PATH, message);
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match number(item).filter(|w| w.is_finite() && *w >= 0.0) {
                Some(w) => out.push(w),
                None => {
                    self.at(
                        doc,
                        item,
                        PATH,
                        "a weight must be a finite number ≥ 0".into(),
                    );
                    return None;
                }
            }
        }
        if !out.iter().sum::<f64>().is_finite() {
            self.at(
                doc,
                node,
                PATH,
                "the weights add up to more than the largest number: only their ratios matter, so divide them all by the same number".into(),
            );
            return None;
        }
        if !out.iter().any(|&w| w > 0.0) {
            self.at(
                doc,
                node,
                PATH,
                "at least one weight must be above 0".into(),
            );
            return None;
        }
        Some(out)
    }

    /// `joint_sample.values`: `rows` rows of one value per key, each within its key's range.
    fn sample_rows(
        &mut self,
        doc: &super::document::Document,
        node: &Node,
        targets: &[(String, ParamTarget)],
        rows: usize,
    ) -> Option<Vec<Vec<f64>>> {
        const PATH: &str = "joint_sample.values";
        let Value::Array(items) = &node.value else {
            self.at(doc, node, PATH, "expected an array of rows".into());
            return None;
        };
        if items.len() != rows {
            let message = format!(
                "holds {} rows but `joint_sample.weights` has {rows}: give one weight per row",
                items.len()
            );
            self.at(doc, node, PATH, message);
            return None;
        }
        let mut out = Vec::with_capacity(rows);
        for item in items {
            let Value::Array(cells) = &item.value else {
                self.at(
                    doc,
                    item,
                    PATH,
                    "expected a row: an array of numbers".into(),
                );
                return None;
            };
            if cells.len() != targets.len() {
                let message = format!(
                    "a row holds {} values but `joint_sample.keys` names {}",
                    cells.len(),
                    targets.len()
                );
                self.at(doc, item, PATH, message);
                return None;
            }
            let mut row = Vec::with_capacity(cells.len());
            for (cell, (key, target)) in cells.iter().zip(targets) {
                let range = target.range();
                match number(cell).filter(|x| x.is_finite() && range.contains(*x)) {
                    Some(x) => row.push(x),
                    None => {
                        let message = format!("the value for `{key}` must be {}", range.describe());
                        self.at(doc, cell, PATH, message);
                        return None;
                    }
                }
            }
            out.push(row);
        }
        Some(out)
    }
}

/// A number written as a float or an integer.
fn number(node: &Node) -> Option<f64> {
    match node.value {
        Value::Float(x) => Some(x),
        Value::Integer(i) => Some(i as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::source::ScenarioSource;
    use rand::SeedableRng;

    /// The baseline with a two-row joint sample of the veto strength and the roadmap's pace.
    fn with_sample(values: &str, weights: &str) -> Result<crate::scenario::Scenario, String> {
        let mut source = ScenarioSource::baseline().map_err(|e| e.to_string())?;
        for a in [
            "joint_sample.keys=[\"hardliners.veto_strength\", \"talks.indirect_progress_per_week\"]".to_string(),
            format!("joint_sample.weights={weights}"),
            format!("joint_sample.values={values}"),
        ] {
            source.set(&a).map_err(|e| e.to_string())?;
        }
        source.build().map_err(|e| e.to_string())
    }

    #[test]
    fn a_joint_sample_is_drawn_row_by_row_and_planned_at_its_means() {
        let scenario = with_sample("[[0.3, 0.02], [0.8, 0.06]]", "[1, 3]").unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut high = 0u32;
        for _ in 0..20_000 {
            let p = scenario.setup().draw_params(&mut rng);
            let pair = (
                p.hardliners.veto_strength,
                p.talks.indirect_progress_per_week,
            );
            assert!(
                pair == (0.3, 0.02) || pair == (0.8, 0.06),
                "{pair:?} is not a row"
            );
            high += u32::from(pair.0 == 0.8);
        }
        let share = f64::from(high) / 20_000.0;
        assert!((share - 0.75).abs() < 0.015, "{share}");
        let plan = scenario.setup().plan_params();
        assert!((plan.hardliners.veto_strength - 0.675).abs() < 1e-12);
        assert!((plan.talks.indirect_progress_per_week - 0.05).abs() < 1e-12);
        let nodes: Vec<f64> = scenario.setup().veto_nodes().iter().map(|n| n.0).collect();
        assert_eq!(nodes, vec![0.3, 0.8, 0.8]);
        // The sample's keys are drawn last, in its order, whatever the baseline gave them.
        let paths: Vec<&str> = scenario
            .uncertain()
            .iter()
            .map(|u| u.path.as_str())
            .collect();
        assert_eq!(
            paths[paths.len() - 2..],
            [
                "hardliners.veto_strength",
                "talks.indirect_progress_per_week"
            ]
        );
        assert_eq!(
            paths
                .iter()
                .filter(|p| **p == "hardliners.veto_strength")
                .count(),
            1
        );
        assert!(
            scenario.uncertain()[paths.len() - 1]
                .describe()
                .contains("joint sample")
        );
    }

    #[test]
    fn a_broken_joint_sample_is_located() {
        for (values, weights, wanted) in [
            ("[[0.3, 0.02]]", "[1, 3]", "holds 1 rows but"),
            ("[[0.3], [0.8]]", "[1, 3]", "a row holds 1 values"),
            (
                "[[1.3, 0.02], [0.8, 0.06]]",
                "[1, 3]",
                "must be a number in [0, 1]",
            ),
            (
                "[[0.3, 0.02], [0.8, 0.06]]",
                "[0, 0]",
                "at least one weight",
            ),
            ("[[0.3, 0.02], [0.8, 0.06]]", "[1, -1]", "finite number ≥ 0"),
        ] {
            let err = with_sample(values, weights).unwrap_err();
            assert!(err.contains(wanted), "{values} {weights}: {err}");
            assert!(err.contains("joint_sample."), "{err}");
        }
    }
}
