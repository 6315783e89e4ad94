//! The report of `jcpoa-sim score`: `score.json` (schema `jcpoa-sim/score`, documented in
//! `docs/report-schema.md`), `score.md` and `index.html` with the same content, and the
//! reliability diagram ([`chart`]) when enough questions are resolved. No wall-clock time is
//! written: the same scenario, questions and seed give the same bytes.

pub mod chart;

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::analysis::score::{ScoreResult, Scores};
use crate::report::format::{json_document, thousands};
use crate::report::kit::bundle::images;
use crate::report::kit::frame::{ChartError, write_listed};
use crate::report::kit::html;
use crate::report::output::ReportDir;
use crate::scenario::Scenario;

/// Schema identifier of `score.json`.
const SCHEMA: &str = "jcpoa-sim/score";
/// Its version.
const SCHEMA_VERSION: u32 = 1;

/// A scored run, ready to be written.
pub struct ScoreReport<'a> {
    /// The scenario whose trials gave the model's probabilities.
    pub scenario: &'a Scenario,
    /// The scores.
    pub result: &'a ScoreResult,
    /// Master seed.
    pub seed: u64,
}

#[derive(Serialize)]
struct Doc<'a> {
    scenario: &'a str,
    scenario_hash: &'a str,
    seed: u64,
    trials: u64,
    accepted: u64,
    given: Vec<&'a str>,
    resolved: usize,
    questions: Vec<QuestionDoc<'a>>,
    mean: MeanDoc,
}

#[derive(Serialize)]
struct QuestionDoc<'a> {
    id: &'a str,
    text: &'a str,
    event: &'a str,
    outcome: Option<bool>,
    model: ModelDoc,
    forecasts: BTreeMap<&'a str, ForecastDoc>,
}

#[derive(Serialize)]
struct ModelDoc {
    probability: f64,
    ci_low: f64,
    ci_high: f64,
    brier: Option<f64>,
    log_loss: Option<f64>,
}

#[derive(Serialize)]
struct ForecastDoc {
    probability: f64,
    brier: Option<f64>,
    log_loss: Option<f64>,
}

#[derive(Serialize)]
struct MeanDoc {
    model: ScoresDoc,
    forecasts: BTreeMap<String, ScoresDoc>,
}

#[derive(Serialize)]
struct ScoresDoc {
    brier: Option<f64>,
    log_loss: Option<f64>,
}

impl From<Option<Scores>> for ScoresDoc {
    fn from(s: Option<Scores>) -> ScoresDoc {
        ScoresDoc {
            brier: s.map(|s| s.brier),
            log_loss: s.map(|s| s.log_loss),
        }
    }
}

impl ScoreReport<'_> {
    /// `score.json`.
    pub fn json(&self) -> Result<String, crate::report::finite::NotFinite> {
        let r = self.result;
        let doc = Doc {
            scenario: self.scenario.name(),
            scenario_hash: &self.scenario.provenance().hash,
            seed: self.seed,
            trials: r.played,
            accepted: r.accepted,
            given: self.scenario.conditions().given_texts(),
            resolved: r.resolved(),
            questions: r
                .questions
                .iter()
                .map(|q| QuestionDoc {
                    id: &q.question.id,
                    text: &q.question.text,
                    event: &q.question.event.text,
                    outcome: q.question.outcome,
                    model: ModelDoc {
                        probability: q.model.estimate,
                        ci_low: q.model.low,
                        ci_high: q.model.high,
                        brier: q.model_scores.map(|s| s.brier),
                        log_loss: q.model_scores.map(|s| s.log_loss),
                    },
                    forecasts: q
                        .forecasts
                        .iter()
                        .map(|(name, p, s)| {
                            (
                                name.as_str(),
                                ForecastDoc {
                                    probability: *p,
                                    brier: s.map(|s| s.brier),
                                    log_loss: s.map(|s| s.log_loss),
                                },
                            )
                        })
                        .collect(),
                })
                .collect(),
            mean: MeanDoc {
                model: r.model_mean().into(),
                forecasts: r
                    .forecaster_means()
                    .into_iter()
                    .map(|(n, s)| (n, s.into()))
                    .collect(),
            },
        };
        json_document(SCHEMA, SCHEMA_VERSION, &doc)
    }

    /// `score.md`.
    pub fn markdown(&self, charts: &[(&str, &str)]) -> String {
        let r = self.result;
        let mut md = format!(
            "# Forecast scores — {} — jcpoa-sim report\n\n",
            self.scenario.title()
        );
        let _ = writeln!(
            md,
            "Model probabilities from {} trials (seed {}, scenario `{}` hash `{}`){}. {} of {} questions resolved.\n",
            thousands(r.accepted),
            self.seed,
            self.scenario.name(),
            self.scenario.provenance().short_hash(),
            if self.scenario.conditions().given.is_empty() {
                String::new()
            } else {
                format!(
                    ", those of {} consistent with the given events",
                    thousands(r.played)
                )
            },
            r.resolved(),
            r.questions.len()
        );
        md.push_str("| Question | Event | Outcome | Model | 95% CI | Brier | Log loss | Others |\n|---|---|---|---:|---:|---:|---:|---|\n");
        let num = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.4}"));
        for q in &r.questions {
            let others: Vec<String> = q
                .forecasts
                .iter()
                .map(|(n, p, s)| {
                    format!(
                        "{n} {p:.2}{}",
                        s.map_or(String::new(), |s| format!(
                            " (Brier {:.4}, log loss {:.4})",
                            s.brier, s.log_loss
                        ))
                    )
                })
                .collect();
            let _ = writeln!(
                md,
                "| `{}` {} | `{}` | {} | {:.3} | {:.3}–{:.3} | {} | {} | {} |",
                q.question.id,
                q.question.text.replace('|', "\\|"),
                q.question.event.text,
                q.question
                    .outcome
                    .map_or("unresolved", |o| if o { "happened" } else { "did not" }),
                q.model.estimate,
                q.model.low,
                q.model.high,
                num(q.model_scores.map(|s| s.brier)),
                num(q.model_scores.map(|s| s.log_loss)),
                others.join("; ")
            );
        }
        images(&mut md, charts);
        md.push_str("\n## Mean scores over the resolved questions\n\n| Forecaster | Brier | Log loss |\n|---|---:|---:|\n");
        let m = r.model_mean();
        let _ = writeln!(
            md,
            "| model | {} | {} |",
            num(m.map(|s| s.brier)),
            num(m.map(|s| s.log_loss))
        );
        for (name, s) in r.forecaster_means() {
            let _ = writeln!(
                md,
                "| {name} | {} | {} |",
                num(s.map(|s| s.brier)),
                num(s.map(|s| s.log_loss))
            );
        }
        md.push_str("\nBrier score (p − o)²; log loss −ln p(o), p clamped to [1/(2n), 1 − 1/(2n)] for the model's n trials. Lower is better for both.\n");
        md
    }

    /// Writes `score.json`, `reliability.png` (with at least ten resolved questions), `score.md`
    /// and `index.html` into `dir`.
    pub fn write_to(&self, dir: &ReportDir) -> Result<(), ChartError> {
        dir.write("score.json", self.json()?.as_bytes())?;
        let charts = if self.result.resolved() >= chart::RELIABILITY_MIN_RESOLVED {
            let png = chart::reliability(self.result, self.scenario.title())?;
            write_listed(
                dir,
                &[(
                    "reliability.png",
                    "Reliability: the model's forecasts against how often the events happened",
                )],
                &[png],
            )?
        } else {
            Vec::new()
        };
        let listed: Vec<(&str, &str)> = charts.iter().map(|c| (c.file, c.caption)).collect();
        let md = self.markdown(&listed);
        dir.write("score.md", md.as_bytes())?;
        dir.write(
            "index.html",
            html::render("jcpoa-sim score", &md, &charts).as_bytes(),
        )?;
        Ok(())
    }
}
