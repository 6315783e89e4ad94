//! The discrete part of the strategic state: protocol position, talks and roadmap, IAEA
//! monitoring, the election result and whether the trial has ended. Beliefs are the continuous
//! part ([`beliefs`](super::beliefs)).

use std::collections::HashMap;
use std::ops::{Index, IndexMut};

use super::positions::{Phase, Positions};

/// The index of a discrete state in the game's [`StateSpace`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateId(u32);

impl StateId {
    /// The state at `index` in the state space.
    pub(crate) fn from_index(index: usize) -> StateId {
        StateId(u32::try_from(index).unwrap_or(u32::MAX))
    }

    /// Its position in the state space (and in every [`PerState`] table).
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// A table with one entry per state, indexed by [`StateId`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PerState<T>(pub(crate) Vec<T>);

impl<T> Default for PerState<T> {
    fn default() -> PerState<T> {
        PerState(Vec::new())
    }
}

impl<T> PerState<T> {
    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Appends the entry of the next state.
    pub(crate) fn push(&mut self, value: T) {
        self.0.push(value);
    }

    /// Every state's id, in order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = StateId> + use<T> {
        (0..self.0.len()).map(StateId::from_index)
    }

    /// Every entry with its state's id.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (StateId, &T)> {
        self.0
            .iter()
            .enumerate()
            .map(|(i, v)| (StateId::from_index(i), v))
    }
}

impl<T> FromIterator<T> for PerState<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> PerState<T> {
        PerState(iter.into_iter().collect())
    }
}

impl<T> Index<StateId> for PerState<T> {
    type Output = T;
    fn index(&self, s: StateId) -> &T {
        &self.0[s.index()]
    }
}

impl<T> IndexMut<StateId> for PerState<T> {
    fn index_mut(&mut self, s: StateId) -> &mut T {
        &mut self.0[s.index()]
    }
}

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
    pub(crate) list: PerState<State>,
    index: HashMap<State, StateId>,
}

impl StateSpace {
    /// The id of `s`, adding it if new (and saying so).
    pub(crate) fn insert(&mut self, s: State) -> (StateId, bool) {
        if let Some(&i) = self.index.get(&s) {
            return (i, false);
        }
        let i = StateId::from_index(self.list.len());
        self.list.push(s);
        self.index.insert(s, i);
        (i, true)
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// Every state's id, in order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = StateId> + use<> {
        self.list.ids()
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
