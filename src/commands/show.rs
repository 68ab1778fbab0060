//! `milpress show ID`: one document in full; an answer with its question and its briefing.

use std::io::Write;

use anyhow::Context;

use super::{style, Outcome};
use crate::cli::{GlobalArgs, ShowArgs};
use crate::document::Kind;
use crate::error::Error;
use crate::index::Index;
use crate::output;
use crate::search::Searcher;

pub fn run(args: &ShowArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let format = output::Format::from(args.format);
    if args.id.trim().is_empty() {
        anyhow::bail!("show needs an id, as `milpress search` prints it");
    }
    let searcher = Searcher::new(Index::open(&global.index)?)?;
    let doc = match searcher.get(&args.id) {
        Ok(doc) => doc,
        Err(Error::NoSuchDocument(id)) => {
            eprintln!(
                "milpress: no document with id {id:?} (ids are printed by `milpress search`)"
            );
            return Ok(Outcome::NothingFound);
        }
        Err(err) => return Err(err.into()),
    };
    let paths = searcher.index().paths_of(&doc);
    let mut out = std::io::stdout().lock();
    if doc.kind == Kind::Answer && format == output::Format::Text {
        output::ignore_broken_pipe(
            output::said::answer_document(&mut out, &doc, style(global)).and_then(|()| out.flush()),
        )
        .context("writing the answer")?;
        return Ok(Outcome::Success);
    }
    output::ignore_broken_pipe(
        output::document(&mut out, &doc, &paths, format, style(global)).and_then(|()| out.flush()),
    )
    .context("writing the document")?;
    Ok(Outcome::Success)
}
