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
    let top = searcher.search_with_statistics_provider(
        &restricted,
        &TopDocs::with_limit(limit).order_by_score(),
        stats,
    )?;
    let mut columns = HashMap::new();
    let mut name = String::new();
    for (score, address) in top {
        let column = columns.entry(address.segment_ord).or_insert_with(|| {
            searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .str(parent_field)
                .ok()
                .flatten()
        });
        let Some(column) = column.as_ref() else {
            continue;
        };
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            continue;
        };
        name.clear();
        if !column.ord_to_str(ord, &mut name)? {
            continue;
        }
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
