//! The game's calendar in days: dated events, the regimes in which every rate is constant, and
//! the slices of the solve's time grid.
//!
//! Every dated event (the campaign's start, the vote, the inauguration, the end of the new
//! government's settling-in, the monitoring deadline, Board meetings, the law's escalation steps)
//! happens at the start of its day. Slice boundaries include every such day, so within a slice no
//! rate changes.

use crate::model::params::ModelParams;
use crate::model::rules::Rules;

/// Days per week.
pub(crate) const DAYS_PER_WEEK: f64 = 7.0;
/// Days per month (a twelfth of a Julian year).
pub(crate) const DAYS_PER_MONTH: f64 = 365.25 / 12.0;
/// Days per year.
pub(crate) const DAYS_PER_YEAR: f64 = 365.25;

/// Things that happen at the start of a day, in the order they are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Dated {
    Vote,
    Deadline,
    Board,
}

/// The conditions in force between dated events.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Regime {
    /// Factor on Iran's engagement (the campaign and transition freeze).
    pub(crate) engagement: f64,
    /// Whether the winner of the vote has taken office.
    pub(crate) inaugurated: bool,
    /// Law escalation steps passed.
    pub(crate) law_steps: u32,
    /// Whether the original monitoring understanding has run out (extensions then expire at a
    /// rate).
    pub(crate) after_deadline: bool,
}

/// The index of a slice of the solve's time grid: slice `k` is `[bounds[k], bounds[k + 1])`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SliceId(usize);

impl SliceId {
    /// The first slice.
    pub(crate) const FIRST: SliceId = SliceId(0);

    /// Slice `index` of the grid.
    pub(crate) fn from_index(index: usize) -> SliceId {
        SliceId(index)
    }

    /// Its position in the grid.
    pub(crate) fn index(self) -> usize {
        self.0
    }

    /// The slice after it.
    pub(crate) fn next(self) -> SliceId {
        SliceId(self.0 + 1)
    }
}

/// The calendar of one game.
#[derive(Clone, Debug)]
pub(crate) struct Timeline {
    /// The analysis horizon: trials end here.
    pub(crate) horizon: u32,
    /// Slices before the horizon (the ones trials play).
    pub(crate) played: usize,
    /// Slice boundaries in days: `bounds[0] = 0`, the last is the horizon.
    pub(crate) bounds: Vec<u32>,
    /// Dated events at each boundary (indexed like `bounds`).
    pub(crate) dated: Vec<Vec<Dated>>,
    /// Days of the law's escalation steps.
    pub(crate) law_days: Vec<u32>,
    pub(crate) vote: Option<u32>,
    pub(crate) inauguration: Option<u32>,
    pub(crate) campaign_start: Option<u32>,
    pub(crate) settled: Option<u32>,
    pub(crate) deadline: Option<u32>,
}

/// How many times longer the solve's slices are in the continuation after the horizon.
const CONTINUATION_SLICES: u32 = 2;

/// Whole days in `weeks` weeks (rounded).
pub(crate) fn weeks_to_days(weeks: f64) -> u32 {
    (weeks * DAYS_PER_WEEK).round().max(0.0) as u32
}

impl Timeline {
    /// The calendar of `rules` under parameters `p` (the law's interval and the settling-in
    /// period are parameters), with slices of at most `slice_days` days.
    pub(crate) fn new(rules: &Rules, p: &ModelParams, slice_days: u32) -> Timeline {
        let horizon = rules.calendar.horizon_days();
        let end = horizon + rules.solver.continuation_days;
        let within = |d: u32| d < horizon;
        let law_days = law_days(p, end);
        let m = &rules.mechanisms;
        let e = rules.schedule.election.filter(|_| m.election);
        let settled = e.map(|e| e.inauguration_day + weeks_to_days(p.election.settling_weeks));
        let deadline = rules
            .schedule
            .monitoring_deadline
            .filter(|_| m.iaea)
            .map(|d| d.1);
        let boards: Vec<u32> = if m.iaea {
            rules
                .schedule
                .board_meetings
                .iter()
                .map(|b| b.1)
                .filter(|&d| within(d))
                .collect()
        } else {
            Vec::new()
        };
        // Slices of `slice_days` up to the horizon; in the continuation, where nothing is dated
        // and no trial plays, slices twice as long.
        let slice = slice_days.max(1);
        let mut bounds: Vec<u32> = (0..horizon).step_by(slice as usize).collect();
        bounds.extend((horizon..end).step_by((CONTINUATION_SLICES * slice) as usize));
        bounds.extend(law_days.iter().copied());
        bounds.extend(boards.iter().copied());
        if let Some(e) = e {
            bounds.extend([e.campaign_day, e.election_day, e.inauguration_day]);
        }
        bounds.extend(settled);
        bounds.extend(deadline);
        bounds.retain(|&d| d < end);
        bounds.push(horizon);
        bounds.push(end);
        bounds.sort_unstable();
        bounds.dedup();
        let mut dated = vec![Vec::new(); bounds.len()];
        let mut mark = |day: u32, what: Dated| {
            if let Ok(i) = bounds.binary_search(&day) {
                dated[i].push(what);
            }
        };
        if let Some(e) = e {
            mark(e.election_day, Dated::Vote);
        }
        if let Some(d) = deadline {
            mark(d, Dated::Deadline);
        }
        for &b in &boards {
            mark(b, Dated::Board);
        }
        for d in &mut dated {
            d.sort();
            d.dedup();
        }
        let played = bounds
            .iter()
            .position(|&b| b == horizon)
            .unwrap_or(bounds.len() - 1);
        Timeline {
            horizon,
            played,
            bounds,
            dated,
            law_days,
            vote: e.map(|e| e.election_day),
            inauguration: e.map(|e| e.inauguration_day),
            campaign_start: e.map(|e| e.campaign_day),
            settled,
            deadline,
        }
    }

    /// Number of slices.
    pub(crate) fn slices(&self) -> usize {
        self.bounds.len() - 1
    }

    /// The conditions in force at day `t` (after the dated events of its day).
    pub(crate) fn regime(&self, t: f64, p: &ModelParams) -> Regime {
        let law_steps = self.law_days.iter().filter(|&&d| f64::from(d) <= t).count() as u32;
        self.regime_with(t, p, law_steps)
    }

    /// The conditions in force at day `t` with `law_steps` of the law's steps in force (a trial
    /// counts its own, on its own law schedule).
    pub(crate) fn regime_with(&self, t: f64, p: &ModelParams, law_steps: u32) -> Regime {
        let engagement = match (self.campaign_start, self.vote, self.settled) {
            (Some(c), Some(v), Some(s)) => {
                let (c, v, s) = (f64::from(c), f64::from(v), f64::from(s));
                if t >= c && t < v {
                    p.election.campaign_progress_factor
                } else if t >= v && t < s {
                    p.election.transition_progress_factor
                } else {
                    1.0
                }
            }
            _ => 1.0,
        };
        Regime {
            engagement,
            inaugurated: self.inauguration.is_some_and(|i| t >= f64::from(i)),
            law_steps,
            after_deadline: self.deadline.is_some_and(|d| t >= f64::from(d)),
        }
    }

    /// Whether the vote has been held by the start of slice `k` (its dated events included).
    pub(crate) fn after_vote(&self, k: usize) -> bool {
        self.vote.is_some_and(|v| self.bounds[k] >= v)
    }
}

/// The days of the law's escalation steps before `horizon` (the solve passes the end of its
/// continuation, a trial its own horizon).
pub(crate) fn law_days(p: &ModelParams, horizon: u32) -> Vec<u32> {
    (1..).map_while(|j| law_day(p, j, horizon)).collect()
}

/// The day of the law's `j`-th escalation step (1-based): `j · law_interval_weeks` weeks from the
/// start, rounded to a whole day; `None` at or after the horizon, or if the law never escalates.
pub(crate) fn law_day(p: &ModelParams, j: u32, horizon: u32) -> Option<u32> {
    let interval = p.escalation.law_interval_weeks * DAYS_PER_WEEK;
    let d = (f64::from(j) * interval).round();
    (interval > 0.0 && d < f64::from(horizon)).then_some(d as u32)
}
