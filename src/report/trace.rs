//! One trial told as a dated story: every event, every decision with the values the decider
//! weighed (`Q(act)`, `Q(wait)`), the probability they gave and the number drawn, every belief
//! update, and the levels at the end of each eventful recording step. The story is read from a
//! [`Recorder`] that watched the same trial function the engine runs, so it audits the real
//! mechanics.

use std::fmt::Write;

use super::format::pct;
use crate::engine::solved::Solved;
use crate::model::game::UsAnswer;
use crate::model::observer::{BeliefCause, Choice, Event, Recorder};
use crate::model::outcome::{Actor, TimeLabel, TrialResult};
use crate::model::params::ModelParams;
use crate::model::trial::choice_values;
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

fn type_name(reciprocating: bool) -> &'static str {
    if reciprocating {
        "reciprocating type"
    } else {
        "exploiting type"
    }
}

fn decision(probability: f64, draw: f64, outcome: &str) -> String {
    format!("P = {}, draw {draw:.3} → {outcome}", pct(probability))
}

/// A decision opportunity: each option with its value to the chooser's type (when the solve
/// kept values), its probability, and what the draw chose.
fn opportunity(solved: &Solved, event: &Event) -> String {
    let Event::Opportunity {
        actor,
        reciprocating,
        options,
        draw,
        chosen,
        at,
    } = *event
    else {
        return String::new();
    };
    let values = choice_values(&solved.game, &solved.eq, actor, at);
    let ty = usize::from(!reciprocating);
    let listed: Vec<String> = options
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, o)| {
            let q = values
                .as_ref()
                .and_then(|v| v.get(i))
                .map_or(String::new(), |v| format!("Q = {:.1}, ", v[ty]));
            format!("{} ({q}P = {})", o.choice.label(), pct(o.own))
        })
        .collect();
    let what = if chosen == Choice::Wait {
        "waits".to_string()
    } else {
        chosen.label().to_string()
    };
    format!(
        "{} ({}) has a decision opportunity: {}; draw {draw:.3} → {what}.",
        actor.label(),
        type_name(reciprocating),
        listed.join(", ")
    )
}

/// One event as a sentence (opportunities are told by [`opportunity`]).
pub(crate) fn describe(scenario: &Scenario, event: &Event) -> String {
    match *event {
        Event::CampaignStarts => {
            "Iran's presidential campaign begins: Iran's side engages less until the new government settles in."
                .to_string()
        }
        Event::Vote {
            probability,
            draw,
            hardliner_won,
        } => format!(
            "Presidential election: P(a hardliner wins) {}.",
            decision(
                probability,
                draw,
                if hardliner_won { "a hardliner wins" } else { "a moderate wins" }
            )
        ),
        Event::Inauguration { hardliner } => format!(
            "The new president takes office: {} government.",
            if hardliner { "a hardline" } else { "a moderate" }
        ),
        Event::LawEscalation { steps } => format!(
            "Iran's sanctions law takes escalation step {steps}: compliance falls further unless relief has reached the law's threshold."
        ),
        Event::MonitoringDecision {
            probability,
            draw,
            kept,
        } => format!(
            "The security council decides whether to keep the IAEA monitoring understanding: {}.",
            decision(probability, draw, if kept { "kept" } else { "not kept" })
        ),
        Event::BoardMeeting {
            probability,
            draw,
            censured,
        } => format!(
            "The IAEA Board meets: P(censure) {}.",
            decision(probability, draw, if censured { "Iran is censured" } else { "no censure" })
        ),
        Event::RetaliationDecision {
            probability,
            draw,
            retaliated,
        } => format!(
            "  The security council decides whether to hold back from retaliating: {}.",
            decision(
                probability,
                draw,
                if retaliated { "it retaliates by ending monitoring" } else { "it holds back" }
            )
        ),
        Event::MonitoringLapsed => "IAEA monitoring lapses.".to_string(),
        Event::MonitoringRestored => "Full IAEA monitoring is restored.".to_string(),
        Event::Shock { kind, setback } => format!(
            "Shock: {}{}.",
            scenario
                .shock_names()
                .get(kind)
                .map_or("unnamed", String::as_str)
                .replace('_', " "),
            if setback { "; the talks lose a roadmap stage" } else { "" }
        ),
        Event::Misread => {
            "A message is misread in the channel: the talks lose a roadmap stage.".to_string()
        }
        Event::RoadmapProgress { share } => format!(
            "The roadmap moves forward: {} agreed.",
            pct(share)
        ),
        Event::Opportunity { .. } => String::new(),
        Event::Veto {
            probability,
            draw,
            vetoed,
        } => format!(
            "  The hardliners decide whether to veto it: {}.",
            decision(probability, draw, if vetoed { "vetoed" } else { "not vetoed" })
        ),
        Event::Override {
            probability,
            draw,
            succeeded,
        } => format!(
            "  The security council tries to override: {}.",
            decision(
                probability,
                draw,
                if succeeded { "overridden, the move goes ahead" } else { "the veto stands" }
            )
        ),
        Event::JointAttempt {
            step,
            us_full,
            us_qualified,
            us_draw,
            us_choice,
            iran,
            reciprocating,
            ..
        } => {
            let (ti, tu) = (usize::from(!reciprocating[0]), usize::from(!reciprocating[1]));
            let mut text = format!(
                "The Europeans seek conditional commitments to {}: the US ({}) commits in full with P = {} or with qualified relief with P = {}, draw {us_draw:.3} → {}",
                step_name(scenario, step),
                type_name(reciprocating[1]),
                pct(us_full[tu]),
                pct(us_qualified[tu]),
                match us_choice {
                    UsAnswer::Full => "commits in full",
                    UsAnswer::Qualified => "commits with qualified relief",
                    UsAnswer::None => "declines",
                }
            );
            if let Some((commit, draw, commits)) = iran {
                let _ = write!(
                    text,
                    "; Iran ({}) commits with P = {}, draw {draw:.3} → {}",
                    type_name(reciprocating[0]),
                    pct(commit[ti]),
                    if commits { "commits" } else { "declines" }
                );
            }
            text + "."
        }
        Event::WalkAwayDecision {
            actor,
            probability,
            draw,
            declared_dead,
        } => format!(
            "  {}, reneged on, decides whether to declare the deal dead: {}.",
            actor.label(),
            decision(
                probability,
                draw,
                if declared_dead { "it declares the deal dead" } else { "it stays" }
            )
        ),
        Event::TalksOpened { direct } => format!(
            "Talks open ({}).",
            if direct {
                "direct, at the same table"
            } else {
                "indirect, through the Europeans"
            }
        ),
        Event::DirectTalksBegin => "Talks move to the same table (direct talks).".to_string(),
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
        Event::Lapsed { mover, step } => format!(
            "The reciprocation window lapses unanswered: {} reverses its half of {}.",
            mover.label(),
            step_name(scenario, step)
        ),
        Event::FirstMove {
            mover, expected, ..
        } => format!(
            "  {} moved first; under the equilibrium it expects a full answer within the window with probability {}.",
            mover.label(),
            pct(expected)
        ),
        Event::FirstMoveSettled { answered } => format!(
            "  The first move is settled: {}.",
            if answered { "answered in full" } else { "not answered in full" }
        ),
        Event::Belief {
            holder,
            from,
            to,
            cause,
        } => format!(
            "  {} belief that the other side reciprocates: {from:.3} → {to:.3} ({}).",
            match holder {
                Actor::Iran => "Iran's",
                Actor::Us => "The US's",
            },
            match cause {
                BeliefCause::Action => "Bayes' rule on the action seen",
                BeliefCause::Waiting => "Bayes' rule on waiting",
            }
        ),
        Event::Ended {
            outcome,
            cause,
            trigger,
        } => format!(
            "The trial ends: {}{}{}.",
            outcome.name(),
            cause.map_or(String::new(), |c| format!(" (primary cause: {})", c.label())),
            trigger.map_or(String::new(), |t| format!(", trigger: {}", t.name().replace('_', " ")))
        ),
    }
}

/// Belief drift from waiting, gathered between told events (it moves a little with every piece
/// of time).
#[derive(Default)]
struct Drift {
    /// (from, to) for Iran's belief and the US's.
    moved: [Option<(f64, f64)>; 2],
}

impl Drift {
    fn add(&mut self, holder: Actor, from: f64, to: f64) {
        let slot = &mut self.moved[holder.index()];
        *slot = Some((slot.map_or(from, |m| m.0), to));
    }

    /// One line for what drifted visibly, and reset.
    fn take(&mut self) -> Option<String> {
        let parts: Vec<String> = Actor::ALL
            .iter()
            .filter_map(|&a| {
                self.moved[a.index()]
                    .filter(|(f, t)| (t - f).abs() >= 0.0005)
                    .map(|(f, t)| format!("{} {f:.3} → {t:.3}", a.label()))
            })
            .collect();
        self.moved = [None; 2];
        (!parts.is_empty()).then(|| {
            format!(
                "  (Beliefs drift by Bayes' rule on the other side's waiting: {}.)",
                parts.join(", ")
            )
        })
    }
}

/// The whole story of trial `trial` of `scenario` (solved as `solved`, seeded with `seed`), as
/// Markdown-friendly text.
pub fn render(
    scenario: &Scenario,
    solved: &Solved,
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
    out.push_str("Each decision lists the options with the value `Q` the decider's type puts on each (utils over the rest of the horizon, under the equilibrium) and the logit probability they give.\n\n");
    let mut drift = Drift::default();
    let mut day_shown = None;
    let mut snapshots = recorder.snapshots.iter().peekable();
    for (day, event) in &recorder.events {
        if let Event::Belief {
            holder,
            from,
            to,
            cause: BeliefCause::Waiting,
        } = *event
        {
            drift.add(holder, from, to);
            continue;
        }
        let whole_day = day.floor() as u32;
        if day_shown != Some(whole_day) {
            // Levels at the end of each recording step passed since the last told day.
            let mut last = None;
            while let Some((step, snap)) =
                snapshots.next_if(|(s, _)| cal.date_of(*s + 1) <= cal.date_at(whole_day))
            {
                last = Some((*step, *snap));
            }
            if let Some((step, s)) = last {
                let _ = writeln!(
                    out,
                    "  → end of {}: beliefs Iran {:.2}, US {:.2} · compliance {:.2} · relief {:.2} · escalation {:.2} · roadmap {:.2}",
                    cal.date_of(step + 1).add_days(-1),
                    s.trust_iran,
                    s.trust_us,
                    s.compliance,
                    s.relief,
                    s.escalation,
                    s.roadmap
                );
            }
            let _ = writeln!(out, "\n## {} (day {whole_day})", cal.date_at(whole_day));
            day_shown = Some(whole_day);
        }
        if let Some(line) = drift.take() {
            let _ = writeln!(out, "{line}");
        }
        let line = match event {
            Event::Opportunity { .. } => opportunity(solved, event),
            _ => describe(scenario, event),
        };
        let _ = writeln!(out, "{line}");
    }
    let ended = cal.date_at(result.end_day.floor() as u32);
    let _ = writeln!(
        out,
        "\n## Outcome\n{} on {ended} (day {:.1}){}.",
        result.outcome.name(),
        result.end_day,
        result
            .cause
            .map_or(String::new(), |c| format!("; primary cause: {}", c.label()))
    );
    if let Some(t) = result.collapse_trigger {
        let _ = writeln!(out, "Collapse trigger: {}.", t.name().replace('_', " "));
    }
    let days: Vec<String> = TimeLabel::ALL
        .iter()
        .zip(result.label_days)
        .filter(|(_, d)| *d > 0)
        .map(|(l, d)| format!("{} {d}", l.name().replace('_', " ")))
        .collect();
    let _ = writeln!(out, "Days: {}.", days.join(", "));
    let _ = writeln!(
        out,
        "Steps completed: {}. Payoffs over the horizon: Iran {:.1}, US {:.1} utils.",
        result.steps_completed, result.payoffs.iran, result.payoffs.us
    );
    out
}
