use jcpoa_sim::engine::{base_rng, run_trial};
use jcpoa_sim::observer::{Recorder, Event};
use jcpoa_sim::scenario::ScenarioSource;
use std::path::Path;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let trial: u64 = args[0].parse().unwrap();
    let mut src = ScenarioSource::load(Path::new("scenarios/baseline.toml")).unwrap();
    for a in &args[1..] { src.set(a).unwrap(); }
    let sc = src.build().unwrap();
    let mut rec = Recorder::default();
    let (r, p) = run_trial(&sc, &base_rng(1), trial, &mut rec);
    println!("{:?}", &p.shocks[..3]);
    println!("trust0 I={:.2} U={:.2}", p.iran.actor.initial_trust, p.us.actor.initial_trust);
    let mut si = 0;
    for (step, e) in &rec.events {
        while si < rec.snapshots.len() && rec.snapshots[si].0 < *step { let s = rec.snapshots[si].1; println!("   end wk{}: tI={:.2} tU={:.2} c={:.2} r={:.2} e={:.2} h={:.2}", rec.snapshots[si].0, s.trust_iran, s.trust_us, s.compliance, s.relief, s.escalation, s.hardliner); si += 1; }
        match e { Event::Decided{actor, decision, advantage, probability, yes, ..} => println!("wk{step} {:?} {:?} adv={advantage:.1} p={probability:.3} {}", actor, decision, yes), e => println!("wk{step} {e:?}") }
    }
    println!("{:?} weeks={:?}", r.outcome, r.weeks);
}
