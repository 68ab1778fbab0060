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
    Runs::new(mode, None, &mut Scratch::default())
        .run(text, &mut |t: TokenRef<'_>| sink(t.to_owned()));
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
    Runs::new(mode, Some(words), &mut Scratch::default())
        .run(text, &mut |t: TokenRef<'_>| sink(t.to_owned()));
}

/// A token whose text still lies in the analyzer's buffers: what the runner hands out, so that
/// the indexing path can copy it into a reused `String` instead of allocating one per token.
#[derive(Clone, Copy)]
struct TokenRef<'a> {
    text: &'a str,
    from: usize,
    to: usize,
    position: usize,
    script: Script,
}

impl TokenRef<'_> {
    fn to_owned(self) -> AnalyzedToken {
        AnalyzedToken {
            text: self.text.to_string(),
            from: self.from,
            to: self.to,
            position: self.position,
            script: self.script,
        }
    }
}

/// What a run of folded characters is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RunKind {
    Word,
    Han,
}

/// The buffers of a pass over a text, kept by a tokenizer from one text to the next so that the
/// indexing path does not allocate them again for every field.
#[derive(Clone, Default)]
struct Scratch {
    /// Folded text of the current run.
    folded: String,
    /// For each folded character of a Han run: the original byte span it came from.
    spans: Vec<(usize, usize)>,
    /// The current Latin word, normalised.
    word: String,
    /// A Han run with traditional characters, simplified.
    simplified: String,
    segments: Vec<Segment>,
    /// For each character of a Han run: whether a segment of one character already covers it.
    single: Vec<bool>,
    han_tokens: Vec<HanToken>,
}

/// A Han token of the current run: its text as a byte range of the (simplified) run.
#[derive(Clone, Copy)]
struct HanToken {
    start: usize,
    end: usize,
    from: usize,
    to: usize,
    position: usize,
}

impl HanToken {
    /// The order tantivy needs (positions of each term increasing): by position, then by
    /// length in the original text.
    fn key(&self) -> (usize, usize) {
        (self.position, self.to - self.from)
    }
}

/// The dots written between the parts of a name: the middle dot, the katakana middle dot
/// (also in its half-width form) and the hyphenation point.
fn is_middle_dot(c: char) -> bool {
    matches!(c, '\u{00B7}' | '\u{30FB}' | '\u{FF65}' | '\u{2027}')
}

/// The state of one pass over a text.
struct Runs<'a> {
    mode: Mode,
    words: Option<Words<'a>>,
    position: usize,
    kind: Option<RunKind>,
    run_from: usize,
    run_to: usize,
    /// The end of the white space of a wrapped line that a Han run reads across.
    wrapped_to: usize,
    scratch: &'a mut Scratch,
}

impl<'a> Runs<'a> {
    fn new(mode: Mode, words: Option<Words<'a>>, scratch: &'a mut Scratch) -> Runs<'a> {
        scratch.folded.clear();
        scratch.spans.clear();
        Runs {
            mode,
            words,
            position: 0,
            kind: None,
            run_from: 0,
            run_to: 0,
            wrapped_to: 0,
            scratch,
        }
    }

    fn run(&mut self, text: &str, sink: &mut impl FnMut(TokenRef<'_>)) {
        for (from, c) in text.char_indices() {
            let to = from + c.len_utf8();
            fold_char(c, |f| self.push(f, text, from, to, sink));
        }
        self.flush(sink);
    }

    /// Adds folded character `f`, which came from `text[from..to]`.
    #[inline]
    fn push(
        &mut self,
        f: char,
        text: &str,
        from: usize,
        to: usize,
        sink: &mut impl FnMut(TokenRef<'_>),
    ) {
        if from < self.wrapped_to {
            return;
        }
        let in_word = self.kind == Some(RunKind::Word);
        // A line wrapped inside a Chinese sentence (a PDF saved as text, a hard-wrapped mail)
        // is no break between words: `全程跟\n踪监视` reads as `全程跟踪监视`. A blank line is.
        if self.kind == Some(RunKind::Han) && f.is_whitespace() {
            if let Some(end) = wrapped_line_end(text, from) {
                self.wrapped_to = end;
                return;
            }
        }
        // Quotation and title marks inside a Chinese sentence (`支持“台独”分裂势力`,
        // `《解放军报》报道`) join the characters on both sides, so the sentence is found as
        // typed without them; a space or other punctuation still breaks it.
        if self.kind == Some(RunKind::Han) && is_quote_mark(f) {
            let rest = text[to..].trim_start_matches(is_quote_mark);
            if rest.chars().next().is_some_and(is_han_or_kana) {
                return;
            }
        }
        // A middle dot between Han characters joins them (`北部·联合`, `约翰·史密斯`): the
        // name is found typed with the dot or without it.
        if self.kind == Some(RunKind::Han)
            && is_middle_dot(f)
            && text[to..].chars().next().is_some_and(is_han_or_kana)
        {
            return;
        }
        let kind = if f.is_ascii_alphanumeric() {
            Some(RunKind::Word)
        } else if is_han_or_kana(f) {
            Some(RunKind::Han)
        } else if f.is_alphanumeric()
            || (in_word && (f == '\'' || f == '\u{2019}'))
            // `U.S.` and `P.R.C.` are one word each (`us`, `prc`), as typed without dots.
            || (f == '.'
                && in_word
                && is_initialism(&self.scratch.folded)
                && text[to..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_uppercase()))
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
            self.scratch.folded.push(f);
            // A closing quote after a word (`'Taiwan independence'`) is no part of its span.
            if !(kind == Some(RunKind::Word) && (f == '\'' || f == '\u{2019}')) {
                self.run_to = to;
            }
            if kind == Some(RunKind::Han) {
                self.scratch.spans.push((from, to));
            }
        }
    }

    fn flush(&mut self, sink: &mut impl FnMut(TokenRef<'_>)) {
        match self.kind {
            Some(RunKind::Word) => self.flush_word(sink),
            Some(RunKind::Han) => self.flush_han(sink),
            None => {}
        }
        self.scratch.folded.clear();
        self.scratch.spans.clear();
    }

    fn flush_word(&mut self, sink: &mut impl FnMut(TokenRef<'_>)) {
        let Scratch { folded, word, .. } = &mut *self.scratch;
        english::normalize_word(folded, word);
        let latin = |text, position| TokenRef {
            text,
            from: self.run_from,
            to: self.run_to,
            position,
            script: Script::Latin,
        };
        if let Some(acronym) = english::acronym(folded) {
            // Indexed text holds the stemmed form too, at the same position, so a headline in
            // capitals is still found by its words; a query searches the acronym only.
            if self.mode == Mode::Index && !word.is_empty() && *word != acronym {
                sink(latin(word, self.position));
            }
            sink(latin(&acronym, self.position));
        } else if word.is_empty() {
            return;
        } else {
            sink(latin(word, self.position));
            // A variant's designation (`J-35A`, `055A`, `H-6K`) is indexed under its base
            // number too, so that `J-35` and `Type 055` find their variants, and `J-35A` still
            // finds only its own.
            if self.mode == Mode::Index {
                if let Some(base) = english::variant_base(word) {
                    sink(latin(base, self.position));
                }
            }
        }
        self.position += 1;
    }

    fn flush_han(&mut self, sink: &mut impl FnMut(TokenRef<'_>)) {
        let base = self.position;
        let Scratch {
            folded,
            spans,
            simplified,
            segments,
            single,
            han_tokens,
            ..
        } = &mut *self.scratch;
        // Traditional characters fold to simplified (國防部 → 国防部), one for one, so character
        // offsets still line up with the original text. Most runs have none: those are used as
        // they are, without a copy.
        let mut run = folded.as_str();
        // Every character of `folded` is Han; those of a simplified run are checked below.
        let mut all_han = true;
        if chinese::may_be_traditional(run) {
            *simplified = fast2s::convert(run);
            if simplified.chars().count() == spans.len() {
                run = simplified.as_str();
                all_han = false;
            }
        }
        segments.clear();
        match (self.mode, self.words) {
            (Mode::Index, Some(words)) => known_words(run, words, segments),
            (Mode::Query, Some(words)) => longest_words(run, words, segments),
            (Mode::Index, None) => chinese::segment_for_index(run, segments),
            (Mode::Query, None) => chinese::segment_for_query(run, segments),
            (Mode::Whole, _) => segments.push(Segment {
                char_start: 0,
                char_len: spans.len(),
                byte_start: 0,
                byte_end: run.len(),
            }),
        }
        let span_of = |first: usize, count: usize| -> Option<(usize, usize)> {
            let start = spans.get(first)?.0;
            let end = spans.get(first + count.max(1) - 1)?.1;
            Some((start, end))
        };
        // Characters no segment covers (jieba leaves kana out of its words) are segments of
        // their own, so that a query of kana alone still searches something.
        if self.mode == Mode::Query {
            // `single` serves as the characters covered here; it is reset below.
            let covered = &mut *single;
            covered.clear();
            covered.resize(spans.len(), false);
            for segment in segments.iter() {
                let end = (segment.char_start + segment.char_len).min(covered.len());
                covered[segment.char_start.min(end)..end].fill(true);
            }
            if covered.contains(&false) {
                let bounds = char_bounds(run);
                for (i, _) in covered.iter().enumerate().filter(|(_, seen)| !**seen) {
                    segments.push(Segment {
                        char_start: i,
                        char_len: 1,
                        byte_start: bounds[i],
                        byte_end: bounds[i + 1],
                    });
                }
                segments.sort_by_key(|s| (s.char_start, s.char_len));
            }
        }
        single.clear();
        single.resize(spans.len(), false);
        han_tokens.clear();
        let mut sorted = true;
        for segment in segments.iter() {
            let Some(word) = run.get(segment.byte_start..segment.byte_end) else {
                continue;
            };
            if !all_han && !word.chars().all(is_han_or_kana) {
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
            let token = HanToken {
                start: segment.byte_start,
                end: segment.byte_end,
                from,
                to,
                position: base + segment.char_start,
            };
            sorted &= han_tokens
                .last()
                .is_none_or(|last| last.key() <= token.key());
            han_tokens.push(token);
        }
        // Every character on its own as well (in indexed text), so a query can fall back to
        // characters where it knows no word (a name not in the dictionary, a string cut across
        // words).
        let mode = self.mode;
        let singles = run
            .char_indices()
            .zip(spans.iter())
            .enumerate()
            .filter(|&(i, _)| mode == Mode::Index && !single[i])
            .map(|(i, ((start, c), &(from, to)))| HanToken {
                start,
                end: start + c.len_utf8(),
                from,
                to,
                position: base + i,
            });
        if sorted {
            // jieba and the word lists give segments in position order already: merge the
            // characters in where a stable sort by `key` would put them (after the segments of
            // the same key), without sorting.
            let mut next = 0;
            for character in singles {
                while let Some(t) = han_tokens.get(next).filter(|t| t.key() <= character.key()) {
                    emit(sink, run, t);
                    next += 1;
                }
                emit(sink, run, &character);
            }
            for t in &han_tokens[next..] {
                emit(sink, run, t);
            }
        } else {
            han_tokens.extend(singles);
            han_tokens.sort_by_key(HanToken::key);
            for t in han_tokens.iter() {
                emit(sink, run, t);
            }
        }
        self.position = base + spans.len() + 1;
    }
}

/// Hands the Han token `t` of `run` to `sink`.
#[inline]
fn emit(sink: &mut impl FnMut(TokenRef<'_>), run: &str, t: &HanToken) {
    sink(TokenRef {
        text: &run[t.start..t.end],
        from: t.from,
        to: t.to,
        position: t.position,
        script: Script::Han,
    })
}

/// The quotation and title marks Chinese text sets inside a sentence.
fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '「'
            | '」'
            | '『'
            | '』'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '"'
            | '\''
    )
}

/// Where the white space at `text[from..]` ends, when it holds exactly one line break and a
/// Han character follows it: a Chinese line wrapped mid-sentence (the caller knows that a Han
/// character comes before it).
pub fn wrapped_line_end(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let end = rest
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(rest.len());
    let space = &rest[..end];
    (space.matches('\n').count() == 1 && rest[end..].chars().next().is_some_and(is_han_or_kana))
        .then_some(from + end)
}

/// Han, or Japanese kana, which is written as Han is, without spaces (`断続的にレーダー照射`):
/// indexed a character at a time like Han, so that `レーダー` is found inside `にレーダー照射`
/// and `J-15` beside `の`, where a run of letters would glue the particle to the word.
pub fn is_han_or_kana(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '\u{3041}'..='\u{309F}' // hiragana
            // katakana, with ー (not the middle dot ・, which joins names)
            | '\u{30A1}'..='\u{30FA}'
            | '\u{30FC}'..='\u{30FF}'
            | '\u{31F0}'..='\u{31FF}' // katakana phonetic extensions
            | '\u{FF66}'..='\u{FF9F}') // half-width katakana
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

/// The bilingual analyzer as a tantivy tokenizer. It keeps its buffers and its tokens' strings
/// from one text to the next: indexing analyses millions of fields, and one allocation per token
/// showed in its profile.
#[derive(Clone)]
pub struct BilingualTokenizer {
    mode: Mode,
    words: Option<SharedWords>,
    tokens: Vec<Token>,
    scratch: Scratch,
}

impl BilingualTokenizer {
    pub fn new(mode: Mode) -> BilingualTokenizer {
        BilingualTokenizer {
            mode,
            words: None,
            tokens: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    /// A tokenizer that cuts Chinese by `words` instead of jieba (see [`analyze_with`]).
    pub fn with_words(
        mode: Mode,
        words: Arc<dyn Fn(&str) -> bool + Send + Sync>,
    ) -> BilingualTokenizer {
        BilingualTokenizer {
            words: Some(words),
            ..BilingualTokenizer::new(mode)
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
        let tokens = &mut self.tokens;
        let mut count = 0;
        let mut sink = |t: TokenRef<'_>| {
            // Overwrite the token left here by an earlier text, keeping its string's buffer.
            if let Some(token) = tokens.get_mut(count) {
                token.text.clear();
                token.text.push_str(t.text);
                token.offset_from = t.from;
                token.offset_to = t.to;
                token.position = t.position;
                token.position_length = 1;
            } else {
                tokens.push(Token {
                    offset_from: t.from,
                    offset_to: t.to,
                    position: t.position,
                    text: t.text.to_string(),
                    position_length: 1,
                });
            }
            count += 1;
        };
        let words = self.words.as_deref().map(|w| w as Words<'_>);
        Runs::new(self.mode, words, &mut self.scratch).run(text, &mut sink);
        BilingualTokenStream {
            tokens: &mut self.tokens[..count],
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

    #[test]
    fn kana_is_cut_as_han_is() {
        let indexed = texts("断続的にレーダー照射", Mode::Index);
        for c in ["に", "レ", "ー", "照"] {
            assert!(indexed.contains(&c.to_string()), "{c} in {indexed:?}");
        }
        assert_eq!(texts("レーダー", Mode::Query), ["レ", "ー", "ダ", "ー"]);
        // A designation beside a particle is a word of its own.
        assert!(texts("のJ-15戦闘機", Mode::Index).contains(&"j".to_string()));
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
    fn a_chinese_line_wrapped_mid_sentence_reads_as_one() {
        let text = "全程跟 \r\n  踪监视";
        let wrapped = tokens(text, Mode::Index);
        let word = wrapped
            .iter()
            .find(|t| t.text == "跟踪")
            .expect("跟踪 across the wrap");
        assert_eq!(&text[word.from..word.to], "跟 \r\n  踪");
        assert_eq!(texts(text, Mode::Index), texts("全程跟踪监视", Mode::Index));
        // A blank line, a space within a line and a line of Latin text still break the run.
        for apart in ["全程跟\n\n踪监视", "全程跟 踪监视", "全程跟\nPLA\n踪监视"]
        {
            assert!(
                !texts(apart, Mode::Index).contains(&"跟踪".to_string()),
                "{apart:?}"
            );
        }
    }

    #[test]
    fn quotation_marks_inside_a_chinese_sentence_join_it() {
        let quoted = texts("停止支持“台独”分裂势力", Mode::Index);
        assert_eq!(quoted, texts("停止支持台独分裂势力", Mode::Index));
        assert_eq!(
            texts("《解放军报》报道", Mode::Query),
            texts("解放军报报道", Mode::Query)
        );
        // Before Latin text or at the end of a run, a quote is punctuation as before.
        assert_eq!(texts("“台独”", Mode::Query), texts("台独", Mode::Query));
        assert!(!texts("台独” PLA", Mode::Query).contains(&"pla台".to_string()));
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
    fn a_middle_dot_joins_the_parts_of_a_name() {
        let words = |text| -> Vec<(String, usize)> {
            tokens(text, Mode::Query)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect()
        };
        for dotted in ["北部·联合", "北部・联合", "北部‧联合"] {
            assert_eq!(words(dotted), words("北部联合"), "{dotted}");
        }
        // Not between Han characters: a separator as before.
        assert_eq!(words("北部· 联合"), words("北部，联合"));
        assert_eq!(words("Abe·Shinzo"), words("Abe Shinzo"));
    }

    #[test]
    fn offsets_slice_the_original_text() {
        let texts = [
            "发言人林剑7日表示，“台独”与台海和平水火不容。",
            "Spokesperson Ｗｕ Ｑｉａｎ said on Aug. 29, 2024: the PLA's drills…",
            "mixed 中英文 text with 北京香山论坛 and ＰＬＡ Navy 海军",
            "中俄“北部·联合-2024”演习，约翰・史密斯·",
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
    fn a_closing_quote_is_no_part_of_a_word() {
        let text = "a warning to 'Taiwan independence' forces and China’s navy";
        let spans: Vec<&str> = tokens(text, Mode::Query)
            .iter()
            .map(|t| &text[t.from..t.to])
            .collect();
        assert!(spans.contains(&"independence"), "{spans:?}");
        assert!(spans.contains(&"China’s"), "{spans:?}");
    }

    #[test]
    fn positions_of_each_term_increase() {
        let text = "军人军队军人，军军军";
        let tokens = tokens(text, Mode::Index);
        for pair in tokens.windows(2) {
            assert!(pair[0].position <= pair[1].position, "{tokens:?}");
        }
    }

    /// Texts where folding turns one character into several (`㍿` → 株式会社), so words and
    /// characters share a span; traditional characters; a text longer than the next one.
    const TRICKY: &[&str] = &[
        "㍿株式会社 ㍻ 中国人民解放军海军",
        "乾隆的乾兒子一邊乾淨利落地擲出了一個乾卦 企畫 慰藉 看著",
        "U.S. IEDs and the PLA's J-20 in 𠀀𠀁中国 ｈｅｌｌｏ",
        "短",
    ];

    #[test]
    fn han_tokens_come_by_position_then_span_with_characters_after_words() {
        for text in TRICKY {
            let tokens = tokens(text, Mode::Index);
            for pair in tokens.windows(2) {
                let key = |t: &AnalyzedToken| (t.position, t.to - t.from);
                assert!(key(&pair[0]) <= key(&pair[1]), "{pair:?}");
            }
        }
        // All four of 株式会社 come from the one character ㍿: its words and its first
        // character share position and span, and the character comes after the words.
        let known = |w: &str| matches!(w, "株式" | "株式会社" | "会社");
        let mut texts = Vec::new();
        analyze_with("㍿", Mode::Index, &known, |t| {
            texts.push((t.text, t.position))
        });
        let expected = [
            ("株式", 0),
            ("株式会社", 0),
            ("株", 0),
            ("式", 1),
            ("会社", 2),
            ("会", 2),
            ("社", 3),
        ];
        let expected: Vec<(String, usize)> =
            expected.iter().map(|&(t, p)| (t.to_string(), p)).collect();
        assert_eq!(texts, expected);
    }

    fn stream(
        tokenizer: &mut BilingualTokenizer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn the_tokenizer_reusing_its_buffers_gives_what_analyze_gives() {
        let known = |w: &str| matches!(w, "株式" | "海军" | "一边");
        let words: SharedWords = Arc::new(known);
        for mode in [Mode::Index, Mode::Query, Mode::Whole] {
            let mut tokenizer = BilingualTokenizer::new(mode);
            let mut with_words = BilingualTokenizer::with_words(mode, words.clone());
            // Each text after a longer one: nothing of the longer one may show through.
            for text in TRICKY.iter().chain(TRICKY.iter().rev()) {
                let mut expected = Vec::new();
                analyze(text, mode, |t| {
                    expected.push((t.text, t.from, t.to, t.position))
                });
                assert_eq!(stream(&mut tokenizer, text), expected, "{text}");
                let mut expected = Vec::new();
                analyze_with(text, mode, &known, |t| {
                    expected.push((t.text, t.from, t.to, t.position))
                });
                assert_eq!(stream(&mut with_words, text), expected, "{text}");
            }
        }
    }

    #[test]
    fn the_tokenizer_gives_what_analyze_gives_on_the_shared_corpus() {
        let Some(path) = crate::testing::shared_file("pla-watch-2026-05.jsonl") else {
            return;
        };
        let corpus = std::fs::read_to_string(path).expect("the shared corpus reads");
        let mut tokenizer = BilingualTokenizer::new(Mode::Index);
        for line in corpus.lines().take(60) {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
            for field in ["title_original", "text_original", "text_english"] {
                let Some(text) = value[field].as_str() else {
                    continue;
                };
                let mut expected = Vec::new();
                analyze(text, Mode::Index, |t| {
                    expected.push((t.text, t.from, t.to, t.position))
                });
                assert_eq!(stream(&mut tokenizer, text), expected);
            }
        }
    }
}
