//! The project's own sample corpus: what a new user sees first.

use crate::util::{project_root, run_in};

#[test]
fn the_sample_corpus_answers_the_readme_queries() {
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

    let search = |args: &[&str]| {
        let mut all = vec!["search", "--format", "json"];
        all.extend_from_slice(args);
        let run = run_in(&root, &index, &all);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.json()
    };

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
