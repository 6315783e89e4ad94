//! One trial told as a dated story: every event, every decision with the probability it had and
//! the number drawn, and the levels after each eventful week. The story is read from a
//! [`Recorder`] that watched the same trial function the engine runs, so it audits the real
//! mechanics.

use std::fmt::Write;

use super::format::pct;
use crate::model::observer::{Decision, Event, Recorder};
use crate::model::outcome::{Actor, TrialResult, WeekLabel};
use crate::model::params::ModelParams;
use crate::scenario::Scenario;

fn step_name(scenario: &Scenario, step: usize) -> String {
    scenario.protocol().steps().get(step).map_or_else(
        || format!("step {}", step + 1),
        |s| format!("step {} ({})", step + 1, s.name),
    )
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn verdict(decision: Decision, yes: bool) -> &'static str {
    match (decision, yes) {
        (Decision::QualifyRelief, true) => "qualifies",
        (Decision::QualifyRelief, false) => "gives full relief",
        (Decision::RestrainAfterCensure, true) => "holds back",
        (Decision::RestrainAfterCensure, false) => "retaliates",
        (_, true) => "yes",
        (_, false) => "waits",
    }
}

/// One event as a sentence.
pub(crate) fn describe(scenario: &Scenario, event: &Event) -> String {
    let cal = scenario.calendar();
    match *event {
        Event::CampaignStarts => {
            "Iran's presidential campaign begins: Iran's side will engage only in some weeks."
                .to_string()
        }
        Event::Election {
            probability,
            draw,
            hardliner_won,
        } => format!(
            "Presidential election: P(a hardliner wins) = {}, draw {draw:.3} → {}.",
            pct(probability),
            if hardliner_won {
                "a hardliner wins"
            } else {
                "a moderate wins"
            }
        ),
        Event::Inauguration { hardliner } => format!(
            "The new president takes office: {} government.",
            if hardliner {
                "a hardline"
            } else {
                "a moderate"
            }
        ),
        Event::MonitoringExtended { until } => format!(
            "Iran extends the IAEA monitoring understanding until {}.",
            cal.date_of(until)
        ),
        Event::MonitoringLapsed => "IAEA monitoring lapses.".to_string(),
        Event::MonitoringRestored => "Full IAEA monitoring is restored.".to_string(),
        Event::BoardMeeting {
            probability,
            draw,
            censured,
        } => format!(
            "The IAEA Board meets: P(censure) = {}, draw {draw:.3} → {}.",
            pct(probability),
            if censured {
                "Iran is censured"
            } else {
                "no censure"
            }
        ),
        Event::Retaliation => {
            "Iran retaliates against the censure by scrapping the monitoring understanding."
                .to_string()
        }
        Event::LawEscalation { compliance } => format!(
            "Iran's sanctions law schedules another escalation: compliance falls to {compliance:.2}."
        ),
        Event::Shock { kind } => format!(
            "Shock: {}.",
            scenario
                .shock_names()
                .get(kind)
                .map_or("unnamed", String::as_str)
                .replace('_', " ")
        ),
        Event::Frozen => {
            "Iran's side does not engage this week (election campaign or transition).".to_string()
        }
        Event::Paused => "Talks are suspended after a shock.".to_string(),
        Event::Misread => "A message is misread in the channel.".to_string(),
        Event::TalksOpened { direct } => format!(
            "Talks open ({}).",
            if direct {
                "direct, at the same table"
            } else {
                "indirect, through the Europeans"
            }
        ),
        Event::DirectTalksBegin => "Talks move to the same table (direct talks).".to_string(),
        Event::RoadmapAgreed => {
            "The roadmap of what coming back into compliance means is agreed.".to_string()
        }
        Event::Decided {
            actor,
            decision,
            advantage,
            probability,
            draw,
            yes,
        } => format!(
            "{} decides whether to {}: advantage {advantage:+.1} utils → P = {}, draw {draw:.3} → {}.",
            actor.label(),
            decision.label(),
            pct(probability),
            verdict(decision, yes)
        ),
        Event::Veto {
            probability,
            draw,
            vetoed,
        } => format!(
            "  The hardliners try to veto it: P = {}, draw {draw:.3} → {}.",
            pct(probability),
            if vetoed { "vetoed" } else { "not vetoed" }
        ),
        Event::VetoHolds { until } => format!(
            "An unresolved veto still holds Iran's moves (until {}).",
            cal.date_of(until)
        ),
        Event::Override {
            probability,
            draw,
            succeeded,
        } => format!(
            "  The security council tries to override: P = {}, draw {draw:.3} → {}.",
            pct(probability),
            if succeeded {
                "overridden, the step goes ahead"
            } else {
                "the veto stands"
            }
        ),
        Event::HalfStep {
            actor,
            step,
            from,
            to,
            qualified,
        } => {
            let level = match actor {
                Actor::Iran => "compliance",
                Actor::Us => "relief",
            };
            format!(
                "{} performs its half of {}: {level} {from:.2} → {to:.2}{}.",
                actor.label(),
                step_name(scenario, step),
                if qualified {
                    " (qualified: key sanctions kept under non-nuclear labels)"
                } else {
                    ""
                }
            )
        }
        Event::StepCompleted { step, qualified } => format!(
            "{} is completed by both sides{}.",
            capitalized(&step_name(scenario, step)),
            if qualified {
                ", with qualified relief: the withheld part is still owed"
            } else {
                ""
            }
        ),
        Event::Defected { mover, step } => format!(
            "The window lapsed without reciprocation: {} reverses its half of {}.",
            mover.label(),
            step_name(scenario, step)
        ),
        Event::Ended { outcome, cause } => format!(
            "The trial ends: {}{}.",
            outcome.name(),
            cause.map_or(String::new(), |c| format!(
                " (primary cause: {})",
                c.label()
            ))
        ),
    }
}

/// The whole story of trial `trial` of `scenario`, seeded with `seed`, as Markdown-friendly text.
pub fn render(
    scenario: &Scenario,
    seed: u64,
    trial: u64,
    params: &ModelParams,
    recorder: &Recorder,
    result: &TrialResult,
) -> String {
    let cal = scenario.calendar();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} — trial {trial} (seed {seed}, scenario {})\n",
        scenario.title(),
        scenario.provenance().short_hash()
    );
    if !scenario.uncertain().is_empty() {
        out.push_str("Drawn for this trial:\n");
        for u in scenario.uncertain() {
            let _ = writeln!(out, "  {} = {:.4}", u.path, u.target.get(params));
        }
        out.push('\n');
    }
    let mut events = recorder.events.iter().peekable();
    let mut quiet = 0usize;
    for (step, snapshot) in &recorder.snapshots {
        let mut lines = Vec::new();
        while let Some((s, e)) = events.peek() {
            if s != step || matches!(e, Event::Ended { .. }) {
                break;
            }
            lines.push(describe(scenario, e));
            events.next();
        }
        if lines.is_empty() {
            quiet += 1;
            continue;
        }
        if quiet > 0 {
            let _ = writeln!(
                out,
                "  … {quiet} quiet week{} …\n",
                if quiet == 1 { "" } else { "s" }
            );
            quiet = 0;
        }
        let _ = writeln!(out, "## {} (week {step})", cal.date_of(*step));
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(
            out,
            "  → trust: Iran {:.2}, US {:.2} · compliance {:.2} · relief {:.2} · escalation {:.2} · hardliners {:.2}\n",
            snapshot.trust_iran,
            snapshot.trust_us,
            snapshot.compliance,
            snapshot.relief,
            snapshot.escalation,
            snapshot.hardliner
        );
    }
    if quiet > 0 {
        let _ = writeln!(
            out,
            "  … {quiet} quiet week{} …\n",
            if quiet == 1 { "" } else { "s" }
        );
    }
    let ended = cal.date_of(result.end_step.min(cal.steps()));
    let _ = writeln!(
        out,
        "## Outcome\n{} on {ended}{}.",
        result.outcome.name(),
        result
            .cause
            .map_or(String::new(), |c| format!("; primary cause: {}", c.label()))
    );
    if let Some(t) = result.collapse_trigger {
        let _ = writeln!(out, "Collapse trigger: {}.", t.name().replace('_', " "));
    }
    let weeks: Vec<String> = WeekLabel::ALL
        .iter()
        .zip(result.weeks)
        .filter(|(_, w)| *w > 0)
        .map(|(l, w)| format!("{} {w}", l.name().replace('_', " ")))
        .collect();
    let _ = writeln!(out, "Weeks: {}.", weeks.join(", "));
    let _ = writeln!(
        out,
        "Steps completed: {}. Payoffs over the horizon: Iran {:.1}, US {:.1} utils.",
        result.steps_completed, result.payoffs.iran, result.payoffs.us
    );
    out
}
