//! Searching a small corpus written here: ranking, both languages, filters, formats, exit codes.

use crate::util::TestEnv;

const RELEASE_EN: &str = "\
Defense Ministry on the Xiangshan Forum
Question: What are the plans for this year's Beijing Xiangshan Forum?
Wu Qian: The forum will be held in Beijing in October. Defense officials and scholars from many countries are invited to discuss security in the Asia-Pacific.
Question: Any comment on recent remarks about Taiwan?
Wu Qian: The Taiwan question is China's internal affair.

- 国防部介绍香山论坛筹备情况
- 海军某舰艇编队完成远海训练
";

const RELEASE_ZH: &str = "\
国防部例行记者会
记者：请介绍北京香山论坛先导会的情况。
蒋斌：2026年北京香山论坛先导会在京举行，来自多国的代表出席。
";

const NOTE_MD: &str = "\
---
title: Gulf of Aden escort mission
date: 2019-04-23
speakers: [Ren Guoqiang]
themes: [humanitarian]
source: China Military Online
---
The navy's escort task force returned home after months in the Gulf of Aden.
";

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write("mnd/2024/forum.txt", RELEASE_EN);
    env.write("mnd/2026/briefing.txt", RELEASE_ZH);
    env.write("notes/escort.md", NOTE_MD);
    let run = env.index_corpus(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

#[test]
fn english_and_chinese_queries_find_their_documents() {
    let env = env();
    let run = env.search(&["Xiangshan Forum"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids()[0], "mnd/2024/forum.txt");

    let run = env.search(&["香山论坛"]);
    assert_eq!(run.code, 0);
    let ids = run.ids();
    assert!(
        ids.contains(&"mnd/2026/briefing.txt".to_string()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"mnd/2024/forum.txt/h1".to_string()),
        "the related headline is its own document: {ids:?}"
    );
}

#[test]
fn related_headlines_do_not_pollute_the_parent() {
    let env = env();
    let run = env.search(&["远海训练"]);
    assert_eq!(run.ids(), ["mnd/2024/forum.txt/h2"]);
    let hit = &run.json()["hits"][0];
    assert_eq!(hit["kind"], "headline");
}

#[test]
fn speakers_and_years_are_extracted_and_filterable() {
    let env = env();
    let run = env.search(&["--speaker", "Wu Qian", "Taiwan"]);
    assert_eq!(run.ids(), ["mnd/2024/forum.txt"]);
    let run = env.search(&["--speaker", "蒋斌", "香山论坛"]);
    assert_eq!(run.ids(), ["mnd/2026/briefing.txt"]);
    let hit = &run.json()["hits"][0];
    assert_eq!(hit["speakers"][0], "Jiang Bin");
    assert_eq!(hit["year"], 2026);
    assert_eq!(hit["lang"], "zh");

    let run = env.search(&["--exact", "forum", "year:2024"]);
    assert_eq!(run.ids(), ["mnd/2024/forum.txt"]);
    let run = env.search(&["--years", "2018..2020", "escort"]);
    assert_eq!(run.ids(), ["notes/escort.md"]);
    let run = env.search(&["--from", "2019-01-01", "--to", "2019-12-31"]);
    assert_eq!(run.ids(), ["notes/escort.md"]);
    // A range given to --year is an error that says where ranges go.
    let range = env.search(&["--year", "2018..2020", "escort"]);
    assert_eq!(range.code, 2);
    assert!(
        range.stderr.contains("--years 2018..2020"),
        "{}",
        range.stderr
    );
    // An option typed into the query itself is searched as words, and said to be one; no
    // spelling is suggested for it.
    let typed = env.search(&["escort --years 2018..2020"]);
    let json = typed.json();
    let notices = json["notices"].to_string();
    assert!(
        notices.contains("`--years` looks like a command-line option"),
        "{notices}"
    );
    assert!(notices.contains("year:2020..2024"), "{notices}");
    assert!(json["did_you_mean"].is_null(), "{json}");
    // A misspelt option on the command line is an error that names the option meant, not
    // words to search; an excluded word (`-navy`) stays a word.
    let misspelt = env.search(&["--speeker", "Jiang Bin", "forum"]);
    assert_eq!(misspelt.code, 2, "{}", misspelt.stdout);
    assert!(
        misspelt.stderr.contains("'--speeker'") && misspelt.stderr.contains("'--speaker'"),
        "{}",
        misspelt.stderr
    );
    assert_ne!(env.search(&["forum", "-navy"]).code, 2);
}

#[test]
fn json_contract() {
    let env = env();
    let run = env.search(&["escort"]);
    let json = run.json();
    for key in ["query", "total", "took_ms", "hits", "facets"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let hit = &json["hits"][0];
    for key in [
        "id",
        "score",
        "kind",
        "title",
        "date",
        "year",
        "lang",
        "speakers",
        "themes",
        "source",
        "url",
        "path",
        "record",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert_eq!(hit["date"], "2019-04-23");
    assert_eq!(hit["source"], "China Military Online");
    assert_eq!(hit["themes"][0], "humanitarian");
    assert!(hit["record"].is_null());
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let highlights = hit["highlights"].as_array().unwrap();
    assert!(!highlights.is_empty());
    for range in highlights {
        let (start, end) = (
            range[0].as_u64().unwrap() as usize,
            range[1].as_u64().unwrap() as usize,
        );
        let text: String = snippet[start..end].iter().collect();
        assert!(text.to_lowercase().starts_with("escort"), "{text}");
    }
    assert_eq!(json["facets"]["year"][0]["value"], 2019);
    assert_eq!(json["facets"]["year"][0]["count"], 1);
}

#[test]
fn chinese_highlights_are_character_ranges() {
    let env = env();
    let run = env.search(&["先导会"]);
    let hit = &run.json()["hits"][0];
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let range = &hit["highlights"][0];
    let text: String = snippet
        [range[0].as_u64().unwrap() as usize..range[1].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert_eq!(text, "先导会");
}

#[test]
fn exit_codes_like_grep() {
    let env = env();
    assert_eq!(env.search(&["Xiangshan"]).code, 0);
    let none = env.search(&["zyzzyva"]);
    assert_eq!(none.code, 1);
    assert_eq!(none.json()["total"], 0);
    let bad = env.run(&["search", "\"unbalanced"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unbalanced quote"), "{}", bad.stderr);
    assert_eq!(bad.stderr.trim().lines().count(), 1, "{}", bad.stderr);
    let unknown = env.run(&["search", "colour:red"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("unknown field `colour`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn operators() {
    let env = env();
    // --exact: the operators, not the cross-language forms (Xiangshan also finds 香山 by pinyin).
    assert_eq!(
        env.search(&["--exact", "Xiangshan -escort"]).ids(),
        ["mnd/2024/forum.txt"]
    );
    assert_eq!(env.search(&["--exact", "Xiangshan -Taiwan"]).code, 1);
    assert_eq!(
        env.search(&["--", "-Taiwan", "escort"]).ids(),
        ["notes/escort.md"]
    );
    let any = env.search(&["--any", "escort", "zyzzyva"]);
    assert_eq!(any.ids(), ["notes/escort.md"]);
    let or = env.search(&["escort", "OR", "Taiwan"]);
    assert_eq!(or.json()["total"], 2);
    let phrase = env.search(&["\"forum will be held\""]);
    assert_eq!(phrase.ids(), ["mnd/2024/forum.txt"]);
    let no_phrase = env.search(&["\"held forum\""]);
    assert_eq!(no_phrase.code, 1);
    let prefix = env.search(&["Xiangsh*"]);
    assert_eq!(prefix.ids()[0], "mnd/2024/forum.txt");
}

#[test]
fn options_may_follow_the_query() {
    let env = env();
    let run = env.run(&["search", "Xiangshan", "--limit", "1", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids(), ["mnd/2024/forum.txt"]);
}

#[test]
fn show_prints_a_document() {
    let env = env();
    let run = env.run(&["show", "notes/escort.md", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["title"], "Gulf of Aden escort mission");
    let missing = env.run(&["show", "nope"]);
    assert_eq!(missing.code, 1);
}

#[test]
fn text_output_for_people() {
    let env = env();
    let run = env.run(&["search", "Xiangshan Forum"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("Defense Ministry on the Xiangshan Forum"),
        "{}",
        run.stdout
    );
    // A briefing shows its best-matching answer, the question above it, each with the query's
    // words marked (the question may hold them where the answer does not). Words next to each
    // other make one highlight; the typed words are highlighted anywhere, a word that only the
    // glossary's longer form holds (Beijing) only within it.
    assert!(
        run.stdout
            .contains("Q: What are the plans for this year's [Beijing Xiangshan Forum]?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Jiang Bin: 2026年[北京香山论坛]先导会"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Wu Qian: The [forum] will"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("answer: mnd/2024/forum.txt/a1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("held in Beijing in"), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour when not a terminal"
    );
    assert!(run.stdout.contains("year:"), "{}", run.stdout);
}

#[test]
fn the_glossary_crosses_languages() {
    let env = env();
    let run = env.search(&["Xiangshan Forum"]);
    let json = run.json();
    let ids = run.ids();
    assert_eq!(
        ids[0], "mnd/2024/forum.txt",
        "the language typed ranks first"
    );
    assert!(
        ids.contains(&"mnd/2026/briefing.txt".to_string()),
        "{ids:?}"
    );
    assert!(
        json["also_searched"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "香山论坛"),
        "{json}"
    );
    let exact = env.search(&["--exact", "Xiangshan Forum"]);
    assert!(!exact.ids().contains(&"mnd/2026/briefing.txt".to_string()));
    assert!(exact.json()["also_searched"].as_array().unwrap().is_empty());

    let text = env.run(&["search", "Xiangshan Forum"]);
    assert!(
        text.stdout.starts_with("also searched: 香山论坛"),
        "{}",
        text.stdout
    );
}

#[test]
fn near_finds_words_close_together() {
    let env = env();
    assert_eq!(
        env.search(&["--near", "3", "forum", "Beijing"]).ids(),
        ["mnd/2024/forum.txt"]
    );
    assert_eq!(env.search(&["--near", "1", "forum", "October"]).code, 1);
}

#[test]
fn a_release_outranks_a_related_headline_that_matches_as_well() {
    let env = env();
    let ids = env.search(&["香山论坛"]).ids();
    let release = ids
        .iter()
        .position(|id| id == "mnd/2026/briefing.txt")
        .unwrap();
    let headline = ids
        .iter()
        .position(|id| id == "mnd/2024/forum.txt/h1")
        .unwrap();
    assert!(release < headline, "{ids:?}");
}

#[test]
fn a_query_that_matches_nothing_counts_its_words_alone() {
    let env = env();
    let run = env.search(&["Xiangshan penguins"]);
    assert_eq!(run.code, 1);
    let partial = &run.json()["partial"];
    let words = partial["words"].as_array().expect("word counts");
    assert_eq!(words[0]["word"], "Xiangshan");
    assert_eq!(words[1]["word"], "penguins");
    let xiangshan = words[0]["matches"].as_u64().unwrap();
    assert!(xiangshan > 0, "{partial}");
    assert_eq!(words[1]["matches"], 0, "{partial}");
    let text = env.run(&["search", "Xiangshan", "penguins"]);
    assert!(
        text.stdout
            .contains("no document holds every word (Xiangshan "),
        "{}",
        text.stdout
    );
    // One word, a match, or a query with operators: nothing to count apart.
    assert!(env.search(&["penguins"]).json()["partial"].is_null());
    assert!(env.search(&["Xiangshan"]).json()["partial"].is_null());
    assert!(env.search(&["\"Xiangshan penguins\""]).json()["partial"].is_null());
}

#[test]
fn did_you_mean_corrects_a_misspelled_name() {
    let env = env();
    let run = env.search(&["Xiangshen Forum"]);
    assert_eq!(run.code, 1);
    // A whole word as the documents spell it, not the indexed stem.
    assert_eq!(run.json()["did_you_mean"], "Xiangshan Forum");
    let text = env.run(&["search", "Xiangshen"]);
    assert!(
        text.stdout.contains("did you mean: Xiangshan"),
        "{}",
        text.stdout
    );
    assert!(env.search(&["Xiangshan"]).json()["did_you_mean"].is_null());
}

#[test]
fn users_extend_the_glossary() {
    let env = env();
    let glossary = env.corpus().parent().unwrap().join("glossary.toml");
    std::fs::write(
        &glossary,
        "[[term]]\nen = [\"preparatory meeting\"]\nzh = [\"先导会\"]\n",
    )
    .unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_milpress"))
        .args(["search", "--format", "json", "preparatory meeting"])
        .env("MILPRESS_INDEX", env.index())
        .env("MILPRESS_GLOSSARY", &glossary)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(json["hits"][0]["id"], "mnd/2026/briefing.txt", "{json}");
    assert_eq!(
        env.search(&["preparatory meeting"]).code,
        1,
        "without it, nothing"
    );
}

/// `milpress search --format json QUERY` with `glossary` as the user's glossary file.
fn also_searched_with(
    env: &TestEnv,
    glossary: Option<&std::path::Path>,
    query: &str,
) -> Vec<String> {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_milpress"));
    command
        .args(["search", "--format", "json", query])
        .env("MILPRESS_INDEX", env.index())
        .env_remove("MILPRESS_GLOSSARY");
    if let Some(glossary) = glossary {
        command.env("MILPRESS_GLOSSARY", glossary);
    }
    let run = command.output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    json["also_searched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_banned_translation_is_not_searched_and_a_pinned_one_wins() {
    let env = TestEnv::new();
    env.write(
        "en/drill.txt",
        "Joint exercise at sea\nThe two navies held a joint exercise and launched missiles.\n",
    );
    env.write(
        "zh/drill.txt",
        "海军举行联合演习\n两国海军在东海开展联合演习，并发射导弹。\n",
    );
    assert_eq!(env.index_corpus(&[]).code, 0);
    let before = also_searched_with(&env, None, "launch").join(" ");
    assert!(
        before.contains("发射") && before.contains("开展"),
        "the dictionary gives both senses: {before}"
    );

    let banned = env.corpus().parent().unwrap().join("ban.toml");
    std::fs::write(&banned, "[[ban]]\nzh = \"开展\"\nen = \"launch\"\n").unwrap();
    let after = also_searched_with(&env, Some(&banned), "launch").join(" ");
    assert!(after.contains("发射") && !after.contains("开展"), "{after}");

    let pinned = env.corpus().parent().unwrap().join("pin.toml");
    std::fs::write(&pinned, "[[term]]\nen = [\"launch\"]\nzh = [\"发射\"]\n").unwrap();
    let after = also_searched_with(&env, Some(&pinned), "launch").join(" ");
    assert!(after.contains("发射") && !after.contains("开展"), "{after}");
}
