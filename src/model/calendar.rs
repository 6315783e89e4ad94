//! Calendar dates and the mapping between dates and simulation steps.
//!
//! The game is played in discrete steps of `step_days` days (weekly by default) from a start date.
//! Every dated event in a scenario (campaign start, election, inauguration, IAEA deadline and Board
//! meetings) is converted once, at validation, into the index of the first step on or after it, so
//! the per-step loop compares integers and never touches dates.

use std::fmt;

/// A proleptic Gregorian calendar date, stored as days since 1970-01-01.
///
/// Small and `Copy` so that reports and traces can carry dates cheaply; no time zone or time of
/// day, because the model's resolution is one step (a week by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i64,
}

impl Date {
    /// The date written `YYYY-MM-DD` (surrounding spaces allowed), or `None`.
    pub(crate) fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        Date::from_ymd(y, m, d)
    }

    /// The date for a year, month (1–12) and day (1–31), or `None` if no such date exists.
    pub(crate) fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// Year, month (1–12) and day of month.
    pub(crate) fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// This date moved by a (possibly negative) number of days.
    pub(crate) fn add_days(self, days: i64) -> Date {
        Date {
            days: self.days + days,
        }
    }

    /// This date moved by whole calendar months; the day is clamped to the target month's length
    /// (2021-01-31 plus one month is 2021-02-28).
    pub(crate) fn add_months(self, months: i32) -> Date {
        let (y, m, d) = self.ymd();
        let total = y * 12 + (m as i32 - 1) + months;
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        let nd = d.min(days_in_month(ny, nm));
        Date {
            days: days_from_civil(ny, nm, nd),
        }
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub(crate) fn days_until(self, later: Date) -> i64 {
        later.days - self.days
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The simulation clock: a start date, the horizon in days, and the recording step.
///
/// The game runs in continuous time over `[0, horizon_days)` days from the start; `step_days`
/// only sets how often levels are recorded for the reports (and the per-step histograms), never
/// what happens.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    start: Date,
    horizon_days: u32,
    step_days: u32,
    steps: usize,
}

impl Calendar {
    /// A clock from `start` covering exactly `horizon_months` calendar months, recorded every
    /// `step_days` days (the last recording step may be partial).
    pub(crate) fn for_horizon(start: Date, step_days: u32, horizon_months: u32) -> Calendar {
        let end = start.add_months(horizon_months as i32);
        let days = start.days_until(end).max(1) as u64;
        let steps = days.div_ceil(u64::from(step_days)).max(1) as usize;
        Calendar {
            start,
            horizon_days: days as u32,
            step_days,
            steps,
        }
    }

    /// First day of the simulation.
    pub fn start(&self) -> Date {
        self.start
    }

    /// Length of one recording step in days.
    pub fn step_days(&self) -> u32 {
        self.step_days
    }

    /// Number of recording steps in the horizon.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Days from the start to the horizon (start + the horizon's months, exactly).
    pub fn horizon_days(&self) -> u32 {
        self.horizon_days
    }

    /// The date on which recording step `step` begins.
    pub(crate) fn date_of(&self, step: usize) -> Date {
        self.start.add_days(step as i64 * i64::from(self.step_days))
    }

    /// The date `day` days after the start.
    pub(crate) fn date_at(&self, day: u32) -> Date {
        self.start.add_days(i64::from(day))
    }

    /// The first day after the horizon.
    pub fn end(&self) -> Date {
        self.date_at(self.horizon_days)
    }

    /// Days from the start to `date` (negative before the start).
    pub(crate) fn day_of(&self, date: Date) -> i64 {
        self.start.days_until(date)
    }

    /// The recording step that contains day `day` (the last step for days at or after the
    /// horizon).
    pub(crate) fn step_of_day(&self, day: f64) -> usize {
        let step = (day.max(0.0) / f64::from(self.step_days)) as usize;
        step.min(self.steps - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_many_years() {
        for days in (-800_000..800_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days, 0);
        assert_eq!(
            Date::from_ymd(2021, 3, 1).unwrap().to_string(),
            "2021-03-01"
        );
        assert!(Date::from_ymd(2021, 2, 29).is_none());
        assert!(Date::from_ymd(2020, 2, 29).is_some());
        assert!(Date::from_ymd(2021, 13, 1).is_none());
    }

    #[test]
    fn add_months_clamps_day() {
        let d = Date::from_ymd(2021, 1, 31).unwrap();
        assert_eq!(d.add_months(1).to_string(), "2021-02-28");
        assert_eq!(d.add_months(13).to_string(), "2022-02-28");
        assert_eq!(d.add_months(-2).to_string(), "2020-11-30");
    }

    #[test]
    fn eighteen_month_weekly_horizon() {
        let start = Date::from_ymd(2021, 3, 1).unwrap();
        let cal = Calendar::for_horizon(start, 7, 18);
        // 2021-03-01 .. 2022-09-01 is 549 days -> 79 weekly recording steps, the last partial.
        assert_eq!(cal.horizon_days(), 549);
        assert_eq!(cal.steps(), 79);
        assert_eq!(cal.date_of(1).to_string(), "2021-03-08");
        assert_eq!(cal.end().to_string(), "2022-09-01");
        let election = Date::from_ymd(2021, 6, 18).unwrap();
        assert_eq!(cal.day_of(election), 109);
        assert_eq!(cal.step_of_day(109.0), 15);
        assert_eq!(cal.date_of(15).to_string(), "2021-06-14");
        assert_eq!(cal.step_of_day(-10.0), 0);
        assert_eq!(cal.step_of_day(10_000.0), 78);
    }
}
