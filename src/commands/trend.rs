//! `milpress trend`: resolve each query as `search` would, count per period, print (and draw).

use std::io::Write;

use anyhow::Context;

use super::{style, Outcome};
use crate::cli::{GlobalArgs, TrendArgs, TrendBy, TrendFormat};
use crate::index::Index;
use crate::output;
use crate::search::Period;
use crate::search::Searcher;

pub fn run(args: &TrendArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let requests = args
        .queries
        .iter()
        .map(|q| super::request(std::slice::from_ref(q), &args.matching, &args.filters))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let by = match args.by {
        TrendBy::Year => Period::Year,
        TrendBy::Quarter => Period::Quarter,
        TrendBy::Month => Period::Month,
        TrendBy::Week => Period::Week,
        TrendBy::Day => Period::Day,
    };
    let searcher = Searcher::new(Index::open(&global.index)?)?;
    let trend = searcher.trend(&requests, by, args.per)?;
    if let Some(path) = &args.svg {
        std::fs::write(path, output::svg::chart(&trend))
            .with_context(|| format!("writing the chart to {}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        TrendFormat::Text => output::trend::text(&mut out, &trend, output::width(), style(global)),
        TrendFormat::Json => output::trend::json(&mut out, &trend),
        TrendFormat::Csv => output::trend::csv(&mut out, &trend),
    };
    output::ignore_broken_pipe(written.and_then(|()| out.flush())).context("writing the trend")?;
    Ok(if trend.series.iter().all(|s| s.total == 0) {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}
