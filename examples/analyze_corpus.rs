//! Times index-side text analysis over a generated corpus, and can dump every token so that two
//! builds of the analyzer can be compared byte for byte.
//!
//! ```text
//! cargo run --release --example analyze_corpus -- CORPUS.jsonl [--docs N] [--dump FILE]
//!     [--tokenizer] [--repeat N] [--mode index|query|whole] [--words]
//! ```
//!
//! Reads the first `N` (default 20,000) documents of a corpus JSONL (`title`, `body`, and
//! `translation.title` / `translation.body` when present), analyses each text in
//! [`Mode::Index`] and prints the token count, the time and the nanoseconds per token (wall
//! clock, and this thread's CPU time). With
//! `--repeat N` the fastest of N passes is reported. With `--tokenizer` the texts go through [`BilingualTokenizer`], the path `milpress index` takes;
//! otherwise through [`analyze`]. `--dump` writes one line per token (text, from, to, position
//! and, for `analyze`, script) and one empty line after each text. A file not named `.jsonl` is
//! read as one text a line. `--mode` and `--words` (a fixed stand-in word list instead of jieba)
//! apply to the dump only, so every path of the analyzer can be compared.

use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use milpress::analysis::{analyze, analyze_with, BilingualTokenizer, Mode, Script};
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut docs = 20_000usize;
    let mut dump = None;
    let mut through_tokenizer = false;
    let mut mode = Mode::Index;
    let mut with_words = false;
    let mut repeat = 1usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--docs" => docs = args.next().context("--docs N")?.parse()?,
            "--dump" => dump = Some(args.next().context("--dump FILE")?),
            "--tokenizer" => through_tokenizer = true,
            "--words" => with_words = true,
            "--repeat" => repeat = args.next().context("--repeat N")?.parse()?,
            "--mode" => {
                mode = match args.next().as_deref() {
                    Some("index") => Mode::Index,
                    Some("query") => Mode::Query,
                    Some("whole") => Mode::Whole,
                    _ => bail!("--mode index|query|whole"),
                }
            }
            _ if path.is_none() => path = Some(arg),
            _ => bail!("unexpected argument {arg}"),
        }
    }
    let path = path.context("usage: analyze_corpus CORPUS.jsonl [--docs N] [--dump FILE]")?;
    let texts = read_texts(&path, docs)?;

    // Load jieba, the traditional-character table and the stemmer before the clock starts, as
    // an index run does.
    milpress::analysis::chinese::warm_up();
    analyze("国防部 forums", Mode::Index, |_| {});

    // The machine is shared: the fastest of `repeat` passes is the least disturbed one.
    let mut tokens = 0usize;
    let mut elapsed = std::time::Duration::MAX;
    let mut cpu = u64::MAX;
    let mut tokenizer = BilingualTokenizer::new(Mode::Index);
    for _ in 0..repeat.max(1) {
        tokens = 0;
        let started = Instant::now();
        let cpu_started = thread_cpu_ns();
        if through_tokenizer {
            for text in &texts {
                let mut stream = tokenizer.token_stream(text);
                while stream.advance() {
                    tokens += 1;
                }
            }
        } else {
            for text in &texts {
                analyze(text, Mode::Index, |t| {
                    tokens += 1;
                    std::hint::black_box(t);
                });
            }
        }
        elapsed = elapsed.min(started.elapsed());
        cpu = cpu.min(thread_cpu_ns().saturating_sub(cpu_started));
    }
    println!(
        "{} texts, {tokens} tokens, {:.3} s, {:.1} ns/token, CPU {:.1} ns/token ({})",
        texts.len(),
        elapsed.as_secs_f64(),
        elapsed.as_nanos() as f64 / tokens.max(1) as f64,
        cpu as f64 / tokens.max(1) as f64,
        if through_tokenizer {
            "BilingualTokenizer"
        } else {
            "analyze"
        }
    );

    if let Some(dump) = dump {
        let file = std::fs::File::create(&dump).with_context(|| format!("creating {dump}"))?;
        let mut out = BufWriter::new(file);
        let mut tokenizer = if with_words {
            BilingualTokenizer::with_words(mode, std::sync::Arc::new(some_words))
        } else {
            BilingualTokenizer::new(mode)
        };
        for text in &texts {
            if through_tokenizer {
                let mut stream = tokenizer.token_stream(text);
                while stream.advance() {
                    let t = stream.token();
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}",
                        t.text, t.offset_from, t.offset_to, t.position
                    )?;
                }
            } else {
                let mut result = Ok(());
                let sink = |t: milpress::analysis::AnalyzedToken| {
                    let script = match t.script {
                        Script::Latin => "L",
                        Script::Han => "H",
                    };
                    if result.is_ok() {
                        result = writeln!(
                            out,
                            "{}\t{}\t{}\t{}\t{script}",
                            t.text, t.from, t.to, t.position
                        );
                    }
                };
                if with_words {
                    analyze_with(text, mode, &some_words, sink);
                } else {
                    analyze(text, mode, sink);
                }
                result?;
            }
            writeln!(out)?;
        }
        out.flush()?;
    }
    Ok(())
}

/// CPU time of this thread in nanoseconds (Linux's schedstat; 0 elsewhere): on a shared
/// machine, steadier than the wall clock.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The texts of the first `docs` documents: title, body, and the translation's when present (or
/// the shared corpus's `title_original`, `text_original`, `title_english`, `text_english`). A file
/// not named `.jsonl` is read as one text a line.
fn read_texts(path: &str, docs: usize) -> Result<Vec<String>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {path}"))?;
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(file).lines().take(docs) {
        if !path.ends_with(".jsonl") {
            texts.push(line?);
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        let mut push = |v: &serde_json::Value| {
            if let Some(s) = v.as_str() {
                texts.push(s.to_string());
            }
        };
        push(&value["title"]);
        push(&value["body"]);
        push(&value["translation"]["title"]);
        push(&value["translation"]["body"]);
        // The shared corpus's field names.
        for field in [
            "title_original",
            "text_original",
            "title_english",
            "text_english",
        ] {
            push(&value[field]);
        }
    }
    Ok(texts)
}

/// A stand-in word list for `--words`: an arbitrary but fixed seventh of all strings, so that the
/// dictionary-driven paths ([`analyze_with`]) are compared too.
fn some_words(word: &str) -> bool {
    let hash = word.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    hash % 7 == 0
}
