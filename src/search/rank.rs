//! Relevance as milpress ranks it: BM25 over the query (title matches boosted, see
//! [`super::build`]), then two adjustments read from fast fields: a related headline counts less
//! than a release that matches as well (a one-line headline otherwise wins on length alone), and
//! among near-equal scores the newer document comes first.
//!
//! [`Ranked`] is the collector a relevance search runs: the top hits, the total and the facets in
//! one pass, the adjustments read only for a match that could still make the page.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, EnableScoring, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::Field;
use tantivy::{
    DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, Term, TERMINATED,
};

use super::build::Weighted;
use super::dates::DateOrder;
use super::facets::{FacetCollector, Facets, SegmentCounts, SegmentFacets, BLOCK};
use super::joint::Joint;
use super::kept::{KeptCounts, Shape};

/// A headline's score against a release's. A one-line record matches in its title, which
/// counts three times, over a length that makes every word weigh: at 0.4, a headline list's
/// line still outranked the reports it announces. 0.2 measured better on both the judged set
/// (`cargo eval ranking`: all 0.864 → 0.869, held-out 0.817 → 0.825) and an unseen collection
/// judged apart (nDCG@10 0.916 → 0.917, P@5 unchanged); lower still gained on the first and lost
/// P@5 on the second.
pub const HEADLINE_WEIGHT: Score = 0.2;
/// The most a date can add: a document ten years newer than another scores this much more.
const RECENCY_PER_DECADE: Score = 0.02;
/// The most the recency adjustment counts, in decades after [`EPOCH_DAYS`].
const MAX_DECADES: Score = 5.0;
/// The most the adjustments can raise a BM25 score. A match whose BM25 score times this cannot
/// beat the tenth hit so far is not looked at further, which lets tantivy skip whole blocks of
/// postings (block-max WAND) when no facets are counted.
const MAX_BOOST: Score = 1.0 + RECENCY_PER_DECADE * MAX_DECADES;
/// 2000-01-01, in days since 1970: recency is measured from here.
const EPOCH_DAYS: i64 = 10_957;

/// The adjustments of one segment, read from its fast fields.
pub struct Tweak {
    kinds: Option<StrColumn>,
    /// The term ordinal of `headline` in the segment's kind column.
    headline: Option<u64>,
    dates: Option<Column<DateTime>>,
}

impl Tweak {
    pub fn new(segment: &SegmentReader, kind_field: &str, date_field: &str) -> Tweak {
        let fast = segment.fast_fields();
        let kinds = fast.str(kind_field).ok().flatten();
        let headline = kinds.as_ref().and_then(|column| {
            let mut text = String::new();
            (0..column.num_terms() as u64).find(|&ord| {
                column.ord_to_str(ord, &mut text).unwrap_or(false) && text == "headline"
            })
        });
        let dates = fast.date(date_field).ok();
        Tweak {
            kinds,
            headline,
            dates,
        }
    }

    /// The score of `doc` as milpress ranks it, from its BM25 score.
    #[inline]
    pub fn apply(&self, doc: DocId, score: Score) -> Score {
        let mut score = score;
        if let (Some(kinds), Some(headline)) = (&self.kinds, self.headline) {
            if kinds.term_ords(doc).next() == Some(headline) {
                score *= HEADLINE_WEIGHT;
            }
        }
        if let Some(date) = self.dates.as_ref().and_then(|c| c.first(doc)) {
            let days = date.into_timestamp_secs() / 86_400 - EPOCH_DAYS;
            let decades = (days as Score / 3652.5).clamp(0.0, MAX_DECADES);
            score *= 1.0 + RECENCY_PER_DECADE * decades;
        }
        score
    }
}

/// The best hits by milpress's relevance, the number of matches and (when asked) their facets,
/// in one pass over the matches. Without facets the pass is pruned (block-max WAND) and the total
/// comes from the query's own count, which for one term is its document frequency.
pub struct Ranked {
    /// Hits kept: the page's limit plus its offset.
    pub keep: usize,
    pub kind_field: String,
    pub date_field: String,
    pub facets: Option<FacetCollector>,
    /// Whether to count the matches without facets (a second pass over them when the query is
    /// not one term); off when the total is known already, and then reported as 0.
    pub count: bool,
    /// The query taken apart, when it has a shape that allows it (see [`Plan`]): the page is
    /// found where the whole query's scorer would be slower, and the matches are counted
    /// apart, from a bitset.
    pub plan: Option<Plan>,
}

/// A hit kept: ordered by score, then the lower doc id first (as tantivy's `TopDocs`).
#[derive(Clone, Copy)]
struct Kept {
    score: Score,
    doc: DocId,
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.doc.cmp(&self.doc))
    }
}
impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Kept {}

/// One segment's side of [`Ranked`].
pub struct RankedSegment {
    ordinal: SegmentOrdinal,
    keep: usize,
    tweak: Tweak,
    /// The worst kept hit on top.
    heap: BinaryHeap<Reverse<Kept>>,
    total: usize,
    facets: Option<SegmentFacets>,
}

impl RankedSegment {
    /// Keeps `doc` when it ranks among the best so far; returns the BM25 score a later match
    /// must exceed to have a chance.
    #[inline]
    pub(super) fn offer(&mut self, doc: DocId, score: Score) -> Score {
        let full = self.heap.len() >= self.keep;
        if let (true, Some(Reverse(worst))) = (full, self.heap.peek()) {
            // The adjustments never raise a score more than MAX_BOOST: no need to read them.
            if score * MAX_BOOST <= worst.score {
                return self.floor();
            }
        }
        let kept = Kept {
            score: self.tweak.apply(doc, score),
            doc,
        };
        if !full {
            self.heap.push(Reverse(kept));
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if kept > worst.0 {
                *worst = Reverse(kept);
            }
        }
        self.floor()
    }

    /// The BM25 score at or under which a match cannot enter the kept hits.
    pub(super) fn floor(&self) -> Score {
        match self.heap.peek() {
            // A hair under the exact quotient, so that rounding never prunes a hit that ties.
            Some(Reverse(worst)) if self.heap.len() >= self.keep => {
                worst.score / MAX_BOOST * 0.999_99
            }
            _ => Score::MIN,
        }
    }
}

/// What a segment found: its kept hits, its number of matches, its facet counts.
pub struct RankedFruit {
    hits: Vec<(Score, DocAddress)>,
    total: usize,
    facets: Option<SegmentCounts>,
}

impl SegmentCollector for RankedSegment {
    type Fruit = RankedFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        if let Some(facets) = &mut self.facets {
            facets.collect(doc, score);
        }
        self.offer(doc, score);
    }

    fn harvest(self) -> RankedFruit {
        let ordinal = self.ordinal;
        RankedFruit {
            hits: self
                .heap
                .into_iter()
                .map(|Reverse(k)| (k.score, DocAddress::new(ordinal, k.doc)))
                .collect(),
            total: self.total,
            facets: self.facets.map(SegmentCollector::harvest),
        }
    }
}

impl Collector for Ranked {
    /// The best hits first (all `keep` of them), the total, the facets when asked.
    type Fruit = (Vec<(Score, DocAddress)>, usize, Option<Facets>);
    type Child = RankedSegment;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<RankedSegment> {
        let facets = match &self.facets {
            Some(f) => Some(f.for_segment(ordinal, segment)?),
            None => None,
        };
        Ok(RankedSegment {
            ordinal,
            keep: self.keep.max(1),
            tweak: Tweak::new(segment, &self.kind_field, &self.date_field),
            heap: BinaryHeap::with_capacity(self.keep.max(1) + 1),
            total: 0,
            facets,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<RankedFruit> {
        let mut segment = self.for_segment(ordinal, reader)?;
        if let Some(plan) = &self.plan {
            // The page from the plan's own pass; the total and facets from the matches as a
            // bitset, which needs no score and no union scorer merging postings.
            let mut facets = segment.facets.take();
            let count = self.count || facets.is_some();
            let total = plan.collect(reader, &mut segment, facets.as_mut(), count)?;
            segment.facets = facets;
            if let Some(total) = total {
                segment.total = total;
                return Ok(segment.harvest());
            }
        }
        let alive = reader.alive_bitset();
        if segment.facets.is_some() || self.count {
            // Every match is visited anyway, to be counted: in the same pass as the page (a
            // pruned pass then a count read the matches twice, and the whole query, under
            // its exclusions, is no union of terms that tantivy could prune).
            weight.for_each(reader, &mut |doc, score| {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    segment.collect(doc, score);
                }
            })?;
        } else {
            weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    return segment.floor();
                }
                segment.offer(doc, score)
            })?;
        }
        Ok(segment.harvest())
    }

    fn merge_fruits(&self, segments: Vec<RankedFruit>) -> tantivy::Result<Self::Fruit> {
        let mut hits = Vec::new();
        let mut total = 0;
        let mut counts = Vec::new();
        for segment in segments {
            hits.extend(segment.hits);
            total += segment.total;
            counts.extend(segment.facets);
        }
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        hits.truncate(self.keep);
        let facets = match &self.facets {
            Some(f) => Some(f.merge_fruits(counts)?),
            None => None,
        };
        Ok((hits, total, facets))
    }
}

/// A query's matches in date order, when it has a [`Plan`]: the page from tantivy's own date
/// collector (`page`), fed each segment's matches from the plan's bitset in doc order, as the
/// query's scorer would feed them; the total and facets from the same bitset. A date sort
/// otherwise merges the unions' postings for every match.
pub struct Dated<C> {
    pub page: C,
    pub plan: Plan,
    pub facets: Option<FacetCollector>,
    /// Segments' documents in date order, where the searcher keeps them: the page is then
    /// offered only the matches that could make it (see [`DateOrder::offer`]).
    pub orders: HashMap<SegmentId, Arc<DateOrder>>,
    /// How many hits the page keeps (its offset and limit), and whether newest first.
    pub keep: usize,
    pub newest: bool,
}

/// One segment of a [`Dated`] search: the page's segment collector and the counts.
pub struct DatedSegment<S> {
    page: S,
    total: usize,
    facets: Option<SegmentFacets>,
}

impl<S: SegmentCollector> SegmentCollector for DatedSegment<S> {
    type Fruit = (S::Fruit, usize, Option<SegmentCounts>);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        if let Some(facets) = &mut self.facets {
            facets.collect(doc, score);
        }
        self.page.collect(doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        (
            self.page.harvest(),
            self.total,
            self.facets.map(SegmentCollector::harvest),
        )
    }
}

impl<C: Collector> Collector for Dated<C> {
    /// The page as `page` gives it, the total, the facets when asked.
    type Fruit = (C::Fruit, usize, Option<Facets>);
    type Child = DatedSegment<C::Child>;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(DatedSegment {
            page: self.page.for_segment(ordinal, segment)?,
            total: 0,
            facets: match &self.facets {
                Some(f) => Some(f.for_segment(ordinal, segment)?),
                None => None,
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<<Self::Child as SegmentCollector>::Fruit> {
        let mut segment = self.for_segment(ordinal, reader)?;
        let alive = reader.alive_bitset();
        let Some(bits) = self.plan.matches(reader)? else {
            // Through the query's own scorer, as a plain search would.
            weight.for_each_no_score(reader, &mut |docs| {
                for &doc in docs {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        segment.collect(doc, 0.0);
                    }
                }
            })?;
            return Ok(segment.harvest());
        };
        match self.orders.get(&reader.segment_id()) {
            Some(order) => {
                let holds = |doc: DocId| {
                    bits.get(doc as usize / 64)
                        .is_some_and(|w| w & (1 << (doc % 64)) != 0)
                        && alive.is_none_or(|a| a.is_alive(doc))
                };
                order.offer(self.keep, self.newest, holds, |doc| {
                    segment.page.collect(doc, 0.0);
                });
            }
            None => visit(&bits, |doc| {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    segment.page.collect(doc, 0.0);
                }
            }),
        }
        let kept = match &self.plan {
            Plan::Lead(lead) => lead.kept(reader, segment.facets.as_mut())?,
            Plan::Joint(_) | Plan::Union(_) => None,
        };
        segment.total = match kept {
            Some(total) => total,
            None => count_bits(reader, bits, segment.facets.as_mut()),
        };
        Ok(segment.harvest())
    }

    fn merge_fruits(
        &self,
        segments: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut pages = Vec::with_capacity(segments.len());
        let mut total = 0;
        let mut counts = Vec::new();
        for (page, n, facets) in segments {
            pages.push(page);
            total += n;
            counts.extend(facets);
        }
        let facets = match &self.facets {
            Some(f) => Some(f.merge_fruits(counts)?),
            None => None,
        };
        Ok((self.page.merge_fruits(pages)?, total, facets))
    }
}

/// A query taken apart, for a faster page and counts from a bitset: one word ([`Lead`]), or
/// several required clauses ([`Joint`]); for a date sort, also any union ([`Union`]).
pub enum Plan {
    Lead(Lead),
    Joint(Joint),
    Union(Union),
}

impl Plan {
    /// The plan of `query`, when it has one of the shapes.
    pub fn of(
        query: &dyn Query,
        searcher: &tantivy::Searcher,
        stats: &dyn Bm25StatisticsProvider,
        aids: &Aids,
    ) -> tantivy::Result<Option<Plan>> {
        if let Some(lead) = Lead::of(query, searcher, stats, aids)? {
            return Ok(Some(Plan::Lead(lead)));
        }
        Ok(Joint::of(query, searcher, stats, &aids.masks)?.map(Plan::Joint))
    }

    /// The plan of `query` for a date sort, which needs its matches but no scores: as
    /// [`Plan::of`], or the union of its alternatives.
    pub fn for_dates(
        query: &dyn Query,
        searcher: &tantivy::Searcher,
        stats: &dyn Bm25StatisticsProvider,
        aids: &Aids,
    ) -> tantivy::Result<Option<Plan>> {
        match Plan::of(query, searcher, stats, aids)? {
            // Its scores are the dense plan's point: a date sort needs only the matches.
            Some(Plan::Joint(joint)) if joint.is_dense() => {}
            Some(plan) => return Ok(Some(plan)),
            None => {}
        }
        Ok(Union::of(query, searcher, &aids.masks)?.map(Plan::Union))
    }

    /// The documents of `reader` the whole query matches, deleted ones included, one bit each;
    /// `None` when the query is better left to its own scorer in this segment (see
    /// [`Joint::matches`]).
    fn matches(&self, reader: &SegmentReader) -> tantivy::Result<Option<Vec<u64>>> {
        match self {
            Plan::Lead(lead) => lead.matches(reader).map(Some),
            Plan::Joint(joint) => joint.matches(reader),
            Plan::Union(union) => union.matches(reader).map(Some),
        }
    }

    /// Offers the matches that could make the page to `segment`; when `count`, counts the
    /// matches (into `facets` when given) and returns their number, else 0. `None` when the
    /// plan declines this segment (nothing offered, nothing counted).
    fn collect(
        &self,
        reader: &SegmentReader,
        segment: &mut RankedSegment,
        facets: Option<&mut SegmentFacets>,
        count: bool,
    ) -> tantivy::Result<Option<usize>> {
        match self {
            Plan::Lead(lead) => {
                lead.prune(reader, segment)?;
                if count {
                    let mut facets = facets;
                    if let Some(total) = lead.kept(reader, facets.as_deref_mut())? {
                        return Ok(Some(total));
                    }
                    return Ok(Some(count_bits(reader, lead.matches(reader)?, facets)));
                }
            }
            Plan::Joint(joint) => {
                let Some(bits) = joint.collect(reader, segment)? else {
                    return Ok(None);
                };
                if count {
                    return Ok(Some(count_bits(reader, bits, facets)));
                }
            }
            // Its page needs scores, which only the whole query's scorer adds up.
            Plan::Union(_) => return Ok(None),
        }
        Ok(Some(0))
    }
}

/// A query that is a union of terms (each maybe boosted) under layers of one required clause
/// and exclusions, such as a word over the text fields less the answers of briefings, taken
/// apart. tantivy prunes (block-max WAND) only a boolean query that is a plain union of terms;
/// the layers around it (nested booleans, `-word`, the answers left out) make it visit and
/// score every match. The union alone is pruned instead; each match it proposes is checked
/// against the exclusions and scored term by term in the union's order, which is how the
/// whole query's scorer adds them up, so that scores are the same to the bit. (The pruned
/// union adds them in another order: its own sums are only compared with a floor whose margin
/// absorbs the difference.)
pub struct Lead {
    union: Box<dyn Weight>,
    terms: Vec<Box<dyn Weight>>,
    /// The terms again, without scores: which documents they match (postings without
    /// frequencies), for counting.
    matching: Vec<Box<dyn Weight>>,
    excluded: Excluded,
    /// The one word the union looks up in several fields (its value bytes) and the shape of
    /// the query, when counts may have been kept for it (see [`super::kept`]).
    word: Option<(Vec<u8>, Shape)>,
    counts: KeptCounts,
    /// The postings of the union's terms over every segment: what counting its matches reads.
    postings: u64,
}

/// A one-word query ([`Lead`]) that reads no more postings than this, in an index of no more
/// than [`ALONE_UP_TO_SEGMENTS`] segments, is searched on one thread: under a millisecond of
/// work split over the segments costs more in waking and joining threads than it saves. At 1M
/// documents in 2 segments, `navy` took 0.48 ms alone and 0.78 ms in parallel; `the`, 287k
/// postings, 2.7 ms alone and 1.6 ms in parallel. In 7 segments (a fresh index) the English
/// terms took 0.64 ms alone and 0.54 ms in parallel: each segment has its own set-up.
const ALONE_UP_TO_POSTINGS: u64 = 150_000;
/// See [`ALONE_UP_TO_POSTINGS`]: what `milpress optimize` leaves on two cores.
const ALONE_UP_TO_SEGMENTS: usize = 2;

impl Lead {
    /// The lead of `query`, when it has that shape (and is not a plain union already, which
    /// tantivy prunes itself).
    pub fn of(
        query: &dyn Query,
        searcher: &tantivy::Searcher,
        stats: &dyn Bm25StatisticsProvider,
        aids: &Aids,
    ) -> tantivy::Result<Option<Lead>> {
        let scoring = EnableScoring::enabled_from_statistics_provider(stats, searcher);
        let mut query = query;
        let mut excluded = Excluded::new(&aids.masks);
        let mut peeled = false;
        loop {
            let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
                return Ok(None);
            };
            if is_term_union(boolean) {
                if !peeled {
                    return Ok(None);
                }
                let weights = |scoring| {
                    boolean
                        .clauses()
                        .iter()
                        .map(|(_, term)| term.weight(scoring))
                        .collect::<tantivy::Result<Vec<_>>>()
                };
                let word = excluded.shape_for(boolean);
                let mut terms = Vec::new();
                boolean.query_terms(&mut |term, _| terms.push(term.clone()));
                let mut postings = 0;
                for term in &terms {
                    postings += stats.doc_freq(term)?;
                }
                return Ok(Some(Lead {
                    union: boolean.weight(scoring)?,
                    terms: weights(scoring)?,
                    matching: weights(EnableScoring::disabled_from_searcher(searcher))?,
                    excluded,
                    word,
                    counts: aids.counts.clone(),
                    postings,
                }));
            }
            let clauses = boolean.clauses();
            let mut required = clauses.iter().filter(|(occur, _)| *occur == Occur::Must);
            let (Some((_, inner)), None) = (required.next(), required.next()) else {
                return Ok(None);
            };
            if clauses.iter().any(|(occur, _)| *occur == Occur::Should) {
                return Ok(None);
            }
            // Which documents are excluded, not how they score.
            excluded.push_all(boolean, searcher)?;
            query = inner.as_ref();
            peeled = true;
        }
    }

    /// Whether the query is cheap enough to search on one thread in `searcher` (see
    /// [`ALONE_UP_TO_POSTINGS`]).
    pub fn is_light(&self, searcher: &tantivy::Searcher) -> bool {
        self.postings <= ALONE_UP_TO_POSTINGS
            && searcher.segment_readers().len() <= ALONE_UP_TO_SEGMENTS
    }

    /// Offers the union's matches in `reader` to `segment`, pruned (block-max WAND): only a
    /// match that could still make the page is checked against the exclusions and scored.
    fn prune(&self, reader: &SegmentReader, segment: &mut RankedSegment) -> tantivy::Result<()> {
        let alive = reader.alive_bitset();
        let mut exact = self.for_segment(reader)?;
        self.union
            .for_each_pruning(Score::MIN, reader, &mut |doc, _| {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    return segment.floor();
                }
                match exact.score(doc) {
                    Some(score) => segment.offer(doc, score),
                    None => segment.floor(),
                }
            })
    }

    /// The documents of `reader` the whole query matches, deleted ones included, one bit each:
    /// each term's documents set (every posting read once, without frequencies or scores), the
    /// excluded ones cleared.
    fn matches(&self, reader: &SegmentReader) -> tantivy::Result<Vec<u64>> {
        let mut bits = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
        for weight in &self.matching {
            set_docs(&mut bits, weight.as_ref(), reader, true)?;
        }
        self.excluded.clear(&mut bits, reader)?;
        Ok(bits)
    }

    /// Counts the matches in `reader` from the counts kept for the word (into `facets` when
    /// given) and returns their number; `None` when none were kept for it. The kept counts are
    /// of every document; the deleted ones that match are taken off.
    fn kept(
        &self,
        reader: &SegmentReader,
        facets: Option<&mut SegmentFacets>,
    ) -> tantivy::Result<Option<usize>> {
        let Some((word, shape)) = &self.word else {
            return Ok(None);
        };
        let Some(kept) = self.counts.word(reader, shape, word) else {
            return Ok(None);
        };
        let mut gone = Vec::new();
        if reader.num_deleted_docs() > 0 {
            let mut matching = scorers(&self.matching, reader)?;
            let mut excluded = scorers(&self.excluded.weights, reader)?;
            for &doc in self.counts.deleted(reader).iter() {
                if matching.iter_mut().any(|s| seek(s.as_mut(), doc))
                    && !excluded.iter_mut().any(|s| seek(s.as_mut(), doc))
                {
                    gone.push(doc);
                }
            }
        }
        if let Some(facets) = facets {
            for block in gone.chunks(BLOCK) {
                facets.count_block(block);
            }
            facets.subtract_from_kept(&kept.columns);
        }
        Ok(Some((kept.matches as usize).saturating_sub(gone.len())))
    }

    fn for_segment(&self, reader: &SegmentReader) -> tantivy::Result<LeadSegment> {
        Ok(LeadSegment {
            terms: scorers(&self.terms, reader)?,
            excluded: scorers(&self.excluded.weights, reader)?,
        })
    }
}

/// The scorers of `weights` in `reader`.
fn scorers(
    weights: &[Box<dyn Weight>],
    reader: &SegmentReader,
) -> tantivy::Result<Vec<Box<dyn Scorer>>> {
    weights.iter().map(|w| w.scorer(reader, 1.0)).collect()
}

/// A query whose matches are those of any of its alternatives (a word and its glossary forms),
/// under layers of one required clause and exclusions, taken apart for its matches only: each
/// alternative's documents set in a bitset, nested unions opened down to their terms and
/// phrases, instead of merging every alternative's postings in doc order.
pub struct Union {
    alternatives: Vec<Box<dyn Weight>>,
    excluded: Excluded,
}

impl Union {
    /// The union of `query`, when it has that shape.
    pub fn of(
        query: &dyn Query,
        searcher: &tantivy::Searcher,
        masks: &Masks,
    ) -> tantivy::Result<Option<Union>> {
        let mut query = query;
        let mut excluded = Excluded::new(masks);
        loop {
            let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
                return Ok(None);
            };
            if is_union(boolean) {
                let scoring = EnableScoring::disabled_from_searcher(searcher);
                let alternatives = union_parts(boolean)
                    .into_iter()
                    .map(|leaf| leaf.weight(scoring))
                    .collect::<tantivy::Result<_>>()?;
                return Ok(Some(Union {
                    alternatives,
                    excluded,
                }));
            }
            // Optional clauses beside a required one only score (the phrase bonus).
            let Some(inner) = required_one(boolean) else {
                return Ok(None);
            };
            excluded.push_all(boolean, searcher)?;
            query = inner;
        }
    }

    /// The documents of `reader` the whole query matches, deleted ones included.
    fn matches(&self, reader: &SegmentReader) -> tantivy::Result<Vec<u64>> {
        let mut bits = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
        for weight in &self.alternatives {
            set_docs(&mut bits, weight.as_ref(), reader, true)?;
        }
        self.excluded.clear(&mut bits, reader)?;
        Ok(bits)
    }
}

/// The parts of `query` that match on their own, when it is a union (through weights and
/// layers whose one required clause alone decides): a document matches the query when it
/// matches one of them. Anything else is its own one part.
pub(super) fn union_parts(query: &dyn Query) -> Vec<&dyn Query> {
    let mut parts = Vec::new();
    let mut query = query;
    while let Some(weighted) = query.downcast_ref::<Weighted>() {
        query = weighted.query.as_ref();
    }
    match query.downcast_ref::<BooleanQuery>() {
        Some(union) if is_union(union) => open_union(union, &mut parts),
        _ => parts.push(query),
    }
    parts
}

/// Whether `query` matches what any of its clauses matches: only optional clauses, one
/// needed.
pub(super) fn is_union(query: &BooleanQuery) -> bool {
    let clauses = query.clauses();
    !clauses.is_empty()
        && query.get_minimum_number_should_match() <= 1
        && clauses.iter().all(|(occur, _)| *occur == Occur::Should)
}

/// The one required clause of `query`, when it decides the matches alone: optional clauses
/// beside it only add to scores (none of them is needed), exclusions aside.
fn required_one(query: &BooleanQuery) -> Option<&dyn Query> {
    let clauses = query.clauses();
    let mut required = clauses.iter().filter(|(occur, _)| *occur == Occur::Must);
    match (required.next(), required.next()) {
        (Some((_, inner)), None) if query.get_minimum_number_should_match() == 0 => {
            Some(inner.as_ref())
        }
        _ => None,
    }
}

/// The parts of `union` that match on their own, nested unions opened (through weights, and
/// through layers whose one required clause alone decides).
fn open_union<'a>(union: &'a BooleanQuery, leaves: &mut Vec<&'a dyn Query>) {
    for (_, clause) in union.clauses() {
        let mut clause: &dyn Query = clause.as_ref();
        loop {
            if let Some(weighted) = clause.downcast_ref::<Weighted>() {
                clause = weighted.query.as_ref();
                continue;
            }
            let Some(boolean) = clause.downcast_ref::<BooleanQuery>() else {
                break;
            };
            if is_union(boolean) {
                break;
            }
            let excludes = boolean.clauses().iter().any(|(o, _)| *o == Occur::MustNot);
            match required_one(boolean) {
                Some(inner) if !excludes => clause = inner,
                _ => break,
            }
        }
        match clause.downcast_ref::<BooleanQuery>() {
            Some(inner) if is_union(inner) => open_union(inner, leaves),
            _ => leaves.push(clause),
        }
    }
}

/// Counts the live documents set in `bits` (a segment's matches, see [`Lead::matches`]), into
/// `facets` when given, and returns their number.
fn count_bits(
    reader: &SegmentReader,
    mut bits: Vec<u64>,
    facets: Option<&mut SegmentFacets>,
) -> usize {
    let max_doc = reader.max_doc() as usize;
    let alive = reader.alive_bitset();
    let live = reader.num_docs() as usize;
    let matches: usize = match alive {
        None => bits.iter().map(|w| w.count_ones() as usize).sum(),
        Some(alive) => {
            let mut n = 0;
            visit(&bits, |doc| n += usize::from(alive.is_alive(doc)));
            n
        }
    };
    let Some(facets) = facets else {
        return matches;
    };
    // A query that matches most of the segment: its non-matches are counted, and taken
    // from the segment's totals.
    let complement = matches > live / 2 && facets.can_subtract();
    if complement {
        for word in &mut bits {
            *word = !*word;
        }
        // Past the last document: not documents.
        if let Some(last) = bits.last_mut() {
            if max_doc % 64 != 0 {
                *last &= (1 << (max_doc % 64)) - 1;
            }
        }
    }
    let mut block: Vec<DocId> = Vec::with_capacity(BLOCK);
    visit(&bits, |doc| {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            block.push(doc);
            if block.len() == BLOCK {
                facets.count_block(&block);
                block.clear();
            }
        }
    });
    facets.count_block(&block);
    if complement {
        facets.subtract_from_totals(reader);
    }
    matches
}

/// Sets (`on`) or clears in `bits` the bit of every document `weight` matches in `reader`.
pub(super) fn set_docs(
    bits: &mut [u64],
    weight: &dyn Weight,
    reader: &SegmentReader,
    on: bool,
) -> tantivy::Result<()> {
    weight.for_each_no_score(reader, &mut |docs| {
        docs.iter().for_each(|&doc| set_bit(bits, doc, on))
    })
}

/// Moves `scorer` to `doc` unless it is there or past it; whether it is on `doc`.
pub(super) fn seek(scorer: &mut dyn Scorer, doc: DocId) -> bool {
    let at = match scorer.doc() {
        at if at < doc => scorer.seek(doc),
        at => at,
    };
    at == doc && at != TERMINATED
}

/// Sets (`on`) or clears the bit of `doc` in `bits`.
pub(super) fn set_bit(bits: &mut [u64], doc: DocId, on: bool) {
    if let Some(word) = bits.get_mut(doc as usize / 64) {
        let bit = 1 << (doc % 64);
        if on {
            *word |= bit;
        } else {
            *word &= !bit;
        }
    }
}

/// The documents an exclusion matches in a segment, one bit each, kept across queries by a
/// searcher: the answers of briefings, which every grouped search leaves out, are a fifth of
/// the generated 1M index, and reading their postings for every query cost more than the word's own.
/// Kept only for an exclusion of one term, by segment id and term (a segment's postings never
/// change; its deletions are applied apart).
#[derive(Clone, Default)]
pub struct Masks(Arc<Mutex<MaskMap>>);

/// Masks by segment and term.
type MaskMap = HashMap<(SegmentId, String), Arc<Vec<u64>>>;

/// The most masks kept; past it, all are dropped (a search makes at most a few per segment).
const MASKS_KEPT: usize = 256;

impl Masks {
    /// The mask of `weight` in `reader`, made once per segment and `key`.
    fn get(
        &self,
        key: &str,
        weight: &dyn Weight,
        reader: &SegmentReader,
    ) -> tantivy::Result<Arc<Vec<u64>>> {
        let id = (reader.segment_id(), key.to_string());
        if let Some(mask) = self.lock().get(&id) {
            return Ok(Arc::clone(mask));
        }
        let mut mask = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
        set_docs(&mut mask, weight, reader, true)?;
        let mask = Arc::new(mask);
        let mut kept = self.lock();
        if kept.len() >= MASKS_KEPT {
            kept.clear();
        }
        kept.insert(id, Arc::clone(&mask));
        Ok(mask)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MaskMap> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many masks are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }
}

/// What a searcher keeps for its plans from one query to the next.
#[derive(Clone, Default)]
pub struct Aids {
    /// The documents of one-term exclusions, per segment.
    pub masks: Masks,
    /// The counts kept in the index for frequent words.
    pub counts: KeptCounts,
}

/// The exclusions of a plan (`-word`, the answers of briefings), without scores.
pub(super) struct Excluded {
    pub(super) weights: Vec<Box<dyn Weight>>,
    /// Per weight, the key of its mask when it is one term (see [`Masks`]).
    keys: Vec<Option<String>>,
    /// Per weight, its term when it is one.
    terms: Vec<Option<Term>>,
    masks: Masks,
}

impl Excluded {
    pub(super) fn new(masks: &Masks) -> Excluded {
        Excluded {
            weights: Vec::new(),
            keys: Vec::new(),
            terms: Vec::new(),
            masks: masks.clone(),
        }
    }

    pub(super) fn push(
        &mut self,
        clause: &dyn Query,
        searcher: &tantivy::Searcher,
    ) -> tantivy::Result<()> {
        self.weights
            .push(clause.weight(EnableScoring::disabled_from_searcher(searcher))?);
        let term = clause.downcast_ref::<TermQuery>().map(|t| t.term().clone());
        self.keys.push(term.as_ref().map(|t| format!("{t:?}")));
        self.terms.push(term);
        Ok(())
    }

    /// Takes on every exclusion (`MustNot` clause) of `query`.
    pub(super) fn push_all(
        &mut self,
        query: &BooleanQuery,
        searcher: &tantivy::Searcher,
    ) -> tantivy::Result<()> {
        for (occur, clause) in query.clauses() {
            if *occur == Occur::MustNot {
                self.push(clause.as_ref(), searcher)?;
            }
        }
        Ok(())
    }

    /// The word `union` looks up and the shape of the query it makes under these exclusions,
    /// when the union is one word in several fields and every exclusion one term.
    fn shape_for(&self, union: &BooleanQuery) -> Option<(Vec<u8>, Shape)> {
        let mut terms = Vec::new();
        union.query_terms(&mut |term, _| terms.push(term.clone()));
        let word = terms.first()?.serialized_value_bytes().to_vec();
        if terms.iter().any(|t| t.serialized_value_bytes() != word) {
            return None;
        }
        let fields: Vec<Field> = terms.iter().map(Term::field).collect();
        let excluded: Vec<Term> = self.terms.iter().cloned().collect::<Option<_>>()?;
        let shape = Shape::new(&fields, &excluded)?;
        // The same field twice is another query.
        (shape.fields.windows(2).all(|w| w[0] != w[1]) && shape.fields.len() == terms.len())
            .then_some((word, shape))
    }

    /// Clears from `bits` (a segment's matches) the documents excluded. An exclusion far
    /// larger than the matches (a rare word less every answer of every briefing) is looked up
    /// match by match rather than read whole.
    pub(super) fn clear(&self, bits: &mut [u64], reader: &SegmentReader) -> tantivy::Result<()> {
        let set: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
        for (weight, key) in self.weights.iter().zip(&self.keys) {
            let mut scorer = weight.scorer(reader, 1.0)?;
            if set.saturating_mul(SEEK_RATHER) < scorer.size_hint() as usize {
                let mut out = Vec::new();
                visit(bits, |doc| {
                    if seek(scorer.as_mut(), doc) {
                        out.push(doc);
                    }
                });
                for doc in out {
                    set_bit(bits, doc, false);
                }
            } else if let Some(key) = key {
                let mask = self.masks.get(key, weight.as_ref(), reader)?;
                bits.iter_mut().zip(mask.iter()).for_each(|(b, m)| *b &= !m);
            } else {
                set_docs(bits, weight.as_ref(), reader, false)?;
            }
        }
        Ok(())
    }
}

/// Calls `f` with every document set in `bits`, in order.
pub(super) fn visit(bits: &[u64], mut f: impl FnMut(DocId)) {
    for (at, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            f((at * 64) as DocId + word.trailing_zeros());
            word &= word - 1;
        }
    }
}

/// Excluded documents are looked up match by match, rather than all read, when they are more
/// than this many times the matches (a lookup costs about as much as reading that many).
pub(super) const SEEK_RATHER: usize = 16;

/// One segment's scorers of a [`Lead`]: each moves forward only, as the union's matches come
/// in doc order.
struct LeadSegment {
    terms: Vec<Box<dyn Scorer>>,
    excluded: Vec<Box<dyn Scorer>>,
}

impl LeadSegment {
    /// The whole query's score of `doc`, a match of the union; `None` when it is excluded.
    fn score(&mut self, doc: DocId) -> Option<Score> {
        if self.excluded.iter_mut().any(|s| seek(s.as_mut(), doc)) {
            return None;
        }
        // From zero, in the union's order, as its score combiner does.
        let mut score: Score = 0.0;
        for scorer in &mut self.terms {
            if seek(scorer.as_mut(), doc) {
                score += scorer.score();
            }
        }
        Some(score)
    }
}

/// Whether tantivy runs `query` as a union of term scorers (the shape its block-max WAND
/// needs): only optional clauses, each a term query, boosted or not.
pub(super) fn is_term_union(query: &BooleanQuery) -> bool {
    let clauses = query.clauses();
    !clauses.is_empty()
        && query.get_minimum_number_should_match() <= 1
        && clauses.iter().all(|(occur, clause)| {
            *occur == Occur::Should
                && (clause.downcast_ref::<TermQuery>().is_some()
                    // A boost keeps a term query's scorer (it is folded into its weight), but
                    // `BoostQuery` does not show what it wraps, except in its `Debug` form.
                    || format!("{clause:?}").starts_with("Boost(query=TermQuery("))
        })
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

#[cfg(test)]
mod pruning {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::Term;

    use super::*;
    use crate::document::Kind;
    use crate::search::{Request, Searcher};
    use crate::testing::{dated, doc, index_of};

    /// Many documents that match `patrol` with different strengths, dates and kinds, so that
    /// the page depends on the adjustments and pruning has blocks to skip.
    fn docs() -> Vec<crate::document::Document> {
        (0..600)
            .map(|i| {
                let repeats = 1 + (i * 7) % 5;
                let body = format!("{} filler words {}", "patrol ".repeat(repeats), i % 13);
                let year = 2001 + (i * 11) % 25;
                let mut d = dated(
                    doc(&format!("d{i}"), "Report", &body),
                    &format!("{year}-06-01"),
                );
                if i % 9 == 0 {
                    d.kind = Kind::Headline;
                }
                d
            })
            .collect()
    }

    #[test]
    fn the_pruned_page_is_the_exhaustive_one_and_the_total_is_exact() {
        let (_dir, index) = index_of(&docs());
        let kind = index.fields.name(&index.schema, index.fields.kind);
        let date = index.fields.name(&index.schema, index.fields.date);
        let query = TermQuery::new(
            Term::from_field_text(index.fields.body, "patrol"),
            IndexRecordOption::WithFreqs,
        );
        let searcher = index.reader().unwrap().searcher();
        for keep in [1, 10, 35] {
            let (kind, date) = (kind.clone(), date.clone());
            let exhaustive = TopDocs::with_limit(keep).tweak_score(move |s: &SegmentReader| {
                let tweak = Tweak::new(s, &kind, &date);
                move |doc: DocId, score: Score| tweak.apply(doc, score)
            });
            let (expected, count) = searcher
                .search(&query as &dyn Query, &(exhaustive, Count))
                .unwrap();
            let ranked = Ranked {
                keep,
                kind_field: index.fields.name(&index.schema, index.fields.kind),
                date_field: index.fields.name(&index.schema, index.fields.date),
                facets: None,
                count: true,
                plan: None,
            };
            let (hits, total, facets) = searcher.search(&query as &dyn Query, &ranked).unwrap();
            assert_eq!(total, count);
            assert_eq!(total, 600);
            assert!(facets.is_none());
            let addresses = |v: &[(Score, DocAddress)]| v.iter().map(|h| h.1).collect::<Vec<_>>();
            assert_eq!(addresses(&hits), addresses(&expected), "keep {keep}");
        }
    }

    /// Matches in title, body and source (three scores to add up), some of them answers of a
    /// briefing, which a search leaves out.
    fn three_field_docs() -> Vec<crate::document::Document> {
        (0..400)
            .map(|i| {
                let body = format!("{} filler {}", "patrol ".repeat(1 + i % 4), i % 17);
                crate::testing::patrol_doc(i, &body)
            })
            .collect()
    }

    #[test]
    fn the_lead_is_the_union_under_exclusions_and_nothing_else() {
        let (_dir, index) = index_of(&three_field_docs());
        let searcher = index.reader().unwrap().searcher();
        let term = |word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(index.fields.body, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let union = || -> Box<dyn Query> {
            Box::new(BooleanQuery::union(vec![
                term("patrol"),
                Box::new(tantivy::query::BoostQuery::new(term("report"), 3.0)),
            ]))
        };
        let less = |q: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (Occur::MustNot, term("filler")),
            ]))
        };
        let lead = |q: &dyn Query| {
            Lead::of(q, &searcher, &searcher, &Default::default())
                .unwrap()
                .is_some()
        };
        assert!(lead(&*less(union())));
        assert!(lead(&*less(less(union()))));
        assert!(!lead(&*union()), "tantivy prunes a plain union itself");
        assert!(!lead(&*term("patrol")));
        let two = BooleanQuery::intersection(vec![union(), term("filler")]);
        assert!(!lead(&two), "two required parts");
        let phrase = tantivy::query::PhraseQuery::new(vec![
            Term::from_field_text(index.fields.body, "patrol"),
            Term::from_field_text(index.fields.body, "filler"),
        ]);
        let with_phrase = BooleanQuery::union(vec![term("patrol"), Box::new(phrase)]);
        assert!(
            !lead(&*less(Box::new(with_phrase))),
            "a phrase in the union"
        );
    }

    #[test]
    fn pruning_through_the_lead_gives_the_exhaustive_page_and_scores_to_the_bit() {
        let (_dir, index) = index_of(&three_field_docs());
        let searcher = Searcher::new(index).unwrap();
        let built = {
            let mut request = Request::new("patrol");
            request.exact = true;
            let tantivy = searcher.reader.searcher();
            let stats = crate::search::stats::Stats::new(&tantivy);
            let built = searcher.build(&tantivy, &stats, &request).unwrap();
            let query =
                crate::search::answers::without_answers(built.query, &searcher.index.fields);
            Lead::of(&*query, &tantivy, &tantivy, &Default::default()).unwrap()
        };
        assert!(
            built.is_some(),
            "a word less the answers is pruned through its lead"
        );
        for (offset, limit) in [(0, 1), (0, 10), (3, 25)] {
            let mut request = Request::new("patrol");
            request.exact = true;
            request.offset = offset;
            request.limit = limit;
            let with = searcher.search(&request).unwrap();
            request.facets = false;
            let without = searcher.search(&request).unwrap();
            let page = |r: &crate::search::Results| {
                r.hits
                    .iter()
                    .map(|h| (h.doc.id.clone(), h.score.map(f32::to_bits)))
                    .collect::<Vec<_>>()
            };
            assert_eq!(page(&with), page(&without), "offset {offset} limit {limit}");
            assert!(with.hits.iter().all(|h| h.doc.kind != Kind::Answer));
            assert_eq!(with.total, without.total);
            assert_eq!(with.total, 400 - 400_usize.div_ceil(11));
        }
    }

    #[test]
    fn a_rare_word_among_many_answers_is_counted_as_the_plain_path_counts_it() {
        // 300 answers, and a word in 8 documents (3 of them answers): the answers are looked
        // up match by match instead of all read.
        let docs: Vec<_> = (0..400)
            .map(|i| {
                let body = if i % 50 == 7 {
                    "a rare sortie"
                } else {
                    "routine patrol"
                };
                let mut d = dated(doc(&format!("d{i}"), "Report", body), "2020-05-01");
                if i >= 100 {
                    d.kind = Kind::Answer;
                    d.parent = Some("d0".into());
                }
                d
            })
            .collect();
        let (_dir, index) = index_of(&docs);
        let mut searcher = Searcher::new(index).unwrap();
        searcher.keep_counts(false);
        let tantivy = searcher.reader.searcher();
        for (word, expected) in [("sortie", 2), ("patrol", 98)] {
            let mut request = Request::new(word);
            request.exact = true;
            let counted = searcher.counted_query(&tantivy, &request).unwrap();
            assert!(
                Lead::of(&*counted, &tantivy, &tantivy, &Default::default())
                    .unwrap()
                    .is_some(),
                "{word}"
            );
            let plain = tantivy.search(&*counted, &Count).unwrap();
            assert_eq!(plain, expected, "{word}");
            for facets in [true, false] {
                request.facets = facets;
                let results = searcher.search(&request).unwrap();
                assert_eq!(results.total, plain, "{word}, facets {facets}");
                assert!(results.hits.iter().all(|h| h.doc.kind != Kind::Answer));
                if facets {
                    let kinds: u64 = results.facets.kind.iter().map(|v| v.count).sum();
                    assert_eq!(kinds, plain as u64, "{word}");
                }
            }
        }
    }

    #[test]
    fn facets_on_or_off_give_the_same_page_and_total() {
        let (_dir, index) = index_of(&docs());
        let searcher = Searcher::new(index).unwrap();
        let mut request = Request::new("patrol");
        request.exact = true;
        request.offset = 5;
        let with = searcher.search(&request).unwrap();
        request.facets = false;
        let without = searcher.search(&request).unwrap();
        let ids = |r: &crate::search::Results| {
            r.hits.iter().map(|h| h.doc.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(&with), ids(&without));
        assert_eq!((with.total, without.total), (600, 600));
        assert_eq!(with.facets.kind.iter().map(|v| v.count).sum::<u64>(), 600);
        assert!(without.facets.year.is_empty(), "no facets, no unknown year");
    }
}
