//! Answers in search: one hit per briefing, shown through its best-matching answer.
//!
//! A briefing is indexed whole and as one `answer` document per answer turn. Unless the user asks
//! for a kind (`--kind`, `kind:`), search leaves answers out of its hits, totals and facets, so
//! they count documents as before; then one extra query, over the answers of the briefings on
//! the page only, finds each briefing's best-matching answer and how many others match. That
//! query reads the `parent` fast field, not stored documents, so it stays cheap.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score, Term};

use super::query::{self, Atom, FieldName};
use super::Request;
use crate::document::Kind;
use crate::error::Result;
use crate::schema::Fields;

/// The most answers read per briefing on the page when looking for the best ones.
const ANSWERS_PER_BRIEFING: usize = 100;

/// The answer shown for a briefing hit.
#[derive(Clone, Debug, Serialize)]
pub struct BestAnswer {
    /// The answer's own id (`…/aN`), for `show`.
    pub id: String,
    pub position: Option<u32>,
    /// The question it answers (empty for an opening statement).
    pub question: String,
    /// Where the query's words stand in the question, as character ranges (as a snippet's
    /// `highlights`): a briefing may match in its question only.
    pub question_highlights: Vec<(usize, usize)>,
    pub speaker: Option<String>,
    /// How many other answers of the same briefing match too.
    pub others: usize,
}

/// Whether `request` is the default view: no kind asked for, so hits are briefings and
/// releases, and answers only show inside them.
pub(super) fn grouped(request: &Request) -> bool {
    if request.filters.kind.is_some() {
        return false;
    }
    let Ok(clauses) = query::parse(&request.query) else {
        return true;
    };
    !clauses.iter().any(|clause| {
        clause.alternatives.iter().any(|atom| {
            matches!(
                atom,
                Atom::Field {
                    field: FieldName::Kind,
                    ..
                }
            )
        })
    })
}

fn kind_term(fields: &Fields, kind: Kind) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        kind_of(fields, kind),
        IndexRecordOption::Basic,
    ))
}

fn kind_of(fields: &Fields, kind: Kind) -> Term {
    Term::from_field_text(fields.kind, kind.as_str())
}

/// The term of the answers, which a grouped search leaves out (see [`without_answers`]).
pub(super) fn answer_term(fields: &Fields) -> Term {
    kind_of(fields, Kind::Answer)
}

/// `query` without answer documents.
pub(super) fn without_answers(query: Box<dyn Query>, fields: &Fields) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, query),
        (Occur::MustNot, kind_term(fields, Kind::Answer)),
    ]))
}

/// The best-matching answer of each of `parents` under `query`, with the number of its
/// briefing's matching answers: parent id → (address, score, count).
pub(super) fn best(
    searcher: &tantivy::Searcher,
    stats: &dyn Bm25StatisticsProvider,
    query: &dyn Query,
    fields: &Fields,
    parent_field: &str,
    parents: &[&str],
) -> Result<HashMap<String, (DocAddress, Score, usize)>> {
    let mut out: HashMap<String, (DocAddress, Score, usize)> = HashMap::new();
    // Most releases are not briefings: only those with answers are searched.
    let terms: Vec<Term> = parents
        .iter()
        .map(|p| Term::from_field_text(fields.parent, p))
        .filter(|t| stats.doc_freq(t).is_ok_and(|n| n > 0))
        .collect();
    if terms.is_empty() {
        return Ok(out);
    }
    let of_parents = BooleanQuery::union(
        terms
            .into_iter()
            .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
            .collect(),
    );
    let restricted = BooleanQuery::new(vec![
        (Occur::Must, query.box_clone()),
        (Occur::Must, kind_term(fields, Kind::Answer)),
        (Occur::Must, Box::new(of_parents)),
    ]);
    let limit = (parents.len() * ANSWERS_PER_BRIEFING).min(10_000);
    // The answers of a page's briefings are few: not worth the search threads.
    let top = super::on_one_thread(
        searcher,
        &restricted,
        &TopDocs::with_limit(limit).order_by_score(),
        stats,
    )?;
    // Each answer's briefing, as an ordinal of its segment's parent column: the names are
    // read once per segment, in one pass over the column's dictionary (reading one name
    // decompresses a block of it).
    let mut columns = HashMap::new();
    let mut parents_of = Vec::with_capacity(top.len());
    for (score, address) in top {
        let column = columns.entry(address.segment_ord).or_insert_with(|| {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .str(parent_field)
                .ok()
                .flatten();
            (column, Vec::new())
        });
        let (Some(column), ords) = column else {
            continue;
        };
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            continue;
        };
        ords.push(ord);
        parents_of.push((score, address, ord));
    }
    let mut names: HashMap<(u32, u64), String> = HashMap::new();
    for (&segment, (column, ords)) in &mut columns {
        let Some(column) = column else {
            continue;
        };
        ords.sort_unstable();
        ords.dedup();
        let mut found = ords.iter();
        column.dictionary().sorted_ords_to_term_cb(ords, |bytes| {
            if let (Some(&ord), Ok(name)) = (found.next(), std::str::from_utf8(bytes)) {
                names.insert((segment, ord), name.to_string());
            }
        })?;
    }
    for (score, address, ord) in parents_of {
        let Some(name) = names.get(&(address.segment_ord, ord)) else {
            continue;
        };
        // Hits come best first, so the first answer seen of a briefing is its best.
        out.entry(name.clone())
            .and_modify(|entry| entry.2 += 1)
            .or_insert((address, score, 1));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Filters;

    #[test]
    fn each_briefing_is_shown_through_its_own_best_answer() {
        use crate::search::Searcher;
        use crate::testing::{doc, index_of};
        // Three briefings with answers, in one segment, interleaved with other documents, so
        // that the answers' briefings are several ordinals of one parent column.
        let mut docs = Vec::new();
        for (b, answers) in [("b1", 2), ("b2", 3), ("b3", 1)] {
            docs.push(doc(b, &format!("Briefing {b}"), "frigate escort"));
            for a in 0..answers {
                let mut answer = doc(
                    &format!("{b}-a{a}"),
                    "Answer",
                    &"frigate ".repeat(1 + a + answers),
                );
                answer.kind = Kind::Answer;
                answer.parent = Some(b.to_string());
                docs.push(answer);
            }
            docs.push(doc(&format!("{b}-other"), "Other", "weather"));
        }
        let (_dir, index) = index_of(&docs);
        let searcher = Searcher::new(index).unwrap();
        let results = searcher.search(&Request::new("frigate")).unwrap();
        let shown: Vec<(String, String, usize)> = results
            .hits
            .iter()
            .filter_map(|h| {
                let answer = h.answer.as_ref()?;
                Some((h.doc.id.clone(), answer.id.clone(), answer.others))
            })
            .collect();
        let mut shown = shown;
        shown.sort();
        // The best answer of each: the one saying the word most often (the last), and how
        // many others match.
        let want = [("b1", "b1-a1", 1), ("b2", "b2-a2", 2), ("b3", "b3-a0", 0)];
        let want: Vec<(String, String, usize)> = want
            .iter()
            .map(|(b, a, n)| (b.to_string(), a.to_string(), *n))
            .collect();
        assert_eq!(shown, want);
    }

    #[test]
    fn a_kind_asked_for_turns_grouping_off() {
        assert!(grouped(&Request::new("菲律宾")));
        assert!(!grouped(&Request::new("菲律宾 kind:answer")));
        let mut request = Request::new("菲律宾");
        request.filters = Filters {
            kind: Some(Kind::Release),
            ..Filters::default()
        };
        assert!(!grouped(&request));
    }
}
