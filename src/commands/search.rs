//! `milpress search`: resolve the options, build the index on first use, search, print.

use std::io::Write;

use anyhow::{bail, Context};

use super::{style, Outcome};
use crate::cli::{GlobalArgs, SearchArgs};
use crate::document::{Date, Kind, Lang};
use crate::index::{Index, UpdateOptions};
use crate::output;
use crate::search::{parse_years, Filters, Request, Searcher, Sort};

pub fn run(args: &SearchArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let request = request(args)?;
    if !Index::exists(&global.index) && args.corpus.is_dir() {
        eprintln!(
            "milpress: no index at {} yet: building it from {} first",
            global.index.display(),
            args.corpus.display()
        );
        super::index::build(
            &args.corpus,
            &global.index,
            &UpdateOptions::default(),
            false,
        )?;
    }
    let index = Index::open(&global.index)?;
    let searcher = Searcher::new(index)?;
    let results = searcher.search(&request)?;
    let mut out = std::io::stdout().lock();
    output::ignore_broken_pipe(
        output::results(&mut out, &results, args.format, style(global)).and_then(|()| out.flush()),
    )
    .context("writing results")?;
    Ok(if results.total == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

/// Turns the arguments into a validated request.
pub(super) fn request(args: &SearchArgs) -> anyhow::Result<Request> {
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
            Lang::parse(l).with_context(|| format!("--lang takes en, zh or mixed, not {l:?}"))?,
        ),
        None => None,
    };
    let kind = match &args.kind {
        Some(k) => Some(
            Kind::parse(k)
                .with_context(|| format!("--kind takes release, headline or answer, not {k:?}"))?,
        ),
        None => None,
    };
    let sort = match args.sort.as_str() {
        "relevance" | "score" => Sort::Relevance,
        "date" | "+date" => Sort::Date,
        "-date" => Sort::DateDesc,
        other => bail!(
            "--sort takes relevance, date (oldest first) or -date (newest first), not {other:?}"
        ),
    };
    let filters = Filters {
        years,
        from: date("from", &args.from)?,
        to: date("to", &args.to)?,
        speakers: args.speaker.clone(),
        themes: args.theme.clone(),
        lang,
        source: args.source.clone(),
        kind,
    };
    let query = args.query.join(" ");
    let query = match args.near {
        // Proximity is a sloppy phrase over the words as typed.
        Some(n) => format!("\"{}\"~{n}", query.replace('"', " ")),
        None => query,
    };
    Ok(Request {
        query,
        any: args.any,
        exact: args.exact,
        filters,
        limit: args.limit,
        offset: args.offset,
        sort,
        snippet_chars: args.snippet.max(20),
    })
}
