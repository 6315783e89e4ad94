//! Reading the solved strategies at a trial's beliefs: the records at the four grid points around
//! them, blended with bilinear weights (the strategy the solve's values assumed between points).

use crate::model::game::Game;
use crate::model::game::solve::record::Field;
use crate::model::game::solve::{Equilibrium, Layout};
use crate::model::game::{SliceId, StateId};
use crate::model::outcome::Actor;

/// A state's strategy record at one slice and pair of beliefs: the records at the grid points
/// around the beliefs, read field by field ([`Field`]) with bilinear weights.
#[derive(Clone, Copy)]
pub(super) struct Strategy<'a> {
    data: &'a [f32],
    layout: &'a Layout,
    corners: [(usize, f64); 4],
}

impl<'a> Strategy<'a> {
    /// The record of live state `s` in slice `k` at beliefs (`mi`, `mu`).
    #[inline]
    pub(super) fn at(
        g: &Game,
        eq: &'a Equilibrium,
        k: SliceId,
        s: StateId,
        mi: f64,
        mu: f64,
    ) -> Strategy<'a> {
        let (base, stride) = eq.record(k, s);
        let mut corners = [(0, 0.0); 4];
        for (c, (point, w)) in corners.iter_mut().zip(g.grid.corners(mi, mu)) {
            *c = (base + point * stride, w);
        }
        Strategy {
            data: &eq.strategies,
            layout: &eq.layouts[s],
            corners,
        }
    }

    /// The number `field`.
    #[inline]
    pub(super) fn get(&self, field: Field) -> f64 {
        let idx = self.layout.at(field);
        self.corners
            .iter()
            .filter(|c| c.1 != 0.0)
            .map(|&(o, w)| w * f64::from(self.data[o + idx]))
            .sum()
    }

    /// The pair `field` (a number for each type, reciprocating then exploiting), in one pass
    /// over the corners.
    #[inline]
    pub(super) fn pair(&self, field: Field) -> [f64; 2] {
        let idx = self.layout.at(field);
        // -0.0, the neutral element `Iterator::sum` starts from.
        let mut out = [-0.0; 2];
        for &(o, w) in &self.corners {
            if w != 0.0 {
                out[0] += w * f64::from(self.data[o + idx]);
                out[1] += w * f64::from(self.data[o + idx + 1]);
            }
        }
        out
    }
}

/// The council's probability of "yes" at a dated decision, from its per-point table.
pub(super) fn dated(g: &Game, table: &[f32], s: StateId, mi: f64, mu: f64) -> f64 {
    let pts = g.grid.points();
    g.grid
        .corners(mi, mu)
        .iter()
        .filter(|c| c.1 != 0.0)
        .map(|&(point, w)| w * f64::from(table[s.index() * pts + point]))
        .sum()
}

/// The hardliners' stakes difference at veto strength `v`, interpolated linearly between the
/// solve's nodes (`at(q)` gives node `q`'s; flat beyond the end nodes).
pub(super) fn across_nodes(nodes: &[(f64, f64)], at: impl Fn(usize) -> f64, v: f64) -> f64 {
    let n = nodes.len();
    if n == 1 || v <= nodes[0].0 {
        return at(0);
    }
    for q in 0..n - 1 {
        if v <= nodes[q + 1].0 {
            let w = (v - nodes[q].0) / (nodes[q + 1].0 - nodes[q].0);
            return (1.0 - w) * at(q) + w * at(q + 1);
        }
    }
    at(n - 1)
}

/// The values a government weighed at a decision opportunity, read from a solve that kept them
/// (`keep_q`): `Q(wait)` first, then each option's `Q`, for the reciprocating and the exploiting
/// type, at the beliefs where the opportunity came. `None` if the solve did not keep them.
pub fn choice_values(
    g: &Game,
    eq: &Equilibrium,
    actor: Actor,
    at: (SliceId, StateId, f64, f64),
) -> Option<Vec<[f64; 2]>> {
    let (k, s, mi, mu) = at;
    let layout = &eq.layouts[s];
    if !layout.q {
        return None;
    }
    let strategy = Strategy::at(g, eq, k, s, mi, mu);
    let (value, options): (fn(usize) -> Field, usize) = match actor {
        Actor::Iran => (Field::IranValue, layout.iran),
        Actor::Us => (Field::UsValue, layout.us),
    };
    Some((0..=options).map(|a| strategy.pair(value(a))).collect())
}
