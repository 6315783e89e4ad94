//! One point of an analysis: the scenario with some keys changed ([`Scenario::with_values`]), run
//! on the shared trial streams. Sweeps and sensitivity analyses are made of such points.

use crate::engine::monitor::Cumulative;
use crate::engine::summary::Summary;
use crate::engine::workers::Workers;
use crate::engine::{self, EngineError, RunConfig};
use crate::scenario::Scenario;
use crate::scenario::error::ScenarioError;
use crate::scenario::source::assignment;

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

/// `scenario` with the keys of `changes` set, or the error naming the point.
pub(crate) fn point(scenario: &Scenario, changes: &[(&str, f64)]) -> Result<Scenario, PointError> {
    scenario
        .with_values(changes)
        .map_err(|source| PointError::Scenario {
            assignments: changes
                .iter()
                .map(|(k, v)| assignment(k, *v))
                .collect::<Vec<_>>()
                .join(", "),
            source,
        })
}

/// `scenario` with `changes`, run on `workers`, its trials counted into `progress`; the common
/// step of every sweep point and sensitivity run.
pub(crate) fn run_point(
    scenario: &Scenario,
    changes: &[(&str, f64)],
    config: &RunConfig,
    workers: &Workers,
    progress: &Cumulative<'_>,
) -> Result<(Scenario, Summary), PointError> {
    let scenario = point(scenario, changes)?;
    let summary = engine::run(scenario.case(), config, workers, progress, None)?.summary;
    progress.finished(summary.trials);
    Ok((scenario, summary))
}
