//! Relevance as milpress ranks it: BM25 over the query (title matches boosted, see
//! [`super::build`]), then two adjustments read from fast fields: a related headline counts less
//! than a release that matches as well (a one-line headline otherwise wins on length alone), and
//! among near-equal scores the newer document comes first.

use tantivy::{DocId, Score, SegmentReader};

/// A headline's score against a release's.
pub const HEADLINE_WEIGHT: Score = 0.4;
/// The most a date can add: a document ten years newer than another scores this much more.
const RECENCY_PER_DECADE: Score = 0.02;
/// 2000-01-01, in days since 1970: recency is measured from here.
const EPOCH_DAYS: i64 = 10_957;

/// The per-segment scoring function for `TopDocs::tweak_score`.
pub fn tweaker(
    kind_field: String,
    date_field: String,
) -> impl Fn(&SegmentReader) -> Box<dyn Fn(DocId, Score) -> Score> + Send + Sync {
    move |segment: &SegmentReader| {
        let fast = segment.fast_fields();
        let kinds = fast.str(&kind_field).ok().flatten();
        let headline = kinds.as_ref().and_then(|column| {
            let mut text = String::new();
            (0..column.num_terms() as u64).find(|&ord| {
                column.ord_to_str(ord, &mut text).unwrap_or(false) && text == "headline"
            })
        });
        let dates = fast.date(&date_field).ok();
        Box::new(move |doc: DocId, score: Score| {
            let mut score = score;
            if let (Some(kinds), Some(headline)) = (&kinds, headline) {
                if kinds.term_ords(doc).next() == Some(headline) {
                    score *= HEADLINE_WEIGHT;
                }
            }
            if let Some(date) = dates.as_ref().and_then(|c| c.first(doc)) {
                let days = date.into_timestamp_secs() / 86_400 - EPOCH_DAYS;
                let decades = (days as Score / 3652.5).clamp(0.0, 5.0);
                score *= 1.0 + RECENCY_PER_DECADE * decades;
            }
            score
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::document::Kind;
    use crate::search::{Request, Searcher};
    use crate::testing::{dated, doc, index_of};

    fn order(docs: Vec<crate::document::Document>, query: &str) -> Vec<String> {
        let (_dir, index) = index_of(&docs);
        let searcher = Searcher::new(index).unwrap();
        let mut request = Request::new(query);
        request.exact = true;
        let results = searcher.search(&request).unwrap();
        results.hits.into_iter().map(|h| h.doc.id).collect()
    }

    #[test]
    fn a_headline_counts_less_than_a_release_that_matches_as_well() {
        let release = doc("release", "Peace Ark sails", "Peace Ark sails.");
        let mut headline = doc("headline", "Peace Ark sails", "Peace Ark sails.");
        headline.kind = Kind::Headline;
        assert_eq!(
            order(vec![headline, release], "peace ark"),
            ["release", "headline"]
        );
    }

    #[test]
    fn among_equals_the_newer_comes_first() {
        let old = dated(
            doc("old", "Peace Ark sails", "Peace Ark sails."),
            "2012-01-01",
        );
        let new = dated(
            doc("new", "Peace Ark sails", "Peace Ark sails."),
            "2024-01-01",
        );
        assert_eq!(order(vec![old, new], "peace ark"), ["new", "old"]);
    }
}
