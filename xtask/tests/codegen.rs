//! The generated files are fresh. (That `new-plugin` scaffolds a crate that builds, passes its
//! test and shows up in `vitals list` is a step of `cargo xtask ci`: it builds a copy of the
//! workspace, which a test cannot do in the target dir that `cargo test` holds locked.)

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
