//! `milpress trend`: resolve each query as `search` would, count per period, print (and draw).

use std::io::{IsTerminal, Write};

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
        TrendFormat::Text => output::trend::text(&mut out, &trend, width(), style(global)),
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

/// The width to fit bars to: the terminal's, else `COLUMNS`, else 80.
fn width() -> usize {
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(&stdout) {
            return usize::from(w);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c: &usize| c >= 20)
        .unwrap_or(80)
}
