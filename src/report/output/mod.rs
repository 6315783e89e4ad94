//! Writing a report directory so that it is never half-written and never costs the user a file.
//!
//! A run first takes an advisory lock on a file beside the target ([`lock`]), so a second run
//! into the same folder fails at once, naming the process that holds it. Every file of the report
//! is written into a hidden staging directory beside the target (same file system), each through a
//! temporary file renamed into place. The staging folder's marker says it is incomplete until the
//! report is committed; then it lists the files the tool wrote ([`marker`]). Committing publishes
//! the staging folder in one atomic exchange with the previous report, carrying over every file
//! and folder of the user's ([`publish`]): a file the tool did not write is never deleted, moved
//! out of the folder, rewritten, or left only where a later run deletes it. An interrupted or
//! failed run leaves the previous report exactly as it was; a staging folder left by a run that was
//! killed is cleaned up (after carrying over anything of the user's in it) by the next run.
//!
//! A target that exists but was not written by this tool (it has files but no marker) is refused
//! rather than replaced, and so is a report of another kind ([`ReportKind`]): a run never deletes a
//! calibration's `calibrated.toml`.
//!
//! Nothing here follows a symbolic link beside the report folder: a leftover staging or previous
//! folder is recognised by its name *and* by being a real folder that holds the tool's marker
//! (or nothing at all); the lock file is opened without following a link.

mod lock;
pub(crate) mod marker;
mod publish;

pub use marker::ReportKind;

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use lock::ReportLock;
use marker::{MARKER, Marker};
use publish::{Linked, drain, exchange, link_tree, rename_new};

/// A failure to write a report.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file system operation failed.
    #[error("cannot {action} `{}`: {cause}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// Why it failed (stated in the message, not repeated as a cause).
        cause: io::Error,
    },
    /// The target exists and is not a report directory.
    #[error(
        "refusing to replace `{}`: it exists and was not written by jcpoa-sim (choose another --out directory)",
        .0.display()
    )]
    NotAReport(PathBuf),
    /// Another process is writing a report to the same target.
    #[error(
        "another jcpoa-sim run{} is writing a report to `{}`; wait for it to finish or choose another --out directory",
        .holder.map(|p| format!(" (process {p})")).unwrap_or_default(),
        .target.display()
    )]
    Busy {
        /// The report folder.
        target: PathBuf,
        /// The process holding its lock, when it could be read.
        holder: Option<u32>,
    },
    /// The target holds a report of another kind, whose files this report must not replace.
    #[error(
        "refusing to replace `{}`: it holds a jcpoa-sim {} report, and this is a {} report (choose another --out directory)",
        .target.display(), .found.name(), .writing.name()
    )]
    OtherKind {
        /// The report folder.
        target: PathBuf,
        /// The kind of report it holds.
        found: ReportKind,
        /// The kind being written.
        writing: ReportKind,
    },
    /// A file of the user's in the report folder has the name of a file this report writes.
    #[error(
        "`{}` was not written by jcpoa-sim, and this report writes a file of that name: move it or choose another --out directory",
        .0.display()
    )]
    UserFileInTheWay(PathBuf),
}

pub(crate) fn io_error<'p>(
    action: &'static str,
    path: &'p Path,
) -> impl FnOnce(io::Error) -> OutputError + 'p {
    move |cause| OutputError::Io {
        action,
        path: path.to_path_buf(),
        cause,
    }
}

/// A report directory being written; holds the target's lock until committed or dropped.
#[derive(Debug)]
pub struct ReportDir {
    target: PathBuf,
    kind: ReportKind,
    staging: PathBuf,
    written: Mutex<BTreeSet<String>>,
    committed: bool,
    _lock: ReportLock,
}

/// `.<name>.<tag>` beside `target`.
fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target.file_name().map_or_else(
        || "report".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    target.with_file_name(format!(".{name}.{tag}"))
}

/// The folders beside `target` that a run stages a report in or moves a previous report to, by
/// their names: real folders only, never a link (which could lead anywhere).
fn work_folders(target: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy();
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.previous-")];
    let mut found: Vec<PathBuf> = fs::read_dir(parent)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    prefixes.iter().any(|p| n.starts_with(p.as_str()))
                        && e.file_type().is_ok_and(|t| t.is_dir())
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The report path with its parent created and a symbolic link to a folder resolved (the folder
/// is swapped, not the link).
fn resolve(target: &Path) -> Result<PathBuf, OutputError> {
    if let Some(parent) = target.parent()
        && !parent.as_os_str().is_empty()
    {
        fs::create_dir_all(parent).map_err(io_error("create directory", parent))?;
    }
    // A link is resolved, and so is a path without a last name (`.`, `..`), whose siblings could
    // not otherwise be named.
    let is_link = fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    if is_link || target.file_name().is_none() {
        return fs::canonicalize(target).map_err(io_error("resolve", target));
    }
    Ok(target.to_path_buf())
}

/// Whether `folder`, a real folder named as a run's staging or previous folder, is one: it holds
/// the tool's marker, or nothing but what a run writes before its marker (the marker's temporary
/// file), as a run killed at its very start leaves it. Anything else is the user's and is left
/// alone.
fn is_work_folder(folder: &Path, marker: &Marker) -> bool {
    if *marker != Marker::Absent {
        return true;
    }
    let half_written = format!(".{MARKER}.tmp");
    fs::read_dir(folder).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .all(|e| e.file_name() == half_written.as_str())
    })
}

/// Cleans up after runs that were killed: a previous report left aside is put back; a staging
/// folder is drained into the report (its tool files deleted, anything of the user's kept). Only
/// called with the target's lock held, so no live run owns these folders; a folder that only
/// looks like one by its name ([`is_work_folder`]) is not touched.
fn recover(target: &Path) -> Result<(), OutputError> {
    for folder in work_folders(target) {
        let marker = Marker::read(&folder);
        if !is_work_folder(&folder, &marker) {
            continue;
        }
        let result = if marker == Marker::Absent {
            fs::remove_dir_all(&folder)
        } else if fs::symlink_metadata(target).is_ok() {
            drain(&folder, target, &marker, &Linked::new())
        } else if marker == Marker::Writing {
            fs::remove_dir_all(&folder)
        } else {
            fs::rename(&folder, target)
        };
        result.map_err(io_error("clean up after an interrupted run in", &folder))?;
    }
    Ok(())
}

impl ReportDir {
    /// Prepares to write a report of `kind` to `target`: takes its lock, cleans up after
    /// interrupted runs, checks the target may be replaced (it is absent, empty, or a report of
    /// the same kind) and creates the staging directory.
    pub fn prepare(target: &Path, kind: ReportKind) -> Result<ReportDir, OutputError> {
        let target = resolve(target)?;
        let lock = ReportLock::acquire(&target)?;
        recover(&target)?;
        if target.exists() {
            if let Some(found) = ReportKind::of(&target)
                && found != kind
            {
                return Err(OutputError::OtherKind {
                    target,
                    found,
                    writing: kind,
                });
            }
            let is_ours = Marker::read(&target) != Marker::Absent;
            let is_empty = target.is_dir()
                && fs::read_dir(&target)
                    .map_err(io_error("read directory", &target))?
                    .next()
                    .is_none();
            if !(is_ours || is_empty) {
                return Err(OutputError::NotAReport(target));
            }
        }
        let staging = sibling(&target, &format!("staging-{}", std::process::id()));
        fs::create_dir(&staging).map_err(io_error("create directory", &staging))?;
        let dir = ReportDir {
            target,
            kind,
            staging,
            written: Mutex::new(BTreeSet::new()),
            committed: false,
            _lock: lock,
        };
        dir.write_file(MARKER, Marker::Writing.text(kind).as_bytes())?;
        Ok(dir)
    }

    fn record(&self, name: &str) {
        if let Ok(mut written) = self.written.lock() {
            written.insert(name.to_string());
        }
    }

    fn write_file(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.staging.join(name);
        let tmp = self.staging.join(format!(".{name}.tmp"));
        let mut file = File::create(&tmp).map_err(io_error("create file", &tmp))?;
        file.write_all(bytes)
            .map_err(io_error("write file", &tmp))?;
        file.sync_all().map_err(io_error("write file", &tmp))?;
        fs::rename(&tmp, &path).map_err(io_error("rename file", &tmp))?;
        Ok(())
    }

    /// Writes a whole file: to a temporary file first, then renamed to `name`.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.record(name);
        self.write_file(name, bytes)
    }

    /// Opens `name` for streaming output; it becomes visible only when the report is committed.
    pub fn create(&self, name: &str) -> Result<File, OutputError> {
        self.record(name);
        let path = self.staging.join(name);
        File::create(&path).map_err(io_error("create file", &path))
    }

    /// Links the user's entries of the target into the staging folder and swaps the two; returns
    /// where the previous folder went and its marker.
    fn swap_in(
        &self,
        written: &BTreeSet<String>,
        linked: &mut Linked,
    ) -> Result<(PathBuf, Marker), OutputError> {
        let target = &self.target;
        let marker = Marker::read(target);
        let entries = fs::read_dir(target).map_err(io_error("read directory", target))?;
        for entry in entries {
            let name = entry
                .map_err(io_error("read directory", target))?
                .file_name();
            let text = name.to_string_lossy();
            if marker.owns(target, &text) {
                continue;
            }
            if written.contains(text.as_ref()) || text == MARKER {
                return Err(OutputError::UserFileInTheWay(target.join(&name)));
            }
            let (from, to) = (target.join(&name), self.staging.join(&name));
            link_tree(&from, &to, Path::new(&name), linked)
                .map_err(io_error("link your file into the new report", &from))?;
        }
        if exchange(&self.staging, target)
            .map_err(io_error("swap the new report into place at", target))?
        {
            return Ok((self.staging.clone(), marker));
        }
        // No atomic exchange here: move the previous report aside, then the new one in.
        let aside = sibling(target, &format!("previous-{}", std::process::id()));
        fs::rename(target, &aside).map_err(io_error("move the previous report aside", target))?;
        if let Err(e) = fs::rename(&self.staging, target) {
            let _ = fs::rename(&aside, target);
            return Err(io_error("move the new report into place", target)(e));
        }
        Ok((aside, marker))
    }

    /// Publishes everything written in place of the previous report, in one atomic exchange,
    /// keeping every file of the user's in the folder (see [`publish`]).
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let written = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        self.write_file(
            MARKER,
            Marker::Manifest(written.clone()).text(self.kind).as_bytes(),
        )?;
        let target = self.target.clone();
        let mut linked = Linked::new();
        let fresh = fs::symlink_metadata(&target).is_err()
            && match rename_new(&self.staging, &target) {
                Ok(()) => true,
                // Created meanwhile: publish over it like over any previous report.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
                Err(e) => return Err(io_error("move the new report into place", &target)(e)),
            };
        let old = if fresh {
            None
        } else {
            Some(self.swap_in(&written, &mut linked)?)
        };
        self.committed = true;
        if let Some((old, marker)) = old {
            // The new report is in place; should carrying over fail, the next run finishes it.
            let _ = drain(&old, &target, &marker, &linked);
        }
        Ok(target)
    }
}

impl Drop for ReportDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// A fresh, empty folder for one unit test of this module.
#[cfg(test)]
fn test_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jcpoa-output-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(test)]
mod tests {
    use super::test_dir as temp;
    use super::*;

    #[test]
    fn commit_replaces_and_drop_keeps_previous() {
        let base = temp("commit");
        let target = base.join("rep");
        let d = ReportDir::prepare(&target, ReportKind::Run).unwrap();
        d.write("a.txt", b"one").unwrap();
        d.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "one");
        // An abandoned second report leaves the first intact.
        let d = ReportDir::prepare(&target, ReportKind::Run).unwrap();
        d.write("a.txt", b"two").unwrap();
        drop(d);
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "one");
        // A committed one replaces it wholesale (no stale files).
        let d = ReportDir::prepare(&target, ReportKind::Run).unwrap();
        d.write("b.txt", b"three").unwrap();
        d.commit().unwrap();
        assert!(!target.join("a.txt").exists());
        assert_eq!(fs::read_to_string(target.join("b.txt")).unwrap(), "three");
        let leftovers: Vec<_> = fs::read_dir(&base).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the report remains");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn refuses_foreign_directories_and_restores_previous() {
        let base = temp("foreign");
        let foreign = base.join("mine");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "keep me").unwrap();
        assert!(matches!(
            ReportDir::prepare(&foreign, ReportKind::Run),
            Err(OutputError::NotAReport(_))
        ));
        assert!(foreign.join("notes.txt").exists());
        // A report moved aside by a run that died mid-commit is put back.
        let target = base.join("rep");
        let aside = base.join(".rep.previous-999999");
        fs::create_dir_all(&aside).unwrap();
        fs::write(aside.join(MARKER), "x").unwrap();
        let d = ReportDir::prepare(&target, ReportKind::Run).unwrap();
        assert!(target.join(MARKER).exists());
        drop(d);
        fs::remove_dir_all(&base).unwrap();
    }
}
