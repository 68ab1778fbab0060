//! Briefings split into answers through the real binary (`show`, `said`, `--speaker`): turns
//! labelled by people the roster does not know, answers labelled only `A:` with the
//! spokesperson named in the title, and lines with a colon that are not turns.

use serde_json::Value;

use crate::util::{project_root, TestEnv};

/// A corpus of the briefing fixtures, indexed.
fn env() -> TestEnv {
    let env = TestEnv::new();
    let dir = project_root().join("tests/fixtures/briefings");
    for name in ["pentagon.txt", "mfa-qa.html", "captions.txt"] {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        env.write(name, bytes);
    }
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

/// `said --format json --limit 1000 ARGS`: (id, speaker, question) of each answer, in briefing order.
fn said(env: &TestEnv, args: &[&str]) -> Vec<(String, String, String)> {
    let mut all = vec!["said", "--format", "json", "--limit", "1000"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let json = run.json();
    let mut answers: Vec<(String, String, String)> = json["answers"]
        .as_array()
        .expect("answers is an array")
        .iter()
        .map(|a| {
            let text = |key: &str| a[key].as_str().unwrap_or("").to_string();
            (text("id"), text("speaker"), text("question"))
        })
        .collect();
    answers.sort_by_key(|(id, _, _)| {
        let (parent, n) = id.rsplit_once("/a").expect("an answer id");
        (parent.to_string(), n.parse::<u32>().expect("a position"))
    });
    answers
}

fn speakers_of(env: &TestEnv, id: &str) -> Value {
    let run = env.run(&["show", id, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()["speakers"].clone()
}

#[test]
fn labels_outside_the_roster_make_answers_and_speakers() {
    let env = env();
    assert_eq!(
        speakers_of(&env, "pentagon.txt"),
        serde_json::json!(["Wilson", "Steve Feinberg", "Samuel Paparo"])
    );
    let answers = said(&env, &[]);
    let who: Vec<(&str, &str)> = answers
        .iter()
        .filter(|(id, _, _)| id.starts_with("pentagon.txt/"))
        .map(|(_, speaker, question)| (speaker.as_str(), question.as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("Wilson", ""),
            ("Steve Feinberg", ""),
            ("Samuel Paparo", ""),
            (
                "Samuel Paparo",
                "Sir, will the vessels sail through the Taiwan Strait?"
            ),
            (
                "Steve Feinberg",
                "Has the department told Congress what the squadron costs?"
            ),
            ("Wilson", ""),
        ],
        "{answers:#?}"
    );
    // A family name finds the person the transcript names in full.
    let paparo = said(&env, &["--speaker", "Paparo"]);
    assert_eq!(paparo.len(), 2, "{paparo:#?}");
    assert!(paparo.iter().all(|(_, s, _)| s == "Samuel Paparo"));
    let strait = said(&env, &["--speaker", "samuel paparo", "strait"]);
    assert_eq!(strait.len(), 1, "{strait:#?}");
}

#[test]
fn unnamed_answers_are_the_titled_spokesperson_and_the_announcement_opens() {
    let env = env();
    // The foreign minister is quoted in an answer (`As Foreign Minister Wang Yi said last
    // week`): he spoke another day, so he is not a speaker of this briefing, nor of its answers.
    assert_eq!(
        speakers_of(&env, "mfa-qa.html"),
        serde_json::json!(["Guo Jiakun"])
    );
    let answers = said(&env, &["--speaker", "Guo Jiakun"]);
    let questions: Vec<&str> = answers.iter().map(|(_, _, q)| q.as_str()).collect();
    assert_eq!(
        questions,
        [
            "",
            "A U.S. official said unmanned vessels will sail near the Taiwan Strait this \
             summer. What is China's response?",
            "Will China send observers to the Pacific exercises?",
        ],
        "{answers:#?}"
    );
    let opening = env.run(&["show", "mfa-qa.html/a1", "--format", "json"]);
    assert_eq!(opening.code, 0, "{}", opening.stderr);
    let body = opening.json()["body"].as_str().unwrap_or("").to_string();
    assert!(
        body.starts_with("At the invitation of the Government of Singapore"),
        "{body}"
    );
}

#[test]
fn lines_with_a_colon_that_are_not_turns_stay_inside_answers() {
    let env = env();
    assert_eq!(
        speakers_of(&env, "captions.txt"),
        serde_json::json!(["Jiang Bin"])
    );
    let answers: Vec<_> = said(&env, &["--speaker", "Jiang Bin"])
        .into_iter()
        .filter(|(id, _, _)| id.starts_with("captions.txt/"))
        .collect();
    assert_eq!(answers.len(), 2, "{answers:#?}");
    let first = env.run(&["show", "captions.txt/a1", "--format", "json"]);
    let body = first.json()["body"].as_str().unwrap_or("").to_string();
    assert!(body.contains("The key point is this: it targets no third party."));
    assert!(body.contains("10:30 The conference resumed"), "{body}");
}

#[test]
fn an_answer_found_by_its_question_shows_its_own_words() {
    let env = env();
    let run = env.run(&["search", "--format", "json", "unmanned vessels"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hit = &run.json()["hits"][0];
    assert!(
        hit["answer"]["question"]
            .as_str()
            .is_some_and(|q| q.contains("unmanned vessels")),
        "{hit}"
    );
    // The question is printed apart; the snippet under the speaker's name is the answer.
    let snippet = hit["snippet"].as_str().unwrap_or("");
    assert!(snippet.starts_with("China firmly opposes"), "{hit}");
}

#[test]
fn said_all_lists_every_answer() {
    let env = env();
    let every = said(&env, &[]).len();
    let run = env.run(&["said", "--format", "json", "--all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed = run.json()["answers"].as_array().map_or(0, Vec::len);
    assert!(every > 1, "{every}");
    assert_eq!(listed, every);
    let run = env.run(&["said", "--format", "json", "-n", "1"]);
    assert_eq!(run.json()["answers"].as_array().map_or(0, Vec::len), 1);
    // --all and --limit together are a mistake, not a guess.
    assert_eq!(env.run(&["said", "--all", "-n", "3"]).code, 2);
    // Pages follow the order of --all: the answers of one day in the order they were given,
    // never a scattering of them.
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["said", "--format", "json"];
        all.extend_from_slice(args);
        let run = env.run(&all);
        run.json()["answers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["id"].as_str().map(String::from))
            .collect()
    };
    let whole = ids(&["--all"]);
    let mut paged = ids(&["-n", "2"]);
    paged.extend(ids(&["-n", "2", "--offset", "2"]));
    paged.extend(ids(&["-n", "100", "--offset", "4"]));
    assert_eq!(paged, whole);
}

/// A feed whose bodies are a scraped page's HTML: the body is indexed as text, and its
/// `<strong>记者：</strong>` / `<strong>蒋斌：</strong>` paragraphs are turns with answers.
#[test]
fn html_bodies_of_a_feed_are_text_and_their_turns_answers() {
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        concat!(
            r#"{"id": "f1", "title": "国防部例行记者会答问&#12288;", "date": "2026-02-26", "body": "<p>2月26日下午，国防部举行例行记者会，国防部新闻发言人蒋斌答记者问。</p><p><strong>记者：</strong>近期海上联合搜救演练备受关注，请问有何介绍？</p><p><strong>蒋斌：</strong>演练旨在提升搜救协作能力，不针对任何第三方。</p><p><strong>记者：</strong>香山论坛筹备进展如何？</p><p><strong>蒋斌：</strong>香山论坛筹备工作正在有序推进&mdash;&mdash;欢迎各方参加。</p><script>track('f1');</script>"}"#,
            "\n",
        ),
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let show = env.run(&["show", "feed.jsonl#f1", "--format", "json"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    let doc = show.json();
    assert_eq!(doc["title"], "国防部例行记者会答问");
    let body = doc["body"].as_str().expect("a body");
    assert!(
        body.contains("\n\n记者：香山论坛筹备进展如何？\n\n蒋斌："),
        "{body}"
    );
    for markup in ["<", "&mdash;", "track("] {
        assert!(!body.contains(markup), "{markup} in {body}");
    }

    let answers = said(&env, &["--speaker", "蒋斌", "香山论坛"]);
    let got: Vec<(&str, &str)> = answers
        .iter()
        .map(|(id, _, question)| (id.as_str(), question.as_str()))
        .collect();
    assert_eq!(got, [("feed.jsonl#f1/a2", "香山论坛筹备进展如何？")]);
    assert_eq!(said(&env, &["--speaker", "Jiang Bin"]).len(), 2);
}

/// A moderator's line nobody asked for (`MR. PARNELL: Last question.`) is no answer, and the
/// answers after it keep consecutive numbers.
#[test]
fn a_moderators_line_is_no_answer() {
    let env = TestEnv::new();
    env.write(
        "dod.txt",
        "Secretary Holds a Press Conference\n\nDecember 31, 2025\n\n\
         Q: Do you see the drills as a rehearsal for a blockade?\n\n\
         SECRETARY HEGSETH: I'm not going to characterize their intent. Our forces are ready.\n\n\
         MR. PARNELL: Last question.\n\n\
         Q: Will you meet your Chinese counterpart again?\n\n\
         SECRETARY HEGSETH: We had a good conversation in Kuala Lumpur, and channels stay open.\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = env.run(&["said", "--format", "json"]);
    assert_eq!(said.code, 0, "{}", said.stderr);
    let said = said.json();
    let mut ids: Vec<&str> = said["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["dod.txt/a1", "dod.txt/a2"], "{said}");
    assert!(!said.to_string().contains("Last question"), "{said}");
}

/// A minister speaking through an interpreter is credited with the interpreter's words, under
/// one name however the labels shorten it; a short announcement in Chinese opening a briefing
/// is the spokesperson's answer, not a moderator's line.
#[test]
fn interpreted_and_short_chinese_statements_are_answers() {
    let env = TestEnv::new();
    env.write(
        "joint.txt",
        "Secretary Hegseth and Minister Gen Nakatani Hold a Joint Press Conference\n\n\
         March 30, 2025\n\n\
         MODERATOR: Minister Nakatani will make opening remarks.\n\n\
         MINISTER GEN NAKATANI: (Speaks in Japanese.)\n\n\
         INTERPRETER: This month Japan established the Joint Operations Command.\n\n\
         Q: Minister, did you discuss missiles?\n\n\
         MINISTER NAKATANI: (Through interpreter.) Yes. We agreed on co-production.\n",
    );
    env.write(
        "mfa.txt",
        "2024年8月19日外交部发言人毛宁主持例行记者会\n\n\
         毛宁：应国务院总理李强邀请，越南国家主席苏林于8月18日至20日对中国进行国事访问。\n\n\
         法新社记者：中方对此次访问有何期待？\n\n\
         毛宁：相信此访将推动两国关系发展。\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let answers = said(&env, &[]);
    let who: Vec<(&str, &str)> = answers
        .iter()
        .map(|(id, speaker, _)| (id.as_str(), speaker.as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("joint.txt/a1", "Gen Nakatani"),
            ("joint.txt/a2", "Gen Nakatani"),
            ("mfa.txt/a1", "Mao Ning"),
            ("mfa.txt/a2", "Mao Ning"),
        ]
    );
    let found = said(&env, &["\"Joint Operations Command\""]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(said(&env, &["国事访问"]).len(), 1);
}

/// `said` finds an answer by its question too (a question names what an answer often leaves
/// unsaid); `--answer-only` and `body:` count only the answers whose own words hold the query,
/// in either language.
#[test]
fn answer_only_leaves_out_answers_that_match_by_their_question() {
    let env = TestEnv::new();
    env.write(
        "mnd.txt",
        "国防部例行记者会\n\n\
         问：有报道称美国批准对台湾地区军售，请问有何评论？\n\
         张晓刚：中方坚决反对美方售台武器。\n\n\
         问：台湾问题之外，中坦莫联合演习进展如何？\n\
         张晓刚：和平团结-2024联合演习进展顺利。\n\n\
         问：菲律宾近期在南海的举动有何回应？\n\
         张晓刚：台湾是中国的一部分，南海问题另当别论。\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let total = |args: &[&str]| {
        let mut all = vec!["said", "--format", "json", "--all"];
        all.extend_from_slice(args);
        env.run(&all).json()["total"].as_u64().unwrap_or(0)
    };
    assert_eq!(total(&["台湾"]), 3);
    assert_eq!(total(&["台湾", "--answer-only"]), 1);
    assert_eq!(total(&["Taiwan", "--answer-only"]), 1, "translated too");
    assert_eq!(total(&["body:Taiwan"]), 1);
    assert_eq!(
        total(&["title:台湾"]),
        2,
        "the question is the answer's title"
    );
    // A word only a question holds: found, then not.
    assert_eq!(env.run(&["said", "评论", "--exact"]).code, 0);
    assert_eq!(
        env.run(&["said", "评论", "--exact", "--answer-only"]).code,
        1
    );
}
