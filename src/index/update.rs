//! Bringing an index in step with its corpus: new and changed files are read and their documents
//! replaced, deleted files' documents removed, unchanged files skipped. A file that cannot be used
//! is reported and skipped, and whatever the index held for it is kept.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tantivy::Term;

use crate::error::Result;
use crate::extract::Extractor;
use crate::index::dedup::Dedup;
use crate::index::state::{self, Duplicate, FileState, State};
use crate::index::Index;
use crate::ingest::{self, config::Config, CONFIG_FILE};

/// How to run an update.
#[derive(Clone, Debug)]
pub struct UpdateOptions {
    /// Start from an empty index.
    pub rebuild: bool,
    /// The indexing memory budget in bytes.
    pub memory_budget: usize,
    /// Commit after this many new documents, so a long run that dies keeps most of its work.
    pub commit_every: usize,
    /// Settings to use instead of the corpus's own `milpress.toml` (for a corpus one cannot
    /// write to).
    pub config: Option<PathBuf>,
}

impl Default for UpdateOptions {
    fn default() -> UpdateOptions {
        UpdateOptions {
            rebuild: false,
            memory_budget: 256 << 20,
            commit_every: 50_000,
            config: None,
        }
    }
}

/// A problem with one corpus file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    /// Path relative to the corpus root.
    pub path: String,
    pub message: String,
    /// True when something was left out (the whole file, or some of its records); false for a
    /// warning about a file that was indexed in full (e.g. bytes replaced).
    pub skipped: bool,
}

/// What an update did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files of a readable format found in the corpus.
    pub files_seen: usize,
    /// Files read this run (new or changed).
    pub files_read: usize,
    pub files_unchanged: usize,
    /// Files in formats milpress does not read (left alone, not an error).
    pub files_unsupported: usize,
    /// Files with at least one problem.
    pub files_with_errors: usize,
    pub docs_added: u64,
    pub docs_updated: u64,
    pub docs_removed: u64,
    pub docs_unchanged: u64,
    /// Documents not indexed because another file holds the same text.
    pub duplicates: Vec<DuplicateFound>,
    pub problems: Vec<FileProblem>,
}

/// A document left out because it repeats one already indexed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateFound {
    pub path: String,
    pub id: String,
    pub of_id: String,
}

impl Summary {
    /// Whether anything was left out: the run's exit code is then 2.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.skipped)
    }

    fn problem(&mut self, path: &str, message: String, skipped: bool) {
        self.problems.push(FileProblem {
            path: path.to_string(),
            message,
            skipped,
        });
    }
}

/// Told about progress, file by file.
pub trait Progress {
    fn start(&mut self, _files: usize) {}
    fn file_done(&mut self, _path: &str) {}
    fn finish(&mut self) {}
}

/// Progress nobody watches.
impl Progress for () {}

/// Brings the index in `index_dir` in step with the corpus at `corpus` (creating the index when
/// there is none).
pub fn update(
    corpus: &Path,
    index_dir: &Path,
    options: &UpdateOptions,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let mut summary = Summary::default();
    if !corpus.is_dir() {
        return Err(crate::error::Error::Corpus {
            path: corpus.to_path_buf(),
            message: "not a folder (or it does not exist)".to_string(),
        });
    }
    let index = if options.rebuild || !Index::exists(index_dir) {
        Index::create(index_dir)?
    } else {
        Index::open(index_dir)?
    };
    let mut writer = index.writer(options.memory_budget)?;
    let mut state = if options.rebuild {
        State::default()
    } else {
        State::load(index_dir)
    };

    let config_path = options
        .config
        .clone()
        .unwrap_or_else(|| corpus.join(CONFIG_FILE));
    let config_text = match std::fs::read_to_string(&config_path) {
        Ok(text) => Some(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && options.config.is_none() => None,
        Err(err) => {
            return Err(crate::error::Error::Corpus {
                path: config_path,
                message: err.to_string(),
            })
        }
    };
    let parsed = config_text.as_deref().map(Config::parse);
    let (config, config_print) = match parsed {
        None => (Config::default(), 0),
        Some(Ok(config)) => (
            config,
            fingerprint(config_text.unwrap_or_default().as_bytes()),
        ),
        Some(Err(err)) => {
            // Problems are named relative to the corpus; an outside file by its full path.
            let shown = match &options.config {
                Some(path) => path
                    .canonicalize()
                    .unwrap_or_else(|_| path.clone())
                    .display()
                    .to_string(),
                None => CONFIG_FILE.to_string(),
            };
            summary.problem(&shown, format!("{err}; using the defaults"), true);
            (Config::default(), 0)
        }
    };
    let reread_all = state.version != state::VERSION || state.config != config_print;
    let corpus_named = Some(corpus.display().to_string());
    // A run that finds nothing to do writes nothing: no commit, no state file.
    let mut changed = reread_all || state.corpus != corpus_named;
    state.version = state::VERSION;
    state.config = config_print;
    state.corpus = corpus_named;
    let extractor = Extractor::new().with_theme_overrides(config.themes());

    let walk = ingest::walk(corpus, Some(index_dir), &config);
    summary.files_seen = walk.files.len();
    summary.files_unsupported = walk.unsupported.len();
    for (path, reason) in &walk.errors {
        summary.problem(path, reason.clone(), true);
    }
    progress.start(walk.files.len());

    // What this run replaces: changed files (all of them when everything is re-read) and files
    // gone from the corpus. Their documents as indexed do not count as originals any more, and
    // files holding duplicates of them are read again so a duplicate can take over.
    let on_disk: HashSet<&str> = walk.files.iter().map(|f| f.rel.as_str()).collect();
    let unreadable: Vec<&str> = walk.errors.iter().map(|(p, _)| p.as_str()).collect();
    let mut stale: HashSet<String> = walk
        .files
        .iter()
        .filter(|f| {
            reread_all
                || state
                    .files
                    .get(&f.rel)
                    .is_none_or(|s| s.size != f.size || s.mtime != f.mtime)
        })
        .map(|f| f.rel.clone())
        .collect();
    let gone: Vec<String> = state
        .files
        .keys()
        .filter(|rel| !on_disk.contains(rel.as_str()))
        // An unreadable folder is not a deleted one.
        .filter(|rel| !unreadable.iter().any(|u| rel.starts_with(u)))
        .cloned()
        .collect();
    stale.extend(gone.iter().cloned());
    let orphaned: HashSet<String> = state
        .files
        .iter()
        .filter(|(_, file)| file.duplicates.iter().any(|d| stale.contains(&d.of_path)))
        .map(|(rel, _)| rel.clone())
        .collect();
    stale.extend(orphaned.iter().cloned());

    let reader = index.reader()?;
    let mut dedup = Dedup::new(reader.searcher(), &index.fields, &stale);
    let mut pending = 0;
    for file in &walk.files {
        let before = state.files.get(&file.rel);
        let old_docs = before.map_or(0, |s| s.docs);
        if !stale.contains(&file.rel) {
            summary.files_unchanged += 1;
            summary.docs_unchanged += old_docs;
            progress.file_done(&file.rel);
            continue;
        }
        let outcome = ingest::read_file(file, &config, &extractor);
        let indexed = !outcome.failed;
        for message in outcome.errors {
            summary.problem(&file.rel, message, true);
        }
        for message in outcome.warnings {
            // A warning about a file that could not be used at all is moot.
            summary.problem(&file.rel, message, !indexed);
        }
        progress.file_done(&file.rel);
        if !indexed {
            // Keep what the index already holds for it; the next run tries again.
            summary.docs_unchanged += old_docs;
            continue;
        }
        summary.files_read += 1;
        writer.delete_term(Term::from_field_text(index.fields.path, &file.rel));
        let mut new_docs = 0;
        let mut duplicates = Vec::new();
        for doc in &outcome.docs {
            if let Some(original) = dedup.original_of(doc) {
                summary.duplicates.push(DuplicateFound {
                    path: file.rel.clone(),
                    id: doc.id.clone(),
                    of_id: original.id.clone(),
                });
                duplicates.push(Duplicate {
                    id: doc.id.clone(),
                    of_id: original.id,
                    of_path: original.path,
                });
                continue;
            }
            writer.add_document(index.fields.to_tantivy(doc))?;
            new_docs += 1;
        }
        summary.docs_updated += old_docs.min(new_docs);
        summary.docs_added += new_docs.saturating_sub(old_docs);
        summary.docs_removed += old_docs.saturating_sub(new_docs);
        state.files.insert(
            file.rel.clone(),
            FileState {
                size: file.size,
                mtime: file.mtime,
                docs: new_docs,
                duplicates,
            },
        );
        pending += new_docs as usize;
        if pending >= options.commit_every {
            writer.commit()?;
            state.save(index_dir)?;
            pending = 0;
        }
    }

    // Files gone from the corpus take their documents with them.
    for rel in gone {
        writer.delete_term(Term::from_field_text(index.fields.path, &rel));
        if let Some(old) = state.files.remove(&rel) {
            summary.docs_removed += old.docs;
        }
    }

    changed |= !stale.is_empty();
    if changed {
        writer.commit()?;
        state.save(index_dir)?;
    }
    writer.wait_merging_threads()?;
    summary.files_with_errors = summary
        .problems
        .iter()
        .map(|p| p.path.as_str())
        .collect::<HashSet<_>>()
        .len();
    progress.finish();
    Ok(summary)
}

/// FNV-1a: a stable fingerprint (std's hasher may change between Rust releases).
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
