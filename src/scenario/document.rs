//! One parsed scenario text: an owned tree of values, each with the byte span it came from.
//!
//! The TOML parser gives a borrowed, spanned tree; this module converts it into an owned [`Node`]
//! tree so that documents from several files (and from `--set`) can be kept side by side as
//! layers, and every value can still be traced back to its file, line and column.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::duplicate_key;
use super::error::{Diagnostic, Location};

/// Where a document's text came from.
#[derive(Clone, Debug)]
pub(crate) struct SourceText {
    /// A file, or `None` for a `--set` assignment.
    pub(crate) path: Option<PathBuf>,
    /// How to name the source in messages: the file path, or `--set KEY=VALUE`.
    pub(crate) label: String,
    /// The text itself.
    pub(crate) text: Arc<str>,
    /// Where its lines start, to locate a span without reading the text before it.
    lines: Arc<LineIndex>,
}

/// Where the lines of a text start, and how many characters come before each block of
/// [`LineIndex::BLOCK`] bytes: a span's line and column are found in logarithmic time plus at
/// most one block, so a text with a great many problems is located in linear time, not quadratic.
#[derive(Debug)]
struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    /// Characters before byte `k · BLOCK`.
    chars_before_block: Vec<usize>,
}

impl LineIndex {
    const BLOCK: usize = 4096;

    fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut chars_before_block = vec![0];
        for block in text.as_bytes().chunks(Self::BLOCK) {
            let last = chars_before_block.last().copied().unwrap_or(0);
            chars_before_block.push(last + char_starts(block));
        }
        LineIndex {
            starts,
            chars_before_block,
        }
    }

    /// Characters of `text` (the indexed text) before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / Self::BLOCK;
        let counted = self.chars_before_block.get(block).copied().unwrap_or(0);
        counted + char_starts(&text.as_bytes()[block * Self::BLOCK..offset])
    }
}

/// The characters that start in `bytes` of UTF-8 text (every byte but a continuation byte).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceText {
    /// Text read from `path`.
    pub(crate) fn file(path: &Path, text: String) -> SourceText {
        SourceText {
            path: Some(path.to_path_buf()),
            label: path.display().to_string(),
            lines: Arc::new(LineIndex::new(&text)),
            text: text.into(),
        }
    }

    /// Text synthesised from a command-line assignment.
    pub(crate) fn command_line(label: String, text: String) -> SourceText {
        SourceText {
            path: None,
            label,
            lines: Arc::new(LineIndex::new(&text)),
            text: text.into(),
        }
    }

    /// 1-based line and column of byte offset `offset`.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.lines.starts.partition_point(|&start| start <= offset);
        let line_start = self
            .lines
            .starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let col = self.lines.chars_before(&self.text, offset)
            - self.lines.chars_before(&self.text, line_start)
            + 1;
        (line.max(1), col)
    }

    /// The location of a span in this source, for messages.
    pub(crate) fn locate(self: &Arc<Self>, span: &Range<usize>) -> Location {
        let (line, column) = self.line_col(span.start);
        Location {
            source: self.label.clone(),
            line,
            column,
        }
    }
}

/// A value in a scenario document.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// A table, keys in the parser's (sorted) order.
    Table(Vec<(Key, Node)>),
    /// An array.
    Array(Vec<Node>),
    /// A floating-point number (may be NaN or infinite; validation rejects those).
    Float(f64),
    /// An integer.
    Integer(i64),
    /// An integer literal outside TOML's range (a 64-bit signed integer): as written, and its
    /// approximate value.
    HugeInteger(String, f64),
    /// A boolean.
    Bool(bool),
    /// A string.
    String(String),
    /// A TOML date, time or date-time.
    Datetime(toml::value::Datetime),
}

impl Value {
    /// The TOML type name, for "expected X, found Y" messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Table(_) => "a table",
            Value::Array(_) => "an array",
            Value::Float(_) => "a float",
            Value::Integer(_) => "an integer",
            Value::HugeInteger(..) => "an integer outside TOML's range (-2^63 to 2^63-1)",
            Value::Bool(_) => "a boolean",
            Value::String(_) => "a string",
            Value::Datetime(_) => "a date-time",
        }
    }
}

/// A key with the span where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Key {
    /// The key text.
    pub(crate) name: String,
    /// Byte span of the key.
    pub(crate) span: Range<usize>,
}

/// A value with the byte span where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    /// The value.
    pub(crate) value: Value,
    /// Byte span of the value.
    pub(crate) span: Range<usize>,
}

impl Node {
    /// The child `key` of a table node.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Table(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entry for `key`, with its key span, in a table node.
    pub(crate) fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.value {
            Value::Table(entries) => entries
                .iter()
                .find(|(k, _)| k.name == key)
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The node at a dotted path of table keys.
    pub(crate) fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    /// The entries of a table node (empty for other values).
    pub(crate) fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Table(entries) => entries,
            _ => &[],
        }
    }
}

/// A parsed document and the text it came from.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    /// The source text.
    pub(crate) source: Arc<SourceText>,
    /// The root table.
    pub(crate) root: Node,
}

impl Document {
    /// Parses `source` as TOML.
    pub(crate) fn parse(source: SourceText) -> Result<Document, Diagnostic> {
        let source = Arc::new(source);
        let parsed = DeTable::parse(&source.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim();
            match duplicate_key::find(&source.text, span.start) {
                Some(d) if message == "duplicate key" => {
                    Diagnostic::new(source.locate(&span), None, d.message())
                }
                _ => Diagnostic::new(
                    source.locate(&span),
                    None,
                    format!("invalid TOML: {message}"),
                ),
            }
        })?;
        let span = parsed.span();
        let root = Node {
            value: convert_table(parsed.get_ref()),
            span,
        };
        Ok(Document { source, root })
    }

    /// The location of `span` in this document.
    pub(crate) fn locate(&self, span: &Range<usize>) -> Location {
        self.source.locate(span)
    }
}

fn convert_table(table: &DeTable<'_>) -> Value {
    Value::Table(
        table
            .iter()
            .map(|(k, v)| {
                (
                    Key {
                        name: k.get_ref().to_string(),
                        span: k.span(),
                    },
                    Node {
                        value: convert_value(v.get_ref()),
                        span: v.span(),
                    },
                )
            })
            .collect(),
    )
}

fn convert_value(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Integer(n),
            // Out of i64 range: keep what was written so validation can say so.
            Err(_) => {
                let prefix = match i.radix() {
                    16 => "0x",
                    8 => "0o",
                    2 => "0b",
                    _ => "",
                };
                let approx =
                    i128::from_str_radix(i.as_str(), i.radix()).map_or(f64::INFINITY, |n| n as f64);
                Value::HugeInteger(format!("{prefix}{}", i.as_str()), approx)
            }
        },
        DeValue::Float(f) => Value::Float(f.as_str().parse::<f64>().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(*d),
        DeValue::Array(a) => Value::Array(
            a.iter()
                .map(|v| Node {
                    value: convert_value(v.get_ref()),
                    span: v.span(),
                })
                .collect(),
        ),
        DeValue::Table(t) => convert_table(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::parse(SourceText::command_line("test".into(), text.into())).unwrap()
    }

    #[test]
    fn spans_point_at_lines() {
        let d = doc("a = 1\n[iran]\ndeal_value = 2.5\n");
        let node = d.root.at(&["iran", "deal_value"]).unwrap();
        assert_eq!(node.value, Value::Float(2.5));
        assert_eq!(d.source.line_col(node.span.start), (3, 14));
    }

    #[test]
    fn lines_and_columns_count_characters_across_blocks() {
        let text = format!("a\n{}\nبرجام é{}\n\n", "x".repeat(5000), "ü".repeat(3000));
        let source = SourceText::command_line("test".into(), text.clone());
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(source.line_col(offset), (line, column), "at {offset}");
        }
    }

    #[test]
    fn integers_and_specials() {
        let d = doc("a = 0x10\nb = nan\nc = -inf\nd = 99999999999999999999\n");
        assert_eq!(d.root.get("a").unwrap().value, Value::Integer(16));
        assert!(matches!(d.root.get("b").unwrap().value, Value::Float(x) if x.is_nan()));
        assert!(
            matches!(d.root.get("c").unwrap().value, Value::Float(x) if x == f64::NEG_INFINITY)
        );
        assert_eq!(
            d.root.get("d").unwrap().value,
            Value::HugeInteger("99999999999999999999".into(), 1e20)
        );
    }

    #[test]
    fn syntax_error_has_location() {
        let err = Document::parse(SourceText::command_line(
            "x.toml".into(),
            "a = 1\nb = = 2\n".into(),
        ))
        .unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!(loc.line, 2);
        assert!(err.message.contains("invalid TOML"));
    }
}
