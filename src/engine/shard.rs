//! Shards: a run split into slices of its trial range, run anywhere, and merged back.
//!
//! Shard `i` of `n` runs trials `⌊(i−1)·T/n⌋ .. ⌊i·T/n⌋` of a `T`-trial run and saves a
//! [`PartialResult`]: its integer summary together with the seed, the trial range and the
//! scenario's texts ([`RecordedScenario`], which the scenario layer writes and rebuilds from).
//! Because trial `k` always draws from stream `k` and summaries merge exactly, merging the `n`
//! partials gives the same summary, bit for bit, as one run of `T` trials.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::play::PlayTally;
use crate::engine::summary::Summary;
use crate::model::setup::Setup;

/// Schema identifier of `partial.json`.
pub const SCHEMA: &str = "jcpoa-sim/partial";
/// Its version (2: sealed with a hash of its whole content, [`crate::input::seal`]).
pub const SCHEMA_VERSION: u32 = 2;

/// Which slice of the trial range a shard runs: `index` of `count`, counting from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based index.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl Shard {
    /// Parses `I/N` with 1 ≤ I ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}`: expected I/N with 1 ≤ I ≤ N, e.g. --shard 3/8");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The trials of a `total`-trial run this shard runs.
    pub fn range(&self, total: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(total) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

/// One layer of a scenario's text as recorded with results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedLayer {
    /// The file path, or `--set KEY=VALUE`.
    pub label: String,
    /// Whether the layer was read from a file.
    pub file: bool,
    /// The layer's text.
    pub text: String,
}

/// A scenario's texts as recorded with results (in a shard's partial result), so that the
/// scenario can be rebuilt exactly, wherever its files are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedScenario {
    /// The report name.
    pub name: String,
    /// Every layer, base first.
    pub layers: Vec<RecordedLayer>,
}

/// What a shard saves.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartialResult {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Version of the tool that ran the shard.
    pub tool_version: String,
    /// The scenario's texts.
    pub scenario: RecordedScenario,
    /// Its content hash.
    pub scenario_hash: String,
    /// Master seed.
    pub seed: u64,
    /// Trials of the whole run.
    pub total_trials: u64,
    /// Which shard this is.
    pub shard: Shard,
    /// The summary of this shard's trials.
    pub summary: Summary,
}

/// Why shards cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No partial results were given.
    #[error("no partial results to merge")]
    Empty,
    /// A file is not a partial result of this tool's format.
    #[error("{0}")]
    Format(String),
    /// The partials do not come from the same run.
    #[error("the partial results come from different runs: {0}")]
    Mismatch(String),
    /// Some shards are missing or repeated.
    #[error("{0}")]
    Incomplete(String),
}

/// A merged run: the scenario's texts, its seed and trials, and the summary of all of them.
pub struct Merged {
    /// The scenario's texts, as the shards recorded them.
    pub scenario: RecordedScenario,
    /// Master seed.
    pub seed: u64,
    /// Trials of the whole run.
    pub trials: u64,
    /// The merged summary.
    pub summary: Summary,
}

/// Checks that `parts` are the `n` shards of one run, each exactly once, recording the same
/// scenario texts whose hash, as the scenario layer computes it, is `scenario_hash` and whose
/// game is `setup`, each holding a summary of that game's shape with counts within their totals;
/// and merges them.
pub fn merge(
    mut parts: Vec<PartialResult>,
    setup: &Setup,
    scenario_hash: &str,
) -> Result<Merged, MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    for p in &parts {
        if p.schema != SCHEMA || p.schema_version != SCHEMA_VERSION {
            return Err(MergeError::Format(format!(
                "expected a `{SCHEMA}` version {SCHEMA_VERSION} document, found `{}` version {}",
                p.schema, p.schema_version
            )));
        }
        let differs = |what: &str, a: String, b: String| {
            Err(MergeError::Mismatch(format!("{what} {a} and {b}")))
        };
        if p.scenario_hash != first.scenario_hash {
            return differs(
                "scenario hashes",
                first.scenario_hash.clone(),
                p.scenario_hash.clone(),
            );
        }
        if p.seed != first.seed {
            return differs("seeds", first.seed.to_string(), p.seed.to_string());
        }
        if p.total_trials != first.total_trials {
            return differs(
                "trial counts",
                first.total_trials.to_string(),
                p.total_trials.to_string(),
            );
        }
        if p.shard.count != first.shard.count {
            return differs(
                "shard counts",
                first.shard.count.to_string(),
                p.shard.count.to_string(),
            );
        }
        if !p.summary.compatible(&first.summary) {
            return Err(MergeError::Mismatch("summaries of different shapes".into()));
        }
        let expected = p.shard.range(p.total_trials);
        if p.summary.played != expected.end - expected.start {
            return Err(MergeError::Format(format!(
                "shard {}/{} holds {} trials but should hold {}",
                p.shard.index,
                p.shard.count,
                p.summary.played,
                expected.end - expected.start
            )));
        }
    }
    parts.sort_by_key(|p| p.shard.index);
    let count = parts[0].shard.count;
    let indices: Vec<u64> = parts.iter().map(|p| p.shard.index).collect();
    let missing: Vec<String> = (1..=count)
        .filter(|i| !indices.contains(i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    let repeated: Vec<String> = indices
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| format!("{}/{count}", w[0]))
        .collect();
    if !missing.is_empty() || !repeated.is_empty() {
        return Err(MergeError::Incomplete(format!(
            "shards missing: [{}]; given twice: [{}]",
            missing.join(", "),
            repeated.join(", ")
        )));
    }
    check_contents(&parts, setup, scenario_hash)?;
    let mut summary = parts[0].summary.clone();
    for p in &parts[1..] {
        summary.merge(&p.summary);
    }
    Ok(Merged {
        scenario: parts[0].scenario.clone(),
        seed: parts[0].seed,
        trials: parts[0].total_trials,
        summary,
    })
}

/// Checks what the partials hold against the scenario they record: every part records the same
/// scenario texts, whose hash is the one recorded; every summary has the shape of that scenario's
/// and counts within its totals ([`Summary::check`]); and the counts of all parts add up without
/// overflow.
fn check_contents(parts: &[PartialResult], setup: &Setup, hash: &str) -> Result<(), MergeError> {
    let rules = setup.rules();
    let protocol = Summary::new(
        rules.calendar.steps(),
        rules.calendar.horizon_days() as usize,
        PlayTally::new(&rules.protocol),
        parts[0].summary.equilibrium,
    );
    for p in parts {
        let name = format!("shard {}/{}", p.shard.index, p.shard.count);
        if p.scenario != parts[0].scenario || p.scenario_hash != *hash {
            return Err(MergeError::Format(format!(
                "{name}: its scenario texts do not have the recorded scenario hash {}",
                p.scenario_hash
            )));
        }
        p.summary
            .check(&protocol)
            .map_err(|e| MergeError::Format(format!("{name}: {e}")))?;
    }
    let moves = |p: &PartialResult| -> Vec<u64> {
        let t = &p.summary.play;
        t.first_moves
            .iter()
            .map(|r| r.decisions)
            .chain(t.joint.iter().flat_map(|r| [r.attempts, r.iran_asked]))
            .collect()
    };
    let mut totals = moves(&parts[0]);
    for p in &parts[1..] {
        for (total, n) in totals.iter_mut().zip(moves(p)) {
            *total = total.checked_add(n).ok_or_else(|| {
                MergeError::Format("the shards' counts of moves overflow when added".into())
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_range_exactly_once() {
        for total in [1u64, 7, 1000, 1_000_003] {
            for count in [1u64, 2, 3, 8, 13] {
                let mut next = 0;
                for index in 1..=count {
                    let r = Shard { index, count }.range(total);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
        assert_eq!(Shard::parse("3/8").unwrap(), Shard { index: 3, count: 8 });
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
