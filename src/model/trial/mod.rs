//! One trial, in continuous time, event to event, playing the solved strategies
//! (`docs/model.md` §11). This is the model's only trial: bulk runs, `trace` and tests all call
//! [`play_trial`], differing only in the [`Observer`] that watches.
//!
//! Between events every rate is constant: the state, the beliefs the strategies are read at and
//! the slice of the solve's grid only change at events and slice boundaries. The time to the next
//! event is drawn once (an exponential clock) and spent across pieces of constant rate; beliefs
//! drift by Bayes' rule over each piece without an observable action.

mod labels;
mod lookup;

use rand::{Rng, RngExt};

use crate::model::calendar::Calendar;

use crate::model::forces::{Dated as ForcedAt, Forces};
use crate::model::game::beliefs::{bayes, drift};
use crate::model::game::logit::binary;
use crate::model::game::positions::Phase;
use crate::model::game::solve::Equilibrium;
use crate::model::game::solve::record::Field;
use crate::model::game::states::{Monitoring, StateId, Status, Talks};
use crate::model::game::timeline::{DAYS_PER_YEAR, Dated, Regime, SliceId, law_day};
use crate::model::game::{ChannelRates, Game, IranKind, MAX_PAIN, UsAnswer};
use crate::model::observer::{BeliefCause, Choice, Event, Observer, OptionProb};
use crate::model::outcome::{
    Actor, Cause, CollapseTrigger, Outcome, Payoffs, Snapshot, TrialResult,
};
use crate::model::params::ModelParams;
use labels::Labels;
pub use lookup::choice_values;
use lookup::{Strategy, across_nodes, dated};

/// Plays one trial of the solved game `g`/`eq` with this trial's parameters `p` (nature acts at
/// these values; the players' strategies are the solved ones), drawing from `rng` and reporting
/// levels to `observer` at the end of each of `recording`'s steps (the recording grain is the
/// scenario's, not part of the game, so one solved game serves every grain). Deterministic: the
/// same inputs and random stream give the same result.
///
/// `forces` are events made to happen (`docs/model.md` §22): a replaced draw is still drawn, so
/// a forced trial consumes the same random numbers as the unforced one up to the point where
/// the forced event changes what happens.
pub fn play_trial<R: Rng + ?Sized, O: Observer>(
    g: &Game,
    eq: &Equilibrium,
    recording: &Calendar,
    p: &ModelParams,
    forces: &Forces,
    rng: &mut R,
    observer: &mut O,
) -> TrialResult {
    Trial::new(g, eq, recording, p, forces, rng, observer).run()
}

/// The option a uniform `draw` picks among options with probabilities `probs` (the rest of the
/// unit interval is waiting, `None`): the first whose running sum exceeds the draw.
fn pick(draw: f64, probs: impl Iterator<Item = f64>) -> Option<usize> {
    let mut sum = 0.0;
    for (a, p) in probs.enumerate() {
        sum += p;
        if draw < sum {
            return Some(a);
        }
    }
    None
}

/// A first move awaiting its answer.
#[derive(Clone, Copy)]
struct Pending {
    /// The awaiting state's position.
    pos: u16,
    /// Who must answer.
    responder: Actor,
}

struct Trial<'a, R: ?Sized, O> {
    g: &'a Game,
    eq: &'a Equilibrium,
    /// The recording steps levels are reported at.
    recording: &'a Calendar,
    p: &'a ModelParams,
    forces: &'a Forces,
    /// The next of `forces.dated` to happen.
    next_forced: usize,
    rng: &'a mut R,
    obs: &'a mut O,
    /// Whether each government is the reciprocating type: Iran, the US.
    reciprocating: [bool; 2],
    s: StateId,
    /// Iran's belief that the US reciprocates, the US's that Iran does.
    mi: f64,
    mu: f64,
    t: f64,
    /// The slice of the solve's grid `t` is in.
    k: SliceId,
    /// Law steps in force (this trial's law schedule).
    law_steps: u32,
    /// The day of the law's next step (infinite if none before the horizon).
    next_law: f64,
    pain: f64,
    flows: [f64; 2],
    lumps: [f64; 2],
    labels: Labels,
    /// The payoff flows last computed, for the (state, law steps, pain) they were computed at:
    /// these stay the same over most pieces of time.
    flows_at: Option<(StateId, u32, f64, [f64; 4])>,
    pending: Option<Pending>,
    /// The next recording step to report.
    next_record: usize,
    trigger: Option<CollapseTrigger>,
    hardliner_won: Option<bool>,
    /// The rates that are fixed for the whole trial, worked out once.
    fixed: FixedRates,
}

/// The rates of a trial that depend only on its parameters: each talks channel's (indexed by
/// [`Talks`] in declaration order), the shocks', the reciprocation window's lapse and the
/// extension's expiry, per day. Computing them once (not at every piece of time) gives the same
/// numbers and spares a logarithm per piece.
struct FixedRates {
    channels: [ChannelRates; 3],
    shocks: [f64; crate::model::params::MAX_SHOCK_TYPES],
    /// The sum of `shocks`, in their order.
    shocks_total: f64,
    lapse: f64,
    expiry: f64,
}

impl FixedRates {
    fn new(g: &Game, p: &ModelParams) -> FixedRates {
        let mut shocks = [0.0; crate::model::params::MAX_SHOCK_TYPES];
        if g.rules.mechanisms.shocks {
            for (j, sh) in p.shocks[..g.rules.shock_count].iter().enumerate() {
                shocks[j] = sh.rate_per_year / DAYS_PER_YEAR;
            }
        }
        FixedRates {
            channels: [Talks::Closed, Talks::Indirect, Talks::Direct]
                .map(|talks| g.channel_rates(talks, p)),
            shocks,
            shocks_total: shocks.iter().sum(),
            lapse: Game::lapse_rate(p),
            expiry: Game::expiry_rate(p),
        }
    }

    fn channel(&self, talks: Talks) -> ChannelRates {
        self.channels[talks as usize]
    }
}

impl<'a, R: Rng + ?Sized, O: Observer> Trial<'a, R, O> {
    fn new(
        g: &'a Game,
        eq: &'a Equilibrium,
        recording: &'a Calendar,
        p: &'a ModelParams,
        forces: &'a Forces,
        rng: &'a mut R,
        obs: &'a mut O,
    ) -> Self {
        let mi = g.iran_prior(p);
        let mu = p.us.actor.initial_trust.clamp(0.0, 1.0);
        // A common prior: the US is reciprocating with Iran's prior, Iran with the US's.
        let us_r = rng.random::<f64>() < mi;
        let iran_r = rng.random::<f64>() < mu;
        Trial {
            g,
            eq,
            recording,
            p,
            forces,
            next_forced: 0,
            rng,
            obs,
            reciprocating: [iran_r, us_r],
            s: g.initial,
            mi,
            mu,
            t: 0.0,
            k: SliceId::FIRST,
            law_steps: 0,
            next_law: law_day(p, 1, g.timeline.horizon).map_or(f64::INFINITY, f64::from),
            pain: 1.0,
            flows: [0.0; 2],
            lumps: [0.0; 2],
            labels: Labels::default(),
            flows_at: None,
            pending: None,
            next_record: 0,
            trigger: None,
            hardliner_won: None,
            fixed: FixedRates::new(g, p),
        }
    }

    fn emit(&mut self, event: Event) {
        self.obs.event(self.t, event);
    }

    fn draw(&mut self) -> f64 {
        self.rng.random::<f64>()
    }

    fn own(&self, actor: Actor) -> usize {
        usize::from(!self.reciprocating[actor.index()])
    }

    fn regime(&self) -> Regime {
        self.g.timeline.regime_with(self.t, self.p, self.law_steps)
    }

    fn live(&self) -> bool {
        self.g.space.list[self.s].status == Status::Live
    }

    fn run(mut self) -> TrialResult {
        let horizon = f64::from(self.g.timeline.horizon);
        let slices = self.g.timeline.played;
        let mut clock = self.exponential();
        self.dated_events(SliceId::FIRST);
        while self.live() && self.k.index() < slices {
            let slice_end = f64::from(self.g.timeline.bounds[self.k.index() + 1]);
            let next_law = self.next_law;
            let forced = self
                .forces
                .dated
                .get(self.next_forced)
                .map_or(f64::INFINITY, |(day, _)| f64::from(*day));
            let piece_end = slice_end.min(next_law).min(forced);
            let rates = self.rates();
            let span = piece_end - self.t;
            if rates.total * span < clock {
                clock -= rates.total * span;
                self.advance(piece_end, &rates);
                if forced <= piece_end {
                    // A forced event at the start of its day; the exponential clock runs on
                    // (memoryless), with the rates of the state the event leaves.
                    self.forced_event();
                    continue;
                }
                if piece_end >= next_law && next_law < slice_end {
                    self.law_step();
                    continue;
                }
                self.k = self.k.next();
                if self.k.index() < slices {
                    if next_law <= piece_end {
                        self.law_step();
                    }
                    self.dated_events(self.k);
                }
                continue;
            }
            let dt = clock / rates.total;
            self.advance(self.t + dt, &rates);
            clock = self.exponential();
            self.event(&rates);
        }
        self.finish(horizon)
    }

    /// Adds `dt` days of the current state's payoff flows, for each side's own type, with `law`
    /// law steps in force.
    fn add_flows(&mut self, law: u32, dt: f64) {
        let fl = match self.flows_at {
            Some((s, l, pain, fl)) if (s, l, pain) == (self.s, law, self.pain) => fl,
            _ => {
                let fl = self.g.flows(self.s, law, self.pain, self.p);
                self.flows_at = Some((self.s, law, self.pain, fl));
                fl
            }
        };
        self.flows[0] += fl[self.own(Actor::Iran)] * dt;
        self.flows[1] += fl[2 + self.own(Actor::Us)] * dt;
    }

    /// The day of the law's `j`-th step of this trial (infinite if none before the horizon).
    fn law_day(&self, j: u32) -> f64 {
        law_day(self.p, j, self.g.timeline.horizon).map_or(f64::INFINITY, f64::from)
    }

    fn exponential(&mut self) -> f64 {
        -(1.0 - self.draw()).ln()
    }

    /// Moves time to `to` with the current rates: payoff flows, time labels, recordings and the
    /// beliefs' drift.
    fn advance(&mut self, to: f64, r: &Rates) {
        let dt = to - self.t;
        if dt <= 0.0 {
            return;
        }
        self.add_flows(self.law_steps, dt);
        self.labels.spend(self.g, self.s, &r.regime, dt);
        self.record_until(to, r);
        let (mi, mu) = (self.mi, self.mu);
        self.mu = drift(mu, r.hazard_iran[0], r.hazard_iran[1], dt);
        self.mi = drift(mi, r.hazard_us[0], r.hazard_us[1], dt);
        self.t = to;
        if self.obs.wants_beliefs() {
            if self.mu != mu {
                self.emit(Event::Belief {
                    holder: Actor::Us,
                    from: mu,
                    to: self.mu,
                    cause: BeliefCause::Waiting,
                });
            }
            if self.mi != mi {
                self.emit(Event::Belief {
                    holder: Actor::Iran,
                    from: mi,
                    to: self.mi,
                    cause: BeliefCause::Waiting,
                });
            }
        }
    }

    /// Reports the levels at the end of every recording step that ends by `to`.
    fn record_until(&mut self, to: f64, r: &Rates) {
        if !self.obs.wants_levels() {
            return;
        }
        let cal = self.recording;
        let step_days = f64::from(cal.step_days());
        let horizon = f64::from(self.g.timeline.horizon);
        while self.next_record < cal.steps() {
            let end = ((self.next_record + 1) as f64 * step_days).min(horizon);
            if end > to {
                break;
            }
            let dt = end - self.t;
            let snap = Snapshot {
                trust_iran: drift(self.mi, r.hazard_us[0], r.hazard_us[1], dt),
                trust_us: drift(self.mu, r.hazard_iran[0], r.hazard_iran[1], dt),
                ..self.snapshot()
            };
            self.obs.step_end(self.next_record, &snap);
            self.next_record += 1;
        }
    }

    fn snapshot(&self) -> Snapshot {
        let g = self.g;
        let st = g.space.list[self.s];
        let stages = f64::from(g.rules.roadmap_stages);
        let roadmap = if st.status == Status::Live && g.positions.roadmap_relevant(st.pos as usize)
        {
            f64::from(st.roadmap) / stages
        } else {
            1.0
        };
        Snapshot {
            trust_iran: self.mi,
            trust_us: self.mu,
            compliance: g.effective_compliance(self.s, self.law_steps, self.p),
            relief: g.info[self.s].relief,
            escalation: g.escalation(self.s, self.law_steps, self.p),
            roadmap: if st.talks == Talks::Closed {
                0.0
            } else {
                roadmap
            },
        }
    }

    // ----- events at the start of a day ------------------------------------------------------

    fn law_step(&mut self) {
        self.law_steps += 1;
        self.next_law = self.law_day(self.law_steps + 1);
        self.emit(Event::LawEscalation {
            steps: self.law_steps,
        });
        self.settle();
    }

    /// State `self.s` collapses if monitoring has lapsed and escalation reached the threshold.
    fn settle(&mut self) {
        let to = self.g.settled(self.s, self.law_steps, self.p);
        if to != self.s {
            self.trigger = Some(CollapseTrigger::Escalation);
            self.s = to;
        }
    }

    fn dated_events(&mut self, k: SliceId) {
        let k_at = k;
        let k = k.index();
        let g = self.g;
        let day = g.timeline.bounds[k];
        if g.timeline.campaign_start == Some(day) {
            self.emit(Event::CampaignStarts);
        }
        if g.timeline.inauguration == Some(day)
            && let Some(h) = self.hardliner_won
        {
            self.emit(Event::Inauguration { hardliner: h });
        }
        for ev in &g.timeline.dated[k] {
            match ev {
                Dated::Vote => self.vote(),
                Dated::Deadline if self.live() => {
                    if let Some(table) = &self.eq.deadline[k] {
                        let keep = dated(g, table, self.s, self.mi, self.mu);
                        self.monitoring_decision(keep);
                    }
                }
                Dated::Board if self.live() => self.board(k_at),
                _ => {}
            }
        }
    }

    fn vote(&mut self) {
        let Some((h, m)) = self.g.info[self.s].vote else {
            return;
        };
        let probability = self.g.hardliner_win(self.s, self.p);
        let draw = self.draw();
        let won = self.forces.election.unwrap_or(draw < probability);
        self.emit(Event::Vote {
            probability,
            draw,
            hardliner_won: won,
        });
        self.hardliner_won = Some(won);
        self.s = if won { h } else { m };
    }

    /// The council keeps the monitoring understanding with probability `keep`.
    fn monitoring_decision(&mut self, keep: f64) {
        let Some(lapsed) = self.g.info[self.s].lapsed else {
            return;
        };
        let draw = self.draw();
        let kept = draw < keep;
        self.emit(Event::MonitoringDecision {
            probability: keep,
            draw,
            kept,
        });
        if !kept {
            self.s = lapsed;
            self.emit(Event::MonitoringLapsed);
            self.settle();
        }
    }

    fn board(&mut self, k: SliceId) {
        let k = k.index();
        let g = self.g;
        let probability = g.censure(self.s, self.p);
        let draw = self.draw();
        let censured = draw < probability || self.forces.censures.contains(&g.timeline.bounds[k]);
        self.emit(Event::BoardMeeting {
            probability,
            draw,
            censured,
        });
        if !censured {
            return;
        }
        let tension = self.p.iaea.censure_tension;
        if g.spike_collapses(self.s, self.law_steps, tension, self.p) {
            self.collapse(CollapseTrigger::Escalation);
            return;
        }
        let (Some(lapsed), Some(table)) = (g.info[self.s].lapsed, &self.eq.board[k]) else {
            return;
        };
        let refrain = dated(g, table, self.s, self.mi, self.mu);
        let draw = self.draw();
        let retaliated = draw >= refrain;
        self.emit(Event::RetaliationDecision {
            probability: refrain,
            draw,
            retaliated,
        });
        if retaliated {
            self.lumps[0] += self.p.iran.retaliation_value;
            self.s = lapsed;
            self.emit(Event::MonitoringLapsed);
            if g.spike_collapses(self.s, self.law_steps, tension, self.p) {
                self.collapse(CollapseTrigger::Escalation);
            } else {
                self.settle();
            }
        }
    }

    /// The next forced dated event: a shock, or talks opened if they are closed and Iran could
    /// open them (not a choice of Iran's, so nobody's belief moves).
    fn forced_event(&mut self) {
        let Some(&(_, what)) = self.forces.dated.get(self.next_forced) else {
            return;
        };
        self.next_forced += 1;
        if !self.live() {
            return;
        }
        match what {
            ForcedAt::Shock(kind) => self.shock(kind),
            ForcedAt::TalksOpen => {
                let g = self.g;
                let join = g.info[self.s]
                    .iran
                    .iter()
                    .find(|o| o.kind == IranKind::Join)
                    .copied();
                if let Some(opt) = join {
                    let regime = self.regime();
                    self.lumps[0] += g.iran_lump(&opt, self.s, &regime, self.p);
                    self.s = g.settled(opt.to, self.law_steps, self.p);
                    self.labels.progress();
                    let direct = g.space.list[self.s].talks == Talks::Direct;
                    self.emit(Event::TalksOpened { direct });
                }
            }
        }
        self.after_event();
    }

    fn collapse(&mut self, trigger: CollapseTrigger) {
        self.trigger = Some(trigger);
        self.s = self.g.info[self.s].collapsed;
    }

    // ----- rates and events -------------------------------------------------------------------

    fn rates(&self) -> Rates {
        let g = self.g;
        let st = g.space.list[self.s];
        let info = &g.info[self.s];
        let regime = self.regime();
        let ch = self.fixed.channel(st.talks);
        let strategy = Strategy::at(g, self.eq, self.k, self.s, self.mi, self.mu);
        let mut r = Rates {
            regime,
            nu_i: if info.iran.is_empty() {
                0.0
            } else {
                ch.decisions * regime.engagement
            },
            nu_u: if info.us.is_empty() {
                0.0
            } else {
                ch.decisions
            },
            nu_m: if info.joint.is_some() {
                ch.decisions * regime.engagement
            } else {
                0.0
            },
            ..Rates::default()
        };
        for a in 0..info.iran.len() {
            r.iran[a] = strategy.pair(Field::IranChoice(a));
        }
        for a in 0..info.us.len() {
            r.us[a] = strategy.pair(Field::UsChoice(a));
        }
        for t in 0..2 {
            r.hazard_iran[t] = r.nu_i * r.iran.iter().map(|x| x[t]).sum::<f64>();
            r.hazard_us[t] = r.nu_u * r.us.iter().map(|x| x[t]).sum::<f64>();
        }
        r.up = if info.roadmap_up.is_some() {
            ch.stage * regime.engagement
        } else {
            0.0
        };
        r.down = if info.roadmap_down.is_some() {
            ch.setback
        } else {
            0.0
        };
        r.lapse = if info.lapse.is_some() {
            self.fixed.lapse
        } else {
            0.0
        };
        r.expiry = if info.lapsed.is_some() && regime.after_deadline {
            self.fixed.expiry
        } else {
            0.0
        };
        r.shocks = self.fixed.shocks;
        r.total =
            r.nu_i + r.nu_u + r.nu_m + r.up + r.down + r.lapse + r.expiry + self.fixed.shocks_total;
        r
    }

    fn event(&mut self, r: &Rates) {
        let mut x = self.draw() * r.total;
        for clock in Clock::ALL {
            let rate = r.of(clock);
            if x < rate {
                match clock {
                    Clock::IranOpportunity => self.iran_opportunity(r),
                    Clock::UsOpportunity => self.us_opportunity(r),
                    Clock::Mediator => self.joint(),
                    Clock::RoadmapUp => self.roadmap(true),
                    Clock::RoadmapDown => self.roadmap(false),
                    Clock::Lapse => self.lapse(),
                    Clock::Expiry => self.expiry(),
                }
                return self.after_event();
            }
            x -= rate;
        }
        for (j, rate) in r.shocks.iter().enumerate() {
            if x < *rate {
                self.shock(j);
                return self.after_event();
            }
            x -= rate;
        }
    }

    fn after_event(&mut self) {
        if !self.live() {
            self.settle_pending(false);
        }
    }

    /// Settles the pending first move if the position has left its awaiting position; `answered`
    /// says whether that was the responder's full answer.
    fn settle_pending(&mut self, answered: bool) {
        if self.pending.take().is_some() {
            self.emit(Event::FirstMoveSettled { answered });
        }
    }

    /// Position change after a move by `actor`: settles the pending first move (a full answer by
    /// its responder counts as answered).
    fn moved(&mut self, actor: Actor, full_answer: bool) {
        if let Some(pending) = self.pending {
            let pos = self.g.space.list[self.s].pos;
            if pos != pending.pos || !self.live() {
                self.settle_pending(
                    full_answer
                        && actor == pending.responder
                        && self.g.space.list[self.s].status != Status::Collapsed,
                );
            }
        }
    }

    fn belief(&mut self, holder: Actor, to: f64) {
        let from = match holder {
            Actor::Iran => std::mem::replace(&mut self.mi, to),
            Actor::Us => std::mem::replace(&mut self.mu, to),
        };
        if from != to {
            self.emit(Event::Belief {
                holder,
                from,
                to,
                cause: BeliefCause::Action,
            });
        }
    }

    fn iran_opportunity(&mut self, r: &Rates) {
        let g = self.g;
        let info = &g.info[self.s];
        let ty = self.own(Actor::Iran);
        let draw = self.draw();
        let chosen = pick(draw, r.iran[..info.iran.len()].iter().map(|x| x[ty]));
        let wait = 1.0 - r.iran.iter().map(|x| x[ty]).sum::<f64>();
        let mut options = [None; 3];
        options[0] = Some(OptionProb {
            choice: Choice::Wait,
            own: wait,
            other: 1.0 - r.iran.iter().map(|x| x[1 - ty]).sum::<f64>(),
        });
        for (a, o) in info.iran.iter().enumerate().take(2) {
            options[a + 1] = Some(OptionProb {
                choice: self.iran_choice(o.kind, o.first_move),
                own: r.iran[a][ty],
                other: r.iran[a][1 - ty],
            });
        }
        let choice = chosen.map_or(Choice::Wait, |a| {
            self.iran_choice(info.iran[a].kind, info.iran[a].first_move)
        });
        self.emit(Event::Opportunity {
            actor: Actor::Iran,
            reciprocating: ty == 0,
            options,
            draw,
            chosen: choice,
            at: (self.k, self.s, self.mi, self.mu),
        });
        let Some(a) = chosen else { return };
        let opt = info.iran[a];
        let against = r.iran[a][ty] < wait;
        let (mi0, mu0) = (self.mi, self.mu);
        self.belief(Actor::Us, bayes(mu0, r.iran[a][0], r.iran[a][1]));
        // The hardliners may veto; the security council may override.
        if g.rules.mechanisms.veto {
            let strategy = Strategy::at(g, self.eq, self.k, self.s, mi0, mu0);
            let gain = across_nodes(
                &g.veto_nodes,
                |node| strategy.get(Field::IranStakes { option: a, node }),
                self.p.hardliners.veto_strength,
            );
            if self.vetoed(gain) {
                self.labels.vetoed();
                return;
            }
        }
        let regime = self.regime();
        self.lumps[0] += g.iran_lump(&opt, self.s, &regime, self.p);
        let from_level = g.info[self.s].compliance;
        let before = self.s;
        self.s = g.settled(opt.to, self.law_steps, self.p);
        self.labels.progress();
        match opt.kind {
            IranKind::Join => {
                let direct = g.space.list[self.s].talks == Talks::Direct;
                self.emit(Event::TalksOpened { direct });
            }
            IranKind::Upgrade => self.emit(Event::DirectTalksBegin),
            IranKind::Protocol => {
                let step = g.info[before].step;
                self.emit(Event::HalfStep {
                    actor: Actor::Iran,
                    step,
                    from: from_level,
                    to: g.info[self.s].compliance,
                    qualified: false,
                });
                self.step_done(before);
                if opt.first_move {
                    self.first_move(Actor::Iran, step, against);
                } else {
                    self.moved(Actor::Iran, true);
                }
            }
        }
    }

    fn iran_choice(&self, kind: IranKind, first: bool) -> Choice {
        let phase = self.g.positions.list[self.g.space.list[self.s].pos as usize].phase;
        match kind {
            IranKind::Join => Choice::JoinTalks,
            IranKind::Upgrade => Choice::DirectTalks,
            IranKind::Protocol if first => Choice::MoveFirst,
            IranKind::Protocol if phase == Phase::RemedialAwait => Choice::Complete,
            IranKind::Protocol => Choice::Reciprocate,
        }
    }

    /// Whether a move is blocked: the hardliners veto (their stakes gain from blocking is `gain`)
    /// and the council does not override.
    fn vetoed(&mut self, gain: f64) -> bool {
        let g = self.g;
        let p = self.p;
        let regime = self.regime();
        let adv = g.block_advantage(self.s, &regime, p.hardliners.veto_strength, gain, p);
        let probability = binary(p.hardliners.rationality, adv, 0.0);
        let draw = self.draw();
        let vetoed = draw < probability;
        self.emit(Event::Veto {
            probability,
            draw,
            vetoed,
        });
        if !vetoed {
            return false;
        }
        let probability = Game::override_probability(p);
        let draw = self.draw();
        let succeeded = draw < probability;
        self.emit(Event::Override {
            probability,
            draw,
            succeeded,
        });
        !succeeded
    }

    /// After a move from state `before`: emits the step's completion and monitoring's
    /// restoration.
    fn step_done(&mut self, before: StateId) {
        let g = self.g;
        let (b, a) = (&g.info[before], &g.info[self.s]);
        if a.steps_completed > b.steps_completed {
            let qualified = a.withheld > 0.0;
            self.emit(Event::StepCompleted {
                step: b.step,
                qualified,
            });
        }
        if g.space.list[before].monitoring != Monitoring::Settled
            && g.space.list[self.s].monitoring == Monitoring::Settled
            && g.space.list[self.s].status == Status::Live
        {
            self.emit(Event::MonitoringRestored);
        }
    }

    /// A first move by `mover` on `step`: the solver's predictive probability of a full answer at
    /// the mover's belief, and the move awaiting it.
    fn first_move(&mut self, mover: Actor, step: usize, against_advantage: bool) {
        let g = self.g;
        let layout = &self.eq.layouts[self.s];
        if !self.live() || !layout.pi {
            return;
        }
        let strategy = Strategy::at(g, self.eq, self.k, self.s, self.mi, self.mu);
        let pi = strategy.pair(Field::Answered);
        let belief = match mover {
            Actor::Iran => self.mi,
            Actor::Us => self.mu,
        };
        let expected = (belief * pi[0] + (1.0 - belief) * pi[1]).clamp(0.0, 1.0);
        self.emit(Event::FirstMove {
            step,
            mover,
            expected,
            against_advantage,
        });
        self.pending = Some(Pending {
            pos: g.space.list[self.s].pos,
            responder: mover.other(),
        });
    }

    fn us_opportunity(&mut self, r: &Rates) {
        let g = self.g;
        let info = &g.info[self.s];
        let ty = self.own(Actor::Us);
        let draw = self.draw();
        let chosen = pick(draw, r.us[..info.us.len()].iter().map(|x| x[ty]));
        let phase = g.positions.list[g.space.list[self.s].pos as usize].phase;
        let us_choice = |q: bool, first: bool| match (q, first, phase) {
            (true, _, _) => Choice::QualifiedRelief,
            (false, true, _) => Choice::MoveFirst,
            (false, false, Phase::RemedialFull | Phase::RemedialPartial) => Choice::Release,
            _ => Choice::Reciprocate,
        };
        let wait = 1.0 - r.us.iter().map(|x| x[ty]).sum::<f64>();
        let mut options = [None; 3];
        options[0] = Some(OptionProb {
            choice: Choice::Wait,
            own: wait,
            other: 1.0 - r.us.iter().map(|x| x[1 - ty]).sum::<f64>(),
        });
        for (a, o) in info.us.iter().enumerate() {
            options[a + 1] = Some(OptionProb {
                choice: us_choice(o.qualified, o.first_move),
                own: r.us[a][ty],
                other: r.us[a][1 - ty],
            });
        }
        let chosen_choice = chosen.map_or(Choice::Wait, |a| {
            us_choice(info.us[a].qualified, info.us[a].first_move)
        });
        self.emit(Event::Opportunity {
            actor: Actor::Us,
            reciprocating: ty == 0,
            options,
            draw,
            chosen: chosen_choice,
            at: (self.k, self.s, self.mi, self.mu),
        });
        let Some(a) = chosen else { return };
        let opt = info.us[a];
        let against = r.us[a][ty] < wait;
        let (mi0, mu0) = (self.mi, self.mu);
        let walk = opt
            .qualified
            .then(|| Strategy::at(g, self.eq, self.k, self.s, mi0, mu0).pair(Field::UsWalk(a)));
        self.belief(Actor::Iran, bayes(mi0, r.us[a][0], r.us[a][1]));
        self.lumps[1] += Game::us_lump(&opt, self.p);
        let from_level = g.info[self.s].relief;
        let before = self.s;
        self.s = g.settled(opt.to, self.law_steps, self.p);
        self.labels.progress();
        let step = g.info[before].step;
        self.emit(Event::HalfStep {
            actor: Actor::Us,
            step,
            from: from_level,
            to: g.info[self.s].relief,
            qualified: opt.qualified,
        });
        self.step_done(before);
        if opt.first_move {
            self.first_move(Actor::Us, step, against);
        } else {
            self.moved(Actor::Us, !opt.qualified);
        }
        if let Some(pd) = walk {
            self.walk_away(Actor::Iran, pd);
        }
    }

    /// `decider`, reneged on, declares the deal dead with its type's probability from `pd`;
    /// otherwise the other side learns from its going on.
    fn walk_away(&mut self, decider: Actor, pd: [f64; 2]) {
        if !self.live() {
            return;
        }
        let probability = pd[self.own(decider)];
        let draw = self.draw();
        let dead = draw < probability;
        self.emit(Event::WalkAwayDecision {
            actor: decider,
            probability,
            draw,
            declared_dead: dead,
        });
        if dead {
            let value = match decider {
                Actor::Iran => self.p.iran.actor.walk_away_value,
                Actor::Us => self.p.us.actor.walk_away_value,
            };
            self.lumps[decider.index()] += value;
            self.collapse(match decider {
                Actor::Iran => CollapseTrigger::IranDeclaredDead,
                Actor::Us => CollapseTrigger::UsDeclaredDead,
            });
            self.settle_pending(false);
        } else {
            let holder = decider.other();
            let prior = match holder {
                Actor::Iran => self.mi,
                Actor::Us => self.mu,
            };
            self.belief(holder, bayes(prior, 1.0 - pd[0], 1.0 - pd[1]));
        }
    }

    /// A mediator's opportunity: the US answers first (a conditional commitment, full or
    /// qualified, or none); if it committed, Iran answers; both halves are performed when both
    /// commit and the hardliners do not block Iran's.
    fn joint(&mut self) {
        let g = self.g;
        let Some(j) = g.info[self.s].joint else {
            return;
        };
        let (mi0, mu0, s0) = (self.mi, self.mu, self.s);
        let strategy = Strategy::at(g, self.eq, self.k, self.s, mi0, mu0);
        let full = strategy.pair(Field::JointCommit(UsAnswer::Full));
        let qualified = strategy.pair(Field::JointCommit(UsAnswer::Qualified));
        let (ti, tu) = (self.own(Actor::Iran), self.own(Actor::Us));
        let us_draw = self.draw();
        let us_choice = if us_draw < full[tu] {
            UsAnswer::Full
        } else if us_draw < full[tu] + qualified[tu] {
            UsAnswer::Qualified
        } else {
            UsAnswer::None
        };
        let iran = us_choice.commits().then(|| {
            let commit = strategy.pair(Field::JointIranCommits(us_choice));
            let draw = self.draw();
            (commit, draw, draw < commit[ti])
        });
        let step = g.info[s0].step;
        self.emit(Event::JointAttempt {
            step,
            us_full: full,
            us_qualified: qualified,
            us_draw,
            us_choice,
            iran,
            beliefs: (mi0, mu0),
            reciprocating: self.reciprocating,
        });
        let mi = match us_choice {
            UsAnswer::Full => bayes(mi0, full[0], full[1]),
            UsAnswer::Qualified => bayes(mi0, qualified[0], qualified[1]),
            UsAnswer::None => bayes(
                mi0,
                1.0 - full[0] - qualified[0],
                1.0 - full[1] - qualified[1],
            ),
        };
        self.belief(Actor::Iran, mi);
        let Some((commit, _, iran_commits)) = iran else {
            return;
        };
        let mu = if iran_commits {
            bayes(mu0, commit[0], commit[1])
        } else {
            bayes(mu0, 1.0 - commit[0], 1.0 - commit[1])
        };
        self.belief(Actor::Us, mu);
        let (x_full, x_qual) = Game::joint_exposure(&j, self.p);
        let us_exposure = if us_choice == UsAnswer::Qualified {
            x_qual
        } else {
            x_full
        };
        if !iran_commits {
            self.lumps[1] -= us_exposure;
            return;
        }
        if g.rules.mechanisms.veto {
            let gain = across_nodes(
                &g.veto_nodes,
                |node| {
                    strategy.get(Field::JointStakes {
                        answer: us_choice,
                        node,
                    })
                },
                self.p.hardliners.veto_strength,
            );
            if self.vetoed(gain) {
                self.labels.vetoed();
                self.lumps[1] -= us_exposure;
                return;
            }
        }
        let before = self.s;
        let (from_c, from_r) = (g.info[before].compliance, g.info[before].relief);
        let to = match us_choice {
            UsAnswer::Qualified => j.qualified.unwrap_or(j.full),
            _ => j.full,
        };
        self.s = g.settled(to, self.law_steps, self.p);
        self.labels.progress();
        self.emit(Event::HalfStep {
            actor: Actor::Us,
            step,
            from: from_r,
            to: g.info[self.s].relief,
            qualified: us_choice == UsAnswer::Qualified,
        });
        self.emit(Event::HalfStep {
            actor: Actor::Iran,
            step,
            from: from_c,
            to: g.info[self.s].compliance,
            qualified: false,
        });
        self.step_done(before);
        if us_choice == UsAnswer::Qualified {
            // Iran's walk-away moment was solved with the joint move, at the same point.
            self.walk_away(Actor::Iran, strategy.pair(Field::JointWalk));
        }
    }

    fn roadmap(&mut self, up: bool) {
        let g = self.g;
        let info = &g.info[self.s];
        let Some(to) = (if up {
            info.roadmap_up
        } else {
            info.roadmap_down
        }) else {
            return;
        };
        self.s = g.settled(to, self.law_steps, self.p);
        if up {
            self.labels.roadmap_progress();
            let st = g.space.list[self.s];
            let share = f64::from(st.roadmap) / f64::from(g.rules.roadmap_stages);
            self.emit(Event::RoadmapProgress {
                share: if g.positions.roadmap_relevant(st.pos as usize) {
                    share
                } else {
                    1.0
                },
            });
        } else {
            self.labels.setback(Cause::Misunderstanding);
            self.emit(Event::Misread);
        }
    }

    fn lapse(&mut self) {
        let g = self.g;
        let Some(l) = g.info[self.s].lapse else {
            return;
        };
        let pd = Strategy::at(g, self.eq, self.k, self.s, self.mi, self.mu).pair(Field::LapseWalk);
        let step = g.info[self.s].step;
        self.settle_pending(false);
        let (iran, iran_e, us) = Game::lapse_lumps(&l, self.p);
        self.lumps[0] += iran + if self.reciprocating[0] { 0.0 } else { iran_e };
        self.lumps[1] += us;
        self.s = g.settled(l.to, self.law_steps, self.p);
        self.emit(Event::Lapsed {
            mover: l.mover,
            step,
        });
        self.walk_away(l.mover, pd);
    }

    fn expiry(&mut self) {
        let keep =
            Strategy::at(self.g, self.eq, self.k, self.s, self.mi, self.mu).get(Field::Expiry);
        self.monitoring_decision(keep);
    }

    fn shock(&mut self, kind: usize) {
        let g = self.g;
        let sh = self.p.shocks[kind];
        self.pain = (self.pain + sh.pain_change).clamp(0.0, MAX_PAIN);
        if g.spike_collapses(self.s, self.law_steps, sh.tension, self.p) {
            self.emit(Event::Shock {
                kind,
                setback: false,
            });
            self.collapse(CollapseTrigger::Escalation);
            return;
        }
        let mut setback = false;
        if let Some(down) = g.info[self.s].roadmap_down {
            let rates = self.fixed.channel(g.space.list[self.s].talks);
            if self.draw() < g.shock_setback(sh.pause_weeks, &rates) {
                self.s = g.settled(down, self.law_steps, self.p);
                self.labels.setback(Cause::Shock);
                setback = true;
            }
        }
        self.emit(Event::Shock { kind, setback });
    }

    // ----- the end --------------------------------------------------------------------------

    fn finish(mut self, horizon: f64) -> TrialResult {
        let g = self.g;
        let end_day = self.t.min(horizon);
        let st = g.space.list[self.s];
        let outcome = match st.status {
            Status::Restored => Outcome::Restored,
            Status::Collapsed => Outcome::Collapse,
            Status::Live if g.info[self.s].steps_completed > 0 => Outcome::Interim,
            Status::Live => Outcome::Stalemate,
        };
        if st.status == Status::Live {
            self.settle_pending(false);
        }
        // After an early end the state is frozen; its flows run on to the horizon, through the
        // law's remaining steps.
        let mut t = end_day;
        let mut law = self.law_steps;
        while t < horizon {
            let next = self.law_day(law + 1).min(horizon);
            self.add_flows(law, next - t);
            t = next;
            law += 1;
        }
        let terminal = g.terminal(self.s, self.p);
        let payoffs = Payoffs {
            iran: self.flows[0] + self.lumps[0] + terminal.iran,
            us: self.flows[1] + self.lumps[1] + terminal.us,
        };
        let cause = (outcome != Outcome::Restored).then(|| Cause::primary(&self.labels.days));
        let trigger = if outcome == Outcome::Collapse {
            self.trigger.or(Some(CollapseTrigger::Escalation))
        } else {
            None
        };
        let steps = self.recording.steps();
        let result = TrialResult {
            outcome,
            end_day,
            cause,
            collapse_trigger: trigger,
            payoffs,
            steps_completed: g.info[self.s].steps_completed,
            label_days: self.labels.days.map(|d| d.round() as u32),
            hardliner_president: self.hardliner_won,
            last: self.snapshot(),
        };
        self.t = end_day;
        self.emit(Event::Ended {
            outcome,
            cause,
            trigger,
        });
        self.obs.trial_end(&result, steps);
        result
    }
}

/// The clocks of a piece of time other than the shocks', in the order an event's draw is matched
/// against them (`docs/model.md` §11, EVENT).
#[derive(Clone, Copy, Debug)]
enum Clock {
    /// Iran's decision opportunity.
    IranOpportunity,
    /// The US's decision opportunity.
    UsOpportunity,
    /// The mediator's opportunity for a joint move.
    Mediator,
    /// Roadmap progress.
    RoadmapUp,
    /// A misread message costs a roadmap stage.
    RoadmapDown,
    /// The reciprocation window lapses.
    Lapse,
    /// An extension of the monitoring understanding expires.
    Expiry,
}

impl Clock {
    /// Every clock, in matching order.
    const ALL: [Clock; 7] = [
        Clock::IranOpportunity,
        Clock::UsOpportunity,
        Clock::Mediator,
        Clock::RoadmapUp,
        Clock::RoadmapDown,
        Clock::Lapse,
        Clock::Expiry,
    ];
}

/// The clocks of the current piece of time, per day.
#[derive(Clone, Copy, Debug, Default)]
struct Rates {
    /// The conditions in force over the piece (at its start, which is when the rates are taken).
    regime: Regime,
    nu_i: f64,
    nu_u: f64,
    nu_m: f64,
    /// Each option's probability for the reciprocating and the exploiting type.
    iran: [[f64; 2]; 3],
    us: [[f64; 2]; 2],
    /// Observable-action hazards by type (for the beliefs' drift).
    hazard_iran: [f64; 2],
    hazard_us: [f64; 2],
    up: f64,
    down: f64,
    lapse: f64,
    expiry: f64,
    shocks: [f64; crate::model::params::MAX_SHOCK_TYPES],
    total: f64,
}

impl Rates {
    /// The rate of `clock`.
    fn of(&self, clock: Clock) -> f64 {
        match clock {
            Clock::IranOpportunity => self.nu_i,
            Clock::UsOpportunity => self.nu_u,
            Clock::Mediator => self.nu_m,
            Clock::RoadmapUp => self.up,
            Clock::RoadmapDown => self.down,
            Clock::Lapse => self.lapse,
            Clock::Expiry => self.expiry,
        }
    }
}
