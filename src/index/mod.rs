//! The index on disk: opening and creating it, and keeping it in step with a corpus
//! ([`update`]).
//!
//! An index is a tantivy directory plus `milpress-files.tsv` (`state`), which remembers what
//! each corpus file looked like when it was last read, so that unchanged files are not read again.

mod dedup;
mod directory;
pub mod learned;
mod state;
pub mod tables;
mod update;
mod vocabulary;
pub mod words;

use std::path::{Path, PathBuf};

use tantivy::directory::error::LockError;
use tantivy::indexer::LogMergePolicy;
use tantivy::schema::Schema;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{IndexReader, IndexSettings, ReloadPolicy, TantivyDocument, TantivyError};

use crate::analysis;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::schema::{self, Fields};

pub use update::{
    folders_to_update, update, update_folders, DuplicateFound, FileProblem, Plan, Progress, Stamp,
    Summary, UpdateOptions,
};

/// Bytes of stored documents compressed together. Bigger blocks compress better (64 KiB instead
/// of tantivy's 16 KiB: an index 5% smaller at 100k documents) at the cost of decompressing more
/// to read one document; at this size the ten documents a search shows cost no measurable time.
const STORE_BLOCK: usize = 64 << 10;

/// An open milpress index.
pub struct Index {
    pub dir: PathBuf,
    pub tantivy: tantivy::Index,
    pub schema: Schema,
    pub fields: Fields,
}

impl Index {
    /// Whether `dir` holds an index (it may still be unreadable).
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").is_file()
    }

    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Index> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::IndexNotAFolder(dir.to_path_buf()));
        }
        if !Index::exists(dir) {
            return Err(Error::IndexMissing(dir.to_path_buf()));
        }
        let tantivy = directory::IndexDirectory::open(dir)
            .and_then(tantivy::Index::open)
            .map_err(|e| match directory::read_denied(&e) {
                true => Error::IndexNotReadable(dir.to_path_buf()),
                false => Error::IndexUnreadable {
                    path: dir.to_path_buf(),
                    source: e.into(),
                },
            })?;
        let schema = tantivy.schema();
        let fields = Fields::from_schema(&schema)
            .filter(|_| schema == schema::build().0)
            .ok_or_else(|| Error::unreadable(dir, "it was built by another version of milpress"))?;
        Ok(Index::ready(dir, tantivy, fields))
    }

    /// Creates an empty index in `dir`, replacing any index files already there (other files in
    /// the folder are left alone).
    pub fn create(dir: &Path) -> Result<Index> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::IndexNotAFolder(dir.to_path_buf()));
        }
        std::fs::create_dir_all(dir)?;
        clear_index_files(dir)?;
        let (schema, fields) = schema::build();
        // zstd keeps the stored documents (the largest part of an index) about a third smaller
        // than the default lz4, at a cost only `show` and snippets of the top hits pay.
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor::default()),
            docstore_blocksize: STORE_BLOCK,
            ..IndexSettings::default()
        };
        let tantivy = tantivy::Index::builder()
            .schema(schema)
            .settings(settings)
            .create_in_dir(dir)?;
        Ok(Index::ready(dir, tantivy, fields))
    }

    /// An index opened or created in `dir`, with milpress's analyzers registered.
    fn ready(dir: &Path, tantivy: tantivy::Index, fields: Fields) -> Index {
        analysis::register(&tantivy);
        Index {
            dir: dir.to_path_buf(),
            schema: tantivy.schema(),
            tantivy,
            fields,
        }
    }

    /// Every corpus path the text of `doc` was found at: its own, then those of its duplicates.
    pub fn paths_of(&self, doc: &Document) -> Vec<String> {
        state::State::load(&self.dir).paths_of(&doc.id, &doc.path)
    }

    /// A reader that sees the last commit.
    pub fn reader(&self) -> Result<IndexReader> {
        self.tantivy
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| match directory::read_denied(&e) {
                true => Error::IndexNotReadable(self.dir.clone()),
                false => e.into(),
            })
    }

    /// A writer with a memory budget in bytes; fails with [`Error::IndexLocked`] when another
    /// process is writing. The lock is an OS file lock, so a crashed writer never leaves it
    /// behind.
    pub fn writer(&self, memory_budget: usize) -> Result<tantivy::IndexWriter<TantivyDocument>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let budget = memory_budget.max(threads * 15_000_000);
        let writer = self
            .tantivy
            .writer_with_num_threads(threads, budget)
            .map_err(|err| match err {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    Error::IndexLocked(self.dir.clone())
                }
                TantivyError::LockFailure(LockError::IoError(io), _)
                    if directory::not_writable(&io) =>
                {
                    Error::IndexNotWritable(self.dir.clone())
                }
                other => Error::Tantivy(other),
            })?;
        writer.set_merge_policy(Box::new(read_path_merge_policy()));
        Ok(writer)
    }
}

/// tantivy's log merge policy, tuned for searching after many incremental runs: each run adds a
/// small segment, and four of them (not eight) are merged into one, which costs little at their
/// size and keeps the segments a search visits few; a segment that has lost half its documents
/// to re-read files is rewritten, so deleted documents stop costing every query that meets them.
fn read_path_merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_min_num_segments(4);
    policy.set_del_docs_ratio_before_merge(0.5);
    policy
}

/// The folder of an index where the counts of its frequent words are kept, a file per
/// segment (written by [`crate::search::kept`]).
pub const COUNTS_FOLDER: &str = "counts";

/// How many segments [`optimize`] leaves: one per core (at most 4), so that a search can read
/// them all at once, one thread each.
pub fn segments_wanted() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// Merges the segments of the index in `dir` into `wanted` segments of about the same number of
/// documents (fewer when there are fewer segments to start with), so queries stop paying per
/// segment after many incremental runs while a search can still use every core. Returns the
/// number of segments before and after.
pub fn optimize(dir: &Path, memory_budget: usize, wanted: usize) -> Result<(usize, usize)> {
    let index = Index::open(dir)?;
    let metas = index.tantivy.searchable_segment_metas()?;
    let before = metas.len();
    // Largest first, each into the group with the fewest documents so far.
    let mut sizes: Vec<(u32, tantivy::index::SegmentId)> =
        metas.iter().map(|m| (m.num_docs(), m.id())).collect();
    sizes.sort_by_key(|s| std::cmp::Reverse(s.0));
    // A segment's files stay on disk while its meta is alive.
    drop(metas);
    let mut groups: Vec<(u64, Vec<tantivy::index::SegmentId>)> =
        vec![(0, Vec::new()); wanted.max(1)];
    for (docs, id) in sizes {
        let smallest = groups
            .iter_mut()
            .min_by_key(|(total, _)| *total)
            .expect("at least one group");
        smallest.0 += u64::from(docs);
        smallest.1.push(id);
    }
    let merges: Vec<Vec<tantivy::index::SegmentId>> = groups
        .into_iter()
        .map(|(_, ids)| ids)
        .filter(|ids| ids.len() > 1)
        .collect();
    if !merges.is_empty() {
        let mut writer = index.writer(memory_budget)?;
        for ids in merges {
            writer.merge(&ids).wait()?;
        }
        // The merged segments' files are read no more: without this they stay on disk (the
        // index twice its size) until the next index run.
        writer.garbage_collect_files().wait()?;
        writer.wait_merging_threads()?;
    }
    let after = index.tantivy.searchable_segment_ids()?.len();
    Ok((before, after))
}

/// Puts the index built in `staging` in the place of the one in `dir`, and removes `staging`.
/// Its segments and milpress's files move in first, then its `meta.json` in one rename (the
/// moment searches switch to it), then the list of files it holds; the old segments' files go
/// last. A run killed on the way leaves an index that opens: the old one, or the new one.
pub fn swap_in(staging: &Path, dir: &Path) -> Result<()> {
    const LAST: [&str; 2] = ["meta.json", state::FILE_NAME];
    for entry in std::fs::read_dir(staging)? {
        let entry = entry?;
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        // The staging index's own lock files stay behind, and go with it.
        if LAST.contains(&name_text.as_ref()) || name_text.starts_with(".tantivy-") {
            continue;
        }
        let target = dir.join(&name);
        if entry.file_type()?.is_dir() && target.is_dir() {
            std::fs::remove_dir_all(&target)?;
        }
        std::fs::rename(entry.path(), target)?;
    }
    for name in LAST {
        let from = staging.join(name);
        if from.is_file() {
            std::fs::rename(from, dir.join(name))?;
        }
    }
    std::fs::remove_dir_all(staging)?;
    // The old index's segments: every segment file the new index does not name (an index that
    // does not open here is an error, never a reason to remove every segment).
    let live: Vec<String> = tantivy::Index::open_in_dir(dir)?
        .searchable_segment_ids()?
        .iter()
        .map(|id| id.uuid_string())
        .collect();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // `<segment>.idx`, and `<segment>.<opstamp>.del` for its deletions.
        let (Some(stem), Some(extension)) = (name.split('.').next(), name.rsplit('.').next())
        else {
            continue;
        };
        let segment_file = stem.len() == 32
            && stem.bytes().all(|b| b.is_ascii_hexdigit())
            && SEGMENT_EXTENSIONS.contains(&extension);
        if segment_file && !live.iter().any(|id| id == stem) && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// The extensions of a segment's files.
const SEGMENT_EXTENSIONS: &[&str] = &["idx", "pos", "term", "fast", "fieldnorm", "store", "del"];

/// Removes the files tantivy and milpress write in an index folder, and nothing else.
fn clear_index_files(dir: &Path) -> Result<()> {
    let counts = dir.join(COUNTS_FOLDER);
    if counts.is_dir() {
        std::fs::remove_dir_all(counts)?;
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = matches!(
            name.as_str(),
            "meta.json"
                | ".managed.json"
                | state::FILE_NAME
                | state::OLD_FILE_NAME
                | vocabulary::VOCABULARY_FILE
        ) || name.starts_with(".tantivy-")
            || Path::new(&name)
                .extension()
                .is_some_and(|e| SEGMENT_EXTENSIONS.iter().any(|x| e == *x));
        if ours && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{doc, index_of};

    #[test]
    fn opening_a_folder_without_an_index_says_so() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Index::open(dir.path()),
            Err(Error::IndexMissing(_))
        ));
    }

    #[test]
    fn a_damaged_index_asks_for_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("meta.json"), "{ not json").unwrap();
        let err = Index::open(dir.path()).err().unwrap();
        assert!(matches!(err, Error::IndexUnreadable { .. }), "{err}");
        assert!(err.to_string().contains("--rebuild"), "{err}");
        assert!(
            std::error::Error::source(&err).is_some(),
            "the cause is kept"
        );
    }

    #[test]
    fn create_replaces_index_files_and_leaves_others() {
        let (dir, _) = index_of(&[doc("a", "One", "one")]);
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let index = Index::create(dir.path()).unwrap();
        assert_eq!(index.reader().unwrap().searcher().num_docs(), 0);
        assert!(dir.path().join("notes.txt").is_file());
    }

    #[test]
    fn optimize_merges_segments() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create(dir.path()).unwrap();
        let mut writer = index.writer(50 << 20).unwrap();
        // Three commits: four small segments would be merged by the writer's own policy.
        for i in 0..3 {
            let d = doc(&format!("d{i}"), "drill", "drill");
            writer.add_document(index.fields.to_tantivy(&d)).unwrap();
            writer.commit().unwrap();
        }
        writer.wait_merging_threads().unwrap();
        let (before, after) = optimize(dir.path(), 50 << 20, 1).unwrap();
        assert!(before >= 2, "{before}");
        assert_eq!(after, 1);
        let reopened = Index::open(dir.path()).unwrap();
        assert_eq!(reopened.reader().unwrap().searcher().num_docs(), 3);
    }
}
