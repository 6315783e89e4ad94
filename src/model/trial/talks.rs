//! The talks channel: Iran joining talks, upgrading to direct talks, misread messages and progress
//! towards an agreed roadmap of what "coming back into compliance" means.

use rand::Rng;

use super::Trial;
use crate::model::actors::{direct_talks_advantage, engagement_advantage};
use crate::model::observer::{Decision, Event, Observer};
use crate::model::outcome::{Actor, Cause};
use crate::model::rules::ChannelPolicy;

impl<R: Rng + ?Sized, O: Observer> Trial<'_, R, O> {
    /// Plays this step's talks. Returns whether messages get through this step, so that protocol
    /// steps can be arranged.
    pub(super) fn talks(&mut self, iran_engages: bool) -> bool {
        let channel = self.rules.mechanisms.channel;
        if !self.s.talks_open {
            if !iran_engages {
                self.block(Cause::ElectionFreeze);
                return false;
            }
            let advantage = engagement_advantage(
                self.s.trust.of(Actor::Iran),
                self.k.iran_deal_value,
                self.p.iran.empty_handed_cost,
            );
            if !self.iranian_choice(Decision::JoinTalks, advantage) {
                self.block(Cause::Standoff);
                return false;
            }
            self.s.talks_open = true;
            self.s.direct = channel == ChannelPolicy::Direct;
            self.emit(Event::TalksOpened {
                direct: self.s.direct,
            });
            self.progress();
        } else if channel == ChannelPolicy::IranChoice && !self.s.direct && iran_engages {
            let advantage = direct_talks_advantage(
                self.s.trust.of(Actor::Iran),
                self.k.iran_deal_value,
                self.k.direct_speed_gain,
                self.p.iran.direct_talks_aversion,
            );
            if self.iranian_side_choice(Decision::DirectTalks, advantage) {
                self.s.direct = true;
                self.emit(Event::DirectTalksBegin);
            }
        }
        let channel_index = usize::from(self.s.direct);
        let misread_probability = self.k.misread_probability[channel_index];
        let rate = self.k.roadmap_rate[channel_index];
        if self.draw() < misread_probability {
            self.s.trust.sour(Actor::Iran, self.p.trust.misread_loss);
            self.s.trust.sour(Actor::Us, self.p.trust.misread_loss);
            if self.s.roadmap < 1.0 {
                self.s.roadmap = (self.s.roadmap - self.p.talks.misread_setback).max(0.0);
            }
            self.emit(Event::Misread);
            self.block(Cause::Misunderstanding);
            return false;
        }
        if self.s.roadmap < 1.0 {
            // Roadmap work claims the week only while the current step is waiting for it.
            let front = self
                .rules
                .protocol
                .steps()
                .get(self.s.step_index)
                .is_some_and(|step| step.needs_roadmap);
            if iran_engages {
                self.s.roadmap = (self.s.roadmap + rate).min(1.0);
                if front && rate > 0.0 {
                    self.progress();
                }
                if self.s.roadmap >= 1.0 {
                    self.emit(Event::RoadmapAgreed);
                }
            } else if front {
                self.block(Cause::ElectionFreeze);
            }
        }
        true
    }
}
