//! One point of an analysis: the scenario source with `--set`-style assignments applied, built and
//! run on the shared trial streams. Sweeps and sensitivity analyses are made of such points.

use crate::engine::monitor::Cumulative;
use crate::engine::summary::Summary;
use crate::engine::{self, EngineError, RunConfig};
use crate::scenario::Scenario;
use crate::scenario::error::ScenarioError;
use crate::scenario::source::ScenarioSource;

/// A value as it is written in a `--set` assignment: integers without a fraction, so integer
/// keys (such as `calendar.horizon_months`) accept them.
fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Why a point of a sweep or sensitivity analysis could not be run.
#[derive(Debug, thiserror::Error)]
pub enum PointError {
    /// A grid point is not a valid scenario (for example a value outside the parameter's range).
    #[error("at {assignments}: {source}")]
    Scenario {
        /// The assignments of the point.
        assignments: String,
        /// The problems.
        source: ScenarioError,
    },
    /// The engine stopped.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// `source` with the `assignments` applied, validated.
pub(crate) fn build_with(
    source: &ScenarioSource,
    assignments: &[String],
) -> Result<Scenario, PointError> {
    let mut source = source.clone();
    assignments
        .iter()
        .try_for_each(|a| source.set(a))
        .and_then(|()| source.build())
        .map_err(|source| PointError::Scenario {
            assignments: assignments.join(", "),
            source,
        })
}

/// An override assignment `path=value`, the value written as [`format_value`] does.
pub fn assignment(path: &str, value: f64) -> String {
    format!("{path}={}", format_value(value))
}

/// Builds `source` with `assignments`, runs it and counts its trials into `progress`; the
/// common step of every sweep point and sensitivity run.
pub(crate) fn run_point(
    source: &ScenarioSource,
    assignments: &[String],
    config: &RunConfig,
    progress: &Cumulative<'_>,
) -> Result<(Scenario, Summary), PointError> {
    let scenario = build_with(source, assignments)?;
    let summary = engine::run(scenario.case(), config, progress, None)?.summary;
    progress.finished(summary.trials);
    Ok((scenario, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_write_integers_without_a_fraction() {
        for (value, written) in [(12.0, "x=12"), (0.25, "x=0.25"), (-3.0, "x=-3")] {
            assert_eq!(assignment("x", value), written);
        }
    }
}
