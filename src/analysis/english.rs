//! Latin-script words: lowercased, possessive `'s` dropped, English-stemmed (Porter2), so that
//! `forums` finds `forum` and `China's` finds `China`.
//!
//! Acronyms are not English words and are not stemmed ([`acronym`]): a word of two to six
//! capitals and digits (`IED`, `UAV`, `PLA`, `J20`), optionally followed by a plural `s` (`IEDs`,
//! `UAVs`, `SAMs`), is lowercased and folded to the singular (`ied`). Stemmed, `IEDs` became `i`
//! (the pronoun) and `IED` became `ie`.

use std::cell::RefCell;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
                for lower in c.to_lowercase() {
                    fold_latin(lower, out);
                }
            }
        }
    }
    if let Some(stripped) = out.strip_suffix("'s") {
        out.truncate(stripped.len());
    }

    out.retain(|c| c != '\'' && c != '.');
    // Porter2 leaves words of one or two letters as they are.
    if out.len() > 2 && out.is_ascii() && out.bytes().any(|b| b.is_ascii_alphabetic()) {
        stem(out);
    }
}

/// The number of a variant's designation token (`35a` → `35`, `055a` → `055`, `6k` → `6`):
/// digits followed by one or two letters, not an ordinal or a time of day (`1st`, `10am`).
pub fn variant_base(token: &str) -> Option<&str> {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    let (number, letters) = token.split_at(digits);
    let variant = digits > 0
        && (1..=2).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_lowercase())
        && !["st", "nd", "rd", "th", "am", "pm", "s"].contains(&letters);
    variant.then_some(number)
}

/// Porter2's stem of the ASCII word `word`, of its American spelling when it is a British one
/// (`defence` → `defense` → `defens`: see [`crate::reference::spelling`]).
fn stem_of(word: &str) -> std::borrow::Cow<'_, str> {
    match crate::reference::spelling::american(word) {
        Some(american) => STEMMER.stem(&american).into_owned().into(),
        None => STEMMER.stem(word),
    }
}

/// Pushes a lowercase letter without its diacritics when it is a Latin letter (`ă` → `a`, `é` →
/// `e`, `ễ` → `e`, `đ` → `d`, `ß` → `ss`), so that `Phan Van Giang` finds `Phan Văn Giang`
/// and `Nguyen` finds `Nguyễn`; any other character as it is.
fn fold_latin(c: char, out: &mut String) {
    let latin = matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}');
    if !latin || c == '\u{d7}' || c == '\u{f7}' {
        out.push(c);
        return;
    }
    match c {
        'đ' => out.push('d'),
        'ł' => out.push('l'),
        'ø' => out.push('o'),
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'þ' => out.push_str("th"),
        _ => {
            let before = out.len();
            out.extend(std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)));
            if out.len() == before {
                out.push(c);
            }
        }
    }
}

/// How many stems a thread remembers (one slot per hash; a corpus's common words fit easily).
const STEM_SLOTS: usize = 1 << 14;

/// The longest word whose stem is remembered, in bytes; longer ones are rare and stemmed each
/// time.
const STEM_CACHE_BYTES: usize = 16;

/// A remembered stem: both kept inline, so a lookup is one load and two compares.
#[derive(Clone, Copy, Default)]
struct StemSlot {
    word: [u8; STEM_CACHE_BYTES],
    word_len: u8,
    stem: [u8; STEM_CACHE_BYTES],
    stem_len: u8,
}

thread_local! {
    /// Stems already computed: Porter2 was the largest cost of English text when indexing, and a
    /// corpus repeats its words. A word whose slot holds another word is stemmed again and
    /// takes the slot over.
    static STEMS: RefCell<Vec<StemSlot>> = RefCell::new(vec![StemSlot::default(); STEM_SLOTS]);
}

/// Replaces the ASCII word `word` by its stem.
fn stem(word: &mut String) {
    if word.len() > STEM_CACHE_BYTES {
        let stemmed = stem_of(word).into_owned();
        *word = stemmed;
        return;
    }
    let mut key = [0; STEM_CACHE_BYTES];
    key[..word.len()].copy_from_slice(word.as_bytes());
    let (low, high) = key.split_at(8);
    let halves = [low, high].map(|h| u64::from_le_bytes(h.try_into().unwrap_or_default()));
    // Multiply-mix the two halves; the product's high bits pick the slot.
    let hash = (halves[0].wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ halves[1])
        .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    let index = (hash >> (64 - STEM_SLOTS.trailing_zeros())) as usize;
    STEMS.with_borrow_mut(|slots| {
        let Some(slot) = slots.get_mut(index) else {
            let stemmed = stem_of(word).into_owned();
            *word = stemmed;
            return;
        };
        if usize::from(slot.word_len) != word.len() || slot.word != key {
            let stemmed = stem_of(word);
            if stemmed.len() > STEM_CACHE_BYTES {
                let stemmed = stemmed.into_owned();
                *word = stemmed;
                return;
            }
            slot.word = key;
            slot.word_len = word.len() as u8;
            slot.stem = [0; STEM_CACHE_BYTES];
            slot.stem[..stemmed.len()].copy_from_slice(stemmed.as_bytes());
            slot.stem_len = stemmed.len() as u8;
        }
        let stem = &slot.stem[..usize::from(slot.stem_len)];
        word.clear();
        // Only ever filled from a `&str` above.
        word.push_str(std::str::from_utf8(stem).unwrap_or_default());
    });
}

/// The term of an acronym, lowercased and singular (`IEDs` → `ied`, `IED's` → `ied`), or
/// `None` for a word. The tokenizer indexes it in place of the stemmed form in a query, and
/// beside it in indexed text (so an all-capitals headline, `ARMY DRILLS`, is still found by
/// `army drills`).
pub fn acronym(word: &str) -> Option<String> {
    // Every character of an acronym is a capital or a digit, the first included: most words
    // are rejected here, before the suffixes are tried.
    if word.len() > MAX_WORD_BYTES
        || !word
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
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
        // Words that share a slot take it over from each other, and still answer right.
        for round in 0..2 {
            for i in 0..STEM_SLOTS * 2 {
                let word = format!("walk{i}ings");
                normalize_word(&word, &mut out);
                assert_eq!(out, STEMMER.stem(&word), "round {round}");
            }
        }
        for (word, spelled) in [
            ("internationalisations", "internationalizations"),
            ("counterrevolutionaries", "counterrevolutionaries"),
        ] {
            normalize_word(word, &mut out);
            assert_eq!(out, STEMMER.stem(spelled));
        }
        // British spellings are stemmed as the American ones.
        for (british, american) in [
            ("defence", "defense"),
            ("Grey", "gray"),
            ("manoeuvres", "maneuvers"),
        ] {
            normalize_word(british, &mut out);
            let mut want = String::new();
            normalize_word(american, &mut want);
            assert_eq!(out, want, "{british}");
        }
        normalize_word("Forums", &mut out);
        assert_eq!(out, "forum");
    }

    #[test]
    fn the_stemmer_leaves_two_letters_alone() {
        let alphabet = ('a'..='z').chain('0'..='9');
        for a in alphabet.clone() {
            for b in alphabet.clone() {
                let word = format!("{a}{b}");
                assert_eq!(STEMMER.stem(&word), word);
                assert_eq!(STEMMER.stem(&word[..1]), &word[..1]);
            }
        }
    }

    #[test]
    fn non_ascii_words_lowercase_by_unicode() {
        let mut out = String::new();
        normalize_word("Москва", &mut out);
        assert_eq!(out, "москва");
        normalize_word("CAFÉ’s", &mut out);
        assert_eq!(out, "cafe");
    }

    #[test]
    fn latin_letters_lose_their_diacritics() {
        let mut out = String::new();
        for (word, want) in [
            ("Văn", "van"),
            ("Nguyễn", "nguyen"),
            ("Đông", "dong"),
            ("Peña", "pena"),
            ("Łódź", "lodz"),
            ("Straße", "strass"),
            ("Москва", "москва"),
        ] {
            normalize_word(word, &mut out);
            let mut plain = String::new();
            normalize_word(want, &mut plain);
            assert_eq!(out, plain, "{word}");
        }
    }
}
