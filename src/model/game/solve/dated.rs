//! What happens at the start of a day, taking post-event values back to pre-event values: the
//! vote, the monitoring deadline and Board meetings (with the Supreme National Security Council's
//! decisions), and the collapse check when the law's escalation steps in.

use super::super::logit::binary;
use super::super::states::{StateId, Status, Winner};
use super::values::{Ctx, IE, IR, NF_MAX, S0, Vals};

/// A decision of Iran's Supreme National Security Council on the IAEA understanding (keep it, or
/// refrain from retaliating against a censure). The council weighs Iran's interest under the
/// public belief about the government's type, so its choice reveals nothing about that type.
pub(crate) struct Decision {
    /// Probability of "yes" (keep the understanding).
    pub(crate) p: f64,
    pub(crate) yes: Vals,
    pub(crate) no: Vals,
}

/// The council's choice at a grid point: "yes" keeps state `s`, "no" leads to `no_to` with the
/// one-off `no_lump` to Iran.
pub(crate) fn decide(
    c: &Ctx<'_>,
    vals: &[f64],
    s: StateId,
    no_to: StateId,
    point: usize,
    mu: f64,
    no_lump: f64,
) -> Decision {
    let yes = c.direct(vals, s, point);
    let mut no = c.direct(vals, no_to, point);
    no[IR] += no_lump;
    no[IE] += no_lump;
    let value = |v: &Vals| mu * v[IR] + (1.0 - mu) * v[IE];
    Decision {
        p: binary(c.p.iran.actor.rationality, value(&yes), value(&no)),
        yes,
        no,
    }
}

/// The monitoring deadline (`board` false) or a Board meeting (`board` true) at a boundary with
/// `law` law steps in force: rewrites `vals` from post-event to pre-event values and returns the
/// council's probability of "yes" per (state, point).
pub(crate) fn dated_decision(c: &Ctx<'_>, vals: &mut [f64], law: u32, board: bool) -> Vec<f32> {
    let g = c.g;
    let p = c.p;
    let nf = c.nf;
    let src = vals.to_vec();
    let mut probs = vec![0.0f32; g.space.len() * c.pts];
    for s in g.space.ids() {
        if g.space.list[s].status != Status::Live {
            continue;
        }
        let info = &g.info[s];
        if !board && info.lapsed.is_none() {
            continue;
        }
        for point in 0..c.pts {
            let mu = g.grid.point(point % c.n);
            let here = c.direct(&src, s, point);
            let mut decided = |d: &Decision| -> Vals {
                probs[s.index() * c.pts + point] = d.p as f32;
                let mut v = [0.0; NF_MAX];
                for (f, out) in v.iter_mut().enumerate().take(nf) {
                    *out = d.p * d.yes[f] + (1.0 - d.p) * d.no[f];
                }
                v
            };
            let new: Vals = if board {
                let pc = g.censure(s, p);
                let tension = p.iaea.censure_tension;
                let censured: Vals = if g.spike_collapses(s, law, tension, p) {
                    c.direct(&src, info.collapsed, 0)
                } else if let Some(lapsed) = info.lapsed {
                    let lapsed = g.settle[law as usize][lapsed];
                    let no_to = if g.spike_collapses(lapsed, law, tension, p) {
                        g.info[lapsed].collapsed
                    } else {
                        lapsed
                    };
                    decided(&decide(
                        c,
                        &src,
                        s,
                        no_to,
                        point,
                        mu,
                        p.iran.retaliation_value,
                    ))
                } else {
                    here
                };
                let mut v = [0.0; NF_MAX];
                for f in 0..nf {
                    v[f] = (1.0 - pc) * here[f] + pc * censured[f];
                }
                v
            } else {
                let lapsed = g.settle[law as usize][info.lapsed.unwrap_or(s)];
                decided(&decide(c, &src, s, lapsed, point, mu, 0.0))
            };
            let o = c.at(s, point);
            vals[o..o + nf].copy_from_slice(&new[..nf]);
        }
    }
    probs
}

/// The vote: each pre-vote state's values from its two post-vote versions; a hardliner win is
/// worth `hardliners.win_value` to the hardliners.
pub(crate) fn vote(c: &Ctx<'_>, vals: &mut [f64]) {
    let g = c.g;
    let p = c.p;
    for s in g.space.ids() {
        let st = g.space.list[s];
        if st.winner != Winner::None {
            continue;
        }
        let Some((h, m)) = g.info[s].vote else {
            continue;
        };
        let pw = g.hardliner_win(s, p);
        let points = if st.status == Status::Live { c.pts } else { 1 };
        for point in 0..points {
            let (oh, om, o) = (c.at(h, point), c.at(m, point), c.at(s, point));
            for f in 0..c.nf {
                let mut v = pw * vals[oh + f] + (1.0 - pw) * vals[om + f];
                if f >= S0 {
                    v += pw * p.hardliners.win_value;
                }
                vals[o + f] = v;
            }
        }
    }
}

/// The collapse check when the law's escalation steps in: live states that collapse take the
/// values of their collapsed twin.
pub(crate) fn settle(c: &Ctx<'_>, vals: &mut [f64], law: u32) {
    let g = c.g;
    for s in g.space.ids() {
        let t = g.settle[law as usize][s];
        if t == s {
            continue;
        }
        let src = c.at(t, 0);
        let v: Vec<f64> = vals[src..src + c.nf].to_vec();
        for point in 0..c.pts {
            let o = c.at(s, point);
            vals[o..o + c.nf].copy_from_slice(&v);
        }
    }
}
