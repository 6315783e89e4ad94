//! The numeric parameters of the model, as plain values for one trial.
//!
//! [`ModelParams`] is what the trial function reads: every number is a fixed `f64`. A scenario may
//! give any of these as a distribution; the engine then draws a fresh `ModelParams` for each trial
//! (see [`crate::scenario::Scenario::draw_params`]). The meaning, unit, allowed range and evidence of
//! each field live in [`crate::registry`], which is also how files, `--set` and sweeps address them.

/// Most shock types a scenario may define (the parameters are kept in a fixed array so that a
/// trial's parameters are `Copy` and drawing them never allocates).
pub const MAX_SHOCK_TYPES: usize = 8;

/// Parameters shared by both governments' decision rules.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ActorParams {
    /// Initial belief (probability) that the other side will reciprocate a step.
    pub initial_trust: f64,
    /// Value of a fully restored deal to this side (utils).
    pub deal_value: f64,
    /// Cost per month of the standoff (utils/month): sanctions pain for Iran at zero relief,
    /// escalation risk for the US per unit of escalation.
    pub waiting_cost_per_month: f64,
    /// Loss per unit of own step if the other side does not reciprocate (utils).
    pub first_mover_exposure: f64,
    /// Cost per unit of own step of conceding first, under pressure (utils).
    pub pressure_concession_cost: f64,
    /// Bargaining leverage given up per unit of own step (utils): Iran's nuclear steps, the US's
    /// sanctions.
    pub leverage_cost: f64,
    /// Months of waiting cost a side counts as saved when it weighs a step (months).
    pub planning_horizon_months: f64,
    /// Logit (quantal response) precision: how sharply choices follow utility (1/util).
    pub rationality: f64,
}

/// Iran's government.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct IranParams {
    /// Decision parameters common to both sides.
    pub actor: ActorParams,
    /// Cost of joining talks and leaving empty-handed (utils).
    pub empty_handed_cost: f64,
    /// Cost of sitting at the same table as the US (utils).
    pub direct_talks_aversion: f64,
    /// Domestic value of retaliating against an IAEA censure, per unit of hardliner strength (utils).
    pub retaliation_value: f64,
}

/// The US administration.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UsParams {
    /// Decision parameters common to both sides.
    pub actor: ActorParams,
    /// Value of keeping withheld sanctions as leverage for later, non-nuclear concessions, per unit
    /// of relief withheld (utils).
    pub qualified_relief_value: f64,
    /// Share of a relief step withheld under non-nuclear labels when relief is qualified.
    pub qualified_share: f64,
}

/// How trust moves with what each side observes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TrustParams {
    /// Share of the distance to full trust gained when the other side performs its half of a step.
    pub reciprocation_gain: f64,
    /// Share of trust lost when the other side lets a step lapse without reciprocating.
    pub defection_loss: f64,
    /// Share of Iran's trust lost when US relief comes qualified.
    pub qualified_relief_loss: f64,
    /// Share of Iran's trust lost when the IAEA Board censures Iran.
    pub censure_loss: f64,
    /// Share of both sides' trust lost per misunderstood message.
    pub misread_loss: f64,
    /// Trust below which a side declares the deal dead.
    pub dead_floor: f64,
    /// Half-life over which trust soured by shocks, censures and misreads recovers (weeks).
    pub atmosphere_half_life_weeks: f64,
}

/// State at the start date.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct InitialParams {
    /// Share of the JCPOA's nuclear limits Iran still observes.
    pub compliance: f64,
    /// Share of nuclear-related sanctions relief already delivered.
    pub relief: f64,
    /// Atmospheric tension from recent incidents (escalation units).
    pub tension: f64,
}

/// The talks channel: indirect via the Europeans, or direct.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TalksParams {
    /// Share of the roadmap agreed per week of indirect talks.
    pub indirect_progress_per_week: f64,
    /// Share of the roadmap agreed per week of direct talks.
    pub direct_progress_per_week: f64,
    /// Probability per week of indirect talks that a message is misread.
    pub indirect_misread_prob: f64,
    /// Probability per week of direct talks that a message is misread.
    pub direct_misread_prob: f64,
    /// Share of roadmap progress lost to a misread message.
    pub misread_setback: f64,
}

/// Rules of the sequencing protocol that are numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ProtocolParams {
    /// Weeks a first mover waits for the other side's half before reversing its own.
    pub reciprocation_window_weeks: f64,
}

/// Iran's hardliners as a veto player.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HardlinerParams {
    /// Hardliner strength at the start (0–1).
    pub initial_strength: f64,
    /// Probability that a fully strong hardline camp blocks an Iranian step, far from the election.
    pub veto_strength: f64,
    /// Relative increase of the veto probability at the election date.
    pub election_proximity_boost: f64,
    /// Weeks before the election over which the proximity boost ramps up (weeks).
    pub proximity_window_weeks: f64,
    /// Probability that the Supreme National Security Council overrides a veto, on its own.
    pub override_base: f64,
    /// Extra override probability from outside (Russian, Chinese) pushback.
    pub outside_pushback: f64,
    /// Hardliner strength gained from the backlash after an override.
    pub override_backlash: f64,
    /// Hardliner strength lost per unit of relief delivered before the election.
    pub relief_erosion: f64,
    /// Weeks an unresolved veto keeps Iran's protocol moves blocked (weeks).
    pub block_weeks: f64,
    /// Half-life over which swings in hardliner strength (shocks, backlash, relief) fade back to
    /// the camp's standing strength (weeks).
    pub recovery_half_life_weeks: f64,
}

/// Iran's presidential election and what the winner changes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ElectionParams {
    /// Expected share of campaign weeks in which Iran's side engages at all.
    pub campaign_progress_factor: f64,
    /// Expected share of weeks from the election until the new government has settled in, in
    /// which Iran's side engages.
    pub transition_progress_factor: f64,
    /// Weeks after the inauguration during which the new government is still settling in (weeks).
    pub settling_weeks: f64,
    /// Probability that a hardliner wins, at the initial hardliner strength and no relief.
    pub hardliner_win_base: f64,
    /// Change in that probability per unit change of hardliner strength since the start.
    pub strength_effect: f64,
    /// Reduction in that probability per unit of relief delivered before the vote.
    pub relief_effect: f64,
    /// Factor on the veto probability once a hardliner government is inaugurated.
    pub hardliner_veto_factor: f64,
    /// Factor on Iran's trust at a hardliner inauguration.
    pub hardliner_trust_factor: f64,
    /// Factor on Iran's cost of conceding under pressure under a hardliner government.
    pub hardliner_concession_factor: f64,
    /// Change in hardliner strength when a moderate is inaugurated.
    pub moderate_strength_change: f64,
}

/// The IAEA: the monitoring understanding and the Board of Governors.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct IaeaParams {
    /// Weeks an extension of the monitoring understanding lasts (weeks).
    pub extension_weeks: f64,
    /// Probability of a censure resolution at a Board meeting.
    pub censure_base: f64,
    /// Extra censure probability while Iran refuses talks (the US portrays it as intransigent).
    pub censure_intransigence: f64,
    /// Extra censure probability while monitoring has lapsed.
    pub censure_lapse_boost: f64,
    /// Tension added by a censure (escalation units).
    pub censure_tension: f64,
    /// Escalation added while monitoring has lapsed (escalation units).
    pub lapse_escalation: f64,
}

/// Escalation and the collapse threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EscalationParams {
    /// Escalation per unit of non-compliance (escalation units).
    pub nuclear_weight: f64,
    /// Escalation at or above which, with monitoring lapsed, the deal collapses.
    pub collapse_threshold: f64,
    /// Weeks between the escalation steps Iran's law schedules (weeks).
    pub law_interval_weeks: f64,
    /// Compliance lost at each law-scheduled escalation step.
    pub law_compliance_drop: f64,
    /// Relief at or above which the law's escalation schedule is suspended.
    pub law_relief_threshold: f64,
    /// Half-life of atmospheric tension (weeks).
    pub tension_half_life_weeks: f64,
}

/// The Europeans as mediator.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MediatorParams {
    /// Share of first-mover exposure that remains when the mediator choreographs a joint move.
    pub choreography_exposure_factor: f64,
}

/// Tying re-entry to missiles and regional issues (a "better deal").
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LinkageParams {
    /// Share of the deal's value to Iran lost when relief is conditioned on non-nuclear issues.
    pub iran_value_loss: f64,
    /// Extra value to the US of withholding relief as leverage for non-nuclear concessions (utils
    /// per unit of relief withheld).
    pub us_leverage_bonus: f64,
    /// Share of Iran's initial trust lost because assurances of a nuclear-only agenda are refused.
    pub assurance_trust_loss: f64,
}

/// One type of exogenous shock: how often it happens and what it does.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ShockParams {
    /// Expected number of such incidents per year (1/year).
    pub rate_per_year: f64,
    /// Share of Iran's trust lost.
    pub iran_trust_loss: f64,
    /// Share of the US's trust lost.
    pub us_trust_loss: f64,
    /// Change in hardliner strength.
    pub hardliner_change: f64,
    /// Tension added (escalation units).
    pub tension: f64,
    /// Weeks the talks are suspended (weeks).
    pub pause_weeks: f64,
    /// Change in the multiplier on Iran's sanctions pain (humanitarian pressure).
    pub pain_change: f64,
}

/// Every number the model uses in one trial.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ModelParams {
    /// Iran's government.
    pub iran: IranParams,
    /// The US administration.
    pub us: UsParams,
    /// Trust dynamics.
    pub trust: TrustParams,
    /// State at the start.
    pub initial: InitialParams,
    /// The talks channel.
    pub talks: TalksParams,
    /// Protocol timing.
    pub protocol: ProtocolParams,
    /// The hardliner veto.
    pub hardliners: HardlinerParams,
    /// The election.
    pub election: ElectionParams,
    /// The IAEA.
    pub iaea: IaeaParams,
    /// Escalation.
    pub escalation: EscalationParams,
    /// The mediator.
    pub mediator: MediatorParams,
    /// Linkage to non-nuclear issues.
    pub linkage: LinkageParams,
    /// Shock types, in the order the scenario lists them (only the first `Scenario::shocks().len()`
    /// entries are used).
    pub shocks: [ShockParams; MAX_SHOCK_TYPES],
}
