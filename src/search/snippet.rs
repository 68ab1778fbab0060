//! Snippets: the best fragment of a hit's text around the matched terms, with the matches'
//! character ranges (never byte ranges) for highlighting.

use std::collections::{BTreeMap, HashSet};

use aho_corasick::AhoCorasick;
use serde::Serialize;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{analyze, Mode};
use crate::document::Document;
use crate::schema::Fields;

/// A fragment of text and the character ranges in it to highlight.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// Texts longer than this are not analysed whole for a snippet when the quick look for the
/// query's words (see [`Snippets::region`]) finds nothing to start from: only a window around the
/// first place a query term may appear. Analysing costs about 0.2 ms per KB of English (stemming
/// every word), and a search makes ten snippets.
const LONG_TEXT: usize = 6 << 10;
/// The window of a long text: this much before the first match…
const BEFORE_MATCH: usize = 1 << 10;
/// …and this much after it.
const AFTER_MATCH: usize = 5 << 10;
/// The most places of query words a snippet looks at in one text: enough to find the densest
/// stretch of a long article without stemming every word of it.
const MOST_PLACES: usize = 512;

/// Makes snippets of about `chars` characters, in any script.
pub struct Snippets {
    weights: BTreeMap<String, f32>,
    tokenizer: TextAnalyzer,
    fields: Fields,
    chars: usize,
    /// Words highlighted only as part of a longer match (see `Built::never_alone`).
    never_alone: HashSet<String>,
    /// Finds the places a query term may appear: each term, or for an English stem its first
    /// letters (`ministri` stands for "ministry", `capabl` for "capability"), ASCII case
    /// ignored. A plain automaton: built per search, it must cost far less than a regex.
    locator: Option<AhoCorasick>,
    /// For each locator pattern: whether it is English, to be matched at the start of a word
    /// and checked by analysing that word.
    english: Vec<bool>,
}

impl Snippets {
    pub fn new(
        weights: BTreeMap<String, f32>,
        never_alone: HashSet<String>,
        tokenizer: TextAnalyzer,
        fields: Fields,
        chars: usize,
    ) -> Snippets {
        let mut patterns: Vec<String> = Vec::new();
        let mut english = Vec::new();
        for term in weights.keys() {
            if term.is_ascii() {
                // A stem may end in a letter its words do not have there (`ministri`, `happi`):
                // look for all but its last letter, and let the analyser decide.
                let keep = if term.len() >= 4 {
                    term.len() - 1
                } else {
                    term.len()
                };
                patterns.push(term[..keep].to_string());
                english.push(true);
            } else {
                patterns.push(term.clone());
                english.push(false);
                // Latin letters outside ASCII: the capitalised form too (ASCII case is ignored
                // by the automaton, the rest is not).
                let upper = term.to_uppercase();
                if upper != *term {
                    patterns.push(upper);
                    english.push(false);
                }
            }
        }
        let locator = (!patterns.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        Snippets {
            weights,
            tokenizer,
            fields,
            chars,
            never_alone,
            locator,
            english,
        }
    }

    /// The snippet of a document: from its body, else its translation, else its title; the
    /// start of the body when nothing matched there.
    pub fn of(&self, doc: &Document) -> Snippet {
        let translation = doc.translation.as_ref();
        let candidates = [
            Some(doc.body.as_str()),
            translation.map(|t| t.body.as_str()),
            Some(doc.title.as_str()),
            translation.map(|t| t.title.as_str()),
        ];
        for text in candidates.into_iter().flatten() {
            // Analysing a text costs far more than scanning it: skip texts where no query word
            // can appear at all, such as the Chinese original of a hit found in its translation.
            let hopeless = self.locator.as_ref().is_some_and(|ac| !ac.is_match(text));
            if text.trim().is_empty() || hopeless {
                continue;
            }
            let snippet = self.fragment(text);
            if !snippet.highlights.is_empty() {
                return snippet;
            }
        }
        let lead = if doc.body.trim().is_empty() {
            &doc.title
        } else {
            &doc.body
        };
        Snippet {
            text: flatten(&lead.chars().take(self.chars).collect::<String>()),
            highlights: Vec::new(),
        }
    }

    /// The snippet of one text: cut from the stretch where the query's words stand densest, so
    /// only about two snippets' length is analysed; from a window of the text when that finds
    /// nothing to highlight.
    fn fragment(&self, text: &str) -> Snippet {
        if let Some(region) = self.region(text) {
            let snippet = self.cut(region);
            if !snippet.highlights.is_empty() {
                return snippet;
            }
        }
        self.cut(self.window(text))
    }

    /// Where the query's words stand: byte offset and weight of each place a term appears
    /// (English ones checked by analysing the word found there), in text order.
    fn places(&self, text: &str) -> Vec<(usize, f32)> {
        let Some(locator) = &self.locator else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let mut places: Vec<(usize, f32)> = Vec::new();
        for found in locator.find_overlapping_iter(text) {
            let start = found.start();
            if places.len() >= MOST_PLACES {
                break;
            }
            if places.iter().rev().take(4).any(|&(at, _)| at == start) {
                continue;
            }
            if !self
                .english
                .get(found.pattern().as_usize())
                .copied()
                .unwrap_or(false)
            {
                if let Some(&weight) = text.get(start..found.end()).and_then(|w| {
                    self.weights
                        .get(w)
                        .or_else(|| self.weights.get(&w.to_lowercase()))
                }) {
                    places.push((start, weight));
                }
                continue;
            }
            if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
                continue;
            }
            let end = bytes[start..]
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'\''))
                .map_or(bytes.len(), |n| start + n);
            let mut weight = None;
            analyze(&text[start..end], Mode::Index, |t| {
                weight = weight.or_else(|| self.weights.get(&t.text).copied());
            });
            if let Some(weight) = weight {
                places.push((start, weight));
            }
        }
        places.sort_by_key(|&(at, _)| at);
        places
    }

    /// About two snippets' length of `text`, starting at the sentence (or word) where the
    /// query's words weigh most within one snippet's length, as the snippet generator weighs
    /// them (the sum of their weights, the first place among equals).
    fn region<'t>(&self, text: &'t str) -> Option<&'t str> {
        let places = self.places(text);
        if places.is_empty() {
            return None;
        }
        let chars = text.chars().count().max(1);
        let span = (self.chars * text.len().div_ceil(chars)).max(1);
        let (mut best, mut best_score) = (0, f32::MIN);
        let mut end = 0;
        let mut score = 0.0;
        for (i, &(at, _)) in places.iter().enumerate() {
            while end < places.len() && places[end].0 < at + span {
                score += places[end].1;
                end += 1;
            }
            if score > best_score {
                (best, best_score) = (at, score);
            }
            score -= places[i].1;
        }
        // A text of a few snippets' length is cheap to analyse whole, and its fragments fall
        // where they always did.
        if text.len() <= 3 * span {
            return Some(text);
        }
        // A little context before: back to the start of the sentence when it is near, else a
        // few words.
        let lead = floor_char_boundary(text, best.saturating_sub(span / 3));
        let start = match text[lead..best].rfind(['.', '!', '?', '\n', '。', '！', '？', '；'])
        {
            Some(i) => {
                let after = lead + i + text[lead + i..].chars().next().map_or(1, char::len_utf8);
                after + (text[after..best].len() - text[after..best].trim_start().len())
            }
            None => {
                let near = floor_char_boundary(text, best.saturating_sub(span / 8));
                text[near..best]
                    .find(char::is_whitespace)
                    .map_or(near, |i| near + i + 1)
            }
        };
        let mut end = floor_char_boundary(text, (start + 2 * span).min(text.len()));
        // Never end inside a word: a cut word could read as another term.
        end = text[end..]
            .find(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
            .map_or(text.len(), |n| end + n);
        Some(&text[start..end])
    }

    /// The best fragment of `text`, analysed whole.
    fn cut(&self, text: &str) -> Snippet {
        // The generator measures in bytes; scale so Chinese fragments are as long in characters.
        let chars = text.chars().count().max(1);
        let bytes_per_char = text.len().div_ceil(chars);
        let generator = SnippetGenerator::new(
            self.weights.clone(),
            self.tokenizer.clone(),
            self.fields.body,
            self.chars * bytes_per_char,
        );
        let snippet = generator.snippet(text);
        let fragment = snippet.fragment();
        let mut ranges: Vec<(usize, usize)> = snippet
            .highlighted()
            .iter()
            .filter_map(|r| {
                let start = fragment.get(..r.start)?.chars().count();
                let len = fragment.get(r.clone())?.chars().count();
                Some((start, start + len))
            })
            .collect();
        ranges.sort_unstable();
        let text = flatten(fragment);
        let chars: Vec<char> = text.chars().collect();
        // Ranges that touch, or are separated by white space only, make one highlight
        // (`[Xiangshan Forum]`); each remembers how many matches it joins.
        let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            match merged.last_mut() {
                Some(last)
                    if start <= last.1
                        || chars
                            .get(last.1..start)
                            .is_some_and(|gap| gap.iter().all(|c| c.is_whitespace())) =>
                {
                    last.1 = last.1.max(end);
                    last.2 += 1;
                }
                _ => merged.push((start, end, 1)),
            }
        }
        // A word the query holds only inside a longer string is not highlighted on its own.
        merged.retain(|&(start, end, joined)| {
            joined > 1
                || self.never_alone.is_empty()
                || !chars.get(start..end).is_some_and(|piece| {
                    let piece: String = piece.iter().collect();
                    let mut words = Vec::new();
                    analyze(&piece, Mode::Whole, |t| words.push(t.text));
                    matches!(words.as_slice(), [word] if self.never_alone.contains(word))
                })
        });
        let merged: Vec<(usize, usize)> = merged.into_iter().map(|(s, e, _)| (s, e)).collect();
        Snippet {
            text,
            highlights: merged,
        }
    }
}

impl Snippets {
    /// The part of a long text worth analysing: from a little before the first match to a few
    /// snippets' length after it (the head of the text when nothing is found).
    fn window<'t>(&self, text: &'t str) -> &'t str {
        if text.len() <= LONG_TEXT {
            return text;
        }
        let at = self
            .locator
            .as_ref()
            .and_then(|ac| ac.find(text))
            .map_or(0, |m| m.start());
        let start = floor_char_boundary(text, at.saturating_sub(BEFORE_MATCH));
        let end = floor_char_boundary(text, (at + AFTER_MATCH).min(text.len()));
        &text[start..end]
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Line breaks and tabs become spaces (one character each, so ranges stay valid).
fn flatten(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Request, Searcher};
    use crate::testing::{doc, index_of};

    fn snippet_of(body: &str, query: &str, chars: usize) -> Snippet {
        let (_dir, index) = index_of(&[doc("a", "Title", body)]);
        let searcher = Searcher::new(index).unwrap();
        let mut request = Request::new(query);
        request.exact = true;
        request.snippet_chars = chars;
        let hit = searcher.search(&request).unwrap().hits.remove(0);
        Snippet {
            text: hit.snippet,
            highlights: hit.highlights,
        }
    }

    fn marked(s: &Snippet) -> Vec<String> {
        let chars: Vec<char> = s.text.chars().collect();
        s.highlights
            .iter()
            .map(|&(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn highlights_are_character_ranges_in_any_script() {
        let s = snippet_of("国防部新闻发言人在香山论坛上回答记者提问。", "香山论坛", 80);
        assert_eq!(marked(&s), ["香山论坛"]);
        let s = snippet_of(
            "The Peace Ark hospital ship sailed on Monday.",
            "hospital",
            80,
        );
        assert_eq!(marked(&s), ["hospital"]);
    }

    #[test]
    fn adjacent_matches_make_one_highlight() {
        let s = snippet_of(
            "Delegates met at the Xiangshan Forum in Beijing.",
            "xiangshan forum",
            80,
        );
        assert_eq!(marked(&s), ["Xiangshan Forum"]);
    }

    #[test]
    fn a_long_text_is_cut_around_the_match_and_line_breaks_flattened() {
        let body = format!(
            "{}\nThe drill\tended.\n{}",
            "filler words ".repeat(900),
            "tail ".repeat(900)
        );
        let s = snippet_of(&body, "drill", 60);
        assert!(s.text.chars().count() <= 120, "{}", s.text);
        assert!(!s.text.contains(['\n', '\t']));
        assert_eq!(marked(&s), ["drill"]);
    }

    #[test]
    fn chinese_snippets_are_as_long_in_characters_as_english_ones() {
        let zh = "解放军南部战区组织海空兵力在南海有关海域进行例行巡航。".repeat(20);
        let s = snippet_of(&zh, "巡航", 60);
        let n = s.text.chars().count();
        assert!((30..=90).contains(&n), "{n}: {}", s.text);
    }
}
