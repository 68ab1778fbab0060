//! Ingest: from a corpus folder to [`Document`]s.
//!
//! `walk → decode → parse → extract`: [`walk`] lists the corpus files, [`decode`] turns bytes into
//! text, [`formats`] has one parser per input format, and [`crate::extract`] infers the metadata a
//! file does not state. [`read_file`] runs the whole chain for one file. `format` names the
//! formats and fields that [`config`] (`milpress.toml`) and the parsers both use. Adding a format
//! means a parser in `formats/` and a line in [`format::Format::from_path`].

pub mod config;
pub mod decode;
pub mod format;
pub mod formats;
mod stream;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::document::{Document, Kind, Parsed};
use crate::extract::{self, Extractor};

use config::Config;
use format::Format;

/// A file of the corpus, as the walk found it.
#[derive(Clone, Debug)]
pub struct CorpusFile {
    pub abs: PathBuf,
    /// Path relative to the corpus root, `/`-separated.
    pub rel: String,
    pub format: Format,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime: u128,
}

/// What the walk saw besides corpus files.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<CorpusFile>,
    /// Files with an extension milpress does not read.
    pub unsupported: Vec<String>,
    /// Entries the walk could not read (permission denied, symlink loop, ...), with the reason.
    pub errors: Vec<(String, String)>,
    /// Folders a browser saved beside a page (`Page_files/`: its images, scripts and frames),
    /// left alone.
    pub page_resources: Vec<String>,
    /// Folders that hold a search index (another milpress index, any tantivy one), left alone.
    pub indexes: Vec<String>,
}

/// The file name of the per-corpus settings file, never indexed itself.
pub const CONFIG_FILE: &str = "milpress.toml";

/// Lists the corpus files below `root` in a stable order, each with its format (declared in the
/// settings, else by extension). Hidden files and folders, the settings
/// file, the corpus's README/LICENSE/CHANGELOG and `skip` (the index folder, when it sits inside
/// the corpus) are left out.
pub fn walk(root: &Path, skip: Option<&Path>, config: &Config) -> Walk {
    let mut out = Walk::default();
    // Told by the folder's identity (device and inode), not its canonical path: canonicalising
    // every folder reads each link of its path, which grows with the square of a tree's depth.
    let skip = skip.and_then(|p| same_file::Handle::from_path(p).ok());
    let resources = std::cell::RefCell::new(Vec::new());
    let indexes = std::cell::RefCell::new(Vec::new());
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            let is_skip = skip.as_ref().is_some_and(|s| {
                entry.file_type().is_dir()
                    && same_file::Handle::from_path(entry.path()).is_ok_and(|h| h == *s)
            });
            let saved =
                entry.depth() > 0 && entry.file_type().is_dir() && is_page_resources(entry.path());
            if saved {
                resources.borrow_mut().push(relative(root, entry.path()));
            }
            let index = !is_skip
                && entry.depth() > 0
                && entry.file_type().is_dir()
                && is_index_folder(entry.path());
            if index {
                indexes.borrow_mut().push(relative(root, entry.path()));
            }
            !hidden && !is_skip && !saved && !index
        });
    let mut found = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| root.display().to_string());
                let reason = match err.io_error() {
                    Some(io) => io.to_string(),
                    None => err.to_string(),
                };
                out.errors.push((path, reason));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(root, entry.path());
        if rel == CONFIG_FILE || is_documentation(entry.file_name()) {
            continue;
        }
        // The settings may declare a format for files of any extension (`*.dat` as lines).
        let declared = config.format_for(&rel);
        let Some(format) = declared.or_else(|| Format::from_path(entry.path())) else {
            out.unsupported.push(rel);
            continue;
        };
        found.push((entry.into_path(), rel, format));
    }
    // Sizes and modification times are what tells a changed file: at a hundred thousand files
    // their `stat` calls are most of a re-index that finds little to do, and they run in parallel.
    let stamps = stamps(
        &found
            .iter()
            .map(|(abs, _, _)| abs.as_path())
            .collect::<Vec<_>>(),
    );
    for ((abs, rel, format), stamp) in found.into_iter().zip(stamps) {
        match stamp {
            Ok((size, mtime)) => out.files.push(CorpusFile {
                abs,
                rel,
                format,
                size,
                mtime,
            }),
            Err(err) => out.errors.push((rel, err.to_string())),
        }
    }
    out.page_resources = resources.into_inner();
    out.indexes = indexes.into_inner();
    out
}

/// Whether `dir` is the folder of a search index (tantivy's `meta.json` and `.managed.json`,
/// as every milpress index has): its files are no corpus.
pub fn is_index_folder(dir: &Path) -> bool {
    dir.join("meta.json").is_file() && dir.join(".managed.json").is_file()
}

/// A folder a browser saved beside a page ("Web page, complete": `Page_files/`, in German
/// `Page-Dateien/`) holding its images, scripts and the frames of its ads: a folder so named
/// with a saved page beside it.
fn is_page_resources(dir: &Path) -> bool {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    let lower = name.to_lowercase();
    if !(lower.ends_with("_files")
        || lower.ends_with(".files")
        || lower.ends_with("-dateien")
        || lower.ends_with("_archivos"))
    {
        return false;
    }
    let Some(parent) = dir.parent().and_then(|p| std::fs::read_dir(p).ok()) else {
        return false;
    };
    parent.flatten().any(|sibling| {
        let path = sibling.path();
        path.is_file()
            && path.extension().is_some_and(|e| {
                let e = e.to_string_lossy().to_lowercase();
                matches!(e.as_str(), "html" | "htm" | "mhtml" | "xhtml")
            })
    })
}

/// The size and modification time (nanoseconds since the epoch, 0 when unknown) of each path,
/// symbolic links followed, in order; split over a few threads when there are many.
fn stamps(paths: &[&Path]) -> Vec<std::io::Result<(u64, u128)>> {
    let stamp = |path: &&Path| {
        std::fs::metadata(path).map(|meta| {
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (meta.len(), mtime)
        })
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || paths.len() < 4_096 {
        return paths.iter().map(stamp).collect();
    }
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(stamp).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// A corpus's own README, LICENSE or CHANGELOG describes the collection; it is not a document
/// of it.
fn is_documentation(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_uppercase();
    let stem = name.split('.').next().unwrap_or_default();
    matches!(
        stem,
        "README" | "LICENSE" | "LICENCE" | "CHANGELOG" | "COPYING"
    )
}

/// `path` relative to `root`, with `/` separators. A name that is not UTF-8 (a GBK file name
/// on Linux) keeps its stray bytes as `\xB9`, so that two such names stay two paths.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| name_text(c.as_os_str())).collect();
    parts.join("/")
}

/// A file name as text: as it is when it is UTF-8, else with each byte that is not written
/// `\xHH`.
fn name_text(name: &std::ffi::OsStr) -> String {
    if let Some(text) = name.to_str() {
        return text.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for byte in chunk.invalid() {
                out.push_str(&format!("\\x{byte:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    name.to_string_lossy().into_owned()
}

/// What one file yielded.
#[derive(Debug, Default)]
pub struct FileOutcome {
    pub docs: Vec<Document>,
    /// Problems that left something out, each already phrased (`record 12 skipped (not valid
    /// JSON ...)`).
    pub errors: Vec<String>,
    /// Things worth knowing about what was indexed (bytes replaced, text cut, a record's date
    /// field not read), each naming its record when it is about one.
    pub warnings: Vec<String>,
    /// Things worth knowing that are no problem (an empty file).
    pub notes: Vec<String>,
    /// True when nothing of the file could be used (unreadable, binary, empty, unparseable):
    /// whatever the index held for it before is kept.
    pub failed: bool,
    /// True when the file could not be read at all (permission denied): unlike a file that
    /// reads but fails to parse, it is tried again on the next run, changed or not.
    pub unreadable: bool,
}

/// Reads, decodes, parses and enriches one corpus file.
pub fn read_file(file: &CorpusFile, config: &Config, extractor: &Extractor) -> FileOutcome {
    let bytes = match std::fs::read(&file.abs) {
        Ok(bytes) => bytes,
        Err(err) => return FileOutcome::failure(err.to_string()),
    };
    let decoded = match decode::decode(&bytes) {
        Ok(decoded) => decoded,
        // An empty file holds nothing to index, which is no error.
        Err(decode::DecodeError::Empty) => {
            return FileOutcome {
                notes: vec!["empty file: nothing to index".to_string()],
                ..FileOutcome::default()
            }
        }
        // Nor is an image or an archive among the pages: nothing in it is text.
        Err(err @ decode::DecodeError::Binary(_)) => {
            return FileOutcome {
                notes: vec![format!("{err}: nothing to index")],
                ..FileOutcome::default()
            }
        }
    };
    let mut outcome = FileOutcome::default();
    outcome.warnings.extend(decoded.warning);
    let parsed = formats::parse(file.format, &decoded.text, &config.rules_for(&file.rel));
    outcome.errors.extend(record_messages(&parsed));
    outcome
        .warnings
        .extend(parsed.warnings.iter().map(ToString::to_string));
    if let Some(note) = parsed.not_ours.filter(|_| parsed.docs.is_empty()) {
        outcome.notes.push(note);
        return outcome;
    }
    if parsed.docs.is_empty() {
        outcome.failed = true;
        if outcome.errors.is_empty() {
            outcome.errors.push("no document found".to_string());
        }
        return outcome;
    }
    let mut finisher = Finisher::new(&file.rel, extractor, multi_record(&parsed.docs));
    outcome.docs = finisher.finish(parsed.docs, &mut outcome.warnings);
    outcome
}

/// How many parsed records of a streamed file are turned into documents and handed on at once:
/// what a streamed file holds in memory is one line plus one batch.
pub const BATCH_RECORDS: usize = 512;

/// Like [`read_file`], but hands the documents to `sink` in batches instead of returning them:
/// a JSON Lines file is read line by line (see `stream`), so memory stays flat whatever the
/// file's size; other formats are read whole and handed over in one batch. `sink` is called
/// only with documents, never with an empty batch, so a file that fails hands over nothing.
/// The outcome's `docs` is empty; its messages are those [`read_file`] gives.
pub fn read_file_in_batches<E>(
    file: &CorpusFile,
    config: &Config,
    extractor: &Extractor,
    sink: &mut dyn FnMut(Vec<Document>) -> Result<(), E>,
) -> Result<FileOutcome, E> {
    read_in_batches(file, config, extractor, BATCH_RECORDS, sink)
}

fn read_in_batches<E>(
    file: &CorpusFile,
    config: &Config,
    extractor: &Extractor,
    batch: usize,
    sink: &mut dyn FnMut(Vec<Document>) -> Result<(), E>,
) -> Result<FileOutcome, E> {
    let rules = config.rules_for(&file.rel);
    if rules.format.unwrap_or(file.format) == Format::JsonLines {
        if let Some(outcome) = stream::json_lines(file, &rules, extractor, batch, sink) {
            return outcome;
        }
    }
    let mut outcome = read_file(file, config, extractor);
    let docs = std::mem::take(&mut outcome.docs);
    if !docs.is_empty() {
        sink(docs)?;
    }
    Ok(outcome)
}

/// Whether a file's documents are records (ids `path#N`) rather than the file itself.
fn multi_record(docs: &[Parsed]) -> bool {
    docs.len() > 1 || docs.iter().any(|d| d.record.is_some())
}

/// Parsed records to documents, with the caps applied and ids unique within the file: what
/// [`read_file`] does to a whole file's records at once and the streaming reader batch by batch.
struct Finisher<'a> {
    rel: &'a str,
    extractor: &'a Extractor,
    multi: bool,
    ids: HashSet<String>,
}

impl<'a> Finisher<'a> {
    fn new(rel: &'a str, extractor: &'a Extractor, multi: bool) -> Finisher<'a> {
        Finisher {
            rel,
            extractor,
            multi,
            ids: HashSet::new(),
        }
    }

    /// The documents of `docs`, each problem with a cap added to `warnings`.
    fn finish(&mut self, mut docs: Vec<Parsed>, warnings: &mut Vec<String>) -> Vec<Document> {
        for doc in &mut docs {
            clean_controls(doc);
            let record = doc
                .record
                .map(|r| format!("record {r}: "))
                .unwrap_or_default();
            if doc.title.trim().is_empty() && doc.record.is_some() {
                // A record with text and no title (`"headline": ""`) is listed by its opening.
                doc.title = opening_words(&doc.body);
            }
            let dump =
                doc.body.trim().is_empty() && doc.title.chars().nth(MAX_TITLE_CHARS).is_some();
            if dump {
                // A text that is all one line (a dump with no line breaks) is a body, not a title.
                doc.body = doc.title.clone();
            }
            if let Some(rest) = cap_title(&mut doc.title) {
                // What the title could not hold opens the body, so its words are still found.
                if !dump {
                    doc.body = format!("{rest}\n\n{}", doc.body.trim_start());
                }
                warnings.push(format!(
                    "{record}title cut to {MAX_TITLE_CHARS} characters (the rest opens the body)"
                ));
            }
            if truncate(&mut doc.body, MAX_BODY_BYTES) {
                warnings.push(format!(
                    "{record}body cut to its first {} MB (larger texts are not indexed whole)",
                    MAX_BODY_BYTES >> 20
                ));
            }
        }
        let mut out = Vec::with_capacity(docs.len());
        for parsed in docs {
            let id = document_id(self.rel, &parsed, self.multi, &mut self.ids);
            out.extend(to_documents(parsed, id, self.rel, self.extractor));
        }
        out
    }
}

/// Removes from what `doc` shows the control characters a terminal or a spreadsheet would act
/// on (a page's `ESC[2J` would clear the reader's screen): see [`decode::without_controls`].
fn clean_controls(doc: &mut Parsed) {
    let clean = |text: &mut String| {
        if let Some(cleaned) = decode::without_controls(text) {
            *text = cleaned;
        }
    };
    clean(&mut doc.title);
    clean(&mut doc.body);
    if let Some(t) = &mut doc.translation {
        clean(&mut t.title);
        clean(&mut t.body);
    }
    for value in [
        &mut doc.source,
        &mut doc.url,
        &mut doc.via,
        &mut doc.page_url,
    ]
    .into_iter()
    .flatten()
    {
        clean(value);
    }
    for value in doc
        .speakers
        .iter_mut()
        .chain(&mut doc.tags)
        .chain(&mut doc.themes)
    {
        clean(value);
    }
}

/// Each problem of a parse, phrased to say what was kept: `record 2 skipped (not valid JSON)`,
/// the last followed by `3 of 4 records indexed` when records were left out (`0 of 1` when
/// none was kept: a file whose one row an unclosed quote swallowed).
fn record_messages(parsed: &formats::FileParse) -> Vec<String> {
    let mut messages: Vec<String> = parsed.errors.iter().map(skipped).collect();
    let bad: HashSet<u64> = parsed.errors.iter().filter_map(|e| e.record).collect();
    if !bad.is_empty() {
        let kept: HashSet<u64> = parsed.docs.iter().filter_map(|d| d.record).collect();
        let total = kept.union(&bad).count();
        let kept = kept.difference(&bad).count();
        if let Some(last) = messages.last_mut() {
            last.push_str(&format!("; {kept} of {total} records indexed"));
        }
    }
    messages
}

/// A problem that left a record out, phrased to say so (`record 2 skipped (not valid JSON)`);
/// a file-level problem as it is.
fn skipped(error: &formats::ParseError) -> String {
    match error.record {
        Some(r) => format!("record {r} skipped ({})", error.message),
        None => error.to_string(),
    }
}

/// A title for a text that has none: its first line, or the first sentence of a long one, at
/// most [`OPENING_CHARS`] characters (cut at a word, and marked `…`).
fn opening_words(body: &str) -> String {
    let Some(line) = body.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return String::new();
    };
    if line.chars().count() <= OPENING_CHARS {
        return line.to_string();
    }
    let head: String = line.chars().take(OPENING_CHARS).collect();
    // The first sentence, when it ends inside the reach (a sentence of a few characters is a
    // dateline's, not the text's opening).
    let sentence = head
        .char_indices()
        .filter(|&(at, c)| {
            matches!(c, '。' | '！' | '？')
                || (matches!(c, '.' | '!' | '?') && head[at + 1..].starts_with(' '))
        })
        .map(|(at, c)| at + c.len_utf8())
        .find(|&end| head[..end].chars().count() >= 20);
    if let Some(end) = sentence {
        return head[..end].to_string();
    }
    let cut = head
        .rfind(' ')
        .filter(|&at| at > head.len() / 2)
        .unwrap_or(head.len());
    format!("{}…", head[..cut].trim_end())
}

/// The longest title [`opening_words`] makes, in characters.
const OPENING_CHARS: usize = 120;

/// The longest title kept, in characters: a title is a headline, not a text.
pub const MAX_TITLE_CHARS: usize = 300;

/// Makes a title one line, its lines joined by a space (a headline and its subheadline), of at
/// most [`MAX_TITLE_CHARS`] characters: the text cut off, when there is any.
fn cap_title(title: &mut String) -> Option<String> {
    let one_line = title
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let cut = match one_line.char_indices().nth(MAX_TITLE_CHARS) {
        Some((at, _)) => {
            // At the last space before the limit, when there is one not far before it.
            let at = one_line[..at]
                .rfind(' ')
                .filter(|&space| one_line[space..at].chars().count() < 40)
                .unwrap_or(at);
            let rest = one_line[at..].trim().to_string();
            *title = one_line[..at].trim_end().to_string();
            Some(rest)
        }
        None => {
            *title = one_line;
            None
        }
    };
    cut.filter(|rest| !rest.is_empty())
}

/// The largest body indexed whole: a bigger one (a dump of many articles in one text file) is cut,
/// so one document never outgrows the indexing memory budget.
pub const MAX_BODY_BYTES: usize = 8 << 20;

/// Cuts `text` to at most `max` bytes at a character boundary; true when it did.
fn truncate(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    true
}

impl FileOutcome {
    fn failure(problem: String) -> FileOutcome {
        FileOutcome {
            docs: Vec::new(),
            errors: vec![problem],
            warnings: Vec::new(),
            notes: Vec::new(),
            failed: true,
            unreadable: true,
        }
    }
}

/// A stable id: the relative path, plus `#id` (the record's own id) or `#N` (its record number)
/// for records of a multi-record file. Ids stay unique within a file.
fn document_id(rel: &str, parsed: &Parsed, multi: bool, seen: &mut HashSet<String>) -> String {
    if !multi {
        return rel.to_string();
    }
    let own = parsed
        .local_id
        .as_ref()
        .filter(|id| !id.trim().is_empty())
        .map(|id| format!("{rel}#{}", id.trim()));
    let by_record = format!("{rel}#{}", parsed.record.unwrap_or(seen.len() as u64 + 1));
    let id = match own {
        Some(id) if !seen.contains(&id) => id,
        _ => by_record,
    };
    seen.insert(id.clone());
    id
}

/// The document itself, one `headline` document for each of its related headlines and one
/// `answer` document for each answer turn of a briefing transcript.
fn to_documents(mut parsed: Parsed, id: String, rel: &str, extractor: &Extractor) -> Vec<Document> {
    let headlines = std::mem::take(&mut parsed.headlines);
    let source = parsed.source.clone();
    let record = parsed.record;
    let parent = extractor.enrich(parsed, id, rel);
    let mut docs = Vec::with_capacity(1 + headlines.len());
    for (n, headline) in headlines.into_iter().enumerate() {
        let child = Parsed {
            kind: Some(Kind::Headline),
            record,
            title: headline,
            source: source.clone(),
            ..Parsed::default()
        };
        let mut doc = extractor.enrich(child, format!("{}/h{}", parent.id, n + 1), rel);
        doc.parent = Some(parent.id.clone());
        docs.push(doc);
    }
    let answers = answers(&parent, rel, extractor);
    // Whoever answers at a briefing is one of its speakers, also where only a transcript's
    // label names them (`Pham Thu Hang:`).
    // One person once: `Gen Nakatani` replaces the `Nakatani` a label gave.
    let mut parent = parent;
    for name in answers.iter().flat_map(|a| &a.speakers) {
        if parent
            .speakers
            .iter()
            .any(|s| s == name || shortens(name, s))
        {
            continue;
        }
        match parent.speakers.iter_mut().find(|s| shortens(s, name)) {
            Some(short) => *short = name.clone(),
            None => parent.speakers.push(name.clone()),
        }
    }
    docs.extend(answers);
    docs.insert(0, parent);
    docs
}

/// One `answer` document per answer turn of a transcript: the answer and its question, who
/// answered, the briefing's date and id, and themes of its own. A translated transcript gives
/// each answer its other language (paired by [`pair_turns`]); an answer without a partner holds
/// one language, never two answers for one question.
fn answers(parent: &Document, rel: &str, extractor: &Extractor) -> Vec<Document> {
    if parent.kind != Kind::Release {
        return Vec::new();
    }
    let roster = extractor.roster();
    let mut turns = extract::turns::split(roster, &parent.body);
    let mut translated = parent
        .translation
        .as_ref()
        .map(|t| extract::turns::split(roster, &t.body))
        .unwrap_or_default();
    let mut translation_lang = parent.translation.as_ref().and_then(|t| t.lang);
    let mut lang = Some(parent.lang);
    if turns.is_empty() {
        // Only the translation is a transcript (the original a summary): it alone gives answers.
        std::mem::swap(&mut turns, &mut translated);
        std::mem::swap(&mut lang, &mut translation_lang);
    }
    let partner = pair_turns(&turns, &translated);
    // `答：` answers belong to the spokesperson the title or opening line names, else to the
    // briefing's one speaker.
    let named = turns
        .iter()
        .any(|t| t.speaker.is_none())
        .then(|| extract::speakers::briefer(roster, &parent.title, &parent.body))
        .flatten();
    let spokesperson = named.or_else(|| match parent.speakers.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    });
    // One person named two ways in one transcript (`MINISTER GEN NAKATANI:`, later `MINISTER
    // NAKATANI:`) is one speaker, by the fuller name.
    let named_in_full: Vec<String> = turns.iter().filter_map(|t| t.speaker.clone()).collect();
    let fullest = |name: String| -> String {
        named_in_full
            .iter()
            .filter(|full| shortens(&name, full))
            .max_by_key(|full| full.len())
            .cloned()
            .unwrap_or(name)
    };
    let mut docs = Vec::with_capacity(turns.len());
    let mut position = 0;
    for (n, turn) in turns.into_iter().enumerate() {
        // A moderator's line nobody asked for (`Last question.`, `今天的发布会到此结束。`) is no
        // answer: opening statements run far longer.
        if turn.question.trim().is_empty() && moderation_width(&turn.answer) <= MODERATION_WIDTH {
            continue;
        }
        let other = partner[n].map(|m| &translated[m]);
        let speaker = turn
            .speaker
            .clone()
            .or_else(|| other.and_then(|o| o.speaker.clone()))
            .or_else(|| spokesperson.clone())
            .map(|name| extract::english_names::in_full(&name, &parent.title).unwrap_or(name))
            .map(&fullest);
        let child = Parsed {
            kind: Some(Kind::Answer),
            record: parent.record,
            // The question stands as the title: themes come from the question and the answer,
            // not from the briefing's headline.
            title: turn.question.clone(),
            body: turn.answer,
            translation: other.map(|o| crate::document::Translation {
                lang: translation_lang,
                title: o.question.clone(),
                body: o.answer.clone(),
            }),
            lang,
            date: parent.date,
            speakers: speaker.into_iter().collect(),
            source: parent.source.clone(),
            url: parent.url.clone(),
            ..Parsed::default()
        };
        position += 1;
        let mut doc = extractor.enrich(child, format!("{}/a{position}", parent.id), rel);
        doc.year = parent.year;
        doc.parent = Some(parent.id.clone());
        doc.question = turn.question;
        doc.position = Some(position);
        if doc.title.is_empty() {
            // An opening statement: the briefing's own title says what it is.
            doc.title = parent.title.clone();
        }
        docs.push(doc);
    }
    docs
}

/// Whether `short` is `full` without its first words (`Nakatani` of `Gen Nakatani`), in any
/// case: one person, labelled more briefly.
fn shortens(short: &str, full: &str) -> bool {
    full.to_lowercase()
        .ends_with(&format!(" {}", short.to_lowercase()))
}

/// The longest line that a turn nobody asked for may hold and still be a moderator's, not an
/// answer, in display columns (a Chinese character takes two): 40 Latin characters, or 20
/// Chinese ones (a Chinese sentence says in 37 characters what takes English a hundred:
/// `应…邀请，…进行国事访问。`).
const MODERATION_WIDTH: usize = 40;

/// The length of a turn for [`MODERATION_WIDTH`].
fn moderation_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text.trim())
}

/// For each turn of the original, the index of its translated turn. Equal counts pair by
/// position. Otherwise the two sides usually differ in statements nobody asked for (an opening
/// announcement one side splits off and the other does not): the answers to questions are then
/// paired by question order when both sides have as many, and the statements among themselves
/// when those counts agree too; a turn left over keeps one language.
fn pair_turns(
    turns: &[extract::turns::Turn],
    translated: &[extract::turns::Turn],
) -> Vec<Option<usize>> {
    if turns.len() == translated.len() {
        return (0..turns.len()).map(Some).collect();
    }
    let mut partner = vec![None; turns.len()];
    let asked = |t: &extract::turns::Turn| !t.question.trim().is_empty();
    for wanted in [true, false] {
        let mine: Vec<usize> = (0..turns.len())
            .filter(|&i| asked(&turns[i]) == wanted)
            .collect();
        let theirs: Vec<usize> = (0..translated.len())
            .filter(|&i| asked(&translated[i]) == wanted)
            .collect();
        if mine.len() == theirs.len() {
            for (a, b) in mine.into_iter().zip(theirs) {
                partner[a] = Some(b);
            }
        }
    }
    partner
}

#[cfg(test)]
mod tests {
    use super::*;
    use extract::turns::Turn;

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let name = |bytes: &[u8]| name_text(std::ffi::OsStr::from_bytes(bytes));
        // Two GBK names one byte apart: one lossy name for both before.
        assert_eq!(name(b"\xb9\xfa\xb7\xc0.txt"), "\\xB9\\xFA\\xB7\\xC0.txt");
        assert_ne!(name(b"\xb9\xfa\xb7\xc0.txt"), name(b"\xb9\xfa\xb7\xc1.txt"));
        assert_eq!(name("国防.txt".as_bytes()), "国防.txt");
    }

    fn turn(question: &str, answer: &str) -> Turn {
        Turn {
            question: question.into(),
            speaker: None,
            answer: answer.into(),
        }
    }

    #[test]
    fn stamps_of_many_files_come_back_in_order_with_their_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for i in 0..5_000 {
            let path = dir.path().join(format!("{i}.txt"));
            if i != 4_321 {
                std::fs::write(&path, "x".repeat(i % 7)).unwrap();
            }
            paths.push(path);
        }
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let stamps = stamps(&refs);
        assert_eq!(stamps.len(), 5_000);
        for (i, stamp) in stamps.iter().enumerate() {
            match stamp {
                Ok((size, mtime)) => {
                    assert_eq!(*size, (i % 7) as u64, "file {i}");
                    assert!(*mtime > 0);
                }
                Err(_) => assert_eq!(i, 4_321, "only the missing file fails"),
            }
        }
        assert!(stamps[4_321].is_err());
    }

    #[test]
    fn turns_pair_by_question_order_when_statements_differ() {
        let zh = [turn("", "开场"), turn("问一", "答一"), turn("问二", "答二")];
        let en = [turn("Q1", "A1"), turn("Q2", "A2")];
        assert_eq!(pair_turns(&zh, &en), [None, Some(0), Some(1)]);
        // An extra empty-question turn on the translated side is left alone.
        let en = [
            turn("", "Opening"),
            turn("", "Extra"),
            turn("Q1", "A1"),
            turn("Q2", "A2"),
        ];
        assert_eq!(pair_turns(&zh, &en), [None, Some(2), Some(3)]);
        // Equal counts pair by position; different question counts pair nothing.
        assert_eq!(pair_turns(&zh[1..], &en[2..]), [Some(0), Some(1)]);
        assert_eq!(pair_turns(&zh, &en[3..]), [None, None, None]);
    }

    #[test]
    fn a_short_chinese_announcement_is_no_moderators_line() {
        let moderation = |text: &str| moderation_width(text) <= MODERATION_WIDTH;
        assert!(!moderation(
            "应国务院总理李强邀请，越南国家主席苏林于8月18日至20日对中国进行国事访问。"
        ));
        assert!(moderation("今天的发布会到此结束，谢谢大家。"));
        assert!(moderation("Last question."));
        assert!(!moderation(
            "At the invitation of Premier Li Qiang, President To Lam will visit China."
        ));
    }

    #[test]
    fn a_text_without_a_title_is_listed_by_its_opening() {
        assert_eq!(
            opening_words("\n  Short first line\nMore text."),
            "Short first line"
        );
        let long = format!(
            "The coast guard said on Tuesday that it expelled the vessels. {}",
            "More words follow here. ".repeat(10)
        );
        assert_eq!(
            opening_words(&long),
            "The coast guard said on Tuesday that it expelled the vessels."
        );
        let zh = format!(
            "中国海警局新闻发言人刘德军表示，中国海警依法对菲方船只采取管控措施。{}",
            "后续内容".repeat(40)
        );
        assert_eq!(
            opening_words(&zh),
            "中国海警局新闻发言人刘德军表示，中国海警依法对菲方船只采取管控措施。"
        );
        let unbroken = "word ".repeat(60);
        let title = opening_words(&unbroken);
        assert!(title.ends_with("word…"), "{title}");
        assert!(title.chars().count() <= OPENING_CHARS + 1);
        assert_eq!(opening_words("  \n "), "");
    }

    #[test]
    fn a_title_is_one_line_and_what_it_cannot_hold_is_returned() {
        let mut title = "Joint Sword-2024A\n  Drills around Taiwan conclude  \n".to_string();
        assert_eq!(cap_title(&mut title), None);
        assert_eq!(title, "Joint Sword-2024A Drills around Taiwan conclude");
        let mut long = format!("{} Thursday tail", "word ".repeat(60));
        let rest = cap_title(&mut long).expect("cut");
        assert!(long.chars().count() <= MAX_TITLE_CHARS, "{long}");
        assert!(rest.ends_with("Thursday tail"), "{rest}");
        assert!(!long.ends_with(' ') && !rest.starts_with(' '));
    }
}
