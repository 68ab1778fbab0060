//! "Did you mean": for an English word that matches nothing, the indexed word nearest to it in
//! spelling (at most two edits, one for short words), preferring the most common.

use tantivy::schema::Field;

use crate::analysis::{analyze, Mode, Script};

/// Words shorter than this get no suggestion: too many near neighbours.
const SHORTEST: usize = 4;

/// The query with each unmatched English word replaced by its nearest indexed word, or `None`
/// when nothing would change.
pub fn did_you_mean(searcher: &tantivy::Searcher, fields: &[Field], query: &str) -> Option<String> {
    let mut out = query.to_string();
    let mut changed = false;
    let mut tokens = Vec::new();
    analyze(query, Mode::Whole, |t| tokens.push(t));
    // Replace from the end so earlier byte offsets stay valid.
    for token in tokens.iter().rev() {
        if token.script != Script::Latin
            || token.text.len() < SHORTEST
            || token.text.chars().any(|c| c.is_ascii_digit())
        {
            continue;
        }
        if doc_freq(searcher, fields, &token.text) > 0 {
            continue;
        }
        if let Some(better) = nearest(searcher, fields, &token.text) {
            out.replace_range(token.from..token.to, &better);
            changed = true;
        }
    }
    changed.then_some(out)
}

fn doc_freq(searcher: &tantivy::Searcher, fields: &[Field], word: &str) -> u64 {
    fields
        .iter()
        .map(|&f| {
            searcher
                .doc_freq(&tantivy::Term::from_field_text(f, word))
                .unwrap_or(0)
        })
        .sum()
}

/// The indexed word within reach of `word` with the most documents.
fn nearest(searcher: &tantivy::Searcher, fields: &[Field], word: &str) -> Option<String> {
    let max_edits = if word.chars().count() <= 5 { 1 } else { 2 };
    let first = *word.as_bytes().first()?;
    let mut best: Option<(usize, u64, String)> = None;
    for segment in searcher.segment_readers() {
        for &field in fields {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            // Only words with the same first letter: a typo there is rare, and it keeps the scan
            // to a slice of the dictionary.
            let Ok(mut stream) = inverted
                .terms()
                .range()
                .ge([first])
                .lt([first.saturating_add(1)])
                .into_stream()
            else {
                continue;
            };
            while stream.advance() {
                let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if candidate.len().abs_diff(word.len()) > max_edits {
                    continue;
                }
                let Some(edits) = distance(word, candidate, max_edits) else {
                    continue;
                };
                let freq = u64::from(stream.value().doc_freq);
                let better = best.as_ref().is_none_or(|(e, f, _)| {
                    (edits, std::cmp::Reverse(freq)) < (*e, std::cmp::Reverse(*f))
                });
                if better {
                    best = Some((edits, freq, candidate.to_string()));
                }
            }
        }
    }
    best.map(|(_, _, word)| word)
}

/// Levenshtein distance, or `None` when it exceeds `max`.
fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev + usize::from(ca != cb);
            prev = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(prev + 1);
            smallest = smallest.min(row[j + 1]);
        }
        if smallest > max {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance() {
        assert_eq!(distance("xiangshen", "xiangshan", 2), Some(1));
        assert_eq!(distance("forum", "forum", 1), Some(0));
        assert_eq!(distance("taiwan", "tiawan", 2), Some(2));
        assert_eq!(distance("navy", "army", 1), None);
    }
}
