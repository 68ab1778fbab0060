//! A run of Han text that holds a word the index also holds whole: a term of art milpress
//! indexes beside jieba's words (`analysis::chinese::added_words`, listed beside the index by
//! `index::words`), such as 演训 (a query cuts it into 演 + 训) or 军事合作 (军事 + 合作).
//!
//! The index holds such a word wherever its characters stand in a row, as often as they do
//! there, so the word's postings are the phrase's matches and its term frequencies the phrase
//! counts. [`WordRun`] reads them, one term where the phrase of the query's pieces would check
//! positions in every document holding all of them (at a million documents, 演训 took 11 ms as a
//! phrase, 2–3 ms as a word), and scores exactly as that phrase does: BM25 with the sum of the
//! pieces' weights (tantivy's phrase weight) over the phrase count and the field's length. A
//! longer run that holds such a word (联合演训: 联合 + 演 + 训) is the phrase of the word and the
//! pieces around it (联合 + 演训: the same documents, as often; 4 ms → 1.2–1.6 at 1M), scored
//! the same way. So an index that holds the words ranks as one that does not.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// A run of Han text searched through the words it holds, scored as the phrase of its pieces.
#[derive(Clone, Debug)]
pub struct WordRun {
    /// What is read, at its offset in the run: the word alone, or the words and pieces left
    /// around it (联合 + 演训 for 联合演训), all in the field searched.
    reads: Vec<(usize, Term)>,
    /// The pieces a query cut the run into (words and characters, each following the one
    /// before with no gap), in order, in the same field.
    pieces: Vec<Term>,
}

impl WordRun {
    /// The run of `pieces`, matched as the phrase of `reads` (offsets from the run's start):
    /// the same documents, as often, where each of `reads` that is not a piece is a word the
    /// index holds wherever its pieces stand in a row.
    pub fn reading(reads: Vec<(usize, Term)>, pieces: Vec<Term>) -> WordRun {
        WordRun { reads, pieces }
    }
}

impl Query for WordRun {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let phrase = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(statistics_provider, &self.pieces)?),
            EnableScoring::Disabled { .. } => None,
        };
        match (phrase, self.reads.as_slice()) {
            // Without scores, one word's documents are the run's.
            (None, [(_, word)]) => {
                TermQuery::new(word.clone(), IndexRecordOption::Basic).weight(scoring)
            }
            // What tantivy's phrase query weighs the pieces' phrase by (scores of one, when
            // none are asked for).
            (phrase, _) => Ok(Box::new(WordRunWeight {
                reads: self.reads.clone(),
                phrase: phrase.unwrap_or_else(|| Bm25Weight::for_one_term(0, 1, 1.0)),
            })),
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
    reads: Vec<(usize, Term)>,
    phrase: Bm25Weight,
}

impl WordRunWeight {
    fn run_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<WordRunScorer>> {
        let Some((_, first)) = self.reads.first() else {
            return Ok(None);
        };
        let field = first.field();
        let inverted = reader.inverted_index(field)?;
        // One word: its frequency is the run's count; several: their positions tell.
        let option = match self.reads.len() {
            1 => IndexRecordOption::WithFreqs,
            _ => IndexRecordOption::WithFreqsAndPositions,
        };
        let mut reads = Vec::with_capacity(self.reads.len());
        for (offset, term) in &self.reads {
            let Some(postings) = inverted.read_postings(term, option)? else {
                return Ok(None);
            };
            reads.push((u32::try_from(*offset).unwrap_or(u32::MAX), postings));
        }
        let norms = match reader.fieldnorms_readers().get_field(field)? {
            Some(norms) => norms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let mut scorer = WordRunScorer {
            reads,
            norms,
            weight: self.phrase.boost_by(boost),
            doc: 0,
            count: 0,
            starts: Vec::new(),
            positions: Vec::new(),
        };
        scorer.settle();
        Ok(Some(scorer))
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
                let mut explanation = scorer.weight.explain(norm, scorer.count);
                explanation.add_context(format!(
                    "Reads={:?}, scored as its pieces' phrase",
                    self.reads
                ));
                Ok(explanation)
            }
            None => Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            ))),
        }
    }
}

/// The reads' postings, scored as the phrase: a phrase scorer (a term's, for one word) with
/// the pieces' weight.
struct WordRunScorer {
    /// Each read's postings, with its offset in the run.
    reads: Vec<(u32, SegmentPostings)>,
    norms: FieldNormReader,
    weight: Bm25Weight,
    /// The document every read stands on, where the run occurs (or `TERMINATED`).
    doc: DocId,
    /// How often the run occurs in `doc`.
    count: u32,
    starts: Vec<u32>,
    positions: Vec<u32>,
}

impl WordRunScorer {
    /// Moves on from where the reads stand to the first document that holds the run, every
    /// read on it, and returns it.
    fn settle(&mut self) -> DocId {
        loop {
            // Every read moved up to the furthest of them, until they agree.
            let mut target = self
                .reads
                .iter()
                .map(|(_, p)| p.doc())
                .max()
                .unwrap_or(TERMINATED);
            let mut agreed = false;
            while target != TERMINATED && !agreed {
                agreed = true;
                for (_, postings) in &mut self.reads {
                    if postings.doc() < target {
                        let at = postings.seek(target);
                        if at > target {
                            target = at;
                            agreed = false;
                        }
                    }
                }
            }
            self.doc = target;
            if target == TERMINATED {
                self.count = 0;
                return TERMINATED;
            }
            self.count = self.occurrences();
            if self.count > 0 {
                return target;
            }
            if let Some((_, first)) = self.reads.first_mut() {
                first.advance();
            }
        }
    }

    /// How often the reads stand at their offsets from one start in the current document.
    fn occurrences(&mut self) -> u32 {
        let [(offset, first), rest @ ..] = self.reads.as_mut_slice() else {
            return 0;
        };
        if rest.is_empty() {
            return first.term_freq();
        }
        let starts = &mut self.starts;
        starts.clear();
        first.positions(starts);
        let first_offset = *offset;
        starts.retain_mut(|p| match p.checked_sub(first_offset) {
            Some(start) => {
                *p = start;
                true
            }
            None => false,
        });
        for (offset, postings) in rest {
            let positions = &mut self.positions;
            positions.clear();
            postings.positions(positions);
            let mut at = positions
                .iter()
                .filter_map(|p| p.checked_sub(*offset))
                .peekable();
            starts.retain(|start| {
                while at.next_if(|p| p < start).is_some() {}
                at.peek() == Some(start)
            });
            if starts.is_empty() {
                return 0;
            }
        }
        u32::try_from(starts.len()).unwrap_or(u32::MAX)
    }
}

impl DocSet for WordRunScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        if let Some((_, first)) = self.reads.first_mut() {
            first.advance();
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (_, postings) in &mut self.reads {
            if postings.doc() < target {
                postings.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.reads
            .iter()
            .map(|(_, p)| p.size_hint())
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for WordRunScorer {
    fn score(&mut self) -> Score {
        // The phrase scorer's sum: its weight over the field's length and the phrase count.
        self.weight
            .score(self.norms.fieldnorm_id(self.doc), self.count)
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
                let title = ["联合演训", "军事合作新闻", "演训演训快讯", "新闻"][i % 4];
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
        // A run, what it is read as (a word alone, or with the pieces around it), its pieces.
        type Case<'a> = (&'a str, Vec<(usize, &'a str)>, Vec<(usize, &'a str)>);
        let runs: [Case; 4] = [
            ("演训", vec![(0, "演训")], vec![(0, "演"), (1, "训")]),
            (
                "军事合作",
                vec![(0, "军事合作")],
                vec![(0, "军事"), (2, "合作")],
            ),
            (
                "联合演训",
                vec![(0, "联合"), (2, "演训")],
                vec![(0, "联合"), (2, "演"), (3, "训")],
            ),
            (
                "演训演训",
                vec![(0, "演训"), (2, "演训")],
                vec![(0, "演"), (1, "训"), (2, "演"), (3, "训")],
            ),
        ];
        for (field, (word, reads, pieces)) in [fields.title, fields.body]
            .into_iter()
            .flat_map(|f| runs.iter().map(move |r| (f, r)))
        {
            let term = |&(at, text): &(usize, &str)| (at, Term::from_field_text(field, text));
            let pieces: Vec<(usize, Term)> = pieces.iter().map(term).collect();
            let run = WordRun::reading(
                reads.iter().map(term).collect(),
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
                assert!(want.1 > 2, "{word}: the run is in several documents");
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
        for word in [
            "演训",
            "军事合作",
            "\"军事合作\"",
            "联合演训",
            "\"演训演训\"",
        ] {
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
