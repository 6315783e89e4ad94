//! `jcpoa-sim calibrate`: fits parameters to observed events and target probabilities by ABC-SMC
//! (`docs/model.md` §23), on this machine or, with `--work`, `--shard` and `--merge`, a generation
//! at a time over many (`docs/cluster.md`).

mod work;

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jcpoa_sim::analysis::calibrate::{
    self, CalibrateError, Evaluation, Monitor, Prior, Proposal, Settings, State, StopReason,
    advance, evaluate, evaluate_all, fingerprint, next_generation, on_solve_grid, posteriors,
    proposals,
};
use jcpoa_sim::engine::shard::Shard;
use jcpoa_sim::engine::workers::Workers;
use jcpoa_sim::report::calibrate::CalibrationReport;
use jcpoa_sim::report::calibrate::charts::MAX_PARAMETERS;
use jcpoa_sim::report::calibrate::scenario_file::ScenarioFile;
use jcpoa_sim::report::output::{ReportDir, ReportKind};
use jcpoa_sim::scenario::Scenario;
use jcpoa_sim::scenario::targets::{Targets, load_targets};

use super::budget::check_solve;
use super::common::{EventArgs, ScenarioArgs, UsageError, build, print_out};
use super::options::{OutArg, QuietArg, SeedArg, ThreadsArg, TrialsArg};
use super::progress::{install_interrupt_handler, interrupted};
use work::Part;

/// Trials per particle unless --trials says otherwise.
const DEFAULT_TRIALS: u64 = 2_000;

#[derive(Debug, Args)]
#[command(mut_arg("trials", |a| a.help("Trials per particle (default 2,000; every particle plays the same trial streams)")))]
#[command(mut_arg("out", |a| a.help("Report directory (default: reports/<scenario>-calibration)")))]
pub(crate) struct CalibrateArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// The targets file: [[observed]] tables (event, happened) and [[target]] tables (event,
    /// probability, sd); events as for --given (docs/model.md §22).
    #[arg(long, value_name = "TARGETS.toml")]
    targets: PathBuf,
    /// A parameter to fit and its uniform prior, KEY=LOW:HIGH (e.g.
    /// hardliners.veto_strength=0.2:0.9). Repeatable, at most 8.
    #[arg(long = "param", value_name = "KEY=LOW:HIGH", required = true)]
    params: Vec<String>,
    /// Particles drawn from the prior in the first generation; every later generation evaluates
    /// PARTICLES − KEEP new ones.
    #[arg(long, default_value_t = 100)]
    particles: usize,
    /// Particles kept after each generation: the posterior sample (default: half of
    /// --particles).
    #[arg(long)]
    keep: Option<usize>,
    /// Stop once a generation's share of new particles within the previous tolerance is below
    /// this.
    #[arg(long, default_value_t = 0.05)]
    min_acceptance: f64,
    /// Stop once the tolerance is at most this above the best particle's discrepancy (default:
    /// one per [[target]] and per [[observed]] event: about one sd more on each target, a
    /// likelihood e times smaller on each observed event).
    #[arg(long)]
    tolerance_margin: Option<f64>,
    /// Stop after this many generations, the first included.
    #[arg(long, default_value_t = 12)]
    generations: usize,
    #[command(flatten)]
    trials: TrialsArg,
    #[command(flatten)]
    seed: SeedArg,
    /// The equilibrium solve grid while calibrating, SLICE_DAYS:BELIEF_POINTS, or `scenario`
    /// for the scenario's own (slower). calibrated.toml always runs on the scenario's own.
    #[arg(long, default_value = "14:5", value_name = "SLICE_DAYS:BELIEF_POINTS")]
    solve_grid: String,
    #[command(flatten)]
    threads: ThreadsArg,
    #[command(flatten)]
    out: OutArg,
    /// Keep the state after each generation in DIR, to resume an interrupted calibration or to
    /// spread generations over machines with --shard and --merge.
    #[arg(long, value_name = "DIR")]
    work: Option<PathBuf>,
    /// With --work: evaluate only shard I of N of the next generation's particles and save them.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse, requires = "work", conflicts_with = "merge")]
    shard: Option<Shard>,
    /// With --work: merge the saved shards of the next generation; when the calibration is over,
    /// write the report.
    #[arg(long, requires = "work")]
    merge: bool,
    #[command(flatten)]
    quiet: QuietArg,
    #[command(flatten)]
    events: EventArgs,
}

/// Everything a calibration command works from.
struct Inputs {
    scenario: Scenario,
    /// The scenario on the calibration's solve grid, which every particle changes.
    gridded: Scenario,
    targets: Targets,
    priors: Vec<Prior>,
    settings: Settings,
    fingerprint: String,
    workers: Workers,
}

pub(crate) fn calibrate(args: &CalibrateArgs) -> anyhow::Result<()> {
    let inputs = inputs(args)?;
    if let Some(work) = &args.work {
        work::claim(work, &inputs.fingerprint)?;
    }
    let shard = args.shard;
    install_interrupt_handler();
    if let (Some(work), Some(shard)) = (&args.work, shard) {
        return run_shard(&inputs, work, shard, args.quiet.quiet);
    }
    let target = args
        .out
        .dir(&format!("{}-calibration", inputs.scenario.name()));
    let dir = ReportDir::prepare(&target, ReportKind::Calibration)?;
    let state = if args.merge {
        let work = args.work.as_deref().unwrap_or(Path::new("."));
        let state = merge_generation(&inputs, work)?;
        if state.stopped.is_none() {
            return print_out(&format!(
                "generation {} merged into {}; next: generation {} (run the shards again, then --merge)\n",
                state.generations.len() - 1,
                work.display(),
                state.generations.len()
            ));
        }
        state
    } else {
        run_here(&inputs, args.work.as_deref(), args.quiet.quiet)?
    };
    let extends = relative_path(&target, &args.scenario.scenario)?;
    let report = CalibrationReport {
        scenario: &inputs.scenario,
        targets: &inputs.targets,
        state: &state,
        scenario_file: ScenarioFile {
            extends: &extends,
            title: inputs.scenario.title(),
            scenario_hash: &inputs.scenario.provenance().hash,
            overrides: &args.scenario.set.set,
            given: &args.events.given,
            force: &args.events.force,
            state: &state,
        }
        .render(),
    };
    report.write_to(&dir)?;
    let written = dir.commit()?;
    let mut out = String::new();
    for (p, post) in state.priors.iter().zip(posteriors(&state)) {
        out.push_str(&format!(
            "  {:<40} mean {:.4}  sd {:.4}  90% {:.4}–{:.4}  (prior {}–{})\n",
            p.key, post.mean, post.sd, post.q05, post.q95, p.low, p.high
        ));
    }
    out.push_str(&format!(
        "  stopped after {} generations: {}\n  report: {}\n  run the posterior: jcpoa-sim run {}\n",
        state.generations.len(),
        match state.stopped {
            Some(StopReason::Acceptance) => "acceptance fell below --min-acceptance",
            Some(StopReason::Generations) => "--generations reached",
            Some(StopReason::Tolerance) => {
                "the tolerance came within --tolerance-margin of the best discrepancy"
            }
            None => "not finished",
        },
        written.display(),
        written.join("calibrated.toml").display()
    ));
    print_out(&out)
}

impl Inputs {
    /// What the files of the work folder must agree with.
    fn expected(&self) -> work::Expected<'_> {
        work::Expected {
            fingerprint: &self.fingerprint,
            priors: &self.priors,
            settings: &self.settings,
            events: self.targets.events().len(),
        }
    }

    /// Evaluates one proposal.
    fn evaluate(&self, proposal: &Proposal) -> Result<Evaluation, CalibrateError> {
        evaluate(
            &self.gridded,
            &self.targets,
            &self.priors,
            &self.settings,
            &proposal.theta,
            &self.workers,
        )
    }
}

/// Reads and checks the scenario, targets, priors and settings.
fn inputs(args: &CalibrateArgs) -> anyhow::Result<Inputs> {
    let mut source = args.scenario.source()?;
    args.events.apply(&mut source)?;
    let scenario = build(&source)?;
    let targets = load_targets(&args.targets, &scenario)?;
    if args.params.len() > MAX_PARAMETERS {
        return Err(UsageError(format!(
            "at most {MAX_PARAMETERS} --param can be fitted at once"
        ))
        .into());
    }
    let priors = args
        .params
        .iter()
        .map(|p| Prior::parse(p).map_err(UsageError))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, p) in priors.iter().enumerate() {
        if priors[..i].iter().any(|q| q.key == p.key) {
            return Err(UsageError(format!("--param `{}` is given twice", p.key)).into());
        }
        p.check(&scenario)
            .map_err(|e| UsageError(format!("--param {}={}:{}: {e}", p.key, p.low, p.high)))?;
    }
    let solve_grid = match args.solve_grid.as_str() {
        "scenario" => None,
        text => Some(parse_grid(text).map_err(UsageError)?),
    };
    let kept = args.keep.unwrap_or(args.particles / 2);
    if args.particles < 4 || kept < 2 || kept >= args.particles {
        return Err(UsageError(format!(
            "--particles ({}) must be at least 4 and --keep ({kept}) from 2 to --particles − 1",
            args.particles
        ))
        .into());
    }
    if !(0.0..1.0).contains(&args.min_acceptance) {
        return Err(UsageError(format!(
            "--min-acceptance must be in [0, 1), got {}",
            args.min_acceptance
        ))
        .into());
    }
    let tolerance_margin = args
        .tolerance_margin
        .unwrap_or((targets.targets.len() + targets.observed.len()) as f64);
    if !(tolerance_margin.is_finite() && tolerance_margin >= 0.0) {
        return Err(UsageError(format!(
            "--tolerance-margin must be a number ≥ 0, got {tolerance_margin}"
        ))
        .into());
    }
    if args.generations == 0 {
        return Err(UsageError("--generations must be at least 1".into()).into());
    }
    let settings = Settings {
        particles: args.particles,
        kept,
        min_acceptance: args.min_acceptance,
        tolerance_margin,
        max_generations: args.generations,
        trials: args.trials.or(DEFAULT_TRIALS)?,
        seed: args.seed.seed.unwrap_or(scenario.simulation().seed),
        solve_grid,
    };
    let gridded = on_solve_grid(&scenario, &settings)
        .map_err(|e| anyhow::Error::new(e).context(format!("--solve-grid {}", args.solve_grid)))?;
    check_solve(&gridded)?;
    let fingerprint = fingerprint(&scenario, &targets, &priors, &settings);
    Ok(Inputs {
        scenario,
        gridded,
        targets,
        priors,
        settings,
        fingerprint,
        workers: args.threads.workers()?,
    })
}

/// Parses SLICE_DAYS:BELIEF_POINTS.
fn parse_grid(text: &str) -> Result<(u32, u32), String> {
    let bad = || {
        format!(
            "--solve-grid `{text}`: expected SLICE_DAYS:BELIEF_POINTS (e.g. 14:5) or `scenario`"
        )
    };
    let (d, b) = text.split_once(':').ok_or_else(bad)?;
    Ok((
        d.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    ))
}

/// A progress bar per generation on stderr (hidden when it is not a terminal or with --quiet),
/// with the time each generation took; Ctrl-C stops between particles.
struct Bars {
    quiet: bool,
    bar: std::sync::Mutex<Option<(ProgressBar, Instant, usize)>>,
}

impl Bars {
    fn new(quiet: bool) -> Bars {
        Bars {
            quiet,
            bar: std::sync::Mutex::new(None),
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some((bar, started, generation)) = slot.take()
        {
            bar.finish_and_clear();
            if !self.quiet {
                eprintln!(
                    "generation {generation}: {} particles in {:.1} s",
                    bar.length().unwrap_or(0),
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
}

impl Monitor for Bars {
    fn generation(&self, generation: usize, proposals: usize) {
        self.finish();
        let bar = if self.quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            ProgressBar::with_draw_target(Some(proposals as u64), ProgressDrawTarget::hidden())
        } else {
            let bar = ProgressBar::new(proposals as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "generation {prefix} [{bar:40}] {pos}/{len} particles (eta {eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        };
        bar.set_prefix(generation.to_string());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some((bar, Instant::now(), generation));
        }
    }

    fn evaluated(&self, done: usize) {
        if let Ok(slot) = self.bar.lock()
            && let Some((bar, ..)) = slot.as_ref()
        {
            bar.set_position(done as u64);
        }
    }

    fn cancelled(&self) -> bool {
        interrupted()
    }
}

/// The error for an interrupted or failed calibration.
fn stopped(err: CalibrateError) -> anyhow::Error {
    match err {
        CalibrateError::Interrupted => anyhow::anyhow!(
            "the calibration was interrupted; the previous report is left as it was"
        ),
        CalibrateError::Point(jcpoa_sim::analysis::point::PointError::Scenario {
            assignments,
            source,
        }) => anyhow::Error::new(source)
            .context(format!("a particle is not a valid scenario: {assignments}")),
        other => anyhow::Error::new(other).context("the calibration did not finish"),
    }
}

/// Runs the calibration here, from the latest state in `work` if given (saving each new one).
fn run_here(inputs: &Inputs, work: Option<&Path>, quiet: bool) -> anyhow::Result<State> {
    let bars = Bars::new(quiet);
    let start = match work {
        Some(work) => work::latest_state(work, &inputs.expected())?,
        None => None,
    };
    let mut saved = |state: &State| match work {
        Some(work) => {
            work::save_state(work, state).map_err(|e| CalibrateError::Save(e.to_string()))
        }
        None => Ok(()),
    };
    let result = calibrate::calibrate(
        start,
        &inputs.fingerprint,
        &inputs.priors,
        &inputs.settings,
        &bars,
        &|p| inputs.evaluate(p),
        &mut saved,
    );
    bars.finish();
    result.map_err(stopped)
}

/// Evaluates shard `shard` of the next generation and saves it in `work`.
fn run_shard(inputs: &Inputs, work: &Path, shard: Shard, quiet: bool) -> anyhow::Result<()> {
    let state = work::latest_state(work, &inputs.expected())?;
    if state.as_ref().is_some_and(|s| s.stopped.is_some()) {
        return print_out("the calibration is over; run --merge to write its report\n");
    }
    let generation = next_generation(state.as_ref());
    let all = proposals(state.as_ref(), &inputs.priors, &inputs.settings).map_err(stopped)?;
    let range = shard.range(all.len() as u64);
    let (first, end) = (range.start as usize, range.end as usize);
    let bars = Bars::new(quiet);
    bars.generation(generation, end - first);
    let evaluations =
        evaluate_all(&all[first..end], &bars, &|p| inputs.evaluate(p)).map_err(stopped)?;
    bars.finish();
    let path = work::save_part(
        work,
        &Part {
            fingerprint: inputs.fingerprint.clone(),
            generation,
            shard,
            first,
            evaluations,
        },
    )?;
    print_out(&format!(
        "generation {generation}, shard {}/{}: particles {first}..{end} of {}; saved {}\n",
        shard.index,
        shard.count,
        all.len(),
        path.display()
    ))
}

/// Merges the next generation's shards in `work` into the state that follows, and saves it.
fn merge_generation(inputs: &Inputs, work: &Path) -> anyhow::Result<State> {
    let state = work::latest_state(work, &inputs.expected())?;
    if let Some(s) = state.as_ref().filter(|s| s.stopped.is_some()) {
        return Ok(s.clone());
    }
    let generation = next_generation(state.as_ref());
    let all = proposals(state.as_ref(), &inputs.priors, &inputs.settings).map_err(stopped)?;
    let evaluations = work::merged_parts(work, generation, &inputs.expected(), all.len())?;
    let next = advance(
        state,
        &inputs.fingerprint,
        &inputs.priors,
        &inputs.settings,
        all,
        evaluations,
    );
    work::save_state(work, &next)?;
    Ok(next)
}

/// `file` as a path relative to the folder `dir` (both made absolute first), with `/` between
/// parts, for `calibrated.toml`'s `extends`.
fn relative_path(dir: &Path, file: &Path) -> anyhow::Result<String> {
    let dir = std::path::absolute(dir)?;
    let file = std::fs::canonicalize(file).or_else(|_| std::path::absolute(file))?;
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let d: Vec<_> = dir.components().collect();
    let f: Vec<_> = file.components().collect();
    let common = d.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); d.len() - common];
    parts.extend(
        f[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(parts.join("/"))
}
