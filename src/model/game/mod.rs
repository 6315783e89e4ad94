//! The strategic core: the game compiled from a scenario's rules and planning parameters, and its
//! equilibrium ([`solve`]). The dynamics here — which moves each state allows, where they lead,
//! the rates of nature's events, payoffs — are read by both the solve and the trials
//! ([`trial`](super::trial)), so the two cannot disagree about a rule.
//!
//! A state has a discrete part (`states`: protocol position, talks and roadmap, monitoring, the
//! election result, whether the trial has ended) and a continuous part (the two beliefs about
//! types, `beliefs`). Time runs continuously over the `timeline`'s regimes.

pub(crate) mod beliefs;
pub(crate) mod logit;
pub(crate) mod positions;
pub mod solve;
pub(crate) mod states;
pub(crate) mod timeline;

pub use states::StateId;
pub use timeline::SliceId;

use beliefs::BeliefGrid;
use positions::{Joint, Lapse, Phase, Positions};
use states::{Monitoring, PerState, State, StateSpace, Status, Talks, Winner, canonical};
use timeline::{DAYS_PER_MONTH, DAYS_PER_WEEK, DAYS_PER_YEAR, Regime, Timeline};

use crate::model::outcome::Actor;
use crate::model::params::ModelParams;
use crate::model::rules::{ChannelPolicy, Rules};

/// Largest multiplier humanitarian pressure can put on Iran's sanctions pain.
pub(crate) const MAX_PAIN: f64 = 5.0;

/// The US's answer to the mediator in a joint move (`docs/model.md` §9.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsAnswer {
    /// No commitment: the move does not happen.
    None,
    /// A conditional commitment with full relief.
    Full,
    /// A conditional commitment with qualified relief.
    Qualified,
}

impl UsAnswer {
    /// The answers in the order the solve indexes them (0, 1, 2).
    pub(crate) const ALL: [UsAnswer; 3] = [UsAnswer::None, UsAnswer::Full, UsAnswer::Qualified];

    /// The answer at `index` of [`UsAnswer::ALL`].
    pub(crate) fn from_index(index: usize) -> UsAnswer {
        UsAnswer::ALL[index.min(2)]
    }

    /// Its index in [`UsAnswer::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Whether the US commits (and Iran is asked).
    pub(crate) fn commits(self) -> bool {
        self != UsAnswer::None
    }
}

/// An Iranian choice at one of its decision opportunities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IranKind {
    /// Open talks.
    Join,
    /// Move indirect talks to the same table.
    Upgrade,
    /// A protocol move: a first move, a reciprocation or a completion.
    Protocol,
}

/// One of Iran's options in a state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct IranOption {
    pub(crate) kind: IranKind,
    pub(crate) to: StateId,
    /// Iran's half performed (protocol moves).
    pub(crate) size: f64,
    pub(crate) first_move: bool,
    /// Whether it puts Iran at the same table as the US (the aversion cost applies).
    pub(crate) direct: bool,
}

/// One of the US's options in a state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct UsOption {
    pub(crate) qualified: bool,
    pub(crate) to: StateId,
    /// The US's relief delivered by the move.
    pub(crate) size: f64,
    pub(crate) first_move: bool,
}

/// Everything about one state the dynamics need.
#[derive(Clone, Debug, Default)]
pub(crate) struct Info {
    pub(crate) iran: Vec<IranOption>,
    pub(crate) us: Vec<UsOption>,
    /// The joint move of an open `together` step, its positions replaced by states.
    pub(crate) joint: Option<Joint<StateId>>,
    /// Where a lapse of the reciprocation window leads (a state) and what it undoes.
    pub(crate) lapse: Option<Lapse<StateId>>,
    pub(crate) roadmap_up: Option<StateId>,
    pub(crate) roadmap_down: Option<StateId>,
    /// This state with monitoring lapsed (when monitoring is active).
    pub(crate) lapsed: Option<StateId>,
    /// The collapsed twin (ended, levels frozen).
    pub(crate) collapsed: StateId,
    /// The versions after the vote: (hardliner, moderate).
    pub(crate) vote: Option<(StateId, StateId)>,
    /// Who must answer the first move, in positions awaiting reciprocation.
    pub(crate) responder: Option<Actor>,
    /// The step a position awaiting reciprocation belongs to.
    pub(crate) step: usize,
    /// Compliance, relief and withheld relief (protocol levels).
    pub(crate) compliance: f64,
    pub(crate) relief: f64,
    pub(crate) withheld: f64,
    pub(crate) steps_completed: u32,
}

/// A scenario's game: state space, calendar and the planning values its equilibrium is solved at.
pub struct Game {
    pub(crate) rules: Rules,
    pub(crate) plan: ModelParams,
    pub(crate) positions: Positions,
    pub(crate) space: StateSpace,
    pub(crate) info: PerState<Info>,
    pub(crate) timeline: Timeline,
    pub(crate) grid: BeliefGrid,
    /// The hardliners' possible veto strengths with their probabilities.
    pub(crate) veto_nodes: Vec<(f64, f64)>,
    /// `settle[l][s]`: state `s` after the collapse check with `l` law steps in force.
    pub(crate) settle: Vec<PerState<StateId>>,
    pub(crate) initial: StateId,
}

/// A talks channel's rates, per day.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ChannelRates {
    /// Each government's decision opportunities (before Iran's engagement factor).
    pub(crate) decisions: f64,
    /// Roadmap stages agreed (before Iran's engagement factor).
    pub(crate) stage: f64,
    /// Misread messages that cost a roadmap stage.
    pub(crate) setback: f64,
    /// Roadmap share agreed.
    pub(crate) progress: f64,
}

/// Payoffs at the end of the game, for the levels reached.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Terminal {
    /// Iran's.
    pub(crate) iran: f64,
    /// The US's (the same for both types).
    pub(crate) us: f64,
    /// The hardliners' stakes.
    pub(crate) stakes: f64,
}

impl Game {
    /// Compiles the game of `rules` at the planning values `plan`. `veto_nodes` are the
    /// hardliners' possible veto strengths with their probabilities (one node when the strength is
    /// fixed).
    pub(crate) fn compile(rules: &Rules, plan: &ModelParams, veto_nodes: Vec<(f64, f64)>) -> Game {
        let positions = Positions::compile(
            rules.protocol.steps(),
            plan.initial.compliance,
            plan.initial.relief,
            plan.us.qualified_share,
        );
        let timeline = Timeline::new(rules, plan, rules.solver.slice_days);
        let mut game = Game {
            rules: rules.clone(),
            plan: *plan,
            positions,
            space: StateSpace::default(),
            info: PerState::default(),
            timeline,
            grid: BeliefGrid::new(rules.solver.belief_points),
            veto_nodes,
            settle: Vec::new(),
            initial: StateId::default(),
        };
        let m = rules.mechanisms;
        let start = State {
            pos: game.positions.initial as u16,
            talks: Talks::Closed,
            roadmap: 0,
            monitoring: if m.iaea && rules.schedule.monitoring_deadline.is_some() {
                Monitoring::Active
            } else {
                Monitoring::Settled
            },
            winner: Winner::None,
            status: Status::Live,
        };
        game.initial = game.intern(start);
        let mut i = 0;
        while i < game.space.len() {
            game.explore(StateId::from_index(i));
            i += 1;
        }
        let law_max = game.timeline.law_days.len() as u32;
        game.settle = (0..=law_max)
            .map(|l| game.space.ids().map(|s| game.settle_state(s, l)).collect())
            .collect();
        game
    }

    fn intern(&mut self, s: State) -> StateId {
        let s = canonical(
            s,
            &self.positions,
            self.rules.roadmap_stages,
            self.rules.mechanisms.iaea,
        );
        let (i, new) = self.space.insert(s);
        if new {
            self.info.push(Info::default());
        }
        i
    }

    fn with_pos(s: State, pos: usize) -> State {
        State {
            pos: pos as u16,
            ..s
        }
    }

    /// Fills in the dynamics of state `i`, adding every state they lead to.
    fn explore(&mut self, i: StateId) {
        let s = self.space.list[i];
        let m = self.rules.mechanisms;
        let stages = self.rules.roadmap_stages;
        let pos = self.positions.list[s.pos as usize];
        let mut info = Info {
            compliance: pos.compliance,
            relief: pos.relief,
            withheld: pos.withheld,
            steps_completed: pos.steps_completed,
            step: pos.step,
            ..Info::default()
        };
        if s.status == Status::Restored {
            info.compliance = 1.0;
            info.relief = 1.0;
            info.withheld = 0.0;
        }
        if s.status == Status::Collapsed {
            // The deal is dead: sanctions snap back and Iran resumes its programme, so the levels
            // return to where they started.
            let start = self.positions.list[self.positions.initial];
            info.compliance = start.compliance;
            info.relief = start.relief;
            info.withheld = 0.0;
        }
        info.collapsed = if s.status == Status::Live {
            self.intern(State {
                status: Status::Collapsed,
                ..s
            })
        } else {
            i
        };
        if s.winner == Winner::None && m.election && self.rules.schedule.election.is_some() {
            let h = self.intern(State {
                winner: Winner::Hardliner,
                ..s
            });
            let mo = self.intern(State {
                winner: Winner::Moderate,
                ..s
            });
            info.vote = Some((h, mo));
        }
        if s.status == Status::Live {
            let p = s.pos as usize;
            let talks_open = s.talks != Talks::Closed;
            let roadmap_ok = !self.positions.waits_for_roadmap(p) || s.roadmap >= stages;
            if s.talks == Talks::Closed {
                let direct = m.channel == ChannelPolicy::Direct;
                let to = self.intern(State {
                    talks: if direct {
                        Talks::Direct
                    } else {
                        Talks::Indirect
                    },
                    ..s
                });
                info.iran.push(IranOption {
                    kind: IranKind::Join,
                    to,
                    size: 0.0,
                    first_move: false,
                    direct,
                });
            }
            if talks_open && roadmap_ok {
                if let Some(mv) = self.positions.iran_move[p] {
                    let to = self.intern(Self::with_pos(s, mv.to));
                    info.iran.push(IranOption {
                        kind: IranKind::Protocol,
                        to,
                        size: mv.size,
                        first_move: mv.first_move,
                        direct: false,
                    });
                }
                if let Some(mv) = self.positions.us_full[p] {
                    let to = self.intern(Self::with_pos(s, mv.to));
                    info.us.push(UsOption {
                        qualified: false,
                        to,
                        size: mv.size,
                        first_move: mv.first_move,
                    });
                }
                if let Some(mv) = self.positions.us_qualified[p] {
                    let to = self.intern(Self::with_pos(s, mv.to));
                    info.us.push(UsOption {
                        qualified: true,
                        to,
                        size: mv.size,
                        first_move: mv.first_move,
                    });
                }
                if let Some(j) = self.positions.joint[p] {
                    info.joint = Some(j.map(|pos| self.intern(Self::with_pos(s, pos))));
                }
            }
            if s.talks == Talks::Indirect && m.channel == ChannelPolicy::IranChoice {
                let to = self.intern(State {
                    talks: Talks::Direct,
                    ..s
                });
                info.iran.push(IranOption {
                    kind: IranKind::Upgrade,
                    to,
                    size: 0.0,
                    first_move: false,
                    direct: true,
                });
            }
            if let Some(l) = self.positions.lapse[p] {
                info.lapse = Some(l.map(|pos| self.intern(Self::with_pos(s, pos))));
            }
            if talks_open && self.positions.roadmap_relevant(p) {
                if s.roadmap < stages {
                    info.roadmap_up = Some(self.intern(State {
                        roadmap: s.roadmap + 1,
                        ..s
                    }));
                }
                if s.roadmap > 0 && s.roadmap < stages {
                    info.roadmap_down = Some(self.intern(State {
                        roadmap: s.roadmap - 1,
                        ..s
                    }));
                }
            }
            if s.monitoring == Monitoring::Active {
                info.lapsed = Some(self.intern(State {
                    monitoring: Monitoring::Lapsed,
                    ..s
                }));
            }
            info.responder = match pos.phase {
                Phase::AwaitUs { window: true } => Some(Actor::Us),
                Phase::AwaitIran { window: true } => Some(Actor::Iran),
                _ => None,
            };
        }
        self.info[i] = info;
    }

    /// The escalation index of state `s` with `law` law steps in force.
    pub(crate) fn escalation(&self, s: StateId, law: u32, p: &ModelParams) -> f64 {
        let info = &self.info[s];
        let e = &p.escalation;
        let c = if info.relief < e.law_relief_threshold {
            (info.compliance - e.law_compliance_drop * f64::from(law)).max(0.0)
        } else {
            info.compliance
        };
        let lapsed = self.space.list[s].monitoring == Monitoring::Lapsed;
        e.nuclear_weight * (1.0 - c) + if lapsed { p.iaea.lapse_escalation } else { 0.0 }
    }

    /// Iran's compliance once the law's escalation steps are counted (what reports show).
    pub(crate) fn effective_compliance(&self, s: StateId, law: u32, p: &ModelParams) -> f64 {
        let info = &self.info[s];
        if info.relief < p.escalation.law_relief_threshold {
            (info.compliance - p.escalation.law_compliance_drop * f64::from(law)).max(0.0)
        } else {
            info.compliance
        }
    }

    fn settle_state(&self, s: StateId, law: u32) -> StateId {
        let st = self.space.list[s];
        if st.status == Status::Live
            && st.monitoring == Monitoring::Lapsed
            && self.escalation(s, law, &self.plan) >= self.plan.escalation.collapse_threshold
        {
            self.info[s].collapsed
        } else {
            s
        }
    }

    /// State `s` after the collapse check with `law` law steps in force, at parameters `p`.
    pub(crate) fn settled(&self, s: StateId, law: u32, p: &ModelParams) -> StateId {
        let st = self.space.list[s];
        if st.status == Status::Live
            && st.monitoring == Monitoring::Lapsed
            && self.escalation(s, law, p) >= p.escalation.collapse_threshold
        {
            self.info[s].collapsed
        } else {
            s
        }
    }

    /// Whether a momentary spike of `tension` collapses state `s`.
    pub(crate) fn spike_collapses(
        &self,
        s: StateId,
        law: u32,
        tension: f64,
        p: &ModelParams,
    ) -> bool {
        let st = self.space.list[s];
        st.status == Status::Live
            && st.monitoring == Monitoring::Lapsed
            && tension > 0.0
            && self.escalation(s, law, p) + tension >= p.escalation.collapse_threshold
    }

    /// The rates of the channel state `talks` is in (or, with talks closed, the channel they
    /// would open on), per day.
    pub(crate) fn channel_rates(&self, talks: Talks, p: &ModelParams) -> ChannelRates {
        let direct = match talks {
            Talks::Direct => true,
            Talks::Indirect => false,
            Talks::Closed => self.rules.mechanisms.channel == ChannelPolicy::Direct,
        };
        let t = &p.talks;
        let (decisions, progress, misread) = if direct {
            (
                t.direct_decisions_per_week,
                t.direct_progress_per_week,
                t.direct_misread_prob,
            )
        } else {
            (
                t.indirect_decisions_per_week,
                t.indirect_progress_per_week,
                t.indirect_misread_prob,
            )
        };
        let stages = f64::from(self.rules.roadmap_stages);
        ChannelRates {
            decisions: decisions / DAYS_PER_WEEK,
            stage: stages * progress / DAYS_PER_WEEK,
            setback: -(1.0 - misread.min(1.0 - 1e-12)).ln() / DAYS_PER_WEEK
                * (t.misread_setback * stages).min(1.0),
            progress: progress / DAYS_PER_WEEK,
        }
    }

    /// Probability that a shock with `pause_weeks` costs the talks a roadmap stage.
    pub(crate) fn shock_setback(&self, pause_weeks: f64, rates: &ChannelRates) -> f64 {
        (pause_weeks * DAYS_PER_WEEK * rates.progress * f64::from(self.rules.roadmap_stages))
            .min(1.0)
    }

    /// Probability that a hardliner wins the vote held in state `s`.
    pub(crate) fn hardliner_win(&self, s: StateId, p: &ModelParams) -> f64 {
        (p.election.hardliner_win_base
            - p.election.relief_effect * (self.info[s].relief - p.initial.relief))
            .clamp(0.0, 1.0)
    }

    /// Probability of a censure at a Board meeting in state `s`.
    pub(crate) fn censure(&self, s: StateId, p: &ModelParams) -> f64 {
        let st = self.space.list[s];
        let i = &p.iaea;
        (i.censure_base
            + if st.talks == Talks::Closed {
                i.censure_intransigence
            } else {
                0.0
            }
            + if st.monitoring == Monitoring::Lapsed {
                i.censure_lapse_boost
            } else {
                0.0
            })
        .clamp(0.0, 1.0)
    }

    /// The probability that the Supreme National Security Council overrides a veto.
    pub(crate) fn override_probability(p: &ModelParams) -> f64 {
        (p.hardliners.override_base + p.hardliners.outside_pushback).clamp(0.0, 1.0)
    }

    /// Whether a hardliner government holds office in state `s` under `regime`.
    fn hardline_government(&self, s: StateId, regime: &Regime) -> bool {
        regime.inaugurated && self.space.list[s].winner == Winner::Hardliner
    }

    /// The hardliners' effective veto weight for strength `v`.
    pub(crate) fn veto_weight(&self, s: StateId, regime: &Regime, v: f64, p: &ModelParams) -> f64 {
        if self.hardline_government(s, regime) {
            v * p.election.hardliner_veto_factor
        } else {
            v
        }
    }

    /// The hardliners' block advantage `v_eff·(1 − o)·ΔS − B` for a stakes difference `ΔS`
    /// (stakes if blocked minus stakes if the move goes through).
    pub(crate) fn block_advantage(
        &self,
        s: StateId,
        regime: &Regime,
        v: f64,
        stakes_gain: f64,
        p: &ModelParams,
    ) -> f64 {
        self.veto_weight(s, regime, v, p) * (1.0 - Self::override_probability(p)) * stakes_gain
            - p.hardliners.blocking_cost
    }

    /// What the hardliners gain in standing by blocking the move from state `s` to `to`: their
    /// concession cost for the compliance it would restore (E15: the camp attacks each
    /// concession as it is made).
    pub(crate) fn standing(&self, s: StateId, to: StateId, p: &ModelParams) -> f64 {
        p.hardliners.concession_cost * (self.info[to].compliance - self.info[s].compliance).max(0.0)
    }

    /// The factor on Iran's cost of conceding first.
    pub(crate) fn concession_factor(&self, s: StateId, regime: &Regime, p: &ModelParams) -> f64 {
        if self.hardline_government(s, regime) {
            p.election.hardliner_concession_factor
        } else {
            1.0
        }
    }

    /// Iran's one-off payoff from an option at parameters `p`.
    pub(crate) fn iran_lump(
        &self,
        o: &IranOption,
        s: StateId,
        regime: &Regime,
        p: &ModelParams,
    ) -> f64 {
        let concession = if o.first_move {
            -p.iran.actor.pressure_concession_cost * self.concession_factor(s, regime, p) * o.size
        } else {
            0.0
        };
        concession
            - if o.direct {
                p.iran.direct_talks_aversion
            } else {
                0.0
            }
    }

    /// The US's one-off payoff from an option at parameters `p`.
    pub(crate) fn us_lump(o: &UsOption, p: &ModelParams) -> f64 {
        if o.first_move {
            -p.us.actor.pressure_concession_cost * o.size
        } else {
            0.0
        }
    }

    /// One-off payoffs of a lapse: to Iran, to an exploiting Iran on top, to the US.
    pub(crate) fn lapse_lumps<T>(l: &Lapse<T>, p: &ModelParams) -> (f64, f64, f64) {
        match l.mover {
            Actor::Iran => (-p.iran.actor.first_mover_exposure * l.reversed, 0.0, 0.0),
            Actor::Us => (
                0.0,
                p.iran.exploitation_value * l.pocketed,
                -p.us.actor.first_mover_exposure * l.reversed,
            ),
        }
    }

    /// Whether state `s` is one qualified relief leads to: Iran, handed it, then decides whether
    /// to declare the deal dead. Ended states count too: under the law's escalation the settled
    /// target of qualified relief may already have collapsed (found by the mutated-scenario test).
    pub(crate) fn enters_by_qualified_relief(&self, s: StateId) -> bool {
        matches!(
            self.positions.list[self.space.list[s].pos as usize].phase,
            Phase::RemedialFull | Phase::RemedialPartial
        )
    }

    /// Exposure the US bears when its conditional commitment to a joint move is declined or
    /// blocked: with full relief, with qualified relief.
    pub(crate) fn joint_exposure<T>(j: &Joint<T>, p: &ModelParams) -> (f64, f64) {
        let k = p.mediator.choreography_exposure_factor;
        (
            k * p.us.actor.first_mover_exposure * j.us_half,
            k * p.us.actor.first_mover_exposure * j.us_qualified_half,
        )
    }

    /// Iran's value of relief after linkage.
    pub(crate) fn iran_deal_value(&self, p: &ModelParams) -> f64 {
        if self.rules.mechanisms.linkage {
            p.iran.actor.deal_value * (1.0 - p.linkage.iran_value_loss)
        } else {
            p.iran.actor.deal_value
        }
    }

    /// Value to the US of each unit of relief withheld, per month, by type (reciprocating,
    /// exploiting): the exploiting type gains `Q` (leverage for concessions outside the deal),
    /// the reciprocating type loses as much (it wants the deal kept whole); linkage adds its
    /// bonus to both.
    pub(crate) fn withheld_value(&self, p: &ModelParams) -> [f64; 2] {
        let bonus = if self.rules.mechanisms.linkage {
            p.linkage.us_leverage_bonus
        } else {
            0.0
        };
        let q = p.us.qualified_relief_value;
        [bonus - q, bonus + q]
    }

    /// Iran's prior that the US reciprocates, after linkage.
    pub(crate) fn iran_prior(&self, p: &ModelParams) -> f64 {
        let t = p.iran.actor.initial_trust.clamp(0.0, 1.0);
        if self.rules.mechanisms.linkage {
            t * (1.0 - p.linkage.assurance_trust_loss)
        } else {
            t
        }
    }

    /// The expected multiplier on Iran's sanctions pain at day `t` (humanitarian pressure at the
    /// planning rates).
    pub(crate) fn expected_pain(&self, t: f64) -> f64 {
        if !self.rules.mechanisms.shocks {
            return 1.0;
        }
        let rise: f64 = self.plan.shocks[..self.rules.shock_count]
            .iter()
            .map(|s| s.pain_change * s.rate_per_year)
            .sum();
        (1.0 + rise * t / DAYS_PER_YEAR).clamp(0.0, MAX_PAIN)
    }

    /// Per-day payoff flows in state `s` for each value function's owner and type: Iran
    /// (reciprocating, exploiting), then the US (reciprocating, exploiting), with the law's
    /// `law` steps in force and sanctions pain multiplied by `pain`. Relief the US withholds
    /// earns an exploiting US `Q` per unit per month (leverage for concessions outside the deal)
    /// and costs a reciprocating US as much (it wants the deal whole); linkage adds its bonus to
    /// both.
    pub(crate) fn flows(&self, s: StateId, law: u32, pain: f64, p: &ModelParams) -> [f64; 4] {
        let info = &self.info[s];
        let iran =
            -p.iran.actor.waiting_cost_per_month / DAYS_PER_MONTH * pain * (1.0 - info.relief);
        let us = -p.us.actor.waiting_cost_per_month / DAYS_PER_MONTH * self.escalation(s, law, p);
        let q = self.withheld_value(p);
        let held = info.withheld / DAYS_PER_MONTH;
        [iran, iran, us + q[0] * held, us + q[1] * held]
    }

    /// Payoffs at the horizon in state `s`.
    pub(crate) fn terminal(&self, s: StateId, p: &ModelParams) -> Terminal {
        let info = &self.info[s];
        let st = self.space.list[s];
        let dc = info.compliance - p.initial.compliance;
        let dr = info.relief - p.initial.relief;
        let empty =
            st.status != Status::Restored && st.talks != Talks::Closed && info.steps_completed == 0;
        let iran = self.iran_deal_value(p) * dr
            - p.iran.actor.leverage_cost * dc
            - if empty { p.iran.empty_handed_cost } else { 0.0 };
        // Relief withheld under other labels was still promised: it counts as leverage given up
        // (what keeping it is worth to each type accrues month by month, in the flows).
        let us = p.us.actor.deal_value * dc - p.us.actor.leverage_cost * (dr + info.withheld);
        Terminal {
            iran,
            us,
            stakes: p.hardliners.relief_value * dr - p.hardliners.concession_cost * dc,
        }
    }

    /// The rate per day of the reciprocation window's lapse.
    pub(crate) fn lapse_rate(p: &ModelParams) -> f64 {
        1.0 / (p.protocol.reciprocation_window_weeks * DAYS_PER_WEEK)
    }

    /// The rate per day at which an extended monitoring understanding expires.
    pub(crate) fn expiry_rate(p: &ModelParams) -> f64 {
        1.0 / (p.iaea.extension_weeks * DAYS_PER_WEEK)
    }
}
