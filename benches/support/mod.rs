//! Bench support: a deterministic scale-corpus generator.
//!
//! It recombines the titles, sentences, dates and speakers of a source corpus (the shared corpus
//! when present, else the project's `corpus/`) into corpora of any size, in the source's mix of
//! English and Chinese, as JSON Lines files of 5,000 records (`part-NNNN.jsonl`), about a third
//! of the Chinese records carrying an English translation as the shared corpus's do. The same
//! seed and size always give the same bytes.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use milpress::document::{Document, Lang};
use milpress::extract::Extractor;
use milpress::ingest::{self, config::Config};

/// Records per generated file.
pub const PER_FILE: usize = 5_000;

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
    let config = Config::load(source).unwrap_or_default();
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

/// Writes a corpus of `docs` records into `dir` (replacing it) and returns its size in bytes.
pub fn generate(dir: &Path, docs: usize, seed: u64) -> std::io::Result<u64> {
    let pools = pools(&source_corpus());
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let mut bytes = 0;
    for part in 0..docs.div_ceil(PER_FILE) {
        let path = dir.join(format!("part-{part:04}.jsonl"));
        let mut out = BufWriter::new(fs::File::create(&path)?);
        for i in part * PER_FILE..((part + 1) * PER_FILE).min(docs) {
            let record = record(&pools, &mut rng, i);
            let line = serde_json::to_string(&record).expect("a record serializes");
            writeln!(out, "{line}")?;
            bytes += line.len() as u64 + 1;
        }
        out.flush()?;
    }
    Ok(bytes)
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
    let translation = zh && rng.below(3) == 0;
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
