//! Intervention (`--force`, `[[force]]`): a forced event happens in every trial that reaches it,
//! and a forced draw still consumes its random number, so forced and unforced trials share their
//! streams and agree wherever the forced event changed nothing.

use jcpoa_sim::engine::rng::base_rng;
use jcpoa_sim::engine::run_trial;
use jcpoa_sim::engine::solved::solved;
use jcpoa_sim::model::facts::Facts;
use jcpoa_sim::model::observer::{Event, Recorder};
use jcpoa_sim::scenario::Scenario;
use jcpoa_sim::scenario::source::ScenarioSource;

use crate::common::scenario_path;

const TRIALS: u64 = 3000;

fn with(name: &str, force: &[&str]) -> Scenario {
    let mut source = ScenarioSource::load(&scenario_path(name)).unwrap();
    for f in force {
        source.force(f).unwrap();
    }
    source.build().unwrap()
}

#[test]
fn a_forced_hardliner_wins_every_vote_held_and_shares_the_unforced_streams() {
    let plain = with("stepwise", &[]);
    let forced = with("stepwise", &["election=hardliner"]);
    // Strategies are not re-solved: the forced scenario plays the same solved game.
    let game = solved(plain.setup(), &crate::common::workers(0));
    assert!(std::sync::Arc::ptr_eq(
        &game,
        &solved(forced.setup(), &crate::common::workers(0))
    ));
    let base = base_rng(7);
    let (mut held, mut flipped) = (0, 0);
    for i in 0..TRIALS {
        let mut a = Facts::new(game.talks_open_at_start());
        let mut b = Facts::new(game.talks_open_at_start());
        let (ra, _) = run_trial(plain.case(), &game, &base, i, &mut a);
        let (rb, _) = run_trial(forced.case(), &game, &base, i, &mut b);
        match a.vote {
            Some(won) => {
                held += 1;
                assert_eq!(b.vote, Some(true), "trial {i} held the vote");
                if won {
                    // Nothing changed: the same trial, draw for draw.
                    assert_eq!(ra, rb, "trial {i}");
                } else {
                    flipped += 1;
                }
            }
            None => {
                assert_eq!(b.vote, None);
                assert_eq!(ra, rb, "trial {i}");
            }
        }
    }
    assert!(
        held > TRIALS / 2 && flipped > 100,
        "{held} held, {flipped} flipped"
    );
}

#[test]
fn a_forced_censure_censures_at_its_board_meeting() {
    let scenario = with("stepwise", &["censure=2021-06-07"]);
    let game = solved(scenario.setup(), &crate::common::workers(0));
    let base = base_rng(3);
    let day = 98.0; // 2021-06-07 is 98 days after 2021-03-01
    let mut met = 0;
    for i in 0..300 {
        let mut rec = Recorder::default();
        run_trial(scenario.case(), &game, &base, i, &mut rec);
        for (t, e) in &rec.events {
            if let Event::BoardMeeting { censured, .. } = e
                && *t == day
            {
                met += 1;
                assert!(*censured, "trial {i}");
            }
        }
    }
    assert!(met > 250, "{met} trials met the Board on day 98");
}

#[test]
fn forced_talks_and_shocks_happen_on_their_day() {
    let scenario = with(
        "attrition",
        &[
            "talks_open=2021-04-06",
            "shock=military_incident@2021-05-01",
        ],
    );
    let game = solved(scenario.setup(), &crate::common::workers(0));
    assert!(!game.talks_open_at_start());
    let base = base_rng(5);
    for i in 0..300 {
        let mut rec = Recorder::default();
        let mut facts = Facts::new(false);
        run_trial(scenario.case(), &game, &base, i, &mut facts);
        run_trial(scenario.case(), &game, &base, i, &mut rec);
        // Talks open by 2021-04-06 (day 36) in every trial live then.
        if facts.ended.is_none_or(|(_, end)| end >= 36.0) {
            let t = facts.talks_open.expect("talks opened");
            assert!(t < 37.0, "trial {i}: talks opened on day {t}");
        }
        let shock_day = 61.0;
        let alive = facts.ended.is_none_or(|(_, end)| end >= shock_day);
        if alive {
            assert!(
                rec.events
                    .iter()
                    .any(|(t, e)| *t == shock_day && matches!(e, Event::Shock { .. })),
                "trial {i}"
            );
        }
    }
}
