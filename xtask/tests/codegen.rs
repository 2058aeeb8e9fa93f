//! The generated files are fresh, and `new-plugin` scaffolds a crate that builds, passes
//! its test and shows up in `vitals list`.

use std::path::Path;
use std::process::Command;

#[test]
fn link_list_and_runner_manifest_are_fresh() {
    let root = xtask::workspace_root();
    let plugins = xtask::plugins(&root).unwrap();
    assert!(plugins.len() >= 3);
    let runner = root.join("crates/vitals-runner");
    let link_list = std::fs::read_to_string(runner.join("src/plugins.rs")).unwrap();
    assert!(
        link_list == xtask::link_list(&plugins),
        "crates/vitals-runner/src/plugins.rs is stale: run `cargo xtask codegen`"
    );
    let manifest = std::fs::read_to_string(runner.join("Cargo.toml")).unwrap();
    assert!(
        manifest == xtask::runner_manifest(&manifest, &plugins).unwrap(),
        "crates/vitals-runner/Cargo.toml's plugin block is stale: run `cargo xtask codegen`"
    );
}

/// Copies the workspace's source (not target/ or .git/) to `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

#[test]
fn new_plugin_scaffold_builds_tests_and_lists() {
    let root = xtask::workspace_root();
    // A fixed scratch copy inside target/ keeps rebuilds incremental; its own target dir
    // keeps its `vitals` binary apart from the workspace's.
    let scratch = root.join("target/scratch-plugin");
    let ws = scratch.join("ws");
    let _ = std::fs::remove_dir_all(&ws);
    copy_tree(&root, &ws);
    let target = scratch.join("target");
    let cargo = |args: &[&str]| {
        let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(args)
            .current_dir(&ws)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cargo {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // Through cargo, so that the nested `cargo run` of codegen shares the target dir.
    cargo(&[
        "run",
        "--quiet",
        "-p",
        "xtask",
        "--",
        "new-plugin",
        "scratch-metrics",
    ]);
    cargo(&["test", "--quiet", "-p", "vitals-scratch-metrics"]);
    let list = cargo(&[
        "run",
        "--quiet",
        "-p",
        "vitals-runner",
        "--",
        "list",
        "--family",
        "scratch-metrics",
    ]);
    assert!(list.contains("scratch_metrics_order_count"), "{list}");
    let doc = std::fs::read_to_string(ws.join("docs/METRICS.md")).unwrap();
    assert!(
        doc.contains("## scratch-metrics"),
        "docs/METRICS.md regenerated"
    );
    let linked = std::fs::read_to_string(ws.join("crates/vitals-runner/src/plugins.rs")).unwrap();
    assert!(linked.contains("use vitals_scratch_metrics as _;"));
}
