//! The bilingual glossary (`data/glossary.toml`, plus the speaker roster): the ways one thing is
//! written in English and Chinese, so a query in one language also finds documents in the other.
//! Terms are compared in normalised form (case, stemming, full-width and traditional characters
//! folded), without segmenting Chinese, so looking a query up never loads jieba.
//!
//! A glossary file also bans pairs (`[[ban]] zh = "…" en = "…"`): translations the learned
//! pairs or the dictionary would offer and the user does not want. An entry pins a pair: the
//! glossary is consulted before those sources, so its forms win.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::analysis::normalized;
use crate::reference::{self, Roster};

/// Names an extra glossary file, in the format of `data/glossary.toml`, added to the built-in one.
pub const GLOSSARY_ENV: &str = "MILPRESS_GLOSSARY";

static GLOSSARY: LazyLock<Glossary> = LazyLock::new(|| {
    let mut glossary = Glossary::from_toml(reference::GLOSSARY_TOML, reference::roster())
        .expect("the built-in data/glossary.toml parses");
    if let Some(path) = std::env::var_os(GLOSSARY_ENV) {
        if let Err(err) = glossary.add_file(PathBuf::from(path)) {
            // Searching still works with the built-in glossary; say why the terms are not there.
            eprintln!("milpress: {GLOSSARY_ENV}: {err}");
        }
    }
    glossary
});

/// Why a glossary file could not be added.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The text is not a glossary: TOML syntax, or a key other than `en` and `zh` (`term`,
    /// `ban`).
    #[error("not a glossary file: {source}")]
    Parse {
        #[source]
        source: toml::de::Error,
    },
}

/// Every way of writing each known term.
#[derive(Debug, Default)]
pub struct Glossary {
    /// Each entry's variants, usual forms first.
    entries: Vec<Vec<String>>,
    /// Normalised variant → the entries it belongs to.
    by_key: HashMap<String, Vec<usize>>,
    /// Banned pairs, normalised: `(Chinese, English)`.
    banned: HashSet<(String, String)>,
    /// Prefixes of designations, `(English, Chinese)`: `("J", "歼")` pairs J-15 and 歼-15.
    designations: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<Term>,
    #[serde(default)]
    ban: Vec<Ban>,
    #[serde(default)]
    designation: Vec<Designation>,
}

/// The prefix of a family of designations in each language (`J` and `歼`: J-15 is 歼-15).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Designation {
    en: String,
    zh: String,
}

/// A pair no source may offer: `zh` is never translated as `en`, nor `en` as `zh`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ban {
    zh: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    zh: Vec<String>,
}

impl Glossary {
    /// The shipped glossary, with every roster name paired with its Chinese form.
    pub fn builtin() -> &'static Glossary {
        &GLOSSARY
    }

    /// Reads a glossary file and adds the roster's names.
    pub fn from_toml(text: &str, roster: &Roster) -> Result<Glossary, GlossaryError> {
        let mut glossary = Glossary::default();
        glossary.add_toml(text)?;
        for person in roster.people() {
            if !person.name_zh.is_empty() {
                glossary.add(vec![person.name.clone(), person.name_zh.clone()]);
            }
        }
        Ok(glossary)
    }

    /// Adds the terms of a glossary file.
    pub fn add_toml(&mut self, text: &str) -> Result<(), GlossaryError> {
        let file: GlossaryFile =
            toml::from_str(text).map_err(|source| GlossaryError::Parse { source })?;
        for term in file.term {
            self.add(term.en.into_iter().chain(term.zh).collect());
        }
        for ban in file.ban {
            self.banned
                .insert((normalized(&ban.zh), normalized(&ban.en)));
        }
        for designation in file.designation {
            self.designations.push((designation.en, designation.zh));
        }
        // The longest Chinese prefix first: 歼轰 before 歼.
        self.designations
            .sort_by_key(|(_, zh)| std::cmp::Reverse(zh.chars().count()));
        Ok(())
    }

    /// The other forms of a designation: in the other language, under the family's other
    /// prefixes in the same one, and spelt with the hyphen or without where that is another
    /// word (`J-15` → `歼-15`, `J15`; `Dongfeng-26` → `东风-26`, `DF-26`, `DF26`,
    /// `Dongfeng26`; `Type 055` → `055型` and back). Empty for anything else.
    pub fn designation_forms(&self, text: &str) -> Vec<String> {
        static LATIN: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^([A-Za-z]{1,8})(?:[-‐‑–]| ?)(\d{1,3}[A-Za-z]{0,2})$")
                .expect("valid designation pattern")
        });
        static MODEL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^[-‐‑–]?(\d{1,3}[A-Za-z]{0,2})$").expect("valid model pattern")
        });
        static TYPE_EN: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)^type\s*(\d{2,3}[A-Za-z]{0,2})$").expect("valid type pattern")
        });
        static TYPE_ZH: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(\d{2,3}[A-Za-z]{0,2})型$").expect("valid type pattern")
        });
        let text = text.trim();
        if let Some(caps) = TYPE_EN.captures(text) {
            return vec![format!("{}型", caps[1].to_uppercase())];
        }
        if let Some(caps) = TYPE_ZH.captures(text) {
            return vec![format!("Type {}", caps[1].to_uppercase())];
        }
        // The family's Chinese prefix and the model, then every spelling of it.
        let (family, model) = if let Some(caps) = LATIN.captures(text) {
            let prefix = caps[1].to_uppercase();
            let Some((_, zh)) = self
                .designations
                .iter()
                .find(|(en, _)| en.to_uppercase() == prefix)
            else {
                return Vec::new();
            };
            (zh.as_str(), caps[2].to_uppercase())
        } else {
            let found = self.designations.iter().find_map(|(_, zh)| {
                let rest = text.strip_prefix(zh.as_str())?;
                Some((zh.as_str(), MODEL.captures(rest)?[1].to_uppercase()))
            });
            let Some(found) = found else {
                return Vec::new();
            };
            found
        };
        let han = text.chars().any(crate::analysis::fold::is_han);
        let chinese = [format!("{family}-{model}"), format!("{family}{model}")];
        let latin = self
            .designations
            .iter()
            .filter(|(_, zh)| zh == family)
            .flat_map(|(en, _)| [format!("{en}-{model}"), format!("{en}{model}")]);
        // The other language first: that is what the reader did not type.
        let forms: Vec<String> = if han {
            latin.chain(chinese).collect()
        } else {
            chinese.into_iter().chain(latin).collect()
        };
        // Spellings the analyzer reads alike (`东风26` and `东风-26`, `Dongfeng 26` and
        // `Dongfeng-26`) are one search; `DF26` is one word, `DF-26` two.
        let mut seen = vec![normalized(text)];
        let mut out: Vec<String> = Vec::new();
        for form in forms {
            let key = normalized(&form);
            if !seen.contains(&key) {
                seen.push(key);
                out.push(form);
            }
        }
        out
    }

    /// Adds the terms of a glossary file read from `path`.
    pub fn add_file(&mut self, path: PathBuf) -> Result<(), GlossaryError> {
        let text = std::fs::read_to_string(&path)
            .map_err(|source| GlossaryError::Read { path, source })?;
        self.add_toml(&text)
    }

    fn add(&mut self, variants: Vec<String>) {
        let variants: Vec<String> = variants
            .into_iter()
            .filter(|v| !normalized(v).is_empty())
            .collect();
        if variants.len() < 2 {
            return;
        }
        let entry = self.entries.len();
        for variant in &variants {
            self.by_key
                .entry(normalized(variant))
                .or_default()
                .push(entry);
        }
        self.entries.push(variants);
    }

    /// Acronyms that spell an English word (normalised): the word unless typed in capitals.
    const WORD_ACRONYMS: &[&str] = &["plan", "us"];

    /// Every Chinese form the glossary knows.
    pub fn chinese_forms(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(|v| v.chars().any(crate::analysis::fold::is_han))
    }

    /// The other ways of writing `text` (empty when the glossary does not know it), usual forms
    /// first, each normalised form once.
    pub fn alternatives(&self, text: &str) -> Vec<&str> {
        let own = normalized(text);
        let Some(entries) = self.by_key.get(&own) else {
            return Vec::new();
        };
        let han = |s: &str| s.chars().any(crate::analysis::fold::is_han);
        let query_han = han(&own);
        // `plan` is a word, `PLAN` the PLA Navy: an acronym that spells a word is one only in
        // capitals.
        let word_not_acronym =
            Self::WORD_ACRONYMS.contains(&own.as_str()) && text != text.to_uppercase();
        let mut seen = vec![own];
        let mut out = Vec::new();
        for &entry in entries {
            let spelt_as_acronym = self.entries[entry]
                .iter()
                .filter(|v| normalized(v) == seen[0])
                .all(|v| v.chars().all(|c| !c.is_lowercase()));
            if word_not_acronym && spelt_as_acronym {
                continue;
            }
            for variant in &self.entries[entry] {
                let k = normalized(variant);
                if !seen.contains(&k) {
                    seen.push(k);
                    out.push(variant.as_str());
                }
            }
        }
        // The other language first: that is what the user could not have typed.
        out.sort_by_key(|v| han(v) == query_han);
        out
    }
}

impl Glossary {
    /// Whether a ban of the glossary forbids translating `zh` as `en` (either way round).
    pub fn banned(&self, zh: &str, en: &str) -> bool {
        !self.banned.is_empty() && self.banned.contains(&(normalized(zh), normalized(en)))
    }

    /// Whether an entry of the glossary pairs `zh` with `en`: such a pair wins over every
    /// other source.
    pub fn pinned(&self, zh: &str, en: &str) -> bool {
        let en = normalized(en);
        self.alternatives(zh).iter().any(|v| normalized(v) == en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_map_across_languages() {
        let g = Glossary::builtin();
        assert_eq!(g.alternatives("Xiangshan Forum")[0], "香山论坛");
        assert!(
            g.alternatives("xiangshan forums").contains(&"香山论坛"),
            "case and plural"
        );
        assert!(g.alternatives("南海").contains(&"South China Sea"));
        // Names the dictionary gets wrong or only whole (特朗普 is `Donald Trump` there, 马科斯
        // `horse family`), and terms of the trade.
        assert!(g.alternatives("Trump").contains(&"特朗普"));
        assert!(g.alternatives("马科斯").contains(&"Marcos"));
        assert!(g.alternatives("joint exercises").contains(&"联合演习"));
        assert!(g.alternatives("无人机").contains(&"drone"));
        assert_eq!(g.designation_forms("J-15"), ["歼-15", "J15"]);
        assert_eq!(g.designation_forms("j15"), ["歼-15", "J-15"]);
        assert_eq!(g.designation_forms("运-20"), ["Y-20", "Y20"]);
        assert_eq!(g.designation_forms("空警500"), ["KJ-500", "KJ500"]);
        // A family with two English prefixes: each finds the other.
        assert_eq!(
            g.designation_forms("DF-41"),
            ["东风-41", "DF41", "Dongfeng-41", "Dongfeng41"]
        );
        assert_eq!(
            g.designation_forms("Dongfeng 26"),
            ["东风-26", "DF-26", "DF26", "Dongfeng26"]
        );
        assert_eq!(
            g.designation_forms("东风26"),
            ["DF-26", "DF26", "Dongfeng-26", "Dongfeng26"]
        );
        assert_eq!(g.designation_forms("Type 055"), ["055型"]);
        assert_eq!(g.designation_forms("076型"), ["Type 076"]);
        for other in ["F-35", "2024", "J", "歼击机", "Q-1"] {
            assert!(g.designation_forms(other).is_empty(), "{other}");
        }
        assert!(
            g.alternatives("臺獨").contains(&"Taiwan independence"),
            "traditional folds"
        );
        assert!(
            g.alternatives("蒋斌").contains(&"Jiang Bin"),
            "the roster is part of it"
        );
        assert!(g.alternatives("forum").is_empty());
    }

    #[test]
    fn an_acronym_that_spells_a_word_needs_capitals() {
        let g = Glossary::builtin();
        assert!(g.alternatives("PLAN").contains(&"海军"));
        assert!(!g.alternatives("plan").contains(&"海军"));
        assert!(g
            .alternatives("adiz")
            .iter()
            .any(|f| f.contains("防空识别区")));
    }

    #[test]
    fn a_file_pins_and_bans_pairs() {
        let text = "[[term]]\nen = [\"Coast Guard\"]\nzh = [\"海警\"]\n\n\
                    [[ban]]\nzh = \"海警\"\nen = \"coast\"\n";
        let g = Glossary::from_toml(text, reference::roster()).unwrap();
        assert!(g.pinned("海警", "coast guards"), "compared normalised");
        assert!(!g.pinned("海警", "coast"));
        assert!(g.banned("海警", "Coasts"), "compared normalised");
        assert!(!g.banned("海警", "Coast Guard"));
        assert!(!Glossary::builtin().banned("海警", "coast"));
        let err = Glossary::from_toml("[[ban]]\nzh = \"海警\"\n", reference::roster()).unwrap_err();
        assert!(err.to_string().contains("en"), "{err}");
    }

    #[test]
    fn a_bad_file_is_explained() {
        let err = Glossary::from_toml("[[term]]\nfr = [\"x\"]\n", reference::roster()).unwrap_err();
        assert!(matches!(err, GlossaryError::Parse { .. }), "{err:?}");
        assert!(err.to_string().contains("fr"), "{err}");
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn a_missing_file_keeps_its_cause() {
        let mut g = Glossary::default();
        let err = g
            .add_file(PathBuf::from("/nonexistent/milpress-glossary.toml"))
            .unwrap_err();
        assert!(matches!(err, GlossaryError::Read { .. }), "{err:?}");
        assert!(err.to_string().contains("milpress-glossary.toml"), "{err}");
        assert!(std::error::Error::source(&err).is_some());
    }
}
