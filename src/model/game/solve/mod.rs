//! The equilibrium: a logit agent quantal response equilibrium of the game, found by backward
//! induction over the calendar (`docs/model.md` §10).
//!
//! For each slice `[t_k, t_{k+1})` of the solve's time grid, from the horizon back:
//!
//! 1. *choices* (`choices`, `joint`, `walk`): at every live state and belief grid point,
//!    each type's logit response to the values at `t_{k+1}`, where the posterior a choice reveals
//!    depends on the choice probabilities (a fixed point per choice); this gives the slice's
//!    strategies and its transitions;
//! 2. *drift*: beliefs move while nobody acts observably (types act at different rates), applied
//!    by cubic interpolation;
//! 3. *events*: the transitions, by uniformisation — the slice's events counted up to the order
//!    at which the Poisson tail is at most [`POISSON_TAIL`] — with payoff flows;
//! 4. *dated events* at `t_k` (`dated`): the vote, the monitoring deadline, Board meetings and
//!    the law's collapse check.
//!
//! Strategies are constant within a slice; trials play exactly these strategies.

mod choices;
mod dated;
mod joint;
pub(crate) mod record;
pub(crate) mod root;
mod values;
mod walk;

use rayon::prelude::*;

use super::Game;
use super::states::{PerState, StateId, Status, Winner};
use super::timeline::{DAYS_PER_YEAR, Dated, Regime, SliceId};
use record::{Field, RecordMut};
use values::{Ctx, Edge, IE, IR, NF_MAX, PE, PR, S0, UE, UR};
use walk::WalkTable;

/// How a live state's strategy record is laid out (numbers per belief point): which fields it
/// has; [`record`] says where each sits.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    pub(crate) iran: usize,
    pub(crate) us: usize,
    pub(crate) joint: bool,
    pub(crate) expiry: bool,
    pub(crate) lapse: bool,
    pub(crate) pi: bool,
    /// Whether the record keeps each option's value `Q` (for the trace).
    pub(crate) q: bool,
    pub(crate) nodes: usize,
    pub(crate) len: usize,
}

impl Layout {
    /// The layout with its length set: every field ([`record::Field`]) up to the values kept for
    /// the trace, and those values when the layout keeps them.
    fn finish(mut self) -> Layout {
        self.len = self.at(record::Field::IranValue(0))
            + if self.q {
                2 * (self.iran + 1) + 2 * (self.us + 1)
            } else {
                0
            };
        self
    }
}

/// The states present before the vote (epoch 0) or after it (epoch 1), and where their records
/// start within a slice.
#[derive(Clone, Debug, Default)]
pub(crate) struct Epoch {
    pub(crate) states: Vec<StateId>,
    /// Record offset per state (`usize::MAX` when absent or ended).
    pub(crate) offsets: PerState<usize>,
    pub(crate) per_slice: usize,
}

/// Diagnostics of a solve, for `summary.json` (no wall-clock times). The solve is one backward
/// pass over the slices; its iterations are the posterior fixed points at each state, belief
/// point and slice.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SolveStats {
    /// States of the game.
    pub states: usize,
    /// Slices of the time grid.
    pub slices: usize,
    /// Points of each belief grid.
    pub belief_points: usize,
    /// Veto-strength nodes.
    pub veto_nodes: usize,
    /// Choice fixed points solved (state × belief point × slice).
    pub points: u64,
    /// Largest posterior fixed-point residual |B(x) − x| left anywhere.
    pub residual: f64,
    /// Fixed points whose residual exceeds 1e-6.
    pub unsettled: u64,
    /// Most events per slice the propagation counted.
    pub propagations: usize,
}

/// Where one live state's strategy records sit in [`Equilibrium::strategies`]: belief point by
/// belief point, and within a point slice by slice, so that a trial, which reads the same state
/// at the same few points slice after slice, reads memory in order (the records it needs next
/// are already in cache or prefetched).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Block {
    /// Index of the record at belief point 0 in the state's first slice.
    pub(crate) start: usize,
    /// The first slice the state is present in (its epoch's first).
    pub(crate) first_slice: usize,
    /// Slices the state is present in (its epoch's, which are consecutive).
    pub(crate) slices: usize,
}

impl Block {
    /// Start of the record (of `len` numbers) in slice `k` at belief point 0, and the distance
    /// from one belief point's record to the next.
    fn record(self, k: SliceId, len: usize) -> (usize, usize) {
        (
            self.start + (k.index() - self.first_slice) * len,
            self.slices * len,
        )
    }
}

/// The solved game: every live state's strategies at every slice and belief point.
pub struct Equilibrium {
    pub(crate) layouts: PerState<Layout>,
    /// Where each state's records are (live states only).
    pub(crate) blocks: PerState<Block>,
    pub(crate) strategies: Vec<f32>,
    /// The council's probability of keeping monitoring at a boundary's deadline (per state and
    /// point), and of refraining from retaliation at a Board meeting.
    pub(crate) deadline: Vec<Option<Vec<f32>>>,
    pub(crate) board: Vec<Option<Vec<f32>>>,

    /// Diagnostics.
    pub stats: SolveStats,
}

impl Equilibrium {
    /// Start of the record of live state `s` in slice `k` at belief point 0, and the distance
    /// from one belief point's record to the next.
    pub(crate) fn record(&self, k: SliceId, s: StateId) -> (usize, usize) {
        self.blocks[s].record(k, self.layouts[s].len)
    }
}

/// Each live state's [`Block`]: a state is present in the slices of its epoch (before the vote,
/// or from it on), which are consecutive because the vote is one day.
fn blocks(
    layouts: &PerState<Layout>,
    epochs: &[Epoch],
    slice_epoch: &[usize],
    pts: usize,
) -> PerState<Block> {
    let mut out = PerState(vec![Block::default(); layouts.len()]);
    let mut start = 0;
    for (e, epoch) in epochs.iter().enumerate() {
        let first_slice = slice_epoch.iter().position(|&x| x == e).unwrap_or(0);
        let slices = slice_epoch.iter().filter(|&&x| x == e).count();
        debug_assert!(
            slice_epoch[first_slice..first_slice + slices]
                .iter()
                .all(|&x| x == e)
        );
        for &s in &epoch.states {
            if epoch.offsets[s] != usize::MAX {
                out[s] = Block {
                    start,
                    first_slice,
                    slices,
                };
                start += pts * slices * layouts[s].len;
            }
        }
    }
    out
}

/// Copies slice `k`'s records, laid out state by state as the solve writes them (`epoch`'s
/// offsets, `pts` belief points each), into their places in `strategies`.
fn store_slice(
    strategies: &mut [f32],
    blocks: &PerState<Block>,
    layouts: &PerState<Layout>,
    epoch: &Epoch,
    k: SliceId,
    records: &[f32],
    pts: usize,
) {
    for &s in &epoch.states {
        let (from, len) = (epoch.offsets[s], layouts[s].len);
        if from == usize::MAX || len == 0 {
            continue;
        }
        let (base, stride) = blocks[s].record(k, len);
        for (point, rec) in records[from..from + pts * len]
            .chunks_exact(len)
            .enumerate()
        {
            let dst = base + point * stride;
            strategies[dst..dst + len].copy_from_slice(rec);
        }
    }
}

/// Per-slice, per-state quantities shared by all belief points.
pub(crate) struct Prepared {
    pub(crate) nu_i: f64,
    pub(crate) nu_u: f64,
    pub(crate) nu_m: f64,
    /// Iran's options: settled successor and one-off payoff.
    pub(crate) iran: [(StateId, f64); 3],
    pub(crate) us: [(StateId, f64); 2],
    /// Nature's events: (rate, settled successor).
    pub(crate) nature: [(f64, StateId); 12],
    pub(crate) n_nature: usize,
    /// (rate, settled successor, lumps to IR, IE, UR, UE).
    pub(crate) lapse: Option<(f64, StateId, [f64; 4])>,
    /// (rate, settled successor with monitoring lapsed).
    pub(crate) expiry: Option<(f64, StateId)>,
    /// Per-day flows for `IR`, `IE`, `UR`, `UE`.
    pub(crate) flows: [f64; 4],
    /// Total rate of every clock (an upper bound on the events' rate whatever the choices).
    pub(crate) total: f64,
}

/// One slice's conditions.
pub(crate) struct SliceCtx<'a> {
    pub(crate) ctx: &'a Ctx<'a>,
    pub(crate) regime: Regime,
    pub(crate) days: f64,
    pub(crate) pain: f64,
    /// Iran's walk-away moment in every state qualified relief leads to.
    pub(crate) walks: WalkTable,
}

/// What a solve of a game takes, worked out from its grids without solving it: the strategy
/// records it stores, the value arrays it works on and the choice fixed points it solves (the
/// quantity its time goes with).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Footprint {
    /// Bytes of the strategy records the solve stores (`f32` each).
    pub strategy_bytes: u64,
    /// Bytes of the value arrays it works on (`f64` each: the values at both ends of a slice
    /// and two scratch copies).
    pub value_bytes: u64,
    /// Choice fixed points it solves: live states × belief points × slices.
    pub fixed_points: u64,
}

impl Footprint {
    /// The footprint of solving `g` (without the values kept for `trace`).
    pub(crate) fn of(g: &Game) -> Footprint {
        let nodes = g.veto_nodes.len();
        let pts = g.grid.points();
        let layouts: PerState<Layout> = g
            .space
            .ids()
            .map(|s| layout_of(g, s, nodes, false))
            .collect();
        let epochs: Vec<Epoch> = (0..2).map(|e| epoch(g, &layouts, e, pts)).collect();
        let slices = g.timeline.slices();
        let mut records = 0u64;
        let mut fixed_points = 0u64;
        for k in 0..slices {
            let epoch = &epochs[usize::from(g.timeline.after_vote(k))];
            records += epoch.per_slice as u64;
            let live = epoch
                .states
                .iter()
                .filter(|&&s| g.space.list[s].status == Status::Live)
                .count();
            fixed_points += (live * pts) as u64;
        }
        let values = (g.space.len() * pts * (S0 + nodes)) as u64;
        Footprint {
            strategy_bytes: 4 * records,
            value_bytes: 8 * 4 * values,
            fixed_points,
        }
    }

    /// Bytes in all.
    pub fn bytes(&self) -> u64 {
        self.strategy_bytes + self.value_bytes
    }
}

/// Solves `g`. With `keep_q`, every strategy record also keeps the values of the options it
/// weighed (for the trace); the strategies are the same either way. `stop` is asked between
/// slices whether to give up (a run interrupted during its solve); giving up returns `None`.
pub(crate) fn solve(g: &Game, keep_q: bool, stop: &dyn Fn() -> bool) -> Option<Equilibrium> {
    let p = &g.plan;
    let nodes = g.veto_nodes.len();
    let nf = S0 + nodes;
    let pts = g.grid.points();
    let ctx = Ctx {
        g,
        p,
        nf,
        nodes,
        pts,
        n: g.grid.n,
    };
    let ns = g.space.len();
    let layouts: PerState<Layout> = g
        .space
        .ids()
        .map(|s| layout_of(g, s, nodes, keep_q))
        .collect();
    let epochs: Vec<Epoch> = (0..2).map(|e| epoch(g, &layouts, e, pts)).collect();
    let slices = g.timeline.slices();
    let slice_epoch: Vec<usize> = (0..slices)
        .map(|k| usize::from(g.timeline.after_vote(k)))
        .collect();
    let total = slice_epoch.iter().map(|&e| epochs[e].per_slice).sum();
    let widest = epochs.iter().map(|e| e.per_slice).max().unwrap_or(0);
    let blocks = blocks(&layouts, &epochs, &slice_epoch, pts);
    let mut strategies = vec![0.0f32; total];
    // The records of the slice being solved and of the one after it (the warm start), laid out
    // state by state; each slice's are stored into the blocks once solved.
    let mut records = vec![0.0f32; widest];
    let mut later = vec![0.0f32; widest];
    let mut deadline = vec![None; slices + 1];
    let mut board = vec![None; slices + 1];
    let mut next = vec![0.0; ns * pts * nf];
    for s in g.space.ids() {
        let t = g.terminal(s, p);
        for point in 0..pts {
            let o = ctx.at(s, point);
            next[o + IR] = t.iran;
            next[o + IE] = t.iran;
            next[o + UR] = t.us;
            next[o + UE] = t.us;
            for q in 0..nodes {
                next[o + S0 + q] = t.stakes;
            }
        }
    }
    let mut cur = next.clone();
    // Scratch value arrays of the drift and the event propagation, and each state's buffers of
    // edges, kept from slice to slice.
    let mut w_a = next.clone();
    let mut w_b = next.clone();
    let mut spare: PerState<StateSlice> = g.space.ids().map(|_| StateSlice::default()).collect();
    let mut stats = SolveStats {
        states: ns,
        slices,
        belief_points: g.grid.n,
        veto_nodes: nodes,
        points: 0,
        residual: 0.0,
        unsettled: 0,
        propagations: 0,
    };
    for k in (0..slices).rev() {
        if stop() {
            return None;
        }
        let t0 = f64::from(g.timeline.bounds[k]);
        let t1 = f64::from(g.timeline.bounds[k + 1]);
        let mut sc = SliceCtx {
            ctx: &ctx,
            regime: g.timeline.regime(t0, p),
            days: t1 - t0,
            pain: g.expected_pain(0.5 * (t0 + t1)),
            walks: WalkTable::empty(ns),
        };
        if k + 1 == g.timeline.played {
            // A first move is answered only within the horizon: what the continuation would
            // bring does not count.
            for chunk in next.chunks_mut(nf) {
                chunk[PR] = 0.0;
                chunk[PE] = 0.0;
            }
        }
        let epoch = &epochs[slice_epoch[k]];
        // Zeroed, as the records were before this slice was solved (the scratch held another
        // slice's, possibly of the other epoch's states).
        records.fill(0.0);
        // One explicit pass: the choices weigh the values at the slice's end (`docs/model.md`
        // §10.3).
        let weighed: &[f64] = &next;
        // 0. Iran's walk-away moments, which the choices below weigh.
        let remedial: Vec<StateId> = epoch
            .states
            .iter()
            .copied()
            .filter(|&s| g.enters_by_qualified_relief(s))
            .collect();
        let rows: Vec<_> = remedial
            .par_iter()
            .map(|&s| WalkTable::row(&ctx, weighed, s))
            .collect();
        for (s, row) in remedial.into_iter().zip(rows) {
            sc.walks.set(s, row);
        }
        let same_next = k + 1 < slices && slice_epoch[k + 1] == slice_epoch[k];
        let region = &mut records[..epoch.per_slice];
        let warm_region: Option<&[f32]> = same_next.then(|| &later[..epoch.per_slice]);
        // 1. Choices and transitions, state by state in parallel.
        let mut work: Vec<(StateId, &mut [f32])> = Vec::new();
        let mut tail = region;
        for &s in &epoch.states {
            if g.space.list[s].status == Status::Live {
                let (head, t) = tail.split_at_mut(layouts[s].len * pts);
                work.push((s, head));
                tail = t;
            }
        }
        let in_epoch: PerState<bool> = g
            .space
            .ids()
            .map(|s| epoch.states.binary_search(&s).is_ok())
            .collect();
        let prepared: PerState<Prepared> = g
            .space
            .ids()
            .map(|s| {
                if in_epoch[s] {
                    sc.prepare(s)
                } else {
                    SliceCtx::prepare_none()
                }
            })
            .collect();
        // Each state reuses its buffers of the previous slice (no allocation per slice).
        let work: Vec<_> = work
            .into_iter()
            .map(|(s, out)| (s, out, std::mem::take(&mut spare[s])))
            .collect();
        let solved: Vec<StateSlice> = work
            .into_par_iter()
            .map(|(s, out, buffers)| {
                let warm = warm_region
                    .map(|w| &w[epoch.offsets[s]..epoch.offsets[s] + layouts[s].len * pts]);
                sc.state(s, &prepared[s], weighed, warm, out, &layouts[s], buffers)
            })
            .collect();
        let mut by_state: PerState<Option<&StateSlice>> = PerState(vec![None; ns]);
        let mut lambda: f64 = 0.0;
        for ss in &solved {
            by_state[ss.s] = Some(ss);
            lambda = lambda.max(prepared[ss.s].total);
            stats.points += pts as u64;
            stats.residual = stats.residual.max(ss.residual);
            stats.unsettled += ss.unsettled;
        }
        // 2. Beliefs drift over the slice (operator splitting: drift, then events).
        w_a.clone_from(&next);
        w_a.par_chunks_mut(pts * nf)
            .enumerate()
            .for_each(|(s, out)| {
                let s = StateId::from_index(s);
                if let Some(ss) = by_state[s] {
                    for point in 0..pts {
                        let (mi_d, mu_d) = ss.drifted[point];
                        let (gi, gu) = (point / ctx.n, point % ctx.n);
                        let (wi, ni) = g.grid.cubic(mi_d, gi);
                        let (wu, nu) = g.grid.cubic(mu_d, gu);
                        let mut v = [0.0; NF_MAX];
                        for &(i, a) in &wi[..ni] {
                            for &(u, b) in &wu[..nu] {
                                let o = ctx.at(s, i * ctx.n + u);
                                for (x, y) in v[..nf].iter_mut().zip(&next[o..o + nf]) {
                                    *x += a * b * y;
                                }
                            }
                        }
                        out[point * nf..(point + 1) * nf].copy_from_slice(&v[..nf]);
                    }
                }
            });
        // 3. Events by uniformisation at rate `lambda`, counting up to `order` events.
        let a = lambda * sc.days;
        let order = propagation_order(a);
        stats.propagations = stats.propagations.max(order);
        let coef = poisson_weights(a, order);
        let inv_lambda = if lambda > 0.0 { 1.0 / lambda } else { 0.0 };
        w_b.clone_from(&w_a);
        for (s, chunk) in cur.chunks_mut(pts * nf).enumerate() {
            if in_epoch.0[s] {
                for (x, y) in chunk.iter_mut().zip(&w_a[s * pts * nf..(s + 1) * pts * nf]) {
                    *x = coef[0] * y;
                }
            }
        }
        for &c_n in &coef[1..] {
            w_b.par_chunks_mut(pts * nf)
                .zip(cur.par_chunks_mut(pts * nf))
                .enumerate()
                .for_each(|(s, (out, acc))| {
                    let s = StateId::from_index(s);
                    if !in_epoch[s] {
                        return;
                    }
                    let Some(ss) = by_state[s] else {
                        // An ended state: nothing happens to it.
                        let o = s.index() * pts * nf;
                        out.copy_from_slice(&w_a[o..o + pts * nf]);
                        for (x, y) in acc.iter_mut().zip(out.iter()) {
                            *x += c_n * y;
                        }
                        return;
                    };
                    for point in 0..pts {
                        let o = ctx.at(s, point);
                        let mut v = [0.0; NF_MAX];
                        v[..nf].copy_from_slice(&w_a[o..o + nf]);
                        let here = v;
                        if lambda > 0.0 {
                            let (e0, e1) = ss.spans[point];
                            for e in &ss.edges[e0 as usize..e1 as usize] {
                                let mut succ = [0.0; NF_MAX];
                                for &(i, w) in &e.corners[..e.ncorners as usize] {
                                    let oi = i as usize * nf;
                                    for (x, y) in succ[..nf].iter_mut().zip(&w_a[oi..oi + nf]) {
                                        *x += w * y;
                                    }
                                }
                                for f in 0..nf {
                                    let target = if e.fixed_pi && (f == PR || f == PE) {
                                        e.add[f]
                                    } else {
                                        succ[f] + e.add[f]
                                    };
                                    v[f] += e.rate[f] * inv_lambda * (target - here[f]);
                                }
                            }
                        }
                        out[point * nf..(point + 1) * nf].copy_from_slice(&v[..nf]);
                        for f in 0..nf {
                            acc[point * nf + f] += c_n * v[f];
                        }
                    }
                });
            std::mem::swap(&mut w_a, &mut w_b);
        }
        // Payoff flows over the slice, with a first-order correction for the events.
        for s in g.space.ids() {
            if !in_epoch[s] {
                continue;
            }
            let fl = prepared[s].flows;
            let live = by_state[s];
            for point in 0..if live.is_some() { pts } else { 1 } {
                let o = ctx.at(s, point);
                let mut add = fl.map(|x| x * sc.days);
                if let Some(ss) = live {
                    let (e0, e1) = ss.spans[point];
                    let h = 0.5 * sc.days * sc.days;
                    for e in &ss.edges[e0 as usize..e1 as usize] {
                        let to = prepared[e.to].flows;
                        for f in [IR, IE, UR, UE] {
                            add[f] += h * e.rate[f] * (to[f] - fl[f]);
                        }
                    }
                }
                for (f, x) in add.iter().enumerate() {
                    cur[o + f] += x;
                }
                if live.is_none_or(|_| !layouts[s].pi) {
                    cur[o + PR] = 0.0;
                    cur[o + PE] = 0.0;
                }
            }
        }
        // The reciprocation probabilities at the slice's start, for the trials' belief rows.
        for &s in &epoch.states {
            if g.space.list[s].status != Status::Live || !layouts[s].pi {
                continue;
            }
            let layout = &layouts[s];
            for point in 0..pts {
                let at = epoch.offsets[s] + layout.len * point;
                let o = ctx.at(s, point);
                RecordMut::new(&mut records[at..at + layout.len], layout)
                    .set_pair(Field::Answered, [cur[o + PR], cur[o + PE]]);
            }
        }
        for ss in solved {
            let s = ss.s;
            spare[s] = ss;
        }
        // 4. Dated events at t_k, the last applied first.
        let law = sc.regime.law_steps;
        for ev in g.timeline.dated[k].iter().rev() {
            match ev {
                Dated::Board => board[k] = Some(dated::dated_decision(&ctx, &mut cur, law, true)),
                Dated::Deadline => {
                    deadline[k] = Some(dated::dated_decision(&ctx, &mut cur, law, false));
                }
                Dated::Vote => dated::vote(&ctx, &mut cur),
            }
        }
        dated::settle(&ctx, &mut cur, law);
        std::mem::swap(&mut cur, &mut next);
        let slice = SliceId::from_index(k);
        store_slice(
            &mut strategies,
            &blocks,
            &layouts,
            epoch,
            slice,
            &records,
            pts,
        );
        std::mem::swap(&mut records, &mut later);
    }
    Some(Equilibrium {
        layouts,
        blocks,
        strategies,
        deadline,
        board,
        stats,
    })
}

/// The Poisson tail of events per slice the propagation may leave uncounted.
const POISSON_TAIL: f64 = 1e-3;
/// Most events per slice the propagation counts.
const MAX_EVENTS_PER_SLICE: usize = 40;

/// The smallest number of events per slice whose Poisson tail at mean `a` is at most
/// `POISSON_TAIL` (at least 2, at most `MAX_EVENTS_PER_SLICE`).
fn propagation_order(a: f64) -> usize {
    let mut term = (-a).exp();
    let mut cdf = term;
    let mut n = 0;
    while 1.0 - cdf > POISSON_TAIL && n < MAX_EVENTS_PER_SLICE {
        n += 1;
        term *= a / n as f64;
        cdf += term;
    }
    n.max(2)
}

/// Poisson probabilities of 0, 1, …, `order − 1` events at mean `a`, and the tail at `order`.
fn poisson_weights(a: f64, order: usize) -> Vec<f64> {
    let mut w = Vec::with_capacity(order + 1);
    let mut term = (-a).exp();
    let mut acc = 0.0;
    for n in 0..order {
        w.push(term);
        acc += term;
        term *= a / (n + 1) as f64;
    }
    w.push((1.0 - acc).max(0.0));
    w
}

fn layout_of(g: &Game, s: StateId, nodes: usize, q: bool) -> Layout {
    let info = &g.info[s];
    if g.space.list[s].status != Status::Live {
        return Layout {
            nodes,
            ..Layout::default()
        }
        .finish();
    }
    Layout {
        iran: info.iran.len(),
        us: info.us.len(),
        joint: info.joint.is_some(),
        expiry: info.lapsed.is_some(),
        lapse: info.lapse.is_some(),
        pi: info.responder.is_some(),
        q,
        nodes,
        len: 0,
    }
    .finish()
}

fn epoch(g: &Game, layouts: &PerState<Layout>, e: usize, pts: usize) -> Epoch {
    let mut epoch = Epoch {
        offsets: PerState(vec![usize::MAX; g.space.len()]),
        ..Epoch::default()
    };
    for (s, st) in g.space.list.iter() {
        if (e == 0) == (st.winner == Winner::None) {
            epoch.states.push(s);
            if st.status == Status::Live {
                epoch.offsets[s] = epoch.per_slice;
                epoch.per_slice += layouts[s].len * pts;
            }
        }
    }
    epoch
}

/// One state's share of a slice: its transitions per belief point, the beliefs after a slice
/// without observable action, and how well its fixed points settled.
#[derive(Default)]
pub(crate) struct StateSlice {
    pub(crate) s: StateId,
    pub(crate) edges: Vec<Edge>,
    pub(crate) spans: Vec<(u32, u32)>,
    pub(crate) drifted: Vec<(f64, f64)>,
    pub(crate) residual: f64,
    pub(crate) unsettled: u64,
}

impl SliceCtx<'_> {
    fn prepare_none() -> Prepared {
        Prepared {
            nu_i: 0.0,
            nu_u: 0.0,
            nu_m: 0.0,
            iran: [(StateId::default(), 0.0); 3],
            us: [(StateId::default(), 0.0); 2],
            nature: [(0.0, StateId::default()); 12],
            n_nature: 0,
            lapse: None,
            expiry: None,
            flows: [0.0; 4],
            total: 0.0,
        }
    }

    /// The rates, successors and payoffs of state `s` in this slice.
    pub(crate) fn prepare(&self, s: StateId) -> Prepared {
        let c = self.ctx;
        let g = c.g;
        let p = c.p;
        let reg = &self.regime;
        let st = g.space.list[s];
        let info = &g.info[s];
        let settle = |to: StateId| g.settle[reg.law_steps as usize][to];
        let mut prep = Self::prepare_none();
        prep.flows = g.flows(s, reg.law_steps, self.pain, p);
        if st.status != Status::Live {
            return prep;
        }
        let ch = g.channel_rates(st.talks, p);
        prep.nu_i = if info.iran.is_empty() {
            0.0
        } else {
            ch.decisions * reg.engagement
        };
        prep.nu_u = if info.us.is_empty() {
            0.0
        } else {
            ch.decisions
        };
        prep.nu_m = if info.joint.is_some() {
            ch.decisions * reg.engagement
        } else {
            0.0
        };
        for (a, o) in info.iran.iter().enumerate() {
            prep.iran[a] = (settle(o.to), g.iran_lump(o, s, reg, p));
        }
        for (a, o) in info.us.iter().enumerate() {
            prep.us[a] = (settle(o.to), Game::us_lump(o, p));
        }
        let mut push = |e: (f64, StateId)| {
            prep.nature[prep.n_nature] = e;
            prep.n_nature += 1;
        };
        if let Some(up) = info.roadmap_up {
            push((ch.stage * reg.engagement, settle(up)));
        }
        if let Some(down) = info.roadmap_down {
            push((ch.setback, settle(down)));
        }
        if g.rules.mechanisms.shocks {
            for sh in &p.shocks[..g.rules.shock_count] {
                let rate = sh.rate_per_year / DAYS_PER_YEAR;
                if rate <= 0.0 {
                    continue;
                }
                if g.spike_collapses(s, reg.law_steps, sh.tension, p) {
                    push((rate, info.collapsed));
                } else if let Some(down) = info.roadmap_down {
                    let set = g.shock_setback(sh.pause_weeks, &ch);
                    if set > 0.0 {
                        push((rate * set, settle(down)));
                    }
                }
            }
        }
        if let Some(l) = info.lapse {
            let (iran, iran_e, us) = Game::lapse_lumps(&l, p);
            prep.lapse = Some((
                Game::lapse_rate(p),
                settle(l.to),
                [iran, iran + iran_e, us, us],
            ));
        }
        if let Some(lapsed) = info.lapsed
            && reg.after_deadline
        {
            prep.expiry = Some((Game::expiry_rate(p), settle(lapsed)));
        }
        prep.total = prep.nu_i
            + prep.nu_u
            + prep.nu_m
            + prep.nature[..prep.n_nature]
                .iter()
                .map(|e| e.0)
                .sum::<f64>()
            + prep.lapse.map_or(0.0, |l| l.0)
            + prep.expiry.map_or(0.0, |e| e.0);
        prep
    }

    /// The hardliners' effective block probability (blocked, and not overridden) at veto node
    /// `q`, when blocking leaves stakes `blocked` and letting the move through gives `done`.
    pub(crate) fn block(&self, s: StateId, blocked: f64, done: f64, q: usize) -> f64 {
        let c = self.ctx;
        let g = c.g;
        let p = c.p;
        if !g.rules.mechanisms.veto {
            return 0.0;
        }
        let adv = g.block_advantage(s, &self.regime, g.veto_nodes[q].0, blocked - done, p);
        super::logit::binary(p.hardliners.rationality, adv, 0.0)
            * (1.0 - Game::override_probability(p))
    }

    /// Every belief point of state `s`, into `ss`'s buffers (emptied first).
    #[allow(clippy::too_many_arguments)]
    fn state(
        &self,
        s: StateId,
        prep: &Prepared,
        next: &[f64],
        warm: Option<&[f32]>,
        out: &mut [f32],
        layout: &Layout,
        mut ss: StateSlice,
    ) -> StateSlice {
        let pts = self.ctx.pts;
        ss.s = s;
        ss.edges.clear();
        ss.spans.clear();
        ss.drifted.clear();
        ss.residual = 0.0;
        ss.unsettled = 0;
        let len = layout.len;
        for point in 0..pts {
            let start = ss.edges.len() as u32;
            let warm = warm.map(|w| &w[point * len..(point + 1) * len]);
            let (res, drifted) = self.point(
                s,
                point,
                prep,
                next,
                warm,
                &mut out[point * len..(point + 1) * len],
                layout,
                &mut ss.edges,
            );
            ss.residual = ss.residual.max(res);
            ss.unsettled += u64::from(res > 1e-6);
            ss.spans.push((start, ss.edges.len() as u32));
            ss.drifted.push(drifted);
        }
        ss
    }
}
