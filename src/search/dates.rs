//! Each segment's documents in date order, kept by a searcher that sorts by date more than
//! once: the page of a date sort is then the first matches met walking that order, not the
//! best of every match's date read from the column.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

/// One segment's documents by date.
pub struct DateOrder {
    /// Dated documents by (date, document), oldest first.
    dated: Vec<DocId>,
    /// Beside each of `dated`, its date's rank among the segment's dates (equal dates, equal
    /// ranks): 8 bytes a document in all.
    ranks: Vec<u32>,
    /// Documents without a date.
    undated: Vec<DocId>,
}

impl DateOrder {
    fn of(reader: &SegmentReader, field: &str) -> tantivy::Result<DateOrder> {
        let column = reader.fast_fields().date(field)?;
        let mut dated = Vec::with_capacity(reader.max_doc() as usize);
        let mut undated = Vec::new();
        for doc in 0..reader.max_doc() {
            match column.first(doc) {
                Some(date) => dated.push((date.into_timestamp_nanos(), doc)),
                None => undated.push(doc),
            }
        }
        dated.sort_unstable();
        let mut ranks = Vec::with_capacity(dated.len());
        let mut rank = 0u32;
        for (i, &(date, _)) in dated.iter().enumerate() {
            if i > 0 && dated[i - 1].0 != date {
                rank += 1;
            }
            ranks.push(rank);
        }
        Ok(DateOrder {
            dated: dated.into_iter().map(|(_, doc)| doc).collect(),
            ranks,
            undated,
        })
    }

    /// Heap bytes held.
    pub fn bytes(&self) -> usize {
        (self.dated.capacity() + self.ranks.capacity() + self.undated.capacity()) * 4
    }

    /// Offers to `collect` the documents that `holds` (the live matches) that could be among
    /// the first `keep` by date, newest first when `newest`: every undated match (where they
    /// rank is the page collector's to decide), and the dated matches in date order until
    /// `keep` of them are taken and the date has moved past the last one's (so every tie at
    /// the edge is offered). They are offered in document order, as the query's matches
    /// would be: the collector keeps the first of equals it is offered.
    pub fn offer(
        &self,
        keep: usize,
        newest: bool,
        holds: impl Fn(DocId) -> bool,
        mut collect: impl FnMut(DocId),
    ) {
        let mut taken: Vec<DocId> = self.undated.iter().copied().filter(|&d| holds(d)).collect();
        let mut offered = 0;
        let mut edge: Option<u32> = None;
        let mut visit = |(&doc, &date): (&DocId, &u32)| -> bool {
            if edge.is_some_and(|e| e != date) {
                return false;
            }
            if holds(doc) {
                taken.push(doc);
                offered += 1;
                if offered >= keep && edge.is_none() {
                    edge = Some(date);
                }
            }
            true
        };
        let order = self.dated.iter().zip(&self.ranks);
        if newest {
            for entry in order.rev() {
                if !visit(entry) {
                    break;
                }
            }
        } else {
            for entry in order {
                if !visit(entry) {
                    break;
                }
            }
        }
        taken.sort_unstable();
        taken.into_iter().for_each(&mut collect);
    }
}

/// The date orders of a searcher's segments, made from its second date sort on (a one-shot
/// search reads the column for its matches only).
pub type DateOrders = super::segments::PerSegment<DateOrder>;

impl DateOrders {
    /// The orders of every segment of `searcher` by the date column `field` (none for its
    /// first date sort).
    pub fn orders(
        &self,
        searcher: &tantivy::Searcher,
        field: &str,
    ) -> tantivy::Result<HashMap<SegmentId, Arc<DateOrder>>> {
        self.get(searcher, false, |reader| {
            DateOrder::of(reader, field).map(Some)
        })
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::{DateTime, Order};

    use crate::search::{Request, Searcher, Sort};
    use crate::testing::{dated, doc, index_in_segments};

    #[test]
    fn pages_from_the_date_order_are_the_date_collectors_ties_and_undated_included() {
        // Five dates for 240 documents, one in eight undated: ties at every page's edge.
        let docs: Vec<_> = (0..240usize)
            .map(|i| {
                let d = doc(&format!("d{i}"), "Report", "patrol drill");
                if i % 8 == 0 {
                    d
                } else {
                    dated(d, &format!("202{}-05-01", i % 5))
                }
            })
            .collect();
        let (dir, index) = index_in_segments(&docs, 120, 13);
        let mut searcher = Searcher::new(index).unwrap();
        searcher.keep_counts(false);
        let tantivy = searcher.reader.searcher();
        let field = searcher
            .index
            .fields
            .name(&searcher.index.schema, searcher.index.fields.sort_date);
        let mut through_orders = 0;
        for (sort, order) in [(Sort::DateDesc, Order::Desc), (Sort::Date, Order::Asc)] {
            for (offset, limit) in [(0, 1), (0, 7), (3, 20), (0, 300)] {
                let mut request = Request::new("patrol");
                request.exact = true;
                request.sort = sort;
                request.offset = offset;
                request.limit = limit;
                let counted = searcher.counted_query(&tantivy, &request).unwrap();
                let page = TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_fast_field::<DateTime>(field.clone(), order);
                let want: Vec<String> = tantivy
                    .search(&*counted, &page)
                    .unwrap()
                    .iter()
                    .map(|(_, address)| searcher.load(&tantivy, *address).unwrap().id)
                    .collect();
                through_orders +=
                    usize::from(!searcher.dates.orders(&tantivy, &field).unwrap().is_empty());
                let got: Vec<String> = searcher
                    .search(&request)
                    .unwrap()
                    .hits
                    .into_iter()
                    .map(|h| h.doc.id)
                    .collect();
                assert_eq!(got, want, "{sort:?} {offset}+{limit}");
            }
        }
        assert!(through_orders > 0);

        // A searcher of a later commit takes them on: its first date sort uses them.
        let later = Searcher::new(crate::index::Index::open(dir.path()).unwrap()).unwrap();
        later.adopt_facet_tables(&searcher);
        let orders = later
            .dates
            .orders(&later.reader.searcher(), &field)
            .unwrap();
        assert_eq!(orders.len(), tantivy.segment_readers().len());
    }
}
