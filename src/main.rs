//! The `milpress` binary: parse the command line, run the command, turn the outcome into an exit
//! code (0 found, 1 nothing found, 2 error).
//!
//! Before clap sees the arguments of a command that takes query words (`search`), they are
//! sorted into options and words ([`query_words_last`]), so `-independence` is an excluded word
//! while `-n 5` stays the limit.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use milpress::cli::{Cli, Command, QUERY_HELP};
use milpress::commands::{self, Outcome};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.len() == 3 && args[1] == "help" && args[2] == "query" {
        print!("{QUERY_HELP}");
        return ExitCode::SUCCESS;
    }
    let mut command = Cli::command();
    let args = query_words_last(&mut command, args);
    let matches = command.get_matches_from(args);
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    let named = |m: &clap::ArgMatches| {
        matches!(
            m.value_source("index"),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        )
    };
    cli.global.index_named =
        named(&matches) || matches.subcommand().is_some_and(|(_, sub)| named(sub));
    let outcome = match &cli.command {
        Command::Index(args) => commands::index::run(args, &cli.global),
        Command::Search(args) => commands::search::run(args, &cli.global),
        Command::Show(args) => commands::show::run(args, &cli.global),
        Command::Said(args) => commands::said::run(args, &cli.global),
        Command::Optimize(args) => commands::optimize::run(args, &cli.global),
        Command::Trend(args) => commands::trend::run(args, &cli.global),
        Command::Bench(args) => commands::bench::run(args, &cli.global),
        Command::Serve(args) => commands::serve::run(args, &cli.global),
        Command::Glossary(args) => commands::glossary::run(args, &cli.global),
    };
    match outcome {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(err) => {
            eprintln!("milpress: {err:#}");
            ExitCode::from(Outcome::Partial.code())
        }
    }
}

/// For a subcommand that takes query words (a positional argument of many values), moves every
/// query word after a `--`, behind the options. A token that starts with `-` is an option only
/// when it is exactly one the subcommand defines (`-n`, `--limit`, `--limit=5`, `-h`); anything
/// else (`-navy`, `-"a phrase"`) is a query word, except a `--word` that is no option
/// (`--speeker`), which clap reports. The options are read from clap's own
/// definition, so this never drifts from it. Other commands' arguments pass unchanged.
fn query_words_last(command: &mut clap::Command, args: Vec<OsString>) -> Vec<OsString> {
    command.build();
    let mut out = Vec::with_capacity(args.len() + 1);
    let mut rest = args.into_iter();
    out.extend(rest.next());
    // Global options before the subcommand.
    let sub = loop {
        let Some(token) = rest.next() else {
            return out;
        };
        let Some(text) = token.to_str() else {
            out.push(token);
            continue;
        };
        if let Some(sub) = command
            .get_subcommands()
            .find(|s| s.get_name() == text || s.get_all_aliases().any(|a| a == text))
        {
            out.push(token);
            break sub;
        }
        let takes_value = option(command, text).is_some_and(|(value, inline)| value && !inline);
        out.push(token);
        if takes_value {
            out.extend(rest.next());
        }
    };
    // Query words, not folders or ids: a positional of many values named QUERY.
    let wants_words = sub.get_positionals().any(|a| {
        a.get_value_names()
            .is_some_and(|names| names.iter().any(|n| n == "QUERY"))
            && a.get_num_args()
                .is_some_and(|n| n.max_values() > 1 && n.takes_values())
    });
    if !wants_words {
        out.extend(rest);
        return out;
    }
    let mut words = Vec::new();
    while let Some(token) = rest.next() {
        let Some(text) = token.to_str() else {
            words.push(token);
            continue;
        };
        if text == "--" {
            words.extend(rest.by_ref());
            break;
        }
        match option(sub, text) {
            Some((takes_value, inline)) => {
                out.push(token);
                if takes_value && !inline {
                    out.extend(rest.next());
                }
            }
            // `--speeker`: a long option misspelt, never a word; clap names it and suggests
            // the option meant.
            None if text.len() > 2 && text.starts_with("--") => out.push(token),
            None => words.push(token),
        }
    }
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// Whether `token` is exactly an option of `command`: `Some((takes a value, value given inline
/// with =))`.
fn option(command: &clap::Command, token: &str) -> Option<(bool, bool)> {
    let takes_value = |arg: &clap::Arg| arg.get_action().takes_values();
    if let Some(long) = token.strip_prefix("--") {
        let (name, inline) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        if name.is_empty() {
            return None;
        }
        return command
            .get_arguments()
            .find(|a| {
                a.get_long() == Some(name)
                    || a.get_all_aliases().is_some_and(|all| all.contains(&name))
            })
            .map(|a| (takes_value(a), inline));
    }
    let mut chars = token.strip_prefix('-')?.chars();
    let (Some(short), None) = (chars.next(), chars.next()) else {
        return None;
    };
    command
        .get_arguments()
        .find(|a| a.get_short() == Some(short))
        .map(|a| (takes_value(a), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(args: &[&str]) -> Vec<String> {
        let mut command = Cli::command();
        let args = args.iter().map(OsString::from).collect();
        query_words_last(&mut command, args)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn dashed_words_are_query_words_and_known_options_stay_options() {
        assert_eq!(
            sorted(&["m", "search", "Taiwan", "-independence", "-n", "5", "-navy"]),
            [
                "m",
                "search",
                "-n",
                "5",
                "--",
                "Taiwan",
                "-independence",
                "-navy"
            ]
        );
        assert_eq!(
            sorted(&[
                "m",
                "--index",
                "x",
                "search",
                "--limit=3",
                "-f",
                "json",
                "a",
                "--sort",
                "-date"
            ]),
            [
                "m",
                "--index",
                "x",
                "search",
                "--limit=3",
                "-f",
                "json",
                "--sort",
                "-date",
                "--",
                "a"
            ]
        );
        // Global options after the subcommand are its options too.
        assert_eq!(
            sorted(&["m", "search", "a", "--index", "x", "-h"]),
            ["m", "search", "--index", "x", "-h", "--", "a"]
        );
        // A -- the user typed: everything after it is a word.
        assert_eq!(
            sorted(&["m", "search", "--", "-n", "a"]),
            ["m", "search", "--", "-n", "a"]
        );
        // Commands without query words pass unchanged.
        assert_eq!(
            sorted(&["m", "index", "corpus", "-q"]),
            ["m", "index", "corpus", "-q"]
        );
    }

    #[test]
    fn clap_reads_the_sorted_arguments() {
        let mut command = Cli::command();
        let args = ["m", "search", "taiwan", "-independence", "-n", "5"]
            .iter()
            .map(OsString::from)
            .collect();
        let matches = command
            .clone()
            .try_get_matches_from(query_words_last(&mut command, args))
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        let Command::Search(search) = cli.command else {
            panic!("a search")
        };
        assert_eq!(search.query, ["taiwan", "-independence"]);
        assert_eq!(search.limit, Some(5));
    }
}
