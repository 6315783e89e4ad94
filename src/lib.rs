//! jcpoa-sim: a Monte Carlo model of who goes first in a return to the 2015 Iran nuclear deal.
//!
//! The library holds the model and the engine; the `jcpoa-sim` binary is a thin command-line layer
//! on top. Data flows one way:
//!
//! scenario text → [`scenario::ScenarioSource`] (layered documents) → [`scenario::Scenario`]
//! (validated, typed) → [`trial::play_trial`] (one trial, watched by an [`observer::Observer`]) →
//! [`engine`] (many trials reduced into a mergeable [`summary::Summary`]) → [`report`] writers.
//!
//! The model knows nothing of the command line, of files or of plots.

pub mod actors;
pub mod benchmark;
pub mod calendar;
pub mod distribution;
pub mod engine;
pub mod evidence;
pub mod hardliners;
pub mod observer;
pub mod outcome;
pub mod params;
pub mod protocol;
pub mod registry;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod shard;
pub mod shocks;
pub mod state;
pub mod stats;
pub mod summary;
pub mod sweep;
pub mod trial;
pub mod trust;
