//! The project's evidence catalogue (`seeds/catalogue.toml`), embedded so that the `params`
//! listing can show, for every parameter, the claims that ground its default.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The catalogue's text, as shipped.
pub const CATALOGUE_TOML: &str = include_str!("../seeds/catalogue.toml");

/// A source article.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title (or a description where the copy has none).
    pub title: String,
    /// Author, where known.
    pub author: String,
    /// Outlet, where known.
    pub outlet: String,
    /// Date of publication, as precisely as the copy allows.
    pub date: String,
}

/// One paraphrased claim and what it grounds.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Id cited by scenarios and docs (E.. for claims, A.. for modelling assumptions).
    pub id: String,
    /// Key into the sources, or "assumption".
    pub source: String,
    /// The claim, paraphrased.
    pub claim: String,
    /// Parameter paths and mechanism keys it grounds.
    pub grounds: Vec<String>,
}

/// The whole catalogue.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Source articles by key.
    pub sources: BTreeMap<String, Source>,
    /// Claims, in id order.
    #[serde(rename = "claim")]
    pub claims: Vec<Claim>,
}

impl Catalogue {
    /// The shipped catalogue.
    pub fn shipped() -> Result<Catalogue, toml::de::Error> {
        toml::from_str(CATALOGUE_TOML)
    }

    /// The claim with id `id`.
    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
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
        assert!(c.claim("E01").is_some());
    }
}
