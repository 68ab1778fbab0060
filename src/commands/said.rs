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
    request.body_only = args.answer_only;
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
/// were given. A date sort leaves the order of answers of the same day (or of the same year,
/// for those dated only by their year) to where the index stored them, so the hits are read
/// until the one after the page's last has another day: that whole day is then ordered, and
/// cut, and the pages read in turn give what `--all` gives.
fn page_in_order(
    searcher: &Searcher,
    request: &crate::search::Request,
) -> anyhow::Result<crate::search::Results> {
    let want = request.offset + request.limit;
    let mut first = request.clone();
    (first.offset, first.limit) = (0, want + 1);
    loop {
        let mut results = searcher.search(&first)?;
        let hits = &results.hits;
        let whole = hits.len() < first.limit
            || want == 0
            || hits[want - 1].doc.sort_day() != hits[hits.len() - 1].doc.sort_day();
        if whole {
            in_order(&mut results.hits);
            results.hits = results
                .hits
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .collect();
            return Ok(results);
        }
        first.limit = first.limit.saturating_mul(2);
    }
}

/// Newest first, as the date sort puts them; answers of one briefing share its date, and keep
/// the order they were given.
fn in_order(hits: &mut [crate::search::Hit]) {
    hits.sort_by(|a, b| {
        b.doc
            .sort_day()
            .cmp(&a.doc.sort_day())
            .then_with(|| a.doc.parent.cmp(&b.doc.parent))
            .then_with(|| a.doc.position.cmp(&b.doc.position))
    });
}
