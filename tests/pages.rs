//! Real saved page shapes through the binary: a bilingual aggregator page found in both
//! languages and by its Chinese headline, one outlet under both of its names, editor's tags.

use crate::util::{project_root, TestEnv};

/// A corpus of the project's HTML fixtures plus a JSON record naming its outlet in Chinese.
fn env() -> TestEnv {
    let env = TestEnv::new();
    let html = project_root().join("tests/fixtures/html");
    for name in [
        "aggregator-bilingual.html",
        "army-release.html",
        "chinamil-republish-gbk.html",
        "mnd-briefing.html",
    ] {
        let bytes = std::fs::read(html.join(name)).expect("fixture");
        env.write(&format!("pages/{name}"), bytes);
    }
    env.write(
        "feed/items.jsonl",
        r#"{"title": "某部组织高原驻训", "text": "某部近日组织高原驻训，开展多课目训练。", "source": "解放军报", "tags": ["演习"], "date": "2026-07-01"}
"#,
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

fn ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let run = env.search(args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let mut ids = run.ids();
    ids.sort();
    ids
}

const AGGREGATOR: &str = "pages/aggregator-bilingual.html";

#[test]
fn bilingual_page_is_found_in_both_languages_and_by_its_chinese_headline() {
    let env = env();
    assert!(ids(&env, &["--lang", "zh", "训练"]).contains(&AGGREGATOR.to_string()));
    assert!(ids(&env, &["--lang", "en", "brigade"]).contains(&AGGREGATOR.to_string()));
    assert_eq!(ids(&env, &["\"夜间实弹射击\""]), [AGGREGATOR]);
    let run = env.search(&["brigade"]);
    let hit = &run.json()["hits"][0];
    assert_eq!(hit["id"], AGGREGATOR);
    assert_eq!(hit["lang"], "zh");
    assert_eq!(hit["langs"], serde_json::json!(["zh", "en"]));
    assert_eq!(hit["source"], "PLA Daily");
    assert_eq!(hit["via"], "Defense Digest");
    assert_eq!(
        hit["url"],
        "http://www.81.cn/jfjbmap/content/2026-08/14/content_0814.htm"
    );
    // The snippet comes from the text in the query's language, without boilerplate.
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(snippet.contains("brigade"), "{snippet}");
    assert!(
        !snippet.contains("Daily Brief") && !snippet.contains("Summary"),
        "{snippet}"
    );
}

#[test]
fn one_outlet_under_both_names() {
    let env = env();
    let english = ids(
        &env,
        &["--source", "PLA Daily", "--any", "训练 海警 brigade 高原"],
    );
    let chinese = ids(
        &env,
        &["--source", "解放军报", "--any", "训练 海警 brigade 高原"],
    );
    assert_eq!(english, chinese);
    assert_eq!(
        english,
        [
            "feed/items.jsonl#1",
            "pages/aggregator-bilingual.html",
            "pages/chinamil-republish-gbk.html"
        ]
    );
    let run = env.search(&["--any", "训练 海警 brigade 高原"]);
    let sources = &run.json()["facets"];
    assert!(
        !sources.to_string().contains("解放军报"),
        "one value per outlet: {sources}"
    );
}

#[test]
fn editor_tags_are_searchable_and_make_themes() {
    let env = env();
    assert_eq!(ids(&env, &["tag:arctic"]), ["pages/army-release.html"]);
    assert_eq!(ids(&env, &["tag:\"South China Sea\""]), [AGGREGATOR]);
    let run = env.search(&["tag:arctic"]);
    let hit = &run.json()["hits"][0];
    assert_eq!(
        hit["tags"],
        serde_json::json!(["Arctic", "Exercises", "Training"])
    );
    assert_eq!(hit["themes"], serde_json::json!(["exercises"]));
    // A JSON record's Chinese tag maps onto the same theme.
    assert_eq!(
        ids(&env, &["--exact", "theme:exercises", "高原驻训"]),
        ["feed/items.jsonl#1"]
    );
    let text = env.run(&["search", "tag:arctic"]);
    assert!(
        text.stdout.contains("tags: Arctic, Exercises, Training"),
        "{}",
        text.stdout
    );
}

/// An index of the one HTML fixture `name`, saved as `pages/<name>` (returned beside it).
fn one_page(name: &str) -> (TestEnv, String) {
    let env = TestEnv::new();
    let page = format!("pages/{name}");
    let bytes = std::fs::read(project_root().join("tests/fixtures/html").join(name));
    env.write(&page, bytes.expect("fixture"));
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (env, page)
}

/// A ministry's English page that prints a briefing in Chinese and then again in English: one
/// briefing in two languages, whose answers count once each and carry both.
#[test]
fn a_page_giving_its_text_in_both_languages_answers_once() {
    let (env, page) = one_page("mnd-english-both.html");
    assert_eq!(
        ids(&env, &["--lang", "zh", "香格里拉对话会"]),
        [page.as_str()]
    );
    assert_eq!(
        ids(&env, &["--lang", "en", "Shangri-La Dialogue"]),
        [page.as_str()]
    );
    let run = env.run(&["said", "--speaker", "Jiang Bin", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = run.json();
    let answers = said["answers"].as_array().expect("answers");
    assert_eq!(answers.len(), 2, "{said}");
    let found = env
        .search(&["--kind", "answer", "joint strategic air patrol"])
        .json();
    let hit = &found["hits"][0];
    assert_eq!(hit["id"], format!("{page}/a1"), "{found}");
    assert_eq!(hit["langs"], serde_json::json!(["zh", "en"]));
    assert_eq!(hit["speakers"], serde_json::json!(["Jiang Bin"]));
}

/// An e-paper page of the PLA Daily (several articles under their headings, no headline of
/// its own, the issue's day in its header): one document per article, each with its title,
/// the issue's date and the paper as source.
#[test]
fn an_e_paper_page_is_one_document_per_article() {
    let (env, page) = one_page("pla-daily-epaper.html");
    let found = env.search(&["高原跳伞"]).json();
    let hits = found["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1, "{found}");
    let hit = &hits[0];
    assert_eq!(hit["id"], format!("{page}#2"));
    assert_eq!(hit["title"], "空降兵某旅开展高原跳伞训练");
    assert_eq!(hit["date"], "2026-05-26");
    assert_eq!(hit["source"], "PLA Daily");
    let all = ids(&env, &["--source", "PLA Daily", "*"]);
    assert_eq!(
        all,
        [
            format!("{page}#1"),
            format!("{page}#2"),
            format!("{page}#3")
        ]
    );
    // The page's menus and its copyright line are in no article.
    assert!(ids(&env, &["版权所有"]).is_empty());
    assert!(ids(&env, &["要闻"]).is_empty());
}

/// An English paper's page saved whole (`<title>China Daily - Page 3</title>`, two `<article>`s
/// under `<h2>`s): two documents, each under its own headline, never one titled `Page 3`.
#[test]
fn a_papers_numbered_page_is_its_articles() {
    let env = TestEnv::new();
    env.write(
        "pages/page3.html",
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>China Daily - Page 3</title></head><body><div class=\"nav\"><a href=\"/\">Home</a></div>\
         <article><h2>Destroyer flotilla returns from far-seas training</h2><p>2025-04-02</p>\
         <p>A destroyer flotilla of the Northern Theater Command returned to port after three weeks of far-seas training.</p></article>\
         <article><h2>Border troops hold winter patrol drill</h2><p>2025-04-02</p>\
         <p>Border troops in Xinjiang held a patrol drill in deep snow to test cold-weather equipment.</p></article>\
         </body></html>",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = env.search(&["*"]).json();
    let mut titles: Vec<&str> = found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "Border troops hold winter patrol drill",
            "Destroyer flotilla returns from far-seas training"
        ],
        "{found}"
    );
    assert_eq!(found["hits"][0]["source"], "China Daily");
}

/// A page's date is the one it stamps itself with (a publication label, a timestamp line at
/// the foot of the article, a notice's signed date), not the first date its text tells of:
/// "the drills of August 2022" is what a report recalls, not when it appeared.
#[test]
fn a_pages_own_date_stamp_beats_a_date_its_text_recalls() {
    let env = TestEnv::new();
    let page = |title: &str, body: &str| {
        format!(
            "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title} - 某网</title></head>\
             <body><div class=\"nav\"><a href=\"/\">首页</a></div><h1>{title}</h1>{body}\
             <div class=\"footer\">版权所有 2026</div></body></html>"
        )
    };
    env.write(
        "pages/label.html",
        page(
            "东部战区位台岛周边开展例行演训",
            "<p class=\"lede\">2022年8月4日，东部战区曾在台岛周边组织大规模演习。</p>\
             <div class=\"info\">发布时间：2025-06-12 10:00 来源：某网</div>\
             <p>有关部队将继续加强练兵备战。</p>",
        ),
    );
    env.write(
        "pages/foot.html",
        page(
            "Spokesperson urges Manila to withdraw missile system",
            "<p>The drills of August 4, 2022 were cited again. Officials urged dialogue at sea.</p>\
             <div class=\"time\">Editor: Liu Bo  2025-01-07 18:20</div>",
        ),
    );
    env.write(
        "notices/bayi.txt",
        "关于庆祝建军节的通知\n\n1927年8月1日，南昌起义打响了武装反抗的第一枪。各单位要组织好纪念活动。\n\n中央军委政治工作部\n二〇二三年七月三十一日\n",
    );
    env.write(
        "notices/open-day.txt",
        "军营开放日活动预告\n\n部队将于2026年10月1日举行军营开放日活动，欢迎市民参观。\n\n（某网 2025年9月20日）\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = env.search(&["*", "--all"]).json();
    let dates: std::collections::BTreeMap<String, String> = found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            (
                h["id"].as_str().unwrap_or("").to_string(),
                h["date"].to_string(),
            )
        })
        .collect();
    let want = [
        ("notices/bayi.txt", "\"2023-07-31\""),
        ("notices/open-day.txt", "\"2025-09-20\""),
        ("pages/foot.html", "\"2025-01-07\""),
        ("pages/label.html", "\"2025-06-12\""),
    ];
    let want: std::collections::BTreeMap<String, String> = want
        .iter()
        .map(|(id, date)| (id.to_string(), date.to_string()))
        .collect();
    assert_eq!(dates, want);
    // Nothing is counted in the year a text recalls.
    assert_eq!(env.search(&["*", "--year", "2022"]).code, 1);
}
