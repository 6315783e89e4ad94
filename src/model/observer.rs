//! Watching a trial: the events it emits and the observers that receive them.
//!
//! The trial function is generic over an [`Observer`]. Bulk Monte Carlo runs use observers whose
//! methods do nothing or only record levels (the compiler removes the rest), and `trace` uses a
//! [`Recorder`] that keeps every event so the trial can be told as a dated story. There is one
//! trial function; observers only watch it.

use crate::model::outcome::{Actor, Cause, Outcome, Snapshot, TrialResult};

/// A strategic choice one of the governments makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Iran: join indirect talks.
    JoinTalks,
    /// Iran: upgrade to direct talks.
    DirectTalks,
    /// Iran: extend the IAEA monitoring understanding.
    ExtendMonitoring,
    /// Iran: refrain from retaliating against a censure.
    RestrainAfterCensure,
    /// Perform one's half of a step before the other side.
    MoveFirst,
    /// Perform one's half after the other side has moved.
    Reciprocate,
    /// Commit to a joint move choreographed by the mediator.
    JointMove,
    /// US: qualify the relief it is about to give (keep some sanctions under other labels).
    QualifyRelief,
}

impl Decision {
    /// Short description for traces.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Decision::JoinTalks => "join indirect talks",
            Decision::DirectTalks => "accept direct talks",
            Decision::ExtendMonitoring => "extend the IAEA monitoring understanding",
            Decision::RestrainAfterCensure => "refrain from retaliating against the censure",
            Decision::MoveFirst => "move first",
            Decision::Reciprocate => "reciprocate",
            Decision::JointMove => "commit to the joint move",
            Decision::QualifyRelief => "qualify its relief",
        }
    }
}

/// Something that happened in a trial step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    /// Iran's presidential campaign begins.
    CampaignStarts,
    /// The presidential election was held.
    Election {
        /// Probability that a hardliner wins.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether a hardliner won.
        hardliner_won: bool,
    },
    /// The new president took office.
    Inauguration {
        /// Whether the new government is hardline.
        hardliner: bool,
    },
    /// The monitoring understanding was extended until the given step.
    MonitoringExtended {
        /// The new deadline step.
        until: usize,
    },
    /// IAEA monitoring lapsed.
    MonitoringLapsed,
    /// Full monitoring was restored by a step.
    MonitoringRestored,
    /// The IAEA Board met.
    BoardMeeting {
        /// Probability of a censure.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether Iran was censured.
        censured: bool,
    },
    /// Iran retaliated against a censure by scrapping monitoring.
    Retaliation,
    /// Iran's law scheduled another escalation step.
    LawEscalation {
        /// Compliance after it.
        compliance: f64,
    },
    /// A shock of the scenario's shock type `kind` (index into its shock names) happened.
    Shock {
        /// Index of the shock type.
        kind: usize,
    },
    /// Iran's side did not engage this step (campaign or transition).
    Frozen,
    /// Talks were suspended this step after a shock.
    Paused,
    /// A message in the channel was misread.
    Misread,
    /// Talks opened.
    TalksOpened {
        /// Whether they are direct.
        direct: bool,
    },
    /// Talks were upgraded to direct talks.
    DirectTalksBegin,
    /// The roadmap was fully agreed.
    RoadmapAgreed,
    /// A government made a choice.
    Decided {
        /// Who chose.
        actor: Actor,
        /// What.
        decision: Decision,
        /// The advantage of acting over waiting (utils).
        advantage: f64,
        /// The resulting probability of acting.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether the side acted.
        yes: bool,
    },
    /// The hardliners tried to block an Iranian choice.
    Veto {
        /// Probability of a veto.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether the veto happened (before any override).
        vetoed: bool,
    },
    /// An earlier, unresolved veto still blocks Iran's protocol moves.
    VetoHolds {
        /// The step from which Iran may move again.
        until: usize,
    },
    /// The security council tried to override a veto.
    Override {
        /// Probability of an override.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether it succeeded.
        succeeded: bool,
    },
    /// A side performed its half of protocol step `step` (0-based).
    HalfStep {
        /// Who.
        actor: Actor,
        /// Which protocol step.
        step: usize,
        /// Level (compliance or relief) before.
        from: f64,
        /// Level after.
        to: f64,
        /// For the US: whether the relief was qualified.
        qualified: bool,
    },
    /// Protocol step `step` was completed by both sides.
    StepCompleted {
        /// Which protocol step.
        step: usize,
        /// Whether relief was qualified (a remedial release is then pending).
        qualified: bool,
    },
    /// The first mover's window lapsed without reciprocation; it reversed its half.
    Defected {
        /// The side that had moved and now reverses.
        mover: Actor,
        /// Which protocol step.
        step: usize,
    },
    /// The trial ended.
    Ended {
        /// How.
        outcome: Outcome,
        /// Why, for failures.
        cause: Option<Cause>,
    },
}

/// Receives a trial's events and levels as it is played.
pub trait Observer {
    /// An event happened during `step`.
    fn event(&mut self, step: usize, event: Event) {
        let _ = (step, event);
    }

    /// Levels at the end of `step` (called for every step played).
    fn step_end(&mut self, step: usize, snapshot: &Snapshot) {
        let _ = (step, snapshot);
    }

    /// The trial ended after `result.end_step`; `steps` is the horizon.
    fn trial_end(&mut self, result: &TrialResult, steps: usize) {
        let _ = (result, steps);
    }
}

/// Ignores everything; used when only the result matters.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoopObserver;

impl Observer for NoopObserver {}

/// Keeps every event and snapshot, for telling a trial as a story.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// Events with the step they happened in.
    pub(crate) events: Vec<(usize, Event)>,
    /// Levels at the end of each step played.
    pub(crate) snapshots: Vec<(usize, Snapshot)>,
}

impl Observer for Recorder {
    fn event(&mut self, step: usize, event: Event) {
        self.events.push((step, event));
    }

    fn step_end(&mut self, step: usize, snapshot: &Snapshot) {
        self.snapshots.push((step, *snapshot));
    }
}
