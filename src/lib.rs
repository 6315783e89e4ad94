//! jcpoa-sim: a Monte Carlo model of who goes first in a return to the 2015 Iran nuclear deal.
//!
//! The library is built in layers, one folder each; every layer uses only what is listed before
//! it, so data flows one way, from the model up to reports, and no module of a layer uses a
//! sibling that uses it back. The `jcpoa-sim` binary's `cli` is a thin layer on top.
//!
//! ```text
//! stats.rs    Wilson intervals, quantiles, fixed-point means and variances, paired
//!             differences (shared by every layer; uses nothing)
//! input.rs    reading an input file within its kind's size limit (shared; uses nothing)
//! model/      one game and its trials, and nothing else
//!               setup (the rules, base parameters and draws of uncertain ones, with the
//!               planning values and veto nodes the solve uses), params, registry (the table of
//!               every number), rules (calendar, dated events, mechanisms, protocol, solve
//!               settings), calendar, protocol, distribution, conditions (events observed and
//!               forced), forces, outcome, observer, game/ (states, timeline, beliefs, logit and
//!               the equilibrium solve), trial/ (play_trial: the solved strategies, event to
//!               event), facts (what can be observed of a trial)
//! engine/     running and reducing trials of a Setup under its Conditions (a Case)
//!               the run loop (mod.rs), solved (a setup's solved game), rng, monitor,
//!               summary, play (first moves expected and realised), histogram, trajectory,
//!               pairs, shard (partial results and the scenario texts they record)
//! scenario/   text → a validated Scenario: a model Setup with its conditions, run settings and
//!               provenance; document, layers (extends + --set), keys (the table of structural
//!               keys), schema, reader, build (the sections), error, source (ScenarioSource),
//!               evidence, event (the event vocabulary), conditions ([[given]]/[[force]]),
//!               questions (score's input), targets (calibrate's input)
//! analysis/   sweep, sensitivity and benchmark, on one shared point (run_point, assignment);
//!               score (forecast scores), calibrate (ABC-SMC)
//! report/     one folder per document — run, compare, sweep, sensitivity — each with its JSON,
//!               Markdown and charts; kit (frame, text, palette, series, axes, legend, time,
//!               html, bundle), output (lock, marker, publish), format, statistics, params
//!               (the parameter tables), trace, score
//! cli/        (in the binary, src/cli) glue: arguments, dispatch, progress, exit codes
//! ```
//!
//! One run, end to end: scenario text → [`scenario::source::ScenarioSource`] (layered documents)
//! → [`scenario::Scenario`] (validated, typed) holding a [`model::setup::Setup`] →
//! [`engine::solved::Solved`] (the game of the setup's rules and planning values, solved for its
//! equilibrium once) → [`model::trial::play_trial`] (one trial playing the solved strategies at
//! its drawn parameters, watched by a [`model::observer::Observer`]) → [`engine::run`] (many
//! trials reduced into a mergeable [`engine::summary::Summary`]) → [`report::run::Report`]
//! (terminal table, `summary.json`, `report.md`, charts, `index.html`).
//!
//! The model knows nothing of files, runs, reports or the command line; the engine nothing of
//! scenario text.

pub mod analysis;
pub mod engine;
pub mod input;
pub mod model;
pub mod report;
pub mod scenario;
pub mod stats;
