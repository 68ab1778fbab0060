//! Latin-script words: lowercased, possessive `'s` dropped, English-stemmed (Porter2), so that
//! `forums` finds `forum` and `China's` finds `China`.
//!
//! Acronyms are not English words and are not stemmed ([`acronym`]): a word of two to six
//! capitals and digits (`IED`, `UAV`, `PLA`, `J20`), optionally followed by a plural `s` (`IEDs`,
//! `UAVs`, `SAMs`), is lowercased and folded to the singular (`ied`). Stemmed, `IEDs` became `i`
//! (the pronoun) and `IED` became `ie`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::document::Fnv1a;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Longest word kept, in bytes: longer runs are base64, hashes or garbage, not words.
pub const MAX_WORD_BYTES: usize = 64;

/// Normalises one word (letters, digits and inner apostrophes, already folded) into `out`;
/// leaves `out` empty when nothing indexable remains.
pub fn normalize_word(word: &str, out: &mut String) {
    out.clear();
    if word.len() > MAX_WORD_BYTES {
        return;
    }
    if word.is_ascii() {
        // Most words: no Unicode case tables, and `’` cannot occur.
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c == '\'' || c == '\u{2019}' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    if let Some(stripped) = out.strip_suffix("'s") {
        out.truncate(stripped.len());
    }

    out.retain(|c| c != '\'' && c != '.');
    if out.is_ascii() && out.bytes().any(|b| b.is_ascii_alphabetic()) {
        stem(out);
    }
}

/// How many stems a thread remembers before it starts over: enough for the vocabulary of a
/// corpus's common words, small enough not to matter (a few MB).
const STEM_CACHE_WORDS: usize = 1 << 16;

thread_local! {
    /// Stems already computed: Porter2 was the largest cost of English text when indexing, and a
    /// corpus repeats its words.
    static STEMS: RefCell<HashMap<Box<str>, Box<str>, BuildHasherDefault<Fnv1a>>> =
        RefCell::default();
}

/// Replaces the ASCII word `word` by its stem.
fn stem(word: &mut String) {
    STEMS.with_borrow_mut(|stems| {
        if let Some(stemmed) = stems.get(word.as_str()) {
            word.clear();
            word.push_str(stemmed);
            return;
        }
        if stems.len() >= STEM_CACHE_WORDS {
            stems.clear();
        }
        let stemmed: Box<str> = STEMMER.stem(word).into();
        stems.insert(word.as_str().into(), stemmed.clone());
        word.clear();
        word.push_str(&stemmed);
    });
}

/// The term of an acronym, lowercased and singular (`IEDs` → `ied`, `IED's` → `ied`), or
/// `None` for a word. The tokenizer indexes it in place of the stemmed form in a query, and
/// beside it in indexed text (so an all-capitals headline, `ARMY DRILLS`, is still found by
/// `army drills`).
pub fn acronym(word: &str) -> Option<String> {
    if word.len() > MAX_WORD_BYTES {
        return None;
    }
    const LONGEST: usize = 6;
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .or_else(|| word.strip_suffix('s'))
        .unwrap_or(word);
    let letters = word.chars().filter(char::is_ascii_uppercase).count();
    (letters >= 2
        && word.len() <= LONGEST
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    .then(|| word.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, &str)] = &[
        ("Forums", "forum"),
        ("forum", "forum"),
        ("China's", "china"),
        ("China’s", "china"),
        ("exercises", "exercis"),
        ("2024", "2024"),
        ("11th", "11th"),
        ("PLA", "pla"),
    ];

    #[test]
    fn acronyms_keep_their_identity() {
        for (word, expected) in [
            ("IED", Some("ied")),
            ("IEDs", Some("ied")),
            ("IED's", Some("ied")),
            ("UAVs", Some("uav")),
            ("SAMs", Some("sam")),
            ("F35B", Some("f35b")),
            ("J20", None),
            ("I", None),
            ("Is", None),
            ("ieds", None),
            ("Navy", None),
            ("MANPADSS", None),
        ] {
            assert_eq!(acronym(word).as_deref(), expected, "{word}");
        }
    }

    #[test]
    fn words_normalise() {
        let mut out = String::new();
        for (word, expected) in CASES {
            normalize_word(word, &mut out);
            assert_eq!(out, *expected, "{word}");
        }
    }

    #[test]
    fn overlong_words_are_dropped() {
        let mut out = String::from("stale");
        normalize_word(&"a".repeat(MAX_WORD_BYTES + 1), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn remembered_stems_are_the_stemmer_s() {
        let mut out = String::new();
        for _ in 0..2 {
            for (word, expected) in CASES {
                normalize_word(word, &mut out);
                assert_eq!(out, *expected, "{word}");
            }
        }
        // Past the cache's size it starts over, and still answers right.
        for i in 0..STEM_CACHE_WORDS + 10 {
            let word = format!("walk{i}ings");
            normalize_word(&word, &mut out);
            assert_eq!(out, STEMMER.stem(&word));
        }
        normalize_word("Forums", &mut out);
        assert_eq!(out, "forum");
    }

    #[test]
    fn non_ascii_words_lowercase_by_unicode() {
        let mut out = String::new();
        normalize_word("Москва", &mut out);
        assert_eq!(out, "москва");
        normalize_word("CAFÉ’s", &mut out);
        assert_eq!(out, "café");
    }
}
