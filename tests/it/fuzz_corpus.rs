//! Replays the fuzz seeds (`fuzz/corpus/`) and every input a fuzz run found a crash with
//! (`fuzz/regressions/`) through the fuzz targets' entry points, on the stable compiler: none
//! may panic, valid seeds must load, and defective ones must be refused with a message.

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

#[test]
fn inputs_that_crashed_a_fuzz_run_no_longer_do() {
    for (_, bytes) in inputs("regressions", "csv_loader") {
        let _ = vitals_engine::fuzzing::load_named_csv(&bytes);
    }
    for (_, bytes) in inputs("regressions", "config") {
        let _ = vitals_runner::fuzzing::check_config_bytes(&bytes);
    }
}
