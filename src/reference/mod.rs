//! Reference data: what milpress knows before it reads a corpus, in `data/` files embedded in
//! the binary, with one loader each that parses its file once per process into a `static`.
//!
//! `roster` (spokespeople and their spellings), [`speaker_words`] (titles, labels and verbs
//! around a speaker's name), [`themes`] (the theme lexicon's keywords), [`dict`] (jieba's
//! domain dictionary), [`spelling`] (British spellings read as American), [`outlets`] (news sites by host) and [`script`] (which characters are
//! Han). This layer sits just above the document model: it imports nothing from `analysis`,
//! `extract`, `ingest` or anything higher, so every one of them can use it.

pub mod dict;
pub mod outlets;
pub mod pinyin;
pub mod roster;
pub mod script;
pub mod speaker_words;
pub mod spelling;
pub mod themes;

pub use roster::{roster, Person, Roster};

/// The shipped bilingual glossary's text (`data/glossary.toml`). `search::Glossary` reads its
/// pairs; [`dict::domain_terms`] takes its Chinese forms, so that they are indexed whole.
pub const GLOSSARY_TOML: &str = include_str!("../../data/glossary.toml");
