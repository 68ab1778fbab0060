//! Names no dictionary lists, matched by sound: the pinyin of a Chinese name (`昆都士` →
//! kun du shi) and the English words of the index are reduced to a consonant skeleton (`GNDS`
//! both for kun-du-shi and for Kunduz; `MLS` for ma-er-jia and Marjah), and the index's words
//! whose skeleton and first vowel agree are searched too, shown as `(transliteration)`.
//!
//! Chinese transliteration gives each foreign consonant a syllable of its own and keeps no
//! voicing (d and t, g and k, l and r fall together), so the skeleton keeps only consonant
//! classes, a syllable's final n, and leaves vowels out. Short skeletons match too many words:
//! only names of three or more classes are tried, and at most [`MAX_FORMS`] words are kept.

use super::{Candidate, Source};
use crate::analysis::fold::is_han;
use crate::reference::pinyin::plain;

/// At most this many English words stand for one name.
pub const MAX_FORMS: usize = 3;

/// The shortest skeleton tried: two consonant classes match too many ordinary words.
const SHORTEST: usize = 3;

/// The candidates for a Chinese name of 2 to 6 characters that no other source translated:
/// the index's English words (given per first letter by `english`) that sound like it.
pub fn candidates(text: &str, english: &dyn Fn(char) -> Vec<String>) -> Option<Candidate> {
    let text = text.trim();
    let n = text.chars().count();
    if !(2..=6).contains(&n) || !text.chars().all(is_han) {
        return None;
    }
    let syllables = plain(text)?;
    let syllables: Vec<&str> = syllables.split(' ').collect();
    let (skeleton, vowel) = pinyin_skeleton(&syllables);
    if skeleton.len() < SHORTEST {
        return None;
    }
    let typed_len = syllables.concat().len();
    let mut found: Vec<String> = Vec::new();
    for letter in first_letters(skeleton[0]) {
        for word in english(*letter) {
            let (other, other_vowel) = english_skeleton(&word);
            // A transliteration spells every foreign consonant with a syllable of its own, so it
            // is longer than the name, but not by half (中业岛, zhongyedao, is not Sunday).
            let close = word.len() * 3 >= typed_len * 2 && word.len() <= typed_len + 2;
            if close && other == skeleton && vowel_group(other_vowel) == vowel_group(vowel) {
                found.push(word);
            }
        }
    }
    // The closest in length first: Kunduz (6 letters) before a longer word with the skeleton.
    found.sort_by_key(|w| (w.len().abs_diff(typed_len), w.clone()));
    found.dedup();
    found.truncate(MAX_FORMS);
    (!found.is_empty()).then(|| Candidate {
        parts: vec![found],
        source: Source::Transliteration,
        complete: true,
    })
}

/// A consonant class: B (b p), D (d t), G (g k), F (f v), S (sibilants), L (l r), M, N, H.
type Class = char;

/// The skeleton of pinyin syllables, and the first vowel.
fn pinyin_skeleton(syllables: &[&str]) -> (Vec<Class>, Option<char>) {
    let mut out = Vec::new();
    let mut vowel = None;
    for syllable in syllables {
        if *syllable == "er" {
            out.push('L');
            vowel.get_or_insert('e');
            continue;
        }
        let (initial, last) = split_initial(syllable);
        if let Some(class) = pinyin_class(initial) {
            out.push(class);
        }
        if vowel.is_none() {
            vowel = last.chars().find(|c| "aeiouv".contains(*c));
        }
        if last.ends_with('n') || last.ends_with("ng") {
            out.push('N');
        }
    }
    (out, vowel)
}

fn split_initial(syllable: &str) -> (&str, &str) {
    for two in ["zh", "ch", "sh"] {
        if let Some(rest) = syllable.strip_prefix(two) {
            return (two, rest);
        }
    }
    match syllable.chars().next() {
        Some(c) if "bpmfdtnlgkhjqxrzcsyw".contains(c) => syllable.split_at(1),
        _ => ("", syllable),
    }
}

fn pinyin_class(initial: &str) -> Option<Class> {
    Some(match initial {
        "b" | "p" => 'B',
        "m" => 'M',
        "f" => 'F',
        "d" | "t" => 'D',
        "n" => 'N',
        "l" | "r" => 'L',
        "g" | "k" => 'G',
        "h" => 'H',
        "j" | "q" | "x" | "zh" | "ch" | "sh" | "z" | "c" | "s" => 'S',
        _ => return None,
    })
}

/// The letters an English word of a skeleton starting with `class` may start with.
fn first_letters(class: Class) -> &'static [char] {
    match class {
        'B' => &['b', 'p'],
        'M' => &['m'],
        'F' => &['f', 'v', 'p'],
        'D' => &['d', 't'],
        'N' => &['n'],
        'L' => &['l', 'r'],
        'G' => &['g', 'k', 'c', 'q'],
        'H' => &['h', 'k'],
        _ => &['s', 'z', 'j', 'c', 'x', 't'],
    }
}

/// The skeleton of an English word (lowercase ASCII letters), and its first vowel.
fn english_skeleton(word: &str) -> (Vec<Class>, Option<char>) {
    let w: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let is_vowel = |c: Option<&char>| c.is_some_and(|c| "aeiouy".contains(*c));
    let mut out: Vec<Class> = Vec::new();
    let mut vowel = None;
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let next = w.get(i + 1);
        let (class, width) = match (c, next) {
            ('s' | 'c' | 'z', Some('h')) => (Some('S'), 2),
            ('t', Some('h')) => (Some('D'), 2),
            ('p', Some('h')) => (Some('F'), 2),
            ('k', Some('h')) => (Some('H'), 2),
            ('g', Some('h')) => (Some('G'), 2),
            ('c', Some('k')) => (Some('G'), 2),
            ('q', Some('u')) => (Some('G'), 2),
            ('b' | 'p', _) => (Some('B'), 1),
            ('m', _) => (Some('M'), 1),
            ('f' | 'v', _) => (Some('F'), 1),
            ('d' | 't', _) => (Some('D'), 1),
            ('n', _) => (Some('N'), 1),
            ('l' | 'r', _) => (Some('L'), 1),
            ('g' | 'k' | 'q', _) => (Some('G'), 1),
            ('c', Some('e' | 'i' | 'y')) => (Some('S'), 1),
            ('c', _) => (Some('G'), 1),
            ('s' | 'z' | 'j' | 'x', _) => (Some('S'), 1),
            // An h sounds only at the start or between vowels (Doha), not in Marjah.
            ('h', _) if i == 0 || (is_vowel(w.get(i.wrapping_sub(1))) && is_vowel(next)) => {
                (Some('H'), 1)
            }
            _ => {
                if vowel.is_none() && "aeiou".contains(c) {
                    vowel = Some(c);
                }
                (None, 1)
            }
        };
        if let Some(class) = class {
            // A doubled letter is one sound (Khalil, Hassan).
            let doubled = i > 0 && w[i - 1] == c;
            if !doubled {
                out.push(class);
            }
        }
        i += width;
    }
    (out, vowel)
}

/// Vowels that transliteration mixes up fall together.
fn vowel_group(v: Option<char>) -> u8 {
    match v {
        Some('a') => 1,
        Some('e' | 'i') => 2,
        Some('o' | 'u' | 'v') => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX_WORDS: &[&str] = &[
        "kunduz", "kind", "kinds", "marjah", "major", "helmand", "taliban", "doha", "conduct",
        "sunday", "joint",
    ];

    fn english(letter: char) -> Vec<String> {
        INDEX_WORDS
            .iter()
            .filter(|w| w.starts_with(letter))
            .map(|w| w.to_string())
            .collect()
    }

    #[test]
    fn names_match_the_index_words_that_sound_alike() {
        for (name, word) in [
            ("昆都士", "kunduz"),
            ("马尔贾", "marjah"),
            ("赫尔曼德", "helmand"),
            ("塔利班", "taliban"),
        ] {
            let c = candidates(name, &english).unwrap_or_else(|| panic!("{name}: nothing"));
            assert_eq!(c.parts, vec![vec![word.to_string()]], "{name}");
            assert_eq!(c.source, Source::Transliteration);
        }
    }

    #[test]
    fn short_names_and_other_text_are_not_tried() {
        assert!(
            candidates("多哈", &english).is_none(),
            "two classes match too much"
        );
        assert!(candidates("Kunduz", &english).is_none());
        assert!(
            candidates("中业岛", &english).is_none(),
            "zhong-ye-dao has Sunday's skeleton but not its length"
        );
    }

    #[test]
    fn skeletons() {
        assert_eq!(english_skeleton("kunduz").0, vec!['G', 'N', 'D', 'S']);
        assert_eq!(english_skeleton("marjah").0, vec!['M', 'L', 'S']);
        assert_eq!(
            english_skeleton("khalilzad").0,
            vec!['H', 'L', 'L', 'S', 'D']
        );
        assert_eq!(
            pinyin_skeleton(&["kun", "du", "shi"]).0,
            vec!['G', 'N', 'D', 'S']
        );
        assert_eq!(
            pinyin_skeleton(&["ma", "er", "jia"]),
            (vec!['M', 'L', 'S'], Some('a'))
        );
    }
}
