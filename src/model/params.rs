//! The numeric parameters of the model, as plain values.
//!
//! [`ModelParams`] holds every number the game reads. A scenario may give any of them as a
//! distribution: the equilibrium is solved at the *planning* values (each distribution's mean,
//! except where `docs/model.md` §3 says otherwise), and each trial then draws its own
//! `ModelParams`, which nature's processes in that trial follow. The meaning, unit, allowed range
//! and evidence of each field live in the [`registry`](super::registry), which is also how files,
//! `--set` and sweeps address them.

/// Most shock types a scenario may define (the parameters are kept in a fixed array so that a
/// trial's parameters are `Copy` and drawing them never allocates).
pub(crate) const MAX_SHOCK_TYPES: usize = 8;

/// Payoff and choice parameters shared by both governments.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ActorParams {
    /// Prior probability that the other government is the reciprocating type.
    pub(crate) initial_trust: f64,
    /// Value of the other side's full return, per unit of its level (utils).
    pub(crate) deal_value: f64,
    /// Cost of the standoff per month (utils/month): Iran's sanctions pain at zero relief, the
    /// US's cost per unit of escalation.
    pub(crate) waiting_cost_per_month: f64,
    /// One-off loss per unit of its own half when a first move lapses unanswered (utils).
    pub(crate) first_mover_exposure: f64,
    /// One-off cost per unit of its own half of moving first, under pressure (utils).
    pub(crate) pressure_concession_cost: f64,
    /// Leverage given up per unit of its own level at the horizon (utils).
    pub(crate) leverage_cost: f64,
    /// Logit precision of its choices (1/util).
    pub(crate) rationality: f64,
    /// One-off value of declaring the deal dead and turning to the alternative policy (utils).
    pub(crate) walk_away_value: f64,
}

/// Iran's government.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct IranParams {
    /// Parameters common to both governments.
    pub(crate) actor: ActorParams,
    /// Cost of having opened talks and come away with nothing by the horizon (utils).
    pub(crate) empty_handed_cost: f64,
    /// One-off cost of sitting at the same table as the US (utils).
    pub(crate) direct_talks_aversion: f64,
    /// One-off domestic value of retaliating against a censure by ending monitoring (utils).
    pub(crate) retaliation_value: f64,
    /// Value to an exploiting Iran of each unit of US relief it pockets without answering (utils).
    pub(crate) exploitation_value: f64,
}

/// The US administration.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct UsParams {
    /// Parameters common to both governments.
    pub(crate) actor: ActorParams,
    /// Value to an exploiting US of each unit of relief withheld under non-nuclear labels (utils).
    pub(crate) qualified_relief_value: f64,
    /// Share of a relief half withheld when relief is qualified.
    pub(crate) qualified_share: f64,
}

/// State at the start date.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct InitialParams {
    /// Share of the JCPOA's nuclear limits Iran still observes.
    pub(crate) compliance: f64,
    /// Share of nuclear-related sanctions relief already delivered.
    pub(crate) relief: f64,
}

/// The talks channel: indirect via the Europeans, or direct.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct TalksParams {
    /// Share of the roadmap agreed per week of indirect talks.
    pub(crate) indirect_progress_per_week: f64,
    /// Share of the roadmap agreed per week of direct talks.
    pub(crate) direct_progress_per_week: f64,
    /// Probability per week of indirect talks that a message is misread.
    pub(crate) indirect_misread_prob: f64,
    /// Probability per week of direct talks that a message is misread.
    pub(crate) direct_misread_prob: f64,
    /// Share of the roadmap a misread message costs.
    pub(crate) misread_setback: f64,
    /// Decision opportunities per week of each government through the indirect channel.
    pub(crate) indirect_decisions_per_week: f64,
    /// Decision opportunities per week of each government at the same table.
    pub(crate) direct_decisions_per_week: f64,
}

/// Rules of the sequencing protocol that are numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ProtocolParams {
    /// Mean weeks a first mover waits for the other half before reversing its own.
    pub(crate) reciprocation_window_weeks: f64,
}

/// Iran's hardliners as a veto player.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct HardlinerParams {
    /// Weight of the hardliners' own stakes in a veto decision (0–1).
    pub(crate) veto_strength: f64,
    /// Logit precision of the hardliners' veto decisions (1/util).
    pub(crate) rationality: f64,
    /// Value to the hardliners of winning the presidency (utils).
    pub(crate) win_value: f64,
    /// Value to the hardliners of sanctions relief, per unit at the horizon (utils).
    pub(crate) relief_value: f64,
    /// Cost to the hardliners of each unit of compliance Iran restores (utils).
    pub(crate) concession_cost: f64,
    /// Political cost of exercising a veto (utils).
    pub(crate) blocking_cost: f64,
    /// Probability that the Supreme National Security Council overrides a veto on its own.
    pub(crate) override_base: f64,
    /// Extra override probability from Russian and Chinese pushback.
    pub(crate) outside_pushback: f64,
}

/// Iran's presidential election and what the winner changes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ElectionParams {
    /// Factor on Iran's engagement from the campaign's start to the vote.
    pub(crate) campaign_progress_factor: f64,
    /// Factor on Iran's engagement from the vote until the new government has settled in.
    pub(crate) transition_progress_factor: f64,
    /// Weeks after the inauguration during which the transition factor still applies.
    pub(crate) settling_weeks: f64,
    /// Probability that a hardliner wins when no relief has been delivered.
    pub(crate) hardliner_win_base: f64,
    /// Reduction of that probability per unit of relief delivered before the vote.
    pub(crate) relief_effect: f64,
    /// Factor on the hardliners' veto weight under a hardliner government.
    pub(crate) hardliner_veto_factor: f64,
    /// Factor on Iran's cost of conceding first under a hardliner government.
    pub(crate) hardliner_concession_factor: f64,
}

/// The IAEA: the monitoring understanding and the Board of Governors.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct IaeaParams {
    /// Mean weeks an extension of the monitoring understanding lasts.
    pub(crate) extension_weeks: f64,
    /// Probability of a censure resolution at a Board meeting.
    pub(crate) censure_base: f64,
    /// Extra censure probability while Iran refuses talks.
    pub(crate) censure_intransigence: f64,
    /// Extra censure probability while monitoring has lapsed.
    pub(crate) censure_lapse_boost: f64,
    /// Momentary tension a censure adds (escalation units).
    pub(crate) censure_tension: f64,
    /// Escalation added while monitoring has lapsed (escalation units).
    pub(crate) lapse_escalation: f64,
}

/// Escalation and the collapse threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct EscalationParams {
    /// Escalation per unit of non-compliance.
    pub(crate) nuclear_weight: f64,
    /// Escalation at or above which, with monitoring lapsed, the deal collapses.
    pub(crate) collapse_threshold: f64,
    /// Weeks between the escalation steps Iran's law schedules.
    pub(crate) law_interval_weeks: f64,
    /// Compliance each law step takes away while relief is below the law's threshold.
    pub(crate) law_compliance_drop: f64,
    /// Relief at or above which the law's escalation steps are suspended.
    pub(crate) law_relief_threshold: f64,
}

/// The Europeans as mediator.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct MediatorParams {
    /// Share of first-mover exposure a side bears when it commits to a choreographed move that
    /// fails.
    pub(crate) choreography_exposure_factor: f64,
}

/// Tying re-entry to missiles and regional issues (a "better deal").
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct LinkageParams {
    /// Share of the deal's value to Iran lost when relief is tied to non-nuclear issues.
    pub(crate) iran_value_loss: f64,
    /// Extra value to the US of each unit of relief withheld (utils).
    pub(crate) us_leverage_bonus: f64,
    /// Share of Iran's prior that the US reciprocates lost because assurances are refused.
    pub(crate) assurance_trust_loss: f64,
}

/// One type of exogenous shock: how often it happens and what it does.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ShockParams {
    /// Expected number of such incidents per year (1/year).
    pub(crate) rate_per_year: f64,
    /// Momentary tension added (escalation units).
    pub(crate) tension: f64,
    /// Weeks of roadmap progress the incident costs the talks.
    pub(crate) pause_weeks: f64,
    /// Change in the multiplier on Iran's sanctions pain.
    pub(crate) pain_change: f64,
}

/// Every number the model uses.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ModelParams {
    /// Iran's government.
    pub(crate) iran: IranParams,
    /// The US administration.
    pub(crate) us: UsParams,
    /// State at the start.
    pub(crate) initial: InitialParams,
    /// The talks channel.
    pub(crate) talks: TalksParams,
    /// Protocol timing.
    pub(crate) protocol: ProtocolParams,
    /// The hardliner veto.
    pub(crate) hardliners: HardlinerParams,
    /// The election.
    pub(crate) election: ElectionParams,
    /// The IAEA.
    pub(crate) iaea: IaeaParams,
    /// Escalation.
    pub(crate) escalation: EscalationParams,
    /// The mediator.
    pub(crate) mediator: MediatorParams,
    /// Linkage to non-nuclear issues.
    pub(crate) linkage: LinkageParams,
    /// Shock types, in the order of the scenario's shock names (only the first
    /// [`Rules::shock_count`](super::rules::Rules) entries are used).
    pub(crate) shocks: [ShockParams; MAX_SHOCK_TYPES],
}
