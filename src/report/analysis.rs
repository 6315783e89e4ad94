//! Reports of sweeps and sensitivity analyses: JSON, CSV, Markdown and HTML around their charts.

use std::fmt::Write;

use serde::Serialize;

use super::charts::{self, ChartError};
use super::markdown::{images, thousands, tidy};
use super::{ReportDir, TOOL, TOOL_NAME, TOOL_VERSION, Tool, pct, pretty_json, write_bundle};
use crate::outcome::Outcome;
use crate::scenario::Scenario;
use crate::sensitivity::{Measure, MorrisRow, TornadoRow};
use crate::sweep::{Axis, Point};

/// A finished sweep.
pub struct SweepReport<'a> {
    /// The scenario swept (at its own values).
    pub scenario: &'a Scenario,
    /// The axes.
    pub axes: Vec<Axis>,
    /// One result per grid point, the first axis varying slowest.
    pub points: Vec<Point>,
    /// Seed shared by every point.
    pub seed: u64,
    /// Trials per point.
    pub trials: u64,
}

impl SweepReport<'_> {
    /// Writes `sweep.json`, `sweep.csv`, the charts, `report.md` and `index.html`.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        #[derive(Serialize)]
        struct Doc<'a> {
            schema: &'static str,
            schema_version: u32,
            tool: Tool,
            scenario: &'a str,
            scenario_hash: &'a str,
            seed: u64,
            trials_per_point: u64,
            axes: &'a [Axis],
            points: &'a [Point],
        }
        let doc = Doc {
            schema: "jcpoa-sim/sweep",
            schema_version: 1,
            tool: TOOL,
            scenario: self.scenario.name(),
            scenario_hash: &self.scenario.provenance().hash,
            seed: self.seed,
            trials_per_point: self.trials,
            axes: &self.axes,
            points: &self.points,
        };
        dir.write("sweep.csv", self.csv().as_bytes())?;
        write_bundle(
            dir,
            ("sweep.json", &pretty_json(&doc)),
            "jcpoa-sim sweep",
            || charts::write_sweep(self, dir),
            |charts| self.markdown(charts),
        )
    }

    fn csv(&self) -> String {
        let mut out: Vec<String> = self.axes.iter().map(|a| a.key.clone()).collect();
        for o in Outcome::ALL {
            out.push(format!("p_{}", o.name()));
            out.push(format!("p_{}_low", o.name()));
            out.push(format!("p_{}_high", o.name()));
        }
        out.push("median_restoration_week".to_string());
        let mut text = out.join(",") + "\n";
        for p in &self.points {
            let mut row: Vec<String> = p.values.iter().map(|v| v.to_string()).collect();
            for pr in &p.outcomes {
                row.extend([pr.estimate, pr.low, pr.high].map(|x| format!("{x:.6}")));
            }
            row.push(
                p.median_restoration_step
                    .map_or(String::new(), |s| s.to_string()),
            );
            text.push_str(&(row.join(",") + "\n"));
        }
        text
    }

    /// The headline, written from the numbers.
    pub fn reading(&self) -> String {
        let first = self.points.first();
        let last = self.points.last();
        let (Some(first), Some(last)) = (first, last) else {
            return String::new();
        };
        let keys: Vec<&str> = self.axes.iter().map(|a| a.key.as_str()).collect();
        let at = |p: &Point| {
            p.values
                .iter()
                .map(|v| format!("{v:.3}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "Sweeping `{}` over {} points ({} trials each, seed {}): P(restored) goes from {} at ({}) to {} at ({}).",
            keys.join("` × `"),
            self.points.len(),
            thousands(self.trials),
            self.seed,
            pct(first.outcomes[0].estimate),
            at(first),
            pct(last.outcomes[0].estimate),
            at(last)
        )
    }

    fn markdown(&self, charts: &[(&str, &str)]) -> String {
        let mut md = format!(
            "# {} — sweep of {}\n\n{}\n\n",
            self.scenario.title(),
            self.axes
                .iter()
                .map(|a| format!("`{}`", a.key))
                .collect::<Vec<_>>()
                .join(" × "),
            self.reading()
        );
        images(&mut md, charts);
        md.push('|');
        for a in &self.axes {
            let _ = write!(md, " `{}` |", a.key);
        }
        md.push_str(" restored | interim | stalemate | collapse | most likely |\n|");
        for _ in 0..self.axes.len() + 5 {
            md.push_str("---:|");
        }
        md.push('\n');
        for p in &self.points {
            md.push('|');
            for v in &p.values {
                let _ = write!(md, " {v:.4} |");
            }
            for pr in &p.outcomes {
                let _ = write!(md, " {} |", pct(pr.estimate));
            }
            let _ = writeln!(md, " {} |", p.most_likely().name());
        }
        let _ = writeln!(
            md,
            "\nScenario `{}` (hash `{}`), seed {}, {} trials per point, {TOOL_NAME} {TOOL_VERSION}. Every point uses the same random streams.",
            self.scenario.name(),
            self.scenario.provenance().short_hash(),
            self.seed,
            thousands(self.trials)
        );
        md
    }
}

/// A finished sensitivity analysis.
pub struct SensitivityReport<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its base measure.
    pub base: Measure,
    /// Tornado rows, sorted by size (largest first).
    pub tornado: Vec<TornadoRow>,
    /// Morris rows, sorted by μ* (largest first); empty when skipped.
    pub morris: Vec<MorrisRow>,
    /// Morris trajectories used.
    pub trajectories: usize,
    /// Seed.
    pub seed: u64,
    /// Trials per tornado run.
    pub trials: u64,
    /// Trials per Morris run.
    pub morris_trials: u64,
}

impl SensitivityReport<'_> {
    /// Writes `sensitivity.json`, the charts, `report.md` and `index.html`.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        #[derive(Serialize)]
        struct Doc<'a> {
            schema: &'static str,
            schema_version: u32,
            tool: Tool,
            scenario: &'a str,
            scenario_hash: &'a str,
            seed: u64,
            trials_per_run: u64,
            base: &'a Measure,
            tornado: &'a [TornadoRow],
            morris_method: String,
            morris: &'a [MorrisRow],
        }
        let doc = Doc {
            schema: "jcpoa-sim/sensitivity",
            schema_version: 1,
            tool: TOOL,
            scenario: self.scenario.name(),
            scenario_hash: &self.scenario.provenance().hash,
            seed: self.seed,
            trials_per_run: self.trials,
            base: &self.base,
            tornado: &self.tornado,
            morris_method: self.morris_method(),
            morris: &self.morris,
        };
        write_bundle(
            dir,
            ("sensitivity.json", &pretty_json(&doc)),
            "jcpoa-sim sensitivity",
            || charts::write_sensitivity(self, dir),
            |charts| self.markdown(charts),
        )
    }

    /// How the Morris screening was run and what it cost.
    pub fn morris_method(&self) -> String {
        if self.morris.is_empty() {
            return "not run".to_string();
        }
        let k = self.morris.len();
        format!(
            "Morris elementary effects on P(restored): {} trajectories × ({k} parameters + 1) = {} runs of {} trials, 4-level grid, Δ = 2/3; μ* interval from {} bootstrap resamples",
            self.trajectories,
            self.trajectories * (k + 1),
            thousands(self.morris_trials),
            crate::sensitivity::BOOTSTRAP
        )
    }

    /// The headline, written from the numbers.
    pub fn reading(&self) -> String {
        let mut text = format!(
            "Base: P(restored) {} with {} trials per run (seed {}).",
            pct(self.base.restored.estimate),
            thousands(self.trials),
            self.seed
        );
        if let Some(top) = self.tornado.first() {
            let _ = write!(
                text,
                " Swinging one parameter at a time, `{}` matters most: P(restored) {} at {} and {} at {}.",
                top.swing.path,
                pct(top.low.restored.estimate),
                tidy(top.swing.low),
                pct(top.high.restored.estimate),
                tidy(top.swing.high)
            );
        }
        if let Some(top) = self.morris.first() {
            let _ = write!(
                text,
                " Globally (Morris), `{}` has the largest μ* ({:.3}).",
                top.path, top.mu_star
            );
        }
        text
    }

    fn markdown(&self, charts: &[(&str, &str)]) -> String {
        let mut md = format!(
            "# {} — sensitivity\n\n{}\n\n",
            self.scenario.title(),
            self.reading()
        );
        images(&mut md, charts);
        md.push_str("## One at a time (tornado)\n\nEach parameter is swung between the 5% and 95% quantiles of its distribution when it is uncertain, or ±20% of its value when it is fixed; everything else as in the scenario.\n\n| Parameter | Low | High | Basis | P(restored) at low | at high | Median weeks at low | at high |\n|---|---:|---:|---|---:|---:|---:|---:|\n");
        let weeks = |m: &Measure| {
            m.median_weeks
                .map_or("—".to_string(), |w| format!("{w:.0}"))
        };
        for r in &self.tornado {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                r.swing.path,
                tidy(r.swing.low),
                tidy(r.swing.high),
                r.swing.basis,
                pct(r.low.restored.estimate),
                pct(r.high.restored.estimate),
                weeks(&r.low),
                weeks(&r.high)
            );
        }
        if !self.morris.is_empty() {
            let _ = writeln!(
                md,
                "\n## Globally (Morris)\n\n{}.\n\n| Parameter | μ* | 95% CI | μ | σ |\n|---|---:|---:|---:|---:|",
                self.morris_method()
            );
            for r in &self.morris {
                let _ = writeln!(
                    md,
                    "| `{}` | {:.4} | {:.4}–{:.4} | {:+.4} | {:.4} |",
                    r.path, r.mu_star, r.mu_star_low, r.mu_star_high, r.mu, r.sigma
                );
            }
        }
        let _ = writeln!(
            md,
            "\nScenario `{}` (hash `{}`), seed {}, {TOOL_NAME} {TOOL_VERSION}. Every run uses the same random streams.",
            self.scenario.name(),
            self.scenario.provenance().short_hash(),
            self.seed
        );
        md
    }
}
