//! Queries of several required clauses (words that must all be there, a word under a filter,
//! a word with a phrase bonus), taken apart as [`super::rank::Lead`] takes apart one word.
//!
//! tantivy runs such a query as an intersection of unions (one per word, over the text fields),
//! and a union moves by windows of thousands of documents, scoring every posting in the window:
//! seeking it for the next candidate of the intersection costs most of the search. Here each
//! segment's matches are found first, as a bitset (every clause's postings read once, without
//! frequencies or scores), counted from that bitset for the total and facets, and only the
//! matches are scored, each word's terms moved straight to them.
//!
//! Scores are the whole query's: each clause is added up as its own scorer adds up (a word's
//! terms in the union's order, from zero), and the clauses in the order tantivy's intersection
//! adds them (by cost, the optional clauses last). With two clauses that is the same to the
//! bit; with more, tantivy's order of cost shifts as its unions drop finished postings, so the
//! last bit may differ.

use tantivy::query::{
    AllQuery, Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, EnableScoring, Occur,
    PhraseQuery, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::COLLECT_BLOCK_BUFFER_LEN;
use tantivy::{DocId, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

use super::build::Weighted;
use super::rank::{
    is_term_union, is_union, seek, set_bit, set_docs, union_parts, visit, Excluded, Masks,
    RankedSegment, SEEK_RATHER,
};

/// A boolean query of required clauses (two or more, or one with optional ones), optional
/// clauses that only add to the score, and exclusions, under layers of one required clause and
/// exclusions.
pub struct Joint {
    required: Vec<Required>,
    /// The one required clause is a union of anything, read whole ([`Tree::dense`]) rather
    /// than asked about each match.
    dense: bool,
    /// The optional clauses: they add to a match's score, they decide no match.
    optional: Vec<Optional>,
    /// When every optional clause is a [`Bonus`]: the most they add, as a multiple of the
    /// required clauses' score.
    bonus: Option<Score>,
    excluded: Excluded,
}

/// The phrase bonus of a query of several words (see `build`): scores as `query`, and never
/// more than `factor` times what the query's words score in the same document.
#[derive(Debug)]
pub struct Bonus {
    pub query: Box<dyn Query>,
    pub factor: Score,
}

impl Clone for Bonus {
    fn clone(&self) -> Bonus {
        Bonus {
            query: self.query.box_clone(),
            factor: self.factor,
        }
    }
}

impl Query for Bonus {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.query.weight(scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor)
    }
}

/// A segment this many times larger than its cheapest clause's documents is searched through
/// the whole query's scorer rather than through bitsets.
const SPARSE: u64 = 256;

/// One optional clause: whole, or the parts of a union, added up as the union adds them.
enum Optional {
    Whole(Box<dyn Weight>),
    Parts(Vec<Box<dyn Weight>>),
}

/// One required clause: a plain union of terms (a word over the text fields), or a filter.
struct Required {
    /// Which documents it matches, without scores: a word's terms (read one by one, not merged
    /// by a union), or the filter itself.
    matching: Vec<Box<dyn Weight>>,
    /// Per part of `matching`, whether it reads positions (a phrase): checking it at a
    /// document costs far more than reading a term's postings.
    positional: Vec<bool>,
    /// Per part of `matching`, for a phrase, its words: a document that lacks one need not
    /// be checked.
    words: Vec<Vec<Box<dyn Weight>>>,
    /// Per part of `matching`, when it is words that must all be there: each word's parts
    /// (its terms), read instead of the part's own scorer, which would move each word's
    /// union by windows of thousands of documents.
    groups: Vec<Option<WordGroups>>,
    /// How the clause scores a match; `None` for a filter, which scores zero wherever it
    /// comes in the sum and is left out of scoring.
    scores: Option<Scores>,
}

impl Required {
    /// Whether the clause is a union that holds words that must all be there.
    fn has_and(&self) -> bool {
        matches!(&self.scores, Some(Scores::Tree(tree)) if tree.has_and())
    }
}

/// Words that must all be there, each as the weights of its parts (its terms).
type WordGroups = Vec<Vec<Box<dyn Weight>>>;

/// How a required clause scores a match.
enum Scores {
    /// A word's terms, to be moved straight to each match instead of through the union.
    Terms(Vec<Box<dyn Weight>>),
    /// A union of anything (a word and its glossary forms), its parts each asked about the
    /// match on their own, added up as its unions add them.
    Tree(TreeWeight),
}

/// A union's parts as tantivy scores them: a nested union sums its own members first, and a
/// weight multiplies down into each part's scorer (as `BoostWeight` does).
enum TreeWeight {
    /// A part that scores itself (a term, a phrase, anything not opened), with the weight
    /// of every layer above it.
    Part(Box<dyn Weight>, Score),
    /// A union: its members' scores of a document, added from zero in order.
    Sum(Vec<TreeWeight>),
    /// Words that must all be there (each a union): an intersection as tantivy scores one.
    And(Vec<TreeWeight>),
}

impl TreeWeight {
    /// The tree of `query`, when it is a union (through weights and layers of one required
    /// clause alone); `boost` is what the layers above multiply by.
    fn of(
        query: &dyn Query,
        scoring: EnableScoring<'_>,
        boost: Score,
        filters: &[String],
    ) -> tantivy::Result<Option<TreeWeight>> {
        let mut query = query;
        let mut boost = boost;
        loop {
            if let Some(weighted) = query.downcast_ref::<Weighted>() {
                boost *= weighted.boost;
                query = weighted.query.as_ref();
                continue;
            }
            match query.downcast_ref::<BooleanQuery>() {
                // A layer of one required clause and nothing else scores as its clause.
                Some(layer)
                    if layer.clauses().len() == 1 && layer.clauses()[0].0 == Occur::Must =>
                {
                    query = layer.clauses()[0].1.as_ref();
                }
                _ => break,
            }
        }
        let Some(union) = query.downcast_ref::<BooleanQuery>().filter(|b| is_union(b)) else {
            return Ok(None);
        };
        let mut members = Vec::with_capacity(union.clauses().len());
        for (_, member) in union.clauses() {
            members.push(
                match TreeWeight::of(member.as_ref(), scoring, boost, filters)? {
                    Some(tree) => tree,
                    None => {
                        // A weight multiplies down into what it wraps.
                        let (mut part, mut boost) = (member.as_ref(), boost);
                        while let Some(weighted) = part.downcast_ref::<Weighted>() {
                            boost *= weighted.boost;
                            part = weighted.query.as_ref();
                        }
                        // Scores as the filters' intersection does: the part plus zeros.
                        let part = without_filters(part, filters);
                        match TreeWeight::and(part, scoring, boost, filters)? {
                            Some(and) => and,
                            None => TreeWeight::Part(part.weight(scoring)?, boost),
                        }
                    }
                },
            );
        }
        Ok(Some(TreeWeight::Sum(members)))
    }

    /// The tree of `query` when it is words that must all be there, each a union, and
    /// nothing else.
    fn and(
        query: &dyn Query,
        scoring: EnableScoring<'_>,
        boost: Score,
        filters: &[String],
    ) -> tantivy::Result<Option<TreeWeight>> {
        let Some(words) = and_parts(query) else {
            return Ok(None);
        };
        let mut required = Vec::with_capacity(words.len());
        for word in words {
            match TreeWeight::of(word, scoring, boost, filters)? {
                Some(tree) => required.push(tree),
                None => return Ok(None),
            }
        }
        Ok(Some(TreeWeight::And(required)))
    }

    fn has_and(&self) -> bool {
        match self {
            TreeWeight::And(_) => true,
            TreeWeight::Part(..) => false,
            TreeWeight::Sum(members) => members.iter().any(TreeWeight::has_and),
        }
    }

    fn scorer(&self, reader: &SegmentReader) -> tantivy::Result<Tree> {
        Ok(match self {
            TreeWeight::And(required) => {
                let mut required = required
                    .iter()
                    .map(|r| r.scorer(reader))
                    .collect::<tantivy::Result<Vec<_>>>()?;
                // The order tantivy's intersection adds its members in (a stable sort).
                required.sort_by_key(Tree::cost);
                Tree::And(required)
            }
            TreeWeight::Part(weight, boost) => {
                let scorer = weight.scorer(reader, *boost)?;
                // A new scorer stands on its first match.
                let next = scorer.doc();
                Tree::Part(scorer, next)
            }
            TreeWeight::Sum(members) => Tree::Sum(
                members
                    .iter()
                    .map(|m| m.scorer(reader))
                    .collect::<tantivy::Result<_>>()?,
            ),
        })
    }
}

/// A union's matches in one segment, read whole: one bit per document, and the score of each
/// document set (what `scores` holds elsewhere is left over from earlier use).
struct Dense {
    bits: Vec<u64>,
    scores: Vec<Score>,
}

thread_local! {
    /// Score arrays [`Dense`] gave back, for the next to reuse: at a million documents a fresh
    /// one is megabytes of new pages, faulted in one by one.
    static SPARE_SCORES: std::cell::RefCell<Vec<Vec<Score>>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

/// Spare arrays kept per thread: a query's tree seldom holds more unions nested at once.
const SPARE_ARRAYS: usize = 8;

impl Dense {
    fn new(max_doc: DocId) -> Dense {
        let len = max_doc as usize;
        let mut scores = SPARE_SCORES
            .with(|spare| spare.borrow_mut().pop())
            .unwrap_or_default();
        // Never read before written: only the scores of documents set are.
        if scores.len() < len {
            scores.resize(len, 0.0);
        }
        Dense {
            bits: vec![0; len.div_ceil(64)],
            scores,
        }
    }

    /// Adds `score` to the document's: to zero the first time, as a union's sum starts.
    fn add(&mut self, doc: DocId, score: Score) {
        let (word, bit) = (doc as usize / 64, 1u64 << (doc % 64));
        let at = &mut self.scores[doc as usize];
        if self.bits[word] & bit == 0 {
            self.bits[word] |= bit;
            *at = 0.0 + score;
        } else {
            *at += score;
        }
    }
}

impl Drop for Dense {
    fn drop(&mut self) {
        let scores = std::mem::take(&mut self.scores);
        SPARE_SCORES.with(|spare| {
            let mut spare = spare.borrow_mut();
            if spare.len() < SPARE_ARRAYS {
                spare.push(scores);
            }
        });
    }
}

/// One segment's scorers of a [`TreeWeight`].
enum Tree {
    /// A part's scorer, with the least document it can match next.
    Part(Box<dyn Scorer>, DocId),
    Sum(Vec<Tree>),
    /// Required members, by cost.
    And(Vec<Tree>),
}

impl Tree {
    /// The score of `doc`; `None` when no part matches it. Each part is only asked whether it
    /// matches `doc` (`seek_danger`: a phrase's `seek` would look on for its next match).
    fn score(&mut self, doc: DocId) -> Option<Score> {
        match self {
            Tree::Part(scorer, next) => ask(scorer.as_mut(), next, doc).then(|| scorer.score()),
            Tree::Sum(members) => {
                let mut score: Option<Score> = None;
                for member in members {
                    if let Some(s) = member.score(doc) {
                        *score.get_or_insert(0.0) += s;
                    }
                }
                score
            }
            Tree::And(required) => {
                let mut scores = Vec::with_capacity(required.len());
                for member in required.iter_mut() {
                    scores.push(member.score(doc)?);
                }
                // `left + right + others`, as tantivy's intersection; one alone is itself.
                match scores.as_slice() {
                    [] => None,
                    [one] => Some(*one),
                    [left, right, others @ ..] => Some(left + right + others.iter().sum::<Score>()),
                }
            }
        }
    }

    /// Every document the tree matches in a segment of `max_doc` documents (deleted ones
    /// included) and its score there, read term-at-a-time: each part's postings read once,
    /// whole, and the scores added in the order [`Tree::score`] adds them (a nested union's or
    /// intersection's score added as one number), so each score is the same to the bit.
    fn dense(self, max_doc: DocId) -> Dense {
        let mut out = Dense::new(max_doc);
        match self {
            Tree::Sum(members) => {
                for member in members {
                    member.add_into(&mut out, max_doc);
                }
            }
            other => other.add_into(&mut out, max_doc),
        }
        out
    }

    /// Adds the tree's score of each document it matches to `out` (as one number).
    fn add_into(self, out: &mut Dense, max_doc: DocId) {
        match self {
            Tree::Part(mut scorer, _) => {
                // A new scorer stands on its first match.
                let mut doc = scorer.doc();
                while doc != TERMINATED {
                    out.add(doc, scorer.score());
                    doc = scorer.advance();
                }
            }
            Tree::Sum(_) => {
                let sum = self.dense(max_doc);
                visit(&sum.bits, |doc| out.add(doc, sum.scores[doc as usize]));
            }
            Tree::And(required) => {
                // Cheapest first (tantivy's order of adding them too): a member far larger
                // than the matches so far is asked about each of them instead of read whole
                // (a rare word beside common ones).
                let mut both: Vec<u64> = Vec::new();
                let mut members: Vec<Dense> = Vec::with_capacity(required.len());
                for mut member in required {
                    let matched: usize = both.iter().map(|w| w.count_ones() as usize).sum();
                    let dense = if !members.is_empty()
                        && matched.saturating_mul(SEEK_RATHER) < member.cost() as usize
                    {
                        let mut asked = Dense::new(max_doc);
                        visit(&both, |doc| {
                            if let Some(score) = member.score(doc) {
                                asked.add(doc, score);
                            }
                        });
                        asked
                    } else {
                        member.dense(max_doc)
                    };
                    if members.is_empty() {
                        both = dense.bits.clone();
                    } else {
                        both.iter_mut().zip(&dense.bits).for_each(|(a, b)| *a &= b);
                    }
                    members.push(dense);
                }
                visit(&both, |doc| {
                    let at = doc as usize;
                    let mut scores = members.iter().map(|m| m.scores[at]);
                    let left = scores.next().unwrap_or(0.0);
                    // `left + right + others`, as tantivy's intersection; one alone is itself.
                    let score = match scores.next() {
                        Some(right) => left + right + scores.sum::<Score>(),
                        None => left,
                    };
                    out.add(doc, score);
                });
            }
        }
    }

    fn cost(&self) -> u64 {
        match self {
            Tree::Part(scorer, _) => scorer.cost(),
            Tree::Sum(members) => members.iter().map(Tree::cost).sum(),
            Tree::And(required) => required.iter().map(Tree::cost).min().unwrap_or(0),
        }
    }
}

impl Joint {
    /// The joint shape of `query`, when it has it.
    pub fn of(
        query: &dyn Query,
        searcher: &tantivy::Searcher,
        stats: &dyn Bm25StatisticsProvider,
        masks: &Masks,
    ) -> tantivy::Result<Option<Joint>> {
        let scoring = EnableScoring::enabled_from_statistics_provider(stats, searcher);
        let unscored = EnableScoring::disabled_from_searcher(searcher);
        let mut query = query;
        let mut excluded = Excluded::new(masks);
        loop {
            let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
                return Ok(None);
            };
            let clauses = boolean.clauses();
            let count = |occur| clauses.iter().filter(|(o, _)| *o == occur).count();
            let (must, should) = (count(Occur::Must), count(Occur::Should));
            excluded.push_all(boolean, searcher)?;
            if must == 1 && should == 0 {
                // A layer: its one required clause scores alone.
                let Some((_, inner)) = clauses.iter().find(|(o, _)| *o == Occur::Must) else {
                    return Ok(None);
                };
                query = inner.as_ref();
                continue;
            }
            // Optional clauses must only score: a minimum of them to match is another shape.
            // Everything (`*` under filters) is left to tantivy, which scores it apart.
            let everything = clauses
                .iter()
                .any(|(_, clause)| clause.downcast_ref::<AllQuery>().is_some());
            let minimum = should > 0 && boolean.get_minimum_number_should_match() > 0;
            if must == 0 || everything || minimum {
                return Ok(None);
            }
            // The filters every match meets: inside a part, where the builder repeats them to
            // spare a phrase its checks, they need no checking again.
            let filters: Vec<String> = clauses
                .iter()
                .filter(|(o, c)| *o == Occur::Must && constant_score(c.as_ref()) == Some(0.0))
                .map(|(_, c)| format!("{c:?}"))
                .collect();
            let mut required = Vec::with_capacity(must);
            let mut optional = Vec::with_capacity(should);
            let mut bonus = Some(0.0);
            for (occur, clause) in clauses {
                match occur {
                    Occur::Must => {
                        let union = clause
                            .downcast_ref::<BooleanQuery>()
                            .filter(|union| is_term_union(union));
                        let required_clause = match union {
                            Some(union) => {
                                let terms = |scoring| {
                                    union
                                        .clauses()
                                        .iter()
                                        .map(|(_, term)| term.weight(scoring))
                                        .collect::<tantivy::Result<Vec<_>>>()
                                };
                                Required {
                                    positional: vec![false; union.clauses().len()],
                                    words: Vec::new(),
                                    groups: Vec::new(),
                                    matching: terms(unscored)?,
                                    scores: Some(Scores::Terms(terms(scoring)?)),
                                }
                            }
                            None if constant_score(clause.as_ref()) == Some(0.0) => Required {
                                matching: vec![clause.weight(unscored)?],
                                positional: vec![reads_positions(clause.as_ref())],
                                words: Vec::new(),
                                groups: Vec::new(),
                                scores: None,
                            },
                            // A union of anything: its parts read for the bitset, then asked
                            // about each match. A clause of another shape would be read
                            // twice (bitset, scores) where tantivy reads it once.
                            None => {
                                match TreeWeight::of(clause.as_ref(), scoring, 1.0, &filters)? {
                                    Some(tree) => {
                                        let parts: Vec<&dyn Query> = union_parts(clause.as_ref())
                                            .into_iter()
                                            .map(|part| without_filters(part, &filters))
                                            .collect();
                                        Required {
                                            matching: parts
                                                .iter()
                                                .map(|part| part.weight(unscored))
                                                .collect::<tantivy::Result<_>>()?,
                                            positional: parts
                                                .iter()
                                                .map(|part| reads_positions(*part))
                                                .collect(),
                                            words: parts
                                                .iter()
                                                .map(|part| phrase_words(*part, unscored))
                                                .collect::<tantivy::Result<_>>()?,
                                            groups: parts
                                                .iter()
                                                .map(|part| word_groups(*part, unscored, &filters))
                                                .collect::<tantivy::Result<_>>()?,
                                            scores: Some(Scores::Tree(tree)),
                                        }
                                    }
                                    None => return Ok(None),
                                }
                            }
                        };
                        required.push(required_clause);
                    }
                    Occur::Should => {
                        let found = clause.downcast_ref::<Bonus>();
                        bonus = bonus.zip(found).map(|(sum, b)| sum + b.factor);
                        // A bonus over several fields: each field's phrase moved to a match
                        // on its own; through their union, one seek would check the phrase
                        // in every document of a window of thousands.
                        let parts = found
                            .and_then(|b| b.query.downcast_ref::<BooleanQuery>())
                            .filter(|u| {
                                u.clauses().iter().all(|(o, _)| *o == Occur::Should)
                                    && u.get_minimum_number_should_match() <= 1
                            });
                        optional.push(match parts {
                            Some(union) => Optional::Parts(
                                union
                                    .clauses()
                                    .iter()
                                    .map(|(_, part)| part.weight(scoring))
                                    .collect::<tantivy::Result<_>>()?,
                            ),
                            None => Optional::Whole(clause.weight(scoring)?),
                        });
                    }
                    Occur::MustNot => {}
                }
            }
            // A union of anything asked part by part pays off only where another clause
            // leaves it few matches. Alone, it is read whole instead ([`Tree::dense`]) when it
            // holds words that must all be there (a query of several words with their
            // translations), whose intersection of unions tantivy moves by seeking each union,
            // by windows of thousands of documents. Any other union alone (a word and its
            // glossary forms) is left to its own scorer, which merges its parts' postings as
            // fast (`Xiangshan Forum` at 1M: 4.2-4.5 ms, asked part by part 4.6-5.9).
            let tree = required
                .iter()
                .any(|r| matches!(r.scores, Some(Scores::Tree(_))));
            let dense = tree && required.len() < 2;
            if dense && !required.iter().any(Required::has_and) {
                return Ok(None);
            }
            return Ok(Some(Joint {
                dense,
                required,
                optional,
                bonus,
                excluded,
            }));
        }
    }

    /// Whether the one required clause is read whole (see [`Tree::dense`]).
    pub fn is_dense(&self) -> bool {
        self.dense
    }

    /// The documents of `reader` the whole query matches, deleted ones included, one bit each.
    /// The cheapest clause is read whole; a clause far larger than the matches so far is looked
    /// up match by match instead. `None` when even the cheapest clause holds too few
    /// documents for a bitset over the whole segment to pay: tantivy's intersection then
    /// moves from one to the next faster.
    pub(super) fn matches(&self, reader: &SegmentReader) -> tantivy::Result<Option<Vec<u64>>> {
        if self.dense {
            return Ok(self
                .dense(reader)?
                .map(|mut dense| std::mem::take(&mut dense.bits)));
        }
        let words = (reader.max_doc() as usize).div_ceil(64);
        let mut clauses = self
            .required
            .iter()
            .map(|r| {
                r.matching
                    .iter()
                    .zip(&r.positional)
                    .enumerate()
                    .map(|(i, (w, &positional))| {
                        let mut part = match r.groups.get(i).and_then(Option::as_ref) {
                            Some(groups) => Part::all(groups, reader)?,
                            None => Part::new(w.scorer(reader, 1.0)?, positional),
                        };
                        part.words = r.words.get(i).map_or(&[][..], Vec::as_slice);
                        Ok(part)
                    })
                    .collect::<tantivy::Result<Vec<_>>>()
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        // A union that fit in its first window of documents has read them all, and says it
        // costs nothing: what it holds is not known, so it is taken as the whole segment.
        let max_doc = u64::from(reader.max_doc());
        let known = |s: &dyn Scorer| match s.cost() {
            0 if s.doc() != TERMINATED => max_doc,
            cost => cost,
        };
        let cost = |parts: &Vec<Part>| parts.iter().map(|p| p.cost(&known)).sum::<u64>();
        clauses.sort_by_key(cost);
        let fewest = clauses.first().map_or(0, cost);
        if fewest.saturating_mul(SPARSE) < u64::from(reader.max_doc()) {
            return Ok(None);
        }
        let mut clauses = clauses.into_iter();
        let mut bits = vec![0u64; words];
        if let Some(first) = clauses.next() {
            for part in first {
                part.fill(&mut bits);
            }
        }
        let mut other = vec![0u64; words];
        for mut parts in clauses {
            let matched: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
            if matched == 0 {
                break;
            }
            if matched.saturating_mul(SEEK_RATHER) < cost(&parts) as usize {
                let mut out = Vec::new();
                visit(&bits, |doc| {
                    if !parts.iter_mut().any(|p| p.holds(doc)) {
                        out.push(doc);
                    }
                });
                for doc in out {
                    set_bit(&mut bits, doc, false);
                }
            } else {
                // Postings read whole; phrases asked only about the matches so far that no
                // other part holds (read whole, a phrase checks positions in every document
                // that holds its words).
                other.iter_mut().for_each(|w| *w = 0);
                let (mut phrases, read): (Vec<Part>, Vec<Part>) =
                    parts.into_iter().partition(|p| p.positional);
                for part in read {
                    part.fill(&mut other);
                }
                let mut open = vec![0u64; if phrases.is_empty() { 0 } else { words }];
                let mut word = vec![0u64; if phrases.is_empty() { 0 } else { words }];
                for phrase in &mut phrases {
                    open.iter_mut()
                        .zip(bits.iter().zip(&other))
                        .for_each(|(o, (a, b))| *o = a & !b);
                    // Where one of its words is missing, the phrase is not.
                    for weight in phrase.words {
                        word.iter_mut().for_each(|w| *w = 0);
                        set_docs(&mut word, weight.as_ref(), reader, true)?;
                        open.iter_mut().zip(&word).for_each(|(o, w)| *o &= w);
                    }
                    let mut found = Vec::new();
                    visit(&open, |doc| {
                        if phrase.holds(doc) {
                            found.push(doc);
                        }
                    });
                    for doc in found {
                        set_bit(&mut other, doc, true);
                    }
                }
                bits.iter_mut().zip(&other).for_each(|(a, b)| *a &= b);
            }
        }
        self.excluded.clear(&mut bits, reader)?;
        Ok(Some(bits))
    }

    /// Offers the live matches of `reader` that could make the page to `segment`; returns
    /// them, deleted ones included, one bit each (see [`Joint::matches`]), or `None` when the
    /// query is better left to its own scorer in this segment.
    pub(super) fn collect(
        &self,
        reader: &SegmentReader,
        segment: &mut RankedSegment,
    ) -> tantivy::Result<Option<Vec<u64>>> {
        if self.dense {
            let Some(mut dense) = self.dense(reader)? else {
                return Ok(None);
            };
            self.page(reader, &dense.bits, Some(&dense.scores), segment)?;
            return Ok(Some(std::mem::take(&mut dense.bits)));
        }
        let Some(bits) = self.matches(reader)? else {
            return Ok(None);
        };
        self.page(reader, &bits, None, segment)?;
        Ok(Some(bits))
    }

    /// The one required clause read whole, its exclusions taken off (see [`Tree::dense`]).
    fn dense(&self, reader: &SegmentReader) -> tantivy::Result<Option<Dense>> {
        let Some(Scores::Tree(tree)) = self.required.first().and_then(|r| r.scores.as_ref()) else {
            return Ok(None);
        };
        let mut dense = tree.scorer(reader)?.dense(reader.max_doc());
        self.excluded.clear(&mut dense.bits, reader)?;
        Ok(Some(dense))
    }

    /// Scores the live documents set in `bits` (see [`Joint::matches`]) and offers each to
    /// `segment`; `dense`, when given, holds the required clauses' score of each.
    fn page(
        &self,
        reader: &SegmentReader,
        bits: &[u64],
        dense: Option<&[Score]>,
        segment: &mut RankedSegment,
    ) -> tantivy::Result<()> {
        let mut required = match dense {
            Some(_) => Vec::new(),
            None => self
                .required
                .iter()
                .filter_map(|r| r.scores.as_ref())
                .map(|scores| match scores {
                    Scores::Terms(terms) => ClauseScorer::terms(terms, reader),
                    Scores::Tree(tree) => Ok(ClauseScorer::Tree(tree.scorer(reader)?)),
                })
                .collect::<tantivy::Result<Vec<_>>>()?,
        };
        // The order tantivy's intersection adds its clauses in.
        required.sort_by_key(ClauseScorer::cost);
        let mut optional = self
            .optional
            .iter()
            .map(|o| match o {
                Optional::Whole(w) => Ok(ClauseScorer::Whole(w.scorer(reader, 1.0)?)),
                Optional::Parts(parts) => Ok(ClauseScorer::Checked(
                    parts
                        .iter()
                        .map(|p| {
                            let scorer = p.scorer(reader, 1.0)?;
                            // A new scorer stands on its first match.
                            let first = scorer.doc();
                            Ok((scorer, first))
                        })
                        .collect::<tantivy::Result<_>>()?,
                )),
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let alive = reader.alive_bitset();
        visit(bits, |doc| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return;
            }
            let score = match dense {
                Some(scores) => scores[doc as usize],
                None => {
                    // A match of the bitset matches every required clause.
                    let mut scores = required.iter_mut().map(|c| c.score(doc).unwrap_or(0.0));
                    // `left + right + others.sum()`, as tantivy's intersection; one clause
                    // alone is its own score.
                    let first = scores.next().unwrap_or(0.0);
                    match scores.next() {
                        Some(second) => first + second + scores.sum::<Score>(),
                        None => first,
                    }
                }
            };
            if let Some(factor) = self.bonus {
                // Even with the whole bonus, it could not make the page.
                if score * (1.0 + factor) <= segment.floor() {
                    return;
                }
            }
            // Required then optional, as the required-optional scorer combines (from zero:
            // the scores are not negative, so `0 + score` is `score`).
            let mut total = score;
            let mut bonus: Option<Score> = None;
            for clause in &mut optional {
                if let Some(score) = clause.score(doc) {
                    *bonus.get_or_insert(0.0) += score;
                }
            }
            if let Some(bonus) = bonus {
                total += bonus;
            }
            segment.offer(doc, total);
        });
        Ok(())
    }
}

/// One segment's scorer of a clause.
enum ClauseScorer {
    /// A union (of terms, of a bonus's phrases): each part moved to the match, those on it
    /// added in the union's order.
    Terms(Vec<Box<dyn Scorer>>),
    Whole(Box<dyn Scorer>),
    /// A union of phrases, each asked only whether it matches the document at hand
    /// (`seek_danger`: a phrase's `seek` would look on for its next match), with the least
    /// document it can match next.
    Checked(Vec<(Box<dyn Scorer>, DocId)>),
    /// A union of anything, opened (see [`TreeWeight`]).
    Tree(Tree),
}

impl ClauseScorer {
    /// The scorers of a word's `terms` in `reader`.
    fn terms(terms: &[Box<dyn Weight>], reader: &SegmentReader) -> tantivy::Result<ClauseScorer> {
        Ok(ClauseScorer::Terms(
            terms
                .iter()
                .map(|t| t.scorer(reader, 1.0))
                .collect::<tantivy::Result<_>>()?,
        ))
    }

    /// What tantivy sorts an intersection's members by: a union's cost is its members' sum.
    fn cost(&self) -> u64 {
        match self {
            ClauseScorer::Terms(terms) => terms.iter().map(|t| t.cost()).sum(),
            ClauseScorer::Whole(scorer) => scorer.cost(),
            ClauseScorer::Checked(parts) => parts.iter().map(|(p, _)| p.cost()).sum(),
            ClauseScorer::Tree(tree) => tree.cost(),
        }
    }

    /// The clause's score of `doc`; `None` when it does not match.
    fn score(&mut self, doc: DocId) -> Option<Score> {
        match self {
            ClauseScorer::Terms(parts) => {
                let mut score: Option<Score> = None;
                for part in parts {
                    if seek(part.as_mut(), doc) {
                        *score.get_or_insert(0.0) += part.score();
                    }
                }
                score
            }
            ClauseScorer::Whole(scorer) => seek(scorer.as_mut(), doc).then(|| scorer.score()),
            ClauseScorer::Checked(parts) => {
                let mut score: Option<Score> = None;
                for (part, next) in parts {
                    if ask(part.as_mut(), next, doc) {
                        *score.get_or_insert(0.0) += part.score();
                    }
                }
                score
            }
            ClauseScorer::Tree(tree) => tree.score(doc),
        }
    }
}

/// One segment's scorer of a part of a required clause, asked about documents in order.
struct Part<'a> {
    holder: Holder<'a>,
    positional: bool,
    /// For a phrase, its words (see [`Required::words`]).
    words: &'a [Box<dyn Weight>],
}

/// What a [`Part`] asks.
enum Holder<'a> {
    /// Its own scorer, with the least document it can match next.
    One(Box<dyn Scorer>, DocId),
    /// Words that must all be there: each word's parts, any of which holds it.
    All(Vec<Vec<Part<'a>>>),
}

impl<'a> Part<'a> {
    fn new(scorer: Box<dyn Scorer>, positional: bool) -> Self {
        let next = scorer.doc();
        Part {
            holder: Holder::One(scorer, next),
            positional,
            words: &[],
        }
    }

    /// A part of words that must all be there, each word's parts given.
    fn all(groups: &[Vec<Box<dyn Weight>>], reader: &SegmentReader) -> tantivy::Result<Self> {
        let groups = groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|w| Ok(Part::new(w.scorer(reader, 1.0)?, false)))
                    .collect::<tantivy::Result<Vec<_>>>()
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(Part {
            holder: Holder::All(groups),
            positional: false,
            words: &[],
        })
    }

    /// About how many documents it holds: an intersection's, its rarest word's.
    fn cost(&self, known: &dyn Fn(&dyn Scorer) -> u64) -> u64 {
        match &self.holder {
            Holder::One(scorer, _) => known(scorer.as_ref()),
            Holder::All(groups) => groups
                .iter()
                .map(|g| g.iter().map(|p| p.cost(known)).sum::<u64>())
                .min()
                .unwrap_or(0),
        }
    }

    /// Sets in `bits` every document it holds.
    fn fill(self, bits: &mut [u64]) {
        match self.holder {
            Holder::One(scorer, _) => fill(std::iter::once(scorer), bits),
            Holder::All(groups) => {
                let mut all: Option<Vec<u64>> = None;
                for group in groups {
                    let mut any = vec![0u64; bits.len()];
                    for part in group {
                        part.fill(&mut any);
                    }
                    match &mut all {
                        Some(all) => all.iter_mut().zip(&any).for_each(|(a, b)| *a &= b),
                        None => all = Some(any),
                    }
                }
                for (b, a) in bits.iter_mut().zip(all.iter().flatten()) {
                    *b |= a;
                }
            }
        }
    }

    /// Whether it matches `doc`, asked in increasing order (see [`ask`]).
    fn holds(&mut self, doc: DocId) -> bool {
        match &mut self.holder {
            Holder::One(scorer, next) => ask(scorer.as_mut(), next, doc),
            Holder::All(groups) => groups
                .iter_mut()
                .all(|group| group.iter_mut().any(|p| p.holds(doc))),
        }
    }
}

/// The words of `query` when it is words that must all be there (see [`and_parts`]), each
/// as the weights of its parts (a word's terms), which only match; `None` for another shape,
/// or when a word's parts read positions.
fn word_groups(
    query: &dyn Query,
    unscored: EnableScoring<'_>,
    filters: &[String],
) -> tantivy::Result<Option<WordGroups>> {
    let Some(words) = and_parts(query) else {
        return Ok(None);
    };
    let mut groups = Vec::with_capacity(words.len());
    for word in words {
        let word = without_filters(word, filters);
        let members = union_parts(word);
        if members.iter().any(|m| reads_positions(*m)) {
            return Ok(None);
        }
        groups.push(
            members
                .into_iter()
                .map(|m| m.weight(unscored))
                .collect::<tantivy::Result<Vec<_>>>()?,
        );
    }
    Ok(Some(groups))
}

/// The required clauses of `query` when it is two or more of them and nothing else (words
/// that must all be there); `None` for any other shape.
fn and_parts(query: &dyn Query) -> Option<Vec<&dyn Query>> {
    let boolean = query.downcast_ref::<BooleanQuery>()?;
    let clauses = boolean.clauses();
    (clauses.len() >= 2 && clauses.iter().all(|(o, _)| *o == Occur::Must))
        .then(|| clauses.iter().map(|(_, c)| c.as_ref()).collect())
}

/// `query` without the `filters` it is intersected with (each scoring zero, each required of
/// every match already); `query` itself when it is not such an intersection.
fn without_filters<'a>(query: &'a dyn Query, filters: &[String]) -> &'a dyn Query {
    fn is_filter(query: &dyn Query, filters: &[String]) -> bool {
        if constant_score(query) == Some(0.0) {
            return filters.contains(&format!("{query:?}"));
        }
        query.downcast_ref::<BooleanQuery>().is_some_and(|b| {
            !b.clauses().is_empty()
                && b.clauses()
                    .iter()
                    .all(|(o, c)| *o == Occur::Must && is_filter(c.as_ref(), filters))
        })
    }
    let Some(both) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let clauses = both.clauses();
    if clauses.iter().any(|(o, _)| *o != Occur::Must) {
        return query;
    }
    let mut rest = clauses
        .iter()
        .filter(|(_, c)| !is_filter(c.as_ref(), filters));
    match (rest.next(), rest.next()) {
        (Some((_, only)), None) if clauses.len() > 1 => only.as_ref(),
        _ => query,
    }
}

/// The words of `query`, when it is a phrase, as weights that only match.
fn phrase_words(
    query: &dyn Query,
    unscored: EnableScoring<'_>,
) -> tantivy::Result<Vec<Box<dyn Weight>>> {
    let Some(phrase) = query.downcast_ref::<PhraseQuery>() else {
        return Ok(Vec::new());
    };
    phrase
        .phrase_terms()
        .into_iter()
        .map(|term| TermQuery::new(term, IndexRecordOption::Basic).weight(unscored))
        .collect()
}

/// Whether `query` reads positions (a phrase, or anything holding one).
fn reads_positions(query: &dyn Query) -> bool {
    let mut positions = false;
    query.query_terms(&mut |_, needs_positions| positions |= needs_positions);
    positions
}

/// Whether `scorer` matches `doc`, asked in increasing order of documents; `next` is the
/// least document it can match next. Only `doc` is looked at (`seek_danger`): a phrase's
/// `seek` would look on through every document that holds its words, to its next match.
fn ask(scorer: &mut dyn Scorer, next: &mut DocId, doc: DocId) -> bool {
    if doc < *next {
        return false;
    }
    match scorer.seek_danger(doc) {
        SeekDangerResult::Found => {
            *next = doc + 1;
            true
        }
        SeekDangerResult::SeekLowerBound(bound) => {
            *next = bound;
            false
        }
    }
}

/// Sets in `bits` every document of `scorers`.
fn fill(scorers: impl IntoIterator<Item = Box<dyn Scorer>>, bits: &mut [u64]) {
    let mut buffer = [0; COLLECT_BLOCK_BUFFER_LEN];
    for mut scorer in scorers {
        loop {
            let n = scorer.fill_buffer(&mut buffer);
            buffer[..n].iter().for_each(|&doc| set_bit(bits, doc, true));
            if n < buffer.len() {
                break;
            }
        }
    }
}

/// The score of every match of `query`, when it is a constant-score query (a filter).
/// `ConstScoreQuery` shows its score only in its `Debug` form, which is written only for one
/// (writing a large query's form costs more than the rest of planning it).
fn constant_score(query: &dyn Query) -> Option<Score> {
    query.downcast_ref::<ConstScoreQuery>()?;
    let shown = format!("{query:?}");
    let rest = shown.strip_prefix("Const(score=")?;
    rest[..rest.find(',')?].parse().ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tantivy::collector::Count;

    use super::super::facets::FacetCollector;
    use super::super::rank::{Plan, Ranked};
    use crate::document::Kind;
    use crate::search::{Request, Searcher, Sort};
    use crate::testing::{dated, doc};

    /// 300 documents of uneven length and word counts over four segments, some deleted, some
    /// answers, some headlines: scores differ from match to match.
    fn index() -> (tempfile::TempDir, crate::index::Index) {
        const WORDS: &[&str] = &[
            "patrol",
            "drill",
            "escort",
            "weather",
            "navy",
            "exercise",
            "sea",
            "report",
            "海军",
            "演习",
            "military exercise",
            "PLA Navy",
        ];
        let mut state = 7u64;
        let mut next = move |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let mut docs = Vec::new();
        for i in 0..300usize {
            let len = 2 + next(30) as usize;
            let mut body: Vec<&str> = (0..len)
                .map(|_| WORDS[next(WORDS.len() as u64) as usize])
                .collect();
            if i < 60 && i % 3 == 0 {
                // A word of the first segment only: the others leave it to tantivy's scorer.
                body.push("frigate");
            }
            if i % 40 == 7 {
                // A rare word with glossary forms: beside a common one, the common one's
                // forms are asked about its few matches.
                body.push("仁爱礁");
            }
            if i % 40 == 1 {
                // A rare word, half the time alone: the other words are looked up at its
                // few matches.
                body.push("sortie");
                if i % 80 == 1 {
                    body = vec!["sortie", "sea"];
                }
            }
            let title = if next(3) == 0 {
                "Patrol drill"
            } else {
                "Report"
            };
            let mut d = dated(
                doc(&format!("d{i}"), title, &body.join(" ")),
                &format!("{}-0{}-1{}", 2008 + next(15), 1 + next(9), next(10)),
            );
            d.speakers = vec![["Jiang Bin", "Wu Qian"][i % 2].to_string()];
            if i % 13 == 0 {
                d.kind = Kind::Headline;
            }
            if i % 10 == 3 {
                d.kind = Kind::Answer;
                d.parent = Some("d0".into());
            }
            docs.push(d);
        }
        crate::testing::index_in_segments(&docs, 75, 17)
    }

    fn bits(page: &[(String, f32)]) -> Vec<(&str, u32)> {
        page.iter()
            .map(|(id, s)| (id.as_str(), s.to_bits()))
            .collect()
    }

    fn requests() -> Vec<Request> {
        let mut out = Vec::new();
        for query in [
            "patrol drill",
            "patrol drill escort",
            "patrol -weather",
            "drill sea -navy",
            "sortie patrol",
            "frigate patrol",
            "patrol",
        ] {
            let mut request = Request::new(query);
            request.exact = true;
            out.push(request.clone());
            request.filters.years = Some((2012, 2018));
            out.push(request.clone());
            request.filters.speakers = vec!["Wu Qian".into()];
            out.push(request);
        }
        // Words with glossary forms under filters: a union of alternatives beside a filter.
        for query in [
            "海军",
            "演习",
            "PLA Navy",
            "military exercise",
            "海军 patrol",
        ] {
            let mut request = Request::new(query);
            request.filters.years = Some((2012, 2018));
            out.push(request.clone());
            request.filters.speakers = vec!["Wu Qian".into()];
            out.push(request);
        }
        // Two words with glossary forms: each as typed or in another form.
        for query in ["海军 演习", "PLA Navy 演习", "仁爱礁 演习"] {
            let mut request = Request::new(query);
            out.push(request.clone());
            request.filters.years = Some((2012, 2018));
            out.push(request);
        }
        out
    }

    #[test]
    fn several_required_clauses_take_the_joint_plan() {
        let (_dir, index) = index();
        let searcher = Searcher::new(index).unwrap();
        let tantivy = searcher.reader.searcher();
        for request in requests() {
            let counted = searcher.counted_query(&tantivy, &request).unwrap();
            let plan = Plan::of(&*counted, &tantivy, &tantivy, &Default::default()).unwrap();
            let joint = matches!(plan, Some(Plan::Joint(_)));
            // One word, or one word less another: the lead's shape.
            let one_word = request.query.starts_with("patrol")
                && !request.query.contains("drill")
                && request.filters.years.is_none();
            assert_eq!(joint, !one_word, "{}", request.query);
            // Two words with translations are an intersection of unions (each word or its
            // other forms), asked clause by clause: no union stands alone to read whole.
            let dense = matches!(&plan, Some(Plan::Joint(joint)) if joint.is_dense());
            assert!(!dense, "{}", request.query);
        }
    }

    #[test]
    fn the_joint_page_total_and_facets_are_the_whole_querys_to_the_bit() {
        let (_dir, index) = index();
        let mut searcher = Searcher::new(index).unwrap();
        searcher.keep_counts(false);
        let tantivy = searcher.reader.searcher();
        assert!(tantivy.segment_readers().len() >= 4);
        let name = |f| searcher.index.fields.name(&searcher.index.schema, f);
        for request in requests() {
            let counted = searcher.counted_query(&tantivy, &request).unwrap();
            // The plain path: the whole query's own scorer, every match counted.
            let ranked = Ranked {
                keep: 300,
                kind_field: name(searcher.index.fields.kind),
                date_field: name(searcher.index.fields.date),
                facets: None,
                count: true,
                plan: None,
            };
            let (year, keywords) = searcher.facet_columns();
            let plain = FacetCollector::new(year, keywords, HashMap::new());
            let ((hits, total, _), (count, mut facets)) = tantivy
                .search(&*counted, &(ranked, (Count, plain)))
                .unwrap();
            assert_eq!(total, count);
            facets.add_unknown(total as u64);
            let what = format!("{} {:?}", request.query, request.filters.years);
            assert!(total > 0, "{what}");
            let expected: Vec<(String, f32)> = hits
                .iter()
                .map(|(score, address)| {
                    let id = searcher.load(&tantivy, *address).unwrap().id;
                    (id, *score)
                })
                .collect();
            // One word (with its glossary forms) under filters is one scored clause.
            let one_scored = !request.exact && !request.query.contains(" patrol");
            let two_clauses = one_scored
                || request.filters.years.is_none()
                    && request
                        .query
                        .split(' ')
                        .filter(|w| !w.starts_with('-'))
                        .count()
                        == 2;
            for (offset, limit) in [(0, 10), (3, 7), (0, 300)] {
                for with_facets in [true, false] {
                    let mut request = request.clone();
                    request.offset = offset;
                    request.limit = limit;
                    request.facets = with_facets;
                    let results = searcher.search(&request).unwrap();
                    if !request.exact {
                        assert!(!results.also_searched.is_empty(), "{what}: expanded");
                    }
                    let got: Vec<(String, f32)> = results
                        .hits
                        .iter()
                        .map(|h| (h.doc.id.clone(), h.score.unwrap()))
                        .collect();
                    let want: Vec<_> = expected.iter().skip(offset).take(limit).cloned().collect();
                    if two_clauses {
                        assert_eq!(bits(&got), bits(&want), "{what} {offset}+{limit}");
                    } else {
                        // Three clauses are added in tantivy's order of cost, which shifts
                        // as a union drops the postings it has finished: the last bit may
                        // differ, and the order of hits that tie to it.
                        assert_eq!(got.len(), want.len(), "{what}");
                        for (i, ((id, score), (want_id, want_score))) in
                            got.iter().zip(&want).enumerate()
                        {
                            let close = |a: f32, b: f32| (a - b).abs() <= b.abs() * 1e-6;
                            assert!(close(*score, *want_score), "{what} #{i}");
                            let tied =
                                |j: usize| want.get(j).is_some_and(|w| close(w.1, *want_score));
                            assert!(
                                id == want_id || tied(i + 1) || (i > 0 && tied(i - 1)),
                                "{what} #{i}: {id} against {want_id}"
                            );
                        }
                    }
                    assert_eq!(results.total, total, "{what}");
                    if with_facets {
                        assert_eq!(results.facets, facets, "{what}");
                    }
                }
            }
            // Sorted by date: the same matches, the same counts.
            let mut by_date = request.clone();
            by_date.sort = Sort::DateDesc;
            by_date.limit = 300;
            let results = searcher.search(&by_date).unwrap();
            assert_eq!(results.total, total, "{what}");
            assert_eq!(results.hits.len(), total, "{what}");
            let mut got: Vec<String> = results.hits.into_iter().map(|h| h.doc.id).collect();
            let mut want: Vec<String> = expected.into_iter().map(|(id, _)| id).collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{what}");
        }
        // The answers left out were read once per segment, then taken from their masks.
        assert!(searcher.aids.masks.len() >= tantivy.segment_readers().len());
    }
}
