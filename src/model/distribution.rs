//! Distributions for uncertain parameters, sampled once per trial.
//!
//! Analysts used to @RISK give an uncertain input as a distribution rather than a number. A
//! scenario may do so for any numeric parameter; this module checks the shape parameters, builds
//! the `statrs` distribution once, and samples it (clamped to the declared bounds) at the start of
//! every trial.

use rand::Rng;
use rand::distr::Distribution as _;
use statrs::distribution::{Beta, Continuous, ContinuousCDF, Normal, Triangular, Uniform};
use statrs::statistics::Distribution as _;

/// The shape of an uncertain parameter as written in a scenario, before it is checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum DistSpec {
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Triangular on `[min, max]` with its peak at `mode`.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Beta(`alpha`, `beta`) rescaled from `[0, 1]` to `[min, max]`.
    Beta {
        /// First shape parameter (> 0).
        alpha: f64,
        /// Second shape parameter (> 0).
        beta: f64,
        /// Lower end of the rescaled support.
        min: f64,
        /// Upper end of the rescaled support.
        max: f64,
    },
    /// Normal(`mean`, `sd`) with draws clamped to `[min, max]`.
    Normal {
        /// Mean before clamping.
        mean: f64,
        /// Standard deviation (>= 0; 0 gives the mean every time).
        sd: f64,
        /// Clamp lower bound.
        min: f64,
        /// Clamp upper bound.
        max: f64,
    },
}

/// Why a [`DistSpec`] cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub(crate) enum DistError {
    /// A shape number is NaN or infinite.
    #[error("`{0}` must be a finite number")]
    NotFinite(&'static str),
    /// Bounds in the wrong order.
    #[error("`min` ({min}) must be less than `max` ({max})")]
    BoundsReversed {
        /// The lower bound given.
        min: f64,
        /// The upper bound given.
        max: f64,
    },
    /// Triangular mode outside its bounds.
    #[error("`mode` ({mode}) must lie between `min` ({min}) and `max` ({max})")]
    ModeOutside {
        /// Lower bound.
        min: f64,
        /// The mode given.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Beta shape not positive.
    #[error("`{name}` must be greater than 0 (got {value})")]
    ShapeNotPositive {
        /// `alpha` or `beta`.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// Negative standard deviation.
    #[error("`sd` must be at least 0 (got {0})")]
    NegativeSd(f64),
}

#[derive(Clone, Debug)]
enum Shape {
    Uniform(Uniform),
    Triangular(Triangular),
    Beta(Beta),
    Normal(Normal),
    Constant(f64),
}

/// A checked, ready-to-sample distribution with its clamp bounds.
#[derive(Clone, Debug)]
pub(crate) struct Distribution {
    spec: DistSpec,
    shape: Shape,
    offset: f64,
    scale: f64,
    min: f64,
    max: f64,
}

impl Distribution {
    /// Checks `spec` and builds the sampler.
    pub(crate) fn new(spec: DistSpec) -> Result<Distribution, DistError> {
        let finite = |name: &'static str, x: f64| {
            if x.is_finite() {
                Ok(())
            } else {
                Err(DistError::NotFinite(name))
            }
        };
        let ordered = |min: f64, max: f64, strict: bool| {
            if min < max || (!strict && min == max) {
                Ok(())
            } else {
                Err(DistError::BoundsReversed { min, max })
            }
        };
        let (shape, offset, scale, min, max) =
            match spec {
                DistSpec::Uniform { min, max } => {
                    finite("min", min)?;
                    finite("max", max)?;
                    ordered(min, max, true)?;
                    let u = Uniform::new(min, max)
                        .map_err(|_| DistError::BoundsReversed { min, max })?;
                    (Shape::Uniform(u), 0.0, 1.0, min, max)
                }
                DistSpec::Triangular { min, mode, max } => {
                    finite("min", min)?;
                    finite("mode", mode)?;
                    finite("max", max)?;
                    ordered(min, max, true)?;
                    if !(min..=max).contains(&mode) {
                        return Err(DistError::ModeOutside { min, mode, max });
                    }
                    let t = Triangular::new(min, max, mode)
                        .map_err(|_| DistError::ModeOutside { min, mode, max })?;
                    (Shape::Triangular(t), 0.0, 1.0, min, max)
                }
                DistSpec::Beta {
                    alpha,
                    beta,
                    min,
                    max,
                } => {
                    finite("alpha", alpha)?;
                    finite("beta", beta)?;
                    finite("min", min)?;
                    finite("max", max)?;
                    for (name, value) in [("alpha", alpha), ("beta", beta)] {
                        if value <= 0.0 {
                            return Err(DistError::ShapeNotPositive { name, value });
                        }
                    }
                    ordered(min, max, true)?;
                    let b = Beta::new(alpha, beta).map_err(|_| DistError::ShapeNotPositive {
                        name: "alpha",
                        value: alpha,
                    })?;
                    (Shape::Beta(b), min, max - min, min, max)
                }
                DistSpec::Normal { mean, sd, min, max } => {
                    finite("mean", mean)?;
                    finite("sd", sd)?;
                    finite("min", min)?;
                    finite("max", max)?;
                    if sd < 0.0 {
                        return Err(DistError::NegativeSd(sd));
                    }
                    ordered(min, max, false)?;
                    let shape = if sd == 0.0 {
                        Shape::Constant(mean)
                    } else {
                        Shape::Normal(Normal::new(mean, sd).map_err(|_| DistError::NegativeSd(sd))?)
                    };
                    (shape, 0.0, 1.0, min, max)
                }
            };
        Ok(Distribution {
            spec,
            shape,
            offset,
            scale,
            min,
            max,
        })
    }

    /// The specification this distribution was built from.
    pub(crate) fn spec(&self) -> DistSpec {
        self.spec
    }

    /// Smallest and largest value a draw can take.
    pub(crate) fn bounds(&self) -> (f64, f64) {
        (self.min, self.max)
    }

    /// One draw, clamped to the bounds.
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let raw = match &self.shape {
            Shape::Uniform(d) => d.sample(rng),
            Shape::Triangular(d) => d.sample(rng),
            Shape::Beta(d) => d.sample(rng),
            Shape::Normal(d) => d.sample(rng),
            Shape::Constant(c) => *c,
        };
        (self.offset + self.scale * raw).clamp(self.min, self.max)
    }

    /// The mean of a draw (clamping included): what players who know only the distribution
    /// expect of it.
    pub(crate) fn mean(&self) -> f64 {
        let raw = match &self.shape {
            Shape::Uniform(d) => d.mean(),
            Shape::Triangular(d) => d.mean(),
            Shape::Beta(d) => d.mean(),
            Shape::Constant(c) => Some(*c),
            Shape::Normal(d) => {
                // E[clamp(X, a, b)] for X ~ N(m, s²) is a·Φ(α) + b·(1 − Φ(β)) + m·(Φ(β) − Φ(α))
                // + s·(φ(α) − φ(β)), with α = (a − m)/s and β = (b − m)/s.
                let (m, sd) = (d.mean().unwrap_or(0.0), d.std_dev().unwrap_or(1.0));
                let (a, b) = ((self.min - m) / sd, (self.max - m) / sd);
                let z = Normal::standard();
                return self.min * z.cdf(a)
                    + self.max * (1.0 - z.cdf(b))
                    + m * (z.cdf(b) - z.cdf(a))
                    + sd * (z.pdf(a) - z.pdf(b));
            }
        };
        raw.map_or(0.5 * (self.min + self.max), |m| {
            (self.offset + self.scale * m).clamp(self.min, self.max)
        })
    }

    /// The value below which a share `p` of draws fall (clamping included).
    pub(crate) fn quantile(&self, p: f64) -> f64 {
        let p = p.clamp(0.0, 1.0);
        let raw = match &self.shape {
            Shape::Uniform(d) => d.inverse_cdf(p),
            Shape::Triangular(d) => d.inverse_cdf(p),
            Shape::Beta(d) => d.inverse_cdf(p),
            Shape::Normal(d) => d.inverse_cdf(p),
            Shape::Constant(c) => *c,
        };
        (self.offset + self.scale * raw).clamp(self.min, self.max)
    }
}

impl std::fmt::Display for DistSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            DistSpec::Uniform { min, max } => write!(f, "uniform({min}, {max})"),
            DistSpec::Triangular { min, mode, max } => {
                write!(f, "triangular({min}, {mode}, {max})")
            }
            DistSpec::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                if min == 0.0 && max == 1.0 {
                    write!(f, "beta({alpha}, {beta})")
                } else {
                    write!(f, "beta({alpha}, {beta}) on [{min}, {max}]")
                }
            }
            DistSpec::Normal { mean, sd, min, max } => {
                write!(f, "normal({mean}, sd {sd}) clamped to [{min}, {max}]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn mean_of(d: &Distribution, n: usize) -> f64 {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / n as f64
    }

    #[test]
    fn means_match_samples_with_clamping() {
        let specs = [
            DistSpec::Triangular {
                min: 1.0,
                mode: 3.0,
                max: 8.0,
            },
            DistSpec::Beta {
                alpha: 2.0,
                beta: 6.0,
                min: 0.0,
                max: 2.0,
            },
            DistSpec::Uniform {
                min: -1.0,
                max: 3.0,
            },
            DistSpec::Normal {
                mean: 0.3,
                sd: 0.2,
                min: 0.0,
                max: 0.5,
            },
            DistSpec::Normal {
                mean: 0.3,
                sd: 0.0,
                min: 0.0,
                max: 0.5,
            },
        ];
        for spec in specs {
            let d = Distribution::new(spec).unwrap();
            let sampled = mean_of(&d, 400_000);
            assert!(
                (d.mean() - sampled).abs() < 0.01,
                "{spec}: {} vs {sampled}",
                d.mean()
            );
        }
    }

    #[test]
    fn sample_means_match_closed_forms() {
        let n = 200_000;
        let tri = Distribution::new(DistSpec::Triangular {
            min: 1.0,
            mode: 3.0,
            max: 8.0,
        })
        .unwrap();
        assert!((mean_of(&tri, n) - 4.0).abs() < 0.02);
        let beta = Distribution::new(DistSpec::Beta {
            alpha: 2.0,
            beta: 6.0,
            min: 0.0,
            max: 2.0,
        })
        .unwrap();
        assert!((mean_of(&beta, n) - 0.5).abs() < 0.01);
        let uni = Distribution::new(DistSpec::Uniform {
            min: -1.0,
            max: 3.0,
        })
        .unwrap();
        assert!((mean_of(&uni, n) - 1.0).abs() < 0.02);
    }

    #[test]
    fn normal_draws_are_clamped() {
        let d = Distribution::new(DistSpec::Normal {
            mean: 0.5,
            sd: 2.0,
            min: 0.0,
            max: 1.0,
        })
        .unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..10_000 {
            let x = d.sample(&mut rng);
            assert!((0.0..=1.0).contains(&x));
        }
        assert_eq!(d.quantile(0.0), 0.0);
        assert_eq!(d.quantile(1.0), 1.0);
        assert!((d.quantile(0.5) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn zero_sd_is_constant() {
        let d = Distribution::new(DistSpec::Normal {
            mean: 0.3,
            sd: 0.0,
            min: 0.0,
            max: 1.0,
        })
        .unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert_eq!(d.sample(&mut rng), 0.3);
    }

    #[test]
    fn invalid_shapes_are_rejected() {
        use DistSpec::*;
        let bad = [
            Beta {
                alpha: 0.0,
                beta: 1.0,
                min: 0.0,
                max: 1.0,
            },
            Beta {
                alpha: 1.0,
                beta: -2.0,
                min: 0.0,
                max: 1.0,
            },
            Triangular {
                min: 2.0,
                mode: 1.0,
                max: 1.0,
            },
            Triangular {
                min: 0.0,
                mode: 2.0,
                max: 1.0,
            },
            Normal {
                mean: 0.0,
                sd: -1.0,
                min: 0.0,
                max: 1.0,
            },
            Normal {
                mean: 0.0,
                sd: 1.0,
                min: 1.0,
                max: 0.0,
            },
            Uniform { min: 1.0, max: 1.0 },
            Uniform {
                min: f64::NAN,
                max: 1.0,
            },
            Normal {
                mean: f64::INFINITY,
                sd: 1.0,
                min: 0.0,
                max: 1.0,
            },
        ];
        for spec in bad {
            assert!(Distribution::new(spec).is_err(), "{spec:?} accepted");
        }
    }

    /// The Kolmogorov–Smirnov distance between `n` draws of `spec` (seed 2021) and the CDF `cdf`,
    /// which may have atoms: compared just below and at each distinct draw.
    fn ks_distance(spec: DistSpec, n: usize, cdf: impl Fn(f64) -> f64) -> f64 {
        let d = Distribution::new(spec).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(2021);
        let mut xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        xs.sort_by(f64::total_cmp);
        let mut worst: f64 = 0.0;
        let mut i = 0;
        while i < n {
            let x = xs[i];
            let below = i as f64 / n as f64;
            while i < n && xs[i] == x {
                i += 1;
            }
            let at = i as f64 / n as f64;
            let f_below = cdf(x - 1e-12 * x.abs().max(1.0));
            worst = worst.max((below - f_below).abs()).max((at - cdf(x)).abs());
        }
        worst
    }

    /// Each of the four distributions passes a Kolmogorov–Smirnov test against its CDF at
    /// α = 0.001 (critical distance √(−ln(α/2)/2)/√n), with a fixed seed; the clamped normal's CDF
    /// has atoms at its bounds.
    #[test]
    fn draws_follow_their_distributions_by_kolmogorov_smirnov() {
        use statrs::distribution::ContinuousCDF;
        let n = 20_000;
        let alpha: f64 = 0.001;
        let critical = (-(alpha / 2.0).ln() / 2.0).sqrt() / (n as f64).sqrt();
        let uniform = |x: f64| ((x - 2.0) / 3.0).clamp(0.0, 1.0);
        let triangular = |x: f64| {
            let (a, c, b) = (0.3, 0.5, 0.7);
            if x <= a {
                0.0
            } else if x <= c {
                (x - a).powi(2) / ((b - a) * (c - a))
            } else if x < b {
                1.0 - (b - x).powi(2) / ((b - a) * (b - c))
            } else {
                1.0
            }
        };
        let beta = statrs::distribution::Beta::new(2.5, 7.5).unwrap();
        let beta_cdf = |x: f64| beta.cdf(((x - 0.05) / 0.9).clamp(0.0, 1.0));
        let normal = statrs::distribution::Normal::new(0.5, 0.4).unwrap();
        let clamped_normal = |x: f64| {
            if x < 0.2 {
                0.0
            } else if x >= 0.9 {
                1.0
            } else {
                normal.cdf(x)
            }
        };
        let cases: [(DistSpec, &dyn Fn(f64) -> f64); 4] = [
            (DistSpec::Uniform { min: 2.0, max: 5.0 }, &uniform),
            (
                DistSpec::Triangular {
                    min: 0.3,
                    mode: 0.5,
                    max: 0.7,
                },
                &triangular,
            ),
            (
                DistSpec::Beta {
                    alpha: 2.5,
                    beta: 7.5,
                    min: 0.05,
                    max: 0.95,
                },
                &beta_cdf,
            ),
            (
                DistSpec::Normal {
                    mean: 0.5,
                    sd: 0.4,
                    min: 0.2,
                    max: 0.9,
                },
                &clamped_normal,
            ),
        ];
        for (spec, cdf) in cases {
            let d = ks_distance(spec, n, cdf);
            assert!(d < critical, "{spec:?}: KS distance {d:.5} ≥ {critical:.5}");
        }
        // The test can fail: a distribution compared with another's CDF is rejected.
        let shifted = |x: f64| ((x - 2.1) / 3.0).clamp(0.0, 1.0);
        assert!(ks_distance(DistSpec::Uniform { min: 2.0, max: 5.0 }, n, shifted) > critical);
    }
}
