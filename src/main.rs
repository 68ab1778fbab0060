//! The `milpress` binary: parse the command line, run the command, turn the outcome into an exit
//! code (0 found, 1 nothing found, 2 error).

use std::process::ExitCode;

use clap::Parser;

use milpress::cli::{Cli, Command};
use milpress::commands::{self, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Index(args) => commands::index::run(args, &cli.global),
        Command::Search(args) => commands::search::run(args, &cli.global),
        Command::Show(args) => commands::show::run(args, &cli.global),
        Command::Optimize(args) => commands::optimize::run(args, &cli.global),
        Command::Serve(args) => commands::serve::run(args, &cli.global),
    };
    match outcome {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(err) => {
            eprintln!("milpress: {err:#}");
            ExitCode::from(Outcome::Partial.code())
        }
    }
}
