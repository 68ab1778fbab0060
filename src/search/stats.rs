//! BM25 statistics for one search, each looked up once. A search asks for the same document
//! frequencies many times, each summed over every segment: building the query (which Chinese
//! words the index holds), building its weights more than once (the plan's, tantivy's own, the
//! best answers'), weighing the snippets' words; and every term weight asks for its field's
//! token count. The numbers are the searcher's; only the lookups are shared, so scores do not
//! change.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::Term;

/// The statistics of one searcher, kept for one search.
pub struct Stats<'a> {
    searcher: &'a tantivy::Searcher,
    tokens: Mutex<HashMap<Field, u64>>,
    freqs: Mutex<HashMap<Term, u64>>,
}

impl<'a> Stats<'a> {
    pub fn new(searcher: &'a tantivy::Searcher) -> Stats<'a> {
        Stats {
            searcher,
            tokens: Mutex::new(HashMap::new()),
            freqs: Mutex::new(HashMap::new()),
        }
    }
}

/// The value kept under `key`, else `look_up`'s, kept.
fn kept<K: std::hash::Hash + Eq + Clone>(
    map: &Mutex<HashMap<K, u64>>,
    key: &K,
    look_up: impl FnOnce() -> tantivy::Result<u64>,
) -> tantivy::Result<u64> {
    if let Some(&n) = map.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return Ok(n);
    }
    let n = look_up()?;
    map.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key.clone(), n);
    Ok(n)
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        kept(&self.tokens, &field, || {
            self.searcher.total_num_tokens(field)
        })
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        kept(&self.freqs, term, || self.searcher.doc_freq(term))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{doc, index_of};

    #[test]
    fn kept_statistics_are_the_searchers() {
        let (_dir, index) = index_of(&[
            doc("a", "Navy drill", "patrol patrol at sea"),
            doc("b", "Report", "patrol"),
        ]);
        let reader = index.reader().unwrap();
        let searcher = reader.searcher();
        let stats = Stats::new(&searcher);
        let term = Term::from_field_text(index.fields.body, "patrol");
        for _ in 0..2 {
            assert_eq!(stats.doc_freq(&term).unwrap(), 2);
            assert_eq!(
                stats.total_num_tokens(index.fields.body).unwrap(),
                Bm25StatisticsProvider::total_num_tokens(&searcher, index.fields.body).unwrap()
            );
        }
        assert_eq!(stats.total_num_docs().unwrap(), 2);
    }
}
