//! `report.md` of a comparison: the headline, each scenario's outcomes, the paired differences
//! from the reference, the leading causes of failure and the scenarios' provenance.

use std::fmt::Write;

use super::Comparison;
use crate::model::outcome::Outcome;
use crate::report::format::{OutcomeRow, TOOL_NAME, TOOL_VERSION, file_chain, pct, trials};
use crate::report::kit::bundle::images;
use crate::stats::Difference;

/// A paired difference in percentage points with its interval: `+4.2 [+3.1, +5.3]`.
pub(crate) fn points(d: &Difference) -> String {
    format!(
        "{:+.1} [{:+.1}, {:+.1}]",
        100.0 * d.estimate,
        100.0 * d.low,
        100.0 * d.high
    )
}

/// A paired difference in utils with its interval.
fn utils(d: &Difference) -> String {
    format!("{:+.1} [{:+.1}, {:+.1}]", d.estimate, d.low, d.high)
}

/// The headline of a comparison, written from the numbers.
pub(crate) fn reading(c: &Comparison<'_>) -> String {
    let reference = c.reference();
    let mut text = format!(
        "{} per scenario on the same random streams (seed {}); differences are paired against `{}`, which restores the deal in {}.",
        trials(c.trials),
        c.seed,
        reference.scenario.name(),
        pct(reference.stats.outcome(Outcome::Restored).estimate)
    );
    if let Some(best) = c.compared.iter().max_by(|a, b| {
        a.stats
            .outcome(Outcome::Restored)
            .estimate
            .total_cmp(&b.stats.outcome(Outcome::Restored).estimate)
    }) {
        let d = &best.outcome_differences[Outcome::Restored.index()];
        let _ = write!(
            text,
            " The most likely to restore is `{}` at {}",
            best.scenario.name(),
            pct(best.stats.outcome(Outcome::Restored).estimate)
        );
        if best.scenario.name() != reference.scenario.name() {
            let _ = write!(
                text,
                " ({:+.1} points, 95% CI {:+.1} to {:+.1})",
                100.0 * d.estimate,
                100.0 * d.low,
                100.0 * d.high
            );
        }
        text.push('.');
    }
    text
}

/// Renders the Markdown report of a comparison with its charts.
pub(crate) fn render_with_charts(c: &Comparison<'_>, charts: &[(&str, &str)]) -> String {
    let mut md = String::from("# Comparison of sequencing scenarios — jcpoa-sim report\n\n");
    let _ = writeln!(md, "{}\n", reading(c));
    for s in &c.compared {
        if let Some(given) = &s.given {
            let _ = writeln!(
                md,
                "- `{}` {given} (only these trials are counted; paired differences use the trials accepted in both)\n",
                s.scenario.name()
            );
        }
    }
    images(&mut md, charts);
    md.push_str("## Outcomes\n\n| Scenario | Protocol | Restored | Interim | Stalemate | Collapse | Median restoration |\n|---|---|---:|---:|---:|---:|---|\n");
    for s in &c.compared {
        let cell = |o: Outcome| {
            let row = OutcomeRow::new(o, s.stats.outcome(o));
            format!("{} ({})", row.share, row.interval)
        };
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            s.scenario.name(),
            s.scenario.protocol().kind().name(),
            cell(Outcome::Restored),
            cell(Outcome::Interim),
            cell(Outcome::Stalemate),
            cell(Outcome::Collapse),
            s.stats
                .timing
                .median_restoration_date
                .map_or("—".to_string(), |d| d.to_string())
        );
    }
    let _ = writeln!(
        md,
        "\n## Paired differences from `{}`\n\nPercentage points (outcomes) and utils (mean payoffs), with paired 95% intervals.\n\n| Scenario | Δ restored (points) | Δ interim (points) | Δ stalemate (points) | Δ collapse (points) | Δ Iran payoff (utils) | Δ US payoff (utils) |\n|---|---:|---:|---:|---:|---:|---:|",
        c.reference().scenario.name()
    );
    for s in &c.compared {
        let d = &s.outcome_differences;
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            s.scenario.name(),
            points(&d[0]),
            points(&d[1]),
            points(&d[2]),
            points(&d[3]),
            utils(&s.payoff_differences[0]),
            utils(&s.payoff_differences[1])
        );
    }
    md.push_str("\n## Leading cause of failure\n\n| Scenario | Cause | Share of failures |\n|---|---|---:|\n");
    for s in &c.compared {
        match s.stats.leading_cause() {
            Some(lead) => {
                let _ = writeln!(
                    md,
                    "| `{}` | {} | {} |",
                    s.scenario.name(),
                    lead.cause.label(),
                    pct(lead.share.estimate)
                );
            }
            None => {
                let _ = writeln!(md, "| `{}` | — (no failures) | — |", s.scenario.name());
            }
        }
    }
    md.push_str("\n## Scenarios\n\n| Scenario | Title | Files | Hash |\n|---|---|---|---|\n");
    for s in &c.compared {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | `{}` |",
            s.scenario.name(),
            s.scenario.title(),
            file_chain(s.scenario),
            s.scenario.provenance().short_hash()
        );
    }
    let _ = writeln!(
        md,
        "\nSeed {}, {} per scenario, {TOOL_NAME} {TOOL_VERSION}.",
        c.seed,
        trials(c.trials)
    );
    md
}
