//! Duplicates: the same release saved twice (another file name, another encoding, another
//! format) is indexed once. A document's fingerprint is a hash of its title and body with case,
//! spacing and punctuation ignored; a document whose fingerprint the index already holds (from a
//! file this run leaves alone, or from earlier in this run) is not added but remembered as a
//! duplicate, so `show` can list every path it was found at.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::schema::Fields;

/// The document a duplicate repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Original {
    pub id: String,
    pub path: String,
    /// Its outlet: the one the index counts for the text.
    pub source: Option<String>,
}

/// Finds duplicates during one update run.
pub struct Dedup<'a> {
    /// The index as it was when the run started.
    searcher: tantivy::Searcher,
    /// Its folder, for messages.
    dir: &'a Path,
    fields: &'a Fields,
    /// Files whose documents as indexed no longer count (changed or gone in this run).
    stale: &'a HashSet<String>,
    this_run: HashMap<String, Original>,
}

impl<'a> Dedup<'a> {
    pub fn new(
        searcher: tantivy::Searcher,
        dir: &'a Path,
        fields: &'a Fields,
        stale: &'a HashSet<String>,
    ) -> Dedup<'a> {
        Dedup {
            searcher,
            dir,
            fields,
            stale,
            this_run: HashMap::new(),
        }
    }

    /// The original `doc` repeats, or `None` (and `doc` becomes the original of its text).
    pub fn original_of(&mut self, doc: &Document) -> Result<Option<Original>> {
        let print = doc.fingerprint();
        if let Some(original) = self.this_run.get(&print) {
            return Ok(Some(original.clone()));
        }
        if let Some(original) = self.indexed(&print)? {
            return Ok(Some(original));
        }
        self.this_run.insert(
            print,
            Original {
                id: doc.id.clone(),
                path: doc.path.clone(),
                source: doc.source.clone(),
            },
        );
        Ok(None)
    }

    /// A live document of the index with this fingerprint, outside the stale files.
    fn indexed(&self, print: &str) -> Result<Option<Original>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.fingerprint, print),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(16).order_by_score())?;
        for (_, address) in top {
            let stored: TantivyDocument = self.searcher.doc(address)?;
            let Some(json) = stored.get_first(self.fields.doc).and_then(|v| v.as_str()) else {
                continue;
            };
            let doc: Document = serde_json::from_str(json).map_err(|e| Error::IndexUnreadable {
                path: self.dir.to_path_buf(),
                source: e.into(),
            })?;
            if !self.stale.contains(&doc.path) {
                return Ok(Some(Original {
                    id: doc.id,
                    path: doc.path,
                    source: doc.source,
                }));
            }
        }
        Ok(None)
    }
}
