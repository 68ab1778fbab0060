//! Issue 11 through the real binary: the query language, errors instead of silent answers,
//! acronyms, suggestions, output that fits 80 columns in both languages, and exports counted
//! against the total.

use unicode_width::UnicodeWidthStr;

use crate::util::{run_in, TestEnv};

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "a.md",
        "---\ntitle: Taiwan independence forces warned in a statement on the Taiwan Strait \
         situation and the exercises held this week\ndate: 2024-05-01\n---\nThe spokesperson said \
         Taiwan independence means war, and that the exercises near Taiwan were a stern warning \
         to separatist forces and to outside powers that interfere in the affairs of the island.\n",
    );
    env.write(
        "b.md",
        "---\ntitle: Navy drill near Taiwan\ndate: 2024-06-01\n---\nThe navy held a drill. \
         Patrols found two IEDs in Helmand, and an IED was cleared by the Philippines team.\n",
    );
    env.write(
        "c.md",
        "---\ntitle: 国防部新闻发言人就台湾问题答记者问\ndate: 2024-07-01\n---\n国防部新闻发言人表示，\
         台湾是中国的一部分，解放军在台湾岛周边组织联合演训，是对台独分裂势力的严重警告，\
         也是捍卫国家主权和领土完整的正当必要之举，任何外部势力都不能干涉中国内政。\n",
    );
    env.write(
        "d.txt",
        "Undated note about the Taiwan question and a UAV.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    env
}

#[test]
fn odd_inputs_answer_with_the_right_exit_code_and_a_reason() {
    let env = env();
    let cases: &[(&[&str], i32, &str)] = &[
        (&["!!! ??? ,,,"], 2, "nothing to search"),
        (&["--theme", "taiwann", "x"], 2, "themes: "),
        (&["--kind", "story", "x"], 2, "kinds: release, headline"),
        (&["--lang", "fr", "x"], 2, "languages: en, zh, mixed"),
        (
            &["--from", "2026-08-01", "--to", "2026-06-01", "x"],
            2,
            "runs backwards",
        ),
        (&["Taiwan", "NOT"], 2, "NOT at the end"),
        (&["(Taiwan"], 2, "unbalanced parenthesis"),
        (&[""], 0, "empty query: listing every document"),
    ];
    for (args, code, message) in cases {
        let run = env.search(args);
        assert_eq!(run.code, *code, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    }
    let long = "x".repeat(5000);
    let run = env.search(&[&long]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("matches nothing"), "{}", run.stderr);
    assert_eq!(run.json()["notices"].as_array().unwrap().len(), 1);
    // Browse mode: every document.
    assert_eq!(env.search(&["*"]).json()["total"], 4);
    // A named index that does not exist is an error, not a build.
    let missing = env.corpus().join("no-index-here");
    let run = run_in(&env.corpus(), &missing, &["search", "Taiwan"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!missing.exists());
}

#[test]
fn not_and_dash_exclude_with_options_on_either_side() {
    let env = env();
    let total = |args: &[&str]| env.search(args).json()["total"].as_u64().unwrap();
    let taiwan = total(&["--exact", "Taiwan"]);
    let both = total(&["--exact", "Taiwan", "independence"]);
    assert!(both > 0 && both < taiwan);
    assert_eq!(
        total(&["--exact", "Taiwan", "NOT", "independence"]),
        taiwan - both
    );
    assert_eq!(
        total(&["--exact", "Taiwan", "-independence"]),
        taiwan - both
    );
    assert_eq!(
        total(&["Taiwan", "-independence", "--exact", "-n", "1"]),
        taiwan - both
    );
    let run = env.search(&["-n", "1", "Taiwan", "-navy"]);
    assert_eq!(run.json()["hits"].as_array().unwrap().len(), 1);
    assert!(env.run(&["help", "query"]).stdout.contains("NOT"));
}

#[test]
fn acronyms_and_their_plurals_are_one_term_never_the_pronoun() {
    let env = env();
    let ids = |q: &str| env.search(&[q]).ids();
    assert_eq!(ids("IEDs"), ["b.md"]);
    assert_eq!(ids("IED"), ["b.md"]);
    assert_eq!(ids("IED*"), ["b.md"]);
    assert_eq!(ids("UAVs"), ["d.txt"]);
}

#[test]
fn suggestions_are_whole_words_and_names() {
    let env = env();
    let run = env.search(&["Philipines"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["did_you_mean"], "Philippines");
    // A name of the roster that no document here holds leads nowhere: not suggested.
    assert!(env.search(&["Jiang", "Bing"]).json()["did_you_mean"].is_null());
    assert_eq!(env.search(&["蒋彬"]).json()["did_you_mean"], "蒋斌");
    env.write(
        "e.txt",
        "Regular press conference\n\n2024-08-01\n\nJiang Bin said the drills were routine.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    assert_eq!(
        env.search(&["Jiang", "Bing"]).json()["did_you_mean"],
        "Jiang Bin"
    );
}

#[test]
fn text_fits_80_columns_in_both_languages() {
    let env = env();
    for query in ["Taiwan", "台湾"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_milpress"))
            .args(["search", query, "--color", "never"])
            .env("MILPRESS_INDEX", env.index())
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.lines().count() > 3, "{text}");
        for line in text.lines() {
            assert!(line.width() <= 80, "{} columns: {line}", line.width());
        }
        assert!(!text.contains('\x1b'));
    }
    let one = env.run(&["search", "Helmand"]);
    assert!(one.stdout.contains("1 match ("), "{}", one.stdout);
}

#[test]
fn exports_carry_every_match_and_say_when_cut() {
    let env = env();
    let json = env.search(&["*"]).json();
    let total = json["total"].as_u64().unwrap() as usize;
    let years: u64 = json["facets"]["year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["count"].as_u64().unwrap())
        .sum();
    assert_eq!(years as usize, total);
    assert!(json["facets"]["year"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["value"].is_null()));

    let csv = env.run(&["search", "*", "--all", "-f", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    assert!(reader.headers().unwrap().iter().any(|h| h == "snippet"));
    assert_eq!(reader.records().count(), total);
    let jsonl = env.run(&["search", "*", "--all", "-f", "jsonl", "--sort", "date"]);
    assert_eq!(jsonl.stdout.lines().count(), total);
    for line in jsonl.stdout.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    // A limit the user gave is not repeated back; the default one cutting an export is said.
    let asked = env.run(&["search", "*", "-n", "2", "-f", "csv"]);
    assert!(!asked.stderr.contains("shown;"), "{}", asked.stderr);
    for i in 0..12 {
        env.write(
            &format!("more/{i}.txt"),
            format!("Patrol report {i} near the strait.\n"),
        );
    }
    assert_eq!(env.index_corpus(&[]).code, 0);
    let total = total + 12;
    let cut = env.run(&["search", "*", "-f", "csv"]);
    assert!(
        cut.stderr
            .contains(&format!("10 of {total} shown; --limit N or --all for more")),
        "{}",
        cut.stderr
    );
}

/// Counts hold every word, in some language: a document that holds the translation of only
/// one word of two is listed apart on a short page, never counted by search, trend or said.
#[test]
fn a_match_holds_every_word_in_some_language() {
    let env = TestEnv::new();
    env.write(
        "zh.txt",
        "国防部例行记者会\n\n2025-12-25\n\n记者：福建舰近日在黄岩岛附近训练？\n\n\
         张晓刚：福建舰开展例行训练，黄岩岛是中国固有领土。\n",
    );
    env.write(
        "both.md",
        "---\ntitle: Carrier near the shoal\ndate: 2025-12-20\n---\nThe carrier Fujian sailed \
         past Huangyan Dao on a routine training voyage.\n",
    );
    env.write(
        "fujian.md",
        "---\ntitle: Carrier commissioned\ndate: 2025-11-07\n---\nThe aircraft carrier Fujian \
         was commissioned at Sanya.\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let found = env.search(&["福建舰 黄岩岛"]).json();
    let mut ids: Vec<&str> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["both.md", "zh.txt"], "{found}");
    assert_eq!(found["total"], 2);
    assert_eq!(found["in_part"]["total"], 1, "{found}");
    assert_eq!(found["in_part"]["hits"][0]["id"], "fujian.md");
    let years: u64 = found["facets"]["year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["count"].as_u64().unwrap())
        .sum();
    assert_eq!(years, 2, "facets count the full matches only");

    let text = env.run(&["search", "福建舰 黄岩岛"]);
    assert!(
        text.stdout
            .contains("2 matches (and 1 holding some of the words)"),
        "{}",
        text.stdout
    );
    let trend = env.run(&["trend", "福建舰 黄岩岛", "--format", "json"]);
    assert_eq!(trend.code, 0, "{}", trend.stderr);
    assert!(
        trend.stdout.contains("\"total\":2") || trend.stdout.contains("\"total\": 2"),
        "{}",
        trend.stdout
    );
    // A page already full of full matches has no room for the others.
    let full = env.search(&["福建舰 黄岩岛", "--limit", "2"]).json();
    assert!(full.get("in_part").is_none(), "{full}");
}

/// The ids of a search's hits (JSON), sorted.
fn sorted_ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let found = env.search(args).json();
    let mut ids: Vec<String> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

/// An English query written as a sentence (`arms sales to Taiwan`) finds the documents in
/// Chinese that `arms sales Taiwan` finds: its function words are not asked of them.
#[test]
fn function_words_do_not_shut_out_the_other_language() {
    let env = TestEnv::new();
    env.write(
        "zh.md",
        "---\ntitle: 国防部回应美对台军售\ndate: 2024-12-26\n---\n\
         国防部新闻发言人表示，美方向台湾地区出售武器，严重违反一个中国原则。\n",
    );
    env.write(
        "en.md",
        "---\ntitle: State Department approves arms sales to Taiwan\ndate: 2024-12-20\n---\n\
         The package includes radar and spare parts.\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = |query: &str| sorted_ids(&env, &[query]);
    assert_eq!(ids("arms sales Taiwan"), ["en.md", "zh.md"]);
    assert_eq!(ids("arms sales to Taiwan"), ["en.md", "zh.md"]);
    // Alone, or beside one other word, a function word is still asked for.
    assert_eq!(ids("to Taiwan"), ["en.md"]);
}

/// One thing typed under both its names (`Fujian 福建舰`) asks for either, never for both in
/// one document; two things (`福建舰 黄岩岛`) still ask for both.
#[test]
fn one_thing_named_in_both_languages_is_one_word_of_the_query() {
    let env = TestEnv::new();
    env.write(
        "headline.md",
        "---\ntitle: China commissions Fujian, its most advanced aircraft carrier\n\
         date: 2025-11-07\n---\nThe navy commissioned the Fujian at Sanya on Wednesday.\n",
    );
    env.write(
        "zh.md",
        "---\ntitle: 福建舰入列\ndate: 2025-11-07\n---\n我国第三艘航空母舰福建舰在海南三亚入列。\n",
    );
    env.write(
        "province.md",
        "---\ntitle: Typhoon reaches Fujian\ndate: 2025-09-01\n---\nA typhoon made landfall \
         on the coast of Fujian province.\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = |args: &[&str]| sorted_ids(&env, args);
    let both = ids(&["Fujian 福建舰"]);
    assert!(both.contains(&"headline.md".to_string()), "{both:?}");
    assert!(both.contains(&"zh.md".to_string()), "{both:?}");
    assert_eq!(ids(&["福建舰 Fujian"]), both);
    // Two things: both asked for.
    assert!(ids(&["福建舰 typhoon"]).is_empty());
}

/// The documents that hold only some of the words, in the other language, come in order of
/// how many they hold: a short text that repeats one word does not lead one that holds three.
#[test]
fn documents_holding_more_of_the_words_come_first_among_those_in_part() {
    let env = TestEnv::new();
    env.write(
        "japan.md",
        "---\ntitle: Japan and the East China Sea\ndate: 2025-06-01\n---\nJapan. The East China \
         Sea. Japan and the East China Sea.\n",
    );
    env.write(
        "radar.md",
        "---\ntitle: Defense ministry statement on the incident\ndate: 2025-06-02\n---\nThe \
         ministry said a Chinese navy ship directed its radar at a Japanese destroyer in the East \
         China Sea on Tuesday, and lodged a protest with Japan through diplomatic channels. The \
         ship's radar was aimed for several minutes, officials said, in waters near the islands \
         that both sides claim, while aircraft watched.\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Three of the four words translate (radar, Japan, East China Sea); japan.md holds two,
    // radar.md all three.
    let found = env.search(&["雷达 日本 东海 照射"]).json();
    let apart: Vec<&str> = found["in_part"]["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert_eq!(apart, ["radar.md", "japan.md"], "{found}");
    // The score shown is the document's own, not the count of words held.
    let score = found["in_part"]["hits"][0]["score"].as_f64().unwrap();
    assert!(score < 1000.0, "{found}");
}

/// A quoted Chinese string is searched whole in the other language too: a dictionary word that
/// only part of it holds (国防 in 多国防务官员, read 多国 防务 官员) does not stand for it.
#[test]
fn a_quoted_string_is_not_replaced_by_a_word_inside_it() {
    let env = TestEnv::new();
    env.write(
        "mnd.txt",
        "国防部新闻发布\n\n2025-12-25\n\n国防部新闻发言人表示，国防和军队建设取得新进展。\n",
    );
    env.write(
        "en.md",
        "---\ntitle: Defense budget\ndate: 2025-03-05\n---\nChina's national defense budget \
         will grow by 7.2 percent this year.\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let quoted = env.run(&["search", "\"多国防务官员\""]);
    assert_eq!(quoted.code, 1, "{}", quoted.stdout);
    // The word itself still finds both languages.
    let mut ids = env.search(&["国防"]).ids();
    ids.sort();
    assert_eq!(ids, ["en.md", "mnd.txt"]);
    // Unquoted, the document that holds only the translated word is listed apart, never
    // counted as holding the whole string.
    let unquoted = env.run(&["search", "多国防务官员", "--format", "json"]);
    assert_eq!(unquoted.code, 1, "{}", unquoted.stdout);
    let json = unquoted.json();
    assert_eq!(json["total"], 0, "{json}");
    // (mnd.txt may be listed too: its publisher, the Ministry of National Defense, is
    // searchable by name.)
    let apart: Vec<&str> = json["in_part"]["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert!(apart.contains(&"en.md"), "{json}");
    let shown = json["also_searched"].to_string();
    assert!(shown.contains("some of the words"), "{shown}");
}

/// A space between two Chinese words of a quoted phrase (`"保持 克制"`) is optional, as in
/// the headlines that set words apart with one: the phrase matches either way.
#[test]
fn a_quoted_chinese_phrase_matches_with_or_without_spaces() {
    let env = TestEnv::new();
    env.write(
        "joined.md",
        "---\ntitle: 外交部答记者问\ndate: 2024-05-23\n---\n发言人表示，中方敦促有关各方保持克制，\
         通过对话协商处理分歧。\n",
    );
    env.write(
        "spaced.md",
        "---\ntitle: 中方 呼吁 保持 克制\ndate: 2024-05-24\n---\nBrief note.\n",
    );
    env.write(
        "apart.md",
        "---\ntitle: 演习消息\ndate: 2024-05-25\n---\n部队保持高度戒备，对挑衅行为不会克制。\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let ids = |args: &[&str]| {
        let mut ids = env.search(args).ids();
        ids.sort();
        ids
    };
    assert_eq!(ids(&["\"保持 克制\""]), ["joined.md", "spaced.md"]);
    assert_eq!(ids(&["\"保持克制\""]), ["joined.md"]);
    // Outside a phrase, the words are required apart, as before.
    assert_eq!(
        ids(&["保持", "克制"]),
        ["apart.md", "joined.md", "spaced.md"]
    );
    // Misplaced marks are errors, not silently dropped.
    for bad in [&["taiwan", "()"][..], &["~3", "保持"], &["*克制"]] {
        let run = env.search(bad);
        assert_eq!(run.code, 2, "{bad:?}: {}", run.stdout);
        assert!(run.stderr.contains("bad query"), "{}", run.stderr);
    }
}

/// A designation is searched in the other language's letters (J-15 is 歼-15), and a foreign
/// official the roster does not list is a speaker by his Chinese name too (奥斯汀).
#[test]
fn designations_and_foreign_speakers_cross_languages() {
    let env = TestEnv::new();
    env.write(
        "zh.md",
        "---\ntitle: 舰载机训练\ndate: 2024-06-01\n---\n多架歼-15舰载战斗机从辽宁舰起飞。\n",
    );
    env.write(
        "dod.txt",
        "Remarks at the Shangri-La Dialogue\n\nJune 1, 2024\n\nSECRETARY AUSTIN: Thank you. \
         The Indo-Pacific remains our priority theater.\n\nQ: Mr. Secretary, did the meeting \
         produce agreements?\n\nSECRETARY AUSTIN: We had a candid discussion.\n",
    );
    // A family with two English prefixes (DF and Dongfeng), and a hyphen left out: each
    // spelling finds every other.
    env.write(
        "df.txt",
        "Rocket Force drill\n\nJune 3, 2024\n\nA DF-26 brigade held a night launch drill.\n",
    );
    env.write(
        "dongfeng.txt",
        "Parade rehearsal\n\nJune 4, 2024\n\nDongfeng-26 launchers rolled past the stand.\n",
    );
    env.write(
        "dongfeng-zh.md",
        "---\ntitle: 东风导弹\ndate: 2024-06-05\n---\n东风-26导弹发射车通过检阅台。\n",
    );
    env.write(
        "df-run-together.txt",
        "Missile forces\n\nJune 6, 2024\n\nThe DF26 can strike ships at sea.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    assert_eq!(env.search(&["J-15"]).ids(), ["zh.md"]);
    assert_eq!(env.search(&["--exact", "J-15"]).ids(), Vec::<String>::new());
    assert_eq!(env.search(&["--speaker", "奥斯汀"]).ids(), ["dod.txt"]);
    let family = [
        "df-run-together.txt",
        "df.txt",
        "dongfeng-zh.md",
        "dongfeng.txt",
    ];
    for typed in ["DF-26", "Dongfeng-26", "东风-26", "DF26", "Dongfeng 26"] {
        let mut ids = env.search(&[typed]).ids();
        ids.sort();
        assert_eq!(ids, family, "{typed}");
    }
}

/// Chinese words typed run together, the way a search box takes them (`东部战区台湾海峡演习`):
/// where no document holds the run as written, each of its words is searched, and a notice says
/// so; a run a document holds is searched as written.
#[test]
fn chinese_words_run_together_are_searched_apart_when_the_run_is_in_no_document() {
    let env = TestEnv::new();
    env.write(
        "a.md",
        "---\ntitle: 东部战区开展演习\ndate: 2024-10-14\n---\n东部战区在台湾海峡开展联合演习。\n",
    );
    env.write(
        "b.md",
        "---\ntitle: 海军训练\ndate: 2024-10-15\n---\n海军舰艇在台湾海峡以东海域训练。\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let run = env.search(&["东部战区台湾海峡演习"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids(), ["a.md"]);
    assert!(
        run.stderr
            .contains("no document holds 东部战区台湾海峡演习 as written"),
        "{}",
        run.stderr
    );
    // As written, where it is written: no notice.
    let run = env.search(&["台湾海峡以东"]);
    assert_eq!(run.ids(), ["b.md"]);
    assert!(!run.stderr.contains("as written"), "{}", run.stderr);
    // Quoted, it is a phrase and nothing else.
    assert_eq!(env.search(&["\"东部战区台湾海峡演习\""]).code, 1);
    // Held as written by one document, where another holds its words apart: that one is
    // listed, and the other said to be there.
    let run = env.search(&["台湾海峡开展"]);
    assert_eq!(run.ids(), ["a.md"]);
    assert!(!run.stderr.contains("apart"), "{}", run.stderr);
    let run = env.search(&["海峡以东海域"]);
    assert_eq!(run.ids(), ["b.md"]);
    env.write(
        "c.md",
        "---\ntitle: 海上训练\ndate: 2024-10-16\n---\n编队驶向海峡，以东部海域为训练区域。\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let run = env.search(&["海峡以东海域"]);
    assert_eq!(run.ids(), ["b.md"]);
    assert!(
        run.stderr
            .contains("1 more document holds its words apart: search `海峡 以东 海域`"),
        "{}",
        run.stderr
    );
}

/// Where only the run's translation matches (an English report of an Eastern Theater Command
/// exercise in the Taiwan Strait), the Chinese documents that hold its words apart are not
/// hidden behind it.
#[test]
fn a_chinese_run_whose_translation_matches_is_still_searched_apart() {
    let env = TestEnv::new();
    env.write(
        "zh.md",
        "---\ntitle: 东部战区开展演习\ndate: 2024-10-14\n---\n东部战区在台湾海峡开展联合演习。\n",
    );
    env.write(
        "en.md",
        "---\ntitle: Eastern Theater Command exercise in the Taiwan Strait\ndate: 2024-10-14\n---\n\
         The Eastern Theater Command held an exercise in the Taiwan Strait.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let run = env.search(&["东部战区台湾海峡演习"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut ids = run.ids();
    ids.sort();
    assert_eq!(ids, ["en.md", "zh.md"], "{}", run.stderr);
    assert!(run.stderr.contains("as written"), "{}", run.stderr);
    // Only the words typed: the Chinese report alone, as before.
    assert_eq!(
        env.search(&["--exact", "东部战区台湾海峡演习"]).ids(),
        ["zh.md"]
    );
}

/// `--speaker` takes a name as the documents write it: in traditional characters, or in full
/// where a transcript named the speaker by surname alone.
#[test]
fn speaker_filters_take_traditional_script_and_full_names() {
    let env = TestEnv::new();
    env.write(
        "tw.txt",
        "國防部新聞稿\n\n共軍演習 國軍嚴密監控\n\n2025-12-29\n\n國防部發言人孫立方少將表示，國軍有信心、有能力捍衛國家安全。\n",
    );
    env.write(
        "dod.txt",
        "Secretary of War Holds a Press Briefing\n\nDecember 31, 2025\n\nQ: Does the carrier change your posture?\n\nSECRETARY HEGSETH: We track every ship. It doesn't change our resolve.\n",
    );
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["孫立方", "孙立方", "Sun Li-fang"] {
        assert_eq!(env.search(&["--speaker", name]).ids(), ["tw.txt"], "{name}");
    }
    let hegseth = env.search(&["--speaker", "Pete Hegseth"]).json();
    assert_eq!(hegseth["hits"][0]["id"], "dod.txt", "{hegseth}");
    // A name no document's speaker has is said to be unknown, not just an empty page.
    let nobody = env.search(&["--speaker", "Nobody"]);
    assert_eq!(nobody.code, 1);
    assert!(
        nobody
            .stderr
            .contains("no speaker of this index is named Nobody"),
        "{}",
        nobody.stderr
    );
    // A speaker's name typed as words finds no answer, whose text does not name them: the
    // run says how to ask for them.
    let words = env.run(&["search", "孙立方 蒋斌"]);
    assert!(!words.stderr.contains("is a speaker"), "{}", words.stderr);
    let name = env.run(&["search", "Jiang Bin", "--kind", "answer"]);
    assert_eq!(name.code, 1, "{}", name.stdout);
    assert!(
        name.stderr
            .contains("Jiang Bin is a speaker: speaker:\"Jiang Bin\" finds what they said"),
        "{}",
        name.stderr
    );
}

/// British and American spellings find each other, and a designation finds its variants
/// (`J-35` finds J-35A and 歼-35A; `J-35A` finds only its own).
#[test]
fn spellings_and_designation_variants_find_each_other() {
    let env = TestEnv::new();
    env.write(
        "uk.md",
        "---\ntitle: Defence review published\ndate: 2025-06-02\n---\nThe review calls for \
         higher defence spending and warns of grey zone pressure at sea.\n",
    );
    env.write(
        "us.md",
        "---\ntitle: Budget request sent\ndate: 2025-05-30\n---\nThe request raises defense \
         spending for the modernization of the fleet.\n",
    );
    env.write(
        "j35a.md",
        "---\ntitle: J-35A makes its debut at the airshow\ndate: 2024-11-12\n---\nThe fighter \
         flew in public for the first time.\n",
    );
    env.write(
        "jian35a.md",
        "---\ntitle: 歼-35A首次公开亮相\ndate: 2024-11-12\n---\n新型隐身战斗机在航展上首次公开飞行。\n",
    );
    env.write(
        "j35.md",
        "---\ntitle: Carrier-based J-35 seen on deck\ndate: 2025-09-20\n---\nPhotos show the \
         naval fighter on the carrier's deck.\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let ids = |args: &[&str]| {
        let mut ids = env.search(args).ids();
        ids.sort();
        ids
    };
    assert_eq!(ids(&["defense spending", "--exact"]), ["uk.md", "us.md"]);
    assert_eq!(ids(&["defence spending", "--exact"]), ["uk.md", "us.md"]);
    assert_eq!(ids(&["\"gray zone\"", "--exact"]), ["uk.md"]);
    assert_eq!(ids(&["modernisation", "--exact"]), ["us.md"]);
    assert_eq!(ids(&["J-35"]), ["j35.md", "j35a.md", "jian35a.md"]);
    assert_eq!(ids(&["J-35A"]), ["j35a.md", "jian35a.md"]);
    assert_eq!(ids(&["歼-35"]), ["j35.md", "j35a.md", "jian35a.md"]);
}
