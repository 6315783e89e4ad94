//! Reading an input file, bounded: every file the tool reads (scenario files and what they
//! extend, questions, targets, a shard's `partial.json`, a calibration's state and shard files)
//! is read through [`read_text`], which stops at the size limit of its kind of file. A path that
//! never ends (`/dev/zero`, `/dev/urandom`) or a file far larger than any the tool writes is an
//! input error, not a machine out of memory. Shared by the layers that read files; uses nothing.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The kinds of file the tool reads, each with its size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A scenario file, or one it extends. Large enough for a `[joint_sample]` of the most rows
    /// allowed.
    Scenario,
    /// A questions file (`score --questions`).
    Questions,
    /// A targets file (`calibrate --targets`).
    Targets,
    /// A shard's `partial.json` (`merge`).
    Partial,
    /// A calibration's state or shard file in its work folder.
    CalibrationWork,
}

impl InputKind {
    /// The largest file of this kind read, in bytes.
    pub const fn limit(self) -> u64 {
        const MIB: u64 = 1 << 20;
        match self {
            InputKind::Scenario => 16 * MIB,
            InputKind::Questions | InputKind::Targets => 4 * MIB,
            InputKind::Partial | InputKind::CalibrationWork => 64 * MIB,
        }
    }

    /// How messages name the kind.
    pub const fn name(self) -> &'static str {
        match self {
            InputKind::Scenario => "scenario file",
            InputKind::Questions => "questions file",
            InputKind::Targets => "targets file",
            InputKind::Partial => "partial result",
            InputKind::CalibrationWork => "calibration work file",
        }
    }
}

/// Why an input file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("cannot read `{}`: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// The file is larger than its kind allows (or never ends).
    #[error(
        "`{}` is larger than a {} may be ({}); is it the right file?",
        path.display(), kind.name(), Mib(kind.limit())
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its kind.
        kind: InputKind,
    },
    /// The file is not UTF-8 text.
    #[error("`{}` is not text (UTF-8): {cause}", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// Where the text stops being UTF-8.
        cause: std::string::FromUtf8Error,
    },
}

/// A size in mebibytes, for messages.
struct Mib(u64);

impl fmt::Display for Mib {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} MiB", self.0 >> 20)
    }
}

/// The text of the file at `path`, a file of `kind`: at most its [`InputKind::limit`] bytes are
/// read, and a file with more is refused.
pub fn read_text(path: &Path, kind: InputKind) -> Result<String, InputError> {
    let io = |cause| InputError::Io {
        path: path.to_path_buf(),
        cause,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(kind.limit() + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > kind.limit() {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            kind,
        });
    }
    String::from_utf8(bytes).map_err(|cause| InputError::NotText {
        path: path.to_path_buf(),
        cause,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_file_is_refused_at_its_limit() {
        let err = read_text(Path::new("/dev/zero"), InputKind::Targets).unwrap_err();
        assert!(matches!(err, InputError::TooLarge { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("larger than a targets file may be (4 MiB)")
        );
        let dir = std::env::temp_dir().join(format!("jcpoa-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (text, binary) = (dir.join("a.toml"), dir.join("b.toml"));
        std::fs::write(&text, "title = \"é\"\n").unwrap();
        std::fs::write(&binary, [0xff, 0xfe]).unwrap();
        assert_eq!(
            read_text(&text, InputKind::Scenario).unwrap(),
            "title = \"é\"\n"
        );
        assert!(matches!(
            read_text(&binary, InputKind::Scenario),
            Err(InputError::NotText { .. })
        ));
        assert!(matches!(
            read_text(&dir.join("none"), InputKind::Scenario),
            Err(InputError::Io { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
