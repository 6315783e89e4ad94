//! No heap allocation inside a trial: a counting allocator watches a trial (drawing its
//! parameters, then playing the solved game event by event) on every shipped scenario, with the
//! no-op observer and with the observer the engine's summaries use.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use crate::common::{load, shipped_scenarios};
use jcpoa_sim::engine::rng::{base_rng, trial_stream};
use jcpoa_sim::engine::solved::solved;
use jcpoa_sim::engine::{empty_summary, play_from};
use jcpoa_sim::model::observer::NoopObserver;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: delegates every call to the system allocator unchanged; it only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn playing_a_trial_never_allocates() {
    for name in shipped_scenarios() {
        let scenario = load(&name, &[]);
        let game = solved(scenario.setup(), &crate::common::workers(0));
        let base = base_rng(3);
        for index in 0..300u64 {
            let mut rng = trial_stream(&base, index);
            let n = allocations_during(|| {
                std::hint::black_box(play_from(
                    scenario.case(),
                    &game,
                    &mut rng,
                    &mut NoopObserver,
                ));
            });
            assert_eq!(n, 0, "{name}: trial {index} allocated {n} times");
        }
    }
}

#[test]
fn counting_play_and_recording_trajectories_never_allocates() {
    let scenario = load("stepwise", &[]);
    let game = solved(scenario.setup(), &crate::common::workers(0));
    let mut summary = empty_summary(scenario.setup(), &game);
    let base = base_rng(4);
    for index in 0..300u64 {
        let mut rng = trial_stream(&base, index);
        let n = allocations_during(|| {
            let (result, _) = play_from(
                scenario.case(),
                &game,
                &mut rng,
                &mut summary.observer(true),
            );
            summary.add(&result);
        });
        assert_eq!(n, 0, "trial {index} allocated {n} times");
    }
}
