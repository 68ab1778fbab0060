//! Broken input: every problem is named, nothing else is lost.

use crate::util::TestEnv;

#[test]
fn broken_files_are_reported_and_skipped() {
    let env = TestEnv::new();
    env.write(
        "good.txt",
        "Peacekeeping in South Sudan\nThe engineers repaired roads near Juba.\n",
    );
    env.write("empty.txt", "");
    env.write("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0binary");
    env.write(
        "latin1.txt",
        b"Caf\xe9 briefing\nThe spokesperson met reporters at the caf\xe9.\n",
    );
    env.write(
        "feed.jsonl",
        "{\"title\": \"Escort\", \"body\": \"Task force in the Gulf of Aden.\"}\n{not json\n{\"title\": \"Relief\", \"body\": \"Troops delivered relief supplies.\"}\n",
    );
    env.write(
        "truncated.json",
        "[{\"title\": \"Drill\", \"body\": \"A drill",
    );
    env.write("photo.jpg", b"\xff\xd8\xff\xe0");

    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 2, "something was skipped: {}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("empty.txt: note: empty file"), "{err}");
    // An image among the texts is no error: nothing of it is text (a note says so).
    assert!(err.contains("image.txt: note: binary file"), "{err}");
    assert!(
        err.contains("feed.jsonl: record 2 skipped (") && err.contains("; 2 of 3 records indexed"),
        "{err}"
    );
    assert!(err.contains("truncated.json: skipped:"), "{err}");
    assert!(
        err.contains("latin1.txt: warning: not valid UTF-8: replaced 2 invalid bytes"),
        "{err}"
    );
    assert!(
        !err.contains("photo.jpg"),
        "other file types are left alone: {err}"
    );
    assert!(err.contains("1 of other types ignored"), "{err}");

    assert_eq!(env.search(&["Juba"]).ids(), ["good.txt"]);
    assert_eq!(env.search(&["relief"]).ids(), ["feed.jsonl#3"]);
    assert_eq!(env.search(&["Aden"]).ids(), ["feed.jsonl#1"]);
    assert_eq!(env.search(&["reporters"]).ids(), ["latin1.txt"]);

    // Nothing changed: what is still missing is named again, counted, and the exit code says
    // so again.
    let again = env.index_corpus(&[]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("not read again"), "{}", again.stderr);
    assert!(
        again.stderr.contains(
            "feed.jsonl: still left out, the file unchanged since it was read: record 2 skipped ("
        ),
        "{}",
        again.stderr
    );
    let counted = |stderr: &str| {
        stderr.lines().find_map(|l| {
            l.rsplit_once(", ")?
                .1
                .strip_suffix(" with errors")?
                .parse::<u32>()
                .ok()
        })
    };
    assert_eq!(counted(err), Some(2), "{err}");
    assert_eq!(counted(&again.stderr), Some(2), "{}", again.stderr);
}

#[test]
fn a_huge_one_line_file_is_indexed_with_its_fields_capped() {
    let env = TestEnv::new();
    let line = "Drill ".repeat(20 << 20 >> 3);
    env.write("huge.txt", line.as_str());
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("huge.txt: warning: title cut"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("huge.txt: warning: body cut"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_folders_share_one_index() {
    let env = TestEnv::new();
    let other = env.index().parent().unwrap().join("second");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("a.txt"),
        "Harbour visit\nThe frigate called at Piraeus.\n",
    )
    .unwrap();
    env.write(
        "a.txt",
        "Peacekeeping\nEngineers repaired roads near Juba.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let second = env.run(&["index", other.to_str().unwrap()]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        !second.stderr.contains("removed") || second.stderr.contains("0 removed"),
        "{}",
        second.stderr
    );
    assert_eq!(env.search(&["Juba"]).ids(), ["a.txt"]);
    assert_eq!(env.search(&["Piraeus"]).ids(), ["second/a.txt"]);
    // No folder: every remembered folder is read again, and nothing changed.
    let again = env.run(&["index"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(env.search(&["Juba"]).ids(), ["a.txt"]);
    assert_eq!(env.search(&["Piraeus"]).ids(), ["second/a.txt"]);
}

#[test]
fn a_file_that_breaks_later_keeps_its_documents() {
    let env = TestEnv::new();
    env.write(
        "feed.json",
        "[{\"title\": \"Drill\", \"body\": \"A live-fire drill at sea.\"}]",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write("feed.json", "[{\"title\": \"Drill\", \"body\": \"A live-fi");
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        env.search(&["drill"]).ids(),
        ["feed.json#1"],
        "nothing already indexed is lost"
    );
}

#[test]
fn a_missing_corpus_is_a_clear_error() {
    let env = TestEnv::new();
    let run = env.run(&["index", "/nonexistent/corpus"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("/nonexistent/corpus: not a folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn searching_without_an_index_says_what_to_do() {
    let env = TestEnv::new();
    let run = env.run(&["search", "--corpus", "/nonexistent", "forum"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("run `milpress index` first"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_settings_file_is_named() {
    let env = TestEnv::new();
    env.write(
        "milpress.toml",
        "[[files]]\npattern = \"*.jsonl\"\nlangauge = \"zh\"\n",
    );
    env.write("a.txt", "Title\nBody text about the navy.\n");
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("milpress.toml: skipped:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("langauge"), "{}", run.stderr);
    assert_eq!(
        env.search(&["navy"]).ids(),
        ["a.txt"],
        "the rest is indexed with the defaults"
    );
}

#[test]
fn settings_can_come_from_outside_the_corpus() {
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        "{\"headline_cn\": \"海军护航编队起航\", \"transcript\": \"编队从三亚起航。\"}\n",
    );
    let settings = env.corpus().parent().unwrap().join("settings.toml");
    std::fs::write(&settings, "[[files]]\npattern = \"*.jsonl\"\nsource = \"PLA Navy\"\n[files.fields]\ntitle = \"headline_cn\"\nbody = \"transcript\"\n").unwrap();
    let run = env.index_corpus(&["--config", settings.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hit = &env.search(&["护航"]).json()["hits"][0];
    assert_eq!(hit["title"], "海军护航编队起航");
    assert_eq!(hit["source"], "PLA Navy");
}

#[test]
fn the_corpus_readme_is_not_a_document() {
    let env = TestEnv::new();
    env.write(
        "README.md",
        "# About this collection\nGathered for testing.\n",
    );
    env.write("a.txt", "Title\nGathered reports on the navy.\n");
    env.index_corpus(&[]);
    assert_eq!(env.search(&["gathered"]).ids(), ["a.txt"]);
}

#[test]
fn symlink_loops_and_dangling_links_are_reported_and_the_run_goes_on() {
    let env = TestEnv::new();
    env.write(
        "deep/a/b/c/d/e/f/g/h/report.txt",
        "Deep report\nThe frigate returned to Qingdao.\n",
    );
    std::os::unix::fs::symlink(env.corpus().join("deep"), env.corpus().join("deep/a/loop"))
        .unwrap();
    std::os::unix::fs::symlink(
        env.corpus().join("nowhere.txt"),
        env.corpus().join("dangling.txt"),
    )
    .unwrap();
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("loop"), "{}", run.stderr);
    assert!(run.stderr.contains("dangling.txt"), "{}", run.stderr);
    assert_eq!(
        env.search(&["frigate"]).ids(),
        ["deep/a/b/c/d/e/f/g/h/report.txt"]
    );
}

#[test]
fn unreadable_files_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.write("ok.txt", "Fine\nThe brigade trained at night.\n");
    let secret = env.write("secret.txt", "Secret\nNot for you.\n");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        // Running as root: permissions do not stop us, so there is nothing to test here.
        return;
    }
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("secret.txt: skipped: Permission denied"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["brigade"]).ids(), ["ok.txt"]);
}

#[test]
fn a_100_mb_file_is_indexed_in_bounded_memory() {
    let env = TestEnv::new();
    let paragraph = "The task force escorted merchant ships through the Gulf of Aden. 编队在亚丁湾为商船护航。\n";
    let mut text = String::from("A very long log of escort missions\n");
    while text.len() < 100 << 20 {
        text.push_str(paragraph);
    }
    text.push_str("The final entry mentions the frigate Xuzhou.\n");
    env.write("huge.txt", &text);
    env.write("small.txt", "Small\nThe destroyer Nanchang sailed.\n");
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("huge.txt: warning: body cut to its first 8 MB"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["escorted"]).ids(), ["huge.txt"]);
    assert_eq!(env.search(&["Nanchang"]).ids(), ["small.txt"]);
}

#[test]
fn fifty_thousand_small_files() {
    let env = TestEnv::new();
    for i in 0..50_000 {
        env.write(
            &format!("d{}/{}/n{i}.txt", i % 50, i % 7),
            format!("Note {i}\nPatrol report number x{i}.\n"),
        );
    }
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("50000 files seen (50000 read"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["x49999"]).ids(), ["d49/5/n49999.txt"]);
    let again = env.index_corpus(&[]);
    assert!(
        again.stderr.contains("0 read, 50000 unchanged"),
        "{}",
        again.stderr
    );
}

#[test]
fn legacy_encodings_and_saved_pages_index_like_their_utf8_twins() {
    let env = TestEnv::new();
    let fixtures = crate::util::project_root().join("tests/fixtures");
    let run = env.run(&["index", fixtures.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The GBK page and its UTF-8 twin, and the same release in six encodings, are one text each.
    assert!(
        run.stderr
            .contains("html/mnd-briefing.html: duplicate of html/mnd-briefing-gbk.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("encodings/utf8.txt: duplicate of encodings/gb18030.txt"),
        "{}",
        run.stderr
    );
    // The page names its publisher; the plain texts, a spokesperson's briefing by their title.
    let found = env
        .search(&[
            "--kind",
            "release",
            "搜救",
            "source:\"Ministry of National Defense\"",
        ])
        .json();
    let hits = found["hits"].as_array().unwrap();
    let page = hits
        .iter()
        .find(|hit| hit["id"] == "html/mnd-briefing-gbk.html")
        .unwrap_or_else(|| panic!("{found}"));
    assert!(
        hits.iter().any(|hit| hit["id"] == "encodings/gb18030.txt"),
        "{found}"
    );
    assert_eq!(page["date"], "2026-05-18");
    // Traditional and simplified find each other, and the Big5 text gets its speaker too.
    let ids = env.search(&["國防部新聞發言人"]).ids();
    assert!(
        ids.contains(&"encodings/big5.txt".to_string())
            && ids.contains(&"encodings/gb18030.txt".to_string()),
        "{ids:?}"
    );
    let big5 = env
        .run(&["show", "encodings/big5.txt", "--format", "json"])
        .json();
    let gb = env
        .run(&["show", "encodings/gb18030.txt", "--format", "json"])
        .json();
    assert_eq!(big5["speakers"], gb["speakers"]);
}

/// A page saved "complete" brings a folder of its images, scripts and ad frames: left alone,
/// with a note, never read as documents (an empty frame would be an error on every run).
#[test]
fn a_saved_pages_resource_folder_is_left_alone() {
    let env = TestEnv::new();
    env.write(
        "Navy drill - Xinhua.html",
        "<html><head><title>Navy holds drill</title></head><body><h1>Navy holds drill</h1>\
         <p>The navy held a drill in the East China Sea on Monday, the ministry said.</p>\
         </body></html>",
    );
    env.write(
        "Navy drill - Xinhua_files/saved_resource.html",
        "<html><body></body></html>",
    );
    env.write("Navy drill - Xinhua_files/app.js", "var x = 1;");
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Navy drill - Xinhua_files/: a saved page's images"),
        "{}",
        run.stderr
    );
    assert_eq!(env.search(&["*"]).ids(), ["Navy drill - Xinhua.html"]);
}

/// A stray NUL byte in one record of a feed is that record's problem, not the file's: the
/// feed's other records stay indexed, and the warning names the line.
#[test]
fn a_stray_nul_byte_does_not_make_a_feed_binary() {
    let env = TestEnv::new();
    let records: Vec<String> = (1..=200)
        .map(|i| {
            format!(
                "{{\"title\": \"Patrol report {i}\", \"body\": \"The navy patrol {i} ended.\"}}"
            )
        })
        .collect();
    env.write("feed.jsonl", records.join("\n") + "\n");
    assert_eq!(env.index_corpus(&[]).code, 0);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut damaged = records.clone();
    damaged[10] = damaged[10].replace("ended", "en\0ded");
    env.write("feed.jsonl", damaged.join("\n") + "\n");
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("record 11 skipped"), "{}", run.stderr);
    // The record's earlier version stays indexed: a damaged copy loses nothing.
    assert!(
        run.stderr.contains("kept the 1 document it gave before"),
        "{}",
        run.stderr
    );
    let found = env.search(&["patrol", "--limit", "1"]).json();
    assert_eq!(found["total"], 200, "{found}");
    // In a text file, the byte is replaced and the text kept.
    env.write(
        "note.txt",
        "Coast guard note\n\n2025-01-02\n\nThe coast guard pa\0trolled the shoal.\n",
    );
    let run = env.index_corpus(&[]);
    assert!(run.stderr.contains("1 NUL byte replaced"), "{}", run.stderr);
    assert_eq!(env.search(&["shoal"]).ids(), ["note.txt"]);
}

/// Mistakes that used to give an empty index or junk documents without a word: the folder to
/// index is the index's own, or is another index (`--index` forgotten).
#[test]
fn an_index_folder_is_no_corpus() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Navy drill\n\n2025-01-02\n\nThe navy held a drill.\n",
    );
    let corpus = env.corpus();
    let corpus = corpus.to_str().unwrap();
    let run = env.run(&["index", corpus, "--index", corpus]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("both the folder to index and the index's folder"),
        "{}",
        run.stderr
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    // `milpress index corpus index`, the index named as a second folder to index.
    let index = env.index();
    let elsewhere = env.corpus().with_file_name("elsewhere");
    let run = env.run(&[
        "index",
        corpus,
        index.to_str().unwrap(),
        "--index",
        elsewhere.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("is a milpress index, not a folder of documents"),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.search(&["drill"]).ids(),
        ["a.txt"],
        "the index is as it was"
    );
}

/// Options typed wrong are said so, never answered silently; a page far past the end is empty.
#[test]
fn option_slips_are_named_and_huge_pages_are_empty() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Navy drill\n\n2025-01-02\n\nThe navy held a drill in 2024.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let dashed = env.run(&["search", "drill", "-year", "2024"]);
    assert!(
        dashed.stderr.contains("`-year` leaves out"),
        "{}",
        dashed.stderr
    );
    let both = env.run(&["search", "drill", "--any", "--near", "3"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
    for page in [["--offset", "99999999999"], ["--limit", "99999999999"]] {
        let run = env.search(&["drill", page[0], page[1]]);
        assert_eq!(run.code, 0, "{page:?}: {}", run.stderr);
        assert_eq!(run.json()["total"], 1, "{page:?}");
    }
}
