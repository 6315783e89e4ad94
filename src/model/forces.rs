//! Events made to happen in a trial (`--force`, `[[force]]`; `docs/model.md` §22): nature's draw
//! or a player's choice replaced at one point. The players are not told: the solved strategies are
//! played as they are.

/// Something made to happen at the start of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dated {
    /// A shock of this type (index into the scenario's shock types).
    Shock(usize),
    /// Talks open, if they are closed and Iran could open them.
    TalksOpen,
}

/// The forced events of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Forces {
    /// The vote's winner, if forced: a hardliner (`true`) or a moderate.
    pub election: Option<bool>,
    /// Days of the Board meetings that censure Iran.
    pub censures: Vec<u32>,
    /// Events added at the start of a day, in day order (stable for one day).
    pub dated: Vec<(u32, Dated)>,
}

impl Forces {
    /// Whether nothing is forced.
    pub fn is_empty(&self) -> bool {
        self.election.is_none() && self.censures.is_empty() && self.dated.is_empty()
    }
}
