//! `milpress said`: who said what, as a timeline of matching answers, newest first.

use std::io::Write;

use anyhow::Context;

use super::{style, Outcome};
use crate::cli::{GlobalArgs, SaidArgs, SearchArgs};
use crate::document::Kind;
use crate::index::{Index, UpdateOptions};
use crate::output::{self, Format};
use crate::search::{Searcher, Sort};

pub fn run(args: &SaidArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    // The same validation as search, over answers only and by date.
    let search = SearchArgs {
        query: args.query.clone(),
        any: args.any,
        exact: args.exact,
        near: None,
        year: args.year,
        years: args.years.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        speaker: args.speaker.clone(),
        theme: args.theme.clone(),
        lang: args.lang.clone(),
        source: args.source.clone(),
        kind: Some(Kind::Answer.as_str().to_string()),
        limit: args.limit,
        offset: args.offset,
        sort: "-date".to_string(),
        format: Format::Text,
        snippet: 20,
        corpus: args.corpus.clone(),
    };
    let request = super::search::request(&search)?;
    debug_assert_eq!(request.sort, Sort::DateDesc);
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
    let searcher = Searcher::new(Index::open(&global.index)?)?;
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
