//! A run of Han text that the index also holds as one word: a term of art milpress indexes
//! beside jieba's words (`analysis::chinese::added_words`, listed beside the index by
//! `index::words`), such as 演训 (a query cuts it into 演 + 训) or 军事合作 (军事 + 合作).
//!
//! The index holds such a word wherever its characters stand in a row, as often as they do
//! there, so the word's postings are the phrase's matches and its term frequencies the phrase
//! counts. [`WordRun`] reads them, one term where the phrase of the query's pieces would check
//! positions in every document holding all of them (at a million documents, 演训 took 9.9 ms
//! as a phrase, 0.4 ms as a word), and scores exactly as that phrase does: BM25 with the sum of
//! the pieces' weights (tantivy's phrase weight) over the phrase count and the field's length.
//! So an index that holds the word ranks as one that does not.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// A run of Han text searched through the word it makes, scored as the phrase of its pieces.
#[derive(Clone, Debug)]
pub struct WordRun {
    /// The word, in the field searched.
    word: Term,
    /// The pieces a query cut it into (words and characters, each following the one before
    /// with no gap), in order, in the same field.
    pieces: Vec<Term>,
}

impl WordRun {
    /// The run of `pieces` (two or more, one field), which together make `word`.
    pub fn new(word: Term, pieces: Vec<Term>) -> WordRun {
        WordRun { word, pieces }
    }
}

impl Query for WordRun {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Ok(Box::new(WordRunWeight {
                word: self.word.clone(),
                // What tantivy's phrase query weighs the characters' phrase by.
                phrase: Bm25Weight::for_terms(statistics_provider, &self.pieces)?,
            })),
            // Without scores, the word's documents are the run's.
            EnableScoring::Disabled { .. } => {
                TermQuery::new(self.word.clone(), IndexRecordOption::Basic).weight(scoring)
            }
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        // As the phrase: its pieces, at their positions.
        for term in &self.pieces {
            visitor(term, true);
        }
    }
}

struct WordRunWeight {
    word: Term,
    phrase: Bm25Weight,
}

impl WordRunWeight {
    fn run_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<WordRunScorer>> {
        let field = self.word.field();
        let inverted = reader.inverted_index(field)?;
        let Some(postings) = inverted.read_postings(&self.word, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        let norms = match reader.fieldnorms_readers().get_field(field)? {
            Some(norms) => norms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(WordRunScorer {
            postings,
            norms,
            weight: self.phrase.boost_by(boost),
        }))
    }
}

impl Weight for WordRunWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.run_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.run_scorer(reader, 1.0)?;
        if let Some(scorer) = scorer.as_mut().filter(|s| s.doc() < doc) {
            scorer.seek(doc);
        }
        match scorer.filter(|s| s.doc() == doc) {
            Some(scorer) => {
                let norm = scorer.norms.fieldnorm_id(doc);
                let mut explanation = scorer.weight.explain(norm, scorer.postings.term_freq());
                explanation.add_context(format!(
                    "Word={:?}, scored as its characters' phrase",
                    self.word
                ));
                Ok(explanation)
            }
            None => Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            ))),
        }
    }
}

/// The word's postings, scored as the phrase: a term's scorer with the phrase's weight.
struct WordRunScorer {
    postings: SegmentPostings,
    norms: FieldNormReader,
    weight: Bm25Weight,
}

impl DocSet for WordRunScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for WordRunScorer {
    fn score(&mut self) -> Score {
        let doc = self.postings.doc();
        // The phrase scorer's sum: its weight over the field's length and the phrase count,
        // here the word's frequency.
        self.weight
            .score(self.norms.fieldnorm_id(doc), self.postings.term_freq())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BoostQuery, PhraseQuery};

    use super::*;
    use crate::search::{Request, Searcher};
    use crate::testing::{doc, index_in_segments};

    /// Texts holding the run 演训 (a glossary form jieba does not know) once, several times,
    /// in the traditional script, inside other words, and its characters apart or reversed.
    fn docs() -> Vec<crate::Document> {
        let bodies = [
            "部队开展联合演训，演训持续三天。",
            "海上演訓如期举行",
            "演出与训练是两回事",
            "训演不是一个词，演训才是",
            "演训演训演训",
            "年度演训计划发布，各部队围绕实战化演训展开训练，演训强度加大",
            "没有相关内容",
            "演训",
            "深化两军军事合作，军事交流与合作",
            "军事合作军事合作",
        ];
        (0..48)
            .map(|i| {
                let title = ["联合演训", "军事合作新闻", "新闻"][i % 3];
                let body = format!("{} 第{i}条", bodies[i % bodies.len()].repeat(1 + i % 4));
                doc(&format!("d{i}"), title, &body)
            })
            .collect()
    }

    #[test]
    fn a_run_read_through_its_word_matches_and_scores_as_its_phrase() {
        let added = crate::analysis::chinese::added_words();
        assert!(added.contains("演训") && added.contains("军事合作"));
        let (_dir, index) = index_in_segments(&docs(), 13, 7);
        let searcher = index.reader().unwrap().searcher();
        let fields = &index.fields;
        let runs = [
            ("演训", vec![(0, "演"), (1, "训")]),
            ("军事合作", vec![(0, "军事"), (2, "合作")]),
        ];
        for (field, (word, pieces)) in [fields.title, fields.body]
            .into_iter()
            .flat_map(|f| runs.iter().map(move |r| (f, r)))
        {
            let pieces: Vec<(usize, Term)> = pieces
                .iter()
                .map(|&(at, p)| (at, Term::from_field_text(field, p)))
                .collect();
            let run = WordRun::new(
                Term::from_field_text(field, word),
                pieces.iter().map(|(_, t)| t.clone()).collect(),
            );
            let phrase = PhraseQuery::new_with_offset(pieces);
            for boost in [1.0, 3.0] {
                let top = (TopDocs::with_limit(100).order_by_score(), Count);
                let want = searcher
                    .search(&BoostQuery::new(Box::new(phrase.clone()), boost), &top)
                    .unwrap();
                let got = searcher
                    .search(&BoostQuery::new(Box::new(run.clone()), boost), &top)
                    .unwrap();
                assert!(want.1 > 5, "{word}: the run is in many documents");
                assert_eq!(got.1, want.1, "count");
                let bits = |hits: &[(Score, tantivy::DocAddress)]| {
                    hits.iter()
                        .map(|(s, a)| (s.to_bits(), *a))
                        .collect::<Vec<_>>()
                };
                assert_eq!(bits(&got.0), bits(&want.0), "scores, to the bit");
            }
        }
    }

    #[test]
    fn a_search_reads_the_run_through_the_word_the_index_lists() {
        let (dir, index) = index_in_segments(&docs(), 13, 7);
        crate::index::words::keep(dir.path()).unwrap();
        let searcher = Searcher::new(index).unwrap();
        let tantivy = searcher.reader.searcher();
        for word in ["演训", "军事合作", "\"军事合作\""] {
            let mut request = Request::new(word);
            request.exact = true;
            let query = searcher.counted_query(&tantivy, &request).unwrap();
            assert!(
                format!("{query:?}").contains("WordRun"),
                "{word}: {query:?}"
            );
            let run = word.trim_matches('"');
            // Every document holding the run (in either script), less the deleted ones.
            let holds = |d: &&crate::Document| {
                d.title.contains(run) || d.body.replace('訓', "训").contains(run)
            };
            let all = docs();
            let expected =
                all.iter().filter(holds).count() - all.iter().step_by(7).filter(holds).count();
            assert_eq!(searcher.search(&request).unwrap().total, expected, "{word}");
        }
    }
}
