//! How the two governments choose: payoff advantages and a logit (quantal response) rule.
//!
//! Every strategic choice in the model — join talks, move first, reciprocate, qualify relief, keep
//! monitoring — compares the utility of acting now with the utility of waiting one more step. The
//! difference Δ (the *advantage*, in utils) becomes a probability through the logit rule
//! `P(act) = 1 / (1 + exp(-λ Δ))`, where λ is the side's rationality: λ = 0 is a coin flip, large λ
//! is strict maximisation. Nothing in a scenario file is a probability of acting; the file sets the
//! payoffs and the rule turns them into choices. See `docs/model.md`, "Decisions".

use crate::model::params::{ActorParams, ModelParams};

/// Probability of acting given the advantage of acting over waiting (logit rule).
pub fn choice_probability(rationality: f64, advantage: f64) -> f64 {
    let z = rationality * advantage;
    if z.is_nan() {
        return 0.5;
    }
    1.0 / (1.0 + (-z).exp())
}

/// Grid of the logit table: σ(z) at z = −16, −16 + 1/32, …, 16.
const TABLE_STEPS_PER_UNIT: f64 = 32.0;
const TABLE_LIMIT: f64 = 16.0;
const TABLE_LEN: usize = (2.0 * TABLE_LIMIT * TABLE_STEPS_PER_UNIT) as usize + 1;

fn logit_table() -> &'static [f64; TABLE_LEN] {
    static TABLE: std::sync::OnceLock<[f64; TABLE_LEN]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            choice_probability(1.0, i as f64 / TABLE_STEPS_PER_UNIT - TABLE_LIMIT)
        })
    })
}

/// Whether a uniform draw `u` means acting: exactly `u < choice_probability(rationality,
/// advantage)`, decided in almost every case from a table of the logistic at the neighbouring
/// grid points (the logistic is increasing, so they bound it), and computed in full only when
/// `u` falls between them. This keeps the rule exact while sparing an `exp` per decision.
pub(crate) fn accepts(rationality: f64, advantage: f64, u: f64) -> bool {
    let z = rationality * advantage;
    if z.is_nan() {
        return u < choice_probability(rationality, advantage);
    }
    let table = logit_table();
    let position = ((z + TABLE_LIMIT) * TABLE_STEPS_PER_UNIT).clamp(0.0, (TABLE_LEN - 1) as f64);
    // `position` is clamped to be non-negative, so truncation is the floor (and no libm call).
    let below = position as usize;
    let above = if (below as f64) < position {
        below + 1
    } else {
        below
    };
    let at_or_below_z = below as f64 / TABLE_STEPS_PER_UNIT - TABLE_LIMIT <= z;
    let at_or_above_z = above as f64 / TABLE_STEPS_PER_UNIT - TABLE_LIMIT >= z;
    if at_or_below_z && u < table[below] {
        return true;
    }
    if at_or_above_z && u >= table[above] {
        return false;
    }
    u < choice_probability(rationality, advantage)
}

/// One side's valuation of the deal and of the risks of moving, fixed for a decision.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Stakes {
    /// Utils gained per unit of the *other* side's step: the deal's value plus the waiting cost it
    /// saves over the planning horizon.
    pub(crate) gain_per_unit: f64,
    /// Loss per unit of own step if the other side does not reciprocate.
    pub(crate) exposure: f64,
    /// Cost per unit of own step of conceding first.
    pub(crate) concession: f64,
    /// Leverage given up per unit of own step.
    pub(crate) leverage: f64,
    /// Logit precision.
    pub(crate) rationality: f64,
}

impl Stakes {
    /// Stakes from an actor's parameters. `deal_value` is the value after any linkage discount and
    /// `monthly_saving` the waiting cost a full deal removes per month.
    pub(crate) fn new(
        actor: &ActorParams,
        deal_value: f64,
        monthly_saving: f64,
        concession_factor: f64,
    ) -> Stakes {
        Stakes {
            gain_per_unit: deal_value + monthly_saving * actor.planning_horizon_months,
            exposure: actor.first_mover_exposure,
            concession: actor.pressure_concession_cost * concession_factor,
            leverage: actor.leverage_cost,
            rationality: actor.rationality,
        }
    }
}

/// Iran's valuation of the deal after linkage: relief tied to non-nuclear issues is worth less.
pub(crate) fn iran_deal_value(params: &ModelParams, linkage: bool) -> f64 {
    let v = params.iran.actor.deal_value;
    if linkage {
        v * (1.0 - params.linkage.iran_value_loss)
    } else {
        v
    }
}

/// Advantage of performing one's half of a step first: the other side reciprocates with
/// probability `trust`, bringing `received`; otherwise `own` is exposed. Moving first under
/// pressure costs `concession`, and every step gives up leverage.
///
/// Δ = trust·G·received − (1 − trust)·X·own − C·own − L·own
pub(crate) fn first_mover_advantage(s: &Stakes, trust: f64, own: f64, received: f64) -> f64 {
    trust * s.gain_per_unit * received
        - (1.0 - trust) * s.exposure * own
        - s.concession * own
        - s.leverage * own
}

/// Advantage of reciprocating after the other side has moved: failing to do so forfeits what was
/// received (the other side reverses it when the window lapses) and, with the trust lost, the
/// expected value of the rest of the deal.
///
/// Δ = G·received + trust·G·future − L·own
pub(crate) fn second_mover_advantage(
    s: &Stakes,
    trust: f64,
    own: f64,
    received: f64,
    future: f64,
) -> f64 {
    s.gain_per_unit * (received + trust * future) - s.leverage * own
}

/// Advantage of committing to a joint move choreographed by the mediator: each half is
/// conditional on the other, so only a share `exposure_factor` of the exposure remains and no one
/// concedes first.
///
/// Δ = trust·G·received − (1 − trust)·κ·X·own − L·own
pub(crate) fn joint_move_advantage(
    s: &Stakes,
    trust: f64,
    own: f64,
    received: f64,
    exposure_factor: f64,
) -> f64 {
    trust * s.gain_per_unit * received
        - (1.0 - trust) * exposure_factor * s.exposure * own
        - s.leverage * own
}

/// Advantage to the US of qualifying its relief: it keeps `share` of `own` as leverage worth
/// `value_per_unit`, but Iran withholds the same share of any half it has not yet performed
/// (`iran_pending`), and Iran's lost trust puts a share `trust_loss` of the remaining deal
/// (`future`, in units of Iranian compliance) at risk.
///
/// Δ = Q·q·own − G·q·pending − ℓ·G·future
pub(crate) fn qualify_advantage(
    us: &Stakes,
    value_per_unit: f64,
    share: f64,
    own: f64,
    iran_pending: f64,
    trust_loss: f64,
    future: f64,
) -> f64 {
    value_per_unit * share * own
        - us.gain_per_unit * share * iran_pending
        - trust_loss * us.gain_per_unit * future
}

/// Advantage to Iran of engaging (joining talks, extending monitoring, not retaliating): with
/// probability `trust` it leads to the deal; otherwise the government comes away empty-handed.
///
/// Δ = trust·V − (1 − trust)·E
pub(crate) fn engagement_advantage(trust: f64, deal_value: f64, empty_handed_cost: f64) -> f64 {
    trust * deal_value - (1.0 - trust) * empty_handed_cost
}

/// Advantage to Iran of not retaliating against a censure: restraint keeps the expected value of
/// the deal alive; retaliation pays domestically in proportion to the hardliners' strength.
///
/// Δ = trust·V − R·h
pub(crate) fn restraint_advantage(
    trust: f64,
    deal_value: f64,
    retaliation_value: f64,
    hardliner: f64,
) -> f64 {
    trust * deal_value - retaliation_value * hardliner
}

/// The share of the talks' duration direct talks would save: `1 − r_indirect / r_direct`, or 0
/// when the direct channel is not faster.
pub(crate) fn direct_talks_speed_gain(indirect_rate: f64, direct_rate: f64) -> f64 {
    if direct_rate > indirect_rate && direct_rate > 0.0 {
        1.0 - indirect_rate / direct_rate
    } else {
        0.0
    }
}

/// Advantage to Iran of upgrading to direct talks: the expected deal value brought forward by the
/// faster channel (`speed_gain` from [`direct_talks_speed_gain`]), against the cost of sitting at
/// the same table as the US.
///
/// Δ = trust·V·(1 − r_indirect / r_direct) − D
pub(crate) fn direct_talks_advantage(
    trust: f64,
    deal_value: f64,
    speed_gain: f64,
    aversion: f64,
) -> f64 {
    trust * deal_value * speed_gain - aversion
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stakes() -> Stakes {
        Stakes {
            gain_per_unit: 100.0,
            exposure: 50.0,
            concession: 20.0,
            leverage: 10.0,
            rationality: 0.2,
        }
    }

    #[test]
    fn logit_is_a_probability_and_monotone() {
        assert_eq!(choice_probability(0.0, 123.0), 0.5);
        assert!((choice_probability(1.0, 0.0) - 0.5).abs() < 1e-12);
        let mut last = 0.0;
        for d in -50..50 {
            let p = choice_probability(0.3, f64::from(d));
            assert!((0.0..=1.0).contains(&p));
            assert!(p >= last);
            last = p;
        }
        assert_eq!(choice_probability(1.0, f64::INFINITY), 1.0);
        assert_eq!(choice_probability(1.0, f64::NEG_INFINITY), 0.0);
        assert_eq!(choice_probability(f64::INFINITY, 0.0), 0.5);
    }

    #[test]
    fn table_decisions_equal_the_exact_rule() {
        let mut checked = 0;
        for i in 0..4000 {
            let advantage = (i as f64 - 2000.0) * 0.037;
            for rationality in [0.0, 0.1, 0.25, 1.0, 7.0] {
                let p = choice_probability(rationality, advantage);
                for u in [
                    0.0,
                    p * 0.999_999,
                    p,
                    p * 1.000_001,
                    0.5,
                    0.999_999_9,
                    (i as f64 * 0.618).fract(),
                ] {
                    if (0.0..1.0).contains(&u) {
                        assert_eq!(
                            accepts(rationality, advantage, u),
                            u < p,
                            "λ {rationality} Δ {advantage} u {u}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100_000);
        assert!(!accepts(1.0, f64::NAN, 0.6) && accepts(1.0, f64::NAN, 0.4));
    }

    #[test]
    fn more_trust_makes_moving_first_more_attractive() {
        let s = stakes();
        let low = first_mover_advantage(&s, 0.2, 0.5, 0.5);
        let high = first_mover_advantage(&s, 0.8, 0.5, 0.5);
        assert!(high > low);
        // Hand-computed: 0.2*100*0.5 - 0.8*50*0.5 - 20*0.5 - 10*0.5 = 10 - 20 - 10 - 5.
        assert!((low + 25.0).abs() < 1e-12);
    }

    #[test]
    fn choreography_beats_moving_first() {
        let s = stakes();
        assert!(
            joint_move_advantage(&s, 0.3, 0.5, 0.5, 0.4) > first_mover_advantage(&s, 0.3, 0.5, 0.5)
        );
    }

    #[test]
    fn qualifying_is_cheap_only_when_iran_has_already_moved() {
        let us = stakes();
        let after_iran_moved = qualify_advantage(&us, 40.0, 0.3, 1.0, 0.0, 0.3, 0.0);
        let before = qualify_advantage(&us, 40.0, 0.3, 1.0, 0.6, 0.3, 0.0);
        assert!(after_iran_moved > 0.0 && before < 0.0);
    }

    #[test]
    fn direct_talks_need_a_faster_channel() {
        assert_eq!(direct_talks_speed_gain(0.1, 0.05), 0.0);
        assert_eq!(direct_talks_speed_gain(0.05, 0.1), 0.5);
        assert_eq!(direct_talks_advantage(1.0, 100.0, 0.0, 0.0), 0.0);
        assert!(direct_talks_advantage(1.0, 100.0, 0.5, 10.0) > 0.0);
    }
}
