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
    let mut results = searcher.search(&request)?;
    // Answers of one briefing share its date: keep them in the order they were given.
    results.hits.sort_by(|a, b| {
        b.doc
            .date
            .cmp(&a.doc.date)
            .then_with(|| a.doc.parent.cmp(&b.doc.parent))
            .then_with(|| a.doc.position.cmp(&b.doc.position))
    });
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
