//! Record files shaped like real exports: a spreadsheet saved with `;` between fields, and a
//! JSON Lines feed with day-first, month-first and ambiguous dates and a record broken over
//! two lines (read whole, with a warning). What the run says must match what the index holds.

use serde_json::Value;

use crate::util::{project_root, TestEnv};

/// The `records` fixtures, the feed followed by one record broken over two lines (kept out of
/// the fixture so that indexing the whole fixtures folder stays free of warnings).
fn env() -> TestEnv {
    let env = TestEnv::new();
    let fixtures = project_root().join("tests/fixtures/records");
    for name in ["headlines-semicolon.csv", "defence-feed.jsonl"] {
        let mut bytes = std::fs::read(fixtures.join(name)).expect("fixture");
        if name.ends_with(".jsonl") {
            bytes.extend_from_slice(
                b"{\"id\":\"rf-5\",\"headline\":\"Broken over two lines\",\n\"content\":\"x\"}\n",
            );
        }
        env.write(&format!("records/{name}"), bytes);
    }
    env.write(
        "records/comma.csv",
        "\u{feff}title,date,text\n\"Frigate visits Qingdao, then Busan\",18.05.2026,The visit lasted three days.\n",
    );
    env
}

/// The date `show` gives for `id` (null when undated).
fn date_of(env: &TestEnv, id: &str) -> Value {
    let run = env.run(&["show", id, "--format", "json"]);
    assert_eq!(run.code, 0, "{id}: {}", run.stderr);
    run.json()["date"].clone()
}

#[test]
fn semicolon_csv_and_feed_dates_are_read_and_reported_truthfully() {
    let env = env();
    let run = env.index_corpus(&[]);
    let err = &run.stderr;
    assert_eq!(run.code, 0, "nothing is skipped: {err}");

    // The semicolon export: every row indexed, the ambiguous date a warning on its row.
    assert!(
        !err.contains("headlines-semicolon.csv: record"),
        "no row skipped: {err}"
    );
    assert!(
        err.contains(
            "headlines-semicolon.csv: warning: record 5: ambiguous date in `date`: \
             \"03/04/2026\" (ambiguous: 2026-04-03 if the day comes first, 2026-03-04 if the \
             month does); the document keeps its year, 2026, and no day"
        ),
        "{err}"
    );
    let csv = "records/headlines-semicolon.csv";
    assert_eq!(date_of(&env, &format!("{csv}#2")), "2026-05-14");
    assert_eq!(date_of(&env, &format!("{csv}#3")), "2026-05-15");
    assert_eq!(date_of(&env, &format!("{csv}#4")), "2026-05-16");
    assert_eq!(date_of(&env, &format!("{csv}#5")), Value::Null);
    assert_eq!(
        env.search(&["cutter"]).ids(),
        [format!("{csv}#2")],
        "a quoted `;` stays inside its field"
    );
    assert_eq!(date_of(&env, "records/comma.csv#2"), "2026-05-18");

    // The feed: the broken record read whole and said so, the unread date only a warning.
    let feed = "records/defence-feed.jsonl";
    assert!(
        err.contains(&format!(
            "{feed}: warning: record 5: one record over lines 5-6 (a line break inside it): \
             read whole"
        )),
        "{err}"
    );
    assert!(!err.contains("skipped"), "{err}");
    assert_eq!(
        env.search(&["\"Broken over two lines\""]).ids(),
        [format!("{feed}#rf-5")]
    );
    assert!(
        err.contains(&format!(
            "{feed}: warning: record 3: ambiguous date in `published_at`: \"04/07/2026\" \
             (ambiguous: 2026-07-04 if the day comes first, 2026-04-07 if the month does); the \
             document keeps its year, 2026, and no day"
        )),
        "{err}"
    );
    assert!(
        !err.lines()
            .any(|line| line.contains("skipped") && line.contains("bad date")),
        "{err}"
    );
    assert_eq!(date_of(&env, &format!("{feed}#rf-1")), "2026-05-11");
    assert_eq!(date_of(&env, &format!("{feed}#rf-2")), "2026-05-17");
    assert_eq!(date_of(&env, &format!("{feed}#rf-3")), Value::Null);
    assert_eq!(
        env.run(&["show", &format!("{feed}#rf-3"), "--format", "json"])
            .json()["year"],
        2026,
        "either reading is of 2026"
    );
    assert_eq!(date_of(&env, &format!("{feed}#rf-4")), "2026-05-17");

    assert!(
        err.contains("3 files seen (3 read, 0 unchanged), 0 with errors"),
        "{err}"
    );
    assert!(err.contains("documents: 10 added"), "{err}");
}

/// Files of the shapes that went wrong on unseen material, in fixtures of our own: a list of
/// dated headlines with an ideographic space after each date, a TSV whose date column is
/// `pub_date`, a CSV with an unclosed quote, and a Korean-style `2025. 11. 20.` release date.
#[test]
fn dated_lists_date_columns_unclosed_quotes_and_dotted_dates() {
    let env = TestEnv::new();
    env.write(
        "lists/dated.txt",
        "2025-11-03\u{3000}海军某驱逐舰支队开展远海训练\n\
         2025-11-05\u{3000}国防部介绍近期军事外交活动\n\
         2025-11-07  Coast guard vessels patrol near the shoal\n",
    );
    env.write(
        "cms/export.tsv",
        "doc_id\tpub_date\theadline\tcontent\n\
         x-1\t2025/11/03 08:00\t演习开始\t东部战区组织演习。\n\
         x-2\t2025/11/04 18:30\tDrills continue\tLive fire followed.\n",
    );
    env.write(
        "bad/quotes.csv",
        "title,date,body\nFirst row,2025-11-01,Fine\n\"Second row,2025-11-02,Never closed\n\
         Third row,2025-11-03,Swallowed\n",
    );
    env.write(
        "bad/first-row.csv",
        "title,date,body\n\"Only row,2025-11-01,Never closed\nNext row,2025-11-02,Swallowed\n",
    );
    env.write(
        "rok/jcs.txt",
        "Press Release\nJoint Chiefs of Staff\n2025. 11. 20.\n\n\
         Naval units complete combined drill in the West Sea\n\n\
         The drill ended on schedule, the Joint Chiefs of Staff said.\n",
    );
    let run = env.index_corpus(&[]);
    let err = &run.stderr;
    assert_eq!(run.code, 2, "the bad CSV is an error: {err}");
    assert!(
        err.contains(
            "bad/quotes.csv: record 3 skipped (unclosed quote: the quote that opens a field on \
             line 3 is never closed; that row is left out, and the lines after it are read as \
             rows); 2 of 3 records indexed"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "bad/first-row.csv: record 2 skipped (unclosed quote: the quote that opens a field \
             on line 2 is never closed; that row is left out, and the lines after it are read \
             as rows); 1 of 2 records indexed"
        ),
        "{err}"
    );
    // The rows after a stray quote are kept, under their own lines.
    let third = env.run(&["show", "bad/quotes.csv#4", "--format", "json"]);
    assert_eq!(third.code, 0, "{}", third.stderr);
    assert_eq!(third.json()["title"], "Third row");
    assert!(!err.contains("export.tsv"), "no warning for the TSV: {err}");

    for (id, date) in [
        ("lists/dated.txt#1", "2025-11-03"),
        ("lists/dated.txt#2", "2025-11-05"),
        ("lists/dated.txt#3", "2025-11-07"),
        ("cms/export.tsv#x-1", "2025-11-03"),
        ("cms/export.tsv#x-2", "2025-11-04"),
        ("bad/quotes.csv#2", "2025-11-01"),
        ("rok/jcs.txt", "2025-11-20"),
    ] {
        assert_eq!(date_of(&env, id), date, "{id}");
    }
    let run = env.run(&["show", "lists/dated.txt#2", "--format", "json"]);
    assert_eq!(run.json()["title"], "国防部介绍近期军事外交活动");
    assert_eq!(run.json()["kind"], "headline");
}

/// A record that repeats another in the same feed is named by its own id, so it can be found.
#[test]
fn a_duplicate_record_is_named_by_its_id() {
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        "{\"id\": \"r1\", \"title\": \"Navy drill ends\", \"body\": \"The drill ended.\"}\n\
         {\"id\": \"r2\", \"title\": \"Coast guard patrol\", \"body\": \"Ships sailed.\"}\n\
         {\"id\": \"r1-copy\", \"title\": \"Navy drill ends\", \"body\": \"The drill ended.\"}\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("feed.jsonl: record r1-copy: duplicate of feed.jsonl#r1 (indexed once)"),
        "{}",
        run.stderr
    );
}

/// RSS and Atom feeds: one document per item, found in both languages with their dates,
/// outlets and links; a feed cut short keeps the items before the fault, and an XML file that
/// is no feed is named, without stopping the run.
#[test]
fn feeds_give_one_document_per_item() {
    let env = TestEnv::new();
    let fixtures = project_root().join("tests/fixtures/records");
    for name in ["mnd-news.rss", "jfjb-feed.atom"] {
        env.write(
            &format!("feeds/{name}"),
            std::fs::read(fixtures.join(name)).expect("fixture"),
        );
    }
    env.write(
        "feeds/cut.xml",
        "<rss><channel>\n<item><title>Coast guard patrol near Huangyan Dao</title></item>\n\
         <item><title>Half an item",
    );
    env.write(
        "feeds/sitemap.xml",
        "<?xml version=\"1.0\"?>\n<urlset><url><loc>http://eng.mod.gov.cn/</loc></url></urlset>\n",
    );
    let run = env.index_corpus(&[]);
    let err = &run.stderr;
    assert!(
        err.contains(
            "feeds/cut.xml: record 2 skipped (the feed ends inside <title> (opened on line 3), \
             cut short); 1 of 2 records indexed"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "feeds/sitemap.xml: note: not an RSS or Atom feed (its root element is <urlset>): \
             nothing to index"
        ),
        "{err}"
    );

    let found = env.search(&["Fujian far-seas training"]).json();
    let hit = &found["hits"][0];
    assert_eq!(hit["id"], "feeds/mnd-news.rss#1", "{found}");
    assert_eq!(hit["date"], "2026-05-28");
    assert_eq!(hit["source"], "Ministry of National Defense");
    assert_eq!(hit["lang"], "en");
    assert_eq!(
        hit["url"],
        "http://eng.mod.gov.cn/xb/News_213114/TopStories/16425001.html"
    );
    assert_eq!(hit["speakers"], serde_json::json!(["Zhang Xiaogang"]));
    assert_eq!(hit["tags"], serde_json::json!(["Press Conference"]));

    let found = env.search(&["联合巡航"]).json();
    let hit = &found["hits"][0];
    assert_eq!(
        hit["id"], "feeds/jfjb-feed.atom#tag:81.cn,2026-05-27:10001",
        "{found}"
    );
    assert_eq!(hit["date"], "2026-05-27");
    assert_eq!(hit["source"], "PLA Daily");
    assert_eq!(hit["lang"], "zh");

    assert_eq!(env.search(&["Huangyan Dao"]).ids(), ["feeds/cut.xml#1"]);
    assert!(env.search(&["\"Half an item\""]).ids().is_empty());
    assert_eq!(
        date_of(&env, "feeds/mnd-news.rss#2"),
        "2026-05-18",
        "the second item of the feed"
    );
}
