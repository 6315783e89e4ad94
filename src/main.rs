//! The `jcpoa-sim` command line: parses arguments and hands over to the library.
//!
//! Exit codes: 0 success, 2 bad input or usage (scenario errors, bad flags, an `--out` directory
//! that is not a report), 1 any other failure (files that cannot be written, interrupted runs,
//! internal errors).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A bug must still end in one clear line, not a backtrace (set JCPOA_SIM_BACKTRACE=1 to get
    // the default report when debugging).
    if std::env::var_os("JCPOA_SIM_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            eprintln!("error: internal error in jcpoa-sim, please report it: {info}");
        }));
    }
    let args = cli::Cli::parse();
    match std::panic::catch_unwind(|| cli::dispatch(args)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            eprintln!("error: {}", cli::describe(&err));
            ExitCode::from(cli::exit_code(&err))
        }
        Err(_) => ExitCode::from(1),
    }
}
