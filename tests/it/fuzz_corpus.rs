//! Replays the fuzz seeds (`fuzz/corpus/`) and every input that once failed
//! (`fuzz/regressions/`) through the fuzz targets' entry points, on the stable compiler: none
//! may panic, valid seeds must load, and defective ones and regressions must be refused with
//! a message.

use std::path::{Path, PathBuf};
use vitals_tests::workspace_root;

fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = workspace_root().join("fuzz").join(kind).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read input");
            (p, bytes)
        })
        .collect()
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn csv_seeds_load_or_are_refused_with_a_message() {
    let seeds = inputs("corpus", "csv_loader");
    assert!(seeds.len() >= 20, "{} csv seeds", seeds.len());
    for (path, bytes) in seeds {
        let result = vitals_engine::fuzzing::load_named_csv(&bytes);
        if name(&path).starts_with("seed-bad-") {
            let err = result.expect_err(&name(&path));
            assert!(err.contains(".csv"), "{}: {err}", name(&path));
        } else {
            let rows = result.unwrap_or_else(|e| panic!("{}: {e}", name(&path)));
            assert!(rows > 0, "{}", name(&path));
        }
    }
}

#[test]
fn config_seeds_check_or_are_refused_with_a_message() {
    let seeds = inputs("corpus", "config");
    assert!(seeds.len() >= 8, "{} config seeds", seeds.len());
    let mut accepted = 0;
    for (path, bytes) in seeds {
        match vitals_runner::fuzzing::check_config_bytes(&bytes) {
            Ok(()) => accepted += 1,
            Err(e) => assert!(
                e.contains("vitals.toml") || e.contains('`'),
                "{}: {e}",
                name(&path)
            ),
        }
    }
    assert!(accepted >= 3, "only {accepted} valid config seeds");
}

/// `fuzz/regressions/TARGET/`: inputs that once crashed vitals or were accepted when they
/// must not be (a duplicate header column, a year the engine cannot compute with, a param
/// that is not a number, a misspelt dimension, declared SQL without `requires`). Each must
/// now be refused with a message, without a panic.
#[test]
fn inputs_that_once_failed_are_refused_with_a_message() {
    let csv = inputs("regressions", "csv_loader");
    let config = inputs("regressions", "config");
    assert!(
        !csv.is_empty() && !config.is_empty(),
        "fuzz/regressions/csv_loader and fuzz/regressions/config must hold the inputs that once failed"
    );
    for (path, bytes) in csv {
        let err = vitals_engine::fuzzing::load_named_csv(&bytes)
            .expect_err(&format!("{} is accepted again", name(&path)));
        assert!(err.contains(".csv line"), "{}: {err}", name(&path));
    }
    for (path, bytes) in config {
        let err = vitals_runner::fuzzing::check_config_bytes(&bytes)
            .expect_err(&format!("{} is accepted again", name(&path)));
        assert!(!err.is_empty(), "{}", name(&path));
    }
}
