//! Traceability: every evidence id cited by the code, the scenarios and the docs exists in the
//! project's evidence catalogue, and every claim grounds something that exists.

use std::collections::BTreeSet;

use crate::common::root;
use jcpoa_sim::model::registry::{PARAMS, SHOCK_FIELDS};
use jcpoa_sim::scenario::evidence::Catalogue;
use jcpoa_sim::scenario::keys::{step_fields, structural_paths};

fn catalogue() -> toml::Table {
    let text = std::fs::read_to_string(root().join("seeds/catalogue.toml")).unwrap();
    text.parse().unwrap()
}

fn claim_ids() -> BTreeSet<String> {
    catalogue()["claim"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// Evidence ids (E01, A02, ...) mentioned in a text.
fn cited(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut out = BTreeSet::new();
    for i in 0..bytes.len().saturating_sub(2) {
        let starts = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts
            && (bytes[i] == b'E' || bytes[i] == b'A')
            && bytes[i + 1].is_ascii_digit()
            && bytes[i + 2].is_ascii_digit()
            && bytes.get(i + 3).is_none_or(|b| !b.is_ascii_alphanumeric())
        {
            out.insert(text[i..i + 3].to_string());
        }
    }
    out
}

#[test]
fn every_cited_id_exists() {
    let ids = claim_ids();
    let mut files = vec![root().join("docs/model.md")];
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // Example folders (scenarios/evidence/): their files cite ids too.
            for inner in std::fs::read_dir(&path).unwrap() {
                files.push(inner.unwrap().path());
            }
        } else {
            files.push(path);
        }
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for id in cited(&text) {
            assert!(ids.contains(&id), "{} cites unknown {id}", file.display());
        }
    }
}

#[test]
fn the_evidence_examples_are_valid_and_cite_their_claims() {
    use jcpoa_sim::scenario::questions::load_questions;
    use jcpoa_sim::scenario::source::ScenarioSource;
    let dir = root().join("scenarios/evidence");
    let scenario = ScenarioSource::load(&dir.join("early_march_2021.toml"))
        .unwrap()
        .build()
        .unwrap();
    assert!(scenario.conditions().given.len() >= 3);
    let text = std::fs::read_to_string(dir.join("early_march_2021.toml")).unwrap();
    assert_eq!(
        text.matches("\n[[given]]\n").count(),
        text.matches("\nevidence = \"").count(),
        "every [[given]] event names its evidence"
    );
    let questions = load_questions(&dir.join("questions.toml"), &scenario).unwrap();
    assert!(questions.len() >= 5);
    assert!(questions.iter().all(|q| q.outcome.is_none()));
    let targets =
        jcpoa_sim::scenario::targets::load_targets(&dir.join("targets.toml"), &scenario).unwrap();
    assert!(!targets.observed.is_empty() && !targets.targets.is_empty());
    let text = std::fs::read_to_string(dir.join("targets.toml")).unwrap();
    assert_eq!(
        text.matches("\nevent = \"").count(),
        text.matches("\nevidence = \"").count(),
        "every target names its evidence"
    );
}

#[test]
fn every_parameter_default_cites_evidence() {
    let catalogue = Catalogue::shipped().unwrap();
    for spec in PARAMS {
        assert!(
            !catalogue.grounding(spec.path).is_empty(),
            "{} has no evidence",
            spec.path
        );
    }
    let baseline = std::fs::read_to_string(root().join("scenarios/baseline.toml")).unwrap();
    // Every parameter line of the baseline cites an id, on its own line, in the comment just above
    // it or, for shock tables, on the table header; each protocol step cites one on its `name`
    // line. Run settings ([simulation]) are not parameters.
    let mut section = String::new();
    let mut header_cites = false;
    let mut comment_cites = false;
    for line in baseline.lines() {
        let code = line.split('#').next().unwrap().trim();
        if code.is_empty() {
            comment_cites |= !cited(line).is_empty();
            continue;
        }
        if code.starts_with('[') {
            section = code.trim_matches(|c| c == '[' || c == ']').to_string();
            header_cites = !cited(line).is_empty();
            continue;
        }
        let Some((key, _)) = code.split_once('=') else {
            continue;
        };
        let key = key.trim();
        let exempt = section == "simulation"
            || ["title", "description"].contains(&key)
            || (section == "protocol.steps" && key != "name");
        assert!(
            exempt || header_cites || comment_cites || !cited(line).is_empty(),
            "baseline.toml line without evidence: {line}"
        );
        comment_cites = false;
    }
}

#[test]
fn every_claim_grounds_existing_keys() {
    let known: BTreeSet<String> = PARAMS
        .iter()
        .map(|s| s.path.to_string())
        .chain(structural_paths().map(str::to_string))
        .collect();
    let cat = catalogue();
    let shocks: BTreeSet<String> = ["military_incident", "humanitarian_pressure", "sabotage"]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    for claim in cat["claim"].as_array().unwrap() {
        let id = claim["id"].as_str().unwrap();
        let source = claim["source"].as_str().unwrap();
        assert!(
            source == "assumption" || cat["sources"].get(source).is_some(),
            "{id}: unknown source {source}"
        );
        for g in claim["grounds"].as_array().unwrap() {
            let g = g.as_str().unwrap();
            let ok = known.contains(g)
                || g.strip_prefix("protocol.steps.")
                    .is_some_and(|k| step_fields().any(|f| f == k))
                || g.strip_prefix("shocks.")
                    .is_some_and(|s| shocks.contains(s))
                || SHOCK_FIELDS
                    .iter()
                    .any(|f| g.ends_with(f.key) && g.starts_with("shocks."));
            assert!(ok, "{id} grounds unknown key {g}");
        }
    }
}
