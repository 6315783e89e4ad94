//! The rules of a scenario's game: its calendar and dated events, which mechanisms are on, the
//! sequencing protocol and how many shock types it defines. Together with the parameters they are
//! everything [`play_trial`](crate::model::trial::play_trial) needs; a validated scenario owns them
//! and hands them over.

use crate::model::calendar::{Calendar, Date};
use crate::model::protocol::{Protocol, name_in};

/// Everything a trial needs besides its parameters and its random stream.
#[derive(Clone, Debug)]
pub struct Rules {
    /// The simulation clock.
    pub(crate) calendar: Calendar,
    /// Dated events as steps.
    pub(crate) schedule: Schedule,
    /// Mechanism switches.
    pub(crate) mechanisms: Mechanisms,
    /// The sequencing protocol.
    pub(crate) protocol: Protocol,
    /// Number of shock types whose parameters are set (in the first slots of the shock array).
    pub(crate) shock_count: usize,
}

/// Iran's election dates, as dates and as step indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElectionDates {
    /// Start of the campaign (progress is frozen in part from here).
    pub(crate) campaign_start: Date,
    /// The vote.
    pub(crate) election: Date,
    /// The new president takes office; the new government's stance applies from here.
    pub(crate) inauguration: Date,
    /// Step of `campaign_start`.
    pub(crate) campaign_step: usize,
    /// Step of `election`.
    pub election_step: usize,
    /// Step of `inauguration`.
    pub(crate) inauguration_step: usize,
}

/// The dated events of a scenario, converted to steps once.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// The election, if the mechanism is on.
    pub election: Option<ElectionDates>,
    /// Expiry of the IAEA monitoring understanding, if the IAEA mechanism is on.
    pub(crate) monitoring_deadline: Option<(Date, usize)>,
    /// IAEA Board meetings within the horizon, if the IAEA mechanism is on.
    pub(crate) board_meetings: Vec<(Date, usize)>,
    board_step: Vec<bool>,
}

impl Schedule {
    /// Builds the schedule, marking which steps hold a Board meeting.
    pub(crate) fn new(
        calendar: &Calendar,
        election: Option<ElectionDates>,
        monitoring_deadline: Option<(Date, usize)>,
        board_meetings: Vec<(Date, usize)>,
    ) -> Schedule {
        let mut board_step = vec![false; calendar.steps()];
        for &(_, step) in &board_meetings {
            if let Some(b) = board_step.get_mut(step) {
                *b = true;
            }
        }
        Schedule {
            election,
            monitoring_deadline,
            board_meetings,
            board_step,
        }
    }

    /// Whether the IAEA Board meets during `step`.
    pub(crate) fn is_board_step(&self, step: usize) -> bool {
        self.board_step.get(step).copied().unwrap_or(false)
    }
}

/// How the talks channel may evolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChannelPolicy {
    /// Indirect talks through the Europeans only.
    Indirect,
    /// Direct talks from the moment talks open.
    Direct,
    /// Indirect talks, which Iran may upgrade to direct talks when its payoffs favour it.
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
    /// The election calendar: campaign freeze, proximity boost, change of government (M8).
    pub(crate) election: bool,
    /// The IAEA deadline and Board censures (M9).
    pub(crate) iaea: bool,
    /// Linkage of re-entry to non-nuclear issues (M6).
    pub(crate) linkage: bool,
    /// Exogenous shocks (M10).
    pub(crate) shocks: bool,
}
