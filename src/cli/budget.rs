//! The check before an equilibrium solve: how much memory and time it will take, worked out from
//! its grids ([`jcpoa_sim::engine::solved::footprint`]) before anything is computed. A solve too
//! large for a laptop is refused (exit 2) with what to change; a long one is announced with its
//! estimate, so that nobody waits in the dark (`docs/performance.md` states the figures).

use jcpoa_sim::engine::solved::footprint;
use jcpoa_sim::report::format::thousands;
use jcpoa_sim::scenario::Scenario;

use super::common::UsageError;

/// Most memory a solve may take: more than most laptops have to spare.
pub(crate) const MAX_SOLVE_BYTES: u64 = 8 << 30;

/// A solve expected to take longer than this, in seconds, is announced with its estimate.
const ANNOUNCE_SECONDS: f64 = 20.0;

/// Seconds one core spends per choice fixed point of a solve (measured with `bench` on the
/// shipped scenarios; `docs/performance.md`).
const SECONDS_PER_FIXED_POINT: f64 = 2.2e-6;

/// Refuses `scenario` if its solve would take more than [`MAX_SOLVE_BYTES`], and announces it on
/// stderr if it would take more than [`ANNOUNCE_SECONDS`].
pub(crate) fn check_solve(scenario: &Scenario) -> Result<(), UsageError> {
    let f = footprint(scenario.setup());
    let gib = f.bytes() as f64 / f64::from(1u32 << 30);
    let seconds = f.fixed_points as f64 * SECONDS_PER_FIXED_POINT;
    let what = format!(
        "the equilibrium solve of `{}` ({} choice fixed points) needs about {gib:.1} GiB and {} on one core",
        scenario.name(),
        thousands(f.fixed_points),
        duration(seconds)
    );
    if f.bytes() > MAX_SOLVE_BYTES {
        return Err(UsageError(format!(
            "{what}; at most {} GiB is allowed: use a coarser grid (a larger equilibrium.slice_days, fewer equilibrium.belief_points) or a shorter calendar.horizon_months or equilibrium.continuation_months",
            MAX_SOLVE_BYTES >> 30
        )));
    }
    if seconds > ANNOUNCE_SECONDS {
        eprintln!("note: {what}");
    }
    Ok(())
}

/// A duration in words: seconds, minutes or hours.
fn duration(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{seconds:.0} s")
    } else if seconds < 5400.0 {
        format!("{:.0} min", seconds / 60.0)
    } else {
        format!("{:.1} h", seconds / 3600.0)
    }
}
