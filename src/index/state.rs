//! What milpress remembers about each corpus file between runs ([`FILE_NAME`] in the index
//! folder): the corpus folders the index holds, and for each file its folder, its size and
//! modification time when it was last read, how many documents it gave, and whether it could not
//! be used (so an unchanged broken file is not read, and reported, again). The file is replaced
//! atomically after each commit; if a run dies between a commit and this write, the next run
//! reads those files again and replaces their documents, which is harmless because documents are
//! always replaced by path.
//!
//! One line a file, its folder by number: at a million documents (100,900 files) the file is
//! 9 MB, under half the JSON an earlier milpress wrote ([`OLD_FILE_NAME`], still read when it is
//! the only one), and reading or writing it costs a few tens of milliseconds each.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;

pub const FILE_NAME: &str = "milpress-files.tsv";

/// The JSON file an earlier milpress kept the same facts in: read when [`FILE_NAME`] is missing,
/// and removed once it is written.
pub const OLD_FILE_NAME: &str = "milpress-files.json";

/// The first line of [`FILE_NAME`]; the format's own version, not [`VERSION`].
const HEADER: &str = "# milpress files 1";

/// Bumped whenever ingest, extraction or analysis changes what a file turns into, so that an
/// upgrade re-reads every file.
pub const VERSION: u32 = 13;

/// A file as it was when last indexed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    pub size: u64,
    pub mtime: u128,
    /// Documents indexed from it (duplicates not counted).
    pub docs: u64,
    /// The corpus folder it belongs to (a [`Folder::path`]); empty in a state written before
    /// an index held several folders.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub folder: String,
    /// Why it could not be used, when it could not: it is not read again until it changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
    /// Its documents that repeat documents of other files, and were not indexed again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<Duplicate>,
    /// What was left out of it when it was last read (a record that could not be read), the
    /// rest being indexed: reported again while it is unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<String>,
}

/// A document of one file that repeats a document indexed from another file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub id: String,
    pub of_id: String,
    pub of_path: String,
}

/// Everything remembered about the corpus of one index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    /// The corpus folders the index holds, in the order they were first indexed.
    #[serde(default)]
    pub folders: Vec<Folder>,
    /// Every file, by the path its documents are stored under (relative to its folder, with the
    /// folder's name in front where an earlier folder holds the same relative path).
    pub files: BTreeMap<String, FileState>,
}

/// A corpus folder of the index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    /// The folder as an absolute path: what identifies it between runs.
    pub path: String,
    /// A fingerprint of its milpress.toml: when it changes every file of the folder is read
    /// again.
    pub config: u64,
}

impl State {
    /// The folder at `path`, if the index holds it.
    pub fn folder(&self, path: &str) -> Option<&Folder> {
        self.folders.iter().find(|f| f.path == path)
    }

    /// Every corpus path a document was found at: its own, then its duplicates'.
    pub fn paths_of(&self, id: &str, path: &str) -> Vec<String> {
        let mut paths = vec![path.to_string()];
        for (rel, file) in &self.files {
            if file.duplicates.iter().any(|d| d.of_id == id) && !paths.contains(rel) {
                paths.push(rel.clone());
            }
        }
        paths
    }
}

impl State {
    /// Loads the state of the index in `dir`; an absent or unreadable file means "nothing known",
    /// which only costs a full re-read.
    pub fn load(dir: &Path) -> State {
        match std::fs::read_to_string(dir.join(FILE_NAME)) {
            Ok(text) => State::parse(&text).unwrap_or_default(),
            Err(_) => std::fs::read(dir.join(OLD_FILE_NAME))
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                .unwrap_or_default(),
        }
    }

    /// Runs `commit`, then writes the state next to the index, atomically, only if the commit
    /// went through. The text is made on another thread while `commit` runs (at a million
    /// documents each takes about a tenth of a second, and a re-run's whole budget is a second).
    pub fn save_after_commit(&self, dir: &Path, commit: impl FnOnce() -> Result<()>) -> Result<()> {
        let (committed, text) = std::thread::scope(|scope| {
            let text = scope.spawn(|| self.to_text());
            let committed = commit();
            // The text is whole or the thread panicked; then it is made again here.
            (committed, text.join().unwrap_or_else(|_| self.to_text()))
        });
        committed?;
        write_text(dir, &text)
    }
}

/// Writes a state's text as [`FILE_NAME`] in `dir`, atomically, and removes the older format's
/// file.
fn write_text(dir: &Path, text: &str) -> Result<()> {
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, dir.join(FILE_NAME))?;
    match std::fs::remove_file(dir.join(OLD_FILE_NAME)) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
        _ => Ok(()),
    }
}

impl State {
    /// The file's text: the header, `v TAB version`, a line `c TAB config TAB path` for each
    /// folder, then for each file `rel TAB size TAB mtime TAB docs TAB folder TAB failed` (the
    /// folder by its number, `-` for none, or `=path` when it is not one of the folders; `failed`
    /// empty when the file was used, else `!` and the message), each followed by a line
    /// `d TAB id TAB of_id TAB of_path` for each of its duplicates and a line `e TAB message` for
    /// each problem that left part of it out. Texts are escaped so that they never hold a tab or
    /// a newline.
    fn to_text(&self) -> String {
        let mut text = String::with_capacity(64 + self.files.len() * 80);
        let _ = writeln!(text, "{HEADER}\nv\t{}", self.version);
        for folder in &self.folders {
            let _ = writeln!(text, "c\t{}\t{}", folder.config, escaped(&folder.path));
        }
        for (rel, file) in &self.files {
            let _ = write!(
                text,
                "{}\t{}\t{}\t{}\t",
                escaped(rel),
                file.size,
                file.mtime,
                file.docs
            );
            match self.folders.iter().position(|f| f.path == file.folder) {
                _ if file.folder.is_empty() => text.push('-'),
                Some(n) => {
                    let _ = write!(text, "{n}");
                }
                None => {
                    text.push('=');
                    text.push_str(&escaped(&file.folder));
                }
            }
            text.push('\t');
            if let Some(why) = &file.failed {
                text.push('!');
                text.push_str(&escaped(why));
            }
            text.push('\n');
            for d in &file.duplicates {
                // Most duplicates repeat a record of the same feed or list: ids are their
                // path and `#` and a number, and the paths are the same.
                let of_path = if d.of_path == *rel {
                    "#".into()
                } else {
                    escaped(&d.of_path)
                };
                let _ = writeln!(
                    text,
                    "d\t{}\t{}\t{of_path}",
                    shortened(&d.id, rel),
                    shortened(&d.of_id, &d.of_path),
                );
            }
            for why in &file.left_out {
                let _ = writeln!(text, "e\t{}", escaped(why));
            }
        }
        text
    }

    /// Reads [`State::to_text`]'s format; `None` when the text is not in it (damaged, or from
    /// another version).
    fn parse(text: &str) -> Option<State> {
        let mut lines = text.split_terminator('\n');
        if lines.next()? != HEADER {
            return None;
        }
        let version = lines.next()?.strip_prefix("v\t")?.parse().ok()?;
        let mut state = State {
            version,
            ..State::default()
        };
        // The file the duplicate lines that follow belong to.
        let mut last: Option<String> = None;
        for line in lines {
            let mut cols = line.split('\t');
            let first = cols.next()?;
            // A file's path is escaped, so it is never a bare `c`, `d` or `e`: those start
            // the folder, duplicate and left-out lines.
            match first {
                "c" if last.is_none() => {
                    let config = cols.next()?.parse().ok()?;
                    let path = unescaped(cols.next()?);
                    state.folders.push(Folder { path, config });
                    continue;
                }
                "d" => {
                    let rel = last.as_ref()?;
                    let (id, of_id) = (cols.next()?, cols.next()?);
                    let of_path = match cols.next()? {
                        "#" => rel.clone(),
                        path => unescaped(path),
                    };
                    let duplicate = Duplicate {
                        id: lengthened(id, rel),
                        of_id: lengthened(of_id, &of_path),
                        of_path,
                    };
                    state.files.get_mut(rel)?.duplicates.push(duplicate);
                    continue;
                }
                "e" => {
                    let rel = last.as_ref()?;
                    let why = unescaped(cols.next()?);
                    state.files.get_mut(rel)?.left_out.push(why);
                    continue;
                }
                _ => {}
            }
            let size = cols.next()?.parse().ok()?;
            let mtime = cols.next()?.parse().ok()?;
            let docs = cols.next()?.parse().ok()?;
            let folder = match cols.next()? {
                "-" => String::new(),
                n => match n.strip_prefix('=') {
                    Some(path) => unescaped(path),
                    None => state.folders.get(n.parse::<usize>().ok()?)?.path.clone(),
                },
            };
            let failed = match cols.next()? {
                "" => None,
                why => Some(unescaped(why.strip_prefix('!')?)),
            };
            let file = FileState {
                size,
                mtime,
                docs,
                folder,
                failed,
                duplicates: Vec::new(),
                left_out: Vec::new(),
            };
            let rel = unescaped(first);
            state.files.insert(rel.clone(), file);
            last = Some(rel);
        }
        Some(state)
    }
}

/// `text` with backslashes, tabs and newlines escaped (`\\`, `\t`, `\n`), and a text that is
/// exactly `c`, `d` or `e`, or starts with `#`, marked with a leading `\=`: no path is read as another
/// line, and no id as a shortened one.
fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    let marked = text == "c" || text == "d" || text == "e" || text.starts_with('#');
    if !marked && !text.contains(['\\', '\t', '\n', '\r']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 2);
    if marked {
        out.push_str("\\=");
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.into()
}

/// The document id `id` of a file at `path`, escaped, with `path` left out when the id starts
/// with it and `#` (written `#` and the rest).
fn shortened<'t>(id: &'t str, path: &str) -> std::borrow::Cow<'t, str> {
    match id
        .strip_prefix(path)
        .and_then(|rest| rest.strip_prefix('#'))
    {
        Some(rest) => format!("#{}", escaped(rest)).into(),
        None => escaped(id),
    }
}

/// The id [`shortened`] wrote.
fn lengthened(written: &str, path: &str) -> String {
    if written.starts_with('#') {
        format!("{path}{}", unescaped(written))
    } else {
        unescaped(written)
    }
}

/// The text [`escaped`] escaped.
fn unescaped(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('=') => {}
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> State {
        let mut state = State {
            version: VERSION,
            folders: vec![
                Folder {
                    path: "/corpus/one".into(),
                    config: 7,
                },
                Folder {
                    path: "/corpus/two".into(),
                    config: 0,
                },
            ],
            files: BTreeMap::new(),
        };
        let file = |folder: &str, failed: Option<&str>, duplicates: Vec<Duplicate>| FileState {
            size: 1234,
            mtime: 1_796_002_039_811_338_613,
            docs: 3,
            folder: folder.into(),
            failed: failed.map(String::from),
            duplicates,
            left_out: Vec::new(),
        };
        state
            .files
            .insert("feeds/a.jsonl".into(), file("/corpus/one", None, vec![]));
        state.files.insert(
            "two/odd\tname\\with\nbreaks.txt".into(),
            file("/corpus/two", Some("bad bytes\tat 3\nand more"), vec![]),
        );
        state.files.insert(
            "copy.txt".into(),
            file(
                "/corpus/one",
                None,
                vec![Duplicate {
                    id: "copy.txt".into(),
                    of_id: "a.txt".into(),
                    of_path: "a.txt".into(),
                }],
            ),
        );
        state.files.insert(
            "feeds/f.jsonl".into(),
            file(
                "/corpus/one",
                None,
                vec![
                    Duplicate {
                        id: "feeds/f.jsonl#7".into(),
                        of_id: "feeds/f.jsonl#2".into(),
                        of_path: "feeds/f.jsonl".into(),
                    },
                    Duplicate {
                        id: "#odd".into(),
                        of_id: "feeds/g.jsonl#2".into(),
                        of_path: "feeds/g.jsonl".into(),
                    },
                ],
            ),
        );
        let mut part = file("/corpus/one", None, vec![]);
        part.left_out = vec!["record 5 skipped (not valid JSON)\tat 3".into(), "e".into()];
        state.files.insert("feeds/part.jsonl".into(), part);
        state.files.insert("c".into(), file("", None, vec![]));
        state.files.insert("e".into(), file("", None, vec![]));
        state
            .files
            .insert("d".into(), file("/elsewhere", None, vec![]));
        state
    }

    #[test]
    fn the_file_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let state = sample();
        state.save_after_commit(dir.path(), || Ok(())).unwrap();
        assert_eq!(State::load(dir.path()), state);
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(text.contains("\nd\t#7\t#2\t#\n"), "{text}");
    }

    #[test]
    fn an_index_written_as_json_is_read_and_then_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let state = sample();
        std::fs::write(
            dir.path().join(OLD_FILE_NAME),
            serde_json::to_vec(&state).unwrap(),
        )
        .unwrap();
        assert_eq!(State::load(dir.path()), state);
        state.save_after_commit(dir.path(), || Ok(())).unwrap();
        assert!(!dir.path().join(OLD_FILE_NAME).exists());
        assert_eq!(State::load(dir.path()), state);
    }

    #[test]
    fn a_damaged_file_means_nothing_known() {
        let dir = tempfile::tempdir().unwrap();
        for text in [
            "",
            "{\"version\":5}",
            "# milpress files 1\nv\t5\na.txt\t12\n",
            "# milpress files 1\nv\t5\na.txt\t1\t2\t3\t9\t\n",
            "# milpress files 1\nv\t5\nd\tx\ty\tz\n",
        ] {
            std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
            assert_eq!(State::load(dir.path()), State::default(), "{text:?}");
        }
    }

    #[test]
    fn the_state_is_written_only_after_a_commit_that_went_through() {
        let dir = tempfile::tempdir().unwrap();
        let state = sample();
        let failed = state.save_after_commit(dir.path(), || {
            Err(crate::error::Error::Query("the commit failed".into()))
        });
        assert!(failed.is_err());
        assert!(!dir.path().join(FILE_NAME).exists(), "nothing written");
        let mut order = Vec::new();
        state
            .save_after_commit(dir.path(), || {
                order.push(dir.path().join(FILE_NAME).exists());
                Ok(())
            })
            .unwrap();
        assert_eq!(order, [false], "the file is written after the commit");
        assert_eq!(State::load(dir.path()), state);
    }
}
