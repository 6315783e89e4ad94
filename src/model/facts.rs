//! What can be observed of a trial from outside: the facts the event vocabulary
//! (`docs/model.md` §22) is evaluated against, gathered by an [`Observer`] while the trial is
//! played.

use crate::model::observer::{Event, Observer};
use crate::model::outcome::{Outcome, TrialResult};

/// Most step completions whose days are kept (`steps_completed_by=N@DATE` accepts N up to this).
pub const MAX_RECORDED_STEPS: usize = 16;

/// The observable facts of one trial. Days are counted from the start of the calendar, as the
/// trial's clock runs (day 0.5 is noon of the first day).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Facts {
    /// The vote, if it was held: whether a hardliner won.
    pub vote: Option<bool>,
    /// When talks were first open (0 if they were open from the start).
    pub talks_open: Option<f64>,
    /// When monitoring first lapsed.
    pub monitoring_lapsed: Option<f64>,
    /// Days of the first [`MAX_RECORDED_STEPS`] protocol step completions, in order.
    steps: [f64; MAX_RECORDED_STEPS],
    /// How many step completions were seen (all of them, not only the recorded ones).
    steps_seen: usize,
    /// How the trial ended and when, once it has.
    pub ended: Option<(Outcome, f64)>,
}

impl Facts {
    /// Facts of a trial not yet played; `talks_open_at_start` when the game starts with talks open.
    pub fn new(talks_open_at_start: bool) -> Facts {
        Facts {
            vote: None,
            talks_open: talks_open_at_start.then_some(0.0),
            monitoring_lapsed: None,
            steps: [f64::INFINITY; MAX_RECORDED_STEPS],
            steps_seen: 0,
            ended: None,
        }
    }

    /// The day the `n`-th (1-based) protocol step was completed, if it was and is recorded.
    pub fn step_completed(&self, n: usize) -> Option<f64> {
        (n >= 1 && n <= self.steps_seen.min(MAX_RECORDED_STEPS)).then(|| self.steps[n - 1])
    }
}

impl Observer for Facts {
    fn event(&mut self, day: f64, event: Event) {
        match event {
            Event::Vote { hardliner_won, .. } => self.vote = Some(hardliner_won),
            Event::TalksOpened { .. } if self.talks_open.is_none() => self.talks_open = Some(day),
            Event::MonitoringLapsed if self.monitoring_lapsed.is_none() => {
                self.monitoring_lapsed = Some(day);
            }
            Event::StepCompleted { .. } => {
                if let Some(slot) = self.steps.get_mut(self.steps_seen) {
                    *slot = day;
                }
                self.steps_seen += 1;
            }
            _ => {}
        }
    }

    fn trial_end(&mut self, result: &TrialResult, _steps: usize) {
        self.ended = Some((result.outcome, result.end_day));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_first_days_and_counts_steps() {
        let mut f = Facts::new(false);
        f.event(3.5, Event::TalksOpened { direct: false });
        f.event(9.0, Event::TalksOpened { direct: true });
        f.event(
            10.0,
            Event::StepCompleted {
                step: 0,
                qualified: false,
            },
        );
        f.event(20.0, Event::MonitoringLapsed);
        f.event(30.0, Event::MonitoringLapsed);
        assert_eq!(f.talks_open, Some(3.5));
        assert_eq!(f.monitoring_lapsed, Some(20.0));
        assert_eq!(f.step_completed(1), Some(10.0));
        assert_eq!(f.step_completed(2), None);
        assert_eq!(Facts::new(true).talks_open, Some(0.0));
    }
}
