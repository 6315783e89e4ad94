//! The numeric parameters of the model, as plain values for one trial.
//!
//! [`ModelParams`] is what the trial function reads: every number is a fixed `f64`. A scenario may
//! give any of these as a distribution; a fresh `ModelParams` is then drawn for each trial, before
//! it is played. The meaning, unit, allowed range and evidence of each field live in the
//! [`registry`](super::registry), which is also how files, `--set` and sweeps address them.

/// Most shock types a scenario may define (the parameters are kept in a fixed array so that a
/// trial's parameters are `Copy` and drawing them never allocates).
pub(crate) const MAX_SHOCK_TYPES: usize = 8;

/// Parameters shared by both governments' decision rules.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ActorParams {
    /// Initial belief (probability) that the other side will reciprocate a step.
    pub(crate) initial_trust: f64,
    /// Value of a fully restored deal to this side (utils).
    pub(crate) deal_value: f64,
    /// Cost per month of the standoff (utils/month): sanctions pain for Iran at zero relief,
    /// escalation risk for the US per unit of escalation.
    pub(crate) waiting_cost_per_month: f64,
    /// Loss per unit of own step if the other side does not reciprocate (utils).
    pub(crate) first_mover_exposure: f64,
    /// Cost per unit of own step of conceding first, under pressure (utils).
    pub(crate) pressure_concession_cost: f64,
    /// Bargaining leverage given up per unit of own step (utils): Iran's nuclear steps, the US's
    /// sanctions.
    pub(crate) leverage_cost: f64,
    /// Months of waiting cost a side counts as saved when it weighs a step (months).
    pub(crate) planning_horizon_months: f64,
    /// Logit (quantal response) precision: how sharply choices follow utility (1/util).
    pub(crate) rationality: f64,
}

/// Iran's government.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct IranParams {
    /// Decision parameters common to both sides.
    pub(crate) actor: ActorParams,
    /// Cost of joining talks and leaving empty-handed (utils).
    pub(crate) empty_handed_cost: f64,
    /// Cost of sitting at the same table as the US (utils).
    pub(crate) direct_talks_aversion: f64,
    /// Domestic value of retaliating against an IAEA censure, per unit of hardliner strength (utils).
    pub(crate) retaliation_value: f64,
}

/// The US administration.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct UsParams {
    /// Decision parameters common to both sides.
    pub(crate) actor: ActorParams,
    /// Value of keeping withheld sanctions as leverage for later, non-nuclear concessions, per unit
    /// of relief withheld (utils).
    pub(crate) qualified_relief_value: f64,
    /// Share of a relief step withheld under non-nuclear labels when relief is qualified.
    pub(crate) qualified_share: f64,
}

/// How trust moves with what each side observes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct TrustParams {
    /// Share of the distance to full trust gained when the other side performs its half of a step.
    pub(crate) reciprocation_gain: f64,
    /// Share of trust lost when the other side lets a step lapse without reciprocating.
    pub(crate) defection_loss: f64,
    /// Share of Iran's trust lost when US relief comes qualified.
    pub(crate) qualified_relief_loss: f64,
    /// Share of Iran's trust lost when the IAEA Board censures Iran.
    pub(crate) censure_loss: f64,
    /// Share of both sides' trust lost per misunderstood message.
    pub(crate) misread_loss: f64,
    /// Trust below which a side declares the deal dead.
    pub(crate) dead_floor: f64,
    /// Half-life over which trust soured by shocks, censures and misreads recovers (weeks).
    pub(crate) atmosphere_half_life_weeks: f64,
}

/// State at the start date.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct InitialParams {
    /// Share of the JCPOA's nuclear limits Iran still observes.
    pub(crate) compliance: f64,
    /// Share of nuclear-related sanctions relief already delivered.
    pub(crate) relief: f64,
    /// Atmospheric tension from recent incidents (escalation units).
    pub(crate) tension: f64,
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
    /// Share of roadmap progress lost to a misread message.
    pub(crate) misread_setback: f64,
}

/// Rules of the sequencing protocol that are numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ProtocolParams {
    /// Weeks a first mover waits for the other side's half before reversing its own.
    pub(crate) reciprocation_window_weeks: f64,
}

/// Iran's hardliners as a veto player.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct HardlinerParams {
    /// Hardliner strength at the start (0–1).
    pub(crate) initial_strength: f64,
    /// Probability that a fully strong hardline camp blocks an Iranian step, far from the election.
    pub(crate) veto_strength: f64,
    /// Relative increase of the veto probability at the election date.
    pub(crate) election_proximity_boost: f64,
    /// Weeks before the election over which the proximity boost ramps up (weeks).
    pub(crate) proximity_window_weeks: f64,
    /// Probability that the Supreme National Security Council overrides a veto, on its own.
    pub(crate) override_base: f64,
    /// Extra override probability from outside (Russian, Chinese) pushback.
    pub(crate) outside_pushback: f64,
    /// Hardliner strength gained from the backlash after an override.
    pub(crate) override_backlash: f64,
    /// Hardliner strength lost per unit of relief delivered before the election.
    pub(crate) relief_erosion: f64,
    /// Weeks an unresolved veto keeps Iran's protocol moves blocked (weeks).
    pub(crate) block_weeks: f64,
    /// Half-life over which swings in hardliner strength (shocks, backlash, relief) fade back to
    /// the camp's standing strength (weeks).
    pub(crate) recovery_half_life_weeks: f64,
}

/// Iran's presidential election and what the winner changes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ElectionParams {
    /// Expected share of campaign weeks in which Iran's side engages at all.
    pub(crate) campaign_progress_factor: f64,
    /// Expected share of weeks from the election until the new government has settled in, in
    /// which Iran's side engages.
    pub(crate) transition_progress_factor: f64,
    /// Weeks after the inauguration during which the new government is still settling in (weeks).
    pub(crate) settling_weeks: f64,
    /// Probability that a hardliner wins, at the initial hardliner strength and no relief.
    pub(crate) hardliner_win_base: f64,
    /// Change in that probability per unit change of hardliner strength since the start.
    pub(crate) strength_effect: f64,
    /// Reduction in that probability per unit of relief delivered before the vote.
    pub(crate) relief_effect: f64,
    /// Factor on the veto probability once a hardliner government is inaugurated.
    pub(crate) hardliner_veto_factor: f64,
    /// Factor on Iran's trust at a hardliner inauguration.
    pub(crate) hardliner_trust_factor: f64,
    /// Factor on Iran's cost of conceding under pressure under a hardliner government.
    pub(crate) hardliner_concession_factor: f64,
    /// Change in hardliner strength when a moderate is inaugurated.
    pub(crate) moderate_strength_change: f64,
}

/// The IAEA: the monitoring understanding and the Board of Governors.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct IaeaParams {
    /// Weeks an extension of the monitoring understanding lasts (weeks).
    pub(crate) extension_weeks: f64,
    /// Probability of a censure resolution at a Board meeting.
    pub(crate) censure_base: f64,
    /// Extra censure probability while Iran refuses talks (the US portrays it as intransigent).
    pub(crate) censure_intransigence: f64,
    /// Extra censure probability while monitoring has lapsed.
    pub(crate) censure_lapse_boost: f64,
    /// Tension added by a censure (escalation units).
    pub(crate) censure_tension: f64,
    /// Escalation added while monitoring has lapsed (escalation units).
    pub(crate) lapse_escalation: f64,
}

/// Escalation and the collapse threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct EscalationParams {
    /// Escalation per unit of non-compliance (escalation units).
    pub(crate) nuclear_weight: f64,
    /// Escalation at or above which, with monitoring lapsed, the deal collapses.
    pub(crate) collapse_threshold: f64,
    /// Weeks between the escalation steps Iran's law schedules (weeks).
    pub(crate) law_interval_weeks: f64,
    /// Compliance lost at each law-scheduled escalation step.
    pub(crate) law_compliance_drop: f64,
    /// Relief at or above which the law's escalation schedule is suspended.
    pub(crate) law_relief_threshold: f64,
    /// Half-life of atmospheric tension (weeks).
    pub(crate) tension_half_life_weeks: f64,
}

/// The Europeans as mediator.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct MediatorParams {
    /// Share of first-mover exposure that remains when the mediator choreographs a joint move.
    pub(crate) choreography_exposure_factor: f64,
}

/// Tying re-entry to missiles and regional issues (a "better deal").
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct LinkageParams {
    /// Share of the deal's value to Iran lost when relief is conditioned on non-nuclear issues.
    pub(crate) iran_value_loss: f64,
    /// Extra value to the US of withholding relief as leverage for non-nuclear concessions (utils
    /// per unit of relief withheld).
    pub(crate) us_leverage_bonus: f64,
    /// Share of Iran's initial trust lost because assurances of a nuclear-only agenda are refused.
    pub(crate) assurance_trust_loss: f64,
}

/// One type of exogenous shock: how often it happens and what it does.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ShockParams {
    /// Expected number of such incidents per year (1/year).
    pub(crate) rate_per_year: f64,
    /// Share of Iran's trust lost.
    pub(crate) iran_trust_loss: f64,
    /// Share of the US's trust lost.
    pub(crate) us_trust_loss: f64,
    /// Change in hardliner strength.
    pub(crate) hardliner_change: f64,
    /// Tension added (escalation units).
    pub(crate) tension: f64,
    /// Weeks the talks are suspended (weeks).
    pub(crate) pause_weeks: f64,
    /// Change in the multiplier on Iran's sanctions pain (humanitarian pressure).
    pub(crate) pain_change: f64,
}

/// Every number the model uses in one trial.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ModelParams {
    /// Iran's government.
    pub(crate) iran: IranParams,
    /// The US administration.
    pub(crate) us: UsParams,
    /// Trust dynamics.
    pub(crate) trust: TrustParams,
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
    /// `Rules::shock_count` entries are used).
    pub(crate) shocks: [ShockParams; MAX_SHOCK_TYPES],
}
