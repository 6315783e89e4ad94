//! The discrete part of the strategic state: protocol position, talks and roadmap, IAEA
//! monitoring, the election result and whether the trial has ended. Beliefs are the continuous
//! part ([`beliefs`](super::beliefs)).

use std::collections::HashMap;

use super::positions::{Phase, Positions};

/// The talks channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Talks {
    Closed,
    Indirect,
    Direct,
}

/// The IAEA's access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Monitoring {
    /// The understanding (or an extension of it) is in force.
    Active,
    /// It lapsed, or Iran scrapped it.
    Lapsed,
    /// Restored by a completed step, or not tracked (IAEA switched off).
    Settled,
}

/// The presidential election's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Winner {
    /// The vote has not been held (or there is no election).
    None,
    Hardliner,
    Moderate,
}

/// Whether the game goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Status {
    Live,
    Restored,
    Collapsed,
}

/// A discrete state. `roadmap` counts agreed roadmap stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct State {
    pub(crate) pos: u16,
    pub(crate) talks: Talks,
    pub(crate) roadmap: u8,
    pub(crate) monitoring: Monitoring,
    pub(crate) winner: Winner,
    pub(crate) status: Status,
}

/// Every state the game can reach, indexed.
#[derive(Clone, Debug, Default)]
pub(crate) struct StateSpace {
    pub(crate) list: Vec<State>,
    index: HashMap<State, u32>,
}

impl StateSpace {
    /// The index of `s`, adding it if new (and saying so).
    pub(crate) fn insert(&mut self, s: State) -> (usize, bool) {
        if let Some(&i) = self.index.get(&s) {
            return (i as usize, false);
        }
        let i = self.list.len();
        self.list.push(s);
        self.index.insert(s, i as u32);
        (i, true)
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }
}

/// Puts a state into canonical form: components that can no longer matter take one fixed value,
/// so that states that play identically are one state.
pub(crate) fn canonical(mut s: State, positions: &Positions, stages: u8, iaea: bool) -> State {
    let pos = positions.list[s.pos as usize];
    if s.status != Status::Live {
        // An ended trial keeps its levels (payoff flows run on) and the election result; whether
        // talks were open still matters for the empty-handed cost.
        s.roadmap = 0;
        if s.status == Status::Restored {
            s.talks = Talks::Direct;
            s.monitoring = Monitoring::Settled;
        }
        return s;
    }
    if pos.phase == Phase::Done && positions.done_is_full {
        s.status = Status::Restored;
        return canonical(s, positions, stages, iaea);
    }
    if !iaea || pos.monitoring_restored {
        s.monitoring = Monitoring::Settled;
    }
    let relevant = positions.roadmap_relevant(s.pos as usize);
    if s.talks == Talks::Closed || !relevant {
        s.roadmap = if relevant { 0 } else { stages };
    }
    s
}
