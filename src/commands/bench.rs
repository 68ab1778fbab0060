//! `milpress bench`: read the query list, resolve each line as `search` would, time, print.

use std::io::Write;

use anyhow::{bail, Context};
use clap::Parser;

use super::Outcome;
use crate::cli::{BenchArgs, BenchFormat, GlobalArgs, QueryOptions};
use crate::index::Index;
use crate::output;
use crate::search::Searcher;
use crate::search::{BenchOptions, BenchQuery};

/// The query set used when `--queries` is not given.
const DEFAULT_QUERIES: &str = include_str!("../../data/bench-queries.tsv");

pub fn run(args: &BenchArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let (text, name) = match &args.queries {
        Some(path) => (
            std::fs::read_to_string(path)
                .with_context(|| format!("reading the queries in {}", path.display()))?,
            path.display().to_string(),
        ),
        None => (
            DEFAULT_QUERIES.to_string(),
            "data/bench-queries.tsv".to_string(),
        ),
    };
    let mut queries = parse(&text).with_context(|| format!("in {name}"))?;
    if queries.is_empty() {
        bail!("{name} holds no query");
    }
    for query in &mut queries {
        query.request.facets &= !args.no_facets;
        query.request.snippets &= !args.no_snippets;
        query.request.exact |= args.exact;
    }
    let mut searcher = Searcher::new(Index::open(&global.index)?)?;
    searcher.keep_counts(!args.recount);
    let report = searcher.bench(
        &queries,
        BenchOptions {
            runs: args.runs,
            warmup: args.warmup,
            threads: usize::from(args.threads),
        },
    )?;
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        BenchFormat::Text => output::bench::text(&mut out, &report),
        BenchFormat::Json => output::bench::json(&mut out, &report),
    };
    output::ignore_broken_pipe(written.and_then(|()| out.flush())).context("writing the report")?;
    let (bytes, segments) = searcher.facet_table_bytes();
    if segments > 0 {
        // On stderr: the report's formats stay as they are.
        eprintln!(
            "facet tables: {:.1} MB over {segments} segments",
            bytes as f64 / (1 << 20) as f64
        );
    }
    let (bytes, segments) = searcher.date_order_bytes();
    if segments > 0 {
        eprintln!(
            "date orders: {:.1} MB over {segments} segments",
            bytes as f64 / (1 << 20) as f64
        );
    }
    let kept = searcher.kept_counts_used();
    if kept > 0 {
        eprintln!(
            "counts kept in the index for frequent words: taken {kept} times (a segment a time) \
             instead of counting the matches"
        );
    }
    Ok(Outcome::Success)
}

/// Reads a query list: one query a line, or `class<TAB>query`, or `class<TAB>query<TAB>search
/// options`; blank lines and lines starting with `#` are skipped.
fn parse(text: &str) -> anyhow::Result<Vec<BenchQuery>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        let (class, query, options) = match parts.as_slice() {
            [query] => ("query", *query, ""),
            [class, query] => (*class, *query, ""),
            [class, query, options] => (*class, *query, *options),
            _ => bail!("line {}: more than three tab-separated fields", n + 1),
        };
        let words = split_words(options).with_context(|| format!("line {}", n + 1))?;
        let options = QueryOptions::try_parse_from(&words)
            .map_err(|e| anyhow::anyhow!("{}", e.render().to_string().trim_end()))
            .with_context(|| format!("line {}: the search options {options:?}", n + 1))?;
        let query_words = [query.trim().to_string()];
        let mut request = super::request(&query_words, &options.matching, &options.filters)
            .with_context(|| format!("line {}", n + 1))?;
        request.sort = super::sort(&options.sort).with_context(|| format!("line {}", n + 1))?;
        request.limit = options.limit;
        let label = if words.is_empty() {
            query.trim().to_string()
        } else {
            format!("{} {}", query.trim(), words.join(" "))
        };
        out.push(BenchQuery {
            class: class.trim().to_string(),
            label,
            request,
        });
    }
    Ok(out)
}

/// Splits options into words as a shell would for the simple cases: spaces separate, double
/// or single quotes group (`--speaker "Jiang Bin"`).
fn split_words(text: &str) -> anyhow::Result<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        bail!("an unclosed quote in {text:?}");
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Sort;

    #[test]
    fn lines_take_a_class_and_search_options() {
        let queries = parse(
            "# comment\n\nforum\nenglish_term\tnavy\nfiltered\t台湾\t--speaker \"Jiang Bin\" --year 2024 --sort -date\n",
        )
        .unwrap();
        assert_eq!(queries.len(), 3);
        assert_eq!(queries[0].class, "query");
        assert_eq!(queries[1].class, "english_term");
        assert_eq!(queries[1].request.query, "navy");
        let f = &queries[2].request;
        assert_eq!(f.query, "台湾");
        assert_eq!(f.filters.speakers, ["Jiang Bin"]);
        assert_eq!(f.filters.years, Some((2024, 2024)));
        assert_eq!(f.sort, Sort::DateDesc);
        assert!(f.facets && f.snippets, "the full search path by default");
    }

    #[test]
    fn bad_lines_are_errors_naming_the_line() {
        let err = parse("a\tb\t--sort sideways\n").unwrap_err();
        assert!(format!("{err:#}").contains("line 1"), "{err:#}");
        let err = parse("a\tb\t--no-such-flag\n").unwrap_err();
        assert!(format!("{err:#}").contains("line 1"), "{err:#}");
        assert!(parse("a\tb\t--speaker \"open\n").is_err());
    }

    #[test]
    fn the_default_set_parses_and_covers_every_class() {
        let queries = parse(DEFAULT_QUERIES).unwrap();
        let mut classes: Vec<&str> = queries.iter().map(|q| q.class.as_str()).collect();
        classes.dedup();
        assert_eq!(
            classes,
            [
                "english_term",
                "english_and",
                "english_phrase",
                "chinese_term",
                "chinese_phrase",
                "cross_language",
                "filtered",
                "sorted_by_date",
                "common_term"
            ]
        );
    }
}
