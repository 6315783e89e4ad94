//! Analyses built on the engine: a [`sweep`] over a grid of one or two parameters, a
//! [`sensitivity`] analysis (tornado and Morris screening), both made of [`point`]s — the scenario
//! with `--set`-style assignments, run on the shared trial streams — and the [`benchmark`] of the
//! engine against its random generator's ceiling.

pub mod benchmark;
pub mod calibrate;
pub mod point;
pub mod score;
pub mod sensitivity;
pub mod sweep;
