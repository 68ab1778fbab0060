//! Latin-script words: lowercased, possessive `'s` dropped, English-stemmed (Porter2), so that
//! `forums` finds `forum` and `China's` finds `China`.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

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
    for c in word.chars() {
        if c == '\'' || c == '\u{2019}' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if let Some(stripped) = out.strip_suffix("'s") {
        out.truncate(stripped.len());
    }
    out.retain(|c| c != '\'' && c != '.');
    if out.chars().any(|c| c.is_alphabetic()) && out.is_ascii() {
        let stemmed = STEMMER.stem(out);
        if stemmed.len() != out.len() || stemmed != out.as_str() {
            let stemmed = stemmed.into_owned();
            *out = stemmed;
        }
    }
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
}
