//! Errors in scenario input, each pointing at the file, line, column and key at fault.

use std::fmt;

/// A place in a scenario source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Location {
    /// The file path, or `--set KEY=VALUE` for a command-line override.
    pub(crate) source: String,
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if ["--set ", "--given ", "--force "]
            .iter()
            .any(|flag| self.source.starts_with(flag))
        {
            // A one-line override: the assignment itself says where.
            write!(f, "{}", self.source)
        } else {
            write!(f, "{}:{}:{}", self.source, self.line, self.column)
        }
    }
}

/// One problem found in a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    /// Where it is, when it can be pinned to a place.
    pub(crate) location: Option<Location>,
    /// The dotted key concerned, if any.
    pub(crate) key: Option<String>,
    /// What is wrong and what is allowed.
    pub(crate) message: String,
    /// A suggestion, such as the nearest known key.
    pub(crate) help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `location` about `key`.
    pub(crate) fn new(
        location: Location,
        key: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            location: Some(location),
            key: key.map(str::to_string),
            message: message.into(),
            help: None,
        }
    }

    /// A diagnostic with no place in a file (for example a file that cannot be read).
    pub(crate) fn unplaced(key: Option<&str>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: None,
            key: key.map(str::to_string),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a suggestion.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n    help: {help}")?;
        }
        Ok(())
    }
}

/// A scenario that cannot be used, with every problem found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// The problems, in the order they were found (never empty).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl ScenarioError {
    /// An error with a single diagnostic.
    pub(crate) fn one(diagnostic: Diagnostic) -> ScenarioError {
        ScenarioError {
            diagnostics: vec![diagnostic],
        }
    }
}

impl From<Diagnostic> for ScenarioError {
    fn from(d: Diagnostic) -> ScenarioError {
        ScenarioError::one(d)
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        if n > 1 {
            writeln!(f, "{n} problems in the scenario:")?;
        }
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if n > 1 {
                write!(f, "  - ")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}
