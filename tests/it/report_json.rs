//! Reading `vitals run --format json` documents in tests.

use serde_json::Value;
use vitals_tests::{folder, vitals};

/// `vitals run --data DIR --format json ARGS…` over a folder holding `files`; returns the
/// document and standard error. The run must succeed.
pub(crate) fn run_json(files: &[(&str, &str)], args: &[&str]) -> (Value, String) {
    let dir = folder(files);
    let data = dir.path().to_str().unwrap();
    let mut all = vec!["run", "--data", data, "--format", "json"];
    all.extend_from_slice(args);
    let out = vitals(&all);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    (serde_json::from_str(&out.stdout).unwrap(), out.stderr)
}

/// The entry of metric `id`.
pub(crate) fn metric<'d>(doc: &'d Value, id: &str) -> &'d Value {
    doc["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {doc}"))
}

/// A series' values as text (`null` for null).
pub(crate) fn texts(values: &Value) -> Vec<String> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap_or("null").to_string())
        .collect()
}

/// The total values of metric `id`, as text.
pub(crate) fn values(doc: &Value, id: &str) -> Vec<String> {
    texts(&metric(doc, id)["values"])
}

/// The groups of metric `id`, in the document's order: each group's label (its value,
/// `(none)` or `(other)`) with its values as text.
pub(crate) fn groups(doc: &Value, id: &str) -> Vec<(String, Vec<String>)> {
    metric(doc, id)["groups"]
        .as_array()
        .unwrap_or_else(|| panic!("{id} has no groups: {}", metric(doc, id)))
        .iter()
        .map(|g| {
            let label = match g["kind"].as_str().unwrap() {
                "value" => g["group"].as_str().unwrap().to_string(),
                kind => format!("({kind})"),
            };
            (label, texts(&g["values"]))
        })
        .collect()
}
