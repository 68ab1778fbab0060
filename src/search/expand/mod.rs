//! Other forms of a query part, from the sources that translate without a hand-written list:
//! the index's dictionary table ([`dictionary`]), pinyin ([`pinyin`]) and, for a Chinese name none
//! of them knows, the index's English words that sound like it ([`transliterate`]). The hand-written
//! glossary comes first and is consulted by the builder itself; these sources answer for what
//! it does not know. `--exact` turns every source off.

mod dictionary;
mod pinyin;
mod transliterate;

pub use transliterate::candidates as transliterate;

use crate::index::tables::Tables;

/// Where a form came from, as `also searched` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Dictionary,
    Pinyin,
    /// An index word that sounds like a Chinese name no dictionary lists.
    Transliteration,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Dictionary => "dictionary",
            Source::Pinyin => "pinyin",
            Source::Transliteration => "transliteration",
        }
    }

    /// How much a match of this form counts against one of the words typed.
    pub fn weight(self) -> f32 {
        match self {
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
}

impl Candidate {
    /// How `also searched` shows it: `Taliban (dictionary)`.
    pub fn shown(&self) -> String {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|alts| {
                if alts.len() == 1 {
                    alts[0].clone()
                } else {
                    format!("({})", alts.join(" OR "))
                }
            })
            .collect();
        format!("{} ({})", parts.join(" "), self.source.name())
    }
}

/// The candidates for `text` (a word, a run of words or a Chinese string), in the order of
/// trust: pairs learned from the corpus, then the dictionary, then pinyin. The builder combines
/// the candidates of every part of a query (`Builder::whole` in `build.rs`).
pub fn candidates(text: &str, tables: &Tables) -> Vec<Candidate> {
    let mut out = Vec::new();
    // Pairs learned from the corpus's bilingual documents go here, before the dictionary.
    out.extend(dictionary::candidates(text, tables));
    out.extend(pinyin::candidates(text, tables));
    out
}
