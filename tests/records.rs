//! Record files shaped like real exports: a spreadsheet saved with `;` between fields, and a
//! JSON Lines feed with day-first, month-first and ambiguous dates and a record broken over
//! two lines. What the run says must match what the index holds.

use serde_json::Value;

use crate::util::{project_root, TestEnv};

/// The `records` fixtures, the feed followed by one record broken over two lines (kept out of
/// the fixture so that indexing the whole fixtures folder stays free of errors).
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
    assert_eq!(run.code, 2, "two lines of the feed are skipped: {err}");

    // The semicolon export: every row indexed, the ambiguous date a warning on its row.
    assert!(
        !err.contains("headlines-semicolon.csv: record"),
        "no row skipped: {err}"
    );
    assert!(
        err.contains(
            "headlines-semicolon.csv: warning: record 5: bad date in `date` ignored: \
             \"03/04/2026\" (ambiguous: 2026-04-03 if the day comes first, 2026-03-04 if the \
             month does)"
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

    // The feed: the skipped lines and the count are true, the unread date only a warning.
    let feed = "records/defence-feed.jsonl";
    assert!(
        err.contains(&format!("{feed}: record 5 skipped (not valid JSON")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{feed}: record 6 skipped (not valid JSON"))
            && err.contains("; 4 of 6 records indexed"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{feed}: warning: record 3: bad date in `published_at` ignored: \"04/07/2026\" \
             (ambiguous: 2026-07-04 if the day comes first, 2026-04-07 if the month does)"
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
    assert_eq!(date_of(&env, &format!("{feed}#rf-4")), "2026-05-17");

    assert!(
        err.contains("3 files seen (3 read, 0 unchanged), 1 with errors"),
        "{err}"
    );
    assert!(err.contains("documents: 9 added"), "{err}");
}
