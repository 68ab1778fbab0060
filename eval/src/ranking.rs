//! Ranking quality against a graded relevance set: nDCG@10 and MRR.
//!
//! The set (`data/relevance.toml`, built in; another file may be given) lists queries an analyst
//! would type, each for one corpus (`shared` or `sample`), in one language, some of them
//! cross-language (an English query whose relevant documents are Chinese, or the other way),
//! with the ids of the documents that should come first, graded 1 (relevant) to 3 (the answer).
//! Judgements were made by reading the documents. Each query runs against an index of its
//! corpus. Queries marked `held_out` were never used to tune ranking or translation: figures are
//! given for the whole set, the tuned queries and the held-out ones apart, each whole and per
//! class (English, Chinese, cross-language), then per corpus.

use std::collections::BTreeMap;
use std::io::{self, Write};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use milpress::search::{Request, Searcher};

use crate::figures::{clip, fmt3, mean, round4, write_table};

/// The relevance set shipped with milpress.
pub const BUILTIN: &str = include_str!("../../data/relevance.toml");

/// Cut-off of nDCG.
pub const NDCG_AT: usize = 10;

/// How many hits are fetched per query (the reciprocal rank is 0 when no relevant document is
/// among them).
pub const DEPTH: usize = 100;

/// Which corpus a query is judged against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CorpusName {
    /// The shared real corpus (`../shared/corpus`).
    Shared,
    /// The project's sample corpus (`./corpus`).
    Sample,
}

impl CorpusName {
    pub fn as_str(self) -> &'static str {
        match self {
            CorpusName::Shared => "shared",
            CorpusName::Sample => "sample",
        }
    }
}

/// One judged query.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    pub query: String,
    pub corpus: CorpusName,
    /// The language of the query: `en` or `zh`.
    pub lang: String,
    /// The relevant documents are (mostly) in the other language.
    #[serde(default)]
    pub cross: bool,
    /// Not used to tune anything: reported apart from the tuned queries.
    #[serde(default)]
    pub held_out: bool,
    /// What the query exercises (spokesperson on a topic, exact phrase, place, ...).
    #[serde(default)]
    pub about: String,
    /// The batch of held-out queries it was written in (`blind-2026-11-30`), reported apart.
    #[serde(default)]
    pub batch: String,
    /// Document id to grade (1 relevant, 2 highly relevant, 3 the answer).
    pub relevant: BTreeMap<String, u32>,
}

/// A relevance set.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelevanceSet {
    #[serde(rename = "query")]
    pub queries: Vec<Judged>,
}

impl RelevanceSet {
    /// Parses a set in the format of `data/relevance.toml`, checking that every query has
    /// text, a language and at least one graded document.
    pub fn parse(text: &str) -> anyhow::Result<RelevanceSet> {
        let set: RelevanceSet = toml::from_str(text)?;
        for (i, q) in set.queries.iter().enumerate() {
            let at = format!("query {} ({:?})", i + 1, q.query);
            if q.query.trim().is_empty() {
                anyhow::bail!("{at}: empty query");
            }
            if !matches!(q.lang.as_str(), "en" | "zh") {
                anyhow::bail!("{at}: lang must be en or zh, not {:?}", q.lang);
            }
            if q.relevant.is_empty() || q.relevant.values().all(|&g| g == 0) {
                anyhow::bail!("{at}: no relevant document");
            }
        }
        Ok(set)
    }

    /// The set shipped with milpress.
    pub fn builtin() -> anyhow::Result<RelevanceSet> {
        RelevanceSet::parse(BUILTIN).context("data/relevance.toml")
    }
}

/// Discounted cumulative gain of the first `k` grades, with gain `2^g - 1`.
pub fn dcg(grades: &[u32], k: usize) -> f64 {
    grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &g)| (2f64.powi(g.min(30) as i32) - 1.0) / ((i + 2) as f64).log2())
        // A fold from +0.0: an empty float `sum` is -0.0, which prints as "-0.000".
        .fold(0.0, |sum, gain| sum + gain)
}

/// nDCG@k of a ranking (document ids, best first) against graded judgements. 0 when nothing is
/// relevant.
pub fn ndcg(ranked: &[String], judged: &BTreeMap<String, u32>, k: usize) -> f64 {
    let grades: Vec<u32> = ranked
        .iter()
        .map(|id| judged.get(id).copied().unwrap_or(0))
        .collect();
    let mut ideal: Vec<u32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&ideal, k);
    if best == 0.0 {
        0.0
    } else {
        dcg(&grades, k) / best
    }
}

/// The reciprocal rank of the first relevant document (grade at least 1), 0 when none is ranked.
pub fn reciprocal_rank(ranked: &[String], judged: &BTreeMap<String, u32>) -> f64 {
    ranked
        .iter()
        .position(|id| judged.get(id).is_some_and(|&g| g > 0))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// One query's outcome.
#[derive(Clone, Debug, Serialize)]
pub struct QueryOutcome {
    pub query: String,
    pub corpus: CorpusName,
    pub lang: String,
    pub cross: bool,
    pub held_out: bool,
    pub about: String,
    pub batch: String,
    pub ndcg: f64,
    pub rr: f64,
    pub total: usize,
    /// Rank (1-based) of the best-graded judged document, if fetched.
    pub best_rank: Option<usize>,
    /// What came first: id and title.
    pub first: Option<(String, String)>,
    /// Judged ids the index does not have (a stale relevance set or another corpus).
    pub unknown_ids: Vec<String>,
    pub error: Option<String>,
}

/// Mean nDCG@10 and MRR over a group of queries.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub name: String,
    pub queries: usize,
    pub ndcg10: Option<f64>,
    pub mrr: Option<f64>,
}

/// The ranking evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub source: String,
    /// Queries whose corpus was not available, by corpus.
    pub skipped: BTreeMap<String, usize>,
    pub groups: Vec<Group>,
    /// The 10 lowest nDCG@10.
    pub worst: Vec<QueryOutcome>,
    pub queries: Vec<QueryOutcome>,
}

/// Runs the queries of `set` judged for `corpus` against `searcher`.
pub fn run_corpus(
    searcher: &Searcher,
    corpus: CorpusName,
    set: &RelevanceSet,
) -> Vec<QueryOutcome> {
    set.queries
        .iter()
        .filter(|q| q.corpus == corpus)
        .map(|q| run_query(searcher, q))
        .collect()
}

fn run_query(searcher: &Searcher, q: &Judged) -> QueryOutcome {
    let mut request = Request::new(q.query.clone());
    request.limit = DEPTH;
    request.snippet_chars = 20;
    let (ranked, total, first, error) = match searcher.search(&request) {
        Ok(results) => {
            let first = results
                .hits
                .first()
                .map(|h| (h.doc.id.clone(), h.doc.title.clone()));
            // As a page lists them: the full matches, then those holding some words in
            // translation.
            let in_part = results.in_part.map(|p| p.hits).unwrap_or_default();
            let ids: Vec<String> = results
                .hits
                .into_iter()
                .chain(in_part)
                .map(|h| h.doc.id)
                .collect();
            (ids, results.total, first, None)
        }
        Err(err) => (Vec::new(), 0, None, Some(err.to_string())),
    };
    let top_grade = q.relevant.values().copied().max().unwrap_or(0);
    let best_rank = ranked
        .iter()
        .position(|id| q.relevant.get(id) == Some(&top_grade))
        .map(|i| i + 1);
    let unknown_ids = q
        .relevant
        .keys()
        .filter(|id| searcher.get(id).is_err())
        .cloned()
        .collect();
    QueryOutcome {
        query: q.query.clone(),
        corpus: q.corpus,
        lang: q.lang.clone(),
        cross: q.cross,
        held_out: q.held_out,
        about: q.about.clone(),
        batch: q.batch.clone(),
        ndcg: round4(ndcg(&ranked, &q.relevant, NDCG_AT)),
        rr: round4(reciprocal_rank(&ranked, &q.relevant)),
        total,
        best_rank,
        first,
        unknown_ids,
        error,
    }
}

/// Which outcomes a group of the report takes.
type Pick<'a> = &'a dyn Fn(&QueryOutcome) -> bool;

/// Groups outcomes and picks the worst, for a report.
pub fn report(
    source: String,
    outcomes: Vec<QueryOutcome>,
    skipped: BTreeMap<String, usize>,
) -> Report {
    let group = |name: String, pick: &dyn Fn(&QueryOutcome) -> bool| -> Group {
        let chosen: Vec<&QueryOutcome> = outcomes.iter().filter(|o| pick(o)).collect();
        Group {
            name,
            queries: chosen.len(),
            ndcg10: mean(chosen.iter().map(|o| o.ndcg)).map(round4),
            mrr: mean(chosen.iter().map(|o| o.rr)).map(round4),
        }
    };
    let mut groups = Vec::new();
    let splits: [(&str, Pick); 3] = [
        ("all", &|_| true),
        ("tuned", &|o| !o.held_out),
        ("held-out", &|o| o.held_out),
    ];
    for (split, in_split) in splits {
        groups.push(group(split.to_string(), &|o| in_split(o)));
        for lang in ["en", "zh"] {
            groups.push(group(format!("{split}: {lang}"), &|o| {
                in_split(o) && !o.cross && o.lang == lang
            }));
        }
        groups.push(group(format!("{split}: cross-language"), &|o| {
            in_split(o) && o.cross
        }));
        for (lang, name) in [("en", "en→zh"), ("zh", "zh→en")] {
            groups.push(group(format!("{split}: cross {name}"), &|o| {
                in_split(o) && o.cross && o.lang == lang
            }));
        }
    }
    for corpus in [CorpusName::Shared, CorpusName::Sample] {
        groups.push(group(format!("corpus {}", corpus.as_str()), &|o| {
            o.corpus == corpus
        }));
    }
    let batches: std::collections::BTreeSet<&str> = outcomes
        .iter()
        .map(|o| o.batch.as_str())
        .filter(|b| !b.is_empty())
        .collect();
    for batch in batches {
        groups.push(group(format!("batch {batch}"), &|o| o.batch == batch));
        for lang in ["en", "zh"] {
            groups.push(group(format!("batch {batch}: {lang}"), &|o| {
                o.batch == batch && o.lang == lang
            }));
        }
    }
    let mut worst: Vec<QueryOutcome> = outcomes.clone();
    worst.sort_by(|a, b| {
        a.ndcg
            .total_cmp(&b.ndcg)
            .then(a.rr.total_cmp(&b.rr))
            .then(a.query.cmp(&b.query))
    });
    worst.truncate(10);
    Report {
        source,
        skipped,
        groups,
        worst,
        queries: outcomes,
    }
}

impl Report {
    /// Prints the report for people.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "== ranking: nDCG@{NDCG_AT} and MRR@{DEPTH} ({})",
            self.source
        )?;
        for (corpus, n) in &self.skipped {
            writeln!(
                out,
                "  skipped {n} queries: the {corpus} corpus is not available"
            )?;
        }
        let rows: Vec<Vec<String>> = self
            .groups
            .iter()
            .filter(|g| g.queries > 0)
            .map(|g| {
                vec![
                    g.name.clone(),
                    g.queries.to_string(),
                    fmt3(g.ndcg10),
                    fmt3(g.mrr),
                ]
            })
            .collect();
        write_table(out, &["queries", "n", "nDCG@10", "MRR"], &rows)?;
        writeln!(out, "  worst queries:")?;
        let rows: Vec<Vec<String>> = self
            .worst
            .iter()
            .map(|o| {
                let first = match (&o.error, &o.first) {
                    (Some(err), _) => format!("error: {err}"),
                    (None, Some((id, title))) => format!("{id} {}", clip(title, 24)),
                    (None, None) => "(nothing)".to_string(),
                };
                vec![
                    clip(&o.query, 30),
                    format!(
                        "{}/{}{}{}",
                        o.corpus.as_str(),
                        o.lang,
                        if o.cross { "/cross" } else { "" },
                        if o.held_out { "/held" } else { "" }
                    ),
                    format!("{:.3}", o.ndcg),
                    format!("{:.3}", o.rr),
                    o.best_rank.map_or("-".into(), |r| r.to_string()),
                    first,
                ]
            })
            .collect();
        write_table(
            out,
            &[
                "query",
                "set",
                "nDCG",
                "RR",
                "best@",
                "ranked first instead",
            ],
            &rows,
        )?;
        for o in &self.queries {
            if !o.unknown_ids.is_empty() {
                writeln!(
                    out,
                    "  warning: {:?} judges ids the index does not have: {}",
                    o.query,
                    o.unknown_ids.join(" ")
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ndcg_is_one_for_the_ideal_order_and_less_otherwise() {
        let j = judged(&[("a", 3), ("b", 2), ("c", 1)]);
        assert!((ndcg(&ids(&["a", "b", "c"]), &j, 10) - 1.0).abs() < 1e-12);
        let swapped = ndcg(&ids(&["b", "a", "c"]), &j, 10);
        // DCG = 3/1 + 7/log2(3) + 1/2; IDCG = 7 + 3/log2(3) + 1/2.
        let expected = (3.0 + 7.0 / 3f64.log2() + 0.5) / (7.0 + 3.0 / 3f64.log2() + 0.5);
        assert!((swapped - expected).abs() < 1e-12, "{swapped}");
        assert_eq!(ndcg(&ids(&["x", "y"]), &j, 10), 0.0);
        assert!(ndcg(&[], &j, 10).is_sign_positive());
        assert_eq!(ndcg(&ids(&["a"]), &judged(&[("a", 0)]), 10), 0.0);
    }

    #[test]
    fn ndcg_cuts_at_k() {
        let j = judged(&[("a", 1)]);
        assert_eq!(ndcg(&ids(&["x", "y", "a"]), &j, 2), 0.0);
        assert!((ndcg(&ids(&["x", "a"]), &j, 2) - 1.0 / 3f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn reciprocal_rank_finds_the_first_relevant() {
        let j = judged(&[("a", 1), ("b", 3), ("z", 0)]);
        assert_eq!(reciprocal_rank(&ids(&["z", "x", "b", "a"]), &j), 1.0 / 3.0);
        assert_eq!(reciprocal_rank(&ids(&["a"]), &j), 1.0);
        assert_eq!(reciprocal_rank(&ids(&["z"]), &j), 0.0);
        assert_eq!(reciprocal_rank(&[], &j), 0.0);
    }

    #[test]
    fn the_builtin_set_parses_and_is_big_enough() {
        let set = RelevanceSet::builtin().unwrap();
        assert!(set.queries.len() >= 40, "{}", set.queries.len());
        for lang in ["en", "zh"] {
            assert!(set.queries.iter().any(|q| q.lang == lang));
        }
        assert!(set.queries.iter().filter(|q| q.cross).count() >= 5);
        for corpus in [CorpusName::Shared, CorpusName::Sample] {
            assert!(set.queries.iter().any(|q| q.corpus == corpus));
        }
    }

    /// The held-out half holds cross-language queries both ways and same-language ones in both
    /// languages, so that each class has a held-out figure.
    #[test]
    fn the_held_out_queries_cover_every_class() {
        let set = RelevanceSet::builtin().unwrap();
        let held: Vec<&Judged> = set.queries.iter().filter(|q| q.held_out).collect();
        for (lang, cross) in [("en", true), ("zh", true), ("en", false), ("zh", false)] {
            let n = held
                .iter()
                .filter(|q| q.lang == lang && q.cross == cross)
                .count();
            assert!(n >= 3, "{n} held-out {lang} queries with cross = {cross}");
        }
        assert!(set.queries.iter().filter(|q| !q.held_out).count() >= 40);
    }

    /// Tuned and held-out figures are computed apart, and the whole set over both.
    #[test]
    fn the_report_gives_tuned_and_held_out_figures_apart() {
        let outcome = |lang: &str, cross: bool, held_out: bool, ndcg: f64| QueryOutcome {
            query: format!("{lang}{cross}{held_out}"),
            corpus: CorpusName::Sample,
            lang: lang.to_string(),
            cross,
            held_out,
            about: String::new(),
            batch: if held_out { "b".into() } else { String::new() },
            ndcg,
            rr: ndcg,
            total: 1,
            best_rank: None,
            first: None,
            unknown_ids: Vec::new(),
            error: None,
        };
        let r = report(
            "test".into(),
            vec![
                outcome("en", false, false, 1.0),
                outcome("zh", true, false, 0.5),
                outcome("en", true, true, 0.0),
                outcome("zh", false, true, 0.5),
            ],
            BTreeMap::new(),
        );
        let get = |name: &str| {
            let g = r.groups.iter().find(|g| g.name == name).unwrap();
            (g.queries, g.ndcg10)
        };
        assert_eq!(get("all"), (4, Some(0.5)));
        assert_eq!(get("tuned"), (2, Some(0.75)));
        assert_eq!(get("held-out"), (2, Some(0.25)));
        assert_eq!(get("batch b"), (2, Some(0.25)));
        assert_eq!(get("batch b: zh"), (1, Some(0.5)));
        assert_eq!(get("tuned: en"), (1, Some(1.0)));
        assert_eq!(get("held-out: cross-language"), (1, Some(0.0)));
        assert_eq!(get("held-out: cross en→zh"), (1, Some(0.0)));
        assert_eq!(get("held-out: zh"), (1, Some(0.5)));
        assert_eq!(get("tuned: cross zh→en"), (1, Some(0.5)));
        assert_eq!(get("held-out: en").0, 0);
    }

    /// Every judged id names a document of its corpus (the shared corpus only where present).
    #[test]
    fn every_judged_id_exists_in_its_corpus() {
        let set = RelevanceSet::builtin().unwrap();
        let root = crate::workspace_root();
        for (name, dir) in [
            (CorpusName::Sample, root.join("corpus")),
            (CorpusName::Shared, root.join("../shared/corpus")),
        ] {
            if !dir.is_dir() {
                assert_ne!(
                    name,
                    CorpusName::Sample,
                    "the sample corpus ships with the project"
                );
                continue;
            }
            let corpus = crate::corpus::Corpus::load(&dir).unwrap();
            let ids: std::collections::HashSet<&str> =
                corpus.docs.iter().map(|d| d.id.as_str()).collect();
            for q in set.queries.iter().filter(|q| q.corpus == name) {
                for id in q.relevant.keys() {
                    assert!(ids.contains(id.as_str()), "{:?}: no document {id}", q.query);
                }
            }
        }
    }

    #[test]
    fn bad_sets_are_refused() {
        let no_grades =
            "[[query]]\nquery = \"x\"\ncorpus = \"sample\"\nlang = \"en\"\nrelevant = {}\n";
        assert!(RelevanceSet::parse(no_grades).is_err());
        let bad_lang =
            "[[query]]\nquery = \"x\"\ncorpus = \"sample\"\nlang = \"fr\"\nrelevant = { a = 1 }\n";
        assert!(RelevanceSet::parse(bad_lang).is_err());
        let bad_corpus =
            "[[query]]\nquery = \"x\"\ncorpus = \"other\"\nlang = \"en\"\nrelevant = { a = 1 }\n";
        assert!(RelevanceSet::parse(bad_corpus).is_err());
    }
}
