//! Query latency, in process, over an index of the shared corpus (`../shared/corpus`), or of the
//! sample corpus when the shared one is absent. Each query includes facet counts and snippets for
//! the top 10 hits, as `milpress search` does.

// Only the source-corpus lookup is used here; the generator serves the scale bench.
#[allow(dead_code)]
mod support;

use criterion::{criterion_group, criterion_main, Criterion};

use milpress::index::{self, Index, UpdateOptions};
use milpress::search::{Request, Searcher};

fn queries(c: &mut Criterion) {
    let corpus = support::source_corpus();
    let dir = tempfile::tempdir().expect("temp dir");
    index::update(&corpus, dir.path(), &UpdateOptions::default(), &mut ()).expect("indexing");
    let mut searcher = Searcher::new(Index::open(dir.path()).expect("open")).expect("searcher");
    // Every iteration counts anew, as a query asked for the first time.
    searcher.keep_counts(false);
    eprintln!(
        "corpus {} ({} documents)",
        corpus.display(),
        searcher.num_docs()
    );

    let cases: &[(&str, Request)] = &[
        ("english_term", Request::new("forum")),
        ("english_and", Request::new("military cooperation")),
        ("english_phrase", Request::new("\"Xiangshan Forum\"")),
        ("chinese_term", Request::new("香山论坛")),
        ("chinese_phrase", Request::new("\"国防部新闻发言人\"")),
        ("filtered_year", {
            let mut r = Request::new("演习");
            r.filters.years = Some((2026, 2026));
            r
        }),
        ("filtered_speaker", {
            let mut r = Request::new("台湾");
            r.filters.speakers = vec!["Jiang Bin".to_string()];
            r
        }),
    ];
    let mut group = c.benchmark_group("search");
    for (name, request) in cases {
        // Warm lazy state (jieba, the roster) before measuring.
        let results = searcher.search(request).expect("search");
        assert!(results.total > 0, "{name} finds something");
        group.bench_function(*name, |b| {
            b.iter(|| {
                let results = searcher.search(request).expect("search");
                assert!(results.total > 0);
                results
            })
        });
    }
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
