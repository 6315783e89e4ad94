//! A run split into shards, run as separate processes and merged, gives the same report as one run.

use crate::common::{jcpoa, root, scenario_path, temp_dir};

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn four_shards_merge_into_the_single_run_bit_for_bit() {
    let out = temp_dir("shards");
    let s = scenario_path("simultaneous");
    let s = s.to_str().unwrap();
    let trials = "30001";
    let children: Vec<_> = (1..=4)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_jcpoa-sim"))
                .current_dir(root())
                .args(["run", s, "--trials", trials, "--threads", "1", "-q"])
                .args(["--shard", &format!("{i}/4")])
                .args(["--out", out.join(format!("part{i}")).to_str().unwrap()])
                .output()
                .unwrap()
        })
        .collect();
    for c in &children {
        assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    }
    let parts: Vec<String> = (1..=4)
        .map(|i| out.join(format!("part{i}")).display().to_string())
        .collect();
    let merged = out.join("merged");
    let mut args = vec!["merge"];
    args.extend(parts.iter().rev().map(String::as_str));
    args.extend(["--out", merged.to_str().unwrap()]);
    let m = jcpoa(&root(), &args);
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    let single = out.join("single");
    let r = jcpoa(
        &root(),
        &[
            "run",
            s,
            "--trials",
            trials,
            "--out",
            single.to_str().unwrap(),
            "-q",
        ],
    );
    assert!(r.status.success());
    assert_eq!(
        files(&merged),
        files(&single),
        "merged report differs from one run"
    );

    // Missing, repeated and foreign shards are refused as bad input.
    let missing = jcpoa(
        &root(),
        &[
            "merge",
            &parts[0],
            &parts[1],
            &parts[2],
            "--out",
            out.join("x").to_str().unwrap(),
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("shards missing: [4/4]"));
    let twice = jcpoa(
        &root(),
        &[
            "merge",
            &parts[0],
            &parts[0],
            &parts[1],
            &parts[2],
            &parts[3],
            "--out",
            out.join("y").to_str().unwrap(),
        ],
    );
    assert_eq!(twice.status.code(), Some(2));
    let other = out.join("other");
    let o = jcpoa(
        &root(),
        &[
            "run",
            s,
            "--trials",
            trials,
            "--seed",
            "5",
            "--shard",
            "4/4",
            "--out",
            other.to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success());
    let mixed = jcpoa(
        &root(),
        &[
            "merge",
            &parts[0],
            &parts[1],
            &parts[2],
            other.to_str().unwrap(),
            "--out",
            out.join("z").to_str().unwrap(),
        ],
    );
    assert_eq!(mixed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("different runs: seeds"));
    std::fs::remove_dir_all(&out).unwrap();
}
