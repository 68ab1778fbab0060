//! The jieba domain dictionary (`data/dict.txt`: forums, exercises, units, ships, places) as
//! typed entries, parsed once into [`domain_dict`]. Adding the words to a segmenter is
//! the job of `analysis/chinese.rs`.

use std::sync::LazyLock;

/// The dictionary shipped with milpress, in jieba's `word [freq] [tag]` format.
const BUILTIN: &str = include_str!("../../data/dict.txt");

static DOMAIN_DICT: LazyLock<Vec<DictEntry>> = LazyLock::new(|| parse(BUILTIN));

/// The entries of `data/dict.txt`, in file order, parsed on first use.
pub fn domain_dict() -> &'static [DictEntry] {
    &DOMAIN_DICT
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
