//! The index's translation tables, built at the end of `milpress index` and stored beside the
//! index as [`TABLE_FILE`], so that `milpress search` translates a query without loading a
//! dictionary (CC-CEDICT takes a fraction of a second to load; a search must stay at about
//! 15 ms as a new process).
//!
//! Three kinds of rows, each `kind TAB key TAB form|form|form`, sorted, looked up by binary
//! search over the file's bytes (no parsing when it is opened):
//! - `z`: a Chinese word → English forms (CC-CEDICT glosses whose words all occur in the index);
//! - `e`: an English form (normalised as the glossary normalises) → Chinese words of the index;
//! - `p`: a pinyin key (`huangyandao`) → Chinese words of the index that read so.
//!
//! Chinese words come from the index's own vocabulary, and, for an index with little or no
//! Chinese, from the entries CC-CEDICT reaches through the index's English words (a gloss or a
//! pinyin spelling such as `taliban`), so a Chinese query can be cut into the table's words.
//! CC-CEDICT (MDBG and the CC-CEDICT contributors) is under CC BY-SA 4.0; the table derived
//! from it stays under that licence.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use tantivy::schema::Field;

use super::Index;
use crate::analysis::fold::is_han;
use crate::analysis::{analyze, Mode};
use crate::error::Result;
use crate::reference::pinyin;

/// The file beside the index that holds the tables.
pub const TABLE_FILE: &str = "milpress-translations.tsv";

/// At most this many forms are kept for one key: beyond them a translation is mostly noise.
pub const MAX_FORMS: usize = 3;

/// The longest English form kept, in words: longer glosses are explanations, not names.
const MAX_GLOSS_WORDS: usize = 3;

/// Which table a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Chinese word → English forms.
    ZhToEn,
    /// Normalised English form → Chinese words.
    EnToZh,
    /// Pinyin key → Chinese words.
    Pinyin,
}

impl Kind {
    fn tag(self) -> char {
        match self {
            Kind::ZhToEn => 'z',
            Kind::EnToZh => 'e',
            Kind::Pinyin => 'p',
        }
    }
}

/// The tables of one index, as read from [`TABLE_FILE`] (empty when there is none).
#[derive(Debug, Default)]
pub struct Tables {
    text: String,
}

impl Tables {
    /// Reads the tables beside the index in `dir`; empty when the file is missing or unreadable
    /// (an index built by an older milpress: searching still works, with fewer translations).
    pub fn load(dir: &Path) -> Tables {
        let text = std::fs::read_to_string(dir.join(TABLE_FILE)).unwrap_or_default();
        Tables { text }
    }

    /// Tables from rows given in memory (tests, and [`build`] before writing).
    pub fn from_rows(rows: &BTreeMap<(char, String), Vec<String>>) -> Tables {
        let mut text = String::new();
        for ((tag, key), forms) in rows {
            text.push(*tag);
            text.push('\t');
            text.push_str(key);
            text.push('\t');
            text.push_str(&forms.join("|"));
            text.push('\n');
        }
        Tables { text }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The forms stored for `key` in table `kind`, best first.
    pub fn get(&self, kind: Kind, key: &str) -> Vec<&str> {
        if key.is_empty() || key.contains(['\t', '\n']) {
            return Vec::new();
        }
        let wanted = format!("{}\t{key}\t", kind.tag());
        let bytes = self.text.as_bytes();
        // Binary search over line starts: `lo` is always a line start.
        let (mut lo, mut hi) = (0usize, bytes.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            // `lo` is a line start, so the line holding `mid` starts at or after it.
            let start = line_start(bytes, mid);
            let line = line_at(&self.text, start);
            match compare(line, &wanted) {
                std::cmp::Ordering::Equal => return forms(line, &wanted),
                std::cmp::Ordering::Less => lo = start + line.len() + 1,
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        Vec::new()
    }

    /// Whether `key` is a Chinese word of the `z` table.
    pub fn has_zh(&self, key: &str) -> bool {
        !self.get(Kind::ZhToEn, key).is_empty()
    }
}

fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1)
}

fn line_at(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    rest.split('\n').next().unwrap_or("")
}

/// How a line sorts against the prefix `kind TAB key TAB` (equal when it starts with it).
fn compare(line: &str, wanted: &str) -> std::cmp::Ordering {
    if line.starts_with(wanted) {
        return std::cmp::Ordering::Equal;
    }
    line.as_bytes().cmp(wanted.as_bytes())
}

fn forms<'t>(line: &'t str, wanted: &str) -> Vec<&'t str> {
    line[wanted.len()..]
        .split('|')
        .filter(|f| !f.is_empty())
        .collect()
}

/// The normalised form of English text, as the glossary and the tables compare it.
pub fn english_key(text: &str) -> String {
    let mut parts = Vec::new();
    analyze(text, Mode::Whole, |t| parts.push(t.text));
    parts.join(" ")
}

/// The English forms of one dictionary sense worth searching: the sense split at `;`, with
/// explanations in brackets, leading `to`/`the`/`a`, and cross-references left out. Names,
/// ordinary words and short phrases remain (`Helmand (name)` → `Helmand`).
pub fn clean_glosses(sense: &str) -> Vec<String> {
    const SKIP: &[&str] = &[
        "variant of",
        "surname",
        "abbr",
        "cl:",
        "see ",
        "used in",
        "used for",
        "classifier",
        "also written",
        "also pr.",
        "old ",
        "particle",
        "(literary)",
        "(archaic)",
        "(dialect)",
        "(slang)",
    ];
    let mut out = Vec::new();
    for part in sense.split(';') {
        let lower = part.to_lowercase();
        if SKIP.iter().any(|s| lower.contains(s)) || part.contains('[') {
            continue;
        }
        let mut plain = String::new();
        let mut depth = 0usize;
        for c in part.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let plain = plain.split(',').next().unwrap_or("").trim();
        let mut words: Vec<&str> = plain.split_whitespace().collect();
        while let Some(first) = words.first() {
            if ["to", "the", "a", "an"].contains(&first.to_lowercase().as_str()) && words.len() > 1
            {
                words.remove(0);
            } else {
                break;
            }
        }
        if words.is_empty()
            || words.len() > MAX_GLOSS_WORDS
            || !words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'' || c == '.')
            })
        {
            continue;
        }
        let gloss = words.join(" ");
        if !out.contains(&gloss) {
            out.push(gloss);
        }
    }
    out
}

/// Every term of `field` in the index, with its document frequency.
fn vocabulary(index: &Index, field: Field, out: &mut HashMap<String, u64>) -> Result<()> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *out.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(())
}

/// Builds the tables for the index in `index` and writes them to [`TABLE_FILE`] beside it.
pub fn build(index: &Index) -> Result<Tables> {
    let mut vocab = HashMap::new();
    vocabulary(index, index.fields.title, &mut vocab)?;
    vocabulary(index, index.fields.body, &mut vocab)?;
    let tables = from_vocabulary(&vocab);
    let tmp = index.dir.join(format!("{TABLE_FILE}.tmp"));
    std::fs::write(&tmp, &tables.text)?;
    std::fs::rename(&tmp, index.dir.join(TABLE_FILE))?;
    Ok(tables)
}

/// The tables for an index whose title and body terms (with document frequencies) are `vocab`.
pub fn from_vocabulary(vocab: &HashMap<String, u64>) -> Tables {
    let han_word = |t: &str| t.chars().count() >= 2 && t.chars().all(is_han);
    let english_in_index = |gloss: &str| {
        let key = english_key(gloss);
        !key.is_empty() && key.split(' ').all(|w| vocab.contains_key(w))
    };
    let mut rows: BTreeMap<(char, String), Vec<String>> = BTreeMap::new();
    let mut en_to_zh: HashMap<String, Vec<(u64, String)>> = HashMap::new();
    let mut seen_zh: HashSet<String> = HashSet::new();

    // Chinese headwords to look up: the index's own words, then those its English words reach.
    let mut headwords: Vec<(String, bool)> = vocab
        .keys()
        .filter(|t| han_word(t))
        .map(|t| (t.clone(), true))
        .collect();
    let mut english: Vec<&String> = vocab
        .keys()
        .filter(|t| t.chars().all(|c| c.is_ascii_alphabetic()) && t.len() >= 4)
        .collect();
    english.sort();
    for word in english {
        for entry in chinese_dictionary::query_by_pinyin(word)
            .into_iter()
            .chain(chinese_dictionary::query_by_english(word))
        {
            if han_word(&entry.simplified) && !vocab.contains_key(&entry.simplified) {
                headwords.push((entry.simplified.clone(), false));
            }
        }
    }
    headwords.sort();
    for (word, in_index) in headwords {
        if !seen_zh.insert(word.clone()) {
            continue;
        }
        let mut forms: Vec<String> = Vec::new();
        for entry in chinese_dictionary::query_by_simplified(&word) {
            for sense in &entry.english {
                for gloss in clean_glosses(sense) {
                    if english_in_index(&gloss) && !forms.contains(&gloss) {
                        forms.push(gloss);
                    }
                }
            }
        }
        forms.truncate(MAX_FORMS);
        if forms.is_empty() {
            continue;
        }
        if in_index {
            let df = vocab.get(&word).copied().unwrap_or(0);
            for gloss in &forms {
                en_to_zh
                    .entry(english_key(gloss))
                    .or_default()
                    .push((df, word.clone()));
            }
        }
        rows.insert(('z', word), forms);
    }
    for (key, mut words) in en_to_zh {
        // The commonest Chinese words of the index for a gloss first: what reports write.
        words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        words.dedup_by(|a, b| a.1 == b.1);
        let words: Vec<String> = words.into_iter().take(MAX_FORMS).map(|w| w.1).collect();
        rows.insert(('e', key), words);
    }

    // Pinyin: names and places of two to four characters.
    let mut by_pinyin: HashMap<String, Vec<(u64, String)>> = HashMap::new();
    for (term, &df) in vocab {
        if !han_word(term) || term.chars().count() > 4 {
            continue;
        }
        if let Some(py) = pinyin::plain(term) {
            by_pinyin
                .entry(pinyin::pinyin_key(&py))
                .or_default()
                .push((df, term.clone()));
        }
    }
    for (key, mut words) in by_pinyin {
        words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let words: Vec<String> = words.into_iter().take(MAX_FORMS).map(|w| w.1).collect();
        rows.insert(('p', key), words);
    }
    Tables::from_rows(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glosses_keep_names_and_words_not_explanations() {
        assert_eq!(clean_glosses("Helmand (name)"), ["Helmand"]);
        assert_eq!(clean_glosses("to attack"), ["attack"]);
        assert_eq!(
            clean_glosses("the Taliban, Islamist organization that emerged in the 1990s"),
            ["Taliban"]
        );
        assert!(clean_glosses("surname Du").is_empty());
        assert!(clean_glosses("variant of 它[ta1]").is_empty());
        assert!(clean_glosses("CL:個|个[ge4]").is_empty());
        assert!(clean_glosses("a very long explanation of something obscure").is_empty());
    }

    #[test]
    fn lookups_find_every_row_and_nothing_else() {
        let mut rows = BTreeMap::new();
        for (i, key) in ["a", "bb", "c", "塔利班", "乌兹别克斯坦", "zz"]
            .iter()
            .enumerate()
        {
            rows.insert(
                ('z', key.to_string()),
                vec![format!("f{i}"), "g".to_string()],
            );
            rows.insert(('e', key.to_string()), vec![format!("e{i}")]);
        }
        let t = Tables::from_rows(&rows);
        assert_eq!(t.get(Kind::ZhToEn, "塔利班"), ["f3", "g"]);
        assert_eq!(t.get(Kind::ZhToEn, "a"), ["f0", "g"]);
        assert_eq!(t.get(Kind::ZhToEn, "zz"), ["f5", "g"]);
        assert_eq!(t.get(Kind::EnToZh, "bb"), ["e1"]);
        assert!(t.get(Kind::ZhToEn, "b").is_empty(), "a prefix is not a key");
        assert!(t.get(Kind::Pinyin, "a").is_empty());
        assert!(Tables::default().get(Kind::ZhToEn, "a").is_empty());
    }

    #[test]
    fn the_dictionary_translates_words_the_index_holds() {
        let vocab: HashMap<String, u64> = [
            ("塔利班", 3),
            ("会议", 5),
            ("taliban", 2),
            ("uzbekistan", 1),
            ("meet", 4),
            ("黄岩岛", 2),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let t = from_vocabulary(&vocab);
        assert_eq!(t.get(Kind::ZhToEn, "塔利班"), ["Taliban"]);
        assert_eq!(t.get(Kind::EnToZh, "taliban"), ["塔利班"]);
        assert!(t.get(Kind::ZhToEn, "会议").contains(&"meeting"));
        assert_eq!(
            t.get(Kind::ZhToEn, "乌兹别克斯坦"),
            ["Uzbekistan"],
            "reached through the index's English words"
        );
        assert_eq!(t.get(Kind::Pinyin, "huangyandao"), ["黄岩岛"]);
    }
}
