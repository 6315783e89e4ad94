//! The documentation stays in step with the code.

use crate::common::root;
use jcpoa_sim::model::registry;
use jcpoa_sim::report::params::{markdown_table, rows};
use jcpoa_sim::scenario::keys::structural_paths;
use jcpoa_sim::scenario::source::ScenarioSource;

fn model_md() -> String {
    std::fs::read_to_string(root().join("docs/model.md")).unwrap()
}

#[test]
fn parameter_table_in_model_md_matches_the_registry() {
    let doc = model_md();
    let begin = "<!-- params:begin -->\n";
    let start = doc.find(begin).unwrap() + begin.len();
    let end = doc.find("<!-- params:end -->").unwrap();
    let scenario = ScenarioSource::baseline().unwrap().build().unwrap();
    let generated = markdown_table(&rows(&scenario));
    assert_eq!(
        &doc[start..end],
        generated,
        "docs/model.md is out of date: replace the table between the params markers with the output of `jcpoa-sim params --markdown`"
    );
}

#[test]
fn every_structural_key_is_documented() {
    let doc = model_md();
    for key in structural_paths() {
        let last = key.rsplit('.').next().unwrap();
        assert!(
            doc.contains(&format!("`{key}`")) || doc.contains(&format!("`{last}`")),
            "docs/model.md does not mention `{key}`"
        );
    }
}

#[test]
fn every_parameter_is_used_in_an_equation_or_rule() {
    // Beyond the generated table, each parameter must appear in the prose of the model.
    let doc = model_md();
    let prose = &doc[..doc.find("<!-- params:begin -->").unwrap()];
    for spec in registry::PARAMS {
        let last = spec.path.rsplit('.').next().unwrap();
        assert!(
            prose.contains(spec.path) || prose.contains(&format!("`{last}`")),
            "docs/model.md never explains `{}`",
            spec.path
        );
    }
}
