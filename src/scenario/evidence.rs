//! The project's evidence catalogue (`seeds/catalogue.toml`), embedded so that the `params`
//! listing can show, for every parameter, the claims that ground its default.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The catalogue's text, as shipped.
pub(crate) const CATALOGUE_TOML: &str = include_str!("../../seeds/catalogue.toml");

/// A source article.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    /// Title (or a description where the copy has none).
    pub(crate) title: String,
    /// Author, where known.
    pub(crate) author: String,
    /// Outlet, where known.
    pub(crate) outlet: String,
    /// Date of publication, as precisely as the copy allows.
    pub(crate) date: String,
}

/// One paraphrased claim and what it grounds.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Claim {
    /// Id cited by scenarios and docs (E.. for claims, A.. for modelling assumptions).
    pub(crate) id: String,
    /// Key into the sources, or "assumption".
    pub(crate) source: String,
    /// The claim, paraphrased.
    pub(crate) claim: String,
    /// Parameter paths and mechanism keys it grounds.
    pub(crate) grounds: Vec<String>,
}

/// The whole catalogue.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Source articles by key.
    pub(crate) sources: BTreeMap<String, Source>,
    /// Claims, in id order.
    #[serde(rename = "claim")]
    pub(crate) claims: Vec<Claim>,
}

impl Catalogue {
    /// The shipped catalogue.
    pub fn shipped() -> Result<Catalogue, toml::de::Error> {
        toml::from_str(CATALOGUE_TOML)
    }

    /// Ids of the claims that ground `path` or a table containing it.
    pub fn grounding(&self, path: &str) -> Vec<&str> {
        self.claims
            .iter()
            .filter(|c| {
                c.grounds.iter().any(|g| {
                    g == path
                        || path
                            .strip_prefix(g.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            })
            .map(|c| c.id.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_catalogue_parses_and_ids_are_unique() {
        let c = Catalogue::shipped().unwrap();
        assert!(c.claims.len() >= 30);
        for (i, claim) in c.claims.iter().enumerate() {
            assert!(
                c.claims[..i].iter().all(|x| x.id != claim.id),
                "{}",
                claim.id
            );
        }
        assert!(
            c.grounding("shocks.military_incident.rate_per_year")
                .contains(&"E18")
        );
        assert!(c.claims.iter().any(|x| x.id == "E01"));
    }
}
