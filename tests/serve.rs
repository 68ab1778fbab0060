//! `milpress serve` over HTTP: every route against the CLI's JSON for the same query, the
//! refusals (other methods, unknown and bad parameters, traversal, oversized input), the token,
//! live reload and a clean stop on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{project_root, run_in, TestEnv};

/// A running `milpress serve` on a free loopback port, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_milpress"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env("MILPRESS_INDEX", index)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("milpress serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the address line");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server { child, addr }
    }

    pub fn get(&self, target: &str) -> Reply {
        self.request("GET", target, &[])
    }

    pub fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
        request(&self.addr, method, target, headers)
    }

    pub fn url(&self, target: &str) -> String {
        format!("http://{}{target}", self.addr)
    }

    /// SIGTERM, then the exit status (None if it did not stop within 10 s).
    fn terminate(&mut self) -> Option<std::process::ExitStatus> {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One request over a fresh connection, as HTTP/1.0 so the body ends when the connection does.
pub fn request(addr: &str, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut text = format!("{method} {target} HTTP/1.0\r\nHost: {addr}\r\n");
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    stream.write_all(text.as_bytes()).expect("send");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw.get(split + 4..).unwrap_or_default().to_vec();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply { status, head, body }
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An index of the project's sample corpus, built once per test run.
pub fn sample_index() -> PathBuf {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let index = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-sample-index");
            let corpus = project_root().join("corpus");
            let run = run_in(
                &project_root(),
                &index,
                &["index", "--rebuild", "--quiet", corpus.to_str().unwrap()],
            );
            assert_eq!(run.code, 0, "{}", run.stderr);
            index
        })
        .clone()
}

/// The CLI's `search --format json` output for `args`, without `took_ms`.
fn cli_json(index: &Path, args: &[&str]) -> Value {
    let mut all = vec!["search", "--format", "json"];
    all.extend_from_slice(args);
    let run = run_in(&project_root(), index, &all);
    let mut json = run.json();
    json.as_object_mut().unwrap().remove("took_ms");
    json
}

#[test]
fn search_answers_exactly_what_the_cli_prints() {
    let index = sample_index();
    let server = Server::start(&index, &[]);
    let cases: &[(&[&str], String)] = &[
        (&["香山论坛"], format!("q={}", encode("香山论坛"))),
        (
            &["Xiangshan Forum", "--limit", "3", "--offset", "1"],
            "q=Xiangshan+Forum&limit=3&offset=1".into(),
        ),
        (
            &["forum", "--sort", "-date", "--lang", "en", "--exact"],
            "q=forum&sort=-date&lang=en&exact=1".into(),
        ),
        (
            &["--theme", "military_diplomacy", "--years", "2023..2025"],
            "theme=military_diplomacy&years=2023..2025".into(),
        ),
        (
            &["Taiwan", "--any", "--year", "2024"],
            "q=Taiwan&any=true&year=2024".into(),
        ),
        (&["zzyzxnotaword"], "q=zzyzxnotaword".into()),
        // More matches than a page: both say so, in the same words.
        (&[], String::new()),
    ];
    for (args, query) in cases {
        let reply = server.get(&format!("/api/search?{query}"));
        assert_eq!(reply.status, 200, "{query}: {}", reply.text());
        assert!(reply
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        let mut api = reply.json();
        api.as_object_mut().unwrap().remove("took_ms");
        let cli = cli_json(&index, args);
        assert_eq!(api, cli, "{query}");
    }
    let browse = server.get("/api/search").json();
    assert!(
        browse["notices"].to_string().contains("10 of 87 shown"),
        "{}",
        browse["notices"]
    );
    let facets = server.get("/api/search?q=forum").json()["facets"].clone();
    for name in ["year", "theme", "speaker", "source", "lang", "kind"] {
        assert!(facets[name].is_array(), "facet {name}: {facets}");
    }
    assert!(!facets["source"].as_array().unwrap().is_empty());
}

#[test]
fn doc_trend_health_and_exports_agree_with_search() {
    let index = sample_index();
    let server = Server::start(&index, &[]);
    let first = server.get("/api/search?q=forum&limit=1").json();
    let total = first["total"].as_u64().unwrap();
    let id = first["hits"][0]["id"].as_str().unwrap().to_string();

    let doc = server.get(&format!("/api/doc?id={}", encode(&id)));
    assert_eq!(doc.status, 200);
    let show = run_in(&project_root(), &index, &["show", "--format", "json", &id]);
    assert_eq!(doc.json(), show.json());
    let missing = server.get("/api/doc?id=nope");
    assert_eq!(missing.status, 404);
    assert!(missing.json()["error"].is_string());

    let trend = server.get("/api/trend?q=forum&q=Taiwan&by=year").json();
    assert_eq!(trend["by"], "year");
    assert_eq!(trend["queries"][0]["total"].as_u64(), Some(total));
    let series = trend["queries"][0]["series"].as_array().unwrap();
    for period in series {
        let year = period["period"].as_str().unwrap();
        let count = server
            .get(&format!("/api/search?q=forum&year={year}&limit=0"))
            .json()["total"]
            .as_u64();
        assert_eq!(period["count"].as_u64(), count, "{year}");
    }
    assert_eq!(trend["queries"][1]["query"], "Taiwan");

    // Themes by their display names, for the page.
    let themes = server.get("/api/themes").json();
    assert_eq!(themes["south_china_sea"]["name"], "South China Sea");
    assert_eq!(themes["south_china_sea"]["name_zh"], "南海");
    assert_eq!(server.get("/api/themes?x=1").status, 400);

    let health = server.get("/api/health").json();
    assert_eq!(health["ok"], true);
    // Every indexed document: releases and headlines, and the answers of briefings.
    let count = |kind: &str| {
        server
            .get(&format!("/api/search?kind={kind}&limit=0"))
            .json()["total"]
            .as_u64()
            .unwrap()
    };
    let documents = count("release") + count("headline") + count("answer");
    assert_eq!(health["documents"].as_u64(), Some(documents));

    let all = server.get("/api/search?format=jsonl").text();
    assert_eq!(all.lines().count(), 87, "an export has every match");
    // Unless a page was asked for: then that page, ranked as the whole list ranks it.
    let page = server
        .get("/api/search?format=jsonl&limit=5&offset=10")
        .text();
    let ids = |text: &str| -> Vec<String> {
        text.lines()
            .map(|line| serde_json::from_str::<Value>(line).unwrap()["id"].to_string())
            .collect()
    };
    assert_eq!(ids(&page), ids(&all)[10..15]);
    let tail = server.get("/api/search?format=jsonl&offset=80").text();
    assert_eq!(ids(&tail), ids(&all)[80..]);
    let csv = server.get("/api/search?q=forum&format=csv");
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    // For a spreadsheet: a byte-order mark, and a name from the query.
    assert!(csv.body.starts_with("\u{feff}rank,".as_bytes()));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("filename=\"milpress-forum.csv\""),
        "{:?}",
        csv.header("content-disposition")
    );
    let rows = ::csv::Reader::from_reader(csv.body.as_slice())
        .records()
        .count();
    assert_eq!(rows as u64, total);
}

#[test]
fn refuses_other_methods_bad_parameters_traversal_and_oversized_input() {
    let server = Server::start(&sample_index(), &[]);
    for method in ["POST", "PUT", "DELETE"] {
        let reply = server.request(method, "/api/search?q=a", &[]);
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow").as_deref(), Some("GET, HEAD"));
    }
    let head = server.request("HEAD", "/api/health", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for target in [
        "/api/search?q=a&colour=red",
        "/api/search?limit=101",
        "/api/search?lang=fr",
        "/api/search?sort=size",
        "/api/search?from=2024-02-30",
        "/api/search?q=a&q=b",
        "/api/search?format=xml",
        "/api/search?q=%22unclosed",
        "/api/search?q=Taiwan%FF",
        "/api/trend?q=%E5%8F",
        "/api/trend?by=fortnight",
        "/api/doc",
        "/api/health?x=1",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 400, "{target}: {}", reply.text());
        assert!(reply.json()["error"]
            .as_str()
            .is_some_and(|e| !e.is_empty()));
    }
    for target in [
        "/../Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/../../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/src/serve/assets/app.js",
        "/etc/passwd",
    ] {
        let reply = server.get(target);
        assert!(
            (400..500).contains(&reply.status),
            "{target}: {}",
            reply.status
        );
        assert!(!reply.text().contains("[package]"), "{target}");
    }
    assert_eq!(server.get("/assets/app.js").status, 200);
    let long_query = format!("/api/search?q={}", "a".repeat(1_001));
    assert_eq!(server.get(&long_query).status, 400);
    let long_url = format!("/api/search?q=a&x={}", "b".repeat(17_000));
    assert_eq!(server.get(&long_url).status, 414);
    // The longest query allowed, in Chinese (a pasted paragraph), fits in a URL: 9 bytes a
    // character encoded.
    let paragraph: String = "东部战区在台湾岛周边开展联合演习，检验部队联合作战能力。"
        .chars()
        .cycle()
        .take(1_000)
        .collect();
    let encoded: String = paragraph.bytes().map(|b| format!("%{b:02X}")).collect();
    let chinese = format!("/api/search?q={encoded}");
    assert_eq!(server.get(&chinese).status, 200);
    // Still answering after all that.
    assert_eq!(server.get("/api/health").status, 200);
}

#[test]
fn a_token_guards_the_api_and_the_page_takes_it_once_as_a_cookie() {
    let token = "test-token-0123456789";
    let server = Server::start(&sample_index(), &["--token", token]);
    assert_eq!(server.get("/api/health").status, 401);
    let bearer = format!("Bearer {token}");
    let ok = server.request("GET", "/api/health", &[("Authorization", &bearer)]);
    assert_eq!(ok.status, 200);
    assert_eq!(
        server
            .request("GET", "/api/health", &[("Authorization", "Bearer wrong")])
            .status,
        401
    );
    assert_eq!(server.get("/").status, 401);
    let login = server.get(&format!("/?q=forum&token={token}"));
    assert_eq!(login.status, 303);
    assert_eq!(login.header("location").as_deref(), Some("/?q=forum"));
    let cookie = login.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let pair = cookie.split(';').next().unwrap();
    assert_eq!(server.request("GET", "/", &[("Cookie", pair)]).status, 200);
    assert_eq!(
        server
            .request("GET", "/api/search?q=forum", &[("Cookie", pair)])
            .status,
        200
    );
    // No CORS unless asked for.
    assert!(ok.header("access-control-allow-origin").is_none());
}

#[test]
fn cors_only_for_the_origin_given() {
    let server = Server::start(&sample_index(), &["--cors", "https://example.org"]);
    let reply = server.get("/api/health");
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("https://example.org")
    );
}

#[test]
fn a_new_index_run_is_picked_up_and_sigterm_stops_cleanly() {
    let env = TestEnv::new();
    env.write(
        "a.md",
        "---\ntitle: First drill\ndate: 2024-01-02\n---\nA drill at sea.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let mut server = Server::start(&env.index(), &[]);
    assert_eq!(server.get("/api/health").json()["documents"], 1);
    env.write(
        "b.md",
        "---\ntitle: Second drill\ndate: 2025-03-04\n---\nAnother drill.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let total = server.get("/api/search?q=drill").json()["total"].as_u64();
        if total == Some(2) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {total:?} after a new index run"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = server.terminate().expect("stops within 10 s of SIGTERM");
    assert!(status.success(), "{status}");
}

/// An index folder removed under a running server (a share unmounted): the server answers
/// from the index as it last opened it, says so on every search, and its health is 503 until
/// the folder is back.
#[test]
fn an_index_gone_from_disk_is_no_healthy_index() {
    let env = TestEnv::new();
    env.write(
        "a.md",
        "---\ntitle: First drill\ndate: 2024-01-02\n---\nA drill at sea.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let server = Server::start(&env.index(), &[]);
    assert_eq!(server.get("/api/health").json()["ok"], true);
    let away = env.index().with_extension("away");
    std::fs::rename(env.index(), &away).unwrap();
    let health = server.get("/api/health");
    assert_eq!(health.status, 503);
    assert_eq!(health.json()["ok"], false);
    assert!(health.json()["error"]
        .as_str()
        .is_some_and(|e| e.contains("gone from disk")));
    let found = server.get("/api/search?q=drill").json();
    assert_eq!(found["total"], 1);
    let notices = found["notices"].to_string();
    assert!(notices.contains("gone from disk"), "{notices}");
    std::fs::rename(&away, env.index()).unwrap();
    assert_eq!(server.get("/api/health").status, 200);
}
