//! What a TOML "duplicate key" error is about: the parser reports only the position of the second
//! definition, so the dotted path of the key (or table) is read from the text there, and its first
//! definition is found by parsing the text before that line.

use toml::de::{DeTable, DeValue};

/// A key or table defined twice in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Duplicate {
    /// The dotted path, e.g. `iran.deal_value`.
    pub(crate) path: String,
    /// Whether the second definition is a table header (`[iran]`).
    pub(crate) header: bool,
    /// The 1-based line of the first definition, when it could be found.
    pub(crate) first_line: Option<usize>,
}

impl Duplicate {
    /// The error message for this duplicate.
    pub(crate) fn message(&self) -> String {
        let first = self
            .first_line
            .map(|l| format!(", first defined on line {l}"))
            .unwrap_or_default();
        if self.header {
            format!(
                "invalid TOML: the header [{0}] defines `{0}` a second time{first}; put all of a table's keys under one header",
                self.path
            )
        } else {
            format!(
                "invalid TOML: duplicate key `{}`{first}; a key may be set only once in a file",
                self.path
            )
        }
    }
}

/// The duplicate whose second definition is at byte `at` of `text`, if the text there is a key.
pub(crate) fn find(text: &str, at: usize) -> Option<Duplicate> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let indent = line.len() - line.trim_start().len();
    let body = line.trim_start();
    let (header, keys_at, keys) = if body.starts_with('[') {
        let open = if body.starts_with("[[") { 2 } else { 1 };
        let close = body[open..].find(']')?;
        (true, line_start + indent + open, &body[open..open + close])
    } else {
        let eq = unquoted_eq(body)?;
        (false, line_start + indent, &body[..eq])
    };
    let mut segments = split_key(keys)?;
    if keys_at + keys.len() < at {
        // Inside an inline table: the key at `at` within the value.
        let name: String = text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        segments.push((name, at - keys_at));
    }
    let last = segments
        .iter()
        .position(|(_, end)| keys_at + end >= at)
        .unwrap_or(segments.len() - 1);
    let prefix = &text[..line_start];
    let mut path = if header {
        Vec::new()
    } else {
        current_table(prefix)
    };
    path.extend(segments[..=last].iter().map(|(s, _)| s.clone()));
    Some(Duplicate {
        first_line: first_definition(prefix, &path),
        path: path.join("."),
        header,
    })
}

/// Byte offset of the first `=` outside quotes.
fn unquoted_eq(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '=') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The segments of a dotted key, unquoted, each with the byte offset just past it.
fn split_key(text: &str) -> Option<Vec<(String, usize)>> {
    let mut segments = Vec::new();
    let mut chars = text.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let (start, first) = chars.next()?;
        let segment = if first == '"' || first == '\'' {
            let mut s = String::new();
            let mut escaped = false;
            loop {
                let (_, c) = chars.next()?;
                match c {
                    '\\' if first == '"' && !escaped => escaped = true,
                    c if c == first && !escaped => break,
                    c => {
                        escaped = false;
                        s.push(c);
                    }
                }
            }
            s
        } else {
            let mut s = String::from(first);
            while let Some((_, c)) =
                chars.next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            {
                s.push(c);
            }
            s
        };
        let end = chars.peek().map_or(text.len(), |(i, _)| *i);
        if segment.is_empty() && start == end {
            return None;
        }
        segments.push((segment, end));
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        match chars.next() {
            None => return Some(segments),
            Some((_, '.')) => {}
            Some(_) => return None,
        }
    }
}

/// The path of the table a line after `prefix` belongs to: the last table header before it.
fn current_table(prefix: &str) -> Vec<String> {
    prefix
        .lines()
        .rev()
        .map(str::trim)
        .find_map(|l| {
            let inner = l.strip_prefix('[')?;
            let inner = inner.strip_prefix('[').unwrap_or(inner);
            let close = inner.find(']')?;
            split_key(&inner[..close])
        })
        .map(|segments| segments.into_iter().map(|(s, _)| s).collect())
        .unwrap_or_default()
}

/// The line where `path` is first defined in `prefix` (into the last table of an array of
/// tables, as a header `[[a]]` opens a new one).
fn first_definition(prefix: &str, path: &[String]) -> Option<usize> {
    let parsed = DeTable::parse(prefix).ok()?;
    let mut table: &DeTable<'_> = parsed.get_ref();
    let (last, parents) = path.split_last()?;
    for key in parents {
        let value = table.get(key.as_str())?;
        table = match value.get_ref() {
            DeValue::Table(t) => t,
            DeValue::Array(items) => match items.last()?.get_ref() {
                DeValue::Table(t) => t,
                _ => return None,
            },
            _ => return None,
        };
    }
    let (key, _) = table.get_key_value(last.as_str())?;
    Some(prefix[..key.span().start].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Duplicate {
        let parsed = DeTable::parse(text).unwrap_err();
        assert_eq!(parsed.message().trim(), "duplicate key");
        find(text, parsed.span().unwrap().start).unwrap()
    }

    #[test]
    fn names_the_key_and_its_first_line() {
        let d = at("title = 'x'\n[iran]\ndeal_value = 1\nrationality = 2\ndeal_value = 3\n");
        assert_eq!(d.path, "iran.deal_value");
        assert_eq!((d.header, d.first_line), (false, Some(3)));
        let d = at("[iran]\nx = 1\n[us]\ny = 2\n\n[ iran ]\nz = 3\n");
        assert_eq!(d.path, "iran");
        assert_eq!((d.header, d.first_line), (true, Some(1)));
        let d = at("iran.deal_value = 1\n[iran]\ndeal_value = 2\n");
        assert_eq!((d.path.as_str(), d.first_line), ("iran", Some(1)));
        let d = at("[[protocol.steps]]\nname = \"a\"\n\"name\" = \"b\"\n");
        assert_eq!(
            (d.path.as_str(), d.first_line),
            ("protocol.steps.name", Some(2))
        );
        assert!(d.message().contains("duplicate key `protocol.steps.name`"));
        assert!(d.message().contains("first defined on line 2"));
        let d = at("[iran]\nx = { a = 1, a = 2 }\n");
        assert_eq!((d.path.as_str(), d.first_line), ("iran.x.a", None));
    }
}
