//! Snippets: the best fragment of a hit's text around the matched terms, with the matches'
//! character ranges (never byte ranges) for highlighting.

use std::collections::{BTreeMap, HashSet};

use aho_corasick::AhoCorasick;
use serde::Serialize;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{analyze, is_han_or_kana, wrapped_line_end, Mode};
use crate::document::Document;
use crate::schema::Fields;

/// A fragment of text and the character ranges in it to highlight.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// Texts longer than this are not analysed whole for a snippet when the quick look for the
/// query's words (see [`Snippets::direct`]) finds nothing to start from: only a window around the
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

/// A place a query term appears in a text: its byte range and the term's weight.
#[derive(Clone, Copy, Debug)]
struct Place {
    start: usize,
    end: usize,
    weight: f32,
}

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
        self.of_texts(doc, true)
    }

    /// The snippet of `doc`'s body (or its translation's) alone: for an answer, whose title is
    /// the question it answers.
    pub fn of_body(&self, doc: &Document) -> Snippet {
        self.of_texts(doc, false)
    }

    /// The query's words in a short text shown whole (an answer's question), as character
    /// ranges of it; none when the text is longer than a snippet.
    pub fn highlights_in(&self, text: &str) -> Vec<(usize, usize)> {
        if text.trim().is_empty() || text.chars().count() > self.chars {
            return Vec::new();
        }
        let snippet = self.fragment(text);
        if snippet.text == flatten(text) {
            snippet.highlights
        } else {
            Vec::new()
        }
    }

    fn of_texts(&self, doc: &Document, titles: bool) -> Snippet {
        let translation = doc.translation.as_ref();
        let candidates = [
            Some(doc.body.as_str()),
            translation.map(|t| t.body.as_str()),
            Some(doc.title.as_str()).filter(|_| titles),
            translation.map(|t| t.title.as_str()).filter(|_| titles),
        ];
        for text in candidates.into_iter().flatten() {
            // Analysing a text costs far more than scanning it: skip texts where no query word
            // can appear at all, such as the Chinese original of a hit found in its translation.
            // The query's words are simplified: a traditional text (臺灣, 國防部) holds them only
            // once read as simplified, as the index reads it.
            let chinese_query = || self.english.iter().any(|english| !english);
            let hopeless = self.locator.as_ref().is_some_and(|ac| {
                !ac.is_match(text)
                    && (text.is_ascii() || !chinese_query() || !ac.is_match(&fast2s::convert(text)))
            });
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
        let opening: String = lead.chars().take(self.chars).collect();
        let snippet = Snippet {
            text: flatten(&opening),
            highlights: Vec::new(),
        };
        marked_cuts(snippet, lead, 0, opening.len())
    }

    /// The snippet of one text: cut from the stretch where the query's words stand densest, so
    /// only about two snippets' length is analysed; from a window of the text when that finds
    /// nothing to highlight.
    fn fragment(&self, text: &str) -> Snippet {
        if let Some((snippet, start, stop)) = self.direct(text) {
            if !snippet.highlights.is_empty() {
                return marked_cuts(snippet, text, start, stop);
            }
        }
        let window = self.window(text);
        // Where the window lies in the text (it is a slice of it).
        let offset = window.as_ptr() as usize - text.as_ptr() as usize;
        let (snippet, start, stop) = self.cut(window);
        marked_cuts(snippet, text, offset + start, offset + stop)
    }

    /// Where the query's words stand: byte range and weight of each place a term appears
    /// (English ones checked by analysing the word found there, as the index analysed it), in
    /// text order.
    fn places(&self, text: &str) -> Vec<Place> {
        let Some(locator) = &self.locator else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let mut places: Vec<Place> = Vec::new();
        for found in locator.find_overlapping_iter(text) {
            let start = found.start();
            if places.len() >= MOST_PLACES {
                break;
            }
            if places
                .iter()
                .rev()
                .take(4)
                .any(|p| (p.start, p.end) == (start, found.end()))
            {
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
                    places.push(Place {
                        start,
                        end: found.end(),
                        weight,
                    });
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
            analyze(&text[start..end], Mode::Index, |t| {
                if let Some(&weight) = self.weights.get(&t.text) {
                    places.push(Place {
                        start: start + t.from,
                        end: start + t.to,
                        weight,
                    });
                }
            });
        }
        places.sort_by_key(|p| (p.start, p.end));
        places
    }

    /// The snippet of `text` cut where the query's words weigh most within one snippet's
    /// length, as tantivy's snippet generator weighs them (the sum of their weights, the first
    /// place among equals), its highlights the places found: no word but the query's is
    /// analysed.
    fn direct(&self, text: &str) -> Option<(Snippet, usize, usize)> {
        let places = self.places(text);
        if places.is_empty() {
            return None;
        }
        // One snippet's length in bytes where the query's words start (a bilingual text has
        // stretches of either script).
        let span = bytes_of_chars(&text[places[0].start..], self.chars).max(1);
        let (mut best, mut best_score) = (0, f32::MIN);
        let mut end = 0;
        let mut score = 0.0;
        for (i, place) in places.iter().enumerate() {
            if end < i {
                (end, score) = (i, 0.0);
            }
            while end < places.len() && places[end].end <= place.start + span {
                score += places[end].weight;
                end += 1;
            }
            if score > best_score {
                (best, best_score) = (place.start, score);
            }
            if end > i {
                score -= place.weight;
            }
        }
        let start = if best <= span / 4 {
            0
        } else {
            // A little context before: back to the start of the sentence when it is near,
            // else a few words.
            let lead = floor_char_boundary(text, best.saturating_sub(span / 4));
            // Just after the mark at `i` in `text[lead..best]`, and the spaces after it.
            let past = |i: usize| {
                let after = lead + i + text[lead + i..].chars().next().map_or(1, char::len_utf8);
                after + (text[after..best].len() - text[after..best].trim_start().len())
            };
            let sentence = text[lead..best].rfind(['.', '!', '?', '\n', '。', '！', '？', '；']);
            // Else after a Chinese clause's comma, else a few words back, never inside a number
            // or word (`8月11日` cut to `月11日`).
            let clause = || text[lead..best].rfind(['，', '、']);
            match sentence.or_else(clause) {
                Some(i) => past(i),
                None => {
                    let near = floor_char_boundary(text, best.saturating_sub(span / 8));
                    just_after(text, near, best, char::is_whitespace).unwrap_or_else(|| {
                        // A word or number, a Chinese date's 年 and 月 taken in.
                        let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '年' | '月');
                        let inside = text[near..].starts_with(|c: char| c.is_ascii_alphanumeric())
                            && text[..near].ends_with(part);
                        let word = text[..near].trim_end_matches(part).len();
                        if inside && word >= lead {
                            word
                        } else {
                            near
                        }
                    })
                }
            }
        };
        // One snippet's length, ending at the end of a word; near the end of the text, the
        // snippet's length back from there.
        let mut stop = start + bytes_of_chars(&text[start..], self.chars);
        let mut start = start;
        if stop == text.len() {
            let short = self.chars.saturating_sub(text[start..].chars().count());
            start = text[..start]
                .char_indices()
                .rev()
                .nth(short.saturating_sub(1))
                .map_or(0, |(i, _)| i);
            // The sentence's start when it is a few words back: cut after it, the snippet
            // could open with `going to characterize` where the text says `I'm not going to`.
            let reach = floor_char_boundary(text, start.saturating_sub(self.chars / 4 + 1));
            let sentence = text[reach..start]
                .rfind(['.', '!', '?', '\n', '。', '！', '？', '；'])
                .map(|i| {
                    let mark = text[reach + i..].chars().next().map_or(1, char::len_utf8);
                    reach + i + mark
                })
                .or((reach == 0).then_some(0));
            if let Some(opening) = sentence.filter(|_| short > 0 && start > 0) {
                start = opening + (text[opening..].len() - text[opening..].trim_start().len());
            } else if short > 0 && start > 0 && in_word(text, start) {
                // Start at a word.
                start =
                    just_after(text, start, best, |c| !c.is_ascii_alphanumeric()).unwrap_or(start);
            }
        } else if in_word(text, stop) {
            // End at a word.
            let whole_words =
                text[start..stop].trim_end_matches(|c: char| c.is_ascii_alphanumeric());
            if whole_words.len() > (stop - start) / 2 {
                stop = start + whole_words.trim_end().len();
            }
        }
        let fragment = text[start..stop].trim_end();
        let stop = start + fragment.len();
        let ranges = places
            .iter()
            .filter(|p| p.start >= start && p.end <= stop)
            .map(|p| (p.start - start, p.end - start))
            .collect();
        Some((self.finish(fragment, ranges), start, stop))
    }

    /// The best fragment of `text`, analysed whole, and where it lies in `text` (bytes).
    fn cut(&self, text: &str) -> (Snippet, usize, usize) {
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
        let ranges = snippet
            .highlighted()
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        let fragment = snippet.fragment();
        // The generator's fragment is a slice of the text, found where it first occurs.
        let start = text.find(fragment).unwrap_or(0);
        (self.finish(fragment, ranges), start, start + fragment.len())
    }

    /// A snippet of `fragment` with its matches' byte ranges: character ranges, line breaks
    /// flattened, neighbouring matches joined.
    fn finish(&self, fragment: &str, ranges: Vec<(usize, usize)>) -> Snippet {
        let (text, at) = flatten_mapped(fragment);
        let mut ranges: Vec<(usize, usize)> = ranges
            .into_iter()
            .filter_map(|(from, to)| {
                let start = fragment.get(..from)?.chars().count();
                let len = fragment.get(from..to)?.chars().count();
                Some((*at.get(start)?, *at.get(start + len)?))
            })
            .collect();
        ranges.sort_unstable();
        let chars: Vec<char> = text.chars().collect();
        // Ranges that touch, or are separated by white space or a dash only, make one
        // highlight (`[Xiangshan Forum]`, `[Sun Li-fang]`, `[联合利剑—2024A]`); each remembers
        // how many matches it joins.
        let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            match merged.last_mut() {
                Some(last)
                    if start <= last.1
                        || chars.get(last.1..start).is_some_and(|gap| {
                            gap.iter().all(|c| {
                                c.is_whitespace()
                                    || matches!(c, '-' | '‐' | '‑' | '–' | '—' | '－' | '·' | '・')
                            })
                        }) =>
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

/// `snippet`, cut from `text[start..stop]`, with `…` where text was left out before or after
/// it (its highlights moved along), so that a snippet opening mid-sentence is never read as
/// the sentence's start.
fn marked_cuts(mut snippet: Snippet, text: &str, start: usize, stop: usize) -> Snippet {
    if snippet.text.is_empty() {
        return snippet;
    }
    let before = text.get(..start).is_some_and(|t| !t.trim().is_empty());
    let after = text.get(stop..).is_some_and(|t| !t.trim().is_empty());
    if before {
        snippet.text.insert(0, '…');
        for range in &mut snippet.highlights {
            *range = (range.0 + 1, range.1 + 1);
        }
    }
    if after {
        snippet.text.push('…');
    }
    snippet
}

/// The byte just after the first character of `text[from..to]` that `wanted` accepts.
fn just_after(text: &str, from: usize, to: usize, wanted: impl Fn(char) -> bool) -> Option<usize> {
    text.get(from..to)?
        .char_indices()
        .find(|&(_, c)| wanted(c))
        .map(|(i, c)| from + i + c.len_utf8())
}

/// Whether byte `at` of `text` falls inside an English word (between two ASCII letters or
/// digits).
fn in_word(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    at > 0
        && bytes.get(at).is_some_and(u8::is_ascii_alphanumeric)
        && bytes[at - 1].is_ascii_alphanumeric()
}

/// The length in bytes of the first `chars` characters of `text` (all of it when shorter).
fn bytes_of_chars(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Line breaks and tabs become spaces, and the white space of a Chinese line wrapped
/// mid-sentence goes (the analyzer reads across it too).
fn flatten(text: &str) -> String {
    flatten_mapped(text).0
}

/// [`flatten`], with where each character of `text` (and its end) lands in the result.
fn flatten_mapped(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    let mut count = 0;
    let mut wrapped_to = 0;
    let mut previous_han = false;
    for (from, c) in text.char_indices() {
        at.push(count);
        if from < wrapped_to {
            continue;
        }
        if c.is_whitespace() && previous_han {
            if let Some(end) = wrapped_line_end(text, from) {
                wrapped_to = end;
                continue;
            }
        }
        previous_han = is_han_or_kana(c);
        out.push(if c.is_whitespace() { ' ' } else { c });
        count += 1;
    }
    at.push(count);
    (out, at)
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
    fn a_traditional_text_is_highlighted_for_a_simplified_query() {
        let s = snippet_of("國防部發言人孫立方少將表示，國軍嚴密監控。", "孙立方", 80);
        assert_eq!(marked(&s), ["孫立方"]);
        assert!(s.text.starts_with("國防部"), "{}", s.text);
    }

    #[test]
    fn a_snippet_near_the_end_opens_at_its_sentence() {
        let body = "I'm not going to characterize their intent. What I'll say is that our forces \
            in the region are ready, and our allies Japan and the Philippines know we stand with them.";
        let s = snippet_of(body, "ready allies", 160);
        assert!(s.text.starts_with("I'm not going"), "{}", s.text);
        let long = format!(
            "{} The last word is ready.",
            "Filler words go here. ".repeat(20)
        );
        let s = snippet_of(&long, "ready", 60);
        assert!(s.text.ends_with("ready."), "{}", s.text);
        assert!(!s.text.starts_with(char::is_lowercase), "{}", s.text);
    }

    #[test]
    fn adjacent_matches_make_one_highlight() {
        let s = snippet_of(
            "Delegates met at the Xiangshan Forum in Beijing.",
            "xiangshan forum",
            80,
        );
        assert_eq!(marked(&s), ["Xiangshan Forum"]);
        // A name written with a hyphen is one highlight, its second half not dropped.
        let s = snippet_of(
            "Spokesperson Sun Li-fang told reporters the patrol was tracked.",
            "\"Sun Li-fang\"",
            80,
        );
        assert_eq!(marked(&s), ["Sun Li-fang"]);
        // An exercise's name with its em dash.
        let s = snippet_of("东部战区开展“联合利剑—2024A”演习。", "联合利剑—2024A", 80);
        assert_eq!(marked(&s), ["联合利剑—2024A"]);
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
    fn a_chinese_snippet_starts_at_a_clause_and_never_inside_a_number() {
        let filler = "各部队持续开展训练活动并取得成效".repeat(20);
        let s = snippet_of(
            &format!("{filler}据报道，8月11日菲律宾船只闯入黄岩岛邻近海域。{filler}"),
            "黄岩岛",
            60,
        );
        // Text left out before and after is marked.
        assert!(s.text.starts_with("…8月11日"), "{}", s.text);
        assert!(s.text.ends_with('…'), "{}", s.text);
        // No comma near: the cut never splits a run of digits.
        let s = snippet_of(
            &format!("{filler}2025年8月11日菲律宾船只闯入黄岩岛邻近海域。{filler}"),
            "黄岩岛",
            60,
        );
        let text = s.text.trim_start_matches('…');
        assert!(
            !text.starts_with(|c: char| c.is_ascii_digit()) || text.starts_with("2025"),
            "{}",
            s.text
        );
        // A snippet that is the whole text has no marks.
        let whole = snippet_of("菲律宾船只闯入黄岩岛邻近海域。", "黄岩岛", 60);
        assert_eq!(whole.text, "菲律宾船只闯入黄岩岛邻近海域。");
    }

    #[test]
    fn chinese_snippets_are_as_long_in_characters_as_english_ones() {
        let zh = "解放军南部战区组织海空兵力在南海有关海域进行例行巡航。".repeat(20);
        let s = snippet_of(&zh, "巡航", 60);
        let n = s.text.chars().count();
        assert!((30..=90).contains(&n), "{n}: {}", s.text);
    }

    mod never_panics {
        use super::*;
        use crate::analysis::BilingualTokenizer;
        use proptest::prelude::*;
        use std::sync::Arc;

        fn snippets(terms: &[&str], chars: usize) -> Snippets {
            let wanted: HashSet<String> = terms.iter().map(|t| t.to_string()).collect();
            let weights = wanted.iter().map(|t| (t.clone(), 1.0)).collect();
            let tokenizer = TextAnalyzer::from(BilingualTokenizer::with_words(
                Mode::Index,
                Arc::new(move |w: &str| wanted.contains(w)),
            ));
            Snippets::new(
                weights,
                HashSet::new(),
                tokenizer,
                crate::schema::build().1,
                chars,
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

            /// Any mix of scripts, wide spaces and punctuation, any snippet length: a snippet
            /// within the text, its highlights within the snippet and on query words.
            #[test]
            fn in_any_script(text in "[a-zA-Z 年台湾。\u{3000}.,!]{0,600}", chars in 1usize..200) {
                let s = snippets(&["台湾", "年", "ab"], chars);
                let snippet = s.of(&crate::testing::doc("a", "t", &text));
                let letters: Vec<char> = snippet.text.chars().collect();
                for &(from, to) in &snippet.highlights {
                    prop_assert!(from < to && to <= letters.len());
                    let piece: String = letters[from..to].iter().collect();
                    prop_assert!(
                        piece.contains('台') || piece.contains('年') || piece.to_lowercase().contains("ab"),
                        "{piece}"
                    );
                }
            }
        }
    }
}
