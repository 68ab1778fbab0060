//! Snippets: the best fragment of a hit's text around the matched terms, with the matches'
//! character ranges (never byte ranges) for highlighting.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;

use crate::document::Document;
use crate::schema::Fields;

/// A fragment of text and the character ranges in it to highlight.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// Makes snippets of about `chars` characters, in any script.
pub struct Snippets {
    weights: BTreeMap<String, f32>,
    tokenizer: TextAnalyzer,
    fields: Fields,
    chars: usize,
}

impl Snippets {
    pub fn new(
        weights: BTreeMap<String, f32>,
        tokenizer: TextAnalyzer,
        fields: Fields,
        chars: usize,
    ) -> Snippets {
        Snippets {
            weights,
            tokenizer,
            fields,
            chars,
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
            if text.trim().is_empty() {
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
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Snippet {
            text: flatten(fragment),
            highlights: merged,
        }
    }
}

/// Line breaks and tabs become spaces (one character each, so ranges stay valid).
fn flatten(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}
