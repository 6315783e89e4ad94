//! The choices at one (state, belief point) in a slice: each type's logit response to the
//! values at the slice's end, the posterior each observed choice reveals (a fixed point), and the
//! transitions the slice then has.

use super::super::IranKind;
use super::super::beliefs::{bayes, drift};
use super::super::logit::{binary, softmax};
use super::super::states::{StateId, Status};
use super::dated::decide;
use super::record::{Field, Record, RecordMut};
use super::root::root;
use super::values::{Edge, IE, IR, MAX_VETO_NODES, NF_MAX, PE, PR, S0, UE, UR, typed_rates};
use super::walk::walk_away;
use super::{Layout, Prepared, SliceCtx};
use crate::model::outcome::Actor;

impl SliceCtx<'_> {
    /// Solves every choice at (state `s`, belief point `point`), writes the strategy record
    /// `out` and appends the slice's transitions to `edges`. Returns the largest posterior
    /// residual and the beliefs after a slice without any observable action.
    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    pub(super) fn point(
        &self,
        s: StateId,
        point: usize,
        prep: &Prepared,
        next: &[f64],
        warm: Option<&[f32]>,
        out: &mut [f32],
        layout: &Layout,
        edges: &mut Vec<Edge>,
    ) -> (f64, (f64, f64)) {
        let c = self.ctx;
        let g = c.g;
        let p = c.p;
        let nf = c.nf;
        let nodes = c.nodes;
        let st = g.space.list[s];
        let info = &g.info[s];
        let n = c.n;
        let (gi, gu) = (point / n, point % n);
        let mi = g.grid.point(gi);
        let mu = g.grid.point(gu);
        let here = c.direct(next, s, point);
        let mut residual: f64 = 0.0;
        let w = |q: usize| g.veto_nodes[q].1;
        let responder = info.responder;
        let mut rec = RecordMut::new(out, layout);
        let warm = warm.map(|w| Record::new(w, layout));

        // ----- Iran's options: the posterior after each option solves a fixed point.
        let ni = info.iran.len();
        let mut x_i = [mu; 3];
        if let Some(wm) = warm {
            for (a, x) in x_i.iter_mut().enumerate().take(ni) {
                let [r, e] = wm.pair(Field::IranChoice(a));
                *x = bayes(mu, r, e);
            }
        }
        let iran_q = |a: usize, x: f64| -> (f64, f64) {
            let (to, lump) = prep.iran[a];
            let succ = c.iran_along(next, to, gi, x);
            let blk = c.iran_along(next, s, gi, x);
            let standing = g.standing(s, to, p);
            let (mut vr, mut ve) = (0.0, 0.0);
            for q in 0..nodes {
                let beta = self.block(s, blk[S0 + q] + standing, succ[S0 + q], q);
                vr += w(q) * ((1.0 - beta) * (succ[IR] + lump) + beta * blk[IR]);
                ve += w(q) * ((1.0 - beta) * (succ[IE] + lump) + beta * blk[IE]);
            }
            (vr, ve)
        };
        let lam_i = p.iran.actor.rationality;
        let probs_from = |qr: &[f64; 4], qe: &[f64; 4]| -> ([f64; 4], [f64; 4]) {
            let mut pr = [0.0; 4];
            let mut pe = [0.0; 4];
            if ni == 1 {
                pr[1] = binary(lam_i, qr[1], qr[0]);
                pe[1] = binary(lam_i, qe[1], qe[0]);
                pr[0] = 1.0 - pr[1];
                pe[0] = 1.0 - pe[1];
            } else {
                softmax(lam_i, &qr[..=ni], &mut pr);
                softmax(lam_i, &qe[..=ni], &mut pe);
            }
            (pr, pe)
        };
        let mut qr = [here[IR], 0.0, 0.0, 0.0];
        let mut qe = [here[IE], 0.0, 0.0, 0.0];
        for a in 0..ni {
            (qr[a + 1], qe[a + 1]) = iran_q(a, x_i[a]);
        }
        if ni == 1 {
            x_i[0] = root(
                |x| {
                    let (mut tr, mut te) = (qr, qe);
                    (tr[1], te[1]) = iran_q(0, x);
                    let (pr, pe) = probs_from(&tr, &te);
                    bayes(mu, pr[1], pe[1]) - x
                },
                x_i[0],
            );
        } else if ni == 2 {
            // Two options: an outer root on the first posterior, each evaluation solving the
            // second posterior given the first (nested roots, robust where sweeps cycle).
            let inner = |x0: f64, guess: f64| -> (f64, [f64; 4], [f64; 4]) {
                let (r0, e0) = iran_q(0, x0);
                let x1 = root(
                    |x| {
                        let (r1, e1) = iran_q(1, x);
                        let (pr, pe) = probs_from(&[qr[0], r0, r1, 0.0], &[qe[0], e0, e1, 0.0]);
                        bayes(mu, pr[2], pe[2]) - x
                    },
                    guess,
                );
                let (r1, e1) = iran_q(1, x1);
                (x1, [qr[0], r0, r1, 0.0], [qe[0], e0, e1, 0.0])
            };
            let mut x1 = x_i[1];
            x_i[0] = root(
                |x| {
                    let (y, tr, te) = inner(x, x1);
                    x1 = y;
                    let (pr, pe) = probs_from(&tr, &te);
                    bayes(mu, pr[1], pe[1]) - x
                },
                x_i[0],
            );
            x_i[1] = inner(x_i[0], x1).0;
        }
        for a in 0..ni {
            (qr[a + 1], qe[a + 1]) = iran_q(a, x_i[a]);
        }
        let (pi_r, pi_e) = if ni > 0 {
            probs_from(&qr, &qe)
        } else {
            ([1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0])
        };
        if layout.q {
            for a in 0..=ni {
                rec.set_pair(Field::IranValue(a), [qr[a], qe[a]]);
            }
        }
        for a in 0..ni {
            let rr = (bayes(mu, pi_r[a + 1], pi_e[a + 1]) - x_i[a]).abs();
            residual = residual.max(rr);
            let (to, lump) = prep.iran[a];
            let protocol = info.iran[a].kind == IranKind::Protocol;
            let succ = c.iran_along(next, to, gi, x_i[a]);
            let blk = c.iran_along(next, s, gi, x_i[a]);
            rec.set_pair(Field::IranChoice(a), [pi_r[a + 1], pi_e[a + 1]]);
            let standing = g.standing(s, to, p);
            let mut beta = [0.0; MAX_VETO_NODES];
            for q in 0..nodes {
                beta[q] = self.block(s, blk[S0 + q] + standing, succ[S0 + q], q);
                let stakes = Field::IranStakes { option: a, node: q };
                rec.set(stakes, blk[S0 + q] + standing - succ[S0 + q]);
            }
            let rate = typed_rates(
                nf,
                mi,
                mu,
                responder,
                prep.nu_i,
                Some([pi_r[a + 1], pi_e[a + 1]]),
                None,
            );
            let mut done = rate;
            let mut blocked = rate;
            for f in 0..nf {
                let b = if f >= S0 {
                    beta[f - S0]
                } else {
                    (0..nodes).map(|q| w(q) * beta[q]).sum()
                };
                done[f] *= 1.0 - b;
                blocked[f] *= b;
            }
            let mut add = [0.0; NF_MAX];
            add[IR] = lump;
            add[IE] = lump;
            let leaves = g.space.list[to].pos != st.pos || g.space.list[to].status != Status::Live;
            let fixed_pi = leaves && responder.is_some();
            if fixed_pi {
                let ok = responder == Some(Actor::Iran)
                    && protocol
                    && g.space.list[to].status != Status::Collapsed;
                add[PR] = f64::from(u8::from(ok));
                add[PE] = add[PR];
            }
            edges.push(Edge::to(c, to, mi, x_i[a], done, add, fixed_pi));
            let mut gained = [0.0; NF_MAX];
            gained[S0..S0 + nodes].fill(standing);
            edges.push(Edge::to(c, s, mi, x_i[a], blocked, gained, false));
        }

        // ----- The US's options.
        let nu = info.us.len();
        let mut x_u = [mi; 2];
        if let Some(wm) = warm {
            for (a, x) in x_u.iter_mut().enumerate().take(nu) {
                let [r, e] = wm.pair(Field::UsChoice(a));
                *x = bayes(mi, r, e);
            }
        }
        let lam_u = p.us.actor.rationality;
        let us_q = |a: usize, x: f64| -> (f64, f64) {
            let (to, lump) = prep.us[a];
            let qualified = info.us[a].qualified;
            if qualified {
                // Iran, reneged on, may declare the deal dead: the US weighs that by its belief.
                let w = self.walks.at(c, to, x, mu);
                (w.v[UR] + lump, w.v[UE] + lump)
            } else {
                let (r, e) = c.pair(next, to, x, mu, UR, UE);
                (r + lump, e + lump)
            }
        };
        let us_probs = |qr: &[f64; 3], qe: &[f64; 3]| -> ([f64; 3], [f64; 3]) {
            let mut pr = [0.0; 3];
            let mut pe = [0.0; 3];
            if nu == 1 {
                pr[1] = binary(lam_u, qr[1], qr[0]);
                pe[1] = binary(lam_u, qe[1], qe[0]);
                pr[0] = 1.0 - pr[1];
                pe[0] = 1.0 - pe[1];
            } else {
                softmax(lam_u, &qr[..=nu], &mut pr);
                softmax(lam_u, &qe[..=nu], &mut pe);
            }
            (pr, pe)
        };
        let mut uqr = [here[UR], 0.0, 0.0];
        let mut uqe = [here[UE], 0.0, 0.0];
        for a in 0..nu {
            (uqr[a + 1], uqe[a + 1]) = us_q(a, x_u[a]);
        }
        if nu == 1 {
            x_u[0] = root(
                |x| {
                    let (mut tr, mut te) = (uqr, uqe);
                    (tr[1], te[1]) = us_q(0, x);
                    let (pr, pe) = us_probs(&tr, &te);
                    bayes(mi, pr[1], pe[1]) - x
                },
                x_u[0],
            );
        } else if nu == 2 {
            // Coordinate sweeps first; where they do not settle, nested roots.
            let (wr, we) = (uqr[0], uqe[0]);
            let consistent = |x: &[f64; 2]| {
                let (r0, e0) = us_q(0, x[0]);
                let (r1, e1) = us_q(1, x[1]);
                let (pr, pe) = us_probs(&[wr, r0, r1], &[we, e0, e1]);
                (0..2).all(|a| (bayes(mi, pr[a + 1], pe[a + 1]) - x[a]).abs() < 1e-7)
            };
            for _ in 0..3 {
                for a in 0..2 {
                    let guess = x_u[a];
                    x_u[a] = root(
                        |x| {
                            let (mut tr, mut te) = (uqr, uqe);
                            (tr[a + 1], te[a + 1]) = us_q(a, x);
                            let (pr, pe) = us_probs(&tr, &te);
                            bayes(mi, pr[a + 1], pe[a + 1]) - x
                        },
                        guess,
                    );
                    (uqr[a + 1], uqe[a + 1]) = us_q(a, x_u[a]);
                }
                if consistent(&x_u) {
                    break;
                }
            }
            if !consistent(&x_u) {
                let inner = |x0: f64, guess: f64| -> (f64, [f64; 3], [f64; 3]) {
                    let (r0, e0) = us_q(0, x0);
                    let x1 = root(
                        |x| {
                            let (r1, e1) = us_q(1, x);
                            let (pr, pe) = us_probs(&[uqr[0], r0, r1], &[uqe[0], e0, e1]);
                            bayes(mi, pr[2], pe[2]) - x
                        },
                        guess,
                    );
                    let (r1, e1) = us_q(1, x1);
                    (x1, [uqr[0], r0, r1], [uqe[0], e0, e1])
                };
                let mut x1 = x_u[1];
                x_u[0] = root(
                    |x| {
                        let (y, tr, te) = inner(x, x1);
                        x1 = y;
                        let (pr, pe) = us_probs(&tr, &te);
                        bayes(mi, pr[1], pe[1]) - x
                    },
                    x_u[0],
                );
                x_u[1] = inner(x_u[0], x1).0;
            }
        }
        for a in 0..nu {
            (uqr[a + 1], uqe[a + 1]) = us_q(a, x_u[a]);
        }
        let (pu_r, pu_e) = if nu > 0 {
            us_probs(&uqr, &uqe)
        } else {
            ([1.0, 0.0, 0.0], [1.0, 0.0, 0.0])
        };
        if layout.q {
            for a in 0..=nu {
                rec.set_pair(Field::UsValue(a), [uqr[a], uqe[a]]);
            }
        }
        for a in 0..nu {
            let rr = (bayes(mi, pu_r[a + 1], pu_e[a + 1]) - x_u[a]).abs();
            residual = residual.max(rr);
            rec.set_pair(Field::UsChoice(a), [pu_r[a + 1], pu_e[a + 1]]);
            let (to, lump) = prep.us[a];
            let qualified = info.us[a].qualified;
            let choose = [pu_r[a + 1], pu_e[a + 1]];
            let mut add = [0.0; NF_MAX];
            add[UR] = lump;
            add[UE] = lump;
            let leaves = g.space.list[to].pos != st.pos || g.space.list[to].status != Status::Live;
            let fixed_pi = leaves && responder.is_some();
            if fixed_pi {
                let ok = responder == Some(Actor::Us)
                    && !qualified
                    && g.space.list[to].status != Status::Collapsed;
                add[PR] = f64::from(u8::from(ok));
                add[PE] = add[PR];
            }
            if qualified {
                // Iran, reneged on, may declare the deal dead.
                let w = self.walks.at(c, to, x_u[a], mu);
                rec.set_pair(Field::UsWalk(a), w.p);
                let dead_rate =
                    typed_rates(nf, mi, mu, responder, prep.nu_u, Some(w.p), Some(choose));
                let on_rate = typed_rates(
                    nf,
                    mi,
                    mu,
                    responder,
                    prep.nu_u,
                    Some([1.0 - w.p[0], 1.0 - w.p[1]]),
                    Some(choose),
                );
                let dead_to = g.info[to].collapsed;
                let mut dead_add = add;
                dead_add[IR] += p.iran.actor.walk_away_value;
                dead_add[IE] += p.iran.actor.walk_away_value;
                edges.push(Edge::to(
                    c, dead_to, x_u[a], mu, dead_rate, dead_add, fixed_pi,
                ));
                edges.push(Edge::to(c, to, x_u[a], w.x, on_rate, add, fixed_pi));
            } else {
                let rate = typed_rates(nf, mi, mu, responder, prep.nu_u, None, Some(choose));
                edges.push(Edge::to(c, to, x_u[a], mu, rate, add, fixed_pi));
            }
        }

        // ----- The choreographed joint move.
        if let Some(j) = info.joint {
            self.joint(
                s,
                mi,
                mu,
                next,
                warm,
                &mut rec,
                &j,
                &mut residual,
                prep.nu_m,
                edges,
            );
        }

        // ----- Extension decision when an extended understanding expires.
        if let Some((rate, lapsed)) = prep.expiry {
            let d = decide(c, next, s, lapsed, point, mu, 0.0);
            rec.set(Field::Expiry, d.p);
            let mut yes = [0.0; NF_MAX];
            let mut no = [0.0; NF_MAX];
            yes[..nf].fill(rate * d.p);
            no[..nf].fill(rate * (1.0 - d.p));
            edges.push(Edge::to(c, s, mi, mu, yes, [0.0; NF_MAX], false));
            edges.push(Edge::to(c, lapsed, mi, mu, no, [0.0; NF_MAX], false));
        } else if layout.expiry {
            rec.set(Field::Expiry, 1.0);
        }

        // ----- Nature's events (beliefs stay put).
        for e in 0..prep.n_nature {
            let (rate, to) = prep.nature[e];
            let mut r = [0.0; NF_MAX];
            r[..nf].fill(rate);
            edges.push(Edge::to(c, to, mi, mu, r, [0.0; NF_MAX], false));
        }
        if let Some((rate, to, lumps)) = prep.lapse {
            let mover = info.lapse.map_or(Actor::Us, |l| l.mover);
            let w = walk_away(c, next, mover, to, mi, mu, responder);
            rec.set_pair(Field::LapseWalk, w.p);
            let (pi_types, pu_types) = match mover {
                Actor::Iran => (Some(w.p), None),
                Actor::Us => (None, Some(w.p)),
            };
            let (pi_on, pu_on) = match mover {
                Actor::Iran => (Some([1.0 - w.p[0], 1.0 - w.p[1]]), None),
                Actor::Us => (None, Some([1.0 - w.p[0], 1.0 - w.p[1]])),
            };
            let mut add = [0.0; NF_MAX];
            add[..4].copy_from_slice(&lumps);
            let mut dead_add = add;
            match mover {
                Actor::Iran => {
                    dead_add[IR] += p.iran.actor.walk_away_value;
                    dead_add[IE] += p.iran.actor.walk_away_value;
                }
                Actor::Us => {
                    dead_add[UR] += p.us.actor.walk_away_value;
                    dead_add[UE] += p.us.actor.walk_away_value;
                }
            }
            let dead_to = g.info[to].collapsed;
            let dead_rate = typed_rates(nf, mi, mu, responder, rate, pi_types, pu_types);
            let on_rate = typed_rates(nf, mi, mu, responder, rate, pi_on, pu_on);
            edges.push(Edge::to(
                c,
                dead_to,
                mi,
                mu,
                dead_rate,
                dead_add,
                responder.is_some(),
            ));
            let (mi2, mu2) = match mover {
                Actor::Iran => (mi, w.x),
                Actor::Us => (w.x, mu),
            };
            edges.push(Edge::to(c, to, mi2, mu2, on_rate, add, responder.is_some()));
        }

        // ----- Beliefs after a slice without any observable action.
        let h_i = [prep.nu_i * (1.0 - pi_r[0]), prep.nu_i * (1.0 - pi_e[0])];
        let h_u = [prep.nu_u * (1.0 - pu_r[0]), prep.nu_u * (1.0 - pu_e[0])];
        let mu_d = drift(mu, h_i[0], h_i[1], self.days);
        let mi_d = drift(mi, h_u[0], h_u[1], self.days);
        (residual, (mi_d, mu_d))
    }
}
