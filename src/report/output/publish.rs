//! Publishing a staged report in place of the previous one without touching the user's files.
//!
//! 1. The user's entries in the previous report (everything its marker does not list) are
//!    hard-linked into the staging folder: directories recreated, files linked, so the new folder
//!    holds the very same files, not copies.
//! 2. The staging folder and the report folder are swapped in one atomic step (`renameat2` with
//!    `RENAME_EXCHANGE` on Linux): at every instant the path holds either the whole previous report
//!    or the whole new one.
//! 3. The previous folder, now under the staging name, is drained into the new one: its tool files
//!    are deleted; a user entry the new folder lacks (saved while the run was in progress) is moved
//!    over; one the user replaced after it was linked replaces the stale link; a file the user
//!    changed on both sides is kept twice (`NAME.recovered`). Nothing of the user's is ever
//!    deleted unless the new folder holds the same file. The folder is removed once empty.
//!
//! Where the exchange is not available (another system, or a file system without it), the previous
//! folder is renamed aside and the staging folder renamed into place; a run killed between the two
//! renames leaves the previous report beside the path, and the next run puts it back.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::marker::{MARKER, Marker};

/// Identity of a file: device and inode.
type FileId = (u64, u64);

/// The files hard-linked from the previous report into the new one, by path relative to the
/// report folder, with the identity they had when linked.
pub(crate) type Linked = HashMap<PathBuf, FileId>;

#[cfg(unix)]
fn id(meta: &fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn id(_: &fs::Metadata) -> Option<FileId> {
    None
}

/// Recreates `src` at `dst` with every file hard-linked (copied where the file system cannot
/// link), recording each linked file's identity under `rel`. An entry that vanished meanwhile is
/// skipped.
pub(crate) fn link_tree(src: &Path, dst: &Path, rel: &Path, linked: &mut Linked) -> io::Result<()> {
    let meta = match fs::symlink_metadata(src) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    };
    if meta.is_dir() {
        fs::create_dir(dst)?;
        fs::set_permissions(dst, meta.permissions())?;
        for entry in fs::read_dir(src)? {
            let name = entry?.file_name();
            link_tree(&src.join(&name), &dst.join(&name), &rel.join(&name), linked)?;
        }
        return Ok(());
    }
    match fs::hard_link(src, dst) {
        Ok(()) => {
            if let Some(i) = id(&meta) {
                linked.insert(rel.to_path_buf(), i);
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(_) if meta.is_file() => fs::copy(src, dst).map(drop),
        Err(e) => Err(e),
    }
}

/// Swaps the folders at `a` and `b` atomically. `Ok(false)` when the system or file system cannot
/// (the caller then falls back to two renames).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Swaps the folders at `a` and `b` atomically: not available here.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Renames `from` to `to` unless `to` exists (then fails with `AlreadyExists`).
pub(crate) fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            other => return other.map_err(Into::into),
        }
    }
    if fs::symlink_metadata(to).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(from, to)
}

/// A free name beside `path` for a second version of it: `NAME.recovered`, `NAME.recovered-2`, …
fn recovered(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (1..)
        .map(|i| match i {
            1 => path.with_file_name(format!("{name}.recovered")),
            i => path.with_file_name(format!("{name}.recovered-{i}")),
        })
        .find(|p| fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| path.to_path_buf())
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    match (fs::read(a), fs::read(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Moves every user entry of the folder `old` into `new` (see the module documentation), deletes
/// the tool's files in `old` as its `marker` lists them, and removes `old` once it is empty. The
/// drain is repeated if something is saved into `old` meanwhile.
///
/// The marker goes last, after every file it lists and every entry of the user's: a drain killed
/// at any point leaves a folder whose marker still tells its tool files from the user's (the next
/// run finishes the drain), or one with nothing left to tell apart.
pub(crate) fn drain(old: &Path, new: &Path, marker: &Marker, linked: &Linked) -> io::Result<()> {
    for _ in 0..5 {
        drain_level(old, new, Path::new(""), Some(marker), linked)?;
        if marker.owns(old, MARKER) {
            match fs::remove_file(old.join(MARKER)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        match fs::remove_dir(old) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(_) => continue,
        }
    }
    Err(io::Error::other(format!(
        "`{}` keeps receiving files",
        old.display()
    )))
}

fn drain_level(
    old: &Path,
    new: &Path,
    rel: &Path,
    marker: Option<&Marker>,
    linked: &Linked,
) -> io::Result<()> {
    for entry in fs::read_dir(old)? {
        let name = entry?.file_name();
        let (from, to, rel) = (old.join(&name), new.join(&name), rel.join(&name));
        if marker.is_some_and(|m| m.owns(old, &name.to_string_lossy())) {
            if name == MARKER {
                // Removed by `drain` once everything it lists is gone.
                continue;
            }
            match fs::symlink_metadata(&from) {
                Ok(m) if m.is_dir() => fs::remove_dir_all(&from)?,
                Ok(_) => fs::remove_file(&from)?,
                Err(_) => {}
            }
            continue;
        }
        let Ok(theirs) = fs::symlink_metadata(&from) else {
            continue;
        };
        let ours = match fs::symlink_metadata(&to) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                match rename_new(&from, &to) {
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    other => other?,
                }
                continue;
            }
            other => other?,
        };
        if id(&theirs).is_some() && id(&theirs) == id(&ours) {
            fs::remove_file(&from)?;
        } else if theirs.is_dir() && ours.is_dir() {
            drain_level(&from, &to, &rel, None, linked)?;
            let _ = fs::remove_dir(&from);
        } else if !theirs.is_dir() && linked.get(&rel).is_some_and(|l| Some(*l) == id(&ours)) {
            // Replaced by the user after it was linked, and untouched in the new folder since.
            fs::rename(&from, &to)?;
        } else if theirs.is_file() && ours.is_file() && same_bytes(&from, &to) {
            fs::remove_file(&from)?;
        } else {
            rename_new(&from, &recovered(&to))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::output::test_dir as temp;

    #[test]
    fn draining_keeps_every_user_file() {
        let base = temp("drain");
        let (old, new) = (base.join("old"), base.join("new"));
        fs::create_dir_all(old.join("drafts")).unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(old.join("summary.json"), "old report").unwrap();
        fs::write(old.join("notes.md"), "mine").unwrap();
        fs::write(old.join("drafts/a.txt"), "draft").unwrap();
        let mut linked = Linked::new();
        for name in ["notes.md", "drafts"] {
            link_tree(
                &old.join(name),
                &new.join(name),
                Path::new(name),
                &mut linked,
            )
            .unwrap();
        }
        fs::write(new.join("summary.json"), "new report").unwrap();
        // Saved meanwhile: a new file, and a replaced (not edited in place) draft.
        fs::write(old.join("late.txt"), "late").unwrap();
        fs::remove_file(old.join("drafts/a.txt")).unwrap();
        fs::write(old.join("drafts/a.txt"), "draft v2").unwrap();
        let files = ["summary.json".to_string()].into();
        drain(&old, &new, &Marker::Manifest(files), &linked).unwrap();
        assert!(!old.exists());
        let read = |p: &str| fs::read_to_string(new.join(p)).unwrap();
        assert_eq!(read("summary.json"), "new report");
        assert_eq!(read("notes.md"), "mine");
        assert_eq!(read("late.txt"), "late");
        assert_eq!(read("drafts/a.txt"), "draft v2");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn exchange_swaps_two_folders_where_the_system_can() {
        let base = temp("exchange");
        let (a, b) = (base.join("a"), base.join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x"), "from a").unwrap();
        fs::write(b.join("x"), "from b").unwrap();
        let swapped = exchange(&a, &b).unwrap();
        if cfg!(target_os = "linux") {
            assert!(
                swapped,
                "RENAME_EXCHANGE is available on Linux's local file systems"
            );
        }
        if swapped {
            assert_eq!(fs::read_to_string(a.join("x")).unwrap(), "from b");
            assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "from a");
        }
        assert_eq!(
            rename_new(&a, &b).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_file_changed_on_both_sides_is_kept_twice() {
        let base = temp("both");
        let (old, new) = (base.join("old"), base.join("new"));
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(old.join("notes.md"), "version a").unwrap();
        fs::write(new.join("notes.md"), "version b").unwrap();
        drain(&old, &new, &Marker::Absent, &Linked::new()).unwrap();
        assert_eq!(
            fs::read_to_string(new.join("notes.md")).unwrap(),
            "version b"
        );
        assert_eq!(
            fs::read_to_string(new.join("notes.md.recovered")).unwrap(),
            "version a"
        );
        fs::remove_dir_all(&base).unwrap();
    }

    /// A drain stopped part-way (here: a user's entry cannot be moved, its new folder being
    /// gone) leaves the marker as long as a tool file it lists is left, whatever order the
    /// folder lists its entries in: the next run still tells those files from the user's.
    #[test]
    fn a_drain_stopped_part_way_keeps_the_marker_of_the_files_left() {
        let base = temp("drain-stopped");
        let (old, new) = (base.join("old"), base.join("gone"));
        fs::create_dir_all(&old).unwrap();
        let tools: Vec<String> = (0..40).map(|i| format!("chart-{i:02}.png")).collect();
        for name in &tools {
            fs::write(old.join(name), "tool").unwrap();
        }
        for i in 0..40 {
            fs::write(old.join(format!("note-{i:02}.md")), "mine").unwrap();
        }
        let mut listed = tools.clone();
        listed.push(MARKER.to_string());
        let marker = Marker::Manifest(listed.into_iter().collect());
        fs::write(old.join(MARKER), marker.text(super::super::ReportKind::Run)).unwrap();
        assert!(drain(&old, &new, &marker, &Linked::new()).is_err());
        let left = tools.iter().any(|t| old.join(t).exists());
        assert!(
            !left || old.join(MARKER).exists(),
            "tool files are left without the marker that lists them"
        );
        fs::remove_dir_all(&base).unwrap();
    }
}
