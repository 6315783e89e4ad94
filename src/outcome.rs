//! How a trial ends: its outcome, when, why, and what each side gained.

use serde::{Deserialize, Serialize};

/// The two governments whose choices the model plays out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// Iran's government (the president's camp, answering to the Supreme National Security Council).
    Iran,
    /// The US administration.
    Us,
}

impl Actor {
    /// Both actors, Iran first.
    pub const ALL: [Actor; 2] = [Actor::Iran, Actor::Us];

    /// The other side.
    pub fn other(self) -> Actor {
        match self {
            Actor::Iran => Actor::Us,
            Actor::Us => Actor::Iran,
        }
    }

    /// Index into two-element per-actor arrays (Iran 0, US 1).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Actor::Iran => "Iran",
            Actor::Us => "US",
        }
    }
}

/// The four ways a trial can end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Full mutual compliance: Iran back at every JCPOA limit and every nuclear-related sanction
    /// lifted, none withheld under other labels.
    Restored,
    /// At the horizon, at least one reciprocal step has been completed by both sides but the deal is
    /// not fully restored.
    Interim,
    /// At the horizon, no reciprocal step has been completed and the deal has not collapsed.
    Stalemate,
    /// Monitoring has lapsed and escalation reached the collapse threshold, or a side's trust fell
    /// below the floor at which it declares the deal dead.
    Collapse,
}

impl Outcome {
    /// All outcomes, in report order.
    pub const ALL: [Outcome; 4] = [
        Outcome::Restored,
        Outcome::Interim,
        Outcome::Stalemate,
        Outcome::Collapse,
    ];

    /// Index into per-outcome arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as in files.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Restored => "restored",
            Outcome::Interim => "interim",
            Outcome::Stalemate => "stalemate",
            Outcome::Collapse => "collapse",
        }
    }
}

/// What claimed a week of the trial: progress, or the first thing that blocked it.
///
/// Every played week gets exactly one label (see `docs/model.md`, "Why trials fail"). The label
/// counts decide a failed trial's primary [`Cause`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WeekLabel {
    /// Something moved: roadmap progress, a half-step, talks opening.
    Progress,
    /// The hardliners vetoed an Iranian step or acceptance and the override failed.
    Veto,
    /// A message in the channel was misread.
    Misunderstanding,
    /// A side failed to reciprocate, let a step lapse, or relief came qualified.
    Defection,
    /// An exogenous shock or an IAEA censure suspended or soured the talks.
    Shock,
    /// Iran's side did not engage because of the campaign or the presidential transition.
    ElectionFreeze,
    /// The side whose turn it was chose to wait (nobody would move first).
    Standoff,
}

impl WeekLabel {
    /// Number of labels.
    pub const COUNT: usize = 7;

    /// All labels, in tie-breaking order for the primary cause.
    pub const ALL: [WeekLabel; WeekLabel::COUNT] = [
        WeekLabel::Progress,
        WeekLabel::Veto,
        WeekLabel::Misunderstanding,
        WeekLabel::Defection,
        WeekLabel::Shock,
        WeekLabel::ElectionFreeze,
        WeekLabel::Standoff,
    ];

    /// Index into label arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as in files.
    pub fn name(self) -> &'static str {
        match self {
            WeekLabel::Progress => "progress",
            WeekLabel::Veto => "veto",
            WeekLabel::Misunderstanding => "misunderstanding",
            WeekLabel::Defection => "defection",
            WeekLabel::Shock => "shock",
            WeekLabel::ElectionFreeze => "election_freeze",
            WeekLabel::Standoff => "standoff",
        }
    }
}

/// The primary reason a trial did not restore the deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The hardliner veto claimed the most weeks.
    Veto,
    /// Misread messages in the channel claimed the most weeks.
    Misunderstanding,
    /// Failures to reciprocate, lapsed steps and qualified relief claimed the most weeks.
    Defection,
    /// Shocks and censures claimed the most weeks.
    Shock,
    /// The election campaign and transition claimed the most weeks.
    ElectionFreeze,
    /// Neither side would move first: waiting by choice claimed the most weeks.
    Standoff,
    /// The sides were making progress most weeks but ran out of time.
    Horizon,
}

impl Cause {
    /// Number of causes.
    pub const COUNT: usize = 7;

    /// All causes, in report order.
    pub const ALL: [Cause; Cause::COUNT] = [
        Cause::Veto,
        Cause::Misunderstanding,
        Cause::Defection,
        Cause::Shock,
        Cause::ElectionFreeze,
        Cause::Standoff,
        Cause::Horizon,
    ];

    /// Index into per-cause arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as in files.
    pub fn name(self) -> &'static str {
        match self {
            Cause::Veto => "veto",
            Cause::Misunderstanding => "misunderstanding",
            Cause::Defection => "defection",
            Cause::Shock => "shock",
            Cause::ElectionFreeze => "election_freeze",
            Cause::Standoff => "standoff",
            Cause::Horizon => "horizon",
        }
    }

    /// Human-readable name for reports.
    pub fn label(self) -> &'static str {
        match self {
            Cause::Veto => "hardliner veto",
            Cause::Misunderstanding => "misunderstanding",
            Cause::Defection => "defection / qualified relief",
            Cause::Shock => "shocks and censure",
            Cause::ElectionFreeze => "election freeze",
            Cause::Standoff => "standoff (no one moves first)",
            Cause::Horizon => "ran out of time",
        }
    }

    /// The primary cause given how many weeks each label claimed: the obstacle that cost the
    /// trial the most weeks. Weeks of progress do not count; a trial that was never blocked simply
    /// ran out of time ([`Cause::Horizon`]). Ties go to the earlier label in [`WeekLabel::ALL`].
    pub fn primary(weeks: &[u16; WeekLabel::COUNT]) -> Cause {
        let mut best = Cause::Horizon;
        let mut best_weeks = 0u16;
        for label in WeekLabel::ALL {
            let cause = match label {
                WeekLabel::Progress => continue,
                WeekLabel::Veto => Cause::Veto,
                WeekLabel::Misunderstanding => Cause::Misunderstanding,
                WeekLabel::Defection => Cause::Defection,
                WeekLabel::Shock => Cause::Shock,
                WeekLabel::ElectionFreeze => Cause::ElectionFreeze,
                WeekLabel::Standoff => Cause::Standoff,
            };
            let w = weeks[label.index()];
            if w > best_weeks {
                best = cause;
                best_weeks = w;
            }
        }
        best
    }
}

/// What ended a collapsed trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollapseTrigger {
    /// Monitoring had lapsed and escalation reached the threshold.
    Escalation,
    /// Iran's trust fell below the floor: it declared the deal dead.
    IranDeclaredDead,
    /// The US's trust fell below the floor: it declared the deal dead.
    UsDeclaredDead,
}

impl CollapseTrigger {
    /// Lower-case name, as in files.
    pub fn name(self) -> &'static str {
        match self {
            CollapseTrigger::Escalation => "escalation",
            CollapseTrigger::IranDeclaredDead => "iran_declared_dead",
            CollapseTrigger::UsDeclaredDead => "us_declared_dead",
        }
    }
}

/// Each side's payoff over the whole horizon (utils).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Payoffs {
    /// Iran's government.
    pub iran: f64,
    /// The US administration.
    pub us: f64,
}

impl Payoffs {
    /// The payoff of `actor`.
    pub fn of(&self, actor: Actor) -> f64 {
        match actor {
            Actor::Iran => self.iran,
            Actor::Us => self.us,
        }
    }
}

/// The levels the reports track over time, read at the end of a week.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Iran's trust in the US.
    pub trust_iran: f64,
    /// The US's trust in Iran.
    pub trust_us: f64,
    /// Iran's compliance with the JCPOA limits (0–1).
    pub compliance: f64,
    /// US sanctions relief delivered (0–1).
    pub relief: f64,
    /// The escalation index.
    pub escalation: f64,
    /// Hardliner strength (0–1).
    pub hardliner: f64,
}

/// Everything recorded about one finished trial.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrialResult {
    /// How it ended.
    pub outcome: Outcome,
    /// The step in which it ended (`steps()` of the calendar when it ran to the horizon).
    pub end_step: usize,
    /// Why it failed; `None` when restored.
    pub cause: Option<Cause>,
    /// What ended it, for collapses.
    pub collapse_trigger: Option<CollapseTrigger>,
    /// Each side's payoff over the horizon.
    pub payoffs: Payoffs,
    /// Reciprocal steps completed by both sides.
    pub steps_completed: u32,
    /// Weeks claimed by each [`WeekLabel`].
    pub weeks: [u16; WeekLabel::COUNT],
    /// Whether a hardliner won the presidency, if the election was held within the horizon.
    pub hardliner_president: Option<bool>,
    /// The levels at the end.
    pub last: Snapshot,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_cause_is_the_costliest_obstacle() {
        let mut w = [0u16; WeekLabel::COUNT];
        w[WeekLabel::Veto.index()] = 5;
        w[WeekLabel::Standoff.index()] = 9;
        w[WeekLabel::Progress.index()] = 70;
        assert_eq!(Cause::primary(&w), Cause::Standoff);
        w[WeekLabel::Veto.index()] = 9;
        assert_eq!(
            Cause::primary(&w),
            Cause::Veto,
            "ties go to the earlier label"
        );
        let mut only_progress = [0u16; WeekLabel::COUNT];
        only_progress[WeekLabel::Progress.index()] = 79;
        assert_eq!(Cause::primary(&only_progress), Cause::Horizon);
        assert_eq!(Cause::primary(&[0; WeekLabel::COUNT]), Cause::Horizon);
    }
}
