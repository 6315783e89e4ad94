//! The payoff histogram: buckets whose width grows with magnitude, over both signs, so quantiles
//! of payoffs need no advance knowledge of their range and histograms merge by adding counts.

use serde::{Deserialize, Serialize};

use crate::stats::discrete_quantile;

/// A histogram with bucket widths proportional to magnitude (about 2% relative error), over both
/// signs; quantiles of payoffs need no advance knowledge of their range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LogHistogram {
    counts: Vec<u64>,
}

impl LogHistogram {
    /// Magnitudes below this fall in the zero bucket.
    pub(crate) const SMALLEST: f64 = 1e-3;
    /// Ratio between successive bucket edges.
    pub(crate) const GROWTH: f64 = 1.02;
    /// Buckets per sign (covering magnitudes up to about 6e10).
    pub(crate) const PER_SIGN: usize = 1600;

    pub(crate) fn new() -> LogHistogram {
        LogHistogram {
            counts: vec![0; 2 * Self::PER_SIGN + 1],
        }
    }

    fn index(x: f64) -> usize {
        let zero = Self::PER_SIGN;
        let m = x.abs();
        if m.is_nan() || m < Self::SMALLEST {
            return zero;
        }
        let k = ((m / Self::SMALLEST).ln() / Self::GROWTH.ln()).floor() as usize;
        let k = k.min(Self::PER_SIGN - 1) + 1;
        if x > 0.0 { zero + k } else { zero - k }
    }

    /// The representative value of bucket `i` (geometric centre).
    pub(crate) fn value_of(i: usize) -> f64 {
        let zero = Self::PER_SIGN;
        if i == zero {
            return 0.0;
        }
        let k = i.abs_diff(zero) - 1;
        let m = Self::SMALLEST * Self::GROWTH.powf(k as f64 + 0.5);
        if i > zero { m } else { -m }
    }

    pub(crate) fn add(&mut self, x: f64) {
        self.counts[Self::index(x)] += 1;
    }

    pub(crate) fn merge(&mut self, other: &LogHistogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Bucket counts, most negative first.
    pub(crate) fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// The `q`-quantile (to about 2%), or `None` when empty.
    pub(crate) fn quantile(&self, q: f64) -> Option<f64> {
        discrete_quantile(&self.counts, q).map(Self::value_of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_histogram_quantiles_are_close() {
        let mut h = LogHistogram::new();
        for i in 1..=1000 {
            h.add(f64::from(i));
            h.add(-f64::from(i));
        }
        let median = h.quantile(0.75).unwrap();
        assert!((median - 500.0).abs() / 500.0 < 0.03, "{median}");
        assert!(h.quantile(0.25).unwrap() < -480.0);
        assert_eq!(LogHistogram::value_of(LogHistogram::PER_SIGN), 0.0);
    }
}
