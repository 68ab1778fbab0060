//! `milpress search`: resolve the options, build the index on first use, search, print.

use std::io::Write;

use anyhow::Context;

use super::{style, Outcome};
use crate::cli::{GlobalArgs, SearchArgs};
use crate::index::{Index, UpdateOptions};
use crate::output;
use crate::search::{Params, Request, Searcher};

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

/// Turns the arguments into a validated request (the checks live in the library, shared with
/// `serve`).
fn request(args: &SearchArgs) -> anyhow::Result<Request> {
    let params = Params {
        query: args.query.join(" "),
        any: args.any,
        exact: args.exact,
        near: args.near,
        year: args.year,
        years: args.years.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        speakers: args.speaker.clone(),
        themes: args.theme.clone(),
        lang: args.lang.clone(),
        source: args.source.clone(),
        kind: args.kind.clone(),
        limit: args.limit,
        offset: args.offset,
        sort: args.sort.clone(),
        snippet: args.snippet,
    };
    Ok(params.to_request()?)
}
