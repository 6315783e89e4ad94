//! What claimed each stretch of a trial's time (`docs/model.md` §12): every moment gets exactly
//! one [`TimeLabel`], and a failed trial's primary cause is the obstacle that claimed the most
//! days.

use crate::model::game::Game;
use crate::model::game::positions::Phase;
use crate::model::game::states::{StateId, Talks};
use crate::model::game::timeline::Regime;
use crate::model::outcome::{Cause, TimeLabel};

/// Days claimed by each label so far, with the two facts the rules need from the trial's past.
#[derive(Clone, Debug, Default)]
pub(super) struct Labels {
    /// Days per [`TimeLabel`], indexed by [`TimeLabel::index`].
    pub(super) days: [f64; TimeLabel::COUNT],
    /// Whether the last attempted move was vetoed and nothing has moved since.
    vetoed: bool,
    /// What undid the roadmap last, while it has not advanced since.
    setback: Option<Cause>,
}

impl Labels {
    /// Spends `dt` days in state `s` under `regime`. While Iran's engagement is frozen (factor
    /// `e < 1`) and the state waits on Iran, the share `1 − e` of the time is the election freeze;
    /// the rest goes to the state's own label.
    pub(super) fn spend(&mut self, g: &Game, s: StateId, regime: &Regime, dt: f64) {
        let info = &g.info[s];
        let iran_needed =
            !info.iran.is_empty() || info.roadmap_up.is_some() || info.joint.is_some();
        let frozen = if iran_needed {
            1.0 - regime.engagement.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if frozen > 0.0 {
            self.days[TimeLabel::Blocked(Cause::ElectionFreeze).index()] += frozen * dt;
        }
        self.days[self.label(g, s).index()] += (1.0 - frozen) * dt;
    }

    /// The label of live state `s`: negotiating an agreed roadmap is progress (or the setback
    /// that undid it); a first move or qualified relief awaiting its answer is defection; a turn
    /// nobody takes is a standoff, unless the hardliners blocked the last attempt.
    fn label(&self, g: &Game, s: StateId) -> TimeLabel {
        let st = g.space.list[s];
        let pos = st.pos as usize;
        if st.talks != Talks::Closed
            && g.positions.waits_for_roadmap(pos)
            && g.info[s].roadmap_up.is_some()
        {
            return self.setback.map_or(TimeLabel::Progress, TimeLabel::Blocked);
        }
        if self.vetoed {
            return TimeLabel::Blocked(Cause::Veto);
        }
        match g.positions.list[pos].phase {
            Phase::AwaitUs { .. }
            | Phase::AwaitIran { .. }
            | Phase::RemedialFull
            | Phase::RemedialPartial
            | Phase::RemedialAwait => TimeLabel::Blocked(Cause::Defection),
            Phase::Open | Phase::Done => TimeLabel::Blocked(Cause::Standoff),
        }
    }

    /// A move went through: the veto and any setback are behind.
    pub(super) fn progress(&mut self) {
        self.vetoed = false;
        self.setback = None;
    }

    /// The hardliners blocked a move.
    pub(super) fn vetoed(&mut self) {
        self.vetoed = true;
    }

    /// The roadmap advanced a stage.
    pub(super) fn roadmap_progress(&mut self) {
        self.setback = None;
    }

    /// The roadmap lost a stage to `cause` (a misread message or a shock).
    pub(super) fn setback(&mut self, cause: Cause) {
        self.setback = Some(cause);
    }
}
