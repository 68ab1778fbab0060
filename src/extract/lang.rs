//! Language detection between English, Chinese and a mix of the two.
//!
//! The corpus only holds English and Chinese, so script counting is enough: Han ideographs
//! against Latin letters, ignoring digits and punctuation. One Han character carries about as
//! much as one English word, so Latin letters are weighed at `LETTERS_PER_HAN` to one.

use crate::document::Lang;
/// Whether a character is Han; shared with the rest of the crate through the reference layer.
pub use crate::reference::script::is_han;

/// How many Latin letters weigh as much as one Han character (an English word averages about
/// 4.5 letters, and one Chinese character about one word's worth of meaning).
const LETTERS_PER_HAN: f64 = 4.5;

/// The share of the weighted text the minority script needs before the text counts as mixed.
/// Low enough that a bilingual release (about half of each) is mixed, high enough that an
/// English release quoting a few Chinese names, or a Chinese article with some acronyms,
/// keeps its main language.
const MIXED_SHARE: f64 = 0.2;

/// Detects the language of `text`. Text with neither script (empty, numbers) is English.
pub fn detect(text: &str) -> Lang {
    of_weights(weights(text))
}

/// The language of a text whose scripts weigh `(han, latin)`.
fn of_weights((han, latin): (f64, f64)) -> Lang {
    let total = han + latin;
    if total == 0.0 {
        return Lang::En;
    }
    let han_share = han / total;
    if han_share >= 1.0 - MIXED_SHARE {
        Lang::Zh
    } else if han_share <= MIXED_SHARE {
        Lang::En
    } else {
        Lang::Mixed
    }
}

/// How much of `text` is Chinese and how much English: Han characters, and Latin letters
/// weighed at [`LETTERS_PER_HAN`] to one.
fn weights(text: &str) -> (f64, f64) {
    let (mut han, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if is_han(c) {
            han += 1;
        } else if is_latin_letter(c) {
            latin += 1;
        }
    }
    (han as f64, latin as f64 / LETTERS_PER_HAN)
}

/// The language a file states, unless its text is long enough to judge (20 Han characters, or
/// 20 words' worth of Latin letters) and plainly in the other language (English stated,
/// Chinese written, or the reverse); else what the text is.
pub fn stated_or_detected(stated: Option<Lang>, text: &str) -> Lang {
    const ENOUGH: f64 = 20.0;
    let (han, latin) = weights(text);
    let detected = of_weights((han, latin));
    match stated {
        Some(stated @ (Lang::En | Lang::Zh))
            if detected != stated && detected != Lang::Mixed && han + latin >= ENOUGH =>
        {
            detected
        }
        Some(stated) => stated,
        None => detected,
    }
}

/// True for letters of the Latin script: ASCII, Latin-1, Latin Extended and full-width forms.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
        || ('\u{FF21}'..='\u{FF3A}').contains(&c)
        || ('\u{FF41}'..='\u{FF5A}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH_WITH_NAME: &str =
        "Senior Colonel Jiang Bin (蒋斌), spokesperson for the Ministry \
        of National Defense, answered questions on military exchanges at the regular press \
        conference on Thursday afternoon.";
    const CHINESE_WITH_ACRONYMS: &str =
        "国防部新闻发言人表示，美国在南海的所谓航行自由行动严重威胁地区和平稳定，\
        中国人民解放军（PLA）将坚决维护国家主权。US方面应停止挑衅。";
    const BILINGUAL: &str = "The Chinese military will continue to deepen exchanges with foreign \
        militaries and safeguard regional peace. 中国军队将继续深化对外军事交流合作，维护地区和平稳定。";

    #[test]
    fn detects_the_dominant_script() {
        assert_eq!(detect(ENGLISH_WITH_NAME), Lang::En);
        assert_eq!(detect(CHINESE_WITH_ACRONYMS), Lang::Zh);
        assert_eq!(detect(BILINGUAL), Lang::Mixed);
    }

    #[test]
    fn a_stated_language_holds_unless_the_text_is_plainly_the_other() {
        assert_eq!(
            stated_or_detected(Some(Lang::En), CHINESE_WITH_ACRONYMS),
            Lang::Zh
        );
        assert_eq!(
            stated_or_detected(Some(Lang::Zh), ENGLISH_WITH_NAME),
            Lang::En
        );
        assert_eq!(stated_or_detected(Some(Lang::Zh), BILINGUAL), Lang::Zh);
        assert_eq!(
            stated_or_detected(Some(Lang::Mixed), ENGLISH_WITH_NAME),
            Lang::Mixed
        );
        // Too short to overrule the file: a headline of a few words.
        assert_eq!(stated_or_detected(Some(Lang::Zh), "Navy day"), Lang::Zh);
        assert_eq!(stated_or_detected(Some(Lang::En), "海军节"), Lang::En);
        assert_eq!(stated_or_detected(None, "海军节"), Lang::Zh);
    }

    #[test]
    fn text_without_letters_is_english() {
        assert_eq!(detect(""), Lang::En);
        assert_eq!(detect("2026-05-18 12:00 ——"), Lang::En);
        assert_eq!(detect("台湾"), Lang::Zh);
    }
}
