//! Bench support: a deterministic scale-corpus generator.
//!
//! It recombines the titles, sentences, dates and speakers of a source corpus (the shared corpus
//! when present, else the project's `corpus/`) into corpora of any size, in the source's mix of
//! English and Chinese, about a third of the Chinese records carrying an English translation as
//! the shared corpus's do. The same seed and size always give the same bytes.
//!
//! Formats, as an archive of releases mixes them:
//! - 80% of the documents are records of JSON Lines feeds of 1,000 records each
//!   (`feeds/part-NNNN.jsonl`);
//! - 10% are releases saved one per file, alternately Markdown with front matter and plain text
//!   (`releases/NNNN/gNNNNNNN.md|txt`, 1,000 files per folder);
//! - 10% are headlines in `_!_`-separated headline lists of 1,000 lines
//!   (`headlines/list-NNNN.txt`).
//!
//! A [`Mix`] changes that shape, so targets can be held on corpora unlike the default: `chinese`
//! (every record Chinese, none translated) and `one-feed` (every feed record in one JSON Lines
//! file).
//!
//! Beside the corpus folder `corpus-N` it also writes `corpus-N.jsonl`: every generated document,
//! one a line, with what its file states and milpress indexes (`id, kind, title, body, lang, date,
//! year, speakers, source`, and `translation` when a Chinese record carries an English one), so
//! `benches/peers.py` loads the peers' indexes without re-implementing milpress's file readers.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use milpress::document::{Document, Lang};
use milpress::extract::Extractor;
use milpress::ingest::{self, config::Config};

/// Records per feed file, lines per headline list, files per release folder.
pub const PER_FILE: usize = 1_000;

/// How a generated corpus differs from the source's own mix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mix {
    /// Every record Chinese, and none carrying a translation.
    pub chinese: bool,
    /// Every feed record in one file, not files of [`PER_FILE`].
    pub one_feed: bool,
}

impl Mix {
    /// Parses `chinese`, `one-feed`, or both comma-separated (`archive` or nothing: the default).
    pub fn parse(text: &str) -> Result<Mix, String> {
        let mut mix = Mix::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "archive" => {}
                "chinese" => mix.chinese = true,
                "one-feed" => mix.one_feed = true,
                other => {
                    return Err(format!(
                        "unknown mix {other:?} (expected archive, chinese, one-feed)"
                    ))
                }
            }
        }
        Ok(mix)
    }

    /// What a corpus folder's name carries after its size: `-chinese-one-feed`, or nothing.
    pub fn suffix(self) -> String {
        let mut out = String::new();
        if self.chinese {
            out.push_str("-chinese");
        }
        if self.one_feed {
            out.push_str("-one-feed");
        }
        out
    }
}

/// The source corpus: the shared one when present.
pub fn source_corpus() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpus");
    if shared.join("pla-watch-2026-05.jsonl").is_file() {
        shared
    } else {
        root.join("corpus")
    }
}

/// xorshift64*: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What documents are made of.
struct Pools {
    zh_titles: Vec<String>,
    en_titles: Vec<String>,
    zh_sentences: Vec<String>,
    en_sentences: Vec<String>,
    speakers: Vec<String>,
    sources: Vec<String>,
    zh_share: f64,
    /// Whether a Chinese record may carry an English translation.
    translate: bool,
}

fn sentences(text: &str, out: &mut Vec<String>) {
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        if matches!(c, '。' | '！' | '？' | '.' | '!' | '?') {
            let s = current.trim();
            if s.chars().count() >= 8 {
                out.push(s.to_string());
            }
            current.clear();
        }
    }
}

fn pools(source: &Path) -> Pools {
    // A broken milpress.toml would silently change what is measured: stop instead.
    let config = Config::load(source).unwrap_or_else(|err| panic!("{err}"));
    let extractor = Extractor::new();
    let walk = ingest::walk(source, None, &config);
    let mut docs: Vec<Document> = Vec::new();
    for file in &walk.files {
        docs.extend(ingest::read_file(file, &config, &extractor).docs);
    }
    let mut p = Pools {
        zh_titles: Vec::new(),
        en_titles: Vec::new(),
        zh_sentences: Vec::new(),
        en_sentences: Vec::new(),
        speakers: Vec::new(),
        sources: Vec::new(),
        zh_share: 0.5,
        translate: true,
    };
    let mut zh_docs = 0;
    for doc in &docs {
        let zh = doc.lang == Lang::Zh;
        zh_docs += usize::from(zh);
        if zh {
            p.zh_titles.push(doc.title.clone());
            sentences(&doc.body, &mut p.zh_sentences);
        } else {
            p.en_titles.push(doc.title.clone());
            sentences(&doc.body, &mut p.en_sentences);
        }
        if let Some(t) = &doc.translation {
            p.en_titles.push(t.title.clone());
            sentences(&t.body, &mut p.en_sentences);
        }
        p.speakers.extend(doc.speakers.iter().cloned());
        p.sources.extend(doc.source.iter().cloned());
    }
    p.zh_share = zh_docs as f64 / docs.len().max(1) as f64;
    for list in [
        &mut p.zh_titles,
        &mut p.en_titles,
        &mut p.zh_sentences,
        &mut p.en_sentences,
        &mut p.speakers,
        &mut p.sources,
    ] {
        list.retain(|s| !s.trim().is_empty());
        list.sort();
        list.dedup();
        if list.is_empty() {
            list.push("milpress".to_string());
        }
    }
    p
}

/// Where a generated document goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Home {
    Feed,
    Release,
    Headline,
}

/// The home of document `i`: a fixed pattern over every ten documents.
fn home(i: usize) -> Home {
    match i % 10 {
        0 => Home::Release,
        5 => Home::Headline,
        _ => Home::Feed,
    }
}

/// A generated corpus.
pub struct Generated {
    /// Bytes written.
    pub bytes: u64,
    /// One single-release file (to change in re-index benchmarks).
    pub a_release: Option<PathBuf>,
    /// One feed file.
    pub a_feed: Option<PathBuf>,
    /// Every single-release file, in order.
    pub releases: Vec<PathBuf>,
    pub feed_records: usize,
    pub headlines: usize,
    /// The documents as JSON Lines, beside the corpus folder (`corpus-N.jsonl`).
    pub jsonl: PathBuf,
}

/// Appends to one of a generator's output files, opening the next file every [`PER_FILE`]
/// entries.
struct Sink {
    dir: PathBuf,
    name: fn(usize) -> String,
    entries: usize,
    per_file: usize,
    out: Option<BufWriter<fs::File>>,
    first: Option<PathBuf>,
}

impl Sink {
    fn new(dir: PathBuf, name: fn(usize) -> String, per_file: usize) -> Sink {
        Sink {
            dir,
            name,
            entries: 0,
            per_file,
            out: None,
            first: None,
        }
    }

    fn line(&mut self, line: &str) -> std::io::Result<u64> {
        if self.out.is_none() || self.entries % self.per_file == 0 {
            self.finish()?;
            let path = self.dir.join((self.name)(self.entries / self.per_file));
            fs::create_dir_all(&self.dir)?;
            self.out = Some(BufWriter::new(fs::File::create(&path)?));
            self.first.get_or_insert(path);
        }
        self.entries += 1;
        let out = self.out.as_mut().expect("opened above");
        writeln!(out, "{line}")?;
        Ok(line.len() as u64 + 1)
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if let Some(mut out) = self.out.take() {
            out.flush()?;
        }
        Ok(())
    }
}

/// Writes a corpus of `docs` documents in the `mix` into `dir` (replacing it).
pub fn generate(dir: &Path, docs: usize, seed: u64, mix: Mix) -> std::io::Result<Generated> {
    let mut pools = pools(&source_corpus());
    if mix.chinese {
        pools.zh_share = 1.0;
        pools.translate = false;
    }
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let mut generated = Generated {
        bytes: 0,
        a_release: None,
        a_feed: None,
        releases: Vec::new(),
        feed_records: 0,
        headlines: 0,
        jsonl: jsonl_path(dir),
    };
    let mut jsonl = BufWriter::new(fs::File::create(&generated.jsonl)?);
    let feed_size = if mix.one_feed { usize::MAX } else { PER_FILE };
    let mut feeds = Sink::new(
        dir.join("feeds"),
        |n| format!("part-{n:04}.jsonl"),
        feed_size,
    );
    let mut headlines = Sink::new(
        dir.join("headlines"),
        |n| format!("list-{n:04}.txt"),
        PER_FILE,
    );
    for i in 0..docs {
        let record = record(&pools, &mut rng, i);
        let stated = stated(&record, home(i), i);
        writeln!(
            jsonl,
            "{}",
            serde_json::to_string(&stated).expect("a document serializes")
        )?;
        match home(i) {
            Home::Feed => {
                let line = serde_json::to_string(&record).expect("a record serializes");
                generated.bytes += feeds.line(&line)?;
            }
            Home::Headline => {
                let code = if record["lang"] == "zh" {
                    "zh_news"
                } else {
                    "en_news"
                };
                let title = record["title"]
                    .as_str()
                    .unwrap_or_default()
                    .replace('\n', " ");
                generated.bytes +=
                    headlines.line(&format!("{}_!_{code}_!_{title}", 7_000_000 + i))?;
            }
            Home::Release => {
                let folder = dir
                    .join("releases")
                    .join(format!("{:04}", generated.releases.len() / PER_FILE));
                fs::create_dir_all(&folder)?;
                let (path, text) = release_file(&folder, &record, i);
                fs::write(&path, &text)?;
                generated.bytes += text.len() as u64;
                generated.releases.push(path);
            }
        }
    }
    feeds.finish()?;
    headlines.finish()?;
    jsonl.flush()?;
    generated.a_feed = feeds.first;
    generated.feed_records = feeds.entries;
    generated.headlines = headlines.entries;
    generated.a_release = generated.releases.first().cloned();
    Ok(generated)
}

/// Where [`generate`] writes the documents of the corpus in `dir` as JSON Lines: beside it, with
/// the folder's name and `.jsonl` (`target/scale/corpus-10000.jsonl`).
pub fn jsonl_path(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".jsonl");
    dir.with_file_name(name)
}

/// Document `i` as its file states it, which is what milpress indexes: a feed record states
/// everything; a Markdown release its front matter and body; a plain-text release its title, date
/// and body (its language is the record's, which milpress detects from the text); a headline its
/// number, language and title. The ids are those of the files (the record's `id`, the headline's
/// number, the release file's name).
fn stated(record: &serde_json::Value, home: Home, i: usize) -> serde_json::Value {
    let field = |key: &str| record[key].as_str().unwrap_or_default().to_string();
    let date = field("date");
    let year: Option<i32> = date.get(..4).and_then(|y| y.parse().ok());
    let translation = match (
        record["title_english"].as_str(),
        record["text_english"].as_str(),
    ) {
        (Some(title), Some(body)) => serde_json::json!({"title": title, "body": body}),
        _ => serde_json::Value::Null,
    };
    match home {
        Home::Feed => serde_json::json!({
            "id": field("id"), "kind": "release", "title": field("title"), "body": field("body"),
            "lang": field("lang"), "date": date, "year": year, "speakers": record["speakers"],
            "source": field("source"), "translation": translation,
        }),
        Home::Release if i % 20 == 0 => serde_json::json!({
            "id": format!("g{i:07}"), "kind": "release", "title": field("title"),
            "body": field("body"), "lang": field("lang"), "date": date, "year": year,
            "speakers": record["speakers"], "source": field("source"), "translation": null,
        }),
        Home::Release => serde_json::json!({
            "id": format!("g{i:07}"), "kind": "release", "title": field("title"),
            "body": field("body"), "lang": field("lang"), "date": date, "year": year,
            "speakers": [], "source": null, "translation": null,
        }),
        Home::Headline => serde_json::json!({
            "id": (7_000_000 + i).to_string(), "kind": "headline",
            "title": field("title").replace('\n', " "), "body": "", "lang": field("lang"),
            "date": null, "year": null, "speakers": [], "source": null, "translation": null,
        }),
    }
}

/// A record as a file of its own: Markdown with front matter for even documents, plain text
/// (title line, dateline, body) for odd ones.
fn release_file(folder: &Path, record: &serde_json::Value, i: usize) -> (PathBuf, String) {
    let field = |key: &str| record[key].as_str().unwrap_or_default().to_string();
    let (title, body, date) = (field("title"), field("body"), field("date"));
    if i % 20 == 0 {
        // JSON strings are valid YAML double-quoted scalars, escapes included.
        let quoted = |s: &str| serde_json::to_string(s).expect("a string serializes");
        let speakers = record["speakers"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|s| s.as_str())
                    .map(quoted)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let text = format!(
            "---\ntitle: {}\ndate: {date}\nspeakers: [{speakers}]\nsource: {}\nlang: {}\n---\n\n{body}\n",
            quoted(&title),
            quoted(&field("source")),
            field("lang"),
        );
        (folder.join(format!("g{i:07}.md")), text)
    } else {
        let text = format!("{title}\n\n{date}\n\n{body}\n");
        (folder.join(format!("g{i:07}.txt")), text)
    }
}

fn body(rng: &mut Rng, sentences: &[String]) -> String {
    let n = 3 + rng.below(10);
    let mut out = String::new();
    for _ in 0..n {
        out.push_str(rng.pick(sentences).as_str());
        out.push(' ');
    }
    out
}

fn record(p: &Pools, rng: &mut Rng, i: usize) -> serde_json::Value {
    let zh = (rng.next() % 1000) as f64 / 1000.0 < p.zh_share;
    let (titles, sentences) = if zh {
        (&p.zh_titles, &p.zh_sentences)
    } else {
        (&p.en_titles, &p.en_sentences)
    };
    let year = 2005 + rng.below(22);
    let date = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let mut text = body(rng, sentences);
    let speaker = rng.pick(&p.speakers).clone();
    if rng.below(4) == 0 {
        // A briefing turn, so speaker extraction has work to do.
        text = if zh {
            format!("记者：{} {speaker}：{text}", rng.pick(sentences))
        } else {
            format!("Question: {}\n{speaker}: {text}", rng.pick(sentences))
        };
    }
    let translation = zh && p.translate && rng.below(3) == 0;
    serde_json::json!({
        "id": format!("g{i}"),
        "title": rng.pick(titles),
        "body": text,
        "date": date,
        "source": rng.pick(&p.sources),
        "lang": if zh { "zh" } else { "en" },
        "speakers": [speaker],
        "title_english": if translation { Some(rng.pick(&p.en_titles).clone()) } else { None },
        "text_english": if translation { Some(body(rng, &p.en_sentences)) } else { None },
    })
}
