//! Facet counts (year, theme, speaker, source, language, kind, editor's tag) over every match of
//! a query, read from fast fields.
//!
//! Matches are not counted one by one as they arrive: they are gathered into blocks of doc ids,
//! and each column is read for a whole block at once (row ids in one call, values in one call),
//! which costs a fraction of the per-document lookups when a query matches most of an archive.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// One facet value and how many matches have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    pub value: serde_json::Value,
    pub count: u64,
}

/// The facets of a result set, each sorted by count (then value).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub year: Vec<FacetValue>,
    pub theme: Vec<FacetValue>,
    pub speaker: Vec<FacetValue>,
    /// The outlet's name as indexed (`source` of a hit).
    pub source: Vec<FacetValue>,
    /// Both languages of a translated document count.
    pub lang: Vec<FacetValue>,
    pub kind: Vec<FacetValue>,
    /// The editor's tags, lowercased as indexed.
    pub tag: Vec<FacetValue>,
}

impl Facets {
    /// Adds an `unknown` bucket (null) to the year and source counts for the matches with no
    /// year or no known outlet, so that each adds up to `total`, the number of matches counted.
    pub fn add_unknown(&mut self, total: u64) {
        for values in [&mut self.year, &mut self.source] {
            let known: u64 = values.iter().map(|v| v.count).sum();
            if known < total {
                values.push(FacetValue {
                    value: serde_json::Value::Null,
                    count: total - known,
                });
            }
        }
    }
}

/// The keyword columns counted, in the order of [`Facets`]' string facets.
pub const KEYWORDS: usize = 6;

/// Counts facet values over every document it is given.
pub struct FacetCollector {
    pub year: String,
    /// Fast keyword columns: theme, speaker, source, lang, kind, tag.
    pub keywords: [String; KEYWORDS],
    /// The segments' columns decoded once (see [`Tables`]), by segment; a segment without one
    /// is counted from its columns.
    pub tables: HashMap<SegmentId, Arc<SegmentTable>>,
}

impl FacetCollector {
    /// A collector of the columns named; reads `tables` where it holds a segment.
    pub fn new(
        year: String,
        keywords: [String; KEYWORDS],
        tables: HashMap<SegmentId, Arc<SegmentTable>>,
    ) -> FacetCollector {
        FacetCollector {
            year,
            keywords,
            tables,
        }
    }
}

/// Matches gathered before the columns are read for them all at once.
pub(super) const BLOCK: usize = 2048;

/// Years are small numbers; a span beyond this is not a calendar and is not counted.
const MAX_YEARS: u64 = 10_000;

/// Raw counts of one segment: years by offset from the segment's first year, strings by term
/// ordinal (plain arrays: this runs once per match).
pub struct SegmentFacets {
    source: Source,
    first_year: u64,
    years: Vec<u64>,
    keywords: Vec<Vec<u64>>,
    /// Matches not counted yet.
    pending: Vec<DocId>,
}

/// Where a segment's values are read from.
enum Source {
    /// The fast fields themselves, a block of matches at a time.
    Columns {
        year: Column<u64>,
        keywords: Vec<Option<StrColumn>>,
        scratch: Scratch,
    },
    /// Plain arrays decoded from them once.
    Table(Arc<SegmentTable>),
}

/// Buffers reused from block to block.
#[derive(Default)]
struct Scratch {
    row_docs: Vec<DocId>,
    rows: Vec<u32>,
    values: Vec<u64>,
}

impl Scratch {
    /// The values `column` holds for `docs` (every value of a multi-valued column), read in bulk.
    fn values(&mut self, column: &Column<u64>, docs: &[DocId]) -> &[u64] {
        self.row_docs.clear();
        self.rows.clear();
        column.row_ids_for_docs(docs, &mut self.row_docs, &mut self.rows);
        self.values.clear();
        self.values.resize(self.rows.len(), 0);
        column.values.get_vals(&self.rows, &mut self.values);
        &self.values
    }
}

/// What one segment counted, with term ordinals already turned into strings.
#[derive(Default)]
pub struct SegmentCounts {
    years: HashMap<u64, u64>,
    keywords: Vec<HashMap<String, u64>>,
}

/// The number of years counted from `first` to `last`, both included.
fn year_span(first: u64, last: u64) -> usize {
    let span = last.saturating_sub(first).saturating_add(1).min(MAX_YEARS);
    usize::try_from(span).unwrap_or(0)
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        if let Some(table) = self.tables.get(&segment.segment_id()) {
            return Ok(SegmentFacets {
                first_year: table.first_year,
                years: table.zero_counts(0),
                keywords: (1..COLUMNS).map(|c| table.zero_counts(c)).collect(),
                source: Source::Table(Arc::clone(table)),
                pending: Vec::with_capacity(BLOCK),
            });
        }
        let fast = segment.fast_fields();
        let mut columns = Vec::with_capacity(KEYWORDS);
        let mut keywords = Vec::with_capacity(KEYWORDS);
        for name in &self.keywords {
            let column = fast.str(name)?;
            keywords.push(vec![0; column.as_ref().map_or(0, |c| c.num_terms())]);
            columns.push(column);
        }
        let year = fast.u64(&self.year)?;
        let first_year = year.min_value();
        Ok(SegmentFacets {
            first_year,
            years: vec![0; year_span(first_year, year.max_value())],
            keywords,
            source: Source::Columns {
                year,
                keywords: columns,
                scratch: Scratch::default(),
            },
            pending: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<Facets> {
        let mut years: HashMap<u64, u64> = HashMap::new();
        let mut keywords: Vec<HashMap<String, u64>> = vec![HashMap::new(); KEYWORDS];
        for segment in segments {
            for (k, v) in segment.years {
                *years.entry(k).or_default() += v;
            }
            for (all, counts) in keywords.iter_mut().zip(segment.keywords) {
                for (k, v) in counts {
                    *all.entry(k).or_default() += v;
                }
            }
        }
        let mut keywords = keywords.into_iter().map(|counts| {
            sorted(
                counts
                    .into_iter()
                    .map(|(k, v)| (serde_json::Value::from(k), v)),
            )
        });
        let mut next = || keywords.next().unwrap_or_default();
        Ok(Facets {
            year: sorted(
                years
                    .into_iter()
                    .map(|(k, v)| (serde_json::Value::from(k), v)),
            ),
            theme: next(),
            speaker: next(),
            source: next(),
            lang: next(),
            kind: next(),
            tag: next(),
        })
    }
}

fn sorted(counts: impl Iterator<Item = (serde_json::Value, u64)>) -> Vec<FacetValue> {
    let mut out: Vec<FacetValue> = counts
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    // Most frequent first; years newest first among equals, names alphabetically.
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| match (a.value.as_u64(), b.value.as_u64()) {
                (Some(x), Some(y)) => y.cmp(&x),
                _ => a.value.as_str().cmp(&b.value.as_str()),
            })
    });
    out
}

impl SegmentFacets {
    /// Counts the pending matches, one column at a time.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let docs = &self.pending;
        match &mut self.source {
            Source::Table(table) => table.count(docs, &mut self.years, &mut self.keywords),
            Source::Columns {
                year,
                keywords,
                scratch,
            } => {
                for &value in scratch.values(year, docs) {
                    let slot = value
                        .checked_sub(self.first_year)
                        .and_then(|offset| usize::try_from(offset).ok());
                    if let Some(count) = slot.and_then(|s| self.years.get_mut(s)) {
                        *count += 1;
                    }
                }
                for (column, counts) in keywords.iter().zip(&mut self.keywords) {
                    let Some(column) = column else { continue };
                    for &ord in scratch.values(column.ords(), docs) {
                        if let Some(slot) =
                            usize::try_from(ord).ok().and_then(|o| counts.get_mut(o))
                        {
                            *slot += 1;
                        }
                    }
                }
            }
        }
        self.pending.clear();
    }

    /// Whether counts can be taken as the segment's totals less the non-matches (see
    /// [`SegmentFacets::subtract_from_totals`]): only from a decoded table.
    pub fn can_subtract(&self) -> bool {
        matches!(self.source, Source::Table(_))
    }

    /// Turns what was counted (the segment's live documents that do not match) into the
    /// counts of the matches: the segment's totals less them. For a query that matches most of
    /// a segment, fewer documents are read this way.
    pub fn subtract_from_totals(&mut self, segment: &SegmentReader) {
        self.flush();
        let Source::Table(table) = &self.source else {
            return;
        };
        let totals = table.totals(segment);
        let columns = std::iter::once(&mut self.years).chain(self.keywords.iter_mut());
        for (counts, totals) in columns.zip(totals.iter()) {
            for (count, &total) in counts.iter_mut().zip(totals) {
                *count = total.saturating_sub(*count);
            }
        }
    }

    /// The counts so far by column (the year first), each value at its own index: years by
    /// offset from the segment's first year, strings by term ordinal, whichever source counted
    /// them (a table keeps the documents without a value at 0, left out here).
    pub fn by_value(mut self) -> Vec<Vec<u64>> {
        self.flush();
        let skip = usize::from(matches!(self.source, Source::Table(_)));
        std::iter::once(self.years)
            .chain(self.keywords)
            .map(|counts| counts.into_iter().skip(skip).collect())
            .collect()
    }

    /// Turns what was counted (the deleted documents among a word's matches) into the counts
    /// of its live matches: `kept` (the counts of all its matches, by column and value as
    /// [`SegmentFacets::by_value`] gives them) less them.
    pub fn subtract_from_kept(&mut self, kept: &[Vec<(u32, u64)>]) {
        self.flush();
        let skip = usize::from(matches!(self.source, Source::Table(_)));
        let columns = std::iter::once(&mut self.years).chain(self.keywords.iter_mut());
        for (counts, kept) in columns.zip(kept) {
            let gone = std::mem::replace(counts, vec![0; counts.len()]);
            for &(value, count) in kept {
                let at = value as usize + skip;
                if let Some(slot) = counts.get_mut(at) {
                    *slot = count.saturating_sub(gone[at]);
                }
            }
        }
    }

    /// Counts every document of `docs` (ascending), a match each.
    pub fn count_block(&mut self, docs: &[DocId]) {
        self.pending.extend_from_slice(docs);
        if self.pending.len() >= BLOCK {
            self.flush();
        }
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.pending.push(doc);
        if self.pending.len() >= BLOCK {
            self.flush();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.count_block(docs);
    }

    fn harvest(mut self) -> SegmentCounts {
        self.flush();
        let first_year = self.first_year;
        // A table's counts start with the documents without a value, not counted.
        let skip = usize::from(matches!(self.source, Source::Table(_)));
        let years = self
            .years
            .iter()
            .skip(skip)
            .enumerate()
            .filter(|(_, &count)| count > 0)
            .map(|(offset, &count)| (first_year + offset as u64, count))
            .collect();
        let keywords = match &self.source {
            Source::Table(table) => table
                .names
                .iter()
                .zip(&self.keywords)
                .map(|(names, counts)| {
                    counts
                        .iter()
                        .skip(skip)
                        .zip(names)
                        .filter(|(&count, _)| count > 0)
                        .map(|(&count, name)| (name.clone(), count))
                        .collect()
                })
                .collect(),
            Source::Columns { keywords, .. } => keywords
                .iter()
                .zip(&self.keywords)
                .map(|(column, counts)| resolve(column, counts))
                .collect(),
        };
        SegmentCounts { years, keywords }
    }
}

fn resolve(column: &Option<StrColumn>, counts: &[u64]) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    let Some(column) = column else {
        return out;
    };
    let mut text = String::new();
    for (ord, &count) in counts.iter().enumerate() {
        if count > 0 && column.ord_to_str(ord as u64, &mut text).unwrap_or(false) {
            out.insert(text.clone(), count);
        }
    }
    out
}

/// The facet columns of one segment decoded into one 64-bit row per document, so that counting
/// a match reads one word and increments a count per value. Reading the fast fields costs a
/// rank in an optional index and a bit-unpacking per column; an array per column costs a cache
/// miss per column when matches are scattered. Rows stay small (8 bytes a document) because
/// size decides here: at a million documents the table must stay in the processor's cache.
/// Worth it for a searcher that counts many queries over the same segments (`serve`, `bench`),
/// not for one search.
pub struct SegmentTable {
    first_year: u64,
    /// How many values each column has: the year span, then the keyword columns' terms.
    slots: [usize; COLUMNS],
    /// Per document: each column's first value as its slot plus one (0: none), in bit fields
    /// laid out by `fields`; above them, where the document's further values start in `extras`
    /// (they run to the next row's start).
    rows: Vec<u64>,
    fields: [Field; COLUMNS],
    /// Where a row's start in `extras` sits.
    extras_shift: u32,
    /// The values after a document's first, as `column << 13 | (slot + 1)`.
    extras: Vec<u16>,
    /// The keyword columns' terms by ordinal, in the order of [`FacetCollector::keywords`].
    names: Vec<Vec<String>>,
    /// The counts over every live document, by column (the year first) and slot plus one, for
    /// the number of deleted documents they were counted with (deletions only grow in a
    /// segment, so the number tells them apart).
    totals: Mutex<Option<(u32, Totals)>>,
}

/// Counts by column (the year first), then slot plus one.
type Totals = Arc<Vec<Vec<u64>>>;

/// Rows read ahead of counting them (see [`SegmentTable::count`]).
const GATHER: usize = 64;

/// The year and the keyword columns.
pub(super) const COLUMNS: usize = 1 + KEYWORDS;

/// The bits of an extra value that hold its slot plus one; the column sits above them.
const EXTRA_SLOT_BITS: u32 = 13;

/// A bit field of a row.
#[derive(Clone, Copy, Default)]
struct Field {
    shift: u32,
    mask: u64,
}

/// The number of bits that hold every number up to `n`.
fn bits_for(n: usize) -> u32 {
    usize::BITS - n.leading_zeros()
}

impl SegmentTable {
    /// Decodes the year column `year` and the keyword columns `keywords` of `segment`; `None`
    /// when they have too many distinct values to fit a row (counted from the columns instead).
    pub(super) fn decode(
        year: &str,
        keywords: &[String],
        segment: &SegmentReader,
    ) -> tantivy::Result<Option<SegmentTable>> {
        let fast = segment.fast_fields();
        let num_docs = segment.max_doc();
        let year = fast.u64(year)?;
        let first_year = year.min_value();
        let mut slots = [0; COLUMNS];
        slots[0] = year_span(first_year, year.max_value());
        let mut columns = vec![Some(year)];
        let mut names = Vec::with_capacity(keywords.len());
        for (i, name) in keywords.iter().enumerate() {
            let column = fast.str(name)?;
            let mut terms = Vec::new();
            if let Some(column) = &column {
                let mut text = String::new();
                for ord in 0..column.num_terms() as u64 {
                    text.clear();
                    column.ord_to_str(ord, &mut text)?;
                    terms.push(text.clone());
                }
            }
            slots[i + 1] = terms.len();
            names.push(terms);
            columns.push(column.map(|c| c.ords().clone()));
        }
        if slots.iter().any(|&n| n + 1 >= 1 << EXTRA_SLOT_BITS) {
            return Ok(None);
        }
        let slot = |column: usize, value: u64| -> Option<u16> {
            let value = if column == 0 {
                value.checked_sub(first_year)?
            } else {
                value
            };
            let value = usize::try_from(value).ok().filter(|&v| v < slots[column])?;
            u16::try_from(value + 1).ok()
        };
        // Each column's first value per document, and the values after it.
        let mut firsts = vec![[0u16; COLUMNS]; num_docs as usize];
        let mut starts = Vec::with_capacity(num_docs as usize + 1);
        let mut extras: Vec<u16> = Vec::new();
        let mut scratch = Scratch::default();
        let mut docs = Vec::with_capacity(BLOCK);
        let mut later: Vec<(DocId, u16)> = Vec::new();
        let mut from = 0;
        while from < num_docs {
            let to = num_docs.min(from + BLOCK as DocId);
            docs.clear();
            docs.extend(from..to);
            later.clear();
            for (c, column) in columns.iter().enumerate() {
                let Some(column) = column else { continue };
                scratch.values(column, &docs);
                let mut previous = None;
                for (&doc, &value) in scratch.row_docs.iter().zip(&scratch.values) {
                    let Some(s) = slot(c, value) else { continue };
                    let Some(first) = firsts.get_mut(doc as usize) else {
                        continue;
                    };
                    if previous == Some(doc) {
                        later.push((doc, (c as u16) << EXTRA_SLOT_BITS | s));
                    } else {
                        first[c] = s;
                        previous = Some(doc);
                    }
                }
            }
            later.sort_by_key(|&(doc, _)| doc);
            let mut at = 0;
            for doc in from..to {
                starts.push(extras.len());
                while at < later.len() && later[at].0 == doc {
                    extras.push(later[at].1);
                    at += 1;
                }
            }
            from = to;
        }
        starts.push(extras.len());
        let mut fields = [Field::default(); COLUMNS];
        let mut shift = 0;
        for (field, &n) in fields.iter_mut().zip(&slots) {
            let bits = bits_for(n);
            *field = Field {
                shift,
                mask: (1 << bits) - 1,
            };
            shift += bits;
        }
        if shift + bits_for(extras.len()) > u64::BITS {
            return Ok(None);
        }
        let rows = firsts
            .iter()
            .chain(std::iter::once(&[0; COLUMNS]))
            .zip(&starts)
            .map(|(first, &start)| {
                fields
                    .iter()
                    .zip(first)
                    .fold((start as u64) << shift, |row, (field, &slot)| {
                        row | u64::from(slot) << field.shift
                    })
            })
            .collect();
        Ok(Some(SegmentTable {
            first_year,
            slots,
            rows,
            fields,
            extras_shift: shift,
            extras,
            names,
            totals: Mutex::new(None),
        }))
    }

    /// Zero counts for column `column` (the year first): slot 0 counts the documents without a
    /// value, slot s + 1 value s.
    fn zero_counts(&self, column: usize) -> Vec<u64> {
        vec![0; self.slots[column] + 1]
    }

    /// The counts over every live document of `segment` (this table's segment), counted once
    /// per state of its deletions.
    fn totals(&self, segment: &SegmentReader) -> Totals {
        let deleted = segment.num_deleted_docs();
        let mut kept = self.totals.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, totals)) = kept.as_ref() {
            if *at == deleted {
                return Arc::clone(totals);
            }
        }
        let alive = segment.alive_bitset();
        let docs: Vec<DocId> = (0..segment.max_doc())
            .filter(|&doc| alive.is_none_or(|a| a.is_alive(doc)))
            .collect();
        let mut years = self.zero_counts(0);
        let mut keywords: Vec<Vec<u64>> = (1..COLUMNS).map(|c| self.zero_counts(c)).collect();
        self.count(&docs, &mut years, &mut keywords);
        let mut totals = vec![years];
        totals.extend(keywords);
        let totals = Arc::new(totals);
        *kept = Some((deleted, Arc::clone(&totals)));
        totals
    }

    /// Adds each document of `docs` to the counts of its values (by slot plus one).
    fn count(&self, docs: &[DocId], years: &mut [u64], keywords: &mut [Vec<u64>]) {
        let [theme, speaker, source, lang, kind, tag] = keywords else {
            return;
        };
        let mut counts: [&mut [u64]; COLUMNS] = [years, theme, speaker, source, lang, kind, tag];
        // The rows are read first, a batch at a time, in a loop that does nothing else: their
        // cache misses then overlap instead of each waiting behind the counting of the last.
        let mut batch = [(0u64, 0u64); GATHER];
        for docs in docs.chunks(GATHER) {
            for (slot, &doc) in batch.iter_mut().zip(docs) {
                let at = doc as usize;
                *slot = match (self.rows.get(at), self.rows.get(at + 1)) {
                    (Some(&row), Some(&next)) => (row, next),
                    _ => (0, 0),
                };
            }
            for &(row, next) in &batch[..docs.len()] {
                for (column, field) in counts.iter_mut().zip(&self.fields) {
                    let slot = (row >> field.shift & field.mask) as usize;
                    if let Some(count) = column.get_mut(slot) {
                        *count += 1;
                    }
                }
                let (start, end) = (row >> self.extras_shift, next >> self.extras_shift);
                if end > start {
                    let more = self.extras.get(start as usize..end as usize).unwrap_or(&[]);
                    for &value in more {
                        let slot = usize::from(value & ((1 << EXTRA_SLOT_BITS) - 1));
                        let column = usize::from(value >> EXTRA_SLOT_BITS);
                        if let Some(count) = counts.get_mut(column).and_then(|c| c.get_mut(slot)) {
                            *count += 1;
                        }
                    }
                }
            }
        }
    }

    /// Heap bytes held.
    pub fn bytes(&self) -> usize {
        let names: usize = self
            .names
            .iter()
            .flatten()
            .map(|n| n.capacity() + std::mem::size_of::<String>())
            .sum();
        self.rows.len() * 8 + self.extras.len() * 2 + names
    }
}

/// A searcher's decoded segments ([`SegmentTable`]). Nothing is decoded for a searcher's first
/// counting search, so a one-shot `milpress search` reads the columns only for its matches; from
/// the second one on (or when warmed) every segment is decoded.
pub type Tables = super::segments::PerSegment<SegmentTable>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn most_frequent_first_then_newest_year_or_name() {
        let years = sorted([(json!(2023), 2), (json!(2025), 2), (json!(2024), 5)].into_iter());
        let values: Vec<_> = years.iter().map(|v| v.value.clone()).collect();
        assert_eq!(values, [json!(2024), json!(2025), json!(2023)]);
        let names = sorted([(json!("Wu Qian"), 1), (json!("Jiang Bin"), 1)].into_iter());
        assert_eq!(names[0].value, json!("Jiang Bin"));
    }

    #[test]
    fn counts_cover_every_match_across_segments() {
        use crate::search::{Request, Searcher};
        use crate::testing::{dated, doc};
        let dir = tempfile::tempdir().unwrap();
        let index = crate::index::Index::create(dir.path()).unwrap();
        let mut writer = index.writer(50 << 20).unwrap();
        // Two commits, two segments.
        for (i, year) in [2024, 2024, 2025].into_iter().enumerate() {
            let mut d = dated(
                doc(&format!("d{i}"), "drill", "drill"),
                &format!("{year}-05-01"),
            );
            d.themes = vec!["exercises".into()];
            writer.add_document(index.fields.to_tantivy(&d)).unwrap();
            writer.commit().unwrap();
        }
        let searcher = Searcher::new(index).unwrap();
        let mut request = Request::new("drill");
        request.exact = true;
        request.limit = 1;
        let facets = searcher.search(&request).unwrap().facets;
        assert_eq!(
            facets.year[0],
            FacetValue {
                value: json!(2024),
                count: 2
            }
        );
        assert_eq!(
            facets.year[1],
            FacetValue {
                value: json!(2025),
                count: 1
            }
        );
        assert_eq!(facets.theme[0].count, 3);
        assert_eq!(facets.kind[0].value, json!("release"));
        assert_eq!(facets.lang[0].count, 3);
    }

    /// An index of several segments, with deletions and multi-valued facets (themes, speakers,
    /// tags, both languages of a translated release).
    fn mixed_index() -> (tempfile::TempDir, crate::index::Index) {
        use crate::document::{Kind, Lang};
        use crate::testing::{dated, doc};
        const THEMES: &[&str] = &["exercises", "diplomacy", "navy", "budget"];
        const SPEAKERS: &[&str] = &["Jiang Bin", "Wu Qian", "Zhang Xiaogang"];
        let mut docs = Vec::new();
        for i in 0..240usize {
            let body = match i % 4 {
                0 => "patrol drill at sea",
                1 => "drill only",
                2 => "patrol and escort",
                _ => "patrol weather report",
            };
            let mut d = doc(&format!("d{i}"), "Report", body);
            if i % 7 != 0 {
                d = dated(d, &format!("{}-0{}-15", 2010 + i % 13, 1 + i % 9));
            }
            d.themes = (0..i % 3)
                .map(|k| THEMES[(i + k) % THEMES.len()].to_string())
                .collect();
            d.speakers = (0..i % 4)
                .map(|k| SPEAKERS[(i + k) % SPEAKERS.len()].to_string())
                .collect();
            if i % 5 == 0 {
                d.tags = vec!["Key".into(), format!("batch{}", i % 3)];
            }
            if i % 6 == 0 {
                d.langs = vec![Lang::En, Lang::Zh];
            }
            if i % 11 == 0 {
                d.kind = Kind::Headline;
            }
            if i % 3 == 0 {
                d.source = Some(format!("Outlet {}", i % 4));
            }
            docs.push(d);
        }
        crate::testing::index_in_segments(&docs, 60, 9)
    }

    #[test]
    fn decoded_tables_and_bitset_counts_match_the_plain_path() {
        use crate::search::{Request, Searcher};
        let (_dir, index) = mixed_index();
        let searcher = Searcher::new(index).unwrap();
        let tantivy = searcher.reader.searcher();
        assert!(tantivy.segment_readers().len() >= 2, "several segments");
        assert!(tantivy.segment_readers().iter().any(|s| s.has_deletes()));
        for query in [
            "patrol",
            "drill",
            "patrol drill",
            "patrol OR weather",
            "-weather",
            "",
        ] {
            let mut request = Request::new(query);
            request.exact = true;
            // The plain path: every match visited through the whole query, the columns read.
            let (year, keywords) = searcher.facet_columns();
            let plain = FacetCollector::new(year, keywords, HashMap::new());
            let counted = searcher.counted_query(&tantivy, &request).unwrap();
            let (total, mut expected) = tantivy
                .search(&*counted, &(tantivy::collector::Count, plain))
                .unwrap();
            assert!(total > 0, "{query}");
            assert!(
                expected.theme.len() > 1 && expected.lang.len() >= 2,
                "{query}: multi-valued facets are exercised"
            );
            expected.add_unknown(total as u64);
            // A fresh searcher reads the columns; once warmed, the decoded tables.
            let mut fresh =
                Searcher::new(crate::index::Index::open(&searcher.index.dir).unwrap()).unwrap();
            // Counted again each time, not taken from the counts of the search before.
            fresh.keep_counts(false);
            let first = fresh.search(&request).unwrap();
            assert_eq!(
                fresh.facet_table_bytes().1,
                0,
                "nothing decoded for one search"
            );
            assert_eq!((first.total, &first.facets), (total, &expected), "{query}");
            fresh.warm_facet_tables().unwrap();
            let segments = tantivy.segment_readers().len();
            assert_eq!(
                fresh.facet_table_bytes().1,
                segments,
                "every segment decoded"
            );
            let mut fast = fresh.search(&request).unwrap();
            assert_eq!((fast.total, &fast.facets), (total, &expected), "{query}");
            request.limit = 3;
            request.offset = 2;
            fast = fresh.search(&request).unwrap();
            assert_eq!((fast.total, &fast.facets), (total, &expected), "{query}");
            request.facets = false;
            assert_eq!(fresh.search(&request).unwrap().total, total, "{query}");
        }
    }

    #[test]
    fn a_searcher_of_a_later_commit_keeps_the_tables_of_the_segments_still_there() {
        use crate::search::{Request, Searcher};
        use crate::testing::doc;
        let (dir, index) = mixed_index();
        let earlier = Searcher::new(index).unwrap();
        earlier.warm_facet_tables().unwrap();
        let (_, segments) = earlier.facet_table_bytes();
        assert!(segments >= 2);
        // A later commit adds a segment and deletes from an old one.
        let index = crate::index::Index::open(dir.path()).unwrap();
        let mut writer = index.writer(50 << 20).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let mut added = doc("late", "Report", "patrol drill at dawn");
        added.themes = vec!["navy".into()];
        writer
            .add_document(index.fields.to_tantivy(&added))
            .unwrap();
        writer.delete_term(tantivy::Term::from_field_text(index.fields.id, "d1"));
        writer.commit().unwrap();
        drop(writer);
        let mut later = Searcher::new(crate::index::Index::open(dir.path()).unwrap()).unwrap();
        later.adopt_facet_tables(&earlier);
        assert_eq!(
            later.facet_table_bytes().1,
            segments,
            "adopted, nothing decoded"
        );
        later.warm_facet_tables().unwrap();
        assert_eq!(
            later.facet_table_bytes().1,
            segments + 1,
            "only the new segment decoded"
        );
        // The adopted tables count as freshly decoded ones do.
        later.keep_counts(false);
        let mut fresh = Searcher::new(crate::index::Index::open(dir.path()).unwrap()).unwrap();
        fresh.keep_counts(false);
        fresh.warm_facet_tables().unwrap();
        for query in ["patrol", "drill", "patrol drill"] {
            let mut request = Request::new(query);
            request.exact = true;
            let (a, b) = (
                later.search(&request).unwrap(),
                fresh.search(&request).unwrap(),
            );
            assert_eq!((a.total, &a.facets), (b.total, &b.facets), "{query}");
        }
    }

    /// Runs each of `queries` sorted by date both ways and at several pages, and checks the
    /// page, total and facets against the plain path (every match through the whole query's
    /// scorer); returns how many of the searches a plan for dates took.
    fn date_sorts_match_the_plain_path(
        index: crate::index::Index,
        queries: &[&str],
        exact: bool,
    ) -> usize {
        use crate::search::{Request, Searcher, Sort};
        use tantivy::collector::{Count, TopDocs};
        use tantivy::{DateTime, Order};
        let mut searcher = Searcher::new(index).unwrap();
        searcher.keep_counts(false);
        let tantivy = searcher.reader.searcher();
        let date = searcher
            .index
            .fields
            .name(&searcher.index.schema, searcher.index.fields.sort_date);
        let mut through_bitset = 0;
        for &query in queries {
            for (sort, order) in [(Sort::DateDesc, Order::Desc), (Sort::Date, Order::Asc)] {
                for (offset, limit) in [(0, 10), (5, 30), (0, 500)] {
                    let mut request = Request::new(query);
                    request.exact = exact;
                    request.sort = sort;
                    request.offset = offset;
                    request.limit = limit;
                    let counted = searcher.counted_query(&tantivy, &request).unwrap();
                    let stats = crate::search::stats::Stats::new(&tantivy);
                    through_bitset += usize::from(
                        super::super::rank::Plan::for_dates(
                            &*counted,
                            &tantivy,
                            &stats,
                            &Default::default(),
                        )
                        .unwrap()
                        .is_some(),
                    );
                    // The plain path: every match through the whole query's scorer.
                    let (year, keywords) = searcher.facet_columns();
                    let plain = FacetCollector::new(year, keywords, HashMap::new());
                    let page = TopDocs::with_limit(limit)
                        .and_offset(offset)
                        .order_by_fast_field::<DateTime>(date.clone(), order);
                    let (page, total, facets) =
                        tantivy.search(&*counted, &(page, Count, plain)).unwrap();
                    let ids: Vec<String> = page
                        .iter()
                        .map(|(_, address)| searcher.load(&tantivy, *address).unwrap().id)
                        .collect();
                    let results = searcher.search(&request).unwrap();
                    let got: Vec<String> = results.hits.iter().map(|h| h.doc.id.clone()).collect();
                    let what = format!("{query} {sort:?} {offset}+{limit}");
                    assert_eq!(got, ids, "{what}");
                    assert_eq!(results.total, total, "{what}");
                    assert!(total > 0, "{what}");
                    assert_eq!(results.facets.theme, facets.theme, "{what}");
                    assert_eq!(results.facets.speaker, facets.speaker, "{what}");
                    assert_eq!(results.facets.lang, facets.lang, "{what}");
                }
            }
        }
        through_bitset
    }

    #[test]
    fn date_sorted_words_match_the_plain_path() {
        let (_dir, index) = mixed_index();
        let queries = ["patrol", "drill", "patrol drill", "-weather"];
        assert!(
            date_sorts_match_the_plain_path(index, &queries, true) > 0,
            "some of the queries take the bitset path"
        );
    }

    #[test]
    fn date_sorted_words_and_their_glossary_forms_match_the_plain_path() {
        use crate::document::Kind;
        use crate::testing::{dated, doc};
        let bodies = [
            "The navy held a drill.",
            "海军举行演习。",
            "The PLA Navy escorted ships in the South China Sea.",
            "南海 海域 巡逻",
            "A quiet report on the weather.",
            "中国人民解放军海军 and the PLA Navy",
        ];
        let docs: Vec<_> = (0..240usize)
            .map(|i| {
                let mut d = doc(&format!("d{i}"), "Report", bodies[i % bodies.len()]);
                if i % 7 != 0 {
                    d = dated(d, &format!("{}-0{}-15", 2010 + i % 13, 1 + i % 9));
                }
                d.speakers = vec![["Jiang Bin", "Wu Qian"][i % 2].to_string()];
                if i % 13 == 0 {
                    d.kind = Kind::Answer;
                    d.parent = Some("d1".into());
                }
                d
            })
            .collect();
        let (_dir, index) = crate::testing::index_in_segments(&docs, 60, 9);
        let queries = ["海军", "navy", "南海", "South China Sea", "海军 -weather"];
        let planned = date_sorts_match_the_plain_path(index, &queries, false);
        assert_eq!(planned, queries.len() * 6, "every one through a plan");
    }
}
