//! The index's folder as tantivy reads it: tantivy's memory-mapped directory, except that an
//! index the user may read but not write (a team's index, shared read-only; `serve` run as a
//! user of its own) can still be searched.
//!
//! tantivy takes a lock file (`.tantivy-meta.lock`) while it opens an index's segments, so that
//! an index run's clean-up does not delete them meanwhile. Where that file cannot be written
//! for want of permission, the search goes on without it: whoever cannot write the folder
//! runs no index run there, and a run by its owner only ever deletes files no commit names.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// [`MmapDirectory`], searchable without write permission (see the module docs).
#[derive(Clone, Debug)]
pub struct IndexDirectory(MmapDirectory);

impl IndexDirectory {
    pub fn open(path: &Path) -> tantivy::Result<IndexDirectory> {
        Ok(IndexDirectory(MmapDirectory::open(path)?))
    }
}

/// Whether an I/O error says the folder may be read but not written.
pub(super) fn not_writable(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Whether tantivy failed to read one of the index's files for want of permission (tantivy's
/// own message names a rebuild as the way out, which is no help there).
pub(super) fn read_denied(err: &tantivy::TantivyError) -> bool {
    matches!(
        err,
        tantivy::TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. })
            if io_error.kind() == io::ErrorKind::PermissionDenied
    )
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(err))
                if lock.filepath == META_LOCK.filepath && not_writable(&err) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}
