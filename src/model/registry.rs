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
    /// Calendar months.
    Months,
    /// Weeks.
    Weeks,
    /// Expected events per year.
    PerYear,
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
            Unit::Months => "months",
            Unit::Weeks => "weeks",
            Unit::PerYear => "1/year",
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
        "Iran's initial belief that the US will reciprocate a step in full.",
        |p| p.iran.actor.initial_trust
    ),
    spec!(
        "iran.deal_value",
        Utils,
        UTILS,
        "Value to Iran of a fully restored deal (full relief); the scale all utils are measured against.",
        |p| p.iran.actor.deal_value
    ),
    spec!(
        "iran.waiting_cost_per_month",
        UtilsPerMonth,
        UTILS,
        "Sanctions pain per month at zero relief; scaled by (1 - relief) and the humanitarian pain multiplier.",
        |p| p.iran.actor.waiting_cost_per_month
    ),
    spec!(
        "iran.first_mover_exposure",
        Utils,
        UTILS,
        "Loss per unit of compliance restored first if the US then does not reciprocate.",
        |p| p.iran.actor.first_mover_exposure
    ),
    spec!(
        "iran.pressure_concession_cost",
        Utils,
        UTILS,
        "Cost per unit of compliance restored first while sanctions pressure stays: it validates pressure as a tool.",
        |p| p.iran.actor.pressure_concession_cost
    ),
    spec!(
        "iran.leverage_cost",
        Utils,
        UTILS,
        "Nuclear bargaining leverage Iran gives up per unit of compliance restored.",
        |p| p.iran.actor.leverage_cost
    ),
    spec!(
        "iran.planning_horizon_months",
        Months,
        Range::closed(0.0, 120.0),
        "Months of sanctions pain Iran counts as saved when it weighs a step.",
        |p| p.iran.actor.planning_horizon_months
    ),
    spec!(
        "iran.rationality",
        PerUtil,
        Range::closed(0.0, 100.0),
        "Logit precision of Iran's choices: 0 is a coin flip, large is strict utility maximisation.",
        |p| p.iran.actor.rationality
    ),
    spec!(
        "iran.empty_handed_cost",
        Utils,
        UTILS,
        "Cost to Iran's government of joining talks (or keeping monitoring) and coming away empty-handed.",
        |p| p.iran.empty_handed_cost
    ),
    spec!(
        "iran.direct_talks_aversion",
        Utils,
        UTILS,
        "Cost to Iran of sitting at the same table as the US.",
        |p| p.iran.direct_talks_aversion
    ),
    spec!(
        "iran.retaliation_value",
        Utils,
        UTILS,
        "Domestic value of retaliating against an IAEA censure, per unit of hardliner strength.",
        |p| p.iran.retaliation_value
    ),
    // The US administration.
    spec!(
        "us.initial_trust",
        Probability,
        PROB,
        "The US's initial belief that Iran will reciprocate a step in full.",
        |p| p.us.actor.initial_trust
    ),
    spec!(
        "us.deal_value",
        Utils,
        UTILS,
        "Value to the US of Iran's full return to compliance (non-proliferation).",
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
        "Loss per unit of relief given first if Iran then does not reciprocate.",
        |p| p.us.actor.first_mover_exposure
    ),
    spec!(
        "us.pressure_concession_cost",
        Utils,
        UTILS,
        "Domestic and strategic cost per unit of relief given before Iran has moved.",
        |p| p.us.actor.pressure_concession_cost
    ),
    spec!(
        "us.leverage_cost",
        Utils,
        UTILS,
        "Sanctions leverage the US gives up per unit of relief.",
        |p| p.us.actor.leverage_cost
    ),
    spec!(
        "us.planning_horizon_months",
        Months,
        Range::closed(0.0, 120.0),
        "Months of escalation cost the US counts as saved when it weighs a step.",
        |p| p.us.actor.planning_horizon_months
    ),
    spec!(
        "us.rationality",
        PerUtil,
        Range::closed(0.0, 100.0),
        "Logit precision of the US's choices.",
        |p| p.us.actor.rationality
    ),
    spec!(
        "us.qualified_relief_value",
        Utils,
        UTILS,
        "Value to the US of withholding relief under non-nuclear labels, per unit withheld, as leverage for later concessions.",
        |p| p.us.qualified_relief_value
    ),
    spec!(
        "us.qualified_share",
        Share,
        PROB,
        "Share of a relief step withheld when the US qualifies its relief.",
        |p| p.us.qualified_share
    ),
    // Trust dynamics.
    spec!(
        "trust.reciprocation_gain",
        Share,
        PROB,
        "Share of the distance to full trust a side gains when the other performs its half of a step.",
        |p| p.trust.reciprocation_gain
    ),
    spec!(
        "trust.defection_loss",
        Share,
        PROB,
        "Share of trust a side loses when the other lets a step lapse without reciprocating.",
        |p| p.trust.defection_loss
    ),
    spec!(
        "trust.qualified_relief_loss",
        Share,
        PROB,
        "Share of Iran's trust lost when US relief comes qualified.",
        |p| p.trust.qualified_relief_loss
    ),
    spec!(
        "trust.censure_loss",
        Share,
        PROB,
        "Share of Iran's trust lost when the IAEA Board censures Iran.",
        |p| p.trust.censure_loss
    ),
    spec!(
        "trust.misread_loss",
        Share,
        PROB,
        "Share of both sides' trust lost per misunderstood message.",
        |p| p.trust.misread_loss
    ),
    spec!(
        "trust.dead_floor",
        Probability,
        PROB,
        "Trust below which a side declares the deal dead (collapse).",
        |p| p.trust.dead_floor
    ),
    spec!(
        "trust.atmosphere_half_life_weeks",
        Weeks,
        Range::positive(520.0),
        "Half-life over which trust soured by shocks, censures and misread messages recovers.",
        |p| p.trust.atmosphere_half_life_weeks
    ),
    // State at the start.
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
    spec!(
        "initial.tension",
        Escalation,
        Range::closed(0.0, 10.0),
        "Atmospheric tension at the start from recent incidents.",
        |p| p.initial.tension
    ),
    // The talks channel.
    spec!(
        "talks.indirect_progress_per_week",
        Share,
        PROB,
        "Share of the roadmap agreed per week of indirect talks through the Europeans.",
        |p| p.talks.indirect_progress_per_week
    ),
    spec!(
        "talks.direct_progress_per_week",
        Share,
        PROB,
        "Share of the roadmap agreed per week of direct talks.",
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
        "Share of the roadmap lost to a misread message.",
        |p| p.talks.misread_setback
    ),
    // Protocol timing.
    spec!(
        "protocol.reciprocation_window_weeks",
        Weeks,
        Range::positive(520.0),
        "Weeks a first mover waits for the other side's half before reversing its own step.",
        |p| p.protocol.reciprocation_window_weeks
    ),
    // Hardliners.
    spec!(
        "hardliners.initial_strength",
        Share,
        PROB,
        "Strength of the hardline camp at the start (it holds parliament and the judiciary).",
        |p| p.hardliners.initial_strength
    ),
    spec!(
        "hardliners.veto_strength",
        Probability,
        PROB,
        "Probability that a fully strong hardline camp blocks an Iranian step or acceptance, far from the election.",
        |p| p.hardliners.veto_strength
    ),
    spec!(
        "hardliners.election_proximity_boost",
        Factor,
        Range::closed(0.0, 100.0),
        "Relative increase of the veto probability at the election date (1 doubles it).",
        |p| p.hardliners.election_proximity_boost
    ),
    spec!(
        "hardliners.proximity_window_weeks",
        Weeks,
        Range::positive(520.0),
        "Weeks before the election over which the proximity boost ramps up linearly.",
        |p| p.hardliners.proximity_window_weeks
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
    spec!(
        "hardliners.override_backlash",
        Share,
        PROB,
        "Hardliner strength gained from the backlash after an override.",
        |p| p.hardliners.override_backlash
    ),
    spec!(
        "hardliners.block_weeks",
        Weeks,
        Range::closed(0.0, 520.0),
        "Weeks an unresolved veto keeps Iran's protocol moves blocked (the fight goes to parliament and the security council).",
        |p| p.hardliners.block_weeks
    ),
    spec!(
        "hardliners.recovery_half_life_weeks",
        Weeks,
        Range::positive(5200.0),
        "Half-life over which swings in hardliner strength from shocks, backlash and relief fade back to the camp's standing strength.",
        |p| p.hardliners.recovery_half_life_weeks
    ),
    spec!(
        "hardliners.relief_erosion",
        Share,
        PROB,
        "Hardliner strength lost per unit of relief delivered before the election.",
        |p| p.hardliners.relief_erosion
    ),
    // The election.
    spec!(
        "election.campaign_progress_factor",
        Share,
        PROB,
        "Expected share of campaign weeks in which Iran's side engages at all.",
        |p| p.election.campaign_progress_factor
    ),
    spec!(
        "election.transition_progress_factor",
        Share,
        PROB,
        "Expected share of weeks from the election until the new government has settled in, in which Iran's side engages.",
        |p| p.election.transition_progress_factor
    ),
    spec!(
        "election.settling_weeks",
        Weeks,
        Range::closed(0.0, 520.0),
        "Weeks after the inauguration during which the new government is still settling in (the transition factor still applies).",
        |p| p.election.settling_weeks
    ),
    spec!(
        "election.hardliner_win_base",
        Probability,
        PROB,
        "Probability that a hardliner wins the presidency at the initial hardliner strength and no relief.",
        |p| p.election.hardliner_win_base
    ),
    spec!(
        "election.strength_effect",
        Factor,
        Range::closed(0.0, 10.0),
        "Change in the hardliner win probability per unit change in hardliner strength since the start.",
        |p| p.election.strength_effect
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
        "Factor on the veto probability once a hardliner government is inaugurated (one camp holds every branch).",
        |p| p.election.hardliner_veto_factor
    ),
    spec!(
        "election.hardliner_government.trust_factor",
        Factor,
        Range::closed(0.0, 1.0),
        "Factor applied to Iran's trust at a hardliner inauguration.",
        |p| p.election.hardliner_trust_factor
    ),
    spec!(
        "election.hardliner_government.concession_factor",
        Factor,
        Range::closed(0.0, 10.0),
        "Factor on Iran's cost of conceding under pressure under a hardliner government.",
        |p| p.election.hardliner_concession_factor
    ),
    spec!(
        "election.moderate_government.strength_change",
        Factor,
        Range::closed(-1.0, 1.0),
        "Change in hardliner strength when a moderate president is inaugurated.",
        |p| p.election.moderate_strength_change
    ),
    // The IAEA.
    spec!(
        "iaea.extension_weeks",
        Weeks,
        Range::positive(520.0),
        "Weeks each extension of the monitoring understanding lasts.",
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
        "Tension added by a censure.",
        |p| p.iaea.censure_tension
    ),
    spec!(
        "iaea.lapse_escalation",
        Escalation,
        Range::closed(0.0, 10.0),
        "Escalation added while monitoring has lapsed.",
        |p| p.iaea.lapse_escalation
    ),
    // Escalation.
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
        "Compliance lost at each law-scheduled escalation step.",
        |p| p.escalation.law_compliance_drop
    ),
    spec!(
        "escalation.law_relief_threshold",
        Share,
        PROB,
        "Relief at or above which the law's escalation schedule is suspended.",
        |p| p.escalation.law_relief_threshold
    ),
    spec!(
        "escalation.tension_half_life_weeks",
        Weeks,
        Range::positive(520.0),
        "Half-life of atmospheric tension.",
        |p| p.escalation.tension_half_life_weeks
    ),
    // The mediator.
    spec!(
        "mediator.choreography_exposure_factor",
        Share,
        PROB,
        "Share of first-mover exposure left when the Europeans choreograph a joint move.",
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
        Utils,
        UTILS,
        "Extra value to the US of withholding relief for non-nuclear concessions, per unit withheld.",
        |p| p.linkage.us_leverage_bonus
    ),
    spec!(
        "linkage.assurance_trust_loss",
        Share,
        PROB,
        "Share of Iran's initial trust lost because assurances of a nuclear-only agenda are refused.",
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
        "iran_trust_loss",
        Share,
        PROB,
        false,
        "Share of Iran's trust lost.",
        |s| s.iran_trust_loss
    ),
    shock_field!(
        "us_trust_loss",
        Share,
        PROB,
        false,
        "Share of the US's trust lost.",
        |s| s.us_trust_loss
    ),
    shock_field!(
        "hardliner_change",
        Factor,
        Range::closed(-1.0, 1.0),
        false,
        "Change in hardliner strength.",
        |s| s.hardliner_change
    ),
    shock_field!(
        "tension",
        Escalation,
        Range::closed(0.0, 10.0),
        false,
        "Tension added.",
        |s| s.tension
    ),
    shock_field!(
        "pause_weeks",
        Weeks,
        Range::closed(0.0, 520.0),
        false,
        "Weeks the talks are suspended.",
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
