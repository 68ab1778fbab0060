//! Bringing an index in step with its corpus: new and changed files are read and their documents
//! replaced, deleted files' documents removed, unchanged files skipped. A file that cannot be used
//! is reported and skipped, and whatever the index held for it is kept.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tantivy::Term;

use crate::document::Kind;
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::index::dedup::Dedup;
use crate::index::state::{self, Duplicate, FileState, Folder, State};
use crate::index::Index;
use crate::ingest::config::{Config, ConfigError};
use crate::ingest::{self, CONFIG_FILE};

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
    /// Folders whose documents leave the index (and which it stops remembering).
    pub forget: Vec<PathBuf>,
}

impl Default for UpdateOptions {
    fn default() -> UpdateOptions {
        UpdateOptions {
            rebuild: false,
            memory_budget: 256 << 20,
            commit_every: 50_000,
            config: None,
            forget: Vec::new(),
        }
    }
}

/// A problem with one corpus file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    /// The corpus folder of the file.
    pub folder: PathBuf,
    /// Path relative to the corpus folder (with the folder's name in front where the index
    /// stores it so).
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
    /// Files with at least one problem that left something out, this run or (unchanged since)
    /// an earlier one.
    pub files_with_errors: usize,
    /// Unchanged files that could not be used when last read, with why: not read again, and
    /// not this run's errors.
    pub failed_before: Vec<FileProblem>,
    /// What earlier runs left out of unchanged files that were indexed otherwise (a record that
    /// could not be read): still missing, and not this run's errors.
    pub left_out_before: Vec<FileProblem>,
    pub docs_added: u64,
    pub docs_updated: u64,
    pub docs_removed: u64,
    pub docs_unchanged: u64,
    /// Documents not indexed because another file holds the same text.
    pub duplicates: Vec<DuplicateFound>,
    pub problems: Vec<FileProblem>,
    /// Things worth knowing that are not problems (an empty file).
    pub notes: Vec<FileProblem>,
}

/// A document left out because it repeats one already indexed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateFound {
    pub folder: PathBuf,
    pub path: String,
    pub id: String,
    pub of_id: String,
    /// The copy's outlet, when it is not the original's (which alone is counted).
    pub other_source: Option<String>,
}

impl Summary {
    /// Whether the index lacks anything of the corpus because of an error, found this run or
    /// (in a file unchanged since) an earlier one: the run's exit code is then 2.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.skipped)
            || !self.failed_before.is_empty()
            || !self.left_out_before.is_empty()
    }

    fn problem(&mut self, folder: &Path, path: &str, message: String, skipped: bool) {
        self.problems.push(FileProblem {
            folder: folder.to_path_buf(),
            path: path.to_string(),
            message,
            skipped,
        });
    }
}

/// What a run says of the files of a folder it did not read for their type: their names when
/// they are few, else how many of each extension.
/// Images, styles, scripts, fonts and media of a saved page are left out: no document is
/// expected in them.
fn unsupported_note(files: &[String]) -> Option<String> {
    const NAMED: usize = 5;
    const NOT_DOCUMENTS: &[&str] = &[
        "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "css", "js",
        "mjs", "map", "woff", "woff2", "ttf", "otf", "eot", "mp4", "mp3", "webm", "avi", "mov",
        "wav", "zip", "gz", "7z", "rar", "exe", "dll", "so", "o", "ds_store",
    ];
    let kind = |rel: &str| {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
            _ => "no extension".to_string(),
        }
    };
    let files: Vec<&String> = files
        .iter()
        .filter(|f| {
            let name = f.rsplit('/').next().unwrap_or(f);
            !name.starts_with('.') && !NOT_DOCUMENTS.contains(&kind(f).as_str())
        })
        .collect();
    if files.is_empty() {
        return None;
    }
    let listed = if files.len() <= NAMED {
        files
            .iter()
            .map(|f| match kind(f).as_str() {
                "no extension" => format!("{f} (no extension)"),
                _ => f.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for f in &files {
            *counts.entry(kind(f)).or_default() += 1;
        }
        counts
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let n = files.len();
    Some(format!(
        "{n} file{} of a type milpress does not read, not indexed: {listed} (a `format` for \
         them in milpress.toml reads them as text, HTML, JSON, ...)",
        if n == 1 { "" } else { "s" }
    ))
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
/// there is none), leaving the other folders it holds alone: [`update_folders`] with one folder.
pub fn update(
    corpus: &Path,
    index_dir: &Path,
    options: &UpdateOptions,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    update_folders(&[corpus.to_path_buf()], index_dir, options, progress)
}

/// The folders an update with `given` folders works on: those given (each folder once, in
/// order), else every folder the index remembers, else `./corpus`.
pub fn folders_to_update(given: &[PathBuf], index_dir: &Path) -> Vec<PathBuf> {
    if !given.is_empty() {
        let mut out: Vec<PathBuf> = Vec::new();
        for folder in given {
            if !out.contains(folder) {
                out.push(folder.clone());
            }
        }
        return out;
    }
    let remembered: Vec<PathBuf> = State::load(index_dir)
        .folders
        .iter()
        .map(|f| PathBuf::from(&f.path))
        .collect();
    if remembered.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        remembered
    }
}

/// A folder's identity between runs: its absolute path (as given when it cannot be resolved).
fn folder_key(folder: &Path) -> String {
    folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf())
        .display()
        .to_string()
}

/// Brings the index in `index_dir` in step with each of `folders` (creating the index when
/// there is none): per folder, works out a [`Plan`], then applies it. Folders the index holds
/// but that are not given are left alone, unless named in [`UpdateOptions::forget`].
///
/// A rebuild of an existing index is made in a folder of its own inside `index_dir` and put in
/// place when it is complete: until then searches see the index as it was, and a rebuild that
/// is killed or fails leaves it as it was (and its list of folders with it).
pub fn update_folders(
    folders: &[PathBuf],
    index_dir: &Path,
    options: &UpdateOptions,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    check_folders(folders, index_dir)?;
    if !(options.rebuild && index_dir.join("meta.json").is_file()) {
        return update_into(folders, index_dir, index_dir, options, progress);
    }
    // No other index run may write the index while its rebuild is made beside it.
    let directory =
        tantivy::directory::MmapDirectory::open(index_dir).map_err(|e| Error::Tantivy(e.into()))?;
    let _lock =
        tantivy::Directory::acquire_lock(&directory, &tantivy::directory::INDEX_WRITER_LOCK)
            .map_err(|e| Error::Tantivy(tantivy::TantivyError::LockFailure(e, None)))?;
    let staging = index_dir.join(REBUILD_FOLDER);
    if staging.exists() {
        // What a killed rebuild left.
        std::fs::remove_dir_all(&staging)?;
    }
    let summary = update_into(folders, &staging, index_dir, options, progress)?;
    super::swap_in(&staging, index_dir)?;
    Ok(summary)
}

/// Refuses a folder to index that is the index's own folder (`milpress index c --index c`,
/// which would read nothing and leave an empty index), or another index (`milpress index c
/// idx`, `--index` forgotten, which would read the index's files as documents). An index inside
/// a folder to index is left out of the walk instead.
fn check_folders(folders: &[PathBuf], index_dir: &Path) -> Result<()> {
    let index = std::fs::canonicalize(index_dir).ok();
    for folder in folders {
        let canonical = std::fs::canonicalize(folder).ok();
        if canonical.is_some() && canonical == index {
            return Err(Error::CorpusIsTheIndex(folder.clone()));
        }
        if crate::ingest::is_index_folder(folder) {
            return Err(Error::CorpusIsAnIndex(folder.clone()));
        }
    }
    Ok(())
}

/// The folder inside an index folder where its rebuild is made.
pub const REBUILD_FOLDER: &str = "milpress-rebuild";

/// [`update_folders`] into the index in `index_dir`; `outside` (the index folder the user named)
/// is left out of the walk.
fn update_into(
    folders: &[PathBuf],
    index_dir: &Path,
    outside: &Path,
    options: &UpdateOptions,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let mut summary = Summary::default();
    // The Chinese segmenter takes about a tenth of a second to load, on the path of the first
    // Chinese document read: it loads beside the walk, which takes longer at any size where a
    // tenth of a second matters.
    if std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2) {
        std::thread::spawn(crate::analysis::chinese::warm_up);
    }
    for corpus in folders {
        // The index remembers its folders by name, as text: one whose name is not UTF-8
        // could not be found again on the next run.
        if corpus.canonicalize().is_ok_and(|c| c.to_str().is_none()) {
            return Err(Error::Corpus {
                path: corpus.to_path_buf(),
                source: "the folder's path is not valid UTF-8: rename it, or index a folder \
                         with a UTF-8 name that holds it"
                    .into(),
            });
        }
        if !corpus.is_dir() {
            return Err(Error::Corpus {
                path: corpus.to_path_buf(),
                source: "not a folder (or it does not exist)".into(),
            });
        }
        // A folder that may not be read: said of the folder, before its settings file is
        // looked for in it.
        if let Err(err) = std::fs::read_dir(corpus) {
            return Err(Error::Corpus {
                path: corpus.to_path_buf(),
                source: format!("the folder cannot be read ({err})").into(),
            });
        }
    }
    let index = if options.rebuild || !Index::exists(index_dir) {
        Index::create(index_dir)?
    } else {
        Index::open(index_dir)?
    };
    let mut writer = index.writer(options.memory_budget)?;
    // With the writer's lock held, no rebuild is under way: one that was killed left this.
    let staging = index_dir.join(REBUILD_FOLDER);
    if index_dir == outside && staging.is_dir() {
        std::fs::remove_dir_all(&staging)?;
    }
    // What the index remembers loads while the folders are walked: neither needs the other, and
    // at a million documents each takes a good part of a re-run's second.
    let loading = (!options.rebuild).then(|| {
        let dir = index_dir.to_path_buf();
        std::thread::spawn(move || State::load(&dir))
    });
    let mut walked = Vec::with_capacity(folders.len());
    for corpus in folders {
        let config = settings(corpus, options, &mut summary)?;
        let walk = ingest::walk(corpus, Some(outside), &config);
        walked.push((config, walk));
    }
    let mut state = match loading {
        Some(loading) => loading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        None => State::default(),
    };
    // A folder inside another the index holds (or holding one) would index its files twice,
    // each the duplicate of itself.
    let keys: Vec<String> = folders.iter().map(|f| folder_key(f)).collect();
    let held = state.folders.iter().map(|f| f.path.clone());
    let forgotten: Vec<String> = options.forget.iter().map(|f| folder_key(f)).collect();
    let all: Vec<String> = keys
        .iter()
        .cloned()
        .chain(held.filter(|h| !keys.contains(h) && !forgotten.contains(h)))
        .collect();
    for (corpus, key) in folders.iter().zip(&keys) {
        let inside =
            |outer: &String, inner: &String| inner != outer && Path::new(inner).starts_with(outer);
        if let Some(other) = all
            .iter()
            .find(|other| inside(other, key) || inside(key, other))
        {
            return Err(Error::Corpus {
                path: corpus.to_path_buf(),
                source: format!(
                    "it is inside, or holds, {other}, another folder of this index: index one \
                     of them (`--forget` drops a folder from the index)"
                )
                .into(),
            });
        }
    }
    // An index whose segments lack words this milpress indexes is read again too.
    let old_version = state.version != state::VERSION || !super::words::are_current(index_dir);
    // A run that finds nothing to do writes nothing: no commit, no state file.
    let mut changed = old_version;
    state.version = state::VERSION;
    if old_version {
        // Files remembered by an older milpress are read again; their documents go first.
        for rel in std::mem::take(&mut state.files).into_keys() {
            writer.delete_term(Term::from_field_text(index.fields.path, &rel));
        }
        state.folders.clear();
    }

    for forget in &options.forget {
        let key = folder_key(forget);
        let Some(at) = state.folders.iter().position(|f| f.path == key) else {
            // A misspelt folder would otherwise be forgotten silently and the real one kept.
            let held: Vec<&str> = state.folders.iter().map(|f| f.path.as_str()).collect();
            return Err(Error::Corpus {
                path: forget.clone(),
                source: format!(
                    "--forget: the index holds no such folder (it holds {})",
                    if held.is_empty() {
                        "none".to_string()
                    } else {
                        held.join(", ")
                    }
                )
                .into(),
            });
        };
        state.folders.remove(at);
        let gone: Vec<String> = state
            .files
            .iter()
            .filter(|(_, f)| f.folder == key)
            .map(|(rel, _)| rel.clone())
            .collect();
        for rel in gone {
            writer.delete_term(Term::from_field_text(index.fields.path, &rel));
            if let Some(old) = state.files.remove(&rel) {
                summary.docs_removed += old.docs;
            }
        }
        changed = true;
    }

    for (corpus, (config, mut walk)) in folders.iter().zip(walked) {
        let key = folder_key(corpus);
        let reread_all = state
            .folder(&key)
            .is_none_or(|f| f.config != config.fingerprint());
        match state.folders.iter_mut().find(|f| f.path == key) {
            Some(folder) => folder.config = config.fingerprint(),
            None => {
                state.folders.push(Folder {
                    path: key.clone(),
                    config: config.fingerprint(),
                });
                changed = true;
            }
        }
        let extractor = Extractor::new().with_theme_overrides(config.themes());
        // A relative path an earlier folder holds gets this folder's name in front.
        let name = corpus.file_name().map_or_else(
            || "corpus".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let taken_before = |rel: &str| {
            state
                .files
                .get(rel)
                .is_some_and(|f| f.folder != key && !f.folder.is_empty())
        };
        for file in &mut walk.files {
            if taken_before(&file.rel) {
                file.rel = format!("{name}/{}", file.rel);
            }
        }
        summary.files_seen += walk.files.len();
        summary.files_unsupported += walk.unsupported.len();
        if let Some(message) = unsupported_note(&walk.unsupported) {
            summary.notes.push(FileProblem {
                folder: corpus.to_path_buf(),
                path: String::new(),
                message,
                skipped: false,
            });
        }
        if !walk.page_resources.is_empty() {
            // Named, up to a few: each is a folder the user may look for.
            const NAMED: usize = 5;
            let named: Vec<String> = walk
                .page_resources
                .iter()
                .take(NAMED)
                .map(|folder| format!("{folder}/"))
                .collect();
            let more = match walk.page_resources.len().saturating_sub(NAMED) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            let what = if walk.page_resources.len() == 1 {
                "a saved page's images, scripts and frames"
            } else {
                "saved pages' images, scripts and frames"
            };
            summary.notes.push(FileProblem {
                folder: corpus.to_path_buf(),
                path: String::new(),
                message: format!("{}{more}: {what}, left alone", named.join(", ")),
                skipped: false,
            });
        }
        for index in &walk.indexes {
            summary.notes.push(FileProblem {
                folder: corpus.to_path_buf(),
                path: index.clone(),
                message: "a search index's folder, left alone".to_string(),
                skipped: false,
            });
        }
        for (path, reason) in &walk.errors {
            summary.problem(corpus, path, reason.clone(), true);
        }
        progress.start(walk.files.len());

        let unreadable: Vec<String> = walk
            .errors
            .iter()
            .flat_map(|(p, _)| [p.clone(), format!("{name}/{p}")])
            .collect();
        let unreadable: Vec<&str> = unreadable.iter().map(String::as_str).collect();
        let stamps = walk.files.iter().map(|f| Stamp {
            rel: &f.rel,
            size: f.size,
            mtime: f.mtime,
        });
        let mine = |f: &FileState| f.folder == key;
        // A folder that held files and now holds none is more likely a share not mounted or a
        // path gone wrong than a corpus emptied on purpose: its documents are kept, and the run
        // says so (and fails).
        let held = state.files.values().filter(|f| mine(f)).count();
        if walk.files.is_empty() && walk.errors.is_empty() && held > 0 {
            let message = format!(
                "holds no files now (the index holds {held} from it): its documents are kept; \
                 `milpress index --forget {}` removes them",
                corpus.display()
            );
            summary.problem(corpus, "", message, true);
            continue;
        }
        // A new folder with nothing to read (the wrong folder, or one still being copied):
        // said, so that "0 files seen" is not the only sign of it.
        if walk.files.is_empty() && walk.errors.is_empty() && walk.unsupported.is_empty() {
            summary.notes.push(FileProblem {
                folder: corpus.to_path_buf(),
                path: String::new(),
                message: "holds no file to index (none outside hidden folders)".to_string(),
                skipped: false,
            });
        }
        let plan = Plan::new(stamps, &unreadable, &state, mine, reread_all);

        let reader = index.reader()?;
        let mut dedup = Dedup::new(reader.searcher(), &index.dir, &index.fields, &plan.stale);
        let mut pending = 0;
        for file in &walk.files {
            let before = state.files.get(&file.rel);
            let old_docs = before.map_or(0, |s| s.docs);
            if !plan.stale.contains(&file.rel) {
                summary.files_unchanged += 1;
                summary.docs_unchanged += old_docs;
                if let Some(why) = before.and_then(|s| s.failed.as_ref()) {
                    summary.failed_before.push(FileProblem {
                        folder: corpus.clone(),
                        path: file.rel.clone(),
                        message: why.clone(),
                        skipped: true,
                    });
                }
                for why in before.iter().flat_map(|s| &s.left_out) {
                    summary.left_out_before.push(FileProblem {
                        folder: corpus.clone(),
                        path: file.rel.clone(),
                        message: why.clone(),
                        skipped: true,
                    });
                }
                progress.file_done(&file.rel);
                continue;
            }
            // The file's documents arrive in batches (a big feed is streamed, never held
            // whole): its old documents go just before the first new one is added, and only
            // when it yields some.
            let mut new_docs = 0;
            // What the file gave last time, by id, to count what changed (not on a run that
            // reads every file again: an upgrade changes them all anyway).
            let mut before_docs = match reread_all || old_docs == 0 {
                true => None,
                false => Some(stored_by_id(&reader.searcher(), &index, &file.rel)?),
            };
            let mut same = 0;
            let mut changed_docs = 0;
            let mut duplicates: Vec<Duplicate> = Vec::new();
            let mut found: Vec<DuplicateFound> = Vec::new();
            let mut cleared = false;
            let old_term = Term::from_field_text(index.fields.path, &file.rel);
            let mut add_batch = |docs: Vec<crate::document::Document>| -> Result<()> {
                if !cleared {
                    writer.delete_term(old_term.clone());
                    cleared = true;
                }
                for doc in &docs {
                    // An answer or a headline goes with its release: when the release repeats one
                    // already indexed, so do they, and one report says so for all.
                    let parent_repeated = doc
                        .parent
                        .as_ref()
                        .is_some_and(|p| duplicates.iter().any(|d: &Duplicate| &d.id == p));
                    // An answer is never a duplicate on its own text: the same answer given at two
                    // briefings (or quoted whole in a compilation) is two statements.
                    let mut compare = |doc: &crate::document::Document| {
                        if let Some(before) = before_docs.as_mut().and_then(|b| b.remove(&doc.id)) {
                            match serde_json::to_string(doc).is_ok_and(|now| now == before) {
                                true => same += 1,
                                false => changed_docs += 1,
                            }
                        }
                    };
                    if doc.kind == Kind::Answer {
                        if !parent_repeated {
                            compare(doc);
                            writer.add_document(index.fields.to_tantivy(doc))?;
                            new_docs += 1;
                        }
                        continue;
                    }
                    if let Some(original) = dedup.original_of(doc)? {
                        if !parent_repeated {
                            found.push(DuplicateFound {
                                folder: corpus.clone(),
                                path: file.rel.clone(),
                                id: doc.id.clone(),
                                of_id: original.id.clone(),
                                other_source: doc
                                    .source
                                    .clone()
                                    .filter(|s| original.source.as_ref() != Some(s)),
                            });
                        }
                        duplicates.push(Duplicate {
                            id: doc.id.clone(),
                            of_id: original.id,
                            of_path: original.path,
                        });
                        continue;
                    }
                    compare(doc);
                    writer.add_document(index.fields.to_tantivy(doc))?;
                    new_docs += 1;
                }
                Ok(())
            };
            let outcome = ingest::read_file_in_batches(file, &config, &extractor, &mut add_batch)?;
            let indexed = !outcome.failed;
            // What leaves part of a file out, remembered while it is unchanged.
            let left_out: Vec<String> = match indexed {
                true => outcome.errors.clone(),
                false => Vec::new(),
            };
            for message in &outcome.errors {
                summary.problem(corpus, &file.rel, message.clone(), true);
            }
            for message in &outcome.warnings {
                // A warning about a file that could not be used at all is moot.
                summary.problem(corpus, &file.rel, message.clone(), !indexed);
            }
            for message in &outcome.notes {
                summary.notes.push(FileProblem {
                    folder: corpus.clone(),
                    path: file.rel.clone(),
                    message: message.clone(),
                    skipped: false,
                });
            }
            progress.file_done(&file.rel);
            if !indexed {
                // Keep what the index already holds for it, and remember that this version of
                // the file failed, so that it is reported once, not on every run.
                summary.docs_unchanged += old_docs;
                let why = outcome.errors.first().cloned().unwrap_or_default();
                let duplicates = before.map(|s| s.duplicates.clone()).unwrap_or_default();
                state.files.insert(
                    file.rel.clone(),
                    FileState {
                        size: file.size,
                        // A file that could not be read is read again next run (after a
                        // `chmod`, which leaves its time alone): a time it never has.
                        mtime: if outcome.unreadable { 0 } else { file.mtime },
                        docs: old_docs,
                        folder: key.clone(),
                        failed: Some(why),
                        duplicates,
                        left_out: Vec::new(),
                    },
                );
                changed = true;
                continue;
            }
            summary.files_read += 1;
            if !cleared {
                // An empty file: what the index held for it goes.
                writer.delete_term(old_term);
            }
            // A damaged file (a feed cut short while it was being written) keeps the documents
            // it held before and no longer gives: a bad copy never loses what was indexed.
            let mut kept_back = 0;
            if !outcome.errors.is_empty() {
                if let Some(gone) = before_docs.as_mut() {
                    for (_, stored) in gone.drain() {
                        if let Ok(doc) = serde_json::from_str::<crate::document::Document>(&stored)
                        {
                            writer.add_document(index.fields.to_tantivy(&doc))?;
                            kept_back += 1;
                        }
                    }
                }
            }
            if kept_back > 0 {
                let plural = if kept_back == 1 { "" } else { "s" };
                summary.problem(
                    corpus,
                    &file.rel,
                    format!(
                        "kept the {kept_back} document{plural} it gave before and no longer \
                         gives, as the file is damaged"
                    ),
                    false,
                );
            }
            summary.docs_unchanged += kept_back;
            summary.duplicates.extend(found);
            match &before_docs {
                // Each document compared with what its id held: the same, changed, new, gone.
                Some(gone) => {
                    summary.docs_unchanged += same;
                    summary.docs_updated += changed_docs;
                    summary.docs_added += new_docs - same - changed_docs;
                    summary.docs_removed += gone.len() as u64;
                }
                None => {
                    summary.docs_updated += old_docs.min(new_docs);
                    summary.docs_added += new_docs.saturating_sub(old_docs);
                    summary.docs_removed += old_docs.saturating_sub(new_docs);
                }
            }
            state.files.insert(
                file.rel.clone(),
                FileState {
                    size: file.size,
                    mtime: file.mtime,
                    docs: new_docs + kept_back,
                    folder: key.clone(),
                    failed: None,
                    duplicates,
                    left_out,
                },
            );
            pending += new_docs as usize;
            if pending >= options.commit_every {
                super::words::keep(index_dir)?;
                state.save_after_commit(index_dir, || Ok(writer.commit().map(drop)?))?;
                pending = 0;
            }
        }

        // Files gone from the folder take their documents with them.
        for rel in &plan.gone {
            writer.delete_term(Term::from_field_text(index.fields.path, rel));
            if let Some(old) = state.files.remove(rel) {
                summary.docs_removed += old.docs;
            }
        }

        changed |= !plan.stale.is_empty();
        if changed {
            // The next folder's duplicates are looked for among this one's documents.
            super::words::keep(index_dir)?;
            state.save_after_commit(index_dir, || Ok(writer.commit().map(drop)?))?;
        }
    }
    if folders.is_empty() && changed {
        // `--forget DIR` alone: its documents go now, as with any folder given.
        super::words::keep(index_dir)?;
        state.save_after_commit(index_dir, || Ok(writer.commit().map(drop)?))?;
    }
    writer.wait_merging_threads()?;
    let missing = |file: &str| !index_dir.join(file).is_file();
    let stale_tables = || !super::tables::Tables::load(index_dir).follow_the_rules();
    if changed
        || missing(super::tables::TABLE_FILE)
        || missing(super::learned::LEARNED_FILE)
        || stale_tables()
    {
        // Translations follow the index's words, and learned pairs its bilingual documents:
        // both are looked at whenever they may have changed (each keeps what it has when
        // nothing it depends on did), over one view of the committed index.
        let searcher = index.reader()?.searcher();
        super::tables::build(&index, &searcher)?;
        super::learned::build(&index, &searcher)?;
    }
    summary.files_with_errors = summary
        .problems
        .iter()
        .filter(|p| p.skipped)
        .map(|p| p.path.as_str())
        .collect::<HashSet<_>>()
        .len()
        + summary.failed_before.len()
        + summary
            .left_out_before
            .iter()
            .map(|p| p.path.as_str())
            .collect::<HashSet<_>>()
            .len();
    progress.finish();
    Ok(summary)
}

/// The corpus's settings: `--config FILE` when given (it must exist), else the corpus's own
/// `milpress.toml` when there is one, else the defaults. Settings that do not parse are reported
/// as a problem of their file and the defaults are used; a file that cannot be read stops the run.
fn settings(corpus: &Path, options: &UpdateOptions, summary: &mut Summary) -> Result<Config> {
    let loaded = match &options.config {
        Some(path) => Config::load_file(path),
        None => Config::load(corpus),
    };
    match loaded {
        Ok(config) => {
            // The entries that cannot be used are named; the others apply.
            let shown = match &options.config {
                Some(path) => path.display().to_string(),
                None => CONFIG_FILE.to_string(),
            };
            for bad in config.bad_entries() {
                let message = format!("{bad}; that entry is not used, the others are");
                summary.problem(corpus, &shown, message, true);
            }
            Ok(config)
        }
        Err(err @ (ConfigError::Syntax { .. } | ConfigError::Entry { .. })) => {
            let message = err.without_path().to_string();
            // Problems are named relative to the corpus; an outside file by its full path.
            let shown = match &options.config {
                Some(path) => path
                    .canonicalize()
                    .unwrap_or_else(|_| path.clone())
                    .display()
                    .to_string(),
                None => CONFIG_FILE.to_string(),
            };
            summary.problem(
                corpus,
                &shown,
                format!("{message}; using the defaults"),
                true,
            );
            Ok(Config::default())
        }
        Err(err @ ConfigError::Read { .. }) => Err(Error::Corpus {
            path: options
                .config
                .clone()
                .unwrap_or_else(|| corpus.join(CONFIG_FILE)),
            source: err.into(),
        }),
    }
}

/// A corpus file as the walk found it: what decides whether it changed.
#[derive(Clone, Copy, Debug)]
pub struct Stamp<'a> {
    pub rel: &'a str,
    pub size: u64,
    pub mtime: u128,
}

/// What a run must do, worked out from the files on disk and what the index remembers before
/// any file is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files whose documents as indexed no longer count: new and changed files (all of them when
    /// everything is read again), files gone from the corpus, and files holding duplicates of
    /// those (read again so that a duplicate can take over as the original).
    pub stale: HashSet<String>,
    /// Files gone from the corpus: their documents are removed.
    pub gone: Vec<String>,
}

impl Plan {
    /// `unreadable` are paths the walk could not enter: what the index holds under them is
    /// kept, since an unreadable folder is not a deleted one. Only the remembered files `mine`
    /// accepts (those of the folder walked) are considered; they are filtered in place, not
    /// copied, since at a million documents the state holds a hundred thousand files.
    pub fn new<'a>(
        on_disk: impl IntoIterator<Item = Stamp<'a>>,
        unreadable: &[&str],
        state: &State,
        mine: impl Fn(&FileState) -> bool,
        reread_all: bool,
    ) -> Plan {
        let files = || state.files.iter().filter(|(_, f)| mine(f));
        let mut present = HashSet::new();
        let mut stale = HashSet::new();
        for file in on_disk {
            present.insert(file.rel);
            let changed = state
                .files
                .get(file.rel)
                .filter(|s| mine(s))
                .is_none_or(|s| s.size != file.size || s.mtime != file.mtime);
            if reread_all || changed {
                stale.insert(file.rel.to_string());
            }
        }
        let gone: Vec<String> = files()
            .map(|(rel, _)| rel)
            .filter(|rel| !present.contains(rel.as_str()))
            .filter(|rel| !unreadable.iter().any(|u| rel.starts_with(u)))
            .cloned()
            .collect();
        stale.extend(gone.iter().cloned());
        let orphaned: Vec<String> = files()
            .filter(|(_, file)| file.duplicates.iter().any(|d| stale.contains(&d.of_path)))
            .map(|(rel, _)| rel.clone())
            .collect();
        stale.extend(orphaned);
        Plan { stale, gone }
    }
}

/// The stored form (the JSON of each [`crate::document::Document`]) of the documents the index
/// holds for the file at `rel`, by id.
fn stored_by_id(
    searcher: &tantivy::Searcher,
    index: &Index,
    rel: &str,
) -> Result<std::collections::HashMap<String, String>> {
    use tantivy::collector::DocSetCollector;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Value};
    use tantivy::TantivyDocument;
    let query = TermQuery::new(
        Term::from_field_text(index.fields.path, rel),
        IndexRecordOption::Basic,
    );
    let mut out = std::collections::HashMap::new();
    #[derive(serde::Deserialize)]
    struct Id {
        id: String,
    }
    for address in searcher.search(&query, &DocSetCollector)? {
        let stored: TantivyDocument = searcher.doc(address)?;
        let Some(json) = stored.get_first(index.fields.doc).and_then(|v| v.as_str()) else {
            continue;
        };
        if let Ok(Id { id }) = serde_json::from_str(json) {
            out.insert(id, json.to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file as remembered: path, size, and its duplicates as (id, path of the original).
    type Remembered<'a> = (&'a str, u64, &'a [(&'a str, &'a str)]);

    fn state(files: &[Remembered]) -> State {
        let mut state = State::default();
        for (rel, size, dups) in files {
            state.files.insert(
                rel.to_string(),
                FileState {
                    size: *size,
                    mtime: 1,
                    docs: 1,
                    folder: String::new(),
                    failed: None,
                    duplicates: dups
                        .iter()
                        .map(|(id, of_path)| Duplicate {
                            id: id.to_string(),
                            of_id: format!("{of_path}#1"),
                            of_path: of_path.to_string(),
                        })
                        .collect(),
                    left_out: Vec::new(),
                },
            );
        }
        state
    }

    fn stamp(rel: &str, size: u64) -> Stamp<'_> {
        Stamp {
            rel,
            size,
            mtime: 1,
        }
    }

    /// Stops a run (as a kill would) when it has read `after` files.
    struct Killed {
        after: usize,
    }

    impl Progress for Killed {
        fn file_done(&mut self, _path: &str) {
            self.after = self.after.saturating_sub(1);
            assert!(self.after > 0, "killed");
        }
    }

    #[test]
    fn a_rebuild_stopped_part_way_leaves_the_index_and_its_folders_as_they_were() {
        let corpus = tempfile::tempdir().unwrap();
        let index_dir = tempfile::tempdir().unwrap();
        for i in 0..6 {
            std::fs::write(
                corpus.path().join(format!("r{i}.txt")),
                format!("Release {i}\nThe navy held drill number {i}.\n"),
            )
            .unwrap();
        }
        let options = UpdateOptions::default();
        update(corpus.path(), index_dir.path(), &options, &mut ()).unwrap();
        let count = || {
            let index = Index::open(index_dir.path()).unwrap();
            index.reader().unwrap().searcher().num_docs()
        };
        assert_eq!(count(), 6);
        let rebuild = UpdateOptions {
            rebuild: true,
            commit_every: 1,
            ..UpdateOptions::default()
        };
        let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            update(
                corpus.path(),
                index_dir.path(),
                &rebuild,
                &mut Killed { after: 3 },
            )
        }));
        assert!(stopped.is_err());
        assert_eq!(count(), 6);
        assert_eq!(State::load(index_dir.path()).folders.len(), 1);
        // The next run clears what the stopped one left, and a rebuild goes through.
        update(corpus.path(), index_dir.path(), &options, &mut ()).unwrap();
        assert!(!index_dir.path().join(REBUILD_FOLDER).exists());
        let summary = update(corpus.path(), index_dir.path(), &rebuild, &mut ()).unwrap();
        assert_eq!(summary.docs_added, 6);
        assert_eq!(count(), 6);
        // The old index's segment files are gone: only the new segments' are left.
        let stems: HashSet<String> = std::fs::read_dir(index_dir.path())
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|name| Some(name.split_once('.')?.0.to_string()))
            .filter(|stem| stem.len() == 32)
            .collect();
        let index = Index::open(index_dir.path()).unwrap();
        assert_eq!(
            stems.len(),
            index.tantivy.searchable_segment_ids().unwrap().len()
        );
    }

    fn sorted(set: &HashSet<String>) -> Vec<&str> {
        let mut v: Vec<&str> = set.iter().map(String::as_str).collect();
        v.sort();
        v
    }

    #[test]
    fn files_not_read_for_their_type_are_named_or_counted() {
        assert_eq!(unsupported_note(&[]), None);
        let few = unsupported_note(&["reports/annual.pdf".into(), "BRIEFING".into()]).unwrap();
        assert!(
            few.starts_with("2 files of a type milpress does not read, not indexed: reports/annual.pdf, BRIEFING (no extension) ("),
            "{few}"
        );
        let many: Vec<String> = (0..7).map(|i| format!("reports/{i}.pdf")).collect();
        let many = unsupported_note(&many).unwrap();
        assert!(many.contains(": pdf 7 ("), "{many}");
        // A saved page's images and scripts are expected, and not worth a word.
        let assets = [
            "page_files/a.png".to_string(),
            "page_files/b.js".into(),
            ".DS_Store".into(),
        ];
        assert_eq!(unsupported_note(&assets), None);
    }
    #[test]
    fn only_new_and_changed_files_are_stale() {
        let before = state(&[("a.txt", 10, &[]), ("b.txt", 20, &[])]);
        let plan = Plan::new(
            [stamp("a.txt", 10), stamp("b.txt", 21), stamp("c.txt", 5)],
            &[],
            &before,
            |_| true,
            false,
        );
        assert_eq!(sorted(&plan.stale), ["b.txt", "c.txt"]);
        assert!(plan.gone.is_empty());
    }

    #[test]
    fn everything_is_stale_when_all_is_read_again() {
        let before = state(&[("a.txt", 10, &[])]);
        let plan = Plan::new([stamp("a.txt", 10)], &[], &before, |_| true, true);
        assert_eq!(sorted(&plan.stale), ["a.txt"]);
    }

    #[test]
    fn files_gone_are_removed_unless_their_folder_is_unreadable() {
        let before = state(&[
            ("a.txt", 10, &[]),
            ("old/b.txt", 1, &[]),
            ("locked/c.txt", 1, &[]),
        ]);
        let plan = Plan::new([stamp("a.txt", 10)], &["locked"], &before, |_| true, false);
        assert_eq!(plan.gone, ["old/b.txt"]);
        assert_eq!(sorted(&plan.stale), ["old/b.txt"]);

        // Files another folder holds are not this folder's to remove.
        let mut theirs = before.clone();
        theirs.files.get_mut("old/b.txt").unwrap().folder = "/elsewhere".to_string();
        let plan = Plan::new(
            [stamp("a.txt", 10)],
            &["locked"],
            &theirs,
            |f| f.folder.is_empty(),
            false,
        );
        assert!(plan.gone.is_empty() && plan.stale.is_empty());
    }

    #[test]
    fn a_file_holding_duplicates_of_a_stale_file_is_read_again() {
        let before = state(&[
            ("a.txt", 10, &[]),
            ("copy.txt", 10, &[("copy.txt", "a.txt")]),
            ("other.txt", 3, &[]),
        ]);
        // a.txt is gone: its copy must be read again to take over.
        let plan = Plan::new(
            [stamp("copy.txt", 10), stamp("other.txt", 3)],
            &[],
            &before,
            |_| true,
            false,
        );
        assert_eq!(sorted(&plan.stale), ["a.txt", "copy.txt"]);
        assert_eq!(plan.gone, ["a.txt"]);
    }
}
