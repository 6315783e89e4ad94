//! The value functions the solve carries and how they are read: each (state, belief point) holds
//! one number per value function; successors between grid points are interpolated.

use super::super::Game;
use super::super::states::{StateId, Status};
use crate::model::outcome::Actor;
use crate::model::params::ModelParams;

/// Iran's value, reciprocating type.
pub(crate) const IR: usize = 0;
/// Iran's value, exploiting type.
pub(crate) const IE: usize = 1;
/// The US's value, reciprocating type.
pub(crate) const UR: usize = 2;
/// The US's value, exploiting type.
pub(crate) const UE: usize = 3;
/// Probability that the awaited side answers a first move in full, when it is reciprocating.
pub(crate) const PR: usize = 4;
/// The same when it is exploiting.
pub(crate) const PE: usize = 5;
/// The hardliners' stakes at the first veto-strength node (the others follow).
pub(crate) const S0: usize = 6;
/// Most veto-strength nodes a solve uses (the scenario gives one or three).
pub(crate) const MAX_VETO_NODES: usize = 3;
/// Room for value functions: six, plus the hardliners' stakes at each veto node.
pub(crate) const NF_MAX: usize = S0 + MAX_VETO_NODES;

/// One number per value function.
pub(crate) type Vals = [f64; NF_MAX];

/// Read access to a value array of the solve.
pub(crate) struct Ctx<'a> {
    pub(crate) g: &'a Game,
    pub(crate) p: &'a ModelParams,
    /// Value functions in use.
    pub(crate) nf: usize,
    /// Veto-strength nodes.
    pub(crate) nodes: usize,
    /// Belief points per state.
    pub(crate) pts: usize,
    /// Points per belief.
    pub(crate) n: usize,
}

impl Ctx<'_> {
    /// Where the values of state `s` at belief point `point` start.
    pub(crate) fn at(&self, s: StateId, point: usize) -> usize {
        (s.index() * self.pts + point) * self.nf
    }

    /// Whether `s` has ended (its values do not depend on beliefs: kept at point 0).
    pub(crate) fn absorbing(&self, s: StateId) -> bool {
        self.g.space.list[s].status != Status::Live
    }

    /// The values at a grid point.
    pub(crate) fn direct(&self, vals: &[f64], s: StateId, point: usize) -> Vals {
        let mut out = [0.0; NF_MAX];
        let o = if self.absorbing(s) {
            self.at(s, 0)
        } else {
            self.at(s, point)
        };
        out[..self.nf].copy_from_slice(&vals[o..o + self.nf]);
        out
    }

    /// Every value at beliefs (`mi`, `mu`), by bilinear interpolation.
    pub(crate) fn bilinear(&self, vals: &[f64], s: StateId, mi: f64, mu: f64) -> Vals {
        if self.absorbing(s) {
            return self.direct(vals, s, 0);
        }
        let mut out = [0.0; NF_MAX];
        for (point, w) in self.g.grid.corners(mi, mu) {
            if w != 0.0 {
                let o = self.at(s, point);
                for (x, v) in out[..self.nf].iter_mut().zip(&vals[o..o + self.nf]) {
                    *x += w * v;
                }
            }
        }
        out
    }

    /// Two value functions at beliefs (`mi`, `mu`).
    pub(crate) fn pair(
        &self,
        vals: &[f64],
        s: StateId,
        mi: f64,
        mu: f64,
        f0: usize,
        f1: usize,
    ) -> (f64, f64) {
        if self.absorbing(s) {
            let o = self.at(s, 0);
            return (vals[o + f0], vals[o + f1]);
        }
        let (mut x, mut y) = (0.0, 0.0);
        for (point, w) in self.g.grid.corners(mi, mu) {
            if w != 0.0 {
                let o = self.at(s, point);
                x += w * vals[o + f0];
                y += w * vals[o + f1];
            }
        }
        (x, y)
    }

    /// Iran's values and the hardliners' stakes along the US's belief, Iran's belief at grid
    /// index `gi`.
    pub(crate) fn iran_along(&self, vals: &[f64], s: StateId, gi: usize, mu: f64) -> Vals {
        let mut out = [0.0; NF_MAX];
        let (o0, o1, w) = if self.absorbing(s) {
            let o = self.at(s, 0);
            (o, o, 1.0)
        } else {
            let b = self.g.grid.axis(mu);
            (
                self.at(s, gi * self.n + b.i),
                self.at(s, gi * self.n + b.i + 1),
                b.w,
            )
        };
        for f in [IR, IE].into_iter().chain(S0..self.nf) {
            out[f] = w * vals[o0 + f] + (1.0 - w) * vals[o1 + f];
        }
        out
    }
}

/// The type distribution a value function assumes for each government: weights on
/// (reciprocating, exploiting).
#[derive(Clone, Copy)]
pub(crate) struct TypeWeights {
    pub(crate) iran: [f64; 2],
    pub(crate) us: [f64; 2],
}

/// The weights for value function `f` at beliefs (`mi`, `mu`): a side's own values know its own
/// type and weigh the other's by its belief; the hardliners weigh both by the public beliefs; the
/// reciprocation probabilities know the awaited side's type.
pub(crate) fn type_weights(f: usize, mi: f64, mu: f64, responder: Option<Actor>) -> TypeWeights {
    let iran_mix = [mu, 1.0 - mu];
    let us_mix = [mi, 1.0 - mi];
    match f {
        IR => TypeWeights {
            iran: [1.0, 0.0],
            us: us_mix,
        },
        IE => TypeWeights {
            iran: [0.0, 1.0],
            us: us_mix,
        },
        UR => TypeWeights {
            iran: iran_mix,
            us: [1.0, 0.0],
        },
        UE => TypeWeights {
            iran: iran_mix,
            us: [0.0, 1.0],
        },
        PR | PE => {
            let known = if f == PR { [1.0, 0.0] } else { [0.0, 1.0] };
            match responder {
                Some(Actor::Iran) => TypeWeights {
                    iran: known,
                    us: us_mix,
                },
                Some(Actor::Us) => TypeWeights {
                    iran: iran_mix,
                    us: known,
                },
                None => TypeWeights {
                    iran: iran_mix,
                    us: us_mix,
                },
            }
        }
        _ => TypeWeights {
            iran: iran_mix,
            us: us_mix,
        },
    }
}

/// A type-weighted probability.
pub(crate) fn mix(w: [f64; 2], p: [f64; 2]) -> f64 {
    w[0] * p[0] + w[1] * p[1]
}

/// Per-value-function rates of an event whose probability depends on the governments' types:
/// `rate` times the probability, for each function's type weights, of Iran's choice `iran` and
/// the US's choice `us` (each given for the reciprocating and the exploiting type).
pub(crate) fn typed_rates(
    nf: usize,
    mi: f64,
    mu: f64,
    responder: Option<Actor>,
    rate: f64,
    iran: Option<[f64; 2]>,
    us: Option<[f64; 2]>,
) -> Vals {
    let mut r = [0.0; NF_MAX];
    for (f, out) in r.iter_mut().enumerate().take(nf) {
        let tw = type_weights(f, mi, mu, responder);
        *out = rate * iran.map_or(1.0, |p| mix(tw.iran, p)) * us.map_or(1.0, |p| mix(tw.us, p));
    }
    r
}

/// One transition out of a (state, belief point) during a slice: its rate for each value
/// function, where it leads and what it pays on the way.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Edge {
    /// Rate per day for each value function.
    pub(crate) rate: Vals,
    /// One-off payoff added to the successor's value, for each value function.
    pub(crate) add: Vals,
    /// Whether the move settles the reciprocation probabilities (`PR`, `PE` then take `add`).
    pub(crate) fixed_pi: bool,
    /// Successor grid points (value-array point index) with weights.
    pub(crate) corners: [(u32, f64); 4],
    pub(crate) ncorners: u8,
    /// Successor state (for its payoff flows).
    pub(crate) to: StateId,
}

/// The successor grid points of beliefs (`mi`, `mu`) in state `s`.
pub(crate) fn locate(c: &Ctx<'_>, s: StateId, mi: f64, mu: f64) -> ([(u32, f64); 4], u8) {
    let mut out = [(0u32, 0.0); 4];
    if c.absorbing(s) {
        out[0] = ((s.index() * c.pts) as u32, 1.0);
        return (out, 1);
    }
    let mut k = 0;
    for (point, w) in c.g.grid.corners(mi, mu) {
        if w > 1e-15 {
            out[k] = ((s.index() * c.pts + point) as u32, w);
            k += 1;
        }
    }
    (out, k as u8)
}

impl Edge {
    /// An edge to (`s`, `mi`, `mu`).
    pub(crate) fn to(
        c: &Ctx<'_>,
        s: StateId,
        mi: f64,
        mu: f64,
        rate: Vals,
        add: Vals,
        fixed_pi: bool,
    ) -> Edge {
        let (corners, ncorners) = locate(c, s, mi, mu);
        Edge {
            rate,
            add,
            fixed_pi,
            corners,
            ncorners,
            to: s,
        }
    }
}
