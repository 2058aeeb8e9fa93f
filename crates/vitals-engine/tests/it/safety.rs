use crate::engine_with_orders;
use vitals_core::QueryEngine;
use vitals_engine::Engine;

/// An engine with one order loaded (the folder lives as long as the engine is used).
fn engine_with_one_order() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.csv");
    std::fs::write(
        &path,
        "order_id,customer_id,ordered_at,gross_amount\na,c,2026-01-01,1\n",
    )
    .unwrap();
    let engine = engine_with_orders(&path).unwrap();
    (dir, engine)
}

fn refused(sql: &str) -> String {
    let (_dir, engine) = engine_with_one_order();
    engine
        .query(sql)
        .err()
        .map(|e| vitals_core::error_chain(&e))
        .unwrap_or_else(|| panic!("`{sql}` was allowed"))
}

#[test]
fn a_failed_query_keeps_datafusions_error_as_its_cause() {
    let (_dir, engine) = engine_with_one_order();
    let err = engine
        .query("SELECT no_such_column FROM orders")
        .unwrap_err();
    assert_eq!(err.to_string(), "query failed");
    let sql = std::error::Error::source(&err).expect("the engine's error is kept");
    assert_eq!(sql.to_string(), "SQL `SELECT no_such_column FROM orders`");
    let datafusion = sql
        .source()
        .expect("DataFusion's error is kept")
        .to_string();
    assert!(datafusion.contains("no_such_column"), "{datafusion}");
    assert_eq!(
        vitals_core::error_chain(&err),
        format!("query failed: SQL `SELECT no_such_column FROM orders`: {datafusion}")
    );
}

#[test]
fn ddl_dml_and_statements_are_refused() {
    for sql in [
        "CREATE TABLE x AS SELECT 1",
        "DROP TABLE orders",
        "CREATE EXTERNAL TABLE x STORED AS CSV LOCATION '/etc/passwd'",
        "INSERT INTO orders SELECT * FROM orders",
        "COPY orders TO '/tmp/vitals-copy-test.csv'",
        "SET datafusion.execution.batch_size = 1",
    ] {
        let err = refused(sql);
        let word = sql.split_whitespace().next().unwrap();
        assert!(
            err.contains(&format!(
                "metric SQL must be one SELECT (or WITH) query over the registered tables; `{word}` statements are refused"
            )),
            "{sql}: {err}"
        );
    }
    assert!(!std::path::Path::new("/tmp/vitals-copy-test.csv").exists());
}

#[test]
fn files_cannot_be_read_by_path() {
    for (sql, table) in [
        ("SELECT * FROM '/etc/passwd'", "/etc/passwd"),
        ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
        (
            "SELECT * FROM orders JOIN 'data.parquet' USING (order_id)",
            "data.parquet",
        ),
    ] {
        let err = refused(sql);
        assert!(
            err.ends_with(&format!("unknown table `{table}`: metric SQL reads only the registered tables (days, orders, periods); files cannot be read by path")),
            "{sql}: {err}"
        );
    }
}
