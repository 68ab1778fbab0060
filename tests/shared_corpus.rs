//! The shared real corpus (PLA Daily, MND and foreign-ministry material), when present. On a
//! machine without it these tests pass after saying on stderr that they skipped.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::{run_in, shared_corpus, Run};

/// Indexes the shared corpus once for all tests here.
pub(crate) fn index() -> Option<&'static (tempfile::TempDir, PathBuf, Run)> {
    // Asked by every test, so each one that skips says so.
    shared_corpus()?;
    static INDEX: OnceLock<Option<(tempfile::TempDir, PathBuf, Run)>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let corpus = shared_corpus()?;
            let dir = tempfile::tempdir().unwrap();
            let index = dir.path().join("index");
            let run = run_in(dir.path(), &index, &["index", corpus.to_str().unwrap()]);
            Some((dir, index, run))
        })
        .as_ref()
}

fn search(args: &[&str]) -> Option<Value> {
    let (dir, index, _) = index()?;
    let mut all = vec!["search", "--format", "json"];
    all.extend_from_slice(args);
    let run = run_in(dir.path(), index, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    Some(run.json())
}

#[test]
fn the_shared_corpus_indexes() {
    let Some((_, _, run)) = index() else {
        return;
    };
    assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
    assert!(run.stderr.contains("documents: "), "{}", run.stderr);
}

#[test]
fn the_seed_is_found_with_its_speaker() {
    let Some(json) = search(&["Xiangshan Forum"]) else {
        return;
    };
    let seed = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["path"] == "seed/mnd-2024-military-diplomacy.txt")
        .unwrap_or_else(|| panic!("the seed is found: {json}"));
    assert_eq!(seed["speakers"][0], "Wu Qian", "{seed}");
    assert_eq!(seed["lang"], "en");
}

#[test]
fn the_xiangshan_briefing_record_is_found_in_chinese() {
    let Some(json) = search(&["香山论坛"]) else {
        return;
    };
    let record = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "pla-watch-2026-05.jsonl#399")
        .unwrap_or_else(|| panic!("record 399 is found: {json}"));
    assert_eq!(record["year"], 2026);
    assert_eq!(record["date"], "2026-05-18");
    assert!(
        record["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Jiang Bin"),
        "{record}"
    );
    let by_speaker = search(&["--speaker", "蒋斌", "香山论坛"]).unwrap();
    assert!(by_speaker["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["id"] == "pla-watch-2026-05.jsonl#399"));
}

#[test]
fn a_translated_record_is_found_in_both_languages_once() {
    // Record 1 of the JSONL has an English translation: find it by its English title words.
    let Some(en) = search(&["Enrolled Register Warriors"]) else {
        return;
    };
    let ids: Vec<&str> = en["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"pla-watch-2026-05.jsonl#1"), "{ids:?}");
    let zh = search(&["名编壮士籍"]).unwrap();
    let zh_ids: Vec<&str> = zh["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(zh_ids.contains(&"pla-watch-2026-05.jsonl#1"), "{zh_ids:?}");
    let mut unique = zh_ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), zh_ids.len(), "listed once");
}

#[test]
fn the_headline_dump_becomes_one_document_per_line() {
    let Some(json) = search(&["--kind", "headline", "歼10"]) else {
        return;
    };
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{json}");
    for hit in hits {
        assert_eq!(hit["kind"], "headline");
        assert!(
            hit["title"].as_str().unwrap().chars().count() < 80,
            "one headline, not the file: {hit}"
        );
    }
    let total = search(&["--kind", "headline", "--limit", "0"]).unwrap()["total"]
        .as_u64()
        .unwrap();
    // 19,999 lines, of which about 1,350 repeat an earlier headline word for word.
    assert!(
        (18_500..19_999).contains(&total),
        "every distinct line is a headline: {total}"
    );
    let (_, _, run) = index().unwrap();
    assert!(
        run.stderr.contains("duplicates not indexed again"),
        "{}",
        run.stderr
    );
}
