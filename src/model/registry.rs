//! The registry of numeric parameters: one entry per number a scenario file can set.
//!
//! Each entry names the dotted path used in scenario files, `--set`, `sweep` and `sensitivity`; its
//! unit, allowed range and meaning; and the field of `ModelParams` it fills. Validation, the
//! `params` listing, the CSV columns and the parameter table in `docs/model.md` are all generated
//! from this one list, so they cannot drift apart. The evidence that grounds each default is
//! listed once, in `seeds/catalogue.toml` (each claim names the parameters it grounds).
//!
//! Shock types are named by the scenario (`[shocks.military_incident]`), so their fields are listed
//! separately in [`SHOCK_FIELDS`] and addressed as `shocks.<name>.<field>`.

use crate::model::params::{ModelParams, ShockParams};

/// The unit a parameter is measured in, for messages and documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A probability (per event or per week, as the meaning says).
    Probability,
    /// A share or fraction between 0 and 1.
    Share,
    /// Utility points, the common currency of both sides' payoffs.
    Utils,
    /// Utility points per month.
    UtilsPerMonth,
    /// Logit precision, per utility point.
    PerUtil,
    /// Weeks.
    Weeks,
    /// Expected events per year.
    PerYear,
    /// Expected events per week.
    PerWeek,
    /// Escalation index units (the collapse threshold is on the same scale).
    Escalation,
    /// A dimensionless multiplier or change.
    Factor,
}

impl Unit {
    /// Short label used in tables.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Unit::Probability => "probability",
            Unit::Share => "share",
            Unit::Utils => "utils",
            Unit::UtilsPerMonth => "utils/month",
            Unit::PerUtil => "1/util",
            Unit::Weeks => "weeks",
            Unit::PerYear => "1/year",
            Unit::PerWeek => "1/week",
            Unit::Escalation => "escalation",
            Unit::Factor => "factor",
        }
    }
}

/// The allowed values of a parameter: `min..=max`, or `min < x <= max` when `min_open`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Range {
    /// Lower bound.
    pub(crate) min: f64,
    /// Whether the lower bound itself is excluded.
    pub(crate) min_open: bool,
    /// Upper bound (inclusive).
    pub(crate) max: f64,
}

impl Range {
    const fn closed(min: f64, max: f64) -> Range {
        Range {
            min,
            min_open: false,
            max,
        }
    }

    const fn positive(max: f64) -> Range {
        Range {
            min: 0.0,
            min_open: true,
            max,
        }
    }

    /// Whether `x` is allowed (NaN never is).
    pub(crate) fn contains(&self, x: f64) -> bool {
        let above = if self.min_open {
            x > self.min
        } else {
            x >= self.min
        };
        above && x <= self.max
    }

    /// Human-readable description, e.g. `a number in [0, 1]`.
    pub(crate) fn describe(&self) -> String {
        format!("a number in {}", self.interval())
    }

    /// The interval in mathematical notation, e.g. `(0, 5]`.
    pub(crate) fn interval(&self) -> String {
        let open = if self.min_open { "(" } else { "[" };
        format!("{open}{}, {}]", fmt_bound(self.min), fmt_bound(self.max))
    }

    /// `x` moved into the range; an open lower bound is kept at a millionth of the width above.
    pub(crate) fn clamp(&self, x: f64) -> f64 {
        let lo = if self.min_open {
            self.min + (self.max - self.min) * 1e-6
        } else {
            self.min
        };
        x.clamp(lo, self.max)
    }
}

fn fmt_bound(x: f64) -> String {
    if x >= 1e6 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

const PROB: Range = Range::closed(0.0, 1.0);
const UTILS: Range = Range::closed(0.0, 1e6);

/// One numeric model parameter.
#[derive(Clone, Copy)]
pub struct ParamSpec {
    /// Dotted path in scenario files, e.g. `iran.deal_value`.
    pub path: &'static str,
    /// Unit of measurement.
    pub(crate) unit: Unit,
    /// Allowed values.
    pub(crate) range: Range,
    /// What the parameter means, in one sentence.
    pub(crate) meaning: &'static str,
    /// The field this parameter fills.
    pub(crate) field: fn(&mut ModelParams) -> &mut f64,
}

impl std::fmt::Debug for ParamSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParamSpec")
            .field("path", &self.path)
            .finish()
    }
}

/// One field of a shock type, addressed as `shocks.<name>.<key>`.
#[derive(Clone, Copy)]
pub struct ShockFieldSpec {
    /// Key inside the shock's table.
    pub key: &'static str,
    /// Unit of measurement.
    pub(crate) unit: Unit,
    /// Allowed values.
    pub(crate) range: Range,
    /// Whether a shock table must give it (otherwise it defaults to 0, "no effect").
    pub(crate) required: bool,
    /// What the field means.
    pub(crate) meaning: &'static str,
    /// The field this key fills.
    pub(crate) field: fn(&mut ShockParams) -> &mut f64,
}

impl std::fmt::Debug for ShockFieldSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShockFieldSpec")
            .field("key", &self.key)
            .finish()
    }
}

macro_rules! spec {
    ($path:literal, $unit:ident, $range:expr, $meaning:literal, |$p:ident| $field:expr) => {
        ParamSpec {
            path: $path,
            unit: Unit::$unit,
            range: $range,
            meaning: $meaning,
            field: |$p: &mut ModelParams| &mut $field,
        }
    };
}

/// Every numeric model parameter except the per-shock fields, in the order they are documented,
/// drawn and written to CSV.
pub static PARAMS: &[ParamSpec] = &[
    // Iran's government.
    spec!(
        "iran.initial_trust",
        Probability,
        PROB,
        "Iran's prior probability that the US is the reciprocating type; each trial's US is drawn from it.",
        |p| p.iran.actor.initial_trust
    ),
    spec!(
        "iran.deal_value",
        Utils,
        UTILS,
        "Value to Iran of US relief, per unit of relief in force at the horizon; the scale all utils are measured against.",
        |p| p.iran.actor.deal_value
    ),
    spec!(
        "iran.waiting_cost_per_month",
        UtilsPerMonth,
        UTILS,
        "Iran's sanctions pain per month at zero relief, scaled by (1 - relief) and the humanitarian pain multiplier.",
        |p| p.iran.actor.waiting_cost_per_month
    ),
    spec!(
        "iran.first_mover_exposure",
        Utils,
        UTILS,
        "Iran's one-off loss per unit of compliance restored first when the US lets the step lapse unanswered.",
        |p| p.iran.actor.first_mover_exposure
    ),
    spec!(
        "iran.pressure_concession_cost",
        Utils,
        UTILS,
        "Iran's one-off cost per unit of compliance restored first, under pressure: it validates pressure as a tool.",
        |p| p.iran.actor.pressure_concession_cost
    ),
    spec!(
        "iran.leverage_cost",
        Utils,
        UTILS,
        "Nuclear leverage Iran gives up per unit of compliance restored by the horizon.",
        |p| p.iran.actor.leverage_cost
    ),
    spec!(
        "iran.rationality",
        PerUtil,
        Range::closed(0.0, 100.0),
        "Logit precision of the Iranian government's choices: 0 is a uniform choice, large is strict maximisation.",
        |p| p.iran.actor.rationality
    ),
    spec!(
        "iran.walk_away_value",
        Utils,
        UTILS,
        "One-off value to Iran of declaring the deal dead when the US reneges on it, turning to its alternative policy.",
        |p| p.iran.actor.walk_away_value
    ),
    spec!(
        "iran.empty_handed_cost",
        Utils,
        UTILS,
        "Cost to Iran's government of having opened talks and come away with no completed step by the horizon.",
        |p| p.iran.empty_handed_cost
    ),
    spec!(
        "iran.direct_talks_aversion",
        Utils,
        UTILS,
        "One-off cost to Iran of sitting at the same table as the US.",
        |p| p.iran.direct_talks_aversion
    ),
    spec!(
        "iran.retaliation_value",
        Utils,
        UTILS,
        "One-off domestic value to Iran of answering an IAEA censure by ending monitoring.",
        |p| p.iran.retaliation_value
    ),
    spec!(
        "iran.exploitation_value",
        Utils,
        UTILS,
        "Value to an exploiting Iran of each unit of US relief it pockets by letting a US first move lapse unanswered.",
        |p| p.iran.exploitation_value
    ),
    // The US administration.
    spec!(
        "us.initial_trust",
        Probability,
        PROB,
        "The US's prior probability that Iran is the reciprocating type; each trial's Iran is drawn from it.",
        |p| p.us.actor.initial_trust
    ),
    spec!(
        "us.deal_value",
        Utils,
        UTILS,
        "Value to the US of Iran's restored compliance, per unit of compliance at the horizon (non-proliferation).",
        |p| p.us.actor.deal_value
    ),
    spec!(
        "us.waiting_cost_per_month",
        UtilsPerMonth,
        UTILS,
        "Cost to the US per month per unit of escalation (proliferation and crisis risk).",
        |p| p.us.actor.waiting_cost_per_month
    ),
    spec!(
        "us.first_mover_exposure",
        Utils,
        UTILS,
        "The US's one-off loss per unit of relief given first when Iran lets the step lapse unanswered.",
        |p| p.us.actor.first_mover_exposure
    ),
    spec!(
        "us.pressure_concession_cost",
        Utils,
        UTILS,
        "The US's one-off domestic and strategic cost per unit of relief given before Iran has moved.",
        |p| p.us.actor.pressure_concession_cost
    ),
    spec!(
        "us.leverage_cost",
        Utils,
        UTILS,
        "Sanctions leverage the US gives up per unit of relief promised by the horizon (withheld relief counts).",
        |p| p.us.actor.leverage_cost
    ),
    spec!(
        "us.rationality",
        PerUtil,
        Range::closed(0.0, 100.0),
        "Logit precision of the US administration's choices.",
        |p| p.us.actor.rationality
    ),
    spec!(
        "us.walk_away_value",
        Utils,
        UTILS,
        "One-off value to the US of declaring the deal dead when Iran reneges on it, turning to its alternative policy.",
        |p| p.us.actor.walk_away_value
    ),
    spec!(
        "us.qualified_relief_value",
        UtilsPerMonth,
        UTILS,
        "Per month and unit of relief withheld under non-nuclear labels: what an exploiting US gains (leverage for later concessions) and a reciprocating US loses (it wants the deal whole).",
        |p| p.us.qualified_relief_value
    ),
    spec!(
        "us.qualified_share",
        Share,
        PROB,
        "Share of a relief half the US withholds when it qualifies its relief.",
        |p| p.us.qualified_share
    ),
    // The state at the start.
    spec!(
        "initial.compliance",
        Share,
        PROB,
        "Share of the JCPOA's nuclear limits Iran still observes at the start.",
        |p| p.initial.compliance
    ),
    spec!(
        "initial.relief",
        Share,
        PROB,
        "Share of nuclear-related sanctions relief delivered at the start.",
        |p| p.initial.relief
    ),
    // The talks channel.
    spec!(
        "talks.indirect_progress_per_week",
        Share,
        PROB,
        "Share of the roadmap agreed per week of indirect talks through the Europeans (at full engagement).",
        |p| p.talks.indirect_progress_per_week
    ),
    spec!(
        "talks.direct_progress_per_week",
        Share,
        PROB,
        "Share of the roadmap agreed per week of direct talks (at full engagement).",
        |p| p.talks.direct_progress_per_week
    ),
    spec!(
        "talks.indirect_misread_prob",
        Probability,
        PROB,
        "Probability per week of indirect talks that a message is misread.",
        |p| p.talks.indirect_misread_prob
    ),
    spec!(
        "talks.direct_misread_prob",
        Probability,
        PROB,
        "Probability per week of direct talks that a message is misread.",
        |p| p.talks.direct_misread_prob
    ),
    spec!(
        "talks.misread_setback",
        Share,
        PROB,
        "Share of the roadmap a misread message costs.",
        |p| p.talks.misread_setback
    ),
    spec!(
        "talks.indirect_decisions_per_week",
        PerWeek,
        Range::closed(0.0, 50.0),
        "Decision opportunities per week of each government while talks are indirect (the pace of diplomacy).",
        |p| p.talks.indirect_decisions_per_week
    ),
    spec!(
        "talks.direct_decisions_per_week",
        PerWeek,
        Range::closed(0.0, 50.0),
        "Decision opportunities per week of each government at the same table.",
        |p| p.talks.direct_decisions_per_week
    ),
    // The protocol.
    spec!(
        "protocol.reciprocation_window_weeks",
        Weeks,
        Range::positive(520.0),
        "Mean weeks a first mover waits for the other half before reversing its own (a memoryless window).",
        |p| p.protocol.reciprocation_window_weeks
    ),
    // The hardliners.
    spec!(
        "hardliners.veto_strength",
        Share,
        PROB,
        "Weight of the hardliners' own stakes when they decide whether to veto an Iranian move.",
        |p| p.hardliners.veto_strength
    ),
    spec!(
        "hardliners.rationality",
        PerUtil,
        Range::closed(0.0, 100.0),
        "Logit precision of the hardliners' veto decisions.",
        |p| p.hardliners.rationality
    ),
    spec!(
        "hardliners.win_value",
        Utils,
        UTILS,
        "Value to the hardliners of winning the presidency.",
        |p| p.hardliners.win_value
    ),
    spec!(
        "hardliners.relief_value",
        Utils,
        UTILS,
        "Value to the hardliners of sanctions relief, per unit in force at the horizon.",
        |p| p.hardliners.relief_value
    ),
    spec!(
        "hardliners.concession_cost",
        Utils,
        UTILS,
        "Cost to the hardliners of each unit of compliance Iran restores by the horizon.",
        |p| p.hardliners.concession_cost
    ),
    spec!(
        "hardliners.blocking_cost",
        Utils,
        UTILS,
        "Political cost to the hardliners of exercising a veto.",
        |p| p.hardliners.blocking_cost
    ),
    spec!(
        "hardliners.override_base",
        Probability,
        PROB,
        "Probability that the Supreme National Security Council overrides a veto on its own.",
        |p| p.hardliners.override_base
    ),
    spec!(
        "hardliners.outside_pushback",
        Probability,
        PROB,
        "Extra override probability from Russian and Chinese pushback.",
        |p| p.hardliners.outside_pushback
    ),
    // The election.
    spec!(
        "election.campaign_progress_factor",
        Share,
        PROB,
        "Factor on Iran's engagement (its decision opportunities, roadmap progress, choreography) from the campaign's start to the vote.",
        |p| p.election.campaign_progress_factor
    ),
    spec!(
        "election.transition_progress_factor",
        Share,
        PROB,
        "Factor on Iran's engagement from the vote until the new government has settled in.",
        |p| p.election.transition_progress_factor
    ),
    spec!(
        "election.settling_weeks",
        Weeks,
        Range::closed(0.0, 520.0),
        "Weeks after the inauguration during which the new government is still settling in.",
        |p| p.election.settling_weeks
    ),
    spec!(
        "election.hardliner_win_base",
        Probability,
        PROB,
        "Probability that a hardliner wins the presidency when no relief has been delivered before the vote.",
        |p| p.election.hardliner_win_base
    ),
    spec!(
        "election.relief_effect",
        Factor,
        Range::closed(0.0, 10.0),
        "Reduction of the hardliner win probability per unit of relief delivered before the vote.",
        |p| p.election.relief_effect
    ),
    spec!(
        "election.hardliner_government.veto_factor",
        Factor,
        Range::closed(0.0, 10.0),
        "Factor on the hardliners' veto weight once a hardliner government is inaugurated (one camp holds every branch).",
        |p| p.election.hardliner_veto_factor
    ),
    spec!(
        "election.hardliner_government.concession_factor",
        Factor,
        Range::closed(0.0, 10.0),
        "Factor on Iran's cost of conceding first under a hardliner government.",
        |p| p.election.hardliner_concession_factor
    ),
    // The IAEA.
    spec!(
        "iaea.extension_weeks",
        Weeks,
        Range::positive(520.0),
        "Mean weeks an extension of the monitoring understanding lasts (memoryless).",
        |p| p.iaea.extension_weeks
    ),
    spec!(
        "iaea.censure_base",
        Probability,
        PROB,
        "Probability of a censure resolution at a Board meeting.",
        |p| p.iaea.censure_base
    ),
    spec!(
        "iaea.censure_intransigence",
        Probability,
        PROB,
        "Extra censure probability while Iran refuses talks (the US portrays it as intransigent).",
        |p| p.iaea.censure_intransigence
    ),
    spec!(
        "iaea.censure_lapse_boost",
        Probability,
        PROB,
        "Extra censure probability while monitoring has lapsed.",
        |p| p.iaea.censure_lapse_boost
    ),
    spec!(
        "iaea.censure_tension",
        Escalation,
        Range::closed(0.0, 10.0),
        "Momentary tension a censure adds to escalation.",
        |p| p.iaea.censure_tension
    ),
    spec!(
        "iaea.lapse_escalation",
        Escalation,
        Range::closed(0.0, 10.0),
        "Escalation added while monitoring has lapsed.",
        |p| p.iaea.lapse_escalation
    ),
    // Escalation and the law.
    spec!(
        "escalation.nuclear_weight",
        Escalation,
        Range::closed(0.0, 10.0),
        "Escalation per unit of non-compliance (1 - compliance).",
        |p| p.escalation.nuclear_weight
    ),
    spec!(
        "escalation.collapse_threshold",
        Escalation,
        Range::positive(100.0),
        "Escalation at or above which, with monitoring lapsed, the deal collapses.",
        |p| p.escalation.collapse_threshold
    ),
    spec!(
        "escalation.law_interval_weeks",
        Weeks,
        Range::positive(520.0),
        "Weeks between the escalation steps Iran's sanctions law schedules.",
        |p| p.escalation.law_interval_weeks
    ),
    spec!(
        "escalation.law_compliance_drop",
        Share,
        PROB,
        "Compliance each law step takes away while relief is below the law's threshold.",
        |p| p.escalation.law_compliance_drop
    ),
    spec!(
        "escalation.law_relief_threshold",
        Share,
        PROB,
        "Relief at or above which the law's escalation steps are suspended.",
        |p| p.escalation.law_relief_threshold
    ),
    // The mediator.
    spec!(
        "mediator.choreography_exposure_factor",
        Share,
        PROB,
        "Share of its first-mover exposure a side bears when it commits to a choreographed move that then fails.",
        |p| p.mediator.choreography_exposure_factor
    ),
    // Linkage.
    spec!(
        "linkage.iran_value_loss",
        Share,
        PROB,
        "Share of the deal's value to Iran lost when relief is tied to missiles and regional issues.",
        |p| p.linkage.iran_value_loss
    ),
    spec!(
        "linkage.us_leverage_bonus",
        UtilsPerMonth,
        UTILS,
        "Extra value to the US, per month, of each unit of relief withheld for non-nuclear concessions.",
        |p| p.linkage.us_leverage_bonus
    ),
    spec!(
        "linkage.assurance_trust_loss",
        Share,
        PROB,
        "Share of Iran's prior that the US reciprocates lost because assurances of a nuclear-only agenda are refused.",
        |p| p.linkage.assurance_trust_loss
    ),
];

macro_rules! shock_field {
    ($key:literal, $unit:ident, $range:expr, $required:literal, $meaning:literal, |$s:ident| $field:expr) => {
        ShockFieldSpec {
            key: $key,
            unit: Unit::$unit,
            range: $range,
            required: $required,
            meaning: $meaning,
            field: |$s: &mut ShockParams| &mut $field,
        }
    };
}

/// The fields of every shock type `[shocks.<name>]`.
pub static SHOCK_FIELDS: &[ShockFieldSpec] = &[
    shock_field!(
        "rate_per_year",
        PerYear,
        Range::closed(0.0, 520.0),
        true,
        "Expected number of such incidents per year.",
        |s| s.rate_per_year
    ),
    shock_field!(
        "tension",
        Escalation,
        Range::closed(0.0, 10.0),
        false,
        "Momentary tension the incident adds to escalation: with monitoring lapsed it can tip the deal into collapse.",
        |s| s.tension
    ),
    shock_field!(
        "pause_weeks",
        Weeks,
        Range::closed(0.0, 520.0),
        false,
        "Weeks of roadmap progress the incident costs the talks.",
        |s| s.pause_weeks
    ),
    shock_field!(
        "pain_change",
        Factor,
        Range::closed(-1.0, 10.0),
        false,
        "Change in the multiplier on Iran's sanctions pain (humanitarian pressure).",
        |s| s.pain_change
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_fields_distinct() {
        let mut p = ModelParams::default();
        for (i, spec) in PARAMS.iter().enumerate() {
            assert!(
                PARAMS[..i].iter().all(|s| s.path != spec.path),
                "{} twice",
                spec.path
            );
            *(spec.field)(&mut p) = (i + 1) as f64;
        }
        // If two specs shared a field, the earlier would have been overwritten.
        for (i, spec) in PARAMS.iter().enumerate() {
            assert_eq!(*(spec.field)(&mut p), (i + 1) as f64, "{}", spec.path);
        }
    }

    #[test]
    fn shock_fields_distinct() {
        let mut s = ShockParams::default();
        for (i, f) in SHOCK_FIELDS.iter().enumerate() {
            *(f.field)(&mut s) = (i + 1) as f64;
        }
        for (i, f) in SHOCK_FIELDS.iter().enumerate() {
            assert_eq!(*(f.field)(&mut s), (i + 1) as f64, "{}", f.key);
        }
    }

    #[test]
    fn ranges() {
        assert!(PROB.contains(0.0) && PROB.contains(1.0) && !PROB.contains(1.01));
        assert!(!PROB.contains(f64::NAN));
        let pos = Range::positive(5.0);
        assert!(!pos.contains(0.0) && pos.contains(0.1));
        assert_eq!(pos.describe(), "a number in (0, 5]");
    }
}
