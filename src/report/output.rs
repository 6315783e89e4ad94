//! Writing a report directory so that it is never half-written.
//!
//! Every file of a report is first written into a hidden staging directory beside the target
//! (same file system), each through a temporary file renamed into place. Only when all files are
//! written is the previous report moved aside, the staging directory renamed to the target and the
//! previous report deleted. An interrupted or failed run therefore leaves the previous report
//! exactly as it was, and a reader never sees a mix of old and new files. If a run dies between
//! the two renames, the next run finds the previous report beside the target and puts it back.
//!
//! A target that exists but was not written by this tool (it has files but no marker) is refused
//! rather than replaced.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::format::{TOOL_NAME, TOOL_VERSION};

/// Name of the marker file that identifies a directory as a jcpoa-sim report.
pub(crate) const MARKER: &str = ".jcpoa-sim-report";

/// A failure to write a report.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file system operation failed.
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// Why it failed.
        source: io::Error,
    },
    /// The target exists and is not a report directory.
    #[error(
        "refusing to replace `{}`: it exists and was not written by jcpoa-sim (choose another --out directory)",
        .0.display()
    )]
    NotAReport(PathBuf),
}

fn io_error<'p>(
    action: &'static str,
    path: &'p Path,
) -> impl FnOnce(io::Error) -> OutputError + 'p {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// A report directory being written.
#[derive(Debug)]
pub struct ReportDir {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_string());
    target.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

fn siblings_with_prefix(target: &Path, tag: &str) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let prefix = format!(".{}.{tag}-", name.to_string_lossy());
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    fs::read_dir(parent)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

impl ReportDir {
    /// Prepares to write a report to `target`: checks the target may be replaced, puts back a
    /// previous report left aside by an interrupted run, and creates the staging directory.
    pub fn prepare(target: &Path) -> Result<ReportDir, OutputError> {
        if let Some(parent) = target.parent()
            && !parent.as_os_str().is_empty()
        {
            fs::create_dir_all(parent).map_err(io_error("create directory", parent))?;
        }
        if !target.exists()
            && let Some(previous) = siblings_with_prefix(target, "previous").into_iter().next()
        {
            fs::rename(&previous, target)
                .map_err(io_error("restore previous report", &previous))?;
        }
        if target.exists() {
            let is_ours = target.join(MARKER).is_file();
            let is_empty = target.is_dir()
                && fs::read_dir(target)
                    .map_err(io_error("read directory", target))?
                    .next()
                    .is_none();
            if !(is_ours || is_empty) {
                return Err(OutputError::NotAReport(target.to_path_buf()));
            }
        }
        for stale in siblings_with_prefix(target, "staging") {
            if !process_alive(&stale) {
                let _ = fs::remove_dir_all(&stale);
            }
        }
        let staging = sibling(target, "staging");
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir(&staging).map_err(io_error("create directory", &staging))?;
        let dir = ReportDir {
            target: target.to_path_buf(),
            staging,
            committed: false,
        };
        dir.write(MARKER, format!("{TOOL_NAME} {TOOL_VERSION}\n").as_bytes())?;
        Ok(dir)
    }

    /// Writes a whole file: to a temporary file first, then renamed to `name`.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.staging.join(name);
        let tmp = self.staging.join(format!(".{name}.tmp"));
        let mut file = File::create(&tmp).map_err(io_error("create file", &tmp))?;
        file.write_all(bytes)
            .map_err(io_error("write file", &tmp))?;
        file.sync_all().map_err(io_error("write file", &tmp))?;
        fs::rename(&tmp, &path).map_err(io_error("rename file", &tmp))?;
        Ok(())
    }

    /// Opens `name` for streaming output; it becomes visible only when the report is committed.
    pub fn create(&self, name: &str) -> Result<File, OutputError> {
        let path = self.staging.join(name);
        File::create(&path).map_err(io_error("create file", &path))
    }

    /// Replaces the target with everything written, in one rename.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let previous = sibling(&self.target, "previous");
        let had_previous = self.target.exists();
        if had_previous {
            fs::rename(&self.target, &previous)
                .map_err(io_error("move the previous report aside", &self.target))?;
        }
        if let Err(source) = fs::rename(&self.staging, &self.target) {
            if had_previous {
                let _ = fs::rename(&previous, &self.target);
            }
            return Err(OutputError::Io {
                action: "move the new report into place",
                path: self.target.clone(),
                source,
            });
        }
        self.committed = true;
        if had_previous {
            let _ = fs::remove_dir_all(&previous);
        }
        Ok(self.target.clone())
    }
}

impl Drop for ReportDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Whether the process that created a staging directory (its name ends in `-<pid>`) still runs.
/// Where that cannot be told, assume it does, and leave the directory alone.
fn process_alive(staging: &Path) -> bool {
    let pid = staging
        .file_name()
        .and_then(|n| n.to_string_lossy().rsplit('-').next().map(str::to_string))
        .and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) if pid == std::process::id() => false,
        Some(pid) if cfg!(target_os = "linux") => Path::new(&format!("/proc/{pid}")).exists(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jcpoa-out-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn commit_replaces_and_drop_keeps_previous() {
        let base = temp("commit");
        let target = base.join("rep");
        let d = ReportDir::prepare(&target).unwrap();
        d.write("a.txt", b"one").unwrap();
        d.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "one");
        // An abandoned second report leaves the first intact.
        let d = ReportDir::prepare(&target).unwrap();
        d.write("a.txt", b"two").unwrap();
        drop(d);
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "one");
        // A committed one replaces it wholesale (no stale files).
        let d = ReportDir::prepare(&target).unwrap();
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
            ReportDir::prepare(&foreign),
            Err(OutputError::NotAReport(_))
        ));
        assert!(foreign.join("notes.txt").exists());
        // A report moved aside by a run that died mid-commit is put back.
        let target = base.join("rep");
        let aside = base.join(".rep.previous-999999");
        fs::create_dir_all(&aside).unwrap();
        fs::write(aside.join(MARKER), "x").unwrap();
        let d = ReportDir::prepare(&target).unwrap();
        assert!(target.join(MARKER).exists());
        drop(d);
        fs::remove_dir_all(&base).unwrap();
    }
}
