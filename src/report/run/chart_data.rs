//! What each chart of a run shows, prepared from the statistics without drawing anything, so that
//! it can be tested on hand-made summaries.

use crate::engine::histogram::LogHistogram;
use crate::engine::summary::Summary;
use crate::engine::trajectory::Series;
use crate::model::outcome::{Cause, Outcome};
use crate::report::format::{pct, trials};
use crate::report::kit::palette::{IRAN_COLOR, Rgb, US_COLOR, outcome_color};
use crate::report::kit::series::SeriesStyle;
use crate::report::kit::time::Curve;
use crate::report::run::Report;
use crate::report::statistics::Statistics;

/// The line under every run chart's title: protocol, trials, seed and scenario hash.
pub(crate) fn subtitle(report: &Report<'_>) -> String {
    format!(
        "protocol {} · {} · seed {} · scenario {}",
        report.scenario.protocol().kind().name(),
        trials(report.run.trials),
        report.run.seed,
        report.scenario.provenance().short_hash(),
    )
}

/// A bar with its 95% interval.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Bar {
    /// Category label.
    pub(crate) label: String,
    /// Height (a probability).
    pub(crate) value: f64,
    /// Lower end of the interval.
    pub(crate) low: f64,
    /// Upper end of the interval.
    pub(crate) high: f64,
    /// Fill colour.
    pub(crate) color: Rgb,
}

/// The four outcome bars.
pub(crate) fn outcome_bars(stats: &Statistics) -> Vec<Bar> {
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

/// The cumulative probability curves of restoration and collapse. Each value is plotted at the
/// end of its step (x = step + 1).
pub(crate) fn timeline_curves(stats: &Statistics) -> Vec<Curve> {
    vec![
        Curve {
            label: "restored by then".to_string(),
            style: SeriesStyle::solid(outcome_color(Outcome::Restored)),
            values: stats.timing.restored_by_step.clone(),
        },
        Curve {
            label: "collapsed by then".to_string(),
            style: SeriesStyle::dashed(outcome_color(Outcome::Collapse)),
            values: stats.timing.collapsed_by_step.clone(),
        },
    ]
}

/// One small multiple of the trajectories chart.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Panel {
    /// Panel title.
    pub(crate) title: String,
    /// Axis range of the level.
    pub(crate) range: (f64, f64),
    /// Median per step.
    pub(crate) median: Vec<f64>,
    /// 25–75% band per step.
    pub(crate) inner: Vec<(f64, f64)>,
    /// 5–95% band per step.
    pub(crate) outer: Vec<(f64, f64)>,
}

/// The six trajectory panels. Escalation's axis is cut at the largest 95% quantile (at least the
/// collapse threshold region), so the bands fill the panel.
pub(crate) fn trajectory_panels(stats: &Statistics) -> Vec<Panel> {
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
pub(crate) struct StackedBar {
    /// Row label, e.g. "collapse (7.6% of trials)".
    pub(crate) label: String,
    /// Shares of each cause (summing to 1 when the row has any trial).
    pub(crate) segments: Vec<(Cause, f64)>,
}

/// "7.6% of trials", or "12 trials" when the share would round to 0.0%.
fn share_of_trials(count: u64, total: u64) -> String {
    let share = count as f64 / total.max(1) as f64;
    if share < 0.0005 {
        trials(count)
    } else {
        format!("{} of trials", pct(share))
    }
}

/// Rows: all failures, then each failed outcome that occurred.
pub(crate) fn cause_bars(stats: &Statistics) -> Vec<StackedBar> {
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
pub(crate) struct PayoffHistogram {
    /// Actor label.
    pub(crate) label: String,
    /// Colour.
    pub(crate) color: Rgb,
    /// Share of trials in each bin.
    pub(crate) shares: Vec<f64>,
    /// Share of trials below the axis (not drawn).
    pub(crate) below: f64,
    /// Share of trials above the axis (not drawn).
    pub(crate) above: f64,
    /// Mean payoff.
    pub(crate) mean: f64,
}

/// Both actors' payoff histograms on one axis.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PayoffBins {
    /// Left edge of the first bin.
    pub(crate) lo: f64,
    /// Width of each bin.
    pub(crate) width: f64,
    /// One histogram per actor.
    pub(crate) histograms: Vec<PayoffHistogram>,
}

/// Runs with fewer trials than this draw each trial in the one bin holding its value, on an axis
/// spanning every trial.
const FEW_TRIALS: u64 = 200;

/// Re-bins both actors' log-bucket payoff histograms into `bins` equal bins. The axis spans every
/// trial when that costs little room; otherwise the 0.5% to 99.5% quantiles of both, and what lies
/// beyond is counted as the clipped tails (`below`, `above`) rather than piled into the end bins.
/// Each bucket's count is spread over the bins it overlaps, except in runs of fewer than
/// [`FEW_TRIALS`], where each trial goes into the bin of its value.
pub(crate) fn payoff_bins(summary: &Summary, stats: &Statistics, bins: usize) -> PayoffBins {
    let range = |q0: f64, q1: f64| {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in &summary.payoffs {
            if let (Some(a), Some(b)) = (p.histogram.quantile(q0), p.histogram.quantile(q1)) {
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        (lo, hi)
    };
    let few = summary.trials < FEW_TRIALS;
    let (full_lo, full_hi) = range(0.0, 1.0);
    let (mut lo, mut hi) = range(0.005, 0.995);
    if few || full_hi - full_lo <= 2.0 * (hi - lo) {
        (lo, hi) = (full_lo, full_hi);
    }
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 0.0);
    }
    let pad = ((hi - lo) * 0.02)
        .max(0.02 * lo.abs().max(hi.abs()))
        .max(1.0);
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
            let (mut below, mut above) = (0.0, 0.0);
            let total: u64 = p.histogram.counts().iter().sum();
            for (i, &c) in p.histogram.counts().iter().enumerate() {
                if c == 0 {
                    continue;
                }
                let (a, b) = if few {
                    let v = LogHistogram::value_of(i);
                    (v, v)
                } else {
                    bucket_span(i)
                };
                let (under, over) =
                    spread(&mut shares, lo, width, a, b, c as f64 / total.max(1) as f64);
                below += under;
                above += over;
            }
            PayoffHistogram {
                label: label.to_string(),
                color,
                shares,
                below,
                above,
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

/// Adds `mass` spread uniformly over `[a, b]` (all at `a` when `b <= a`) to the bins starting at
/// `lo` of width `width`; returns the parts that fall below and above the bins.
fn spread(shares: &mut [f64], lo: f64, width: f64, a: f64, b: f64, mass: f64) -> (f64, f64) {
    let n = shares.len();
    let hi = lo + width * n as f64;
    let index = |x: f64| (((x - lo) / width).floor().max(0.0) as usize).min(n - 1);
    if b <= a {
        return if a < lo {
            (mass, 0.0)
        } else if a > hi {
            (0.0, mass)
        } else {
            shares[index(a)] += mass;
            (0.0, 0.0)
        };
    }
    let below = mass * ((lo.min(b) - a) / (b - a)).max(0.0);
    let above = mass * ((b - hi.max(a)) / (b - a)).max(0.0);
    let (from, to) = (a.max(lo), b.min(hi));
    if to > from {
        for (i, share) in shares
            .iter_mut()
            .enumerate()
            .take(index(to) + 1)
            .skip(index(from))
        {
            let left = (lo + width * i as f64).max(from);
            let right = (lo + width * (i + 1) as f64).min(to);
            *share += mass * (right - left).max(0.0) / (b - a);
        }
    }
    (below, above)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::play::PlayTally;
    use crate::model::game::solve::SolveStats;
    use crate::model::observer::Observer;
    use crate::model::outcome::{Payoffs, Snapshot, TimeLabel, TrialResult};
    use crate::scenario::Scenario;
    use crate::scenario::source::ScenarioSource;

    fn baseline() -> Scenario {
        ScenarioSource::baseline().unwrap().build().unwrap()
    }

    /// 100 hand-made trials: 50 restored (30 in step 10, 20 in step 20), 20 interim (veto),
    /// 20 stalemate (standoff), 10 collapsed in step 5 (shock); constant levels; payoffs from -100
    /// to +98 for Iran and the negative for the US.
    fn hand_made(scenario: &Scenario) -> Summary {
        let steps = scenario.calendar().steps();
        let step_days = scenario.calendar().step_days() as usize;
        let mut summary = Summary::new(
            steps,
            scenario.calendar().horizon_days() as usize,
            PlayTally::new(scenario.protocol()),
            SolveStats::default(),
        );
        let snapshot = Snapshot {
            trust_iran: 0.3,
            trust_us: 0.5,
            compliance: 0.6,
            relief: 0.2,
            escalation: 0.8,
            roadmap: 0.7,
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
                end_day: (end_step * step_days) as f64 + 0.5,
                cause,
                collapse_trigger: None,
                payoffs: Payoffs { iran, us: -iran },
                steps_completed: 1,
                label_days: [0; TimeLabel::COUNT],
                hardliner_president: None,
                last: snapshot,
            };
            let mut rec = summary.observer(true);
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
    fn spreading_conserves_mass_and_counts_the_clipped_tails() {
        let mut shares = vec![0.0; 10];
        assert_eq!(spread(&mut shares, 0.0, 1.0, 2.5, 4.5, 1.0), (0.0, 0.0));
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((shares[2] - 0.25).abs() < 1e-12 && (shares[3] - 0.5).abs() < 1e-12);
        // Outside the axis: counted as a tail, not piled into the end bin.
        assert_eq!(spread(&mut shares, 0.0, 1.0, -5.0, -4.0, 1.0), (1.0, 0.0));
        let (below, above) = spread(&mut shares, 0.0, 1.0, 9.0, 11.0, 1.0);
        assert_eq!((below, above), (0.0, 0.5));
        assert!((shares[9] - 0.5).abs() < 1e-12);
        // A point mass lands in exactly one bin.
        let mut one = vec![0.0; 10];
        spread(&mut one, 0.0, 1.0, 3.7, 3.7, 1.0);
        assert_eq!(one.iter().filter(|s| **s > 0.0).count(), 1);
    }

    #[test]
    fn one_trial_is_one_bin_and_wide_tails_are_clipped_and_counted() {
        let scenario = baseline();
        let summary = crate::engine::run(
            scenario.case(),
            &crate::engine::RunConfig {
                seed: 1,
                first_trial: 0,
                trials: 1,
                precision: None,
            },
            &crate::engine::workers::Workers::one().unwrap(),
            &crate::engine::monitor::Unmonitored,
            None,
        )
        .unwrap()
        .summary;
        let stats = Statistics::compute(&scenario, &summary);
        let bins = payoff_bins(&summary, &stats, 50);
        for h in &bins.histograms {
            assert_eq!(
                h.shares.iter().filter(|s| **s > 0.0).count(),
                1,
                "{}",
                h.label
            );
            assert_eq!((h.below, h.above), (0.0, 0.0));
        }
        // 1,000 trials from -100 to 100 and one far out: the axis keeps to the bulk, and the
        // outlier is counted as a clipped tail.
        let mut summary = hand_made(&scenario);
        for p in &mut summary.payoffs {
            for i in 0..1000 {
                p.histogram.add(-100.0 + 0.2 * f64::from(i));
            }
            p.histogram.add(1e6);
        }
        summary.trials += 1001;
        let stats = Statistics::compute(&scenario, &summary);
        let bins = payoff_bins(&summary, &stats, 50);
        assert!(
            bins.lo + 50.0 * bins.width < 1e5,
            "the axis is not stretched to the outlier"
        );
        for h in &bins.histograms {
            assert!(h.above > 0.0, "{}", h.label);
            let total = h.shares.iter().sum::<f64>() + h.below + h.above;
            assert!((total - 1.0).abs() < 1e-9, "{}", h.label);
        }
    }
}
