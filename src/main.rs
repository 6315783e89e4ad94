//! The `jcpoa-sim` command line: parses arguments and hands over to the library.
//!
//! Exit codes: 0 success, 2 bad input or usage (scenario errors, bad flags), 1 any other failure
//! (files that cannot be written, interrupted runs).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::dispatch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", cli::describe(&err));
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
