//! `report.md`: the run told in prose and tables, for readers who do not open the JSON.

use std::fmt::Write;

use super::Report;
use crate::model::calendar::Date;
use crate::model::outcome::{Actor, Outcome};
use crate::report::format::{
    OutcomeRow, TOOL_NAME, TOOL_VERSION, file_chain, interval, pct, share, thousands, trials,
};
use crate::report::kit::bundle::images;
use crate::report::statistics::Statistics;
use crate::scenario::Scenario;

/// The headline paragraph: the probability of restoration, when, and the leading cause of
/// failure, written from the numbers.
pub(crate) fn reading(st: &Statistics) -> String {
    let mut text = String::new();
    let r = st.outcome(Outcome::Restored);
    let _ = write!(
        text,
        "Restored in {} of {} (95% CI {})",
        share(r),
        trials(st.trials),
        interval(r.low, r.high)
    );
    if let (Some(day), Some(date)) = (
        st.timing.median_restoration_day,
        st.timing.median_restoration_date,
    ) {
        let weeks = day as f64 / 7.0;
        let _ = write!(
            text,
            ", median {weeks:.0} weeks after the start ({date}) among restored trials"
        );
    }
    text.push('.');
    if let Some(before) = &st.timing.restored_before_election {
        let _ = write!(
            text,
            " {} were restored before the election.",
            share(before)
        );
    }
    let others: Vec<String> = Outcome::ALL[1..]
        .iter()
        .map(|&o| format!("{} {}", o.name(), share(st.outcome(o))))
        .collect();
    let _ = write!(text, " The rest ended {}.", others.join(", "));
    if let Some(lead) = st.leading_cause() {
        let _ = write!(
            text,
            " The leading cause of failure is {} ({} of failures).",
            lead.cause.label(),
            pct(lead.share.estimate)
        );
    }
    text
}

/// Key dates of the calendar with their step, for timing tables.
pub(crate) fn key_dates(scenario: &Scenario) -> Vec<(String, usize)> {
    let cal = scenario.calendar();
    let last = cal.steps() - 1;
    let step = |day: u32| cal.step_of_day(f64::from(day));
    let mut dates = vec![("start".to_string(), 0)];
    if let Some(e) = scenario
        .schedule()
        .election
        .filter(|_| scenario.mechanisms().election)
    {
        dates.push((format!("election ({})", e.election), step(e.election_day)));
        dates.push((
            format!("inauguration ({})", e.inauguration),
            step(e.inauguration_day),
        ));
    }
    if let Some((d, day)) = scenario
        .schedule()
        .monitoring_deadline
        .filter(|_| scenario.mechanisms().iaea)
    {
        dates.push((format!("IAEA deadline ({d})"), step(day)));
    }
    let year = step(cal.day_of(cal.start().add_months(12)).max(0) as u32);
    dates.push(("one year".to_string(), year));
    dates.push(("horizon".to_string(), last));
    dates.retain(|(_, s)| *s <= last);
    dates.sort_by_key(|(_, s)| *s);
    dates.dedup_by_key(|(_, s)| *s);
    dates
}

fn date_of(scenario: &Scenario, step: usize) -> Date {
    scenario.calendar().date_of(step)
}

/// Renders the Markdown report. `charts` lists the chart files to show, with captions, in order.
pub(crate) fn render_with_charts(report: &Report<'_>, charts: &[(&str, &str)]) -> String {
    let sc = report.scenario;
    let st = &report.stats;
    let mut md = String::new();
    let _ = writeln!(md, "# {} — jcpoa-sim report\n", sc.title());
    if !sc.description().is_empty() {
        let _ = writeln!(md, "{}\n", sc.description());
    }
    let _ = writeln!(md, "{}\n", reading(st));

    md.push_str("| Run | |\n|---|---|\n");
    let _ = writeln!(md, "| Scenario | `{}` ({}) |", sc.name(), file_chain(sc));
    let _ = writeln!(md, "| Protocol | `{}` |", sc.protocol().kind().name());
    let _ = writeln!(
        md,
        "| Trials | {} (first trial {}) |",
        thousands(report.run.trials),
        report.run.first_trial
    );
    if let Some(given) = report.given_line() {
        let given = given.strip_prefix("given: ").unwrap_or(&given);
        let _ = writeln!(md, "| Given | {given} (only these trials are counted) |");
    }
    let forced = &sc.conditions().force;
    if !forced.is_empty() {
        let _ = writeln!(md, "| Forced | {} |", sc.provenance().forced.join(", "));
    }
    let _ = writeln!(md, "| Seed | {} |", report.run.seed);
    let _ = writeln!(md, "| Scenario hash | `{}` |", sc.provenance().hash);
    let _ = writeln!(md, "| Tool | {TOOL_NAME} {TOOL_VERSION} |");
    if !sc.provenance().overrides.is_empty() {
        let _ = writeln!(
            md,
            "| Overrides | `--set {}` |",
            sc.provenance().overrides.join("`, `--set ")
        );
    }
    if let Some(target) = report.run.precision_target {
        let met = if report.run.precision_met == Some(true) {
            "met"
        } else {
            "not met before the trial cap"
        };
        let _ = writeln!(
            md,
            "| Precision | every 95% interval within ±{} ({met}; {}) |",
            pct(target),
            trials(report.run.trials)
        );
    }
    md.push('\n');

    images(&mut md, charts);

    md.push_str(
        "## Outcomes\n\n| Outcome | Probability | 95% CI | Trials |\n|---|---:|---:|---:|\n",
    );
    for o in &st.outcomes {
        let row = OutcomeRow::new(o.outcome, &o.probability);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            row.name, row.share, row.interval, row.trials
        );
    }

    md.push_str("\n## When deals happen\n\n| Date | P(restored by then) | P(collapsed by then) |\n|---|---:|---:|\n");
    for (label, step) in key_dates(sc) {
        let _ = writeln!(
            md,
            "| {} — {} | {} | {} |",
            date_of(sc, step),
            label,
            pct(st.timing.restored_by_step[step]),
            pct(st.timing.collapsed_by_step[step])
        );
    }
    if let (Some(q25), Some(q50), Some(q75)) = (
        st.timing.q25_restoration_day,
        st.timing.median_restoration_day,
        st.timing.q75_restoration_day,
    ) {
        let day = |d: usize| sc.calendar().date_at(d as u32);
        let _ = writeln!(
            md,
            "\nAmong restored trials, restoration came by {} (25%), {} (median) and {} (75%).",
            day(q25),
            day(q50),
            day(q75)
        );
    }

    md.push_str("\n## Why trials fail\n\nEach failed trial is charged to the obstacle that cost it the most days (see `docs/model.md`).\n\n| Cause | Share of failures | 95% CI |");
    for (o, _) in &st.causes_by_outcome {
        let _ = write!(md, " {} |", o.name());
    }
    md.push_str("\n|---|---:|---:|");
    for _ in &st.causes_by_outcome {
        md.push_str("---:|");
    }
    md.push('\n');
    for (i, c) in st.failure_causes.iter().enumerate() {
        let _ = write!(
            md,
            "| {} | {} | {} |",
            c.cause.label(),
            pct(c.share.estimate),
            interval(c.share.low, c.share.high)
        );
        for (_, list) in &st.causes_by_outcome {
            let _ = write!(md, " {} |", pct(list[i].share.estimate));
        }
        md.push('\n');
    }
    md.push_str("\nWhere the time went, over all trials: ");
    let shares: Vec<String> = st
        .label_shares
        .iter()
        .map(|(l, s)| format!("{} {}", l.replace('_', " "), pct(*s)))
        .collect();
    let _ = writeln!(md, "{}.", shares.join(", "));
    let [escalation, iran_dead, us_dead] = st.collapse_triggers;
    let _ = writeln!(
        md,
        "\nCollapses by trigger: escalation past the threshold with monitoring lapsed {}, Iran declared the deal dead {}, the US did {}.",
        thousands(escalation),
        thousands(iran_dead),
        thousands(us_dead)
    );

    play_section(&mut md, st);

    md.push_str("\n## Payoffs (utils over the horizon)\n\n| Actor | Mean | SD | 5% | Median | 95% | Mean if restored | Mean if collapsed |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for actor in Actor::ALL {
        let p = &st.payoffs[actor.index()];
        let by = |o: Outcome| {
            p.mean_by_outcome[o.index()].map_or("—".to_string(), |m| format!("{m:.1}"))
        };
        let _ = writeln!(
            md,
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {} |",
            actor.label(),
            p.mean,
            p.sd,
            p.quantiles[0],
            p.quantiles[2],
            p.quantiles[4],
            by(Outcome::Restored),
            by(Outcome::Collapse)
        );
    }

    let _ = write!(
        md,
        "\n## Trajectories: median [5%–95%]\n\nOver {}.\n\n| Date |",
        st.band_scope()
    );
    for b in &st.bands {
        let _ = write!(md, " {} |", b.series.label());
    }
    md.push_str("\n|---|");
    for _ in &st.bands {
        md.push_str("---:|");
    }
    md.push('\n');
    for (label, step) in key_dates(sc) {
        let _ = write!(md, "| {} — {} |", date_of(sc, step), label);
        for b in &st.bands {
            let _ = write!(
                md,
                " {:.2} [{:.2}–{:.2}] |",
                b.quantiles[2][step], b.quantiles[0][step], b.quantiles[4][step]
            );
        }
        md.push('\n');
    }
    if let Some(e) = sc.schedule().election
        && e.election_day < sc.calendar().horizon_days()
    {
        let _ = writeln!(
            md,
            "\nElection: a hardliner won in {} of trials, a moderate in {}; {} ended before the vote.",
            pct(st.election[2]),
            pct(st.election[1]),
            pct(st.election[0])
        );
    }

    if !sc.uncertain().is_empty() {
        md.push_str("\n## Uncertain inputs (drawn once per trial)\n\n");
        for u in sc.uncertain() {
            let _ = writeln!(md, "- `{}` ~ {}", u.path, u.describe());
        }
    }
    if !sc.warnings().is_empty() {
        md.push_str("\n## Warnings\n\n");
        for w in sc.warnings() {
            let _ = writeln!(md, "- {w}");
        }
    }

    md.push_str("\n## Reproduce\n\n```sh\n");
    let file = sc.provenance().files.last().map_or_else(
        || format!("{}.toml", sc.name()),
        |f| f.display().to_string(),
    );
    let mut cmd = format!(
        "jcpoa-sim run {file} --seed {} --trials {}",
        report.run.seed,
        report.summary.played.max(report.run.trials)
    );
    for o in &sc.provenance().overrides {
        let _ = write!(cmd, " --set '{o}'");
    }
    for flag in &sc.provenance().event_flags {
        let _ = write!(cmd, " {flag}");
    }
    let _ = writeln!(md, "{cmd}\n```");
    md
}

/// The "Beliefs and play" section: for each kind of first move, the mover's expected chance of a
/// full answer (from the solved strategies) against the share answered; joint commitments; and
/// how often a side moved although waiting was worth more.
fn play_section(md: &mut String, st: &Statistics) {
    let play = &st.play;
    md.push_str("\n## Beliefs and play\n\n");
    if !play.first_moves.is_empty() {
        md.push_str("A first move is answered when the other side performs its half in full within the reciprocation window. *Expected* is the mover's probability of that under the equilibrium, at its belief when it moved; *realised* is the share of first moves so answered. In equilibrium they agree within Monte Carlo error.\n\n| Step | Mover | First moves | Expected | Realised | 95% CI | Against advantage |\n|---|---|---:|---:|---:|---:|---:|\n");
        for r in &play.first_moves {
            let _ = writeln!(
                md,
                "| {} ({}) | {} | {} | {} | {} | {} | {} |",
                r.step + 1,
                r.step_name,
                r.mover.label(),
                thousands(r.decisions),
                r.expected.map_or("—".to_string(), pct),
                if r.decisions > 0 {
                    pct(r.realised.estimate)
                } else {
                    "—".to_string()
                },
                if r.decisions > 0 {
                    interval(r.realised.low, r.realised.high)
                } else {
                    "—".to_string()
                },
                if r.decisions > 0 {
                    pct(r.against_advantage.estimate)
                } else {
                    "—".to_string()
                },
            );
        }
        md.push('\n');
    }
    if !play.joint.is_empty() {
        md.push_str("Choreographed joint moves: at each of the mediator's opportunities the US gives or withholds a conditional commitment (full or qualified relief); if it commits, Iran is asked; the move happens when both commit and the hardliners do not block it. *Expected* is the other side's predictive probability under the equilibrium.\n\n| Step | Attempts | US commits in full | US commits qualified | Iran expected a US commitment | Iran asked | Iran commits | US expected it |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for r in &play.joint {
            let rate = |p: &crate::stats::Proportion| {
                if p.total > 0 {
                    pct(p.estimate)
                } else {
                    "—".to_string()
                }
            };
            let _ = writeln!(
                md,
                "| {} ({}) | {} | {} | {} | {} | {} | {} | {} |",
                r.step + 1,
                r.step_name,
                thousands(r.attempts),
                rate(&r.us_full),
                rate(&r.us_qualified),
                r.us_expected.map_or("—".to_string(), pct),
                thousands(r.iran_commits.total),
                rate(&r.iran_commits),
                r.iran_expected.map_or("—".to_string(), pct),
            );
        }
        md.push('\n');
    }
    let a = &play.against_advantage;
    if a.total > 0 {
        let _ = writeln!(
            md,
            "{} of {} first moves ({}) were made although waiting was worth more to the mover (`Q(act) < Q(wait)`): the share of first moves that decision noise, rather than incentives, produced.\n",
            thousands(a.count),
            thousands(a.total),
            pct(a.estimate)
        );
    }
    let e = &play.equilibrium;
    let _ = writeln!(
        md,
        "Equilibrium: {} states × {} slices × {}² belief points × {} veto node(s); {} posterior fixed points, largest residual {:.1e} ({} above 1e-6).",
        thousands(e.states as u64),
        thousands(e.slices as u64),
        e.belief_points,
        e.veto_nodes,
        thousands(e.points),
        e.residual,
        thousands(e.unsettled)
    );
}
