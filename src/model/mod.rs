//! The model: one trial of the game and nothing else. It knows nothing of scenario files, runs,
//! reports or the command line; [`trial::play_trial`] takes the game's rules, one trial's
//! parameters, a random stream and an [`observer::Observer`], and returns a
//! [`outcome::TrialResult`].
//!
//! * What a trial is given: `params` (the numbers, one `ModelParams` per trial), `registry` (the
//!   declarative table that names, bounds and explains every number), `rules` (calendar, dated
//!   events, mechanisms, protocol), `calendar`, `protocol`, and `distribution` (how an uncertain
//!   number is drawn before the trial).
//! * What plays it: [`trial`] (the step loop), `state`, the two governments' choices ([`actors`]),
//!   `trust`, `hardliners` and `shocks`.
//! * What comes out: [`outcome`] (how the trial ended and why) and the [`observer`] events.

pub mod actors;
pub(crate) mod calendar;
pub(crate) mod distribution;
pub(crate) mod hardliners;
pub mod observer;
pub mod outcome;
pub(crate) mod params;
pub(crate) mod protocol;
pub mod registry;
pub(crate) mod rules;
pub(crate) mod shocks;
pub(crate) mod state;
pub mod trial;
pub(crate) mod trust;
