//! Property tests with a fixed budget, run in CI: no parser, the decoder, the analyzer or the
//! query parser panics on any input, and what they return is consistent (offsets slice the text,
//! highlights stay inside snippets).

use proptest::prelude::*;

use milpress::analysis::{analyze, Mode};
use milpress::index::{self, Index, UpdateOptions};
use milpress::ingest::config::{Config, FileRules};
use milpress::ingest::decode::decode;
use milpress::ingest::formats::{parse, Format};
use milpress::search::{query, Request, Searcher};

/// Text that looks like the inputs: markup, JSON punctuation, front matter fences, separators,
/// CJK and full-width characters, quotes and colons, mixed with anything at all.
fn corpus_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("{\"title\": \"".to_string()),
        Just("\", \"body\": [".to_string()),
        Just("}\n".to_string()),
        Just("<div class=\"content\"><p>".to_string()),
        Just("</p></div><script>x</script>".to_string()),
        Just("<meta charset=\"gbk\">".to_string()),
        Just("_!_".to_string()),
        Just("\t".to_string()),
        Just(",\"".to_string()),
        Just("\n- ".to_string()),
        Just("记者：".to_string()),
        Just("蒋斌：".to_string()),
        Just("Question: ".to_string()),
        Just("2026年5月18日".to_string()),
        Just("Ｊ－２０國防部".to_string()),
        "[a-zA-Z0-9 .,:;\"'!?-]{0,20}",
        "[\\u{4e00}-\\u{9fff}]{0,10}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn no_format_panics(text in corpus_like()) {
        for format in Format::ALL {
            let out = parse(format, &text, &FileRules::default());
            for error in &out.errors {
                prop_assert!(!error.to_string().is_empty());
            }
        }
    }

    #[test]
    fn the_decoder_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(decoded) = decode(&bytes) {
            prop_assert!(!decoded.encoding.is_empty());
        }
    }

    #[test]
    fn settings_files_never_panic(text in corpus_like()) {
        let _ = Config::parse(&text);
    }

    #[test]
    fn tokens_slice_the_text(text in corpus_like()) {
        for mode in [Mode::Index, Mode::Query] {
            let mut last_position = 0;
            analyze(&text, mode, |token| {
                assert!(text.get(token.from..token.to).is_some(), "{token:?}");
                assert!(!token.text.is_empty());
                assert!(token.position >= last_position || mode == Mode::Index);
                last_position = token.position;
            });
        }
    }

    #[test]
    fn queries_parse_or_explain(text in corpus_like()) {
        if let Err(err) = query::parse(&text) {
            let message = err.to_string();
            prop_assert!(message.starts_with("bad query: "));
        }
    }

    #[test]
    fn any_query_runs_or_is_refused(text in corpus_like()) {
        let searcher = searcher();
        match searcher.search(&Request::new(text.clone())) {
            Ok(results) => {
                for hit in &results.hits {
                    let chars = hit.snippet.chars().count();
                    for &(start, end) in &hit.highlights {
                        prop_assert!(start < end && end <= chars, "{hit:?}");
                    }
                }
            }
            Err(err) => prop_assert!(err.to_string().starts_with("bad query: "), "{err}"),
        }
    }

    /// Any run of Chinese characters of a document finds it, however jieba cut the text
    /// around it (words are cut across, names split, single characters taken alone).
    #[test]
    fn any_chinese_substring_finds_its_document(start in 0usize..64, len in 1usize..8) {
        let chars: Vec<char> = CHINESE_LINE.chars().collect();
        let start = start % chars.len();
        let piece: String = chars[start..(start + len).min(chars.len())].iter().collect();
        prop_assume!(piece.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        for query in [piece.clone(), format!("\"{piece}\"")] {
            let mut request = Request::new(query.clone());
            request.exact = true;
            request.limit = 10;
            let ids: Vec<String> = searcher().search(&request).unwrap().hits.into_iter().map(|h| h.doc.id).collect();
            prop_assert!(ids.iter().any(|id| id == "a.txt"), "{query}: {ids:?}");
        }
    }
}

/// The Chinese body line of the shared test document `a.txt`.
const CHINESE_LINE: &str = "记者：请介绍。 蒋斌：2026年北京香山论坛先导会在京举行，来自多国的代表出席，中国人民解放军海军编队参加演习。";

/// A small index shared by the query properties.
fn searcher() -> &'static Searcher {
    static SEARCHER: std::sync::OnceLock<(tempfile::TempDir, Searcher)> =
        std::sync::OnceLock::new();
    &SEARCHER
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let corpus = dir.path().join("corpus");
            std::fs::create_dir_all(&corpus).unwrap();
            std::fs::write(corpus.join("a.txt"), format!("香山论坛\n{CHINESE_LINE}Forum: the 11th Xiangshan Forum!\n")).unwrap();
            // 加演 is a word here; in a.txt the same characters straddle 参加|演习.
            std::fs::write(corpus.join("c.txt"), "Encore\n剧团今晚加演一场。\n").unwrap();
            std::fs::write(corpus.join("b.md"), "---\ntitle: Escort\nspeakers: [Wu Qian]\n---\nThe escort task force, \"Taiwan\" question.\n").unwrap();
            let index_dir = dir.path().join("index");
            index::update(&corpus, &index_dir, &UpdateOptions::default(), &mut ()).unwrap();
            let searcher = Searcher::new(Index::open(&index_dir).unwrap()).unwrap();
            (dir, searcher)
        })
        .1
}
