//! Other forms of a query part, from the sources that translate without a hand-written list:
//! pairs learned from the index's bilingual documents ([`learned`]), the index's dictionary
//! table ([`dictionary`]), pinyin ([`pinyin`]) and, for a Chinese name none of them knows, the
//! index's English words that sound like it ([`transliterate`]). The hand-written glossary
//! comes first and is consulted by the builder itself, so a pair the user pins there wins;
//! these sources answer for what it does not know, and leave out the pairs it bans. The builder
//! combines the candidates of every part of a query (`Builder::whole` in `build.rs`).
//! `--exact` turns every source off.

mod dictionary;
mod learned;
mod pinyin;
mod transliterate;

pub use transliterate::candidates as transliterate;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::glossary::Glossary;
use crate::analysis::fold::is_han;
use crate::analysis::LONGEST_WORD;
use crate::index::learned::Learned;
use crate::index::tables::Tables;

/// What the index keeps beside it to translate a query: read once per searcher (a few reads
/// of two files; no dictionary).
#[derive(Debug, Default)]
pub struct Translations {
    pub tables: Tables,
    pub learned: Learned,
    /// The index's folder, where the dictionary's answers for its words are kept.
    dir: PathBuf,
    /// Those answers, read when first asked for (only a name no table translates needs them).
    glosses: OnceLock<String>,
}

impl Translations {
    /// The translations beside the index in `dir` (empty parts when their files are missing).
    pub fn load(dir: &Path) -> Translations {
        Translations {
            tables: Tables::load(dir),
            learned: Learned::load(dir),
            dir: dir.to_path_buf(),
            glosses: OnceLock::new(),
        }
    }

    /// Whether the dictionary knows `word` as a common word (`战略`, strategy), not a name:
    /// it has a sense, and none is a proper noun (capitalised). Such a word that no table
    /// translates is left untranslated rather than matched by sound to an English word.
    pub fn is_common_word(&self, word: &str) -> bool {
        let text = self
            .glosses
            .get_or_init(|| crate::index::tables::read_lookups(&self.dir));
        crate::index::tables::glossed_as_common(text, word)
    }
}

/// Whether the user's glossary bans pairing a Chinese form with an English one.
pub(super) type Banned<'a> = &'a dyn Fn(&str, &str) -> bool;

/// Where a form came from, as `also searched` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Learned,
    Dictionary,
    Pinyin,
    /// An index word that sounds like a Chinese name no dictionary lists.
    Transliteration,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Learned => "learned",
            Source::Dictionary => "dictionary",
            Source::Pinyin => "pinyin",
            Source::Transliteration => "transliteration",
        }
    }

    /// Whether this source's forms are guesses, searched only where the index holds them.
    pub fn is_guess(self) -> bool {
        matches!(self, Source::Pinyin | Source::Transliteration)
    }

    /// How much a match of this form counts against one of the words typed.
    pub fn weight(self) -> f32 {
        // Below the glossary's 0.35: no one checked these.
        match self {
            Source::Learned => 0.1,
            Source::Dictionary => 0.3,
            Source::Pinyin => 0.3,
            Source::Transliteration => 0.3,
        }
    }
}

/// One other form of a query part: parts that must all match, each any of its alternatives
/// (`乌兹别克斯坦伊斯兰运动` → `Uzbekistan` AND `Islam` AND (`movement` OR `campaign`)).
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub parts: Vec<Vec<String>>,
    pub source: Source,
    /// Whether it translates all of the text (see [`chinese_parts`]), not some of its words.
    pub complete: bool,
}

impl Candidate {
    /// How `also searched` shows it: `Taliban (dictionary)`.
    pub fn shown(&self) -> String {
        format!("{} ({})", self.forms(), self.source.name())
    }

    /// How `also searched` shows a translation of only some of the words: `military exercise
    /// (dictionary, some of the words)`.
    pub fn shown_in_part(&self) -> String {
        format!(
            "{} ({}, some of the words)",
            self.forms(),
            self.source.name()
        )
    }

    fn forms(&self) -> String {
        self.parts
            .iter()
            .map(|alts| {
                if alts.len() == 1 {
                    alts[0].clone()
                } else {
                    format!("({})", alts.join(" OR "))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The candidates for `text` (a word, a run of words or a Chinese string): learned pairs,
/// then the dictionary, then pinyin; a source's candidate that repeats an earlier one is left
/// out.
pub fn candidates(text: &str, translations: &Translations) -> Vec<Candidate> {
    candidates_with(text, translations, Glossary::builtin())
}

fn candidates_with(text: &str, translations: &Translations, glossary: &Glossary) -> Vec<Candidate> {
    let banned = |zh: &str, en: &str| glossary.banned(zh, en);
    let mut out: Vec<Candidate> = Vec::new();
    let found = [
        learned::candidates(text, &translations.learned, &banned, &|w| {
            translations.tables.has_zh(w)
        }),
        dictionary::candidates(text, &translations.tables, glossary, &banned),
        pinyin::candidates(text, &translations.tables),
    ];
    for mut candidate in found.into_iter().flatten() {
        // A form an earlier source already gave, spaced or cased otherwise (pinyin's `Tali Ban`
        // beside the dictionary's `Taliban`), adds only noise to `also searched`.
        let said: Vec<String> = out
            .iter()
            .flat_map(|c| c.parts.iter().flatten())
            .map(|f| compact(f))
            .collect();
        if let [forms] = candidate.parts.as_mut_slice() {
            forms.retain(|f| !said.contains(&compact(f)));
            if forms.is_empty() {
                continue;
            }
        }
        if !out.iter().any(|c| c.parts == candidate.parts) {
            out.push(candidate);
        }
    }
    out
}

/// A form without spaces, apostrophes or case, to tell spellings of one name apart from names.
fn compact(form: &str) -> String {
    form.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The parts of a Chinese `text` for a source that knows the words `known` accepts: each Han run
/// [`cut`] into them, each word its `forms` (words with none are left out); and whether they
/// translate the whole text, every character but [`FUNCTION_CHARACTERS`] inside a word with
/// forms (国防 alone of 多国防务官员 does not: a quoted string asks for the whole).
fn chinese_parts(
    text: &str,
    known: &dyn Fn(&str) -> bool,
    forms: impl Fn(&str) -> Vec<String>,
) -> (Vec<Vec<String>>, bool) {
    let mut parts = Vec::new();
    // Letters or figures typed against the Chinese (`董军Xiangshan`, `2024A演习`) are no part of
    // any Chinese word's translation.
    let mut complete = !text.chars().any(|c| c.is_alphanumeric() && !is_han(c));
    for run in text
        .split(|c: char| !is_han(c))
        .filter(|run| !run.is_empty())
    {
        let mut at = 0;
        for (start, word) in cut(run, known) {
            let found = forms(word);
            if found.is_empty() {
                continue;
            }
            complete &= only_function_characters(&run[at..start]);
            at = start + word.len();
            parts.push(found);
        }
        complete &= only_function_characters(&run[at..]);
    }
    (parts, complete)
}

fn only_function_characters(text: &str) -> bool {
    text.chars().all(|c| FUNCTION_CHARACTERS.contains(c))
}

/// Characters a translation may leave out of a Chinese string: they join or mark its words
/// (美国对台军售: United States, arms sales).
const FUNCTION_CHARACTERS: &str = "的之和与及在了对向将等是为也而并把被由从于其就以";

/// `run` (Han characters) cut into the words `known` accepts, longest first from the left, each
/// with where it starts; characters no word covers are left out.
fn cut<'r>(run: &'r str, known: &dyn Fn(&str) -> bool) -> Vec<(usize, &'r str)> {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at + 1 < bounds.len() {
        let longest = (at + LONGEST_WORD).min(bounds.len() - 1);
        match (at + 2..=longest)
            .rev()
            .find(|&end| known(&run[bounds[at]..bounds[end]]))
        {
            Some(end) => {
                out.push((bounds[at], &run[bounds[at]..bounds[end]]));
                at = end;
            }
            None => at += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn a_spelling_an_earlier_source_gave_is_not_repeated() {
        let mut rows = BTreeMap::new();
        rows.insert(('z', "塔利班".to_string()), vec!["Taliban".to_string()]);
        let translations = Translations {
            tables: Tables::from_rows(&rows),
            ..Translations::default()
        };
        let found = candidates_with("塔利班", &translations, &Glossary::default());
        let shown: Vec<String> = found.iter().map(Candidate::shown).collect();
        assert_eq!(shown, ["Taliban (dictionary)"], "{shown:?}");
        assert_eq!(compact("Ren'ai Jiao"), compact("renaijiao"));
    }

    #[test]
    fn a_translation_says_whether_it_covers_the_whole_string() {
        let mut rows = BTreeMap::new();
        rows.insert(
            ('z', "国防".to_string()),
            vec!["national defense".to_string()],
        );
        rows.insert(('z', "官员".to_string()), vec!["official".to_string()]);
        rows.insert(('z', "军售".to_string()), vec!["arms sales".to_string()]);
        let translations = Translations {
            tables: Tables::from_rows(&rows),
            ..Translations::default()
        };
        let complete = |text: &str| {
            let found = candidates_with(text, &translations, &Glossary::default());
            found.first().map(|c| c.complete)
        };
        assert_eq!(complete("国防官员"), Some(true));
        // Joining characters may be left out; any other character may not.
        assert_eq!(complete("国防的军售"), Some(true));
        assert_eq!(complete("多国防务官员"), Some(false));
        assert_eq!(complete("国防Xiangshan"), Some(false));
        assert_eq!(complete("国防官员2024"), Some(false));
        assert_eq!(complete("对台军售"), Some(false));
    }
}
