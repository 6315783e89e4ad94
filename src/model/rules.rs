//! The rules of a scenario's game: its calendar and dated events, which mechanisms are on, the
//! sequencing protocol, how many shock types it defines and the numerical settings of the
//! equilibrium solve. Together with the parameters they are everything the game needs; a
//! validated scenario owns them and hands them over.

use crate::model::calendar::{Calendar, Date};
use crate::model::protocol::{Protocol, name_in};

/// Everything the game needs besides its parameters.
#[derive(Clone, Debug)]
pub struct Rules {
    /// The simulation clock.
    pub(crate) calendar: Calendar,
    /// Dated events.
    pub(crate) schedule: Schedule,
    /// Mechanism switches.
    pub(crate) mechanisms: Mechanisms,
    /// The sequencing protocol.
    pub(crate) protocol: Protocol,
    /// Number of shock types whose parameters are set (in the first slots of the shock array).
    pub(crate) shock_count: usize,
    /// Stages the roadmap is agreed in (its time to agreement is Erlang with this shape).
    pub(crate) roadmap_stages: u8,
    /// Numerical settings of the equilibrium solve.
    pub(crate) solver: SolverSettings,
}

impl Rules {
    /// Everything in the rules that the equilibrium solve reads, compared exactly. The recording
    /// grain `calendar.step_days` is left out: it never changes the game, so scenarios that
    /// differ only in it share one solve.
    pub(crate) fn solve_key(&self) -> RulesKey {
        RulesKey {
            start: self.calendar.start(),
            horizon_days: self.calendar.horizon_days(),
            schedule: self.schedule.clone(),
            mechanisms: self.mechanisms,
            protocol: self.protocol.clone(),
            shock_count: self.shock_count,
            roadmap_stages: self.roadmap_stages,
            solver: self.solver,
        }
    }
}

/// The part of [`Rules`] the equilibrium solve reads (all but the recording grain), with an
/// exact equality (protocol levels compared by their bits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RulesKey {
    start: Date,
    horizon_days: u32,
    schedule: Schedule,
    mechanisms: Mechanisms,
    protocol: Protocol,
    shock_count: usize,
    roadmap_stages: u8,
    solver: SolverSettings,
}

/// Iran's election dates, as dates and as days from the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ElectionDates {
    /// Start of the campaign (Iran's engagement is damped from here).
    pub(crate) campaign_start: Date,
    /// The vote.
    pub(crate) election: Date,
    /// The new president takes office; the new government's stance applies from here.
    pub(crate) inauguration: Date,
    /// Day of `campaign_start`.
    pub(crate) campaign_day: u32,
    /// Day of `election`.
    pub(crate) election_day: u32,
    /// Day of `inauguration`.
    pub(crate) inauguration_day: u32,
}

/// The dated events of a scenario, as dates and days from the start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The election, if the mechanism is on.
    pub(crate) election: Option<ElectionDates>,
    /// Expiry of the IAEA monitoring understanding, if the IAEA mechanism is on.
    pub(crate) monitoring_deadline: Option<(Date, u32)>,
    /// IAEA Board meetings within the horizon, if the IAEA mechanism is on.
    pub(crate) board_meetings: Vec<(Date, u32)>,
}

/// How the talks channel may evolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChannelPolicy {
    /// Indirect talks through the Europeans only.
    Indirect,
    /// Direct talks from the moment talks open.
    Direct,
    /// Indirect talks, which Iran may upgrade to direct talks at any of its decision
    /// opportunities.
    IranChoice,
}

impl ChannelPolicy {
    /// Names used in scenario files.
    pub(crate) const NAMES: [(&'static str, ChannelPolicy); 3] = [
        ("indirect", ChannelPolicy::Indirect),
        ("direct", ChannelPolicy::Direct),
        ("iran_choice", ChannelPolicy::IranChoice),
    ];

    /// The name used in scenario files.
    pub(crate) fn name(self) -> &'static str {
        name_in(&Self::NAMES, self)
    }
}

/// Which mechanisms are switched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mechanisms {
    /// The talks channel policy (M2).
    pub(crate) channel: ChannelPolicy,
    /// The hardliner veto (M7).
    pub(crate) veto: bool,
    /// The election calendar: campaign and transition freeze, the vote, the new government (M8).
    pub(crate) election: bool,
    /// The IAEA deadline and Board censures (M9).
    pub(crate) iaea: bool,
    /// Linkage of re-entry to non-nuclear issues (M6).
    pub(crate) linkage: bool,
    /// Exogenous shocks (M10).
    pub(crate) shocks: bool,
}

/// Numerical settings of the equilibrium solve: none changes the model, only how finely it is
/// computed (`docs/model.md` §16 shows the answers do not move with them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SolverSettings {
    /// Longest slice of the solve's time grid, in days (strategies are constant within a slice).
    pub(crate) slice_days: u32,
    /// Points of each belief grid on [0, 1].
    pub(crate) belief_points: usize,
    /// Days the players expect the game to go on after the horizon (the continuation), exactly
    /// `equilibrium.continuation_months` calendar months.
    pub(crate) continuation_days: u32,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            slice_days: 7,
            belief_points: 7,
            continuation_days: 0,
        }
    }
}
