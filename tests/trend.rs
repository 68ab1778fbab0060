//! `milpress trend` and `milpress bench` through the real binary: formats, exit codes, and a
//! trend's counts against `search`'s totals with the same filters.

use std::path::Path;

use serde_json::Value;

use crate::util::{project_root, run_in, TestEnv};

fn doc(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n---\n{body}\n")
}

/// Five dated notes, one with only a year, one with none.
fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "a.md",
        doc("Drill one", "2023-12-30", "The navy held a drill at sea."),
    );
    env.write(
        "b.md",
        doc(
            "Drill two",
            "2024-01-02",
            "Another navy drill near the coast.",
        ),
    );
    env.write(
        "c.md",
        doc("Drill three", "2024-05-18", "A navy drill with live fire."),
    );
    env.write(
        "d.md",
        doc("Forum", "2024-05-19", "The forum met; no exercise."),
    );
    env.write(
        "e.md",
        doc("海军演练", "2024-05-20", "海军舰艇编队进行演练。navy"),
    );
    // A year from the path and no day: dated only by year.
    env.write("2024/f.txt", "Year only\nA navy review was held.\n");
    env.write("g.txt", "Undated note\nThe navy sent a ship somewhere.\n");
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

fn series(json: &Value, i: usize) -> Vec<(String, u64)> {
    json["queries"][i]["series"]
        .as_array()
        .expect("series is an array")
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn trend_json_counts_periods_and_sets_apart_what_it_cannot_place() {
    let env = env();
    let run = env.run(&["trend", "navy", "--by", "month", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["by"], "month");
    let q = &json["queries"][0];
    assert_eq!(q["query"], "navy");
    assert_eq!(q["first"], "2023-12-30");
    assert_eq!(q["last"], "2024-05-20");
    let year_only = q["year_only"].as_u64().unwrap();
    let undated = q["undated"].as_u64().unwrap();
    let dated: u64 = series(&json, 0).iter().map(|(_, n)| n).sum();
    assert_eq!(q["total"].as_u64().unwrap(), dated + year_only + undated);
    assert_eq!(dated, 4, "{json}");
    assert_eq!((year_only, undated), (1, 1), "{json}");
    // Empty months between the first and the last are there, at zero.
    let months: Vec<String> = series(&json, 0).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        months,
        ["2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    );
    assert_eq!(series(&json, 0)[2].1, 0);

    let weeks = env
        .run(&["trend", "drill", "--by", "week", "-f", "json"])
        .json();
    let weeks = series(&weeks, 0);
    // 2023-12-30 is in 2023-W52; 2024-01-02 in 2024-W01 (ISO weeks).
    assert_eq!(weeks[0], ("2023-W52".to_string(), 1));
    assert_eq!(weeks[1], ("2024-W01".to_string(), 1));
}

#[test]
fn trend_rates_divide_by_the_documents_that_pass_the_filters() {
    let env = env();
    let json = env
        .run(&[
            "trend", "forum", "--by", "month", "--per", "1000", "-f", "json",
        ])
        .json();
    let point = &json["queries"][0]["series"][0];
    assert_eq!(point["period"], "2024-05");
    // One of the three May documents.
    let rate = point["per_1000"].as_f64().unwrap();
    assert!((rate - 333.333).abs() < 0.01, "{json}");
}

#[test]
fn trend_text_and_csv_show_every_series() {
    let env = env();
    let run = env.run(&["trend", "navy", "海军", "--by", "year"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("first 2023-12-30"), "{}", run.stdout);
    assert!(run.stdout.contains("← peak"), "{}", run.stdout);
    assert!(run.stdout.contains("海军"), "{}", run.stdout);
    assert!(run.stdout.contains("+ 1 undated"), "{}", run.stdout);

    let run = env.run(&["trend", "navy", "forum", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "query,period,count");
    assert!(
        lines.contains(&"navy,2024,4"),
        "the year-only document counts in its year: {}",
        run.stdout
    );
    assert!(lines.contains(&"forum,2023,0"), "{}", run.stdout);
    // Two years a series, and the undated match on a row of its own, as text shows it.
    let undated: Vec<&&str> = lines.iter().filter(|l| l.contains(",undated,")).collect();
    assert_eq!(undated.len(), 1, "{}", run.stdout);
    assert_eq!(lines.len(), 1 + 2 * 2 + 1);
}

#[test]
fn trend_exit_codes_and_errors() {
    let env = env();
    let run = env.run(&["trend", "zzyzx"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = env.run(&["trend", "navy", "--by", "fortnight"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("year, quarter, month, week, day"),
        "{}",
        run.stderr
    );
    let run = env.run(&["trend", "navy", "--from", "May 1st"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
}

#[test]
fn trend_writes_an_svg_chart() {
    let env = env();
    let path = env.corpus().join("../chart.svg");
    let run = env.run(&["trend", "navy", "海军", "--svg", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains("海军 (1)") || svg.contains("海军 ("),
        "legend names the series"
    );
}

#[test]
fn bench_json_reports_classes_queries_and_throughput() {
    let env = env();
    let queries = env.corpus().join("../queries.tsv");
    std::fs::write(
        &queries,
        "en\tnavy\nen\tdrill\t--year 2024\nzh\t海军\t--sort -date\n",
    )
    .unwrap();
    let run = env.run(&[
        "bench",
        "--queries",
        queries.to_str().unwrap(),
        "--runs",
        "5",
        "--warmup",
        "1",
        "--threads",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["index"]["documents"], 7);
    assert!(json["index"]["segments"].as_u64().unwrap() >= 1);
    assert_eq!(json["classes"]["en"]["n"], 10);
    assert_eq!(json["classes"]["zh"]["n"], 5);
    for key in ["p50_ms", "p95_ms", "p99_ms", "max_ms", "first_p50_ms"] {
        assert!(json["classes"]["en"][key].as_f64().unwrap() >= 0.0, "{key}");
    }
    let q = &json["queries"];
    assert!(
        q[0]["first_ms"].as_f64().unwrap() > 0.0,
        "the run that counted"
    );
    assert_eq!(q[0]["query"], "navy");
    assert_eq!(q[0]["total"], 6);
    // Drill two, drill three, 海军演练 (a naval drill: its 军演 is a form of `drill`) and the
    // forum's "exercise" (another), not the 2023 drill.
    assert_eq!(q[1]["total"], 4, "the line's --year applies");
    assert_eq!(q[2]["class"], "zh");
    assert!(json["qps"].as_f64().unwrap() > 0.0);

    let run = env.run(&[
        "bench",
        "--runs",
        "1",
        "--warmup",
        "0",
        "--no-facets",
        "--no-snippets",
        "--exact",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("common_term"), "{}", run.stdout);

    std::fs::write(&queries, "en\tnavy\t--sort sideways\n").unwrap();
    let run = env.run(&["bench", "--queries", queries.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("line 1"), "{}", run.stderr);
}

/// For each year the trend shows, and a few months, its count equals `search`'s total with
/// the same query and `--year` (or `--from`/`--to`).
fn trend_equals_search(cwd: &Path, index: &Path, queries: &[&str], extra: &[&str]) {
    for query in queries {
        let mut args = vec!["trend", query, "--format", "json"];
        args.extend_from_slice(extra);
        let run = run_in(cwd, index, &args);
        assert!(run.code <= 1, "{args:?}: {}", run.stderr);
        let json = run.json();
        let total = |more: &[&str]| {
            let mut args = vec!["search", query, "--limit", "0", "--format", "json"];
            args.extend_from_slice(extra);
            args.extend_from_slice(more);
            let run = run_in(cwd, index, &args);
            assert!(run.code <= 1, "{args:?}: {}", run.stderr);
            run.json()["total"].as_u64().unwrap()
        };
        assert_eq!(
            json["queries"][0]["total"].as_u64().unwrap(),
            total(&[]),
            "{query}"
        );
        for (year, count) in series(&json, 0) {
            assert_eq!(
                count,
                total(&["--year", &year]),
                "{query} {extra:?} in {year}"
            );
        }
        let mut args = vec!["trend", query, "--by", "month", "--format", "json"];
        args.extend_from_slice(extra);
        let months = run_in(cwd, index, &args).json();
        for (month, count) in series(&months, 0).into_iter().rev().take(3) {
            let from = format!("{month}-01");
            let (y, m): (i32, u32) = (month[..4].parse().unwrap(), month[5..].parse().unwrap());
            let to = if m == 12 {
                format!("{y}-12-31")
            } else {
                let next = milpress::document::Date::new(y, m + 1, 1).unwrap();
                milpress::document::Date::from_days_since_epoch(next.days_since_epoch() - 1)
                    .unwrap()
                    .to_string()
            };
            assert_eq!(
                count,
                total(&["--from", &from, "--to", &to]),
                "{query} in {month}"
            );
        }
    }
}

#[test]
fn trend_counts_equal_search_totals_on_the_sample_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let root = project_root();
    let corpus = root.join("corpus");
    let run = run_in(&root, &index, &["index", corpus.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    trend_equals_search(&root, &index, &["Taiwan", "香山论坛", "navy OR 海军"], &[]);
    trend_equals_search(
        &root,
        &index,
        &["Taiwan"],
        &["--lang", "en", "--kind", "release"],
    );
}

#[test]
fn trend_counts_equal_search_totals_on_the_shared_corpus() {
    let Some((dir, index, _)) = crate::shared_corpus::index() else {
        eprintln!(
            "trend_counts_equal_search_totals_on_the_shared_corpus: skipped, {} is missing",
            project_root().join("../shared/corpus").display()
        );
        return;
    };
    trend_equals_search(dir.path(), index, &["台湾", "Xiangshan Forum", "演习"], &[]);
    trend_equals_search(dir.path(), index, &["演习"], &["--theme", "exercises"]);
}
