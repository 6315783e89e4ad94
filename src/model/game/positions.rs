//! Protocol positions: where the sides stand in the list of reciprocal steps, the levels each
//! position implies, and the protocol moves that lead from one position to another.
//!
//! A step `k` has Iran's half `a_I = max(c_k, C) − C` and the US's half `a_U = max(r_k, R) − R`,
//! where `C`, `R` are the levels reached before it (the initial levels for the first step). A half
//! of size zero needs nothing from that side: such a step starts in the other side's turn, without
//! a reciprocation window (there is nothing to reverse), and a step with both halves empty is
//! skipped.

use crate::model::outcome::Actor;
use crate::model::protocol::{Order, Step};

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Phase {
    /// Nobody has moved.
    Open,
    /// Iran has performed its half (or had none); the US's half is awaited. `window`: a lapse
    /// reverses Iran's half.
    AwaitUs { window: bool },
    /// The US has performed its half in full (or had none); Iran's half is awaited.
    AwaitIran { window: bool },
    /// Iran's half is performed in full, the US withheld a share of its half.
    RemedialFull,
    /// Both performed the qualified share; the US's withheld share is owed first.
    RemedialPartial,
    /// The US released the withheld share; Iran's remaining share is awaited.
    RemedialAwait,
    /// Every step is completed.
    Done,
}

/// One position: a step and its phase, with the levels it implies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Position {
    pub(crate) step: usize,
    pub(crate) phase: Phase,
    /// Iran's compliance (protocol level).
    pub(crate) compliance: f64,
    /// US relief delivered.
    pub(crate) relief: f64,
    /// Relief withheld under qualification.
    pub(crate) withheld: f64,
    /// Steps completed by both sides (a qualified completion counts).
    pub(crate) steps_completed: u32,
    /// Whether a completed step has restored IAEA monitoring.
    pub(crate) monitoring_restored: bool,
}

/// A protocol move: the position it leads to and the size of the mover's half it performs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Move {
    pub(crate) to: usize,
    /// The mover's half performed (for the cost of conceding first).
    pub(crate) size: f64,
    /// Whether this is a first move (a concession) whose other half is still awaited.
    pub(crate) first_move: bool,
}

/// Where a lapse of the reciprocation window leads and what it undoes. `T` names where it leads:
/// a position here, a state in the game's dynamics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Lapse<T = usize> {
    pub(crate) to: T,
    /// The side whose first move lapsed unanswered (it reverses its half).
    pub(crate) mover: Actor,
    /// The half it reverses, on which it bears its exposure.
    pub(crate) reversed: f64,
    /// Relief the other side (Iran) enjoyed and now loses: what an exploiting Iran pockets.
    pub(crate) pocketed: f64,
}

impl<T> Lapse<T> {
    /// The same lapse leading to `f(to)`.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Lapse<U> {
        Lapse {
            to: f(self.to),
            mover: self.mover,
            reversed: self.reversed,
            pocketed: self.pocketed,
        }
    }
}

/// The joint (choreographed) move of an open `together` step. `T` names where it leads: a
/// position here, a state in the game's dynamics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Joint<T = usize> {
    /// Where a joint move with full relief leads.
    pub(crate) full: T,
    /// Where a joint move with qualified relief leads (if the US can qualify).
    pub(crate) qualified: Option<T>,
    /// Iran's half and the US's (full, qualified) halves, for exposure on a failed attempt.
    pub(crate) iran_half: f64,
    pub(crate) us_half: f64,
    pub(crate) us_qualified_half: f64,
}

impl<T> Joint<T> {
    /// The same move leading to `f` of where it led.
    pub(crate) fn map<U>(self, mut f: impl FnMut(T) -> U) -> Joint<U> {
        Joint {
            full: f(self.full),
            qualified: self.qualified.map(f),
            iran_half: self.iran_half,
            us_half: self.us_half,
            us_qualified_half: self.us_qualified_half,
        }
    }
}

/// Sizes of a step's halves and the levels around it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct StepSizes {
    pub(crate) c_before: f64,
    pub(crate) r_before: f64,
    pub(crate) iran: f64,
    pub(crate) us: f64,
    pub(crate) order: Order,
    pub(crate) needs_roadmap: bool,
    pub(crate) restores_monitoring: bool,
}

/// The compiled protocol: every reachable position and the moves between them.
#[derive(Clone, Debug)]
pub(crate) struct Positions {
    pub(crate) steps: Vec<StepSizes>,
    pub(crate) list: Vec<Position>,
    /// Iran's protocol move from each position (first move, reciprocation, completion).
    pub(crate) iran_move: Vec<Option<Move>>,
    /// The US's move with full relief (first move, reciprocation, release).
    pub(crate) us_full: Vec<Option<Move>>,
    /// The US's move with qualified relief (answering Iran's first move only).
    pub(crate) us_qualified: Vec<Option<Move>>,
    /// Where a lapse of the reciprocation window leads.
    pub(crate) lapse: Vec<Option<Lapse>>,
    /// The choreographed joint move.
    pub(crate) joint: Vec<Option<Joint>>,
    pub(crate) initial: usize,
    /// Whether `Done` is full restoration (compliance and relief both 1).
    pub(crate) done_is_full: bool,
}

const FULL: f64 = 1.0 - 1e-9;

impl Positions {
    /// Every position reachable from the first step's start, with the moves between them.
    /// `share` is the share of a relief half the US withholds when it qualifies.
    pub(crate) fn compile(specs: &[Step], c0: f64, r0: f64, share: f64) -> Positions {
        let mut steps = Vec::new();
        let (mut c, mut r) = (c0, r0);
        for s in specs {
            let c_after = c.max(s.iran_target);
            let r_after = r.max(s.us_target);
            steps.push(StepSizes {
                c_before: c,
                r_before: r,
                iran: c_after - c,
                us: r_after - r,
                order: s.order,
                needs_roadmap: s.needs_roadmap,
                restores_monitoring: s.restores_monitoring,
            });
            c = c_after;
            r = r_after;
        }
        let mut p = Positions {
            steps,
            list: Vec::new(),
            iran_move: Vec::new(),
            us_full: Vec::new(),
            us_qualified: Vec::new(),
            lapse: Vec::new(),
            joint: Vec::new(),
            initial: 0,
            done_is_full: c >= FULL && r >= FULL,
        };
        p.initial = p.intern(p.start_of(0));
        let mut i = 0;
        while i < p.list.len() {
            let pos = p.list[i];
            let (iran, full, qual, lapse, joint) = p.moves_from(pos, share);
            p.iran_move[i] = iran;
            p.us_full[i] = full;
            p.us_qualified[i] = qual;
            p.lapse[i] = lapse;
            p.joint[i] = joint;
            i += 1;
        }
        p
    }

    fn intern(&mut self, pos: Position) -> usize {
        if let Some(i) = self
            .list
            .iter()
            .position(|q| q.step == pos.step && q.phase == pos.phase)
        {
            return i;
        }
        self.list.push(pos);
        self.iran_move.push(None);
        self.us_full.push(None);
        self.us_qualified.push(None);
        self.lapse.push(None);
        self.joint.push(None);
        self.list.len() - 1
    }

    fn restored_before(&self, k: usize) -> bool {
        self.steps[..k].iter().any(|s| s.restores_monitoring)
    }

    /// The canonical starting position of step `k` (skipping empty steps).
    fn start_of(&self, k: usize) -> Position {
        let mut k = k;
        while k < self.steps.len() && self.steps[k].iran <= 0.0 && self.steps[k].us <= 0.0 {
            k += 1;
        }
        if k >= self.steps.len() {
            let (c, r) = self.after_all();
            return Position {
                step: self.steps.len(),
                phase: Phase::Done,
                compliance: c,
                relief: r,
                withheld: 0.0,
                steps_completed: self.steps.len() as u32,
                monitoring_restored: self.restored_before(self.steps.len()),
            };
        }
        let s = self.steps[k];
        let phase = if s.iran <= 0.0 {
            Phase::AwaitUs { window: false }
        } else if s.us <= 0.0 {
            Phase::AwaitIran { window: false }
        } else {
            Phase::Open
        };
        self.at(k, phase)
    }

    fn after_all(&self) -> (f64, f64) {
        self.steps
            .last()
            .map_or((0.0, 0.0), |s| (s.c_before + s.iran, s.r_before + s.us))
    }

    /// The position `phase` of step `k` with its levels.
    fn at(&self, k: usize, phase: Phase) -> Position {
        let s = self.steps[k];
        let (c, r, withheld, completed) = match phase {
            Phase::Open => (s.c_before, s.r_before, 0.0, false),
            Phase::AwaitUs { .. } => (s.c_before + s.iran, s.r_before, 0.0, false),
            Phase::AwaitIran { .. } => (s.c_before, s.r_before + s.us, 0.0, false),
            Phase::RemedialFull | Phase::RemedialPartial | Phase::RemedialAwait | Phase::Done => {
                unreachable!("levels of qualified phases need the share: use at_qualified")
            }
        };
        Position {
            step: k,
            phase,
            compliance: c,
            relief: r,
            withheld,
            steps_completed: k as u32 + u32::from(completed),
            monitoring_restored: self.restored_before(k),
        }
    }

    fn at_qualified(&self, k: usize, phase: Phase, share: f64) -> Position {
        let s = self.steps[k];
        let kept = share * s.us;
        let (c, r, withheld, completed) = match phase {
            Phase::RemedialFull => (s.c_before + s.iran, s.r_before + s.us - kept, kept, true),
            Phase::RemedialPartial => (
                s.c_before + (1.0 - share) * s.iran,
                s.r_before + s.us - kept,
                kept,
                true,
            ),
            Phase::RemedialAwait => (
                s.c_before + (1.0 - share) * s.iran,
                s.r_before + s.us,
                0.0,
                true,
            ),
            Phase::Open | Phase::AwaitUs { .. } | Phase::AwaitIran { .. } | Phase::Done => {
                unreachable!("levels of unqualified phases: use at")
            }
        };
        Position {
            step: k,
            phase,
            compliance: c,
            relief: r,
            withheld,
            steps_completed: k as u32 + u32::from(completed),
            monitoring_restored: self.restored_before(k) || (completed && s.restores_monitoring),
        }
    }

    #[allow(clippy::type_complexity)]
    fn moves_from(
        &mut self,
        pos: Position,
        q: f64,
    ) -> (
        Option<Move>,
        Option<Move>,
        Option<Move>,
        Option<Lapse>,
        Option<Joint>,
    ) {
        if pos.phase == Phase::Done {
            return (None, None, None, None, None);
        }
        let k = pos.step;
        let s = self.steps[k];
        let can_qualify = q > 0.0 && s.us > 0.0;
        let mv = |to: usize, size: f64, first_move: bool| Move {
            to,
            size,
            first_move,
        };
        let next = self.start_of(k + 1);
        let complete = self.intern(next);
        let mut iran = None;
        let mut full = None;
        let mut qual = None;
        let mut lapse = None;
        let mut joint = None;
        match pos.phase {
            Phase::Open => {
                if matches!(s.order, Order::Iran | Order::Either) {
                    let to = self.intern(self.at(k, Phase::AwaitUs { window: true }));
                    iran = Some(mv(to, s.iran, true));
                }
                if matches!(s.order, Order::Us | Order::Either) {
                    // A first move by the US is its half in full; relief is qualified only in
                    // answer to Iran's first move (E22).
                    let to = self.intern(self.at(k, Phase::AwaitIran { window: true }));
                    full = Some(mv(to, s.us, true));
                }
                if s.order == Order::Together {
                    let qualified = can_qualify
                        .then(|| self.intern(self.at_qualified(k, Phase::RemedialPartial, q)));
                    joint = Some(Joint {
                        full: complete,
                        qualified,
                        iran_half: s.iran,
                        us_half: s.us,
                        us_qualified_half: (1.0 - q) * s.us,
                    });
                }
            }
            Phase::AwaitUs { window } => {
                full = Some(mv(complete, s.us, false));
                if can_qualify {
                    let to = self.intern(self.at_qualified(k, Phase::RemedialFull, q));
                    qual = Some(mv(to, (1.0 - q) * s.us, false));
                }
                if window {
                    let to = self.intern(self.at(k, Phase::Open));
                    lapse = Some(Lapse {
                        to,
                        mover: Actor::Iran,
                        reversed: s.iran,
                        pocketed: 0.0,
                    });
                }
            }
            Phase::AwaitIran { window } => {
                iran = Some(mv(complete, s.iran, false));
                if window {
                    let to = self.intern(self.at(k, Phase::Open));
                    lapse = Some(Lapse {
                        to,
                        mover: Actor::Us,
                        reversed: s.us,
                        pocketed: s.us,
                    });
                }
            }
            Phase::RemedialFull => {
                full = Some(mv(complete, q * s.us, false));
            }
            Phase::RemedialPartial => {
                let to = self.intern(self.at_qualified(k, Phase::RemedialAwait, q));
                full = Some(mv(to, q * s.us, false));
            }
            Phase::RemedialAwait => {
                iran = Some(mv(complete, q * s.iran, false));
                let back = self.intern(self.at_qualified(k, Phase::RemedialPartial, q));
                let released = q * s.us;
                lapse = Some(Lapse {
                    to: back,
                    mover: Actor::Us,
                    reversed: released,
                    pocketed: released,
                });
            }
            Phase::Done => {}
        }
        (iran, full, qual, lapse, joint)
    }

    /// Whether the roadmap still matters at position `i`: some step not yet started needs it, or
    /// the current step needs it and nobody has moved.
    pub(crate) fn roadmap_relevant(&self, i: usize) -> bool {
        let pos = self.list[i];
        if pos.phase == Phase::Done {
            return false;
        }
        let here = self.steps[pos.step].needs_roadmap && pos.phase == Phase::Open;
        here || self.steps[pos.step + 1..].iter().any(|s| s.needs_roadmap)
    }

    /// Whether protocol moves at position `i` wait for the roadmap.
    pub(crate) fn waits_for_roadmap(&self, i: usize) -> bool {
        let pos = self.list[i];
        pos.phase == Phase::Open && self.steps[pos.step].needs_roadmap
    }
}
