use jcpoa_sim::engine::{run, RunConfig, Unmonitored};
use jcpoa_sim::outcome::{Cause, Outcome};
use jcpoa_sim::scenario::ScenarioSource;
use std::path::Path;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kinds = ["iran_first", "us_first", "simultaneous", "stepwise"];
    for kind in kinds {
        let mut src = ScenarioSource::load(Path::new("scenarios/baseline.toml")).unwrap();
        src.set(&format!("protocol.kind={kind}")).unwrap();
        for a in &args { src.set(a).unwrap(); }
        let sc = match src.build() { Ok(s) => s, Err(e) => { eprintln!("{e}"); return; } };
        let t = std::time::Instant::now();
        let r = run(&sc, &RunConfig { seed: 1, first_trial: 0, trials: 20000, threads: 0, precision: None }, &Unmonitored, None).unwrap();
        let s = &r.summary;
        let n = s.trials as f64;
        print!("{kind:13} ");
        for o in Outcome::ALL { print!("{}={:.3} ", o.name(), s.outcomes[o.index()] as f64 / n); }
        let fails: u64 = Outcome::ALL.iter().filter(|o| **o != Outcome::Restored).map(|o| s.outcomes[o.index()]).sum();
        print!("| causes: ");
        for c in Cause::ALL { let k: u64 = (0..4).map(|o| s.causes[o][c.index()]).sum(); print!("{}={:.2} ", c.name(), k as f64 / fails.max(1) as f64); }
        let med = jcpoa_sim::stats::discrete_quantile(&s.restored_at, 0.5);
        print!("| med_restore_wk={med:?} pay I={:.0} U={:.0} elect={:?} trig={:?} {:?}", s.payoffs[0].mean(s.trials), s.payoffs[1].mean(s.trials), s.election, s.collapse_triggers, t.elapsed());
        println!();
    }
}
