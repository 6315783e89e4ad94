//! Reading an input file, bounded: every file the tool reads (scenario files and what they
//! extend, questions, targets, a shard's `partial.json`, a calibration's state and shard files)
//! is read through [`read_text`], which stops at the size limit of its kind of file. A path that
//! never ends (`/dev/zero`, `/dev/urandom`) or a file far larger than any the tool writes is an
//! input error, not a machine out of memory. The files the tool writes for itself to read back are
//! sealed with a hash of their whole content ([`seal`], [`unseal`]). Shared by the layers that
//! read files; uses nothing.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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
    #[error("cannot read {} `{}`: {cause}", kind.name(), path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Its kind.
        kind: InputKind,
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
        kind,
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

/// A document the tool writes for itself to read back (a shard's `partial.json`, a calibration's
/// state and shard files), sealed with the SHA-256 of its content: `{"content_sha256": …,
/// "content": …}`. An edited or damaged file no longer matches its seal and is refused, whatever
/// part of it changed.
#[derive(Serialize, Deserialize)]
struct Sealed<T> {
    content_sha256: String,
    content: T,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `value` as a sealed JSON document (see [`unseal`]).
pub fn seal<T: Serialize>(value: &T) -> serde_json::Result<String> {
    let content = serde_json::to_string(value)?;
    let sealed = Sealed {
        content_sha256: sha256_hex(content.as_bytes()),
        content: value,
    };
    Ok(serde_json::to_string(&sealed)? + "\n")
}

/// The value of a document written by [`seal`], if it parses and its content still has the hash
/// it was sealed with (the content is written again exactly as [`seal`] wrote it and hashed).
pub fn unseal<T: Serialize + DeserializeOwned>(text: &str) -> Result<T, String> {
    let sealed: Sealed<T> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let content = serde_json::to_string(&sealed.content).map_err(|e| e.to_string())?;
    if sha256_hex(content.as_bytes()) != sealed.content_sha256 {
        return Err(
            "its content does not match its `content_sha256`: the file was edited or damaged"
                .into(),
        );
    }
    Ok(sealed.content)
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

    #[test]
    fn a_sealed_document_reads_back_and_an_edited_one_is_refused() {
        let value = (vec![1u64, 2, 3], -0.1f64, i128::MAX, "x".to_string());
        let text = seal(&value).unwrap();
        assert_eq!(
            unseal::<(Vec<u64>, f64, i128, String)>(&text).unwrap(),
            value
        );
        let edited = text.replace("[1,2,3]", "[1,2,4]");
        assert!(
            unseal::<(Vec<u64>, f64, i128, String)>(&edited)
                .unwrap_err()
                .contains("edited")
        );
    }
}
