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
    pub(crate) const ALL: [Actor; 2] = [Actor::Iran, Actor::Us];

    /// The other side.
    pub(crate) fn other(self) -> Actor {
        match self {
            Actor::Iran => Actor::Us,
            Actor::Us => Actor::Iran,
        }
    }

    /// Index into two-element per-actor arrays (Iran 0, US 1).
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Display name.
    pub(crate) fn label(self) -> &'static str {
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
    pub(crate) const COUNT: usize = 7;

    /// All causes, in report order.
    pub(crate) const ALL: [Cause; Cause::COUNT] = [
        Cause::Veto,
        Cause::Misunderstanding,
        Cause::Defection,
        Cause::Shock,
        Cause::ElectionFreeze,
        Cause::Standoff,
        Cause::Horizon,
    ];

    /// Index into per-cause arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as in files.
    pub(crate) fn name(self) -> &'static str {
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
    pub(crate) fn label(self) -> &'static str {
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
    pub(crate) fn primary(weeks: &[u16; WeekLabel::COUNT]) -> Cause {
        let mut best = Cause::Horizon;
        let mut best_weeks = 0u16;
        for label in WeekLabel::ALL {
            let WeekLabel::Blocked(cause) = label else {
                continue;
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

/// What claimed a week of the trial: progress, or the first thing that blocked it.
///
/// Every played week gets exactly one label (see `docs/model.md`, "Why trials fail"). The label
/// counts decide a failed trial's primary [`Cause`], so a blocked week is labelled with the cause
/// it counts towards: every cause but [`Cause::Horizon`], which is what a trial that was never
/// blocked ran out of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum WeekLabel {
    /// Something moved: roadmap progress, a half-step, talks opening.
    Progress,
    /// Something blocked the week: the hardliner veto, a misread message, a side failing to
    /// reciprocate, a shock or censure, the election freeze, or a standoff in which the side whose
    /// turn it was chose to wait. Never [`Cause::Horizon`].
    Blocked(Cause),
}

impl WeekLabel {
    /// Number of labels: progress, then every cause but the horizon.
    pub(crate) const COUNT: usize = Cause::COUNT;

    /// All labels, in tie-breaking order for the primary cause: progress, then the causes in
    /// [`Cause::ALL`] order.
    pub(crate) const ALL: [WeekLabel; WeekLabel::COUNT] = {
        let mut all = [WeekLabel::Progress; WeekLabel::COUNT];
        let mut i = 1;
        while i < WeekLabel::COUNT {
            all[i] = WeekLabel::Blocked(Cause::ALL[i - 1]);
            i += 1;
        }
        all
    };

    /// Index into label arrays: progress 0, then each cause one after its own index.
    pub(crate) fn index(self) -> usize {
        match self {
            WeekLabel::Progress => 0,
            WeekLabel::Blocked(cause) => cause.index() + 1,
        }
    }

    /// Lower-case name, as in files: `progress` or the cause's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            WeekLabel::Progress => "progress",
            WeekLabel::Blocked(cause) => cause.name(),
        }
    }
}

/// What ended a collapsed trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CollapseTrigger {
    /// Monitoring had lapsed and escalation reached the threshold.
    Escalation,
    /// Iran's trust fell below the floor: it declared the deal dead.
    IranDeclaredDead,
    /// The US's trust fell below the floor: it declared the deal dead.
    UsDeclaredDead,
}

impl CollapseTrigger {
    /// Lower-case name, as in files.
    pub(crate) fn name(self) -> &'static str {
        match self {
            CollapseTrigger::Escalation => "escalation",
            CollapseTrigger::IranDeclaredDead => "iran_declared_dead",
            CollapseTrigger::UsDeclaredDead => "us_declared_dead",
        }
    }
}

/// Each side's payoff over the whole horizon (utils).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Payoffs {
    /// Iran's government.
    pub(crate) iran: f64,
    /// The US administration.
    pub(crate) us: f64,
}

impl Payoffs {
    /// The payoff of `actor`.
    pub(crate) fn of(&self, actor: Actor) -> f64 {
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
    pub(crate) trust_iran: f64,
    /// The US's trust in Iran.
    pub(crate) trust_us: f64,
    /// Iran's compliance with the JCPOA limits (0–1).
    pub(crate) compliance: f64,
    /// US sanctions relief delivered (0–1).
    pub(crate) relief: f64,
    /// The escalation index.
    pub(crate) escalation: f64,
    /// Hardliner strength (0–1).
    pub(crate) hardliner: f64,
}

/// Everything recorded about one finished trial.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrialResult {
    /// How it ended.
    pub outcome: Outcome,
    /// The step in which it ended (`steps()` of the calendar when it ran to the horizon).
    pub(crate) end_step: usize,
    /// Why it failed; `None` when restored.
    pub(crate) cause: Option<Cause>,
    /// What ended it, for collapses.
    pub(crate) collapse_trigger: Option<CollapseTrigger>,
    /// Each side's payoff over the horizon.
    pub(crate) payoffs: Payoffs,
    /// Reciprocal steps completed by both sides.
    pub(crate) steps_completed: u32,
    /// Weeks claimed by each [`WeekLabel`].
    pub(crate) weeks: [u16; WeekLabel::COUNT],
    /// Whether a hardliner won the presidency, if the election was held within the horizon.
    pub(crate) hardliner_president: Option<bool>,
    /// The levels at the end.
    pub(crate) last: Snapshot,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_cause_is_the_costliest_obstacle() {
        let mut w = [0u16; WeekLabel::COUNT];
        w[WeekLabel::Blocked(Cause::Veto).index()] = 5;
        w[WeekLabel::Blocked(Cause::Standoff).index()] = 9;
        w[WeekLabel::Progress.index()] = 70;
        assert_eq!(Cause::primary(&w), Cause::Standoff);
        w[WeekLabel::Blocked(Cause::Veto).index()] = 9;
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

    #[test]
    fn week_labels_are_progress_then_every_cause_but_the_horizon() {
        let names: Vec<&str> = WeekLabel::ALL.iter().map(|l| l.name()).collect();
        assert_eq!(
            names,
            [
                "progress",
                "veto",
                "misunderstanding",
                "defection",
                "shock",
                "election_freeze",
                "standoff"
            ]
        );
        for (i, label) in WeekLabel::ALL.iter().enumerate() {
            assert_eq!(label.index(), i);
        }
    }
}
