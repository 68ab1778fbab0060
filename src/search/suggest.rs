//! "Did you mean": for a query that matches nothing, names from the roster within a small
//! spelling distance (`Jiang Bing` → Jiang Bin, `蒋彬` → 蒋斌), and for an English word the
//! index does not hold, the indexed word nearest to it in spelling (at most two edits, one for
//! short words), preferring the most common, given as a whole word as a document spells it
//! (`Philipines` → Philippines), never as the stem the index holds.

use std::sync::LazyLock;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::DocAddress;

use crate::analysis::{analyze, fold::is_han, Mode, Script};
use crate::document::Document;
use crate::reference::roster::{name_key, Roster};

/// Words shorter than this get no suggestion: too many near neighbours.
const SHORTEST: usize = 4;

/// The query with each misspelled name or unmatched English word replaced, or `None` when
/// nothing would change. `load` reads a stored document, to spell a suggested word in full.
pub fn did_you_mean(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    roster: &Roster,
    query: &str,
    load: impl Fn(DocAddress) -> Option<Document>,
) -> Option<String> {
    let mut out = query.to_string();
    let mut changed = false;
    let names = names(roster, query);
    let mut tokens = Vec::new();
    analyze(query, Mode::Whole, |t| tokens.push(t));
    // Replace from the end so earlier byte offsets stay valid.
    let mut edits: Vec<(usize, usize, String)> = names;
    for token in &tokens {
        if edits
            .iter()
            .any(|(from, to, _)| token.from < *to && *from < token.to)
        {
            continue;
        }
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
            let word = surface(searcher, fields, &better, &load).unwrap_or(better);
            edits.push((token.from, token.to, word));
        }
    }
    edits.sort_by_key(|(from, _, _)| std::cmp::Reverse(*from));
    for (from, to, word) in edits {
        if query[from..to] != word {
            out.replace_range(from..to, &word);
            changed = true;
        }
    }
    changed.then_some(out)
}

/// The query with each Chinese run that is a glossary term or a roster name typed with one
/// character replaced by another of the same reading (`仁爱焦` for 仁爱礁, `黄岩到` for 黄岩岛,
/// `董君` for 董军) put right, or `None`. Asked whatever the query matched: a homophone typo
/// often still matches something (its other characters, or its pinyin in English pages).
pub fn homophones(query: &str) -> Option<String> {
    let mut out = String::with_capacity(query.len());
    let mut changed = false;
    let mut rest = query;
    while let Some(start) = rest.find(is_han) {
        out.push_str(&rest[..start]);
        let run_len = rest[start..]
            .find(|c: char| !is_han(c))
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        match homophone_of(run) {
            Some(right) => {
                out.push_str(right);
                changed = true;
            }
            None => out.push_str(run),
        }
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The Chinese forms of the glossary and the roster's Chinese names (2 to 8 characters), read
/// once: sorted, each once, each with its characters.
static KNOWN: LazyLock<Vec<(String, Vec<char>)>> = LazyLock::new(|| {
    let glossary = super::glossary::Glossary::builtin();
    let roster = crate::reference::roster();
    let mut forms: Vec<String> = glossary
        .chinese_forms()
        .chain(roster.people().iter().map(|p| p.name_zh.as_str()))
        .filter(|f| (2..=8).contains(&f.chars().count()))
        .map(str::to_string)
        .collect();
    forms.sort_unstable();
    forms.dedup();
    forms
        .into_iter()
        .map(|f| {
            let chars = f.chars().collect();
            (f, chars)
        })
        .collect()
});

/// The one known form that `run` spells with exactly one character of the same reading
/// changed, when it is not itself a known form.
fn homophone_of(run: &str) -> Option<&'static str> {
    use crate::reference::pinyin::plain;
    let forms = &*KNOWN;
    // Traditional characters (台獨) are the same word, not a misspelling of it.
    let simplified = crate::analysis::chinese::simplified(run);
    let run = simplified.as_ref();
    let typed: Vec<char> = run.chars().collect();
    let known = forms
        .binary_search_by(|(form, _)| form.as_str().cmp(run))
        .is_ok();
    if !(2..=8).contains(&typed.len()) || known {
        return None;
    }
    let reading = |c: char| plain(c.encode_utf8(&mut [0; 4]));
    let mut found = forms.iter().filter(|(_, chars)| {
        if chars.len() != typed.len() {
            return false;
        }
        let mut differ = (0..chars.len()).filter(|&i| chars[i] != typed[i]);
        match (differ.next(), differ.next()) {
            (Some(i), None) => reading(chars[i]).is_some_and(|r| Some(r) == reading(typed[i])),
            _ => false,
        }
    });
    match (found.next(), found.next()) {
        (Some((one, _)), None) => Some(one.as_str()),
        _ => None,
    }
}

/// Spans of the query that spell a roster name nearly but not exactly, with the name to put
/// there: runs of two or three Latin words against the English names (two edits at most), Han
/// runs against the Chinese names of as many characters (one character different).
fn names(roster: &Roster, query: &str) -> Vec<(usize, usize, String)> {
    // Latin words with their byte spans.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut han: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in query
        .char_indices()
        .chain(std::iter::once((query.len(), ' ')))
    {
        let class = if is_han(c) {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        match (start, class) {
            (Some((_, h)), Some(now)) if h == now => {}
            (Some((from, h)), _) => {
                if h {
                    han.push((from, i))
                } else {
                    words.push((from, i))
                }
                start = class.map(|now| (i, now));
            }
            (None, Some(now)) => start = Some((i, now)),
            (None, None) => {}
        }
    }
    let people = roster.people();
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for n in [3, 2] {
        for window in words.windows(n) {
            let (from, to) = (window[0].0, window[n - 1].1);
            if found.iter().any(|(f, t, _)| from < *t && *f < to) {
                continue;
            }
            let typed = name_key(&query[from..to]);
            let best = people
                .iter()
                .filter_map(|p| {
                    let key = name_key(&p.name);
                    (key != typed)
                        .then(|| distance(&typed, &key, 2))
                        .flatten()
                        .map(|d| (d, p))
                })
                .min_by_key(|(d, _)| *d);
            if let Some((_, person)) = best {
                found.push((from, to, person.name.clone()));
            }
        }
    }
    // Chinese: a name typed with one wrong character. A query that matched something gets
    // no suggestion from here; [`homophones`] puts right a character of the same reading
    // whatever the query matched.
    for &(from, to) in &han {
        let typed = &query[from..to];
        let count = typed.chars().count();
        if !(2..=4).contains(&count) || people.iter().any(|p| p.name_zh == typed) {
            continue;
        }
        let best = people
            .iter()
            .filter(|p| p.name_zh.chars().count() == count && !p.name_zh.is_empty())
            .filter_map(|p| distance(typed, &p.name_zh, 1).map(|d| (d, p)))
            .min_by_key(|(d, _)| *d);
        if let Some((_, person)) = best {
            found.push((from, to, person.name_zh.clone()));
        }
    }
    found
}

/// The word as a document spells it, for an indexed (stemmed) term: the first token of the
/// first document holding the term, cut from its text.
fn surface(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    term: &str,
    load: &impl Fn(DocAddress) -> Option<Document>,
) -> Option<String> {
    for &field in fields {
        let query = TermQuery::new(
            tantivy::Term::from_field_text(field, term),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .ok()?;
        let Some((_, address)) = top.first() else {
            continue;
        };
        let doc = load(*address)?;
        for text in [&doc.title, &doc.body] {
            let mut word = None;
            analyze(text, Mode::Whole, |t| {
                if word.is_none() && t.text == term {
                    word = Some(text[t.from..t.to].to_string());
                }
            });
            if word.is_some() {
                return word;
            }
        }
    }
    None
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
    fn a_chinese_term_typed_with_a_homophone_is_put_right() {
        let fix = homophones;
        assert_eq!(fix("仁爱焦").as_deref(), Some("仁爱礁"));
        assert_eq!(fix("黄岩到 菲律宾").as_deref(), Some("黄岩岛 菲律宾"));
        assert_eq!(
            fix("Scarborough 黄岩到").as_deref(),
            Some("Scarborough 黄岩岛")
        );
        // Right as typed, or two characters off, or no term at all: nothing to say.
        for query in [
            "仁爱礁",
            "黄烟到",
            "海军演习",
            "navy",
            "",
            "台獨",
            "海峽雷霆",
        ] {
            assert_eq!(fix(query), None, "{query}");
        }
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("xiangshen", "xiangshan", 2), Some(1));
        assert_eq!(distance("forum", "forum", 1), Some(0));
        assert_eq!(distance("taiwan", "tiawan", 2), Some(2));
        assert_eq!(distance("navy", "army", 1), None);
    }

    #[test]
    fn names_in_either_script() {
        let roster = Roster::from_toml(
            "[[person]]\nname = \"Jiang Bin\"\nname_zh = \"蒋斌\"\norg = \"MND\"\n",
        )
        .unwrap();
        let found = names(&roster, "Jiang Bing drill");
        assert_eq!(found, [(0, 10, "Jiang Bin".to_string())]);
        let found = names(&roster, "蒋彬 台湾");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].2, "蒋斌");
        assert!(names(&roster, "Jiang Bin 蒋斌").is_empty());
    }
}
