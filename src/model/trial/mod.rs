//! One trial of the game, played step by step. This is the model's only implementation: bulk runs,
//! `trace` and tests all call [`play_trial`], differing only in the [`Observer`] that watches.
//!
//! Order of events within a step (see `docs/model.md`, "One step"):
//!
//! 1. calendar events — campaign start, election, inauguration (`Trial::calendar_events`);
//! 2. IAEA — monitoring deadline, Board meeting and censure (`Trial::iaea_events`);
//! 3. the law's scheduled escalation (`Trial::law_escalation`);
//! 4. shocks, then tension decay (`Trial::shock_arrivals`);
//! 5. whether Iran's side engages at all this step (campaign or transition freeze);
//! 6. talks — opening, direct upgrade, misreads, roadmap progress (`Trial::talks`);
//! 7. the protocol step — first moves, reciprocation, joint moves, lapses (`Trial::protocol_step`);
//! 8. end checks — restored or collapsed — then the week's label, payoff flows and snapshot.

mod iaea;
mod steps;
mod talks;

use rand::{Rng, RngExt};

use crate::model::actors::{self, Stakes, choice_probability, iran_deal_value};
use crate::model::hardliners::{self, Government};
use crate::model::observer::{Decision, Event, Observer};
use crate::model::outcome::{
    Actor, Cause, CollapseTrigger, Outcome, Payoffs, TrialResult, WeekLabel,
};
use crate::model::params::{MAX_SHOCK_TYPES, ModelParams};
use crate::model::rules::{ElectionDates, Rules};
use crate::model::shocks;
use crate::model::state::{Monitoring, TrialState};

/// Levels within this distance of 1 count as full compliance or full relief.
const FULL: f64 = 1.0 - 1e-9;

/// Plays one trial under `rules` with parameters `params`, drawing from `rng` and reporting to
/// `observer`. Deterministic: the same rules, parameters and random stream give the same result.
pub fn play_trial<R: Rng + ?Sized, O: Observer>(
    rules: &Rules,
    params: &ModelParams,
    rng: &mut R,
    observer: &mut O,
) -> TrialResult {
    Trial::new(rules, params, rng, observer).run()
}

/// Quantities derived once per trial from the parameters and the calendar.
struct Constants {
    /// ln(1 − p) of each shock type's per-step arrival probability p, for geometric waits.
    shock_log_miss: [f64; MAX_SHOCK_TYPES],
    shock_pause_steps: [usize; MAX_SHOCK_TYPES],
    shock_count: usize,
    tension_decay: f64,
    trust_recovery: f64,
    hardliner_recovery: f64,
    step_months: f64,
    /// Per-step misread probability, indirect then direct channel.
    misread_probability: [f64; 2],
    /// Per-step roadmap progress, indirect then direct channel.
    roadmap_rate: [f64; 2],
    window_steps: usize,
    proximity_steps: usize,
    law_interval_steps: usize,
    direct_speed_gain: f64,
    extension_steps: usize,
    veto_block_steps: usize,
    settled_step: usize,
    iran_deal_value: f64,
    us_stakes: Stakes,
    override_probability: f64,
    qualify_value: f64,
    election: Option<ElectionDates>,
}

/// Converts a duration in weeks to whole steps (rounded).
fn weeks_to_steps(weeks: f64, step_days: u32) -> usize {
    (weeks * 7.0 / f64::from(step_days)).round().max(0.0) as usize
}

impl Constants {
    fn new(rules: &Rules, p: &ModelParams) -> Constants {
        let cal = &rules.calendar;
        let days = cal.step_days();
        let mech = rules.mechanisms;
        let mut shock_log_miss = [0.0; MAX_SHOCK_TYPES];
        let mut shock_pause_steps = [0; MAX_SHOCK_TYPES];
        let shock_count = if mech.shocks { rules.shock_count } else { 0 };
        for (i, s) in p.shocks[..shock_count].iter().enumerate() {
            shock_log_miss[i] = (1.0 - shocks::arrival_probability(s.rate_per_year, days)).ln();
            shock_pause_steps[i] = weeks_to_steps(s.pause_weeks, days);
        }
        let us = &p.us.actor;
        let us_saving = us.waiting_cost_per_month * p.escalation.nuclear_weight;
        let linkage_bonus = if mech.linkage {
            p.linkage.us_leverage_bonus
        } else {
            0.0
        };
        let half_life_steps = p.escalation.tension_half_life_weeks * 7.0 / f64::from(days);
        let step_weeks = f64::from(days) / 7.0;
        let per_step = |weekly: f64| 1.0 - (1.0 - weekly).powf(step_weeks);
        let t = &p.talks;
        Constants {
            shock_log_miss,
            shock_pause_steps,
            shock_count,
            tension_decay: 0.5f64.powf(1.0 / half_life_steps),
            trust_recovery: 1.0
                - 0.5f64.powf(f64::from(days) / (7.0 * p.trust.atmosphere_half_life_weeks)),
            hardliner_recovery: 1.0
                - 0.5f64.powf(f64::from(days) / (7.0 * p.hardliners.recovery_half_life_weeks)),
            step_months: cal.step_months(),
            misread_probability: [
                per_step(t.indirect_misread_prob),
                per_step(t.direct_misread_prob),
            ],
            roadmap_rate: [
                t.indirect_progress_per_week * step_weeks,
                t.direct_progress_per_week * step_weeks,
            ],
            window_steps: weeks_to_steps(p.protocol.reciprocation_window_weeks, days).max(1),
            proximity_steps: weeks_to_steps(p.hardliners.proximity_window_weeks, days).max(1),
            law_interval_steps: weeks_to_steps(p.escalation.law_interval_weeks, days).max(1),
            direct_speed_gain: actors::direct_talks_speed_gain(
                p.talks.indirect_progress_per_week,
                p.talks.direct_progress_per_week,
            ),
            extension_steps: weeks_to_steps(p.iaea.extension_weeks, days).max(1),
            veto_block_steps: weeks_to_steps(p.hardliners.block_weeks, days),
            settled_step: rules.schedule.election.map_or(0, |e| {
                e.inauguration_step + weeks_to_steps(p.election.settling_weeks, days)
            }),
            iran_deal_value: iran_deal_value(p, mech.linkage),
            us_stakes: Stakes::new(us, us.deal_value, us_saving, 1.0),
            override_probability: hardliners::override_probability(&p.hardliners),
            qualify_value: p.us.qualified_relief_value + linkage_bonus,
            election: rules.schedule.election,
        }
    }
}

/// What happened to the week so far, to label it at the end.
#[derive(Clone, Copy, Default)]
struct WeekLog {
    progress: bool,
    blocked: Option<Cause>,
}

struct Trial<'a, R: ?Sized, O> {
    rules: &'a Rules,
    p: &'a ModelParams,
    k: Constants,
    rng: &'a mut R,
    obs: &'a mut O,
    s: TrialState,
    step: usize,
    week: WeekLog,
    weeks: [u16; WeekLabel::COUNT],
    flows: [f64; 2],
    /// The step of each shock type's next arrival.
    next_shock: [usize; MAX_SHOCK_TYPES],
    /// The step of the law's next scheduled escalation.
    next_law_step: usize,
}

impl<'a, R: Rng + ?Sized, O: Observer> Trial<'a, R, O> {
    fn new(rules: &'a Rules, p: &'a ModelParams, rng: &'a mut R, obs: &'a mut O) -> Self {
        let monitoring = match rules.schedule.monitoring_deadline {
            Some((_, deadline)) => Monitoring::Understanding { deadline },
            None => Monitoring::Untracked,
        };
        let k = Constants::new(rules, p);
        let mut trial = Trial {
            rules,
            p,
            next_law_step: k.law_interval_steps,
            k,
            rng,
            obs,
            s: TrialState::initial(p, rules.mechanisms.linkage, monitoring),
            step: 0,
            week: WeekLog::default(),
            weeks: [0; WeekLabel::COUNT],
            flows: [0.0; 2],
            next_shock: [usize::MAX; MAX_SHOCK_TYPES],
        };
        for kind in 0..trial.k.shock_count {
            trial.next_shock[kind] = trial.geometric_wait(trial.k.shock_log_miss[kind]);
        }
        trial
    }

    fn run(mut self) -> TrialResult {
        let steps = self.rules.calendar.steps();
        let mut ended = None;
        let mut end_step = steps;
        for step in 0..steps {
            self.step = step;
            self.week = WeekLog::default();
            self.play_step();
            let end = self.check_end();
            self.close_week();
            if end.is_some() {
                ended = end;
                end_step = step;
                break;
            }
        }
        let (outcome, trigger) = ended.unwrap_or(if self.s.steps_completed > 0 {
            (Outcome::Interim, None)
        } else {
            (Outcome::Stalemate, None)
        });
        // After an early end the state is frozen; its flows run on to the horizon.
        let remaining = steps.saturating_sub(end_step + 1) as f64;
        let flow = self.weekly_flows();
        self.flows[0] += remaining * flow[0];
        self.flows[1] += remaining * flow[1];
        let cause = (outcome != Outcome::Restored).then(|| Cause::primary(&self.weeks));
        let result = TrialResult {
            outcome,
            end_step,
            cause,
            collapse_trigger: trigger,
            payoffs: self.payoffs(),
            steps_completed: self.s.steps_completed,
            weeks: self.weeks,
            hardliner_president: self.s.hardliner_president,
            last: self.s.snapshot(self.p),
        };
        self.obs.event(
            end_step.min(steps.saturating_sub(1)),
            Event::Ended { outcome, cause },
        );
        self.obs.trial_end(&result, steps);
        result
    }

    fn play_step(&mut self) {
        self.calendar_events();
        self.iaea_events();
        self.law_escalation();
        self.shock_arrivals();
        self.s.tension *= self.k.tension_decay;
        self.s.trust.recover(self.k.trust_recovery);
        self.s.hardliner += (self.s.hardliner_base - self.s.hardliner) * self.k.hardliner_recovery;
        let iran_engages = self.iran_engages();
        if self.step < self.s.paused_until {
            self.emit(Event::Paused);
            self.block(Cause::Shock);
            return;
        }
        if self.talks(iran_engages) {
            self.protocol_step(iran_engages);
        }
    }

    // ----- small helpers -------------------------------------------------------------------

    fn emit(&mut self, event: Event) {
        self.obs.event(self.step, event);
    }

    fn draw(&mut self) -> f64 {
        self.rng.random::<f64>()
    }

    /// Marks the week as blocked by what counts towards `cause`, unless something blocked it
    /// earlier.
    fn block(&mut self, cause: Cause) {
        self.week.blocked.get_or_insert(cause);
    }

    fn progress(&mut self) {
        self.week.progress = true;
    }

    /// A choice by `actor` with the given advantage, drawn through the logit rule.
    fn decide(&mut self, actor: Actor, decision: Decision, advantage: f64) -> bool {
        let rationality = match actor {
            Actor::Iran => self.p.iran.actor.rationality,
            Actor::Us => self.p.us.actor.rationality,
        };
        let draw = self.draw();
        let yes = actors::accepts(rationality, advantage, draw);
        // The probability is only computed if the observer keeps the event (the trace does).
        self.emit(Event::Decided {
            actor,
            decision,
            advantage,
            probability: choice_probability(rationality, advantage),
            draw,
            yes,
        });
        yes
    }

    /// An Iranian choice on the deal's front line (joining talks, a protocol step): the
    /// government decides, then the hardliners may veto a "yes", which then claims the week.
    fn iranian_choice(&mut self, decision: Decision, advantage: f64) -> bool {
        self.decide(Actor::Iran, decision, advantage) && self.veto_passes(true)
    }

    /// An Iranian choice beside the front line (direct talks, monitoring, restraint): a veto
    /// changes the choice but does not by itself claim the week.
    fn iranian_side_choice(&mut self, decision: Decision, advantage: f64) -> bool {
        self.decide(Actor::Iran, decision, advantage) && self.veto_passes(false)
    }

    /// Whether an Iranian "yes" survives the hardliner veto (and, if vetoed, the override). On the
    /// front line an unresolved veto holds Iran's moves for `block_weeks`.
    fn veto_passes(&mut self, front: bool) -> bool {
        if !self.rules.mechanisms.veto {
            return true;
        }
        if front && self.step < self.s.vetoed_until {
            self.emit(Event::VetoHolds {
                until: self.s.vetoed_until,
            });
            self.block(Cause::Veto);
            return false;
        }
        let government_factor = match self.s.government {
            Government::Hardliner => self.p.election.hardliner_veto_factor,
            Government::Moderate => 1.0,
        };
        let proximity = hardliners::election_proximity(
            self.step,
            self.k.election.map(|e| e.election_step),
            self.k.proximity_steps,
        );
        let probability = hardliners::veto_probability(
            &self.p.hardliners,
            self.s.hardliner,
            government_factor,
            proximity,
        );
        if probability <= 0.0 {
            return true;
        }
        let draw = self.draw();
        let vetoed = draw < probability;
        self.emit(Event::Veto {
            probability,
            draw,
            vetoed,
        });
        if !vetoed {
            return true;
        }
        let probability = self.k.override_probability;
        let draw = self.draw();
        let succeeded = draw < probability;
        self.emit(Event::Override {
            probability,
            draw,
            succeeded,
        });
        if succeeded {
            self.s.hardliner = (self.s.hardliner + self.p.hardliners.override_backlash).min(1.0);
        } else if front {
            self.s.vetoed_until = self.step + self.k.veto_block_steps;
            self.block(Cause::Veto);
        }
        succeeded
    }

    /// Iran's stakes now: its sanctions pain (and so the waiting cost a deal saves) moves with
    /// humanitarian pressure, and a hardliner government concedes at a higher cost.
    fn iran_stakes(&self) -> Stakes {
        let iran = &self.p.iran.actor;
        let concession_factor = match self.s.government {
            Government::Hardliner => self.p.election.hardliner_concession_factor,
            Government::Moderate => 1.0,
        };
        Stakes::new(
            iran,
            self.k.iran_deal_value,
            iran.waiting_cost_per_month * self.s.pain,
            concession_factor,
        )
    }

    fn stakes(&self, actor: Actor) -> Stakes {
        match actor {
            Actor::Iran => self.iran_stakes(),
            Actor::Us => self.k.us_stakes,
        }
    }

    // ----- calendar, law and shocks ------------------------------------------------------------

    fn calendar_events(&mut self) {
        let Some(e) = self.k.election else { return };
        if self.step == e.campaign_step && e.campaign_step < e.election_step {
            self.emit(Event::CampaignStarts);
        }
        if self.step == e.election_step {
            let probability = hardliners::hardliner_win_probability(
                &self.p.election,
                self.s.hardliner,
                self.p.hardliners.initial_strength,
                self.s.relief,
            );
            let draw = self.draw();
            let hardliner_won = draw < probability;
            self.s.hardliner_president = Some(hardliner_won);
            self.emit(Event::Election {
                probability,
                draw,
                hardliner_won,
            });
        }
        if self.step == e.inauguration_step
            && let Some(hardliner) = self.s.hardliner_president
        {
            if hardliner {
                self.s.government = Government::Hardliner;
                self.s
                    .trust
                    .rescale(Actor::Iran, self.p.election.hardliner_trust_factor);
            } else {
                let change = self.p.election.moderate_strength_change;
                self.s.hardliner = (self.s.hardliner + change).clamp(0.0, 1.0);
                self.s.hardliner_base = (self.s.hardliner_base + change).clamp(0.0, 1.0);
            }
            self.emit(Event::Inauguration { hardliner });
        }
    }

    /// Whether Iran's side engages this step: during the campaign, and from the election until
    /// the new government has settled in, it does so only with the configured probability.
    fn iran_engages(&mut self) -> bool {
        let Some(e) = self.k.election else {
            return true;
        };
        let factor = if (e.campaign_step..e.election_step).contains(&self.step) {
            self.p.election.campaign_progress_factor
        } else if (e.election_step..self.k.settled_step).contains(&self.step) {
            self.p.election.transition_progress_factor
        } else {
            return true;
        };
        let engages = self.draw() < factor;
        if !engages {
            self.emit(Event::Frozen);
        }
        engages
    }

    fn law_escalation(&mut self) {
        if self.step != self.next_law_step {
            return;
        }
        self.next_law_step += self.k.law_interval_steps;
        let esc = &self.p.escalation;
        if self.s.relief < esc.law_relief_threshold && self.s.compliance > 0.0 {
            self.s.compliance = (self.s.compliance - esc.law_compliance_drop).max(0.0);
            self.emit(Event::LawEscalation {
                compliance: self.s.compliance,
            });
        }
    }

    /// Steps until the next arrival of a shock type whose per-step miss probability has logarithm
    /// `log_miss`: geometric, drawn by inversion, so a Bernoulli trial per step becomes one draw
    /// per arrival.
    fn geometric_wait(&mut self, log_miss: f64) -> usize {
        let u = 1.0 - self.draw();
        let wait = u.ln() / log_miss;
        // A rate of 0 gives 0/0 or -inf: no arrival, ever.
        if wait >= 0.0 {
            wait as usize
        } else {
            usize::MAX
        }
    }

    fn shock_arrivals(&mut self) {
        for kind in 0..self.k.shock_count {
            if self.next_shock[kind] == self.step {
                let until = shocks::apply(
                    &self.p.shocks[kind],
                    &mut self.s,
                    self.step,
                    self.k.shock_pause_steps[kind],
                );
                self.s.paused_until = self.s.paused_until.max(until);
                self.emit(Event::Shock { kind });
                let wait = self.geometric_wait(self.k.shock_log_miss[kind]);
                self.next_shock[kind] = self.step.saturating_add(1).saturating_add(wait);
            }
        }
    }

    // ----- end of step -------------------------------------------------------------------------

    fn check_end(&self) -> Option<(Outcome, Option<CollapseTrigger>)> {
        let s = &self.s;
        if s.step_index >= self.rules.protocol.steps().len()
            && !s.remedial
            && s.compliance >= FULL
            && s.relief >= FULL
        {
            return Some((Outcome::Restored, None));
        }
        if s.monitoring == Monitoring::Lapsed
            && s.escalation(self.p) >= self.p.escalation.collapse_threshold
        {
            return Some((Outcome::Collapse, Some(CollapseTrigger::Escalation)));
        }
        // A side declares the deal dead on the other's conduct (its lasting trust), not on a
        // passing souring of the atmosphere.
        let floor = self.p.trust.dead_floor;
        if s.trust.lasting(Actor::Iran) < floor {
            return Some((Outcome::Collapse, Some(CollapseTrigger::IranDeclaredDead)));
        }
        if s.trust.lasting(Actor::Us) < floor {
            return Some((Outcome::Collapse, Some(CollapseTrigger::UsDeclaredDead)));
        }
        None
    }

    fn close_week(&mut self) {
        let label = if self.week.progress {
            WeekLabel::Progress
        } else {
            WeekLabel::Blocked(self.week.blocked.unwrap_or(Cause::Standoff))
        };
        self.weeks[label.index()] += 1;
        let flow = self.weekly_flows();
        self.flows[0] += flow[0];
        self.flows[1] += flow[1];
        let snapshot = self.s.snapshot(self.p);
        self.obs.step_end(self.step, &snapshot);
    }

    /// This step's payoff flows: Iran bears sanctions pain on the relief still missing, the US
    /// bears the cost of escalation.
    fn weekly_flows(&self) -> [f64; 2] {
        let m = self.k.step_months;
        [
            -self.p.iran.actor.waiting_cost_per_month * self.s.pain * (1.0 - self.s.relief) * m,
            -self.p.us.actor.waiting_cost_per_month * self.s.escalation(self.p) * m,
        ]
    }

    /// Payoffs over the horizon: flows, plus the value of what each side obtained, minus the
    /// leverage it gave up and the one-off costs it bore.
    fn payoffs(&self) -> Payoffs {
        let p = self.p;
        let s = &self.s;
        let compliance_gain = s.compliance - p.initial.compliance;
        let relief_gain = s.relief - p.initial.relief;
        let withheld = if s.remedial {
            self.rules.protocol.steps()[s.step_index].us_target - s.relief
        } else {
            0.0
        };
        Payoffs {
            iran: self.flows[0] + self.k.iran_deal_value * relief_gain
                - p.iran.actor.leverage_cost * compliance_gain
                - s.one_off_costs[Actor::Iran.index()],
            us: self.flows[1] + p.us.actor.deal_value * compliance_gain
                - p.us.actor.leverage_cost * relief_gain
                + self.k.qualify_value * withheld
                - s.one_off_costs[Actor::Us.index()],
        }
    }
}
