//! The report of `jcpoa-sim calibrate`: `calibration.json` (schema `jcpoa-sim/calibration`,
//! documented in `docs/report-schema.md`), `report.md` and `index.html`, a prior-against-posterior
//! chart per parameter and a pairs plot ([`charts`]), and `calibrated.toml` ([`scenario_file`]), a
//! scenario that extends the calibrated one and draws the joint posterior sample per trial. No
//! wall-clock time is written: the same inputs and seed give the same bytes.

pub mod charts;
pub mod scenario_file;

use std::fmt::Write;

use serde::Serialize;

use crate::analysis::calibrate::{
    GenerationStats, Posterior, Prior, Settings, State, StopReason, fitted_probabilities,
    posteriors,
};
use crate::report::format::{json_document, thousands};
use crate::report::kit::bundle::{images, write_bundle};
use crate::report::kit::frame::ChartError;
use crate::report::output::ReportDir;
use crate::scenario::Scenario;
use crate::scenario::targets::Targets;

/// Schema identifier of `calibration.json`.
const SCHEMA: &str = "jcpoa-sim/calibration";
/// Its version.
const SCHEMA_VERSION: u32 = 1;

/// A finished calibration, ready to be written.
pub struct CalibrationReport<'a> {
    /// The scenario calibrated (without the particles' values).
    pub scenario: &'a Scenario,
    /// What it was fitted to.
    pub targets: &'a Targets,
    /// The finished calibration.
    pub state: &'a State,
    /// `calibrated.toml`'s text.
    pub scenario_file: String,
}

#[derive(Serialize)]
struct Doc<'a> {
    scenario: &'a str,
    scenario_hash: &'a str,
    seed: u64,
    given: Vec<&'a str>,
    settings: &'a Settings,
    stopped: Option<StopReason>,
    parameters: Vec<ParameterDoc<'a>>,
    generations: &'a [GenerationStats],
    observed: Vec<ObservedDoc<'a>>,
    targets: Vec<TargetDoc<'a>>,
    sample: Vec<SampleDoc<'a>>,
}

#[derive(Serialize)]
struct ParameterDoc<'a> {
    key: &'a str,
    prior: PriorDoc,
    posterior: Posterior,
}

#[derive(Serialize)]
struct PriorDoc {
    distribution: &'static str,
    low: f64,
    high: f64,
    sd: f64,
}

#[derive(Serialize)]
struct ObservedDoc<'a> {
    event: &'a str,
    happened: bool,
    fitted_probability: f64,
}

#[derive(Serialize)]
struct TargetDoc<'a> {
    event: &'a str,
    probability: f64,
    sd: f64,
    fitted_probability: f64,
}

#[derive(Serialize)]
struct SampleDoc<'a> {
    values: &'a [f64],
    weight: f64,
    distance: Option<f64>,
    generation: usize,
}

impl CalibrationReport<'_> {
    fn priors(&self) -> &[Prior] {
        &self.state.priors
    }

    /// `calibration.json`.
    pub fn json(&self) -> Result<String, crate::report::finite::NotFinite> {
        let fitted = fitted_probabilities(self.state);
        let (fit_observed, fit_targets) = fitted.split_at(self.targets.observed.len());
        let total: f64 = self.state.population.iter().map(|p| p.weight).sum();
        let doc = Doc {
            scenario: self.scenario.name(),
            scenario_hash: &self.scenario.provenance().hash,
            seed: self.state.settings.seed,
            given: self.scenario.conditions().given_texts(),
            settings: &self.state.settings,
            stopped: self.state.stopped,
            parameters: self
                .priors()
                .iter()
                .zip(posteriors(self.state))
                .map(|(p, posterior)| ParameterDoc {
                    key: &p.key,
                    prior: PriorDoc {
                        distribution: "uniform",
                        low: p.low,
                        high: p.high,
                        sd: p.sd(),
                    },
                    posterior,
                })
                .collect(),
            generations: &self.state.generations,
            observed: self
                .targets
                .observed
                .iter()
                .zip(fit_observed)
                .map(|(o, &f)| ObservedDoc {
                    event: &o.event.text,
                    happened: o.happened,
                    fitted_probability: f,
                })
                .collect(),
            targets: self
                .targets
                .targets
                .iter()
                .zip(fit_targets)
                .map(|(t, &f)| TargetDoc {
                    event: &t.event.text,
                    probability: t.probability,
                    sd: t.sd,
                    fitted_probability: f,
                })
                .collect(),
            sample: self
                .state
                .population
                .iter()
                .map(|p| SampleDoc {
                    values: &p.theta,
                    weight: p.weight / total,
                    distance: p.evaluation.distance,
                    generation: p.generation,
                })
                .collect(),
        };
        json_document(SCHEMA, SCHEMA_VERSION, &doc)
    }

    /// `report.md`.
    pub fn markdown(&self, charts: &[(&str, &str)]) -> String {
        let s = &self.state.settings;
        let mut md = format!(
            "# Calibration — {} — jcpoa-sim report\n\n",
            self.scenario.title()
        );
        let grid = s
            .solve_grid
            .map_or("the scenario's own".to_string(), |(d, b)| {
                format!("{d}-day slices and {b} belief points")
            });
        let _ = writeln!(
            md,
            "Scenario `{}` (hash `{}`), seed {}. ABC-SMC (adaptive population Monte Carlo, docs/model.md §23): {} particles in the first generation, {} kept per generation, {} trials per particle on the same random streams, solve grid {grid}; stop once the tolerance is within {} of the best discrepancy, below {:.0}% acceptance or after {} generations. Stopped: {}.\n",
            self.scenario.name(),
            self.scenario.provenance().short_hash(),
            s.seed,
            s.particles,
            s.kept,
            thousands(s.trials),
            s.tolerance_margin,
            100.0 * s.min_acceptance,
            s.max_generations,
            match self.state.stopped {
                Some(StopReason::Acceptance) =>
                    "the last generation's acceptance fell below the minimum",
                Some(StopReason::Generations) => "the last generation allowed was run",
                Some(StopReason::Tolerance) => {
                    "the tolerance came within the margin of the best discrepancy"
                }
                None => "not yet",
            }
        );
        let given = &self.scenario.conditions().given;
        if !given.is_empty() {
            let events = self.scenario.conditions().given_texts();
            let _ = writeln!(
                md,
                "Each particle's probabilities are over its trials consistent with the given events: {}.\n",
                events.join(", ")
            );
        }
        md.push_str("## Parameters\n\n| Parameter | Prior | Posterior mean | sd (÷ prior sd) | 5% | median | 95% |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (p, post) in self.priors().iter().zip(posteriors(self.state)) {
            let _ = writeln!(
                md,
                "| `{}` | uniform({}, {}) | {:.4} | {:.4} ({:.2}) | {:.4} | {:.4} | {:.4} |",
                p.key,
                p.low,
                p.high,
                post.mean,
                post.sd,
                post.sd / p.sd(),
                post.q05,
                post.q50,
                post.q95
            );
        }
        md.push_str("\n## Generations\n\n| Generation | Particles evaluated | Tolerance | Best discrepancy | Acceptance | Effective sample size |\n|---:|---:|---:|---:|---:|---:|\n");
        for g in &self.state.generations {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {:.1}% | {:.1} |",
                g.generation,
                g.proposals,
                g.tolerance.map_or("∞".to_string(), |t| format!("{t:.3}")),
                g.best.map_or("∞".to_string(), |t| format!("{t:.3}")),
                100.0 * g.acceptance,
                g.effective_sample_size
            );
        }
        let fitted = fitted_probabilities(self.state);
        md.push_str("\n## Fit\n\n| Event | Evidence | Posterior mean of its probability |\n|---|---|---:|\n");
        let rows = self
            .targets
            .observed
            .iter()
            .map(|o| {
                (
                    &o.event.text,
                    if o.happened {
                        "happened"
                    } else {
                        "did not happen"
                    }
                    .to_string(),
                )
            })
            .chain(self.targets.targets.iter().map(|t| {
                (
                    &t.event.text,
                    format!("target {:.3} (sd {:.3})", t.probability, t.sd),
                )
            }));
        for ((event, evidence), f) in rows.zip(fitted) {
            let _ = writeln!(md, "| `{event}` | {evidence} | {f:.3} |");
        }
        md.push('\n');
        images(&mut md, charts);
        md.push_str("## Using the posterior\n\n`calibrated.toml` in this folder extends the calibrated scenario and carries the kept particles as a `[joint_sample]`: every trial of `jcpoa-sim run calibrated.toml` draws one particle by weight, so the parameters' correlations are kept. It runs on the scenario's own solve grid.\n");
        md
    }

    /// Writes `calibration.json`, the charts, `report.md`, `index.html` and `calibrated.toml`
    /// into `dir`.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        dir.write("calibrated.toml", self.scenario_file.as_bytes())?;
        write_bundle(
            dir,
            ("calibration.json", &self.json()?),
            "jcpoa-sim calibration",
            || charts::write_all(self, dir),
            |charts| self.markdown(charts),
        )
    }
}
