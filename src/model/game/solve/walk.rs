//! Declaring the deal dead. At the moment a side is reneged on — its first move lapses unanswered,
//! or relief owed to Iran comes qualified — it chooses, by its logit, between going on and
//! declaring the deal dead (the trial then collapses and the side gains its walk-away value).
//! Going on is observed, so the posterior about the decider after it is a fixed point.

use super::super::beliefs::bayes;
use super::super::logit::binary;
use super::super::states::{PerState, StateId, Status};
use super::root::root;
use super::values::{Ctx, IE, IR, NF_MAX, UE, UR, Vals, mix, type_weights};
use crate::model::outcome::Actor;

/// The decider's choice.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WalkAway {
    /// Probability of declaring the deal dead: reciprocating and exploiting type.
    pub(crate) p: [f64; 2],
    /// Posterior about the decider after it goes on.
    pub(crate) x: f64,
    /// Value of the moment for each value function.
    pub(crate) v: Vals,
}

/// The decider's value functions, outside option and prior about itself.
fn terms(c: &Ctx<'_>, decider: Actor, mi: f64, mu: f64) -> (f64, f64, usize, usize, f64) {
    let p = c.p;
    match decider {
        Actor::Iran => (
            p.iran.actor.rationality,
            p.iran.actor.walk_away_value,
            IR,
            IE,
            mu,
        ),
        Actor::Us => (
            p.us.actor.rationality,
            p.us.actor.walk_away_value,
            UR,
            UE,
            mi,
        ),
    }
}

/// The decider's probabilities and its posterior after going on, at beliefs (`mi`, `mu`), when
/// going on leads to `on_to` (`guess` warm-starts the posterior).
pub(crate) fn walk_away_light(
    c: &Ctx<'_>,
    vals: &[f64],
    decider: Actor,
    on_to: StateId,
    mi: f64,
    mu: f64,
    guess: f64,
) -> ([f64; 2], f64) {
    let (lam, outside, fr, fe, prior) = terms(c, decider, mi, mu);
    let od = c.at(c.g.info[on_to].collapsed, 0);
    let (dr, de) = (vals[od + fr] + outside, vals[od + fe] + outside);
    let probs = |x: f64| -> [f64; 2] {
        let (r, e) = match decider {
            Actor::Iran => c.pair(vals, on_to, mi, x, fr, fe),
            Actor::Us => c.pair(vals, on_to, x, mu, fr, fe),
        };
        [binary(lam, dr, r), binary(lam, de, e)]
    };
    if c.g.space.list[on_to].status != Status::Live {
        return (probs(prior), prior);
    }
    let x = root(
        |x| {
            let pr = probs(x);
            bayes(prior, 1.0 - pr[0], 1.0 - pr[1]) - x
        },
        guess,
    );
    (probs(x), x)
}

/// The full moment: the decider's choice and its value for every value function.
pub(crate) fn walk_away(
    c: &Ctx<'_>,
    vals: &[f64],
    decider: Actor,
    on_to: StateId,
    mi: f64,
    mu: f64,
    responder: Option<Actor>,
) -> WalkAway {
    let (_, outside, fr, fe, prior) = terms(c, decider, mi, mu);
    let (p, x) = walk_away_light(c, vals, decider, on_to, mi, mu, prior);
    let dead = c.direct(vals, c.g.info[on_to].collapsed, 0);
    let on = match decider {
        Actor::Iran => c.bilinear(vals, on_to, mi, x),
        Actor::Us => c.bilinear(vals, on_to, x, mu),
    };
    let mut v = [0.0; NF_MAX];
    for (f, out) in v.iter_mut().enumerate().take(c.nf) {
        let tw = type_weights(f, mi, mu, responder);
        let pd = match decider {
            Actor::Iran => mix(tw.iran, p),
            Actor::Us => mix(tw.us, p),
        };
        let own = if f == fr || f == fe { outside } else { 0.0 };
        *out = pd * (dead[f] + own) + (1.0 - pd) * on[f];
    }
    WalkAway { p, x, v }
}

/// The moment Iran is handed qualified relief, at every belief grid point of every state
/// qualified relief leads to, for one slice. Choices that lead there read it by bilinear
/// interpolation, as they read every other value.
pub(crate) struct WalkTable {
    rows: PerState<Option<Vec<WalkAway>>>,
}

impl WalkTable {
    /// An empty table for `states` states.
    pub(crate) fn empty(states: usize) -> WalkTable {
        WalkTable {
            rows: PerState(vec![None; states]),
        }
    }

    /// The moment at every grid point of state `on_to`.
    pub(crate) fn row(c: &Ctx<'_>, vals: &[f64], on_to: StateId) -> Vec<WalkAway> {
        (0..c.pts)
            .map(|point| {
                let (gi, gu) = (point / c.n, point % c.n);
                walk_away(
                    c,
                    vals,
                    Actor::Iran,
                    on_to,
                    c.g.grid.point(gi),
                    c.g.grid.point(gu),
                    None,
                )
            })
            .collect()
    }

    /// Sets the row of state `s`.
    pub(crate) fn set(&mut self, s: StateId, row: Vec<WalkAway>) {
        self.rows[s] = Some(row);
    }

    /// The moment of arriving in state `s` at beliefs (`mi`, `mu`), interpolated.
    pub(crate) fn at(&self, c: &Ctx<'_>, s: StateId, mi: f64, mu: f64) -> WalkAway {
        let row = self.rows[s]
            .as_ref()
            .expect("a walk-away row for every state qualified relief leads to");
        let mut out = WalkAway {
            p: [0.0; 2],
            x: 0.0,
            v: [0.0; NF_MAX],
        };
        for (point, w) in c.g.grid.corners(mi, mu) {
            if w != 0.0 {
                let r = &row[point];
                out.p[0] += w * r.p[0];
                out.p[1] += w * r.p[1];
                out.x += w * r.x;
                for (x, v) in out.v[..c.nf].iter_mut().zip(&r.v[..c.nf]) {
                    *x += w * v;
                }
            }
        }
        out
    }
}
