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
    /// Monitoring has lapsed and escalation reached the collapse threshold, or a side that was
    /// reneged on declared the deal dead.
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
    /// The hardliner veto claimed the most time.
    Veto,
    /// Roadmap setbacks from misread messages claimed the most time.
    Misunderstanding,
    /// Waiting for a side to answer a first move or release withheld relief claimed the most
    /// time.
    Defection,
    /// Roadmap setbacks from shocks claimed the most time.
    Shock,
    /// The election campaign and transition claimed the most time.
    ElectionFreeze,
    /// Neither side would move first: waiting by choice claimed the most time.
    Standoff,
    /// The sides were negotiating the roadmap all along but ran out of time.
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

    /// The primary cause given how many days each label claimed: the obstacle that cost the
    /// trial the most time. Time of progress does not count; a trial that was never blocked
    /// simply ran out of time ([`Cause::Horizon`]). Ties go to the earlier label in
    /// [`TimeLabel::ALL`].
    pub(crate) fn primary(days: &[f64; TimeLabel::COUNT]) -> Cause {
        let mut best = Cause::Horizon;
        let mut best_days = 0.0;
        for label in TimeLabel::ALL {
            let TimeLabel::Blocked(cause) = label else {
                continue;
            };
            let d = days[label.index()];
            if d > best_days {
                best = cause;
                best_days = d;
            }
        }
        best
    }
}

/// What claimed a stretch of the trial's time: progress, or what held the deal up.
///
/// Every moment of a trial gets exactly one label (see `docs/model.md` §12). The time each label
/// claims decides a failed trial's primary [`Cause`], so a blocked stretch is labelled with the
/// cause it counts towards: every cause but [`Cause::Horizon`], which is what a trial that was
/// never blocked ran out of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum TimeLabel {
    /// The roadmap was being negotiated with nothing holding it back.
    Progress,
    /// Something held the deal up: the hardliner veto, a roadmap setback from a misread message or
    /// a shock, a side yet to answer, the election freeze, or a standoff in which the side whose
    /// turn it was chose to wait. Never [`Cause::Horizon`].
    Blocked(Cause),
}

impl TimeLabel {
    /// Number of labels: progress, then every cause but the horizon.
    pub(crate) const COUNT: usize = Cause::COUNT;

    /// All labels, in tie-breaking order for the primary cause: progress, then the causes in
    /// [`Cause::ALL`] order.
    pub(crate) const ALL: [TimeLabel; TimeLabel::COUNT] = {
        let mut all = [TimeLabel::Progress; TimeLabel::COUNT];
        let mut i = 1;
        while i < TimeLabel::COUNT {
            all[i] = TimeLabel::Blocked(Cause::ALL[i - 1]);
            i += 1;
        }
        all
    };

    /// Index into label arrays: progress 0, then each cause one after its own index.
    pub(crate) fn index(self) -> usize {
        match self {
            TimeLabel::Progress => 0,
            TimeLabel::Blocked(cause) => cause.index() + 1,
        }
    }

    /// Lower-case name, as in files: `progress` or the cause's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            TimeLabel::Progress => "progress",
            TimeLabel::Blocked(cause) => cause.name(),
        }
    }
}

/// What ended a collapsed trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollapseTrigger {
    /// Monitoring had lapsed and escalation reached the threshold.
    Escalation,
    /// Iran, reneged on, declared the deal dead.
    IranDeclaredDead,
    /// The US, reneged on, declared the deal dead.
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

/// The levels the reports track over time, read at the end of each recording step.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Iran's belief that the US is reciprocating.
    pub(crate) trust_iran: f64,
    /// The US's belief that Iran is reciprocating.
    pub(crate) trust_us: f64,
    /// Iran's compliance with the JCPOA limits, the law's escalation steps counted (0–1).
    pub(crate) compliance: f64,
    /// US sanctions relief delivered (0–1).
    pub(crate) relief: f64,
    /// The escalation index.
    pub(crate) escalation: f64,
    /// Share of the roadmap agreed (0–1).
    pub(crate) roadmap: f64,
}

/// Everything recorded about one finished trial.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrialResult {
    /// How it ended.
    pub outcome: Outcome,
    /// The day it ended, counted from the start (the horizon for interim and stalemate).
    pub(crate) end_day: f64,
    /// Why it failed; `None` when restored.
    pub(crate) cause: Option<Cause>,
    /// What ended it, for collapses.
    pub(crate) collapse_trigger: Option<CollapseTrigger>,
    /// Each side's payoff over the horizon.
    pub(crate) payoffs: Payoffs,
    /// Reciprocal steps completed by both sides.
    pub(crate) steps_completed: u32,
    /// Days claimed by each [`TimeLabel`], rounded.
    pub(crate) label_days: [u32; TimeLabel::COUNT],
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
        let mut w = [0.0; TimeLabel::COUNT];
        w[TimeLabel::Blocked(Cause::Veto).index()] = 5.0;
        w[TimeLabel::Blocked(Cause::Standoff).index()] = 9.0;
        w[TimeLabel::Progress.index()] = 70.0;
        assert_eq!(Cause::primary(&w), Cause::Standoff);
        w[TimeLabel::Blocked(Cause::Veto).index()] = 9.0;
        assert_eq!(
            Cause::primary(&w),
            Cause::Veto,
            "ties go to the earlier label"
        );
        let mut only_progress = [0.0; TimeLabel::COUNT];
        only_progress[TimeLabel::Progress.index()] = 549.0;
        assert_eq!(Cause::primary(&only_progress), Cause::Horizon);
        assert_eq!(Cause::primary(&[0.0; TimeLabel::COUNT]), Cause::Horizon);
    }

    #[test]
    fn time_labels_are_progress_then_every_cause_but_the_horizon() {
        let names: Vec<&str> = TimeLabel::ALL.iter().map(|l| l.name()).collect();
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
        for (i, label) in TimeLabel::ALL.iter().enumerate() {
            assert_eq!(label.index(), i);
        }
    }
}
