//! One file per subcommand, each with a `run` that resolves its arguments, calls the library and
//! says how it went as an exit code: 0 found (or done), 1 nothing found, 2 error.

pub mod bench;
pub mod index;
pub mod optimize;
pub mod said;
pub mod search;
pub mod show;
pub mod trend;

use std::io::IsTerminal;

use anyhow::{bail, Context};

use crate::cli::{ColorChoice, FilterArgs, GlobalArgs, MatchArgs};
use crate::document::{Date, Kind, Lang};
use crate::output::Style;
use crate::search::{parse_years, Filters, Request, Sort};

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

/// The request every query-running command (`search`, `trend`, `bench`) builds from what was
/// typed: one function, so a filter means the same in each. Paging, order and snippet length
/// are left at their defaults for the caller to set.
pub fn request(
    query: &[String],
    matching: &MatchArgs,
    filters: &FilterArgs,
) -> anyhow::Result<Request> {
    let query = query.join(" ");
    let query = match matching.near {
        // Proximity is a sloppy phrase over the words as typed.
        Some(n) => format!("\"{}\"~{n}", query.replace('"', " ")),
        None => query,
    };
    let mut request = Request::new(query);
    request.any = matching.any;
    request.exact = matching.exact;
    request.filters = self::filters(filters)?;
    Ok(request)
}

/// The validated filters.
pub fn filters(args: &FilterArgs) -> anyhow::Result<Filters> {
    let date = |flag: &str, value: &Option<String>| -> anyhow::Result<Option<Date>> {
        value
            .as_deref()
            .map(|v| {
                Date::parse_iso(v)
                    .with_context(|| format!("--{flag} takes a date as YYYY-MM-DD, not {v:?}"))
            })
            .transpose()
    };
    let years = match (&args.year, &args.years) {
        (Some(year), _) => Some((*year, *year)),
        (None, Some(range)) => Some(parse_years(range)?),
        (None, None) => None,
    };
    let lang = match &args.lang {
        Some(l) => Some(
            Lang::parse(l)
                .with_context(|| format!("unknown --lang {l:?} (languages: en, zh, mixed)"))?,
        ),
        None => None,
    };
    let kind = match &args.kind {
        Some(k) => Some(
            Kind::parse(k)
                .with_context(|| format!("unknown --kind {k:?} (kinds: {})", Kind::names()))?,
        ),
        None => None,
    };
    let (from, to) = (date("from", &args.from)?, date("to", &args.to)?);
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            bail!("--from {from} is after --to {to}: the date range runs backwards");
        }
    }
    Ok(Filters {
        years,
        from,
        to,
        speakers: args.speaker.clone(),
        themes: args.theme.clone(),
        lang,
        source: args.source.clone(),
        kind,
    })
}

/// The order of hits, from `--sort`.
pub fn sort(value: &str) -> anyhow::Result<Sort> {
    Ok(match value {
        "relevance" | "score" => Sort::Relevance,
        "date" | "+date" => Sort::Date,
        "-date" => Sort::DateDesc,
        other => bail!(
            "--sort takes relevance, date (oldest first) or -date (newest first), not {other:?}"
        ),
    })
}
