//! Bad input: every case gives a clear message naming the file, row, column or key, and a
//! non-zero exit, never a panic.

use vitals_tests::{folder, redact, vitals};

const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount\no1,c1,2026-01-05,100\n";

fn run_data(files: &[(&str, &str)], extra: &[&str]) -> (i32, String) {
    let dir = folder(files);
    let mut args = vec!["run", "--data", dir.path().to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = vitals(&args);
    (out.code, redact(&out.stderr, dir.path()))
}

#[test]
fn unknown_names_are_usage_errors_with_suggestions() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--metric", "gross_revenu"],
            "error: unknown metric `gross_revenu`; did you mean `gross_revenue`?\n",
        ),
        (
            &["--set", "engineering-qualty"],
            "error: unknown set `engineering-qualty`; did you mean `engineering-quality`?\n",
        ),
        (
            &["--family", "product-mgmt"],
            "error: unknown family `product-mgmt`; did you mean `product-management`?\n",
        ),
        (
            &["--grain", "mnth"],
            "error: unknown grain `mnth`; did you mean `month`?\n",
        ),
    ];
    for (args, expected) in cases {
        let (code, err) = run_data(&[("orders.csv", ORDERS)], args);
        assert_eq!((code, err.as_str()), (2, expected));
    }
}

#[test]
fn empty_range_is_a_usage_error() {
    let (code, err) = run_data(
        &[("orders.csv", ORDERS)],
        &["--from", "2026-03-01", "--to", "2026-01-01"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: empty range: --from 2026-03-01 is not before --to 2026-01-01\n"
    );
}

#[test]
fn unknown_param_is_a_usage_error() {
    let (code, err) = run_data(&[("orders.csv", ORDERS)], &["--param", "nope=1"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: unknown param `nope`"), "{err}");
}

#[test]
fn wrong_type_names_file_line_and_column() {
    let orders = "order_id,customer_id,ordered_at,gross_amount\no1,c1,2026-01-05,100\no2,c1,2026-01-06,abc\n";
    let (code, err) = run_data(&[("orders.csv", orders)], &["--metric", "gross_revenue"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: [dir]/orders.csv line 3, column gross_amount: expected a decimal number such as 12.50, found `abc`\n"
    );
}

#[test]
fn missing_required_column_is_named() {
    let orders = "order_id,customer_id,ordered_at,amount\no1,c1,2026-01-05,100\n";
    let (code, err) = run_data(&[("orders.csv", orders)], &["--metric", "gross_revenue"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: [dir]/orders.csv line 1, column gross_amount: missing required column `gross_amount`; the file has: order_id, customer_id, ordered_at, amount\n"
    );
}

#[test]
fn missing_file_is_named() {
    let config = "[datasets.orders]\npath = \"nowhere.csv\"\n";
    let dir = folder(&[("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let out = vitals(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--metric",
        "gross_revenue",
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(
        redact(&out.stderr, dir.path()),
        "error: [dir]/nowhere.csv: file not found (dataset orders)\n"
    );
}

#[test]
fn unknown_config_keys_are_named() {
    let config = "[datasets.orders]\npath = \"orders.csv\"\n\n[run]\ngrian = \"week\"\n";
    let dir = folder(&[("vitals.toml", config), ("orders.csv", ORDERS)]);
    let cfg = dir.path().join("vitals.toml");
    let out = vitals(&["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    let err = redact(&out.stderr, dir.path());
    assert!(
        err.contains("[dir]/vitals.toml")
            && err.contains("unknown field `grian`")
            && err.contains("`grain`"),
        "{err}"
    );
    let config = "[datasets.order]\npath = \"orders.csv\"\n";
    let dir = folder(&[("vitals.toml", config), ("orders.csv", ORDERS)]);
    let cfg = dir.path().join("vitals.toml");
    let out = vitals(&["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("[datasets.order]: unknown dataset `order`; did you mean `orders`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn check_reports_every_problem_in_a_file() {
    let orders = "order_id,customer_id,ordered_at,gross_amount,quantity,returned_quantity\n\
o1,c1,2026-01-05,100,1,0\n\
o2,c1,yesterday,100,1,0\n\
o1,c2,2026-01-07,-5,1,0\n\
o4,c2,2026-01-08,10,1,2\n";
    let dir = folder(&[("orders.csv", orders)]);
    let out = vitals(&["check", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(redact(&out.stdout, dir.path()));
}

#[test]
fn check_lists_fifty_problems_a_file_and_counts_the_rest() {
    let mut orders = String::from("order_id,customer_id,ordered_at,gross_amount\n");
    for i in 0..62 {
        orders.push_str(&format!("o{i},c1,2026-01-05,minus{i}\n"));
    }
    let dir = folder(&[("orders.csv", &orders)]);
    let out = vitals(&["check", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 1);
    let stdout = redact(&out.stdout, dir.path());
    let listed = stdout
        .matches("column gross_amount: expected a decimal")
        .count();
    assert_eq!(listed, 50, "{stdout}");
    assert!(stdout.contains("line 2, column gross_amount"), "{stdout}");
    assert!(stdout.contains("line 51, column gross_amount"), "{stdout}");
    assert!(!stdout.contains("line 52, column"), "{stdout}");
    assert!(
        stdout.contains("[dir]/orders.csv: … and 12 more problems"),
        "{stdout}"
    );
}
