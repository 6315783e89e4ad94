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

/// An event made to happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Forcing {
    /// The vote, when held, is won by a hardliner (`true`) or a moderate.
    Election(bool),
    /// A shock of type `kind` (index into the scenario's shock names) happens on `day`.
    Shock {
        /// Shock type.
        kind: usize,
        /// Day.
        day: u32,
    },
    /// The Board meeting on `day` censures Iran.
    Censure(u32),
    /// Talks open on `day` if they are not open yet and Iran could open them.
    TalksOpen(u32),
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
    /// The forces of the events `force`, listed in layer order (the scenario layer refuses two
    /// forced elections with different winners).
    pub(crate) fn of(force: &[Forcing]) -> Forces {
        let mut out = Forces::default();
        for f in force {
            match *f {
                Forcing::Election(h) => out.election = Some(h),
                Forcing::Censure(day) => out.censures.push(day),
                Forcing::Shock { kind, day } => out.dated.push((day, Dated::Shock(kind))),
                Forcing::TalksOpen(day) => out.dated.push((day, Dated::TalksOpen)),
            }
        }
        out.dated.sort_by_key(|(day, _)| *day);
        out
    }

    /// Whether nothing is forced.
    pub fn is_empty(&self) -> bool {
        self.election.is_none() && self.censures.is_empty() && self.dated.is_empty()
    }
}
