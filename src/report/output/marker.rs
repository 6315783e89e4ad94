//! The marker file that makes a folder a jcpoa-sim report, and the manifest in it: which kind of
//! report the folder holds and which files the tool wrote there. Everything else in a report folder
//! belongs to the user and is kept.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::report::format::{TOOL_NAME, TOOL_VERSION};

/// Name of the marker file that identifies a directory as a jcpoa-sim report.
pub(crate) const MARKER: &str = ".jcpoa-sim-report";

/// The second line of a marker while its report is still being written.
const WRITING: &str = "incomplete: still being written";
/// The second line of a finished report's marker; the files follow, one per line.
const MANIFEST: &str =
    "files written by jcpoa-sim (anything else in this folder is yours and is kept):";

/// The kinds of report, one per command that writes a report folder. A folder holds one kind: a
/// report of one kind never replaces another's files (`calibrated.toml` is not a run's file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    /// `run` and `merge`.
    Run,
    /// `compare`.
    Compare,
    /// `sweep`.
    Sweep,
    /// `sensitivity`.
    Sensitivity,
    /// `score`.
    Score,
    /// `calibrate`.
    Calibration,
}

impl ReportKind {
    const ALL: [ReportKind; 6] = [
        ReportKind::Run,
        ReportKind::Compare,
        ReportKind::Sweep,
        ReportKind::Sensitivity,
        ReportKind::Score,
        ReportKind::Calibration,
    ];

    /// The kind's name, as the marker's first line states it.
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Run => "run",
            ReportKind::Compare => "compare",
            ReportKind::Sweep => "sweep",
            ReportKind::Sensitivity => "sensitivity",
            ReportKind::Score => "score",
            ReportKind::Calibration => "calibration",
        }
    }

    /// The kind of report whose marker is in `dir`: the third word of its first line,
    /// `jcpoa-sim VERSION KIND report`. `None` without a marker, or for a marker written before
    /// markers named their kind.
    pub(crate) fn of(dir: &Path) -> Option<ReportKind> {
        if Marker::read(dir) == Marker::Absent {
            return None;
        }
        let text = fs::read_to_string(dir.join(MARKER)).ok()?;
        let word = text.lines().next()?.split_whitespace().nth(2)?;
        ReportKind::ALL.into_iter().find(|k| k.name() == word)
    }
}

/// What a folder's marker says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    /// No marker: not a report (or an empty folder the user chose as `--out`).
    Absent,
    /// A report still being written: everything in it is the tool's.
    Writing,
    /// A finished report and the files the tool wrote in it.
    Manifest(BTreeSet<String>),
    /// A report written by an earlier version, whose marker lists no files.
    Legacy,
}

impl Marker {
    /// Reads the marker of `dir`. Only a plain file is a marker: one that is a link (or a folder)
    /// was not written by the tool, and the folder is then no report of its own.
    pub(crate) fn read(dir: &Path) -> Marker {
        let path = dir.join(MARKER);
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            return Marker::Absent;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            return Marker::Legacy;
        };
        let mut lines = text.lines().skip(1);
        match lines.next() {
            Some(WRITING) => Marker::Writing,
            Some(MANIFEST) => Marker::Manifest(
                lines
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
            _ => Marker::Legacy,
        }
    }

    /// The marker's text for a report of `kind`: [`Marker::Writing`] or a [`Marker::Manifest`].
    pub(crate) fn text(&self, kind: ReportKind) -> String {
        let mut text = format!("{TOOL_NAME} {TOOL_VERSION} {} report\n", kind.name());
        match self {
            Marker::Writing => text.push_str(&format!("{WRITING}\n")),
            Marker::Manifest(files) => {
                text.push_str(&format!("{MANIFEST}\n"));
                for f in files {
                    text.push_str(f);
                    text.push('\n');
                }
            }
            Marker::Absent | Marker::Legacy => {}
        }
        text
    }

    /// Whether the entry `name` (directly in the folder) was written by the tool. A legacy report
    /// lists no files: its tool files are taken to be its top-level PNG, JSON, Markdown, HTML and
    /// CSV files, the only kinds the tool writes.
    pub(crate) fn owns(&self, dir: &Path, name: &str) -> bool {
        if name == MARKER {
            return !matches!(self, Marker::Absent);
        }
        match self {
            Marker::Absent => false,
            Marker::Writing => true,
            Marker::Manifest(files) => files.contains(name),
            Marker::Legacy => {
                let is_file = fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.is_file());
                is_file
                    && Path::new(name).extension().is_some_and(|e| {
                        ["png", "json", "md", "html", "csv"].contains(&&*e.to_string_lossy())
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip() {
        let dir = super::super::test_dir("marker");
        assert_eq!(Marker::read(&dir), Marker::Absent);
        let files: BTreeSet<String> = ["a.png", "summary.json"].map(String::from).into();
        for marker in [Marker::Writing, Marker::Manifest(files)] {
            fs::write(dir.join(MARKER), marker.text(ReportKind::Score)).unwrap();
            assert_eq!(Marker::read(&dir), marker);
            assert_eq!(ReportKind::of(&dir), Some(ReportKind::Score));
        }
        assert!(Marker::read(&dir).owns(&dir, "a.png"));
        assert!(!Marker::read(&dir).owns(&dir, "notes.md"));
        fs::write(dir.join(MARKER), "jcpoa-sim 0.1.0\n").unwrap();
        fs::write(dir.join("old.png"), "x").unwrap();
        fs::write(dir.join("notes.txt"), "x").unwrap();
        let legacy = Marker::read(&dir);
        assert_eq!(legacy, Marker::Legacy);
        assert_eq!(ReportKind::of(&dir), None, "an old marker names no kind");
        assert!(legacy.owns(&dir, "old.png") && !legacy.owns(&dir, "notes.txt"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
