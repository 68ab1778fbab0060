//! Chinese segmentation with jieba, plus milpress's domain dictionary
//! ([`crate::reference::dict`]: forums, exercises, units, ships, places) and the Chinese names
//! of the speaker roster (`crate::reference::roster`), so that names and terms of art come out
//! whole; indexing also finds the Chinese terms of the glossary and the theme lexicon that
//! jieba does not know ([`added_words`]). The segmenter is built once per process, and only
//! when a text contains Han characters.

use std::collections::BTreeSet;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use jieba_rs::Jieba;

use crate::reference::dict::{self, DictEntry};
use crate::reference::roster;
use crate::reference::script::is_han;

/// Names an extra dictionary file, in the same format, loaded after the built-in one (for a
/// corpus's own units, people and places). It affects indexing: rebuild after changing it.
pub const DICT_ENV: &str = "MILPRESS_DICT";

static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    add_entries(&mut jieba, dict::domain_dict());
    for person in roster().people() {
        if !person.name_zh.is_empty() {
            jieba.add_word(&person.name_zh, Some(10_000), Some("nr"));
        }
    }
    if let Some(path) = std::env::var_os(DICT_ENV) {
        match std::fs::read_to_string(&path) {
            Ok(text) => add_entries(&mut jieba, &dict::parse(&text)),
            // Segmentation still works without it; say why the words are not there.
            Err(err) => eprintln!("milpress: {DICT_ENV}={}: {err}", path.to_string_lossy()),
        }
    }
    jieba
});

/// The terms of art of [`dict::domain_terms`] that jieba's dictionary lacks, and an automaton
/// that finds them (overlapping) in a run.
struct Added {
    words: BTreeSet<String>,
    finder: Option<AhoCorasick>,
}

/// Kept out of jieba's dictionary, where even a word it would never choose changes its single
/// best cut (a run of characters left single that spells a dictionary word is no longer given
/// to the HMM), which the learned pairs read; found beside it when indexing instead.
static ADDED: LazyLock<Added> = LazyLock::new(|| {
    let words: BTreeSet<String> = dict::domain_terms()
        .iter()
        .filter(|word| !JIEBA.has_word(word))
        .cloned()
        .collect();
    let finder = AhoCorasick::new(&words).ok();
    Added { words, finder }
});

/// The terms of art milpress indexes whole beside jieba's words (see [`dict::domain_terms`]):
/// searched through the word but scored as the run of characters it is (so that ranking stays
/// what it was without them: `search::word_run`), and left out of the translation tables.
/// Builds the segmenter (about 0.1 s) on first use.
pub fn added_words() -> &'static BTreeSet<String> {
    &ADDED.words
}

/// Whether `word` may be a name: a person, a place, an organisation, another proper noun or
/// an abbreviation by its dictionary's part of speech, or a word the dictionary does not list.
/// `煽动` (a verb) is none, `山东` (a place) is. Builds the segmenter on first use.
pub fn may_be_name(word: &str) -> bool {
    if !JIEBA.has_word(word) {
        return true;
    }
    match JIEBA.tag(word, false).as_slice() {
        [one] if one.word == word => ["nr", "ns", "nt", "nz", "j", "x"]
            .iter()
            .any(|tag| one.tag.starts_with(tag)),
        _ => true,
    }
}

/// Adds dictionary entries (a missing frequency is left to jieba's estimate).
fn add_entries(jieba: &mut Jieba, entries: &[DictEntry]) {
    for entry in entries {
        jieba.add_word(&entry.word, entry.freq, entry.tag.as_deref());
    }
}

/// Characters that `fast2s::convert` may change (it converts three-byte characters only), one
/// bit each: the ones it changes on their own, and the ones it treats by their neighbours.
/// Built by [`warm_up`] (about 1.3 ms), which an index run calls beside its walk; a search never
/// builds it, and converts its few runs instead.
static TRADITIONAL: OnceLock<Vec<u64>> = OnceLock::new();

fn traditional() -> &'static [u64] {
    TRADITIONAL.get_or_init(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        let mut set = |c: char| bits[c as usize / 64] |= 1 << (c as usize % 64);
        let mut buf = [0; 4];
        for c in ('\u{800}'..='\u{FFFF}').filter(|&c| is_han(c)) {
            let one = &*c.encode_utf8(&mut buf);
            if fast2s::convert(one) != one {
                set(c);
            }
        }
        // fast2s's context rules: kept or converted depending on the characters around them.
        for c in "兒覆夥藉瞭麽幺於乾著苧闔鍾讎畫".chars() {
            set(c);
        }
        bits
    })
}

/// Whether `run` (Han characters) may read differently after `fast2s::convert`; when not, the
/// conversion, and the copy it makes, can be skipped. Until [`warm_up`] has built the table,
/// every run may.
pub fn may_be_traditional(run: &str) -> bool {
    let Some(bits) = TRADITIONAL.get() else {
        return true;
    };
    run.chars().any(|c| {
        let c = c as usize;
        c < 0x1_0000 && bits[c / 64] & (1 << (c % 64)) != 0
    })
}

/// `text` in simplified characters (`fast2s::convert`), borrowed when no character of it may
/// change: most texts of an index run, once [`warm_up`] has built the table, skip the
/// conversion and its copy. Only Han characters ever change, one for one.
pub fn simplified(text: &str) -> std::borrow::Cow<'_, str> {
    if may_be_traditional(text) {
        std::borrow::Cow::Owned(fast2s::convert(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A word of a Han run, in characters and bytes relative to that run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub char_start: usize,
    pub char_len: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Segments a run for indexing: every dictionary word the run contains, wherever it starts
/// (jieba's "full mode", overlapping words included: 中国, 人民, 解放军, 中国人民解放军 … in
/// 中国人民解放军). So a document holds a word as a token wherever its characters occur, however
/// the context around them would be cut, and a query cut into dictionary words and single
/// characters finds every document that contains its text. Words jieba would only guess (its
/// HMM, for names not in the dictionary) are left out: they would hold for some occurrences and
/// not others; single characters (indexed too, see [`crate::analysis`]) find them.
pub fn segment_for_index(run: &str, out: &mut Vec<Segment>) {
    out.extend(JIEBA.cut_all(run).into_iter().map(to_segment));
    // And every term of art of milpress's own, wherever it occurs (after jieba's: the
    // tokenizer puts segments in order).
    if let Some(finder) = &ADDED.finder {
        for found in finder.find_overlapping_iter(run) {
            let (start, end) = (found.start(), found.end());
            out.push(Segment {
                char_start: run[..start].chars().count(),
                char_len: run[start..end].chars().count(),
                byte_start: start,
                byte_end: end,
            });
        }
    }
}

/// Segments a run of a query: the single most likely segmentation.
pub fn segment_for_query(run: &str, out: &mut Vec<Segment>) {
    out.extend(JIEBA.cut(run, true).into_iter().map(to_segment));
}

/// Loads the segmenter and builds the traditional-character table now: an index run calls this
/// beside its walk, so neither is on the path of its first Chinese document.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
    traditional();
}

fn to_segment(token: jieba_rs::Token<'_>) -> Segment {
    Segment {
        char_start: token.start,
        char_len: token.end - token.start,
        byte_start: token.byte_start,
        byte_end: token.byte_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(run: &str, index: bool) -> Vec<&str> {
        let mut segments = Vec::new();
        if index {
            segment_for_index(run, &mut segments);
        } else {
            segment_for_query(run, &mut segments);
        }
        segments
            .iter()
            .map(|s| &run[s.byte_start..s.byte_end])
            .collect()
    }

    #[test]
    fn names_and_places_may_be_names_verbs_may_not() {
        for word in [
            "山东",
            "辽宁",
            "福建",
            "黄岩岛",
            "蒋斌",
            "东部战区",
            "赫格塞思",
        ] {
            assert!(may_be_name(word), "{word}");
        }
        for word in ["煽动", "冲突", "发展", "坚决"] {
            assert!(!may_be_name(word), "{word}");
        }
    }

    #[test]
    fn index_mode_finds_words_inside_words() {
        let words = words("中国人民解放军海军", true);
        assert!(words.contains(&"解放军"), "{words:?}");
        assert!(words.contains(&"海军"), "{words:?}");
    }

    #[test]
    fn domain_terms_stay_whole() {
        assert!(words("北京香山论坛先导会", false).contains(&"香山论坛"));
        assert!(words("发言人蒋斌表示", false).contains(&"蒋斌"));
        assert!(words("发言人林剑7日表示", false).contains(&"林剑"));
        // Not in jieba's own dictionary: a glossary form, a theme keyword.
        assert!(words("开展联合演训", true).contains(&"演训"));
        assert!(words("深化军事合作", true).contains(&"军事合作"));
    }

    #[test]
    fn runs_without_traditional_characters_are_left_as_they_are() {
        traditional();
        for run in ["国防部发言人", "中国人民解放军", "香山论坛", "𠀀𠀁"] {
            assert!(!may_be_traditional(run), "{run}");
            assert_eq!(fast2s::convert(run), run);
        }
        for run in ["國防部", "台灣", "乾隆", "慰藉", "企畫", "看著"] {
            assert!(may_be_traditional(run), "{run}");
        }
        // The skip is exact: no Han character the table passes is changed by the conversion,
        // whatever stands beside it.
        let mut buf = [0; 4];
        for c in ('\u{3400}'..='\u{FAFF}').filter(|&c| is_han(c)) {
            let one = &*c.encode_utf8(&mut buf);
            if !may_be_traditional(one) {
                let run = format!("看{one}口");
                assert_eq!(fast2s::convert(&run), run, "{c}");
            }
        }
    }
}
