//! "Did you mean …?": the known name nearest to a misspelt one.

/// The candidate among `candidates` nearest to `name`, if any is near enough to be a likely typo.
pub(crate) fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rejects_far_names() {
        assert_eq!(
            nearest("stepwize", ["stepwise", "us_first"]),
            Some("stepwise")
        );
        assert_eq!(nearest("banana", ["stepwise", "us_first"]), None);
    }
}
