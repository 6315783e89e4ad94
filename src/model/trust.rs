//! Trust each way, and how it moves with what each side observes.
//!
//! A side's trust is its subjective probability that the other side will reciprocate a step in
//! full. It has two parts:
//!
//! * the *lasting* level, the lesson drawn from the other side's conduct: it rises when the other
//!   side performs its half of a step (a share of the distance to 1) and falls, by a share of its
//!   level, when the other side lets a step lapse or qualifies its relief;
//! * the *current* level, which moves with the lasting level but also takes the hits of the
//!   atmosphere — shocks, censures, misread messages — and recovers from them towards the lasting
//!   level with a half-life.
//!
//! Decisions use the current level. Multiplicative losses keep trust in [0, 1] and make each
//! setback hurt more when trust is high, which is what the articles describe: mistrust deepened by a
//! US that reimposed sanctions on a complying Iran, by refused assurances, and by incidents that
//! sour the atmosphere for a while.

use crate::model::outcome::Actor;

/// Each side's trust in the other.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Trust {
    current: [f64; 2],
    lasting: [f64; 2],
}

impl Trust {
    /// Initial trust of Iran (in the US) and of the US (in Iran), clamped to [0, 1].
    pub(crate) fn new(iran: f64, us: f64) -> Trust {
        let levels = [iran.clamp(0.0, 1.0), us.clamp(0.0, 1.0)];
        Trust {
            current: levels,
            lasting: levels,
        }
    }

    /// The trust `holder` has in the other side now.
    pub(crate) fn of(&self, holder: Actor) -> f64 {
        self.current[holder.index()]
    }

    /// The lasting part of `holder`'s trust, to which the current level recovers.
    pub(crate) fn lasting(&self, holder: Actor) -> f64 {
        self.lasting[holder.index()]
    }

    /// `holder` saw the other side perform its half of a step: trust moves a share `gain` of the
    /// way to 1.
    pub(crate) fn observe_cooperation(&mut self, holder: Actor, gain: f64) {
        let i = holder.index();
        for t in [&mut self.current[i], &mut self.lasting[i]] {
            *t += gain.clamp(0.0, 1.0) * (1.0 - *t);
        }
    }

    /// `holder` saw the other side defect (a lapsed step, qualified relief): a share `loss` of
    /// trust is lost for good.
    pub(crate) fn observe_defection(&mut self, holder: Actor, loss: f64) {
        let i = holder.index();
        let keep = 1.0 - loss.clamp(0.0, 1.0);
        self.current[i] *= keep;
        self.lasting[i] *= keep;
    }

    /// The atmosphere sours for `holder` (a shock, a censure, a misread message): a share `loss`
    /// of current trust is lost until it recovers.
    pub(crate) fn sour(&mut self, holder: Actor, loss: f64) {
        self.current[holder.index()] *= 1.0 - loss.clamp(0.0, 1.0);
    }

    /// Both sides' current trust recovers a share `share` of its gap to the lasting level.
    pub(crate) fn recover(&mut self, share: f64) {
        for i in 0..2 {
            self.current[i] += (self.lasting[i] - self.current[i]) * share;
        }
    }

    /// Multiplies `holder`'s trust, current and lasting, by `factor` (clamped to [0, 1]): a new
    /// government's different starting point, or assurances refused from the start.
    pub(crate) fn rescale(&mut self, holder: Actor, factor: f64) {
        let i = holder.index();
        self.current[i] = (self.current[i] * factor).clamp(0.0, 1.0);
        self.lasting[i] = (self.lasting[i] * factor).clamp(0.0, 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cooperation_raises_and_defection_lowers_within_bounds() {
        let mut t = Trust::new(0.2, 0.5);
        t.observe_cooperation(Actor::Iran, 0.5);
        assert!((t.of(Actor::Iran) - 0.6).abs() < 1e-12);
        t.observe_defection(Actor::Us, 0.5);
        assert!((t.of(Actor::Us) - 0.25).abs() < 1e-12);
        assert!((t.lasting(Actor::Us) - 0.25).abs() < 1e-12);
        for _ in 0..100 {
            t.observe_cooperation(Actor::Iran, 1.0);
            t.observe_defection(Actor::Us, 2.0);
        }
        assert_eq!(t.of(Actor::Iran), 1.0);
        assert_eq!(t.of(Actor::Us), 0.0);
        let clamped = Trust::new(-1.0, 3.0);
        assert_eq!((clamped.of(Actor::Iran), clamped.of(Actor::Us)), (0.0, 1.0));
    }

    #[test]
    fn soured_trust_recovers_to_the_lasting_level() {
        let mut t = Trust::new(0.4, 0.4);
        t.sour(Actor::Iran, 0.5);
        assert!((t.of(Actor::Iran) - 0.2).abs() < 1e-12);
        assert_eq!(t.lasting(Actor::Iran), 0.4);
        for _ in 0..200 {
            t.recover(0.1);
        }
        assert!((t.of(Actor::Iran) - 0.4).abs() < 1e-6);
        assert_eq!(t.of(Actor::Us), 0.4);
    }
}
