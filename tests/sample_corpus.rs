//! The project's own sample corpus: what a new user sees first.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{project_root, run_in};

/// The sample corpus indexed in a temporary folder (kept alive by the returned guard), and the
/// project root to run from.
fn indexed_sample() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let root = project_root();
    let corpus = root.join("corpus");
    let run = run_in(&root, &index, &["index", corpus.to_str().unwrap()]);
    assert_eq!(
        run.code, 0,
        "the sample corpus indexes cleanly:\n{}",
        run.stderr
    );
    (dir, index, root)
}

/// `milpress search --format json ARGS` on `index`, which must find something.
fn search(root: &Path, index: &Path, args: &[&str]) -> Value {
    let mut all = vec!["search", "--format", "json"];
    all.extend_from_slice(args);
    let run = run_in(root, index, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.json()
}

#[test]
fn the_sample_corpus_answers_the_readme_queries() {
    let (_dir, index, root) = indexed_sample();
    let search = |args: &[&str]| search(&root, &index, args);

    let forum = search(&["Xiangshan Forum"]);
    assert!(forum["total"].as_u64().unwrap() >= 3, "{forum}");
    let top = &forum["hits"][0];
    assert!(
        top["title"].as_str().unwrap().contains("Xiangshan"),
        "title matches rank first: {top}"
    );

    let zh = search(&["香山论坛"]);
    assert!(zh["total"].as_u64().unwrap() >= 2, "{zh}");
    assert_eq!(zh["hits"][0]["lang"], "zh");

    let wu = search(&["--speaker", "Wu Qian", "Taiwan"]);
    assert!(wu["total"].as_u64().unwrap() >= 2, "{wu}");
    for hit in wu["hits"].as_array().unwrap() {
        assert!(
            hit["speakers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == "Wu Qian"),
            "{hit}"
        );
    }

    let all = search(&["--limit", "0"]);
    let years = all["facets"]["year"].as_array().unwrap();
    assert!(years.len() >= 6, "several years: {years:?}");
    let speakers = all["facets"]["speaker"].as_array().unwrap();
    assert!(speakers.len() >= 5, "several speakers: {speakers:?}");
}

/// Whole-query translation: every part of a query is translated (a name no dictionary lists by
/// its sound), a match holds every part in some language, and documents that hold the
/// translations of only some parts are listed apart, never counted.
#[test]
fn every_part_of_a_query_is_translated_and_full_matches_rank_first() {
    let (_dir, index, root) = indexed_sample();
    let search = |args: &[&str]| search(&root, &index, args);

    // 马尔贾 is in no dictionary: its sound finds Marjah.
    let both = search(&["马尔贾 塔利班"]);
    assert_eq!(
        both["hits"][0]["id"], "dod/2010/marjah-operation-moshtarak.md",
        "{both}"
    );
    let shown = both["also_searched"].to_string();
    assert!(
        shown.contains("marjah") && shown.contains("(transliteration)"),
        "{shown}"
    );

    // No document holds every word of this mixed query in any language (no dictionary gives
    // 先导会 for "preparatory meeting"): nothing is counted, and the Chinese-only report of
    // the preparatory meeting is listed apart, as holding the translations of some words.
    let run = run_in(
        &root,
        &index,
        &[
            "search",
            "--format",
            "json",
            "Xiangshan Forum preparatory meeting",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mixed = run.json();
    assert_eq!(mixed["total"], 0, "{mixed}");
    assert!(mixed["facets"]["year"].as_array().unwrap().is_empty());
    let ids: Vec<&str> = mixed["in_part"]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"collector/pla-watch-2025-2026.jsonl#26050903"),
        "{ids:?}"
    );
    assert!(mixed["in_part"]["total"].as_u64().unwrap() >= ids.len() as u64);

    // English documents still need every English word.
    let english = search(&["Kunduz Taliban"]);
    assert_eq!(english["total"], 1, "{english}");

    // --exact: no translation at all.
    let exact = run_in(&root, &index, &["search", "--exact", "马尔贾 塔利班"]);
    assert_eq!(exact.code, 1, "{}", exact.stdout);
}
