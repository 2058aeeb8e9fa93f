//! The limit every query runs within: a query that needs more working memory than
//! `--memory-limit` fails with an error naming the metric and the limit instead of taking the
//! machine.

use vitals_tests::{folder, vitals};

/// 2,000 orders of 50 customers, and a declared metric that joins them with themselves.
fn company() -> tempfile::TempDir {
    let mut orders = String::from("order_id,customer_id,ordered_at,gross_amount\n");
    for i in 0..2000 {
        orders.push_str(&format!(
            "o{i},c{},2026-01-{:02},{}\n",
            i % 50,
            1 + i % 28,
            i % 100
        ));
    }
    let config = r#"[datasets.orders]
path = "orders.csv"

[metrics.pairs]
kind = "sql"
requires = ["orders"]
unit = "count"
sql = "SELECT p.idx, COUNT(*) FROM periods p JOIN orders a ON a.ordered_at >= p.start AND a.ordered_at < p.\"end\" JOIN orders b ON a.customer_id = b.customer_id GROUP BY p.idx"

"#;
    folder(&[("orders.csv", &orders), ("vitals.toml", config)])
}

fn run(dir: &tempfile::TempDir, extra: &[&str]) -> vitals_tests::Output {
    let config = dir.path().join("vitals.toml");
    let mut args = vec![
        "run",
        "--config",
        config.to_str().unwrap(),
        "--from",
        "2026-01",
        "--to",
        "2026-02",
    ];
    args.extend_from_slice(extra);
    vitals(&args)
}

#[test]
fn a_query_past_the_memory_limit_fails_naming_the_metric_and_the_limit() {
    let dir = company();
    let out = run(&dir, &["--metric", "pairs", "--memory-limit", "16KiB"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(
        out.stderr,
        "error: metric `pairs`: query failed: the query needs more working memory than the limit of 16 KiB (--memory-limit or [run] memory_limit)\n"
    );
    // Within the default limit it runs: 2,000 orders × 40 of the same customer each.
    let out = run(&dir, &["--metric", "pairs", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("pairs,,2026-01,80000,count,"),
        "{}",
        out.stdout
    );
}

#[test]
fn bad_limits_are_usage_errors() {
    let dir = company();
    let out = run(&dir, &["--metric", "pairs", "--memory-limit", "lots"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: memory limit `lots`: expected a size such as 4GiB, 512MiB or 50% (of this machine's memory)\n"
    );
    let out = run(&dir, &["--metric", "pairs", "--query-timeout", "0"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: query timeout `0`: expected a time such as 90 (seconds), 90s, 5min or 1h\n"
    );
}

#[test]
fn a_query_past_the_time_limit_is_stopped_naming_the_metric_and_the_limit() {
    let dir = company();
    // Within a generous limit the self-join finishes; the flag wins over [run].
    let out = run(
        &dir,
        &[
            "--metric",
            "pairs",
            "--query-timeout",
            "2min",
            "--format",
            "csv",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Five cross joins of the run's days: about 10^12 rows, stopped after 300 ms.
    let config = dir.path().join("vitals.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "JOIN orders b ON a.customer_id = b.customer_id",
        "CROSS JOIN days d1 CROSS JOIN days d2 CROSS JOIN days d3 CROSS JOIN days d4 CROSS JOIN days d5 WHERE d1.day <> d5.day",
    );
    std::fs::write(&config, text).unwrap();
    let started = std::time::Instant::now();
    let out = run(&dir, &["--metric", "pairs", "--query-timeout", "300ms"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(
        out.stderr,
        "error: metric `pairs`: query failed: the query ran longer than the time limit of 300 ms (--query-timeout or [run] query_timeout)\n"
    );
    // Stopped, not waited for: the process ends soon after the limit.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}
