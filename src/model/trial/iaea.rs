//! The IAEA: the three-month monitoring understanding, its extensions, and Board meetings where the
//! US and the Europeans may push a censure that Iran answers by scrapping monitoring.

use rand::Rng;

use super::Trial;
use crate::model::actors::{engagement_advantage, restraint_advantage};
use crate::model::observer::{Decision, Event, Observer};
use crate::model::outcome::Actor;
use crate::model::state::Monitoring;

impl<R: Rng + ?Sized, O: Observer> Trial<'_, R, O> {
    pub(super) fn iaea_events(&mut self) {
        if let Monitoring::Understanding { deadline } = self.s.monitoring
            && self.step >= deadline
        {
            let advantage = self.engagement();
            if self.iranian_side_choice(Decision::ExtendMonitoring, advantage) {
                let until = self.step + self.k.extension_steps;
                self.s.monitoring = Monitoring::Understanding { deadline: until };
                self.emit(Event::MonitoringExtended { until });
            } else {
                self.s.monitoring = Monitoring::Lapsed;
                self.emit(Event::MonitoringLapsed);
            }
        }
        if self.rules.schedule.is_board_step(self.step) {
            self.board_meeting();
        }
    }

    /// Iran's advantage of engaging rather than walking away, at its current trust.
    fn engagement(&self) -> f64 {
        engagement_advantage(
            self.s.trust.of(Actor::Iran),
            self.k.iran_deal_value,
            self.p.iran.empty_handed_cost,
        )
    }

    fn board_meeting(&mut self) {
        let i = &self.p.iaea;
        let refusing_talks = if self.s.talks_open {
            0.0
        } else {
            i.censure_intransigence
        };
        let lapsed = if self.s.monitoring == Monitoring::Lapsed {
            i.censure_lapse_boost
        } else {
            0.0
        };
        let probability = (i.censure_base + refusing_talks + lapsed).clamp(0.0, 1.0);
        let draw = self.draw();
        let censured = draw < probability;
        self.emit(Event::BoardMeeting {
            probability,
            draw,
            censured,
        });
        if !censured {
            return;
        }
        self.s.trust.sour(Actor::Iran, self.p.trust.censure_loss);
        self.s.tension += i.censure_tension;
        let advantage = restraint_advantage(
            self.s.trust.of(Actor::Iran),
            self.k.iran_deal_value,
            self.p.iran.retaliation_value,
            self.s.hardliner,
        );
        if !self.iranian_side_choice(Decision::RestrainAfterCensure, advantage) {
            self.s.monitoring = Monitoring::Lapsed;
            self.emit(Event::Retaliation);
        }
    }
}
