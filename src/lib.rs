//! jcpoa-sim: a Monte Carlo model of who goes first in a return to the 2015 Iran nuclear deal.
//!
//! The library is built in layers, one folder each; every layer uses only what is listed before
//! it, so data flows one way, from scenario text to reports. The `jcpoa-sim` binary's `cli` is a
//! thin layer on top.
//!
//! ```text
//! stats.rs    Wilson intervals, quantiles, fixed-point means and variances, paired
//!             differences (shared by the layers from the engine up; uses nothing)
//! input.rs    reading an input file within its kind's size limit (shared; uses nothing)
//! model/      one trial of the game and nothing else
//!               params, registry (the table of every number), rules (calendar, dated events,
//!               mechanisms, protocol, solve settings), calendar, protocol, distribution,
//!               outcome, observer, game/ (states, timeline, beliefs, logit and the
//!               equilibrium solve), trial/ (play_trial: the solved strategies, event to event),
//!               facts (what can be observed of a trial), forces (events made to happen)
//! scenario/   text → a validated Scenario that owns the model's rules and parameters
//!               document, layers (extends + --set), schema, reader, build (the sections),
//!               error, source (ScenarioSource), evidence, event (the event vocabulary),
//!               conditions ([[given]]/[[force]]), questions (score's input)
//! engine/     running and reducing trials
//!               the run loop (mod.rs), solved (a scenario's solved game), rng, monitor,
//!               summary, play (first moves expected and realised), histogram, trajectory,
//!               pairs, shard
//! analysis/   sweep, sensitivity and benchmark, on one shared point (run_point, assignment);
//!               score (forecast scores)
//! report/     one folder per document — run, compare, sweep, sensitivity — each with its JSON,
//!               Markdown and charts; kit (frame, text, palette, series, axes, legend, time,
//!               html, bundle), output (lock, marker, publish), format, statistics, params
//!               (the parameter tables), trace, score
//! cli/        (in the binary, src/cli) glue: arguments, dispatch, progress, exit codes
//! ```
//!
//! One run, end to end: scenario text → [`scenario::source::ScenarioSource`] (layered documents)
//! → [`scenario::Scenario`] (validated, typed) → [`engine::solved::Solved`] (the game of the
//! scenario's `model::rules::Rules` and planning values, solved for its equilibrium once) →
//! [`model::trial::play_trial`] (one trial playing the solved strategies at its drawn parameters,
//! watched by a [`model::observer::Observer`]) → [`engine::run`] (many trials reduced into a mergeable
//! [`engine::summary::Summary`]) → [`report::run::Report`] (terminal table, `summary.json`,
//! `report.md`, charts, `index.html`).
//!
//! The model knows nothing of files, runs, reports or the command line.
#![warn(missing_docs, unreachable_pub)]

pub mod analysis;
pub mod engine;
pub mod input;
pub mod model;
pub mod report;
pub mod scenario;
pub mod stats;
