//! A game's setup: its rules, its base parameters and how each uncertain parameter is drawn —
//! everything the model needs to solve the game and to play a trial of it, and nothing about where
//! it came from (`docs/model.md` §3, §15).
//!
//! The modelling decisions about uncertain parameters live here: what the players plan with (each
//! distribution's mean, [`Setup::plan_params`]), at which veto strengths the hardliners' strategy
//! is solved ([`Setup::veto_nodes`]) and how a trial draws its own values
//! ([`Setup::draw_params`]). The scenario layer builds a `Setup` from text; tests and analyses may
//! build or change one in code, a numeric parameter at a time through the one checked setter
//! ([`Setup::set`]).

use std::sync::Arc;

use rand::{Rng, RngExt};

use crate::model::distribution::Distribution;
use crate::model::params::{MAX_SHOCK_TYPES, ModelParams};
use crate::model::registry::{PARAMS, ParamSpec, Range, SHOCK_FIELDS, ShockFieldSpec, Unit};
use crate::model::rules::{Rules, RulesKey};
use crate::stats::WeightedSample;

/// Parameters that must be fixed numbers: the protocol's positions (the levels each step
/// reaches, the share qualified relief withholds) and the settling-in date are part of the game
/// the players solve, not draws of nature.
pub(crate) const FIXED_ONLY: [&str; 4] = [
    "initial.compliance",
    "initial.relief",
    "us.qualified_share",
    "election.settling_weeks",
];

/// The field of [`ModelParams`] a numeric parameter fills.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ParamTarget {
    /// A registered model parameter.
    Model(&'static ParamSpec),
    /// A field of the shock type at `index` (in [`Setup::shock_names`] order).
    Shock {
        /// Which shock type.
        index: usize,
        /// Which field.
        field: &'static ShockFieldSpec,
    },
}

impl ParamTarget {
    /// The slot this target writes in `params`.
    pub(crate) fn slot<'p>(&self, params: &'p mut ModelParams) -> &'p mut f64 {
        match *self {
            ParamTarget::Model(spec) => (spec.field)(params),
            ParamTarget::Shock { index, field } => (field.field)(&mut params.shocks[index]),
        }
    }

    /// The value of this target in `params`.
    pub(crate) fn get(&self, params: &ModelParams) -> f64 {
        let mut copy = *params;
        *self.slot(&mut copy)
    }

    /// The values the target allows.
    pub(crate) fn range(&self) -> Range {
        match self {
            ParamTarget::Model(spec) => spec.range,
            ParamTarget::Shock { field, .. } => field.range,
        }
    }

    /// The unit of the target.
    pub(crate) fn unit(&self) -> Unit {
        match self {
            ParamTarget::Model(spec) => spec.unit,
            ParamTarget::Shock { field, .. } => field.unit,
        }
    }

    /// What the target means, in one sentence.
    pub(crate) fn meaning(&self) -> &'static str {
        match self {
            ParamTarget::Model(spec) => spec.meaning,
            ParamTarget::Shock { field, .. } => field.meaning,
        }
    }
}

/// Every numeric parameter of a game with shock types `shock_names`, with its dotted path: the
/// registered model parameters, then each shock type's fields (`shocks.<name>.<field>`).
pub(crate) fn numeric_params(shock_names: &[String]) -> Vec<(String, ParamTarget)> {
    let model = PARAMS
        .iter()
        .map(|spec| (spec.path.to_string(), ParamTarget::Model(spec)));
    let shocks = shock_names.iter().enumerate().flat_map(|(index, name)| {
        SHOCK_FIELDS.iter().map(move |field| {
            (
                format!("shocks.{name}.{}", field.key),
                ParamTarget::Shock { index, field },
            )
        })
    });
    model.chain(shocks).collect()
}

/// The rows of a joint sample with their cumulative weights (`docs/model.md` §15).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct JointSample {
    /// One row per draw, one value per column.
    rows: Vec<Vec<f64>>,
    /// Cumulative weights, the last one the total.
    cumulative: Vec<f64>,
}

impl JointSample {
    /// A sample of `rows` with their `weights` (one per row, finite, ≥ 0, not all 0; the caller
    /// checks them).
    pub(crate) fn new(rows: Vec<Vec<f64>>, weights: &[f64]) -> JointSample {
        let mut cumulative = Vec::with_capacity(weights.len());
        let mut total = 0.0;
        for w in weights {
            total += w;
            cumulative.push(total);
        }
        JointSample { rows, cumulative }
    }

    /// Column `column` of every row, in row order.
    pub(crate) fn column(&self, column: usize) -> Vec<f64> {
        self.rows.iter().map(|r| r[column]).collect()
    }

    /// One row, drawn with probability proportional to its weight from one uniform number of
    /// `rng`: the first row whose cumulative weight exceeds `u · total`.
    pub(crate) fn draw_row<R: Rng + ?Sized>(&self, rng: &mut R) -> &[f64] {
        let total = self.cumulative[self.cumulative.len() - 1];
        let u = rng.random::<f64>() * total;
        let i = self.cumulative.partition_point(|&c| c <= u);
        &self.rows[i.min(self.rows.len() - 1)]
    }
}

/// How an uncertain parameter is drawn in each trial.
#[derive(Clone, Debug)]
pub(crate) enum Draw {
    /// From its own distribution, independently of every other parameter.
    Own(Distribution),
    /// From column `column` of a joint sample: every such parameter takes its value from the same
    /// row, drawn once per trial, so their correlations are kept.
    Joint {
        /// The column of the sample.
        column: usize,
        /// The sample's rows, shared by its parameters.
        sample: Arc<JointSample>,
        /// The column's weighted values, for the players' planning values and veto nodes.
        marginal: WeightedSample,
    },
}

/// A numeric parameter given as a distribution.
#[derive(Clone, Debug)]
pub struct UncertainParam {
    /// Dotted path, e.g. `iran.initial_trust`.
    pub(crate) path: String,
    /// Where a draw is written.
    pub(crate) target: ParamTarget,
    /// How it is drawn.
    pub(crate) draw: Draw,
}

impl UncertainParam {
    /// The mean of a draw: what players who know only its distribution expect of it.
    pub(crate) fn mean(&self) -> f64 {
        match &self.draw {
            Draw::Own(d) => d.mean(),
            Draw::Joint { marginal, .. } => marginal.mean(),
        }
    }

    /// The value below which a share `p` of draws fall.
    pub(crate) fn quantile(&self, p: f64) -> f64 {
        match &self.draw {
            Draw::Own(d) => d.quantile(p),
            Draw::Joint { marginal, .. } => marginal.quantile(p),
        }
    }

    /// The smallest and largest values a draw can take.
    pub(crate) fn bounds(&self) -> (f64, f64) {
        match &self.draw {
            Draw::Own(d) => d.bounds(),
            Draw::Joint { marginal, .. } => marginal.bounds(),
        }
    }

    /// The distribution in words, for reports.
    pub(crate) fn describe(&self) -> String {
        match &self.draw {
            Draw::Own(d) => d.spec().to_string(),
            Draw::Joint {
                column, marginal, ..
            } => format!(
                "column {} of the joint sample (weighted mean {:.4}, sd {:.4})",
                column + 1,
                marginal.mean(),
                marginal.sd()
            ),
        }
    }
}

/// Why [`Setup::set`] refused a value.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SetError {
    /// The key is not a numeric parameter of this game (it may be a structural key, which
    /// changes the game's rules and needs the scenario rebuilt).
    #[error("`{0}` is not a numeric parameter of this scenario")]
    NotAParameter(String),
    /// The value is not finite or outside the parameter's range.
    #[error("{path}: must be {allowed}, got {value}")]
    OutOfRange {
        /// The dotted key.
        path: String,
        /// The value refused.
        value: f64,
        /// The values the key allows, in words.
        allowed: String,
    },
}

/// Planning values the solve never reads: the priors, which every trial takes from its own draw
/// (the solve computes every belief on its grid, `docs/model.md` §3).
const NOT_SOLVED_FOR: [&str; 2] = ["iran.initial_trust", "us.initial_trust"];

/// What the equilibrium solve of a setup reads, compared exactly: the rules without the recording
/// grain, every planning value but the priors, and every veto node, each number by its bits.
/// Setups with equal keys have the same solve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolveKey {
    rules: RulesKey,
    /// Every planning value's bits: the registry's parameters in its order (but the priors), then
    /// the fields of every shock slot.
    plan: Vec<u64>,
    /// Each veto node's strength and weight, by their bits.
    nodes: Vec<[u64; 2]>,
}

/// Everything the model needs to solve a game and play its trials: the rules, the base
/// parameters and how each uncertain parameter is drawn.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Calendar, dated events, mechanisms, protocol and the solve's settings.
    pub(crate) rules: Rules,
    /// Names of the shock types, in the order their parameters are stored.
    pub(crate) shock_names: Vec<String>,
    /// Parameters with every uncertain one at its fixed value or, for distributions, unset.
    pub(crate) base: ModelParams,
    /// The parameters given as distributions, in draw order (independent ones in registry
    /// order, then a joint sample's columns).
    pub(crate) uncertain: Vec<UncertainParam>,
}

impl Setup {
    /// A setup of `rules` with shock types `shock_names`, base values `base` and the uncertain
    /// parameters `uncertain` in draw order.
    ///
    /// # Panics
    ///
    /// If more shock types are named than [`ModelParams`] holds (the scenario layer refuses
    /// them first) or the rules count a different number of them.
    pub(crate) fn new(
        rules: Rules,
        shock_names: Vec<String>,
        base: ModelParams,
        uncertain: Vec<UncertainParam>,
    ) -> Setup {
        assert!(shock_names.len() <= MAX_SHOCK_TYPES && shock_names.len() == rules.shock_count);
        Setup {
            rules,
            shock_names,
            base,
            uncertain,
        }
    }

    /// The rules of the game.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Names of the shock types, in the order their parameters are stored.
    pub(crate) fn shock_names(&self) -> &[String] {
        &self.shock_names
    }

    /// Parameters with every uncertain one at its fixed value or, for distributions, unset.
    pub(crate) fn base_params(&self) -> &ModelParams {
        &self.base
    }

    /// The parameters given as distributions, in draw order.
    pub fn uncertain(&self) -> &[UncertainParam] {
        &self.uncertain
    }

    /// The parameter at `path` if it is given as a distribution.
    pub(crate) fn uncertain_at(&self, path: &str) -> Option<&UncertainParam> {
        self.uncertain.iter().find(|u| u.path == path)
    }

    /// Every numeric parameter with its dotted path: the registered model parameters, then each
    /// shock type's fields (`shocks.<name>.<field>`), in registry order.
    pub(crate) fn numeric_params(&self) -> Vec<(String, ParamTarget)> {
        numeric_params(&self.shock_names)
    }

    /// Sets the numeric parameter at `path` to the fixed value `value`, as a `--set` of it
    /// would: the value must be finite and within the key's range, and a distribution the key
    /// had is replaced (a joint sample's column is dropped; its other columns are still drawn
    /// together). The one way analyses change a parameter of a built game.
    pub fn set(&mut self, path: &str, value: f64) -> Result<(), SetError> {
        let target = self
            .numeric_params()
            .into_iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t)
            .ok_or_else(|| SetError::NotAParameter(path.to_string()))?;
        let range = target.range();
        if !value.is_finite() || !range.contains(value) {
            return Err(SetError::OutOfRange {
                path: path.to_string(),
                value,
                allowed: range.describe(),
            });
        }
        self.uncertain.retain(|u| u.path != path);
        *target.slot(&mut self.base) = value;
        Ok(())
    }

    /// The values the players plan with (`docs/model.md` §3): every fixed value, and each
    /// uncertain parameter at its mean. Expected utility is linear in a payoff the player cannot
    /// observe, so for payoffs the mean is the exact expectation; for rates it is the stated
    /// certainty equivalent. The priors (`initial_trust`) are read from each trial's draw and the
    /// hardliners' strength from [`Setup::veto_nodes`], so their means here are never used.
    pub(crate) fn plan_params(&self) -> ModelParams {
        let mut params = self.base;
        for u in &self.uncertain {
            *u.target.slot(&mut params) = u.mean();
        }
        params
    }

    /// The hardliners' possible veto strengths with their weights: the three midpoint quantiles
    /// (1/6, 1/2, 5/6) of an uncertain `hardliners.veto_strength`, weight 1/3 each, or its fixed
    /// value with weight 1. The solve computes the hardliners' strategy at each; a trial
    /// interpolates at its drawn strength.
    pub(crate) fn veto_nodes(&self) -> Vec<(f64, f64)> {
        match self.uncertain_at("hardliners.veto_strength") {
            Some(u) => [1.0 / 6.0, 0.5, 5.0 / 6.0]
                .iter()
                .map(|&q| (u.quantile(q), 1.0 / 3.0))
                .collect(),
            None => vec![(self.base.hardliners.veto_strength, 1.0)],
        }
    }

    /// What the equilibrium solve of this setup reads, to tell when two setups share a solve: two
    /// that differ only in their priors do.
    pub fn solve_key(&self) -> SolveKey {
        let mut plan = self.plan_params();
        let mut bits: Vec<u64> = PARAMS
            .iter()
            .filter(|spec| !NOT_SOLVED_FOR.contains(&spec.path))
            .map(|spec| (spec.field)(&mut plan).to_bits())
            .collect();
        for shock in &mut plan.shocks {
            bits.extend(SHOCK_FIELDS.iter().map(|f| (f.field)(shock).to_bits()));
        }
        SolveKey {
            rules: self.rules.solve_key(),
            plan: bits,
            nodes: self
                .veto_nodes()
                .iter()
                .map(|(v, w)| [v.to_bits(), w.to_bits()])
                .collect(),
        }
    }

    /// Draws one trial's parameters: the fixed values, with each uncertain parameter drawn in
    /// order from `rng`; the parameters of a joint sample all take the row drawn (once) when the
    /// first of them comes.
    pub fn draw_params<R: Rng + ?Sized>(&self, rng: &mut R) -> ModelParams {
        let mut params = self.base;
        let mut row: Option<&[f64]> = None;
        for u in &self.uncertain {
            *u.target.slot(&mut params) = match &u.draw {
                Draw::Own(d) => d.sample(rng),
                Draw::Joint { column, sample, .. } => {
                    row.get_or_insert_with(|| sample.draw_row(rng))[*column]
                }
            };
        }
        params
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn rows_are_drawn_in_proportion_to_their_weights() {
        let sample = JointSample::new(vec![vec![0.0], vec![1.0], vec![2.0]], &[1.0, 0.0, 3.0]);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut counts = [0u32; 3];
        for _ in 0..40_000 {
            counts[sample.draw_row(&mut rng)[0] as usize] += 1;
        }
        assert_eq!(counts[1], 0, "a row of weight 0 is never drawn");
        let share = f64::from(counts[0]) / 40_000.0;
        assert!((share - 0.25).abs() < 0.01, "{share}");
    }

    /// The hand-solved two-step game of `docs/model.md` §17, built in code: two sequential steps,
    /// no veto, election, IAEA, law, shocks or uncertainty, both types known to reciprocate, no
    /// cost of conceding, λ = 100, indirect talks.
    fn two_steps() -> Setup {
        use crate::model::calendar::{Calendar, Date};
        use crate::model::protocol::{Order, Protocol, Step};
        use crate::model::rules::{ChannelPolicy, Mechanisms, Schedule, SolverSettings};
        let start = Date::from_ymd(2021, 3, 1).unwrap();
        let calendar = Calendar::for_horizon(start, 7, 3);
        let end = calendar.end();
        let step = |name: &str, iran_target, us_target, order| Step {
            name: name.to_string(),
            iran_target,
            us_target,
            order,
            needs_roadmap: false,
            restores_monitoring: false,
        };
        let rules = Rules {
            calendar,
            schedule: Schedule {
                election: None,
                monitoring_deadline: None,
                board_meetings: Vec::new(),
            },
            mechanisms: Mechanisms {
                channel: ChannelPolicy::Indirect,
                veto: false,
                election: false,
                iaea: false,
                linkage: false,
                shocks: false,
            },
            protocol: Protocol::stepwise(vec![
                step("Iran first", 0.6, 0.5, Order::Iran),
                step("US first", 1.0, 1.0, Order::Us),
            ]),
            shock_count: 0,
            roadmap_stages: 2,
            solver: SolverSettings {
                slice_days: 7,
                belief_points: 7,
                continuation_days: end.days_until(end.add_months(28)) as u32,
            },
        };
        let mut p = ModelParams::default();
        p.initial.compliance = 0.4;
        for (actor, waiting, exposure) in
            [(&mut p.iran.actor, 4.0, 60.0), (&mut p.us.actor, 6.0, 50.0)]
        {
            actor.initial_trust = 1.0;
            actor.deal_value = 100.0;
            actor.waiting_cost_per_month = waiting;
            actor.first_mover_exposure = exposure;
            actor.rationality = 100.0;
        }
        p.us.qualified_relief_value = 20.0;
        p.us.qualified_share = 0.3;
        p.talks.indirect_decisions_per_week = 0.5;
        p.talks.direct_decisions_per_week = 1.0;
        p.protocol.reciprocation_window_weeks = 8.0;
        p.escalation.nuclear_weight = 0.8;
        p.escalation.collapse_threshold = 1.08;
        p.escalation.law_interval_weeks = 12.0;
        p.iaea.extension_weeks = 4.0;
        Setup::new(rules, Vec::new(), p, Vec::new())
    }

    /// A setup built in code, without any scenario text, solves and plays like any other: the
    /// hand-solved two-step game restores with the probability §17 derives, 0.7107, within four
    /// standard errors over 20,000 trials.
    #[test]
    fn a_setup_built_in_code_plays_the_hand_solved_limit() {
        use crate::model::forces::Forces;
        use crate::model::game::Game;
        use crate::model::game::solve::solve;
        use crate::model::observer::NoopObserver;
        use crate::model::outcome::Outcome;
        use crate::model::trial::play_trial;
        let setup = two_steps();
        let game = Game::compile(setup.rules(), &setup.plan_params(), setup.veto_nodes());
        let eq = solve(&game, false, &|| false).unwrap();
        let trials = 20_000;
        let mut restored = 0u32;
        for i in 0..trials {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(i);
            let p = setup.draw_params(&mut rng);
            let forces = Forces::default();
            let result = play_trial(
                &game,
                &eq,
                &setup.rules().calendar,
                &p,
                &forces,
                &mut rng,
                &mut NoopObserver,
            );
            restored += u32::from(result.outcome == Outcome::Restored);
        }
        let share = f64::from(restored) / f64::from(trials as u32);
        let (want, se) = (0.7107, (0.7107f64 * 0.2893 / 20_000.0).sqrt());
        assert!(
            (share - want).abs() < 4.0 * se,
            "restored {share:.4}, hand-solved {want}"
        );
    }
}
