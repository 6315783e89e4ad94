//! The perturbation kernel of a generation (`docs/model.md` §23): a multivariate normal around a
//! particle of the previous population, whose covariance is twice the population's weighted
//! covariance (Beaumont et al. 2009), restricted to the prior's box.

use nalgebra::{DMatrix, DVector};
use rand::distr::Distribution as _;
use rand::{Rng, RngExt};
use statrs::distribution::Normal;

use super::{CalibrateError, Particle, Prior};

/// Most draws a proposal may take to land inside the prior's box before the kernel is declared
/// unusable (each draw lands inside with probability well above 2^-d for d parameters).
const MAX_ATTEMPTS: u64 = 1_000_000;

/// A generation's proposal distribution.
pub(crate) struct Kernel<'a> {
    /// The previous population's particles and their normalised weights.
    centres: Vec<(&'a [f64], f64)>,
    /// Lower Cholesky factor of the covariance.
    chol: DMatrix<f64>,
    /// `ln` of the normal density's constant `(2π)^{-d/2} |Σ|^{-1/2}`.
    log_norm: f64,
}

impl<'a> Kernel<'a> {
    /// The kernel of the population `particles` for the parameters `priors`.
    pub(crate) fn new(
        particles: &'a [Particle],
        priors: &[Prior],
    ) -> Result<Kernel<'a>, CalibrateError> {
        let d = priors.len();
        let total: f64 = particles.iter().map(|p| p.weight).sum();
        // A population read from a file is checked on load (`State::check`); these are the
        // kernel's own preconditions, so that it can never index out of bounds.
        if particles.is_empty()
            || particles.iter().any(|p| p.theta.len() != d)
            || !(total.is_finite() && total > 0.0)
        {
            return Err(CalibrateError::Kernel(
                "the population is empty, or its particles do not match the parameters",
            ));
        }
        let centres: Vec<(&[f64], f64)> = particles
            .iter()
            .map(|p| (p.theta.as_slice(), p.weight / total))
            .collect();
        let mean: Vec<f64> = (0..d)
            .map(|k| centres.iter().map(|(t, w)| w * t[k]).sum())
            .collect();
        let mut cov = DMatrix::<f64>::zeros(d, d);
        for (t, w) in &centres {
            for i in 0..d {
                for j in 0..d {
                    cov[(i, j)] += 2.0 * w * (t[i] - mean[i]) * (t[j] - mean[j]);
                }
            }
        }
        // A floor of a millionth of each prior's width keeps a collapsed coordinate proposable.
        for (i, prior) in priors.iter().enumerate() {
            let floor = 1e-6 * (prior.high - prior.low);
            cov[(i, i)] += floor * floor;
        }
        let chol = nalgebra::Cholesky::new(cov)
            .ok_or(CalibrateError::Kernel(
                "the population's covariance is not positive definite",
            ))?
            .l();
        let log_det: f64 = (0..d).map(|i| chol[(i, i)].ln()).sum::<f64>() * 2.0;
        let log_norm = -0.5 * (d as f64) * (2.0 * std::f64::consts::PI).ln() - 0.5 * log_det;
        Ok(Kernel {
            centres,
            chol,
            log_norm,
        })
    }

    /// One proposal inside the prior's box, with the number of draws it took: pick a centre by
    /// weight and add a normal perturbation; if the result leaves the box, pick again.
    pub(crate) fn propose<R: Rng + ?Sized>(
        &self,
        priors: &[Prior],
        rng: &mut R,
    ) -> Result<(Vec<f64>, u64), CalibrateError> {
        let d = priors.len();
        let z = Normal::standard();
        for attempt in 1..=MAX_ATTEMPTS {
            let u: f64 = rng.random::<f64>();
            let mut cumulative = 0.0;
            let mut centre = self.centres[self.centres.len() - 1].0;
            for (t, w) in &self.centres {
                cumulative += w;
                if u < cumulative {
                    centre = t;
                    break;
                }
            }
            let noise = DVector::from_iterator(d, (0..d).map(|_| z.sample(rng)));
            let step = &self.chol * noise;
            let theta: Vec<f64> = (0..d).map(|k| centre[k] + step[k]).collect();
            if priors.iter().zip(&theta).all(|(p, &x)| p.contains(x)) {
                return Ok((theta, attempt));
            }
        }
        Err(CalibrateError::Kernel(
            "the kernel cannot propose a point inside the prior ranges",
        ))
    }

    /// The kernel's density at `theta`, before the restriction to the box:
    /// `Σ_j w_j N(theta; θ_j, Σ)`.
    pub(crate) fn density(&self, theta: &[f64]) -> f64 {
        let d = theta.len();
        self.centres
            .iter()
            .map(|(t, w)| {
                let diff = DVector::from_iterator(d, (0..d).map(|k| theta[k] - t[k]));
                let y = self
                    .chol
                    .solve_lower_triangular(&diff)
                    .unwrap_or_else(|| DVector::from_element(d, f64::INFINITY));
                w * (self.log_norm - 0.5 * y.norm_squared()).exp()
            })
            .sum()
    }
}
