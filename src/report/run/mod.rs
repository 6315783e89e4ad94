//! The report of one run: the terminal [`table`], `summary.json` ([`json`]), `report.md`
//! (`markdown`) with its [`charts`], `index.html`, and `trials.csv` ([`csv`]). Every format reads
//! one [`Report`], whose `Statistics` are computed once from the run's summary;
//! [`write`] writes the whole directory.

pub(crate) mod chart_data;
pub mod charts;
pub mod csv;
pub mod json;
pub(crate) mod markdown;
pub mod table;
pub(crate) mod write;

use crate::engine::summary::Summary;
use crate::report::statistics::Statistics;
use crate::scenario::Scenario;

/// How a run was made, recorded in every report so it can be reproduced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunInfo {
    /// Master seed.
    pub seed: u64,
    /// Trials summarised.
    pub trials: u64,
    /// Index of the first trial.
    pub first_trial: u64,
    /// Precision target (`--precision`), if any.
    pub precision_target: Option<f64>,
    /// Whether the target was met before the trial cap.
    pub precision_met: Option<bool>,
}

/// One run, ready to be written in every format.
pub struct Report<'a> {
    /// The scenario run.
    pub(crate) scenario: &'a Scenario,
    /// How it was run.
    pub(crate) run: RunInfo,
    /// The raw counts.
    pub(crate) summary: &'a Summary,
    /// Statistics computed from the counts.
    pub(crate) stats: Statistics,
}

impl<'a> Report<'a> {
    /// Computes the statistics of `summary`.
    pub fn new(scenario: &'a Scenario, run: RunInfo, summary: &'a Summary) -> Report<'a> {
        Report {
            scenario,
            run,
            summary,
            stats: Statistics::compute(scenario, summary),
        }
    }
}
