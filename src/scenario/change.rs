//! A scenario with some of its keys changed, as `--set` would change them: the points of a sweep,
//! the runs of a sensitivity analysis, the particles of a calibration. A numeric parameter is set
//! on the built [`Setup`](crate::model::setup::Setup) through its one checked setter, without
//! going back to text; any other key changes the game's rules, so the scenario is rebuilt from its
//! source with the assignment added. Both give what a `--set` of the same value would.

use super::Scenario;
use super::error::{Diagnostic, Location, ScenarioError};
use super::source::assignment;
use crate::model::setup::SetError;

impl Scenario {
    /// This scenario with each `(key, value)` of `changes` set, as `--set key=value` on its
    /// source would (with the same errors, located at the assignment). Its texts and provenance
    /// stay this scenario's: a changed scenario is a point of an analysis of this one.
    pub fn with_values(&self, changes: &[(&str, f64)]) -> Result<Scenario, ScenarioError> {
        let mut structural = Vec::new();
        let mut numeric = Vec::new();
        for &(key, value) in changes {
            let is_parameter = self.numeric_params().iter().any(|(p, _)| p == key);
            if is_parameter {
                numeric.push((key, value));
            } else {
                structural.push(assignment(key, value));
            }
        }
        let mut out = if structural.is_empty() {
            self.clone()
        } else {
            let mut source = self.source.clone();
            for a in &structural {
                source.set(a)?;
            }
            let rebuilt = source.build()?;
            Scenario {
                setup: rebuilt.setup,
                conditions: rebuilt.conditions,
                ..self.clone()
            }
        };
        for (key, value) in numeric {
            out.setup
                .set(key, value)
                .map_err(|e| located(key, value, &e))?;
        }
        Ok(out)
    }
}

/// A refused value as the `--set` of it would report it.
fn located(key: &str, value: f64, e: &SetError) -> ScenarioError {
    let message = match e {
        SetError::OutOfRange { allowed, value, .. } => format!("must be {allowed}, got {value}"),
        SetError::NotAParameter(_) => e.to_string(),
    };
    let place = Location {
        source: format!("--set {}", assignment(key, value)),
        line: 1,
        column: 1,
    };
    Diagnostic::new(place, Some(key), message).into()
}

#[cfg(test)]
mod tests {
    use crate::scenario::source::{ScenarioSource, assignment};

    /// A change through the setter is the scenario a `--set` of the same value builds.
    #[test]
    fn a_set_value_is_the_scenario_set_builds() {
        let base = ScenarioSource::baseline().unwrap();
        let built = base.build().unwrap();
        for (key, value) in [
            ("hardliners.veto_strength", 0.25),
            ("iran.initial_trust", 0.5),
            ("shocks.sabotage.rate_per_year", 2.0),
            ("calendar.horizon_months", 24.0),
        ] {
            let changed = built.with_values(&[(key, value)]).unwrap();
            let mut text = base.clone();
            text.set(&assignment(key, value)).unwrap();
            let rebuilt = text.build().unwrap();
            assert_eq!(
                changed.setup().solve_key(),
                rebuilt.setup().solve_key(),
                "{key}"
            );
            let paths = |s: &crate::scenario::Scenario| -> Vec<String> {
                s.uncertain().iter().map(|u| u.path.clone()).collect()
            };
            assert_eq!(paths(&changed), paths(&rebuilt), "{key}");
        }
        let err = built
            .with_values(&[("hardliners.veto_strength", 1.5)])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "--set hardliners.veto_strength=1.5: key `hardliners.veto_strength`: must be a number in [0, 1], got 1.5"
        );
        let err = built
            .with_values(&[("calendar.horizon_months", 0.0)])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("must be an integer from 1 to 1200, got 0"),
            "{err}"
        );
    }
}
