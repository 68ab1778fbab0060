//! The jieba domain dictionary (`data/dict.txt`: forums, exercises, units, ships, places) as
//! typed entries, parsed once into [`domain_dict`], and the Chinese terms of art the shipped
//! glossary and theme lexicon name ([`domain_terms`]). Adding the words to a segmenter is the
//! job of `analysis/chinese.rs`.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde::Deserialize;

use super::script::is_han;
use super::{themes, GLOSSARY_TOML};

/// The dictionary shipped with milpress, in jieba's `word [freq] [tag]` format.
const BUILTIN: &str = include_str!("../../data/dict.txt");

static DOMAIN_DICT: LazyLock<Vec<DictEntry>> = LazyLock::new(|| parse(BUILTIN));

/// The entries of `data/dict.txt`, in file order, parsed on first use.
pub fn domain_dict() -> &'static [DictEntry] {
    &DOMAIN_DICT
}

static DOMAIN_TERMS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let glossary: GlossaryForms =
        toml::from_str(GLOSSARY_TOML).expect("the embedded data/glossary.toml parses");
    let from_themes = themes::themes().iter().flat_map(|theme| {
        let names = theme.name_zh.iter().chain(&theme.aliases);
        names.chain(&theme.strong).chain(&theme.keywords)
    });
    let from_glossary = glossary.term.iter().flat_map(|term| &term.zh);
    let words: BTreeSet<&String> = from_glossary
        .chain(from_themes)
        .filter(|word| word.chars().count() >= 2 && word.chars().all(is_han))
        .collect();
    words.into_iter().cloned().collect()
});

/// Every Chinese form of `data/glossary.toml` and every Chinese keyword, alias and display name
/// of `data/themes.toml` (words of two or more Han characters, sorted, once each): terms a
/// search names often (a glossary form is searched for every query it expands), which jieba's
/// own dictionary may not hold (演训, 军事合作) and which would otherwise be indexed only as
/// their characters, found by a phrase query that checks positions wherever those characters
/// meet. Only the shipped files count: a glossary or settings file given at run time changes
/// searches, never what an index holds.
pub fn domain_terms() -> &'static [String] {
    &DOMAIN_TERMS
}

/// The Chinese forms of the glossary's terms (the rest of the file is `search::Glossary`'s).
#[derive(Deserialize)]
struct GlossaryForms {
    #[serde(default)]
    term: Vec<ZhForms>,
}

#[derive(Deserialize)]
struct ZhForms {
    #[serde(default)]
    zh: Vec<String>,
}

/// One dictionary line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictEntry {
    pub word: String,
    /// `None` when the line gives none or a malformed one: jieba then estimates it.
    pub freq: Option<usize>,
    /// Part of speech (`nz`, `nr`, ...).
    pub tag: Option<String>,
}

/// Reads `word [frequency] [tag]` lines; `#` comments and blank lines are skipped.
pub fn parse(text: &str) -> Vec<DictEntry> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let word = parts.next()?.to_string();
            let freq = parts.next().and_then(|f| f.parse().ok());
            let tag = parts.next().map(str::to_string);
            Some(DictEntry { word, freq, tag })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_terms_come_from_the_glossary_and_the_themes() {
        let terms = domain_terms();
        // 演训: a glossary form of "exercise"; 以武谋独: a Taiwan keyword of the themes.
        for word in ["演训", "以武谋独", "香山论坛"] {
            assert!(terms.iter().any(|t| t == word), "{word}");
        }
        assert!(terms.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
        assert!(terms
            .iter()
            .all(|t| t.chars().count() >= 2 && t.chars().all(is_han)));
    }

    #[test]
    fn lines_become_entries() {
        let entries = parse("# comment\n\n香山论坛 20000 nz\n先导会\n歼-20 many n\n");
        let want = [
            ("香山论坛", Some(20000), Some("nz")),
            ("先导会", None, None),
            ("歼-20", None, Some("n")),
        ];
        assert_eq!(entries.len(), want.len());
        for (entry, (word, freq, tag)) in entries.iter().zip(want) {
            assert_eq!(entry.word, word);
            assert_eq!(entry.freq, freq);
            assert_eq!(entry.tag.as_deref(), tag);
        }
    }

    #[test]
    fn builtin_dictionary_is_filled() {
        assert!(domain_dict().iter().any(|e| e.word == "香山论坛"));
    }
}
