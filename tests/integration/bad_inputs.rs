//! The error contract, as a table: `tests/bad_inputs/cases.toml` lists every kind of bad input
//! with the exit code and message fragments it must produce. No input may panic.

use crate::common::{jcpoa, root, temp_dir};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    file: String,
    /// `run` or `validate`; both when absent.
    command: Option<String>,
    #[serde(default)]
    args: Vec<String>,
    exit: i32,
    contains: Vec<String>,
    /// Fragments the message must not contain.
    #[serde(default)]
    excludes: Vec<String>,
    /// A plain file to create first.
    setup_file: Option<String>,
    /// A directory with a file in it (not a report) to create first.
    setup_foreign_dir: Option<String>,
}

#[test]
fn every_bad_input_gets_its_exit_code_and_message() {
    let dir = root().join("tests/bad_inputs");
    let table: Cases =
        toml::from_str(&std::fs::read_to_string(dir.join("cases.toml")).unwrap()).unwrap();
    assert!(table.case.len() >= 50);
    for (i, case) in table.case.iter().enumerate() {
        let commands = match &case.command {
            Some(c) => vec![c.clone()],
            None => vec!["validate".to_string(), "run".to_string()],
        };
        for command in commands {
            let tmp = temp_dir(&format!("bad-{i}-{command}"));
            let tmp_str = tmp.to_str().unwrap();
            let expand = |s: &str| s.replace("{tmp}", tmp_str);
            if let Some(f) = &case.setup_file {
                std::fs::write(expand(f), "not a directory").unwrap();
            }
            if let Some(d) = &case.setup_foreign_dir {
                std::fs::create_dir_all(expand(d)).unwrap();
                std::fs::write(format!("{}/keep.txt", expand(d)), "mine").unwrap();
            }
            let mut args = vec![command.clone(), case.file.clone()];
            args.extend(case.args.iter().map(|a| expand(a)));
            if command == "run" && case.command.is_none() {
                args.extend(["--trials", "10", "--quiet", "--out"].map(String::from));
                args.push(format!("{tmp_str}/out"));
            }
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = jcpoa(&dir, &argv);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let label = format!("case {i} ({} {})", command, case.file);
            assert_eq!(out.status.code(), Some(case.exit), "{label}: {stderr}");
            for fragment in &case.contains {
                assert!(
                    stderr.contains(&expand(fragment)),
                    "{label}: missing {fragment:?} in:\n{stderr}"
                );
            }
            for fragment in &case.excludes {
                assert!(
                    !stderr.contains(fragment.as_str()),
                    "{label}: {fragment:?} in:\n{stderr}"
                );
            }
            assert!(!stderr.contains("panicked"), "{label} panicked: {stderr}");
            assert!(!stderr.contains("RUST_BACKTRACE"), "{label}: {stderr}");
            if let Some(d) = &case.setup_foreign_dir {
                assert!(
                    std::path::Path::new(&format!("{}/keep.txt", expand(d))).exists(),
                    "{label}: a foreign directory was touched"
                );
            }
            std::fs::remove_dir_all(&tmp).unwrap();
        }
    }
}
