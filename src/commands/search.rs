//! `milpress search`: resolve the options, build the index on first use, search, print.

use std::io::Write;

use anyhow::Context;

use super::{style, Outcome};
use crate::cli::{GlobalArgs, SearchArgs};
use crate::output::{self, Format};
use crate::search::{Request, Searcher};

/// Hits shown when `--limit` is not given.
const DEFAULT_LIMIT: usize = 10;

pub fn run(args: &SearchArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let request = request(args)?;
    let searcher = Searcher::new(super::open_or_build(global, &args.corpus)?)?;
    let mut out = std::io::stdout().lock();
    let total = if args.all {
        all(&searcher, request, args, global, &mut out)?
    } else {
        let mut results = searcher.search(&request)?;
        // Text says "10 of 15 matches" itself.
        if args.limit.is_none() && args.format != Format::Text {
            results.note_more();
        }
        super::notices(&results.notices);
        output::ignore_broken_pipe(
            output::results(&mut out, &results, args.format, style(global))
                .and_then(|()| out.flush()),
        )
        .context("writing results")?;
        results.total
    };
    Ok(if total == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

/// `--all`: every match, a page at a time. CSV and JSON Lines are written page by page (constant
/// memory); text and JSON gather the pages into one result first. Returns the total.
fn all(
    searcher: &Searcher,
    mut request: Request,
    args: &SearchArgs,
    global: &GlobalArgs,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    const PAGE: usize = 1000;
    request.limit = PAGE;
    let first = request.offset;
    let mut results = searcher.search(&request)?;
    super::notices(&results.notices);
    let total = results.total;
    let streamed = matches!(args.format, Format::Csv | Format::Jsonl);
    let mut written = 0;
    let mut page = std::mem::take(&mut results.hits);
    loop {
        let done = page.len() < PAGE;
        if streamed {
            output::ignore_broken_pipe(output::hits(
                out,
                &page,
                args.format,
                written == 0,
                written,
            ))
            .context("writing results")?;
        }
        written += page.len();
        if !streamed {
            results.hits.append(&mut page);
        }
        if done || first + written >= total {
            break;
        }
        request.offset = first + written;
        page = searcher.search(&request)?.hits;
    }
    if !streamed {
        output::ignore_broken_pipe(output::results(out, &results, args.format, style(global)))
            .context("writing results")?;
    }
    output::ignore_broken_pipe(out.flush()).context("writing results")?;
    Ok(total)
}

/// Turns the arguments into a validated request.
fn request(args: &SearchArgs) -> anyhow::Result<Request> {
    let mut request = super::request(&args.query, &args.matching, &args.filters)?;
    request.limit = args.limit.unwrap_or(DEFAULT_LIMIT);
    request.offset = args.offset;
    request.sort = super::sort(&args.sort)?;
    // `--snippet 0`: no snippets at all.
    request.snippets = args.snippet > 0;
    request.snippet_chars = args.snippet;
    Ok(request)
}
