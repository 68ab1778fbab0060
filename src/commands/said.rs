//! `milpress said`: who said what, as a timeline of matching answers, newest first.

use std::io::Write;

use anyhow::{bail, Context};

use super::{style, Outcome};
use crate::cli::{GlobalArgs, SaidArgs};
use crate::document::Kind;
use crate::output;
use crate::search::{Searcher, Sort};

pub fn run(args: &SaidArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    // The same validation as search, over answers only, newest first.
    if let Some(kind) = &args.filters.kind {
        if Kind::parse(kind) != Some(Kind::Answer) {
            bail!("`said` lists answers only: --kind {kind:?} does not apply (use `search`)");
        }
    }
    let mut request = super::request(&args.query, &args.matching, &args.filters)?;
    request.filters.kind = Some(Kind::Answer);
    request.sort = Sort::DateDesc;
    request.limit = args.limit;
    request.offset = args.offset;
    request.snippet_chars = 20;
    let searcher = Searcher::new(super::open_or_build(global, &args.corpus)?)?;
    if args.all {
        // Counted first, so that the page holds every answer and no more.
        let mut count = request.clone();
        (count.limit, count.facets, count.snippets) = (1, false, false);
        request.limit = searcher.search(&count)?.total.max(1);
    }
    let mut results = if args.all {
        searcher.search(&request)?
    } else {
        page_in_order(&searcher, &request)?
    };
    in_order(&mut results.hits);
    // Said searches answers only: that documents of other kinds match is no news here.
    results
        .notices
        .retain(|n| !n.ends_with(crate::search::FILTERED_OUT));
    super::notices(&results.notices);
    let mut out = std::io::stdout().lock();
    output::ignore_broken_pipe(
        output::said::timeline(
            &mut out,
            &results,
            args.format,
            args.opening.max(20),
            style(global),
        )
        .and_then(|()| out.flush()),
    )
    .context("writing answers")?;
    Ok(if results.total == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

/// The page `request` asks for, newest first, with the answers of one day in the order they
/// were given: a date sort leaves the order of answers of the same day to where the index
/// stored them, so a page that ends inside a day reads that whole day, orders it, and cuts.
fn page_in_order(
    searcher: &Searcher,
    request: &crate::search::Request,
) -> anyhow::Result<crate::search::Results> {
    let mut first = request.clone();
    (first.offset, first.limit) = (0, request.offset + request.limit);
    let mut results = searcher.search(&first)?;
    let edge = results.hits.last().and_then(|h| h.doc.date);
    if let (Some(day), true) = (edge, results.hits.len() == first.limit) {
        let mut that_day = request.clone();
        (that_day.filters.from, that_day.filters.to) = (Some(day), Some(day));
        (that_day.offset, that_day.limit, that_day.facets) = (0, 1, false);
        that_day.limit = searcher.search(&that_day)?.total.max(1);
        let whole_day = searcher.search(&that_day)?.hits;
        results.hits.retain(|h| h.doc.date != Some(day));
        results.hits.extend(whole_day);
    }
    in_order(&mut results.hits);
    results.hits = results
        .hits
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .collect();
    Ok(results)
}

/// Newest first; answers of one briefing share its date, and keep the order they were given.
fn in_order(hits: &mut [crate::search::Hit]) {
    hits.sort_by(|a, b| {
        b.doc
            .date
            .cmp(&a.doc.date)
            .then_with(|| a.doc.parent.cmp(&b.doc.parent))
            .then_with(|| a.doc.position.cmp(&b.doc.position))
    });
}
