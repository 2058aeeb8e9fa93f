//! Fixture directories, one input case each, with a `case.toml` giving the command (`{dir}` is
//! the fixture's folder) and what it must print.
//!
//! - `tests/fixtures/bad-input/`: every bad-input rule of the data contract and more defects seen in real
//!   exports; the run exits non-zero with the exact message, which names the file, the line
//!   and the column where one applies and says what was expected.
//! - `tests/fixtures/good-input/`: awkward but valid files (byte-order mark, CRLF, quotes,
//!   offsets, dates for timestamps, empty optional cells, header only, JSON Lines) that load
//!   and give the hand-computed numbers in `stdout`, and on stderr only the warnings of
//!   `stderr` (a filter value no row has).

use serde::Deserialize;
use std::path::{Path, PathBuf};
use vitals_tests::{redact, vitals, workspace_root};

/// The bad-input rules of the data contract, case by case; each needs a fixture of that name.
const BAD_INPUT_CASES: &[&str] = &[
    "missing-file",
    "corrupt-parquet",
    "truncated-row",
    "broken-json-line",
    "missing-required-column",
    "wrong-type",
    "ended-before-started",
    "negative-amount",
    "probability-out-of-range",
    "score-outside-scale",
    "unknown-outcome",
    "unknown-status",
    "unknown-category",
    "unknown-found-by",
    "duplicate-ids",
    "unknown-metric",
    "unknown-set",
    "unknown-family",
    "unknown-dataset",
    "unknown-param",
    "unknown-config-key",
    "dependency-cycle",
    "empty-range",
    "sql-ddl",
    "sql-copy",
    "sql-file-path",
    "unknown-dimension",
    "top-zero",
    "dimension-applies-to-nothing",
    "param-of-the-wrong-kind",
    "duplicate-header-column",
    "sql-without-requires",
    "sql-unknown-requires",
    "sql-two-rows-per-period",
    "timestamp-out-of-range",
    "sql-query-timeout",
    "query-timeout-invalid",
    "sql-recursive",
    "sql-recursive-nested",
    "unknown-week-start",
    "unknown-fiscal-month",
    "unknown-compare",
    "fiscal-month-in-config",
    "unknown-time-zone",
    "goal-bad-date",
    "goal-milestone-after-by",
    "goal-unknown-metric",
    "signal-threshold-not-positive",
    "postgres-url-in-config",
    "postgres-env-unset",
    "postgres-without-table",
    "semicolon-header",
    "decimal-comma-unset",
    "timestamp-format-mismatch",
    "timestamp-format-invalid",
    "covers-not-a-date",
    "covers-backwards",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    args: Vec<String>,
    #[serde(default)]
    exit: i32,
    #[serde(default)]
    stderr: String,
    #[serde(default)]
    stdout: Option<String>,
}

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let root = workspace_root().join("tests/fixtures").join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn load(dir: &Path) -> Case {
    let text = std::fs::read_to_string(dir.join("case.toml")).expect("case.toml");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}/case.toml: {e}", dir.display()))
}

fn run(dir: &Path, args: &[String]) -> vitals_tests::Output {
    let folder = dir.display().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", &folder)).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    vitals(&args)
}

#[test]
fn every_design_case_has_a_fixture() {
    let names: Vec<String> = fixtures("bad-input")
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let missing: Vec<&&str> = BAD_INPUT_CASES
        .iter()
        .filter(|c| !names.iter().any(|n| n == **c))
        .collect();
    assert!(missing.is_empty(), "no fixture for {missing:?}");
}

#[test]
fn each_fixture_fails_with_its_message() {
    let mut failures = Vec::new();
    for dir in fixtures("bad-input") {
        let case = load(&dir);
        assert!(
            !case.about.is_empty(),
            "{}: say what the defect is",
            dir.display()
        );
        let out = run(&dir, &case.args);
        let stderr = redact(&out.stderr, &dir);
        if out.code == 0 || out.code != case.exit || stderr != case.stderr {
            failures.push(format!(
                "{} ({}):\n  expected exit {} and\n{}  got exit {} and\n{}",
                dir.display(),
                case.about,
                case.exit,
                case.stderr,
                out.code,
                stderr
            ));
        }
        assert!(!stderr.contains("panicked"), "{}: {stderr}", dir.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A defect in a data file is reported the same way by `vitals check`, which computes nothing.
#[test]
fn check_reports_the_same_data_problems() {
    let mut checked = 0;
    for dir in fixtures("bad-input") {
        let case = load(&dir);
        if !case.stderr.contains("[dir]/") || case.stderr.contains("vitals.toml") {
            continue;
        }
        let source: Vec<String> = std::iter::once("check".to_string())
            .chain(case.args[1..3].iter().cloned())
            .collect();
        let out = run(&dir, &source);
        let stdout = redact(&out.stdout, &dir);
        assert_eq!(out.code, 1, "{}: {stdout}{}", dir.display(), out.stderr);
        for line in case.stderr.lines() {
            let problem = line.trim_start_matches("error: ");
            let problem = problem.split(" (dataset ").next().unwrap_or(problem);
            assert!(
                stdout.contains(problem),
                "{}: `{problem}` not in\n{stdout}",
                dir.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} data fixtures were checked");
}

#[test]
fn awkward_valid_files_load_and_give_the_hand_computed_numbers() {
    let dirs = fixtures("good-input");
    assert!(dirs.len() >= 8, "{} good-input fixtures", dirs.len());
    let mut failures = Vec::new();
    for dir in dirs {
        let case = load(&dir);
        let expected = case
            .stdout
            .as_deref()
            .expect("good-input cases give stdout");
        let out = run(&dir, &case.args);
        if out.code != 0 || out.stdout != expected || redact(&out.stderr, &dir) != case.stderr {
            failures.push(format!(
                "{} ({}):\n  expected exit 0 and\n{expected}  got exit {} and\n{}{}",
                dir.display(),
                case.about,
                out.code,
                out.stdout,
                redact(&out.stderr, &dir)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn prepare_fails_on_bad_data_with_the_message_of_run() {
    // Every fixture whose run fails on a data file (not on vitals.toml or the arguments):
    // `vitals prepare` reads the same sources and must fail with the same message.
    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in fixtures("bad-input") {
        let case = load(&dir);
        let data_error = case.stderr.starts_with("error: [dir]/")
            && !case.stderr.starts_with("error: [dir]/vitals.toml");
        let source = match case.args.get(1).map(String::as_str) {
            Some("--data" | "--config") => &case.args[1..3],
            _ => continue,
        };
        if case.args[0] != "run" || !data_error {
            continue;
        }
        checked += 1;
        let out_dir = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = vec!["prepare".into()];
        args.extend(source.iter().cloned());
        args.extend(["--out".into(), out_dir.path().display().to_string()]);
        let out = run(&dir, &args);
        let stderr = redact(&out.stderr, &dir);
        if out.code != case.exit || stderr != case.stderr {
            failures.push(format!(
                "{}: run said (exit {})\n{}prepare said (exit {})\n{}",
                dir.display(),
                case.exit,
                case.stderr,
                out.code,
                stderr
            ));
        }
        assert!(
            !out_dir.path().join("manifest.json").exists(),
            "{}: a failed prepare leaves no manifest",
            dir.display()
        );
    }
    assert!(checked >= 15, "only {checked} data fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
