//! What the translation tables were last built from: the hashes of the index's words they
//! depend on, and the segments those words were read from ([`VOCABULARY_FILE`], beside the
//! index).
//!
//! Segments never change once written, so a run only has to read the terms of the segments it
//! has not seen (the one or two it just wrote, or a merge of small ones) to know whether the
//! index gained a word: at a million documents that is milliseconds, where streaming every
//! term of every segment costs about 0.2 s. A word that left the index with its last document
//! keeps its rows until the tables are next rebuilt: they translate to a form nothing matches.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write;
use std::path::Path;

use tantivy::schema::Field;

use super::tables::{depends_on, write_atomically};
use crate::document::Fnv1a;
use crate::error::Result;

/// The file beside the index that holds the known vocabulary.
pub const VOCABULARY_FILE: &str = "milpress-vocabulary.txt";

/// The first line of [`VOCABULARY_FILE`]: a file without it is not trusted.
const HEADER: &str = "# milpress vocabulary 1";

/// The words the tables were built from, by hash, and where they were read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Known {
    /// The tables' fingerprint when these words were read: they describe those tables only.
    pub fingerprint: String,
    /// Segment ids (tantivy's uuid strings) whose terms are all in `hashes`.
    pub segments: HashSet<String>,
    /// Sorted, distinct.
    hashes: Vec<u64>,
}

impl Known {
    /// The words `terms` (those the tables depend on), read from `segments`.
    pub fn new<'t>(
        fingerprint: String,
        segments: HashSet<String>,
        terms: impl IntoIterator<Item = &'t str>,
    ) -> Known {
        let mut hashes: Vec<u64> = terms
            .into_iter()
            .filter(|t| depends_on(t))
            .map(|t| Fnv1a::hash(t.as_bytes()))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        Known {
            fingerprint,
            segments,
            hashes,
        }
    }

    /// Reads the file beside the index in `dir`: `None` when it is missing, from another
    /// version, or damaged (the caller then reads every term again).
    pub fn load(dir: &Path) -> Option<Known> {
        let text = std::fs::read_to_string(dir.join(VOCABULARY_FILE)).ok()?;
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let fingerprint = lines.next()?.to_string();
        let segments = lines.next()?.split_whitespace().map(String::from).collect();
        let mut hashes = Vec::new();
        for line in lines {
            hashes.push(u64::from_str_radix(line, 16).ok()?);
        }
        // Written sorted; a file that is not was not written by this code.
        if !hashes.is_sorted() {
            return None;
        }
        Some(Known {
            fingerprint,
            segments,
            hashes,
        })
    }

    /// Writes the file beside the index in `dir`, atomically.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let mut segments: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        segments.sort_unstable();
        let mut text = format!("{HEADER}\n{}\n{}\n", self.fingerprint, segments.join(" "));
        text.reserve(self.hashes.len() * 17);
        for hash in &self.hashes {
            // Writing to a String cannot fail.
            let _ = writeln!(text, "{hash:016x}");
        }
        write_atomically(&dir.join(VOCABULARY_FILE), text)
    }

    /// The words the tables depend on that these words do not know, read from the segments of
    /// `searcher` they were not read from, in one of `fields`: sorted, each once, and at most
    /// `limit` of them (a caller that would rebuild beyond that need not hear of more).
    pub fn new_words(
        &self,
        searcher: &tantivy::Searcher,
        fields: &[Field],
        limit: usize,
    ) -> Result<Vec<String>> {
        let mut found: BTreeSet<String> = BTreeSet::new();
        // Left out of the tables (see `tables::vocabulary`).
        let added = crate::analysis::chinese::added_words();
        for segment in searcher.segment_readers() {
            if self.segments.contains(&segment.segment_id().uuid_string()) {
                continue;
            }
            for &field in fields {
                let inverted = segment.inverted_index(field)?;
                let mut terms = inverted.terms().stream()?;
                while terms.advance() {
                    let Ok(term) = std::str::from_utf8(terms.key()) else {
                        continue;
                    };
                    if depends_on(term)
                        && !self.knows(term)
                        && !added.contains(term)
                        && !found.contains(term)
                    {
                        found.insert(term.to_string());
                        if found.len() >= limit {
                            return Ok(found.into_iter().collect());
                        }
                    }
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    /// Whether `term` is one of these words (by hash).
    pub fn knows(&self, term: &str) -> bool {
        self.hashes
            .binary_search(&Fnv1a::hash(term.as_bytes()))
            .is_ok()
    }

    /// Adds `terms` (those the tables depend on) to these words.
    pub fn add<'t>(&mut self, terms: impl IntoIterator<Item = &'t str>) {
        self.hashes.extend(
            terms
                .into_iter()
                .filter(|t| depends_on(t))
                .map(|t| Fnv1a::hash(t.as_bytes())),
        );
        self.hashes.sort_unstable();
        self.hashes.dedup();
    }
}

/// The ids of every segment `searcher` reads.
pub fn segment_ids(searcher: &tantivy::Searcher) -> HashSet<String> {
    searcher
        .segment_readers()
        .iter()
        .map(|s| s.segment_id().uuid_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{doc, index_of};

    #[test]
    fn the_file_round_trips_and_a_foreign_one_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let segments: HashSet<String> = ["b1", "a2"].map(String::from).into();
        let known = Known::new(
            "fp 2 0000".into(),
            segments,
            ["塔利班", "taliban", "2015", "塔", "taliban"],
        );
        assert_eq!(
            known.hashes.len(),
            2,
            "numbers and single characters translate nothing"
        );
        known.save(dir.path()).unwrap();
        assert_eq!(Known::load(dir.path()), Some(known));
        std::fs::write(dir.path().join(VOCABULARY_FILE), "a\nb\nc\n").unwrap();
        assert_eq!(Known::load(dir.path()), None);
        std::fs::write(
            dir.path().join(VOCABULARY_FILE),
            format!("{HEADER}\nfp\na\nzz\n"),
        )
        .unwrap();
        assert_eq!(Known::load(dir.path()), None, "a damaged hash");
    }

    #[test]
    fn only_segments_not_read_are_read_and_only_new_words_count() {
        let (_dir, index) = index_of(&[doc("a", "塔利班 in Kunduz", "The Taliban took Kunduz.")]);
        let fields = [index.fields.title, index.fields.body];
        let searcher = index.tantivy.reader().unwrap().searcher();
        let mut terms = Vec::new();
        for segment in searcher.segment_readers() {
            for field in fields {
                let inverted = segment.inverted_index(field).unwrap();
                let mut stream = inverted.terms().stream().unwrap();
                while stream.advance() {
                    terms.push(String::from_utf8(stream.key().to_vec()).unwrap());
                }
            }
        }
        let known = Known::new(
            String::new(),
            segment_ids(&searcher),
            terms.iter().map(String::as_str),
        );
        let grows = |known: &Known, searcher: &tantivy::Searcher| {
            !known.new_words(searcher, &fields, 10).unwrap().is_empty()
        };
        assert!(!grows(&known, &searcher));

        // A new segment with only known words (and a number) does not grow it; one with a
        // new word does.
        let add = |d| {
            let mut writer = index.writer(50 << 20).unwrap();
            writer.add_document(index.fields.to_tantivy(&d)).unwrap();
            writer.commit().unwrap();
            index.tantivy.reader().unwrap().searcher()
        };
        let searcher = add(doc("b", "Kunduz 2016", "塔利班 took Kunduz"));
        assert!(!grows(&known, &searcher));
        let searcher = add(doc("c", "Helmand", "塔利班"));
        assert!(grows(&known, &searcher));
        let all = Known {
            segments: segment_ids(&searcher),
            ..Known::default()
        };
        assert!(!grows(&all, &searcher), "read segments are skipped");
    }
}
