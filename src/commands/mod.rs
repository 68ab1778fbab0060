//! One file per subcommand, each with a `run` that resolves its arguments, calls the library and
//! says how it went as an exit code: 0 found (or done), 1 nothing found, 2 error.

pub mod bench;
pub mod glossary;
pub mod index;
pub mod optimize;
pub mod said;
pub mod search;
pub mod serve;
pub mod show;
pub mod trend;

use std::io::IsTerminal;

use std::path::Path;

use anyhow::{bail, Context};

use crate::cli::{ColorChoice, FilterArgs, GlobalArgs, MatchArgs};
use crate::index::{Index, UpdateOptions};
use crate::output::Style;
use crate::search::{parse_sort, Params, Request, Sort};

/// How a command ended, as grep reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found, or the work was done: exit code 0.
    Success,
    /// Nothing matched: exit code 1.
    NothingFound,
    /// The work was done but some input was left out: exit code 2.
    Partial,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::NothingFound => 1,
            Outcome::Partial => 2,
        }
    }
}

/// Colour on stdout: asked for, or stdout is a terminal and NO_COLOR is not set.
pub fn style(global: &GlobalArgs) -> Style {
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    Style { color }
}

/// Notices on stderr (JSON carries them in its `notices` list as well).
pub(super) fn notices(notices: &[String]) {
    for notice in notices {
        eprintln!("milpress: {notice}");
    }
}

/// The validated request of query words and the shared match and filter options (limit, offset
/// and sort are the caller's). The checks are the library's (`search::Params`), shared with
/// `serve`.
pub fn request(
    query: &[String],
    matching: &MatchArgs,
    filters: &FilterArgs,
) -> anyhow::Result<Request> {
    let query = match query {
        [dash] if dash == "-" => query_from_stdin()?,
        words => words.join(" "),
    };
    let params = Params {
        query,
        any: matching.any,
        exact: matching.exact,
        near: matching.near,
        year: filters.year,
        years: filters.years.clone(),
        from: filters.from.clone(),
        to: filters.to.clone(),
        speakers: filters.speaker.clone(),
        themes: filters.theme.clone(),
        lang: filters.lang.clone(),
        source: filters.source.clone(),
        kind: filters.kind.clone(),
        ..Params::default()
    };
    Ok(params.to_request()?)
}

/// The longest query read from standard input, in bytes (the query language's own limit is
/// lower: this only bounds what is read).
const STDIN_QUERY_BYTES: u64 = 64 * 1024;

/// A query given as `-`: read from standard input (a script's long query, a query kept in a
/// file), its lines joined by spaces.
fn query_from_stdin() -> anyhow::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(STDIN_QUERY_BYTES + 1)
        .read_to_end(&mut bytes)
        .context("reading the query from standard input")?;
    if bytes.len() as u64 > STDIN_QUERY_BYTES {
        bail!("the query read from standard input is longer than {STDIN_QUERY_BYTES} bytes");
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("the query read from standard input is not UTF-8"))?;
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The index to search, built from `corpus` on first use, but only when it is the default
/// `./index`: building into a folder the user named could fill a mistyped path with the wrong
/// corpus.
pub fn open_or_build(global: &GlobalArgs, corpus: &Path) -> anyhow::Result<Index> {
    if !Index::exists(&global.index) && !global.index.is_file() {
        if global.index_named {
            bail!(
                "no index at {}: run `milpress index` first (only the default ./index is built \
                 on first use)",
                global.index.display()
            );
        }
        if corpus.is_dir() {
            eprintln!(
                "milpress: no index at {} yet: building it from {} first",
                global.index.display(),
                corpus.display()
            );
            index::build(corpus, &global.index, &UpdateOptions::default(), false)?;
        }
    }
    Ok(Index::open(&global.index)?)
}

/// The order of hits, from `--sort`.
pub fn sort(value: &str) -> anyhow::Result<Sort> {
    Ok(parse_sort(value)?)
}
