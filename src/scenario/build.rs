//! A [`ScenarioSource`]'s layers → [`Scenario`]: the section builders. Each section of a scenario (simulation, calendar,
//! mechanisms, protocol, parameters, schedule) is read through the [`Reader`]'s primitives and
//! checked against the others; every problem is collected.

use super::conditions;
use super::document::{Document, Node, Value};
use super::error::{Diagnostic, ScenarioError};
use super::keys::{self, EVENT_TABLES, Key, STEP_FIELDS, one_of};
use super::layers::Layers;
use super::reader::{ParamValue, Reader};
use super::schema;
use super::source::ScenarioSource;
use super::{Provenance, Scenario, SimulationSettings};
use crate::model::calendar::{Calendar, Date};
use crate::model::params::{MAX_SHOCK_TYPES, ModelParams};
use crate::model::protocol::{Order, Protocol, ProtocolKind, Step};
use crate::model::registry::{PARAMS, Range, SHOCK_FIELDS};
use crate::model::rules::{
    ChannelPolicy, ElectionDates, Mechanisms, Rules, Schedule, SolverSettings,
};
use crate::model::setup::{Draw, FIXED_ONLY, ParamTarget, Setup, UncertainParam};
use std::path::Path;

/// Most steps a horizon may have: each step keeps its own level histograms in every summary, so
/// this bounds memory (ten years of weekly steps is 522).
pub(super) const MAX_STEPS: usize = 2_000;

impl ScenarioSource {
    /// Validates everything and builds the typed scenario, or reports every problem found.
    pub fn build(&self) -> Result<Scenario, ScenarioError> {
        build(self)
    }
}

impl Scenario {
    /// Reads and validates the scenario file at `path`.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        ScenarioSource::load(path)?.build()
    }
}

fn build(source: &ScenarioSource) -> Result<Scenario, ScenarioError> {
    let layers = &source.layers;
    let mut diagnostics = not_a_scenario(layers);
    if !diagnostics.is_empty() {
        return Err(ScenarioError { diagnostics });
    }
    diagnostics = schema::unknown_keys(layers);
    let mut r = Reader {
        layers,
        diags: Vec::new(),
    };
    let scenario = r.scenario(source);
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
    if let Some(d) = empty_file(layers) {
        return vec![d];
    }
    let top = schema::children_of("");
    layers
        .docs()
        .iter()
        .filter(|d| d.source.path.is_some())
        .filter(|d| {
            let entries = d.root.entries();
            !entries.is_empty()
                && entries.iter().all(|(k, _)| {
                    !top.contains(&k.name.as_str()) && !EVENT_TABLES.contains(&k.name.as_str())
                })
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

/// A scenario that is one empty file (nothing but comments, perhaps): say so, and how to start,
/// rather than list every key as missing.
fn empty_file(layers: &Layers) -> Option<Diagnostic> {
    let mut files = layers.docs().iter().filter(|d| d.source.path.is_some());
    let (Some(doc), None) = (files.next(), files.next()) else {
        return None;
    };
    doc.root.entries().is_empty().then(|| {
        Diagnostic::new(
            doc.locate(&(0..0)),
            None,
            "the scenario file is empty: it sets no keys and extends no other scenario",
        )
        .with_help(
            "start it with `extends = \"baseline.toml\"` (the path relative to this file) to take every default from the shipped calibration, then set only what differs",
        )
    })
}

impl Reader<'_> {
    fn scenario(&mut self, source: &ScenarioSource) -> Option<Scenario> {
        let name = &source.name;
        let title = self.string(&keys::TITLE).unwrap_or_else(|| name.clone());
        let description = self.string(&keys::DESCRIPTION).unwrap_or_default();
        let simulation = self.simulation();
        let calendar = self.calendar();
        let mechanisms = self.mechanisms();
        let protocol = self.protocol();
        let roadmap_stages = self.integer(&keys::ROADMAP_STAGES);
        let solver = self.solver(calendar.as_ref());
        let (base, mut uncertain, shock_names) = self.params();
        let joint_ok = self.joint_sample(&shock_names, &mut uncertain);
        let (calendar, mechanisms) = (calendar?, mechanisms?);
        let schedule = self.schedule(&calendar, &mechanisms);
        let (simulation, protocol, schedule) = (simulation?, protocol?, schedule?);
        let (roadmap_stages, solver, base) = (roadmap_stages?, solver?, base?);
        joint_ok.then_some(())?;
        let mut warnings = Vec::new();
        if !protocol.reaches_full_restoration() {
            warnings.push(
                "the last protocol step does not reach full compliance and full relief, so no trial can end `restored`"
                    .to_string(),
            );
        }
        warnings.extend(empty_halves(&protocol, &base, &uncertain));
        let rules = Rules {
            calendar,
            schedule,
            mechanisms,
            protocol,
            shock_count: shock_names.len(),
            roadmap_stages: roadmap_stages as u8,
            solver,
        };
        let conditions = conditions::read(self.layers, &rules, &shock_names, &mut self.diags);
        Some(Scenario {
            source: source.clone(),
            name: name.clone(),
            title,
            description,
            provenance: Provenance {
                files: self.layers.files().to_vec(),
                overrides: self.layers.overrides(),
                hash: self.layers.content_hash(),
                event_flags: self.layers.event_flags(),
                forced: conditions::forced_texts(self.layers),
            },
            simulation,
            setup: Setup::new(rules, shock_names, base, uncertain),
            warnings,
            conditions,
        })
    }

    fn simulation(&mut self) -> Option<SimulationSettings> {
        let trials = self.integer(&keys::TRIALS);
        let seed = self.integer(&keys::SEED);
        Some(SimulationSettings {
            trials: trials? as u64,
            seed: seed? as u64,
        })
    }

    fn calendar(&mut self) -> Option<Calendar> {
        let start = self.date(&keys::START);
        let months = self.integer(&keys::HORIZON_MONTHS);
        let step_days = self.integer(&keys::STEP_DAYS);
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

    fn solver(&mut self, calendar: Option<&Calendar>) -> Option<SolverSettings> {
        let slice_days = self.integer(&keys::SLICE_DAYS);
        let belief_points = self.integer(&keys::BELIEF_POINTS);
        let continuation = self.integer(&keys::CONTINUATION_MONTHS);
        let end = calendar?.end();
        Some(SolverSettings {
            slice_days: slice_days? as u32,
            belief_points: belief_points? as usize,
            continuation_days: end.days_until(end.add_months(continuation? as i32)) as u32,
        })
    }

    fn mechanisms(&mut self) -> Option<Mechanisms> {
        let channel = self.choice(&keys::CHANNEL, &ChannelPolicy::NAMES);
        let veto = self.boolean(&keys::VETO);
        let election = self.boolean(&keys::ELECTION);
        let iaea = self.boolean(&keys::IAEA);
        let linkage = self.boolean(&keys::LINKAGE);
        let shocks = self.boolean(&keys::SHOCKS);
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
        let kind = self.choice(&keys::PROTOCOL_KIND, &ProtocolKind::NAMES)?;
        if kind != ProtocolKind::Stepwise {
            // Steps listed where (or above where) a single-package kind is chosen would be
            // ignored: say so. Steps a lower file lists (the baseline's) are simply not used.
            let chosen = self.find(keys::PROTOCOL_KIND.path).map(|f| f.layer);
            if let Some(steps) = self.find(keys::STEPS.path)
                && chosen.is_some_and(|layer| steps.layer >= layer)
            {
                self.at(
                    steps.doc,
                    steps.node,
                    keys::STEPS.path,
                    format!(
                        "steps are read only when protocol.kind = \"stepwise\"; `{}` is a single package",
                        kind.name()
                    ),
                );
                return None;
            }
            let needs_roadmap = self.boolean(&keys::PACKAGE_NEEDS_ROADMAP)?;
            return Some(Protocol::package(kind, needs_roadmap));
        }
        let path = keys::STEPS.path;
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
        let fields: Vec<&str> = STEP_FIELDS.iter().map(Key::field).collect();
        for (key, _) in entries {
            if !fields.contains(&key.name.as_str()) {
                let full = format!("{path}.{}", key.name);
                self.diags
                    .push(schema::unknown(doc, key, &full, keys::STEPS.path, &fields));
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
        let name = match need(
            self,
            keys::STEP_NAME.field(),
            "a string describing the step",
        )
        .map(|n| &n.value)
        {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.at(
                    doc,
                    item.get(keys::STEP_NAME.field())?,
                    &format!("{path}.{}", keys::STEP_NAME.field()),
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
            keys::STEP_IRAN_TARGET.field(),
            "the compliance level Iran's half reaches (0-1)",
        )
        .and_then(|n| {
            self.number(
                doc,
                n,
                &format!("{path}.{}", keys::STEP_IRAN_TARGET.field()),
                &unit,
            )
        });
        let us = need(
            self,
            keys::STEP_US_TARGET.field(),
            "the relief level the US's half reaches (0-1)",
        )
        .and_then(|n| {
            self.number(
                doc,
                n,
                &format!("{path}.{}", keys::STEP_US_TARGET.field()),
                &unit,
            )
        });
        let order = need(self, keys::STEP_FIRST.field(), &one_of(&Order::NAMES)).and_then(|n| {
            self.named(
                doc,
                n,
                &format!("{path}.{}", keys::STEP_FIRST.field()),
                &Order::NAMES,
            )
        });
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
        let needs_roadmap = flag(self, keys::STEP_NEEDS_ROADMAP.field());
        let restores_monitoring = flag(self, keys::STEP_RESTORES_MONITORING.field());
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
                Some(ParamValue::Uncertain(_)) if FIXED_ONLY.contains(&spec.path) => {
                    if let Some(f) = self.find(spec.path) {
                        self.at(
                            f.doc,
                            f.node,
                            spec.path,
                            "must be a number, not a distribution: the game's protocol positions and calendar are built from it before any trial".to_string(),
                        );
                    }
                    ok = false;
                }
                Some(ParamValue::Uncertain(d)) => uncertain.push(UncertainParam {
                    path: spec.path.to_string(),
                    target: ParamTarget::Model(spec),
                    draw: Draw::Own(d),
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
                        draw: Draw::Own(d),
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
        // Days from the start; a date before the start counts from day 0 (only the campaign's
        // may be), one after the horizon is never reached.
        let day = |d: Date| calendar.day_of(d).clamp(0, i64::from(u32::MAX)) as u32;
        let mut ok = true;
        let election = if mechanisms.election {
            let campaign = self.date(&keys::CAMPAIGN_START);
            let vote = self.date(&keys::ELECTION_DATE);
            let inauguration = self.date(&keys::INAUGURATION);
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
                        campaign_day: day(c),
                        election_day: day(v),
                        inauguration_day: day(i),
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
            let deadline = self.date(&keys::MONITORING_DEADLINE);
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
                deadline.map(|d| (d, day(d))),
                meetings
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|d| *d < end)
                    .map(|d| (d, day(d)))
                    .collect(),
            )
        } else {
            (None, Vec::new())
        };
        ok.then_some(Schedule {
            election,
            monitoring_deadline: deadline,
            board_meetings: meetings,
        })
    }

    fn board_meetings(&mut self, start: Date) -> Option<Vec<Date>> {
        let path = keys::BOARD_MEETINGS.path;
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
}

/// A warning for each protocol step whose target a side already meets when the step begins: that
/// side's half is empty, so the step needs nothing from it and starts in the other side's turn
/// (`docs/model.md` §4). Uncertain initial levels are taken at their lowest possible draw.
fn empty_halves(
    protocol: &Protocol,
    base: &ModelParams,
    uncertain: &[UncertainParam],
) -> Vec<String> {
    let lowest = |path: &str, fixed: f64| {
        uncertain
            .iter()
            .find(|u| u.path == path)
            .map_or(fixed, |u| u.bounds().0)
    };
    let mut c = lowest("initial.compliance", base.initial.compliance);
    let mut r = lowest("initial.relief", base.initial.relief);
    let mut out = Vec::new();
    for (i, step) in protocol.steps().iter().enumerate() {
        let iran_empty = step.iran_target <= c;
        let us_empty = step.us_target <= r;
        let name = &step.name;
        match (iran_empty, us_empty) {
            (true, true) => out.push(format!(
                "protocol step {} ({name}) asks nothing of either side (compliance {c} and relief {r} already meet its targets) and is skipped",
                i + 1
            )),
            (true, false) => out.push(format!(
                "protocol step {} ({name}) asks nothing of Iran (compliance {c} already meets iran_target {}): it starts with the US's half",
                i + 1,
                step.iran_target
            )),
            (false, true) => out.push(format!(
                "protocol step {} ({name}) asks nothing of the US (relief {r} already meets us_target {}): it starts with Iran's half",
                i + 1,
                step.us_target
            )),
            (false, false) => {}
        }
        c = c.max(step.iran_target);
        r = r.max(step.us_target);
    }
    out
}
