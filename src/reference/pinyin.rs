//! Pinyin for Chinese personal names, in the roster's spelling (`朱安庆` → `Zhu Anqing`), and
//! matching of pinyin spellings however they are spaced or cased.
//!
//! Readings come from the `pinyin` crate (MIT), without tones. A family name is read with its
//! reading as a family name where that differs from the character's everyday one (`曾` is
//! `Zeng`, not `ceng`; `单` is `Shan`), and two-character family names (`欧阳`) stay one word.
//! Speaker facets and cross-language search use [`to_pinyin`] to make one facet value of a
//! person written in either script; suggestions use [`pinyin_key`] to compare what a user typed
//! (`zhuanqing`, `Zhu An-qing`) with known names.

use std::collections::HashSet;
use std::sync::LazyLock;

use pinyin::ToPinyin;

use super::speaker_words::SPEAKER_WORDS;

/// Every toneless syllable the crate knows, from the common Han block: what a pinyin word is
/// made of.
static SYLLABLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ('\u{4e00}'..='\u{9fa5}').filter_map(reading).collect());

/// The readings of the family names in `data/speaker_words.toml`, single and compound.
static SURNAMES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let names = &SPEAKER_WORDS.chinese_names;
    let single = names
        .surnames
        .chars()
        .filter_map(surname_reading)
        .map(str::to_string);
    let compound = names
        .compound_surnames
        .iter()
        .filter_map(|c| c.chars().map(reading).collect::<Option<String>>());
    single.chain(compound).collect()
});

/// Family names whose reading as a family name is not the character's first reading.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('曾', "zeng"),
    ('单', "shan"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('朴', "piao"),
    ('查', "zha"),
    ('覃', "qin"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('翟', "zhai"),
    ('缪', "miao"),
    ('尉', "yu"),
    ('种', "chong"),
    ('秘', "bi"),
    ('召', "shao"),
    ('繁', "po"),
    ('员', "yun"),
    ('黑', "he"),
    ('长', "chang"),
    ('重', "chong"),
    ('藏', "zang"),
    ('柏', "bai"),
    ('薄', "bo"),
    ('宿', "su"),
    ('万', "wan"),
    ('沈', "shen"),
    ('石', "shi"),
    ('阚', "kan"),
    ('华', "hua"),
];

/// The plain reading of one Han character (lowercase, no tone), `None` for a character the
/// crate does not know or that is not Han.
fn reading(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.plain())
}

/// The reading of `c` as a family name.
fn surname_reading(c: char) -> Option<&'static str> {
    SURNAME_READINGS
        .iter()
        .find(|(s, _)| *s == c)
        .map(|(_, r)| *r)
        .or_else(|| reading(c))
}

/// `zhu` → `Zhu`.
pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The pinyin of a Chinese personal name in the roster's spelling: family name first, given
/// name joined, both capitalised (`朱安庆` → `Zhu Anqing`, `欧阳明` → `Ouyang Ming`). `None` unless
/// `name` is 2 to 4 Han characters that all have a reading.
pub fn to_pinyin(name: &str) -> Option<String> {
    let name = name.trim();
    let chars: Vec<char> = name.chars().collect();
    if !(2..=4).contains(&chars.len()) {
        return None;
    }
    let compound = chars.len() >= 3
        && SPEAKER_WORDS
            .chinese_names
            .compound_surnames
            .iter()
            .any(|c| name.starts_with(c.as_str()));
    let family_len = if compound { 2 } else { 1 };
    let mut family = String::new();
    for (i, c) in chars[..family_len].iter().enumerate() {
        let r = if i == 0 {
            surname_reading(*c)?
        } else {
            reading(*c)?
        };
        family.push_str(r);
    }
    let mut given = String::new();
    for c in &chars[family_len..] {
        let r = reading(*c)?;
        // `Xi'an`: an apostrophe where a syllable starting with a vowel would run into the one
        // before it; pinyin spelling rules, and what English reports print.
        if !given.is_empty() && r.starts_with(['a', 'e', 'o']) {
            given.push('\'');
        }
        given.push_str(r);
    }
    Some(format!("{} {}", capitalise(&family), capitalise(&given)))
}

/// The everyday readings of a Chinese word, one syllable per character separated by spaces
/// (`黄岩岛` → `huang yan dao`); `None` unless every character is Han with a reading.
pub fn plain(word: &str) -> Option<String> {
    let syllables: Option<Vec<&str>> = word.chars().map(reading).collect();
    syllables.filter(|s| !s.is_empty()).map(|s| s.join(" "))
}

/// A spelling of a pinyin name reduced to what identifies it: lowercase ASCII letters only, so
/// `Zhu Anqing`, `zhu anqing`, `ZhuAnqing` and `Zhu An-qing` compare equal.
pub fn pinyin_key(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether `typed` spells the pinyin of the Chinese name `han`, in either order of family and
/// given name, whatever the spaces, apostrophes, hyphens and case (`zhuanqing` matches `朱安庆`).
pub fn matches(han: &str, typed: &str) -> bool {
    let Some(py) = to_pinyin(han) else {
        return false;
    };
    let key = pinyin_key(typed);
    if key.is_empty() {
        return false;
    }
    if key == pinyin_key(&py) {
        return true;
    }
    // Western order: `Anqing Zhu`.
    match py.split_once(' ') {
        Some((family, given)) => key == pinyin_key(&format!("{given}{family}")),
        None => false,
    }
}

/// Whether `s` is one toneless pinyin syllable (lowercase) of the common Han block.
pub fn is_syllable(s: &str) -> bool {
    SYLLABLES.contains(s)
}

/// Whether `word` (any case, apostrophes and hyphens allowed) splits into one to `max`
/// pinyin syllables.
fn is_syllables(word: &str, max: usize) -> bool {
    let key = pinyin_key(word);
    fn split(rest: &str, left: usize) -> bool {
        if rest.is_empty() {
            return true;
        }
        left > 0
            && (1..=rest.len().min(6))
                .rev()
                .any(|n| SYLLABLES.contains(&rest[..n]) && split(&rest[n..], left - 1))
    }
    !key.is_empty() && split(&key, max)
}

/// Whether `s` reads as a Chinese person's name written in pinyin: two words, a known family
/// name and a given name of one or two syllables, in either order (`Zhu Anqing`, `Anqing Zhu`),
/// each capitalised. English headings (`Mountain City`, `Rescuing Pilots`) are not.
pub fn is_pinyin_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let [a, b] = words.as_slice() else {
        return false;
    };
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && w.chars()
                .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-')
    };
    if !capitalised(a) || !capitalised(b) {
        return false;
    }
    let surname = |w: &str| SURNAMES.contains(&pinyin_key(w));
    (surname(a) && is_syllables(b, 2)) || (surname(b) && is_syllables(a, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_family_name_first_given_name_joined() {
        assert_eq!(to_pinyin("朱安庆").as_deref(), Some("Zhu Anqing"));
        assert_eq!(to_pinyin("陈曦").as_deref(), Some("Chen Xi"));
        assert_eq!(to_pinyin("蒋斌").as_deref(), Some("Jiang Bin"));
        assert_eq!(to_pinyin("张晓刚").as_deref(), Some("Zhang Xiaogang"));
    }

    #[test]
    fn family_names_take_their_reading_as_family_names() {
        assert_eq!(to_pinyin("曾国藩").as_deref(), Some("Zeng Guofan"));
        assert_eq!(to_pinyin("单雄").as_deref(), Some("Shan Xiong"));
        assert_eq!(to_pinyin("欧阳明").as_deref(), Some("Ouyang Ming"));
    }

    #[test]
    fn syllables_starting_with_a_vowel_are_set_off() {
        assert_eq!(to_pinyin("李西安").as_deref(), Some("Li Xi'an"));
    }

    #[test]
    fn only_short_han_names_have_a_reading() {
        assert_eq!(to_pinyin("朱"), None);
        assert_eq!(to_pinyin("Zhu Anqing"), None);
        assert_eq!(to_pinyin("中华人民共和国"), None);
        assert_eq!(to_pinyin(""), None);
    }

    #[test]
    fn pinyin_names_and_english_headings() {
        for name in [
            "Zhu Anqing",
            "Chen Xi",
            "Anqing Zhu",
            "Peng Qing'en",
            "Ouyang Ming",
        ] {
            assert!(is_pinyin_name(name), "{name}");
        }
        for heading in [
            "Mountain City",
            "Rescuing Pilots",
            "Political Commissar",
            "Zhu",
            "zhu anqing",
            "Zhu Anqing Chen",
        ] {
            assert!(!is_pinyin_name(heading), "{heading}");
        }
    }

    #[test]
    fn matching_ignores_spaces_apostrophes_case_and_order() {
        for typed in [
            "Zhu Anqing",
            "zhuanqing",
            "ZHU AN-QING",
            "Anqing Zhu",
            "zhu an'qing",
        ] {
            assert!(matches("朱安庆", typed), "{typed}");
        }
        assert!(!matches("朱安庆", "Zhu Anqin"));
        assert!(!matches("朱安庆", ""));
        assert_eq!(pinyin_key("Li Xi'an"), "lixian");
    }
}
