//! The word lists behind speaker finding and title stripping (`data/speaker_words.toml`):
//! titles around a name, labels that are not people, Chinese family names, English given names,
//! speech verbs.
//!
//! Parsed once into [`SPEAKER_WORDS`]. Lists that are tried as prefixes or suffixes are sorted
//! longest first here, whatever the order in the file, so that `senior colonel` wins over
//! `colonel` and `国防部长` over `国防部`.

use std::sync::LazyLock;

use serde::Deserialize;

/// The word lists shipped with milpress.
const BUILTIN: &str = include_str!("../../data/speaker_words.toml");

/// Every list of `data/speaker_words.toml`, parsed and ordered.
pub static SPEAKER_WORDS: LazyLock<SpeakerWords> = LazyLock::new(|| {
    SpeakerWords::from_toml(BUILTIN).expect("the embedded data/speaker_words.toml parses")
});

/// The word lists, grouped as in the file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerWords {
    pub titles: Titles,
    pub labels: Labels,
    pub chinese_names: ChineseNames,
    pub english_names: EnglishNames,
    pub speech: Speech,
}

/// Titles, ranks and organisations around a name; each list longest first.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Titles {
    /// English, lowercase, in front of a name (`senior colonel`).
    pub en: Vec<String>,
    /// Chinese, in front of a name (`国防部新闻发言人`).
    pub zh_prefixes: Vec<String>,
    /// Chinese, after a name (`大校`).
    pub zh_suffixes: Vec<String>,
}

/// Labels before a colon that are not speakers.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Labels of a question turn, lowercase (`question`, `记者`).
    pub questions: Vec<String>,
    /// Labels of an answer by the briefing's spokesperson, lowercase (`答`, `a`).
    pub answers: Vec<String>,
    /// Lowercase words that rule out an English label as a name (`xinhua`, `note`, `the`).
    pub not_names: Vec<String>,
    /// Han labels that are not people (`主持人`).
    pub not_names_zh: Vec<String>,
    /// Labels of whoever runs the briefing, lowercase (`moderator`, `operator`, `主持人`): their
    /// turn ends the answer before it and is nobody's answer.
    pub asides: Vec<String>,
}

/// What a Chinese personal name looks like.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChineseNames {
    /// Single-character family names, as one string.
    pub surnames: String,
    /// Two-character family names (`欧阳`).
    pub compound_surnames: Vec<String>,
    /// Characters of headings and phrases, never of a name, as one string.
    pub not_name_chars: String,
}

/// What an English personal name looks like.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnglishNames {
    /// Given names, lowercase (`john`).
    pub given: Vec<String>,
}

/// Words of Chinese reporting around a speaker's name; each list longest first.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speech {
    /// Verbs of speaking after a name (`表示`).
    pub zh_verbs: Vec<String>,
    /// Time words between a name and its verb (`当天`).
    pub zh_times: Vec<String>,
    /// Words of the occasion of speaking (`记者会`): a spokesperson named in a sentence that
    /// holds one speaks in it.
    pub zh_occasions: Vec<String>,
}

impl SpeakerWords {
    /// Parses word lists in the format of `data/speaker_words.toml`, sorting the prefix and
    /// suffix lists longest first (ties keep the file's order).
    pub fn from_toml(text: &str) -> Result<SpeakerWords, toml::de::Error> {
        let mut words: SpeakerWords = toml::from_str(text)?;
        for list in [
            &mut words.titles.en,
            &mut words.titles.zh_prefixes,
            &mut words.titles.zh_suffixes,
            &mut words.speech.zh_verbs,
            &mut words.speech.zh_times,
        ] {
            list.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        }
        Ok(words)
    }
}

/// Whether `list` holds `word` exactly.
pub fn holds(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_are_filled_and_sorted_longest_first() {
        let words = &*SPEAKER_WORDS;
        for list in [
            &words.titles.en,
            &words.titles.zh_prefixes,
            &words.titles.zh_suffixes,
            &words.speech.zh_verbs,
        ] {
            assert!(!list.is_empty());
            let lengths: Vec<usize> = list.iter().map(|w| w.chars().count()).collect();
            assert!(lengths.windows(2).all(|w| w[0] >= w[1]), "{list:?}");
        }
        assert!(words.titles.en.iter().all(|t| *t == t.to_lowercase()));
        assert!(holds(&words.labels.questions, "记者"));
        assert!(words.chinese_names.surnames.contains('蒋'));
        assert!(holds(&words.labels.answers, "答"));
        assert!(holds(&words.english_names.given, "john"));
        for list in [&words.labels.not_names, &words.english_names.given] {
            assert!(list.iter().all(|w| *w == w.to_lowercase()), "{list:?}");
        }
    }

    #[test]
    fn file_order_does_not_matter() {
        const SHORT_FIRST: &str = r#"
            [titles]
            en = ["colonel", "senior colonel"]
            zh_prefixes = ["国防部", "国防部长"]
            zh_suffixes = []
            [labels]
            questions = []
            answers = []
            not_names = []
            not_names_zh = []
            asides = []
            [chinese_names]
            surnames = ""
            compound_surnames = []
            not_name_chars = ""
            [english_names]
            given = []
            [speech]
            zh_verbs = []
            zh_times = []
            zh_occasions = []
        "#;
        let words = SpeakerWords::from_toml(SHORT_FIRST).unwrap();
        assert_eq!(words.titles.en, ["senior colonel", "colonel"]);
        assert_eq!(words.titles.zh_prefixes, ["国防部长", "国防部"]);
    }

    #[test]
    fn a_missing_list_is_an_error() {
        assert!(SpeakerWords::from_toml("[titles]\nen = []\n").is_err());
    }
}
