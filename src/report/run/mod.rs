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
use crate::report::format::{thousands, trimmed};
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

impl Report<'_> {
    /// The widest 95% interval half-width over the four outcomes (the quantity `--precision`
    /// bounds).
    pub(crate) fn widest_half_width(&self) -> f64 {
        self.stats
            .outcomes
            .iter()
            .map(|o| o.probability.half_width())
            .fold(0.0, f64::max)
    }

    /// "given: election=hardliner — 48,912 of 100,000 trials, 48.9%": the events the run is
    /// conditioned on and how many trials were consistent with them, if it is conditioned.
    pub fn given_line(&self) -> Option<String> {
        given_line(self.scenario, self.summary)
    }

    /// The warning to print when a `--precision` target was not reached before the trial cap.
    pub fn precision_warning(&self) -> Option<String> {
        let target = self.run.precision_target?;
        (self.run.precision_met == Some(false)).then(|| {
            // The cap is on trials played (with given events, more than are counted).
            let played = self.summary.played.max(self.run.trials);
            precision_not_reached(target, played, self.widest_half_width())
        })
    }
}

/// The [`Report::given_line`] of a run of `scenario` summarised in `summary`.
pub(crate) fn given_line(scenario: &Scenario, summary: &Summary) -> Option<String> {
    let given = &scenario.conditions().given;
    if given.is_empty() {
        return None;
    }
    let events = scenario.conditions().given_texts();
    Some(format!(
        "given: {} — {} of {} trials, {}%",
        events.join(", "),
        thousands(summary.trials),
        thousands(summary.played),
        trimmed(100.0 * acceptance_rate(summary), 1)
    ))
}

/// The share of trials played that were accepted (0 when none was played).
pub(crate) fn acceptance_rate(summary: &Summary) -> f64 {
    if summary.played == 0 {
        0.0
    } else {
        summary.trials as f64 / summary.played as f64
    }
}

/// "the --precision target … was not reached …": the warning of a run or comparison that hit its
/// trial cap first.
pub(crate) fn precision_not_reached(target: f64, trials: u64, widest: f64) -> String {
    format!(
        "the --precision target (every 95% interval within ±{} points) was not reached: after {} trials, the most allowed, the widest interval is ±{} points; raise --trials (or --max-trials) to allow more",
        trimmed(100.0 * target, 3),
        thousands(trials),
        trimmed(100.0 * widest, 2)
    )
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
