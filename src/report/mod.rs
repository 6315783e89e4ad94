//! Reports, organised by document: a [`run`], a [`compare`]d set of scenarios, a [`sweep`] and a
//! [`sensitivity`] analysis each own their JSON, Markdown and charts, drawn with the shared render
//! [`kit`] and written atomically through [`output`]. [`format`](mod@format) holds the number formats and the
//! JSON document header every document shares; `statistics` are what run and comparison reports
//! state; [`params`] is the parameter table and [`trace`] the story of one trial.

pub mod calibrate;
pub mod compare;
pub mod finite;
pub mod format;
pub mod kit;
pub mod output;
pub mod params;
pub mod run;
pub mod score;
pub mod sensitivity;
pub(crate) mod statistics;
pub mod sweep;
pub mod trace;
