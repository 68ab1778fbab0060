//! The library's error type: the cases a caller branches on or a user must act on.

use std::path::PathBuf;

/// Everything that can go wrong in milpress outside a single corpus file (per-file problems
/// during indexing are collected and reported, not raised: see [`crate::index::FileProblem`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no index at {}: run `milpress index` first", .0.display())]
    IndexMissing(PathBuf),
    #[error(
        "the index at {} is being written by another milpress process; wait for it to finish",
        .0.display()
    )]
    IndexLocked(PathBuf),
    #[error(
        "cannot open the index at {}: {reason}; rebuild it with `milpress index --rebuild`",
        path.display()
    )]
    IndexUnreadable { path: PathBuf, reason: String },
    #[error("bad query: {0}")]
    Query(String),
    #[error("no document with id {0:?}")]
    NoSuchDocument(String),
    #[error("{}: {message}", path.display())]
    Corpus { path: PathBuf, message: String },
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
