//! The bilingual tokenizer: script runs, per-script rules, and position bookkeeping (see the
//! module docs of [`crate::analysis`]).

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::chinese::{self, Segment};
use super::english;
use super::fold::{fold_char, is_han};

/// Which side of the index a text is analysed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Indexed text: Han runs yield every dictionary word they contain (overlapping) and every
    /// single character, so any string of the text is found as a phrase of words and characters
    /// however a query cuts it.
    Index,
    /// Query text: one segmentation per Han run, no overlaps.
    Query,
    /// Han runs whole, unsegmented (and without loading jieba): for comparing short texts such
    /// as glossary terms, where only the normalised form matters.
    Whole,
}

/// The script a token came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Latin,
    Han,
}

/// A token as milpress sees it: normalised text, byte offsets into the original text, position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzedToken {
    pub text: String,
    pub from: usize,
    pub to: usize,
    pub position: usize,
    pub script: Script,
}

/// Analyses `text`, calling `sink` with every token in position order.
pub fn analyze(text: &str, mode: Mode, mut sink: impl FnMut(AnalyzedToken)) {
    Runs::new(mode, None).run(text, &mut sink);
}

/// Which strings count as Chinese words, when something other than jieba's dictionary decides
/// (the terms of an index, the words of a query). Must be cheap: it is asked about every
/// substring of up to [`LONGEST_WORD`] characters.
pub type Words<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// A [`Words`] dictionary a tokenizer can own.
pub type SharedWords = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// The longest Chinese word looked up in a [`Words`] dictionary, in characters.
pub const LONGEST_WORD: usize = 8;

/// Like [`analyze`], with Han runs cut by `words` instead of jieba (so jieba is never loaded):
/// in [`Mode::Query`], greedily into the longest known words; in [`Mode::Index`], into every known
/// word it contains plus every character.
pub fn analyze_with(text: &str, mode: Mode, words: Words<'_>, mut sink: impl FnMut(AnalyzedToken)) {
    Runs::new(mode, Some(words)).run(text, &mut sink);
}

/// What a run of folded characters is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RunKind {
    Word,
    Han,
}

/// The state of one pass over a text.
struct Runs<'w> {
    mode: Mode,
    words: Option<Words<'w>>,
    position: usize,
    kind: Option<RunKind>,
    /// Folded text of the current run.
    folded: String,
    /// For each folded character of a Han run: the original byte span it came from.
    spans: Vec<(usize, usize)>,
    run_from: usize,
    run_to: usize,
    word: String,
    segments: Vec<Segment>,
    han_tokens: Vec<AnalyzedToken>,
}

impl<'w> Runs<'w> {
    fn new(mode: Mode, words: Option<Words<'w>>) -> Runs<'w> {
        Runs {
            mode,
            words,
            position: 0,
            kind: None,
            folded: String::new(),
            spans: Vec::new(),
            run_from: 0,
            run_to: 0,
            word: String::new(),
            segments: Vec::new(),
            han_tokens: Vec::new(),
        }
    }

    fn run(&mut self, text: &str, sink: &mut impl FnMut(AnalyzedToken)) {
        for (from, c) in text.char_indices() {
            let to = from + c.len_utf8();
            let next = text.get(to..).and_then(|rest| rest.chars().next());
            fold_char(c, |f| {
                let in_word = self.kind == Some(RunKind::Word);
                // `U.S.` and `P.R.C.` are one word each (`us`, `prc`), as typed without dots.
                let initialism = f == '.'
                    && in_word
                    && is_initialism(&self.folded)
                    && next.is_some_and(|n| n.is_ascii_uppercase());
                let kind = if is_han(f) {
                    Some(RunKind::Han)
                } else if f.is_alphanumeric()
                    || initialism
                    || (in_word && (f == '\'' || f == '\u{2019}'))
                {
                    Some(RunKind::Word)
                } else {
                    None
                };
                if kind != self.kind {
                    self.flush(sink);
                    self.kind = kind;
                    self.run_from = from;
                }
                if kind.is_some() {
                    self.folded.push(f);
                    self.run_to = to;
                    if kind == Some(RunKind::Han) {
                        self.spans.push((from, to));
                    }
                }
            });
        }
        self.flush(sink);
    }

    fn flush(&mut self, sink: &mut impl FnMut(AnalyzedToken)) {
        match self.kind {
            Some(RunKind::Word) => self.flush_word(sink),
            Some(RunKind::Han) => self.flush_han(sink),
            None => {}
        }
        self.folded.clear();
        self.spans.clear();
    }

    fn flush_word(&mut self, sink: &mut impl FnMut(AnalyzedToken)) {
        english::normalize_word(&self.folded, &mut self.word);
        if let Some(acronym) = english::acronym(&self.folded) {
            // Indexed text holds the stemmed form too, at the same position, so a headline in
            // capitals is still found by its words; a query searches the acronym only.
            if self.mode == Mode::Index && !self.word.is_empty() && self.word != acronym {
                let stemmed = std::mem::take(&mut self.word);
                sink(self.latin_token(stemmed));
            }
            self.word = acronym;
        }
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        sink(self.latin_token(word));
        self.position += 1;
    }

    /// A Latin-script token spanning the current word, at the current position.
    fn latin_token(&self, text: String) -> AnalyzedToken {
        AnalyzedToken {
            text,
            from: self.run_from,
            to: self.run_to,
            position: self.position,
            script: Script::Latin,
        }
    }

    fn flush_han(&mut self, sink: &mut impl FnMut(AnalyzedToken)) {
        let base = self.position;
        // Traditional characters fold to simplified (國防部 → 国防部), one for one, so character
        // offsets still line up with the original text.
        let simplified = fast2s::convert(&self.folded);
        let run = if simplified.chars().count() == self.spans.len() {
            simplified.as_str()
        } else {
            self.folded.as_str()
        };
        self.segments.clear();
        match (self.mode, self.words) {
            (Mode::Index, Some(words)) => known_words(run, words, &mut self.segments),
            (Mode::Query, Some(words)) => longest_words(run, words, &mut self.segments),
            (Mode::Index, None) => chinese::segment_for_index(run, &mut self.segments),
            (Mode::Query, None) => chinese::segment_for_query(run, &mut self.segments),
            (Mode::Whole, _) => self.segments.push(Segment {
                char_start: 0,
                char_len: self.spans.len(),
                byte_start: 0,
                byte_end: run.len(),
            }),
        }
        let spans = &self.spans;
        let span_of = |first: usize, count: usize| -> Option<(usize, usize)> {
            let start = spans.get(first)?.0;
            let end = spans.get(first + count.max(1) - 1)?.1;
            Some((start, end))
        };
        let mut single = vec![false; spans.len()];
        for segment in &self.segments {
            let Some(word) = run.get(segment.byte_start..segment.byte_end) else {
                continue;
            };
            if !word.chars().all(is_han) {
                continue;
            }
            let Some((from, to)) = span_of(segment.char_start, segment.char_len) else {
                continue;
            };
            if segment.char_len == 1 {
                if let Some(seen) = single.get_mut(segment.char_start) {
                    *seen = true;
                }
            }
            self.han_tokens.push(AnalyzedToken {
                text: word.to_string(),
                from,
                to,
                position: base + segment.char_start,
                script: Script::Han,
            });
        }
        if self.mode == Mode::Index {
            // Every character on its own as well, so a query can fall back to characters where it
            // knows no word (a name not in the dictionary, a string cut across words).
            for (i, c) in run.chars().enumerate() {
                if single.get(i).copied().unwrap_or(true) {
                    continue;
                }
                let Some(&(from, to)) = spans.get(i) else {
                    continue;
                };
                self.han_tokens.push(AnalyzedToken {
                    text: c.to_string(),
                    from,
                    to,
                    position: base + i,
                    script: Script::Han,
                });
            }
        }
        // tantivy wants the positions of each term in increasing order.
        self.han_tokens.sort_by_key(|t| (t.position, t.to - t.from));
        for token in self.han_tokens.drain(..) {
            sink(token);
        }
        self.position = base + spans.len() + 1;
    }
}

/// `U` or `U.S`: single capital letters joined by dots, so far.
fn is_initialism(run: &str) -> bool {
    run.split('.')
        .all(|part| part.len() == 1 && part.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Byte offset of every character of `run`, and its length.
fn char_bounds(run: &str) -> Vec<usize> {
    run.char_indices()
        .map(|(i, _)| i)
        .chain([run.len()])
        .collect()
}

/// Every known word of two or more characters inside `run` (single characters are added by the
/// caller).
fn known_words(run: &str, words: Words<'_>, out: &mut Vec<Segment>) {
    let bounds = char_bounds(run);
    let chars = bounds.len() - 1;
    for start in 0..chars {
        for len in 2..=LONGEST_WORD.min(chars - start) {
            let (from, to) = (bounds[start], bounds[start + len]);
            if words(&run[from..to]) {
                out.push(Segment {
                    char_start: start,
                    char_len: len,
                    byte_start: from,
                    byte_end: to,
                });
            }
        }
    }
}

/// `run` cut left to right into the longest known words, single characters where none is known.
fn longest_words(run: &str, words: Words<'_>, out: &mut Vec<Segment>) {
    let bounds = char_bounds(run);
    let chars = bounds.len() - 1;
    let mut start = 0;
    while start < chars {
        let len = (2..=LONGEST_WORD.min(chars - start))
            .rev()
            .find(|&len| words(&run[bounds[start]..bounds[start + len]]))
            .unwrap_or(1);
        out.push(Segment {
            char_start: start,
            char_len: len,
            byte_start: bounds[start],
            byte_end: bounds[start + len],
        });
        start += len;
    }
}

/// The bilingual analyzer as a tantivy tokenizer.
#[derive(Clone)]
pub struct BilingualTokenizer {
    mode: Mode,
    words: Option<SharedWords>,
    tokens: Vec<Token>,
}

impl BilingualTokenizer {
    pub fn new(mode: Mode) -> BilingualTokenizer {
        BilingualTokenizer {
            mode,
            words: None,
            tokens: Vec::new(),
        }
    }

    /// A tokenizer that cuts Chinese by `words` instead of jieba (see [`analyze_with`]).
    pub fn with_words(
        mode: Mode,
        words: Arc<dyn Fn(&str) -> bool + Send + Sync>,
    ) -> BilingualTokenizer {
        BilingualTokenizer {
            mode,
            words: Some(words),
            tokens: Vec::new(),
        }
    }
}

/// The tokens of one text, computed up front.
pub struct BilingualTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl Tokenizer for BilingualTokenizer {
    type TokenStream<'a> = BilingualTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BilingualTokenStream<'a> {
        self.tokens.clear();
        let tokens = &mut self.tokens;
        let sink = |t: AnalyzedToken| {
            tokens.push(Token {
                offset_from: t.from,
                offset_to: t.to,
                position: t.position,
                text: t.text,
                position_length: 1,
            })
        };
        match &self.words {
            Some(words) => analyze_with(text, self.mode, words.as_ref(), sink),
            None => analyze(text, self.mode, sink),
        }
        BilingualTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for BilingualTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, mode: Mode) -> Vec<AnalyzedToken> {
        let mut out = Vec::new();
        analyze(text, mode, |t| out.push(t));
        out
    }

    fn texts(text: &str, mode: Mode) -> Vec<String> {
        tokens(text, mode).into_iter().map(|t| t.text).collect()
    }

    const ENGLISH: &str = "The 11th Beijing Xiangshan Forums, China's";
    const ENGLISH_TOKENS: &[&str] = &["the", "11th", "beij", "xiangshan", "forum", "china"];

    #[test]
    fn english_is_lowercased_and_stemmed() {
        assert_eq!(texts(ENGLISH, Mode::Index), ENGLISH_TOKENS);
        let positions: Vec<usize> = tokens(ENGLISH, Mode::Index)
            .iter()
            .map(|t| t.position)
            .collect();
        assert_eq!(positions, [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn punctuation_and_space_are_never_tokens() {
        for mode in [Mode::Index, Mode::Query] {
            for token in tokens("“台独”，  ——！ (U.S.) 。", mode) {
                assert!(token.text.chars().all(char::is_alphanumeric), "{token:?}");
            }
        }
    }

    #[test]
    fn initialisms_are_one_word() {
        assert_eq!(texts("U.S. arms sales", Mode::Query), ["us", "arm", "sale"]);
        assert_eq!(texts("US arms", Mode::Query), ["us", "arm"]);
        assert_eq!(
            texts("the P.R.C. said", Mode::Query),
            ["the", "prc", "said"]
        );
        assert_eq!(texts("end. Then", Mode::Query), ["end", "then"]);
    }

    #[test]
    fn full_width_text_folds() {
        assert_eq!(texts("Ｊ－２０ ＰＬＡ", Mode::Query), ["j", "20", "pla"]);
    }

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(
            texts("國防部發言人", Mode::Query),
            texts("国防部发言人", Mode::Query)
        );
        let tokens = tokens("台灣國防部", Mode::Index);
        assert!(tokens
            .iter()
            .any(|t| t.text == "国防部" && &"台灣國防部"[t.from..t.to] == "國防部"));
    }

    #[test]
    fn a_word_list_can_stand_in_for_jieba() {
        let known = |w: &str| matches!(w, "香山" | "论坛" | "香山论坛" | "北京");
        let mut query = Vec::new();
        analyze_with("北京香山论坛先导会", Mode::Query, &known, |t| {
            query.push(t.text)
        });
        assert_eq!(query, ["北京", "香山论坛", "先", "导", "会"]);
        let mut index = Vec::new();
        analyze_with("香山论坛", Mode::Index, &known, |t| {
            index.push((t.text, t.position))
        });
        for expected in [("香山", 0), ("香山论坛", 0), ("论坛", 2), ("坛", 3)] {
            assert!(
                index.contains(&(expected.0.to_string(), expected.1)),
                "{index:?}"
            );
        }
    }

    #[test]
    fn query_mode_segments_once() {
        assert_eq!(texts("北京香山论坛", Mode::Query), ["北京", "香山论坛"]);
    }

    #[test]
    fn index_mode_covers_every_character() {
        let text = "中国人民解放军海军";
        let tokens = tokens(text, Mode::Index);
        for (i, c) in text.chars().enumerate() {
            let c = c.to_string();
            assert!(
                tokens.iter().any(|t| t.text == c && t.position == i),
                "{c} at {i}: {tokens:?}"
            );
        }
        assert!(tokens.iter().any(|t| t.text == "解放军" && t.position == 4));
    }

    #[test]
    fn han_positions_are_character_offsets_and_runs_are_separated() {
        let tokens = tokens("香山，论坛 forum", Mode::Query);
        let found: Vec<(&str, usize)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect();
        assert_eq!(found, [("香山", 0), ("论坛", 3), ("forum", 6)]);
    }

    #[test]
    fn offsets_slice_the_original_text() {
        let texts = [
            "发言人林剑7日表示，“台独”与台海和平水火不容。",
            "Spokesperson Ｗｕ Ｑｉａｎ said on Aug. 29, 2024: the PLA's drills…",
            "mixed 中英文 text with 北京香山论坛 and ＰＬＡ Navy 海军",
            "",
            "   ",
        ];
        for text in texts {
            for mode in [Mode::Index, Mode::Query] {
                for token in tokens(text, mode) {
                    let slice = text.get(token.from..token.to);
                    assert!(slice.is_some(), "{token:?} in {text}");
                }
            }
        }
    }

    #[test]
    fn positions_of_each_term_increase() {
        let text = "军人军队军人，军军军";
        let tokens = tokens(text, Mode::Index);
        for pair in tokens.windows(2) {
            assert!(pair[0].position <= pair[1].position, "{tokens:?}");
        }
    }
}
