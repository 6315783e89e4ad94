//! Beliefs about types: the grid the equilibrium is solved on, interpolation, and Bayes' rule.
//!
//! `μ_I` is Iran's probability that the US is the reciprocating type, `μ_U` the US's probability
//! that Iran is. The solve keeps values and strategies at `n × n` grid points evenly spaced on
//! [0, 1] in each belief and interpolates between them.

/// The belief grid of the solve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BeliefGrid {
    /// Points per belief.
    pub(crate) n: usize,
}

/// Linear interpolation weights along one belief: `w` on point `i`, `1 − w` on point `i + 1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Axis {
    pub(crate) i: usize,
    pub(crate) w: f64,
}

impl BeliefGrid {
    pub(crate) fn new(n: usize) -> BeliefGrid {
        BeliefGrid { n: n.max(3) }
    }

    /// The belief at grid index `i`.
    pub(crate) fn point(self, i: usize) -> f64 {
        i as f64 / (self.n - 1) as f64
    }

    /// Grid points in all (both beliefs).
    pub(crate) fn points(self) -> usize {
        self.n * self.n
    }

    /// The two neighbouring points of `mu` and their weights. (The grid is small, so the
    /// conversions go through `u32`: the same values, without the slow conversions between
    /// 64-bit unsigned integers and floats.)
    pub(crate) fn axis(self, mu: f64) -> Axis {
        let last = (self.n - 1) as u32;
        let x = mu.clamp(0.0, 1.0) * f64::from(last);
        let i = (x as u32).min(last - 1);
        Axis {
            i: i as usize,
            w: 1.0 - (x - f64::from(i)),
        }
    }

    /// The (up to four) grid points around (`mi`, `mu`) with their bilinear weights: point index
    /// `i * n + u` for Iran's belief index `i` and the US's `u`.
    pub(crate) fn corners(self, mi: f64, mu: f64) -> [(usize, f64); 4] {
        let a = self.axis(mi);
        let b = self.axis(mu);
        let n = self.n;
        [
            (a.i * n + b.i, a.w * b.w),
            (a.i * n + b.i + 1, a.w * (1.0 - b.w)),
            ((a.i + 1) * n + b.i, (1.0 - a.w) * b.w),
            ((a.i + 1) * n + b.i + 1, (1.0 - a.w) * (1.0 - b.w)),
        ]
    }

    /// Cubic (four-point Lagrange) interpolation weights for `mu` along one belief; `home` is the
    /// grid index the belief started from, returned alone when `mu` is still exactly there.
    pub(crate) fn cubic(self, mu: f64, home: usize) -> ([(usize, f64); 4], usize) {
        let mut out = [(0usize, 0.0); 4];
        if mu == self.point(home) {
            out[0] = (home, 1.0);
            return (out, 1);
        }
        let lo = self.axis(mu).i.saturating_sub(1).min(self.n - 4);
        let idx = [lo, lo + 1, lo + 2, lo + 3];
        for (k, &i) in idx.iter().enumerate() {
            let mut w = 1.0;
            for &j in &idx {
                if j != i {
                    w *= (mu - self.point(j)) / (self.point(i) - self.point(j));
                }
            }
            out[k] = (i, w);
        }
        (out, 4)
    }
}

/// Bayes' rule for a binary type: the posterior that the other side is reciprocating after an
/// event a reciprocating type produces with likelihood `p_r` and an exploiting type with `p_e`.
/// When neither type could have produced the event, the belief is left as it was.
pub(crate) fn bayes(mu: f64, p_r: f64, p_e: f64) -> f64 {
    let num = mu * p_r;
    let den = num + (1.0 - mu) * p_e;
    if den > 0.0 && den.is_finite() {
        (num / den).clamp(0.0, 1.0)
    } else {
        mu
    }
}

/// The posterior after `days` without any observable action from a side whose reciprocating type
/// acts at hazard `h_r` per day and exploiting type at `h_e`:
/// `μ' = μ e^{−h_r d} / (μ e^{−h_r d} + (1 − μ) e^{−h_e d}) = μ / (μ + (1 − μ) e^{(h_r − h_e) d})`,
/// computed in the second form (one exponential; an overflow gives 0, an underflow 1, as they
/// should).
pub(crate) fn drift(mu: f64, h_r: f64, h_e: f64, days: f64) -> f64 {
    if h_r == h_e || days <= 0.0 || mu <= 0.0 || mu >= 1.0 {
        return mu;
    }
    let odds_factor = ((h_r - h_e) * days).exp();
    mu / (mu + (1.0 - mu) * odds_factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_is_exact_at_grid_points_and_sums_to_one() {
        let g = BeliefGrid::new(7);
        for i in 0..7 {
            let a = g.axis(g.point(i));
            let at = if a.i == i { a.w } else { 1.0 - a.w };
            assert!((at - 1.0).abs() < 1e-12);
            let (c, n) = g.cubic(g.point(i), i);
            assert_eq!((n, c[0]), (1, (i, 1.0)));
        }
        for mu in [0.0, 0.13, 0.5, 0.99, 1.0] {
            let total: f64 = g.corners(mu, 1.0 - mu).iter().map(|c| c.1).sum();
            assert!((total - 1.0).abs() < 1e-12);
            let (c, n) = g.cubic(mu, 0);
            let total: f64 = c[..n].iter().map(|c| c.1).sum();
            assert!((total - 1.0).abs() < 1e-12);
        }
        // Cubic interpolation reproduces a cubic exactly.
        let f = |x: f64| 2.0 * x * x * x - x + 0.5;
        let (c, n) = g.cubic(0.37, 2);
        let v: f64 = c[..n].iter().map(|&(i, w)| w * f(g.point(i))).sum();
        assert!((v - f(0.37)).abs() < 1e-12);
    }

    #[test]
    fn drift_is_bayes_over_many_small_intervals() {
        let mut a = 0.4;
        for _ in 0..1000 {
            a = bayes(a, (-0.2f64 * 0.01).exp(), (-0.05f64 * 0.01).exp());
        }
        assert!((a - drift(0.4, 0.2, 0.05, 10.0)).abs() < 1e-9);
        assert_eq!(drift(0.4, 0.1, 0.1, 5.0), 0.4);
        assert_eq!(bayes(0.3, 0.0, 0.0), 0.3);
        assert_eq!(bayes(1.0, 0.2, 0.9), 1.0);
    }
}
