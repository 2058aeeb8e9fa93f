//! Empty periods: a period inside the data in which nothing happened. A metric that can
//! always be computed (a count, a sum, a stock) is 0 there with no note, never null; every
//! other metric is null with a note that says why, never 0. The company
//! (`tests/fixtures/gap-company`) has rows in all 21 datasets in January and June 2025 and
//! none between them.

use serde_json::Value;
use std::collections::BTreeMap;
use vitals_tests::{vitals, workspace_root};

/// Every metric that is never undefined, and its value in an empty period: 0, except that
/// an empty period had no outage (availability 1) and no production deployment (DORA level
/// low, 1).
const NEVER_NULL: &[(&str, &str)] = &[
    ("active_users", "0"),
    ("arr", "0"),
    ("bookings", "0"),
    ("churned_customers", "0"),
    ("churned_mrr", "0"),
    ("cogs", "0"),
    ("content_views", "0"),
    ("contraction_mrr", "0"),
    ("critical_open_defects", "0"),
    ("dau", "0"),
    ("defects_found", "0"),
    ("deployment_frequency", "0"),
    ("dora_level", "1"),
    ("escaped_defects", "0"),
    ("expansion_mrr", "0"),
    ("feature_usage", "0"),
    ("gross_revenue", "0"),
    ("mau", "0"),
    ("mrr", "0"),
    ("net_income", "0"),
    ("net_new_mrr", "0"),
    ("net_revenue", "0"),
    ("new_customers", "0"),
    ("new_leads", "0"),
    ("new_mrr", "0"),
    ("onboarding_views", "0"),
    ("open_defects", "0"),
    ("paying_customers", "0"),
    ("reactivation_mrr", "0"),
    ("service_availability", "1"),
    ("sessions", "0"),
    ("support_tickets", "0"),
    ("test_execution_velocity", "0"),
    ("tests_executed", "0"),
    ("throughput", "0"),
    ("ticket_backlog", "0"),
    ("wau", "0"),
    ("weighted_pipeline", "0"),
];

fn run(grain: &str, from: &str, to: &str) -> Value {
    let data = workspace_root().join("tests/fixtures/gap-company");
    let out = vitals(&[
        "run",
        "--data",
        data.to_str().expect("UTF-8 path"),
        "--set",
        "all",
        "--grain",
        grain,
        "--from",
        from,
        "--to",
        to,
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "", "no warning expected");
    serde_json::from_str(&out.stdout).expect("JSON report")
}

/// Checks every value of every metric in `report`; returns the failures, one line each.
fn check(report: &Value) -> Vec<String> {
    let expected: BTreeMap<&str, &str> = NEVER_NULL.iter().copied().collect();
    let mut failures = Vec::new();
    let metrics = report["metrics"].as_array().expect("metrics");
    assert_eq!(metrics.len(), 106, "the whole catalogue runs");
    let ids: Vec<&str> = metrics.iter().filter_map(|m| m["id"].as_str()).collect();
    for id in expected.keys() {
        assert!(
            ids.contains(id),
            "`{id}` in NEVER_NULL is not a metric of the run"
        );
    }
    for m in metrics {
        let id = m["id"].as_str().expect("id");
        for v in m["values"].as_array().expect("values") {
            let period = v["period"].as_str().expect("period");
            let (value, note) = (&v["value"], &v["note"]);
            match expected.get(id) {
                Some(want) => {
                    if value.as_str() != Some(*want) || !note.is_null() {
                        failures.push(format!(
                            "{id} {period}: expected {want} with no note, got {value} ({note})"
                        ));
                    }
                }
                None => {
                    let noted = note.as_str().is_some_and(|n| !n.trim().is_empty());
                    if !value.is_null() || !noted {
                        failures.push(format!(
                            "{id} {period}: expected null with a note, got {value} ({note})"
                        ));
                    }
                }
            }
        }
    }
    failures
}

#[test]
fn an_empty_month_gives_zero_for_never_null_metrics_and_a_noted_null_for_the_rest() {
    let failures = check(&run("month", "2025-03-01", "2025-05-01"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn empty_weeks_and_days_follow_the_same_rule() {
    for (grain, from, to) in [
        ("week", "2025-03-03", "2025-03-17"),
        ("day", "2025-04-10", "2025-04-12"),
    ] {
        let failures = check(&run(grain, from, to));
        assert!(failures.is_empty(), "{grain}:\n{}", failures.join("\n"));
    }
}

#[test]
fn the_gap_company_is_not_empty_around_the_gap() {
    // January holds a value for the flow counts (the MRR movements stay 0: MRR is a
    // snapshot at each boundary, and the January subscription starts and ends between two),
    // so the zeros above come from the gap, not from a company without data.
    let report = run("month", "2025-01-01", "2025-02-01");
    let counted: Vec<&str> = report["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .filter(|m| m["values"][0]["value"].as_str().is_some_and(|v| v != "0"))
        .filter_map(|m| m["id"].as_str())
        .collect();
    for id in [
        "gross_revenue",
        "new_customers",
        "defects_found",
        "escaped_defects",
        "tests_executed",
        "support_tickets",
        "deployment_frequency",
        "new_leads",
        "sessions",
        "throughput",
        "bookings",
        "cogs",
    ] {
        assert!(counted.contains(&id), "{id} is 0 in January: {counted:?}");
    }
}
