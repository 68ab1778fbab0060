//! Benchmarks in one warm process: each query runs through [`Searcher::search`] (facets,
//! snippets and glossary expansion, as `search` runs it) a few untimed times, then a number of
//! timed times; the report gives latency percentiles per query and per class, and the
//! throughput of one or several searchers running at once.
//!
//! A search from the shell pays for opening the index and first-query costs; this measures what
//! a warm engine (a `serve` instance, a peer engine kept open) pays per query. A searcher keeps
//! the total and facets of the queries it ran, so only a query's first run counts its matches:
//! that run is timed apart (`first`), the repeated runs measure a query asked again.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::{Request, Searcher};
use crate::error::Result;

/// One query to time.
#[derive(Clone, Debug)]
pub struct BenchQuery {
    /// The class it is reported under (`english_term`, `filtered`, ...).
    pub class: String,
    /// The line as written, for the report.
    pub label: String,
    pub request: Request,
}

/// How to run a benchmark.
#[derive(Clone, Copy, Debug)]
pub struct BenchOptions {
    pub runs: u32,
    pub warmup: u32,
    /// Searchers running at once for the throughput figure.
    pub threads: usize,
}

/// Latency figures of a set of timed runs, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Latency {
    pub n: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

impl Latency {
    /// The figures of some durations (nearest-rank percentiles).
    pub fn of(samples: &[Duration]) -> Latency {
        if samples.is_empty() {
            return Latency::default();
        }
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
        ms.sort_by(f64::total_cmp);
        let at = |p: f64| {
            // Nearest rank: the smallest sample with at least p of them at or below it.
            let rank = (p * ms.len() as f64).ceil() as usize;
            ms[rank.clamp(1, ms.len()) - 1]
        };
        Latency {
            n: ms.len(),
            p50_ms: at(0.50),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
            max_ms: ms[ms.len() - 1],
            mean_ms: ms.iter().sum::<f64>() / ms.len() as f64,
        }
    }

    /// Queries per second one searcher sustains at this mean latency.
    pub fn qps(&self) -> f64 {
        if self.mean_ms > 0.0 {
            1000.0 / self.mean_ms
        } else {
            0.0
        }
    }
}

/// The figures of one query.
#[derive(Clone, Debug)]
pub struct QueryReport {
    pub class: String,
    pub query: String,
    /// Its number of matches.
    pub total: usize,
    pub latency: Latency,
    /// Its first run in the process, the one that counted its matches and facets (later runs
    /// reuse them), in ms.
    pub first_ms: f64,
}

/// The figures of one class: every timed run of its queries together.
#[derive(Clone, Debug)]
pub struct ClassReport {
    pub class: String,
    pub latency: Latency,
    /// The first run of each of its queries.
    pub first: Latency,
}

/// What a benchmark measured.
#[derive(Clone, Debug)]
pub struct BenchReport {
    pub documents: u64,
    pub segments: usize,
    pub runs: u32,
    pub warmup: u32,
    pub threads: usize,
    /// In the order classes first appear in the query list.
    pub classes: Vec<ClassReport>,
    pub queries: Vec<QueryReport>,
    /// Searches per second over every timed run: with several threads, all of them together
    /// over the wall time.
    pub qps: f64,
}

impl Searcher {
    /// Times every query: `warmup` untimed runs, then `runs` timed runs each, one query after
    /// the other; then, with several threads, the whole list again on each thread at once for
    /// the throughput.
    pub fn bench(&self, queries: &[BenchQuery], options: BenchOptions) -> Result<BenchReport> {
        let mut reports = Vec::with_capacity(queries.len());
        let mut by_class: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
        let mut first_by_class: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
        let mut class_order: Vec<&str> = Vec::new();
        let mut timed = Duration::ZERO;
        for query in queries {
            let mut first = None;
            for _ in 0..options.warmup {
                let started = Instant::now();
                self.search(&query.request)?;
                first.get_or_insert(started.elapsed());
            }
            let mut samples = Vec::with_capacity(options.runs as usize);
            let mut total = 0;
            for _ in 0..options.runs {
                let started = Instant::now();
                let results = self.search(&query.request)?;
                samples.push(started.elapsed());
                first.get_or_insert(samples[samples.len() - 1]);
                total = results.total;
            }
            let first = first.unwrap_or_default();
            first_by_class.entry(&query.class).or_default().push(first);
            timed += samples.iter().sum::<Duration>();
            if !by_class.contains_key(query.class.as_str()) {
                class_order.push(&query.class);
            }
            by_class
                .entry(&query.class)
                .or_default()
                .extend_from_slice(&samples);
            reports.push(QueryReport {
                class: query.class.clone(),
                query: query.label.clone(),
                total,
                latency: Latency::of(&samples),
                first_ms: first.as_secs_f64() * 1000.0,
            });
        }
        let searches = queries.len() as f64 * f64::from(options.runs);
        let qps = if options.threads > 1 {
            self.throughput(queries, options)?
        } else if timed > Duration::ZERO {
            searches / timed.as_secs_f64()
        } else {
            0.0
        };
        let classes = class_order
            .into_iter()
            .map(|class| ClassReport {
                class: class.to_string(),
                latency: Latency::of(by_class.get(class).map_or(&[][..], Vec::as_slice)),
                first: Latency::of(first_by_class.get(class).map_or(&[][..], Vec::as_slice)),
            })
            .collect();
        let searcher = self.reader.searcher();
        Ok(BenchReport {
            documents: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            runs: options.runs,
            warmup: options.warmup,
            threads: options.threads,
            classes,
            queries: reports,
            qps,
        })
    }

    /// Searches per second with `threads` threads each running every query `runs` times.
    fn throughput(&self, queries: &[BenchQuery], options: BenchOptions) -> Result<f64> {
        let started = Instant::now();
        let outcomes: Vec<Result<u64>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..options.threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = 0u64;
                        for _ in 0..options.runs {
                            for query in queries {
                                self.search(&query.request)?;
                                done += 1;
                            }
                        }
                        Ok(done)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or(Ok(0)))
                .collect()
        });
        let mut searches = 0;
        for outcome in outcomes {
            searches += outcome?;
        }
        let seconds = started.elapsed().as_secs_f64();
        Ok(if seconds > 0.0 {
            searches as f64 / seconds
        } else {
            0.0
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let l = Latency::of(&samples);
        assert_eq!(l.n, 100);
        assert!((l.p50_ms - 50.0).abs() < 1e-9, "{l:?}");
        assert!((l.p95_ms - 95.0).abs() < 1e-9, "{l:?}");
        assert!((l.p99_ms - 99.0).abs() < 1e-9, "{l:?}");
        assert!((l.max_ms - 100.0).abs() < 1e-9, "{l:?}");
        assert!((l.mean_ms - 50.5).abs() < 1e-9, "{l:?}");

        let one = Latency::of(&[Duration::from_millis(4)]);
        assert!((one.p50_ms - 4.0).abs() < 1e-9 && (one.p99_ms - 4.0).abs() < 1e-9);
        assert_eq!(Latency::of(&[]), Latency::default());
    }
}
