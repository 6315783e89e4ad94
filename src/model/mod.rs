//! The model: one trial of the game and nothing else. It knows nothing of scenario files, runs,
//! reports or the command line.
//!
//! * What a trial is given: `params` (the numbers, one `ModelParams` per trial), `registry` (the
//!   declarative table that names, bounds and explains every number), `rules` (calendar, dated
//!   events, mechanisms, protocol, solver settings), `calendar`, `protocol`, and `distribution`
//!   (how an uncertain number is drawn before the trial).
//! * The strategic game ([`game`]): its states, the equilibrium solve ([`game::solve`]) run once
//!   per scenario, and the strategies it produces.
//! * One trial ([`trial::play_trial`]) plays the solved strategies while nature acts at the
//!   trial's drawn values, reporting to an [`observer::Observer`].
//! * What comes out: [`outcome`] (how the trial ended and why) and the [`observer`] events.

pub(crate) mod calendar;
pub(crate) mod distribution;
pub mod facts;
pub mod forces;
pub mod game;
pub mod observer;
pub mod outcome;
pub(crate) mod params;
pub(crate) mod protocol;
pub mod registry;
pub(crate) mod rules;
pub mod trial;
