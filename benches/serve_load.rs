//! A bounded load run against `milpress serve`: 8 clients on loopback, a fixed number of
//! requests, then it stops. Prints queries per second, p50/p99 latency, errors, and the
//! server's memory before and after. A measurement to read, not a test that fails on time.
//!
//! `cargo bench --bench serve_load` indexes the sample corpus; `MILPRESS_BENCH_CORPUS=DIR`
//! indexes another (the shared corpus, a generated one); `MILPRESS_BENCH_REQUESTS=N` sets the
//! request count (default 2,000).

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

    let started = Instant::now();
    let per_client = requests / CLIENTS;
    let workers: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let addr = addr.clone();
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
    let mut times = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (t, e) = worker.join().expect("a client thread");
        times.extend(t);
        errors += e;
    }
    let elapsed = started.elapsed();
    let rss_after = rss_kb(server.id());
    // SIGTERM, as a service manager would: the server stops by itself.
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let stopped = server.wait().expect("the server exits");

    times.sort();
    let pct = |p: f64| {
        let i = ((times.len() as f64 - 1.0) * p).round() as usize;
        times
            .get(i)
            .copied()
            .unwrap_or(Duration::ZERO)
            .as_secs_f64()
            * 1000.0
    };
    println!("serve_load: {}", corpus.display());
    println!("  index          {}", documents.trim());
    println!(
        "  requests       {} by {CLIENTS} clients in {:.2} s",
        times.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "  queries/s      {:.0}",
        times.len() as f64 / elapsed.as_secs_f64()
    );
    println!("  p50 / p99      {:.2} ms / {:.2} ms", pct(0.50), pct(0.99));
    println!("  errors         {errors}");
    println!("  server RSS     {rss_before} kB before, {rss_after} kB after");
    println!("  stopped        {stopped} after SIGTERM");
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
