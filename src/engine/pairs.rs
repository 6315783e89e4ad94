//! Paired statistics: how each scenario of a lockstep run compares with the reference, trial by
//! trial. Trial `i` of every scenario draws from the same stream (common random numbers), so the
//! joint outcomes and payoff differences give much narrower intervals than independent runs.

use crate::model::outcome::{Actor, Outcome, TrialResult};
use crate::stats::{Difference, fixed_square_term, fixed_term, mean_and_variance};

/// How one scenario's trials compare with the reference scenario's, trial by trial.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PairStats {
    /// `joint[a][b]`: trials where the reference ended `a` and this scenario ended `b`.
    pub(crate) joint: [[u64; 4]; 4],
    /// Sum over trials of (this payoff − reference payoff), per actor, fixed point (×2^20).
    pub(crate) payoff_diff_sum: [i128; 2],
    /// Sum of squared differences, each ×2^10 before squaring.
    pub(crate) payoff_diff_squares: [i128; 2],
}

impl PairStats {
    pub(crate) fn add(&mut self, reference: &TrialResult, this: &TrialResult) {
        self.joint[reference.outcome.index()][this.outcome.index()] += 1;
        for actor in Actor::ALL {
            let d = this.payoffs.of(actor) - reference.payoffs.of(actor);
            self.payoff_diff_sum[actor.index()] += fixed_term(d);
            self.payoff_diff_squares[actor.index()] += fixed_square_term(d);
        }
    }

    pub(crate) fn merge(&mut self, other: &PairStats) {
        for (a, b) in self.joint.iter_mut().zip(&other.joint) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for i in 0..2 {
            self.payoff_diff_sum[i] += other.payoff_diff_sum[i];
            self.payoff_diff_squares[i] += other.payoff_diff_squares[i];
        }
    }

    fn trials(&self) -> u64 {
        self.joint.iter().flatten().sum()
    }

    /// The paired difference P(this ends `o`) − P(reference ends `o`) with its 95% interval.
    pub(crate) fn outcome_difference(&self, o: Outcome) -> Difference {
        let n = self.trials();
        let (p_ref, p_this, p_both) = if n == 0 {
            (0.0, 0.0, 0.0)
        } else {
            let i = o.index();
            let reference: u64 = self.joint[i].iter().sum();
            let this: u64 = self.joint.iter().map(|row| row[i]).sum();
            let nf = n as f64;
            (
                reference as f64 / nf,
                this as f64 / nf,
                self.joint[i][i] as f64 / nf,
            )
        };
        let d = p_this - p_ref;
        let variance = (p_ref + p_this - 2.0 * p_both - d * d).max(0.0);
        Difference::new(d, variance, n)
    }

    /// The paired difference in mean payoff of `actor` with its 95% interval.
    pub(crate) fn payoff_difference(&self, actor: Actor) -> Difference {
        let n = self.trials();
        let (mean, variance) = mean_and_variance(
            self.payoff_diff_sum[actor.index()],
            self.payoff_diff_squares[actor.index()],
            n,
        );
        Difference::new(mean, variance, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Z95;

    #[test]
    fn paired_difference_of_identical_results_is_exactly_zero() {
        let mut p = PairStats::default();
        p.joint[0][0] = 40;
        p.joint[2][2] = 60;
        let d = p.outcome_difference(Outcome::Restored);
        assert_eq!((d.estimate, d.low, d.high), (0.0, 0.0, 0.0));
        let pay = p.payoff_difference(Actor::Iran);
        assert_eq!((pay.estimate, pay.low, pay.high), (0.0, 0.0, 0.0));
    }

    #[test]
    fn paired_difference_matches_hand_computation() {
        // 100 trials: reference restored in 50, this one in 60; both in 45.
        let mut p = PairStats::default();
        p.joint[0][0] = 45;
        p.joint[0][2] = 5;
        p.joint[2][0] = 15;
        p.joint[2][2] = 35;
        let d = p.outcome_difference(Outcome::Restored);
        assert!((d.estimate - 0.10).abs() < 1e-12);
        // Var(D) = 0.5 + 0.6 - 2 * 0.45 - 0.01 = 0.19.
        let half = Z95 * (0.19f64 / 100.0).sqrt();
        assert!((d.high - d.estimate - half).abs() < 1e-12);
    }
}
