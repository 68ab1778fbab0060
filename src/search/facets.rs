//! Facet counts (year, theme, speaker, source, language, kind, editor's tag) over every match of
//! a query, read from fast fields.
//!
//! Matches are not counted one by one as they arrive: they are gathered into blocks of doc ids,
//! and each column is read for a whole block at once (row ids in one call, values in one call),
//! which costs a fraction of the per-document lookups when a query matches most of an archive.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
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

/// The keyword columns counted, in the order of [`Facets`]' string facets.
const KEYWORDS: usize = 6;

/// Counts facet values over every document it is given.
pub struct FacetCollector {
    pub year: String,
    /// Fast keyword columns: theme, speaker, source, lang, kind, tag.
    pub keywords: [String; KEYWORDS],
}

/// Matches gathered before the columns are read for them all at once.
const BLOCK: usize = 2048;

/// Raw counts of one segment: years by offset from the segment's first year, strings by term
/// ordinal (plain arrays: this runs once per match).
pub struct SegmentFacets {
    year_column: Column<u64>,
    first_year: u64,
    years: Vec<u64>,
    keywords: Vec<(Option<StrColumn>, Vec<u64>)>,
    /// Matches not counted yet.
    pending: Vec<DocId>,
    scratch: Scratch,
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

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = segment.fast_fields();
        let mut keywords = Vec::with_capacity(KEYWORDS);
        for name in &self.keywords {
            let column = fast.str(name)?;
            let slots = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
            keywords.push((column, slots));
        }
        let year_column = fast.u64(&self.year)?;
        let (first_year, last_year) = (year_column.min_value(), year_column.max_value());
        // Years are small numbers; a span beyond this is not a calendar and is not counted.
        let span = last_year
            .saturating_sub(first_year)
            .saturating_add(1)
            .min(10_000);
        Ok(SegmentFacets {
            year_column,
            first_year,
            years: vec![0; usize::try_from(span).unwrap_or(0)],
            keywords,
            pending: Vec::with_capacity(BLOCK),
            scratch: Scratch::default(),
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
        for &year in self.scratch.values(&self.year_column, docs) {
            let slot = year
                .checked_sub(self.first_year)
                .and_then(|offset| usize::try_from(offset).ok());
            if let Some(count) = slot.and_then(|s| self.years.get_mut(s)) {
                *count += 1;
            }
        }
        for (column, counts) in &mut self.keywords {
            let Some(column) = column else { continue };
            for &ord in self.scratch.values(column.ords(), docs) {
                if let Some(slot) = usize::try_from(ord).ok().and_then(|o| counts.get_mut(o)) {
                    *slot += 1;
                }
            }
        }
        self.pending.clear();
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
        self.pending.extend_from_slice(docs);
        if self.pending.len() >= BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> SegmentCounts {
        self.flush();
        let first_year = self.first_year;
        SegmentCounts {
            years: self
                .years
                .iter()
                .enumerate()
                .filter(|(_, &count)| count > 0)
                .map(|(offset, &count)| (first_year + offset as u64, count))
                .collect(),
            keywords: self
                .keywords
                .iter()
                .map(|(column, counts)| resolve(column, counts))
                .collect(),
        }
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
}
