//! `cargo xtask`: the one automation entry point of the vitals workspace.
//!
//! - `codegen [--check]`: the runner's plugin link list, `docs/METRICS.md` and
//!   `docs/contract.md`, from the
//!   crates under `plugins/` and the registry; `--check` fails when a file is stale.
//! - `new-plugin NAME`: scaffolds `plugins/NAME` with a sample metric and its golden test,
//!   and wires it in with `codegen`.
//! - `ci`: every check CI runs, the same locally: format, clippy, `cargo test --workspace`,
//!   the out-of-workspace example, a scaffolded plugin, generated files, pending snapshots.
//! - `bench [--scale N] [--runs R] [--no-build]`: vitals against DuckDB on the demo data (CSV and
//!   Parquet), numbers checked equal first; writes `bench/results.md`. With `--cohorts`,
//!   `vitals cohorts` of every kind against `bench/duckdb/cohorts.py`; writes
//!   `bench/cohorts.md`. With `--calendars`, a run in a time zone and one with
//!   `--compare year` against one in UTC; writes `bench/calendars.md`. With `--prepared`,
//!   runs from `vitals prepare`'s folder against runs from CSV and Parquet files; writes
//!   `bench/prepared.md`. With `--cluster`, a run on a loopback Ballista cluster of two
//!   executors against a local one; writes `bench/cluster.md`. With `--postgres`, loading
//!   the events from a throw-away PostgreSQL server against loading them from Parquet;
//!   writes `bench/postgres.md`.
//! - `fuzz [TARGET] [--seconds N]`: runs the cargo-fuzz targets in `fuzz/` (config,
//!   csv_loader) for a bounded time each; needs `cargo install cargo-fuzz` and a nightly
//!   toolchain.

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
        ["bench", rest @ ..] => {
            let mut options = xtask::BenchOptions::default();
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                if *arg == "--no-build" {
                    options.no_build = true;
                    continue;
                }
                if *arg == "--cohorts" {
                    options.cohorts = true;
                    continue;
                }
                if *arg == "--calendars" {
                    options.calendars = true;
                    continue;
                }
                if *arg == "--prepared" {
                    options.prepared = true;
                    continue;
                }
                if *arg == "--postgres" {
                    options.postgres = true;
                    continue;
                }
                if *arg == "--cluster" {
                    options.cluster = true;
                    continue;
                }
                let value = it.next().map(|v| v.to_string());
                match (*arg, value) {
                    ("--scale", Some(v)) => options.scale = v.parse()?,
                    ("--runs", Some(v)) => options.runs = v.parse()?,
                    _ => bail!(
                        "usage: cargo xtask bench [--scale N] [--runs R] [--no-build] [--cohorts | --calendars | --prepared | --cluster | --postgres]"
                    ),
                }
            }
            xtask::bench(&root, &options)
        }
        ["fuzz", rest @ ..] => {
            let mut targets = Vec::new();
            let mut seconds = 60;
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                match *arg {
                    "--seconds" => {
                        seconds = it
                            .next()
                            .and_then(|s| s.parse().ok())
                            .ok_or_else(|| anyhow::anyhow!("--seconds needs a whole number"))?;
                    }
                    target => targets.push(target),
                }
            }
            xtask::fuzz(&root, &targets, seconds)
        }
        _ => bail!(
            "usage: cargo xtask <command>\n\n\
             commands:\n  \
             codegen [--check]   regenerate (or check) the plugin link list, docs/METRICS.md and docs/contract.md\n  \
             new-plugin NAME     scaffold plugins/NAME with a sample metric and test\n  \
             ci                  run every check CI runs (the same as .ci/run after its installs)\n  \
             bench [--scale N] [--runs R] [--no-build]\n                      \
             vitals vs DuckDB on demo data; writes bench/results.md\n  \
             fuzz [TARGET] [--seconds N]\n                      \
             run the fuzz targets (config, csv_loader) for N seconds each (default 60)"
        ),
    }
}
