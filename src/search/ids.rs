//! A collector of the ids of every matching document, read from the `id` fast field: what
//! [`super::Searcher::match_ids`] returns, without ranking, snippets or stored documents.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Collects, per segment, the id column's term ordinal of each match; [`resolve`] turns them
/// into ids afterwards, where a dictionary read can fail properly instead of inside `collect`.
pub(super) struct IdOrds {
    /// The fast field's name (`Fields::name` of the id field).
    pub field: String,
}

/// One segment's matches: its id column (absent in an empty segment) and the matches' ordinals.
pub(super) struct SegmentIdOrds {
    column: Option<StrColumn>,
    ords: Vec<u64>,
}

impl Collector for IdOrds {
    type Fruit = Vec<SegmentIdOrds>;
    type Child = SegmentIdOrds;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentIdOrds {
            column: segment.fast_fields().str(&self.field)?,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentIdOrds>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentIdOrds {
    type Fruit = SegmentIdOrds;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(ord) = self.column.as_ref().and_then(|c| c.ords().first(doc)) {
            self.ords.push(ord);
        }
    }

    fn harvest(self) -> SegmentIdOrds {
        self
    }
}

/// The ids of the collected matches, segment by segment in the order the collector met them.
pub(super) fn resolve(segments: Vec<SegmentIdOrds>) -> std::io::Result<Vec<String>> {
    let mut ids = Vec::with_capacity(segments.iter().map(|s| s.ords.len()).sum());
    let mut text = String::new();
    for segment in segments {
        let Some(column) = segment.column else {
            continue;
        };
        for ord in segment.ords {
            if column.ord_to_str(ord, &mut text)? {
                ids.push(text.clone());
            }
        }
    }
    Ok(ids)
}
