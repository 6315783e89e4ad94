//! jcpoa-sim's integration tests, built as one binary: each module is one area, and `common` holds
//! what they share, including the one run of every shipped scenario through the binary that the
//! report and chart checks both read.

mod allocation;
mod bad_inputs;
mod calibration;
mod charts;
mod cli_run;
mod commands;
mod common;
mod conditioning;
mod docs;
mod evidence;
mod forcing;
mod hostile;
mod interrupt;
mod layers;
mod listing_and_text;
mod model;
mod mutated_scenarios;
mod publishing;
mod robustness;
mod scoring;
mod shards;
mod statistics;
