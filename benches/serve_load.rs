//! A bounded load run against `milpress serve`: 8 clients on loopback, a fixed number of
//! requests, then it stops. Prints queries per second, p50/p99 latency, errors, and the
//! server's memory before and after. A measurement to read, not a test that fails on time.
//!
//! `cargo bench --bench serve_load` indexes the sample corpus; `MILPRESS_BENCH_CORPUS=DIR`
//! indexes another (the shared corpus, a generated one); `MILPRESS_BENCH_REQUESTS=N` sets the
//! request count (default 2,000).
//!
//! `MILPRESS_BENCH_DURING=DIR` then measures the server while an index run adds the folder `DIR`
//! to the index it serves (commits included): the same load again and again until that run
//! ends (at most 100 rounds), latency reported beside the quiet figures, and the document count
//! the server sees before and after. `MILPRESS_BENCH_NICE=1` runs that index run under `nice`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CLIENTS: usize = 8;

const QUERIES: &[&str] = &[
    "香山论坛",
    "Xiangshan Forum",
    "台湾",
    "Taiwan",
    "南海",
    "South China Sea",
    "exercise",
    "国防部",
    "spokesperson",
    "联合演习",
    "navy drill",
    "\"military diplomacy\"",
];

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("MILPRESS_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("corpus"));
    let requests: usize = std::env::var("MILPRESS_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let temp = tempfile::tempdir().expect("a temporary folder");
    let index = temp.path().join("index");
    let bin = env!("CARGO_BIN_EXE_milpress");
    let built = Instant::now();
    let status = Command::new(bin)
        .args(["index", "--quiet"])
        .arg(&corpus)
        .env("MILPRESS_INDEX", &index)
        .status()
        .expect("milpress index runs");
    assert!(
        status.code() == Some(0) || status.code() == Some(2),
        "indexing failed"
    );
    eprintln!(
        "indexed {} in {:.1} s",
        corpus.display(),
        built.elapsed().as_secs_f64()
    );

    let mut server = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("MILPRESS_INDEX", &index)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("milpress serve starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let addr = line
        .trim()
        .trim_start_matches("listening on http://")
        .trim_end_matches('/')
        .to_string();
    let documents = get(&addr, "/api/health").1;
    let rss_before = rss_kb(server.id());

    let quiet = load(&addr, requests);
    let rss_after = rss_kb(server.id());
    println!("serve_load: {}", corpus.display());
    println!("  index          {}", documents.trim());
    quiet.print("quiet");
    println!("  server RSS     {rss_before} kB before, {rss_after} kB after");

    if let Some(extra) = std::env::var_os("MILPRESS_BENCH_DURING") {
        let nice = std::env::var("MILPRESS_BENCH_NICE").is_ok_and(|v| v == "1");
        let mut command = if nice {
            let mut c = Command::new("nice");
            c.arg(bin);
            c
        } else {
            Command::new(bin)
        };
        let mut indexing = command
            .args(["index", "--quiet"])
            .arg(&corpus)
            .arg(&extra)
            .env("MILPRESS_INDEX", &index)
            .spawn()
            .expect("a second index run starts");
        let started = Instant::now();
        let mut during = Load::default();
        for _ in 0..100 {
            during.add(load(&addr, requests));
            if indexing.try_wait().expect("the index run").is_some() {
                break;
            }
        }
        let status = indexing.wait().expect("the index run ends");
        println!(
            "  index run      adding {} took {:.1} s ({status}){}",
            PathBuf::from(&extra).display(),
            started.elapsed().as_secs_f64(),
            if nice { ", under nice" } else { "" }
        );
        during.print("while indexing");
        println!("  index after    {}", get(&addr, "/api/health").1.trim());
    }
    // SIGTERM, as a service manager would: the server stops by itself.
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let stopped = server.wait().expect("the server exits");

    println!("  stopped        {stopped} after SIGTERM");
}

/// Latencies and errors of load rounds.
#[derive(Default)]
struct Load {
    times: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
}

impl Load {
    fn add(&mut self, other: Load) {
        self.times.extend(other.times);
        self.errors += other.errors;
        self.elapsed += other.elapsed;
    }

    fn print(mut self, what: &str) {
        self.times.sort();
        let pct = |p: f64| {
            let i = ((self.times.len() as f64 - 1.0) * p).round() as usize;
            self.times
                .get(i)
                .copied()
                .unwrap_or(Duration::ZERO)
                .as_secs_f64()
                * 1000.0
        };
        println!(
            "  {what}: {} requests by {CLIENTS} clients in {:.2} s, {:.0} queries/s, p50 {:.2} ms, p99 {:.2} ms, {} errors",
            self.times.len(),
            self.elapsed.as_secs_f64(),
            self.times.len() as f64 / self.elapsed.as_secs_f64().max(1e-9),
            pct(0.50),
            pct(0.99),
            self.errors
        );
    }
}

/// `requests` searches from [`CLIENTS`] clients at once, each over a fresh loopback connection.
fn load(addr: &str, requests: usize) -> Load {
    let started = Instant::now();
    let per_client = requests / CLIENTS;
    let workers: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let addr = addr.to_string();
            std::thread::spawn(move || {
                let mut times = Vec::with_capacity(per_client);
                let mut errors = 0usize;
                for i in 0..per_client {
                    let query = QUERIES[(client + i) % QUERIES.len()];
                    let target = format!(
                        "/api/search?q={}",
                        form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>()
                    );
                    let t = Instant::now();
                    let (status, _) = get(&addr, &target);
                    times.push(t.elapsed());
                    if status != 200 {
                        errors += 1;
                    }
                }
                (times, errors)
            })
        })
        .collect();
    let mut out = Load::default();
    for worker in workers {
        let (t, e) = worker.join().expect("a client thread");
        out.times.extend(t);
        out.errors += e;
    }
    out.elapsed = started.elapsed();
    out
}

/// One GET over a fresh connection (HTTP/1.0: the body ends when the connection closes).
fn get(addr: &str, target: &str) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return (0, String::new());
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let request = format!("GET {target} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

/// Resident memory of a process, from /proc (0 where there is none).
fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}
