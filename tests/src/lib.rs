//! Helpers for the end-to-end tests: run `vitals` in-process and capture what it prints.

use std::path::{Path, PathBuf};

/// A throw-away PostgreSQL server.
pub use pg_test_server as postgres;

/// What one `vitals` invocation did.
#[derive(Debug)]
pub struct Output {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `vitals ARGS…` in this process.
pub fn vitals(args: &[&str]) -> Output {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("vitals").chain(args.iter().copied());
    let code = vitals_runner::run_cli(argv, &mut out, &mut err);
    Output {
        code,
        stdout: String::from_utf8(out).expect("UTF-8 output"),
        stderr: String::from_utf8(err).expect("UTF-8 output"),
    }
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

/// A scratch folder holding `files` (name, content).
pub fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    dir
}

/// Replaces a scratch folder's path in `text` by `[dir]`.
pub fn redact(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[dir]")
}
