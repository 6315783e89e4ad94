//! How the equilibrium was played, counted over trials: for each sequential first move, what the
//! mover expected and what happened (the `beliefs` rows of `summary.json`), and how often each
//! side committed to a choreographed joint move.
//!
//! *Expected* is the solver's predictive probability, at the mover's state and belief when it
//! moves, that the other side performs its half in full within the reciprocation window; it comes
//! from the solved strategies, never from counting trials. *Realised* counts the first moves so
//! answered. In equilibrium the two agree up to Monte Carlo error (`docs/model.md` §13).

use serde::{Deserialize, Serialize};

use crate::model::game::UsAnswer;
use crate::model::observer::{Event, Observer};
use crate::model::outcome::{Actor, Snapshot, TrialResult};
use crate::model::protocol::{Order, Protocol};
use crate::stats::{fixed_mean, fixed_term};

use super::trajectory::TrajectoryRecorder;

/// First moves of one kind: one protocol step, one mover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstMoves {
    /// Protocol step (0-based).
    pub step: usize,
    /// Who moves first.
    pub mover: Actor,
    /// First moves made.
    pub decisions: u64,
    /// Sum of the expected probabilities of a full answer, fixed point (×2^20).
    pub expected_sum: i128,
    /// First moves answered in full within the window.
    pub realised: u64,
    /// First moves made although waiting was worth more to the mover (`Q(act) < Q(wait)`).
    pub against_advantage: u64,
}

impl FirstMoves {
    /// Mean expected probability of a full answer.
    pub fn expected(&self) -> Option<f64> {
        (self.decisions > 0).then(|| fixed_mean(self.expected_sum, self.decisions))
    }

    /// Share of first moves answered in full.
    pub fn realised_share(&self) -> Option<f64> {
        (self.decisions > 0).then(|| self.realised as f64 / self.decisions as f64)
    }
}

/// Choreographed joint moves at one protocol step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointMoves {
    /// Protocol step (0-based).
    pub step: usize,
    /// Times the mediator sought the US's conditional commitment.
    pub attempts: u64,
    /// The US committed with full relief.
    pub us_full: u64,
    /// The US committed with qualified relief.
    pub us_qualified: u64,
    /// Sum of Iran's predictive probability that the US commits (either way), fixed point
    /// (×2^20).
    pub expected_us_sum: i128,
    /// Times Iran was asked (the US had committed).
    pub iran_asked: u64,
    /// Iran committed.
    pub iran_commits: u64,
    /// Sum of the US's predictive probability that Iran commits when asked, fixed point.
    pub expected_iran_sum: i128,
}

/// Every first-move kind and joint step of a protocol, with their counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayTally {
    /// Sequential first moves: each step whose `first` is `iran` or `us`, and both sides'
    /// concessions in steps whose `first` is `either` (Iran's row first).
    pub first_moves: Vec<FirstMoves>,
    /// Joint (`together`) steps.
    pub joint: Vec<JointMoves>,
}

impl PlayTally {
    /// Empty counts for `protocol`'s steps.
    pub fn new(protocol: &Protocol) -> PlayTally {
        let mut first_moves = Vec::new();
        let mut joint = Vec::new();
        for (step, s) in protocol.steps().iter().enumerate() {
            let movers: &[Actor] = match s.order {
                Order::Iran => &[Actor::Iran],
                Order::Us => &[Actor::Us],
                Order::Either => &[Actor::Iran, Actor::Us],
                Order::Together => {
                    joint.push(JointMoves {
                        step,
                        attempts: 0,
                        us_full: 0,
                        us_qualified: 0,
                        expected_us_sum: 0,
                        iran_asked: 0,
                        iran_commits: 0,
                        expected_iran_sum: 0,
                    });
                    &[]
                }
            };
            for &mover in movers {
                first_moves.push(FirstMoves {
                    step,
                    mover,
                    decisions: 0,
                    expected_sum: 0,
                    realised: 0,
                    against_advantage: 0,
                });
            }
        }
        PlayTally { first_moves, joint }
    }

    /// Adds another tally of the same protocol.
    pub(crate) fn merge(&mut self, other: &PlayTally) {
        for (a, b) in self.first_moves.iter_mut().zip(&other.first_moves) {
            a.decisions += b.decisions;
            a.expected_sum += b.expected_sum;
            a.realised += b.realised;
            a.against_advantage += b.against_advantage;
        }
        for (a, b) in self.joint.iter_mut().zip(&other.joint) {
            a.attempts += b.attempts;
            a.us_full += b.us_full;
            a.us_qualified += b.us_qualified;
            a.expected_us_sum += b.expected_us_sum;
            a.iran_asked += b.iran_asked;
            a.iran_commits += b.iran_commits;
            a.expected_iran_sum += b.expected_iran_sum;
        }
    }

    /// Checks counts read from a file: each row's answers within its moves.
    pub(crate) fn check(&self) -> Result<(), String> {
        for r in &self.first_moves {
            if r.realised > r.decisions || r.against_advantage > r.decisions {
                return Err(format!(
                    "step {}: more answers than first moves",
                    r.step + 1
                ));
            }
            let most = i128::from(r.decisions) << 20;
            if !(0..=most).contains(&r.expected_sum) {
                return Err(format!(
                    "step {}: expected probabilities out of range",
                    r.step + 1
                ));
            }
        }
        for r in &self.joint {
            let us = r.us_full.checked_add(r.us_qualified);
            if us.is_none_or(|u| u > r.attempts) || r.iran_commits > r.iran_asked {
                return Err(format!(
                    "step {}: more commitments than attempts",
                    r.step + 1
                ));
            }
            let (us_most, iran_most) =
                (i128::from(r.attempts) << 20, i128::from(r.iran_asked) << 20);
            if !(0..=us_most).contains(&r.expected_us_sum)
                || !(0..=iran_most).contains(&r.expected_iran_sum)
            {
                return Err(format!(
                    "step {}: expected probabilities out of range",
                    r.step + 1
                ));
            }
        }
        Ok(())
    }

    /// Whether `other` counts the same rows.
    pub(crate) fn compatible(&self, other: &PlayTally) -> bool {
        let firsts = |t: &PlayTally| {
            t.first_moves
                .iter()
                .map(|r| (r.step, r.mover))
                .collect::<Vec<_>>()
        };
        let joints = |t: &PlayTally| t.joint.iter().map(|r| r.step).collect::<Vec<_>>();
        firsts(self) == firsts(other) && joints(self) == joints(other)
    }

    /// First moves made against the mover's advantage, over all rows, and all first moves.
    pub fn against_advantage(&self) -> (u64, u64) {
        self.first_moves.iter().fold((0, 0), |(a, n), r| {
            (a + r.against_advantage, n + r.decisions)
        })
    }
}

/// Watches one trial for the summary: counts its first moves and joint moves into a
/// [`PlayTally`] and, for the trials whose levels are recorded, feeds the trajectory recorder.
pub struct PlayObserver<'a> {
    tally: &'a mut PlayTally,
    levels: Option<TrajectoryRecorder<'a>>,
    /// The row of the first move awaiting its answer.
    pending: Option<usize>,
}

impl<'a> PlayObserver<'a> {
    /// An observer counting into `tally`, recording levels through `levels` if given.
    pub(crate) fn new(tally: &'a mut PlayTally, levels: Option<TrajectoryRecorder<'a>>) -> Self {
        PlayObserver {
            tally,
            levels,
            pending: None,
        }
    }
}

impl Observer for PlayObserver<'_> {
    fn wants_levels(&self) -> bool {
        self.levels.is_some()
    }

    fn event(&mut self, _day: f64, event: Event) {
        match event {
            Event::FirstMove {
                step,
                mover,
                expected,
                against_advantage,
            } => {
                self.pending = self
                    .tally
                    .first_moves
                    .iter()
                    .position(|r| r.step == step && r.mover == mover);
                if let Some(i) = self.pending {
                    let row = &mut self.tally.first_moves[i];
                    row.decisions += 1;
                    row.expected_sum += fixed_term(expected);
                    row.against_advantage += u64::from(against_advantage);
                }
            }
            Event::FirstMoveSettled { answered } => {
                if let Some(i) = self.pending.take() {
                    self.tally.first_moves[i].realised += u64::from(answered);
                }
            }
            Event::JointAttempt {
                step,
                us_full,
                us_qualified,
                us_choice,
                iran,
                beliefs: (mi, mu),
                ..
            } => {
                if let Some(row) = self.tally.joint.iter_mut().find(|r| r.step == step) {
                    row.attempts += 1;
                    row.us_full += u64::from(us_choice == UsAnswer::Full);
                    row.us_qualified += u64::from(us_choice == UsAnswer::Qualified);
                    let us = [us_full[0] + us_qualified[0], us_full[1] + us_qualified[1]];
                    row.expected_us_sum += fixed_term(mi * us[0] + (1.0 - mi) * us[1]);
                    if let Some((commit, _, commits)) = iran {
                        row.iran_asked += 1;
                        row.iran_commits += u64::from(commits);
                        row.expected_iran_sum +=
                            fixed_term(mu * commit[0] + (1.0 - mu) * commit[1]);
                    }
                }
            }
            _ => {}
        }
    }

    fn step_end(&mut self, step: usize, snapshot: &Snapshot) {
        if let Some(levels) = &mut self.levels {
            levels.step_end(step, snapshot);
        }
    }

    fn trial_end(&mut self, result: &TrialResult, steps: usize) {
        if let Some(levels) = &mut self.levels {
            levels.trial_end(result, steps);
        }
    }
}
