//! The state of one trial between steps.

use crate::model::hardliners::Government;
use crate::model::outcome::{Actor, Snapshot};
use crate::model::params::ModelParams;
use crate::model::trust::Trust;

/// The IAEA's view into Iran's programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Monitoring {
    /// The temporary technical understanding holds until the given step.
    Understanding {
        /// Step in which it expires unless extended.
        deadline: usize,
    },
    /// Monitoring has lapsed: the understanding expired or Iran scrapped it.
    Lapsed,
    /// A step restored full monitoring (the Additional Protocol).
    Restored,
    /// The IAEA mechanism is switched off in this scenario.
    Untracked,
}

/// Where the current protocol step stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Phase {
    /// Nobody has moved on this step yet.
    Open,
    /// `mover` performed its half in step `since`; the other side has not yet reciprocated.
    Awaiting {
        /// The side that moved.
        mover: Actor,
        /// When it moved.
        since: usize,
        /// The mover's level (compliance or relief) before it moved, restored if the step lapses.
        before: f64,
        /// Whether the US's half was qualified (Iran then performs only the matching share).
        qualified: bool,
    },
}

/// The state of a trial.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TrialState {
    /// Trust each way.
    pub(crate) trust: Trust,
    /// Iran's compliance with the JCPOA limits (0–1).
    pub(crate) compliance: f64,
    /// US sanctions relief delivered (0–1).
    pub(crate) relief: f64,
    /// Atmospheric tension from incidents and censures (escalation units).
    pub(crate) tension: f64,
    /// IAEA monitoring.
    pub(crate) monitoring: Monitoring,
    /// Hardliner strength (0–1).
    pub(crate) hardliner: f64,
    /// The hardline camp's standing strength, to which swings fade back (0–1).
    pub(crate) hardliner_base: f64,
    /// Multiplier on Iran's sanctions pain (raised by humanitarian pressure).
    pub(crate) pain: f64,
    /// Who holds Iran's presidency.
    pub(crate) government: Government,
    /// The election result, once held.
    pub(crate) hardliner_president: Option<bool>,
    /// Whether talks have opened.
    pub(crate) talks_open: bool,
    /// Whether the talks are direct.
    pub(crate) direct: bool,
    /// Share of the roadmap agreed (0–1).
    pub(crate) roadmap: f64,
    /// Talks are suspended until this step (exclusive).
    pub(crate) paused_until: usize,
    /// Iran's protocol moves are blocked by an unresolved veto until this step (exclusive).
    pub(crate) vetoed_until: usize,
    /// Index of the current protocol step (equal to the number of steps once all are done).
    pub(crate) step_index: usize,
    /// Progress within the current step.
    pub(crate) phase: Phase,
    /// The current step was completed with qualified relief; the US still owes the withheld part
    /// and Iran the matching share.
    pub(crate) remedial: bool,
    /// Protocol steps completed by both sides.
    pub(crate) steps_completed: u32,
    /// One-off costs each side has borne (concessions, exposure), indexed by [`Actor::index`].
    pub(crate) one_off_costs: [f64; 2],
}

impl TrialState {
    /// The state at the start date.
    pub(crate) fn initial(p: &ModelParams, linkage: bool, monitoring: Monitoring) -> TrialState {
        let mut trust = Trust::new(p.iran.actor.initial_trust, p.us.actor.initial_trust);
        if linkage {
            trust.rescale(Actor::Iran, 1.0 - p.linkage.assurance_trust_loss);
        }
        TrialState {
            trust,
            compliance: p.initial.compliance,
            relief: p.initial.relief,
            tension: p.initial.tension,
            monitoring,
            hardliner: p.hardliners.initial_strength,
            hardliner_base: p.hardliners.initial_strength,
            pain: 1.0,
            government: Government::Moderate,
            hardliner_president: None,
            talks_open: false,
            direct: false,
            roadmap: 0.0,
            paused_until: 0,
            vetoed_until: 0,
            step_index: 0,
            phase: Phase::Open,
            remedial: false,
            steps_completed: 0,
            one_off_costs: [0.0; 2],
        }
    }

    /// The escalation index: non-compliance weighted, plus the lapse of monitoring, plus tension.
    ///
    /// `e = w·(1 − compliance) + λ·[monitoring lapsed] + tension`
    pub(crate) fn escalation(&self, p: &ModelParams) -> f64 {
        let lapsed = if self.monitoring == Monitoring::Lapsed {
            p.iaea.lapse_escalation
        } else {
            0.0
        };
        p.escalation.nuclear_weight * (1.0 - self.compliance) + lapsed + self.tension
    }

    /// The levels reports track.
    pub(crate) fn snapshot(&self, p: &ModelParams) -> Snapshot {
        Snapshot {
            trust_iran: self.trust.of(Actor::Iran),
            trust_us: self.trust.of(Actor::Us),
            compliance: self.compliance,
            relief: self.relief,
            escalation: self.escalation(p),
            hardliner: self.hardliner,
        }
    }

    /// The level `actor` controls: compliance for Iran, relief for the US.
    pub(crate) fn level(&self, actor: Actor) -> f64 {
        match actor {
            Actor::Iran => self.compliance,
            Actor::Us => self.relief,
        }
    }

    /// Sets the level `actor` controls.
    pub(crate) fn set_level(&mut self, actor: Actor, value: f64) {
        match actor {
            Actor::Iran => self.compliance = value.clamp(0.0, 1.0),
            Actor::Us => self.relief = value.clamp(0.0, 1.0),
        }
    }
}
