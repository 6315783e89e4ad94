//! Statistics shared by the engine, the analyses and the reports: Wilson intervals, quantiles of
//! counts, exact fixed-point sums for means and variances, and paired differences with their
//! normal intervals.

use serde::{Deserialize, Serialize};

/// The 97.5% standard normal quantile, for two-sided 95% intervals.
pub(crate) const Z95: f64 = 1.959_963_984_540_054;

/// A proportion with its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proportion {
    /// Successes.
    pub(crate) count: u64,
    /// Trials.
    pub(crate) total: u64,
    /// Point estimate `count / total` (0 when `total` is 0).
    pub estimate: f64,
    /// Lower end of the 95% Wilson score interval.
    pub low: f64,
    /// Upper end of the 95% Wilson score interval.
    pub high: f64,
}

impl Proportion {
    /// The proportion `count / total` with its Wilson score interval.
    ///
    /// The Wilson interval keeps good coverage near 0 and 1, where the normal approximation
    /// fails, which matters for rare outcomes such as restoration under `us_first`.
    pub fn wilson(count: u64, total: u64) -> Proportion {
        if total == 0 {
            return Proportion {
                count,
                total,
                estimate: 0.0,
                low: 0.0,
                high: 1.0,
            };
        }
        let n = total as f64;
        let p = count as f64 / n;
        let z2 = Z95 * Z95;
        let denom = 1.0 + z2 / n;
        let centre = (p + z2 / (2.0 * n)) / denom;
        let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
        Proportion {
            count,
            total,
            estimate: p,
            low: if count == 0 {
                0.0
            } else {
                (centre - half).max(0.0)
            },
            high: if count >= total {
                1.0
            } else {
                (centre + half).min(1.0)
            },
        }
    }

    /// Half the width of the interval.
    pub(crate) fn half_width(&self) -> f64 {
        (self.high - self.low) / 2.0
    }
}

/// The smallest index `i` such that counts `0..=i` hold at least a share `q` of the total; used
/// for step-valued quantiles such as the median time to restoration. `None` when empty.
pub(crate) fn discrete_quantile(counts: &[u64], q: f64) -> Option<usize> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    let target = (q.clamp(0.0, 1.0) * total as f64).max(1.0);
    let mut cumulative = 0u64;
    for (i, &c) in counts.iter().enumerate() {
        cumulative += c;
        if cumulative as f64 >= target {
            return Some(i);
        }
    }
    Some(counts.len() - 1)
}

/// Fixed-point scale for payoff sums: exact, order-independent addition.
const FIXED_SCALE: f64 = (1u64 << 20) as f64;
/// Fixed-point scale for sums of squares.
const FIXED_SQ_SCALE: f64 = (1u64 << 10) as f64;

/// `x` in fixed point, rounded half away from zero (without a libm call).
fn to_fixed(x: f64, scale: f64) -> i128 {
    let y = x * scale;
    (y + 0.5f64.copysign(y)) as i128
}

/// `x` as a term of a fixed-point sum (×2^20), which adds exactly in any order.
pub(crate) fn fixed_term(x: f64) -> i128 {
    to_fixed(x, FIXED_SCALE)
}

/// `x²` as a term of a fixed-point sum of squares (`x` ×2^10 before squaring).
pub(crate) fn fixed_square_term(x: f64) -> i128 {
    let f = to_fixed(x, FIXED_SQ_SCALE);
    f * f
}

/// Mean of `n` values (`n` > 0) from the fixed-point sum of their [`fixed_term`]s.
pub(crate) fn fixed_mean(sum: i128, n: u64) -> f64 {
    sum as f64 / FIXED_SCALE / n as f64
}

/// Mean and sample variance of `n` values from the fixed-point sums of [`fixed_term`] and
/// [`fixed_square_term`]; (0, 0) for no values, variance 0 for one.
pub(crate) fn mean_and_variance(sum: i128, sum_squares: i128, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let nf = n as f64;
    let mean = fixed_mean(sum, n);
    if n < 2 {
        return (mean, 0.0);
    }
    let mean_sq = sum_squares as f64 / (FIXED_SQ_SCALE * FIXED_SQ_SCALE) / nf;
    (mean, ((mean_sq - mean * mean) * nf / (nf - 1.0)).max(0.0))
}

/// A paired difference with its 95% normal interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub(crate) struct Difference {
    /// The estimate.
    pub(crate) estimate: f64,
    /// Lower end of the 95% interval.
    pub(crate) low: f64,
    /// Upper end of the 95% interval.
    pub(crate) high: f64,
}

impl Difference {
    /// The difference `estimate` with the 95% normal interval of a mean of `n` values of
    /// sample variance `variance` (no width when `n` is 0).
    pub(crate) fn new(estimate: f64, variance: f64, n: u64) -> Difference {
        let half = if n == 0 {
            0.0
        } else {
            Z95 * (variance / n as f64).sqrt()
        };
        Difference {
            estimate,
            low: estimate - half,
            high: estimate + half,
        }
    }
}

/// A weighted sample of one quantity: its values with non-negative weights, for the marginals of
/// a scenario's joint sample and the posterior summaries of a calibration.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WeightedSample {
    /// `(value, cumulative weight up to and including it)`, by value, weights normalised to 1.
    sorted: Vec<(f64, f64)>,
    mean: f64,
    sd: f64,
}

impl WeightedSample {
    /// The sample of `values` with `weights` (the same length, non-negative, not all zero).
    pub(crate) fn new(values: &[f64], weights: &[f64]) -> WeightedSample {
        let total: f64 = weights.iter().sum();
        let mut pairs: Vec<(f64, f64)> = values
            .iter()
            .zip(weights)
            .map(|(&v, &w)| (v, w / total))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mean: f64 = pairs.iter().map(|(v, w)| v * w).sum();
        let variance: f64 = pairs.iter().map(|(v, w)| w * (v - mean) * (v - mean)).sum();
        let mut cumulative = 0.0;
        let sorted = pairs
            .into_iter()
            .map(|(v, w)| {
                cumulative += w;
                (v, cumulative)
            })
            .collect();
        WeightedSample {
            sorted,
            mean,
            sd: variance.max(0.0).sqrt(),
        }
    }

    /// The weighted mean.
    pub(crate) fn mean(&self) -> f64 {
        self.mean
    }

    /// The weighted standard deviation (of the sample as a distribution, no small-sample factor).
    pub(crate) fn sd(&self) -> f64 {
        self.sd
    }

    /// The smallest and the largest value.
    pub(crate) fn bounds(&self) -> (f64, f64) {
        (
            self.sorted.first().map_or(f64::NAN, |p| p.0),
            self.sorted.last().map_or(f64::NAN, |p| p.0),
        )
    }

    /// The smallest value whose cumulative weight reaches `p` (the lowest value for `p` ≤ 0).
    pub(crate) fn quantile(&self, p: f64) -> f64 {
        // A relative tolerance keeps p = 1 on the last value despite rounding in the cumulation.
        let target = p.clamp(0.0, 1.0) * (1.0 - 1e-12);
        self.sorted
            .iter()
            .find(|&&(_, c)| c >= target)
            .or(self.sorted.last())
            .map_or(f64::NAN, |p| p.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_reference_values() {
        // Reference: 40 of 100 -> (0.3094, 0.4980), e.g. from R's prop.test(correct = FALSE).
        let p = Proportion::wilson(40, 100);
        assert!((p.low - 0.3094).abs() < 1e-4, "{}", p.low);
        assert!((p.high - 0.4980).abs() < 1e-4, "{}", p.high);
        let zero = Proportion::wilson(0, 50);
        assert_eq!(zero.low, 0.0);
        assert!(zero.high > 0.05 && zero.high < 0.08);
        let all = Proportion::wilson(50, 50);
        assert_eq!(all.high, 1.0);
        assert_eq!(Proportion::wilson(0, 0).high, 1.0);
    }

    #[test]
    fn discrete_quantiles() {
        assert_eq!(discrete_quantile(&[1, 1, 1, 1], 0.5), Some(1));
        assert_eq!(discrete_quantile(&[0, 0, 5], 0.5), Some(2));
        assert_eq!(discrete_quantile(&[0, 0], 0.5), None);
    }

    #[test]
    fn weighted_quantiles_and_moments() {
        let s = WeightedSample::new(&[3.0, 1.0, 2.0], &[1.0, 2.0, 1.0]);
        assert_eq!(s.bounds(), (1.0, 3.0));
        assert!((s.mean() - 1.75).abs() < 1e-12);
        assert!((s.sd() - (0.6875f64).sqrt()).abs() < 1e-12);
        assert_eq!(s.quantile(0.0), 1.0);
        assert_eq!(s.quantile(0.5), 1.0);
        assert_eq!(s.quantile(0.51), 2.0);
        assert_eq!(s.quantile(0.75), 2.0);
        assert_eq!(s.quantile(1.0), 3.0);
    }
}
