//! The advisory lock that lets one run at a time write a report folder.
//!
//! The lock is a file beside the folder (`.<name>.lock`), never inside it, since the folder itself
//! is swapped when the report is published. It is taken with the operating system's advisory file
//! lock (`flock` on Unix, through the standard library's `File::try_lock`), which the system
//! releases when the process ends however it ends, so a killed run never leaves a stale lock. The
//! holder writes its process id into the file, so that a second run can say who holds it, and
//! removes the file when it is done. The file is opened without following a link.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::{OutputError, io_error, sibling};

/// A held lock on a report folder; released (and its file removed) when dropped.
#[derive(Debug)]
pub(crate) struct ReportLock {
    path: PathBuf,
    // Held for its lock; unlocked when closed.
    _file: File,
}

impl ReportLock {
    /// Takes the lock of the report folder `target`, or fails at once if another process holds
    /// it.
    pub(crate) fn acquire(target: &Path) -> Result<ReportLock, OutputError> {
        let path = sibling(target, "lock");
        loop {
            let mut file = no_follow(
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(false),
            )
            .open(&path)
            .map_err(io_error("create lock file", &path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    return Err(OutputError::Busy {
                        target: target.to_path_buf(),
                        holder: holder.trim().parse().ok(),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io_error("lock", &path)(e)),
            }
            // The previous holder removes the file before unlocking it; if it did so after this
            // process opened it, the lock taken is on a file nobody else will see: start again.
            if !same_file(&file, &path) {
                continue;
            }
            file.set_len(0)
                .and_then(|()| file.rewind())
                .and_then(|()| writeln!(file, "{}", std::process::id()))
                .map_err(io_error("write lock file", &path))?;
            return Ok(ReportLock { path, _file: file });
        }
    }
}

impl Drop for ReportLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other process can lock this file after it is gone.
        let _ = fs::remove_file(&self.path);
    }
}

/// Opening never follows a link at the lock's path: a link planted there could lead to a file of
/// the user's, which the lock would then truncate.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
}

/// Opening never follows a link at the lock's path: not available here.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    options
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_and_names_the_holder() {
        let dir = super::super::test_dir("lock");
        let target = dir.join("rep");
        let first = ReportLock::acquire(&target).unwrap();
        match ReportLock::acquire(&target) {
            Err(OutputError::Busy { holder, .. }) => {
                assert_eq!(holder, Some(std::process::id()));
            }
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        assert!(!dir.join(".rep.lock").exists(), "the lock file is removed");
        let again = ReportLock::acquire(&target).unwrap();
        drop(again);
        fs::remove_dir_all(&dir).unwrap();
    }
}
