//! The roster of known spokespeople (`data/roster.toml`): every spelling of a name mapped to
//! one canonical English name.
//!
//! A [`Roster`] knows each person by Chinese characters, pinyin in any case or order, aliases,
//! and with or without a title such as `Senior Colonel` or `新闻发言人` ([`strip_titles`]). The
//! shipped roster is parsed once per process ([`roster`]); [`Roster::from_toml`] builds
//! another for tests or a user's own list. Finding who speaks in a text is
//! the job of `extract/speakers.rs`; this module only knows names.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde::Deserialize;

use super::pinyin;
use super::script::is_han;
use super::speaker_words::SPEAKER_WORDS;

/// The roster shipped with milpress.
const BUILTIN: &str = include_str!("../../data/roster.toml");

static ROSTER: LazyLock<Roster> =
    LazyLock::new(|| Roster::from_toml(BUILTIN).expect("the embedded data/roster.toml parses"));

/// The roster shipped in `data/roster.toml`, parsed on first use.
pub fn roster() -> &'static Roster {
    &ROSTER
}

/// A known spokesperson or official.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Person {
    /// Canonical English name: pinyin, family name first (`Jiang Bin`).
    pub name: String,
    /// Name in Chinese characters (`蒋斌`).
    pub name_zh: String,
    /// Short code of the body the person speaks for (`MND`, `MFA`, `TAO`, ...).
    pub org: String,
    /// Other spellings seen in text.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize)]
struct RosterFile {
    #[serde(default)]
    person: Vec<Person>,
}

/// Known spokespeople, indexed by every normalised spelling of their names.
#[derive(Clone, Debug)]
pub struct Roster {
    people: Vec<Person>,
    /// Normalised spelling (see [`name_key`]) to index in `people`.
    by_key: HashMap<String, usize>,
    /// Every name and alias as it may appear in running text, longest first, as a regex
    /// pattern; compiled on first use.
    mentions_pattern: String,
    mentions: OnceLock<Option<Regex>>,
}

impl Roster {
    /// Parses a roster in the format of `data/roster.toml` (`[[person]]` tables).
    pub fn from_toml(text: &str) -> Result<Roster, toml::de::Error> {
        let file: RosterFile = toml::from_str(text)?;
        Ok(Roster::from_people(file.person))
    }

    /// Builds a roster from a list of people. A spelling shared by two people belongs to the
    /// first.
    pub fn from_people(people: Vec<Person>) -> Roster {
        let mut by_key = HashMap::new();
        let mut spellings = Vec::new();
        for (i, person) in people.iter().enumerate() {
            let mut names = vec![person.name.as_str(), person.name_zh.as_str()];
            names.extend(person.aliases.iter().map(String::as_str));
            for name in names {
                let name = name.trim();
                let key = name_key(name);
                if key.is_empty() {
                    continue;
                }
                by_key.entry(key).or_insert(i);
                // Western order (`Bin Jiang`) for two-part pinyin names.
                let words: Vec<&str> = name.split_whitespace().collect();
                if let [family, given] = words.as_slice() {
                    by_key
                        .entry(name_key(&format!("{given}{family}")))
                        .or_insert(i);
                }
                spellings.push(name.to_string());
            }
        }
        spellings.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        spellings.dedup();
        let alternation: Vec<String> = spellings
            .iter()
            .map(|s| {
                let escaped = regex::escape(s);
                if s.chars().any(is_han) {
                    escaped
                } else {
                    format!(r"\b{escaped}\b")
                }
            })
            .collect();
        Roster {
            people,
            by_key,
            mentions_pattern: alternation.join("|"),
            mentions: OnceLock::new(),
        }
    }

    /// The regex of every name and alias as it may appear in text, longest first (`None` for
    /// an empty roster). Compiled on first use.
    pub fn mentions(&self) -> Option<&Regex> {
        self.mentions
            .get_or_init(|| {
                (!self.mentions_pattern.is_empty()).then(|| {
                    Regex::new(&self.mentions_pattern)
                        .expect("escaped roster names form a valid regex")
                })
            })
            .as_ref()
    }

    /// Everyone in the roster, in file order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The person a name refers to, in any spelling the roster knows, titles allowed.
    pub fn lookup(&self, name: &str) -> Option<&Person> {
        let stripped = strip_titles(name);
        let i = self
            .by_key
            .get(&name_key(stripped))
            .or_else(|| self.by_key.get(&name_key(name)))?;
        self.people.get(*i)
    }

    /// The canonical English name of a known person. An unknown name comes back without
    /// titles; written in Han characters, it comes back as pinyin in the roster's spelling
    /// (`朱安庆` → `Zhu Anqing`), so a person outside the roster is one facet value in both
    /// scripts.
    pub fn canonical(&self, name: &str) -> String {
        match self.lookup(name) {
            Some(person) => person.name.clone(),
            None => {
                let stripped = strip_titles(name);
                let stripped = if stripped.is_empty() {
                    name.trim()
                } else {
                    stripped
                };
                if stripped.chars().all(is_han) {
                    if let Some(py) = pinyin::to_pinyin(stripped) {
                        return py;
                    }
                }
                stripped.to_string()
            }
        }
    }
}

impl Default for Roster {
    /// The shipped roster.
    fn default() -> Roster {
        roster().clone()
    }
}

/// Lowercase letters, digits and Han characters only: `JIANG Bin`, `jiang-bin` and `JiangBin`
/// all become `jiangbin`.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes titles, ranks and organisations around a name, repeatedly
/// (`国防部新闻发言人、大校蒋斌` → `蒋斌`, `Spokesperson Sr. Col. Wu Qian` → `Wu Qian`). The
/// title lists come from `data/speaker_words.toml`, longest first.
pub fn strip_titles(name: &str) -> &str {
    const EDGE: &[char] = &[
        ' ', '\t', '\u{3000}', ',', '，', '、', ':', '：', '·', '-', '—', '(', ')', '（', '）',
    ];
    let titles = &SPEAKER_WORDS.titles;
    let mut s = name.trim_matches(EDGE);
    loop {
        let before = s;
        for title in &titles.en {
            if let Some(head) = s.get(..title.len()) {
                let rest = s.get(title.len()..).unwrap_or("");
                let ends_word = title.ends_with('.')
                    || rest.is_empty()
                    || rest.starts_with(|c: char| c.is_whitespace() || c == ',');
                if head.eq_ignore_ascii_case(title) && ends_word && !rest.trim().is_empty() {
                    s = rest.trim_matches(EDGE);
                    break;
                }
            }
        }
        for prefix in &titles.zh_prefixes {
            if let Some(rest) = s.strip_prefix(prefix.as_str()) {
                if !rest.trim_matches(EDGE).is_empty() {
                    s = rest.trim_matches(EDGE);
                    break;
                }
            }
        }
        for suffix in &titles.zh_suffixes {
            if let Some(rest) = s.strip_suffix(suffix.as_str()) {
                if !rest.trim_matches(EDGE).is_empty() {
                    s = rest.trim_matches(EDGE);
                    break;
                }
            }
        }
        if s == before {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_roster_has_unique_names() {
        let r = roster();
        let mut seen = std::collections::HashSet::new();
        for p in r.people() {
            assert!(seen.insert(name_key(&p.name)), "duplicate {}", p.name);
            assert!(seen.insert(name_key(&p.name_zh)), "duplicate {}", p.name_zh);
            assert!(p.name_zh.chars().all(is_han), "{}", p.name_zh);
        }
        assert!(r.people().len() >= 30);
    }

    #[test]
    fn the_builtin_roster_is_parsed_once() {
        assert!(std::ptr::eq(roster(), roster()));
    }

    const CANONICAL: &[(&str, &str)] = &[
        ("蒋斌", "Jiang Bin"),
        (" jiang bin ", "Jiang Bin"),
        ("JIANG Bin", "Jiang Bin"),
        ("Bin Jiang", "Jiang Bin"),
        ("Senior Colonel Wu Qian", "Wu Qian"),
        ("Spokesperson Sr. Col. Zhang Xiaogang", "Zhang Xiaogang"),
        ("Col. Tan Kefei", "Tan Kefei"),
        ("国防部新闻发言人、大校蒋斌", "Jiang Bin"),
        ("外交部发言人林剑", "Lin Jian"),
        ("Madam Hua Chunying", "Hua Chunying"),
        ("Ms. Mao Ning", "Mao Ning"),
        ("Peng Qingen", "Peng Qing'en"),
        ("朱凤莲", "Zhu Fenglian"),
        ("Mr. John Smith", "John Smith"),
        ("发言人张三", "Zhang San"),
        ("朱安庆", "Zhu Anqing"),
        ("  Someone Else ", "Someone Else"),
        ("Spokesperson", "Spokesperson"),
    ];

    #[test]
    fn canonical_names() {
        let r = roster();
        for (input, want) in CANONICAL {
            assert_eq!(r.canonical(input), *want, "{input:?}");
        }
        assert_eq!(r.lookup("郭嘉昆").map(|p| p.org.as_str()), Some("MFA"));
        assert!(r.lookup("张三").is_none());
    }

    #[test]
    fn a_roster_from_other_toml() {
        const OWN: &str = "[[person]]\nname = \"Li Mingyuan\"\nname_zh = \"李明远\"\norg = \"X\"\n\
            aliases = [\"M. Y. Li\"]\n";
        let r = Roster::from_toml(OWN).unwrap();
        assert_eq!(r.canonical("李明远"), "Li Mingyuan");
        assert_eq!(r.canonical("Mingyuan Li"), "Li Mingyuan");
        assert_eq!(r.canonical("M. Y. Li"), "Li Mingyuan");
        assert!(r.lookup("蒋斌").is_none());
        assert!(r.mentions().is_some_and(|m| m.is_match("据李明远介绍")));
        assert!(Roster::from_toml("").unwrap().mentions().is_none());
        assert!(Roster::from_toml("[[person]]\nname = 1\n").is_err());
    }
}
