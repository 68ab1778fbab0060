//! What milpress remembers about each corpus file between runs (`milpress-files.json` in the
//! index folder): its size and modification time when it was last read, and how many documents
//! it gave. The file is replaced atomically after each commit; if a run dies between a commit and
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
    /// The corpus root the index mirrors, as given (for messages and the default corpus).
    pub corpus: Option<String>,
    /// A fingerprint of the corpus's milpress.toml: when it changes every file is read again.
    pub config: u64,
    pub files: BTreeMap<String, FileState>,
}

impl State {
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
