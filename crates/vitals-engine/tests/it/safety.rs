use crate::engine_with_orders;
use vitals_core::QueryEngine;

fn refused(sql: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.csv");
    std::fs::write(
        &path,
        "order_id,customer_id,ordered_at,gross_amount\na,c,2026-01-01,1\n",
    )
    .unwrap();
    let engine = engine_with_orders(&path).unwrap();
    engine
        .query(sql)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("`{sql}` was allowed"))
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
        assert!(
            err.contains("not supported")
                || err.contains("Unsupported")
                || err.contains("not allowed"),
            "{sql}: {err}"
        );
    }
    assert!(!std::path::Path::new("/tmp/vitals-copy-test.csv").exists());
}

#[test]
fn files_cannot_be_read_by_path() {
    for sql in [
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM read_csv('/etc/passwd')",
    ] {
        let err = refused(sql);
        assert!(
            err.contains("not found")
                || err.contains("Invalid function")
                || err.contains("not exist"),
            "{sql}: {err}"
        );
    }
}
