//! The event vocabulary (`docs/model.md` §22) as text: observable events (used by `--given`,
//! `score` and `calibrate`) and forcing events that replace nature's draw or a player's choice
//! (`--force`), parsed into the model's [`Condition`] and [`Forcing`]. Text is parsed against a
//! scenario's rules, so a date outside the calendar, a shock type the scenario does not define or
//! a censure on a day without a Board meeting is rejected with a suggestion.

use crate::model::calendar::{Calendar, Date};
use crate::model::conditions::{Condition, Observable};
use crate::model::facts::MAX_RECORDED_STEPS;
use crate::model::forces::Forcing;
use crate::model::outcome::Outcome;
use crate::model::rules::Rules;

/// Observable event names, for messages and `--help`.
pub const OBSERVABLE_FORMS: &str = "election=hardliner|moderate, outcome=restored|interim|stalemate|collapse, restored_by=DATE, collapsed_by=DATE, talks_open_by=DATE, monitoring_lapsed_by=DATE, steps_completed_by=N@DATE, each optionally preceded by `!` (did not happen)";

/// Forcing event names, for messages and `--help`.
pub const FORCING_FORMS: &str =
    "election=hardliner|moderate, shock=TYPE@DATE, censure=DATE, talks_open=DATE";

/// A malformed event: what is wrong and a suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError {
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

fn err(message: impl Into<String>, help: impl Into<String>) -> EventError {
    EventError {
        message: message.into(),
        help: help.into(),
    }
}

/// Splits `NAME=VALUE`.
fn split<'t>(text: &'t str, forms: &str) -> Result<(&'t str, &'t str), EventError> {
    text.split_once('=')
        .map(|(k, v)| (k.trim(), v.trim()))
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .ok_or_else(|| {
            err(
                format!("`{text}` is not an event NAME=VALUE"),
                format!("write one of: {forms}"),
            )
        })
}

/// A day within `calendar` from a date written `YYYY-MM-DD`.
fn day(text: &str, calendar: &Calendar) -> Result<u32, EventError> {
    let date = Date::parse(text).ok_or_else(|| {
        err(
            format!("`{text}` is not a date"),
            "write dates as YYYY-MM-DD, e.g. 2021-06-18",
        )
    })?;
    let d = calendar.day_of(date);
    if d < 0 || d >= i64::from(calendar.horizon_days()) {
        return Err(err(
            format!("{date} is outside the calendar"),
            format!(
                "use a date from {} to {}",
                calendar.start(),
                calendar
                    .start()
                    .add_days(i64::from(calendar.horizon_days()) - 1)
            ),
        ));
    }
    Ok(d as u32)
}

/// Whether the scenario holds an election (an event about its winner is meaningless otherwise);
/// `instead` says what to do if not.
fn held(rules: &Rules, instead: &str) -> Result<(), EventError> {
    if rules.schedule.election.is_some() {
        Ok(())
    } else {
        Err(err(
            "the scenario holds no election",
            format!("set election.enabled = true, or {instead}"),
        ))
    }
}

fn side(value: &str) -> Result<bool, EventError> {
    match value {
        "hardliner" => Ok(true),
        "moderate" => Ok(false),
        _ => Err(err(
            format!("the election is won by `hardliner` or `moderate`, not `{value}`"),
            "write election=hardliner or election=moderate",
        )),
    }
}

/// The nearest of `names` to `name`, as a suggestion.
fn suggest(name: &str, names: &[&str], forms: &str) -> String {
    match super::suggest::nearest(name, names.iter().copied()) {
        Some(n) => format!("did you mean `{n}`? Events: {forms}"),
        None => format!("events: {forms}"),
    }
}

/// Parses an observable event (`!` allowed) against `rules`.
pub fn parse_condition(text: &str, rules: &Rules) -> Result<Condition, EventError> {
    let text = text.trim();
    let (negated, body) = match text.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, text),
    };
    let (name, value) = split(body, OBSERVABLE_FORMS)?;
    let cal = &rules.calendar;
    let observable = match name {
        "election" => {
            held(rules, "drop the event")?;
            Observable::Election(side(value)?)
        }
        "outcome" => Observable::Outcome(
            Outcome::ALL
                .into_iter()
                .find(|o| o.name() == value)
                .ok_or_else(|| {
                    err(
                        format!("`{value}` is not an outcome"),
                        "write outcome=restored, interim, stalemate or collapse",
                    )
                })?,
        ),
        "restored_by" => Observable::RestoredBy(day(value, cal)?),
        "collapsed_by" => Observable::CollapsedBy(day(value, cal)?),
        "talks_open_by" => Observable::TalksOpenBy(day(value, cal)?),
        "monitoring_lapsed_by" => Observable::MonitoringLapsedBy(day(value, cal)?),
        "steps_completed_by" => {
            let (n, date) = value.split_once('@').ok_or_else(|| {
                err(
                    format!("`{value}` is not N@DATE"),
                    "write steps_completed_by=1@2021-09-30",
                )
            })?;
            let steps = rules.protocol.steps().len().min(MAX_RECORDED_STEPS);
            let n: u32 = n
                .trim()
                .parse()
                .ok()
                .filter(|n| *n >= 1 && *n as usize <= steps)
                .ok_or_else(|| {
                    err(
                        format!("`{}` is not a number of protocol steps", n.trim()),
                        format!("this protocol has steps 1 to {steps}"),
                    )
                })?;
            Observable::StepsCompletedBy {
                n,
                day: day(date, cal)?,
            }
        }
        _ => {
            let names = [
                "election",
                "outcome",
                "restored_by",
                "collapsed_by",
                "talks_open_by",
                "monitoring_lapsed_by",
                "steps_completed_by",
            ];
            let forcing_only = ["shock", "censure", "talks_open"].contains(&name);
            return Err(err(
                format!("`{name}` is not an observable event"),
                if forcing_only {
                    format!(
                        "`{name}` can only be forced (--force, [[force]]); observable events: {OBSERVABLE_FORMS}"
                    )
                } else {
                    suggest(name, &names, OBSERVABLE_FORMS)
                },
            ));
        }
    };
    Ok(Condition {
        observable,
        negated,
        text: text.to_string(),
    })
}

/// Parses a forcing event against `rules` and the scenario's shock type names.
pub fn parse_forcing(
    text: &str,
    rules: &Rules,
    shock_names: &[String],
) -> Result<Forcing, EventError> {
    let text = text.trim();
    if text.starts_with('!') {
        return Err(err(
            format!("`{text}`: a forced event cannot be negated"),
            "force the other side instead, e.g. election=moderate for !election=hardliner",
        ));
    }
    let (name, value) = split(text, FORCING_FORMS)?;
    let cal = &rules.calendar;
    match name {
        "election" => {
            held(rules, "drop the forced election")?;
            Ok(Forcing::Election(side(value)?))
        }
        "shock" => {
            let (kind, date) = value.split_once('@').ok_or_else(|| {
                err(
                    format!("`{value}` is not TYPE@DATE"),
                    "write shock=TYPE@DATE, e.g. shock=attack@2021-04-11",
                )
            })?;
            let kind = kind.trim();
            let index = shock_names.iter().position(|n| n == kind).ok_or_else(|| {
                let names: Vec<&str> = shock_names.iter().map(String::as_str).collect();
                err(
                    format!("the scenario has no shock type `{kind}`"),
                    match super::suggest::nearest(kind, names.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("shock types: {}", names.join(", ")),
                    },
                )
            })?;
            Ok(Forcing::Shock {
                kind: index,
                day: day(date, cal)?,
            })
        }
        "censure" => {
            let d = day(value, cal)?;
            if !rules.schedule.board_meetings.iter().any(|(_, b)| *b == d) {
                let dates: Vec<String> = rules
                    .schedule
                    .board_meetings
                    .iter()
                    .map(|(date, _)| date.to_string())
                    .collect();
                return Err(err(
                    format!("no IAEA Board meeting is held on {}", value.trim()),
                    if dates.is_empty() {
                        "the scenario has no Board meetings (iaea.enabled, iaea.board_meetings)"
                            .to_string()
                    } else {
                        format!("Board meetings: {}", dates.join(", "))
                    },
                ));
            }
            Ok(Forcing::Censure(d))
        }
        "talks_open" => Ok(Forcing::TalksOpen(day(value, cal)?)),
        _ => Err(err(
            format!("`{name}` is not a forcing event"),
            suggest(
                name,
                &["election", "shock", "censure", "talks_open"],
                FORCING_FORMS,
            ),
        )),
    }
}
