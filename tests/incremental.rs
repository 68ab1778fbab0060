//! Re-indexing after files are added, changed and deleted.

use crate::util::{Run, TestEnv};

fn counts(run: &Run) -> String {
    run.stderr
        .lines()
        .find(|l| l.starts_with("documents:"))
        .unwrap_or_else(|| panic!("no summary in:\n{}", run.stderr))
        .to_string()
}

#[test]
fn add_change_delete_and_unchanged() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Shangri-La Dialogue\nThe delegation attended the dialogue in Singapore.\n",
    );
    env.write(
        "b.md",
        "---\ntitle: Peace Ark\n---\nThe hospital ship Peace Ark visited ports.\n",
    );
    let first = env.index_corpus(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        counts(&first).starts_with("documents: 2 added, 0 updated, 0 removed, 0 unchanged"),
        "{}",
        first.stderr
    );

    let again = env.index_corpus(&[]);
    assert!(
        counts(&again).starts_with("documents: 0 added, 0 updated, 0 removed, 2 unchanged"),
        "{}",
        again.stderr
    );
    assert!(
        again.stderr.contains("0 read, 2 unchanged"),
        "{}",
        again.stderr
    );

    env.write(
        "c.txt",
        "Strait Thunder\nThe exercise tested joint blockade operations.\n",
    );
    let added = env.index_corpus(&[]);
    assert!(
        counts(&added).starts_with("documents: 1 added, 0 updated, 0 removed, 2 unchanged"),
        "{}",
        added.stderr
    );
    assert_eq!(env.search(&["blockade"]).ids(), ["c.txt"]);

    // Same size would hide a change from a size-only check: make sure the time differs too.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write(
        "a.txt",
        "Shangri-La Dialogue\nThe delegation attended the forum in Singapore.\n",
    );
    let changed = env.index_corpus(&[]);
    assert!(
        counts(&changed).starts_with("documents: 0 added, 1 updated, 0 removed, 2 unchanged"),
        "{}",
        changed.stderr
    );
    assert_eq!(env.search(&["dialogue", "forum"]).ids(), ["a.txt"]);
    assert_eq!(
        env.search(&["delegation"]).json()["total"],
        1,
        "the old version is gone"
    );

    env.remove("b.md");
    let deleted = env.index_corpus(&[]);
    assert!(
        counts(&deleted).starts_with("documents: 0 added, 0 updated, 1 removed, 2 unchanged"),
        "{}",
        deleted.stderr
    );
    assert_eq!(env.search(&["hospital"]).code, 1);

    let rebuilt = env.index_corpus(&["--rebuild"]);
    assert!(
        counts(&rebuilt).starts_with("documents: 2 added"),
        "{}",
        rebuilt.stderr
    );
    assert_eq!(env.search(&["blockade"]).ids(), ["c.txt"]);
}

#[test]
fn a_record_file_replaces_its_records() {
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        "{\"id\": 1, \"title\": \"Joint patrol\", \"body\": \"The coast guard patrolled.\"}\n{\"id\": 2, \"title\": \"Drill\", \"body\": \"A live-fire drill.\"}\n",
    );
    env.index_corpus(&[]);
    assert_eq!(env.search(&["drill"]).ids(), ["feed.jsonl#2"]);
    env.write("feed.jsonl", "{\"id\": 1, \"title\": \"Joint patrol\", \"body\": \"The coast guard patrolled again.\"}\n");
    let run = env.index_corpus(&[]);
    assert!(
        counts(&run).starts_with("documents: 0 added, 1 updated, 1 removed"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["drill"]).code, 1);
    assert_eq!(env.search(&["patrolled", "again"]).ids(), ["feed.jsonl#1"]);
    // Counted record by record: one changed of three is one updated, not three; a file saved
    // again unchanged changes nothing.
    let three = "{\"id\": 1, \"title\": \"Joint patrol\", \"body\": \"Patrolled.\"}\n\
                 {\"id\": 2, \"title\": \"Drill\", \"body\": \"A drill.\"}\n\
                 {\"id\": 3, \"title\": \"Visit\", \"body\": \"A port call.\"}\n";
    env.write("feed.jsonl", three);
    env.index_corpus(&[]);
    env.write(
        "feed.jsonl",
        three.replace("A drill.", "A live-fire drill."),
    );
    let run = env.index_corpus(&[]);
    assert!(
        counts(&run).starts_with("documents: 0 added, 1 updated, 0 removed, 2 unchanged"),
        "{}",
        run.stderr
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write(
        "feed.jsonl",
        three.replace("A drill.", "A live-fire drill."),
    );
    let saved_again = env.index_corpus(&[]);
    assert!(
        counts(&saved_again).starts_with("documents: 0 added, 0 updated, 0 removed, 3 unchanged"),
        "{}",
        saved_again.stderr
    );
}

#[test]
fn the_same_release_saved_twice_is_indexed_once() {
    let env = TestEnv::new();
    let release = "Peace Ark returns\nThe hospital ship Peace Ark returned to Zhoushan after treating patients.\n";
    env.write("a/peace-ark.txt", release);
    env.write(
        "b/peace-ark-copy.txt",
        release.replace("  ", " ").to_uppercase(),
    );
    env.write(
        "c/peace-ark.json",
        r#"{"title": "Peace Ark returns", "body": "The hospital ship Peace Ark returned to Zhoushan, after treating patients."}"#,
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("2 duplicates not indexed again"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("peace-ark-copy.txt: duplicate of a/peace-ark.txt"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["Zhoushan"]).ids(), ["a/peace-ark.txt"]);

    let show = env.run(&["show", "a/peace-ark.txt", "--format", "json"]);
    let paths: Vec<String> = show.json()["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "a/peace-ark.txt",
            "b/peace-ark-copy.txt",
            "c/peace-ark.json"
        ]
    );

    // When the original goes, a copy takes its place.
    env.remove("a/peace-ark.txt");
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(env.search(&["Zhoushan"]).ids(), ["b/peace-ark-copy.txt"]);
    assert_eq!(env.search(&["--limit", "0"]).json()["total"], 1);
}

#[test]
fn optimize_merges_segments_and_keeps_every_document() {
    let env = TestEnv::new();
    // Three runs, three segments: at four the writer's merge policy merges them itself.
    for round in 0..3 {
        env.write(
            &format!("r{round}.txt"),
            format!("Round {round}\nPatrol number p{round} returned.\n"),
        );
        assert_eq!(env.index_corpus(&[]).code, 0);
    }
    let run = env.run(&["optimize", "--segments", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("3 segments merged into 2"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["patrol"]).json()["total"], 3);
    let run = env.run(&["optimize", "--segments", "1"]);
    assert!(
        run.stderr.contains("2 segments merged into 1"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["patrol"]).json()["total"], 3);
    assert_eq!(env.search(&["p2"]).ids(), ["r2.txt"]);
    // The merged segments' files are gone from disk: only the one segment's are left.
    let segments: std::collections::BTreeSet<String> = std::fs::read_dir(env.index())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| Some(name.split_once('.')?.0.to_string()))
        .filter(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    assert_eq!(segments.len(), 1, "{segments:?}");
}

#[test]
fn a_large_index_in_many_segments_suggests_optimize() {
    let env = TestEnv::new();
    let wanted = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    let suggested = |run: &Run| run.stderr.contains("`milpress optimize` merges them");
    // Each run adds a segment; the writer merges four of them itself.
    for round in 0..3 {
        env.write(
            &format!("r{round}.txt"),
            format!("Round {round}\nPatrol number p{round} returned.\n"),
        );
        let run = env.index_corpus(&["--suggest-optimize-from", "2"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let segments = round + 1;
        assert_eq!(
            suggested(&run),
            segments >= 2 && segments > wanted,
            "{segments} segments, {wanted} wanted: {}",
            run.stderr
        );
    }
    let run = env.run(&["optimize"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env.write("r9.txt", "Round 9\nPatrol number p9 returned.\n");
    let run = env.index_corpus(&["--suggest-optimize-from", "1000"]);
    assert!(!suggested(&run), "a small index: {}", run.stderr);
}

#[test]
fn a_run_with_nothing_to_do_writes_nothing() {
    let env = TestEnv::new();
    env.write("a.txt", "Patrol\nThe patrol returned.\n");
    assert_eq!(env.index_corpus(&[]).code, 0);
    // meta.json changes with every commit (its opstamp), so its bytes tell whether one happened.
    let meta = || std::fs::read_to_string(env.index().join("meta.json")).unwrap();
    let state_written = || {
        std::fs::metadata(env.index().join("milpress-files.tsv"))
            .and_then(|m| m.modified())
            .unwrap()
    };
    let before = (meta(), state_written());
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 unchanged"), "{}", run.stderr);
    assert_eq!((meta(), state_written()), before);
    env.write("b.txt", "Escort\nThe escort sailed.\n");
    assert_eq!(env.index_corpus(&[]).code, 0);
    assert_ne!(meta(), before.0);
    assert_eq!(env.search(&["escort"]).ids(), ["b.txt"]);
}

#[test]
fn an_index_without_the_words_milpress_adds_is_read_again() {
    let env = TestEnv::new();
    // 演训 is a glossary form jieba does not know: milpress indexes it whole beside jieba's
    // words, and says so in a file beside the index.
    env.write("a.txt", "联合演训\n部队开展联合演训，演训持续三天。\n");
    env.write("b.txt", "海军\n海军舰艇编队训练。\n");
    let first = env.index_corpus(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let listed = env.index().join("milpress-added-words.txt");
    assert!(std::fs::read_to_string(&listed).unwrap().contains("演训"));
    let again = env.index_corpus(&[]);
    assert!(
        again.stderr.contains("0 read, 2 unchanged"),
        "{}",
        again.stderr
    );

    // An index built before (or by a milpress that added other words) lacks them in its
    // segments: every file is read again, and the run finds what it should.
    std::fs::remove_file(&listed).unwrap();
    let upgraded = env.index_corpus(&[]);
    assert!(
        upgraded.stderr.contains("2 read, 0 unchanged"),
        "{}",
        upgraded.stderr
    );
    assert!(listed.is_file());
    assert_eq!(env.search(&["演训"]).ids(), ["a.txt"]);
}

#[test]
fn translation_tables_of_an_older_milpress_are_built_again() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "联合演习\n部队开展联合演习，活动持续三天，运动量大。\n",
    );
    env.write(
        "b.en.txt",
        "Joint exercise\nThe navy held an exercise at sea.\n",
    );
    let first = env.index_corpus(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let tables = env.index().join("milpress-translations.tsv");
    let header = |text: &str| text.lines().next().unwrap_or_default().to_string();
    let built = std::fs::read_to_string(&tables).unwrap();
    let rules = header(&built).rsplit(' ').next().unwrap().to_string();
    assert!(rules.starts_with("domain-"), "{}", header(&built));

    // As an older milpress left them: other rules, rows in another order.
    let older = built
        .replacen(&rules, "domain-0000000000000000", 1)
        .replace("\t演习|", "\t");
    std::fs::write(&tables, &older).unwrap();
    let again = env.index_corpus(&[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stderr.contains("0 read, 2 unchanged"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read_to_string(&tables).unwrap(), built);
}

/// `--forget DIR` on its own removes that folder's documents and the index forgets it; a
/// folder the index does not hold is an error that lists those it does.
#[test]
fn forget_alone_removes_the_folder_and_a_wrong_name_is_an_error() {
    let env = TestEnv::new();
    env.write("mnd/a.txt", "MND release\nThe navy held a drill.\n");
    env.write("mfa/b.txt", "MFA release\nThe navy visited a port.\n");
    let (mnd, mfa) = (env.corpus().join("mnd"), env.corpus().join("mfa"));
    let (mnd, mfa) = (mnd.to_str().unwrap(), mfa.to_str().unwrap());
    assert_eq!(env.run(&["index", mnd, mfa]).code, 0);
    assert_eq!(env.search(&["navy"]).json()["total"], 2);
    let run = env.run(&["index", "--forget", mfa]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 removed"), "{}", run.stderr);
    assert_eq!(env.search(&["navy"]).ids(), ["a.txt"]);
    // Forgotten: the next run without folders updates only the other one.
    let run = env.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(env.search(&["navy"]).ids(), ["a.txt"]);
    let run = env.run(&["index", "--forget", mfa]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the index holds no such folder") && run.stderr.contains("mnd"),
        "{}",
        run.stderr
    );
}

/// A folder that held files and now holds none (a share not mounted) keeps its documents, and
/// the run fails saying so; when the files are back, nothing was lost.
#[test]
fn a_folder_found_empty_keeps_its_documents() {
    let env = TestEnv::new();
    let path = env.write("a.txt", "Title\nThe navy held a drill.\n");
    assert_eq!(env.index_corpus(&[]).code, 0);
    let aside = env.index().with_extension("aside");
    std::fs::rename(&path, &aside).unwrap();
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("holds no files now"), "{}", run.stderr);
    assert_eq!(env.search(&["navy"]).ids(), ["a.txt"]);
    std::fs::rename(&aside, &path).unwrap();
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 removed, 1 unchanged"),
        "{}",
        run.stderr
    );
}

/// A folder inside one the index holds would index each of its files twice: refused, with
/// the other folder named.
#[test]
fn a_folder_inside_another_of_the_index_is_refused() {
    let env = TestEnv::new();
    env.write("dod/a.txt", "Title\nThe navy held a drill.\n");
    assert_eq!(env.index_corpus(&[]).code, 0);
    let inner = env.corpus().join("dod");
    let run = env.run(&["index", inner.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("another folder of this index"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["navy"]).json()["total"], 1);
}

/// A feed cut short while it was being written (a sync caught halfway) gives fewer records
/// than it did: those it gave before stay indexed, and the run says so and exits 2; once the
/// feed is whole again, it is read in full.
#[test]
fn a_feed_cut_short_keeps_the_records_it_gave_before() {
    let env = TestEnv::new();
    let records = [
        (
            "r1",
            "Uzbekistan drill",
            "Troops of China and Uzbekistan drilled near Tashkent.",
        ),
        (
            "r2",
            "Kazakhstan talks",
            "Officials of China and Kazakhstan met in Astana.",
        ),
        (
            "r3",
            "Kyrgyz exercise",
            "A counter-terrorism exercise with Kyrgyzstan ended.",
        ),
        (
            "r4",
            "Tajik border",
            "Border talks with Tajikistan were held in Dushanbe.",
        ),
    ];
    let whole = serde_json::to_string_pretty(
        &records
            .iter()
            .map(|(id, title, body)| serde_json::json!({"id": id, "title": title, "body": body}))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    env.write("feed.json", &whole);
    assert_eq!(env.index_corpus(&[]).code, 0);
    let cut = &whole[..whole.find("Kyrgyzstan").unwrap()];
    env.write("feed.json", cut);
    let damaged = env.index_corpus(&[]);
    assert_eq!(damaged.code, 2, "{}", damaged.stderr);
    assert!(
        damaged
            .stderr
            .contains("kept the 2 documents it gave before"),
        "{}",
        damaged.stderr
    );
    assert!(
        counts(&damaged).starts_with("documents: 0 added, 0 updated, 0 removed, 4 unchanged"),
        "{}",
        damaged.stderr
    );
    for word in ["Uzbekistan", "Kazakhstan", "Kyrgyzstan", "Tajikistan"] {
        assert_eq!(env.search(&[word]).json()["total"], 1, "{word}");
    }
    // Whole again, with one record changed: read in full, nothing kept back.
    env.write("feed.json", whole.replace("Dushanbe", "Khujand"));
    let mended = env.index_corpus(&[]);
    assert_eq!(mended.code, 0, "{}", mended.stderr);
    assert!(!mended.stderr.contains("kept the"), "{}", mended.stderr);
    assert_eq!(env.search(&["Khujand"]).ids(), ["feed.json#r4"]);
    assert_eq!(env.search(&["Dushanbe"]).json()["total"], 0);
}
