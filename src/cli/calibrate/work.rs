//! The work folder of a calibration spread over machines (`--work DIR`): the state after each
//! generation (`state-GG.json`) and the evaluations of each shard of the next generation
//! (`generation-GG/part-III-of-NNN.json`). Every file is written to a temporary name and renamed,
//! so a reader sees it whole or not at all; nothing else in the folder is touched. The folder
//! belongs to one calibration from its first use (`calibration.fingerprint`), so a shard or merge
//! with other arguments is refused before it computes anything, at any generation; every file is
//! sealed with a hash of its content and checked in full when read.

use std::path::{Path, PathBuf};

use jcpoa_sim::analysis::calibrate::{Evaluation, Prior, Settings, State};
use jcpoa_sim::engine::shard::Shard;
use jcpoa_sim::input::{InputKind, read_text, seal, unseal};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::super::common::UsageError;

/// What one shard of a generation saves.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Part {
    /// The calibration's fingerprint.
    pub(crate) fingerprint: String,
    /// The generation evaluated.
    pub(crate) generation: usize,
    /// Which shard.
    pub(crate) shard: Shard,
    /// Index of its first proposal.
    pub(crate) first: usize,
    /// Its proposals' evaluations, in order.
    pub(crate) evaluations: Vec<Evaluation>,
}

fn state_path(work: &Path, generation: usize) -> PathBuf {
    work.join(format!("state-{generation:02}.json"))
}

fn generation_dir(work: &Path, generation: usize) -> PathBuf {
    work.join(format!("generation-{generation:02}"))
}

fn part_path(work: &Path, generation: usize, shard: Shard) -> PathBuf {
    generation_dir(work, generation).join(format!(
        "part-{:03}-of-{:03}.json",
        shard.index, shard.count
    ))
}

/// The file naming the calibration a work folder belongs to.
fn claim_path(work: &Path) -> PathBuf {
    work.join("calibration.fingerprint")
}

/// Writes `text` at `path`, through a temporary file renamed into place.
fn write_text(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path))
}

/// Writes `value` as a sealed JSON document at `path` ([`seal`]).
fn write_json(path: &Path, value: &impl Serialize) -> anyhow::Result<()> {
    write_text(path, &seal(value)?)
        .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))
}

fn read_json<T: Serialize + DeserializeOwned>(path: &Path, what: &str) -> Result<T, UsageError> {
    let text =
        read_text(path, InputKind::CalibrationWork).map_err(|e| UsageError(e.to_string()))?;
    unseal(&text).map_err(|e| {
        UsageError(format!(
            "`{}` is not a jcpoa-sim calibration {what}: {e}",
            path.display()
        ))
    })
}

/// Makes `work` the work folder of the calibration `fingerprint`, before anything is computed:
/// the folder is created if need be and must be writable; one first used by another calibration
/// is refused.
pub(crate) fn claim(work: &Path, fingerprint: &str) -> Result<(), UsageError> {
    let unusable = |e: &dyn std::fmt::Display| {
        UsageError(format!("--work `{}` cannot be used: {e}", work.display()))
    };
    let path = claim_path(work);
    if path.is_file() {
        let text = read_text(&path, InputKind::CalibrationWork).map_err(|e| unusable(&e))?;
        if text.trim() != fingerprint {
            return Err(another_calibration(work));
        }
        return Ok(());
    }
    write_text(&path, &format!("{fingerprint}\n")).map_err(|e| unusable(&e))
}

fn another_calibration(work: &Path) -> UsageError {
    UsageError(format!(
        "`{}` holds another calibration (another scenario, targets, --param or settings); use another --work folder",
        work.display()
    ))
}

/// What the files of a work folder must agree with: the calibration's fingerprint, parameters,
/// settings and number of target events.
pub(crate) struct Expected<'a> {
    pub(crate) fingerprint: &'a str,
    pub(crate) priors: &'a [Prior],
    pub(crate) settings: &'a Settings,
    pub(crate) events: usize,
}

/// The latest state saved in `work` (`None` before the first generation), checked in full
/// against the calibration `expected`.
pub(crate) fn latest_state(work: &Path, expected: &Expected) -> Result<Option<State>, UsageError> {
    let mut generation = 0;
    let mut latest = None;
    while state_path(work, generation).is_file() {
        latest = Some(generation);
        generation += 1;
    }
    let Some(g) = latest else {
        return Ok(None);
    };
    let path = state_path(work, g);
    let state: State = read_json(&path, "state")?;
    if state.fingerprint != expected.fingerprint {
        return Err(another_calibration(work));
    }
    let located = |e: String| UsageError(format!("`{}`: {e}", path.display()));
    state
        .check(expected.priors, expected.settings, expected.events)
        .map_err(located)?;
    if state.generations.len() != g + 1 {
        return Err(located(format!(
            "it records {} generations, not {}",
            state.generations.len(),
            g + 1
        )));
    }
    Ok(Some(state))
}

/// Saves `state` as the state after its last generation.
pub(crate) fn save_state(work: &Path, state: &State) -> anyhow::Result<()> {
    write_json(&state_path(work, state.generations.len() - 1), state)
}

/// Saves a shard's evaluations.
pub(crate) fn save_part(work: &Path, part: &Part) -> anyhow::Result<PathBuf> {
    let path = part_path(work, part.generation, part.shard);
    write_json(&path, part)?;
    Ok(path)
}

/// The evaluations of generation `generation`'s `proposals` proposals from its shards' files,
/// in proposal order; every shard of one split must be there, none twice.
pub(crate) fn merged_parts(
    work: &Path,
    generation: usize,
    expected: &Expected,
    proposals: usize,
) -> Result<Vec<Evaluation>, UsageError> {
    let dir = generation_dir(work, generation);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| {
            UsageError(format!(
                "no shard of generation {generation} in `{}`: {e}; run `calibrate --work {} --shard I/N` first",
                dir.display(),
                work.display()
            ))
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("part-") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    let mut parts: Vec<Part> = Vec::with_capacity(files.len());
    for f in &files {
        let part: Part = read_json(f, "part")?;
        let range = part.shard.range(proposals as u64);
        let located = |e: String| UsageError(format!("`{}`: {e}", f.display()));
        if part.shard.index == 0
            || part.shard.index > part.shard.count
            || part.first as u64 != range.start
            || part.evaluations.len() as u64 != range.end - range.start
        {
            return Err(located(format!(
                "its evaluations are not those of shard {}/{} of {proposals} proposals",
                part.shard.index, part.shard.count
            )));
        }
        for (i, e) in part.evaluations.iter().enumerate() {
            e.check(expected.settings, expected.events)
                .map_err(|e| located(format!("evaluation {i}: {e}")))?;
        }
        parts.push(part);
    }
    let Some(count) = parts.first().map(|p| p.shard.count) else {
        return Err(UsageError(format!(
            "no shard of generation {generation} in `{}`",
            dir.display()
        )));
    };
    parts.retain(|p| p.shard.count == count);
    parts.sort_by_key(|p| p.shard.index);
    for p in &parts {
        if p.fingerprint != expected.fingerprint || p.generation != generation {
            return Err(UsageError(format!(
                "shard {}/{} in `{}` belongs to another calibration or generation",
                p.shard.index,
                p.shard.count,
                dir.display()
            )));
        }
    }
    let present: Vec<u64> = parts.iter().map(|p| p.shard.index).collect();
    let missing: Vec<String> = (1..=count)
        .filter(|i| !present.contains(i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(UsageError(format!(
            "generation {generation} is missing shard(s) {} in `{}`",
            missing.join(", "),
            dir.display()
        )));
    }
    let evaluations: Vec<Evaluation> = parts.into_iter().flat_map(|p| p.evaluations).collect();
    if evaluations.len() != proposals {
        return Err(UsageError(format!(
            "generation {generation}'s shards hold {} evaluations, but it has {proposals} proposals",
            evaluations.len()
        )));
    }
    Ok(evaluations)
}
