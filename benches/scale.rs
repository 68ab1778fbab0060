//! Scale benchmark: generates corpora of the sizes in `MILPRESS_SCALE` (default 10000; e.g.
//! `MILPRESS_SCALE=10000,100000,1000000`), indexes each, and prints indexing throughput, peak
//! memory, index size, in-process query latency per class (p50/p95/p99, facets and snippets
//! included), snippet cost, end-to-end `milpress search` wall time as a new process, and the time
//! to re-index one changed file. Figures are also written to `target/scale/results-N.json`.
//!
//! After that it measures growth: 100 incremental runs that each change one release file, the
//! query classes again, then `milpress optimize` and the classes once more.
//!
//! Run: `MILPRESS_SCALE=10000,100000 cargo bench --bench scale`. With `MILPRESS_SCALE_ONLY=generate`
//! it writes the corpora (and their `corpus-N.jsonl`, for `benches/peers.py`) and stops there.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use milpress::index::{self, Index, UpdateOptions};
use milpress::search::{Request, Searcher, Sort};

/// A class of queries and the requests it runs.
struct Class {
    name: &'static str,
    requests: Vec<(serde_json::Value, Request)>,
}

fn plain(queries: &[&str]) -> Vec<(serde_json::Value, Request)> {
    queries
        .iter()
        .map(|q| (serde_json::json!(q), Request::new(*q)))
        .collect()
}

fn classes() -> Vec<Class> {
    let filtered = |q: &str, year: Option<i32>, speaker: Option<&str>| {
        let mut r = Request::new(q);
        r.filters.years = year.map(|y| (y, y));
        r.filters.speakers = speaker.map(|s| vec![s.to_string()]).unwrap_or_default();
        (
            serde_json::json!({"query": q, "year": year, "speaker": speaker}),
            r,
        )
    };
    let by_date = |q: &str| {
        let mut r = Request::new(q);
        r.sort = Sort::DateDesc;
        (serde_json::json!(q), r)
    };
    let exact = |q: &str| {
        let mut r = Request::new(q);
        r.exact = true;
        (serde_json::json!(q), r)
    };
    vec![
        Class {
            name: "english_term",
            requests: vec![
                exact("forum"),
                exact("navy"),
                exact("Taiwan"),
                exact("exercise"),
            ],
        },
        Class {
            name: "english_and",
            requests: vec![
                exact("military cooperation"),
                exact("Taiwan independence"),
                exact("naval escort"),
                exact("defense ministry"),
            ],
        },
        Class {
            name: "english_phrase",
            requests: vec![
                exact("\"military cooperation\""),
                exact("\"South China Sea\""),
                exact("\"national defense\""),
            ],
        },
        Class {
            name: "chinese_term",
            requests: vec![
                exact("香山论坛"),
                exact("演习"),
                exact("台湾"),
                exact("海军"),
            ],
        },
        Class {
            name: "chinese_phrase",
            requests: vec![
                exact("\"国防部新闻发言人\""),
                exact("\"台独\"分裂"),
                exact("\"军事合作\""),
            ],
        },
        Class {
            name: "cross_language",
            requests: plain(&["Xiangshan Forum", "南海", "Taiwan independence", "东部战区"]),
        },
        Class {
            name: "filtered",
            requests: vec![
                filtered("演习", Some(2024), None),
                filtered("台湾", None, Some("Jiang Bin")),
                filtered("forum", Some(2020), None),
            ],
        },
        Class {
            name: "sorted_by_date",
            requests: vec![by_date("海军"), by_date("Taiwan")],
        },
        Class {
            name: "common_term",
            requests: vec![exact("the"), exact("中国")],
        },
    ]
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// Peak resident memory of this process, in MB (Linux).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets the peak-memory mark, so the next reading covers indexing alone.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn main() {
    let sizes: Vec<usize> = std::env::var("MILPRESS_SCALE")
        .unwrap_or_else(|_| "10000".to_string())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect();
    let mix = support::Mix::parse(&std::env::var("MILPRESS_SCALE_MIX").unwrap_or_default())
        .unwrap_or_else(|e| panic!("MILPRESS_SCALE_MIX: {e}"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    println!("source corpus: {}", support::source_corpus().display());
    for docs in sizes {
        run(&root, docs, mix);
    }
}

/// p50/p95/p99 of every class, printed as a table; `reps` timed searches per query.
fn measure_classes(searcher: &Searcher, reps: usize) -> serde_json::Map<String, serde_json::Value> {
    let mut results = serde_json::Map::new();
    println!(
        "{:<16} {:>9} {:>9} {:>9} {:>9}",
        "class", "p50 ms", "p95 ms", "p99 ms", "hits"
    );
    for class in classes() {
        let mut times = Vec::new();
        let mut hits = 0;
        for (_, request) in &class.requests {
            searcher.search(request).expect("warm-up");
            for _ in 0..reps {
                let t = Instant::now();
                let r = searcher.search(request).expect("search");
                times.push(t.elapsed());
                hits = hits.max(r.total);
            }
        }
        times.sort();
        let (p50, p95, p99) = (
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
        );
        println!(
            "{:<16} {p50:>9.2} {p95:>9.2} {p99:>9.2} {hits:>9}",
            class.name
        );
        results.insert(
            class.name.to_string(),
            serde_json::json!({
                "queries": class.requests.iter().map(|(q, _)| q.clone()).collect::<Vec<_>>(),
                "p50_ms": p50, "p95_ms": p95, "p99_ms": p99,
            }),
        );
    }
    results
}

/// A searcher that counts every search anew: the classes are timed as queries asked for the
/// first time (warm), not as repeats answered from kept counts.
fn uncached(index_dir: &Path) -> Searcher {
    let mut searcher = Searcher::new(Index::open(index_dir).expect("open")).expect("searcher");
    searcher.keep_counts(false);
    searcher
}

fn segments(index_dir: &Path) -> usize {
    Index::open(index_dir)
        .and_then(|i| Ok(i.tantivy.searchable_segment_ids()?.len()))
        .unwrap_or(0)
}

/// Appends a sentence to a file, so that its size and modification time change.
/// An index run as `milpress index` makes it: the update, then the frequent words' counts
/// kept for the segments it left.
fn index_run(corpus: &Path, index_dir: &Path, options: &UpdateOptions) -> index::Summary {
    let summary = index::update(corpus, index_dir, options, &mut ()).expect("index run");
    milpress::commands::index::keep_word_counts(index_dir).expect("counts kept");
    summary
}

fn touch(path: &Path, sentence: &str) {
    let mut text = std::fs::read_to_string(path).expect("read");
    text.push_str(sentence);
    std::fs::write(path, text).expect("write");
}

fn run(root: &Path, docs: usize, mix: support::Mix) {
    let corpus = root.join(format!("corpus-{docs}{}", mix.suffix()));
    let index_dir = root.join(format!("index-{docs}{}", mix.suffix()));
    let started = Instant::now();
    let generated = support::generate(&corpus, docs, 0x5eed, mix).expect("generating the corpus");
    let input = generated.bytes;
    println!(
        "\n== {docs} documents: {:.1} MB in {} feed records, {} release files, {} headlines; generated in {:.1} s",
        input as f64 / 1e6,
        generated.feed_records,
        generated.releases.len(),
        generated.headlines,
        started.elapsed().as_secs_f64()
    );
    println!("documents as JSON Lines: {}", generated.jsonl.display());
    if std::env::var("MILPRESS_SCALE_ONLY").is_ok_and(|v| v == "generate") {
        return;
    }

    let _ = std::fs::remove_dir_all(&index_dir);
    reset_peak_rss();
    let started = Instant::now();
    let options = UpdateOptions::default();
    let summary = index::update(&corpus, &index_dir, &options, &mut ()).expect("indexing");
    let indexing = started.elapsed().as_secs_f64();
    milpress::commands::index::keep_word_counts(&index_dir).expect("counts kept");
    let took = started.elapsed().as_secs_f64();
    println!(
        "of which the frequent words' counts (as `milpress index` keeps them last): {:.1} s",
        took - indexing
    );
    let indexed = summary.docs_added;
    let size = dir_size(&index_dir);
    println!(
        "index: {indexed} docs ({} duplicates, {} files with errors) in {took:.1} s = {:.0} docs/s, {:.2} MB/s; peak RSS {:.0} MB; index {:.1} MB = {:.2}x input; {} segments",
        summary.duplicates.len(),
        summary.files_with_errors,
        indexed as f64 / took,
        input as f64 / 1e6 / took,
        peak_rss_mb(),
        size as f64 / 1e6,
        size as f64 / input as f64,
        segments(&index_dir),
    );

    let searcher = uncached(&index_dir);
    let results = measure_classes(&searcher, 30);

    // Snippet cost: the same searches with and without ten snippets.
    let mut with = Vec::new();
    let mut without = Vec::new();
    for q in ["forum", "香山论坛", "Taiwan", "演习"] {
        let mut r = Request::new(q);
        r.exact = true;
        let mut none = r.clone();
        none.limit = 0;
        for _ in 0..30 {
            let t = Instant::now();
            searcher.search(&r).expect("search");
            with.push(t.elapsed());
            let t = Instant::now();
            searcher.search(&none).expect("search");
            without.push(t.elapsed());
        }
    }
    with.sort();
    without.sort();
    println!(
        "snippets for 10 hits: {:.2} ms (median with {:.2} ms, without {:.2} ms)",
        percentile(&with, 0.5) - percentile(&without, 0.5),
        percentile(&with, 0.5),
        percentile(&without, 0.5)
    );
    drop(searcher);
    end_to_end(&index_dir);

    // One changed file in a big index: a release saved on its own, then a feed of 1,000 records
    // with known words, then the same feed bringing words no segment holds (a Chinese and an
    // English one: the translation tables grow by the rows they touch), then nothing changed.
    let feed_record = |title: &str, body: &str| {
        format!("{{\"id\": \"changed-{title}\", \"title\": \"{title}\", \"body\": \"{body}\"}}\n")
    };
    let changes = [
        (
            "one release file",
            &generated.a_release,
            "\nThe drill was postponed.\n".to_string(),
        ),
        (
            "one 1,000-record feed file",
            &generated.a_feed,
            feed_record("A late correction", "The drill was postponed."),
        ),
        (
            "one 1,000-record feed file with new words",
            &generated.a_feed,
            feed_record(
                "Vorblexing trial",
                "鼗鼙鼛试验。The vorblexing trial was postponed.",
            ),
        ),
    ];
    for (what, path, addition) in changes {
        let Some(path) = path else { continue };
        touch(path, &addition);
        let t = Instant::now();
        let summary = index_run(&corpus, &index_dir, &options);
        println!(
            "re-index after {what} changed: {:.2} s ({} files read, {} unchanged)",
            t.elapsed().as_secs_f64(),
            summary.files_read,
            summary.files_unchanged
        );
    }
    let t = Instant::now();
    index_run(&corpus, &index_dir, &options);
    println!(
        "re-index with nothing changed: {:.2} s",
        t.elapsed().as_secs_f64()
    );

    // Growth: 100 incremental runs, one changed release each, then the query classes again,
    // then `optimize` and the classes once more.
    let runs = 100.min(generated.releases.len());
    let mut times = Vec::new();
    for k in 0..runs {
        let path = &generated.releases[k * generated.releases.len() / runs.max(1)];
        touch(path, &format!("\nUpdate {k}: the exercise concluded.\n"));
        let t = Instant::now();
        index_run(&corpus, &index_dir, &options);
        times.push(t.elapsed());
    }
    times.sort();
    if runs > 0 {
        println!(
            "\n{runs} incremental runs (one changed release each): median {:.2} s, max {:.2} s; {} segments after them",
            percentile(&times, 0.5) / 1000.0,
            percentile(&times, 1.0) / 1000.0,
            segments(&index_dir)
        );
        let searcher = uncached(&index_dir);
        measure_classes(&searcher, 10);
        drop(searcher);
        let t = Instant::now();
        let (before, after) =
            index::optimize(&index_dir, options.memory_budget, index::segments_wanted())
                .expect("optimize");
        milpress::commands::index::keep_word_counts(&index_dir).expect("counts kept");
        println!(
            "milpress optimize: {before} → {after} segments in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let searcher = uncached(&index_dir);
        measure_classes(&searcher, 10);
        drop(searcher);
        end_to_end(&index_dir);
    }

    let report = serde_json::json!({"corpus": corpus, "docs": docs, "input_bytes": input, "index_bytes": size, "index_seconds": took, "classes": results});
    let path = root.join(format!("results-{docs}.json"));
    std::fs::write(&path, serde_json::to_vec_pretty(&report).expect("json"))
        .expect("write results");
    println!("figures written to {}", path.display());
}

/// End to end: a new process per search, as a user runs it.
fn end_to_end(index_dir: &Path) {
    let binary = env!("CARGO_BIN_EXE_milpress");
    for query in ["Xiangshan Forum", "香山论坛"] {
        let mut times = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            let out = Command::new(binary)
                .args(["search", "--index"])
                .arg(index_dir)
                .arg(query)
                .output()
                .expect("milpress runs");
            times.push(t.elapsed());
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        times.sort();
        println!(
            "milpress search {query:?} as a new process: median {:.1} ms, p95 {:.1} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
    }
}
