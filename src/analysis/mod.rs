//! Text analysis: the one bilingual analyzer used for every text field, and the one place that
//! registers it with tantivy.
//!
//! A text is folded ([`fold`]: NFKC, so full-width `Ｊ－２０` reads as `J-20`; traditional
//! Chinese to simplified, so 國防部 reads as 国防部), split into script runs, and each run
//! tokenized by its own rules: Latin-script words are lowercased and English-stemmed
//! ([`english`]); Han runs are indexed as every jieba dictionary word they contain plus every
//! character ([`chinese`]), and cut for a query into the index's longest words. Punctuation
//! and white space never become tokens. Offsets always slice the caller's original text.
//!
//! Positions: an English word advances the position by one; a Han token sits at the run's base
//! position plus the character offset where it starts, so overlapping words and single
//! characters line up and a phrase over any of them matches exactly the
//! characters it spans. A Han run is followed by a gap, so characters on both sides of a comma
//! are never adjacent.

pub mod chinese;
pub mod english;
pub mod fold;
mod tokenizer;

pub use tokenizer::{
    analyze, analyze_with, is_han_or_kana, wrapped_line_end, AnalyzedToken, BilingualTokenizer,
    Mode, Script, Words, LONGEST_WORD,
};

/// The form two spellings of a term share: its tokens as [`Mode::Whole`] analyses them (case,
/// stems, full-width and traditional characters folded; Chinese not segmented, so no jieba),
/// joined by spaces. The glossary, the translation tables and the learned pairs all compare
/// terms in this form.
pub fn normalized(text: &str) -> String {
    let mut parts = Vec::new();
    analyze(text, Mode::Whole, |t| parts.push(t.text));
    parts.join(" ")
}

/// The name of the analyzer that indexes title, body and source text.
pub const BILINGUAL: &str = "milpress";

/// Registers every analyzer milpress uses on `index`. Every process that opens an index must call
/// this before searching or writing.
pub fn register(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(BILINGUAL, BilingualTokenizer::new(Mode::Index));
}
