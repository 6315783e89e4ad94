//! Watching a trial: the events it emits and the observers that receive them.
//!
//! The trial function is generic over an [`Observer`]. Bulk Monte Carlo runs use observers that
//! only tally what the summaries need (levels, first moves and how they were answered), and
//! `trace` uses a [`Recorder`] that keeps every event so the trial can be told as a dated story.
//! There is one trial function; observers only watch it.

use crate::model::game::{SliceId, StateId, UsAnswer};
use crate::model::outcome::{Actor, Cause, CollapseTrigger, Outcome, Snapshot, TrialResult};

/// A government's choice at one of its decision opportunities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Wait (nobody sees it).
    Wait,
    /// Iran: open talks.
    JoinTalks,
    /// Iran: move indirect talks to the same table.
    DirectTalks,
    /// Perform one's half before the other side (a concession).
    MoveFirst,
    /// Perform one's half after the other side has moved.
    Reciprocate,
    /// US: answer Iran's first move with qualified relief.
    QualifiedRelief,
    /// US: release relief withheld under other labels.
    Release,
    /// Iran: complete its half after withheld relief is released.
    Complete,
}

impl Choice {
    /// Short description for traces.
    pub fn label(self) -> &'static str {
        match self {
            Choice::Wait => "wait",
            Choice::JoinTalks => "join talks",
            Choice::DirectTalks => "accept direct talks",
            Choice::MoveFirst => "move first",
            Choice::Reciprocate => "reciprocate in full",
            Choice::QualifiedRelief => "answer with qualified relief",
            Choice::Release => "release the withheld relief",
            Choice::Complete => "complete its half",
        }
    }
}

/// An option a government had at an opportunity: what it was, the probability the chooser's
/// type gave it, and the same for the other type (which the other side's Bayes update uses).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptionProb {
    /// The option.
    pub choice: Choice,
    /// Probability for the chooser's own type.
    pub own: f64,
    /// Probability for the other type.
    pub other: f64,
}

/// Where a belief update came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BeliefCause {
    /// Time passed without any observable action by the other side.
    Waiting,
    /// The other side took an observable action.
    Action,
}

/// Something that happened in a trial.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    /// Iran's presidential campaign begins.
    CampaignStarts,
    /// The presidential election was held.
    Vote {
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
    /// The law's escalation took another step.
    LawEscalation {
        /// Steps taken so far.
        steps: u32,
    },
    /// The Supreme National Security Council decided whether to keep the monitoring
    /// understanding (at the deadline, or when an extension ran out).
    MonitoringDecision {
        /// Probability of keeping it.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether it was kept.
        kept: bool,
    },
    /// The IAEA Board met.
    BoardMeeting {
        /// Probability of a censure.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether Iran was censured.
        censured: bool,
    },
    /// The council decided whether to retaliate against a censure by ending monitoring.
    RetaliationDecision {
        /// Probability of refraining.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether Iran retaliated.
        retaliated: bool,
    },
    /// Monitoring lapsed.
    MonitoringLapsed,
    /// Full monitoring was restored by a completed step.
    MonitoringRestored,
    /// A shock of the scenario's shock type `kind` (index into its shock names) happened.
    Shock {
        /// Index of the shock type.
        kind: usize,
        /// Whether it cost the talks a roadmap stage.
        setback: bool,
    },
    /// A message was misread and the talks lost a roadmap stage.
    Misread,
    /// The roadmap moved a stage forward.
    RoadmapProgress {
        /// Share agreed now.
        share: f64,
    },
    /// A government had a decision opportunity.
    Opportunity {
        /// Who.
        actor: Actor,
        /// Whether the chooser is the reciprocating type.
        reciprocating: bool,
        /// Its options (up to three, `Wait` first).
        options: [Option<OptionProb>; 3],
        /// The uniform draw that chose.
        draw: f64,
        /// What it chose.
        chosen: Choice,
        /// Where to read the values it weighed: (slice, state, Iran's belief, the US's belief).
        at: (SliceId, StateId, f64, f64),
    },
    /// The hardliners decided whether to veto an Iranian move.
    Veto {
        /// Probability of a veto.
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether they vetoed.
        vetoed: bool,
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
    /// The Europeans sought conditional commitments to a choreographed joint move: the US's
    /// first, then, if it committed, Iran's.
    JointAttempt {
        /// Which step.
        step: usize,
        /// Probability that the US commits with full relief, for the reciprocating and the
        /// exploiting type.
        us_full: [f64; 2],
        /// Probability that the US commits with qualified relief, for each type.
        us_qualified: [f64; 2],
        /// The uniform draw that chose the US's answer.
        us_draw: f64,
        /// The US's answer.
        us_choice: UsAnswer,
        /// If the US committed, Iran's answer: its probability of committing for each type, the
        /// draw, and whether it committed.
        iran: Option<([f64; 2], f64, bool)>,
        /// Beliefs when the move was attempted: Iran's about the US, the US's about Iran.
        beliefs: (f64, f64),
        /// Whether each side is the reciprocating type: Iran, the US.
        reciprocating: [bool; 2],
    },
    /// A side, reneged on, decided whether to declare the deal dead.
    WalkAwayDecision {
        /// Who decided.
        actor: Actor,
        /// Probability of declaring the deal dead (its type).
        probability: f64,
        /// The uniform draw compared with it.
        draw: f64,
        /// Whether it did.
        declared_dead: bool,
    },
    /// Talks opened.
    TalksOpened {
        /// Whether they are direct.
        direct: bool,
    },
    /// Talks moved to the same table.
    DirectTalksBegin,
    /// A side performed (part of) its half of protocol step `step` (0-based).
    HalfStep {
        /// Who.
        actor: Actor,
        /// Which step.
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
        /// Which step.
        step: usize,
        /// Whether relief was qualified (the withheld part is still owed).
        qualified: bool,
    },
    /// A first move's reciprocation window lapsed; the mover reversed its half.
    Lapsed {
        /// The side that had moved.
        mover: Actor,
        /// Which step.
        step: usize,
    },
    /// A first move was made: the solver's probability, at the mover's belief, that it is
    /// answered in full before its window lapses.
    FirstMove {
        /// Which step.
        step: usize,
        /// Who moved.
        mover: Actor,
        /// The mover's predictive probability of a full answer.
        expected: f64,
        /// Whether the mover chose it although waiting was worth more (`Q(act) < Q(wait)`).
        against_advantage: bool,
    },
    /// The first move that was awaiting an answer got one, or will not.
    FirstMoveSettled {
        /// Whether it was answered in full within its window.
        answered: bool,
    },
    /// A belief moved.
    Belief {
        /// Whose belief (about the other side).
        holder: Actor,
        /// Before.
        from: f64,
        /// After.
        to: f64,
        /// Why.
        cause: BeliefCause,
    },
    /// The trial ended.
    Ended {
        /// How.
        outcome: Outcome,
        /// Why, for failures.
        cause: Option<Cause>,
        /// What ended it, for collapses.
        trigger: Option<CollapseTrigger>,
    },
}

/// Receives a trial's events and levels as it is played.
pub trait Observer {
    /// An event happened at day `day`.
    fn event(&mut self, day: f64, event: Event) {
        let _ = (day, event);
    }

    /// Whether this observer wants belief updates from waiting (they are frequent; bulk runs do
    /// not need them).
    fn wants_beliefs(&self) -> bool {
        false
    }

    /// Whether this observer wants the levels at the end of each recording step (bulk runs record
    /// them for only some trials; computing them for the rest would be wasted).
    fn wants_levels(&self) -> bool {
        true
    }

    /// Levels at the end of recording step `step` (called for every step played when
    /// [`Observer::wants_levels`]).
    fn step_end(&mut self, step: usize, snapshot: &Snapshot) {
        let _ = (step, snapshot);
    }

    /// The trial ended; `steps` is the number of recording steps in the horizon.
    fn trial_end(&mut self, result: &TrialResult, steps: usize) {
        let _ = (result, steps);
    }
}

/// Ignores everything; used when only the result matters.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoopObserver;

impl Observer for NoopObserver {
    fn wants_levels(&self) -> bool {
        false
    }
}

/// Keeps every event and snapshot, for telling a trial as a story.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// Events with the day they happened.
    pub events: Vec<(f64, Event)>,
    /// Levels at the end of each recording step played.
    pub snapshots: Vec<(usize, Snapshot)>,
}

impl Observer for Recorder {
    fn event(&mut self, day: f64, event: Event) {
        self.events.push((day, event));
    }

    fn wants_beliefs(&self) -> bool {
        true
    }

    fn step_end(&mut self, step: usize, snapshot: &Snapshot) {
        self.snapshots.push((step, *snapshot));
    }
}
