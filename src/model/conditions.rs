//! What a run is conditioned on and what it forces (`docs/model.md` §22): observable events that a
//! trial's [`Facts`] make true or false, and the events made to happen ([`Forces`]). The scenario
//! layer parses them from text; the engine keeps the trials in which every given event holds and
//! plays each with the forces.

use std::fmt;

use crate::model::facts::Facts;
use crate::model::forces::{Forces, Forcing};
use crate::model::outcome::Outcome;

/// Something that did or did not happen in a trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Observable {
    /// The vote was held and a hardliner (`true`) or a moderate (`false`) won.
    Election(bool),
    /// The trial ended with this outcome.
    Outcome(Outcome),
    /// The deal was restored on or before this day (counted from the start).
    RestoredBy(u32),
    /// The deal collapsed on or before this day.
    CollapsedBy(u32),
    /// Talks were open on or before this day.
    TalksOpenBy(u32),
    /// Monitoring lapsed on or before this day.
    MonitoringLapsedBy(u32),
    /// At least `n` protocol steps were completed on or before `day`.
    StepsCompletedBy {
        /// Steps.
        n: u32,
        /// Day.
        day: u32,
    },
}

/// An observable event, possibly negated, with the text it was written as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// What is observed.
    pub observable: Observable,
    /// `!`: it did not happen.
    pub negated: bool,
    /// The event as written (trimmed).
    pub text: String,
}

/// Whether something that happened at day `t` (a real clock) happened on or before day `day`.
fn by(t: Option<f64>, day: u32) -> bool {
    t.is_some_and(|t| t < f64::from(day) + 1.0)
}

impl Observable {
    /// Whether the event happened in the trial whose facts are `f`.
    pub fn happened(&self, f: &Facts) -> bool {
        let ended = |o: Outcome| f.ended.filter(|(x, _)| *x == o).map(|(_, t)| t);
        match *self {
            Observable::Election(h) => f.vote == Some(h),
            Observable::Outcome(o) => ended(o).is_some(),
            Observable::RestoredBy(d) => by(ended(Outcome::Restored), d),
            Observable::CollapsedBy(d) => by(ended(Outcome::Collapse), d),
            Observable::TalksOpenBy(d) => by(f.talks_open, d),
            Observable::MonitoringLapsedBy(d) => by(f.monitoring_lapsed, d),
            Observable::StepsCompletedBy { n, day } => by(f.step_completed(n as usize), day),
        }
    }
}

impl Condition {
    /// Whether the condition holds in the trial whose facts are `f`.
    pub fn holds(&self, f: &Facts) -> bool {
        self.observable.happened(f) != self.negated
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The events a run is conditioned on and the events it forces, in layer order (base file
/// first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    /// Observed events: only trials where every one holds are kept.
    pub given: Vec<Condition>,
    /// Events made to happen, as listed.
    pub force: Vec<Forcing>,
    /// `force` as a trial takes it.
    forces: Forces,
}

impl Conditions {
    /// The conditions of the observed events `given` and the forced events `force`.
    pub fn new(given: Vec<Condition>, force: Vec<Forcing>) -> Conditions {
        Conditions {
            forces: Forces::of(&force),
            given,
            force,
        }
    }

    /// The given events as the user wrote them, in order (for reports).
    pub fn given_texts(&self) -> Vec<&str> {
        self.given.iter().map(|c| c.text.as_str()).collect()
    }

    /// The forced events as a trial takes them.
    pub fn forces(&self) -> &Forces {
        &self.forces
    }

    /// Whether a trial whose facts are `f` is consistent with every given event.
    pub fn admit(&self, f: &Facts) -> bool {
        self.given.iter().all(|c| c.holds(f))
    }
}
