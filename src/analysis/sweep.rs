//! Parameter sweeps: the same scenario run over a grid of one or two parameters, every point on the
//! same trial streams (common random numbers), so neighbouring points differ only by the parameter.

use serde::Serialize;

use super::point::{PointError, point, run_point};
use crate::engine::RunConfig;
use crate::engine::monitor::{Cumulative, RunMonitor};
use crate::engine::workers::Workers;
use crate::model::outcome::Outcome;
use crate::scenario::Scenario;
use crate::stats::{Proportion, discrete_quantile};

/// One swept parameter: its dotted key and the values it takes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Axis {
    /// Dotted key, as `--set` takes it.
    pub key: String,
    /// Values, in order.
    pub values: Vec<f64>,
}

/// Most grid points a sweep axis may have.
pub(crate) const MAX_STEPS_PER_AXIS: usize = 101;

impl Axis {
    /// Parses `KEY=START:END:STEPS` (STEPS ≥ 2 evenly spaced values, ends included).
    pub fn parse(spec: &str) -> Result<Axis, String> {
        let bad = || {
            format!("`{spec}`: expected KEY=START:END:STEPS, e.g. hardliners.veto_strength=0:1:11")
        };
        let (key, range) = spec.split_once('=').ok_or_else(bad)?;
        let parts: Vec<&str> = range.split(':').collect();
        let [start, end, steps] = parts[..] else {
            return Err(bad());
        };
        let start: f64 = start.trim().parse().map_err(|_| bad())?;
        let end: f64 = end.trim().parse().map_err(|_| bad())?;
        let steps: usize = steps.trim().parse().map_err(|_| bad())?;
        if !start.is_finite() || !end.is_finite() {
            return Err(format!("`{spec}`: START and END must be finite numbers"));
        }
        if start == end {
            return Err(format!(
                "`{spec}`: START and END are the same value, so there is nothing to sweep (give a range, e.g. {}=0:1:11)",
                key.trim()
            ));
        }
        if !(2..=MAX_STEPS_PER_AXIS).contains(&steps) {
            return Err(format!(
                "`{spec}`: STEPS must be from 2 to {MAX_STEPS_PER_AXIS}, got {steps}"
            ));
        }
        let values = (0..steps)
            .map(|i| start + (end - start) * i as f64 / (steps - 1) as f64)
            .collect();
        Ok(Axis {
            key: key.trim().to_string(),
            values,
        })
    }
}

/// The result at one grid point.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    /// The value of each axis.
    pub values: Vec<f64>,
    /// Outcome probabilities in [`Outcome::ALL`] order.
    pub outcomes: [Proportion; 4],
    /// Median day of restoration (days from the start) among restored trials.
    pub(crate) median_restoration_day: Option<usize>,
}

impl Point {
    /// Trials the point summarised (with given events, the accepted ones).
    pub fn trials(&self) -> u64 {
        self.outcomes[0].total
    }

    /// The most likely outcome at this point.
    pub(crate) fn most_likely(&self) -> Outcome {
        Outcome::ALL
            .into_iter()
            .max_by(|a, b| {
                self.outcomes[a.index()]
                    .estimate
                    .total_cmp(&self.outcomes[b.index()].estimate)
                    // On ties, prefer the earlier outcome.
                    .then(b.index().cmp(&a.index()))
            })
            .unwrap_or(Outcome::Stalemate)
    }
}

/// The grid points of `axes` (the first axis varies slowest), each as its values in axis order.
pub(crate) fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    axes.iter().fold(vec![Vec::new()], |points, axis| {
        points
            .iter()
            .flat_map(|p| {
                axis.values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(*v);
                    q
                })
            })
            .collect()
    })
}

/// Runs every grid point of `axes` on `scenario`, with the same seed and trial count, on
/// `workers`. Every point is checked before the first is run, so that an invalid one stops the
/// sweep before any time is spent.
pub fn run(
    scenario: &Scenario,
    axes: &[Axis],
    config: &RunConfig,
    workers: &Workers,
    monitor: &dyn RunMonitor,
) -> Result<Vec<Point>, PointError> {
    let changes = |values: &[f64]| -> Vec<(&str, f64)> {
        axes.iter()
            .zip(values)
            .map(|(a, v)| (a.key.as_str(), *v))
            .collect()
    };
    let points = grid(axes);
    for values in &points {
        point(scenario, &changes(values))?;
    }
    let progress = Cumulative::new(monitor);
    let mut out = Vec::with_capacity(points.len());
    for values in points {
        let (_, s) = run_point(scenario, &changes(&values), config, workers, &progress)?;
        out.push(Point {
            values,
            outcomes: Outcome::ALL.map(|o| Proportion::wilson(s.outcomes[o.index()], s.trials)),
            median_restoration_day: discrete_quantile(&s.restored_on, 0.5),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_parse_and_grid_in_order() {
        let a = Axis::parse("hardliners.veto_strength=0:1:5").unwrap();
        assert_eq!(a.values, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        let b = Axis::parse(" x = 10 : 20 : 2 ").unwrap();
        assert_eq!((b.key.as_str(), b.values.clone()), ("x", vec![10.0, 20.0]));
        let points = grid(&[a, b]);
        assert_eq!(points.len(), 10);
        assert_eq!(points[0], vec![0.0, 10.0]);
        assert_eq!(points[1], vec![0.0, 20.0]);
        assert_eq!(points[9], vec![1.0, 20.0]);
        for bad in [
            "x=0:1",
            "x=0:1:1",
            "x=a:1:3",
            "x0:1:3",
            "x=0:inf:3",
            "x=0:1:1000",
        ] {
            assert!(Axis::parse(bad).is_err(), "{bad}");
        }
    }
}
