//! The protocol's reciprocal steps: moving first, reciprocating or letting the step lapse, joint
//! moves choreographed by the mediator, and qualified relief with its remedial release.

use rand::Rng;

use super::Trial;
use crate::model::actors::{
    first_mover_advantage, joint_move_advantage, qualify_advantage, second_mover_advantage,
};
use crate::model::observer::{Decision, Event, Observer};
use crate::model::outcome::{Actor, Cause};
use crate::model::protocol::{Order, Step};
use crate::model::state::{Monitoring, Phase};

/// The level each side must reach in a step.
fn target(step: &Step, actor: Actor) -> f64 {
    match actor {
        Actor::Iran => step.iran_target,
        Actor::Us => step.us_target,
    }
}

impl<R: Rng + ?Sized, O: Observer> Trial<'_, R, O> {
    pub(super) fn protocol_step(&mut self, iran_engages: bool) {
        let rules = self.rules;
        let Some(step) = rules.protocol.steps().get(self.s.step_index) else {
            return;
        };
        if step.needs_roadmap && self.s.roadmap < 1.0 {
            return;
        }
        match self.s.phase {
            Phase::Open => {
                let order = if self.s.remedial {
                    Order::First(Actor::Us)
                } else {
                    step.order
                };
                match order {
                    Order::First(actor) => self.first_move(step, actor, iran_engages),
                    Order::Together => self.joint_move(step, iran_engages),
                }
            }
            Phase::Awaiting {
                mover,
                since,
                before,
                qualified,
            } => self.await_reciprocation(step, mover, since, before, qualified, iran_engages),
        }
    }

    /// The remaining future of the deal after this step, from `actor`'s point of view: the share
    /// of the other side's level still to come.
    fn future_after(step: &Step, actor: Actor) -> f64 {
        1.0 - target(step, actor.other())
    }

    fn first_move(&mut self, step: &Step, actor: Actor, iran_engages: bool) {
        if actor == Actor::Iran && !iran_engages {
            self.block(Cause::ElectionFreeze);
            return;
        }
        let other = actor.other();
        let own = (target(step, actor) - self.s.level(actor)).max(0.0);
        let received = (target(step, other) - self.s.level(other)).max(0.0);
        let stakes = self.stakes(actor);
        let mut advantage = first_mover_advantage(&stakes, self.s.trust.of(actor), own, received);
        if self.s.remedial && actor == Actor::Us {
            // Releasing withheld relief gives up the leverage it was withheld for.
            advantage -= self.k.qualify_value * own;
        }
        let moved = match actor {
            Actor::Iran => self.iranian_choice(Decision::MoveFirst, advantage),
            Actor::Us => self.decide(Actor::Us, Decision::MoveFirst, advantage),
        };
        if !moved {
            // A US that will not release withheld relief keeps its relief qualified.
            self.block(if self.s.remedial {
                Cause::Defection
            } else {
                Cause::Standoff
            });
            return;
        }
        self.s.one_off_costs[actor.index()] += stakes.concession * own;
        let qualified = actor == Actor::Us
            && !self.s.remedial
            && self.qualify(own, received, Self::future_after(step, Actor::Us));
        let before = self.s.level(actor);
        self.perform_half(actor, own, qualified, 1.0);
        self.s.phase = Phase::Awaiting {
            mover: actor,
            since: self.step,
            before,
            qualified,
        };
    }

    fn await_reciprocation(
        &mut self,
        step: &Step,
        mover: Actor,
        since: usize,
        before: f64,
        qualified: bool,
        iran_engages: bool,
    ) {
        let actor = mover.other();
        let reciprocated = if actor == Actor::Iran && !iran_engages {
            self.block(Cause::ElectionFreeze);
            false
        } else {
            let own = (target(step, actor) - self.s.level(actor)).max(0.0);
            let received = self.s.level(mover) - before;
            let stakes = self.stakes(actor);
            let advantage = second_mover_advantage(
                &stakes,
                self.s.trust.of(actor),
                own,
                received,
                Self::future_after(step, actor),
            );
            let yes = match actor {
                Actor::Iran => self.iranian_choice(Decision::Reciprocate, advantage),
                Actor::Us => self.decide(Actor::Us, Decision::Reciprocate, advantage),
            };
            if yes {
                let qualified_now = actor == Actor::Us
                    && !self.s.remedial
                    && self.qualify(own, 0.0, Self::future_after(step, Actor::Us));
                // Iran answers qualified relief by performing only the matching share of its half.
                let share = if actor == Actor::Iran && qualified {
                    1.0 - self.p.us.qualified_share
                } else {
                    1.0
                };
                self.perform_half(actor, own, qualified_now, share);
                self.complete_step(step, qualified || qualified_now);
            }
            yes
        };
        if reciprocated {
            return;
        }
        if self.step + 1 - since >= self.k.window_steps {
            // The window lapsed: the mover reverses its half and bears the exposure.
            let exposed = self.s.level(mover) - before;
            self.s.set_level(mover, before);
            self.s.one_off_costs[mover.index()] += self.stakes(mover).exposure * exposed.max(0.0);
            self.s
                .trust
                .observe_defection(mover, self.p.trust.defection_loss);
            self.s.phase = Phase::Open;
            self.emit(Event::Defected {
                mover,
                step: self.s.step_index,
            });
        }
        self.block(Cause::Defection);
    }

    fn joint_move(&mut self, step: &Step, iran_engages: bool) {
        if !iran_engages {
            self.block(Cause::ElectionFreeze);
            return;
        }
        let own_iran = (step.iran_target - self.s.compliance).max(0.0);
        let own_us = (step.us_target - self.s.relief).max(0.0);
        let kappa = self.p.mediator.choreography_exposure_factor;
        let iran_advantage = joint_move_advantage(
            &self.iran_stakes(),
            self.s.trust.of(Actor::Iran),
            own_iran,
            own_us,
            kappa,
        );
        let us_advantage = joint_move_advantage(
            &self.k.us_stakes,
            self.s.trust.of(Actor::Us),
            own_us,
            own_iran,
            kappa,
        );
        let us_commits = self.decide(Actor::Us, Decision::JointMove, us_advantage);
        let iran_commits = self.iranian_choice(Decision::JointMove, iran_advantage);
        if !(us_commits && iran_commits) {
            self.block(Cause::Standoff);
            return;
        }
        let qualified = self.qualify(own_us, own_iran, Self::future_after(step, Actor::Us));
        let share = if qualified {
            1.0 - self.p.us.qualified_share
        } else {
            1.0
        };
        self.perform_half(Actor::Us, own_us, qualified, 1.0);
        self.perform_half(Actor::Iran, own_iran, false, share);
        self.complete_step(step, qualified);
    }

    /// The US's choice to qualify relief of size `own` while Iran still owes `iran_pending`.
    fn qualify(&mut self, own: f64, iran_pending: f64, future: f64) -> bool {
        if own <= 0.0 || self.p.us.qualified_share <= 0.0 {
            return false;
        }
        let advantage = qualify_advantage(
            &self.k.us_stakes,
            self.k.qualify_value,
            self.p.us.qualified_share,
            own,
            iran_pending,
            self.p.trust.qualified_relief_loss,
            future,
        );
        self.decide(Actor::Us, Decision::QualifyRelief, advantage)
    }

    /// `actor` performs `share` of its half of size `own` (the US keeping back the qualified
    /// share when `qualified`), and the other side observes it.
    fn perform_half(&mut self, actor: Actor, own: f64, qualified: bool, share: f64) {
        let from = self.s.level(actor);
        let kept_back = if qualified {
            self.p.us.qualified_share
        } else {
            0.0
        };
        let to = from + own * share * (1.0 - kept_back);
        self.s.set_level(actor, to);
        let observer = actor.other();
        match actor {
            Actor::Us => {
                let before_election = self.k.election.is_some_and(|e| self.step < e.election_step);
                if before_election {
                    let eroded = self.p.hardliners.relief_erosion * (self.s.relief - from);
                    self.s.hardliner = (self.s.hardliner - eroded).max(0.0);
                }
                if qualified {
                    self.s
                        .trust
                        .observe_defection(observer, self.p.trust.qualified_relief_loss);
                } else if self.s.relief > from {
                    self.s
                        .trust
                        .observe_cooperation(observer, self.p.trust.reciprocation_gain);
                }
            }
            Actor::Iran => {
                if self.s.compliance > from {
                    self.s
                        .trust
                        .observe_cooperation(observer, self.p.trust.reciprocation_gain);
                }
            }
        }
        self.emit(Event::HalfStep {
            actor,
            step: self.s.step_index,
            from,
            to: self.s.level(actor),
            qualified,
        });
        self.progress();
    }

    fn complete_step(&mut self, step: &Step, qualified: bool) {
        if !self.s.remedial {
            self.s.steps_completed += 1;
        }
        self.emit(Event::StepCompleted {
            step: self.s.step_index,
            qualified,
        });
        if qualified {
            self.s.remedial = true;
        } else {
            if step.restores_monitoring && self.s.monitoring != Monitoring::Untracked {
                self.s.monitoring = Monitoring::Restored;
                self.emit(Event::MonitoringRestored);
            }
            self.s.remedial = false;
            self.s.step_index += 1;
        }
        self.s.phase = Phase::Open;
        self.progress();
    }
}
