//! `--where DIM=VALUE`: the whole run restricted to the rows of some dimension values, with
//! hand-computed numbers.

use crate::report_json::{run_json, values};
use vitals_tests::{folder, vitals};

/// c1 (smb) pays 100 on pro from January; c2 (enterprise) pays 50 on basic from January;
/// c3 (no segment) pays 30 on pro from January and churns on 2026-02-10; c4 (smb) starts pro
/// at 40 on 2026-02-02. MRR is a snapshot at the end of each period.
const CUSTOMERS: &str = "customer_id,created_at,segment\n\
    c1,2025-12-01,smb\n\
    c2,2025-12-01,enterprise\n\
    c3,2025-12-01,\n\
    c4,2026-01-20,smb\n";
const SUBSCRIPTIONS: &str = "subscription_id,customer_id,started_at,ended_at,mrr,plan\n\
    s1,c1,2025-12-15,,100,pro\n\
    s2,c2,2025-12-15,,50,basic\n\
    s3,c3,2025-12-15,2026-02-10,30,pro\n\
    s4,c4,2026-02-02,,40,pro\n";
const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount\n\
    o1,c1,2026-01-05,10\n\
    o2,c2,2026-01-06,20\n\
    o3,c4,2026-02-07,5\n";

/// `vitals run --format json` over January and February 2026 with `extra` arguments; returns
/// the document and standard error.
fn run(extra: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["--from", "2026-01", "--to", "2026-03"];
    args.extend_from_slice(extra);
    run_json(
        &[
            ("customers.csv", CUSTOMERS),
            ("subscriptions.csv", SUBSCRIPTIONS),
            ("orders.csv", ORDERS),
        ],
        &args,
    )
}

#[test]
fn a_plan_filter_keeps_the_subscriptions_of_that_plan() {
    let (doc, _) = run(&[
        "--metric",
        "mrr",
        "--metric",
        "customer_churn_rate",
        "--where",
        "plan=pro",
    ]);
    assert_eq!(doc["by"], serde_json::Value::Null);
    assert_eq!(doc["where"], serde_json::json!({"plan": ["pro"]}));
    // January: s1 100 + s3 30; February: s1 100 + s4 40 (s3 churned)
    assert_eq!(values(&doc, "mrr"), ["130", "140"]);
    // A ratio of the group's sums: of the 2 pro customers paying at the start of February,
    // 1 churned; January starts with none paying.
    assert_eq!(values(&doc, "customer_churn_rate")[1], "0.5");
}

#[test]
fn a_customer_attribute_reaches_subscriptions_and_orders_through_customer_id() {
    let (doc, _) = run(&[
        "--metric",
        "mrr",
        "--metric",
        "gross_revenue",
        "--where",
        "segment=smb",
    ]);
    assert_eq!(values(&doc, "mrr"), ["100", "140"]);
    assert_eq!(values(&doc, "gross_revenue"), ["10", "5"]);
    // two values are any of them; c3 has no segment and is in neither
    let (doc, _) = run(&["--metric", "mrr", "--where", "segment=smb,enterprise"]);
    assert_eq!(values(&doc, "mrr"), ["150", "190"]);
}

#[test]
fn filters_on_two_dimensions_combine_with_and() {
    let (doc, _) = run(&[
        "--metric",
        "mrr",
        "--where",
        "segment=smb",
        "--where",
        "plan=basic",
    ]);
    assert_eq!(values(&doc, "mrr"), ["0", "0"]);
    let (doc, _) = run(&[
        "--metric",
        "mrr",
        "--where",
        "segment=enterprise",
        "--where",
        "plan=basic",
    ]);
    assert_eq!(values(&doc, "mrr"), ["50", "50"]);
}

#[test]
fn a_metric_the_dimension_does_not_apply_to_is_skipped_with_the_reason() {
    let (doc, _) = run(&[
        "--metric",
        "mrr",
        "--metric",
        "gross_revenue",
        "--where",
        "plan=pro",
    ]);
    assert_eq!(values(&doc, "mrr"), ["130", "140"]);
    assert_eq!(
        doc["skipped"],
        serde_json::json!([{"id": "gross_revenue", "reason": "plan does not apply: requires orders"}])
    );
}

#[test]
fn a_value_no_row_has_warns_and_gives_zero() {
    let (doc, stderr) = run(&["--metric", "mrr", "--where", "plan=gold"]);
    assert_eq!(values(&doc, "mrr"), ["0", "0"]);
    assert!(
        stderr.contains(
            "warning: no row of subscriptions has plan = gold: the run's numbers are zero or null"
        ),
        "{stderr}"
    );
}

#[test]
fn the_table_names_the_filter() {
    let dir = folder(&[("subscriptions.csv", SUBSCRIPTIONS)]);
    let data = dir.path().to_str().unwrap();
    let out = vitals(&[
        "run", "--data", data, "--metric", "mrr", "--from", "2026-01", "--to", "2026-03",
        "--where", "plan=pro",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("\nwhere plan = pro\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn bad_filters_are_usage_errors() {
    let dir = folder(&[("subscriptions.csv", SUBSCRIPTIONS), ("orders.csv", ORDERS)]);
    let data = dir.path().to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--metric", "mrr", "--where", "paln=pro"],
            "error: unknown dimension `paln`; did you mean `plan`?\n",
        ),
        (
            &["--metric", "mrr", "--where", "plan="],
            "error: --where plan=: expected at least one value\n",
        ),
        (
            &["--metric", "mrr", "--where", "plan"],
            "error: --where plan: expected DIM=VALUE or DIM=VALUE,VALUE (`vitals dimensions` lists the dimensions)\n",
        ),
        (
            &["--metric", "gross_revenue", "--where", "plan=pro"],
            "error: --where plan: the dimension applies to none of the selected metrics (plan does not apply: requires orders)\n",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["run", "--data", data];
        args.extend_from_slice(extra);
        let out = vitals(&args);
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
        assert_eq!(out.stderr, message, "{extra:?}");
    }
}

#[test]
fn vitals_toml_run_where_restricts_like_the_flag() {
    let dir = folder(&[("subscriptions.csv", SUBSCRIPTIONS)]);
    let path = dir.path().join("subscriptions.csv");
    let config = format!(
        "[datasets.subscriptions]\npath = {path:?}\n\n[run]\nmetrics = [\"mrr\"]\nfrom = \"2026-01\"\nto = \"2026-03\"\nformat = \"json\"\nwhere = {{ plan = [\"pro\", \"basic\"] }}\n"
    );
    std::fs::write(dir.path().join("vitals.toml"), config).unwrap();
    let out = vitals(&[
        "run",
        "--config",
        dir.path().join("vitals.toml").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["where"], serde_json::json!({"plan": ["pro", "basic"]}));
    assert_eq!(values(&doc, "mrr"), ["180", "190"]);
}

#[test]
fn a_set_of_vitals_toml_can_carry_a_filter() {
    let dir = folder(&[
        ("customers.csv", CUSTOMERS),
        ("subscriptions.csv", SUBSCRIPTIONS),
    ]);
    let config = format!(
        "[datasets.customers]\npath = {customers:?}\n\n[datasets.subscriptions]\npath = {subscriptions:?}\n\n\
         [sets.enterprise]\nmetrics = [\"mrr\"]\nwhere = {{ segment = \"enterprise\" }}\n",
        customers = dir.path().join("customers.csv"),
        subscriptions = dir.path().join("subscriptions.csv"),
    );
    let path = dir.path().join("vitals.toml");
    std::fs::write(&path, config).unwrap();
    let path = path.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "run",
            "--config",
            path,
            "--set",
            "enterprise",
            "--from",
            "2026-01",
            "--to",
            "2026-03",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        vitals(&args)
    };
    let out = run(&[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["where"], serde_json::json!({"segment": ["enterprise"]}));
    assert_eq!(values(&doc, "mrr"), ["50", "50"]);
    // --where adds to the set's filter: enterprise customers hold no pro subscription
    let out = run(&["--where", "plan=basic,pro"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        doc["where"],
        serde_json::json!({"plan": ["basic", "pro"], "segment": ["enterprise"]})
    );
    assert_eq!(values(&doc, "mrr"), ["50", "50"]);
    // two filters on one dimension keep the values both name, and none is an error
    let out = run(&["--where", "segment=smb"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: the filters on segment (from --where, [run] where and the selected sets) share no value\n"
    );
}
