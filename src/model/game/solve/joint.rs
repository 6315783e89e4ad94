//! The choreographed joint move of an open `together` step (`docs/model.md` §9.4). At each of the
//! mediator's opportunities the Europeans first ask the US for a conditional commitment — full
//! relief, qualified relief, or none — and pass its answer to Iran; if the US committed, Iran then
//! commits or declines, and both halves are performed at once when both commit (unless the
//! hardliners block Iran's). A US commitment that Iran declines, or that the hardliners block,
//! exposes the US to a share of its first-mover exposure.
//!
//! Each answer is observed, so each reveals something about the answerer's type: Iran's two
//! posteriors (after committing, after declining) solve a fixed point for each US answer, and the
//! US's posteriors (one per answer) solve one given Iran's responses.

use super::super::Game;
use super::super::UsAnswer;
use super::super::beliefs::bayes;
use super::super::logit::{binary, softmax};
use super::super::positions::Joint;
use super::super::states::StateId;
use super::SliceCtx;
use super::record::{Field, Record, RecordMut};
use super::root::{self, root};
use super::values::{
    Edge, IE, IR, MAX_VETO_NODES, NF_MAX, S0, UE, UR, Vals, mix, type_weights, typed_rates,
};
use super::walk::WalkAway;

/// Most Gauss–Seidel sweeps over the move's posteriors.
const SWEEPS: usize = 32;
/// The sweeps stop when every posterior is this close to its Bayes update: the roots' own
/// tolerance, since a sweep of roots that each stop there cannot settle any closer.
const SETTLED: f64 = root::TOL;

impl SliceCtx<'_> {
    /// Solves the joint move at (state `s`, beliefs `mi`, `mu`) for a mediator opportunity at
    /// rate `rate`: writes the strategies into `rec` and the transitions into `edges`.
    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    pub(super) fn joint(
        &self,
        s: StateId,
        mi: f64,
        mu: f64,
        next: &[f64],
        warm: Option<Record<'_>>,
        rec: &mut RecordMut<'_>,
        j: &Joint<StateId>,
        residual: &mut f64,
        rate: f64,
        edges: &mut Vec<Edge>,
    ) {
        let c = self.ctx;
        let g = c.g;
        let p = c.p;
        let nf = c.nf;
        let nodes = c.nodes;
        let responder = g.info[s].responder;
        let settle = |to: StateId| g.settle[self.regime.law_steps as usize][to];
        let (us_exposure_full, us_exposure_qualified) = Game::joint_exposure(j, p);
        let exposure = |u: usize| {
            if u == 1 {
                us_exposure_full
            } else {
                us_exposure_qualified
            }
        };
        let to_full = settle(j.full);
        let to_qual = j.qualified.map(settle);
        let target = |u: usize| {
            if u == 1 {
                to_full
            } else {
                to_qual.unwrap_or(to_full)
            }
        };
        let nu = if to_qual.is_some() { 3 } else { 2 };
        let lam_i = p.iran.actor.rationality;
        let lam_u = p.us.actor.rationality;

        // Both commit: the move goes through unless the hardliners block Iran's half (then the US
        // bears its exposure); after qualified relief Iran may walk away.
        let committed =
            |u: usize, y: f64, x: f64| -> (Vals, [f64; MAX_VETO_NODES], Option<WalkAway>) {
                let stay = c.bilinear(next, s, y, x);
                let (done, walk) = if u == 1 {
                    (c.bilinear(next, to_full, y, x), None)
                } else {
                    let w = self.walks.at(c, target(u), y, x);
                    (w.v, Some(w))
                };
                let standing = g.standing(s, target(u), p);
                let mut v = stay;
                let mut beta = [0.0; MAX_VETO_NODES];
                for q in 0..nodes {
                    beta[q] = self.block(s, stay[S0 + q] + standing, done[S0 + q], q);
                    v[S0 + q] =
                        (1.0 - beta[q]) * done[S0 + q] + beta[q] * (stay[S0 + q] + standing);
                }
                let blocked: f64 = (0..nodes).map(|q| g.veto_nodes[q].1 * beta[q]).sum();
                for f in 0..S0 {
                    v[f] = (1.0 - blocked) * done[f] + blocked * stay[f];
                }
                v[UR] -= blocked * exposure(u);
                v[UE] -= blocked * exposure(u);
                (v, beta, walk)
            };
        let declined = |u: usize, y: f64, x: f64| -> Vals {
            let mut v = c.bilinear(next, s, y, x);
            v[UR] -= exposure(u);
            v[UE] -= exposure(u);
            v
        };
        // Iran's probabilities of committing, given the values after committing and declining.
        let choose = |a: &Vals, b: &Vals| -> [f64; 2] {
            [binary(lam_i, a[IR], b[IR]), binary(lam_i, a[IE], b[IE])]
        };
        // Iran's probabilities of committing after US commitment `u`, at Iran's posterior `y`
        // about the US and the US's posteriors `xc` (Iran committed) and `xd` (it declined).
        let iran_probs = |u: usize, y: f64, xc: f64, xd: f64| -> [f64; 2] {
            choose(&committed(u, y, xc).0, &declined(u, y, xd))
        };
        // The US's value of answer `u` (both types), given those posteriors.
        let us_value = |u: usize, y: f64, xc: f64, xd: f64| -> (f64, f64) {
            if u == 0 {
                let v = c.bilinear(next, s, y, mu);
                return (v[UR], v[UE]);
            }
            let (a, b) = (committed(u, y, xc).0, declined(u, y, xd));
            let k = mix([mu, 1.0 - mu], choose(&a, &b));
            (k * a[UR] + (1.0 - k) * b[UR], k * a[UE] + (1.0 - k) * b[UE])
        };
        let probs = |qr: &[f64; 3], qe: &[f64; 3]| -> ([f64; 3], [f64; 3]) {
            let (mut pr, mut pe) = ([0.0; 3], [0.0; 3]);
            softmax(lam_u, &qr[..nu], &mut pr);
            softmax(lam_u, &qe[..nu], &mut pe);
            (pr, pe)
        };
        // Every posterior of the move at once, by Gauss–Seidel sweeps of one-dimensional roots:
        // Iran's about the US after each US answer, and the US's about Iran after Iran commits to
        // or declines each US commitment.
        let mut ys = [mi; 3];
        let mut xc = [mu; 3];
        let mut xd = [mu; 3];
        if let Some(w) = warm {
            // Start from the posteriors the previous slice's strategies imply.
            let (full, qualified) = (
                w.pair(Field::JointCommit(UsAnswer::Full)),
                w.pair(Field::JointCommit(UsAnswer::Qualified)),
            );
            ys[0] = bayes(
                mi,
                1.0 - full[0] - qualified[0],
                1.0 - full[1] - qualified[1],
            );
            ys[1] = bayes(mi, full[0], full[1]);
            ys[2] = bayes(mi, qualified[0], qualified[1]);
            for u in 1..nu {
                let k = w.pair(Field::JointIranCommits(UsAnswer::from_index(u)));
                xc[u] = bayes(mu, k[0], k[1]);
                xd[u] = bayes(mu, 1.0 - k[0], 1.0 - k[1]);
            }
        }
        let mut qr = [0.0; 3];
        let mut qe = [0.0; 3];
        for u in 0..nu {
            (qr[u], qe[u]) = us_value(u, ys[u], xc[u], xd[u]);
        }
        let unsettled =
            |ys: &[f64; 3], xc: &[f64; 3], xd: &[f64; 3], qr: &[f64; 3], qe: &[f64; 3]| -> f64 {
                let (pr, pe) = probs(qr, qe);
                let mut worst: f64 = 0.0;
                for u in 0..nu {
                    worst = worst.max((bayes(mi, pr[u], pe[u]) - ys[u]).abs());
                    if u > 0 {
                        let k = iran_probs(u, ys[u], xc[u], xd[u]);
                        worst = worst
                            .max((bayes(mu, k[0], k[1]) - xc[u]).abs())
                            .max((bayes(mu, 1.0 - k[0], 1.0 - k[1]) - xd[u]).abs());
                    }
                }
                worst
            };
        let mut res = 1.0;
        for _ in 0..SWEEPS {
            for u in 0..nu {
                if u > 0 {
                    let y = ys[u];
                    let b = declined(u, y, xd[u]);
                    xc[u] = root(
                        |x| {
                            let k = choose(&committed(u, y, x).0, &b);
                            bayes(mu, k[0], k[1]) - x
                        },
                        xc[u],
                    );
                    let a = committed(u, y, xc[u]).0;
                    xd[u] = root(
                        |x| {
                            let k = choose(&a, &declined(u, y, x));
                            bayes(mu, 1.0 - k[0], 1.0 - k[1]) - x
                        },
                        xd[u],
                    );
                }
                let (cc, d) = (xc[u], xd[u]);
                ys[u] = root(
                    |y| {
                        let (mut tr, mut te) = (qr, qe);
                        (tr[u], te[u]) = us_value(u, y, cc, d);
                        let (pr, pe) = probs(&tr, &te);
                        bayes(mi, pr[u], pe[u]) - y
                    },
                    ys[u],
                );
                (qr[u], qe[u]) = us_value(u, ys[u], xc[u], xd[u]);
            }
            res = unsettled(&ys, &xc, &xd, &qr, &qe);
            if res < SETTLED {
                break;
            }
        }
        let (pr, pe) = probs(&qr, &qe);
        for u in 1..nu {
            rec.set_pair(Field::JointCommit(UsAnswer::from_index(u)), [pr[u], pe[u]]);
        }

        // Transitions: the US declines; or commits and Iran declines; or both commit.
        let us_types = |u: usize| [pr[u], pe[u]];
        edges.push(Edge::to(
            c,
            s,
            ys[0],
            mu,
            typed_rates(nf, mi, mu, responder, rate, None, Some(us_types(0))),
            [0.0; NF_MAX],
            false,
        ));
        for u in 1..nu {
            let y = ys[u];
            let commit = iran_probs(u, y, xc[u], xd[u]);
            let answer = UsAnswer::from_index(u);
            rec.set_pair(Field::JointIranCommits(answer), commit);
            let mut add = [0.0; NF_MAX];
            add[UR] = -exposure(u);
            add[UE] = -exposure(u);
            let declines = [1.0 - commit[0], 1.0 - commit[1]];
            edges.push(Edge::to(
                c,
                s,
                y,
                xd[u],
                typed_rates(
                    nf,
                    mi,
                    mu,
                    responder,
                    rate,
                    Some(declines),
                    Some(us_types(u)),
                ),
                add,
                false,
            ));
            let base = typed_rates(nf, mi, mu, responder, rate, Some(commit), Some(us_types(u)));
            let x = xc[u];
            let (_, beta, walk) = committed(u, y, x);
            let stay = c.bilinear(next, s, y, x);
            let done_v = walk
                .as_ref()
                .map_or_else(|| c.bilinear(next, to_full, y, x), |w| w.v);
            let standing = g.standing(s, target(u), p);
            for q in 0..nodes {
                let stakes = Field::JointStakes { answer, node: q };
                rec.set(stakes, stay[S0 + q] + standing - done_v[S0 + q]);
            }
            let mut done = base;
            let mut blocked = base;
            for f in 0..nf {
                let b = if f >= S0 {
                    beta[f - S0]
                } else {
                    (0..nodes).map(|q| g.veto_nodes[q].1 * beta[q]).sum()
                };
                done[f] *= 1.0 - b;
                blocked[f] *= b;
            }
            let mut blocked_add = add;
            blocked_add[S0..S0 + nodes].fill(standing);
            edges.push(Edge::to(c, s, y, x, blocked, blocked_add, false));
            match walk {
                None => edges.push(Edge::to(c, to_full, y, x, done, [0.0; NF_MAX], false)),
                Some(w) => {
                    rec.set_pair(Field::JointWalk, w.p);
                    let to = target(u);
                    let dead_to = g.info[to].collapsed;
                    let mut dead = done;
                    let mut on = done;
                    for f in 0..nf {
                        let tw = type_weights(f, mi, mu, responder);
                        // Iran's type enters both its commitment and its walking away.
                        let both = mix(tw.iran, [commit[0] * w.p[0], commit[1] * w.p[1]]);
                        let committing = mix(tw.iran, commit);
                        let share = if committing > 0.0 {
                            both / committing
                        } else {
                            0.0
                        };
                        dead[f] *= share;
                        on[f] *= 1.0 - share;
                    }
                    let mut dead_add = [0.0; NF_MAX];
                    dead_add[IR] = p.iran.actor.walk_away_value;
                    dead_add[IE] = p.iran.actor.walk_away_value;
                    edges.push(Edge::to(c, dead_to, y, x, dead, dead_add, false));
                    edges.push(Edge::to(c, to, y, w.x, on, [0.0; NF_MAX], false));
                }
            }
        }
        *residual = residual.max(res);
    }
}
