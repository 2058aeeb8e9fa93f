//! Datasets in PostgreSQL, on a real server (`vitals_tests::postgres`: initdb in a temporary
//! folder, 127.0.0.1 and a free port, stopped when the test ends). `vitals` runs as a process
//! of its own here, since the connection string reaches it only through its environment.

use crate::demo::small_demo;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use vitals_core::{ColumnType, registry};
use vitals_tests::postgres::{Postgres, free_port, wait_bounded};
use vitals_tests::{redact, vitals};

/// `vitals ARGS…` as its own process, with `VITALS_PG_URL` set to `url`, bounded in time.
fn vitals_with(url: &str, args: &[&str]) -> vitals_tests::Output {
    let child = Command::new(env!("CARGO_BIN_EXE_vitals-under-test"))
        .args(args)
        .env("VITALS_PG_URL", url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start vitals");
    let output = wait_bounded(child, Duration::from_secs(300)).expect("vitals finishes");
    vitals_tests::Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 output"),
    }
}

/// Datasets stored with PostgreSQL's native types; the others are stored as text only.
const NATIVE: &[&str] = &[
    "customers",
    "subscriptions",
    "orders",
    "events",
    "survey_responses",
    "tickets",
    "work_items",
    "deployments",
    "capacity",
    "market_sizes",
];

/// The PostgreSQL type a demo column is stored as.
fn column_type(dataset: &str, column: &str, native: bool) -> &'static str {
    let spec = registry().unwrap().dataset(dataset).unwrap();
    let Some(col) = spec.column(column).filter(|_| native) else {
        return "text";
    };
    match (col.ty, dataset, column) {
        // Both kinds of timestamp, and both widths of integer.
        (ColumnType::Ts, "events", _) => "timestamp",
        (ColumnType::Ts, ..) => "timestamptz",
        (ColumnType::Date, ..) => "date",
        (ColumnType::Dec, ..) => "numeric",
        (ColumnType::Int, "survey_responses", _) => "integer",
        (ColumnType::Int, ..) => "bigint",
        (ColumnType::Bool, ..) => "boolean",
        (ColumnType::Str, ..) => "text",
    }
}

/// The SQL that loads the demo company's CSV files in `demo` into schema `shop`; orders'
/// `gross_amount` is stored as `"Total"` (the config maps it back).
fn load_demo_sql(demo: &Path) -> String {
    let mut sql = String::from("CREATE SCHEMA shop;\n");
    for spec in registry().unwrap().datasets() {
        let file = demo.join(format!("{}.csv", spec.id));
        let header = std::fs::read_to_string(&file).unwrap();
        let header = header.lines().next().unwrap();
        let native = NATIVE.contains(&spec.id);
        let columns: Vec<String> = header
            .split(',')
            .map(|c| {
                let name = if spec.id == "orders" && c == "gross_amount" {
                    "Total"
                } else {
                    c
                };
                format!("\"{name}\" {}", column_type(spec.id, c, native))
            })
            .collect();
        sql.push_str(&format!(
            "CREATE TABLE shop.{} ({});\n\\copy shop.{} FROM '{}' WITH (FORMAT csv, HEADER true)\n",
            spec.id,
            columns.join(", "),
            spec.id,
            file.display()
        ));
    }
    sql
}

/// The demo's config with every dataset read from PostgreSQL: tables, but deals through a
/// query, and orders' amount through a column mapping.
fn postgres_config(demo_config: &Path) -> String {
    let text = std::fs::read_to_string(demo_config).unwrap();
    let mut config: toml::Table = toml::from_str(&text).unwrap();
    let demo_datasets = config["datasets"].as_table().unwrap().clone();
    let mut datasets = toml::Table::new();
    for spec in registry().unwrap().datasets() {
        let mut d = toml::Table::new();
        // The span each export covers stays as the demo declares it.
        for key in ["covers_from", "covers_to"] {
            if let Some(v) = demo_datasets[spec.id].get(key) {
                d.insert(key.into(), v.clone());
            }
        }
        d.insert("postgres".into(), "env:VITALS_PG_URL".into());
        if spec.id == "deals" {
            d.insert(
                "query".into(),
                "SELECT deal_id, created_at, amount, probability, status, closed_at FROM shop.deals".into(),
            );
        } else {
            d.insert("table".into(), format!("shop.{}", spec.id).into());
        }
        if spec.id == "orders" {
            let mut columns = toml::Table::new();
            columns.insert("gross_amount".into(), "Total".into());
            d.insert("columns".into(), columns.into());
        }
        datasets.insert(spec.id.to_string(), d.into());
    }
    config.insert("datasets".into(), datasets.into());
    toml::to_string(&config).unwrap()
}

#[test]
fn the_demo_company_read_from_postgres_gives_the_numbers_of_its_csv_files() {
    let (demo, config) = small_demo("0.05");
    let server = Postgres::start();
    server.psql(&load_demo_sql(demo.path()));
    let pg_config = demo.path().join("postgres.toml");
    std::fs::write(&pg_config, postgres_config(&config)).unwrap();
    let (csv, pg) = (config.to_str().unwrap(), pg_config.to_str().unwrap());
    let url = server.url();

    let checked = vitals_with(&url, &["check", "--config", pg]);
    assert_eq!(checked.code, 0, "{}\n{}", checked.stderr, server.log());
    assert!(
        checked
            .stdout
            .contains("rows from postgres table shop.orders"),
        "{}",
        checked.stdout
    );
    assert!(
        checked.stdout.contains("rows from postgres query"),
        "{}",
        checked.stdout
    );
    let from_csv = vitals(&["run", "--set", "all", "--format", "json", "--config", csv]);
    assert_eq!(from_csv.code, 0, "{}", from_csv.stderr);
    let from_pg = vitals_with(
        &url,
        &["run", "--set", "all", "--format", "json", "--config", pg],
    );
    assert_eq!(from_pg.code, 0, "{}", from_pg.stderr);
    let csv_report: serde_json::Value = serde_json::from_str(&from_csv.stdout).unwrap();
    let pg_report: serde_json::Value = serde_json::from_str(&from_pg.stdout).unwrap();
    let metrics = csv_report["metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 106, "every metric of the catalogue");
    // Value by value, so that a difference names its metric and period.
    for (a, b) in metrics.iter().zip(pg_report["metrics"].as_array().unwrap()) {
        assert_eq!(a["id"], b["id"]);
        assert_eq!(a["values"], b["values"], "{}", a["id"]);
    }
    assert_eq!(pg_report, csv_report);

    // Prepared from the database, a run needs no server.
    let out = demo.path().join("prepared");
    let prepared = vitals_with(
        &url,
        &["prepare", "--config", pg, "--out", out.to_str().unwrap()],
    );
    assert_eq!(prepared.code, 0, "{}", prepared.stderr);
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"url_env\": \"VITALS_PG_URL\""),
        "{manifest}"
    );
    assert!(
        !manifest.contains(&url),
        "the connection string is never written"
    );
    let from_prepared = vitals_with(
        "postgresql://nobody@127.0.0.1:1/none",
        &[
            "run",
            "--set",
            "all",
            "--format",
            "json",
            "--prepared",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(from_prepared.code, 0, "{}", from_prepared.stderr);
    assert_eq!(from_prepared.stdout, from_pg.stdout);
}

/// Tables with one defect each, in schema `bad`.
const BAD_TABLES: &str = "
CREATE SCHEMA bad;
CREATE TABLE bad.orders_null (order_id text, customer_id text, ordered_at timestamptz, gross_amount numeric);
INSERT INTO bad.orders_null VALUES ('o1', 'c1', '2026-01-05 10:00:00+00', 10), ('o2', 'c1', '2026-01-06 10:00:00+00', NULL);
CREATE TABLE bad.orders_interval (order_id text, customer_id text, ordered_at interval, gross_amount numeric);
INSERT INTO bad.orders_interval VALUES ('o1', 'c1', '1 day', 10);
CREATE TABLE bad.orders_text (order_id text, customer_id text, ordered_at text, gross_amount text);
INSERT INTO bad.orders_text VALUES ('o1', 'c1', '2026-01-05', '10'), ('o2', 'c1', '2026-01-06', 'twelve');
CREATE TABLE bad.orders_nan (order_id text, customer_id text, ordered_at timestamptz, gross_amount numeric);
INSERT INTO bad.orders_nan VALUES ('o1', 'c1', '2026-01-05 10:00:00+00', 'NaN');
CREATE TABLE bad.orders_no_customer (order_id text, ordered_at timestamptz, gross_amount numeric);
";

/// A config reading orders from `relation` (`table = …` or `query = …`).
fn orders_config(dir: &Path, relation: &str) -> String {
    let path = dir.join(format!("vitals-{}.toml", free_port()));
    std::fs::write(
        &path,
        format!("[datasets.orders]\npostgres = \"env:VITALS_PG_URL\"\n{relation}\n"),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn bad_postgres_input_fails_with_a_message_that_names_table_row_and_column() {
    let server = Postgres::start();
    server.psql(BAD_TABLES);
    let dir = tempfile::tempdir().unwrap();
    let url = server.url();
    let check = |url: &str, relation: &str| {
        let config = orders_config(dir.path(), relation);
        let out = vitals_with(url, &["check", "--config", &config]);
        assert_eq!(out.code, 1, "{relation}: {}", out.stdout);
        // The problem's lines, below `problem orders:`.
        redact(&out.stdout, dir.path())
            .lines()
            .filter(|l| l.starts_with("  "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let cases = [
        (
            "table = \"bad.orders_null\"",
            "orders (postgres table bad.orders_null) row 2, column gross_amount: expected a decimal number such as 12.50, found an empty value",
        ),
        (
            "table = \"bad.orders_interval\"",
            "orders (postgres table bad.orders_interval), column ordered_at: expected a timestamp (RFC 3339, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD), found PostgreSQL type interval; use timestamptz, timestamp, date or text, or cast it in a query",
        ),
        (
            "table = \"bad.orders_text\"",
            "orders (postgres table bad.orders_text) row 2, column gross_amount: expected a decimal number such as 12.50, found `twelve`",
        ),
        (
            "table = \"bad.orders_nan\"",
            "orders (postgres table bad.orders_nan) row 1, column gross_amount: expected a decimal number such as 12.50, found NaN",
        ),
        (
            "table = \"bad.nope\"",
            "orders (postgres table bad.nope): cannot read the table: relation \"bad.nope\" does not exist",
        ),
        (
            "table = \"bad.orders_no_customer\"",
            "orders (postgres table bad.orders_no_customer), column customer_id: missing required column `customer_id`; the table has: order_id, ordered_at, gross_amount",
        ),
        (
            "query = \"SELECT nonsense FROM bad.orders_null\"",
            "orders (postgres query): the query fails: column \"nonsense\" does not exist",
        ),
    ];
    let found: Vec<String> = cases.iter().map(|(r, _)| check(&url, r)).collect();
    let expected: Vec<String> = cases.iter().map(|(_, e)| format!("  {e}")).collect();
    assert_eq!(found, expected);

    // A wrong password: refused by the server, and never printed.
    let wrong = "not-the-Pa55word";
    let refused = check(
        &server.url_with_password(wrong),
        "table = \"bad.orders_null\"",
    );
    assert_eq!(
        refused,
        format!(
            "  orders (postgres table bad.orders_null): cannot connect to PostgreSQL at postgres@127.0.0.1:{}/postgres: password authentication failed for user \"postgres\"",
            server.port
        )
    );
    assert!(!refused.contains(wrong));

    // No server at that address: refused at once, well within the connect timeout.
    let port = free_port();
    let started = Instant::now();
    let unreachable = check(
        &format!("postgresql://postgres:{wrong}@127.0.0.1:{port}/postgres"),
        "table = \"bad.orders_null\"",
    );
    assert!(started.elapsed() < Duration::from_secs(10), "{unreachable}");
    assert_eq!(
        unreachable,
        format!(
            "  orders (postgres table bad.orders_null): cannot connect to PostgreSQL at postgres@127.0.0.1:{port}/postgres: error connecting to server: Connection refused (os error 111)"
        )
    );
    assert!(!unreachable.contains(wrong));
}
