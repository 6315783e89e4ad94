//! What each chart shows, prepared from the statistics without drawing anything, so that it can be
//! tested on hand-made summaries and reused by the comparison charts.

use crate::calendar::{Calendar, Date};
use crate::outcome::{Cause, Outcome};
use crate::report::statistics::Statistics;
use crate::scenario::Scenario;
use crate::summary::{LogHistogram, Series, Summary};

/// A colour as red, green, blue.
pub type Rgb = (u8, u8, u8);

/// One colour per outcome, everywhere (Okabe–Ito, safe for colour-blind readers).
pub fn outcome_color(o: Outcome) -> Rgb {
    match o {
        Outcome::Restored => (0x00, 0x9E, 0x73),
        Outcome::Interim => (0x56, 0xB4, 0xE9),
        Outcome::Stalemate => (0xE6, 0x9F, 0x00),
        Outcome::Collapse => (0xD5, 0x5E, 0x00),
    }
}

/// One colour per failure cause (Paul Tol's muted scheme, safe for colour-blind readers).
pub fn cause_color(c: Cause) -> Rgb {
    match c {
        Cause::Veto => (0x88, 0x22, 0x55),
        Cause::Misunderstanding => (0xDD, 0xCC, 0x77),
        Cause::Defection => (0xCC, 0x66, 0x77),
        Cause::Shock => (0x33, 0x22, 0x88),
        Cause::ElectionFreeze => (0x88, 0xCC, 0xEE),
        Cause::Standoff => (0x99, 0x99, 0x33),
        Cause::Horizon => (0xBB, 0xBB, 0xBB),
    }
}

/// Colours of the two actors.
pub const IRAN_COLOR: Rgb = (0x00, 0x72, 0xB2);
/// Colour of the US.
pub const US_COLOR: Rgb = (0xCC, 0x79, 0xA7);

/// A bar with its 95% interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Category label.
    pub label: String,
    /// Height (a probability).
    pub value: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
    /// Fill colour.
    pub color: Rgb,
}

/// The four outcome bars.
pub fn outcome_bars(stats: &Statistics) -> Vec<Bar> {
    stats
        .outcomes
        .iter()
        .map(|o| Bar {
            label: o.outcome.name().to_string(),
            value: o.probability.estimate,
            low: o.probability.low,
            high: o.probability.high,
            color: outcome_color(o.outcome),
        })
        .collect()
}

/// A vertical marker at a calendar date.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Position in steps (fractional: the date within its step).
    pub x: f64,
    /// Label.
    pub label: String,
}

/// A shaded window of the calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    /// Start, in steps.
    pub from: f64,
    /// End, in steps.
    pub to: f64,
}

/// A curve over the calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// Legend label.
    pub label: String,
    /// Colour.
    pub color: Rgb,
    /// Value at the end of each step.
    pub values: Vec<f64>,
}

/// The calendar's axis and events, shared by every chart over time.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeAxis {
    /// Number of steps.
    pub steps: usize,
    /// Tick positions (in steps) and their date labels.
    pub ticks: Vec<(f64, String)>,
    /// Dated events.
    pub markers: Vec<Marker>,
    /// Shaded windows.
    pub windows: Vec<Window>,
    /// Positions of IAEA Board meetings.
    pub board_meetings: Vec<f64>,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Position of `date` on the step axis: steps since the start, fractional within a step.
pub fn position(cal: &Calendar, date: Date) -> f64 {
    cal.start().days_until(date) as f64 / f64::from(cal.step_days())
}

/// Month-start ticks, at most `max` of them, every 1, 2, 3, 6, 12… months.
pub fn date_ticks(cal: &Calendar, max: usize) -> Vec<(f64, String)> {
    let end = position(cal, cal.end());
    let months = (end * f64::from(cal.step_days()) / 30.44).ceil() as i32;
    let max = max.max(2) as i32;
    let every = [1, 2, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|e| months / e < max)
        .unwrap_or(120);
    let (y, m, _) = cal.start().ymd();
    let mut first = crate::calendar::Date::from_ymd(y, m, 1).unwrap_or(cal.start());
    if first < cal.start() {
        first = first.add_months(1);
    }
    // Align to multiples of `every` months in the year (Jan, Apr, Jul, Oct for quarters).
    while (first.ymd().1 as i32 - 1) % every != 0 {
        first = first.add_months(1);
    }
    let mut ticks = Vec::new();
    let mut d = first;
    while position(cal, d) <= end {
        let (y, m, _) = d.ymd();
        ticks.push((position(cal, d), format!("{} {y}", MONTHS[m as usize - 1])));
        d = d.add_months(every);
    }
    ticks
}

/// The calendar axis of a scenario with at most `max_ticks` date ticks: the election, the
/// inauguration, the IAEA deadline, the campaign window and Board meetings.
pub fn time_axis(scenario: &Scenario, max_ticks: usize) -> TimeAxis {
    let cal = scenario.calendar();
    let end = position(cal, cal.end());
    let inside = |x: f64| (0.0..=end).contains(&x);
    let mut markers = Vec::new();
    let mut windows = Vec::new();
    if let Some(e) = scenario.schedule().election {
        let (c, v, i) = (
            position(cal, e.campaign_start),
            position(cal, e.election),
            position(cal, e.inauguration),
        );
        if v > c {
            windows.push(Window {
                from: c.max(0.0),
                to: v.min(end),
            });
        }
        markers.push(Marker {
            x: v,
            label: format!("election {}", short_date(e.election)),
        });
        markers.push(Marker {
            x: i,
            label: format!("inauguration {}", short_date(e.inauguration)),
        });
    }
    if let Some((d, _)) = scenario.schedule().monitoring_deadline {
        markers.push(Marker {
            x: position(cal, d),
            label: format!("IAEA deadline {}", short_date(d)),
        });
    }
    markers.retain(|m| inside(m.x));
    markers.sort_by(|a, b| a.x.total_cmp(&b.x));
    TimeAxis {
        steps: cal.steps(),
        ticks: date_ticks(cal, max_ticks),
        markers,
        windows,
        board_meetings: scenario
            .schedule()
            .board_meetings
            .iter()
            .map(|(d, _)| position(cal, *d))
            .filter(|x| inside(*x))
            .collect(),
    }
}

fn short_date(d: Date) -> String {
    let (_, m, day) = d.ymd();
    format!("{day} {}", MONTHS[m as usize - 1])
}

/// The cumulative probability curves of restoration and collapse. Each value is plotted at the
/// end of its step (x = step + 1).
pub fn timeline_curves(stats: &Statistics) -> Vec<Curve> {
    vec![
        Curve {
            label: "restored by then".to_string(),
            color: outcome_color(Outcome::Restored),
            values: stats.timing.restored_by_step.clone(),
        },
        Curve {
            label: "collapsed by then".to_string(),
            color: outcome_color(Outcome::Collapse),
            values: stats.timing.collapsed_by_step.clone(),
        },
    ]
}

/// One small multiple of the trajectories chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// Panel title.
    pub title: String,
    /// Axis range of the level.
    pub range: (f64, f64),
    /// Median per step.
    pub median: Vec<f64>,
    /// 25–75% band per step.
    pub inner: Vec<(f64, f64)>,
    /// 5–95% band per step.
    pub outer: Vec<(f64, f64)>,
}

/// The six trajectory panels. Escalation's axis is cut at the largest 95% quantile (at least the
/// collapse threshold region), so the bands fill the panel.
pub fn trajectory_panels(stats: &Statistics) -> Vec<Panel> {
    stats
        .bands
        .iter()
        .map(|b| {
            let series = b.series;
            let (lo, hi) = series.range();
            let top = if series == Series::Escalation {
                let max = b.quantiles[4].iter().copied().fold(0.0, f64::max);
                ((max * 1.1 * 4.0).ceil() / 4.0).clamp(0.5, hi)
            } else {
                hi
            };
            let zip =
                |a: &Vec<f64>, z: &Vec<f64>| a.iter().copied().zip(z.iter().copied()).collect();
            Panel {
                title: series.label().to_string(),
                range: (lo, top),
                median: b.quantiles[2].clone(),
                inner: zip(&b.quantiles[1], &b.quantiles[3]),
                outer: zip(&b.quantiles[0], &b.quantiles[4]),
            }
        })
        .collect()
}

/// One stacked bar of the causes chart: how the failures of one kind split by cause.
#[derive(Clone, Debug, PartialEq)]
pub struct StackedBar {
    /// Row label, e.g. "collapse (7.6% of trials)".
    pub label: String,
    /// Shares of each cause (summing to 1 when the row has any trial).
    pub segments: Vec<(Cause, f64)>,
}

/// "7.6% of trials", or "12 trials" when the share would round to 0.0%.
fn share_of_trials(count: u64, trials: u64) -> String {
    let share = count as f64 / trials.max(1) as f64;
    if share < 0.0005 {
        format!("{count} trial{}", if count == 1 { "" } else { "s" })
    } else {
        format!("{} of trials", crate::report::pct(share))
    }
}

/// Rows: all failures, then each failed outcome that occurred.
pub fn cause_bars(stats: &Statistics) -> Vec<StackedBar> {
    let failures: u64 = stats.failure_causes.iter().map(|c| c.share.count).sum();
    let mut rows = Vec::new();
    if failures > 0 {
        rows.push(StackedBar {
            label: format!("all failures ({})", share_of_trials(failures, stats.trials)),
            segments: stats
                .failure_causes
                .iter()
                .map(|c| (c.cause, c.share.estimate))
                .collect(),
        });
    }
    for (outcome, list) in &stats.causes_by_outcome {
        let p = stats.outcome(*outcome);
        if p.count == 0 {
            continue;
        }
        rows.push(StackedBar {
            label: format!(
                "{} ({})",
                outcome.name(),
                share_of_trials(p.count, stats.trials)
            ),
            segments: list.iter().map(|c| (c.cause, c.share.estimate)).collect(),
        });
    }
    rows
}

/// A histogram of one actor's payoffs on the shared bins of [`PayoffBins`].
#[derive(Clone, Debug, PartialEq)]
pub struct PayoffHistogram {
    /// Actor label.
    pub label: String,
    /// Colour.
    pub color: Rgb,
    /// Share of trials in each bin.
    pub shares: Vec<f64>,
    /// Mean payoff.
    pub mean: f64,
}

/// Both actors' payoff histograms on one axis.
#[derive(Clone, Debug, PartialEq)]
pub struct PayoffBins {
    /// Left edge of the first bin.
    pub lo: f64,
    /// Width of each bin.
    pub width: f64,
    /// One histogram per actor.
    pub histograms: Vec<PayoffHistogram>,
}

/// Re-bins both actors' log-bucket payoff histograms into `bins` equal bins spanning the 0.5% to
/// 99.5% quantiles of both, spreading each bucket's count over the bins it overlaps.
pub fn payoff_bins(summary: &Summary, stats: &Statistics, bins: usize) -> PayoffBins {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in &summary.payoffs {
        if let (Some(a), Some(b)) = (p.histogram.quantile(0.005), p.histogram.quantile(0.995)) {
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        let mid = if lo.is_finite() { lo } else { 0.0 };
        lo = mid - 1.0;
        hi = mid + 1.0;
    }
    let pad = (hi - lo) * 0.02;
    lo -= pad;
    hi += pad;
    let width = (hi - lo) / bins as f64;
    let labels = [("Iran", IRAN_COLOR), ("US", US_COLOR)];
    let histograms = summary
        .payoffs
        .iter()
        .zip(labels)
        .zip(&stats.payoffs)
        .map(|((p, (label, color)), st)| {
            let mut shares = vec![0.0; bins];
            let total: u64 = p.histogram.counts().iter().sum();
            for (i, &c) in p.histogram.counts().iter().enumerate() {
                if c == 0 {
                    continue;
                }
                let (a, b) = bucket_span(i);
                spread(&mut shares, lo, width, a, b, c as f64 / total.max(1) as f64);
            }
            PayoffHistogram {
                label: label.to_string(),
                color,
                shares,
                mean: st.mean,
            }
        })
        .collect();
    PayoffBins {
        lo,
        width,
        histograms,
    }
}

/// The value range a log bucket covers.
fn bucket_span(i: usize) -> (f64, f64) {
    let v = LogHistogram::value_of(i);
    if v == 0.0 {
        return (-LogHistogram::SMALLEST, LogHistogram::SMALLEST);
    }
    let half = LogHistogram::GROWTH.sqrt();
    let (a, b) = (v / half, v * half);
    (a.min(b), a.max(b))
}

/// Adds `mass` spread uniformly over `[a, b]` to the bins starting at `lo` of width `width`
/// (mass outside the bins goes to the end bins).
fn spread(shares: &mut [f64], lo: f64, width: f64, a: f64, b: f64, mass: f64) {
    let n = shares.len();
    let index = |x: f64| (((x - lo) / width).floor().max(0.0) as usize).min(n - 1);
    let (ia, ib) = (index(a), index(b));
    if ia == ib || b <= a {
        shares[ia] += mass;
        return;
    }
    for (i, share) in shares.iter_mut().enumerate().take(ib + 1).skip(ia) {
        let left = (lo + width * i as f64).max(a);
        let right = (lo + width * (i + 1) as f64).min(b);
        let overlap = if i == 0 || i == n - 1 {
            // End bins also collect what lies beyond the axis.
            let l = if i == 0 { a } else { left };
            let r = if i == n - 1 { b } else { right };
            (r - l).max(0.0)
        } else {
            (right - left).max(0.0)
        };
        *share += mass * overlap / (b - a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Date;
    use crate::observer::Observer;
    use crate::outcome::{Payoffs, Snapshot, TrialResult, WeekLabel};
    use crate::scenario::{BASELINE_TOML, ScenarioSource};

    fn baseline() -> Scenario {
        ScenarioSource::from_text("baseline", BASELINE_TOML)
            .unwrap()
            .build()
            .unwrap()
    }

    /// 100 hand-made trials: 50 restored (30 in step 10, 20 in step 20), 20 interim (veto),
    /// 20 stalemate (standoff), 10 collapsed in step 5 (shock); constant levels; payoffs from -100
    /// to +98 for Iran and the negative for the US.
    fn hand_made(scenario: &Scenario) -> Summary {
        let steps = scenario.calendar().steps();
        let mut summary = Summary::new(steps, 4);
        let snapshot = Snapshot {
            trust_iran: 0.3,
            trust_us: 0.5,
            compliance: 0.6,
            relief: 0.2,
            escalation: 0.8,
            hardliner: 0.7,
        };
        for i in 0..100u32 {
            let (outcome, end_step, cause) = match i {
                0..30 => (Outcome::Restored, 10, None),
                30..50 => (Outcome::Restored, 20, None),
                50..70 => (Outcome::Interim, steps, Some(Cause::Veto)),
                70..90 => (Outcome::Stalemate, steps, Some(Cause::Standoff)),
                _ => (Outcome::Collapse, 5, Some(Cause::Shock)),
            };
            let iran = -100.0 + 2.0 * f64::from(i);
            let result = TrialResult {
                outcome,
                end_step,
                cause,
                collapse_trigger: None,
                payoffs: Payoffs { iran, us: -iran },
                steps_completed: 1,
                weeks: [0; WeekLabel::COUNT],
                hardliner_president: None,
                last: snapshot,
            };
            let mut rec = summary.recorder();
            rec.step_end(0, &snapshot);
            rec.trial_end(&result, steps);
            summary.add(&result);
        }
        summary
    }

    #[test]
    fn chart_data_from_a_hand_made_summary() {
        let scenario = baseline();
        let summary = hand_made(&scenario);
        let stats = Statistics::compute(&scenario, &summary);

        let bars = outcome_bars(&stats);
        let values: Vec<f64> = bars.iter().map(|b| b.value).collect();
        assert_eq!(values, [0.5, 0.2, 0.2, 0.1]);
        assert!(bars.iter().all(|b| b.low <= b.value && b.value <= b.high));
        assert_eq!(bars[3].color, outcome_color(Outcome::Collapse));

        let curves = timeline_curves(&stats);
        let restored = &curves[0].values;
        assert!(
            restored.windows(2).all(|w| w[0] <= w[1]),
            "cumulative curves never fall"
        );
        assert_eq!((restored[9], restored[10], restored[20]), (0.0, 0.3, 0.5));
        assert_eq!(*curves[1].values.last().unwrap(), 0.1);

        let rows = cause_bars(&stats);
        assert_eq!(rows.len(), 4);
        assert!(rows[0].label.starts_with("all failures (50.0% of trials)"));
        for row in &rows {
            let total: f64 = row.segments.iter().map(|(_, s)| s).sum();
            assert!((total - 1.0).abs() < 1e-12, "{}", row.label);
        }
        let veto = rows[0]
            .segments
            .iter()
            .find(|(c, _)| *c == Cause::Veto)
            .unwrap()
            .1;
        assert!((veto - 0.4).abs() < 1e-12);

        let bins = payoff_bins(&summary, &stats, 40);
        for h in &bins.histograms {
            assert!(
                (h.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9,
                "{}",
                h.label
            );
        }
        assert!(bins.lo < -95.0 && bins.lo + 40.0 * bins.width > 95.0);
        assert!((bins.histograms[0].mean - -1.0).abs() < 1e-6);

        let panels = trajectory_panels(&stats);
        assert_eq!(panels.len(), 6);
        assert!(panels[0].median.iter().all(|m| (m - 0.3).abs() < 1e-9));
        assert!(panels[4].median.iter().all(|m| (m - 0.8).abs() < 0.013));
        assert!(panels[4].range.1 >= 0.8, "escalation axis covers its band");
    }

    #[test]
    fn time_axis_marks_the_calendar() {
        let axis = time_axis(&baseline(), 10);
        let labels: Vec<&str> = axis.markers.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "IAEA deadline 23 May",
                "election 18 Jun",
                "inauguration 3 Aug"
            ]
        );
        assert_eq!(axis.windows.len(), 1);
        assert!(axis.windows[0].from < axis.windows[0].to);
        assert_eq!(axis.board_meetings.len(), 6);
        assert!(axis.ticks.len() <= 10);
    }

    #[test]
    fn quarterly_ticks_over_eighteen_months() {
        let cal = Calendar::for_horizon(Date::from_ymd(2021, 3, 1).unwrap(), 7, 18);
        let ticks = date_ticks(&cal, 7);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Apr 2021", "Jul 2021", "Oct 2021", "Jan 2022", "Apr 2022", "Jul 2022"
            ]
        );
        assert!((ticks[0].0 - 31.0 / 7.0).abs() < 1e-9);
        let few = date_ticks(&cal, 4);
        let labels: Vec<&str> = few.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Jul 2021", "Jan 2022", "Jul 2022"]);
        assert!(date_ticks(&cal, 12).len() <= 12);
    }

    #[test]
    fn spreading_conserves_mass() {
        let mut shares = vec![0.0; 10];
        spread(&mut shares, 0.0, 1.0, 2.5, 4.5, 1.0);
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((shares[2] - 0.25).abs() < 1e-12 && (shares[3] - 0.5).abs() < 1e-12);
        spread(&mut shares, 0.0, 1.0, -5.0, -4.0, 1.0);
        assert!(
            (shares[0] - 1.0).abs() < 1e-12,
            "below the axis goes to the first bin"
        );
    }
}
