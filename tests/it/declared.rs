//! Metrics declared in vitals.toml: sql, ratio and formula kinds end to end, and their errors.

use vitals_tests::{folder, redact, vitals};

const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount,discount\n\
o1,c1,2026-01-01,100,10\n\
o2,c2,2026-02-10,250,0\n\
o3,c1,2026-03-31 23:59:59,50,\n";

const DECLARED: &str = r#"
[datasets.orders]
path = "orders.csv"

[metrics.big_orders]
kind = "sql"
name = "Big orders"
unit = "count"
direction = "higher_is_better"
requires = ["orders"]
sql = """
SELECT p.label, COUNT(*) FROM orders o
JOIN periods p ON o.ordered_at >= p.start AND o.ordered_at < p."end"
WHERE o.gross_amount >= 100 GROUP BY p.label
"""

[metrics.net_share]
kind = "ratio"
numerator = "net_revenue"
denominator = "gross_revenue"
unit = "percent"
direction = "higher_is_better"

[metrics.doubled_gap]
kind = "formula"
formula = "(gross_revenue − net_revenue) × 2 + big_orders"
unit = "currency"

[sets.mine]
metrics = ["big_orders", "net_share", "doubled_gap"]

[targets]
big_orders = { min = "1" }
"#;

fn run(config: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = folder(&[("orders.csv", ORDERS), ("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let mut args = vec!["run", "--config", cfg.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = vitals(&args);
    (out.code, out.stdout, redact(&out.stderr, dir.path()))
}

fn values(json: &serde_json::Value, id: &str) -> Vec<String> {
    let m = json["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap();
    m["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            v["value"]
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| format!("null ({})", v["note"].as_str().unwrap_or("")))
        })
        .collect()
}

#[test]
fn each_kind_runs_like_a_built_in_metric() {
    let (code, out, err) = run(DECLARED, &["--set", "mine"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // sql: orders of 100 or more per period (March has none, so no row: null).
    assert_eq!(
        values(&json, "big_orders"),
        [
            "1",
            "1",
            "null (the query returned no value for this period)"
        ]
    );
    // ratio: net ÷ gross.
    assert_eq!(values(&json, "net_share"), ["0.9", "1", "1"]);
    // formula: (100 − 90) × 2 + 1; (250 − 250) × 2 + 1; March lacks big_orders.
    assert_eq!(
        values(&json, "doubled_gap"),
        [
            "21",
            "1",
            "null (`big_orders` has no value: the query returned no value for this period)"
        ]
    );
    let big = json["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "big_orders")
        .unwrap();
    assert_eq!(
        (big["unit"].as_str(), big["status"].as_str()),
        (Some("count"), Some("no_value"))
    );
}

#[test]
fn declared_metrics_are_listed_and_described() {
    let dir = folder(&[("orders.csv", ORDERS), ("vitals.toml", DECLARED)]);
    let cfg = dir.path().join("vitals.toml");
    let list = vitals(&[
        "list",
        "--family",
        "custom",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(
        list.stdout.contains("big_orders")
            && list.stdout.contains("doubled_gap")
            && list.stdout.ends_with("3 metrics\n"),
        "{}",
        list.stdout
    );
    let describe = vitals(&["describe", "doubled_gap", "--config", cfg.to_str().unwrap()]);
    assert!(
        describe
            .stdout
            .contains("depends on  gross_revenue, net_revenue, big_orders"),
        "{}",
        describe.stdout
    );
    // Without the config (and no vitals.toml where the tests run), the error says why.
    let unknown = vitals(&["describe", "net_share"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr,
        "error: unknown metric `net_share`; did you mean `net_margin`? (a metric declared in a vitals.toml is known only with --config FILE, or in the folder of ./vitals.toml)\n"
    );
    // In the table, a declared metric without a name is named by its id once.
    let table = vitals(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--metric",
        "net_share",
        "--from",
        "2026-01",
        "--to",
        "2026-04",
        "--wide",
    ]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("│ net_share "), "{}", table.stdout);
    assert!(
        !table.stdout.contains("net_share (net_share)"),
        "{}",
        table.stdout
    );
}

#[test]
fn bad_declarations_get_clear_errors() {
    let cases = [
        (
            "[metrics.x]\nkind = \"ratio\"\nnumerator = \"net_revenu\"\ndenominator = \"gross_revenue\"\n",
            &["--metric", "x"][..],
            "metric `x` depends on unknown metric `net_revenu`; did you mean `net_revenue`?",
        ),
        (
            "[metrics.x]\nkind = \"formula\"\nformula = \"gross_revenue +\"\n",
            &["--metric", "x"][..],
            "[metrics.x]: formula `gross_revenue +` at character 16: expected a number, a metric id or `(`, found the end",
        ),
        (
            "[metrics.a]\nkind = \"formula\"\nformula = \"b + 1\"\n[metrics.b]\nkind = \"formula\"\nformula = \"a * 2\"\n",
            &["--metric", "a"][..],
            "dependency cycle: a -> b -> a",
        ),
        (
            "[metrics.x]\nkind = \"sql\"\nrequires = [\"orders\"]\nsql = \"SELECT idx, 1, 2 FROM periods\"\n",
            &["--metric", "x"][..],
            "metric `x`: the query returned 3 columns (idx, Int64(1), Int64(2)); expected 2: the period (periods.idx or periods.label) and the value",
        ),
        (
            "[metrics.x]\nkind = \"sums\"\n",
            &["--metric", "x"][..],
            "[metrics.x]: unknown kind `sums`: expected sql, ratio or formula",
        ),
        (
            "[metrics.mrr]\nkind = \"formula\"\nformula = \"1\"\n",
            &["--metric", "mrr"][..],
            "[metrics.mrr]: duplicate metric id `mrr`",
        ),
    ];
    for (declaration, args, expected) in cases {
        let config = format!("[datasets.orders]\npath = \"orders.csv\"\n{declaration}");
        let (code, _, err) = run(&config, args);
        assert_ne!(code, 0, "{declaration}");
        assert!(
            err.contains(expected),
            "{declaration}\nexpected: {expected}\nfound: {err}"
        );
    }
}

#[test]
fn vitals_check_runs_declared_sql_and_names_what_fails() {
    let dir = vitals_tests::workspace_root().join("tests/fixtures/bad-input/sql-recursive");
    let out = vitals_tests::vitals(&[
        "check",
        "--config",
        dir.join("vitals.toml").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "problem metric forever:\n  metric `forever`: query failed: metric SQL cannot be recursive (WITH RECURSIVE): a recursive query can run without end\n"
        ),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr, "error: 2 declared metric(s) have problems\n");
    let dir =
        vitals_tests::workspace_root().join("tests/fixtures/bad-input/sql-two-rows-per-period");
    let out = vitals_tests::vitals(&[
        "check",
        "--config",
        dir.join("vitals.toml").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("ok      metric order_amounts: runs\n"),
        "{}",
        out.stdout
    );
}
