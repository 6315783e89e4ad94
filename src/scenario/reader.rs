//! The reader: typed, located access to a scenario's layered keys. Each primitive looks a dotted
//! key up through the layers, checks its type and range, and on any problem records a diagnostic
//! that names the file, line, column and key (with a suggestion where one helps) instead of
//! stopping, so a scenario's every problem is reported at once.

use super::document::{Document, Node, Value};
use super::error::Diagnostic;
use super::keys::{Key, integer_range, one_of, quoted};
use super::layers::{Found, Layers};
use super::schema;
use super::suggest::nearest;
use crate::model::calendar::Date;
use crate::model::distribution::{DistSpec, Distribution};
use crate::model::registry::Range;

/// A numeric parameter's value: fixed, or a distribution drawn per trial.
pub(super) enum ParamValue {
    Fixed(f64),
    Uncertain(Distribution),
}

/// Reads keys from `layers`, collecting every problem in `diags`.
pub(super) struct Reader<'a> {
    pub(super) layers: &'a Layers,
    pub(super) diags: Vec<Diagnostic>,
}

fn split(path: &str) -> Vec<&str> {
    path.split('.').collect()
}

impl<'a> Reader<'a> {
    pub(super) fn find(&self, path: &str) -> Option<Found<'a>> {
        self.layers.lookup(&split(path))
    }

    pub(super) fn at(&mut self, doc: &Document, node: &Node, path: &str, message: String) {
        self.diags
            .push(Diagnostic::new(doc.locate(&node.span), Some(path), message));
    }

    pub(super) fn missing(&mut self, path: &str, what: &str) {
        let top = self
            .layers
            .docs()
            .iter()
            .rev()
            .find(|d| d.source.path.is_some())
            .map_or_else(|| "the scenario".to_string(), |d| d.source.label.clone());
        self.diags.push(
            Diagnostic::unplaced(Some(path), format!("missing: expected {what}")).with_help(
                format!("add it to {top} or to the file it extends (see `jcpoa-sim params`)"),
            ),
        );
    }

    pub(super) fn required(&mut self, path: &str, what: &str) -> Option<Found<'a>> {
        let f = self.find(path);
        if f.is_none() {
            self.missing(path, what);
        }
        f
    }

    pub(super) fn wrong_type(&mut self, f: Found<'_>, path: &str, expected: &str) {
        let hint = match (&f.node.value, expected) {
            (Value::String(s), e) if e.contains("date") && Date::parse(s).is_some() => {
                " (write dates without quotes, e.g. 2021-06-18)"
            }
            (Value::String(_), e) if e.contains("number") || e.contains("integer") => {
                " (remove the quotes)"
            }
            _ => "",
        };
        self.at(
            f.doc,
            f.node,
            path,
            format!(
                "expected {expected}, found {}{hint}",
                f.node.value.type_name()
            ),
        );
    }

    /// The optional text key `key`.
    pub(super) fn string(&mut self, key: &Key) -> Option<String> {
        let path = key.path;
        let f = self.find(path)?;
        match &f.node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(f, path, "a string");
                None
            }
        }
    }

    /// The required switch `key`.
    pub(super) fn boolean(&mut self, key: &Key) -> Option<bool> {
        let path = key.path;
        let f = self.required(path, "true or false")?;
        match f.node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(f, path, "true or false");
                None
            }
        }
    }

    /// The required integer `key`, within its bounds.
    pub(super) fn integer(&mut self, key: &Key) -> Option<i64> {
        let (path, (min, max)) = (key.path, key.bounds());
        let what = format!("an integer from {}", integer_range(min, max));
        let f = self.required(path, &what)?;
        match &f.node.value {
            Value::Integer(i) if (min..=max).contains(i) => Some(*i),
            Value::Integer(i) => {
                self.at(f.doc, f.node, path, format!("must be {what}, got {i}"));
                None
            }
            Value::HugeInteger(digits, _) => {
                let message = format!("must be {what}, got {digits}");
                self.at(f.doc, f.node, path, message);
                None
            }
            _ => {
                self.wrong_type(f, path, &what);
                None
            }
        }
    }

    /// The required date `key`.
    pub(super) fn date(&mut self, key: &Key) -> Option<Date> {
        let path = key.path;
        let f = self.required(path, "a date like 2021-06-18")?;
        self.date_node(f.doc, f.node, path)
    }

    pub(super) fn date_node(&mut self, doc: &Document, node: &Node, path: &str) -> Option<Date> {
        match &node.value {
            Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    let date =
                        Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day));
                    if date.is_none() {
                        self.at(doc, node, path, format!("{dt} is not a calendar date"));
                    }
                    date
                }
                _ => {
                    self.at(
                        doc,
                        node,
                        path,
                        format!("expected a date like 2021-06-18, found the date-time {dt} (drop the time)"),
                    );
                    None
                }
            },
            other => {
                let hint = match other {
                    Value::String(s) if Date::parse(s).is_some() => {
                        " (write dates without quotes, e.g. 2021-06-18)"
                    }
                    _ => "",
                };
                self.at(
                    doc,
                    node,
                    path,
                    format!(
                        "expected a date like 2021-06-18, found {}{hint}",
                        other.type_name()
                    ),
                );
                None
            }
        }
    }

    /// The required choice `key`, one of the names in `options`.
    pub(super) fn choice<T: Copy>(&mut self, key: &Key, options: &[(&str, T)]) -> Option<T> {
        let f = self.required(key.path, &one_of(options))?;
        self.named(f.doc, f.node, key.path, options)
    }

    /// The value of `node` (at `path`), which must be one of the names in `options`; otherwise a
    /// diagnostic suggesting the nearest name.
    pub(super) fn named<T: Copy>(
        &mut self,
        doc: &Document,
        node: &Node,
        path: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let what = one_of(options);
        let Value::String(s) = &node.value else {
            let found = node.value.type_name();
            self.at(doc, node, path, format!("expected {what}, found {found}"));
            return None;
        };
        if let Some((_, v)) = options.iter().find(|(n, _)| n == s) {
            return Some(*v);
        }
        let names = options.iter().map(|(n, _)| *n);
        let mut d = Diagnostic::new(
            doc.locate(&node.span),
            Some(path),
            format!("`{s}` is not allowed: expected {what}"),
        );
        if let Some(near) = nearest(s, names) {
            d = d.with_help(format!("did you mean \"{near}\"?"));
        }
        self.diags.push(d);
        None
    }

    pub(super) fn number(
        &mut self,
        doc: &Document,
        node: &Node,
        path: &str,
        range: &Range,
    ) -> Option<f64> {
        let x = match &node.value {
            Value::Float(x) => *x,
            Value::Integer(i) => *i as f64,
            Value::HugeInteger(_, approx) => *approx,
            _ => {
                let hint = if matches!(node.value, Value::String(_)) {
                    " (remove the quotes)"
                } else {
                    ""
                };
                self.at(
                    doc,
                    node,
                    path,
                    format!("expected a number, found {}{hint}", node.value.type_name()),
                );
                return None;
            }
        };
        if !x.is_finite() {
            self.at(
                doc,
                node,
                path,
                format!("must be a finite number, got {x} (NaN and infinity are not allowed)"),
            );
            return None;
        }
        if !range.contains(x) {
            self.at(
                doc,
                node,
                path,
                format!("must be {}, got {x}", range.describe()),
            );
            return None;
        }
        Some(x)
    }

    /// A numeric parameter: a number, or a table `{ dist = "...", ... }`.
    pub(super) fn param(
        &mut self,
        path: &str,
        range: &Range,
        required: bool,
    ) -> Option<ParamValue> {
        let Some(f) = self.find(path) else {
            if required {
                self.missing(path, &format!("{} or a distribution", range.describe()));
            }
            return None;
        };
        match &f.node.value {
            Value::Table(_) => self.distribution(f, path, range).map(ParamValue::Uncertain),
            _ => self
                .number(f.doc, f.node, path, range)
                .map(ParamValue::Fixed),
        }
    }

    pub(super) fn distribution(
        &mut self,
        f: Found<'_>,
        path: &str,
        range: &Range,
    ) -> Option<Distribution> {
        let kinds = ["uniform", "triangular", "beta", "normal"];
        let Some(kind_node) = f.node.get("dist") else {
            self.at(
                f.doc,
                f.node,
                path,
                format!(
                    "a table here must describe a distribution: add `dist = ` one of {}",
                    quoted(&kinds)
                ),
            );
            return None;
        };
        let Value::String(kind) = &kind_node.value else {
            self.at(
                f.doc,
                kind_node,
                &format!("{path}.dist"),
                format!("expected one of {}", quoted(&kinds)),
            );
            return None;
        };
        let keys: &[&str] = match kind.as_str() {
            "uniform" => &["dist", "min", "max"],
            "triangular" => &["dist", "min", "mode", "max"],
            "beta" => &["dist", "alpha", "beta", "min", "max"],
            "normal" => &["dist", "mean", "sd", "min", "max"],
            other => {
                let mut d = Diagnostic::new(
                    f.doc.locate(&kind_node.span),
                    Some(&format!("{path}.dist")),
                    format!(
                        "`{other}` is not a supported distribution: expected one of {}",
                        quoted(&kinds)
                    ),
                );
                if let Some(near) = nearest(other, kinds) {
                    d = d.with_help(format!("did you mean \"{near}\"?"));
                }
                self.diags.push(d);
                return None;
            }
        };
        let mut ok = true;
        for (key, _) in f.node.entries() {
            if !keys.contains(&key.name.as_str()) {
                let full = format!("{path}.{}", key.name);
                self.diags
                    .push(schema::unknown(f.doc, key, &full, path, &keys[1..]));
                ok = false;
            }
        }
        let any = Range {
            min: f64::MIN,
            min_open: false,
            max: f64::MAX,
        };
        let get = |r: &mut Self, key: &str, default: Option<f64>| -> Option<f64> {
            match f.node.get(key) {
                Some(n) => r.number(f.doc, n, &format!("{path}.{key}"), &any),
                None => {
                    if default.is_none() {
                        r.at(
                            f.doc,
                            f.node,
                            path,
                            format!("a {kind} distribution needs `{key}`"),
                        );
                    }
                    default
                }
            }
        };
        let spec = match kind.as_str() {
            "uniform" => {
                let (min, max) = (get(self, "min", None), get(self, "max", None));
                DistSpec::Uniform {
                    min: min?,
                    max: max?,
                }
            }
            "triangular" => {
                let (min, mode, max) = (
                    get(self, "min", None),
                    get(self, "mode", None),
                    get(self, "max", None),
                );
                DistSpec::Triangular {
                    min: min?,
                    mode: mode?,
                    max: max?,
                }
            }
            "beta" => {
                let (alpha, beta) = (get(self, "alpha", None), get(self, "beta", None));
                let (min, max) = (get(self, "min", Some(0.0)), get(self, "max", Some(1.0)));
                DistSpec::Beta {
                    alpha: alpha?,
                    beta: beta?,
                    min: min?,
                    max: max?,
                }
            }
            _ => {
                let (mean, sd) = (get(self, "mean", None), get(self, "sd", None));
                let (min, max) = (
                    get(self, "min", Some(range.min)),
                    get(self, "max", Some(range.max)),
                );
                DistSpec::Normal {
                    mean: mean?,
                    sd: sd?,
                    min: min?,
                    max: max?,
                }
            }
        };
        if !ok {
            return None;
        }
        let dist = match Distribution::new(spec) {
            Ok(d) => d,
            Err(e) => {
                self.at(
                    f.doc,
                    f.node,
                    path,
                    format!("invalid {kind} distribution: {e}"),
                );
                return None;
            }
        };
        let (lo, hi) = dist.bounds();
        if !range.contains(lo) || !range.contains(hi) {
            self.at(
                f.doc,
                f.node,
                path,
                format!(
                    "the distribution can draw values from {lo} to {hi}, but the parameter must be {}",
                    range.describe()
                ),
            );
            return None;
        }
        Some(dist)
    }

    pub(super) fn date_error(&mut self, path: &str, message: String) {
        match self.find(path) {
            Some(f) => self.at(f.doc, f.node, path, message),
            None => self.diags.push(Diagnostic::unplaced(Some(path), message)),
        }
    }
}
