//! The logit (quantal response) choice rule, computed stably.

/// `P(a) ∝ exp(λ · Q(a))` over `q`, written into `out`: the largest `λQ` is subtracted before
/// exponentiating, so λ = 100 with values of hundreds of utils is exact, and λ = 0 is the uniform
/// choice.
pub(crate) fn softmax(lambda: f64, q: &[f64], out: &mut [f64]) {
    let n = q.len();
    if n == 0 {
        return;
    }
    if lambda == 0.0 {
        out[..n].fill(1.0 / n as f64);
        return;
    }
    let max = q.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let mut sum = 0.0;
    for (o, &x) in out.iter_mut().zip(q) {
        *o = (lambda * (x - max)).exp();
        sum += *o;
    }
    for o in &mut out[..n] {
        *o /= sum;
    }
}

/// Binary logit: the probability of choosing the option worth `q_yes` over one worth `q_no`.
pub(crate) fn binary(lambda: f64, q_yes: f64, q_no: f64) -> f64 {
    let z = lambda * (q_yes - q_no);
    if z.is_nan() {
        return 0.5;
    }
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_at_large_lambda_and_uniform_at_zero() {
        let mut p = [0.0; 3];
        softmax(100.0, &[500.0, 499.0, -300.0], &mut p);
        assert!((p[0] - 1.0 / (1.0 + (-100.0f64).exp())).abs() < 1e-12);
        assert!(p.iter().all(|x| x.is_finite() && *x >= 0.0));
        softmax(0.0, &[5.0, 1.0, 3.0], &mut p);
        assert!(p.iter().all(|&x| (x - 1.0 / 3.0).abs() < 1e-15));
        assert!((binary(100.0, 300.0, 0.0) - 1.0).abs() < 1e-15);
        assert_eq!(binary(100.0, 0.0, 300.0), 0.0);
        assert_eq!(binary(0.0, 7.0, -7.0), 0.5);
        assert!((binary(1.0, 1.0, 0.0) - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-15);
    }
}
