//! What a searcher makes once per segment and keeps across searches and index generations: a
//! segment never changes once written (its deletions are applied apart), so what is made from
//! it stays right for as long as the segment exists.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::SegmentReader;

/// Something made per segment (decoded facet columns, a date order), kept by segment id.
pub struct PerSegment<T> {
    inner: Mutex<Inner<T>>,
}

struct Inner<T> {
    /// Searches that asked so far.
    asked: u32,
    kept: HashMap<SegmentId, Arc<T>>,
}

impl<T> Default for PerSegment<T> {
    fn default() -> Self {
        PerSegment {
            inner: Mutex::new(Inner {
                asked: 0,
                kept: HashMap::new(),
            }),
        }
    }
}

impl<T> PerSegment<T> {
    /// What every segment of `searcher` has, made by `make` where missing (`None`: the segment
    /// has none). Nothing for a searcher's first ask unless `warm`: a one-shot search reads
    /// what it needs itself, cheaper than making it for every segment.
    pub fn get(
        &self,
        searcher: &tantivy::Searcher,
        warm: bool,
        make: impl Fn(&SegmentReader) -> tantivy::Result<Option<T>>,
    ) -> tantivy::Result<HashMap<SegmentId, Arc<T>>> {
        let mut inner = self.lock();
        inner.asked = inner.asked.saturating_add(1);
        if inner.asked < 2 && !warm {
            return Ok(HashMap::new());
        }
        let mut out = HashMap::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let id = reader.segment_id();
            let made = match inner.kept.get(&id) {
                Some(made) => Arc::clone(made),
                None => match make(reader)? {
                    Some(made) => Arc::new(made),
                    None => continue,
                },
            };
            out.insert(id, made);
        }
        // Segments merged away or deleted whole are not read again.
        inner.kept = out.clone();
        Ok(out)
    }

    /// Takes on what `other` (a searcher of an earlier commit) made, for the segments this one
    /// has nothing for yet, and counts its asks: a searcher opened on a new commit makes only
    /// what the commit's new segments need.
    pub fn adopt(&self, other: &PerSegment<T>) {
        let theirs = other.lock();
        let mut inner = self.lock();
        inner.asked = inner.asked.max(theirs.asked);
        for (id, made) in &theirs.kept {
            inner.kept.entry(*id).or_insert_with(|| Arc::clone(made));
        }
    }

    /// Heap bytes held, each thing's as `size` says, and the number of segments.
    pub fn bytes(&self, size: impl Fn(&T) -> usize) -> (usize, usize) {
        let inner = self.lock();
        (inner.kept.values().map(|t| size(t)).sum(), inner.kept.len())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<T>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}
