//! Printing a benchmark: a table per class and per query for people, JSON for scripts and for
//! `benches/peers.py`.

use std::io::{self, Write};

use serde_json::{json, Map, Value};
use unicode_width::UnicodeWidthStr;

use crate::search::{BenchReport, Latency};

fn ms(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// The report as the JSON object the README documents.
pub fn to_json(report: &BenchReport) -> Value {
    let classes: Map<String, Value> = report
        .classes
        .iter()
        .map(|c| {
            let l = &c.latency;
            (
                c.class.clone(),
                json!({"n": l.n, "p50_ms": ms(l.p50_ms), "p95_ms": ms(l.p95_ms),
                       "p99_ms": ms(l.p99_ms), "max_ms": ms(l.max_ms),
                       "first_p50_ms": ms(c.first.p50_ms)}),
            )
        })
        .collect();
    let queries: Vec<Value> = report
        .queries
        .iter()
        .map(|q| {
            json!({"query": q.query, "class": q.class, "total": q.total,
                   "p50_ms": ms(q.latency.p50_ms), "p99_ms": ms(q.latency.p99_ms),
                   "first_ms": ms(q.first_ms)})
        })
        .collect();
    json!({
        "index": {"documents": report.documents, "segments": report.segments},
        "classes": classes,
        "queries": queries,
        "qps": (report.qps * 10.0).round() / 10.0,
    })
}

pub fn json(out: &mut dyn Write, report: &BenchReport) -> io::Result<()> {
    super::write_json(out, &to_json(report), true)?;
    writeln!(out)
}

/// Two tables: classes, then queries, with n, p50, p95, p99, max in ms, queries per second, and
/// the first run (which counted the matches, the timed runs reusing its counts, and read the
/// index's files first): per query its time, per class the median over its queries.
pub fn text(out: &mut dyn Write, report: &BenchReport) -> io::Result<()> {
    writeln!(
        out,
        "index: {} documents in {} segment{}; {} timed runs per query after {} warm-up",
        report.documents,
        report.segments,
        if report.segments == 1 { "" } else { "s" },
        report.runs,
        report.warmup
    )?;
    writeln!(out)?;
    let rows: Vec<(String, &Latency, f64)> = report
        .classes
        .iter()
        .map(|c| (c.class.clone(), &c.latency, c.first.p50_ms))
        .collect();
    table(out, "class", "1st p50", &rows)?;
    writeln!(out)?;
    let rows: Vec<(String, &Latency, f64)> = report
        .queries
        .iter()
        .map(|q| {
            (
                format!("{}: {} ({})", q.class, q.query, q.total),
                &q.latency,
                q.first_ms,
            )
        })
        .collect();
    table(out, "query (matches)", "1st ms", &rows)?;
    writeln!(out)?;
    if report.threads > 1 {
        writeln!(
            out,
            "throughput: {:.0} searches/s with {} threads",
            report.qps, report.threads
        )
    } else {
        writeln!(
            out,
            "throughput: {:.0} searches/s on one thread",
            report.qps
        )
    }
}

fn table(
    out: &mut dyn Write,
    heading: &str,
    first: &str,
    rows: &[(String, &Latency, f64)],
) -> io::Result<()> {
    let width = rows
        .iter()
        .map(|(name, _, _)| name.width())
        .chain([heading.width()])
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{heading}{}  {:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        " ".repeat(width - heading.width()),
        "n",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "q/s",
        first
    )?;
    for (name, l, first) in rows {
        writeln!(
            out,
            "{name}{}  {:>5} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.0} {:>8.3}",
            " ".repeat(width - name.width()),
            l.n,
            l.p50_ms,
            l.p95_ms,
            l.p99_ms,
            l.max_ms,
            l.qps(),
            first
        )?;
    }
    Ok(())
}
