//! The model: one trial of the game and nothing else. It knows nothing of scenario files, runs,
//! reports or the command line.
//!
//! * What a game is given: its [`setup::Setup`] — the `rules` (calendar, dated events, mechanisms,
//!   protocol, solver settings), the base `params` and how each uncertain one is drawn
//!   (`distribution`, joint samples), with the planning values and veto nodes the solve uses —
//!   and the `registry` (the declarative table that names, bounds and explains every number).
//! * What a run is given besides: its [`conditions`] (events observed and forced, [`forces`]).
//! * The strategic game ([`game`]): its states, the equilibrium solve ([`game::solve`]) run once
//!   per scenario, and the strategies it produces.
//! * One trial ([`trial::play_trial`]) plays the solved strategies while nature acts at the
//!   trial's drawn values, reporting to an [`observer::Observer`].
//! * What comes out: [`outcome`] (how the trial ended and why) and the [`observer`] events.

pub(crate) mod calendar;
pub mod conditions;
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
pub mod setup;
pub mod trial;
