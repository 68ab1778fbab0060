//! Duplicates: the same release saved twice (another file name, another encoding, another
//! format) is indexed once. A document's fingerprint is a hash of its title and body with case,
//! spacing and punctuation ignored; a document whose fingerprint the index already holds (from a
//! file this run leaves alone, or from earlier in this run) is not added but remembered as a
//! duplicate, so `show` can list every path it was found at.

use std::collections::{HashMap, HashSet};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::document::Document;
use crate::schema::Fields;

/// The document a duplicate repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Original {
    pub id: String,
    pub path: String,
}

/// Finds duplicates during one update run.
pub struct Dedup<'a> {
    /// The index as it was when the run started.
    searcher: tantivy::Searcher,
    fields: &'a Fields,
    /// Files whose documents as indexed no longer count (changed or gone in this run).
    stale: &'a HashSet<String>,
    this_run: HashMap<String, Original>,
}

impl<'a> Dedup<'a> {
    pub fn new(
        searcher: tantivy::Searcher,
        fields: &'a Fields,
        stale: &'a HashSet<String>,
    ) -> Dedup<'a> {
        Dedup {
            searcher,
            fields,
            stale,
            this_run: HashMap::new(),
        }
    }

    /// The original `doc` repeats, or `None` (and `doc` becomes the original of its text).
    pub fn original_of(&mut self, doc: &Document) -> Option<Original> {
        let print = fingerprint(doc);
        if let Some(original) = self.this_run.get(&print) {
            return Some(original.clone());
        }
        if let Some(original) = self.indexed(&print) {
            return Some(original);
        }
        self.this_run.insert(
            print,
            Original {
                id: doc.id.clone(),
                path: doc.path.clone(),
            },
        );
        None
    }

    /// A live document of the index with this fingerprint, outside the stale files.
    fn indexed(&self, print: &str) -> Option<Original> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.fingerprint, print),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(16).order_by_score())
            .ok()?;
        top.into_iter().find_map(|(_, address)| {
            let stored: TantivyDocument = self.searcher.doc(address).ok()?;
            let json = stored.get_first(self.fields.doc)?.as_str()?;
            let doc: Document = serde_json::from_str(json).ok()?;
            (!self.stale.contains(&doc.path)).then_some(Original {
                id: doc.id,
                path: doc.path,
            })
        })
    }
}

/// A hash of what a reader sees: title and body, letters and digits only, lowercased.
pub fn fingerprint(doc: &Document) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    for (i, part) in [&doc.title, &doc.body].into_iter().enumerate() {
        if i > 0 {
            // Not UTF-8: cannot occur in text, so it only marks where the title ends.
            feed(0xFF);
        }
        for c in part.chars().filter(|c| c.is_alphanumeric()) {
            for lower in c.to_lowercase() {
                let mut buf = [0; 4];
                lower.encode_utf8(&mut buf).bytes().for_each(&mut feed);
            }
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Kind, Lang};

    fn doc(title: &str, body: &str) -> Document {
        Document {
            id: "x".into(),
            kind: Kind::Release,
            title: title.into(),
            body: body.into(),
            translation: None,
            lang: Lang::En,
            date: None,
            year: None,
            speakers: vec![],
            themes: vec![],
            source: None,
            url: None,
            path: "x".into(),
            record: None,
            parent: None,
        }
    }

    #[test]
    fn fingerprints_ignore_case_spacing_and_punctuation() {
        let a = fingerprint(&doc("Peace Ark", "The ship  sailed,\r\nagain."));
        let b = fingerprint(&doc("peace ark", "The ship sailed again"));
        assert_eq!(a, b);
        assert_ne!(a, fingerprint(&doc("Peace Ark", "The ship sailed.")));
        assert_ne!(
            fingerprint(&doc("A", "BC")),
            fingerprint(&doc("AB", "C")),
            "the title/body boundary counts"
        );
    }
}
