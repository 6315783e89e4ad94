//! The source tree keeps its layers: model → scenario → engine → analysis → report → cli. Each
//! layer of the library may use only the layers below it (and the shared `stats` and `input`), so nothing
//! under `src/model/` knows about scenarios, the engine, analyses, reports or the command line.
//! The check reads the sources: every `crate::`, `jcpoa_sim::` and `super::` path in a file of
//! one layer (comments included, so doc links count too) must name a layer it may use.

use std::path::{Path, PathBuf};

use crate::common::root;

/// The library's layers, lowest first, and the shared modules every layer may use.
const LAYERS: [&str; 5] = ["model", "scenario", "engine", "analysis", "report"];
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

/// The first module each path in `text` reaches from `module`: `crate::engine::run` gives
/// `engine`, and `super::super::scenario` from `model::trial::steps` gives `scenario` (paths that
/// stay inside `module`'s own layer give that layer).
fn reached(module: &[String], text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for start in ["crate::", "jcpoa_sim::", "super::"] {
        for (at, _) in text.match_indices(start) {
            let glued = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            if glued || (at > 1 && &text[at - 2..at] == "::") {
                continue;
            }
            let path: Vec<&str> = text[at..]
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|s| !s.is_empty())
                .collect();
            let target = if path[0] == "super" {
                let ups = path.iter().take_while(|s| **s == "super").count();
                let base = &module[..module.len().saturating_sub(ups)];
                match base.first() {
                    Some(layer) => Some(layer.clone()),
                    None => path.get(ups).map(|s| s.to_string()),
                }
            } else {
                path.get(1).map(|s| s.to_string())
            };
            found.extend(target);
        }
    }
    found
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
}
