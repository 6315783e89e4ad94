//! Layers → [`Scenario`]: every key read with its type and range, every problem collected.

use super::document::{Document, Node, Value};
use super::error::{Diagnostic, ScenarioError};
use super::layers::{Found, Layers};
use super::schema::{self, STEP_KEYS};
use super::{
    ChannelPolicy, ElectionDates, Mechanisms, ParamTarget, Provenance, Scenario, Schedule,
    SimulationSettings, UncertainParam,
};
use crate::calendar::{Calendar, Date};
use crate::distribution::{DistSpec, Distribution};
use crate::params::{MAX_SHOCK_TYPES, ModelParams};
use crate::protocol::{Order, Protocol, ProtocolKind, Step};
use crate::registry::{PARAMS, Range, SHOCK_FIELDS};

/// Largest trial count a file may ask for (the command line can ask for more).
const MAX_TRIALS: i64 = 1_000_000_000_000;

/// Most steps a horizon may have: each step keeps its own level histograms in every summary, so
/// this bounds memory (ten years of weekly steps is 522).
pub const MAX_STEPS: usize = 2_000;

pub(super) fn build(name: &str, layers: &Layers) -> Result<Scenario, ScenarioError> {
    let mut diagnostics = not_a_scenario(layers);
    if !diagnostics.is_empty() {
        return Err(ScenarioError { diagnostics });
    }
    diagnostics = schema::unknown_keys(layers);
    let mut r = Reader {
        layers,
        diags: Vec::new(),
    };
    let scenario = r.scenario(name);
    diagnostics.extend(r.diags);
    sort_by_place(layers, &mut diagnostics);
    match scenario {
        Some(s) if diagnostics.is_empty() => Ok(s),
        _ => {
            if diagnostics.is_empty() {
                diagnostics.push(Diagnostic::unplaced(None, "the scenario is incomplete"));
            }
            Err(ScenarioError { diagnostics })
        }
    }
}

/// Orders diagnostics as a reader meets them: by layer (base file first, overrides last), then
/// line and column; problems with no place come last.
fn sort_by_place(layers: &Layers, diagnostics: &mut [Diagnostic]) {
    let layer_of = |d: &Diagnostic| {
        d.location.as_ref().and_then(|l| {
            layers
                .docs()
                .iter()
                .position(|doc| doc.source.label == l.source)
        })
    };
    diagnostics.sort_by_key(|d| {
        let place = d.location.as_ref().map(|l| (l.line, l.column));
        (layer_of(d).unwrap_or(usize::MAX), place)
    });
}

/// A file none of whose top-level keys is a scenario key is not a scenario (for example
/// `extends = "Cargo.toml"`); say so instead of listing every key as unknown.
fn not_a_scenario(layers: &Layers) -> Vec<Diagnostic> {
    let top = schema::children_of("");
    layers
        .docs()
        .iter()
        .filter(|d| d.source.path.is_some())
        .filter(|d| {
            let entries = d.root.entries();
            !entries.is_empty() && entries.iter().all(|(k, _)| !top.contains(&k.name.as_str()))
        })
        .map(|d| {
            Diagnostic::new(
                d.locate(&(0..0)),
                None,
                "this file is not a jcpoa-sim scenario: none of its keys are scenario keys",
            )
            .with_help(format!(
                "scenario files have tables such as {}",
                top[..6].join(", ")
            ))
        })
        .collect()
}

/// A numeric parameter's value: fixed, or a distribution drawn per trial.
enum ParamValue {
    Fixed(f64),
    Uncertain(Distribution),
}

struct Reader<'a> {
    layers: &'a Layers,
    diags: Vec<Diagnostic>,
}

fn split(path: &str) -> Vec<&str> {
    path.split('.').collect()
}

impl<'a> Reader<'a> {
    fn find(&self, path: &str) -> Option<Found<'a>> {
        self.layers.lookup(&split(path))
    }

    fn at(&mut self, doc: &Document, node: &Node, path: &str, message: String) {
        self.diags
            .push(Diagnostic::new(doc.locate(&node.span), Some(path), message));
    }

    fn missing(&mut self, path: &str, what: &str) {
        let top = self
            .layers
            .docs()
            .iter()
            .rev()
            .find(|d| d.source.path.is_some())
            .map(|d| d.source.label.clone())
            .unwrap_or_else(|| "the scenario".to_string());
        self.diags.push(
            Diagnostic::unplaced(Some(path), format!("missing: expected {what}")).with_help(
                format!("add it to {top} or to the file it extends (see `jcpoa-sim params`)"),
            ),
        );
    }

    fn required(&mut self, path: &str, what: &str) -> Option<Found<'a>> {
        let f = self.find(path);
        if f.is_none() {
            self.missing(path, what);
        }
        f
    }

    fn wrong_type(&mut self, f: Found<'_>, path: &str, expected: &str) {
        let hint = match (&f.node.value, expected) {
            (Value::String(s), e) if e.contains("date") && parse_date_text(s).is_some() => {
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

    fn string(&mut self, path: &str) -> Option<String> {
        let f = self.find(path)?;
        match &f.node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(f, path, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, path: &str) -> Option<bool> {
        let f = self.required(path, "true or false")?;
        match f.node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(f, path, "true or false");
                None
            }
        }
    }

    fn integer(&mut self, path: &str, min: i64, max: i64) -> Option<i64> {
        let what = format!("an integer from {min} to {max}");
        let f = self.required(path, &what)?;
        match f.node.value {
            Value::Integer(i) if (min..=max).contains(&i) => Some(i),
            Value::Integer(i) => {
                self.at(f.doc, f.node, path, format!("must be {what}, got {i}"));
                None
            }
            _ => {
                self.wrong_type(f, path, &what);
                None
            }
        }
    }

    fn date(&mut self, path: &str) -> Option<Date> {
        let f = self.required(path, "a date like 2021-06-18")?;
        self.date_node(f.doc, f.node, path)
    }

    fn date_node(&mut self, doc: &Document, node: &Node, path: &str) -> Option<Date> {
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
                    Value::String(s) if parse_date_text(s).is_some() => {
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

    /// The required key `path`, one of the names in `options`.
    fn choice<T: Copy>(&mut self, path: &str, options: &[(&str, T)]) -> Option<T> {
        let f = self.required(path, &one_of(options))?;
        self.named(f.doc, f.node, path, options)
    }

    /// The value of `node` (at `path`), which must be one of the names in `options`; otherwise a
    /// diagnostic suggesting the nearest name.
    fn named<T: Copy>(
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
        if let Some(near) = schema::nearest(s, names) {
            d = d.with_help(format!("did you mean \"{near}\"?"));
        }
        self.diags.push(d);
        None
    }

    fn number(&mut self, doc: &Document, node: &Node, path: &str, range: &Range) -> Option<f64> {
        let x = match node.value {
            Value::Float(x) => x,
            Value::Integer(i) => i as f64,
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
    fn param(&mut self, path: &str, range: &Range, required: bool) -> Option<ParamValue> {
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

    fn distribution(&mut self, f: Found<'_>, path: &str, range: &Range) -> Option<Distribution> {
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
                if let Some(near) = schema::nearest(other, kinds) {
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

    fn scenario(&mut self, name: &str) -> Option<Scenario> {
        let title = self.string("title").unwrap_or_else(|| name.to_string());
        let description = self.string("description").unwrap_or_default();
        let simulation = self.simulation();
        let calendar = self.calendar();
        let mechanisms = self.mechanisms();
        let protocol = self.protocol();
        let (base, uncertain, shock_names) = self.params();
        let (calendar, mechanisms) = (calendar?, mechanisms?);
        let schedule = self.schedule(&calendar, &mechanisms);
        let (simulation, protocol, schedule) = (simulation?, protocol?, schedule?);
        let base = base?;
        let mut warnings = Vec::new();
        if !protocol.reaches_full_restoration() {
            warnings.push(
                "the last protocol step does not reach full compliance and full relief, so no trial can end `restored`"
                    .to_string(),
            );
        }
        Some(Scenario {
            name: name.to_string(),
            title,
            description,
            provenance: Provenance {
                files: self.layers.files().to_vec(),
                overrides: self.layers.overrides(),
                hash: self.layers.content_hash(),
            },
            simulation,
            calendar,
            schedule,
            mechanisms,
            protocol,
            shock_names,
            base,
            uncertain,
            warnings,
        })
    }

    fn simulation(&mut self) -> Option<SimulationSettings> {
        let trials = self.integer("simulation.trials", 1, MAX_TRIALS);
        let seed = self.integer("simulation.seed", 0, i64::MAX);
        Some(SimulationSettings {
            trials: trials? as u64,
            seed: seed? as u64,
        })
    }

    fn calendar(&mut self) -> Option<Calendar> {
        let start = self.date("calendar.start");
        let months = self.integer("calendar.horizon_months", 1, 1200);
        let step_days = self.integer("calendar.step_days", 1, 366);
        let (months, step_days) = (months?, step_days?);
        let calendar = Calendar::for_horizon(start?, step_days as u32, months as u32);
        if calendar.steps() > MAX_STEPS {
            self.date_error(
                "calendar.horizon_months",
                format!(
                    "a horizon of {months} months in steps of {step_days} days has {} steps; at most {MAX_STEPS} are supported (use longer steps or a shorter horizon)",
                    calendar.steps()
                ),
            );
            return None;
        }
        Some(calendar)
    }

    fn mechanisms(&mut self) -> Option<Mechanisms> {
        let channel = self.choice("talks.channel", &ChannelPolicy::NAMES);
        let veto = self.boolean("hardliners.enabled");
        let election = self.boolean("election.enabled");
        let iaea = self.boolean("iaea.enabled");
        let linkage = self.boolean("linkage.enabled");
        let shocks = self.boolean("shocks.enabled");
        Some(Mechanisms {
            channel: channel?,
            veto: veto?,
            election: election?,
            iaea: iaea?,
            linkage: linkage?,
            shocks: shocks?,
        })
    }

    fn protocol(&mut self) -> Option<Protocol> {
        let kind = self.choice("protocol.kind", &ProtocolKind::NAMES)?;
        if kind != ProtocolKind::Stepwise {
            let needs_roadmap = self.boolean("protocol.package_needs_roadmap")?;
            return Some(Protocol::package(kind, needs_roadmap));
        }
        let path = "protocol.steps";
        let f = self.required(path, "an array of [[protocol.steps]] tables")?;
        let Value::Array(items) = &f.node.value else {
            self.wrong_type(f, path, "an array of [[protocol.steps]] tables");
            return None;
        };
        if items.is_empty() {
            self.at(
                f.doc,
                f.node,
                path,
                "a stepwise protocol needs at least one step".to_string(),
            );
            return None;
        }
        let mut steps = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.step(f.doc, item, &format!("{path}[{i}]")) {
                Some(s) => steps.push(s),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        for i in 1..steps.len() {
            let (prev, cur) = (&steps[i - 1], &steps[i]);
            if cur.iran_target < prev.iran_target || cur.us_target < prev.us_target {
                self.at(
                    f.doc,
                    &items[i],
                    &format!("{path}[{i}]"),
                    format!(
                        "step targets must not decrease: step {} asks for compliance {} and relief {} after step {} reached {} and {}",
                        i + 1,
                        cur.iran_target,
                        cur.us_target,
                        i,
                        prev.iran_target,
                        prev.us_target
                    ),
                );
                ok = false;
            }
        }
        ok.then(|| Protocol::stepwise(steps))
    }

    fn step(&mut self, doc: &Document, item: &Node, path: &str) -> Option<Step> {
        let Value::Table(entries) = &item.value else {
            self.at(
                doc,
                item,
                path,
                format!("expected a step table, found {}", item.value.type_name()),
            );
            return None;
        };
        let mut ok = true;
        for (key, _) in entries {
            if !STEP_KEYS.contains(&key.name.as_str()) {
                let full = format!("{path}.{}", key.name);
                self.diags.push(schema::unknown(
                    doc,
                    key,
                    &full,
                    "protocol.steps",
                    STEP_KEYS,
                ));
                ok = false;
            }
        }
        let need = |r: &mut Self, key: &str, what: &str| -> Option<&Node> {
            let n = item.get(key);
            if n.is_none() {
                r.at(
                    doc,
                    item,
                    &format!("{path}.{key}"),
                    format!("missing: expected {what}"),
                );
            }
            n
        };
        let name = match need(self, "name", "a string describing the step").map(|n| &n.value) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.at(
                    doc,
                    item.get("name")?,
                    &format!("{path}.name"),
                    "expected a string".into(),
                );
                None
            }
            None => None,
        };
        let unit = Range {
            min: 0.0,
            min_open: false,
            max: 1.0,
        };
        let iran = need(
            self,
            "iran_target",
            "the compliance level Iran's half reaches (0-1)",
        )
        .and_then(|n| self.number(doc, n, &format!("{path}.iran_target"), &unit));
        let us = need(
            self,
            "us_target",
            "the relief level the US's half reaches (0-1)",
        )
        .and_then(|n| self.number(doc, n, &format!("{path}.us_target"), &unit));
        let order = need(self, "first", &one_of(&Order::NAMES))
            .and_then(|n| self.named(doc, n, &format!("{path}.first"), &Order::NAMES));
        let flag = |r: &mut Self, key: &str| -> Option<bool> {
            match item.get(key) {
                None => Some(false),
                Some(Node {
                    value: Value::Bool(b),
                    ..
                }) => Some(*b),
                Some(n) => {
                    r.at(
                        doc,
                        n,
                        &format!("{path}.{key}"),
                        format!("expected true or false, found {}", n.value.type_name()),
                    );
                    None
                }
            }
        };
        let needs_roadmap = flag(self, "needs_roadmap");
        let restores_monitoring = flag(self, "restores_monitoring");
        if !ok {
            return None;
        }
        Some(Step {
            name: name?,
            iran_target: iran?,
            us_target: us?,
            order: order?,
            needs_roadmap: needs_roadmap?,
            restores_monitoring: restores_monitoring?,
        })
    }

    fn params(&mut self) -> (Option<ModelParams>, Vec<UncertainParam>, Vec<String>) {
        let mut base = ModelParams::default();
        let mut uncertain = Vec::new();
        let mut ok = true;
        for spec in PARAMS {
            match self.param(spec.path, &spec.range, true) {
                Some(ParamValue::Fixed(x)) => *(spec.field)(&mut base) = x,
                Some(ParamValue::Uncertain(d)) => uncertain.push(UncertainParam {
                    path: spec.path.to_string(),
                    target: ParamTarget::Model(spec),
                    distribution: d,
                }),
                None => ok = false,
            }
        }
        let names = self.shock_names();
        if names.len() > MAX_SHOCK_TYPES {
            self.diags.push(Diagnostic::unplaced(
                Some("shocks"),
                format!(
                    "{} shock types defined ({}); at most {MAX_SHOCK_TYPES} are supported",
                    names.len(),
                    names.join(", ")
                ),
            ));
            return (None, uncertain, names);
        }
        for (index, shock) in names.iter().enumerate() {
            for field in SHOCK_FIELDS {
                let path = format!("shocks.{shock}.{}", field.key);
                match self.param(&path, &field.range, field.required) {
                    Some(ParamValue::Fixed(x)) => *(field.field)(&mut base.shocks[index]) = x,
                    Some(ParamValue::Uncertain(d)) => uncertain.push(UncertainParam {
                        path,
                        target: ParamTarget::Shock { index, field },
                        distribution: d,
                    }),
                    None if field.required || self.find(&path).is_some() => ok = false,
                    None => {}
                }
            }
        }
        (ok.then_some(base), uncertain, names)
    }

    /// Shock type names: every table under `[shocks]` in any layer, sorted.
    fn shock_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .layers
            .docs()
            .iter()
            .filter_map(|d| d.root.get(schema::SHOCKS_TABLE))
            .flat_map(|t| t.entries().iter())
            .filter(|(_, v)| matches!(v.value, Value::Table(_)))
            .map(|(k, _)| k.name.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    fn schedule(&mut self, calendar: &Calendar, mechanisms: &Mechanisms) -> Option<Schedule> {
        let start = calendar.start();
        let end = calendar.end();
        let mut ok = true;
        let election = if mechanisms.election {
            let campaign = self.date("election.campaign_start");
            let vote = self.date("election.date");
            let inauguration = self.date("election.inauguration");
            match (campaign, vote, inauguration) {
                (Some(c), Some(v), Some(i)) => {
                    let checks = [
                        (
                            v < start,
                            "election.date",
                            format!("the election ({v}) is before calendar.start ({start})"),
                        ),
                        (
                            v >= end,
                            "election.date",
                            format!(
                                "the election ({v}) is after the horizon ends ({end}); extend calendar.horizon_months or set election.enabled = false"
                            ),
                        ),
                        (
                            c > v,
                            "election.campaign_start",
                            format!(
                                "the campaign must start on or before the election ({c} is after {v})"
                            ),
                        ),
                        (
                            i < v,
                            "election.inauguration",
                            format!("the inauguration ({i}) is before the election ({v})"),
                        ),
                    ];
                    for (bad, key, message) in checks {
                        if bad {
                            self.date_error(key, message);
                            ok = false;
                        }
                    }
                    Some(ElectionDates {
                        campaign_start: c,
                        election: v,
                        inauguration: i,
                        campaign_step: calendar.step_of(c),
                        election_step: calendar.step_of(v),
                        inauguration_step: calendar.step_of(i),
                    })
                }
                _ => {
                    ok = false;
                    None
                }
            }
        } else {
            None
        };
        let (deadline, meetings) = if mechanisms.iaea {
            let deadline = self.date("iaea.monitoring_deadline");
            if let Some(d) = deadline
                && d < start
            {
                self.date_error(
                    "iaea.monitoring_deadline",
                    format!("the monitoring deadline ({d}) is before calendar.start ({start})"),
                );
                ok = false;
            }
            let meetings = self.board_meetings(start);
            ok &= deadline.is_some() && meetings.is_some();
            (
                deadline.map(|d| (d, calendar.step_of(d))),
                meetings
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|d| *d < end)
                    .map(|d| (d, calendar.step_of(d)))
                    .collect(),
            )
        } else {
            (None, Vec::new())
        };
        ok.then(|| Schedule::new(calendar, election, deadline, meetings))
    }

    fn board_meetings(&mut self, start: Date) -> Option<Vec<Date>> {
        let path = "iaea.board_meetings";
        let f = self.required(path, "an array of dates")?;
        let Value::Array(items) = &f.node.value else {
            self.wrong_type(f, path, "an array of dates");
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let key = format!("{path}[{i}]");
            match self.date_node(f.doc, item, &key) {
                Some(d) if d < start => {
                    self.at(
                        f.doc,
                        item,
                        &key,
                        format!("Board meeting {d} is before calendar.start ({start})"),
                    );
                    ok = false;
                }
                Some(d) => out.push(d),
                None => ok = false,
            }
        }
        out.sort();
        ok.then_some(out)
    }

    fn date_error(&mut self, path: &str, message: String) {
        match self.find(path) {
            Some(f) => self.at(f.doc, f.node, path, message),
            None => self.diags.push(Diagnostic::unplaced(Some(path), message)),
        }
    }
}

/// "one of "a", "b", "c"": what a key naming one of `options` expects.
fn one_of<T>(options: &[(&str, T)]) -> String {
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    format!("one of {}", quoted(&names))
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_date_text(s: &str) -> Option<Date> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    Date::from_ymd(y, m, d)
}
