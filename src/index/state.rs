//! What milpress remembers about each corpus file between runs (`milpress-files.json` in the
//! index folder): the corpus folders the index holds, and for each file its folder, its size and
//! modification time when it was last read, how many documents it gave, and whether it could not
//! be used (so an unchanged broken file is not read, and reported, again). The file is replaced atomically after each commit; if a run dies between a commit and
//! this write, the next run reads those files again and replaces their documents, which is
//! harmless because documents are always replaced by path.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;

pub const FILE_NAME: &str = "milpress-files.json";

/// Bumped whenever ingest, extraction or analysis changes what a file turns into, so that an
/// upgrade re-reads every file.
pub const VERSION: u32 = 5;

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
        std::fs::read(dir.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the state next to the index, atomically.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let tmp = dir.join(format!("{FILE_NAME}.tmp"));
        std::fs::write(
            &tmp,
            serde_json::to_vec(self).map_err(std::io::Error::other)?,
        )?;
        std::fs::rename(&tmp, dir.join(FILE_NAME))?;
        Ok(())
    }
}
