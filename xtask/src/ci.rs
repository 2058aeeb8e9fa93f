//! `cargo xtask ci`: every check CI runs, in one list, the same on a laptop and in CI
//! (`.ci/run` installs what the checks need and then calls this).
//!
//! The checks: formatting, clippy (every feature), the workspace tests (the README's `cargo
//! test --workspace`), the tests that start a Ballista cluster (`--features cluster`), the
//! out-of-workspace example (its tests, its binary and its private metric
//! in `list`), a plugin scaffolded by `new-plugin` on a scratch copy (it builds, passes its
//! test and is listed), generated files fresh, no pending insta snapshots. The example shares
//! the workspace's target dir (DataFusion is compiled once for both); the scratch copy cannot
//! (see `scaffold_check`).

use crate::{Mode, cargo, codegen};
use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The seed the property tests draw from in CI, so that a failure is reproducible from the
/// log; set `PROPTEST_RNG_SEED` to explore others.
const PROPTEST_SEED: &str = "20261122";

/// Passed and failed tests, summed over test binaries.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
}

impl Tally {
    /// Adds a `test result: ok. 12 passed; 1 failed; …` line of cargo test's output.
    pub fn add_line(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let n = |i: usize| words.get(i).and_then(|w| w.parse::<u64>().ok());
            match words.as_slice() {
                [.., _, "passed"] => self.passed += n(words.len() - 2).unwrap_or(0),
                [_, "failed"] => self.failed += n(0).unwrap_or(0),
                _ => {}
            }
        }
    }
}

fn step(name: &str) {
    println!("\n==> {name}");
    let _ = std::io::stdout().flush();
}

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Runs `cmd`, echoing its standard output and adding its test results to `tally`.
fn run_tests(cmd: &mut Command, what: &str, tally: &mut Tally) -> Result<()> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {what}"))?;
    let stdout = child.stdout.take().context("no standard output")?;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        tally.add_line(&line);
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Runs every check; prints `tests: N passed, N failed` at the end, also when tests failed.
pub fn ci(root: &Path) -> Result<()> {
    let started = Instant::now();
    let mut tally = Tally::default();
    let result = checks(root, &mut tally);
    println!("\ntests: {} passed, {} failed", tally.passed, tally.failed);
    println!("ci took {} s", started.elapsed().as_secs());
    result
}

fn checks(root: &Path, tally: &mut Tally) -> Result<()> {
    let target = root.join("target");
    step("format");
    run(cargo(root).args(["fmt", "--all", "--check"]), "cargo fmt")?;

    step("clippy");
    run(
        cargo(root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]),
        "cargo clippy",
    )?;

    step("tests (the README's test command: cargo test --workspace)");
    let mut tests = cargo(root);
    tests
        .args(["test", "--workspace"])
        .env("INSTA_UPDATE", "no");
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        tests.env("PROPTEST_RNG_SEED", PROPTEST_SEED);
    }
    run_tests(&mut tests, "cargo test --workspace", tally)?;

    // Apart from the README's command, which builds neither Ballista nor the DataFusion
    // features it needs: a second build of DataFusion, minutes that a laptop's test run is
    // spared.
    step("the cluster tests (Apache DataFusion Ballista): cargo test --features cluster");
    let mut cluster = cargo(root);
    cluster
        .args([
            "test",
            "-p",
            "vitals-tests",
            "--features",
            "cluster",
            "--test",
            "it",
            "cluster::",
        ])
        .env("INSTA_UPDATE", "no");
    run_tests(&mut cluster, "the cluster tests", tally)?;

    step("the out-of-workspace example: a company's own vitals binary with a private metric");
    let manifest = root.join("examples/custom-plugin/Cargo.toml");
    let manifest = manifest.to_str().context("a UTF-8 path")?;
    run_tests(
        cargo(root)
            .args(["test", "--manifest-path", manifest, "--workspace"])
            .env("CARGO_TARGET_DIR", &target),
        "the example's tests",
        tally,
    )?;
    run(
        cargo(root)
            .args(["build", "--manifest-path", manifest, "--workspace"])
            .env("CARGO_TARGET_DIR", &target),
        "the example's build",
    )?;
    let listing = Command::new(target.join("debug/acme-vitals"))
        .args(["list", "--family", "acme"])
        .output()
        .context("cannot run acme-vitals")?;
    let listing = String::from_utf8_lossy(&listing.stdout);
    print!("{listing}");
    if !listing
        .lines()
        .any(|l| l.starts_with("acme_spend_per_visit "))
    {
        bail!("acme-vitals does not list its private metric acme_spend_per_visit");
    }

    step("a scaffolded plugin builds, passes its test and is listed");
    scaffold_check(root)?;

    step("generated files are fresh");
    codegen(root, Mode::Check)?;

    step("no pending snapshots");
    let pending = Command::new("git")
        .current_dir(root)
        .args([
            "ls-files",
            "--others",
            "--exclude-standard",
            "--",
            "*.snap.new",
            "*.pending-snap",
        ])
        .output()
        .context("cannot run git")?;
    let pending = String::from_utf8_lossy(&pending.stdout);
    if !pending.trim().is_empty() {
        bail!("pending insta snapshots:\n{pending}");
    }
    Ok(())
}

/// `new-plugin scratch-metrics` on a copy of the workspace in a temporary folder (removed
/// afterwards): the plugin's test passes and `vitals list` shows its metric.
///
/// The copy builds in the workspace's own `target/`, so DataFusion and every other registry
/// crate are reused, not built again. The copy's path crates (named by their path relative to
/// the workspace root, the same in the copy) replace the workspace's artifacts; their
/// fingerprints then name the copy's files, so the next build of the workspace compiles its
/// own crates again (not DataFusion): a minute or two, against ten for a target dir of its
/// own.
fn scaffold_check(root: &Path) -> Result<()> {
    let ws = std::env::temp_dir().join(format!("vitals-scratch-plugin-{}", std::process::id()));
    copy_tree(root, &ws)?;
    let result = scaffold_in(root, &ws);
    let _ = std::fs::remove_dir_all(&ws);
    result
}

fn scaffold_in(root: &Path, ws: &Path) -> Result<()> {
    let target = root.join("target");
    let scratch = |args: &[&str]| -> Result<String> {
        let out = cargo(ws)
            .args(args)
            .env("CARGO_TARGET_DIR", &target)
            .stderr(Stdio::inherit())
            .output()
            .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
        if !out.status.success() {
            bail!("in the scratch copy, cargo {} failed", args.join(" "));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // Through cargo, so that the scaffold's codegen (which runs `vitals list`) builds in the
    // same target dir.
    scratch(&[
        "run",
        "--quiet",
        "-p",
        "xtask",
        "--",
        "new-plugin",
        "scratch-metrics",
    ])?;
    let tests = scratch(&["test", "-p", "vitals-scratch-metrics"])?;
    if !tests.contains("test order_count_counts_orders_per_period ... ok") {
        bail!("the scaffolded plugin's golden test did not run and pass:\n{tests}");
    }
    let list = scratch(&[
        "run",
        "--quiet",
        "-p",
        "vitals-runner",
        "--",
        "list",
        "--family",
        "scratch-metrics",
    ])?;
    print!("{list}");
    if !list.contains("scratch_metrics_order_count") {
        bail!("the scaffolded metric scratch_metrics_order_count is not listed");
    }
    let doc = std::fs::read_to_string(ws.join("docs/METRICS.md"))?;
    if !doc.contains("## scratch-metrics") {
        bail!("docs/METRICS.md was not regenerated with the scaffolded family");
    }
    let linked = std::fs::read_to_string(ws.join("crates/vitals-runner/src/plugins.rs"))?;
    if !linked.contains("use vitals_scratch_metrics as _;") {
        bail!("the runner's link list does not name the scaffolded plugin");
    }
    Ok(())
}

/// Copies the workspace's source (not `target/` or `.git/`) to `to`.
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(&name))?;
        } else {
            std::fs::copy(&path, to.join(&name))
                .with_context(|| format!("cannot copy {}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tally_sums_test_result_lines() {
        let mut t = Tally::default();
        t.add_line(
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        );
        t.add_line("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured");
        t.add_line("running 5 tests");
        assert_eq!(
            t,
            Tally {
                passed: 15,
                failed: 2
            }
        );
    }
}
