//! Chinese recall and precision: does a search for a Chinese string find every document that
//! contains it, and only those?
//!
//! Terms are sampled from the corpus itself, reproducibly ([`sample_terms`]): jieba words of 2–6
//! characters spread over every document-frequency band (so that both common and rare words are
//! drawn), 3–6-character strings that run across a word boundary (a name followed by other
//! characters), and a fixed list of domain terms. The truth for a term is a brute-force scan:
//! every document whose title, body or translation contains it once folded as the analyzer folds
//! (NFKC, then traditional to simplified: [`fold_text`]). The result set is what
//! [`Searcher::search`] returns for the term as typed and in quotes. Misses are diagnosed by
//! re-analysing the document the way the index did.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::time::Instant;

use serde::Serialize;

use milpress::analysis::fold::{fold_char, is_han};
use milpress::analysis::{analyze, Mode, Script};
use milpress::search::{Request, Searcher};
use milpress::{Document, Error, Result};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::corpus::Indexed;
use crate::figures::{clip, fmt3, mean, round4, write_table, Counts};

/// Terms of art an analyst types, always in the sample (those the corpus lacks still test
/// precision).
pub const DOMAIN_TERMS: &[&str] = &[
    "香山论坛",
    "解放军",
    "台独",
    "南海",
    "黄岩岛",
    "台海",
    "国防部",
    "蒋斌",
    "林剑",
    "郭嘉昆",
    "民进党",
    "钓鱼岛",
    "东海",
    "航母",
    "联合演习",
    "维和",
    "赖清德",
    "菲律宾",
    "海警",
    "军事外交",
    "仁爱礁",
    "台湾问题",
    "中国人民解放军",
    "例行记者会",
];

/// Where a sampled term came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A jieba word of the corpus.
    Word,
    /// A string across a jieba word boundary.
    Cross,
    /// From [`DOMAIN_TERMS`].
    Domain,
}

/// A sampled term and the number of documents in which jieba produced it as a word.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    pub text: String,
    pub origin: Origin,
}

/// How to sample.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of terms.
    pub sample: usize,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            sample: 300,
            seed: 20_260_518,
        }
    }
}

/// Folds a text as the analyzer does before segmenting it: NFKC character by character, then
/// every run of Han characters from traditional to simplified (kept as it is when the
/// conversion would change its length, as the analyzer does).
pub fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        fold_char(c, |f| {
            if is_han(f) {
                run.push(f);
            } else {
                flush_run(&mut run, &mut out);
                out.push(f);
            }
        });
    }
    flush_run(&mut run, &mut out);
    out
}

fn flush_run(run: &mut String, out: &mut String) {
    if run.is_empty() {
        return;
    }
    let simplified = fast2s::convert(run);
    if simplified.chars().count() == run.chars().count() {
        out.push_str(&simplified);
    } else {
        out.push_str(run);
    }
    run.clear();
}

/// The folded searchable text of a document: title, body and translation, one field a line so
/// that no match runs from one field into the next.
pub fn haystack(doc: &Document) -> String {
    let mut text = fold_text(&doc.title);
    text.push('\n');
    text.push_str(&fold_text(&doc.body));
    if let Some(t) = &doc.translation {
        text.push('\n');
        text.push_str(&fold_text(&t.title));
        text.push('\n');
        text.push_str(&fold_text(&t.body));
    }
    text
}

/// The texts of a document that are searched, named.
fn fields(doc: &Document) -> Vec<(&'static str, &str)> {
    let mut out = vec![("title", doc.title.as_str()), ("body", doc.body.as_str())];
    if let Some(t) = &doc.translation {
        out.push(("translation title", t.title.as_str()));
        out.push(("translation body", t.body.as_str()));
    }
    out
}

/// The Han words (2 to 6 characters) jieba finds in a folded text, with their character spans.
fn han_words(folded: &str, mut f: impl FnMut(&str, usize, usize)) {
    analyze(folded, Mode::Query, |t| {
        if t.script != Script::Han {
            return;
        }
        let len = t.text.chars().count();
        if (2..=6).contains(&len) {
            f(&t.text, t.from, t.to);
        }
    });
}

/// Samples `options.sample` distinct terms from the documents' folded texts (`folded[i]` is
/// [`haystack`] of document i): about a tenth domain terms, a fifth strings across word
/// boundaries, the rest jieba words drawn evenly from document-frequency bands (1, 2–3, 4–7,
/// ...), so that common and rare words are equally represented. Deterministic for a seed.
pub fn sample_terms(folded: &[String], options: Options) -> Vec<Term> {
    let n = options.sample;
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut chosen: BTreeSet<String> = BTreeSet::new();
    let mut terms = Vec::with_capacity(n);

    let n_domain = (n / 10).min(DOMAIN_TERMS.len());
    for term in DOMAIN_TERMS.iter().take(n_domain) {
        if chosen.insert(term.to_string()) {
            terms.push(Term {
                text: term.to_string(),
                origin: Origin::Domain,
            });
        }
    }

    // Document frequency of every jieba word.
    let mut df: HashMap<String, usize> = HashMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    for text in folded {
        seen.clear();
        han_words(text, |w, _, _| {
            if !seen.contains(w) {
                seen.insert(w.to_string());
                *df.entry(w.to_string()).or_default() += 1;
            }
        });
    }

    // Strings across a word boundary: from a random document, a random word of it, extended
    // past its end (or started inside it) to 3–6 characters within its run of Han characters.
    let n_cross = n / 5;
    let with_han: Vec<usize> = (0..folded.len())
        .filter(|&i| folded[i].chars().any(is_han))
        .collect();
    let mut attempts = 0;
    let mut crossed = 0;
    while crossed < n_cross && attempts < n_cross * 50 && !with_han.is_empty() {
        attempts += 1;
        let text = &folded[with_han[rng.random_range(0..with_han.len())]];
        let mut spans = Vec::new();
        han_words(text, |_, from, to| spans.push((from, to)));
        if spans.is_empty() {
            continue;
        }
        let (from, to) = spans[rng.random_range(0..spans.len())];
        let word: Vec<char> = text[from..to].chars().collect();
        // Start at the word, or at its last character (the end of a name, then what follows).
        let start = if rng.random_range(0..2) == 0 {
            from
        } else {
            to - word.last().map_or(0, |c| c.len_utf8())
        };
        let rest: Vec<char> = text[start..].chars().take_while(|c| is_han(*c)).collect();
        let in_word = text[start..to].chars().count();
        let min_len = (in_word + 1).max(3);
        let max_len = rest.len().min(6);
        if max_len < min_len {
            continue;
        }
        let len = min_len + rng.random_range(0..max_len - min_len + 1);
        let candidate: String = rest[..len].iter().collect();
        if chosen.insert(candidate.clone()) {
            terms.push(Term {
                text: candidate,
                origin: Origin::Cross,
            });
            crossed += 1;
        }
    }

    // jieba words, drawn round-robin from the document-frequency bands.
    let mut bands: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut words: Vec<(String, usize)> = df.into_iter().collect();
    words.sort();
    for (word, count) in words {
        bands.entry(count.max(1).ilog2()).or_default().push(word);
    }
    let mut bands: Vec<Vec<String>> = bands.into_values().collect();
    while terms.len() < n && bands.iter().any(|b| !b.is_empty()) {
        for band in bands.iter_mut() {
            if terms.len() >= n {
                break;
            }
            while !band.is_empty() {
                let word = band.swap_remove(rng.random_range(0..band.len()));
                if chosen.insert(word.clone()) {
                    terms.push(Term {
                        text: word,
                        origin: Origin::Word,
                    });
                    break;
                }
            }
        }
    }
    terms
}

/// Figures for one way of typing the terms (unquoted or quoted).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Figures {
    /// Summed over terms.
    pub counts: Counts,
    pub micro_recall: f64,
    pub micro_precision: f64,
    /// Mean over the terms that occur in the corpus.
    pub macro_recall: Option<f64>,
    /// Mean over the terms that returned something.
    pub macro_precision: Option<f64>,
    pub terms_with_misses: usize,
    pub terms_with_false_positives: usize,
    /// False positives whose `source` field (also searched, not part of the truth) holds the
    /// term, e.g. 解放军 in "PLA Daily (解放军报)".
    pub false_positives_from_source: usize,
    /// Queries the searcher rejected or failed on.
    pub errors: Vec<String>,
}

/// One term's outcome in one way of typing it.
#[derive(Clone, Debug, Serialize)]
pub struct TermOutcome {
    pub term: String,
    pub origin: Origin,
    /// `unquoted` or `quoted`.
    pub typed: &'static str,
    pub truth: usize,
    pub found: usize,
    pub recall: f64,
    pub missing: Vec<String>,
    /// Why, for the first few missing documents.
    pub reasons: Vec<String>,
    pub extra: Vec<String>,
}

/// The whole recall evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub corpus: String,
    pub docs: usize,
    pub seed: u64,
    pub terms: usize,
    pub terms_by_origin: BTreeMap<String, usize>,
    /// Terms that occur in at least one document.
    pub terms_in_corpus: usize,
    pub unquoted: Figures,
    pub quoted: Figures,
    /// The 10 terms with the most missed documents (either way of typing).
    pub worst: Vec<TermOutcome>,
    /// Every term with a miss, when micro recall is below 0.99 either way.
    pub failing: Vec<TermOutcome>,
    /// A few terms with false positives not explained by the source field.
    pub false_positive_examples: Vec<TermOutcome>,
    /// Terms whose match set was also taken from [`Searcher::search`] (every hit, with
    /// snippets), and those on which the two differ.
    pub search_checked: usize,
    pub search_differs: Vec<String>,
    pub seconds: f64,
}

/// Runs the recall evaluation over an indexed corpus.
pub fn run(indexed: &Indexed, options: Options) -> Result<Report> {
    let started = Instant::now();
    let docs = &indexed.corpus.docs;
    let folded: Vec<String> = docs.iter().map(haystack).collect();
    let sources: Vec<String> = docs
        .iter()
        .map(|d| d.source.as_deref().map(fold_text).unwrap_or_default())
        .collect();
    let by_id: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let terms = sample_terms(&folded, options);
    let matcher = Matcher::new(&indexed.searcher)?;

    let mut outcomes: [Vec<TermOutcome>; 2] = [Vec::new(), Vec::new()];
    let mut figures = [Figures::default(), Figures::default()];
    let mut per_term: [Vec<(Option<f64>, Option<f64>)>; 2] = [Vec::new(), Vec::new()];
    let mut terms_in_corpus = 0;
    for term in &terms {
        let truth: BTreeSet<usize> = (0..docs.len())
            .filter(|&i| folded[i].contains(&term.text))
            .collect();
        if !truth.is_empty() {
            terms_in_corpus += 1;
        }
        for (k, typed) in ["unquoted", "quoted"].into_iter().enumerate() {
            let query = if k == 0 {
                term.text.clone()
            } else {
                format!("\"{}\"", term.text)
            };
            let found = match matcher.ids(&query) {
                Ok(ids) => ids,
                Err(err) => {
                    figures[k].errors.push(format!("{query}: {err}"));
                    Vec::new()
                }
            };
            let found: BTreeSet<usize> = found
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .collect();
            let counts = compare(&truth, &found);
            figures[k].counts.add(counts);
            per_term[k].push((
                (!truth.is_empty()).then(|| counts.recall()),
                (!found.is_empty()).then(|| counts.precision()),
            ));
            let extra: Vec<usize> = found.difference(&truth).copied().collect();
            let from_source = extra
                .iter()
                .filter(|&&i| sources[i].contains(&term.text))
                .count();
            figures[k].false_positives_from_source += from_source;
            if counts.fp > 0 {
                figures[k].terms_with_false_positives += 1;
            }
            if counts.fn_ > 0 {
                figures[k].terms_with_misses += 1;
            }
            let missing: Vec<usize> = truth.difference(&found).copied().collect();
            outcomes[k].push(TermOutcome {
                term: term.text.clone(),
                origin: term.origin,
                typed,
                truth: truth.len(),
                found: found.len(),
                recall: counts.recall(),
                missing: missing.iter().map(|&i| docs[i].id.clone()).collect(),
                reasons: Vec::new(),
                extra: extra
                    .iter()
                    .filter(|&&i| !sources[i].contains(&term.text))
                    .map(|&i| docs[i].id.clone())
                    .collect(),
            });
        }
    }
    for k in 0..2 {
        let f = &mut figures[k];
        f.micro_recall = round4(f.counts.recall());
        f.micro_precision = round4(f.counts.precision());
        f.macro_recall = mean(per_term[k].iter().filter_map(|(r, _)| *r)).map(round4);
        f.macro_precision = mean(per_term[k].iter().filter_map(|(_, p)| *p)).map(round4);
    }

    let mut with_misses: Vec<TermOutcome> = outcomes
        .iter()
        .flatten()
        .filter(|o| !o.missing.is_empty())
        .cloned()
        .collect();
    with_misses.sort_by(|a, b| {
        b.missing
            .len()
            .cmp(&a.missing.len())
            .then(a.recall.total_cmp(&b.recall))
            .then(a.term.cmp(&b.term))
            .then(a.typed.cmp(b.typed))
    });
    for outcome in with_misses.iter_mut() {
        outcome.reasons = outcome
            .missing
            .iter()
            .take(3)
            .filter_map(|id| by_id.get(id.as_str()))
            .map(|&i| diagnose(&indexed.searcher, &docs[i], &outcome.term))
            .collect();
    }
    let worst: Vec<TermOutcome> = with_misses.iter().take(10).cloned().collect();
    let failing = if figures.iter().any(|f| f.micro_recall < 0.99) {
        with_misses
    } else {
        Vec::new()
    };
    let mut false_positive_examples: Vec<TermOutcome> = outcomes
        .iter()
        .flatten()
        .filter(|o| !o.extra.is_empty())
        .cloned()
        .collect();
    false_positive_examples.sort_by_key(|o| std::cmp::Reverse(o.extra.len()));
    false_positive_examples.truncate(5);

    // The evaluation's matcher against the real thing, on every 50th term, both ways.
    let mut search_checked = 0;
    let mut search_differs = Vec::new();
    for term in terms.iter().step_by(50) {
        for query in [term.text.clone(), format!("\"{}\"", term.text)] {
            search_checked += 1;
            if !matcher.check(&query).unwrap_or(false) {
                search_differs.push(query);
            }
        }
    }

    let mut terms_by_origin = BTreeMap::new();
    for term in &terms {
        let name = serde_json::to_value(term.origin)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        *terms_by_origin.entry(name).or_default() += 1;
    }
    let [unquoted, quoted] = figures;
    Ok(Report {
        corpus: indexed.corpus.root.display().to_string(),
        docs: docs.len(),
        seed: options.seed,
        terms: terms.len(),
        terms_by_origin,
        terms_in_corpus,
        unquoted,
        quoted,
        worst,
        failing,
        false_positive_examples,
        search_checked,
        search_differs,
        seconds: round4(started.elapsed().as_secs_f64()),
    })
}

/// True positives, false positives and false negatives of `found` against `truth`.
pub fn compare<T: Ord>(truth: &BTreeSet<T>, found: &BTreeSet<T>) -> Counts {
    let tp = truth.intersection(found).count();
    Counts {
        tp,
        fp: found.len() - tp,
        fn_: truth.len() - tp,
    }
}

/// Collects every match of a query as ids ([`Searcher::match_ids`]: the query
/// [`Searcher::search`] runs, without ranking or snippets). [`Matcher::check`] compares the two on
/// a few terms.
pub struct Matcher<'a> {
    searcher: &'a Searcher,
}

impl<'a> Matcher<'a> {
    pub fn new(searcher: &'a Searcher) -> Result<Matcher<'a>> {
        Ok(Matcher { searcher })
    }

    /// The ids of every document `query` matches, sorted.
    pub fn ids(&self, query: &str) -> Result<Vec<String>> {
        let mut ids = self.searcher.match_ids(&Request::new(query))?;
        ids.sort();
        Ok(ids)
    }

    /// Whether [`Matcher::ids`] and [`Searcher::search`] (asked for every hit) agree on
    /// `query`.
    pub fn check(&self, query: &str) -> Result<bool> {
        let mut request = Request::new(query);
        request.limit = usize::try_from(self.searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        request.snippet_chars = 20;
        let mut from_search: Vec<String> = self
            .searcher
            .search(&request)?
            .hits
            .into_iter()
            .map(|h| h.doc.id)
            .collect();
        from_search.sort();
        Ok(from_search == self.ids(query)?)
    }
}

/// Why `doc`, which contains `term`, was not found: is it indexed, and does the index analysis
/// of the field hold the term's characters at consecutive positions?
pub fn diagnose(searcher: &Searcher, doc: &Document, term: &str) -> String {
    match searcher.get(&doc.id) {
        Ok(_) => {}
        Err(Error::NoSuchDocument(_)) => return format!("{}: not in the index", doc.id),
        Err(err) => return format!("{}: cannot be read back ({err})", doc.id),
    }
    let chars: Vec<String> = term.chars().map(|c| c.to_string()).collect();
    let mut query_words = Vec::new();
    analyze(term, Mode::Query, |t| query_words.push(t.text));
    for (name, text) in fields(doc) {
        let folded = fold_text(text);
        let Some(at) = folded.find(term) else {
            continue;
        };
        let context = context(&folded, at, term.len());
        let mut by_position: HashMap<usize, Vec<String>> = HashMap::new();
        analyze(text, Mode::Index, |t| {
            by_position.entry(t.position).or_default().push(t.text)
        });
        let in_sequence = by_position.keys().any(|&p| {
            chars.iter().enumerate().all(|(i, c)| {
                by_position
                    .get(&(p + i))
                    .is_some_and(|tokens| tokens.contains(c))
            })
        });
        return if in_sequence {
            format!(
                "{}: {name} has «{context}»; the index holds its characters in sequence, so the \
                 query side loses it (query words {query_words:?})",
                doc.id
            )
        } else {
            format!(
                "{}: {name} has «{context}»; the index does not hold its characters at \
                 consecutive positions (folding or segmentation of the document)",
                doc.id
            )
        };
    }
    format!("{}: no single field holds the term", doc.id)
}

/// A few characters either side of the match at byte `at`, length `len`.
fn context(text: &str, at: usize, len: usize) -> String {
    let before: String = {
        let mut v: Vec<char> = text[..at].chars().rev().take(6).collect();
        v.reverse();
        v.into_iter().collect()
    };
    let after: String = text[at + len..].chars().take(6).collect();
    format!("{before}[{}]{after}", &text[at..at + len]).replace(['\n', '\r'], " ")
}

impl Report {
    /// Prints the report for people.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "== recall: Chinese terms ({})", self.corpus)?;
        let origins: Vec<String> = self
            .terms_by_origin
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        writeln!(
            out,
            "  {} documents; {} terms (seed {}: {}); {} occur in the corpus; {:.1} s",
            self.docs,
            self.terms,
            self.seed,
            origins.join(", "),
            self.terms_in_corpus,
            self.seconds
        )?;
        let rows: Vec<Vec<String>> = [("unquoted", &self.unquoted), ("quoted", &self.quoted)]
            .iter()
            .map(|(name, f)| {
                vec![
                    name.to_string(),
                    format!("{:.4}", f.micro_recall),
                    format!("{:.4}", f.micro_precision),
                    fmt3(f.macro_recall),
                    fmt3(f.macro_precision),
                    f.counts.tp.to_string(),
                    f.counts.fn_.to_string(),
                    format!("{} ({} source)", f.counts.fp, f.false_positives_from_source),
                    f.terms_with_misses.to_string(),
                    f.errors.len().to_string(),
                ]
            })
            .collect();
        write_table(
            out,
            &[
                "query",
                "recall",
                "precision",
                "macro R",
                "macro P",
                "found",
                "missed",
                "false pos",
                "terms w/ miss",
                "errors",
            ],
            &rows,
        )?;
        for f in [&self.unquoted, &self.quoted] {
            for err in &f.errors {
                writeln!(out, "  error: {err}")?;
            }
        }
        writeln!(
            out,
            "  match sets checked against Searcher::search on {} queries: {} differ{}{}",
            self.search_checked,
            self.search_differs.len(),
            if self.search_differs.is_empty() {
                ""
            } else {
                ": "
            },
            self.search_differs.join(" ")
        )?;
        if self.worst.is_empty() {
            writeln!(out, "  no misses")?;
        } else {
            writeln!(out, "  worst misses:")?;
            write_misses(out, &self.worst)?;
        }
        if !self.failing.is_empty() {
            writeln!(
                out,
                "  recall is below 0.99: every failing term ({}):",
                self.failing.len()
            )?;
            write_misses(out, &self.failing)?;
        }
        if !self.false_positive_examples.is_empty() {
            writeln!(out, "  false positives not explained by the source field:")?;
            for o in &self.false_positive_examples {
                writeln!(
                    out,
                    "    {} ({}, {}): {} extra, e.g. {}",
                    o.term,
                    o.typed,
                    o.found,
                    o.extra.len(),
                    o.extra
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ")
                )?;
            }
        }
        Ok(())
    }
}

fn write_misses(out: &mut dyn Write, misses: &[TermOutcome]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = misses
        .iter()
        .map(|o| {
            let ids: Vec<String> = o.missing.iter().take(4).cloned().collect();
            let more = o.missing.len().saturating_sub(ids.len());
            let mut ids = ids.join(" ");
            if more > 0 {
                ids.push_str(&format!(" (+{more})"));
            }
            vec![
                o.term.clone(),
                format!("{:?}", o.origin).to_lowercase(),
                o.typed.to_string(),
                format!("{}/{}", o.truth - o.missing.len(), o.truth),
                ids,
            ]
        })
        .collect();
    write_table(out, &["term", "origin", "typed", "found", "missing"], &rows)?;
    for o in misses {
        for reason in &o.reasons {
            writeln!(out, "    {} ({}): {}", o.term, o.typed, clip(reason, 240))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_counts_hits_misses_and_extras() {
        let truth: BTreeSet<u32> = [1, 2, 3, 4].into();
        let found: BTreeSet<u32> = [2, 3, 9].into();
        let c = compare(&truth, &found);
        assert_eq!((c.tp, c.fp, c.fn_), (2, 1, 2));
        assert_eq!(c.recall(), 0.5);
        assert!((c.precision() - 2.0 / 3.0).abs() < 1e-12);
        let empty: BTreeSet<u32> = BTreeSet::new();
        assert_eq!(compare(&empty, &empty).recall(), 1.0);
    }

    #[test]
    fn folding_matches_the_analyzer() {
        assert_eq!(fold_text("國防部發言人"), "国防部发言人");
        assert_eq!(fold_text("Ｊ－２０，台獨"), "J-20,台独");
    }

    #[test]
    fn sampling_is_deterministic_distinct_and_sized() {
        let texts: Vec<String> = [
            "国防部新闻发言人蒋斌表示，北京香山论坛将于秋天举行。",
            "解放军南部战区在南海组织联合演习，海军航母编队参加。",
            "外交部发言人林剑说，台独是死路一条，台海和平不容破坏。",
        ]
        .iter()
        .map(|t| fold_text(t))
        .collect();
        let options = Options {
            sample: 20,
            seed: 3,
        };
        let a = sample_terms(&texts, options);
        let b = sample_terms(&texts, options);
        assert_eq!(a, b);
        assert!(a.len() <= 20 && a.len() >= 10, "{a:?}");
        let distinct: BTreeSet<&str> = a.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(distinct.len(), a.len());
        for term in &a {
            let n = term.text.chars().count();
            assert!((2..=7).contains(&n), "{term:?}");
            assert!(term.text.chars().all(is_han), "{term:?}");
        }
        assert!(a.iter().any(|t| t.origin == Origin::Cross), "{a:?}");
    }
}
