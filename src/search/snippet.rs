//! Snippets: the best fragment of a hit's text around the matched terms, with the matches'
//! character ranges (never byte ranges) for highlighting.

use std::collections::{BTreeMap, HashSet};

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

/// Texts longer than this are not analysed whole for a snippet: only a window around the first
/// place a query term appears. Analysing costs about 0.2 ms per KB of English (stemming every
/// word), and a search makes ten snippets: whole 20 KB articles made snippets most of a search's
/// time.
const LONG_TEXT: usize = 6 << 10;
/// The window of a long text: this much before the first match…
const BEFORE_MATCH: usize = 1 << 10;
/// …and this much after it.
const AFTER_MATCH: usize = 5 << 10;

/// Makes snippets of about `chars` characters, in any script.
pub struct Snippets {
    weights: BTreeMap<String, f32>,
    tokenizer: TextAnalyzer,
    fields: Fields,
    chars: usize,
    /// Words highlighted only as part of a longer match (see `Built::never_alone`).
    never_alone: HashSet<String>,
    /// Finds the first place any query term appears in a long text.
    locator: Option<regex::Regex>,
}

impl Snippets {
    pub fn new(
        weights: BTreeMap<String, f32>,
        never_alone: HashSet<String>,
        tokenizer: TextAnalyzer,
        fields: Fields,
        chars: usize,
    ) -> Snippets {
        let alternatives: Vec<String> = weights.keys().map(|t| regex::escape(t)).collect();
        let locator = regex::RegexBuilder::new(&alternatives.join("|"))
            .case_insensitive(true)
            .build()
            .ok()
            .filter(|_| !alternatives.is_empty());
        Snippets {
            weights,
            tokenizer,
            fields,
            chars,
            never_alone,
            locator,
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
            // (as indexed: lowercased, stemmed, which is a prefix of the words it stands for)
            // appears at all, such as the Chinese original of a hit found in its translation.
            let hopeless = self.locator.as_ref().is_some_and(|re| !re.is_match(text));
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

    fn fragment(&self, text: &str) -> Snippet {
        let text = self.window(text);
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
            .and_then(|re| re.find(text))
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
