//! The source tree keeps its layers: model → engine → scenario → analysis → report → cli. Each
//! layer of the library may use only the layers below it (and the shared `stats` and `input`), so
//! nothing under `src/model/` knows about the engine, scenarios, analyses, reports or the command
//! line, and the engine nothing of scenario text. Within a layer the modules form no circle: at every
//! folder, the graph of which sibling module uses which has no cycle.
//!
//! The checks read the sources. For the layers, every `crate::`, `jcpoa_sim::` and `super::` path
//! in a file of one layer (comments included, so doc links count too) must name a layer it may
//! use. For circles, the same paths in code (comments left out: a doc link is not a use) give the
//! edges between sibling modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::root;

/// The library's layers, lowest first, and the shared modules every layer may use.
const LAYERS: [&str; 5] = ["model", "engine", "scenario", "analysis", "report"];
const SHARED: [&str; 2] = ["stats", "input"];

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            files.push(path);
        }
    }
    files
}

/// The module path of a file below `src/`: `model/trial/mod.rs` is `["model", "trial"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .strip_prefix(src)
        .unwrap()
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every path `text` names from `module`, resolved to a path from the crate's root:
/// `crate::engine::run` gives `["engine", "run"]`, `super::super::scenario::x` from
/// `model::trial::steps` gives `["model", "scenario", "x"]`. The items of a group
/// (`super::{a, b::c}`) are resolved one by one.
fn paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for start in ["crate::", "jcpoa_sim::", "super::"] {
        for (at, _) in text.match_indices(start) {
            let glued = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            if glued || (at > 1 && &text[at - 2..at] == "::") {
                continue;
            }
            let written = text[at..]
                .split(|c: char| !(name(c) || c == ':'))
                .next()
                .unwrap_or("");
            let mut segments: Vec<&str> = written.split("::").filter(|s| !s.is_empty()).collect();
            let base: Vec<String> = if segments[0] == "super" {
                let ups = segments.iter().take_while(|s| **s == "super").count();
                segments.drain(..ups);
                module[..module.len().saturating_sub(ups)].to_vec()
            } else {
                segments.remove(0);
                Vec::new()
            };
            let head: Vec<String> = base
                .into_iter()
                .chain(segments.iter().map(std::string::ToString::to_string))
                .collect();
            let rest = &text[at + written.len()..];
            match rest.strip_prefix('{').and_then(|r| r.split_once('}')) {
                Some((group, _)) => {
                    for item in group.split(',') {
                        let item: Vec<String> = item
                            .split(|c: char| !(name(c) || c == ':'))
                            .find(|s| !s.is_empty())
                            .unwrap_or("")
                            .split("::")
                            .filter(|s| !s.is_empty() && *s != "self")
                            .map(str::to_string)
                            .collect();
                        found.push(head.iter().cloned().chain(item).collect());
                    }
                }
                None => found.push(head),
            }
        }
    }
    found
}

/// The first module each path in `text` reaches from `module`: `crate::engine::run` gives
/// `engine`, and `super::super::scenario` from `model::trial::steps` gives `model` (paths that
/// stay inside `module`'s own layer give that layer).
fn reached(module: &[String], text: &str) -> Vec<String> {
    paths(module, text)
        .into_iter()
        .filter_map(|p| p.into_iter().next())
        .collect()
}

/// `text` without its `//` comments (doc comments included).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// For every folder (a module path), the uses between its child modules: `(from, to)` when code
/// in `from` (or below it) names something in its sibling `to` (or below it).
fn sibling_uses(
    files: &[(Vec<String>, String)],
) -> BTreeMap<Vec<String>, BTreeSet<(String, String)>> {
    let modules: BTreeSet<&[String]> = files.iter().map(|(m, _)| m.as_slice()).collect();
    let mut uses: BTreeMap<Vec<String>, BTreeSet<(String, String)>> = BTreeMap::new();
    for (module, text) in files {
        for path in paths(module, &code_of(text)) {
            let common = module.iter().zip(&path).take_while(|(a, b)| a == b).count();
            let (Some(from), Some(to)) = (module.get(common), path.get(common)) else {
                continue;
            };
            if modules.contains(&path[..=common]) {
                uses.entry(module[..common].to_vec())
                    .or_default()
                    .insert((from.clone(), to.clone()));
            }
        }
    }
    uses
}

/// The circles among `uses`: each strongly connected set of more than one module, sorted.
fn circles(uses: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = uses.iter().flat_map(|(a, b)| [a, b]).collect();
    let reaches = |from: &String| {
        let mut seen = BTreeSet::from([from.clone()]);
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for (_, b) in uses.iter().filter(|(a, _)| *a == n) {
                if seen.insert(b.clone()) {
                    todo.push(b.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reaches(n))).collect();
    let mut out: BTreeSet<Vec<String>> = BTreeSet::new();
    for n in &nodes {
        let circle: Vec<String> = nodes
            .iter()
            .filter(|m| reach[*n].contains(**m) && reach[*m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        if circle.len() > 1 {
            out.insert(circle);
        }
    }
    out.into_iter().collect()
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let src = root().join("src");
    let mut problems = Vec::new();
    for file in sources(&src) {
        let module = module_of(&src, &file);
        let Some(level) = LAYERS
            .iter()
            .position(|l| Some(*l) == module.first().map(String::as_str))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for target in reached(&module, &text) {
            let allowed = SHARED.contains(&target.as_str())
                || LAYERS[..=level].contains(&target.as_str())
                || !LAYERS.contains(&target.as_str()) && target != "cli";
            if !allowed {
                problems.push(format!(
                    "{} ({} layer) uses `{target}`",
                    file.strip_prefix(&src).unwrap().display(),
                    LAYERS[level]
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "layers used from below:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_layer_has_a_circle_of_modules() {
    let src = root().join("src");
    let files: Vec<(Vec<String>, String)> = sources(&src)
        .iter()
        .map(|f| (module_of(&src, f), std::fs::read_to_string(f).unwrap()))
        .filter(|(m, _)| LAYERS.contains(&m.first().map_or("", String::as_str)))
        .collect();
    let mut problems = Vec::new();
    for (folder, uses) in sibling_uses(&files) {
        for circle in circles(&uses) {
            problems.push(format!("in {}/: {}", folder.join("/"), circle.join(" ↔ ")));
        }
    }
    assert!(
        problems.is_empty(),
        "modules that use each other:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_circle_check_finds_a_circle() {
    let file = |m: &str, text: &str| {
        (
            m.split('/').map(str::to_string).collect::<Vec<_>>(),
            text.to_string(),
        )
    };
    let files = [
        file("scenario", "mod build; mod schema;"),
        file("scenario/build", "use super::schema::KEYS;\n"),
        file(
            "scenario/schema",
            "use super::{reader::one_of, build::MAX};\n",
        ),
        file("scenario/reader", "use crate::model::registry::Range;\n"),
        file("model", ""),
        file(
            "model/registry",
            "/// See [`x`](crate::scenario::schema).\n",
        ),
    ];
    let uses = sibling_uses(&files);
    let in_scenario = &uses[&vec!["scenario".to_string()]];
    assert_eq!(
        circles(in_scenario),
        [vec!["build".to_string(), "schema".to_string()]]
    );
    // A doc link is not a use; a use across layers is not a sibling use.
    assert!(!uses.contains_key(&Vec::<String>::new()) || circles(&uses[&Vec::new()]).is_empty());
}

#[test]
fn shared_modules_use_no_layer() {
    let src = root().join("src");
    for shared in SHARED {
        let text = std::fs::read_to_string(src.join(format!("{shared}.rs"))).unwrap();
        let used: Vec<String> = reached(&[shared.to_string()], &text)
            .into_iter()
            .filter(|t| LAYERS.contains(&t.as_str()))
            .collect();
        assert!(used.is_empty(), "{shared}.rs uses {used:?}");
    }
}

#[test]
fn the_check_sees_paths_up_and_across() {
    let steps = [
        "model".to_string(),
        "trial".to_string(),
        "steps".to_string(),
    ];
    assert_eq!(
        reached(
            &steps,
            "use super::Trial;\nuse crate::scenario::Scenario;\n/// [`x`](crate::engine::run)"
        ),
        ["scenario", "engine", "model"]
    );
    let model = ["model".to_string()];
    assert_eq!(reached(&model, "super::report::x"), ["report"]);
    assert!(reached(&model, "my_crate::engine and a::crate::report").is_empty());
    assert_eq!(
        paths(&steps, "use super::super::{game::Game, rules};"),
        [vec!["model", "game", "Game"], vec!["model", "rules"]]
    );
}
