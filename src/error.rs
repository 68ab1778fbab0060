//! The library's error type: the cases a caller branches on or a user must act on.

use std::path::PathBuf;

/// A cause kept behind an error, whatever its type (tantivy, serde, the settings file...).
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong in milpress outside a single corpus file (per-file problems
/// during indexing are collected and reported, not raised: see `index::FileProblem`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no index at {}: run `milpress index` first", .0.display())]
    IndexMissing(PathBuf),
    #[error("{} is a file, not an index folder: name a folder with --index", .0.display())]
    IndexNotAFolder(PathBuf),
    #[error(
        "the index at {} is being written by another milpress process; wait for it to finish",
        .0.display()
    )]
    IndexLocked(PathBuf),
    #[error(
        "cannot read the index at {}: permission denied (its owner can share it: chmod -R a+rX \
         on the folder)",
        .0.display()
    )]
    IndexNotReadable(PathBuf),
    #[error(
        "cannot write the index at {}: permission denied (it can still be searched; to index, \
         use a folder of your own with --index DIR)",
        .0.display()
    )]
    IndexNotWritable(PathBuf),
    #[error(
        "{} is both the folder to index and the index's folder: keep the index in a folder of \
         its own (--index DIR)",
        .0.display()
    )]
    CorpusIsTheIndex(PathBuf),
    #[error(
        "{} is a milpress index, not a folder of documents: to search it, name it with --index",
        .0.display()
    )]
    CorpusIsAnIndex(PathBuf),
    #[error(
        "cannot open the index at {}: {source}; rebuild it with `milpress index --rebuild`",
        path.display()
    )]
    IndexUnreadable {
        path: PathBuf,
        #[source]
        source: Cause,
    },
    #[error("bad query: {0}")]
    Query(String),
    #[error("no document with id {0:?}")]
    NoSuchDocument(String),
    /// The corpus folder itself, or its settings file, cannot be used. The cause follows the
    /// path in an error's chain (`{:#}`), and is not repeated in its own message.
    #[error("{}", path.display())]
    Corpus {
        path: PathBuf,
        #[source]
        source: Cause,
    },
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// An index that cannot be read, for a reason given in words.
    pub fn unreadable(path: impl Into<PathBuf>, reason: impl Into<String>) -> Error {
        Error::IndexUnreadable {
            path: path.into(),
            source: reason.into().into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
