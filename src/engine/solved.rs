//! The solved game of a scenario: compiled from its rules and planning values and solved for
//! its equilibrium once, before any trial (`docs/model.md` §10). Every trial of the scenario then
//! plays these strategies.
//!
//! A solve takes a second or two, so the most recent ones are kept: running the same scenario
//! again in one process (a `compare` that includes it twice, a test, a sweep point revisited)
//! reuses its solve. The key is everything the solve reads — rules, planning values and veto
//! nodes, every number compared by its bits ([`SolveKey`]) — so a reused solve is the solve that
//! would have been computed.

use std::sync::{Arc, Mutex};

use crate::engine::workers::Workers;
use crate::model::game::Game;
use crate::model::game::solve::{Equilibrium, Footprint, SolveStats, solve};
use crate::model::game::states::Talks;
use crate::model::setup::{Setup, SolveKey};

/// Solves kept for reuse.
const CACHED_SOLVES: usize = 4;

/// A scenario's game and its equilibrium.
pub struct Solved {
    pub(crate) game: Game,
    pub(crate) eq: Equilibrium,
}

impl Solved {
    /// Compiles and solves `setup`'s game on `workers`. With `keep_q`, the strategy records also
    /// keep the values each choice weighed (for `trace`).
    pub fn new(setup: &Setup, keep_q: bool, workers: &Workers) -> Solved {
        Solved::unless(setup, keep_q, workers, &|| false)
            .expect("a solve that is never asked to stop finishes")
    }

    /// As [`Solved::new`], but gives up (`None`) as soon as `stop` says so; it is asked between
    /// the solve's time slices.
    fn unless(
        setup: &Setup,
        keep_q: bool,
        workers: &Workers,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Solved> {
        let game = Game::compile(setup.rules(), &setup.plan_params(), setup.veto_nodes());
        let eq = workers.install(|| solve(&game, keep_q, stop))?;
        Some(Solved { game, eq })
    }

    /// Whether talks are open when the game starts (the `talks_open_by` event then holds from the
    /// first day).
    pub fn talks_open_at_start(&self) -> bool {
        self.game.space.list[self.game.initial].talks != Talks::Closed
    }

    /// The solve's diagnostics: grid sizes, fixed points and the largest residual.
    pub fn stats(&self) -> SolveStats {
        self.eq.stats
    }
}

/// What solving `setup`'s game would take, worked out from its grids without solving it.
pub fn footprint(setup: &Setup) -> Footprint {
    Footprint::of(&Game::compile(
        setup.rules(),
        &setup.plan_params(),
        setup.veto_nodes(),
    ))
}

type Cache = Mutex<Vec<(SolveKey, Arc<Solved>)>>;

static CACHE: Cache = Mutex::new(Vec::new());

/// The solved game of `setup`, solved on `workers` unless a recent solve of the same game can be
/// reused.
pub fn solved(setup: &Setup, workers: &Workers) -> Arc<Solved> {
    solved_unless(setup, workers, &|| false).expect("a solve that is never asked to stop finishes")
}

/// As [`solved()`], but gives up (`None`) as soon as `stop` says so (asked between the solve's
/// time slices), so that an interrupted run stops promptly even while it is solving. A solve
/// given up is not kept.
pub fn solved_unless(
    setup: &Setup,
    workers: &Workers,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Arc<Solved>> {
    let key = setup.solve_key();
    if let Some(hit) = lock().iter().find(|(k, _)| *k == key) {
        return Some(Arc::clone(&hit.1));
    }
    let fresh = Arc::new(Solved::unless(setup, false, workers, stop)?);
    let mut cache = lock();
    cache.retain(|(k, _)| *k != key);
    if cache.len() == CACHED_SOLVES {
        cache.remove(0);
    }
    cache.push((key, Arc::clone(&fresh)));
    Some(fresh)
}

/// Forgets every kept solve, so that the next solve of any setup is computed afresh (for tests
/// of the solve itself, such as its independence of the thread count).
pub fn forget_solves() {
    lock().clear();
}

/// The cache, even if a thread panicked while holding it (its contents are always whole).
fn lock() -> std::sync::MutexGuard<'static, Vec<(SolveKey, Arc<Solved>)>> {
    CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
