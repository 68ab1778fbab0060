//! Language detection between English, Chinese, a mix of the two, and other languages.
//!
//! The corpus holds English and Chinese, so script counting is enough: Han ideographs against
//! Latin letters, ignoring digits and punctuation. One Han character carries about as much as
//! one English word, so Latin letters are weighed at `LETTERS_PER_HAN` to one. A text mostly in
//! another script (a Japanese, Korean or Russian page saved beside the others) is `other`, never
//! passed off as English or Chinese: Japanese writes with Han characters too, told apart by
//! its kana.

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

/// The share of the weighted text other scripts need before the text is in another language:
/// more than half, so that an English release quoting a Korean or Russian name stays English.
const OTHER_SHARE: f64 = 0.5;

/// The share of kana among a text's Han and kana characters from which it is Japanese (its Han
/// characters Japanese kanji): running Japanese holds about half kana; a Chinese text none, or
/// a quoted name's few.
const KANA_SHARE: f64 = 0.15;

/// How much of a text is in each script, weighed as [`LETTERS_PER_HAN`] says.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Weights {
    han: f64,
    latin: f64,
    /// Scripts of neither language (a Japanese text's Han characters counted here too).
    other: f64,
}

impl Weights {
    fn total(self) -> f64 {
        self.han + self.latin + self.other
    }
}

/// Detects the language of `text`. Text with no letters (empty, numbers) is English.
pub fn detect(text: &str) -> Lang {
    of_weights(weights(text))
}

/// The language of a text whose scripts weigh `w`.
fn of_weights(w: Weights) -> Lang {
    let total = w.total();
    if total == 0.0 {
        return Lang::En;
    }
    if w.other / total > OTHER_SHARE {
        return Lang::Other;
    }
    let (han, latin) = (w.han, w.latin);
    if han + latin == 0.0 {
        return Lang::En;
    }
    let han_share = han / (han + latin);
    if han_share >= 1.0 - MIXED_SHARE {
        Lang::Zh
    } else if han_share <= MIXED_SHARE {
        Lang::En
    } else {
        Lang::Mixed
    }
}

/// How much of `text` is Chinese, English and other: Han characters, Latin letters weighed at
/// [`LETTERS_PER_HAN`] to one, kana and Hangul syllables one each, other letters (Cyrillic,
/// Greek, Arabic ...) as Latin ones.
fn weights(text: &str) -> Weights {
    let (mut han, mut latin, mut kana, mut syllables, mut letters) = (0usize, 0usize, 0, 0, 0);
    for c in text.chars() {
        if is_han(c) {
            han += 1;
        } else if is_latin_letter(c) {
            latin += 1;
        } else if is_kana(c) {
            kana += 1;
        } else if is_hangul(c) {
            syllables += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    let japanese = kana > 0 && kana as f64 >= KANA_SHARE * (han + kana) as f64;
    let (han, kanji) = if japanese { (0, han) } else { (han, 0) };
    Weights {
        han: han as f64,
        latin: latin as f64 / LETTERS_PER_HAN,
        other: (kana + kanji + syllables) as f64 + letters as f64 / LETTERS_PER_HAN,
    }
}

/// The language a file states, unless its text is long enough to judge (20 Han characters, or
/// 20 words' worth of letters) and plainly in another language (English stated, Chinese
/// written, Korean written, or the reverse); else what the text is.
pub fn stated_or_detected(stated: Option<Lang>, text: &str) -> Lang {
    const ENOUGH: f64 = 20.0;
    let weights = weights(text);
    let detected = of_weights(weights);
    match stated {
        Some(stated @ (Lang::En | Lang::Zh | Lang::Other))
            if detected != stated && detected != Lang::Mixed && weights.total() >= ENOUGH =>
        {
            detected
        }
        Some(stated) => stated,
        None => detected,
    }
}

/// Hiragana, katakana (with their phonetic extensions and half-width forms), not the
/// prolonged-sound mark alone.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FA}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}')
}

/// Hangul syllables and jamo.
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
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
    fn a_text_in_another_script_is_other_and_a_quoted_name_is_not() {
        let japanese = "防衛省・自衛隊は、令和6年10月23日から11月1日までの間、日本国内及び\
            周辺海空域において、米軍との共同統合演習を実施します。";
        let korean = "국방부는 3월 4일부터 14일까지 한미 연합연습을 실시한다고 밝혔다.";
        let russian = "Министр обороны провел совещание с руководящим составом Вооруженных Сил.";
        for text in [japanese, korean, russian] {
            assert_eq!(detect(text), Lang::Other, "{text}");
        }
        // A Chinese text quoting a Japanese name, an English one quoting a Korean headline.
        assert_eq!(
            detect("日本防卫省发布《キーン・ソード》联合演习消息，中方对此表示严重关切，要求日方停止挑衅。"),
            Lang::Zh
        );
        assert_eq!(
            detect(&format!(
                "{ENGLISH_WITH_NAME} The ministry's statement was headed 국방부."
            )),
            Lang::En
        );
        // A page that says it is English but is written in Korean.
        assert_eq!(
            stated_or_detected(Some(Lang::En), &korean.repeat(2)),
            Lang::Other
        );
    }

    #[test]
    fn text_without_letters_is_english() {
        assert_eq!(detect(""), Lang::En);
        assert_eq!(detect("2026-05-18 12:00 ——"), Lang::En);
        assert_eq!(detect("台湾"), Lang::Zh);
    }
}
