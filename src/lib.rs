//! milpress: full-text search over defense press releases in English and Chinese.
//!
//! Data flows one way. [`reference`](mod@crate::reference) holds what milpress knows before reading a corpus (the
//! spokesperson roster, the speaker word lists, the theme lexicon, jieba's domain dictionary,
//! news outlets), each `data/` file parsed once; every layer above may use it. Indexing:
//! [`ingest`] walks a corpus folder, decodes each file and parses it with the parser for its
//! format; [`extract`] infers dates, speakers, themes and language;
//! the result is a [`document::Document`], which [`index`] writes into a tantivy index whose
//! fields [`schema`] owns and whose text [`analysis`] tokenizes (jieba for Chinese, stemmed
//! words for English). Searching: [`search`] parses the query, builds a tantivy query, collects
//! hits, facets and snippets; [`output`] prints them as text, JSON or CSV, and [`serve`] answers
//! them over HTTP with the same JSON. [`commands`] and [`cli`] are the command-line edge.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod document;
pub mod error;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod output;
pub mod reference;
pub mod schema;
pub mod search;
pub mod serve;

#[cfg(test)]
mod testing;

pub use document::Document;
pub use error::{Error, Result};
