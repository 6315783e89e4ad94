//! Solving a posterior fixed point `x = B(x)` on [0, 1]: the posterior a choice reveals depends on
//! the choice probabilities, which depend on the posterior. Written as `h(x) = B(x) − x`, with
//! `h(0) ≥ 0 ≥ h(1)` because a posterior is a probability.

/// Tolerance on `h` at a root.
pub(crate) const TOL: f64 = 1e-8;
/// Largest |h| accepted from the fast search before the scan takes over.
const ACCEPT: f64 = 1e-7;

/// A root of `h` on [0, 1], starting from the warm guess `guess`: secant steps inside a bracket,
/// then Illinois false position; if that still leaves |h| above `ACCEPT` (a discontinuous `h`
/// where a nested choice jumps between fixed points), a scan of the whole interval for sign
/// changes, keeping the root nearest the guess (or, with none, the point of least |h|).
pub(crate) fn root(mut h: impl FnMut(f64) -> f64, guess: f64) -> f64 {
    let (x, hx) = fast_root(&mut h, guess);
    if hx.abs() <= ACCEPT {
        return x;
    }
    scan_root(&mut h, guess, x, hx)
}

fn fast_root(h: &mut impl FnMut(f64) -> f64, guess: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let mut x0 = guess.clamp(0.0, 1.0);
    let mut h0 = h(x0);
    if h0.abs() < TOL {
        return (x0, h0);
    }
    if h0 > 0.0 {
        lo = x0;
    } else {
        hi = x0;
    }
    let mut x1 = (x0 + h0).clamp(lo, hi);
    if x1 == x0 {
        return (x0, h0);
    }
    let mut h1 = h(x1);
    for _ in 0..8 {
        if h1.abs() < TOL {
            return (x1, h1);
        }
        if h1 > 0.0 {
            lo = lo.max(x1);
        } else {
            hi = hi.min(x1);
        }
        let x2 = x1 - h1 * (x1 - x0) / (h1 - h0);
        if !(x2 > lo && x2 < hi) {
            break;
        }
        (x0, h0) = (x1, h1);
        x1 = x2;
        h1 = h(x1);
    }
    // Illinois false position on [lo, hi].
    let (mut a, mut b) = (lo, hi);
    let mut fa = if a == x1 { h1 } else { h(a) };
    let mut fb = if b == x1 { h1 } else { h(b) };
    if fa <= 0.0 {
        return (a, fa);
    }
    if fb >= 0.0 {
        return (b, fb);
    }
    let mut side = 0;
    let (mut c, mut fc) = (a, fa);
    for _ in 0..60 {
        c = (a * fb - b * fa) / (fb - fa);
        fc = h(c);
        if fc.abs() < TOL || b - a < 1e-9 {
            break;
        }
        if fc > 0.0 {
            (a, fa) = (c, fc);
            if side == 1 {
                fb *= 0.5;
            }
            side = 1;
        } else {
            (b, fb) = (c, fc);
            if side == -1 {
                fa *= 0.5;
            }
            side = -1;
        }
    }
    (c, fc)
}

fn scan_root(h: &mut impl FnMut(f64) -> f64, guess: f64, fast: f64, h_fast: f64) -> f64 {
    const N: usize = 64;
    let xs: Vec<f64> = (0..=N).map(|i| i as f64 / N as f64).collect();
    let hs: Vec<f64> = xs.iter().map(|&x| h(x)).collect();
    // (distance to the guess, root, |h|)
    let mut best = (f64::INFINITY, fast, h_fast.abs());
    for i in 0..N {
        if hs[i] >= 0.0 && hs[i + 1] <= 0.0 {
            let (mut a, mut b) = (xs[i], xs[i + 1]);
            for _ in 0..50 {
                let m = 0.5 * (a + b);
                if h(m) > 0.0 {
                    a = m;
                } else {
                    b = m;
                }
            }
            let x = 0.5 * (a + b);
            let r = h(x).abs();
            let d = (x - guess).abs();
            if r < 1e-6 && (best.2 >= 1e-6 || d < best.0) {
                best = (d, x, r);
            }
        }
    }
    if best.2 < 1e-6 {
        return best.1;
    }
    for (x, r) in xs.iter().zip(&hs) {
        if r.abs() < best.2 {
            best = (0.0, *x, r.abs());
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_smooth_roots_and_the_nearest_of_several() {
        let x = root(|x| 0.3 - x, 0.9);
        assert!((x - 0.3).abs() < 1e-9);
        // Three roots (0.2, 0.5, 0.8): a root is found from every start, the one the bracket
        // around the guess holds.
        let h = |x: f64| -(x - 0.2) * (x - 0.5) * (x - 0.8);
        for (guess, want) in [(0.1, 0.2), (0.95, 0.8)] {
            let x = root(h, guess);
            assert!((x - want).abs() < 1e-6, "{guess}: {x}");
        }
        for i in 0..=20 {
            let guess = f64::from(i) / 20.0;
            let x = root(h, guess);
            assert!(h(x).abs() < 1e-7, "{guess}: {x}");
        }
        // A jump across zero with no root: the point of least |h| is returned.
        let x = root(|x| if x < 0.4 { 0.1 } else { -0.1 }, 0.9);
        assert!((0.3..=0.5).contains(&x));
    }
}
