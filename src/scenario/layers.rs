//! The stack of documents a scenario is read from: the `extends` chain, then `--set` overrides.
//!
//! A variant scenario states only what differs from the file it extends. Rather than merging
//! trees (and losing track of where each value came from), the documents are kept as layers and a
//! key is looked up from the top layer down: the first layer that defines it wins. Tables therefore
//! merge key by key, while arrays and distribution tables are replaced as a whole.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::input::{InputKind, read_text};

use super::document::{Document, Key, Node, SourceText, Value};
use super::error::{Diagnostic, ScenarioError};
use crate::engine::shard::RecordedLayer;

/// Deepest `extends` chain accepted; anything deeper is almost certainly a mistake.
const MAX_EXTENDS_DEPTH: usize = 32;

/// The documents of one scenario, the one everything extends first, overrides last.
#[derive(Clone, Debug)]
pub(crate) struct Layers {
    docs: Vec<Document>,
    files: Vec<PathBuf>,
}

/// A value found by [`Layers::lookup`], with the document it came from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found<'a> {
    /// The document defining the value.
    pub(crate) doc: &'a Document,
    /// Its layer: its index in [`Layers::docs`], higher layers overriding lower ones.
    pub(crate) layer: usize,
    /// The value.
    pub(crate) node: &'a Node,
}

impl Layers {
    /// Reads the scenario file at `path` and every file it extends.
    pub(crate) fn load(path: &Path) -> Result<Layers, ScenarioError> {
        let mut layers = Layers {
            docs: Vec::new(),
            files: Vec::new(),
        };
        let mut chain = Vec::new();
        layers.load_file(path, None, &mut chain)?;
        Ok(layers)
    }

    /// Layers from in-memory text, as if read from a file named `label` that extends nothing
    /// (used by tests and the fuzzer, which have no files).
    pub(crate) fn from_text(label: &str, text: &str) -> Result<Layers, ScenarioError> {
        let doc = Document::parse(SourceText::command_line(
            label.to_string(),
            text.to_string(),
        ))?;
        if let Some((key, _)) = doc.root.entry("extends") {
            return Err(Diagnostic::new(
                doc.locate(&key.span),
                Some("extends"),
                "`extends` is only available for scenarios read from files",
            )
            .into());
        }
        Ok(Layers {
            docs: vec![doc],
            files: Vec::new(),
        })
    }

    fn load_file(
        &mut self,
        path: &Path,
        extended_from: Option<(&Document, &Key)>,
        chain: &mut Vec<PathBuf>,
    ) -> Result<(), ScenarioError> {
        let at_extends = |message: String| match extended_from {
            Some((doc, key)) => Diagnostic::new(doc.locate(&key.span), Some("extends"), message),
            None => Diagnostic::unplaced(None, message),
        };
        let text = read_text(path, InputKind::Scenario).map_err(|e| at_extends(e.to_string()))?;
        let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if chain.contains(&canonical) {
            let mut names: Vec<String> = chain.iter().map(|p| p.display().to_string()).collect();
            names.push(canonical.display().to_string());
            return Err(
                at_extends(format!("`extends` forms a cycle: {}", names.join(" -> "))).into(),
            );
        }
        if chain.len() >= MAX_EXTENDS_DEPTH {
            return Err(at_extends(format!(
                "`extends` chain is deeper than {MAX_EXTENDS_DEPTH} files"
            ))
            .into());
        }
        chain.push(canonical);
        let doc = Document::parse(SourceText::file(path, text))?;
        if let Some((key, node)) = doc.root.entry("extends") {
            let Value::String(parent) = &node.value else {
                return Err(Diagnostic::new(
                    doc.locate(&node.span),
                    Some("extends"),
                    format!(
                        "expected a string naming the scenario file to extend, found {}",
                        node.value.type_name()
                    ),
                )
                .into());
            };
            let parent_path = path.parent().unwrap_or(Path::new("")).join(parent);
            self.load_file(&parent_path, Some((&doc, key)), chain)?;
        }
        chain.pop();
        self.files.push(path.to_path_buf());
        self.docs.push(doc);
        Ok(())
    }

    /// Adds a `KEY=VALUE` override on top of every file. VALUE is a TOML value; a bare word that is
    /// not valid TOML is taken as a string (so `--set protocol.kind=us_first` works unquoted).
    pub(crate) fn push_assignment(&mut self, assignment: &str) -> Result<(), ScenarioError> {
        let label = format!("--set {assignment}");
        let Some((key, value)) = assignment.split_once('=') else {
            return Err(Diagnostic::unplaced(
                None,
                format!("`{label}`: expected KEY=VALUE, e.g. --set hardliners.veto_strength=0.3"),
            )
            .into());
        };
        let key = key.trim();
        let valid_key = !key.is_empty()
            && key.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
        if !valid_key {
            return Err(Diagnostic::unplaced(
                None,
                format!(
                    "`{label}`: `{key}` is not a dotted key path (letters, digits, `_` and `-`, separated by dots)"
                ),
            )
            .into());
        }
        let value = value.trim();
        if key.split('.').next() == Some("extends") {
            let parent = value.trim_matches(|c| c == '"' || c == '\'');
            return Err(Diagnostic::unplaced(
                Some("extends"),
                format!(
                    "`{label}`: `extends` cannot be set from the command line; it belongs in a scenario file"
                ),
            )
            .with_help(format!(
                "write a two-line variant file instead, e.g. `extends = \"{parent}\"` and `title = \"My variant\"`, then run that file (with any --set)"
            ))
            .into());
        }
        let parse = |text: String| Document::parse(SourceText::command_line(label.clone(), text));
        let doc = parse(format!("{key} = {value}\n"))
            .or_else(|first| {
                let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
                parse(format!("{key} = \"{quoted}\"\n")).map_err(|_| first)
            })
            .map_err(|mut d| {
                d.message = format!("the value `{value}` is not a TOML value ({})", d.message);
                ScenarioError::one(d)
            })?;
        self.docs.push(doc);
        Ok(())
    }

    /// Adds one `[[given]]` (`table` "given") or `[[force]]` table holding `event`, as a layer of
    /// its own labelled with the flag that gave it (`--given EVENT`), so that it is recorded with
    /// results and hashed like any other input.
    pub(crate) fn push_event(&mut self, table: &str, event: &str) -> Result<(), ScenarioError> {
        let label = format!("--{table} {event}");
        let quoted = toml::Value::String(event.to_string()).to_string();
        let doc = Document::parse(SourceText::command_line(
            label,
            format!("[[{table}]]\nevent = {quoted}\n"),
        ))?;
        self.docs.push(doc);
        Ok(())
    }

    /// The `--given`/`--force` flags that added layers, as a shell would need them.
    pub(crate) fn event_flags(&self) -> Vec<String> {
        self.docs
            .iter()
            .filter(|d| d.source.path.is_none())
            .filter_map(|d| {
                let label = &d.source.label;
                ["--given ", "--force "].iter().find_map(|flag| {
                    label
                        .strip_prefix(flag)
                        .map(|event| format!("{flag}'{event}'"))
                })
            })
            .collect()
    }

    /// Every layer's label and text, base first.
    pub(crate) fn record(&self) -> Vec<RecordedLayer> {
        self.docs
            .iter()
            .map(|d| RecordedLayer {
                label: d.source.label.clone(),
                file: d.source.path.is_some(),
                text: d.source.text.to_string(),
            })
            .collect()
    }

    /// Layers rebuilt from [`Layers::record`]: the same texts, labels and order (the `extends`
    /// keys are not followed again; every layer is already there).
    pub(crate) fn from_recorded(recorded: &[RecordedLayer]) -> Result<Layers, ScenarioError> {
        let mut layers = Layers {
            docs: Vec::new(),
            files: Vec::new(),
        };
        for r in recorded {
            let source = if r.file {
                let path = Path::new(&r.label);
                layers.files.push(path.to_path_buf());
                SourceText::file(path, r.text.clone())
            } else {
                SourceText::command_line(r.label.clone(), r.text.clone())
            };
            layers.docs.push(Document::parse(source)?);
        }
        Ok(layers)
    }

    /// The topmost definition of the dotted `path`.
    pub(crate) fn lookup(&self, path: &[&str]) -> Option<Found<'_>> {
        let (last, parents) = path.split_last()?;
        self.docs.iter().enumerate().rev().find_map(|(layer, doc)| {
            let table = doc.root.at(parents)?;
            let (_, node) = table.entry(last)?;
            Some(Found { doc, layer, node })
        })
    }

    /// The documents, bottom (the base of the `extends` chain) first.
    pub(crate) fn docs(&self) -> &[Document] {
        &self.docs
    }

    /// The scenario files read, base first (without `--set` overrides).
    pub(crate) fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// SHA-256 of every layer's text, in order, so any change to any file in the chain or to an
    /// override changes the hash. Paths are not hashed, so a copied checkout hashes the same.
    pub(crate) fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for doc in &self.docs {
            hasher.update((doc.source.text.len() as u64).to_le_bytes());
            hasher.update(doc.source.text.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The `--set` assignments applied, in order.
    pub(crate) fn overrides(&self) -> Vec<String> {
        self.docs
            .iter()
            .filter(|d| d.source.path.is_none())
            .filter_map(|d| d.source.label.strip_prefix("--set ").map(str::to_string))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_layer_wins_and_tables_merge() {
        let mut layers =
            Layers::from_text("base", "[iran]\ndeal_value = 1\nrationality = 2\n").unwrap();
        layers.push_assignment("iran.deal_value=5").unwrap();
        let v = layers.lookup(&["iran", "deal_value"]).unwrap();
        assert_eq!(v.node.value, Value::Integer(5));
        assert!(v.doc.source.label.starts_with("--set"));
        let r = layers.lookup(&["iran", "rationality"]).unwrap();
        assert_eq!(r.node.value, Value::Integer(2));
        assert!(layers.lookup(&["iran", "missing"]).is_none());
        assert_eq!(layers.overrides(), vec!["iran.deal_value=5".to_string()]);
    }

    #[test]
    fn bare_words_become_strings() {
        let mut layers = Layers::from_text("base", "").unwrap();
        layers.push_assignment("protocol.kind=us_first").unwrap();
        let v = layers.lookup(&["protocol", "kind"]).unwrap();
        assert_eq!(v.node.value, Value::String("us_first".into()));
    }

    #[test]
    fn malformed_assignments_are_rejected() {
        let mut layers = Layers::from_text("base", "").unwrap();
        assert!(layers.push_assignment("novalue").is_err());
        assert!(layers.push_assignment("=3").is_err());
        assert!(layers.push_assignment("a..b=3").is_err());
        assert!(layers.push_assignment("a b=3").is_err());
    }

    #[test]
    fn extends_cannot_be_set() {
        let mut layers = Layers::from_text("base", "").unwrap();
        let err = layers
            .push_assignment("extends=us_first.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("belongs in a scenario file"), "{err}");
        assert!(err.contains("extends = \"us_first.toml\""), "{err}");
        assert!(layers.overrides().is_empty());
    }

    #[test]
    fn hash_changes_with_overrides() {
        let base = Layers::from_text("base", "a = 1").unwrap();
        let mut other = base.clone();
        other.push_assignment("a=2").unwrap();
        assert_ne!(base.content_hash(), other.content_hash());
        assert_eq!(
            base.content_hash(),
            Layers::from_text("elsewhere", "a = 1")
                .unwrap()
                .content_hash()
        );
    }
}
