//! Streaming a JSON Lines feed: a file of any size (a 1.7 GB export) is read through a
//! `BufReader`, one line at a time, split on `\n` only (a U+2028 inside a JSON string is text,
//! not a line break), each line decoded on its own ([`LineDecoder`]), parsed and enriched, and
//! the documents handed on in bounded batches. What is held at any time is one line and one
//! batch, never the file. The messages are those of the whole-file path: each bad record
//! (`record 2 skipped (not valid JSON ...)`), the count kept (`3 of 4 records indexed`), and the
//! bytes replaced, once for the file.
//!
//! Only UTF-8 feeds stream: a file whose first bytes say UTF-16, a legacy encoding or binary is
//! left to the whole-file path, which knows those.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use super::decode::{self, LineDecoder};
use super::formats::{self, json, FileParse};
use super::{skipped, CorpusFile, FileOutcome, Finisher};
use crate::document::Document;
use crate::extract::Extractor;
use crate::ingest::config::FileRules;

/// How many bytes of the file decide whether it streams as UTF-8.
const HEAD_LEN: usize = 64 << 10;

/// Reads a JSON Lines file record by record, handing its documents to `sink` at most `batch`
/// records at a time. `None` when the file is not UTF-8 text, for the whole-file path to read.
pub(super) fn json_lines<E>(
    file: &CorpusFile,
    rules: &FileRules,
    extractor: &Extractor,
    batch: usize,
    sink: &mut dyn FnMut(Vec<Document>) -> Result<(), E>,
) -> Option<Result<FileOutcome, E>> {
    let mut handle = match File::open(&file.abs) {
        Ok(handle) => handle,
        Err(err) => return Some(Ok(FileOutcome::failure(err.to_string()))),
    };
    let mut head = Vec::with_capacity(HEAD_LEN);
    if let Err(err) = (&mut handle).take(HEAD_LEN as u64).read_to_end(&mut head) {
        return Some(Ok(FileOutcome::failure(err.to_string())));
    }
    if !decode::streams_as_utf8(&head) {
        return None;
    }
    // The head is read again from the reader: it is small, and one code path reads every line.
    let reader = BufReader::with_capacity(HEAD_LEN, std::io::Cursor::new(head).chain(handle));
    Some(read_lines(
        reader,
        file,
        rules,
        extractor,
        batch.max(1),
        sink,
    ))
}

/// The record loop of [`json_lines`], over any reader.
fn read_lines<E>(
    mut reader: impl BufRead,
    file: &CorpusFile,
    rules: &FileRules,
    extractor: &Extractor,
    batch: usize,
    sink: &mut dyn FnMut(Vec<Document>) -> Result<(), E>,
) -> Result<FileOutcome, E> {
    let mut outcome = FileOutcome::default();
    let mut decoder = LineDecoder::default();
    // Every record of a JSON Lines file is a record: ids are `path#N` even for one line.
    let mut finisher = Finisher::new(&file.rel, extractor, true);
    let mut pending = FileParse::default();
    let mut line = Vec::new();
    let mut records = json::LineReader::default();
    let (mut kept, mut bad, mut any_text, mut handed) = (0u64, 0u64, false, false);
    for number in 1u64.. {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => {
                // What was read so far stands; the rest of the file is reported as lost.
                outcome.errors.push(format!(
                    "record {number} and after skipped (read error: {err})"
                ));
                bad += 1;
                break;
            }
        }
        let text = decoder.line(&line);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        any_text |= !text.trim().is_empty();
        counted(&mut pending, &mut outcome, (&mut kept, &mut bad), |p| {
            records.line(p, text, number, &rules.fields);
        });
        if pending.docs.len() >= batch {
            handed |= hand_on(&mut pending, rules, &mut finisher, &mut outcome, sink)?;
        }
    }
    counted(&mut pending, &mut outcome, (&mut kept, &mut bad), |p| {
        records.finish(p);
    });
    handed |= hand_on(&mut pending, rules, &mut finisher, &mut outcome, sink)?;
    if let Some(warning) = decoder.warning() {
        outcome.warnings.insert(0, warning);
    }
    if !any_text && outcome.errors.is_empty() {
        // An empty file holds nothing to index, which is no error.
        outcome.warnings.clear();
        outcome
            .notes
            .push("empty file: nothing to index".to_string());
        return Ok(outcome);
    }
    if !handed {
        outcome.failed = true;
        if outcome.errors.is_empty() {
            outcome.errors.push("no document found".to_string());
        }
    }
    if bad > 0 {
        let total = kept + bad;
        if let Some(last) = outcome.errors.last_mut() {
            last.push_str(&format!("; {kept} of {total} records indexed"));
        }
    }
    Ok(outcome)
}

/// Runs `add` on `pending` and counts what it added: records kept (perhaps with a warning, a
/// date field not read) and bad ones, whose errors and the warnings go to the outcome.
fn counted(
    pending: &mut FileParse,
    outcome: &mut FileOutcome,
    (kept, bad): (&mut u64, &mut u64),
    add: impl FnOnce(&mut FileParse),
) {
    let (docs, errors) = (pending.docs.len(), pending.errors.len());
    add(pending);
    *bad += (pending.errors.len() - errors) as u64;
    outcome
        .errors
        .extend(pending.errors.drain(errors..).map(|e| skipped(&e)));
    *kept += (pending.docs.len() - docs) as u64;
    outcome
        .warnings
        .extend(pending.warnings.drain(..).map(|w| w.to_string()));
}

/// Turns the pending records into documents and hands them to `sink`; true when there were any.
fn hand_on<E>(
    pending: &mut FileParse,
    rules: &FileRules,
    finisher: &mut Finisher,
    outcome: &mut FileOutcome,
    sink: &mut dyn FnMut(Vec<Document>) -> Result<(), E>,
) -> Result<bool, E> {
    if pending.docs.is_empty() {
        return Ok(false);
    }
    let mut parsed = std::mem::take(&mut pending.docs);
    formats::apply_rules(&mut parsed, rules);
    let docs = finisher.finish(parsed, &mut outcome.warnings);
    sink(docs)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::document::Kind;
    use crate::ingest::config::Config;
    use crate::ingest::format::Format;

    fn corpus_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> CorpusFile {
        let abs = dir.path().join(name);
        std::fs::File::create(&abs)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        CorpusFile {
            abs,
            rel: name.to_string(),
            format: Format::JsonLines,
            size: bytes.len() as u64,
            mtime: 0,
        }
    }

    /// Reads `file` in batches of `batch` records; returns the outcome and the batches.
    fn read(file: &CorpusFile, batch: usize) -> (FileOutcome, Vec<Vec<Document>>) {
        let mut batches = Vec::new();
        let outcome = super::super::read_in_batches(
            file,
            &Config::default(),
            &Extractor::new(),
            batch,
            &mut |docs| {
                batches.push(docs);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        (outcome, batches)
    }

    #[test]
    fn a_feed_arrives_in_bounded_batches_with_the_whole_file_messages() {
        let dir = tempfile::tempdir().unwrap();
        let mut feed = String::new();
        for n in 1..=10 {
            if n == 4 {
                feed.push_str("{\"title\": broken\n");
            } else {
                // U+2028 inside a string is text, never a line break.
                feed.push_str(&format!(
                    "{{\"title\": \"Drill {n}\", \"body\": \"Ships sailed.\u{2028}Day {n}.\"}}\n"
                ));
            }
        }
        let file = corpus_file(&dir, "feed.jsonl", feed.as_bytes());
        let (outcome, batches) = read(&file, 3);
        // 9 good records, 3 at a time: memory is one line plus one batch, whatever the file.
        let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
        assert_eq!(sizes, [3, 3, 3]);
        assert!(outcome.docs.is_empty());
        assert_eq!(
            outcome.errors.len(),
            1,
            "one message per bad record: {:?}",
            outcome.errors
        );
        assert!(
            outcome.errors[0].starts_with("record 4 skipped (not valid JSON (column 11)"),
            "{:?}",
            outcome.errors
        );
        assert!(outcome.errors[0].ends_with("; 9 of 10 records indexed"));
        let ids: Vec<&str> = batches.iter().flatten().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids[..4],
            [
                "feed.jsonl#1",
                "feed.jsonl#2",
                "feed.jsonl#3",
                "feed.jsonl#5"
            ]
        );
        assert!(batches[0][0].body.contains('\u{2028}'));

        // The same messages as the whole-file reader gives for the same file.
        let whole = crate::ingest::read_file(&file, &Config::default(), &Extractor::new());
        assert_eq!(whole.errors, outcome.errors);
        let whole_ids: Vec<&str> = whole.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(whole_ids, ids);
    }

    #[test]
    fn a_record_whose_date_is_not_read_is_indexed_and_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        let feed = concat!(
            r#"{"id": "a", "title": "Carrier group sails", "published_at": "2026-05-10"}"#,
            "\n",
            r#"{"id": "b", "title": "Fuel depot grows", "published_at": "13/05/2026"}"#,
            "\n",
            r#"{"id": "c", "title": "Strait patrol", "published_at": "05/06/2026"}"#,
            "\n",
            // One record broken over two lines: read whole, with a warning.
            r#"{"id": "d", "title": "Broken","#,
            "\n",
            r#""body": "the rest of d"}"#,
            "\n",
            "not JSON at all\n",
        );
        let file = corpus_file(&dir, "feed.jsonl", feed.as_bytes());
        let (outcome, batches) = read(&file, 2);
        let got: Vec<(&str, Option<String>)> = batches
            .iter()
            .flatten()
            .map(|d| (d.id.as_str(), d.date.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            got,
            [
                ("feed.jsonl#a", Some("2026-05-10".to_string())),
                ("feed.jsonl#b", Some("2026-05-13".to_string())),
                ("feed.jsonl#c", None),
                ("feed.jsonl#d", None),
            ]
        );
        assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
        assert!(outcome.errors[0].starts_with("record 6 skipped (not valid JSON"));
        assert!(
            outcome.errors[0].ends_with("; 4 of 5 records indexed"),
            "{:?}",
            outcome.errors
        );
        assert_eq!(
            outcome.warnings,
            [
                "record 3: ambiguous date in `published_at`: \"05/06/2026\" (ambiguous: \
              2026-06-05 if the day comes first, 2026-05-06 if the month does); the document \
              keeps its year, 2026, and no day",
                "record 4: one record over lines 4-5 (a line break inside it): read whole",
            ]
        );

        // The whole-file reader says the same.
        let whole = crate::ingest::read_file(&file, &Config::default(), &Extractor::new());
        assert_eq!(whole.errors, outcome.errors);
        assert_eq!(whole.warnings, outcome.warnings);
    }

    #[test]
    fn invalid_bytes_are_counted_once_per_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = "{\"title\": \"海军训练\", \"body\": \"舰艇编队"
            .as_bytes()
            .to_vec();
        bytes.push(0xFF);
        // Enough good Chinese that three bad bytes are damage, not another encoding.
        bytes.extend_from_slice("出海，开展远海实战化训练，检验部队指挥能力。\"}\n".as_bytes());
        bytes.extend_from_slice(
            b"{\"title\": \"Patrol\", \"body\": \"Two ships \xFE\xFF sailed.\"}\r\n",
        );
        let file = corpus_file(&dir, "bad.jsonl", &bytes);
        let (outcome, batches) = read(&file, 512);
        assert_eq!(batches.concat().len(), 2);
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        let whole = crate::ingest::read_file(&file, &Config::default(), &Extractor::new());
        assert_eq!(outcome.warnings, whole.warnings);
        assert_eq!(outcome.warnings.len(), 1);
        assert!(
            outcome.warnings[0]
                .starts_with("not valid UTF-8: replaced 3 invalid bytes with U+FFFD"),
            "{:?}",
            outcome.warnings
        );
    }

    #[test]
    fn empty_and_hopeless_feeds() {
        let dir = tempfile::tempdir().unwrap();
        for bytes in [&b""[..], b"\n \n", b"\xEF\xBB\xBF\n"] {
            let file = corpus_file(&dir, "empty.jsonl", bytes);
            let (outcome, batches) = read(&file, 4);
            assert!(batches.is_empty());
            assert!(!outcome.failed);
            assert_eq!(outcome.notes, ["empty file: nothing to index"]);
        }
        let file = corpus_file(&dir, "junk.jsonl", b"[1]\n{\"x\": 1}\n");
        let (outcome, batches) = read(&file, 4);
        assert!(batches.is_empty());
        assert!(outcome.failed);
        assert_eq!(outcome.errors.len(), 2);
        assert!(outcome.errors[1].ends_with("; 0 of 2 records indexed"));

        // UTF-16 is left to the whole-file reader, which knows it.
        let utf16: Vec<u8> = "\u{feff}{\"title\": \"A\", \"body\": \"B\"}\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let file = corpus_file(&dir, "wide.jsonl", &utf16);
        assert!(!decode::streams_as_utf8(&utf16));
        let (outcome, batches) = read(&file, 4);
        assert_eq!(batches.concat().len(), 1, "{outcome:?}");
    }

    #[test]
    fn a_transcript_record_brings_its_answers_in_its_batch() {
        let dir = tempfile::tempdir().unwrap();
        let record = r#"{"title": "国防部例行记者会", "body": "记者：请介绍演习情况。\n蒋斌：演习按计划进行，目的是检验部队能力。\n记者：还有什么？\n蒋斌：我们将继续开展训练。"}"#;
        let file = corpus_file(
            &dir,
            "mnd.jsonl",
            format!("{record}\n{record}\n").as_bytes(),
        );
        let (_, batches) = read(&file, 1);
        assert_eq!(batches.len(), 2);
        for batch in &batches {
            assert_eq!(batch[0].kind, Kind::Release);
            assert!(batch[1..].iter().all(|d| d.kind == Kind::Answer));
        }
    }
}
