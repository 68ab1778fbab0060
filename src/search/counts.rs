//! The totals and facet counts of recent searches, kept by the searcher for the index
//! generation they were counted on.
//!
//! Exact facets mean visiting every match, which at a million documents is most of the time a
//! search takes for a common word; the page itself needs only a pruned pass (block-max WAND).
//! A query asked again on an unchanged index (the next page, a popular word in `serve`, a
//! bench) has the same matches, so its counts are taken from here and only the page is
//! searched. A new generation (an index run committed) empties the cache: counts are never
//! stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::facets::Facets;
use super::Request;

/// Queries whose counts are kept; the one unused longest makes room for a new one.
const KEPT: usize = 256;

/// What a search counted: every match, and the facets over them.
#[derive(Debug)]
pub struct Counts {
    pub total: usize,
    pub facets: Facets,
}

/// Counts by query, for one index generation.
#[derive(Default)]
pub struct CountCache {
    inner: Mutex<Inner>,
    /// Keep nothing: every search counts (what a query asked for the first time costs).
    pub(super) off: bool,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    /// Bumped at every look-up: an entry's last use, to find the oldest.
    clock: u64,
    entries: HashMap<String, (u64, Arc<Counts>)>,
}

/// What decides a request's matches: its query, `any`, `exact` and filters (not its page, sort
/// or snippet length).
pub fn key(request: &Request) -> String {
    format!(
        "{:?}\u{0}{}\u{0}{}\u{0}{}\u{0}{:?}",
        request.query, request.any, request.exact, request.body_only, request.filters
    )
}

impl CountCache {
    /// The counts of `key` on index generation `generation`, when they were kept.
    pub fn get(&self, generation: u64, key: &str) -> Option<Arc<Counts>> {
        if self.off {
            return None;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.generation != generation {
            return None;
        }
        inner.clock += 1;
        let now = inner.clock;
        let (used, counts) = inner.entries.get_mut(key)?;
        *used = now;
        Some(Arc::clone(counts))
    }

    /// Keeps the counts of `key` on index generation `generation`.
    pub fn put(&self, generation: u64, key: String, counts: Counts) {
        if self.off {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.generation != generation {
            // Counts of another generation describe another index: dropped. (A search that
            // began on an older generation than the kept one does not replace them.)
            if generation < inner.generation {
                return;
            }
            inner.entries.clear();
            inner.generation = generation;
        }
        if inner.entries.len() >= KEPT && !inner.entries.contains_key(&key) {
            let oldest = inner
                .entries
                .iter()
                .min_by_key(|(_, (used, _))| *used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                inner.entries.remove(&oldest);
            }
        }
        inner.clock += 1;
        let now = inner.clock;
        inner.entries.insert(key, (now, Arc::new(counts)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(total: usize) -> Counts {
        Counts {
            total,
            facets: Facets::default(),
        }
    }

    #[test]
    fn counts_are_kept_for_their_generation_only() {
        let cache = CountCache::default();
        cache.put(3, "navy".into(), counts(7));
        assert_eq!(cache.get(3, "navy").map(|c| c.total), Some(7));
        assert!(cache.get(3, "army").is_none());
        assert!(cache.get(4, "navy").is_none(), "another generation");
        cache.put(4, "army".into(), counts(2));
        assert!(cache.get(3, "navy").is_none());
        assert!(
            cache.get(4, "navy").is_none(),
            "emptied by the new generation"
        );
        cache.put(3, "navy".into(), counts(7));
        assert!(
            cache.get(4, "navy").is_none(),
            "a late search on an older generation keeps nothing"
        );
    }

    #[test]
    fn the_query_unused_longest_makes_room() {
        let cache = CountCache::default();
        for i in 0..KEPT {
            cache.put(1, format!("q{i}"), counts(i));
        }
        assert!(cache.get(1, "q0").is_some());
        cache.put(1, "new".into(), counts(0));
        assert!(cache.get(1, "q0").is_some(), "used lately");
        assert!(cache.get(1, "q1").is_none(), "unused longest");
        assert!(cache.get(1, "new").is_some());
    }

    #[test]
    fn the_key_is_what_decides_the_matches() {
        let mut a = Request::new("navy");
        let mut b = Request::new("navy");
        b.limit = 3;
        b.offset = 9;
        b.sort = crate::search::Sort::Date;
        assert_eq!(key(&a), key(&b), "the page and the order do not count");
        b.exact = true;
        assert_ne!(key(&a), key(&b));
        a.exact = true;
        a.filters.years = Some((2024, 2024));
        assert_ne!(key(&a), key(&b));
    }
}
