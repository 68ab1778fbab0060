//! Many keyword lists found in one pass over a text.
//!
//! Theme classification asks, for each of a few dozen keyword lists, which of its keywords a
//! text contains and how often. Running one regex per list costs a pass over the text per list;
//! [`Keywords`] puts every keyword of every list into one Aho-Corasick automaton and reads the
//! text once. Each list ("group") still behaves as a regex alternation of its keywords would:
//! at each point the earliest match wins, ties go to the keyword listed first, and matches of
//! one group do not overlap (matches of different groups may).
//!
//! Matching rules per [`Kind`]:
//! - [`Kind::Chinese`]: the keyword as a substring, exact.
//! - [`Kind::Acronym`]: exact case, on ASCII word boundaries (`PLA` is not in `plan` but is in
//!   `PLA士兵`).
//! - [`Kind::English`]: ASCII case-insensitive, on ASCII word boundaries, any whitespace between
//!   words, and a hyphen that may also be written as a space or left out (`cross-Strait` finds
//!   `cross Strait` and `crossstrait`).

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// How the keywords of a group match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Chinese,
    Acronym,
    English,
}

/// One string the automaton looks for: a keyword or one spelling of it.
#[derive(Clone, Debug)]
struct Pattern {
    group: usize,
    /// The keyword's index in its group: its rank in the alternation and its identity for
    /// counting.
    keyword: usize,
    /// Must match with exact case (the automaton itself ignores ASCII case).
    exact: bool,
    /// Must start (end) on an ASCII word boundary.
    bound_start: bool,
    bound_end: bool,
}

/// Builds a [`Keywords`] matcher group by group.
#[derive(Default)]
pub struct Builder {
    spellings: Vec<String>,
    patterns: Vec<Pattern>,
    groups: usize,
}

impl Builder {
    /// Adds a group of keywords, in order of preference (the first that matches at a point
    /// wins), and returns its number.
    pub fn group(&mut self, keywords: &[&str], kind: Kind) -> usize {
        let group = self.groups;
        self.groups += 1;
        for (index, keyword) in keywords.iter().enumerate() {
            let keyword = keyword.trim();
            if keyword.is_empty() {
                continue;
            }
            let spellings = match kind {
                Kind::Chinese => vec![keyword.to_string()],
                Kind::Acronym | Kind::English => spellings(keyword),
            };
            let bounded = kind != Kind::Chinese;
            let pattern = Pattern {
                group,
                keyword: index,
                exact: kind != Kind::English,
                bound_start: bounded && keyword.starts_with(|c: char| c.is_ascii_alphanumeric()),
                bound_end: bounded && keyword.ends_with(|c: char| c.is_ascii_alphanumeric()),
            };
            for spelling in spellings {
                self.spellings.push(spelling);
                self.patterns.push(pattern.clone());
            }
        }
        group
    }

    pub fn build(self) -> Keywords {
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&self.spellings)
            .expect("keyword automata stay far below aho-corasick's size limits");
        Keywords {
            automaton,
            spellings: self.spellings,
            patterns: self.patterns,
            groups: self.groups,
        }
    }
}

/// Every way an English keyword may be written: words joined by one space, and each hyphen as
/// a hyphen, a space or nothing.
fn spellings(keyword: &str) -> Vec<String> {
    let words = keyword.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = vec![String::new()];
    for (i, piece) in words.split('-').enumerate() {
        if i == 0 {
            out[0].push_str(piece);
            continue;
        }
        // Past a few hyphens the variants multiply for nothing: keep the two full spellings.
        let joins: &[&str] = if out.len() >= 27 {
            &["-"]
        } else {
            &["-", " ", ""]
        };
        out = out
            .iter()
            .flat_map(|prefix| {
                joins
                    .iter()
                    .map(move |join| format!("{prefix}{join}{piece}"))
            })
            .collect();
    }
    out
}

/// The compiled matcher.
#[derive(Clone, Debug)]
pub struct Keywords {
    automaton: AhoCorasick,
    /// What each pattern of the automaton spells, for the exact-case check.
    spellings: Vec<String>,
    patterns: Vec<Pattern>,
    groups: usize,
}

/// A match: its group, the keyword's index in the group, and where it starts (a byte offset
/// into the text with whitespace runs collapsed to one space).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub group: usize,
    pub keyword: usize,
    pub start: usize,
    /// Where the match ends (a byte offset into the text with its whitespace collapsed, as
    /// `start`).
    pub end: usize,
}

impl Keywords {
    /// The number of groups.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Every match in `text`, by group and then by position.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let text = collapse_whitespace(text);
        let bytes = text.as_bytes();
        // (group, start, keyword rank, end)
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text.as_ref()) {
            let pattern = &self.patterns[m.pattern().as_usize()];
            let (start, end) = (m.start(), m.end());
            let spelling = &self.spellings[m.pattern().as_usize()];
            if pattern.exact && bytes[start..end] != *spelling.as_bytes() {
                continue;
            }
            if pattern.bound_start && start > 0 && is_word_byte(bytes[start - 1]) {
                continue;
            }
            if pattern.bound_end && end < bytes.len() && is_word_byte(bytes[end]) {
                continue;
            }
            found.push((pattern.group, start, pattern.keyword, end));
        }
        found.sort_unstable();
        let mut hits = Vec::new();
        let mut group = usize::MAX;
        let mut free_from = 0;
        for (g, start, keyword, end) in found {
            if g != group {
                group = g;
                free_from = 0;
            }
            if start < free_from {
                continue;
            }
            free_from = end;
            hits.push(Hit {
                group,
                keyword,
                start,
                end,
            });
        }
        hits
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `text` with every run of whitespace turned into one space (borrowed when already so).
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    let mut previous_space = false;
    let clean = text.chars().all(|c| {
        let ok = if c.is_whitespace() {
            c == ' ' && !previous_space
        } else {
            true
        };
        previous_space = c.is_whitespace();
        ok
    });
    if clean {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut previous_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !previous_space {
                out.push(' ');
            }
            previous_space = true;
        } else {
            out.push(c);
            previous_space = false;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(kind: Kind, list: &[&str]) -> Keywords {
        let mut builder = Builder::default();
        builder.group(list, kind);
        builder.build()
    }

    fn found(k: &Keywords, text: &str) -> Vec<(usize, usize)> {
        k.find(text).iter().map(|h| (h.keyword, h.start)).collect()
    }

    #[test]
    fn acronyms_respect_case_and_ascii_word_boundaries() {
        let k = keywords(Kind::Acronym, &["PLA"]);
        assert_eq!(found(&k, "the PLA Navy"), [(0, 4)]);
        assert_eq!(found(&k, "PLA士兵"), [(0, 0)]);
        assert!(found(&k, "a plan").is_empty());
        assert!(found(&k, "APLA").is_empty());
        assert!(found(&k, "the pla navy").is_empty());
        assert!(found(&k, "PLA_x").is_empty());
    }

    #[test]
    fn english_ignores_case_spacing_and_hyphens() {
        let k = keywords(Kind::English, &["cross-Strait"]);
        for text in ["cross Strait relations", "Cross-strait", "CROSSSTRAIT"] {
            assert_eq!(found(&k, text).len(), 1, "{text:?}");
        }
        assert!(found(&k, "cross-straits").is_empty());
        let k = keywords(Kind::English, &["Taiwan Strait"]);
        assert_eq!(found(&k, "the Taiwan\n\tStrait"), [(0, 4)]);
    }

    #[test]
    fn chinese_matches_substrings() {
        let k = keywords(Kind::Chinese, &["台独", "台"]);
        assert_eq!(found(&k, "反对台独，台湾"), [(0, 6), (1, 15)]);
    }

    #[test]
    fn a_group_is_an_alternation_and_groups_overlap() {
        let mut builder = Builder::default();
        // Listed longest first, as an alternation would try them.
        let long = builder.group(&["Taiwan Strait", "Taiwan"], Kind::English);
        let short = builder.group(&["Strait"], Kind::English);
        let k = builder.build();
        let hits = k.find("the Taiwan Strait and Taiwan");
        let of = |g: usize| {
            hits.iter()
                .filter(|h| h.group == g)
                .map(|h| (h.keyword, h.start))
                .collect::<Vec<_>>()
        };
        assert_eq!(of(long), [(0, 4), (1, 22)]);
        assert_eq!(of(short), [(0, 11)]);
    }

    #[test]
    fn hyphenated_keywords_have_every_spelling() {
        assert_eq!(
            spellings("cross-Strait"),
            ["cross-Strait", "cross Strait", "crossStrait"]
        );
        assert_eq!(spellings("a  b"), ["a b"]);
    }
}
