//! `cargo xtask`: the one automation entry point of the vitals workspace.
//!
//! - `codegen [--check]`: the runner's plugin link list and `docs/METRICS.md`, from the
//!   crates under `plugins/` and the registry; `--check` fails when a file is stale.
//! - `new-plugin NAME`: scaffolds `plugins/NAME` with a sample metric and its golden test,
//!   and wires it in with `codegen`.
//! - `ci`: the checks CI runs (format, clippy, tests).

use anyhow::{Result, bail};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<()> {
    let root = xtask::workspace_root();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => xtask::codegen(&root, xtask::Mode::Write),
        ["codegen", "--check"] => xtask::codegen(&root, xtask::Mode::Check),
        ["new-plugin", name] => xtask::new_plugin(&root, name),
        ["ci"] => xtask::ci(&root),
        _ => bail!(
            "usage: cargo xtask <command>\n\n\
             commands:\n  \
             codegen [--check]   regenerate (or check) the plugin link list and docs/METRICS.md\n  \
             new-plugin NAME     scaffold plugins/NAME with a sample metric and test\n  \
             ci                  run the checks CI runs"
        ),
    }
}
