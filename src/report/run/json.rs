//! `summary.json`: every statistic of a run in a documented, versioned schema.
//!
//! The schema is described field by field in `docs/report-schema.md`. Its version changes whenever
//! a field is removed or changes meaning; new fields may be added within a version. The file holds
//! no timestamp, so the same scenario and seed give the same bytes.

use serde::Serialize;

use super::Report;
use crate::model::calendar::Date;
use crate::model::game::solve::SolveStats;
use crate::model::outcome::{Actor, Cause, Outcome};
use crate::report::format::json_document;
use crate::report::statistics::{BAND_QUANTILES, CauseStat, PayoffStat};
use crate::scenario::Scenario;
use crate::stats::Proportion;

/// Schema identifier written in every summary.
pub(crate) const SCHEMA: &str = "jcpoa-sim/summary";
/// Current schema version.
pub(crate) const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Document<'a> {
    scenario: ScenarioInfo<'a>,
    run: Run,
    given: Option<Given<'a>>,
    forced: &'a [String],
    precision: Option<Precision>,
    calendar: CalendarInfo,
    outcomes: Vec<OutcomeEntry>,
    restoration: Restoration<'a>,
    collapse: Collapse<'a>,
    failure_causes: FailureCauses,
    time_shares: Vec<Share>,
    beliefs: Vec<BeliefRow>,
    joint_moves: Vec<JointRow>,
    against_advantage: Interval,
    equilibrium: SolveStats,
    payoffs: Payoffs,
    trajectories: Trajectories<'a>,
    election: Election,
    steps_completed: Vec<f64>,
}

/// The events a conditioned run kept trials by, and how many it kept.
#[derive(Serialize)]
struct Given<'a> {
    events: Vec<&'a str>,
    /// Trials played.
    trials: u64,
    /// Trials consistent with every event (the ones every statistic counts).
    accepted: u64,
    acceptance_rate: f64,
}

#[derive(Serialize)]
struct ScenarioInfo<'a> {
    name: &'a str,
    title: &'a str,
    description: &'a str,
    hash: &'a str,
    files: Vec<String>,
    overrides: &'a [String],
    protocol: &'static str,
    steps: Vec<StepInfo<'a>>,
    mechanisms: Mechanisms,
    shocks: &'a [String],
    uncertain_parameters: Vec<Uncertain>,
}

#[derive(Serialize)]
struct StepInfo<'a> {
    name: &'a str,
    iran_target: f64,
    us_target: f64,
    first: &'static str,
    needs_roadmap: bool,
}

#[derive(Serialize)]
struct Mechanisms {
    channel: &'static str,
    hardliner_veto: bool,
    election: bool,
    iaea: bool,
    linkage: bool,
    shocks: bool,
}

#[derive(Serialize)]
struct Uncertain {
    path: String,
    distribution: String,
}

#[derive(Serialize)]
struct Run {
    seed: u64,
    trials: u64,
    first_trial: u64,
    precision_target: Option<f64>,
    precision_met: Option<bool>,
}

/// A `--precision` run's target and whether it was reached before the trial cap.
#[derive(Serialize)]
struct Precision {
    target: f64,
    reached: bool,
    widest_half_width: f64,
}

#[derive(Serialize)]
struct CalendarInfo {
    start: Date,
    end: Date,
    step_days: u32,
    steps: usize,
    campaign_start: Option<Date>,
    election: Option<Date>,
    inauguration: Option<Date>,
    monitoring_deadline: Option<Date>,
    board_meetings: Vec<Date>,
}

#[derive(Serialize)]
struct Interval {
    count: u64,
    total: u64,
    estimate: f64,
    ci_low: f64,
    ci_high: f64,
}

impl From<&Proportion> for Interval {
    fn from(p: &Proportion) -> Interval {
        Interval {
            count: p.count,
            total: p.total,
            estimate: p.estimate,
            ci_low: p.low,
            ci_high: p.high,
        }
    }
}

#[derive(Serialize)]
struct OutcomeEntry {
    outcome: Outcome,
    #[serde(flatten)]
    probability: Interval,
}

#[derive(Serialize)]
struct Restoration<'a> {
    cumulative_by_step: &'a [f64],
    median_day: Option<usize>,
    median_date: Option<Date>,
    q25_day: Option<usize>,
    q25_date: Option<Date>,
    q75_day: Option<usize>,
    q75_date: Option<Date>,
    before_election: Option<Interval>,
}

#[derive(Serialize)]
struct BeliefRow {
    step: usize,
    step_name: String,
    mover: Actor,
    decisions: u64,
    expected_reciprocation: Option<f64>,
    realised_reciprocation: Option<f64>,
    realised_ci_low: f64,
    realised_ci_high: f64,
    against_advantage: u64,
}

#[derive(Serialize)]
struct JointRow {
    step: usize,
    step_name: String,
    attempts: u64,
    us_full_rate: Option<f64>,
    us_qualified_rate: Option<f64>,
    us_commit_expected: Option<f64>,
    iran_asked: u64,
    iran_commit_rate: Option<f64>,
    iran_commit_expected: Option<f64>,
}

#[derive(Serialize)]
struct Collapse<'a> {
    cumulative_by_step: &'a [f64],
    by_trigger: CollapseTriggers,
}

#[derive(Serialize)]
struct CollapseTriggers {
    escalation: u64,
    iran_declared_dead: u64,
    us_declared_dead: u64,
}

#[derive(Serialize)]
struct CauseEntry {
    cause: Cause,
    #[serde(flatten)]
    share: Interval,
}

#[derive(Serialize)]
struct FailureCauses {
    all_failures: Vec<CauseEntry>,
    by_outcome: Vec<OutcomeCauses>,
}

#[derive(Serialize)]
struct OutcomeCauses {
    outcome: Outcome,
    causes: Vec<CauseEntry>,
}

#[derive(Serialize)]
struct Share {
    label: &'static str,
    share: f64,
}

#[derive(Serialize)]
struct Payoffs {
    units: &'static str,
    iran: PayoffEntry,
    us: PayoffEntry,
}

#[derive(Serialize)]
struct PayoffEntry {
    mean: f64,
    sd: f64,
    min: f64,
    max: f64,
    quantiles: Quantiles,
    mean_by_outcome: Vec<OutcomeMean>,
}

#[derive(Serialize)]
struct OutcomeMean {
    outcome: Outcome,
    mean: Option<f64>,
}

#[derive(Serialize)]
struct Quantiles {
    p05: f64,
    p25: f64,
    p50: f64,
    p75: f64,
    p95: f64,
}

impl From<[f64; 5]> for Quantiles {
    fn from(q: [f64; 5]) -> Quantiles {
        Quantiles {
            p05: q[0],
            p25: q[1],
            p50: q[2],
            p75: q[3],
            p95: q[4],
        }
    }
}

#[derive(Serialize)]
struct Trajectories<'a> {
    quantile_levels: [f64; 5],
    series: Vec<SeriesEntry<'a>>,
}

#[derive(Serialize)]
struct SeriesEntry<'a> {
    name: &'static str,
    label: &'static str,
    p05: &'a [f64],
    p25: &'a [f64],
    p50: &'a [f64],
    p75: &'a [f64],
    p95: &'a [f64],
}

#[derive(Serialize)]
struct Election {
    not_held: f64,
    moderate_won: f64,
    hardliner_won: f64,
}

fn causes(list: &[CauseStat]) -> Vec<CauseEntry> {
    list.iter()
        .map(|c| CauseEntry {
            cause: c.cause,
            share: (&c.share).into(),
        })
        .collect()
}

fn payoff(p: &PayoffStat) -> PayoffEntry {
    PayoffEntry {
        mean: p.mean,
        sd: p.sd,
        min: p.min,
        max: p.max,
        quantiles: p.quantiles.into(),
        mean_by_outcome: Outcome::ALL
            .iter()
            .zip(p.mean_by_outcome)
            .map(|(&outcome, mean)| OutcomeMean { outcome, mean })
            .collect(),
    }
}

fn scenario_info(sc: &Scenario) -> ScenarioInfo<'_> {
    let m = sc.mechanisms();
    ScenarioInfo {
        name: sc.name(),
        title: sc.title(),
        description: sc.description(),
        hash: &sc.provenance().hash,
        files: sc
            .provenance()
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect(),
        overrides: &sc.provenance().overrides,
        protocol: sc.protocol().kind().name(),
        steps: sc
            .protocol()
            .steps()
            .iter()
            .map(|s| StepInfo {
                name: &s.name,
                iran_target: s.iran_target,
                us_target: s.us_target,
                first: s.order.name(),
                needs_roadmap: s.needs_roadmap,
            })
            .collect(),
        mechanisms: Mechanisms {
            channel: m.channel.name(),
            hardliner_veto: m.veto,
            election: m.election,
            iaea: m.iaea,
            linkage: m.linkage,
            shocks: m.shocks,
        },
        shocks: sc.shock_names(),
        uncertain_parameters: sc
            .uncertain()
            .iter()
            .map(|u| Uncertain {
                path: u.path.clone(),
                distribution: u.describe(),
            })
            .collect(),
    }
}

/// Renders the summary document as pretty-printed JSON.
pub fn render(report: &Report<'_>) -> Result<String, crate::report::finite::NotFinite> {
    let sc = report.scenario;
    let st = &report.stats;
    let cal = sc.calendar();
    let schedule = sc.schedule();
    let election = schedule.election;
    let doc = Document {
        scenario: scenario_info(sc),
        run: Run {
            seed: report.run.seed,
            trials: report.run.trials,
            first_trial: report.run.first_trial,
            precision_target: report.run.precision_target,
            precision_met: report.run.precision_met,
        },
        given: (!sc.conditions().given.is_empty()).then(|| Given {
            events: sc.conditions().given_texts(),
            trials: report.summary.played,
            accepted: report.summary.trials,
            acceptance_rate: super::acceptance_rate(report.summary),
        }),
        forced: &sc.provenance().forced,
        precision: report.run.precision_target.map(|target| Precision {
            target,
            reached: report.run.precision_met == Some(true),
            widest_half_width: report.widest_half_width(),
        }),
        calendar: CalendarInfo {
            start: cal.start(),
            end: cal.end(),
            step_days: cal.step_days(),
            steps: cal.steps(),
            campaign_start: election.map(|e| e.campaign_start),
            election: election.map(|e| e.election),
            inauguration: election.map(|e| e.inauguration),
            monitoring_deadline: schedule.monitoring_deadline.map(|(d, _)| d),
            board_meetings: schedule.board_meetings.iter().map(|(d, _)| *d).collect(),
        },
        outcomes: st
            .outcomes
            .iter()
            .map(|o| OutcomeEntry {
                outcome: o.outcome,
                probability: (&o.probability).into(),
            })
            .collect(),
        restoration: Restoration {
            cumulative_by_step: &st.timing.restored_by_step,
            median_day: st.timing.median_restoration_day,
            median_date: st.timing.median_restoration_date,
            q25_day: st.timing.q25_restoration_day,
            q25_date: st.timing.q25_restoration_day.map(|d| cal.date_at(d as u32)),
            q75_day: st.timing.q75_restoration_day,
            q75_date: st.timing.q75_restoration_day.map(|d| cal.date_at(d as u32)),
            before_election: st.timing.restored_before_election.as_ref().map(Into::into),
        },
        collapse: Collapse {
            cumulative_by_step: &st.timing.collapsed_by_step,
            by_trigger: CollapseTriggers {
                escalation: st.collapse_triggers[0],
                iran_declared_dead: st.collapse_triggers[1],
                us_declared_dead: st.collapse_triggers[2],
            },
        },
        failure_causes: FailureCauses {
            all_failures: causes(&st.failure_causes),
            by_outcome: st
                .causes_by_outcome
                .iter()
                .map(|(outcome, list)| OutcomeCauses {
                    outcome: *outcome,
                    causes: causes(list),
                })
                .collect(),
        },
        time_shares: st
            .label_shares
            .iter()
            .map(|(label, share)| Share {
                label,
                share: *share,
            })
            .collect(),
        beliefs: st
            .play
            .first_moves
            .iter()
            .map(|r| BeliefRow {
                step: r.step,
                step_name: r.step_name.clone(),
                mover: r.mover,
                decisions: r.decisions,
                expected_reciprocation: r.expected,
                realised_reciprocation: (r.decisions > 0).then_some(r.realised.estimate),
                realised_ci_low: r.realised.low,
                realised_ci_high: r.realised.high,
                against_advantage: r.against_advantage.count,
            })
            .collect(),
        joint_moves: st
            .play
            .joint
            .iter()
            .map(|r| {
                let rate = |p: &Proportion| (p.total > 0).then_some(p.estimate);
                JointRow {
                    step: r.step,
                    step_name: r.step_name.clone(),
                    attempts: r.attempts,
                    us_full_rate: rate(&r.us_full),
                    us_qualified_rate: rate(&r.us_qualified),
                    us_commit_expected: r.us_expected,
                    iran_asked: r.iran_commits.total,
                    iran_commit_rate: rate(&r.iran_commits),
                    iran_commit_expected: r.iran_expected,
                }
            })
            .collect(),
        against_advantage: (&st.play.against_advantage).into(),
        equilibrium: st.play.equilibrium,
        payoffs: Payoffs {
            units: "utils (a restored deal is worth 100 to each side by default)",
            iran: payoff(&st.payoffs[0]),
            us: payoff(&st.payoffs[1]),
        },
        trajectories: Trajectories {
            quantile_levels: BAND_QUANTILES,
            series: st
                .bands
                .iter()
                .map(|b| SeriesEntry {
                    name: b.series.name(),
                    label: b.series.label(),
                    p05: &b.quantiles[0],
                    p25: &b.quantiles[1],
                    p50: &b.quantiles[2],
                    p75: &b.quantiles[3],
                    p95: &b.quantiles[4],
                })
                .collect(),
        },
        election: Election {
            not_held: st.election[0],
            moderate_won: st.election[1],
            hardliner_won: st.election[2],
        },
        steps_completed: st.steps_completed.clone(),
    };
    json_document(SCHEMA, SCHEMA_VERSION, &doc)
}
