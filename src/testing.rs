//! Helpers for the crate's unit tests: documents with few fields, and small indexes of them.

use std::path::PathBuf;

use crate::document::{Date, Document, Kind, Lang};
use crate::index::Index;

/// A release with this id, title and body, in English, with nothing else known.
pub fn doc(id: &str, title: &str, body: &str) -> Document {
    Document {
        id: id.into(),
        kind: Kind::Release,
        title: title.into(),
        body: body.into(),
        translation: None,
        lang: Lang::En,
        langs: vec![Lang::En],
        date: None,
        year: None,
        speakers: vec![],
        themes: vec![],
        tags: vec![],
        source: None,
        url: None,
        via: None,
        page_url: None,
        path: id.into(),
        record: None,
        parent: None,
        question: String::new(),
        position: None,
    }
}

/// `doc` dated `YYYY-MM-DD`.
pub fn dated(mut doc: Document, date: &str) -> Document {
    let date = Date::parse_iso(date).expect("a test date");
    doc.date = Some(date);
    doc.year = Some(date.year());
    doc
}

/// The `i`-th of a run of releases with `body`: `patrol` in the title of one in three, in the
/// outlet's name of one in five, dated over 25 years, and one in eleven an answer of a briefing
/// (which a grouped search leaves out): matches in three fields, scores to add up.
pub fn patrol_doc(i: usize, body: &str) -> Document {
    let title = if i % 3 == 0 {
        "Patrol report"
    } else {
        "Report"
    };
    let year = 2001 + (i * 7) % 25;
    let mut d = dated(doc(&format!("d{i}"), title, body), &format!("{year}-03-01"));
    if i % 5 == 0 {
        d.source = Some("Patrol Weekly".into());
    }
    if i % 11 == 0 {
        d.kind = Kind::Answer;
        d.parent = Some("d1".into());
    }
    d
}

/// An index in a temporary folder holding `docs`, committed as one segment.
pub fn index_of(docs: &[Document]) -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let index = Index::create(dir.path()).expect("a new index");
    let mut writer = index.writer(50 << 20).expect("a writer");
    for doc in docs {
        writer
            .add_document(index.fields.to_tantivy(doc))
            .expect("a document added");
    }
    writer.commit().expect("a commit");
    (dir, index)
}

/// An index in a temporary folder holding `docs` in segments of `per_segment` documents (one
/// indexing thread, so one segment a commit; none merged), less every `deleted`-th one (by
/// position, from the first).
pub fn index_in_segments(
    docs: &[Document],
    per_segment: usize,
    deleted: usize,
) -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let index = Index::create(dir.path()).expect("a new index");
    let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> = index
        .tantivy
        .writer_with_num_threads(1, 50 << 20)
        .expect("a writer");
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    for (i, doc) in docs.iter().enumerate() {
        writer
            .add_document(index.fields.to_tantivy(doc))
            .expect("a document added");
        if i % per_segment == per_segment - 1 {
            writer.commit().expect("a commit");
        }
    }
    for doc in docs.iter().step_by(deleted) {
        writer.delete_term(tantivy::Term::from_field_text(index.fields.id, &doc.id));
    }
    writer.commit().expect("a commit");
    (dir, index)
}

/// A file of the shared corpus, when this machine has it. Without it, the calling test says on
/// stderr that it skipped (written past the test harness's capture, so a run shows it).
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel);
    if path.is_file() {
        return Some(path);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test}: needs {}",
        path.display()
    );
    None
}
