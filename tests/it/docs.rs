use vitals_tests::workspace_root;

#[test]
fn metrics_doc_is_generated_from_the_registry() {
    let expected = vitals_report::catalogue_markdown(vitals_core::registry().unwrap());
    let path = workspace_root().join("docs/METRICS.md");
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/METRICS.md is stale: run `cargo xtask codegen` and commit the result"
    );
}

#[test]
fn contract_doc_is_generated_from_the_registry() {
    let expected = vitals_report::contract_markdown(vitals_core::registry().unwrap());
    let path = workspace_root().join("docs/contract.md");
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/contract.md is stale: run `cargo xtask codegen` and commit the result"
    );
}
